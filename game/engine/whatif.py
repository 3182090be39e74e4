"""What-if scoring: a seat's score if some effects applied now, without copying the world
(``State.score_after``, which every look-ahead asks: the AIs' answers to events, the bargaining
phase's look-ahead on a deal's terms, the advisor and the previews). The functions are the
State's methods (``self`` is the State); they live here to keep the State's module to its job.

Everything is cached so that it is the same to the bit as scoring afresh: a seat's scores of
the world now per (world, ledger length), kept while the ledger's new entries touch none of
the keys its objectives read; per objectives and effects tuple, which effects matter and
which objectives they touch. The arithmetic is ``Objective.score``'s and ``Indicator.clamp``'s,
inlined, in the same order.
"""

from math import floor as _floor

from game.engine.world import _BOUNDS


def score_after(self, seat, effects):
    """The seat's score if ``effects`` applied now (no chance rolls, no ledger): scored on
    the changed values laid over the world's, without copying the world. Objectives that
    the effects don't touch keep their score of the current world, computed once while the
    values it reads hold (as is the score with no effects). The hot path of every look-ahead: the clamp,
    the effects' targets and ``Objective.score`` are inlined, the same arithmetic in the
    same order, and only effects on keys the seat's objectives read are worked out (no
    other value is read), so every result is the same to the bit."""
    w = self.world
    cached = self._score_cache.get(seat)
    if cached is None or cached[0] is not w or cached[1] != len(w.ledger):
        cached = self._score_now(seat, cached)
    if not effects:
        return cached[2]
    plan = cached[5].get(id(effects))  # _what_if(objectives, effects), its hit inlined
    if plan is None or plan[0] is not effects:
        relevant, touched = _what_if(self.catalog.objectives[seat], effects)
    else:
        relevant, touched = plan[1]
    if touched is None:  # no objective reads what the effects change
        return cached[2]
    values, changed = w.values, {}
    for eff in relevant:
        key, op = eff.key, eff.op
        current = changed[key] if key in changed else values[key]
        if op == "add":
            target = current + eff.value
        elif op == "set":
            target = eff.value
        else:
            target = current + (eff.value - current) * eff.rate
        v = current + eff.chance * (target - current)
        lo, hi, scale = _BOUNDS[key]
        v = v if v > lo else lo  # Indicator.clamp: min(hi, max(lo, v)), then the snap
        v = v if v < hi else hi
        changed[key] = _floor(v * scale + 0.5) / scale
    total = 0
    for (weighted_now, weight, _keys, terms, wsum), hit in zip(cached[3], touched, strict=True):
        if not hit:
            total += weighted_now
            continue
        part = 0.0  # Objective.score(values, changed), inlined
        for key, term_weight, lo, span, invert in terms:
            x = ((changed[key] if key in changed else values[key]) - lo) / span
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            part += term_weight * ((1.0 - x) if invert else x)
        total += weight * (100.0 * part / wsum)
    return total


def score_now(self, seat, cached):
    """The score cache of ``seat`` for the world now: (world, ledger length, the score,
    per objective (weight x its score now, weight, keys, compiled terms, weight sum), the
    keys the objectives read). Values change only through World.change, which writes a
    ledger entry for every change: if the few entries since ``cached`` touch none of the
    keys the seat's objectives read, its scores are those of ``cached``, to the bit."""
    w = self.world
    ledger, n = w.ledger, len(w.ledger)
    if cached is not None and cached[0] is w and cached[1] < n <= cached[1] + _RESCAN:
        keys = cached[4]
        for i in range(cached[1], n):
            if ledger[i][2] in keys:
                break
        else:
            cached = self._score_cache[seat] = (w, n, *cached[2:])
            return cached
    plans, keys, objectives = _of(self.catalog.objectives[seat])
    values, total, rows = w.values, 0, []
    for weight, okeys, terms, wsum in objectives:
        part = 0.0  # Objective.score(values), inlined
        for key, term_weight, lo, span, invert in terms:
            x = (values[key] - lo) / span
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            part += term_weight * ((1.0 - x) if invert else x)
        weighted = weight * (100.0 * part / wsum)
        total += weighted
        rows.append((weighted, weight, okeys, terms, wsum))
    cached = self._score_cache[seat] = (w, n, total, rows, keys, plans)
    return cached


def score_delta(self, seat, effects):
    """``score_after(seat, effects) - score_after(seat, ())`` in one call (the same number):
    what the bargaining look-ahead asks."""
    after = score_after(self, seat, effects)
    return after - self._score_cache[seat][2]


def snapshot(self, seat):
    """A token for the seat's scoring as the world stands now, to score on later as of now
    (``score_at``): the world, the score cache's rows (the same object while none of the
    keys the seat's objectives read has changed) and those keys' values. Shared while valid."""
    score_after(self, seat, ())  # (brings the score cache up to date)
    w, rows = self.world, self._score_cache[seat][3]
    snaps = self.__dict__.setdefault("_score_snaps", {})
    snap = snaps.get(seat)
    if snap is None or snap[0] is not w or snap[1] is not rows:
        values = w.values
        snap = snaps[seat] = (
            w,
            rows,
            {k: values[k] for k in _of(self.catalog.objectives[seat])[1]},
        )
    return snap


