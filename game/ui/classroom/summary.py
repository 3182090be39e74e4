"""The class's turn summary: the one-player summary with every team's score, drawn from the
same ``turn_summary``."""

from game.ui import nav
from game.ui import theme as T
from game.ui.classroom.common import leave_class, show_class, to_facilitator
from game.ui.screens.summary import SummaryScreen, changes_html, did_html, score_change

E = T.html_escape


@nav.screen("class_summary")
class ClassSummaryScreen(SummaryScreen):
    def build(self):
        super().build()
        for element in list(self.actions):
            if getattr(element, "text", "").startswith("Menu"):
                self.actions[element] = lambda: leave_class(self.app)
        self.keys["Esc"] = lambda: leave_class(self.app)
        if self.back:  # reopened from a team's turn: Esc goes back there, not to the title
            self.keys["Esc"] = lambda: nav.show(self.app, self.back)
        self.keys["F2"] = lambda: to_facilitator(self.app, "class_summary")

    def go_on(self):
        self.app.say("")
        show_class(self.app)

    def did_html(self):
        return did_html(self.summary, human="team")

    def changed_html(self):
        """What changed, for the whole class: every team's score first, then the indicators."""
        c = self.app.classroom
        lines = []
        for team in c.teams:
            before, after = self.summary["scores"][team]
            colour = T.hexcol(T.STATE_COLOURS[team])
            lines.append(
                f"<font color='{colour}'><b>{E(c.name(team))}</b></font> score {score_change(before, after)}"
            )
        body = changes_html(self.app.session.model.reg, self.summary, c.name(self.app.session.seat))
        return "<br>".join(["<b>What changed and why</b>", *lines, *body])
