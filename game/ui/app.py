"""The window, the event loop and the screen base class.

``App.tick()`` handles the queued events, updates and draws one frame; ``App.run()`` loops it.
Tests and the screenshot command drive the same ``tick`` with posted mouse and key events.
Each screen builds its pygame_gui widgets for the current window size (and rebuilds them on a
resize) and paints what the game draws itself onto a cached background layer that is
repainted only when something on it changed.
"""

import json
import os
import sys
import warnings

import pygame
import pygame_gui

from game.engine.errors import TightropeError
from game.engine.yamlio import read_json, write_atomic
from game.play.savedir import SETTINGS, save_dir
from game.ui import nav
from game.ui import theme as T
from game.ui.richtext import RichText

MIN_SIZE = (1024, 600)
# A new screen ignores clicks and keys this long (seconds of frame time): the second click of
# a double click, or a fast click on the button that now sits under the pointer, must not act.
INPUT_GUARD = 0.25
GUARDED = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.KEYDOWN, pygame.TEXTINPUT)
SIZES = ((1280, 720), (1600, 900), (1920, 1080))
KEY_NAMES = {
    "return": "Enter", "enter": "Enter", "escape": "Esc", "space": "Space", "tab": "Tab",
    "backspace": "Backspace", "page up": "PageUp", "page down": "PageDown",
}  # fmt: skip


def key_label(event):
    """A KEYDOWN as the label shown on buttons: 'E', 'Enter', 'Ctrl+S', 'Up', '1'."""
    name = pygame.key.name(event.key)
    name = KEY_NAMES.get(name, name.upper() if len(name) == 1 else name.title())
    if name.startswith("[") and name.endswith("]"):  # keypad digits
        name = name[1:-1]
    mods = getattr(event, "mod", 0)
    if mods & pygame.KMOD_CTRL:
        name = "Ctrl+" + name
    elif mods & pygame.KMOD_SHIFT and len(name) == 1 and name.isalpha():
        name = "Shift+" + name
    return name


class Settings:
    """Window size, hover previews, autosave; kept in <saves>/settings.json (atomic writes)."""

    FIELDS = {"size": [1280, 720], "hover_preview": True, "autosave": True}

    def __init__(self, directory=None):
        self.path = (directory or save_dir()) / SETTINGS
        self.values = dict(self.FIELDS)
        self.problem = ""  # why the file was set aside (shown on the title's status line)
        if self.path.exists():
            from game.engine.schemas import check  # (only with a settings file: fast start)

            try:
                self.values.update(check("settings", read_json(self.path), self.path))
            except TightropeError as exc:  # a convenience: the defaults, and say why
                self.problem = f"{exc}; using the default settings"

    def __getitem__(self, k):
        return self.values[k]

    def set(self, k, v):
        self.values[k] = v
        try:
            write_atomic(self.path, json.dumps(self.values))
        except OSError:
            pass  # settings are a convenience; a read-only disk must not stop the game


