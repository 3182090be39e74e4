"""The offers panel (issue 12): propose a deal from the seat's templates, answer the offers in
its inbox (with the AI's reasoning on the answers it gave), and see its deals in force (with
the quarters left, and a button to break one) and those kept or broken. Every act goes through
the session (``game.engine.log``, or the server over the network), so saves and replays carry
it. In a class game each team sees only its own inbox, on its own turn."""

from game.engine import deals
from game.engine.errors import TightropeError
from game.engine.words import effect_text
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.screens.common import status_line
from game.ui.theme import px as P

E = T.html_escape
MAX_ROWS = 4  # buttons per column (the rest is listed in the column's text)


def ref(item):
    """A player's name for an offer ("offer 3") or a deal ("deal 1"), not its log id."""
    kind = "offer" if item["id"].startswith("o") else "deal"
    return f"{kind} {item['id'][1:]}"


def terms_html(model, template, side, seat):
    """One side's terms: its line, then its effects and restraint in words."""
    terms = getattr(template, side)
    reg = model.reg
    parts = [E(terms.text)] if terms.text else []
    now = ", ".join(effect_text(reg, e) for e in terms.now)
    each = ", ".join(effect_text(reg, e) for e in terms.each_quarter)
    if now:
        parts.append(f"on signing: {E(now)}")
    if each:
        parts.append(f"each quarter: {E(each)}")
    if terms.restraint:
        barred = sorted({model.catalog.policies[p].name for tag in terms.restraint
                         for p in model.tagged(seat, tag)})  # fmt: skip
        parts.append(f"forgoes: {E('; '.join(barred))}")
    who = E(reg.state_names[seat])
    return f"<b>{who}</b> " + "; ".join(parts)


def template_html(model, template):
    return (
        f"{terms_html(model, template, 'gives', template.by)}<br>"
        f"{terms_html(model, template, 'asks', template.to)}<br>"
        f"<font color='#A0A8B6'>{template.duration} quarters · costs {template.cost} capital · "
        f"{E(template.source)}</font>"
    )


