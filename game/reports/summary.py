"""The turn summary as data: what each state did in a quarter (with the rules' reasons and,
for the debrief, each decision's effects and the rules that answered it), the quarter's events,
and what changed for a seat and why (the ledger's causes). Built once here; the one-player
summary screen, the classroom summary screen and the debrief each only draw it."""

from collections import defaultdict

from game.engine.words import group_causes, indicator_name
from game.engine.world import Entry
from game.play.preview import good_or_bad

SHOWN_CAUSES = 3  # causes listed by name; the rest are summed as "+N more"


def seat_keys(model, seat):
    """The indicators a seat watches: the terms of its objectives, then the headline China-Japan
    relations (the essay's question), in a stable order."""
    keys = []
    for objective in model.catalog.objectives[seat]:
        for term in objective.terms:
            if term[0] not in keys:
                keys.append(term[0])
    for key in ("CHN-JPN.relations", f"{seat}.approval"):
        if key not in keys:
            keys.append(key)
    return keys


def decision_effects(model, turn, seat, ident, kind, last_turn=None):
    """(direct changes, rules that answered) of one decision: the ledger entries it caused
    from ``turn`` to ``last_turn`` (a multi-turn policy's ongoing and final effects; default
    ``turn``), and the rule entries with via == it in those turns."""
    last_turn = turn if last_turn is None else last_turn
    direct = defaultdict(float)
    answered = defaultdict(lambda: defaultdict(float))
    for e in model.world.entries():
        if not turn <= e.turn <= last_turn:
            continue
        if e.kind == kind and e.source == ident and e.actor == seat:
            direct[e.key] += e.delta
        elif e.kind == "rule" and e.via == ident:
            answered[(e.actor or "world", e.source)][e.key] += e.delta
    return dict(direct), {k: dict(v) for k, v in answered.items()}


def _decisions(model, turn, seat, decision, effects):
    actions, responses, reasons = decision
    cat = model.catalog
    out = []
    for pid in actions:
        policy = cat.policies[pid]
        item = {
            "kind": "policy",
            "id": pid,
            "name": policy.name,
            "duration": policy.duration,
            "reason": reasons.get(pid),  # (rule, why) for a seat a rule set plays
        }
        if effects:
            last = turn + max(1, policy.duration) - 1  # in progress: not chosen again till done
            item["direct"], item["answered"] = decision_effects(
                model, turn, seat, pid, "policy", last
            )
        out.append(item)
    for eid, rid in responses.items():
        event = cat.events.get(eid)
        item = {
            "kind": "response",
            "id": f"{eid}:{rid}",
            "event": eid,
            "title": event.title if event else None,  # None: an event the deck no longer has
            "label": next((r.label for r in event.responses if r.id == rid), rid) if event else rid,
        }
        if effects:
            item["direct"], item["answered"] = decision_effects(
                model, turn, seat, item["id"], "response"
            )
        out.append(item)
    return out


def _chance(entry):
    """A quarter's chance draws: the events of its briefing (before anyone decides). Works on
    an Entry or the ledger's raw tuple (same field order)."""
    return entry[1] == "briefing" and entry[5] == "event"


def shown_values(model, turn):
    """The values a seat saw while deciding quarter ``turn``: the start of the quarter with
    that quarter's events drawn. The turn screen and the summary share this baseline."""
    if turn < 1 or turn > len(model.snapshots):
        return dict(model.world.values)
    values = dict(model.snapshots[turn - 1])
    for e in model.world.ledger:  # raw tuples: (turn, phase, key, before, after, kind, ...)
        if e[0] == turn and _chance(e):
            values[e[2]] = e[4]
    return values


def quarter_entries(model, turn):
    """The ledger entries between deciding ``turn`` and deciding the next quarter: the
    quarter's resolution (and the facilitator's actions during it) and the next quarter's
    events. Their deltas add up to shown_values(turn + 1) - shown_values(turn)."""
    return [
        Entry(*e)
        for e in model.world.ledger
        if (e[0] == turn and not _chance(e)) or (e[0] == turn + 1 and _chance(e))
    ]


def cause_lines(causes, shown=SHOWN_CAUSES):
    """(the first ``shown`` causes, (how many more, their total) or None): every cause counted."""
    rest = causes[shown:]
    return causes[:shown], ((len(rest), sum(d for _t, d, _n in rest)) if rest else None)


