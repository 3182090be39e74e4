"""The one-player screens, one module each (the turn screen a package of its own). Importing
this package registers them all by name in ``game.ui.nav``."""

from game.ui.screens.common import SaveShortcut, enter_session, open_save, status_line
from game.ui.screens.end import EndScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.offers import OffersScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.setup import SetupScreen
from game.ui.screens.summary import SummaryScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.turn.screen import TurnScreen

__all__ = [
    "EndScreen",
    "LoadScreen",
    "OffersScreen",
    "SaveShortcut",
    "SettingsScreen",
    "SetupScreen",
    "SummaryScreen",
    "TitleScreen",
    "TurnScreen",
    "enter_session",
    "open_save",
    "status_line",
]
