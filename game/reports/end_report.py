"""The end report: scores per objective and grades, the turning points, what the default AIs
would have scored from the same seed, and the thesis check against the essay's conclusion
(the outcome itself is ``game.engine.outcome``'s, shared with the lab's records)."""

from game.engine.outcome import seat_scores, thesis_check
from game.engine.words import group_causes
from game.play.model import TightropeModel


def turning_points(model, limit=5):
    """The largest one-quarter moves of the headline indicators, with their biggest causes."""
    moves = []
    for turn in range(1, len(model.snapshots)):
        before, after = model.snapshots[turn - 1], model.snapshots[turn]
        for key in model.reg.headline:
            spec = model.reg[key]
            size = abs(after[key] - before[key]) / (spec.hi - spec.lo)
            if size > 0:
                moves.append((size, turn, key, before[key], after[key]))
    moves.sort(key=lambda m: (-m[0], m[1], m[2]))
    out = []
    for _size, turn, key, b, a in moves[:limit]:
        top = group_causes(model, model.world.entries(key=key, turn=turn))[:3]
        out.append(
            {
                "turn": turn,
                "quarter": model.scenario.quarter_label(turn),
                "indicator": key,
                "label": model.reg.name(key),
                "before": b,
                "after": a,
                "causes": [{"cause": c, "delta": round(d, 2), "entries": n} for c, d, n in top],
            }
        )
    return out


def default_ai_scores(model):
    """What the all-default-AI game from the same scenario and seed scored."""
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
        "turning_points": turning_points(model),
    }
    if compare_default:
        scores, twin = default_ai_scores(model)
        report["default_ai"] = {"scores": scores, "thesis": thesis_check(twin)["verdict"]}
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
        for tp in report["turning_points"]:
            causes = "; ".join(f"{c['cause']} ({c['delta']:+.1f})" for c in tp["causes"])
            lines.append(
                f"  {tp['quarter']}: {tp['label']} {tp['before']:.1f} -> {tp['after']:.1f} ({causes})"
            )
    return "\n".join(lines)
