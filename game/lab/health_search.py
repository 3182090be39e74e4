"""Black-box strategy search per seat (issue 11, part A.1): Optuna's TPE sampler over a weight
per policy (a weight <= 0 never plays it) and an answer per answerable event, each candidate
played against the default AIs on the same seeds (common random numbers). The best found is
then re-scored against the default AI on fresh seeds, paired by seed."""

import numpy as np

from game.lab.health_play import run_specs
from game.lab.health_stats import summary
from game.lab.stats import paired_test

AUTO = "auto"  # answer as the default AI would


def search_space(catalog, seat):
    policies = sorted(p.id for p in catalog.policies.values() if p.by == seat)
    events = {
        e.id: [r.id for r in e.responses]
        for e in sorted(catalog.events.values(), key=lambda e: e.id)
        if e.responses and e.actor == seat
    }
    return policies, events


def strategy_from(params, policies, events):
    """The ``weights`` strategy an Optuna parameter set stands for (a picklable tuple)."""
    weights = tuple((p, round(float(params[f"w:{p}"]), 4)) for p in policies)
    answers = tuple((e, params[f"a:{e}"]) for e in events if params.get(f"a:{e}", AUTO) != AUTO)
    return ("weights", weights, answers)


def describe(strategy, limit=8):
    """A strategy in words: its priority list (positive weights, best first) and fixed answers."""
    kind = strategy[0]
    if kind == "persona":
        return strategy[1]
    if kind == "advisor":
        return "the advisor"
    ranked = sorted((w, p) for p, w in strategy[1] if w > 0)[::-1]
    order = " > ".join(p for _w, p in ranked[:limit]) + (" > ..." if len(ranked) > limit else "")
    answers = ", ".join(f"{e}:{a}" for e, a in strategy[2])
    return f"priority {order or '(nothing)'}" + (f"; answers {answers}" if answers else "")


def search_seat(runner, seat, catalog, seeds, trials, batch, scenario, overrides, rng_seed=0):
    """Optuna search for ``seat``. Returns the best strategy, its mean on the search seeds,
    the default AI's mean there, and the best-so-far curve."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    policies, events = search_space(catalog, seat)
    sampler = optuna.samplers.TPESampler(
        seed=rng_seed, multivariate=True, constant_liar=True, n_startup_trials=min(24, trials)
    )
    study = optuna.create_study(direction="maximize", sampler=sampler)
    default = run_specs(runner, [(s, {}, scenario, overrides) for s in seeds])
    default_mean = float(np.mean([r["scores"][seat] for r in default]))
    curve, done = [], 0
    while done < trials:
        asked = []
        for _ in range(min(batch, trials - done)):
            trial = study.ask()
            for p in policies:
                trial.suggest_float(f"w:{p}", -1.0, 1.0)
            for e, responses in events.items():
                trial.suggest_categorical(f"a:{e}", [AUTO, *responses])
            asked.append((trial, strategy_from(trial.params, policies, events)))
        specs = [(s, {seat: st}, scenario, overrides) for _t, st in asked for s in seeds]
        recs = run_specs(runner, specs)
        k = len(seeds)
        for i, (trial, _st) in enumerate(asked):
            value = float(np.mean([r["scores"][seat] for r in recs[i * k : (i + 1) * k]]))
            study.tell(trial, value)
            curve.append(max(value, curve[-1]) if curve else value)
        done += len(asked)
    best = study.best_trial
    return {
        "strategy": strategy_from(best.params, policies, events),
        "search_mean": float(best.value),
        "default_mean": default_mean,
        "curve": curve,
        "trials": trials,
        "seeds": len(seeds),
        "dimensions": len(policies) + len(events),
    }


def try_personas(runner, seat, found, personas, seeds, scenario, overrides):
    """``found`` (search_seat's result), or a persona in its place if one scores better on the
    same seeds: the search's weights are a fixed priority list, so a strategy that answers the
    game as it goes (a dove's) is out of its reach. Adds each candidate's mean."""
    specs = [(s, {seat: ("persona", p)}, scenario, overrides) for p in personas for s in seeds]
    recs, k = run_specs(runner, specs), len(seeds)
    means = {
        p: float(np.mean([r["scores"][seat] for r in recs[i * k : (i + 1) * k]]))
        for i, p in enumerate(personas)
    }
    out = {**found, "candidates": {"search": found["search_mean"], **means}}
    best = max(means, key=means.get, default=None)
    if best is not None and means[best] > found["search_mean"]:
        out.update(strategy=("persona", best), search_mean=means[best])
    return out


def rescore(runner, seat, strategy, seeds, scenario, overrides):
    """The strategy and the default AI on fresh seeds: the dominance gap (paired by seed, with
    its 95% CI), each one's mean and sd, and the best's grade shares."""
    specs = [(s, {seat: strategy}, scenario, overrides) for s in seeds]
    recs = run_specs(runner, specs + [(s, {}, scenario, overrides) for s in seeds])
    best, base = recs[: len(seeds)], recs[len(seeds) :]
    x = np.array([r["scores"][seat] for r in best])
    d = np.array([r["scores"][seat] for r in base])
    gap, half, p = paired_test(x - d)
    grades = {}
    for r in best:
        grades[r["grades"][seat]] = grades.get(r["grades"][seat], 0) + 1
    return {
        "gap": gap,
        "gap_ci": half,
        "p": p,
        "best": summary(x),
        "default": summary(d),
        "best_grades": {g: k / len(best) for g, k in sorted(grades.items())},
        "records": best,
    }
