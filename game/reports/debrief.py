"""The class debrief: a self-contained HTML page (inline CSS, PNG charts beside it) that opens
offline in any browser. It holds charts of the key indicators; every quarter's decisions per
team or AI seat, with their effects from the ledger and the rules that answered them; the
events; the facilitator's actions; scores and the thesis check; the default AIs' scores from
the same seed; where the class's result falls among N all-AI games of the same scenario; and
discussion prompts chosen from what happened. Given a second save (a branch), it compares the
two games side by side.

Everything comes from the save: the game is replayed quarter by quarter (``game.engine.replay``), so
the debrief shows exactly what the class played.
"""

import hashlib
import html
import json
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from game.engine.effects import parse_effects
from game.engine.errors import ConfigError
from game.engine.paths import ROOT, content_fingerprint
from game.engine.replay import replay_turns
from game.engine.scenario import build_scenario
from game.engine.words import effect_text
from game.engine.yamlio import read_json, write_atomic
from game.reports.end_report import end_report
from game.reports.summary import turn_summary

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
FACILITATOR_TYPES = ("inject", "custom_event", "set_parameter", "note")
DEFAULT_CACHE = ROOT / "out" / "reference"  # git-ignored


# ------------------------------------------------------------------------------ the game
class GameRecord:
    """A replayed save: the final model, every quarter's decisions (with the AIs' reasons),
    and the save data."""

    def __init__(self, data, path):
        self.data, self.path = data, str(path)
        self.turns = {}  # turn -> {seat: (actions, responses, reasons)}
        model = None
        for model in replay_turns(data, path):
            self.turns[model.world.turn - 1] = dict(model.last_decisions)
        if model is None:
            raise ConfigError(
                path, "turn", "the save holds no finished quarter: nothing to debrief"
            )
        self.model = model

    @classmethod
    def load(cls, path):
        return cls(read_json(path), path)

    def seat_label(self, seat):
        name = self.model.reg.state_names[seat]
        if seat in self.model.humans:
            return f"Team {name}"
        return f"{name} (AI, {self.model.persona_names[seat]})"

    def facilitator_actions(self):
        out = []
        for d in self.data["decisions"]:
            if d["type"] == "inject":
                ev = self.model.catalog.events.get(d["event"])
                out.append((d["turn"], f"Injected the event “{ev.title if ev else d['event']}”"))
            elif d["type"] == "custom_event":
                reg = self.model.reg
                fx = ", ".join(effect_text(reg, e) for e in parse_effects(d["effects"]))
                out.append((d["turn"], f"Wrote and fired “{d['title']}” ({fx})"))
            elif d["type"] == "set_parameter":
                out.append((d["turn"], f"Set {d['param']} from {d.get('old')!r} to {d['value']!r}"))
            elif d["type"] == "note":
                out.append((d["turn"], f"Turn timer: {d['text']}" if d.get("seat") else d["text"]))
        return out


# ------------------------------------------------------------------------------ reference games
def _play_reference(job):
    """Worker: play all-AI games of one scenario for a list of seeds (top level: picklable),
    with the batch runner's one-game record."""
    from game.lab.batch import play_game

    raw, path, seeds = job
    scenario = build_scenario(raw, path)
    out = []
    for seed in seeds:
        rec = play_game(scenario, None, seed)
        if rec.get("status", "ok") != "ok":
            continue
        out.append(
            {
                "seed": seed,
                "scores": {s: round(rec[f"score.{s}"], 3) for s in scenario.personas},
                "CHN-JPN.relations": rec["end.CHN-JPN.relations"],
                "crisis": bool(rec["crisis"]),
            }
        )
    return out


def reference_games(raw, path, n, cache_dir=DEFAULT_CACHE, workers=None):
    """N all-AI games of the scenario (seeds 0..N-1), cached in ``cache_dir`` by scenario and N."""
    # Keyed by the scenario, N and the engine's code and configs: a rule change rebuilds it.
    stamp = [raw, n, content_fingerprint()]
    key = hashlib.sha256(json.dumps(stamp, sort_keys=True, default=str).encode()).hexdigest()[:16]
    cache = Path(cache_dir) / f"reference-{key}.json"
    if cache.exists():
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if isinstance(cached, list) and cached and len(cached) <= n:
                return cached
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt
    workers = workers or max(1, min(2, os.cpu_count() or 1))
    chunks = [list(range(n))[i :: workers * 4] for i in range(workers * 4)]
    jobs = [(raw, str(path), c) for c in chunks if c]
    if workers == 1 or n < 40:
        results = [r for job in jobs for r in _play_reference(job)]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [r for part in pool.map(_play_reference, jobs) for r in part]
    results.sort(key=lambda r: r["seed"])
    write_atomic(cache, json.dumps(results))
    return results


