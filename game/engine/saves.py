"""Saves and replay. A save is JSON: the format and version, the scenario (merged, so the save
stands alone), the seed, the seats, and every decision and injection in order. Loading replays
them, so a loaded game is the identical game: same state, same ledger. Writes are atomic."""

import hashlib
import json
from pathlib import Path

from game.engine.errors import ConfigError
from game.engine.yamlio import read_json, write_atomic
from game.play.facilitator import ENTRY_TYPES

FORMAT = "tightrope-save"
VERSION = 1


def fingerprint(model):
    """A short hash of the world's values and ledger: equal games have equal fingerprints."""
    h = hashlib.sha256()
    h.update(json.dumps(model.world.values, sort_keys=True).encode())
    h.update(json.dumps(model.world.ledger).encode())
    return h.hexdigest()[:16]


def game_to_dict(model):
    if not model.is_over():
        model.brief()  # a save always holds a briefed turn, so replay can reproduce it exactly
    return {
        "format": FORMAT,
        "version": VERSION,
        "scenario": {"path": model.scenario.path, "data": model.scenario.raw},
        "seed": model.seed,
        "humans": list(model.humans),
        "personas": dict(model.persona_names),
        "turn": model.world.turn,
        "decisions": model.decision_log,
        "fingerprint": fingerprint(model),
    }


def save_game(model, path):
    write_atomic(path, json.dumps(game_to_dict(model), indent=1))
    return Path(path)


def _check(data, path):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(path, "format", "not a Tightrope save (no 'format: tightrope-save')")
    if data.get("version") != VERSION:
        raise ConfigError(
            path,
            "version",
            f"save version {data.get('version')!r} is not supported (this game reads {VERSION})",
        )
    seed = data.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ConfigError(path, "seed", "must be a whole number from 0 to 2**63-1")
    scenario = data.get("scenario")
    if not isinstance(scenario, dict) or not isinstance(scenario.get("data"), dict):
        raise ConfigError(path, "scenario", "is missing or damaged")
    if not isinstance(data.get("humans"), list) or not isinstance(data.get("personas"), dict):
        raise ConfigError(path, "humans", "seats are missing or damaged")
    decisions = data.get("decisions")
    if not isinstance(decisions, list):
        raise ConfigError(path, "decisions", "must be a list")
    for i, d in enumerate(decisions):
        if not isinstance(d, dict) or d.get("type") not in ENTRY_TYPES:
            raise ConfigError(path, f"decisions[{i}]", "is damaged")
        if not isinstance(d.get("turn"), int) or isinstance(d.get("turn"), bool):
            raise ConfigError(path, f"decisions[{i}].turn", "must be a whole number")
        if d["type"] == "decision" and (
            not isinstance(d.get("seat"), str)
            or not isinstance(d.get("actions"), list)
            or not isinstance(d.get("responses"), dict)
        ):
            raise ConfigError(path, f"decisions[{i}]", "needs seat, actions and responses")
    if (
        isinstance(data.get("turn"), bool)
        or not isinstance(data.get("turn"), int)
        or data["turn"] < 1
    ):
        raise ConfigError(path, "turn", "must be a whole number from 1")


def replay(data, path="(save)", upto_turn=None):
    """Rebuild the game from save data: same scenario and seed, the same decisions in order.
    Stops at the start of ``upto_turn`` (default: where the save was made)."""
    from game.engine.replay import replay_to  # one replay loop for saves, replays and branches

    _check(data, path)
    return replay_to(data, upto_turn, path)


def load_game(path):
    path = Path(path)
    data = read_json(path)
    model = replay(data, path)
    if fingerprint(model) != data.get("fingerprint"):
        raise ConfigError(
            path,
            "fingerprint",
            "replaying the decisions does not reproduce the saved game (edited save, or other rules)",
        )
    return model
