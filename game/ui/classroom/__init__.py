"""Classroom mode in the window, one module per screen: the menu and setup, the hand-over
between teams, a team's turn, the class summary, the facilitator's view, the end (debrief
export) and branching. The class game itself is ``game.play.classroom``; these only draw it.
Importing this package registers the screens and the title's "Classroom" entry."""

from game.ui import nav
from game.ui.classroom import (  # noqa: F401 (each registers its screens)
    branch,
    common,
    end,
    facilitator,
    handover,
    menu,
    remote,
    setup,
    summary,
    turn,
)

nav.TITLE_ENTRIES.append(("Classroom", "K", "class_menu"))


def _back_to_class(app):
    """The title's way back to a class game left with Esc/Menu (the hand-over, a team's turn)."""
    c = getattr(app, "classroom", None)
    if c is None or c.model.is_over():
        return None
    return ("Back to the class game", "C", lambda: common.show_class(app))


nav.TITLE_RESUMES.append(_back_to_class)
