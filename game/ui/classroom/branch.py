"""Branching from the class's end screen: choose a quarter and a team, replay it with a
different decision; the rest is played on and the debrief compares the two games."""

from game.engine.errors import TightropeError
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.classroom.common import heading
from game.ui.screens.common import status_line
from game.ui.screens.turn import TurnScreen
from game.ui.theme import px as P


@nav.screen("branch")
class BranchScreen(Screen):
    """Choose a turn and a team, then replay that quarter with a different decision: the rest
    of the game is played on by the rule in ``game.engine.replay`` and compared in the debrief."""

    def __init__(self, app):
        super().__init__(app)
        c = app.classroom
        self.turn = max(1, c.model.turn - 1 - 7)
        self.team = 0

    def build(self):
        w, h = self.size()
        c = self.app.classroom
        x, col = w // 2 - P(300), P(600)
        arrow = P(110)  # room for "<  [Left]"
        self.button(
            (x, P(140), arrow, P(40)), "<", lambda: self.move(-1), "Left", object_id="@center"
        )
        self.button(
            (x + arrow + P(6), P(140), col - 2 * arrow - P(12), P(40)),
            f"Turn {self.turn}: {c.model.scenario.quarter_label(self.turn)}",
            lambda: self.move(1),
            None,
            object_id="@center",
        )
        self.button(
            (x + col - arrow, P(140), arrow, P(40)),
            ">",
            lambda: self.move(1),
            "Right",
            object_id="@center",
        )
        seat = c.teams[self.team]
        self.button(
            (x, P(196), col, P(40)),
            f"Team: {c.name(seat)}",
            self.cycle_team,
            "Tab",
            object_id="@center",
        )
        self.button(
            (x, P(260), col, P(48)),
            "Play that quarter again",
            self.start,
            "Enter",
            object_id="@primary",
        )
        self.button(
            (8, h - P(58), P(200), P(46)),
            "Back",
            lambda: nav.show(self.app, "class_end"),
            "Esc",
            object_id="@center",
        )

    def move(self, step):
        c = self.app.classroom
        last = c.model.world.turn - 1
        self.turn = (self.turn - 1 + step) % last + 1
        self.rebuild()

    def cycle_team(self):
        self.team = (self.team + 1) % len(self.app.classroom.teams)
        self.rebuild()

    def start(self):
        c = self.app.classroom
        self.app.session = c.branch_session(self.turn, c.teams[self.team])
        nav.show(self.app, "branch_turn")

    def paint(self, surface):
        surface.fill(T.BG)
        heading(
            surface,
            "Branch from a turn",
            "Replay one quarter as one team with a different decision; the AIs play on, the "
            "other teams' recorded choices are kept where still legal; the debrief compares the two games.",
        )
        status_line(self.app, surface)


@nav.screen("branch_turn")
class BranchTurnScreen(TurnScreen):
    def build(self):
        super().build()
        for element in list(self.actions):
            text = getattr(element, "text", "")
            if text.startswith(("Load", "Save")):
                self.actions.pop(element)
                element.kill()
            elif text.startswith("Menu"):
                self.actions[element] = self.cancel
        self.keys.pop("Ctrl+L", None)
        self.keys.pop("Ctrl+S", None)
        self.keys["Esc"] = self.cancel

    def cancel(self):
        c = self.app.classroom
        self.app.session = c.sessions[c.teams[0]]
        nav.show(self.app, "class_end")

    def end_turn(self):
        if self.s.unanswered():
            self.app.say("Answer the event first.")
            return
        c = self.app.classroom
        try:
            model = c.play_branch(self.s)
        except (OSError, TightropeError) as exc:
            self.app.say(str(exc))
            return
        scores = ", ".join(f"{s} {v:.0f}" for s, v in model.scores().items())
        self.app.say(f"Branch played to the end ({scores}); the debrief now compares both games.")
        self.cancel()

    def draw(self, window):
        super().draw(window)
        w, _h = window.get_size()
        T.blit_text(
            window,
            f"Branch from turn {self.s.branch_from[1]}",
            (w - 8 - 3 * P(150) - 12, 14),
            16,
            T.OI["orange"],
            True,
            align="right",
        )
