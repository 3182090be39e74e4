"""Bargaining (issue 12): offers and deals between states.

An **offer** is a seat's action: a template of configs/offers.yaml sent to the state it names,
paid for in the proposer's political capital. The recipient accepts, declines or counters
(with one of its own templates to the proposer; a counter can't be countered, so there is one
counter round a quarter). AI seats answer in the **bargaining** phase, after the decisions; a
human answers when it next decides, and an offer it leaves unanswered lapses at the end of the
quarter after it was made (as do a pair's other offers when it signs a deal): a lapse is news
to the offer's two states only (``news_for``).

A **deal** is an accepted offer. It is part of the world (``World.deals``: saved through the
decision log, cloned with the world, in the fingerprint). Its terms change the world only
through ``World.change`` under a cause that names it (kind ``deal``, source the deal's id, the
promising state as actor, the template as ``via``): the ``now`` effects on signing, the
``each_quarter`` effects in the resolution phase of every quarter it holds. A restraint term
makes the promiser's policies with those tags illegal while the deal holds. Breaking a deal is
an action: news, a ledger entry, lost trust with the partner and the onlookers and a lower
``reputation`` (read by Distrust); a deal kept to its end earns trust and reputation.

Nothing here draws from the game's random stream except the terms' own chance effects (in the
fixed order of deals), so bargaining keeps games deterministic.
"""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from game.engine.catalog import _Checker, load_catalog
from game.engine.conditions import compile_conditions, holds_all
from game.engine.effects import apply_effects
from game.engine.errors import GameError
from game.engine.paths import CONFIGS
from game.engine.words import reason_text
from game.engine.yamlio import read_yaml

CHOICES = ("accept", "decline", "counter")


@dataclass(frozen=True)
class Terms:
    """What one side promises: effects on signing, effects each quarter, policy tags it forgoes."""

    text: str
    now: tuple
    each_quarter: tuple
    restraint: tuple


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    by: str  # the proposer
    to: str  # the recipient
    cost: int
    duration: int
    requires: tuple  # Condition objects
    compiled: tuple  # the same, compiled for holds_all
    gives: Terms  # the proposer's promise
    asks: Terms  # the recipient's promise
    source: str

    def terms_of(self, seat, proposer):
        """The terms ``seat`` promises in a deal where ``proposer`` proposed this template."""
        return self.gives if seat == proposer else self.asks


@dataclass(frozen=True)
class Book:
    """The offer catalogue: templates by id and the settings of bargaining."""

    templates: dict
    settings: dict

    def from_seat(self, seat):
        return list(self._by_seat.get(seat, ()))

    @cached_property
    def _by_seat(self):
        """seat -> its templates (in id order), worked out once: the catalogue is immutable."""
        out = {}
        for t in self.templates.values():
            out.setdefault(t.by, []).append(t)
        return out


def _terms(check, raw, field):
    raw = raw or {}
    check.mapping(raw, field)
    tags = raw.get("restraint") or []
    return Terms(
        text=check.text(raw, field, "text", required=False),
        now=check.effects(raw, field, "now"),
        each_quarter=check.effects(raw, field, "each_quarter"),
        restraint=tuple(tags),
    )


def parse_offers(raw, path, policy_tags=None):
    """The offer catalogue from checked data; ``policy_tags`` (seat -> tags its policies carry)
    lets a restraint be checked against what the promiser can actually do."""
    check = _Checker(path)
    templates = {}
    for field, item in check.entries(raw, "offers"):
        by = check.state(item, field, "from")
        to = check.state(item, field, "to")
        if by == to:
            check.fail(f"{field}.to", "an offer goes to another state")
        requires = check.conditions(item, field)
        t = Template(
            id=item["id"],
            name=check.text(item, field, "name"),
            by=by,
            to=to,
            cost=check.number(item, field, "cost", 0, 10, whole=True),
            duration=check.number(item, field, "duration", 1, 12, whole=True),
            requires=requires,
            compiled=compile_conditions(requires),
            gives=_terms(check, item.get("gives"), f"{field}.gives"),
            asks=_terms(check, item.get("asks"), f"{field}.asks"),
            source=check.text(item, field, "source"),
        )
        for side, seat in (("gives", by), ("asks", to)):
            terms = getattr(t, side)
            if policy_tags is not None:
                for i, tag in enumerate(terms.restraint):
                    if tag not in policy_tags.get(seat, ()):
                        check.fail(
                            f"{field}.{side}.restraint[{i}]",
                            f"no policy of {seat} carries the tag {tag!r}",
                        )
        if not any((t.gives.now, t.gives.each_quarter, t.gives.restraint)):
            check.fail(f"{field}.gives", "the proposer must promise something")
        if not any((t.asks.now, t.asks.each_quarter, t.asks.restraint)):
            check.fail(f"{field}.asks", "the recipient must promise something")
        templates[t.id] = t
    return Book(templates, dict(raw["settings"]))