def percentile(values, x):
    """Share of values below x, plus half of those equal (a mid-rank percentile)."""
    below = sum(v < x for v in values)
    equal = sum(v == x for v in values)
    return 100.0 * (below + 0.5 * equal) / max(1, len(values))


# ------------------------------------------------------------------------------ charts
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


# ------------------------------------------------------------------------------ prompts
def discussion_prompts(record, report, limit=7):
    """Questions for the class, each chosen by a rule from what happened in this game."""
    m, reg = record.model, record.model.reg
    names = reg.state_names
    snaps = m.snapshots
    q = m.scenario.quarter_label
    prompts = []

    def next_actions(seat, turn):
        acts = record.turns.get(turn + 1, {}).get(seat, ([], {}, {}))[0]
        return ", ".join(m.catalog.policies[p].name for p in acts) or "no new policy"

    demand = m.scenario.parameters["USA"]["BurdenSharingLedger"]["defence_demand"]
    for ally in reg.allies if hasattr(reg, "allies") else ("JPN", "KOR"):
        for t in range(1, len(snaps)):
            if snaps[t - 1][f"{ally}.defence"] < demand <= snaps[t][f"{ally}.defence"]:
                prompts.append(
                    f"{names[ally]} met the {demand:g}% demand in turn {t} ({q(t)}). What did China do next "
                    f"({next_actions('CHN', t)}), and why? Did Washington ease off?"
                )
                break
        for t in range(1, len(snaps)):
            if snaps[t - 1][f"pressure.{ally}"] < 4 <= snaps[t][f"pressure.{ally}"]:
                prompts.append(
                    f"Washington threatened troop cuts in {names[ally]} in turn {t} ({q(t)}). How did "
                    f"{record.seat_label(ally)} answer ({next_actions(ally, t)}), and what else could it have done?"
                )
                break
    start_band = reg.band("CHN-JPN.relations", snaps[0]["CHN-JPN.relations"])
    for t in range(1, len(snaps)):
        band = reg.band("CHN-JPN.relations", snaps[t]["CHN-JPN.relations"])
        before = reg.band("CHN-JPN.relations", snaps[t - 1]["CHN-JPN.relations"])
        if band != before and band != start_band:
            prompts.append(
                f"China-Japan relations moved from '{before}' to '{band}' in turn {t} ({q(t)}). Which decisions "
                f"made that possible, and why did it {'last' if m.band('CHN-JPN.relations') == band else 'not last'}?"
            )
            break
    if report.get("crisis"):
        prompts.append(
            f"The game ended in a crisis: {report['crisis']}. Which decisions pushed the flashpoint to the brink, and who could have stopped it?"
        )
    for t, text in record.facilitator_actions():
        if text.startswith(("Injected", "Wrote")):
            prompts.append(
                f"In turn {t} ({q(t)}) the facilitator {text[0].lower() + text[1:]}. How did each team adapt, and was that the answer their state's interests called for?"
            )
            break
    for seat in m.humans:
        ours = report["seats"][seat]["total"]
        default = report.get("default_ai", {}).get("scores", {}).get(seat)
        if default is not None:
            better = "better" if ours > default else "worse"
            prompts.append(
                f"{record.seat_label(seat)} scored {ours:.0f}; the default AI, from the same seed, scored {default:.0f}. "
                f"Why did the team do {better}? Which single decision made the most difference?"
            )
    timeouts = [(t, text) for t, text in record.facilitator_actions() if "time ran out" in text]
    if timeouts:
        t, text = timeouts[0]
        prompts.append(f"In turn {t}: {text} Would the team have chosen the same?")
    tp = (report.get("turning_points") or [None])[0]
    if tp and tp["causes"]:
        prompts.append(
            f"The biggest swing: {tp['label']} went from {tp['before']:.1f} to {tp['after']:.1f} in {tp['quarter']}, "
            f"mostly through {tp['causes'][0]['cause']}. Was it foreseeable, and who gained from it?"
        )
    thesis = report["thesis"]
    closing = (
        f"{thesis['explanation']} What would have had to happen for the game to "
        f"{'contradict' if thesis['verdict'] == 'supports' else 'support'} the essay's conclusion?"
    )
    return prompts[: limit - 1] + [closing]  # the thesis question always closes the list


