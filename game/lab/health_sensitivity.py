"""Parameter sensitivity for ``health`` (issue 11, part A.7): SALib's Morris screening, with
bootstrap confidence intervals on mu*, over rule-parameter ranges that mean something.

The ranges are the lab's one derivation (``stats.morris_parameters``: [0.5x, 1.5x] each value,
chances and rates capped at 1, within ``configs/health.yaml``'s constraints: a brink must stay
above the starting tension, or the "sensitivity" only measures that the game ends at once).
``check_ranges`` refuses a range that breaks them."""

import warnings

import numpy as np

from game.engine.errors import GameError
from game.lab.health_play import run_specs
from game.lab.stats import morris_parameters, range_floor, unit_to_value

LEVELS = 4
OUTPUTS = ("score.USA", "score.CHN", "score.JPN", "score.KOR", "thesis", "clash")


def _rule_param(dotted):
    return ".".join(dotted.split(".")[1:])  # SEAT.Rule.param -> Rule.param


def check_ranges(scenario, ranges, constraints):
    """Raise GameError naming each range that breaks a constraint (e.g. a brink that reaches
    down to the starting tension)."""
    problems = []
    for dotted, _value, lo, hi, _is_int in ranges:
        c = constraints.get(_rule_param(dotted), {})
        floor = range_floor(c, scenario.values)
        if floor is not None and lo < floor:
            keys = ", ".join(c["above"])
            problems.append(
                f"{dotted} ranges down to {lo:g}, but must stay above {floor:g} (the starting {keys} plus {c.get('margin', 0):g})"
            )
        if "at_most" in c and hi > float(c["at_most"]):
            problems.append(f"{dotted} ranges up to {hi:g}, above its cap {c['at_most']:g}")
    if problems:
        raise GameError("sensitivity ranges not meaningful: " + "; ".join(problems))


def _output(rec, name):
    if name.startswith("score."):
        return rec["scores"][name.split(".")[1]]
    if name == "thesis":
        return float(rec["thaw"] and rec["capped"] and rec["alliance_held"])
    return float(rec[name])


def morris(runner, scenario_obj, scenario, overrides, constraints, trajectories, seeds, seed=0):
    """Morris screening: ``trajectories`` SALib trajectories, each point played on the same
    ``seeds``. Returns per output the parameters ranked by mu*, with mu*_conf and sigma."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    ranges = morris_parameters(scenario_obj, constraints)
    check_ranges(scenario_obj, ranges, constraints)
    problem = {
        "num_vars": len(ranges),
        "names": [r[0] for r in ranges],
        "bounds": [[0.0, 1.0]] * len(ranges),
    }
    x = sample.sample(problem, trajectories, num_levels=LEVELS, seed=seed)
    specs = []
    for row in x:
        ov = tuple(overrides) + tuple(
            (name, unit_to_value(u, lo, hi, is_int))
            for u, (name, _v, lo, hi, is_int) in zip(row, ranges, strict=True)
        )
        specs.extend((s, {}, scenario, ov) for s in seeds)
    recs = run_specs(runner, specs)
    k = len(seeds)
    y = {
        name: np.array(
            [np.mean([_output(r, name) for r in recs[i * k : (i + 1) * k]]) for i in range(len(x))]
        )
        for name in OUTPUTS
    }
    results = {}
    for name in OUTPUTS:
        # One trajectory has no spread: SALib's sigma is then NaN (reported as such), and
        # numpy's warning about it would only be noise in the summary.
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            si = analyze.analyze(
                problem,
                x,
                y[name],
                num_levels=LEVELS,
                conf_level=0.95,
                seed=seed,
                print_to_console=False,
            )
        rows = [
            {
                "parameter": problem["names"][i],
                "mu_star": float(si["mu_star"][i]),
                "mu_star_conf": float(si["mu_star_conf"][i]),
                "mu": float(si["mu"][i]),
                "sigma": float(si["sigma"][i]),
            }
            for i in range(len(ranges))
        ]
        rows.sort(key=lambda r: -r["mu_star"] if np.isfinite(r["mu_star"]) else float("inf"))
        results[name] = rows
    return {
        "parameters": [
            {"parameter": n, "value": v, "low": lo, "high": hi} for n, v, lo, hi, _i in ranges
        ],
        "outputs": results,
        "points": int(len(x)),
        "games": len(specs),
        "trajectories": trajectories,
        "seeds": k,
    }