def read_offers(path, policies=None):
    """Check an offers file against its schema, then parse it (restraints checked against
    ``policies``, a policy catalogue, when given)."""
    from game.engine import schemas  # (schemas reads the log's entry types, which read this)

    data = schemas.check("offers", read_yaml(path), path)
    tags = None
    if policies is not None:
        tags = {}
        for p in policies.values():
            tags.setdefault(p.by, set()).update(p.tags)
    return parse_offers(data, path, tags)


@lru_cache(maxsize=4)
def load_offers(path=None, policies=None):
    """The offer catalogue (configs/offers.yaml unless ``path``); cached: it is immutable."""
    return read_offers(Path(path) if path else CONFIGS / "offers.yaml", policies)


# ---------------------------------------------------------------- queries
def book(state):
    return state.offer_book


def open_offers(world, to=None):
    """Offers awaiting an answer (those addressed to ``to``, if given)."""
    return [o for o in world.offers if o["status"] == "open" and (to is None or o["to"] == to)]


def partner(deal, seat):
    return deal["recipient"] if seat == deal["proposer"] else deal["proposer"]


def barred(state, seat):
    """{policy id: the deal that bars it} for ``seat``'s policies under its restraint terms
    (shared until the deals change: don't modify it). Kept across quarters: which deals are in
    force changes only where _changed is called, never with the turn alone."""
    w = state.world
    deals = w.deals
    cached = state.__dict__.get("_barred")  # (world, deals, how many, {seat: what it says})
    if cached is None or cached[0] is not w or cached[1] is not deals or cached[2] != len(deals):
        cached = state.__dict__["_barred"] = (w, deals, len(deals), {})
    out = cached[3].get(seat)
    if out is None:
        out = cached[3][seat] = {}
        templates = state.offer_book.templates
        for deal in deals:
            if deal["status"] != "active" or seat not in (deal["proposer"], deal["recipient"]):
                continue
            terms = templates[deal["template"]].terms_of(seat, deal["proposer"])
            for tag in terms.restraint:
                for pid in state.tagged(seat, tag):
                    out.setdefault(pid, deal)
    return out


def in_force(state, seat):
    """The deals in force that ``seat`` is party to, in the order made, read from the index of
    the deals."""
    return [d for d in _deal_index(state)[0] if seat in (d["proposer"], d["recipient"])]


def _deal_index(state):
    """(the deals in force, in the order made; {(seat, other): why the pair can't make a
    deal now: ("holds", the first deal in force between them) or else ("rest", the first
    that ended under ``rest_after`` quarters ago)}), worked out
    once per state of the deals: a deal's status changes only here, and each change calls
    _changed, which forgets it (as does a new deal, a new turn or another world)."""
    w = state.world
    deals, turn = w.deals, w.turn
    cached = state.__dict__.get("_deal_index")  # (world, deals, how many, turn, the index)
    if (
        cached is not None
        and cached[0] is w
        and cached[1] is deals
        and cached[2] == len(deals)
        and cached[3] == turn
    ):
        return cached[4]
    rest = state.offer_book.settings["rest_after"]
    live, pairs = [], {}
    for d in deals:
        p, r = d["proposer"], d["recipient"]
        if d["status"] == "active":
            live.append(d)
            for pair in ((p, r), (r, p)):
                if pairs.get(pair, ("",))[0] != "holds":
                    pairs[pair] = ("holds", d)
        elif d["ended"] + rest > turn:
            for pair in ((p, r), (r, p)):
                pairs.setdefault(pair, ("rest", d))
    index = (live, pairs)
    state.__dict__["_deal_index"] = (w, deals, len(deals), turn, index)
    return index


