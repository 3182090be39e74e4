"""Replay: a save's decision log played into a fresh State, quarter by quarter, gives the
identical game (same seed, same entries in the same order). The State to replay into is made
by the caller (``game.play.games`` seats its AIs); branching is ``game.play.branch``."""

from game.engine.errors import ConfigError, GameError
from game.engine.log import apply_entry


def entries_by_turn(data):
    by_turn = {}
    for entry in data["decisions"]:
        by_turn.setdefault(entry["turn"], []).append(entry)
    return by_turn


def _where(state, entry):
    """The turn and the entry a replay failure is about: the seat for a decision, the event or
    parameter for a facilitator's entry."""
    kind = entry.get("type")
    if kind == "decision":
        what = entry.get("seat")
    else:
        name = entry.get("event") or entry.get("id") or entry.get("param")
        what = f"{kind} {name}" if name else kind
    return (
        f"decisions (turn {state.world.turn}, {what})"
        if what
        else f"decisions (turn {state.world.turn})"
    )


def apply(state, entry, path="(save)"):
    """Replay one recorded entry into the current turn of ``state``; a failure names the
    turn, the seat and the policy or event, and why."""
    try:
        apply_entry(state, entry)
    except GameError as exc:
        text = str(exc)
        seat = entry.get("seat")
        if seat and text.startswith(f"{seat}: "):
            text = text[len(seat) + 2 :]
        raise ConfigError(path, _where(state, entry), text) from None


def step(state, path="(save)"):
    try:
        state.step()
    except GameError as exc:
        raise ConfigError(
            path, f"decisions (turn {state.world.turn})", f"the quarter won't resolve: {exc}"
        ) from None


def replay_turns(state, data, path="(save)"):
    """Yield ``state`` after each replayed quarter (the same object, advanced)."""
    by_turn = entries_by_turn(data)
    while state.world.turn < data["turn"] and not state.is_over():
        for entry in by_turn.get(state.world.turn, []):
            apply(state, entry, path)
        step(state, path)
        yield state


def replay_into(state, data, turn=None, path="(save)"):
    """``state`` played to the start of ``turn`` (default: where the save was made)."""
    stop = data["turn"] if turn is None else min(turn, data["turn"])
    by_turn = entries_by_turn(data)
    while state.world.turn < stop and not state.is_over():
        for entry in by_turn.get(state.world.turn, []):
            apply(state, entry, path)
        step(state, path)
    if not state.is_over() and turn is None:
        # The facilitator's entries made in the saved, unfinished turn.
        for entry in by_turn.get(state.world.turn, []):
            if entry["type"] != "decision":
                apply(state, entry, path)
    return state