class Screen:
    """A screen: its widgets (pygame_gui), its shortcuts, and a cached background layer."""

    def __init__(self, app):
        self.app = app
        self.actions = {}  # UI element -> callable
        self.keys = {}  # key label -> callable
        self.bg = None
        self.dirty = True
        self.texts = []  # RichText boxes painted on the background layer
        self.main_text = None  # the box PageUp/PageDown scroll

    @property
    def manager(self):
        return self.app.manager

    @property
    def ask_on_close(self):
        """Closing the window asks first while a game is in play (the title overrides it)."""
        return self.app.session is not None or getattr(self.app, "classroom", None) is not None

    def size(self):
        return self.app.window.get_size()

    # Widgets ------------------------------------------------------------------------------
    def back_and_start(self, x, y, width, height, back, start, start_label):
        """The Back [Esc] / <start_label> [Enter] pair that closes a setup form."""
        half = width // 2 - 8
        self.button((x, y, half, height), "Back", back, "Esc", object_id="@center")
        self.button(
            (x + width // 2 + 8, y, half, height), start_label, start, "Enter", object_id="@primary"
        )

    def button(
        self,
        rect,
        label,
        action,
        key=None,
        object_id=None,
        container=None,
        tooltip=None,
        enabled=True,
    ):
        """A button whose label shows its shortcut; the shortcut and the click do the same.
        The label is ellipsized to the button (the theme's font size for that kind of button)."""
        text = f"{label}  [{key}]" if key else label
        rect = pygame.Rect(rect)
        size = {"@tab": 13, "@primary": 15}.get(object_id, 14)
        room = rect.width - T.px(8 if object_id == "@tab" else 14)
        text = T.ellipsize(text, room, size, bold=object_id == "@primary")
        b = pygame_gui.elements.UIButton(
            rect,
            text,
            self.manager,
            container=container,
            object_id=object_id,
            tool_tip_text=tooltip,
        )
        self.actions[b] = action
        if key:
            self.keys[key] = action
        if not enabled:
            b.disable()
        return b

    def text_box(self, rect, html, container=None):
        return pygame_gui.elements.UITextBox(
            html, pygame.Rect(rect), self.manager, container=container
        )

    def rich(self, rect, html, size=14, main=False):
        box = RichText(rect, html, size)
        self.texts.append(box)
        if main:
            self.main_text = box
        self.dirty = True
        return box

    def set_rich(self, box, html, keep_scroll=False):
        box.set_text(html, keep_scroll)
        self.dirty = True

    # Lifecycle ----------------------------------------------------------------------------
    def build(self):
        """Create the widgets for the current window size."""

    def rebuild(self):
        self.manager.clear_and_reset()
        self.actions, self.keys = {}, {}
        self.texts, self.main_text = [], None
        self.dirty = True
        self.build()

    def handle(self, event):
        """Events after pygame_gui has seen them. Returns True if used."""
        for box in self.texts:
            if box.handle(event):
                self.dirty = True
                return True
        if (
            event.type == pygame.KEYDOWN
            and self.main_text is not None
            and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN)
        ):
            if self.main_text.page(-1 if event.key == pygame.K_PAGEUP else 1):
                self.dirty = True
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            action = self.actions.get(event.ui_element)
            if action is not None:
                action()
                return True
        elif event.type == pygame.KEYDOWN and not self.app.typing():
            action = self.keys.get(key_label(event))
            if action is not None:
                action()
                return True
        return False

    def update(self, dt):
        """Per frame: react to model changes, hover, etc."""

    def paint(self, surface):
        """Draw the background layer (called only when dirty)."""
        surface.fill(T.BG)

    def draw(self, window):
        if self.dirty or self.bg is None or self.bg.get_size() != window.get_size():
            if self.bg is None or self.bg.get_size() != window.get_size():
                self.bg = pygame.Surface(window.get_size()).convert()
            self.paint(self.bg)
            for box in self.texts:
                box.draw(self.bg)
            self.dirty = False
        window.blit(self.bg, (0, 0))


