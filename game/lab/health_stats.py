"""The statistics ``health`` reports: the strategy x seed variance decomposition, usage shares of
policies and event answers, and rates with Wilson intervals. Pure functions of records, so
they can be tested on synthetic data."""

from collections import Counter, defaultdict

import numpy as np

from game.lab.stats import mean_ci, wilson


def variance_decomposition(y):
    """Two-way ANOVA sums of squares of a strategies x seeds table ``y`` (one game per cell).

    A game is a function of its strategy and seed, so there is no pure error: the residual of
    the additive model is exactly the strategy x seed interaction. Returns the shares of the
    total sum of squares (they sum to 1) and the sums themselves."""
    y = np.asarray(y, dtype=float)
    if y.ndim != 2 or min(y.shape) < 2:
        raise ValueError("need at least 2 strategies and 2 seeds")
    grand = y.mean()
    rows, cols = y.mean(axis=1), y.mean(axis=0)
    ss_strategy = y.shape[1] * float(((rows - grand) ** 2).sum())
    ss_seed = y.shape[0] * float(((cols - grand) ** 2).sum())
    ss_total = float(((y - grand) ** 2).sum())
    ss_inter = max(0.0, ss_total - ss_strategy - ss_seed)
    if ss_total <= 0:
        shares = {"strategy": 0.0, "seed": 0.0, "interaction": 0.0}
    else:
        shares = {
            "strategy": ss_strategy / ss_total,
            "seed": ss_seed / ss_total,
            "interaction": ss_inter / ss_total,
        }
    return {
        "shares": shares,
        "ss": {
            "strategy": ss_strategy,
            "seed": ss_seed,
            "interaction": ss_inter,
            "total": ss_total,
        },
        "strategies": y.shape[0],
        "seeds": y.shape[1],
    }


def summary(x):
    """Mean, 95% CI half-width, sd, n of a sample."""
    x = np.asarray(x, dtype=float)
    mean, half = mean_ci(x)
    sd = float(x.std(ddof=1)) if len(x) > 1 else float("nan")
    return {"mean": mean, "ci": half, "sd": sd, "n": int(len(x))}


def rate(k, n):
    p, lo, hi = wilson(k, n)
    return {"rate": p, "lo": lo, "hi": hi, "k": int(k), "n": int(n)}


def usage(groups, catalog, seats):
    """Per seat and persona: each of the seat's policies' share of games in which it was chosen
    at least once, each event answer's share of the offers of its event (and of games), and
    each deal template's share of games in which the seat signed one.

    ``groups``: [(seat, persona label, records)] where the seat played that persona."""
    policies = {s: sorted(p.id for p in catalog.policies.values() if p.by == s) for s in seats}
    events = {
        s: sorted(e.id for e in catalog.events.values() if e.responses and e.actor == s)
        for s in seats
    }
    out = {s: {"policies": {}, "answers": {}, "deals": {}} for s in seats}
    pooled = defaultdict(list)
    for seat, label, recs in groups:
        pooled[(seat, label)].extend(recs)
    for (seat, label), recs in sorted(pooled.items()):
        n = len(recs)
        games = Counter(p for r in recs for p in set(r["used"][seat]))
        out[seat]["policies"][label] = {p: games[p] / n if n else 0.0 for p in policies[seat]}
        signed = Counter(t for r in recs for t in r.get("deals", {}).get(seat, ()))
        out[seat]["deals"][label] = {t: signed[t] / n if n else 0.0 for t in sorted(signed)}
        offers, chosen, in_games = Counter(), Counter(), Counter()
        for r in recs:
            seen = set()
            for s, eid, rid in r["answers"]:
                if s != seat:
                    continue
                offers[eid] += 1
                chosen[(eid, rid)] += 1
                seen.add((eid, rid))
            in_games.update(seen)
        table = {}
        for eid in events[seat]:
            responses = [x.id for x in catalog.events[eid].responses]
            table[eid] = {
                "offers": offers[eid],
                "share": {
                    rid: (chosen[(eid, rid)] / offers[eid] if offers[eid] else None)
                    for rid in responses
                },
                "games": {rid: in_games[(eid, rid)] / n if n else 0.0 for rid in responses},
            }
        out[seat]["answers"][label] = table
    return out


def usage_findings(table, policy_min, answer_min, situational=None):
    """Policies no persona uses at least ``policy_min`` of games; policies the seat's default AI
    plays in under ``policy_min`` of all-default games (issue 10's bar: "chosen by some default
    AI in >= 2% of baseline games"), those named in ``situational`` ({policy: why}) apart; and
    answers the default AI picks in under ``answer_min`` of the offers of their event (events
    never offered apart), each marked ``sure`` when its 95% interval lies under the bar."""
    situational = situational or {}
    unused, rare, never_offered, default_rare, default_situational = [], [], [], [], []
    for seat, parts in table.items():
        for pid in next(iter(parts["policies"].values()), {}):
            best = max(shares[pid] for shares in parts["policies"].values())
            if best < policy_min:
                unused.append({"seat": seat, "policy": pid, "best_share": best})
        for pid, share in parts["policies"].get("default", {}).items():
            if share < policy_min:
                row = {"seat": seat, "policy": pid, "share": share}
                if pid in situational:
                    default_situational.append({**row, "why": situational[pid]})
                else:
                    default_rare.append(row)
        for eid, row in parts["answers"].get("default", {}).items():
            if not row["offers"]:
                never_offered.append({"seat": seat, "event": eid})
                continue
            for rid, share in row["share"].items():
                if share < answer_min:
                    # "sure": under the bar with 95% confidence (Wilson), not by the luck of a
                    # rare event's few offers (a government falls in a game in ten).
                    n = row["offers"]
                    sure = wilson(round(share * n), n)[2] < answer_min
                    rare.append({"seat": seat, "event": eid, "answer": rid, "share": share,
                                 "offers": n, "sure": sure})  # fmt: skip
    return {
        "unused_policies": unused,
        "default_rare_policies": default_rare,
        "default_situational_policies": default_situational,
        "rare_answers": rare,
        "never_offered": never_offered,
    }
