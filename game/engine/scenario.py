"""Scenarios: the start state (every figure cited), the turns, who plays which seat, and any
parameter overrides. A scenario may ``extends:`` another and change only what differs."""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from game.engine import schemas
from game.engine.catalog import load_catalog
from game.engine.errors import ConfigError, GameError
from game.engine.paths import CONFIGS
from game.engine.physics import WORLD_RULES
from game.engine.registry import ally_target, registry
from game.engine.rules import (
    PERSONA_NAMES,
    RULES,
    RULES_FILE,
    SEAT_RULES,
    resolve_params,
)
from game.engine.yamlio import read_yaml

DEFAULT_SCENARIO = CONFIGS / "scenarios" / "baseline-2025.yaml"
FIELDS = schemas.SCENARIO_FIELDS
CRISIS_KEYS = ("taiwan", "senkaku")  # the flashpoints CrisisEscalation watches
SETTINGS_WITH_SOURCES = (
    "turns",
    "events_per_turn",
    "ai_jitter",
    "ai_max_actions",
)  # may be [v, "why"]


@dataclass(frozen=True, eq=False)
class Scenario:
    name: str
    description: str
    path: str
    turns: int
    start_year: int
    start_quarter: int
    humans: tuple
    personas: dict
    values: dict
    sources: dict
    parameters: dict  # seat or "world" -> rule name -> params
    events_per_turn: int
    ai_jitter: float
    ai_max_actions: int
    rivals: dict
    catalog: object
    raw: dict = field(repr=False)  # the merged YAML, stored in saves
    # Why a setting differs from the defaults: "events_per_turn", "personas.KOR",
    # "parameters.USA.BurdenSharingLedger.aggressiveness" -> the file's reason string.
    setting_sources: dict = field(default_factory=dict, repr=False)

    def quarter_label(self, turn):
        q = self.start_quarter - 1 + turn - 1
        return f"{self.start_year + q // 4} Q{q % 4 + 1}"

    def rule_params(self, seat, rule_name):
        return self.parameters[seat][rule_name]


def sourced(item, allow_list=False):
    """``[value, "source"]`` -> (value, source); a bare value -> (value, ""). With
    ``allow_list`` (the setting itself is a list) only a 2-item list ending in a string that
    is not a plain list of strings counts as sourced."""
    if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
        if not allow_list or not isinstance(item[0], str):
            return item[0], item[1]
    return item, ""


def _merge(base, over):
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "values":
            out[key] = _merge(out[key], value)
        elif key == "values" and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def confined(ref, base, path, field, what="file"):
    """The file ``ref`` names, relative to the folder ``base``: it must exist under configs/
    or under ``base`` (beside the scenario), never elsewhere (no ``../`` or absolute way out)."""
    target = (Path(base) / ref).resolve()
    roots = (CONFIGS.resolve(), Path(base).resolve())
    if not any(target.is_relative_to(root) for root in roots):
        raise ConfigError(
            path, field, f"{ref!r} is outside configs/ and the scenario's folder: not read"
        )
    if not target.exists():
        raise ConfigError(path, field, f"no such {what} {ref!r}")
    return target


def _read_chain(path, seen=()):
    path = Path(path).resolve()
    if path in seen:
        raise ConfigError(path, "extends", "scenarios extend each other in a loop")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(path, "(top level)", "a scenario must be a mapping")
    schemas.check("scenario", raw, path)
    parent = raw.get("extends")
    if parent is None:
        return raw
    if not isinstance(parent, str):
        raise ConfigError(path, "extends", "must be the path of another scenario file")
    parent_path = confined(parent, path.parent, path, "extends", "scenario file")
    merged = _merge(
        _read_chain(parent_path, (*seen, path)), {k: v for k, v in raw.items() if k != "extends"}
    )
    return merged


@lru_cache(maxsize=1)
def _rule_values():
    """configs/rules.yaml's parameters (read once: the file is part of the install)."""
    return read_rules(RULES_FILE)["parameters"]


