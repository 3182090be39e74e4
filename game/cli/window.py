"""Closing a window on a signal: SIGTERM (a logout, a process manager, ``timeout``) or Ctrl-C
closes the game's window quietly, exit 0, whenever it comes. Without it SDL turns SIGTERM into
a click on the close button, which asks "Quit?" and waits for an answer nobody gives."""

import signal


class StopOnSignal:
    """Installed first thing; ``opening()`` just before the window opens, ``opened(app)`` once
    it is up. Before the window: the process ends at once (nothing to close). While it opens,
    raising could land inside pygame (which swallows it in a callback) or inside pygame_gui
    starting its loader threads (which then keep the process alive), so the signal is only
    noted and read once the window is up. After: the window's loop ends (``app.running``)."""

    def __init__(self):
        self.app, self.is_opening, self.stopped = None, False, False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.stop)

    def stop(self, _signum, _frame):
        self.stopped = True
        if self.app is not None:
            self.app.running = False
        elif not self.is_opening:
            raise SystemExit(0)

    def opening(self):
        self.is_opening = True

    def opened(self, app):
        self.app = app
        if self.stopped:  # (a signal while the window opened)
            app.running = False
        return app
