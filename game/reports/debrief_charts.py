"""The debrief's charts (PNG files beside the page): the key indicators turn by turn, the
scores against the default AIs and a branch, and the game among the all-AI reference games."""

from pathlib import Path

CHART_GROUPS = (
    (
        "Relations",
        ("CHN-JPN.relations", "CHN-KOR.relations", "USA-CHN.relations", "JPN-KOR.relations"),
    ),
    ("Alliances", ("alliance.USA-JPN", "alliance.USA-KOR", "alliance.trilateral")),
    ("US pressure (0-5 ladder)", ("pressure.JPN", "pressure.KOR")),
    ("Flashpoints and opinion", ("taiwan", "senkaku", "JPN>CHN.negative", "CHN>JPN.negative")),
    ("Defence spending (% of GDP)", ("JPN.defence", "KOR.defence", "USA.defence", "CHN.defence")),
    ("Trust", ("JPN>CHN.trust", "CHN>JPN.trust", "KOR>CHN.trust", "JPN>USA.trust")),
)


def percentile(values, x):
    """Share of values below x, plus half of those equal (a mid-rank percentile)."""
    below = sum(v < x for v in values)
    equal = sum(v == x for v in values)
    return 100.0 * (below + 0.5 * equal) / max(1, len(values))


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


COLOURS = ("#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98", "#566573")


def chart_indicators(record, out, other=None, name="indicators.png"):
    plt = _plt()
    m = record.model
    fig, axes = plt.subplots(3, 2, figsize=(12, 10.5), dpi=90)
    turns = list(range(1, len(m.snapshots) + 1))
    marks = sorted({t for t, _ in record.facilitator_actions()})
    for ax, (title, keys) in zip(axes.flat, CHART_GROUPS, strict=True):
        for i, key in enumerate(keys):
            ax.plot(
                turns,
                [s[key] for s in m.snapshots],
                color=COLOURS[i],
                lw=2,
                label=m.reg.name(key),
            )
            if other is not None:
                o = other.model
                ax.plot(
                    list(range(1, len(o.snapshots) + 1)), [s[key] for s in o.snapshots],
                    color=COLOURS[i], lw=1.5, ls="--",
                )  # fmt: skip
        for t in marks:
            ax.axvline(t, color="#999", lw=0.8, ls=":")
        ax.set_title(title, fontsize=11, loc="left")
        ax.set_xlabel("start of turn")
        ax.grid(alpha=0.25)
        ax.legend(fontsize=7.5, loc="best", framealpha=0.8)
    note = "dotted lines: facilitator actions"
    if other is not None:
        note += "; dashed: the branch"
    fig.suptitle(f"{m.scenario.name}: key indicators ({note})", fontsize=12)
    fig.tight_layout()
    fig.savefig(Path(out) / name)
    plt.close(fig)
    return name


def chart_scores(record, report, out, other=None, name="scores.png"):
    plt = _plt()
    m = record.model
    seats = list(m.reg.states)
    series = [("This game", [report["seats"][s]["total"] for s in seats], "#2471a3")]
    if report.get("default_ai"):
        series.append(
            (
                "Default AIs, same seed",
                [report["default_ai"]["scores"][s] for s in seats],
                "#aab7b8",
            )
        )
    if other is not None:
        series.append(("The branch", [other.model.scores()[s] for s in seats], "#d68910"))
    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=90)
    width = 0.8 / len(series)
    for i, (label, values, colour) in enumerate(series):
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(seats))]
        bars = ax.bar(xs, values, width, label=label, color=colour)
        ax.bar_label(bars, fmt="%.0f", fontsize=8)
    ax.set_xticks(range(len(seats)), [record.seat_label(s) for s in seats], fontsize=9)
    ax.set_ylim(0, 100)
    ax.set_ylabel("score (0-100)")
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(axis="y", alpha=0.25)
    fig.tight_layout()
    fig.savefig(Path(out) / name)
    plt.close(fig)
    return name


def chart_distribution(record, games, out, name="distribution.png"):
    plt = _plt()
    m = record.model
    panels = [
        (s, record.seat_label(s), [g["scores"][s] for g in games], m.scores()[s])
        for s in m.reg.states
    ]
    panels.append(
        (
            "CJ",
            "China-Japan relations at the end",
            [g["CHN-JPN.relations"] for g in games],
            m.world.values["CHN-JPN.relations"],
        )
    )
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.4), dpi=90)
    for ax, (seat, label, values, mark) in zip(axes.flat, panels, strict=False):
        team = seat in m.humans
        ax.hist(
            values,
            bins=30,
            color="#85c1e9" if team or seat == "CJ" else "#d5d8dc",
            edgecolor="white",
        )
        ax.axvline(mark, color="#c0392b", lw=2.5)
        pct = percentile(values, mark)
        ax.set_title(
            f"{label}\nthis game {mark:.1f}: above {pct:.0f}% of AI games", fontsize=9.5, loc="left"
        )
        ax.set_xlabel("relations (0-100)" if seat == "CJ" else "score")
        ax.grid(alpha=0.25)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    crises = sum(g["crisis"] for g in games)
    fig.suptitle(
        f"This game (red line) among {len(games)} all-AI games of the same scenario ({crises} ended in a crisis)",
        fontsize=11,
    )
    fig.tight_layout()
    fig.savefig(Path(out) / name)
    plt.close(fig)
    return name