@nav.screen("offers")
class OffersScreen(Screen):
    """Offers and deals for the session's seat; Esc goes back to ``back`` (the turn screen)."""

    def __init__(self, app, back="turn"):
        super().__init__(app)
        self.back = back
        self.s = app.session
        self.turn = self.s.model.turn

    @property
    def model(self):
        return self.s.model

    def layout(self):
        w, h = self.size()
        top, bottom = P(64), h - P(64) - P(26)  # room for the status line above Back
        col = (w - 4 * 8) // 3
        return [(8 + i * (col + 8), top, col, bottom - top) for i in range(3)]

    def build(self):
        m, seat = self.model, self.s.seat
        self.cols = cols = self.layout()
        row = P(34)
        # Propose: a Send button per template of this seat, its name beside it on up to two
        # lines (template names are long: a one-line button cut them).
        x, y, cw, ch = cols[0]
        prow, send_w = P(44), P(96)  # a row: its Send button and the name on two lines
        mine = m.offer_book.from_seat(seat)
        self.proposals = []  # (template, the row's rect, why not now) for paint
        for i, t in enumerate(mine[:MAX_ROWS]):
            problem = self.s.proposal_problem(t)
            ry = y + P(26) + i * (prow + 4)
            self.button(
                (x, ry + (prow - row) // 2, send_w, row),
                "Send",
                lambda t=t: self.send(t),
                str(i + 1),
                tooltip=problem.split(": ", 1)[-1] if problem else "Send this offer",
                enabled=not problem and not m.is_over(),
            )
            self.proposals.append((t, (x + send_w + 8, ry, cw - send_w - 8, prow), problem))
        used = P(26) + min(len(mine), MAX_ROWS) * (prow + 4) + 4
        self.rich((x, y + used, cw, ch - used), self.propose_html(mine), 13)
        # Inbox: accept / decline / counter per open offer.
        x, y, cw, ch = cols[1]
        inbox = deals.open_offers(m.world, seat)
        third = (cw - 8) // 3
        keys = iter("ADC")
        for i, o in enumerate(inbox[:MAX_ROWS]):
            ry = y + P(26) + i * (row + 4)
            first = i == 0
            self.button(
                (x, ry, third, row),
                f"Accept #{o['id'][1:]}",
                lambda o=o: self.answer(o, "accept"),
                next(keys) if first else None,
            )
            self.button(
                (x + third + 4, ry, third, row),
                f"Decline #{o['id'][1:]}",
                lambda o=o: self.answer(o, "decline"),
                next(keys) if first else None,
            )
            counter = self.counter_for(o)
            self.button(
                (x + 2 * (third + 4), ry, third, row),
                f"Counter #{o['id'][1:]}",
                lambda o=o, c=counter: self.answer(o, "counter", c.id if c else ""),
                next(keys) if first else None,
                tooltip=f"Counter with: {counter.name}" if counter else "No counter-offer to make",
                enabled=counter is not None,
            )
        used = P(26) + min(len(inbox), MAX_ROWS) * (row + 4) + 4
        self.rich((x, y + used, cw, ch - used), self.inbox_html(inbox), 13)
        # Deals: break a deal in force.
        x, y, cw, ch = cols[2]
        live = deals.in_force(m, seat)
        for i, d in enumerate(live[:MAX_ROWS]):
            other = m.reg.state_names[deals.partner(d, seat)]
            self.button(
                (x, y + P(26) + i * (row + 4), cw, row),
                f"Break {ref(d)} with {other} ({d['left']} q left)",
                lambda d=d: self.break_deal(d),
                tooltip="Walk away: the partner and the onlookers will trust you less",
            )
        used = P(26) + min(len(live), MAX_ROWS) * (row + 4) + 4
        self.rich((x, y + used, cw, ch - used), self.deals_html(), 13, main=True)
        w, h = self.size()
        self.button(
            (w // 2 - P(110), h - P(52), P(220), P(40)),
            "Back to the turn",
            lambda: nav.show(self.app, self.back),
            "Esc",
            object_id="@center",
        )

    # ---------------------------------------------------------------- the columns' text
    def propose_html(self, mine):
        m = self.model
        if not mine:
            return "This state has no offer templates."
        advised = {(to, tid): why for to, tid, why in self.s.proposal_advice()}
        if advised:
            (to, tid), why = next(iter(advised.items()))
            names, book = m.reg.state_names, m.offer_book.templates
            line = f"send {E(book[tid].name)} to {E(names[to])}. Your seat's rules: {E(why)}"
        else:
            line = "no offer is worth sending now"
        out = [f"<font color='#F0E442'>Advisor: {line}</font><br>"]
        for t in mine:
            problem = self.s.proposal_problem(t)
            state = (
                f"<font color='#F0E442'>Not now: {E(problem.split(': ', 1)[-1])}</font>"
                if problem
                else "<font color='#56B4E9'>Can be sent now</font>"
            )
            if (t.to, t.id) in advised:
                state += "<br><font color='#F0E442'>The advisor would send this one</font>"
            out.append(f"<b>{E(t.name)}</b> to {E(m.reg.state_names[t.to])}<br>{state}<br>")
            out.append(template_html(m, t) + "<br>")
        return "<br>".join(out)

    def inbox_html(self, inbox):
        m, seat = self.model, self.s.seat
        names, book = m.reg.state_names, m.offer_book.templates
        out = []
        advised = self.s.offer_advice() if inbox else {}
        for o in inbox:
            t = book[o["template"]]
            kind = "counter-offer" if o["counter_of"] else "offer"
            advice = ""
            if o["id"] in advised:
                choice, counter, why = advised[o["id"]]
                what = f"counter with {book[counter].name}" if counter else choice
                advice = (
                    f"<font color='#F0E442'>Advisor: {E(what)}. Your seat's rules: {E(why)}"
                    "</font><br>"
                )
            out.append(
                f"<b>#{o['id'][1:]}</b> {kind} from <b>{E(names[o['from']])}</b>: {E(t.name)}<br>"
                f"{advice}{template_html(m, t)}<br>"
            )
        if not inbox:
            out.append("No offer awaits your answer.<br>")
        sent = [o for o in m.world.offers if o["from"] == seat and o["status"] == "open"]
        if sent:
            out.append("<b>Sent, awaiting an answer</b>")
        for o in sent:
            to = names[o["to"]]
            out.append(f"{ref(o)} {E(book[o['template']].name)} to {E(to)}<br>")
        answered = [
            o
            for o in reversed(m.world.offers)
            if seat in (o["from"], o["to"]) and o["status"] != "open"
        ][:12]
        if answered:
            out.append("<b>Answers</b>")
        for o in answered:
            t = book[o["template"]]
            q = m.scenario.quarter_label(o["turn"])
            why = f": <i>{E(o['answer'])}</i>" if o["answer"] else ""
            who = names[o["to"]]
            out.append(
                f"<font color='#A0A8B6'>{q}</font> {ref(o)} {E(t.name)} "
                f"({E(names[o['from']])} to {E(who)}): <b>{o['status']}</b>{why}"
            )
        return "<br>".join(out)

    def deals_html(self):
        m, seat = self.model, self.s.seat
        names, book = m.reg.state_names, m.offer_book.templates
        mine = [d for d in m.world.deals if seat in (d["proposer"], d["recipient"])]
        out = ["<b>In force</b>"]
        live = [d for d in mine if d["status"] == "active"]
        for d in live:
            t = book[d["template"]]
            out.append(
                f"{ref(d)} {E(t.name)} with {E(names[deals.partner(d, seat)])}: "
                f"<b>{d['left']} quarter(s) left</b><br>{template_html(m, t)}<br>"
            )
        if not live:
            out.append("No deal in force.<br>")
        ended = [d for d in mine if d["status"] != "active"]
        if ended:
            out.append("<b>Kept and broken</b>")
        for d in reversed(ended):
            t = book[d["template"]]
            q = m.scenario.quarter_label(d["ended"])
            if d["status"] == "broken":
                what = f"<font color='#D55E00'><b>broken by {E(names[d['broken_by']])}</b></font>"
            else:
                what = "<font color='#56B4E9'><b>kept</b></font>"
            out.append(f"<font color='#A0A8B6'>{q}</font> {ref(d)} {E(t.name)}: {what}")
        rep = m.world.values[f"{seat}.reputation"]
        out.append(f"<br>Your reputation for keeping deals: <b>{rep:.0f}</b> (start 50)")
        return "<br>".join(out)

    def counter_for(self, offer):
        """The template this seat would counter with: its first it may send the proposer."""
        if offer["counter_of"]:
            return None
        for t in deals.proposable(self.model, self.s.seat):
            if t.to == offer["from"]:
                return t
        return None

    # ---------------------------------------------------------------- acts
    def act(self, fn, done):
        try:
            fn()
        except TightropeError as exc:
            self.app.say(str(exc))
            return
        self.app.say(done)
        self.rebuild()

    def send(self, t):
        name = self.model.reg.state_names[t.to]
        self.act(
            lambda: self.s.make_offer(t.to, t.id),
            f"Sent to {name}: {t.name}. It answers this quarter (a team, on its turn).",
        )

    def answer(self, offer, choice, counter=""):
        self.act(
            lambda: self.s.answer_offer(offer["id"], choice, counter),
            f"{ref(offer)}: "
            + {"accept": "accepted", "decline": "declined"}.get(choice, "counter-offer sent"),
        )

    def break_deal(self, d):
        self.act(
            lambda: self.s.break_deal(d["id"]),
            f"You broke {ref(d)}: the news will say so.",
        )

    def update(self, dt):
        # Over the network the server's views arrive here too: an offer to this team, an
        # answer to one it sent; a new quarter or the end goes back to the turn screen.
        poll = getattr(self.s, "poll", None)
        if poll is not None and poll():
            if self.turn != self.model.turn or self.s.over:
                nav.show(self.app, self.back)
            else:
                self.rebuild()
            return
        # In a class game the team's clock runs here too: time up, back to its turn screen
        # (which plays the advisor's choice and passes on).
        c = getattr(self.app, "classroom", None)
        if c is not None and self.back == "class_turn" and c.tick(dt):
            nav.show(self.app, self.back)

    def paint(self, surface):
        surface.fill(T.BG)
        m, w = self.model, surface.get_size()[0]
        T.blit_text(
            surface,
            f"Offers and deals  ·  {m.reg.state_names[self.s.seat]}  ·  {m.quarter}"
            f"  ·  {int(self.s.left() + 1e-9)} whole capital points to spend"
            f" (capital {self.s.capital():.2f})",
            (12, P(12)),
            20,
            T.TEXT,
            True,
            width=w - 24,
        )
        for (x, y, cw, _ch), title in zip(
            self.cols, ("Propose [1-4]", "Inbox [A/D/C]", "Your deals"), strict=True
        ):
            T.blit_text(surface, title, (x, y), 16, T.TEXT, True, width=cw)
        names = m.reg.state_names
        for t, rect, problem in self.proposals:
            colour = T.MUTED if problem or m.is_over() else T.TEXT
            T.blit_wrapped(surface, f"To {names[t.to]}: {t.name}", rect, 13, colour)
        status_line(self.app, surface)
