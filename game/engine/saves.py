"""Saves. A save is JSON: the format and version, the scenario (merged, so the save stands
alone), the seed, the seats, every entry of the decision log in order and the fingerprint of
the game it holds. Loading replays the log into a fresh game (``game.play.games.load_game``),
so a loaded game is the identical game: same state, same ledger. Writes are atomic."""

import hashlib
import json
from pathlib import Path

from game.engine import schemas
from game.engine.errors import ConfigError
from game.engine.log import check_entry
from game.engine.yamlio import write_atomic

FORMAT = schemas.SAVE_FORMAT
VERSION = 1


def fingerprint(model):
    """A short hash of the world's values, ledger and deals: equal games have equal
    fingerprints."""
    h = hashlib.sha256()
    h.update(json.dumps(model.world.values, sort_keys=True).encode())
    h.update(json.dumps(model.world.ledger).encode())
    if model.world.deals:  # games without deals keep the fingerprints they had
        h.update(json.dumps(model.world.deals, sort_keys=True).encode())
    return h.hexdigest()[:16]


def game_to_dict(model):
    return {
        "format": FORMAT,
        "version": VERSION,
        "scenario": {
            "id": Path(model.scenario.path).stem,
            "path": model.scenario.path,  # a label: loading never reads it
            "data": model.scenario.raw,
        },
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


def check_save(data, path):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(path, "format", "not a Tightrope save (no 'format: tightrope-save')")
    if data.get("version") != VERSION:
        raise ConfigError(
            path,
            "version",
            f"save version {data.get('version')!r} is not supported (this game reads {VERSION})",
        )
    schemas.check("save", data, path)  # every field's type, at every depth, then the meaning
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
    for i, entry in enumerate(decisions):
        check_entry(entry, path, f"decisions[{i}]")
    if (
        isinstance(data.get("turn"), bool)
        or not isinstance(data.get("turn"), int)
        or data["turn"] < 1
    ):
        raise ConfigError(path, "turn", "must be a whole number from 1")
