"""The window with every screen: ``open_window`` makes the app and shows the title. The title's
module loads at once; the other screens (one-player and classroom, registered by name in
``game.ui.nav``) load behind the title's first frame, or at once when one is asked for."""

from game.ui import classroom, nav, screens
from game.ui.app import App


def _load_screens():
    screens.load()
    classroom.load()


nav.PENDING.append(_load_screens)

__all__ = ["classroom", "open_window", "screens"]


def open_window(size=None, directory=None, defaults=None, autosave=None):
    """The app on its title screen."""
    from game.ui.screens.title import TitleScreen

    app = App(size=size, directory=directory, defaults=defaults, autosave=autosave)
    app.show(TitleScreen(app))
    return app
