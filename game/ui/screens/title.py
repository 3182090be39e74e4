"""The title screen: back to the game, resume the autosave, new game, load, settings, the
entries other front ends add (the classroom), quit."""

import pygame

from game.play.savedir import newest_autosave
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.screens.common import open_save, status_line
from game.ui.theme import px as P

HINT_BELOW_ROPE = 40  # pixels from the rope to the hint under it


def rope_y(h):
    """Where the title screen's rope hangs in a window ``h`` high."""
    return int(h * 0.29)


@nav.screen("title")
class TitleScreen(Screen):
    ask_on_close = False  # nothing to lose here

    def build(self):
        w, h = self.size()
        bw, bh = P(300), P(44)
        x = w // 2 - bw // 2
        y = int(h * 0.45)
        app = self.app
        entries = []
        if app.session is not None and not app.session.model.is_over():
            entries.append(("Back to the game", "G", lambda: nav.show(app, "turn")))
        for resume in nav.TITLE_RESUMES:
            entry = resume(app)
            if entry is not None:
                entries.append(entry)
        self.autosave = newest_autosave(app.directory)  # an unfinished game's (finished: renamed)
        if self.autosave is not None:
            entries.append(("Resume the autosave", "R", self.resume))
        entries += [
            ("New game", "N", lambda: nav.show(app, "setup")),
            ("Load a saved game", "L", lambda: nav.show(app, "load", "title")),
            ("Settings", "S", lambda: nav.show(app, "settings")),
        ]
        entries += [
            (label, key, (lambda n=n: nav.show(app, n))) for label, key, n in nav.TITLE_ENTRIES
        ]
        entries.append(("Quit", "Q", self.quit))
        # Below the rope and its hint (paint), above the status line: eight entries (a game,
        # a class game and an autosave to go back to) close up rather than cover the hint.
        top, bottom = rope_y(h) + HINT_BELOW_ROPE + P(28), h - P(40)
        step = max(P(30), min(bh + P(10), (bottom - top) // len(entries)))
        bh = min(bh, step - P(6))
        y = max(top, min(y, bottom - len(entries) * step))
        for label, key, action in entries:
            self.button((x, y, bw, bh), label, action, key, object_id="@center")
            y += step

    def quit(self):
        self.app.running = False

    def resume(self):
        open_save(self.app, self.autosave)

    def paint(self, surface):
        surface.fill(T.BG)
        w, h = surface.get_size()
        ty = int(h * 0.07)
        T.blit_text(surface, "Tightrope", (w // 2, ty), 56, T.TEXT, True, align="center")
        T.blit_text(
            surface,
            "China, Japan, Korea and the United States under Trump's second term, 2025-2028",
            (w // 2, ty + 80),
            18,
            T.MUTED,
            width=w - 40,
            align="center",
        )
        # A tightrope walker with a balance pole, between two posts.
        y = rope_y(h)
        x0, x1 = int(w * 0.25), int(w * 0.75)
        pts = [(x0 + (x1 - x0) * i / 20, y + 14 * (1 - ((i - 10) / 10) ** 2)) for i in range(21)]
        pygame.draw.lines(surface, T.PANEL_EDGE, False, pts, 2)
        for x in (x0, x1):
            pygame.draw.line(surface, T.PANEL_EDGE, (x, y), (x, y + 60), 3)
        cx, cy = w // 2, y + 14
        pygame.draw.line(surface, T.TEXT, (cx, cy), (cx, cy - 26), 3)
        pygame.draw.circle(surface, T.TEXT, (cx, cy - 33), 6)
        pygame.draw.line(surface, T.OI["orange"], (cx - 70, cy - 30), (cx + 70, cy - 16), 3)
        T.blit_text(
            surface,
            "Mouse or keyboard: every button shows its key.",
            (w // 2, y + HINT_BELOW_ROPE),
            14,
            T.MUTED,
            align="center",
        )
        status_line(self.app, surface)
