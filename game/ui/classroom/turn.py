"""A team's turn: the one-player turn screen with the class clock and the facilitator key;
ending the turn passes to the next team, or resolves the quarter."""

from game.ui import nav
from game.ui import theme as T
from game.ui.classroom.common import fmt_clock, leave_class, paused_banner, to_facilitator
from game.ui.screens.turn import TurnScreen
from game.ui.theme import px as P


@nav.screen("class_turn")
class ClassTurnScreen(TurnScreen):
    """A team's turn: the one-player turn screen, with the class clock, the facilitator key,
    and ending the turn passing to the next team (or resolving the quarter)."""

    summary_screen = "class_summary"
    screen_name = "class_turn"

    def build(self):
        super().build()
        w, _h = self.size()
        for element, _action in list(self.actions.items()):
            text = getattr(element, "text", "")
            if text.startswith("Load"):
                self.actions.pop(element)
                element.kill()
            elif text.startswith("Summaries"):  # into Load's place: the team's name goes left
                element.set_relative_position((w - 8 - 2 * P(150), 8))
            elif text.startswith("Menu"):
                self.actions[element] = lambda: leave_class(self.app)
        self.keys.pop("Ctrl+L", None)
        self.keys["Esc"] = lambda: leave_class(self.app)
        self.keys["F2"] = lambda: to_facilitator(self.app, "class_turn")

    def end_turn(self):
        c = self.app.classroom
        if c.paused:
            self.app.say("The facilitator has paused the game.")
            return
        if self.submit_turn():
            advance(self.app)

    def update(self, dt):
        super().update(dt)
        c = self.app.classroom
        if self.app.screen is self and c.tick(dt):
            self.close_popups()
            c.timeout()
            self.app.say(f"{c.name(c.team)}'s time ran out: the advisor's choice was played.")
            advance(self.app, keep_status=True)

    def close_popups(self):
        for attr in ("popup", "why"):
            box = getattr(self, attr)
            if box is not None:
                box[0].kill()
                setattr(self, attr, None)

    def draw(self, window):
        super().draw(window)
        c = self.app.classroom
        w, _h = window.get_size()
        text = c.name(c.team)
        if c.timer:
            text += f"  ·  {fmt_clock(c.remaining)} left"
        colour = (
            T.OI["vermillion"]
            if c.timer and c.remaining is not None and c.remaining < 15
            else T.OI["yellow"]
        )
        T.blit_text(window, text, (w - 8 - 3 * P(150) - 12, 14), 16, colour, True, align="right")
        paused_banner(self.app, window)


def advance(app, keep_status=False):
    """After a team has submitted: the next team's hand-over, or resolve the quarter."""
    c = app.classroom
    if not keep_status:
        app.say("")
    if c.team_done():
        c.resolve()
        app.session = c.sessions[c.teams[0]]
        nav.show(app, "class_summary")
    else:
        app.session = c.sessions[c.team]
        nav.show(app, "handover")
