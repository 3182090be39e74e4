"""The window with every screen: importing this registers the one-player screens and the
classroom's (by name, in ``game.ui.nav``); ``open_window`` makes the app and shows the title."""

from game.ui import classroom, screens
from game.ui.app import App

__all__ = ["classroom", "open_window", "screens"]


def open_window(size=None, directory=None, defaults=None, autosave=None):
    """The app on its title screen."""
    app = App(size=size, directory=directory, defaults=defaults, autosave=autosave)
    app.show(screens.TitleScreen(app))
    return app