def _first_open(state):
    """The index of the first of the world's offers that may still be open: an offer that
    leaves "open" never returns to it, so the index only moves on (kept per offers list)."""
    offers = state.world.offers
    n, cached = len(offers), state.__dict__.get("_first_open")
    i = cached[1] if cached is not None and cached[0] is offers and cached[1] <= n else 0
    while i < n and offers[i]["status"] != "open":
        i += 1
    state.__dict__["_first_open"] = (offers, i)
    return i


def barred_reason(state, seat, deal):
    t = state.offer_book.templates[deal["template"]]
    other = state.reg.state_names[partner(deal, seat)]
    return (
        f"promised to {other} in deal {deal['id']} ({t.name}), {deal['left']} quarter(s) left: "
        "break the deal first"
    )


def proposal_problem(state, seat, to, template_id, capital=None):
    """Why ``seat`` can't send ``template_id`` to ``to`` now ("" if it can)."""
    t = state.offer_book.templates.get(template_id)
    if t is None:
        return f"{seat}: no offer template {template_id!r}"
    block = _block(state, seat, to, t, capital)
    if block is None:
        return ""
    kind, what = block
    w = state.world
    if kind == "route":
        return f"{seat}: {template_id} is an offer from {t.by} to {t.to}"
    if kind == "requires":
        needs = ", ".join(
            f"{state.reg.name(c.key)} {c.symbol} {c.value:g}" for c in t.requires if not c.holds(w)
        )
        return f"{seat}: {t.name} needs {needs}"
    if kind == "holds":
        return f"{seat}: deal {what['id']} with {to} still holds (one deal a pair at a time)"
    if kind == "rest":
        rest = state.offer_book.settings["rest_after"]
        return f"{seat}: a deal with {to} ended in turn {what['ended']}; wait {rest} quarters"
    if kind == "open":
        return f"{seat}: offer {what['id']} on these terms awaits an answer"
    return f"{seat}: the offer costs {t.cost} political capital, only {what:g} left"


def _block(state, seat, to, t, capital):
    """What stops ``seat`` sending template ``t`` to ``to`` now, as (kind, what it is), or None
    if nothing does: the one check, which proposal_problem words and proposable only asks."""
    if t.by != seat or t.to != to:
        return "route", None
    w = state.world
    if t.compiled and not holds_all(t.compiled, w.values, w.turn):
        return "requires", None
    if w.deals:
        why = _deal_index(state)[1].get((seat, to))  # a deal in force, or one just ended
        if why is not None:
            return why
    offers = w.offers
    for i in range(_first_open(state), len(offers)):
        o = offers[i]
        if o["status"] == "open" and o["template"] == t.id:
            return "open", o
    left = state.capital_left(seat) if capital is None else capital
    if t.cost > left:
        return "capital", left
    return None


def proposable(state, seat, capital=None):
    """The templates ``seat`` may send now (id order)."""
    return [
        t
        for t in state.offer_book._by_seat.get(seat, ())
        if _block(state, seat, t.to, t, capital) is None
    ]


# ---------------------------------------------------------------- actions
def _cause(ident, actor, via=""):
    return ("deal", ident, actor, via)


def _changed(state, deals=True):
    """Offers or deals changed what is legal: forget the cached legal actions (and, if the
    deals changed, their index)."""
    state._legal_cache.clear()
    if deals:
        state.__dict__.pop("_deal_index", None)
        state.__dict__.pop("_barred", None)