def read_rules(path):
    """A rules file (configs/rules.yaml's form), checked against its schema."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("parameters"), dict):
        raise ConfigError(path, "parameters", "must be a mapping of seat -> rule -> parameters")
    return schemas.check("rules", raw, path)


def _seat_rules():
    if not SEAT_RULES:
        raise GameError("the states' rules are not loaded: import agents (game.load_scenario does)")
    seats = dict(SEAT_RULES)  # filled by the agents layer
    seats["world"] = WORLD_RULES
    return seats


def resolve_parameters(overrides, path, sources=None, rules_file=None):
    """configs/rules.yaml's (or ``rules_file``'s) parameters (every one of them) with the
    scenario's overrides on top, names, kinds and ranges checked against each rule's ``params``.
    An override may be ``[value, "source"]``; the sources go into ``sources`` (if given)."""
    values = read_rules(rules_file)["parameters"] if rules_file else _rule_values()
    rules_file = Path(rules_file) if rules_file else RULES_FILE
    overrides = overrides or {}
    if not isinstance(overrides, dict):
        raise ConfigError(path, "parameters", "must be a mapping of seat -> rule -> parameters")
    seats = _seat_rules()
    for seat, rules in overrides.items():
        if seat not in seats:
            raise ConfigError(path, f"parameters.{seat}", f"must be one of {', '.join(seats)}")
        if not isinstance(rules, dict):
            raise ConfigError(path, f"parameters.{seat}", "must be a mapping of rule -> parameters")
        for rule in rules:
            if rule not in seats[seat]:
                raise ConfigError(
                    path,
                    f"parameters.{seat}.{rule}",
                    f"{seat} has no rule {rule} (it has: {', '.join(seats[seat])})",
                )
            if isinstance(rules[rule], dict):
                unwrapped = {}
                for key, item in rules[rule].items():
                    spec = RULES[rule].params.get(key)
                    is_list = spec is not None and spec.kind == "effects"
                    unwrapped[key], source = sourced(item, allow_list=is_list)
                    if source and sources is not None:
                        sources[f"parameters.{seat}.{rule}.{key}"] = source
                overrides = {**overrides, seat: {**overrides[seat], rule: unwrapped}}
    out = {}
    for seat, names in seats.items():
        out[seat] = {}
        for name in names:
            base = (values.get(seat) or {}).get(name) or {}
            for key in RULES[name].params:
                if key not in base:  # rules.yaml gives every value; scenarios only change some
                    raise ConfigError(rules_file, f"parameters.{seat}.{name}.{key}", "is missing")
            merged = {**base, **((overrides.get(seat) or {}).get(name) or {})}
            src = path if (overrides.get(seat) or {}).get(name) else rules_file
            subs = {"self": seat if seat != "world" else ""}
            out[seat][name] = resolve_params(
                RULES[name], merged, src, f"parameters.{seat}.{name}", subs
            )
    return out


def set_parameter(raw, dotted, value, path="--set"):
    """Return a copy of scenario ``raw`` with ``SEAT.Rule.param`` (or a top-level field) set;
    ``SEAT.Rule.param.ALLY`` sets one ally's value of a per-ally parameter, the other ally's
    kept as the scenario (or configs/rules.yaml) has it."""
    target, ally = ally_target(dotted)
    parts = target.split(".")
    if ally:
        seat, rule, param = parts
        now = _per_ally_now(raw, seat, rule, param, dotted, path)
        value = value if now is None else {**now, ally: value}
    if len(parts) == 3:
        seat, rule, param = parts
        params = dict(raw.get("parameters") or {})
        seat_params = dict(params.get(seat) or {})
        rule_params = dict(seat_params.get(rule) or {})
        rule_params[param] = value
        seat_params[rule] = rule_params
        params[seat] = seat_params
        return {**raw, "parameters": params}
    if len(parts) == 1 and parts[0] in ("turns", "events_per_turn", "ai_jitter", "ai_max_actions"):
        return {**raw, parts[0]: value}
    if dotted in registry():
        return {**raw, "values": {**(raw.get("values") or {}), dotted: value}}
    raise ConfigError(
        path, dotted, "name SEAT.Rule.parameter, an indicator, or turns/events_per_turn/ai_jitter"
    )


def _per_ally_now(raw, seat, rule, param, dotted, path):
    """The per-ally mapping ``SEAT.Rule.param`` has in scenario ``raw`` (else in rules.yaml),
    for setting one ally's value of it."""
    spec = RULES[rule].params.get(param) if rule in RULES else None
    if spec is None:
        return None  # (no such rule or parameter: the build says so, naming the override)
    if spec.kind != "per_ally":
        raise ConfigError(path, dotted, f"{seat}.{rule}.{param} is not a per-ally parameter")
    given = ((raw.get("parameters") or {}).get(seat) or {}).get(rule) or {}
    current = sourced(given[param])[0] if param in given else None
    if current is None:
        current = ((_rule_values().get(seat) or {}).get(rule) or {}).get(param)
    if not isinstance(current, dict):
        raise ConfigError(path, dotted, f"{seat}.{rule}.{param} has no per-ally value to change")
    return current


