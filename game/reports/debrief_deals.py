"""The debrief's bargaining section (issue 12): every offer made in the game, its answer and
the reason the AI gave, and every deal with how it ended (kept, broken and by whom)."""

from game.reports.debrief_html import esc as _e


def why(offer):
    """The answer's reason (an AI's); else, for a team's answer or an open or lapsed offer, the
    proposer's reason, said to be the proposer's (it read as the answer's)."""
    if offer["answer"]:
        return offer["answer"]
    return f"offered as: {offer['reason']}" if offer["reason"] else ""


def deals_section(model):
    """The HTML of the section (a heading, then the offers and the deals, or a line saying
    there were none)."""
    w, names = model.world, model.reg.state_names
    book, q = model.offer_book.templates, model.scenario.quarter_label
    parts = ['<h2 id="deals">Offers, answers and breaches</h2>']
    if not w.offers:
        parts.append("<p class='muted'>No state made an offer.</p>")
        return "".join(parts)
    rows = []
    for o in w.offers:
        t = book[o["template"]]
        kind = " (counter-offer)" if o["counter_of"] else ""
        rows.append(
            f'<tr><td class="num">{o["turn"]} ({_e(q(o["turn"]))})</td>'
            f"<td>{_e(names[o['from']])} to {_e(names[o['to']])}</td>"
            f"<td>{_e(t.name)}{kind}</td><td>{_e(o['status'])}</td>"
            f"<td>{_e(why(o))}</td></tr>"
        )
    parts.append(
        "<table><tr><th>Turn</th><th>Who</th><th>Offer</th><th>Answer</th><th>Why</th></tr>"
        + "".join(rows)
        + "</table>"
    )
    if w.deals:
        rows = []
        for d in w.deals:
            t = book[d["template"]]
            if d["status"] == "broken":
                end = f"broken by {names[d['broken_by']]} in {q(d['ended'])}"
            elif d["status"] == "kept":
                end = f"kept to its end ({q(d['ended'])})"
            else:
                end = f"in force, {d['left']} quarter(s) left"
            rows.append(
                f"<tr><td>{_e(d['id'])}</td><td>{_e(t.name)}</td>"
                f"<td>{_e(names[d['proposer']])} and {_e(names[d['recipient']])}</td>"
                f'<td class="num">{_e(q(d["start"]))}</td><td>{_e(end)}</td></tr>'
            )
        parts.append(
            "<table><tr><th>Deal</th><th>Terms</th><th>Between</th><th>Signed</th>"
            "<th>How it ended</th></tr>" + "".join(rows) + "</table>"
        )
    return "".join(parts)
