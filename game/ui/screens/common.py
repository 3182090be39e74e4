"""What several screens share: the status line, Ctrl+S on screens that show a game, and
entering a game (a new or loaded session) in the window."""

import pygame

from game.engine.errors import TightropeError
from game.engine.yamlio import read_json
from game.ui import nav
from game.ui import theme as T


def status_line(app, surface):
    """The status message at the bottom, or just above the screen's bottom row of buttons
    (a message behind a button is no message)."""
    w, h = surface.get_size()
    if app.status:
        y = h - 24
        screen = app.screen
        tops = [
            e.rect.top
            for e in (screen.actions if screen is not None else ())
            if e.alive()
            and e.rect.bottom > y
            and e.rect.top < h
            and e.ui_container is app.manager.get_root_container()
        ]
        if tops:
            y = min(tops) - T.px(22)
        T.blit_text(surface, app.status, (12, y), 14, T.OI["yellow"], width=w - 24)


class SaveShortcut:
    """Ctrl+S saves the game on screens that show one (summary, end)."""

    def save(self):
        try:
            self.app.say(f"Saved {self.app.session.save().name}")
        except (OSError, TightropeError) as exc:
            self.app.say(f"Could not save: {exc}")

    def handle(self, event):
        ctrl_s = event.type == pygame.KEYDOWN and event.mod & pygame.KMOD_CTRL
        if ctrl_s and event.key == pygame.K_s:
            self.save()
            return True
        return super().handle(event)


def open_save(app, path):
    """Open a save: a one-player game here, a class game (several human seats) in the class."""
    if save_humans(path) > 1 and "class" in nav.LOADERS:
        return nav.LOADERS["class"](app, path)
    app.prepare_game()
    from game.play.session import Session  # (with the game, not the title: fast start)

    try:
        session = Session.load(path, app.directory)
    except TightropeError as exc:
        app.say(f"Could not load {path.name}: {exc}")
        return False
    enter_session(app, session)
    app.say(f"Loaded {path.name}: {session.model.quarter}")
    return True


def save_humans(path):
    """How many human seats a save has (0 if it can't be read: loading then says why)."""
    try:
        data = read_json(path)
    except TightropeError:
        return 0
    humans = data.get("humans") if isinstance(data, dict) else None
    return len(humans) if isinstance(humans, list) else 0


def enter_session(app, session):
    """Play ``session`` in the window: its turn screen, or the end screen if it is over."""
    app.session = session
    session.autosave_on = app.settings["autosave"]
    app.report = None
    nav.show(app, "end" if session.model.is_over() else "turn")