def _int(raw, path, key, lo, hi, default, sources=None):
    value, source = sourced(raw.get(key, default))
    if source and sources is not None:
        sources[key] = source
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ConfigError(path, key, f"must be a whole number from {lo} to {hi}, not {value!r}")
    return value


def build_scenario(raw, path, base=None, label=None):
    """Validate merged scenario data and build a Scenario (used by files, saves and --set).
    Errors name ``path``; catalogue files are read only under configs/ or ``base`` (default:
    the scenario's folder; a save passes configs/scenarios); ``label`` is the recorded path."""
    reg = registry()
    path = Path(path)
    base = Path(base) if base is not None else path.parent
    if not isinstance(raw, dict):
        raise ConfigError(path, "(top level)", "a scenario must be a mapping")
    schemas.check("scenario", raw, path)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(path, "name", "is missing")
    setting_sources = {}
    turns = _int(raw, path, "turns", 1, 40, 16, setting_sources)
    start = raw.get("start") or {"year": 2025, "quarter": 1}
    if not isinstance(start, dict) or set(start) - {"year", "quarter"}:
        raise ConfigError(path, "start", "must be {year: 2025, quarter: 1}")
    year = _int(start, path, "year", 1990, 2100, 2025) if "year" in start else 2025
    quarter = start.get("quarter", 1)
    if quarter not in (1, 2, 3, 4):
        raise ConfigError(path, "start.quarter", f"must be 1, 2, 3 or 4, not {quarter!r}")
    humans = raw.get("humans") or []
    if not isinstance(humans, list) or any(h not in reg.states for h in humans):
        raise ConfigError(
            path, "humans", f"must be a list of state codes ({', '.join(reg.states)})"
        )
    personas = {s: "default" for s in reg.states}
    raw_personas = raw.get("personas") or {}
    if not isinstance(raw_personas, dict):
        raise ConfigError(path, "personas", "must map state codes to persona names")
    for seat, item in raw_personas.items():
        persona, source = sourced(item)
        if not isinstance(persona, str):
            raise ConfigError(path, f"personas.{seat}", f"must be a persona name, not {item!r}")
        if source:
            setting_sources[f"personas.{seat}"] = source
        if seat not in reg.states:
            raise ConfigError(path, f"personas.{seat}", "is not a state code")
        if persona not in PERSONA_NAMES:
            raise ConfigError(
                path,
                f"personas.{seat}",
                f"unknown persona {persona!r} (known: {', '.join(PERSONA_NAMES)})",
            )
        personas[seat] = persona
    values, sources = {}, {}
    raw_values = raw.get("values")
    if not isinstance(raw_values, dict):
        raise ConfigError(path, "values", "must map every indicator to [value, source]")
    for key, item in raw_values.items():
        if key not in reg:
            raise ConfigError(path, f"values.{key}", "is not an indicator")
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
            value, source = item
        else:
            value, source = item, ""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(
                path, f"values.{key}", f"must be a number (or [number, source]), not {value!r}"
            )
        spec = reg[key]
        if not spec.lo <= value <= spec.hi:
            raise ConfigError(
                path,
                f"values.{key}",
                f"{value!r} is outside {spec.lo:g}..{spec.hi:g} ({spec.unit})",
            )
        values[key] = spec.clamp(float(value))
        if source:
            sources[key] = source
    missing = [k for k in reg.indicators if k not in values]
    if missing:
        raise ConfigError(
            path,
            f"values.{missing[0]}",
            f"is missing ({len(missing)} indicator(s) have no start value)",
        )
    values = {k: values[k] for k in reg.indicators}  # the registry's order, whatever the file's
    rivals = raw.get("rivals") or {
        "USA": ["CHN"],
        "CHN": ["USA", "JPN"],
        "JPN": ["CHN"],
        "KOR": ["CHN"],
    }
    if not isinstance(rivals, dict) or set(rivals) != set(reg.states):
        raise ConfigError(path, "rivals", "must map each state code to a list of its rivals")
    for seat, items in rivals.items():
        if not isinstance(items, list) or any(r not in reg.states or r == seat for r in items):
            raise ConfigError(
                path, f"rivals.{seat}", "must be a list of other state codes, like [CHN]"
            )
    jitter, source = sourced(raw.get("ai_jitter", 0.8))
    if source:
        setting_sources["ai_jitter"] = source
    if isinstance(jitter, bool) or not isinstance(jitter, (int, float)) or not 0 <= jitter <= 10:
        raise ConfigError(path, "ai_jitter", f"must be a number from 0 to 10, not {jitter!r}")
    catalog_files = []
    for key in ("policies", "events"):
        ref = raw.get(key)
        if ref is None:
            catalog_files.append(None)
            continue
        if not isinstance(ref, str):
            raise ConfigError(path, key, "must be the path of a catalogue file")
        catalog_files.append(str(confined(ref, base, path, key)))
    catalog = load_catalog(*catalog_files)
    parameters = resolve_parameters(raw.get("parameters"), path, setting_sources)
    brink = parameters["world"]["CrisisEscalation"]["brink"]
    for key in CRISIS_KEYS:
        if values[key] >= brink:
            raise ConfigError(
                path,
                f"values.{key}",
                f"starts at {values[key]:g}, at or above the crisis brink {brink:g}: the game may end in turn 1",
            )
    return Scenario(
        name=name.strip(),
        description=str(raw.get("description", "")).strip(),
        path=str(label or path),
        turns=turns,
        start_year=year,
        start_quarter=quarter,
        humans=tuple(humans),
        personas=personas,
        values=values,
        sources=sources,
        parameters=parameters,
        events_per_turn=_int(raw, path, "events_per_turn", 0, 6, 2, setting_sources),
        ai_jitter=float(jitter),
        ai_max_actions=_int(raw, path, "ai_max_actions", 1, 6, 3, setting_sources),
        rivals={k: tuple(v) for k, v in rivals.items()},
        catalog=catalog,
        raw=raw,
        setting_sources=setting_sources,
    )


