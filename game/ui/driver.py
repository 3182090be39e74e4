"""Drive the window with real input events (posted to pygame's queue), for tests, the
screenshot command and the benchmark. Nothing here reaches into the model: a click is a
MOUSEBUTTONDOWN/UP at a button's centre, a key is a KEYDOWN/UP."""

import os

import pygame

from game.ui.front import open_window

KEYS = {
    "Enter": pygame.K_RETURN,
    "Esc": pygame.K_ESCAPE,
    "Space": pygame.K_SPACE,
    "Up": pygame.K_UP,
    "Down": pygame.K_DOWN,
    "Left": pygame.K_LEFT,
    "Right": pygame.K_RIGHT,
    "Backspace": pygame.K_BACKSPACE,
    "Tab": pygame.K_TAB,
    "PageUp": pygame.K_PAGEUP,
    "PageDown": pygame.K_PAGEDOWN,
}


def key_event(label):
    """'Ctrl+S' -> (key code, modifiers, unicode)."""
    mod = 0
    if label.startswith("Ctrl+"):
        mod, label = pygame.KMOD_LCTRL, label[5:]
    elif label.startswith("Shift+"):
        mod, label = pygame.KMOD_LSHIFT, label[6:]
    if label in KEYS:
        return KEYS[label], mod, ""
    ch = label.lower()
    return pygame.key.key_code(ch), mod, ch if not mod else ""


class Driver:
    def __init__(self, app, frames_per_input=2):
        self.app = app
        self.n = frames_per_input

    def frames(self, n=None):
        for _ in range(self.n if n is None else n):
            self.app.tick()

    def settle(self):
        """Wait out the new screen's input guard (as a person would), so the input counts."""
        for _ in range(120):
            if self.app.input_ready():
                return
            self.app.tick()

    def post_click(self, pos, button=1):
        pos = (int(pos[0]), int(pos[1]))
        pygame.mouse.set_pos(pos)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))

    def click(self, target, frames=None, settle=True):
        """Click a pygame_gui element (at its centre) or a position; ``settle``: first wait out
        the screen's input guard (False: click at once, like a fast double click)."""
        pos = target.rect.center if hasattr(target, "rect") else target
        if settle:
            self.settle()
        self.post_click(pos)
        self.frames(frames)

    def post_key(self, label):
        code, mod, uni = key_event(label)
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=uni, scancode=0)
        )
        pygame.event.post(
            pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=uni, scancode=0)
        )

    def key(self, label, frames=None, settle=True):
        if settle:
            self.settle()
        self.post_key(label)
        self.frames(frames)

    def hover(self, target):
        pos = target.rect.center if hasattr(target, "rect") else target
        pygame.mouse.set_pos(pos)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )
        self.frames()

    def resize(self, size):
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        self.frames()

    def button(self, text):
        """The first button of the current screen whose label starts with ``text``."""
        for element in self.app.screen.actions:
            if getattr(element, "text", "").startswith(text) and element.alive():
                return element
        raise LookupError(f"no button {text!r} on {type(self.app.screen).__name__}")

    def screen(self):
        return type(self.app.screen).__name__


def headless_app(directory, size=(1280, 720), **defaults):
    """A window under SDL's dummy video driver, at the title screen (tests, shots, benchmarks)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # read when the window opens
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    app = open_window(size=size, directory=directory, defaults=defaults)
    app.tick()
    return app
