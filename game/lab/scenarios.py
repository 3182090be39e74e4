"""Loaded scenarios, cached per process: loading YAML costs more than playing a game, so every
game of a batch (and every worker) reuses one parsed scenario per set of ``--set`` overrides."""

import dataclasses
import os
from collections import OrderedDict
from pathlib import Path

import agents  # noqa: F401  (the states' rules: loading a scenario resolves their parameters)
from game.engine.scenario import (
    DEFAULT_SCENARIO,
    build_scenario,
    load_scenario,
    resolve_parameters,
    set_parameter,
)

_CACHE = OrderedDict()  # (scenario key, overrides) -> Scenario, per process
_OBJECTS = {}  # (("object", id), overrides) -> (Scenario given, Scenario with the overrides)
_CACHE_SIZE = 64


def scenario_key(scenario):
    """What names a scenario in the caches: its resolved path, or the loaded object."""
    if scenario is None:
        return str(DEFAULT_SCENARIO.resolve())
    if isinstance(scenario, (str, os.PathLike)):
        return str(Path(scenario).resolve())
    return ("object", id(scenario))


def _with_overrides(base, overrides):
    """``base`` with ``--set`` style overrides applied through the scenario module's own helpers.
    Parameter-only overrides keep the loaded catalogue (it doesn't depend on them)."""
    raw = base.raw
    for dotted, value in overrides:
        raw = set_parameter(raw, dotted, value)
    if all(len(dotted.split(".")) == 3 for dotted, _ in overrides):
        params = resolve_parameters(raw.get("parameters"), base.path)
        return dataclasses.replace(base, parameters=params, raw=raw)
    return build_scenario(raw, base.path)


def get_scenario(scenario=None, overrides=()):
    """The scenario (a path, None for the default, or a loaded Scenario) with ``overrides``
    applied, cached per process: loading YAML costs more than playing a game."""
    overrides = tuple((str(k), v) for k, v in overrides)
    key = (scenario_key(scenario), _freeze(overrides))
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    if scenario is None or isinstance(scenario, (str, os.PathLike)):
        base_key = (key[0], ())
        base = _CACHE.get(base_key)
        if base is None:
            base = load_scenario(scenario)
            _remember(base_key, base)
        loaded = _with_overrides(base, overrides) if overrides else base
    else:
        if not overrides:
            return scenario
        hit = _OBJECTS.get(key)
        if hit is not None and hit[0] is scenario:
            return hit[1]
        loaded = _with_overrides(scenario, overrides)
        _OBJECTS[key] = (scenario, loaded)  # keeps the object alive, so its id stays its own
        while len(_OBJECTS) > _CACHE_SIZE:
            _OBJECTS.pop(next(iter(_OBJECTS)))
        return loaded
    _remember(key, loaded)
    return loaded


def _remember(key, value):
    _CACHE[key] = value
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value