def _changes(model, seat, turn, before, after):
    """The indicators ``seat`` watches (and the headline ones) that moved from deciding
    ``turn`` to deciding the next quarter, each with all its causes from the ledger (largest
    first) and whether the change is good or bad for the seat's objectives."""
    reg = model.reg
    watched = seat_keys(model, seat)
    keys = watched + [k for k in reg.headline if k not in watched]
    entries = quarter_entries(model, turn)
    out = []
    for key in keys:
        b, a = before[key], after[key]
        if abs(a - b) <= 1e-9:
            continue
        out.append(
            {
                "key": key,
                "name": indicator_name(reg, key),
                "before": b,
                "after": a,
                "good": good_or_bad(model, seat, key, a - b, before),
                "band_before": reg[key].band(b),
                "band_after": reg[key].band(a),
                "causes": group_causes(model, [e for e in entries if e.key == key]),
            }
        )
    return out


def turn_summary(model, turn, decisions=None, seat=None, effects=False):
    """The summary of quarter ``turn`` of ``model``.

    ``decisions``: seat -> (actions, responses, reasons) of that quarter (default: the model's
    last resolved quarter). ``seat``: also each seat's score before and after and what ``seat``
    watches that changed, and why. ``effects``: each decision's direct changes and the rules
    that answered it (the debrief's turn table)."""
    decisions = model.last_decisions if decisions is None else decisions
    reg = model.reg
    seats = [
        {
            "seat": s,
            "name": reg.state_names[s],
            "human": s in model.humans,
            "persona": model.persona_names.get(s, "default"),
            "decisions": _decisions(model, turn, s, decisions.get(s, ((), {}, {})), effects),
        }
        for s in reg.states
    ]
    out = {
        "turn": turn,
        "quarter": model.scenario.quarter_label(turn),
        "seats": seats,
        "news": [
            {"kind": e["kind"], "text": e["text"]}
            for e in model.world.log
            if e["turn"] == turn
            and e["kind"] in ("event", "completed", "deal", "breach", "facilitator")
        ],
    }
    if seat is not None:
        before, after = shown_values(model, turn), shown_values(model, turn + 1)
        out["scores"] = {
            s: (model.score_values(s, before), model.score_values(s, after)) for s in reg.states
        }
        out["changes"] = _changes(model, seat, turn, before, after)
        # The next quarter's events are in "after" (the turn screen shows them): name them.
        out["next_news"] = [
            {"kind": e["kind"], "text": e["text"]}
            for e in model.world.log
            if e["turn"] == turn + 1 and e["kind"] == "event"
        ]
    return out


def objective_terms(model, seat, key=None):
    """How the seat's score reads each indicator: [{objective, share, key, lo, hi, low_is_good,
    part}] (``part``: the term's share of its objective), for one ``key`` or all of them."""
    out = []
    for o in model.catalog.objectives[seat]:
        total = sum(t[1] for t in o.terms) or 1.0
        for k, weight, lo, hi, invert in o.terms:
            if key is None or k == key:
                out.append(
                    {
                        "objective": o.label,
                        "share": o.weight,
                        "key": k,
                        "lo": lo,
                        "hi": hi,
                        "low_is_good": bool(invert),
                        "part": weight / total,
                    }
                )
    return out


def levers(model, seat, key):
    """What would move ``key``: the seat's own cards that change it directly, other states'
    cards and the deck's events that do, and the rules that have moved it in this game (each
    with what it models and its total so far). Read from the catalogue and the ledger."""
    cat = model.catalog

    def hits(items):
        return [
            (item, sum(e.value for e in item.effects if e.key == key and e.op == "add"))
            for item in items
            if any(e.key == key for e in item.effects)
        ]

    mine = hits(cat.policies_for(seat))
    others = [
        (p, d) for p, d in hits(cat.policies.values()) if p.by != seat and p.by in model.reg.states
    ]
    rules = {r.name: r for r in model.world_rules}
    for s in model.reg.states:
        rules.update({r.name: r for r in model.seats[s].rules})
    moved = defaultdict(float)
    for e in model.world.entries(key=key):
        if e.kind == "rule":
            moved[e.source] += e.delta
    return {
        "mine": [(p.name, p.cost, d) for p, d in mine],
        "others": [(model.reg.state_names.get(p.by, p.by), p.name, d) for p, d in others],
        "events": [(ev.title, d) for ev, d in hits(cat.events.values())],
        "rules": [
            (name, rules[name].models if name in rules else "", total)
            for name, total in sorted(moved.items(), key=lambda kv: -abs(kv[1]))
        ],
    }


def capital_refill(model, seat):
    """(what the rules added to the seat's political capital last quarter, their names, the
    cap): the refill the turn screen explains (it comes from approval, so it is fractional)."""
    key = f"{seat}.capital"
    turn = model.turn - 1
    entries = [e for e in model.world.entries(key=key, turn=turn) if e.kind == "rule"]
    names = list(dict.fromkeys(e.source for e in entries))
    return sum(e.delta for e in entries), names, model.reg[key].hi
