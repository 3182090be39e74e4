"""Tightrope: East Asia under Trump's second term, as a game.

This package's top is the one public way in that front ends, tests and scripts use::

    from game import new_game, load_scenario
    state = new_game(load_scenario(), seed=7, humans=("JPN",))
    state.legal_actions("JPN"); state.submit("JPN", [...]); state.step()
    state.is_over(); state.scores(); state.returns(); state.clone()
    save_game(state, path); load_game(path); replay(data)

The names load lazily, so importing a layer below (``game.engine``) never pulls in the ones
above it. Layers, lowest first: ``game.engine`` < ``agents`` < ``game.play`` <
``game.reports``, ``game.lab`` < ``game.ui`` < ``game.cli``.
"""

import importlib

_API = {
    "TightropeModel": "game.play.model",
    "new_game": "game.play.model",
    "load_scenario": "game.engine.scenario",
    "build_scenario": "game.engine.scenario",
    "save_game": "game.engine.saves",
    "load_game": "game.play.games",
    "replay": "game.play.games",
    "branch": "game.play.branch",
    "fingerprint": "game.engine.saves",
    "play_game": "game.lab.records",
    "GameError": "game.engine.errors",
    "ConfigError": "game.engine.errors",
    "TightropeError": "game.engine.errors",
}

__all__ = sorted(_API)


def __getattr__(name):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'game' has no attribute {name!r}")
    importlib.import_module("agents")  # the states' rules, which every game needs
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
