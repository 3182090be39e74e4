"""The class debrief: a self-contained HTML page (inline CSS, PNG charts beside it) that opens
offline in any browser. It holds charts of the key indicators; every quarter's decisions per
team or AI seat, with their effects from the ledger and the rules that answered them; the
events; the facilitator's actions; scores and the thesis check; the default AIs' scores from
the same seed; where the class's result falls among N all-AI games of the same scenario (played
by the caller on the lab's runner, ``game.lab.reference``); and discussion prompts chosen from
what happened. Given a second save (a branch), it compares the two games side by side.

Everything comes from the save: the game is replayed quarter by quarter (``game.engine.replay``), so
the debrief shows exactly what the class played. The charts, the prompts and the page's parts
are in ``debrief_charts``, ``debrief_prompts`` and ``debrief_html``.
"""

from collections import defaultdict
from pathlib import Path

from game.engine.effects import parse_effects
from game.engine.errors import ConfigError
from game.engine.words import effect_text
from game.engine.yamlio import write_atomic
from game.play.games import read_save, replay_turns
from game.reports.debrief_charts import (
    chart_distribution,
    chart_indicators,
    chart_scores,
    percentile,
)
from game.reports.debrief_deals import deals_section
from game.reports.debrief_html import CSS, compare_section, scores_table
from game.reports.debrief_html import esc as _e
from game.reports.debrief_prompts import discussion_prompts
from game.reports.end_report import end_report
from game.reports.summary import turn_summary


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
        """A save, refused unless it replays to its fingerprint (as ``play --load`` does)."""
        return cls(read_save(path), path)

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


def write_debrief(save, out, reference=(), compare=None):
    """Write ``out/index.html`` and its charts for the save at ``save`` (a path or a
    GameRecord); ``reference``: all-AI games of its scenario to place it among (from
    ``game.lab.reference.reference_games``; none: no such section); ``compare``: a second save
    (a branch) to set beside it. Returns the HTML path."""
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
    games = list(reference or ())
    if games:
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
        '<a href="#prompts">Discussion</a><a href="#deals">Deals</a><a href="#facilitator">Facilitator</a><a href="#turns">Turn by turn</a>'
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
        scores_table(record, report, other),
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
    body.append(deals_section(m))
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
        body.append(compare_section(record, other, out))
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Tightrope debrief: {_e(m.scenario.name)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
    path = out / "index.html"
    write_atomic(path, page)
    return path


def export_class_debrief(classroom, out=None, reference=()):
    """Write the debrief of a class game (``game.play.classroom.Classroom``) and its branch,
    if one was played, among ``reference`` all-AI games; returns the HTML path."""
    out, save, other = classroom.debrief_inputs(out)
    compare = None if other is None else GameRecord(*other)
    classroom.debrief_path = write_debrief(GameRecord.load(save), out, reference, compare)
    return classroom.debrief_path
