"""Classroom mode in the window, one module per screen: the menu and setup, the hand-over
between teams, a team's turn, the class summary, the facilitator's view, the end (debrief
export) and branching. The class game itself is ``game.play.classroom``; these only draw it.
Importing this package registers the screens and the title's "Classroom" entry."""

from game.ui import nav
from game.ui.classroom import (  # noqa: F401 (each registers its screens)
    branch,
    end,
    facilitator,
    handover,
    menu,
    setup,
    summary,
    turn,
)

nav.TITLE_ENTRIES.append(("Classroom", "K", "class_menu"))
