"""Previews for a player: what a card or an event answer would likely do, worked out on
copies of the game (the game itself never changes, and draws no random number)."""

from collections import Counter

from game.engine.errors import GameError
from game.engine.words import effect_text


def preview(model, seat, policy_id):
    """The likely effects of one policy, computed on clones: the world one turn on with and
    without it (other seats playing their rules), what changed, and the rules that answered."""
    base_sub = model.submissions.get(seat, ([], None))
    responses = base_sub[1] if base_sub[1] is not None else model.advice(seat)["responses"]
    others = [a for a in base_sub[0] if a != policy_id]
    with_it = model.clone(lookahead=True)
    without = model.clone(lookahead=True)
    with_it.submit(seat, others + [policy_id], responses)
    without.submit(seat, others, responses)
    start = len(with_it.world.ledger)
    with_it.step()
    without.step()
    deltas = {}
    for key in model.reg.indicators:
        d = with_it.world.values[key] - without.world.values[key]
        if abs(d) > 1e-6:
            deltas[key] = round(d, 3)
    answered = Counter(
        (e.actor or "world", e.source)
        for e in with_it.world.entries(start=start)
        if e.kind == "rule" and e.via == policy_id
    )
    policy = model.catalog.policies[policy_id]
    return {
        "policy": policy_id,
        "direct": [effect_text(model.reg, eff) for eff in policy.effects],
        "deltas": dict(sorted(deltas.items(), key=lambda kv: -abs(kv[1]))),
        "reactions": [f"{actor}: {rule}" for (actor, rule), _n in answered.most_common()],
        "score_change": round(with_it.scores()[seat] - without.scores()[seat], 2),
    }


def preview_response(model, seat, event_id):
    """What each answer to one of the seat's pending events would do: its direct effects in
    words, how each other state reads it (signals), and the expected change in the seat's
    score from the direct effects (chances weighted, no rules' answers)."""
    event = next((e for e in model.pending_events(seat) if e.id == event_id), None)
    if event is None:
        raise GameError(f"{seat}: no event {event_id!r} awaits its answer this turn")
    now = model.score_after(seat, ())
    return [
        {
            "response": r.id,
            "label": r.label,
            "direct": [effect_text(model.reg, eff) for eff in r.effects],
            "signals": dict(r.signals),
            "score_change": round(model.score_after(seat, r.effects) - now, 2),
        }
        for r in event.responses
    ]
