"""The lab's statistics: means with t intervals, Wilson intervals for rates, paired t-tests
with Holm's correction, and Morris elementary-effects screening (design and effects)."""

import math

import numpy as np

from game.engine.rules import RULES

MORRIS_LEVELS = 4


# ------------------------------------------------------------------------------ statistics
def mean_ci(x, level=0.95):
    """Mean and the half-width of its t confidence interval."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    n = len(x)
    if n == 0:
        return float("nan"), float("nan")
    if n == 1:
        return float(x[0]), float("nan")
    half = stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n)
    return float(x.mean()), float(half)


def wilson(k, n, z=1.959964):
    """Wilson score interval for a proportion k/n."""
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return p, max(0.0, centre - half), min(1.0, centre + half)


def paired_test(diffs):
    """Mean paired difference, its 95% CI and the two-sided paired t-test p-value."""
    from scipy import stats

    d = np.asarray(diffs, dtype=float)
    mean, half = mean_ci(d)
    if len(d) < 2 or np.allclose(d, d[0]):
        p = 0.0 if len(d) >= 2 and d[0] != 0 else 1.0
    else:
        p = float(stats.ttest_1samp(d, 0.0).pvalue)
    return mean, half, p


def holm(pvalues):
    """Holm-Bonferroni adjusted p-values (same order as given)."""
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    order = np.argsort(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


# ------------------------------------------------------------------------------ Morris screening
def morris_parameters(scenario, constraints=None, low=0.5, high=1.5):
    """Every numeric rule parameter over a range that means something: [(dotted name, value,
    low, high, is_int)]. The one place ranges are derived (the balance report's Morris and
    ``health``'s sensitivity both call it): [``low``, ``high``] x the value ([-1, 1] for a
    zero), chances and rates capped at 1, never outside what the rule accepts, then within
    ``constraints`` (configs/health.yaml: ``above`` indicators' starting values plus ``margin``,
    ``at_most``). A parameter whose constrained range is empty is left out (fixed)."""
    constraints = constraints or {}
    out = []
    for seat, rules in scenario.parameters.items():
        for rule, params in rules.items():
            for key, value in params.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                if value == 0:
                    lo, hi = -1.0, 1.0
                else:
                    lo, hi = sorted((low * value, high * value))
                if value > 0 and ("chance" in key or key.endswith("rate")):
                    hi = min(hi, 1.0)
                spec = RULES[rule].params.get(key)
                if spec is not None:  # never outside what the rule accepts
                    lo, hi = max(lo, spec.lo), min(hi, spec.hi)
                c = constraints.get(f"{rule}.{key}", {})
                floor = range_floor(c, scenario.values)
                if floor is not None:
                    lo = max(lo, floor)
                if "at_most" in c:
                    hi = min(hi, float(c["at_most"]))
                if lo < hi:
                    out.append((f"{seat}.{rule}.{key}", value, lo, hi, isinstance(value, int)))
    return out


def range_floor(constraint, start):
    """The lowest a constrained parameter may go: the highest starting value of the indicators
    it must stay ``above``, plus ``margin`` (None when unconstrained from below)."""
    keys = constraint.get("above") or ()
    if not keys:
        return None
    return max(float(start[k]) for k in keys) + float(constraint.get("margin", 0.0))


def morris_design(k, r, rng, levels=MORRIS_LEVELS):
    """``r`` one-at-a-time trajectories through the unit cube on a ``levels`` grid (Morris
    1991). Returns points (r, k+1, k) and, per trajectory, the order in which factors moved
    and the signed step of each."""
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    points = np.empty((r, k + 1, k))
    orders = np.empty((r, k), dtype=int)
    steps = np.empty((r, k))
    for t in range(r):
        x = rng.choice(grid, size=k)
        order = rng.permutation(k)
        points[t, 0] = x
        for j, i in enumerate(order):
            step = delta if x[i] + delta <= 1 + 1e-9 else -delta
            x = x.copy()
            x[i] += step
            points[t, j + 1] = x
            steps[t, j] = step
        orders[t] = order
    return points, orders, steps


def morris_effects(y, orders, steps):
    """Elementary effects from outputs ``y`` (r, k+1): mu, mu* and sigma per factor (trajectories
    with a missing output are skipped)."""
    r, k = orders.shape
    ee = [[] for _ in range(k)]
    for t in range(r):
        if np.isnan(y[t]).any():
            continue
        for j in range(k):
            i = orders[t, j]
            ee[i].append((y[t, j + 1] - y[t, j]) / steps[t, j])
    mu = np.array([np.mean(e) if e else np.nan for e in ee])
    mu_star = np.array([np.mean(np.abs(e)) if e else np.nan for e in ee])
    sigma = np.array([np.std(e, ddof=1) if len(e) > 1 else np.nan for e in ee])
    return mu, mu_star, sigma


def unit_to_value(u, lo, hi, is_int):
    value = lo + u * (hi - lo)
    return int(round(value)) if is_int else round(float(value), 6)


def json_safe(value):
    """JSON-safe figures: NaN (an interval from one game) becomes null."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value
