"""Writing ``health``'s findings: the one-screen summary, OUT/health.md and its PNG plots."""

from game.engine.yamlio import write_atomic


def _unsure(rare):
    """' (N of them too few offers to be sure: ...)' for rare answers whose 95% interval reaches
    the bar, or ''."""
    unsure = [x for x in rare if not x.get("sure", True)]
    if not unsure:
        return ""
    named = ", ".join(
        f"{x['seat']} {x['event']}:{x['answer']} {x['offers']} offers" for x in unsure
    )
    return f" ({len(unsure)} of them too few offers to be sure: {named})"


def _ok(flag):
    return "ok" if flag else "MISS"


def _pct(x):
    return "n/a" if x is None else f"{100 * x:.0f}%"


def summary_text(r):
    """One screen: each figure beside its target."""
    t = r["targets"]
    m = r.get("machine", {})
    lines = [
        f"Tightrope health ({r['mode']}, {r['backend']}): {r['timings']['total']:.0f} s wall, "
        f"{m.get('cpu_s', 0):.0f} CPU-s on {m.get('cores')} cores, load average "
        f"{'/'.join(str(x) for x in m.get('load_average', []))} (start/end)"
    ]
    lines.append(
        f"{'seat':<5}{'default':>9}{'best found':>12}{'gap ± CI':>14}{'best sd':>9}"
        f"{'strategy%':>11}{'seed%':>7}{'inter%':>8}"
    )
    for seat in r["seats"]:
        d, v = r["dominance"].get(seat), r["variance"].get(seat)
        if not d:
            continue
        s = v["shares"]
        lines.append(
            f"{seat:<5}{d['default']['mean']:>9.1f}{d['best']['mean']:>12.1f}"
            f"{d['gap']:>+8.1f} ± {d['gap_ci']:<4.1f}{d['best']['sd']:>9.1f}"
            f"{100 * s['strategy']:>10.0f}%{100 * s['seed']:>6.0f}%{100 * s['interaction']:>7.0f}%"
            f"  gap {_ok(d['meets_gap'])} sd {_ok(d['meets_sd'])} var {_ok(v['meets_target'])}"
        )
    lo, hi = t["strategy_share"]
    lines.append(
        f"targets: gap <= {t['dominance_gap_max']:g}, best sd >= {t['best_sd_min']:g}, "
        f"strategy share {100 * lo:.0f}-{100 * hi:.0f}%"
    )
    f = r["usage_findings"]
    lines.append(
        f"usage: {len(f['unused_policies'])} policies under {_pct(t['policy_usage_min'])} for "
        f"every persona; {len(f['rare_answers'])} answers the default AI picks < "
        f"{_pct(t['answer_share_min'])} of offers"
        + _unsure(f["rare_answers"])
        + f"; {len(f['never_offered'])} events never offered"
    )
    rare = f.get("default_rare_policies", [])
    lines.append(
        f"default AIs, all-default games: {len(rare)} policies under "
        f"{_pct(t['policy_usage_min'])}"
        + (f" ({', '.join(x['policy'] for x in rare)})" if rare else "")
        + "; situational by design: "
        + (", ".join(x["policy"] for x in f.get("default_situational_policies", [])) or "none")
    )
    impact = r.get("answer_impact") or {}
    if impact:
        flat = [f"{k} ({x['offers']} offers)" for k, x in impact.items() if not x["matters"]]
        lines.append(
            f"answers: {len(impact) - len(flat)} of {len(impact)} answerable events move the "
            f"final score by > {t.get('answer_move_min', 1.0):g} point on average"
            + (f"; not: {', '.join(flat)}" if flat else "")
        )
    risk = "; ".join(
        f"{p}: clash {_pct(x['clash']['rate'])}, JPN gov falls {_pct(x['government_fall']['JPN']['rate'])}"
        f", KOR proxy {_pct(x['government_fall']['KOR']['rate'])}"
        for p, x in r["risk"].items()
    )
    lines.append(f"risk ({risk})")
    adv = "  ".join(
        f"{s} {a['score']['mean']:.1f} (default {a['default']['mean']:.1f}, median {a['median_grade']}, "
        f"F {_pct(a['grades']['F'])})"
        for s, a in r["advisor"].items()
    )
    lines.append(f"advisor: {adv}")
    levels = r["difficulty_levels"]
    for seat, rows in r["difficulty"].items():
        bad = [lab for lab, row in rows.items() if not row["monotone"]]
        lines.append(
            f"difficulty {seat} ({'/'.join(levels)}): {len(rows) - len(bad)} of {len(rows)} "
            f"strategies monotone" + (f"; not: {', '.join(bad)}" if bad else "")
        )
    for name, row in r["thesis"].items():
        lines.append(
            f"thesis, {name}: thaw {_pct(row['thaw']['rate'])}, capped {_pct(row['capped']['rate'])}, "
            f"alliance held {_pct(row['alliance_held']['rate'])}, together {_pct(row['together']['rate'])}"
        )
    sens = r.get("sensitivity")
    if sens:
        top = sens["outputs"]["score.JPN"][:3]
        lines.append(
            "Morris, Japan's score: "
            + ", ".join(f"{x['parameter']} {x['mu_star']:.1f}±{x['mu_star_conf']:.1f}" for x in top)
        )
    return "\n".join(lines)