def propose(state, seat, to, template_id, counter_of="", reason="", capital=None):
    """Send an offer now (checked; its cost paid at once; ``reason`` worded if texts are on:
    words.reason_text). Returns the offer (a dict)."""
    problem = proposal_problem(state, seat, to, template_id, capital)
    if problem:
        raise GameError(problem)
    w, t = state.world, state.offer_book.templates[template_id]
    ident = f"o{len(w.offers) + 1}"
    offer = {
        "id": ident,
        "turn": w.turn,
        "from": seat,
        "to": to,
        "template": template_id,
        "counter_of": counter_of,
        "status": "open",
        "reason": reason_text(reason) if state.texts else "",
        "answer": "",
    }
    w.offers.append(offer)
    if t.cost:
        w.add(f"{seat}.capital", -t.cost, _cause(ident, seat, template_id))
    # No news: an offer is between the two states (in a class game the other teams must not
    # read it on their turns); the deal it may become is news (a lapse is news to the two).
    _changed(state, deals=False)
    return offer


def find_offer(state, offer_id):
    for o in state.world.offers:
        if o["id"] == offer_id:
            return o
    raise GameError(f"no offer {offer_id!r}")


def answer_problem(state, seat, offer_id, choice, counter=""):
    """Why ``seat`` can't give this answer now ("" if it can)."""
    if choice not in CHOICES:
        return f"{seat}: answer an offer with {', '.join(CHOICES)}, not {choice!r}"
    offer = next((o for o in state.world.offers if o["id"] == offer_id), None)
    if offer is None:
        return f"{seat}: no offer {offer_id!r}"
    if offer["to"] != seat:
        return f"{seat}: offer {offer_id} is addressed to {offer['to']}"
    if offer["status"] != "open":
        return f"{seat}: offer {offer_id} is {offer['status']}, not open"
    if choice == "counter":
        if offer["counter_of"]:
            return f"{seat}: {offer_id} is already a counter-offer (one round a quarter)"
        return proposal_problem(state, seat, offer["from"], counter)
    return ""


def answer(state, seat, offer_id, choice, counter="", reason=""):
    """The recipient's answer: accept (the deal is signed now), decline or counter (``reason``
    as for propose). Returns the deal signed or the counter-offer sent (None on a decline)."""
    problem = answer_problem(state, seat, offer_id, choice, counter)
    if problem:
        raise GameError(problem)
    offer = find_offer(state, offer_id)
    offer["answer"] = reason_text(reason) if state.texts else ""
    if choice == "accept":
        offer["status"] = "accepted"
        return sign(state, offer)
    if choice == "decline":
        offer["status"] = "declined"
        return None
    offer["status"] = "countered"
    return propose(state, seat, offer["from"], counter, counter_of=offer_id, reason=reason)


def sign(state, offer):
    """An accepted offer becomes a deal: the ``now`` terms of both sides apply at once, and the
    pair's other open offers lapse (both sides may have proposed in the same quarter; without
    this both were signed, two deals a pair in force: balance, issue 11)."""
    w, t = state.world, state.offer_book.templates[offer["template"]]
    ident = f"d{len(w.deals) + 1}"
    deal = {
        "id": ident,
        "offer": offer["id"],
        "template": t.id,
        "proposer": offer["from"],
        "recipient": offer["to"],
        "start": w.turn,
        "left": t.duration,
        "status": "active",
        "ended": 0,
        "broken_by": "",
    }
    w.deals.append(deal)
    for seat, terms in ((deal["proposer"], t.gives), (deal["recipient"], t.asks)):
        apply_effects(w, terms.now, _cause(ident, seat, t.id), state.random)
    if state.texts:
        names = state.reg.state_names
        state.news(
            "deal",
            deal["recipient"],
            ident,
            f"Deal: {names[deal['proposer']]} and {names[deal['recipient']]} agree on "
            f"{t.name} ({t.duration} quarters)",
        )
    pair = {deal["proposer"], deal["recipient"]}
    for o in w.offers:  # one deal a pair at a time: the pair's other offers lapse
        if o["status"] == "open" and {o["from"], o["to"]} == pair:
            _lapse(state, o, f"the two signed deal {ident[1:]} ({t.name}) instead")
    _changed(state)
    drop_barred(state)
    return deal