def load_scenario(path=None, overrides=()):
    """Load, merge (``extends``), apply ``--set`` style overrides ``[(dotted, value)]``, validate."""
    path = Path(path) if path else DEFAULT_SCENARIO
    raw = file_raw = _read_chain(path)
    for dotted, value in overrides:
        raw = set_parameter(raw, dotted, value)
    try:
        return build_scenario(raw, path)
    except ConfigError as exc:
        for dotted, _value in overrides:  # blame the override, not the file, when it's the cause
            if _override_caused(exc.field, dotted, file_raw):
                raise ConfigError("--set", dotted, exc.problem) from None
        if exc.path == str(path) and not path.is_absolute():  # (named as the reader names it)
            raise ConfigError(path.resolve(), exc.field, exc.problem) from None
        raise


def _override_caused(field, dotted, file_raw):
    """Whether an error at ``field`` is the ``--set`` override ``dotted``'s: the field is the
    value it set, or a seat or rule that only the override names (``USA.Nope.x``: no rule
    ``Nope`` in the file, so an error at ``parameters.USA.Nope`` is the override's)."""
    dotted = ally_target(dotted)[0]  # (one ally's value: the parameter's)
    parts = dotted.split(".")
    if field == dotted or field.endswith("." + dotted):
        return True
    if len(parts) != 3 or not f"parameters.{dotted}".startswith(field + "."):
        return False
    node = file_raw
    for key in field.split("."):
        if not isinstance(node, dict) or key not in node:
            return True  # (the file has no such seat or rule: the override named it)
        node = node[key]
    return False


UNCERTAINTY_FILE = CONFIGS / "uncertainty.yaml"


