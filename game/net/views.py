"""What each kind of client sees of a room, as JSON-ready dicts built from the engine's answers.

- ``public``: what the whole class sees on the projector (and every team sees too): the quarter,
  the clock, the headline indicators and relations, the news, who has decided (never what).
  This is what the hot seat shows on a shared screen.
- ``team``: the public view plus what only that team's state knows, as on its hot-seat turn:
  its capital and score, its cards and why some are unavailable, the events it must answer,
  its intelligence estimate, what it has submitted this quarter, the offers it made or was
  sent (never the offers between other states), the deals (public: their signing is news)
  and what it may propose now. Other teams' choices reach it only as the news of a resolved
  quarter.
- ``facilitator``: the public view plus every seat's status (``game.play.facilitator.status``),
  the board the facilitator's window draws (``Classroom.board``: the same as the hot seat's
  F2 view), and the teams' seats (claimed or not; never their tokens); the deck to inject
  from and the scenario come once, with the welcome.
"""

from game.engine import deals
from game.play import facilitator as fac

NEWS = 40  # headlines the views carry (the newest)
RELATIONS = ("USA-CHN", "USA-JPN", "USA-KOR", "CHN-JPN", "CHN-KOR", "JPN-KOR")


_NAMES = {}


def _names(reg):
    """The headline indicators with their readable names (the same for every view)."""
    if id(reg) not in _NAMES:
        _NAMES[id(reg)] = (reg, [(k, reg.name(k)) for k in reg.headline])
    return _NAMES[id(reg)][1]


def public(room, connected=(), viewer=None):
    """(``viewer``: the team it is for, whose offers' news it carries too.)"""
    m = room.model
    reg = m.reg
    values = m.world.values
    missing = set(m.missing_decisions()) if not room.finished else set()
    seats = []
    for seat in reg.states:
        team = seat in m.humans
        seats.append(
            {
                "seat": seat,
                "name": reg.state_names[seat],
                "player": "team" if team else f"AI ({m.persona_names[seat]})",
                "ready": (seat not in missing) if team else True,
                "connected": seat in connected,
                "approval": round(values[f"{seat}.approval"], 1),
            }
        )
    return {
        "code": room.code,
        "scenario": m.scenario.name,
        "turn": m.turn,
        "turns": m.scenario.turns,
        "quarter": m.quarter,
        "over": room.finished,
        "ended": room.ended,
        "paused": room.paused,
        "timer": room.timer,
        "remaining": None if room.remaining is None else round(max(0.0, room.remaining), 1),
        "seats": seats,
        "waiting": [reg.state_names[s] for s in m.humans if s in missing],
        "headline": [
            {"key": k, "name": name, "value": round(values[k], 2)} for k, name in _names(reg)
        ],
        "relations": {p: round(values[f"{p}.relations"], 1) for p in RELATIONS},
        "news": [
            {"turn": n["turn"], "kind": n["kind"], "actor": n["actor"], "text": n["text"]}
            for n in deals.news_for(m.world, viewer)[-NEWS:]
        ],
    }


def team(room, seat, connected=(), world=False):
    """``world``: add the public world (values, ledger, news, snapshots) that a window mirrors
    to draw the turn screen."""
    m = room.model
    out = public(room, connected, seat)
    if world:
        w = m.world.to_dict()
        del w["offers"], w["deals"]  # (below: only this team's offers)
        w["log"] = deals.news_for(m.world, seat)  # (and only their news)
        out["world"] = {**w, "snapshots": m.snapshots}
    out["seat"] = seat
    values = m.world.values
    out["capital"] = values[f"{seat}.capital"]
    out["score"] = round(m.scores()[seat], 1)
    # Offers are between two states (the other teams never see them); deals are news.
    out["offers"] = [dict(o) for o in m.world.offers if seat in (o["from"], o["to"])]
    out["deals"] = [dict(d) for d in m.world.deals]
    if room.finished:
        out.update(cards=[], pending=[], submitted=None, intelligence="", proposals={})
        return out
    sub = m.submissions.get(seat)
    # What it may propose now: each of its templates and why not ("" if it can), with the
    # capital its submitted cards leave (as the server's offer entry will check).
    left = m.capital_left(seat, sub[0] if sub else ())
    out["proposals"] = {
        t.id: deals.proposal_problem(m, seat, t.to, t.id, left)
        for t in m.offer_book.from_seat(seat)
    }
    legal = m.legal_set(seat)
    out["cards"] = [
        {
            "id": p.id,
            "name": p.name,
            "category": p.category,
            "cost": p.cost,
            "available": p.id in legal,
            "reason": "" if p.id in legal else m.unavailable_reason(seat, p.id),
        }
        for p in m.catalog.policies_for(seat)
    ]
    out["pending"] = [
        {
            "id": e.id,
            "title": e.title,
            "text": e.text,
            "responses": [{"id": r.id, "label": r.label} for r in e.responses],
        }
        for e in m.pending_events(seat)
    ]
    out["submitted"] = None if sub is None else {"actions": sub[0], "responses": sub[1]}
    out["intelligence"] = room.intelligence(seat)
    return out


def facilitator(room, status, connected=()):
    out = public(room, connected)
    out["status"] = status
    out["teams"] = {s: {"claimed": s in room.tokens} for s in room.teams}
    out["board"] = {**room.board(set(connected), parameters=False), "over": room.finished}
    return out


def parameters(room):
    """Every rule parameter and its value now (sent with the welcome, and asked for again when
    the board's ``parameters_version`` changes)."""
    return [[name, value] for name, value in fac.parameters(room.model)]


def deck(room):
    """The events the facilitator may inject: [[id, title]] (sent once, with the welcome)."""
    return [[e.id, e.title] for e in room.model.catalog.events.values()]


def status(room, connected=()):
    """Who has decided and who is connected: what changes when a team submits (the rest of
    the views change when the quarter resolves or the facilitator acts)."""
    view = public(room, connected)
    return {k: view[k] for k in ("turn", "seats", "waiting", "remaining", "paused")}


def advice(room, seat):
    a = room.model.advice(seat)
    actions = [pid for pid, _rule, _why in a["actions"]]
    return {
        "actions": actions,
        "reasons": [[pid, rule, why] for pid, rule, why in a["actions"]],  # (card, rule, why)
        "responses": a["responses"],
        "explanation": list(a.get("explanation", [])),
        # (what the seat's default rules would answer each offer awaiting it, asked now)
        "answers": {k: list(v) for k, v in room.model.offer_advice(seat).items()},
        # (the offer its default rules would send now, if any)
        "proposals": [list(p) for p in room.model.proposal_advice(seat, actions)],
    }
