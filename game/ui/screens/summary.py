"""The turn summary screen: what each state did and what changed and why, drawn from
``game.reports.summary.turn_summary``."""

from game.engine.words import fmt_exact, rule_words
from game.reports.summary import cause_lines, turn_summary
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.screens.common import SaveShortcut, status_line
from game.ui.theme import px as P

E = T.html_escape


def did_html(summary, human="you"):
    """What each state did (``human``: how a human seat is named), then the events."""
    out = ["<b>What each state did</b>"]
    for row in summary["seats"]:
        colour = T.hexcol(T.STATE_COLOURS[row["seat"]])
        who = human if row["human"] else row["persona"]
        out.append(
            f"<font color='{colour}'><b>{E(row['name'])}</b></font> <font color='#A0A8B6'>({E(who)})</font>"
        )
        policies = [d for d in row["decisions"] if d["kind"] == "policy"]
        if not policies:
            out.append("- saved its capital")
        for d in policies:
            why = d["reason"]
            why = (
                f" <font color='#A0A8B6'>- {E(why[1])} [{E(rule_words(why[0]))}]</font>"
                if why
                else ""
            )
            out.append(f"- {E(d['name'])}{why}")
        for d in row["decisions"]:
            if d["kind"] == "response" and d["title"] is not None:
                out.append(f"- answered '{E(d['title'])}': {E(d['label'])}")
    if summary["news"]:
        out.append("<br><b>Events, completed policies, deals and the facilitator</b>")
        out += [f"- {E(e['text'])}" for e in summary["news"]]
    if summary.get("next_news"):
        out.append("<br><b>New at the start of the next quarter</b>")
        out += [f"- {E(e['text'])}" for e in summary["next_news"]]
    return "<br>".join(out)


def score_change(before, after):
    """'54.5 -> 54.7 (+0.2)': the change of the numbers shown, so it adds up on screen."""
    b, a = round(before, 1), round(after, 1)
    return f"{b:.1f} -> {a:.1f} ({a - b:+.1f})"


def good_word(sign, who="you"):
    return {1: f"good for {who}", -1: f"bad for {who}"}.get(sign, f"neutral for {who}")


def changes_html(reg, summary, who="you"):
    """Each watched indicator that moved: before -> after (coloured good/bad for the seat, the
    sign in the text), a band shift, and every cause (the top ones, then "+N more"), all at
    the indicator's precision so that the causes add up to the change."""
    out = []
    if not summary["changes"]:
        out.append("Nothing you watch moved this quarter.")
    for c in summary["changes"]:
        key, b, a = c["key"], c["before"], c["after"]
        colour = T.good_colour(c["good"])
        shift = (
            f" <b>now {E(c['band_after'])}</b> (was {E(c['band_before'])})"
            if c["band_after"] != c["band_before"]
            else ""
        )
        out.append(
            f"<b>{E(c['name'])}</b> {fmt_exact(reg, key, b)} -> {fmt_exact(reg, key, a)} "
            f"<font color='{colour}'>({fmt_exact(reg, key, a - b, True)}, "
            f"{good_word(c['good'], who)})</font>{shift}"
        )
        shown, more = cause_lines(c["causes"])
        out += [
            f"   <font color='#A0A8B6'>- {E(text)}: {fmt_exact(reg, key, d, True)}</font>"
            for text, d, _n in shown
        ]
        if more:
            out.append(
                f"   <font color='#A0A8B6'>- +{more[0]} more: "
                f"{fmt_exact(reg, key, more[1], True)}</font>"
            )
    return out


@nav.screen("summary")
class SummaryScreen(SaveShortcut, Screen):
    def __init__(self, app, turn=None, back=None):
        """``turn``: the quarter to show (default: the one just resolved); ``back``: reopened
        from the history, the screen Enter returns to."""
        super().__init__(app)
        self.turn, self.back = turn, back

    def last_turn(self):
        return self.app.session.model.turn - 1

    def build(self):
        s = self.app.session
        m = s.model
        w, h = self.size()
        t = self.turn or (s.summary_turn if s.summary_turn is not None else self.last_turn())
        self.t = t = max(1, min(t, self.last_turn()))
        self.summary = turn_summary(m, t, seat=s.seat)
        half = (w - 24) // 2
        self.rich((8, P(70), half, h - P(162)), self.did_html())
        self.rich((16 + half, P(70), half, h - P(162)), self.changed_html(), main=True)
        if self.back:
            nxt, go = "Back to the turn", lambda: nav.show(self.app, self.back)
        else:
            nxt, go = ("See the end" if m.is_over() else "Next quarter"), self.go_on
        self.button(
            (w - 8 - P(300), h - P(58), P(300), P(46)), nxt, go, "Enter", object_id="@primary"
        )
        self.keys["Space"] = go
        # The history: every past quarter's summary, Left/Right.
        self.button(
            (8 + P(210), h - P(58), P(150), P(46)),
            "Earlier",
            lambda: self.show_turn(t - 1),
            "Left",
            object_id="@center",
            enabled=t > 1,
        )
        self.button(
            (8 + P(370), h - P(58), P(150), P(46)),
            "Later",
            lambda: self.show_turn(t + 1),
            "Right",
            object_id="@center",
            enabled=t < self.last_turn(),
        )
        self.button(
            (w - 8 - P(510), h - P(58), P(200), P(46)),
            "Save",
            self.save,
            "Ctrl+S",
            object_id="@center",
        )
        self.button(
            (8, h - P(58), P(200), P(46)),
            "Menu",
            lambda: nav.show(self.app, "title"),
            "Esc",
            object_id="@center",
        )

    def show_turn(self, turn):
        if 1 <= turn <= self.last_turn() and turn != self.t:
            self.turn = turn
            self.rebuild()

    def go_on(self):
        app = self.app
        app.say("")
        nav.show(app, "end" if app.session.model.is_over() else "turn")

    def did_html(self):
        return did_html(self.summary)

    def changed_html(self):
        """Your score, then what you watch that moved and why."""
        s = self.summary
        sb, sa = s["scores"][self.app.session.seat]
        head = f"<b>What changed and why</b>  ·  your score {score_change(sb, sa)}"
        return "<br>".join([head, *changes_html(self.app.session.model.reg, s)])

    def paint(self, surface):
        surface.fill(T.BG)
        m = self.app.session.model
        w, _h = surface.get_size()
        T.blit_text(
            surface,
            f"{m.scenario.quarter_label(self.t)} resolved"
            + (f"  (quarter {self.t} of {self.last_turn()} played)" if self.back else ""),
            (12, 14),
            28,
            T.TEXT,
            True,
            width=w - 24,
        )
        T.blit_text(
            surface,
            "Every line below comes from the effect ledger; each change lists all its causes, and"
            " runs from what your turn screen showed to what it shows next.",
            (14, P(48)),
            14,
            T.MUTED,
            width=w - 24,
        )
        status_line(self.app, surface)