def score_at(self, seat, effects, snap):
    """What ``score_after(seat, effects)`` said when ``snap`` was taken, to the bit: the same
    call while the values it reads hold, else the same arithmetic on the snapshot's values."""
    score_after(self, seat, ())
    if snap[0] is self.world and snap[1] is self._score_cache[seat][3]:
        return score_after(self, seat, effects)
    objectives = self.catalog.objectives[seat]
    values, now, rows, weighted = snap[2], 0, _of(objectives)[2], []
    for weight, _keys, terms, wsum in rows:  # score_now's arithmetic
        part = 0.0
        for key, term_weight, lo, span, invert in terms:
            x = (values[key] - lo) / span
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            part += term_weight * ((1.0 - x) if invert else x)
        w = weight * (100.0 * part / wsum)
        now += w
        weighted.append(w)
    if not effects:
        return now
    relevant, touched = _what_if(objectives, effects)
    if touched is None:
        return now
    changed = {}
    for eff in relevant:  # score_after's arithmetic
        key, op = eff.key, eff.op
        current = changed[key] if key in changed else values[key]
        if op == "add":
            target = current + eff.value
        elif op == "set":
            target = eff.value
        else:
            target = current + (eff.value - current) * eff.rate
        v = current + eff.chance * (target - current)
        lo, hi, scale = _BOUNDS[key]
        v = v if v > lo else lo
        v = v if v < hi else hi
        changed[key] = _floor(v * scale + 0.5) / scale
    total = 0
    for w, (weight, _keys, terms, wsum), hit in zip(weighted, rows, touched, strict=True):
        if not hit:
            total += w
            continue
        part = 0.0
        for key, term_weight, lo, span, invert in terms:
            x = ((changed[key] if key in changed else values[key]) - lo) / span
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            part += term_weight * ((1.0 - x) if invert else x)
        total += weight * (100.0 * part / wsum)
    return total


def change_bound(objectives, effects):
    """An upper bound, over every world, on how far ``effects`` can move the score of these
    objectives (``|score_after(seat, effects) - score_after(seat, ())|``), with a margin for
    rounding: what a look-ahead may assume of a what-if it hasn't worked out. Made once per
    objectives and effects tuple."""
    key = (id(objectives), id(effects))
    entry = _CHANGE_BOUNDS.get(key)
    if entry is not None and entry[0] is objectives and entry[1] is effects:
        return entry[2]
    relevant, touched = _what_if(objectives, effects)
    moves = {}  # key -> the most its value can move
    for eff in relevant:
        lo, hi, scale = _BOUNDS[eff.key]
        if eff.op == "add":
            most = abs(eff.value)
        else:  # set or toward: at most from the far bound to the value
            most = max(abs(eff.value - lo), abs(hi - eff.value)) * (
                eff.rate if eff.op == "toward" else 1.0
            )
        most = min(most * eff.chance + 0.5 / scale, hi - lo)  # (the snap moves it half a step)
        moves[eff.key] = moves.get(eff.key, 0.0) + most
    bound = 0.0
    if touched is not None:
        for (weight, _keys, terms, wsum), hit in zip(_of(objectives)[2], touched, strict=True):
            if hit:
                part = sum(
                    abs(tw) * min(1.0, moves.get(k, 0.0) / abs(span))
                    for k, tw, _lo, span, _i in terms
                )
                bound += abs(weight) * 100.0 * part / abs(wsum)
    bound = bound * (1.0 + 1e-9) + 1e-9
    if isinstance(objectives, tuple) and isinstance(effects, tuple):
        _CHANGE_BOUNDS[key] = (objectives, effects, bound)
    return bound


_CHANGE_BOUNDS = {}  # (id(objectives), id(effects)) -> (objectives, effects, the bound)


def _what_if(objectives, effects):
    """(the effects on keys the ``objectives`` read, in order; per objective whether they touch
    it, or None if they touch none) for State.score_after. Worked out once per objectives and
    effects tuple (catalogue effects are immutable tuples), shared by every game."""
    plans, read, _rows = _of(objectives)
    plan = plans.get(id(effects))
    if plan is not None and plan[0] is effects:
        return plan[1]
    relevant = tuple(e for e in effects if e.key in read)
    keys = {e.key for e in relevant}
    touched = tuple(not o.keys.isdisjoint(keys) for o in objectives)
    out = (relevant, touched if any(touched) else None)
    if isinstance(effects, tuple):  # (a list could change under the same id)
        if len(plans) > 20000:
            plans.clear()
        plans[id(effects)] = (effects, out)  # (holding it keeps its id from being reused)
    return out


def _of(objectives):
    """What never changes for these objectives: (the plans of _what_if, {id(effects):
    (effects, plan)}; the keys they read; per objective (weight, keys, compiled terms, weight
    sum)), made once per objectives tuple."""
    entry = _WHAT_IFS.get(id(objectives))
    if entry is None or entry[0] is not objectives:
        keys = frozenset().union(*(o.keys for o in objectives))
        rows = tuple((o.weight, o.keys, *o.compiled) for o in objectives)
        entry = (objectives, ({}, keys, rows))
        if isinstance(objectives, tuple):  # (a catalogue's are; a list could change)
            _WHAT_IFS[id(objectives)] = entry
    return entry[1]


_WHAT_IFS = {}  # id(objectives tuple) -> (the tuple, what _of says of it)

# Ledger entries since a score cache was made that are worth checking for the keys it reads
# (beyond this, scoring afresh is cheaper than the check).
_RESCAN = 12
