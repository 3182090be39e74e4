"""The advisor: what a seat's own default rule set would choose now, and why (the same rules
that play the seat as an AI, without their noise), explained in the seat's objectives: what
each recommended card does directly to each objective's score (chances weighted, before the
other states answer), and how tired a reused card is (game/engine/fatigue.py)."""

from agents import bargaining
from agents.personas import (
    OBJECTIVES_REASON,
    best_responses,
    persona_settings,
    pick_within_capital,
    with_objectives,
)
from game.engine import deals
from game.engine.words import reason_text


def objective_changes(state, seat, effects, share=1.0):
    """{objective label: change in its 0-100 score} if ``effects`` landed now at ``share`` of
    their strength (chances weighted), largest first; the world is not touched."""
    values, reg, changed = state.world.values, state.reg, {}
    for eff in effects:
        current = changed.get(eff.key, values[eff.key])
        move = eff.chance * (eff.target_value(current) - current)
        if eff.op != "set":
            move *= share
        changed[eff.key] = reg[eff.key].clamp(current + move)
    out = {}
    for o in state.catalog.objectives[seat]:
        if not o.keys.isdisjoint(changed):
            d = o.score(values, changed) - o.score(values)
            if abs(d) >= 0.05:
                out[o.label] = round(d, 1)
    return dict(sorted(out.items(), key=lambda kv: -abs(kv[1])))


def explain(state, seat, pid, rule, reason):
    """One line: the card, its rule's reason and its direct effect on the seat's objectives."""
    policy = state.catalog.policies[pid]
    share = state.fatigue_share(pid)
    changes = objective_changes(state, seat, policy.effects, share)
    parts = [f"{label} {d:+.1f}" for label, d in changes.items()]
    said = f"{policy.name}: {reason} ({rule})"
    if parts:
        said += "; directly " + ", ".join(parts)
    elif policy.duration > 1:
        said += f"; pays off in {policy.duration} quarters"
    if share < 1.0:
        said += f"; played lately, it does {share:.0%} of its effect"
    return said


def offer_answers(state, seat):
    """{offer id: (choice, counter template id, reason in words)}: what the seat's default rules
    would answer each open offer addressed to it (agents/bargaining.py), judged on a copy of the
    game: the look-ahead keeps this quarter's judgements on the state it runs on, and asking
    for advice must not change the game."""
    offers = deals.open_offers(state.world, seat)
    if not offers:
        return {}
    copy = state.clone()
    out = {}
    for offer in offers:
        choice, counter, reason = bargaining.answer(copy, seat, offer)
        out[offer["id"]] = (choice, counter, reason_text(reason))
    return out


def offer_proposals(state, seat, chosen=None):
    """[(recipient, template id, reason in words)]: the offer the seat's default rules would
    make now, as an AI seat's bargaining phase makes it (agents/bargaining.py: at most one a
    quarter, with all of its capital, none that would bar a policy it is playing), judged on
    a copy of the game, as ``offer_answers`` is. ``chosen``: the policies it plays this
    quarter (default: the advisor's)."""
    if not state.offer_book.templates:
        return []
    if chosen is None:
        chosen = [pid for pid, _rule, _why in advice(state, seat)["actions"]]
    copy = state.clone()
    copy.world.phase = "bargaining"  # (as an AI's offers are judged: after its decisions)
    copy.last_decisions = {**copy.last_decisions, seat: (list(chosen), {}, {})}
    found = bargaining.offers_to_make(copy, seat, copy.capital_left(seat))
    return [(to, tid, reason_text(why)) for to, tid, why in found]


def advice(state, seat):
    """The seat's default choice now: [(policy id, rule, reason)], answers, utilities, and the
    reasoning in the seat's objectives (one line per card)."""
    utilities, reasons = state.seats[seat].advise(state)
    utilities = with_objectives(
        state, seat, utilities, persona_settings()["default"]["objective_weight"]
    )
    actions = pick_within_capital(state, seat, utilities, state.scenario.ai_max_actions)
    why = {pid: reasons.get(pid, OBJECTIVES_REASON) for pid in actions}
    return {
        "actions": [(pid, *why[pid]) for pid in actions],
        "responses": best_responses(state, seat),
        "utilities": utilities,
        "explanation": [explain(state, seat, pid, *why[pid]) for pid in actions],
    }