def _lapse(state, offer, why):
    """An open offer lapses, ``why`` saying what ended it: its answer, and a news line that
    names it (kind ``offer``: only its two states read it, see ``news_for``)."""
    offer["status"] = "lapsed"
    if state.texts:
        names = state.reg.state_names
        name = state.offer_book.templates[offer["template"]].name
        offer["answer"] = why
        state.news(
            "offer",
            offer["from"],
            offer["id"],
            f"Offer {offer['id'][1:]} lapsed, {names[offer['from']]} to {names[offer['to']]}: "
            f"{name}. {why[:1].upper()}{why[1:]}.",
        )


def news_for(world, seat=None):
    """The news ``seat`` may read (None: the whole class, on the projector): an offer's news
    (kind ``offer``) is between its two states, as the offer is (the deal it may become is
    everyone's news)."""
    log = world.log
    if seat is None:
        return [e for e in log if e["kind"] != "offer"]
    # (an offer's states; a team's window mirrors only the offers it is party to)
    mine = {o["id"] for o in world.offers if seat in (o["from"], o["to"])}
    return [e for e in log if e["kind"] != "offer" or e["id"] in mine]


def drop_barred(state):
    """Take out of this quarter's submissions the policies a new deal bars (a seat that just
    promised restraint keeps its word from this quarter on)."""
    for seat, (actions, responses) in list(state.submissions.items()):
        bar = barred(state, seat)
        if any(p in bar for p in actions):
            state.submissions[seat] = ([p for p in actions if p not in bar], responses)


def find_deal(state, deal_id):
    for d in state.world.deals:
        if d["id"] == deal_id:
            return d
    raise GameError(f"no deal {deal_id!r}")


def break_problem(state, seat, deal_id):
    deal = next((d for d in state.world.deals if d["id"] == deal_id), None)
    if deal is None:
        return f"{seat}: no deal {deal_id!r}"
    if seat not in (deal["proposer"], deal["recipient"]):
        return f"{seat}: deal {deal_id} is between {deal['proposer']} and {deal['recipient']}"
    if deal["status"] != "active":
        return f"{seat}: deal {deal_id} is {deal['status']}"
    return ""


def break_deal(state, seat, deal_id):
    """``seat`` walks away from a deal: its partner and the onlookers trust it less and its
    reputation for keeping deals falls (each a ledger entry whose cause is the deal)."""
    problem = break_problem(state, seat, deal_id)
    if problem:
        raise GameError(problem)
    deal = find_deal(state, deal_id)
    deal["status"], deal["broken_by"], deal["ended"] = "broken", seat, state.world.turn
    _standing(state, deal, seat, state.offer_book.settings["breach"], "breach")
    if state.texts:
        t = state.offer_book.templates[deal["template"]]
        names = state.reg.state_names
        state.news(
            "breach",
            seat,
            deal_id,
            f"{names[seat]} breaks deal {deal_id} with {names[partner(deal, seat)]}: {t.name}",
        )
    _changed(state)
    return deal


def _standing(state, deal, seat, terms, via):
    """What keeping or breaking ``deal`` does to others' trust in ``seat`` and its reputation."""
    w, cause = state.world, _cause(deal["id"], seat, via)
    other = partner(deal, seat)
    for o in state.reg.states:
        if o != seat:
            gain = terms["partner_trust"] if o == other else terms["onlooker_trust"]
            w.add(f"{o}>{seat}.trust", gain, cause)
    w.add(f"{seat}.reputation", terms["reputation"], cause)