# ------------------------------------------------------------------------------ HTML
CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2833;background:#f4f6f7}
main{max-width:1180px;margin:0 auto;padding:24px 32px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #d6dbdf;padding-bottom:4px;margin-top:34px}
h3{font-size:16px;margin:18px 0 6px}.muted{color:#707b7c}img{max-width:100%;border:1px solid #e5e8e8}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13.5px}
th,td{border:1px solid #d6dbdf;padding:5px 8px;text-align:left;vertical-align:top}th{background:#eaf2f8}
td.num{text-align:right;white-space:nowrap}.team{font-weight:600;color:#154360}.ai{color:#566573}
.fx{font-size:12.5px;color:#424949}.up{color:#1e8449}.down{color:#b03a2e}.tag{display:inline-block;font-size:11px;
padding:1px 6px;border-radius:8px;background:#fdebd0;color:#784212;margin-left:4px}
.verdict{padding:10px 14px;border-left:5px solid #2471a3;background:#eaf2f8}.prompts li{margin:6px 0}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}.facil{background:#fef9e7}
nav a{margin-right:14px;font-size:13.5px}
"""


def _e(text):
    return html.escape(str(text))


def _delta_html(reg, changes, limit=6):
    items = sorted(changes.items(), key=lambda kv: -abs(kv[1]))
    parts = []
    for key, d in items[:limit]:
        if abs(d) < 0.005:
            continue
        cls = "up" if d > 0 else "down"
        parts.append(f'{_e(reg.name(key))} <span class="{cls}">{d:+.2f}</span>')
    more = f" … +{len(items) - limit} more" if len(items) > limit else ""
    return "; ".join(parts) + more if parts else "no measurable change yet"


def _answered_html(reg, answered):
    return (
        "<br>".join(
            f"{_e(reg.state_names.get(actor, actor))}: {_e(rule)} ({_delta_html(reg, ch, 3)})"
            for (actor, rule), ch in answered.items()
        )
        or '<span class="muted">none</span>'
    )


def _turn_table(record):
    """Every quarter from ``turn_summary``: its events and the facilitator's actions, then each
    seat's decisions with their effects and the rules that answered them."""
    m = record.model
    reg = m.reg
    rows = []
    facil = defaultdict(list)
    for t, text in record.facilitator_actions():
        facil[t].append(text)
    for turn in sorted(record.turns):
        summary = turn_summary(m, turn, record.turns[turn], effects=True)
        rows.append(f'<h3 id="turn{turn}">Turn {turn}: {_e(summary["quarter"])}</h3>')
        events = [e for e in summary["news"] if e["kind"] == "event"]
        if events or facil.get(turn):
            items = "".join(f"<li>{_e(e['text'])}</li>" for e in events)
            items += "".join(
                f'<li class="facil">{"" if x.startswith("Turn timer") else "Facilitator: "}{_e(x)}</li>'
                for x in facil.get(turn, [])
            )
            rows.append(f"<p><b>Events</b></p><ul>{items}</ul>")
        rows.append(
            "<table><tr><th style='width:18%'>Seat</th><th style='width:30%'>Decision</th><th>Effects (ledger)</th><th style='width:26%'>Rules that answered</th></tr>"
        )
        for row in summary["seats"]:
            seat = row["seat"]
            who = record.seat_label(seat)
            cls = "team" if row["human"] else "ai"
            lines = []
            for d in row["decisions"]:
                if d["kind"] == "policy":
                    why = d["reason"]
                    reason = (
                        f'<div class="fx muted">{_e(why[0])}: {_e(why[1])}</div>'
                        if why and not row["human"]
                        else ""
                    )
                    multi = (
                        f'<span class="tag">{d["duration"]} quarters</span>'
                        if d["duration"] > 1
                        else ""
                    )
                    decision = f"{_e(d['name'])}{multi}{reason}"
                else:
                    title = d["title"] if d["title"] is not None else d["event"]
                    decision = f"Answer to “{_e(title)}”: {_e(d['label'])}"
                lines.append(
                    (decision, _delta_html(reg, d["direct"]), _answered_html(reg, d["answered"]))
                )
            if not lines:
                lines.append(('<span class="muted">no new policy</span>', "", ""))
            for i, (dec, fx, reacts) in enumerate(lines):
                head = f'<td rowspan="{len(lines)}" class="{cls}">{_e(who)}</td>' if i == 0 else ""
                rows.append(
                    f'<tr>{head}<td>{dec}</td><td class="fx">{fx}</td><td class="fx">{reacts}</td></tr>'
                )
        rows.append("</table>")
    return "\n".join(rows)


def _scores_table(record, report, other=None):
    m = record.model
    head = "<tr><th>Seat</th><th>Score</th><th>Grade</th><th>Default AI, same seed</th>"
    head += "<th>The branch</th>" if other is not None else ""
    head += "<th>Objectives</th></tr>"
    rows = [head]
    for seat in m.reg.states:
        info = report["seats"][seat]
        default = report.get("default_ai", {}).get("scores", {}).get(seat)
        objs = "; ".join(f"{_e(o['label'])} {o['score']:.0f}" for o in info["objectives"].values())
        cells = f'<td class="num">{info["total"]:.1f}</td><td>{_e(info["grade"])}</td>'
        cells += f'<td class="num">{default:.1f}</td>' if default is not None else "<td>-</td>"
        if other is not None:
            cells += f'<td class="num">{other.model.scores()[seat]:.1f}</td>'
        cls = "team" if seat in m.humans else "ai"
        rows.append(
            f'<tr><td class="{cls}">{_e(record.seat_label(seat))}</td>{cells}<td class="fx">{objs}</td></tr>'
        )
    return "<table>" + "".join(rows) + "</table>"


def first_divergence(a, b):
    """The first turn whose start values or ledger differ between two games (None: identical)."""
    for t in range(1, max(len(a.snapshots), len(b.snapshots)) + 1):
        la = [e for e in a.world.ledger if e[0] == t]
        lb = [e for e in b.world.ledger if e[0] == t]
        if la != lb:
            return t
    return None


def _compare_section(record, other, out):
    m, o = record.model, other.model
    t = first_divergence(m, o)
    parts = ['<h2 id="compare">The two games side by side</h2>']
    if t is None:
        parts.append("<p>The two games are identical.</p>")
        return "\n".join(parts)
    parts.append(
        f"<p>Both games are the same until turn {t} ({_e(m.scenario.quarter_label(t))}), where they part. "
        f"Dashed lines in the indicator charts show the branch; the score chart shows both.</p>"
    )
    cols = []
    for title, rec in (("This game", record), ("The branch", other)):
        decs = []
        for seat in rec.model.reg.states:
            acts, resp, _ = rec.turns.get(t, {}).get(seat, ([], {}, {}))
            names = ", ".join(rec.model.catalog.policies[p].name for p in acts) or "no new policy"
            decs.append(f"<li><b>{_e(rec.seat_label(seat))}</b>: {_e(names)}</li>")
        th = rec.model.world.values["CHN-JPN.relations"]
        scores = ", ".join(
            f"{rec.model.reg.state_names[s]} {v:.0f}" for s, v in rec.model.scores().items()
        )
        crisis = rec.model.world.flags.get("crisis")
        cols.append(
            f"<div><h3>{title}</h3><p>Decisions in turn {t}:</p><ul>{''.join(decs)}</ul>"
            f"<p>At the end: China-Japan relations {th:.0f} ('{_e(rec.model.band('CHN-JPN.relations'))}'), "
            f"{_e(scores)}{'; crisis: ' + _e(crisis) if crisis else ''}.</p></div>"
        )
    parts.append(f'<div class="cols">{"".join(cols)}</div>')
    rows = [
        "<tr><th>Indicator</th><th>This game, end</th><th>The branch, end</th><th>Difference</th></tr>"
    ]
    for key in m.reg.headline:
        a, b = m.world.values[key], o.world.values[key]
        rows.append(
            f'<tr><td>{_e(m.reg.name(key))}</td><td class="num">{a:.1f}</td><td class="num">{b:.1f}</td><td class="num">{b - a:+.1f}</td></tr>'
        )
    parts.append("<table>" + "".join(rows) + "</table>")
    return "\n".join(parts)


def write_debrief(save, out, reference=1000, compare=None, cache_dir=DEFAULT_CACHE, workers=None):
    """Write ``out/index.html`` and its charts for the save at ``save`` (a path or a
    GameRecord); ``compare``: a second save (a branch) to set beside it. Returns the HTML path."""
    record = save if isinstance(save, GameRecord) else GameRecord.load(save)
    other = (
        compare if compare is None or isinstance(compare, GameRecord) else GameRecord.load(compare)
    )
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    m = record.model
    report = end_report(m)
    charts = {
        "indicators": chart_indicators(record, out, other),
        "scores": chart_scores(record, report, out, other),
    }
    games = []
    if reference:
        games = reference_games(
            record.data["scenario"]["data"],
            record.data["scenario"].get("path") or "",
            reference,
            cache_dir,
            workers,
        )
        charts["distribution"] = chart_distribution(record, games, out)
    prompts = discussion_prompts(record, report)
    thesis = report["thesis"]
    teams = [record.seat_label(s) for s in m.humans] or ["no teams: all four seats were AI"]
    facil = record.facilitator_actions()
    body = [
        f"<h1>Debrief: {_e(m.scenario.name)}</h1>",
        f'<p class="muted">Seed {m.seed} · {report["turns_played"]} quarters, {_e(m.scenario.quarter_label(1))} to '
        f"{_e(m.scenario.quarter_label(max(1, report['turns_played'])))} · {_e(', '.join(teams))}</p>",
        '<nav><a href="#scores">Scores</a><a href="#charts">Charts</a><a href="#reference">Among AI games</a>'
        '<a href="#prompts">Discussion</a><a href="#facilitator">Facilitator</a><a href="#turns">Turn by turn</a>'
        + ('<a href="#compare">Branch</a>' if other is not None else "")
        + "</nav>",
        f"<p>{_e(m.scenario.description)}</p>",
    ]
    if report.get("crisis"):
        body.append(
            f'<p class="verdict"><b>The game ended early in a crisis:</b> {_e(report["crisis"])}</p>'
        )
    body += [
        '<h2 id="scores">Scores and the thesis check</h2>',
        _scores_table(record, report, other),
        f'<p class="verdict"><b>Thesis check ({_e(thesis["verdict"])}).</b> {_e(thesis["explanation"])} '
        f"China-Japan relations went from {thesis['start']:.0f} to {thesis['end']:.0f} (peak {thesis['peak']:.0f}); "
        f"the US-Japan alliance ended at {thesis['alliance']:.0f} ('{_e(thesis['alliance_band'])}'). "
        f"The default AIs from the same seed: {_e(report.get('default_ai', {}).get('thesis', '-'))}.</p>",
        f'<img src="{charts["scores"]}" alt="Scores of this game and of the default AIs from the same seed">',
        '<h2 id="charts">Key indicators</h2>',
        f'<img src="{charts["indicators"]}" alt="Key indicators, turn by turn">',
    ]
    if games:
        lines = []
        for seat in m.humans or m.reg.states:
            values = [g["scores"][seat] for g in games]
            lines.append(
                f"<li>{_e(record.seat_label(seat))}: {m.scores()[seat]:.1f}, better than {percentile(values, m.scores()[seat]):.0f}% of the AI games</li>"
            )
        cj = [g["CHN-JPN.relations"] for g in games]
        lines.append(
            f"<li>China-Japan relations at the end: {m.world.values['CHN-JPN.relations']:.1f}, higher than in {percentile(cj, m.world.values['CHN-JPN.relations']):.0f}% of the AI games</li>"
        )
        body += [
            '<h2 id="reference">This game among all-AI games</h2>',
            f"<p>{len(games)} games of the same scenario with every seat played by its AI (seeds 0-{len(games) - 1}); "
            "the red line is this game. Facilitator changes are not in the AI games.</p>",
            f"<ul>{''.join(lines)}</ul>",
            f'<img src="{charts["distribution"]}" alt="Distribution of all-AI results with this game marked">',
        ]
    body += [
        '<h2 id="prompts">Discussion prompts</h2>',
        '<ol class="prompts">' + "".join(f"<li>{_e(p)}</li>" for p in prompts) + "</ol>",
    ]
    body.append('<h2 id="facilitator">What the facilitator (and the turn timer) did</h2>')
    if facil:
        body.append(
            "<table><tr><th>Turn</th><th>Action</th></tr>"
            + "".join(
                f'<tr><td class="num">{t} ({_e(m.scenario.quarter_label(t))})</td><td>{_e(x)}</td></tr>'
                for t, x in facil
            )
            + "</table>"
        )
    else:
        body.append(
            "<p class='muted'>Nothing: the game ran as the scenario and the teams made it.</p>"
        )
    body += [
        '<h2 id="turns">Turn by turn: decisions, effects and answers</h2>',
        _turn_table(record),
    ]
    if other is not None:
        body.append(_compare_section(record, other, out))
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Tightrope debrief: {_e(m.scenario.name)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
    path = out / "index.html"
    write_atomic(path, page)
    return path


def export_class_debrief(classroom, out=None):
    """Write the debrief of a class game (``game.play.classroom.Classroom``) and its branch,
    if one was played; returns the HTML path."""
    out, save, other = classroom.debrief_inputs(out)
    compare = None if other is None else GameRecord(*other)
    classroom.debrief_path = write_debrief(
        GameRecord.load(save), out, classroom.reference_games, compare
    )
    return classroom.debrief_path