class App:
    """The game window. ``session`` is the game in play (or None)."""

    def __init__(self, size=None, directory=None, defaults=None, autosave=None):
        # The game makes no sound: don't open an audio device (on a machine without one, SDL's
        # ALSA probe prints errors to the terminal).
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        pygame.init()
        pygame.display.set_caption("Tightrope")
        self.directory = directory or save_dir()
        self.settings = Settings(self.directory)
        if autosave is not None:
            self.settings.values["autosave"] = autosave
        size = tuple(size or self.settings["size"])
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.manager = None
        self.make_manager(size)
        self.defaults = {
            "seat": "JPN",
            "scenario": None,
            "seed": None,
            "difficulty": "normal",
            **(defaults or {}),
        }
        self.session = None
        self.report = None
        self.status = self.settings.problem
        self.running = True
        self.screen = None
        self.clock = pygame.time.Clock()
        self.frames = 0
        self.screen_age = 0.0  # seconds of frames since the current screen appeared
        self.quit_dialog = None  # the "quit?" window while it is open
        self.overlay = None  # fn(window) drawn over every screen (a networked game's link)

    # Screens -------------------------------------------------------------------------------
    def show(self, screen):
        self.screen = screen
        self.screen_age = 0.0
        self.quit_dialog = None  # rebuilt widgets: the dialog went with them
        screen.rebuild()
        return screen

    def prepare_game(self):
        """Load the game engine (Mesa, and with it scipy and pandas) when the first game
        starts, behind a "Preparing the game…" frame: the title screen appears without them."""
        if "game.play.model" in sys.modules:
            return
        w, h = self.window.get_size()
        self.window.fill(T.BG)
        T.blit_text(
            self.window, "Preparing the game…", (w // 2, h // 2 - T.px(14)), 24, align="center"
        )
        pygame.display.flip()
        from game.play import model  # noqa: F401  (the import is the point)

    def input_ready(self):
        """False for a moment after a screen appeared: its clicks and keys are ignored."""
        return self.screen_age >= INPUT_GUARD

    def say(self, message):
        """The status line at the bottom of every screen."""
        self.status = message
        if self.screen is not None:
            self.screen.dirty = True

    def typing(self):
        """True while a text entry has the keyboard (shortcuts then wait)."""
        return any(
            isinstance(e, pygame_gui.elements.UITextEntryLine)
            for e in self.manager.get_focus_set() or ()
        )

    def make_manager(self, size):
        """pygame_gui's manager with the theme at the UI scale for this window size."""
        T.set_scale(T.scale_for(size))
        self.manager = pygame_gui.UIManager(size, T.theme_dict())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pygame_gui warns about fonts it already has
            self.manager.preload_fonts(
                [
                    {"name": "noto_sans", "point_size": T.px(n), "style": st, "antialiased": "1"}
                    for n in (13, 14, 15)
                    for st in ("regular", "bold")
                ]
            )
        self.manager_scale = T.SCALE

    def resize(self, size):
        w, h = max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1])
        if (w, h) != self.window.get_size():
            self.window = pygame.display.set_mode((w, h), pygame.RESIZABLE)
        if T.scale_for((w, h)) != self.manager_scale:
            self.make_manager((w, h))
        else:
            self.manager.set_window_resolution((w, h))
        if self.screen is not None:
            self.screen.rebuild()

    # The loop ------------------------------------------------------------------------------
    # Closing the window ------------------------------------------------------------------
    def ask_quit(self):
        """The window's close button: ask first (a second close, or Enter, quits)."""
        if self.quit_dialog is not None or self.screen is None or not self.screen.ask_on_close:
            self.running = False
            return
        w, h = self.window.get_size()
        ww, wh = min(T.px(460), w - 40), T.px(190)
        win = pygame_gui.elements.UIWindow(
            pygame.Rect((w - ww) // 2, (h - wh) // 2, ww, wh), self.manager, "Quit Tightrope?"
        )
        win.set_blocking(True)
        inner = win.get_container().get_rect()
        note = "Your game is autosaved at the start of each quarter; this quarter's picks are lost."
        pygame_gui.elements.UITextBox(
            T.html_escape(note), pygame.Rect(8, 8, inner.width - 16, T.px(64)), self.manager,
            container=win,
        )  # fmt: skip
        half = (inner.width - 24) // 2
        stay = pygame_gui.elements.UIButton(
            pygame.Rect(8, inner.height - T.px(48), half, T.px(40)), "Stay  [Esc]", self.manager,
            container=win, object_id="@center",
        )  # fmt: skip
        leave = pygame_gui.elements.UIButton(
            pygame.Rect(16 + half, inner.height - T.px(48), half, T.px(40)), "Quit  [Enter]",
            self.manager, container=win, object_id="@primary",
        )  # fmt: skip
        self.quit_dialog = (win, stay, leave)

    def close_quit_dialog(self):
        if self.quit_dialog is not None:
            self.quit_dialog[0].kill()
            self.quit_dialog = None
            if self.screen is not None:
                self.screen.dirty = True

    def handle_quit_dialog(self, event):
        """While the dialog is open it has the input: Enter/its button quits, Esc/Stay/× stays."""
        win, stay, leave = self.quit_dialog
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.running = False
            elif event.key == pygame.K_ESCAPE:
                self.close_quit_dialog()
            return
        self.manager.process_events(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is leave:
                self.running = False
            elif event.ui_element is stay:
                self.close_quit_dialog()
        elif event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is win:
            self.quit_dialog = None

    def handle(self, event):
        if event.type == pygame.QUIT:
            self.ask_quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.close_quit_dialog()
            self.resize((event.w, event.h))
            return
        if event.type in GUARDED and not self.input_ready():
            return  # a click or key meant for the screen before
        if self.quit_dialog is not None:
            self.handle_quit_dialog(event)
            return
        self.manager.process_events(event)
        if self.screen is not None:
            self.screen.handle(event)

    def tick(self, dt=1 / 60):
        """One frame: events, update, draw. Returns False once the player quit."""
        if self.frames and nav.PENDING:  # the title is up: load the other screens behind it
            nav.load_pending()
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return False
        self.screen_age += dt
        self.manager.update(dt)
        if self.screen is not None:
            self.screen.update(dt)
            self.screen.draw(self.window)
        if self.overlay is not None:
            self.overlay(self.window)
        self.manager.draw_ui(self.window)
        pygame.display.flip()
        self.frames += 1
        return self.running

    def run(self):
        while self.tick(self.clock.tick(60) / 1000.0):
            pass
        pygame.quit()
        return 0
