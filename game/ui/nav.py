"""Screens by name. Screens lead to one another in circles (the title opens the turn, the turn
goes back to the title), so they name each other here instead of importing each other: each
screen class registers itself when its module is imported. ``game.ui.front`` imports the title's
at once and defers the rest past the first frame (fast start): ``make`` loads them on demand.
"""

SCREENS = {}  # name -> Screen class
# Extra entries on the title screen: (label, key, screen name). The classroom adds its own.
TITLE_ENTRIES = []
# Ways back into a game the title offers when one is in play: fn(app) -> (label, key, action) or
# None. The classroom adds "Back to the class game".
TITLE_RESUMES = []
# Openers for saves the one-player window doesn't play: kind -> fn(app, path). The classroom
# opens saves with several human seats.
LOADERS = {}
# Imports deferred past the title's first frame: fn() that registers more screens. The app runs
# them on its second frame; ``make`` runs them at once if it is asked for a screen not yet loaded.
PENDING = []


def load_pending():
    while PENDING:
        PENDING.pop(0)()


def screen(name):
    """Class decorator: register a screen under ``name``."""

    def register(cls):
        SCREENS[name] = cls
        return cls

    return register


def make(app, name, *args):
    if name not in SCREENS:
        load_pending()
    return SCREENS[name](app, *args)


def show(app, name, *args):
    """Show a new screen ``name`` (built with ``app`` and ``args``)."""
    app.show(make(app, name, *args))
