"""Hidden parameters: what no player knows about this game (issue 11, part B). Each game draws
its factors (Washington's aggressiveness and patience, Beijing's resolve and appetite for
courting, Seoul's lean, the volatility of opinion) from its seed, within the ranges of
configs/uncertainty.yaml, and plays on its own copy of the scenario with those rule parameters
multiplied. A fixed script can't be tuned to one world: it meets a different one each game.

The draw uses a stream of its own, derived from the seed (``random.Random("hidden:SEED")``), so
the game's main stream is untouched and the same seed always draws the same world. Players see
the factors only through behaviour and ``intelligence``: an estimate with error bars that
narrow as the quarters pass.
"""

import dataclasses
import math
import random
import weakref

from game.engine.rules import RULES
from game.engine.scenario import uncertainty

_DRAWN = weakref.WeakKeyDictionary()  # per-game scenario -> (its base scenario, the draw)


def draw(seed):
    """{factor: multiplier} for the game of ``seed``: the same seed, the same draw."""
    rng = random.Random(f"hidden:{seed}")
    return {
        name: round(rng.uniform(*f["range"]), 4) for name, f in uncertainty()["factors"].items()
    }


def is_drawn(scenario):
    return scenario in _DRAWN


def base_of(scenario):
    """The scenario a per-game copy was drawn from (the scenario itself if it is not one)."""
    entry = _DRAWN.get(scenario)
    return entry[0] if entry else scenario


def factors_of(scenario):
    """The draw a per-game scenario carries ({} for a scenario no game drew on)."""
    entry = _DRAWN.get(scenario)
    return dict(entry[1]) if entry else {}


def mark(scenario, base, factors):
    """Record that ``scenario`` is a per-game copy (so clones and replays don't draw twice)."""
    _DRAWN[scenario] = (base, dict(factors))
    return scenario


def apply(scenario, factors):
    """A copy of ``scenario`` whose rule parameters carry the ``factors`` (each multiplier kept
    inside its parameter's range), marked as drawn."""
    if is_drawn(scenario):
        return scenario
    params = {seat: dict(rules) for seat, rules in scenario.parameters.items()}
    for name, mult in factors.items():
        for seat, rule, key, sign in uncertainty()["factors"][name]["targets"]:
            spec = RULES[rule].params[key]
            value = params[seat][rule][key] * (mult if sign > 0 else 1.0 / mult)
            value = min(max(value, spec.lo), spec.hi)
            if spec.kind == "whole":
                value = round(value)
            params[seat][rule] = {**params[seat][rule], key: value}
    copy = dataclasses.replace(scenario, parameters=params)
    return mark(copy, scenario, factors)


def for_game(scenario, seed):
    """The scenario a game of ``seed`` plays on: its own drawn copy (or ``scenario`` itself if
    it already is one, as in a clone)."""
    if is_drawn(scenario):
        return scenario
    return apply(scenario, draw(seed))


def intelligence(state, seat):
    """What ``seat``'s intelligence services estimate of the hidden factors now: per factor
    about another state (or the world), {"label", "estimate", "low", "high"} as multipliers of
    the usual (1.0 = as expected). The error is seeded per seat and factor (never the game's
    stream) and shrinks with the turns."""
    settings = uncertainty()["intelligence"]
    truth = factors_of(state.scenario)
    sd = settings["error_start"] / math.sqrt(1.0 + (state.world.turn - 1) / settings["learn_turns"])
    out = {}
    for name, f in uncertainty()["factors"].items():
        if name not in truth or f["watches"] == seat:
            continue
        z = random.Random(f"intel:{state.seed}:{seat}:{name}").gauss(0.0, 1.0)
        estimate = truth[name] * (1.0 + z * sd)
        bar = settings["bar_sd"] * sd * estimate
        out[name] = {
            "label": f["label"],
            "estimate": round(estimate, 2),
            "low": round(max(0.0, estimate - bar), 2),
            "high": round(estimate + bar, 2),
        }
    return out


def intelligence_line(state, seat, limit=3):
    """One short line for a panel: the factors the estimate is least sure are usual."""
    intel = intelligence(state, seat)
    ranked = sorted(intel.values(), key=lambda e: -abs(e["estimate"] - 1.0))[:limit]
    parts = [f"{e['label']} x{e['estimate']:.2f} ({e['low']:.2f}-{e['high']:.2f})" for e in ranked]
    return "Intelligence: " + "; ".join(parts) if parts else ""
