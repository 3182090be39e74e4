"""The class's end screen: the one-player end screen plus the debrief export and a branch."""

import time

import pygame

from game.engine.errors import TightropeError
from game.engine.saves import game_to_dict
from game.ui import nav
from game.ui.screens.end import EndScreen
from game.ui.theme import px as P


@nav.screen("class_end")
class ClassEndScreen(EndScreen):
    """The one-player end screen plus the debrief export and a branch from turn N."""

    def build(self):
        super().build()
        _w, h = self.size()
        # A row of our own above the menu row: the turning points give up the room.
        box = self.main_text
        self.texts.remove(box)
        row = P(50)
        tp = (box.rect.x, box.rect.y, box.rect.width, box.rect.height - row)
        self.main_text = self.rich(tp, self.turning_html(), box.size, main=True)
        half = (self.left_w - 8) // 2
        y = h - P(58) - row
        self.button(
            (8, y, half, P(42)),
            "Branch from a turn",
            lambda: nav.show(self.app, "branch"),
            "B",
            object_id="@center",
        )
        self.button(
            (16 + half, y, half, P(42)),
            "Export the debrief",
            self.debrief,
            "D",
            object_id="@primary",
        )

    def debrief(self):
        # The lab and the debrief load here, not with the title (they bring Mesa and pandas).
        from game.lab.reference import save_reference
        from game.reports.debrief import export_class_debrief

        c = self.app.classroom
        self.app.say(
            "Writing the debrief (the all-AI reference games take up to a minute the first time)..."
        )
        self.app.screen.draw(self.app.window)
        pygame.display.flip()
        start = time.perf_counter()
        try:
            games = (
                save_reference(game_to_dict(c.model), c.reference_games)
                if c.reference_games
                else ()
            )
            path = export_class_debrief(c, reference=games)
        except (OSError, TightropeError) as exc:
            self.app.say(f"Could not write the debrief: {exc}")
            return
        self.app.say(
            f"Debrief written to {path} ({time.perf_counter() - start:.0f} s): open it in a browser."
        )