def run_terms(state):
    """The resolution phase's deal step: every deal in force applies its ``each_quarter``
    terms (in the order deals were made); a deal whose last quarter this is is kept."""
    w, templates = state.world, state.offer_book.templates
    keep = state.offer_book.settings["keep"]
    # (A scan, not the index: the index is rebuilt after bargaining only if asked, and the
    # deals this step keeps change it again.)
    for deal in [d for d in w.deals if d["status"] == "active"]:
        t = templates[deal["template"]]
        for seat, terms in ((deal["proposer"], t.gives), (deal["recipient"], t.asks)):
            apply_effects(w, terms.each_quarter, _cause(deal["id"], seat, t.id), state.random)
        deal["left"] -= 1
        if deal["left"] <= 0:
            deal["status"], deal["ended"] = "kept", w.turn
            for seat in (deal["proposer"], deal["recipient"]):
                _standing(state, deal, seat, keep, "kept")
            if state.texts:
                names = state.reg.state_names
                state.news(
                    "deal",
                    deal["proposer"],
                    deal["id"],
                    f"Deal kept: {names[deal['proposer']]} and {names[deal['recipient']]} "
                    f"saw {t.name} through",
                )
            _changed(state)


def bargain(state, decisions):
    """The bargaining phase (after the decisions): the AI seats break the deals they no longer
    want, propose, and answer the offers addressed to them (counters included, in the order
    made); offers to humans left from last quarter lapse. ``decisions`` (seat -> decision) lose
    the policies a new deal bars."""
    w, reg = state.world, state.reg
    people = (*state.humans, *state.passive)
    ais = [s for s in reg.states if s not in people]
    for seat in ais:
        for deal_id in state.seats[seat].deals_to_break(state):
            break_deal(state, seat, deal_id)
    for seat in ais:
        # An AI's offer comes before the policies it chose last: it drops them, last first,
        # until it can pay for the offer (a submitted decision keeps all its policies).
        fixed = seat in state.submissions
        actions = list(decisions[seat][0])
        capital = state.capital_left(seat, actions if fixed else ())
        for to, template_id, reason in state.seats[seat].offers_to_make(state, capital):
            cost = state.offer_book.templates[template_id].cost
            while actions and not fixed and state.capital_left(seat, actions) < cost:
                actions.pop()
            left = state.capital_left(seat, actions)
            if not proposal_problem(state, seat, to, template_id, left):
                propose(state, seat, to, template_id, reason=reason, capital=left)
                _replace_actions(decisions, seat, actions)
                capital = state.capital_left(seat, actions)
    i = _first_open(state)  # (those before it are all answered)
    while i < len(w.offers):  # counters made here are answered here too
        offer = w.offers[i]
        i += 1
        if offer["status"] != "open" or offer["to"] in people:
            continue
        seat = offer["to"]
        choice, counter, reason = state.seats[seat].answer_offer(state, offer)
        if answer_problem(state, seat, offer["id"], choice, counter):
            choice, counter = "decline", ""
        answer(state, seat, offer["id"], choice, counter, reason)
    for offer in w.offers[_first_open(state) :]:
        if offer["status"] == "open" and offer["to"] in people and offer["turn"] < w.turn:
            name = reg.state_names[offer["to"]]
            _lapse(state, offer, f"{name} did not answer it in the quarter it had")
    for seat, decision in list(decisions.items()):
        bar = barred(state, seat) if w.deals else {}
        if any(p in bar for p in decision[0]):
            _replace_actions(decisions, seat, [p for p in decision[0] if p not in bar])


def _replace_actions(decisions, seat, actions):
    decision = decisions[seat]
    if list(decision[0]) == list(actions):
        return
    if hasattr(decision, "_replace"):
        decisions[seat] = decision._replace(actions=list(actions))
    else:
        decisions[seat] = (list(actions), *decision[1:])


def summary(state):
    """Counts for records: offers made, deals made, kept and broken (and by whom)."""
    w = state.world
    return {
        "offers": len(w.offers),
        "deals": len(w.deals),
        "kept": sum(1 for d in w.deals if d["status"] == "kept"),
        "broken": sum(1 for d in w.deals if d["status"] == "broken"),
        "broken_by": sorted(d["broken_by"] for d in w.deals if d["broken_by"]),
        "pairs": sorted(f"{d['proposer']}-{d['recipient']}" for d in w.deals),
    }


def check_book(path):
    """The validate command's check: the count of templates, or a ConfigError."""
    return f"{len(read_offers(path, load_catalog().policies).templates)} offer templates"