def _plots(r, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = {}
    seats = [s for s in r["seats"] if s in r["dominance"]]

    fig, ax = plt.subplots(figsize=(7, 4))
    for s in seats:
        ax.plot(r["dominance"][s]["curve"], label=s)
    ax.set(xlabel="trial", ylabel="best mean score on the search seeds", title="Strategy search")
    ax.legend()
    files["search"] = _save(fig, out, "health_search.png", plt)

    fig, ax = plt.subplots(figsize=(7, 4))
    xs = range(len(seats))
    for off, key, label in ((-0.2, "default", "default AI"), (0.2, "best", "best found")):
        ax.bar([x + off for x in xs], [r["dominance"][s][key]["mean"] for s in seats], 0.4,
               yerr=[r["dominance"][s][key]["sd"] for s in seats], label=f"{label} (± sd)")  # fmt: skip
    ax.set_xticks(list(xs), seats)
    ax.set(ylabel="score on fresh seeds", title="Dominance: best found vs default AI")
    ax.legend()
    files["dominance"] = _save(fig, out, "health_dominance.png", plt)

    fig, ax = plt.subplots(figsize=(7, 4))
    bottom = [0.0] * len(seats)
    for part in ("strategy", "seed", "interaction"):
        vals = [r["variance"][s]["shares"][part] for s in seats]
        ax.bar(seats, vals, bottom=bottom, label=part)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    lo, hi = r["targets"]["strategy_share"]
    ax.axhspan(lo, hi, color="grey", alpha=0.15, label="strategy target")
    ax.set(ylabel="share of score variance", title="Variance decomposition")
    ax.legend(fontsize=8)
    files["variance"] = _save(fig, out, "health_variance.png", plt)

    levels = r["difficulty_levels"]
    fig, axes = plt.subplots(1, len(seats), figsize=(3.2 * len(seats), 3.6), squeeze=False)
    for ax, s in zip(axes[0], seats, strict=True):
        for label, row in r["difficulty"][s].items():
            ax.plot(levels, [row[lv]["mean"] for lv in levels], marker="o", label=label)
        ax.set_title(s)
    axes[0][0].set_ylabel("score")
    axes[0][-1].legend(fontsize=6)
    fig.suptitle("Score by difficulty")
    files["difficulty"] = _save(fig, out, "health_difficulty.png", plt)

    sens = r.get("sensitivity")
    if sens:
        rows = sens["outputs"]["score.JPN"][:12][::-1]
        fig, ax = plt.subplots(figsize=(7, 4.5))
        ax.barh([x["parameter"] for x in rows], [x["mu_star"] for x in rows],
                xerr=[x["mu_star_conf"] for x in rows])  # fmt: skip
        ax.set(xlabel="Morris mu* (± 95% bootstrap CI)", title="Sensitivity of Japan's score")
        ax.tick_params(axis="y", labelsize=7)
        files["sensitivity"] = _save(fig, out, "health_sensitivity.png", plt)
    return files


def _save(fig, out, name, plt):
    fig.tight_layout()
    fig.savefig(out / name, dpi=100)
    plt.close(fig)
    return name


def write_markdown(r, out):
    files = _plots(r, out)
    t = r["targets"]
    md = ["# Tightrope health", "", f"Mode {r['mode']}, backend {r['backend']}, "
          f"{r['timings']['total']:.0f} s. Budget: "
          + ", ".join(f"{k} {v}" for k, v in r["budget"].items()) + ".", ""]  # fmt: skip
    md += ["```", summary_text(r), "```", ""]
    md += ["## 1. Strategy search and the dominance gap", "",
           "Optuna TPE over a weight per policy and an answer per event, against the default AIs "
           "on common seeds; the best re-scored with the default AI on fresh seeds (paired).", "",
           "| seat | default | best found | gap (95% CI) | best sd | best's grades | strategy |",
           "|---|---|---|---|---|---|---|"]  # fmt: skip
    for s, d in r["dominance"].items():
        grades = " ".join(f"{g} {_pct(x)}" for g, x in d["best_grades"].items())
        md.append(
            f"| {s} | {d['default']['mean']:.1f} | {d['best']['mean']:.1f} | "
            f"{d['gap']:+.1f} ± {d['gap_ci']:.1f} | {d['best']['sd']:.1f} | {grades} | "
            f"{d['strategy']} |"
        )
    md += ["", f"![search]({files['search']})", f"![dominance]({files['dominance']})", ""]
    md += ["## 2. Variance decomposition", "",
           "Two-way sums of squares over strategies x seeds (one game per cell, so the residual "
           "is the interaction).", "",
           "| seat | strategy | seed | interaction | strategies | seeds |", "|---|---|---|---|---|---|"]  # fmt: skip
    for s, v in r["variance"].items():
        sh = v["shares"]
        md.append(f"| {s} | {_pct(sh['strategy'])} | {_pct(sh['seed'])} | "
                  f"{_pct(sh['interaction'])} | {v['strategies']} | {v['seeds']} |")  # fmt: skip
    md += ["", f"![variance]({files['variance']})", ""]
    md += ["## 3. Card and answer usage", ""]
    f = r["usage_findings"]
    md.append(f"Policies no persona plays in {_pct(t['policy_usage_min'])} of games:")
    md += [
        f"- {x['seat']} {x['policy']} (best {_pct(x['best_share'])})" for x in f["unused_policies"]
    ] or ["- none"]
    md.append(
        f"\nPolicies the seat's default AI plays in under {_pct(t['policy_usage_min'])} of "
        "all-default games (issue 10: every card chosen by some default AI):"
    )
    md += [
        f"- {x['seat']} {x['policy']} ({_pct(x['share'])})"
        for x in f.get("default_rare_policies", [])
    ] or ["- none"]
    md.append("\nSituational by design (configs/health.yaml `situational`), and their share:")
    md += [
        f"- {x['seat']} {x['policy']} ({_pct(x['share'])}): {x['why']}"
        for x in f.get("default_situational_policies", [])
    ] or ["- none"]
    md.append(f"\nAnswers the default AI picks in under {_pct(t['answer_share_min'])} of offers:")
    md += [
        f"- {x['seat']} {x['event']}: {x['answer']} ({_pct(x['share'])} of {x.get('offers', '?')}"
        f" offers{'' if x.get('sure', True) else '; not sure: its 95% interval reaches the bar'})"
        for x in f["rare_answers"]
    ] or ["- none"]
    md.append("\nEvents never offered in these games: "
              + (", ".join(x["event"] for x in f["never_offered"]) or "none"))  # fmt: skip
    md.append("\nDeals the default AIs sign (share of games, issue 12):")
    dealt = [
        f"- {seat} {tid}: {_pct(share)}"
        for seat, parts in r["usage"].items()
        for tid, share in parts.get("deals", {}).get("default", {}).items()
    ]
    md += dealt or ["- none"]
    md += ["", "Full tables (share of games per persona) are in health.json under `usage`.", ""]
    impact = r.get("answer_impact") or {}
    if impact:
        md += ["Do answers matter? Each answerable event offered in default games, replayed to the "
               "end with each answer (the mean of reseeded futures): the mean move of the seat's "
               "final score from the AI's answer, and the mean spread best - worst.", "",
               "| seat | event | offers | mean move | mean spread | > target |", "|---|---|---|---|---|---|"]  # fmt: skip
        for x in impact.values():
            md.append(f"| {x['seat']} | {x['event']} | {x['offers']} | {x['mean_move']:.2f} | "
                      f"{x['mean_spread']:.2f} | {_ok(x['matters'])} |")  # fmt: skip
        md.append("")
    md += ["## 4. Risk", "", r["risk_note"], "", "| play | clash | JPN government falls | KOR (proxy) |",
           "|---|---|---|---|"]  # fmt: skip
    for p, x in r["risk"].items():
        g = x["government_fall"]
        md.append(f"| all {p} | {_pct(x['clash']['rate'])} | {_pct(g['JPN']['rate'])} | "
                  f"{_pct(g['KOR']['rate'])} |")  # fmt: skip
    md += ["", "## 5. Advisor and difficulty", "", "| seat | advisor | default | median grade | "
           "grades |", "|---|---|---|---|---|"]  # fmt: skip
    for s, a in r["advisor"].items():
        md.append(f"| {s} | {a['score']['mean']:.1f} | {a['default']['mean']:.1f} | "
                  f"{a['median_grade']} | "
                  + " ".join(f"{g} {_pct(x)}" for g, x in a["grades"].items()) + " |")  # fmt: skip
    levels = r["difficulty_levels"]
    md += ["", f"| seat | strategy | {' | '.join(levels)} | monotone |",
           "|---|---|" + "---|" * len(levels) + "---|"]  # fmt: skip
    for s, rows in r["difficulty"].items():
        for label, row in rows.items():
            vals = " | ".join(f"{row[lv]['mean']:.1f}" for lv in levels)
            md.append(f"| {s} | {label} | {vals} | {'yes' if row['monotone'] else 'no'} |")
    md += ["", f"![difficulty]({files['difficulty']})", ""]
    md += ["## 6. Thesis test", "", "Thaw: China-Japan relations ended above the start; capped: "
           "no better than pragmatic cooperation; alliance held: not ruptured.", "",
           "| games | thaw | capped | alliance held | together |", "|---|---|---|---|---|"]  # fmt: skip
    for name, row in r["thesis"].items():
        md.append(f"| {name} | " + " | ".join(_pct(row[k]["rate"]) for k in
                  ("thaw", "capped", "alliance_held", "together")) + " |")  # fmt: skip
    sens = r.get("sensitivity")
    if sens:
        md += ["", "## 7. Sensitivity (SALib Morris)", "",
               f"{sens['trajectories']} trajectories, {sens['points']} points x {sens['seeds']} "
               f"seeds = {sens['games']} games, over {len(sens['parameters'])} parameters.", ""]  # fmt: skip
        for name, rows in sens["outputs"].items():
            top = ", ".join(f"{x['parameter']} {x['mu_star']:.2f} ± {x['mu_star_conf']:.2f}"
                            for x in rows[:5])  # fmt: skip
            md.append(f"- {name}: {top}")
        md += ["", f"![sensitivity]({files['sensitivity']})"]
    md += ["", "## Timings (s)", "", ", ".join(f"{k} {v}" for k, v in r["timings"].items()), ""]
    write_atomic(out / "health.md", "\n".join(md))
