"""The one-player screens, one module each (the turn screen a package of its own). ``load()``
imports them all, registering them by name in ``game.ui.nav``; the names below import their
module when first asked for, so the title screen comes up without the others (fast start)."""

import importlib
import pkgutil

_MODULES = {
    "SaveShortcut": "common",
    "enter_session": "common",
    "open_save": "common",
    "status_line": "common",
    "EndScreen": "end",
    "LoadScreen": "load",
    "OffersScreen": "offers",
    "SettingsScreen": "settings",
    "SetupScreen": "setup",
    "SummaryScreen": "summary",
    "TitleScreen": "title",
    "TurnScreen": "turn.screen",
}
__all__ = sorted(_MODULES)


def load():
    """Import every screen module of the package (each registers its screens)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def __getattr__(name):
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
