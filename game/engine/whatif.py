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
    values it reads hold (as is the score with no effects). The hot path of every
    look-ahead: the effects' targets, the clamp and ``Objective.score`` are worked out by
    ``_laid_over`` and ``_total_after`` (shared with ``delta_at``), the same arithmetic in
    the same order, and only effects on keys the seat's objectives read (no other value is
    read), so every result is the same to the bit."""
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
    values = w.values
    return _total_after(cached[3], touched, values, _laid_over(values, relevant))


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
    total, rows = _scores(objectives, w.values)
    cached = self._score_cache[seat] = (w, n, total, rows, keys, plans)
    return cached


def score_delta(self, seat, effects):
    """``score_after(seat, effects) - score_after(seat, ())`` in one call (the same number):
    what the bargaining look-ahead asks."""
    after = score_after(self, seat, effects)
    return after - self._score_cache[seat][2]


def snapshot(self, seat):
    """A token for the seat's scoring as the world stands now, to score on later as of now
    (``delta_at``): the world and its ledger's length. Nothing is copied: World.change logs
    every change with the value before it, so the values of then are read back off the
    ledger if and when ``delta_at`` needs them (most snapshots are never scored on)."""
    w = self.world
    return (w, len(w.ledger))


def _values_at(snap, keys):
    """{key: its value when ``snap`` was taken} for ``keys``: the world's values now, each key
    that changed since then taken back to the ``before`` of its first ledger entry since."""
    w, n = snap
    values = {k: w.values[k] for k in keys}
    ledger = w.ledger
    for i in range(len(ledger) - 1, n - 1, -1):
        entry = ledger[i]
        if entry[2] in values:
            values[entry[2]] = entry[3]
    return values


def delta_at(self, seat, effects, snap):
    """What ``score_delta(seat, effects)`` said when ``snap`` was taken, to the bit: the same
    call while the values it reads hold, else the same arithmetic on the values of then."""
    w = self.world
    if snap[0] is w and snap[1] == len(w.ledger):
        return score_delta(self, seat, effects)
    objectives = self.catalog.objectives[seat]
    values = _values_at(snap, _of(objectives)[1])
    if snap[0] is w and all(w.values[k] == v for k, v in values.items()):
        return score_delta(self, seat, effects)  # (the values it reads are those of then)
    now, rows = _scores(_of(objectives)[2], values)
    relevant, touched = _what_if(objectives, effects) if effects else ((), None)
    if touched is None:
        return now - now
    return _total_after(rows, touched, values, _laid_over(values, relevant)) - now


def _scores(objectives, values):
    """(the score, per objective (weight x its score, weight, keys, compiled terms, weight
    sum, the running sums of its terms: the sum before each term and, last, the whole)) of
    compiled ``objectives`` (``_of``) on ``values``: ``Objective.score``, inlined."""
    total, rows = 0, []
    for weight, okeys, terms, wsum in objectives:
        part = 0.0
        sums = [part]
        for key, term_weight, lo, span, invert in terms:
            v = values[key]
            x = (v - lo) / span
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            part += term_weight * ((1.0 - x) if invert else x)
            sums.append(part)
        weighted = weight * (100.0 * part / wsum)
        total += weighted
        rows.append((weighted, weight, okeys, terms, wsum, sums))
    return total, rows


def _laid_over(values, relevant):
    """{key: value} the ``relevant`` effects (``_what_if``: each as its key, op, value, rate
    and chance, then its key's bounds and grid) would give, in order, over ``values``: the
    effects' targets and ``Indicator.clamp`` with its snap, inlined."""
    changed = {}
    for key, op, value, rate, chance, lo, hi, scale in relevant:
        current = changed[key] if key in changed else values[key]
        if op == "add":
            target = current + value
        elif op == "set":
            target = value
        else:
            target = current + (value - current) * rate
        v = current + chance * (target - current)
        v = v if v > lo else lo  # min(hi, max(lo, v)), then the snap: Indicator.clamp's,
        v = v if v < hi else hi  # which World.change gives to the bit (tests/test_properties)
        changed[key] = _floor(v * scale + 0.5) / scale
    return changed


def _total_after(rows, touched, values, changed):
    """The score with ``changed`` laid over ``values``: the objectives ``touched`` scored
    afresh, the others at their weighted score in ``rows`` (``_scores``). A touched objective
    resumes its sum at the first term whose key changed (``_what_if`` says which), from the
    running sum ``_scores`` kept before it (the same additions in the same order, so the same
    number)."""
    total = 0
    for (weighted_now, weight, _keys, _terms, wsum, sums), hit in zip(rows, touched, strict=True):
        if hit is None:
            total += weighted_now
            continue
        first, tail = hit
        part = sums[first]
        for key, term_weight, lo, span, invert in tail:
            v = changed[key] if key in changed else values[key]
            x = (v - lo) / span
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            part += term_weight * ((1.0 - x) if invert else x)
        total += weight * (100.0 * part / wsum)
    return total


def change_bounds(objectives, effects):
    """(how far, at most, ``effects`` can lower the score of these objectives, how far raise
    it), over every world, with a margin for rounding: what a look-ahead may assume of a
    what-if (``score_after(seat, effects) - score_after(seat, ())``) it hasn't worked out.
    Values stay within their bounds on their grid (the scenario checks and snaps them, as
    World.change does), so an ``add`` moves its key only its way, by its value (half a grid
    step more when it is no whole number of steps); ``set`` and ``toward`` may move it either
    way. Made once per objectives and effects tuple."""
    key = (id(objectives), id(effects))
    entry = _CHANGE_BOUNDS.get(key)
    if entry is not None and entry[0] is objectives and entry[1] is effects:
        return entry[2]
    relevant, touched = _what_if(objectives, effects)
    ups, downs = {}, {}  # key -> the most its value can rise, fall
    for key, op, value, rate, chance, lo, hi, scale in relevant:
        if op == "add":
            most = abs(value) * chance
            steps = most * scale
            most = min(most + (1e-9 if abs(steps - round(steps)) < 1e-6 else 0.5 / scale), hi - lo)
            up, down = (most, 0.0) if value >= 0 else (0.0, most)
        else:  # set or toward: at most from the far bound to the value, either way
            most = max(abs(value - lo), abs(hi - value))
            most *= (rate if op == "toward" else 1.0) * chance
            up = down = min(most + 0.5 / scale, hi - lo)
        ups[key] = ups.get(key, 0.0) + up
        downs[key] = downs.get(key, 0.0) + down
    lower = raise_ = 0.0
    if touched is not None:
        for (weight, _keys, terms, wsum), hit in zip(_of(objectives)[2], touched, strict=True):
            if hit is None:
                continue
            part_down = part_up = 0.0
            for k, tw, _lo, span, invert in terms:
                if k not in ups:
                    continue
                rises = (tw > 0) == (span > 0) != invert  # the term grows with its key
                up, down = (ups[k], downs[k]) if rises else (downs[k], ups[k])
                part_up += abs(tw) * min(1.0, up / abs(span))
                part_down += abs(tw) * min(1.0, down / abs(span))
            factor = weight * 100.0 / wsum
            if factor < 0:
                part_up, part_down = part_down, part_up
            raise_ += abs(factor) * part_up
            lower += abs(factor) * part_down
    bounds = (lower * (1.0 + 1e-9) + 1e-9, raise_ * (1.0 + 1e-9) + 1e-9)
    if isinstance(objectives, tuple) and isinstance(effects, tuple):
        _CHANGE_BOUNDS[key] = (objectives, effects, bounds)
    return bounds


_CHANGE_BOUNDS = {}  # (id(objectives), id(effects)) -> (objectives, effects, the bounds)


def _what_if(objectives, effects):
    """(the effects on keys the ``objectives`` read, in order, as ``_laid_over`` reads them;
    per objective, None if they
    touch none of its terms, else (the index of the first term they touch, the terms from
    there on); or None for the lot if they touch no objective) for State.score_after. Worked
    out once per objectives and effects tuple (catalogue effects are immutable tuples), shared
    by every game."""
    plans, read, rows = _of(objectives)
    plan = plans.get(id(effects))
    if plan is not None and plan[0] is effects:
        return plan[1]
    relevant = tuple(
        (e.key, e.op, e.value, e.rate, e.chance, *_BOUNDS[e.key]) for e in effects if e.key in read
    )
    keys = {e[0] for e in relevant}
    touched = []
    for _weight, _keys, terms, _wsum in rows:
        first = next((i for i, term in enumerate(terms) if term[0] in keys), None)
        touched.append(None if first is None else (first, terms[first:]))
    touched = tuple(touched)
    out = (relevant, touched if any(t is not None for t in touched) else None)
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
