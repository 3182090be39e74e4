"""How an AI bargains (issue 12): it weighs a deal by its own objectives.

The look-ahead is cheap and draws nothing: the deal's terms (both sides' effects on signing,
each quarter's effects times the quarters it holds) are laid over the world and scored with
``State.score_after``; a restraint it would promise costs it ``restraint_share`` of what
playing each barred policy once would gain it now, per quarter, and a restraint its partner
promises is worth the same share of the harm those policies would do it. Its trust in the proposer
lowers what the deal is worth to it (``distrust_weight`` points per point of trust below
``trust_neutral``), and it takes the deal only if that clears its **reservation**: a hidden
value per game and seat (configs/offers.yaml ``reservation``), drawn from a stream of its own
derived from the seed, so the game's random stream is untouched.

The proposals follow the essay's roles because the catalogue does: Washington's templates
trade tariff relief for investment and burden sharing (and need tariffs or pressure first:
press, then deal), Beijing's trade seafood access and visitors for restraint on Taiwan and
export controls, Seoul's and Tokyo's trade history gestures for trilateral cooperation.
"""

import functools
import random

from game.engine import deals, whatif
from game.engine.effects import Effect


@functools.lru_cache(maxsize=4096)
def _reservation(seed, seat, lo, hi):
    return random.Random(f"reservation:{seed}:{seat}").uniform(lo, hi)


def reservation(state, seat):
    """The least gain (score points over a deal) ``seat`` takes a deal for, in this game (kept
    on the state once drawn: every look-ahead asks)."""
    drawn = state.__dict__.setdefault("_reservations", {})
    value = drawn.get(seat)
    if value is None:
        lo, hi = state.offer_book.settings["reservation"]
        value = drawn[seat] = _reservation(state.seed, seat, lo, hi)
    return value


def _over(effect, quarters):
    """One quarter's effect as its total over ``quarters`` quarters."""
    if quarters <= 1 or effect.op == "set":
        return effect
    if effect.op == "add":
        return Effect(effect.key, "add", effect.value * quarters, chance=effect.chance)
    rate = 1.0 - (1.0 - effect.rate) ** quarters
    return Effect(effect.key, "toward", effect.value, rate, effect.chance)


# The look-ahead's caches (terms_effects, _restrained, _plan and clears' looks) live in the
# scenario's ``Game.memo`` (shared by the scenario's games, as its indexes are, and dropped with
# them, so a server that loads scenario after scenario keeps none it no longer plays): one
# catalogue and tags index per memo. Keys name a template by id; each entry holds the template
# first, so the id can't be another's while the entry lives.


def terms_effects(state, template, quarters, signing=True):
    """Both sides' effects over ``quarters`` quarters (and on signing, if ``signing``): made
    once per template, quarters and signing (effects are immutable), then shared."""
    memo, key = state.game.memo, ("terms", id(template), quarters, signing)
    entry = memo.get(key)
    if entry is None:
        out = []
        for terms in (template.gives, template.asks):
            if signing:
                out.extend(terms.now)
            out.extend(_over(e, quarters) for e in terms.each_quarter)
        entry = memo[key] = (template, tuple(out))
    return entry[1]


def _turn_memo(state):
    """This quarter's {(seat, policy id): what playing the policy once would do to the seat's
    score}, each judged when first asked (the bargaining phase asks for the same few policies
    many times: an estimate, kept cheap). An ask that needed only a bound (``clears``) leaves a
    snapshot of the world it was asked in (whatif.snapshot, a tuple), judged if asked again."""
    memo = state.__dict__.get("_bargain_memo")
    if memo is None or memo[0] != state.world.turn:
        memo = state.__dict__["_bargain_memo"] = (state.world.turn, {})
    return memo[1]


def _judge_policy(state, seat, pid, effects, memo, snap):
    """The memo's judgement of ``pid`` (whose effects are ``effects``) for ``seat``, made now
    (``snap`` None: first asked now) or as of the snapshot of the ask that left it unjudged:
    the same number either way."""
    if snap is None:
        delta = whatif.score_delta(state, seat, effects)
    else:
        delta = whatif.delta_at(state, seat, effects, snap)
    memo[seat, pid] = delta
    return delta


def _restrained(state, template):
    """[(promiser, policy id)] that the template's restraint terms bar, each policy once per
    promiser, in the order restraint_value weighs them: worked out once per template and
    scenario, not at every look-ahead."""
    memo, key = state.game.memo, ("restrained", id(template))
    entry = memo.get(key)
    if entry is None:
        tags, out = state._tags, []
        for promiser, terms in ((template.by, template.gives), (template.to, template.asks)):
            seen = set()
            for tag in terms.restraint:
                for pid in tags.get((promiser, tag), ()):
                    if pid not in seen:
                        seen.add(pid)
                        out.append((promiser, pid))
        entry = memo[key] = (template, tuple(out))
    return entry[1]


