"""Screens by name. Screens lead to one another in circles (the title opens the turn, the turn
goes back to the title), so they name each other here instead of importing each other: each
screen class registers itself when its module is imported (``game.ui.front`` imports them all).
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


def screen(name):
    """Class decorator: register a screen under ``name``."""

    def register(cls):
        SCREENS[name] = cls
        return cls

    return register


def make(app, name, *args):
    return SCREENS[name](app, *args)


def show(app, name, *args):
    """Show a new screen ``name`` (built with ``app`` and ``args``)."""
    app.show(make(app, name, *args))
