"""The hand-over between teams: whose turn it is, and nothing of anyone's choices."""

from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.classroom.common import fmt_clock, leave_class, paused_banner, to_facilitator
from game.ui.screens.common import status_line
from game.ui.theme import px as P


@nav.screen("handover")
class HandOverScreen(Screen):
    """Between teams: nothing of anyone's choices is on screen."""

    def build(self):
        w, h = self.size()
        c = self.app.classroom
        self.button(
            (w // 2 - P(220), int(h * 0.55), P(440), P(54)),
            f"We are {c.name(c.team)}: show our turn",
            self.ready,
            "Enter",
            object_id="@primary",
        )
        self.button(
            (w - 8 - P(220), h - P(58), P(220), P(46)),
            "Facilitator",
            lambda: to_facilitator(self.app, "handover"),
            "F2",
            object_id="@center",
        )
        self.button(
            (8, h - P(58), P(200), P(46)),
            "Menu",
            lambda: leave_class(self.app),
            "Esc",
            object_id="@center",
        )

    def ready(self):
        c = self.app.classroom
        if c.paused:
            self.app.say("The facilitator has paused the game.")
            return
        self.app.session = c.start_team()
        self.app.say("")
        nav.show(self.app, "class_turn")

    def paint(self, surface):
        surface.fill(T.BG)
        c = self.app.classroom
        m = c.model
        w, h = surface.get_size()
        T.blit_text(
            surface,
            f"Pass to {c.name(c.team)}",
            (w // 2, int(h * 0.25)),
            44,
            T.STATE_COLOURS[c.team],
            True,
            align="center",
        )
        done = [c.name(s) for s in c.teams if s in m.submissions]
        waiting = [c.name(s) for s in c.teams if s not in m.submissions and s != c.team]
        lines = [f"{m.quarter} · quarter {m.turn} of {m.scenario.turns}"]
        if done:
            lines.append(f"Decided: {', '.join(done)}")
        if waiting:
            lines.append(f"Still to come: {', '.join(waiting)}")
        if c.timer:
            lines.append(
                f"You will have {fmt_clock(c.timer)}; then the advisor's choice is played."
            )
        for i, line in enumerate(lines):
            T.blit_text(
                surface,
                line,
                (w // 2, int(h * 0.25) + P(70) + P(26) * i),
                16,
                T.MUTED,
                align="center",
            )
        status_line(self.app, surface)

    def draw(self, window):
        super().draw(window)
        paused_banner(self.app, window)