def _plan(state, template, seat):
    """The template's restrained policies as ``clears`` weighs them for ``seat``: (a bound on
    what the policy's what-if can count for it, whether it is the promiser, the policy id, its
    effects), the largest bound first; made once per template, seat and scenario."""
    memo, key = state.game.memo, ("plan", id(template), seat)
    entry = memo.get(key)
    if entry is None:
        objectives, policies, rows = state.catalog.objectives[seat], state.catalog.policies, []
        for promiser, pid in _restrained(state, template):
            effects = policies[pid].effects
            lower, raise_ = whatif.change_bounds(objectives, effects)
            own = (
                promiser == seat
            )  # (its own restraint costs it a gain, its partner's spares it a loss)
            rows.append((raise_ if own else lower, own, pid, effects))
        rows.sort(key=_first, reverse=True)
        entry = memo[key] = (template, tuple(rows))
    return entry[1]


def _first(item):
    return item[0]


def restraint_value(state, seat, template, proposer, quarters):
    """What the deal's restraint terms are worth to ``seat``: minus a share of the gain it
    forgoes by its own restraint, plus a share of the harm it is spared by its partner's."""
    del proposer  # a template's proposer is always its ``by`` (a counter is a template too)
    restrained = _restrained(state, template)
    if not restrained:
        return 0.0
    share = state.offer_book.settings["restraint_share"] * quarters
    value = 0.0
    memo, policies = _turn_memo(state), state.catalog.policies
    for promiser, pid in restrained:
        delta = memo.get((seat, pid))
        if delta is None or delta.__class__ is tuple:
            delta = _judge_policy(state, seat, pid, policies[pid].effects, memo, delta)
        if promiser == seat and delta > 0:
            value -= share * delta
        elif promiser != seat and delta < 0:
            value -= share * delta
    return value


def gain(state, seat, template, proposer, quarters=None, signing=True):
    """``seat``'s score with the deal minus without it, over ``quarters`` (default: all)."""
    quarters = template.duration if quarters is None else quarters
    return whatif.score_delta(
        state, seat, terms_effects(state, template, quarters, signing)
    ) + restraint_value(state, seat, template, proposer, quarters)


def clears(state, seat, template, proposer, needed, less=0.0, quarters=None, signing=True):
    """Whether ``gain(...) - less >= needed``, as gain says it to the bit, working out only as
    much as the answer needs: the terms and each restrained policy not yet judged this quarter
    count at their bounds (whatif.change_bounds) until those can't decide; then the terms are
    worked out, then the policies, the largest bound first. Those left unjudged are judged as
    of now if anyone asks later (a snapshot), so the memo holds what gain would have judged."""
    quarters = template.duration if quarters is None else quarters
    memo, key = state.game.memo, ("look", id(template), seat, quarters, signing)
    look = memo.get(key)  # (template, terms' effects, their bounds, plan)
    if look is None:
        effects = terms_effects(state, template, quarters, signing)
        look = memo[key] = (
            template,
            effects,
            whatif.change_bounds(state.catalog.objectives[seat], effects),
            _plan(state, template, seat),
        )
    _template, effects, (lower, raise_), plan = look
    lo = hi = 0.0  # what the restraint terms can be worth, given what is judged
    memo, unjudged = None, False
    if plan:
        memo, share = _turn_memo(state), state.offer_book.settings["restraint_share"] * quarters
        for bound, own, pid, _effects in plan:
            delta = memo.get((seat, pid))
            if delta is None or delta.__class__ is tuple:  # (not judged yet: at its bound)
                unjudged = True
                if own:
                    lo -= share * bound
                else:
                    hi += share * bound
            elif (delta > 0) if own else (delta < 0):
                lo -= share * delta
                hi -= share * delta
    if -lower - less + lo - _MARGIN >= needed:
        return _leave(state, seat, memo, plan, True) if unjudged else True
    if raise_ - less + hi + _MARGIN < needed:
        return _leave(state, seat, memo, plan, False) if unjudged else False
    terms = whatif.score_delta(state, seat, effects)
    base = terms - less
    if unjudged:
        for i, (bound, own, pid, peffects) in enumerate(plan):
            delta = memo.get((seat, pid))
            if not (delta is None or delta.__class__ is tuple):
                continue  # (judged: counted above)
            if base + lo - _MARGIN >= needed:
                return _leave(state, seat, memo, plan[i:], True)
            if base + hi + _MARGIN < needed:
                return _leave(state, seat, memo, plan[i:], False)
            delta = _judge_policy(state, seat, pid, peffects, memo, delta)
            if own:
                lo += share * bound
            else:
                hi -= share * bound
            if (delta > 0) if own else (delta < 0):
                lo -= share * delta
                hi -= share * delta
    return terms + restraint_value(state, seat, template, proposer, quarters) - less >= needed


