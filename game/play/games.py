"""Games from saves: a fresh model for a save's scenario, seed and seats, with the save's
decision log replayed into it (``game.engine.replay``), checked against its fingerprint."""

from pathlib import Path

from game.engine import replay as engine_replay
from game.engine.errors import ConfigError, GameError
from game.engine.paths import CONFIGS
from game.engine.saves import check_save, fingerprint
from game.engine.scenario import build_scenario
from game.engine.yamlio import read_json

SCENARIOS = CONFIGS / "scenarios"  # where a save's scenario (named by id) lives


def new_model(data, path="(save)"):
    """A fresh model for the save's scenario, seed and seats (the save checked first)."""
    from game.play.model import TightropeModel  # Mesa loads when a game starts (fast start)

    check_save(data, path)
    # The save carries its scenario's data and names it (id, path) only as a label: nothing is
    # read from a path in a save, and catalogue files only from configs/.
    recorded = data["scenario"].get("path")
    scenario = build_scenario(
        data["scenario"]["data"], path, base=SCENARIOS, label=recorded if recorded else None
    )
    try:
        return TightropeModel(
            scenario, seed=data["seed"], humans=tuple(data["humans"]), personas=data["personas"]
        )
    except GameError as exc:
        raise ConfigError(path, "humans", str(exc)) from None


def replay(data, path="(save)", upto_turn=None):
    """Rebuild the game from save data: same scenario and seed, the same decisions in order.
    Stops at the start of ``upto_turn`` (default: where the save was made)."""
    return engine_replay.replay_into(new_model(data, path), data, upto_turn, path)


def replay_turns(data, path="(save)"):
    """Yield the model after each replayed quarter (the same model object, advanced)."""
    yield from engine_replay.replay_turns(new_model(data, path), data, path)


def checked(data, path="(save)"):
    """The saved game replayed, refused unless it reproduces the save's fingerprint. ``play
    --load``, ``replay`` and ``debrief`` all check through here (one message)."""
    model = replay(data, path)
    if fingerprint(model) != data.get("fingerprint"):
        raise ConfigError(
            path,
            "fingerprint",
            "replaying the decisions does not reproduce the saved game (edited save, or other rules)",
        )
    return model


def read_save(path):
    """A save file's data, checked (schema, entries, fingerprint) before anyone replays it."""
    data = read_json(path)
    checked(data, Path(path))
    return data


def load_game(path):
    """The saved game, replayed and checked against the save's fingerprint."""
    path = Path(path)
    return checked(read_json(path), path)
