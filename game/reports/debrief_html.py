"""The debrief page's parts: the inline style sheet, escaping, the scores table and the
side-by-side comparison with a branch."""

import html

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


def esc(text):
    return html.escape(str(text))


def scores_table(record, report, other=None):
    m = record.model
    head = "<tr><th>Seat</th><th>Score</th><th>Grade</th><th>Default AI, same seed</th>"
    head += "<th>The branch</th>" if other is not None else ""
    head += "<th>Objectives</th></tr>"
    rows = [head]
    for seat in m.reg.states:
        info = report["seats"][seat]
        default = report.get("default_ai", {}).get("scores", {}).get(seat)
        objs = "; ".join(f"{esc(o['label'])} {o['score']:.0f}" for o in info["objectives"].values())
        cells = f'<td class="num">{info["total"]:.1f}</td><td>{esc(info["grade"])}</td>'
        cells += f'<td class="num">{default:.1f}</td>' if default is not None else "<td>-</td>"
        if other is not None:
            cells += f'<td class="num">{other.model.scores()[seat]:.1f}</td>'
        cls = "team" if seat in m.humans else "ai"
        rows.append(
            f'<tr><td class="{cls}">{esc(record.seat_label(seat))}</td>{cells}<td class="fx">{objs}</td></tr>'
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


def compare_section(record, other, out):
    m, o = record.model, other.model
    t = first_divergence(m, o)
    parts = ['<h2 id="compare">The two games side by side</h2>']
    if t is None:
        parts.append("<p>The two games are identical.</p>")
        return "\n".join(parts)
    parts.append(
        f"<p>Both games are the same until turn {t} ({esc(m.scenario.quarter_label(t))}), where they part. "
        f"Dashed lines in the indicator charts show the branch; the score chart shows both.</p>"
    )
    cols = []
    for title, rec in (("This game", record), ("The branch", other)):
        decs = []
        for seat in rec.model.reg.states:
            acts, resp, _ = rec.turns.get(t, {}).get(seat, ([], {}, {}))
            names = ", ".join(rec.model.catalog.policies[p].name for p in acts) or "no new policy"
            decs.append(f"<li><b>{esc(rec.seat_label(seat))}</b>: {esc(names)}</li>")
        th = rec.model.world.values["CHN-JPN.relations"]
        scores = ", ".join(
            f"{rec.model.reg.state_names[s]} {v:.0f}" for s, v in rec.model.scores().items()
        )
        crisis = rec.model.world.flags.get("crisis")
        cols.append(
            f"<div><h3>{title}</h3><p>Decisions in turn {t}:</p><ul>{''.join(decs)}</ul>"
            f"<p>At the end: China-Japan relations {th:.0f} ('{esc(rec.model.band('CHN-JPN.relations'))}'), "
            f"{esc(scores)}{'; crisis: ' + esc(crisis) if crisis else ''}.</p></div>"
        )
    parts.append(f'<div class="cols">{"".join(cols)}</div>')
    rows = [
        "<tr><th>Indicator</th><th>This game, end</th><th>The branch, end</th><th>Difference</th></tr>"
    ]
    for key in m.reg.headline:
        a, b = m.world.values[key], o.world.values[key]
        rows.append(
            f'<tr><td>{esc(m.reg.name(key))}</td><td class="num">{a:.1f}</td><td class="num">{b:.1f}</td><td class="num">{b - a:+.1f}</td></tr>'
        )
    parts.append("<table>" + "".join(rows) + "</table>")
    return "\n".join(parts)
