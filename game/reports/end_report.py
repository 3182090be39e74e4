"""The end report: scores per objective and grades, the turning points, what the default AIs
would have scored from the same seed, and the thesis check against the essay's conclusion
(the outcome itself is ``game.engine.outcome``'s, shared with the lab's records)."""

from game.engine.outcome import seat_scores, thesis_check
from game.engine.words import fmt_exact, group_causes
from game.reports.summary import shown_values

TURNING_SCORE = 1.0  # a quarter's move of one indicator worth this many of the seat's points
TURNING_SHARE = 0.10  # or a headline indicator moving this share of its range in a quarter


def turning_points(model, seat=None, limit=12):
    """The quarters' big moves, each with all its causes: every one-quarter move of an
    indicator ``seat``'s score reads that was worth at least TURNING_SCORE of its points
    (``points``: the seat's gain or loss from it), and every headline move of at least
    TURNING_SHARE of its range; the largest first, at most ``limit``."""
    reg = model.reg
    terms = {t[0] for o in model.catalog.objectives[seat] for t in o.terms} if seat else set()
    moves = []
    for turn in range(1, len(model.snapshots)):
        before, after = model.snapshots[turn - 1], model.snapshots[turn]
        for key in dict.fromkeys([*reg.headline, *sorted(terms)]):
            if after[key] == before[key]:
                continue
            share = abs(after[key] - before[key]) / (reg[key].hi - reg[key].lo)
            points = None
            if key in terms:
                moved = {**before, key: after[key]}
                points = model.score_values(seat, moved) - model.score_values(seat, before)
            if (points is not None and abs(points) >= TURNING_SCORE) or (
                key in reg.headline and share >= TURNING_SHARE
            ):
                size = abs(points) / 10 if points is not None else 0.0
                moves.append((max(size, share), turn, key, before[key], after[key], points))
    moves.sort(key=lambda m: (-m[0], m[1], m[2]))
    out = []
    for _size, turn, key, b, a, points in moves[:limit]:
        causes = group_causes(model, model.world.entries(key=key, turn=turn))
        out.append(
            {
                "turn": turn,
                "quarter": model.scenario.quarter_label(turn),
                "indicator": key,
                "label": reg.name(key),
                "before": b,
                "after": a,
                "points": None if points is None else round(points, 2),
                "causes": [{"cause": c, "delta": round(d, 2), "entries": n} for c, d, n in causes],
            }
        )
    out.sort(key=lambda tp: tp["turn"])
    return out


def points_by_objective(model, seat):
    """Where the seat's points were won and lost: each objective's score at the start (as the
    first turn screen showed it, the first quarter's events drawn) and the end, and what that
    moved the total by (weight x change)."""
    first, last = shown_values(model, 1), model.world.values
    return [
        {
            "label": o.label,
            "weight": o.weight,
            "start": o.score(first),
            "end": o.score(last),
            "points": o.weight * (o.score(last) - o.score(first)),
        }
        for o in model.catalog.objectives[seat]
    ]


def policies_by_turn(model, seat):
    """turn -> the names of the policies ``seat`` played that quarter (from the news log)."""
    cat = model.catalog
    out = {}
    for e in model.world.log:
        act = e.get("act")
        if act and act[1] == seat and act[2] == "policy" and act[3] in cat.policies:
            out.setdefault(act[0], []).append(cat.policies[act[3]].name)
    return out


def choices_vs_default(model, twin, seat):
    """Quarter by quarter, what ``seat`` played and what its default AI played in the all-AI
    game from the same seed, for the quarters where they differ: [(quarter, mine, the AI's)]."""
    mine, theirs = policies_by_turn(model, seat), policies_by_turn(twin, seat)
    return [
        (model.scenario.quarter_label(t), mine.get(t, []), theirs.get(t, []))
        for t in range(1, model.world.turn)
        if sorted(mine.get(t, [])) != sorted(theirs.get(t, []))
    ]


def default_ai_scores(model):
    """What the all-default-AI game from the same scenario and seed scored."""
    from game.play.model import TightropeModel  # Mesa loads when a game starts (fast start)

    twin = TightropeModel(
        model.scenario,
        seed=model.seed,
        humans=(),
        personas={s: "default" for s in model.reg.states},
    )
    while not twin.is_over():
        twin.step()
    return {s: round(v, 2) for s, v in twin.scores().items()}, twin


def end_report(model, compare_default=True):
    report = {
        "scenario": model.scenario.name,
        "seed": model.seed,
        "turns_played": model.world.turn - 1,
        "crisis": model.world.flags.get("crisis"),
        "humans": list(model.humans),
        "personas": dict(model.persona_names),
        "seats": seat_scores(model),
        "thesis": thesis_check(model),
        "turning_points": turning_points(model, model.humans[0] if model.humans else None),
    }
    if model.humans:
        report["points"] = {s: points_by_objective(model, s) for s in model.humans}
    if compare_default:
        scores, twin = default_ai_scores(model)
        report["default_ai"] = {
            "scores": scores,
            "thesis": thesis_check(twin)["verdict"],
            "choices": {s: choices_vs_default(model, twin, s) for s in model.humans},
        }
    return report


def format_report(report, reg):
    """The end report as plain text for the terminal."""
    lines = [
        f"== {report['scenario']} · seed {report['seed']} · {report['turns_played']} quarters =="
    ]
    if report["crisis"]:
        lines.append(f"The game ended in a crisis: {report['crisis']}")
    for seat, info in report["seats"].items():
        who = "you" if seat in report["humans"] else report["personas"].get(seat, "default")
        parts = ", ".join(f"{o['label']} {o['score']:.0f}" for o in info["objectives"].values())
        default = report.get("default_ai", {}).get("scores", {}).get(seat)
        cmp = f" (default AI from this seed: {default:.1f})" if default is not None else ""
        lines.append(
            f"{reg.state_names[seat]:<14} [{who}] {info['total']:5.1f}  grade {info['grade']}  - {parts}{cmp}"
        )
    t = report["thesis"]
    lines.append(
        f"China-Japan relations: {t['start']:.0f} -> {t['end']:.0f} ('{t['band']}', peak {t['peak']:.0f}); "
        f"US-Japan alliance {t['alliance']:.0f} ('{t['alliance_band']}')"
    )
    lines.append(f"Thesis check: {t['explanation']}")
    if report["turning_points"]:
        lines.append("Turning points:")
        for tp in report["turning_points"]:  # (at the indicator's precision: they add up)
            key = tp["indicator"]
            causes = "; ".join(
                f"{c['cause']} ({fmt_exact(reg, key, c['delta'], True)})" for c in tp["causes"]
            )
            before, after = fmt_exact(reg, key, tp["before"]), fmt_exact(reg, key, tp["after"])
            lines.append(f"  {tp['quarter']}: {tp['label']} {before} -> {after} ({causes})")
    return "\n".join(lines)
