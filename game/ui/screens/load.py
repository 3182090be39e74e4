"""The load screen: the newest saves, each with whose game it is, its quarter and seed."""

import time

from game.engine.errors import TightropeError
from game.engine.registry import registry
from game.engine.yamlio import read_json
from game.play.session import list_saves
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.screens.common import open_save, status_line
from game.ui.theme import px as P


@nav.screen("load")
class LoadScreen(Screen):
    def __init__(self, app, back):
        """``back``: the name of the screen that Back returns to."""
        super().__init__(app)
        self.back = back

    def build(self):
        w, h = self.size()
        col = min(P(760), w - 80)
        x, y = w // 2 - col // 2, P(100)
        self.files = list_saves(self.app.directory)
        for n, path in enumerate(self.files, start=1):
            self.button(
                (x, y, col, P(38)), save_label(path), lambda p=path: open_save(self.app, p), str(n)
            )
            y += P(44)
        self.button(
            (x, min(h - P(80), y + P(20)), P(200), P(44)),
            "Back",
            lambda: nav.show(self.app, self.back),
            "Esc",
            object_id="@center",
        )
        self.x = x

    def paint(self, surface):
        surface.fill(T.BG)
        w, h = surface.get_size()
        T.blit_text(surface, "Load a saved game", (w // 2, 36), 30, T.TEXT, True, align="center")
        if not self.files:
            T.blit_text(
                surface,
                f"No saves yet in {self.app.directory}",
                (self.x, P(110)),
                16,
                T.MUTED,
                width=w - 2 * self.x,
            )
        status_line(self.app, surface)


def save_label(path):
    """'autosave.json · Japan · quarter 5 of 16 · seed 7 · 11:48' ('finished' for a game played
    to its end; 'damaged' if it can't be read)."""
    names = registry().state_names
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    try:
        data = read_json(path)
        who = ", ".join(names.get(h, str(h)) for h in data.get("humans", [])) or "no human seat"
        turn, turns = data.get("turn"), (data.get("scenario") or {}).get("data", {}).get("turns")
        if not isinstance(turns, int) or not isinstance(turn, int):
            where = f"quarter {turn}"
        else:  # (a game played to its end is at turn turns + 1)
            where = "finished" if turn > turns else f"quarter {turn} of {turns}"
        return f"{path.name}  ·  {who}  ·  {where}  ·  seed {data.get('seed')}  ·  {when}"
    except (TightropeError, AttributeError):
        return f"{path.name}  ·  damaged  ·  {when}"
