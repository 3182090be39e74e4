"""Branching a saved game.

``branch(data, turn, seat, actions, responses)`` replays the save to the start of ``turn``,
substitutes ``seat``'s decision in that quarter, and plays on to the end. The rule for what
happens after the branch point:

1. Before ``turn`` everything is replayed exactly as recorded, so the branch shares the
   original's history bit for bit.
2. In ``turn`` the facilitator's entries of that quarter are replayed, then ``seat`` plays the
   given decision (checked like any submission: legal, affordable, answers to its own events;
   events it leaves unanswered get the advisor's answer). If ``seat`` was an AI seat, its AI
   still thinks its choice through first, so it draws the same random numbers as in the
   original and the same decision reproduces the original game exactly.
3. After ``turn``, AI seats play as AIs. The facilitator's recorded entries (injected and
   custom events, parameter changes, notes) are replayed in their quarters. Each human seat's
   recorded decision is kept only where it is still legal: policies that are no longer
   available or affordable are dropped (the rest kept in order), answers to events that did
   not fire are dropped, and events without a recorded answer get the advisor's answer. With
   ``keep_recorded=False`` the human seats are played by their AI from the branch on.

A branch records its substitute as a ``decision`` entry marked ``"branch": true`` (and
``"ai_seat": true`` for an AI seat), so the branched game saves and replays like any other.
"""

from game.engine.errors import GameError
from game.engine.replay import apply, entries_by_turn, replay_into, step
from game.engine.saves import check_save
from game.play.games import new_model, replay


def play_as_ai_seat(model, seat, actions, responses, marks=None):
    """Make AI ``seat`` play (actions, responses) this turn, checked like any submission. The
    engine still lets its AI decide first (the same random draws as if it had chosen), then the
    submission wins, and ``step()`` logs it with ``marks`` plus ``ai_seat``."""
    responses = dict(responses or {})
    for event in model.pending_events(seat):
        if event.id not in responses:
            responses[event.id] = model.advice(seat)["responses"][event.id]
    model.submit(seat, actions, responses, marks={**(marks or {}), "ai_seat": True})


def still_legal(model, seat, actions, responses):
    """The part of a recorded decision that is legal now (see the module's rule 3)."""
    legal = model.legal_set(seat)
    wanted = [pid for pid in dict.fromkeys(actions) if pid in legal]
    kept = model.fill_bundle(seat, wanted, len(wanted))
    pending = {e.id: e for e in model.pending_events(seat)}
    advice = None
    answers = {}
    for eid, event in pending.items():
        rid = responses.get(eid)
        if rid in {r.id for r in event.responses}:
            answers[eid] = rid
        else:
            advice = advice or model.advice(seat)["responses"]
            answers[eid] = advice[eid]
    return kept, answers


def branch(data, turn, seat, actions, responses=None, keep_recorded=True, path="(save)"):
    """A new game: the save replayed to ``turn``, ``seat`` playing (actions, responses) there,
    then played to the end by the rule in this module's docstring. Returns the model."""
    check_save(data, path)
    if seat not in data["personas"]:
        raise GameError(f"unknown state {seat!r} (use one of {', '.join(data['personas'])})")
    last = data["turn"] - 1  # the quarters the save has played
    if isinstance(turn, bool) or not isinstance(turn, int) or not 1 <= turn <= last:
        raise GameError(f"the branch turn must be a played quarter, 1 to {last}, not {turn!r}")
    model = replay_into(new_model(data, path), data, turn, path)
    if model.is_over() or model.world.turn != turn:
        raise GameError(f"the saved game ended before turn {turn}")
    by_turn = entries_by_turn(data)
    # The branch quarter: the facilitator's entries, the other seats as recorded, then ours.
    for entry in by_turn.get(turn, []):
        if entry["type"] != "decision":
            apply(model, entry, path)
    for entry in by_turn.get(turn, []):
        if entry["type"] == "decision" and entry["seat"] != seat and not entry.get("ai_seat"):
            apply(model, entry, path)
    if seat in model.humans:
        answers = dict(responses or {})
        advice = model.advice(seat)["responses"]
        for event in model.pending_events(seat):
            answers.setdefault(event.id, advice[event.id])
        model.submit(seat, actions, answers, marks={"branch": True})
    else:
        play_as_ai_seat(model, seat, actions, responses, marks={"branch": True})
    step(model, path)  # step() logs the submission, marked as the branch's
    # After the branch: AIs play; facilitator entries as recorded; humans' recorded decisions
    # where still legal (or their AI, without keep_recorded).
    while not model.is_over():
        t = model.world.turn
        for entry in by_turn.get(t, []):
            if entry["type"] != "decision":
                apply(model, entry, path)
        recorded = {
            e["seat"]: e
            for e in by_turn.get(t, [])
            if e["type"] == "decision" and not e.get("ai_seat")
        }
        for human in model.humans:
            if keep_recorded and human in recorded:
                acts, answers = still_legal(
                    model, human, recorded[human]["actions"], recorded[human]["responses"]
                )
            else:
                decision = model.seats[human].persona.decide(model, model.seats[human])
                acts, answers = decision.actions, decision.responses
            model.submit(human, acts, answers)
        step(model, path)
    return model


def decision_at(data, turn, seat, path="(save)"):
    """What ``seat`` decided in ``turn`` of the saved game: (actions, responses)."""
    model = replay(data, path, turn + 1)
    if model.world.turn != turn + 1:
        raise GameError(f"the saved game has no turn {turn}")
    actions, responses, _reasons = model.last_decisions[seat]
    return list(actions), dict(responses)