@lru_cache(maxsize=1)
def uncertainty():
    """configs/uncertainty.yaml, checked: {"factors": {name: {label, watches, params, inverse,
    range, source}}, "intelligence": {...}}; each SEAT.Rule.param must name a numeric rule
    parameter (read once: the file is part of the install)."""
    path = UNCERTAINTY_FILE
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("factors"), dict):
        raise ConfigError(path, "factors", "must map factor names to their ranges")
    seats, reg = _seat_rules(), registry()
    factors = {}
    for name, item in raw["factors"].items():
        where = f"factors.{name}"
        if not isinstance(item, dict):
            raise ConfigError(path, where, "must be a mapping")
        unknown = set(item) - {"label", "watches", "params", "inverse", "range", "source"}
        if unknown:
            raise ConfigError(path, where, f"unknown field(s) {sorted(unknown)}")
        lo_hi = item.get("range")
        if (
            not isinstance(lo_hi, list)
            or len(lo_hi) != 2
            or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in lo_hi)
            or not 0 < lo_hi[0] <= lo_hi[1]
        ):
            raise ConfigError(path, f"{where}.range", "must be [low, high] with 0 < low <= high")
        if not str(item.get("source") or "").strip():
            raise ConfigError(path, f"{where}.source", 'needs a source (or "game estimate")')
        watches = item.get("watches") or ""
        if watches and watches not in reg.states:
            raise ConfigError(path, f"{where}.watches", f"must be a state code, not {watches!r}")
        targets = []
        for key, sign in (("params", 1), ("inverse", -1)):
            for dotted in item.get(key) or []:
                parts = str(dotted).split(".")
                if len(parts) != 3 or parts[0] not in seats or parts[1] not in seats[parts[0]]:
                    raise ConfigError(path, f"{where}.{key}", f"{dotted!r} is not SEAT.Rule.param")
                spec = RULES[parts[1]].params.get(parts[2])
                if spec is None or spec.kind not in ("number", "whole"):
                    raise ConfigError(
                        path, f"{where}.{key}", f"{dotted!r} is not a numeric rule parameter"
                    )
                targets.append((parts[0], parts[1], parts[2], sign))
        if not targets:
            raise ConfigError(path, f"{where}.params", "must name at least one parameter")
        factors[name] = {
            "label": str(item.get("label") or name),
            "watches": watches,
            "targets": tuple(targets),
            "range": (float(lo_hi[0]), float(lo_hi[1])),
            "source": str(item["source"]),
        }
    intel = raw.get("intelligence") or {}
    if not isinstance(intel, dict):
        raise ConfigError(path, "intelligence", "must be a mapping")
    settings = {"error_start": 0.25, "learn_turns": 4.0, "bar_sd": 1.0}
    for key in intel:
        if key not in settings:
            raise ConfigError(path, f"intelligence.{key}", "is not a setting")
        value = intel[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(path, f"intelligence.{key}", "must be a positive number")
        settings[key] = float(value)
    return {"factors": factors, "intelligence": settings}


@lru_cache(maxsize=1)
def fatigue_settings():
    """configs/rules.yaml's ``fatigue``: {"window", "decay", "floor"}: a policy played again
    within ``window`` quarters does ``decay`` ** (times played in the window) of its effect, at
    least ``floor`` of it (game/engine/fatigue.py)."""
    raw = read_yaml(RULES_FILE).get("fatigue") or {}
    if not isinstance(raw, dict):
        raise ConfigError(RULES_FILE, "fatigue", "must be {window, decay, floor}")
    out = {"window": 0, "decay": 1.0, "floor": 1.0}
    for key, value in raw.items():
        if key not in out:
            raise ConfigError(
                RULES_FILE, f"fatigue.{key}", "is not a setting (window, decay, floor)"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(RULES_FILE, f"fatigue.{key}", "must be a number")
        ok = 0 <= value <= 16 if key == "window" else 0 <= value <= 1
        if not ok:
            raise ConfigError(RULES_FILE, f"fatigue.{key}", "is out of range")
        out[key] = int(value) if key == "window" else float(value)
    return out


GRADES_FILE = CONFIGS / "grades.yaml"
DIFFICULTY_LEVELS = ("easy", "normal", "hard")


@lru_cache(maxsize=1)
def grade_tables():
    """configs/grades.yaml, checked: {scenario name: {difficulty: {seat: ((letter, lowest),
    ...)}}}, the grade bands calibrated on reference games (game/lab/grades.py writes it). A
    scenario or difficulty it lacks grades by configs/objectives.yaml's bands."""
    if not GRADES_FILE.exists():
        return {}
    raw = read_yaml(GRADES_FILE)
    bands = raw.get("bands") if isinstance(raw, dict) else None
    if not isinstance(bands, dict):
        raise ConfigError(GRADES_FILE, "bands", "must map scenario names to difficulties")
    reg, out = registry(), {}
    for name, levels in bands.items():
        if not isinstance(levels, dict) or not set(levels) <= set(DIFFICULTY_LEVELS):
            raise ConfigError(GRADES_FILE, f"bands.{name}", "must map easy/normal/hard to seats")
        out[name] = {}
        for level, seats in levels.items():
            where = f"bands.{name}.{level}"
            if not isinstance(seats, dict) or not set(seats) <= set(reg.states):
                raise ConfigError(GRADES_FILE, where, "must map state codes to grade bands")
            out[name][level] = {}
            for seat, table in seats.items():
                letters = ("A", "B", "C", "D")
                if not isinstance(table, dict) or set(table) != set(letters):
                    raise ConfigError(GRADES_FILE, f"{where}.{seat}", "must give A, B, C and D")
                lows = [table[k] for k in letters]
                if any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in lows):
                    raise ConfigError(GRADES_FILE, f"{where}.{seat}", "must be numbers")
                if lows != sorted(lows, reverse=True):
                    raise ConfigError(GRADES_FILE, f"{where}.{seat}", "must fall from A to D")
                out[name][level][seat] = tuple(zip(letters, map(float, lows), strict=True))
    return out
