"""Previews for a player: what a card or an event answer would likely do, worked out on
copies of the game (the game itself never changes, and draws no random number)."""

from collections import Counter

from game.engine.errors import GameError
from game.engine.words import effect_text


def good_or_bad(model, seat, key, delta, values=None):
    """+1 if moving ``key`` by ``delta`` raises the seat's score, -1 if it lowers it, 0 if the
    seat's objectives don't care (tried at the change itself, then a tenth of the range, so a
    flat stretch past a threshold still shows which way is good)."""
    values = dict(model.world.values if values is None else values)
    now = model.score_values(seat, values)
    spec = model.reg[key]
    for step in (delta, (spec.hi - spec.lo) * 0.1 * (1 if delta > 0 else -1)):
        moved = dict(values)
        moved[key] = min(spec.hi, max(spec.lo, values[key] + step))
        d = model.score_values(seat, moved) - now
        if abs(d) > 1e-9:
            return 1 if d > 0 else -1
    return 0


FUTURES = 6  # futures each preview plays, the same ones with and without the card


def preview(model, seat, policy_id, futures=FUTURES):
    """``preview_futures`` played to the end: the preview as a dict."""
    *_played, out = preview_futures(model, seat, policy_id, futures)
    return out


def preview_futures(model, seat, policy_id, futures=FUTURES, responses=None, without_cache=None):
    """Yields the number of futures played so far after each, then the preview (a dict), so
        a window can play one future per frame; ``without_cache`` (a dict kept for the turn) shares
    the futures without the card between the cards' previews. The likely effects of one policy, on clones: ``futures`` copies of the next quarter
        played with it and as many without it, pairwise on the same random numbers (copy k of
        each reseeded with k, the other seats playing their rules), so a difference is the card's
        and not the dice's. Each changed indicator's mean difference and its range over the
        futures; the rules that answered it (in how many futures); the seat's score change.
        The same state always gives the same preview (the reseeds are fixed)."""
    base_sub = model.submissions.get(seat, ([], None))
    if base_sub[1] is not None:
        responses = base_sub[1]
    elif responses is None:  # the advisor's answers (a caller may pass them, cached)
        responses = model.advice(seat)["responses"]
    others = [a for a in base_sub[0] if a != policy_id]
    diffs, scores, answered = {}, [], Counter()
    for k in range(futures):
        with_it = model.clone(lookahead=True, reseed=k)
        with_it.submit(seat, others + [policy_id], responses)
        start = len(with_it.world.ledger)
        with_it.step()
        base_values, base_score = _without(model, seat, others, responses, k, without_cache)
        for key in model.reg.indicators:
            d = with_it.world.values[key] - base_values[key]
            if abs(d) > 1e-6:
                diffs.setdefault(key, [0.0] * futures)[k] = d
        scores.append(with_it.scores()[seat] - base_score)
        answered.update(
            {
                (e.actor or "world", e.source)
                for e in with_it.world.entries(start=start)
                if e.kind == "rule" and e.via == policy_id
            }
        )
        if k + 1 < futures:
            yield k + 1
    deltas = {key: round(sum(ds) / futures, 3) for key, ds in diffs.items()}
    policy = model.catalog.policies[policy_id]
    yield {
        "policy": policy_id,
        "futures": futures,
        # In how many futures each indicator differed: a change in most of them is the card's
        # doing; one in a few is a chance event that fired in one copy and not the other.
        "seen_in": {key: sum(1 for d in ds if d) for key, ds in diffs.items()},
        "direct": [effect_text(model.reg, eff) for eff in policy.effects],
        "deltas": dict(sorted(deltas.items(), key=lambda kv: -abs(kv[1]))),
        "ranges": {key: (round(min(ds), 3), round(max(ds), 3)) for key, ds in diffs.items()},
        "reactions": [
            f"{actor}: {rule}" + ("" if n == futures else f" (in {n} of {futures} futures)")
            for (actor, rule), n in answered.most_common()
        ],
        "score_change": round(sum(scores) / futures, 2),
        "score_range": (round(min(scores), 2), round(max(scores), 2)),
    }


def _without(model, seat, others, responses, k, cache):
    """Future ``k`` without the card: (values, the seat's score), from ``cache`` if there."""
    key = (tuple(others), tuple(sorted(responses.items())), k)
    if cache is not None and key in cache:
        return cache[key]
    without = model.clone(lookahead=True, reseed=k)
    without.submit(seat, others, responses)
    without.step()
    out = (dict(without.world.values), without.scores()[seat])
    if cache is not None:
        cache[key] = out
    return out


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
