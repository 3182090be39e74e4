"""Classroom mode in the window, one module per screen: the menu and setup, the hand-over
between teams, a team's turn, the class summary, the facilitator's view, the end (debrief
export) and branching. The class game itself is ``game.play.classroom``; these only draw it.
Importing this package adds the title's "Classroom" entry and its way back to a class game;
``load()`` imports the screens (``game.ui.front`` defers it past the title's first frame)."""

import importlib
import pkgutil

from game.ui import nav

nav.TITLE_ENTRIES.append(("Classroom", "K", "class_menu"))


def load():
    """Import every classroom screen module (each registers its screens)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def _back_to_class(app):
    """The title's way back to a class game left with Esc/Menu (the hand-over, a team's turn)."""
    c = getattr(app, "classroom", None)
    if c is None or c.model.is_over():
        return None
    from game.ui.classroom import common

    return ("Back to the class game", "C", lambda: common.show_class(app))


nav.TITLE_RESUMES.append(_back_to_class)