def _leave(state, seat, memo, plan, answer):
    """``answer``, once the policies of ``plan`` left unjudged keep a snapshot of the world
    (first asked now: judged as of now if asked again this quarter)."""
    snap = None
    for _bound, _own, pid, _effects in plan:
        if memo.get((seat, pid)) is None:
            snap = snap or whatif.snapshot(state, seat)
            memo[seat, pid] = snap
    return answer


# Rounding the bounds of ``clears`` leave aside (score points; far above the float error of
# summing a few terms, far below any difference a reservation draws).
_MARGIN = 1e-7


def distrust(state, seat, other):
    s = state.offer_book.settings
    trust = state.world.values[f"{seat}>{other}.trust"]
    return s["distrust_weight"] * max(0.0, s["trust_neutral"] - trust)


def judge(state, seat, template, proposer):
    """(worth, needed): the deal's worth to ``seat`` after distrust, and its reservation."""
    worth = gain(state, seat, template, proposer) - distrust(state, seat, proposer)
    return worth, reservation(state, seat)


def answer(state, seat, offer):
    """(choice, counter template id, reason: words.reason_text) for an offer addressed to
    ``seat``."""
    book = state.offer_book
    t = book.templates[offer["template"]]
    busy = _chosen_barred(state, seat, t)
    if busy:
        return "decline", "", ("it has chosen {} this quarter", state.catalog.policies[busy].name)
    if state.texts:  # (the reason says what the deal is worth)
        worth, needed = judge(state, seat, t, offer["from"])
        accept = worth >= needed
    else:  # (no reason is worded: whether it clears is enough)
        worth, needed = None, reservation(state, seat)
        accept = clears(state, seat, t, offer["from"], needed, distrust(state, seat, offer["from"]))
    if accept:
        return "accept", "", ("worth {:+.2f} to its objectives over {} quarters", worth, t.duration)
    if not offer["counter_of"]:
        best = _best_offer(state, seat, to=offer["from"])
        if best is not None:
            why = "not worth it ({:+.2f}, needs {:+.2f}); counters with {}"
            return "counter", best.id, (why, worth, needed, best.name)
    return "decline", "", ("not worth it: {:+.2f} to its objectives, needs {:+.2f}", worth, needed)


def _chosen_barred(state, seat, template):
    """A policy ``seat`` chose this quarter that the template would bar it from ("" if none):
    it doesn't promise restraint over what it is doing."""
    if state.world.phase != "bargaining":
        return ""
    chosen = state.last_decisions.get(seat, ((),))[0]
    if chosen:
        for promiser, pid in _restrained(state, template):
            if promiser == seat and pid in chosen:
                return pid
    return ""


def _best_offer(state, seat, to=None, capital=None):
    """The template ``seat`` gains most from (clearing its reservation and margin), or None.
    A proposer offers only what the recipient gains from too (by the terms, as far as it
    can judge without knowing the recipient's reservation)."""
    proposable = deals.proposable(state, seat, capital)
    if not proposable:
        return None
    settings = state.offer_book.settings
    needed = reservation(state, seat) + settings["propose_margin"]
    since = state.world.turn - settings["retry_after"]
    declined = set()
    for o in reversed(state.world.offers):  # (made in turn order: the latest first)
        if o["turn"] <= since:
            break
        if o["from"] == seat and o["status"] in ("declined", "countered", "lapsed"):
            declined.add(o["template"])
    candidates = [
        t
        for t in proposable
        if not (
            (to is not None and t.to != to) or t.id in declined or _chosen_barred(state, seat, t)
        )
        and clears(state, seat, t, seat, needed)
        and clears(state, t.to, t, seat, 0.0)
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    best, best_value = None, None
    for t in candidates:
        value = gain(state, seat, t, seat)
        if best is None or value > best_value:
            best, best_value = t, value
    return best


def offers_to_make(state, seat, capital):
    """[(recipient, template id, reason)]: at most one offer a quarter, the seat's best."""
    best = _best_offer(state, seat, capital=capital)
    if best is None:
        return []
    reason = ""
    if state.texts:
        reason = f"worth {gain(state, seat, best, seat):+.2f} to its objectives"
    return [(best.to, best.id, reason)]


def deals_to_break(state, seat):
    """The deals ``seat`` would rather break: keeping them to the end costs it more than
    ``break_margin`` beyond its reservation."""
    margin = state.offer_book.settings["break_margin"]
    needed = reservation(state, seat) - margin
    out = []
    for deal in deals.in_force(state, seat):
        t = state.offer_book.templates[deal["template"]]
        mine = t.terms_of(seat, deal["proposer"])
        if not (mine.each_quarter or mine.restraint) or deal["left"] <= 1:
            continue  # nothing left to give (its terms were paid on signing), or it ends now
        if not clears(
            state, seat, t, deal["proposer"], needed, quarters=deal["left"], signing=False
        ):
            out.append(deal["id"])
    return out
