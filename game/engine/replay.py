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


def apply(state, entry, path="(save)"):
    """Replay one recorded entry into the current turn of ``state``; a failure names the
    turn, the seat and the policy or event, and why."""
    try:
        apply_entry(state, entry)
    except GameError as exc:
        what = entry.get("type")
        who = f", {entry['seat']}" if entry.get("seat") else ""
        raise ConfigError(
            path, f"decisions (turn {state.world.turn}{who}, {what})", f"replay failed: {exc}"
        ) from None


def step(state, path="(save)"):
    try:
        state.step()
    except GameError as exc:
        raise ConfigError(
            path, f"decisions (turn {state.world.turn})", f"replay failed: {exc}"
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
