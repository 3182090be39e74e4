"""One JSON Schema per file kind, checked (with ``jsonschema``) before any parser uses the
data: types at every depth, enums (states, indicators, personas, seats), ranges, no unknown
fields. The parsers in catalog.py, scenario.py, rules.py, saves.py and log.py then do what a
schema can't (cross-references, sums, rule parameter specs). ``main.py schema --out DIR``
writes these schemas for editors.

Where a new field is declared: a scenario field in ``SCENARIO_FIELDS`` plus its type in
``_scenario()`` below (then read it in ``scenario.build_scenario``); a policy or event field in
``POLICY_FIELDS`` / ``EVENT_FIELDS`` (any type is accepted until it is typed in ``_policy()`` /
``_event()``; then read it in ``catalog.parse_policies`` / ``parse_events``); a rule parameter in its rule's ``params`` (rules.py, kinds in params.py); a
decision-log entry field in its ``Entry.fields`` (log.py). Each ``x-problem`` is the message a
wrong value gets."""

from functools import cache

from game.engine.errors import ConfigError
from game.engine.log import ENTRIES
from game.engine.registry import registry
from game.engine.rules import PERSONA_NAMES, SEAT_RULES

SAVE_FORMAT = "tightrope-save"
CATEGORIES = ("diplomacy", "economy", "security", "domestic")
SCENARIO_FIELDS = {
    "name", "description", "extends", "turns", "start", "humans", "personas", "values",
    "parameters", "events_per_turn", "ai_jitter", "ai_max_actions", "rivals", "policies",
    "events", "notes",
}  # fmt: skip
POLICY_FIELDS = {
    "id", "name", "by", "category", "cost", "requires", "effects", "signals", "tags",
    "duration", "cooldown", "ongoing", "source", "description",
}  # fmt: skip
EVENT_FIELDS = {
    "id", "title", "text", "by", "actor", "chance", "chance_per", "requires", "once",
    "cooldown", "effects", "signals", "tags", "responses", "source",
}  # fmt: skip

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _num(lo, hi, problem=None, whole=False):
    kind = "a whole number" if whole else "a number"
    return {
        "type": "integer" if whole else "number",
        "minimum": lo,
        "maximum": hi,
        "x-problem": problem or f"must be {kind} from {lo:g} to {hi:g}",
    }


def _text(problem="must be non-empty text"):
    return {"type": "string", "minLength": 1, "x-problem": problem}


def _sourced(schema):
    """A setting that may carry its reason: ``value`` or ``[value, "why"]``."""
    return {
        "anyOf": [
            schema,
            {"type": "array", "prefixItems": [schema, {"type": "string"}], "minItems": 2,
             "maxItems": 2},
        ],
        "x-problem": schema.get("x-problem", "is wrong"),
        "x-sourced": True,
    }  # fmt: skip


def _object(properties, required=(), kind="", extra=None):
    schema = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False if extra is None else extra,
        "x-kind": kind,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _mapping(keys, values, problem, key_problem=None):
    keys = list(keys)
    if key_problem is None:
        shown = ", ".join(map(str, keys))
        key_problem = f"must be one of {shown if len(shown) < 80 else shown[:77] + '...'}"
    return {
        "type": "object",
        "propertyNames": {"enum": keys, "x-problem": key_problem},
        "additionalProperties": values,
        "x-problem": problem,
    }


def _enum(values, problem=None):
    return {"enum": list(values), "x-problem": problem or f"must be one of {', '.join(values)}"}


def _scenario():
    reg = registry()
    states = list(reg.states)
    persona = _enum(PERSONA_NAMES, ["unknown persona", f" (known: {', '.join(PERSONA_NAMES)})"])
    codes = f"must be a list of state codes ({', '.join(states)})"
    props = {
        "name": _text(),
        "description": {"type": "string", "x-problem": "must be text"},
        "extends": _text("must be the path of another scenario file"),
        "notes": {},
        "turns": _sourced(_num(1, 40, whole=True)),
        "start": {
            **_object(
                {
                    "year": _num(1990, 2100, whole=True),
                    "quarter": _enum([1, 2, 3, 4], "must be 1, 2, 3 or 4"),
                },
                kind="start",
            ),
            "x-problem": "must be {year: 2025, quarter: 1}",
        },
        "humans": {
            "type": "array",
            "items": _enum(states, codes),
            "uniqueItems": True,
            "x-problem": codes,
        },
        "personas": _mapping(
            states,
            _sourced(persona),
            "must map state codes to persona names",
            "is not a state code",
        ),
        "values": _mapping(
            reg.indicators,
            _sourced({"type": "number", "x-problem": "must be a number"}),
            "must map every indicator to [value, source]",
            "is not an indicator",
        ),
        "parameters": _mapping(
            [*states, "world"],
            {
                "type": "object",
                "x-problem": "must be a mapping of rule -> parameters",
                "additionalProperties": {
                    "type": "object",
                    "x-problem": "must be a mapping of parameter: value",
                },
            },
            "must be a mapping of seat -> rule -> parameters",
        ),  # fmt: skip
        "events_per_turn": _sourced(_num(0, 6, whole=True)),
        "ai_jitter": _sourced(_num(0, 10)),
        "ai_max_actions": _sourced(_num(1, 6, whole=True)),
        "rivals": _mapping(
            states,
            {"type": "array", "items": _enum(states), "x-problem": "must be a list of state codes"},
            "must map each state code to a list of its rivals",
        ),
        "policies": _text("must be the path of a catalogue file"),
        "events": _text("must be the path of a catalogue file"),
    }
    assert set(props) == SCENARIO_FIELDS, (
        "scenario.FIELDS and the scenario schema must list the same"
    )
    return _object(props, kind="scenario")


def _effects():
    return {"type": "array", "items": {"type": "object"}, "x-problem": "must be a list of effects"}


def _signals():
    return _mapping(registry().states, _num(-5, 5), "must map state codes to numbers -5..5")


def _words():
    return {"type": "array", "items": {"type": "string"}, "x-problem": "must be a list of words"}


def _conditions():
    return {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "x-problem": "must be a list of conditions",
    }


def _entries(top, item):
    return _object(
        {top: {"type": "array", "minItems": 1, "items": item,
               "x-problem": "must be a non-empty list"}},
        required=[top],
        kind=top,
    )  # fmt: skip


def _typed(fields, typed, kind):
    """An entry whose allowed fields are the parser's set; those typed here are checked."""
    return _object({name: typed.get(name, {}) for name in sorted(fields)}, kind=kind)


def _policy():
    states = registry().states
    typed = {
        "id": _text(), "name": _text(), "by": _enum(states), "category": _enum(CATEGORIES),
        "cost": _num(0, 10, whole=True), "requires": _conditions(), "effects": _effects(),
        "signals": _signals(), "tags": _words(), "duration": _num(1, 8, whole=True),
        "cooldown": _num(0, 16, whole=True), "ongoing": _effects(), "source": _text(),
        "description": _text(),
    }  # fmt: skip
    return _entries("policies", _typed(POLICY_FIELDS, typed, "policy"))


def _event():
    states = registry().states
    response = _object(
        {"id": _text(), "label": _text(), "effects": _effects(), "signals": _signals(),
         "tags": _words()},
        kind="response",
    )  # fmt: skip
    typed = {
        "id": _text(), "title": _text(), "text": _text(), "by": _enum(["", *states]),
        "actor": _enum(["", *states]), "chance": _num(0, 1),
        "chance_per": _mapping(registry().indicators, {"type": "number"},
                               "must map indicators to numbers", "is not an indicator"),
        "requires": _conditions(), "once": {"type": "boolean", "x-problem": "must be true or false"},
        "cooldown": _num(0, 16, whole=True), "effects": _effects(), "signals": _signals(),
        "tags": _words(), "source": _text(),
        "responses": {"type": "array", "items": response, "x-problem": "must be a list"},
    }  # fmt: skip
    return _entries("events", _typed(EVENT_FIELDS, typed, "event"))


def _objectives():
    reg = registry()
    term = _object(
        {"key": _enum(reg.indicators, "unknown indicator"), "lo": _num(-1e9, 1e9),
         "hi": _num(-1e9, 1e9), "weight": _num(0, 100),
         "invert": {"type": "boolean", "x-problem": "must be true or false"}},
        required=["key"],
        kind="term",
    )  # fmt: skip
    objective = _object(
        {"label": _text(), "weight": _num(0, 1), "source": _text(),
         "terms": {"type": "array", "items": term, "minItems": 1,
                   "x-problem": "must list at least one indicator"}},
        kind="objective",
    )  # fmt: skip
    seat = {"type": "object", "additionalProperties": objective, "x-problem": "needs 3 or 4 objectives",
            "minProperties": 3, "maxProperties": 4}  # fmt: skip
    grades = _mapping(reg.states, _mapping(["A", "B", "C", "D"], _num(0, 100), "grades"), "grades")
    props = {s: seat for s in reg.states}
    props["grades"] = grades
    return _object(props, required=[*reg.states, "grades"], kind="objectives")


def _rules():
    params = {"type": "object", "additionalProperties": {"type": "object"},
              "x-problem": "must be a mapping of rule -> parameters"}  # fmt: skip
    return _object(
        {"parameters": _mapping([*registry().states, "world"], params,
                                "must be a mapping of seat -> rule -> parameters"),
         "fatigue": _object({"window": _num(1, 16, whole=True), "decay": _num(0, 1),
                             "floor": _num(0, 1)}, required=["window", "decay", "floor"],
                            kind="fatigue")},
        required=["parameters"],
        kind="rules",
    )  # fmt: skip


def _personas():
    """configs/personas.yaml: each persona family's settings (agents/personas.py)."""
    noise = _num(0, 10, "must be a number from 0 to 10 (x the scenario's ai_jitter)")
    stance = _num(-20, 20, "must be a number from -20 to 20 (utility points per point)")
    weight = _num(0, 10, "must be a number from 0 to 10 (utility points per score point)")
    difficulty = {"stance": stance, "noise": noise, "objective_weight": weight}
    families = {
        "default": _object(
            {**difficulty, "answer_noise": _num(0, 10)},
            required=["stance", "noise", "objective_weight", "answer_noise"],
            kind="default persona",
        ),
        "kind": _object(difficulty, kind="easy persona"),
        "tough": _object(difficulty, kind="hard persona"),
        "stance": _object(
            {
                "friendly_share": _num(-1, 1),
                "security_bonus": _num(0, 10),
                "answer_weight": _num(0, 50),
                "tie_noise": _num(0, 1),
            },
            required=["friendly_share", "security_bonus", "answer_weight", "tie_noise"],
            kind="hawk and dove personas",
        ),
        "rollout": _object(
            {
                "candidates": _num(0, 20, whole=True),
                "rollouts": _num(1, 20, whole=True),
                "horizon": _num(1, 16, whole=True),
            },
            required=["candidates", "rollouts", "horizon"],
            kind="rollout persona",
        ),
    }
    return _object(
        {"personas": _object(families, required=list(families), kind="personas")},
        required=["personas"],
        kind="personas",
    )  # fmt: skip


def _offers():
    states = registry().states
    terms = _object(
        {"text": _text(), "now": _effects(), "each_quarter": _effects(), "restraint": _words()},
        kind="terms",
    )
    template = _object(
        {"id": _text(), "name": _text(), "from": _enum(states), "to": _enum(states),
         "cost": _num(0, 10, whole=True), "duration": _num(1, 12, whole=True),
         "requires": _conditions(), "gives": terms, "asks": terms, "source": _text()},
        required=["id", "name", "from", "to", "cost", "duration", "gives", "asks", "source"],
        kind="offer",
    )  # fmt: skip
    standing = {k: _num(-50, 50) for k in ("partner_trust", "onlooker_trust", "reputation")}
    stand = _object(standing, required=list(standing), kind="standing")
    settings = _object(
        {"breach": stand, "keep": stand, "distrust_weight": _num(0, 1),
         "trust_neutral": _num(0, 100),
         "reservation": {"type": "array", "items": _num(-10, 10), "minItems": 2, "maxItems": 2,
                         "x-problem": "must be [low, high] in score points"},
         "restraint_share": _num(0, 1), "propose_margin": _num(0, 10),
         "retry_after": _num(0, 16, whole=True), "rest_after": _num(0, 16, whole=True),
         "break_margin": _num(0, 100)},
        required=["breach", "keep", "distrust_weight", "trust_neutral", "reservation",
                  "restraint_share", "propose_margin", "retry_after", "rest_after",
                  "break_margin"],
        kind="offer settings",
    )  # fmt: skip
    return _object(
        {"settings": settings,
         "offers": {"type": "array", "items": template, "minItems": 1,
                    "x-problem": "must be a non-empty list"}},
        required=["settings", "offers"],
        kind="offers",
    )  # fmt: skip


def _decisions():
    states = registry().states
    policies = {"type": "array", "items": {"type": "string"}, "x-problem": "must be a list of policy ids"}  # fmt: skip
    responses = {"type": "object", "additionalProperties": _text("must be a response id"),
                 "x-problem": "must map event ids to response ids"}  # fmt: skip
    offer = _object({"to": _enum(states), "template": _text()}, ["to", "template"], "offer")
    offers = {"type": "array", "items": offer, "x-problem": "must be a list of {to, template}"}
    answer = {"anyOf": [_enum(["accept", "decline"]),
                        _object({"counter": _text()}, ["counter"], "answer")],
              "x-problem": "must be accept, decline or {counter: TEMPLATE}"}  # fmt: skip
    answers = {"type": "object", "additionalProperties": answer,
               "x-problem": "must map offer templates (or offer ids) to answers"}  # fmt: skip
    breaks = {"type": "array", "items": {"type": "string"},
              "x-problem": "must be a list of deal templates (or deal ids)"}  # fmt: skip
    turn = {
        "anyOf": [
            {"type": "null"},
            policies,
            _object({"policies": policies, "responses": responses, "offers": offers,
                     "answers": answers, "breaks": breaks}, kind="turn"),
        ],
        "x-problem": "must be a list of policies or {policies: [...], responses: {...}}",
    }  # fmt: skip
    return _object(
        {"seat": _enum(states), "fallback": _enum(["error", "advisor", "pass"]),
         "turns": {"type": "object", "additionalProperties": turn,
                   "x-problem": "must map turn numbers to decisions"}},
        kind="decisions",
    )  # fmt: skip


def _entry():
    names = {"str": "string", "int": "integer", "float": "number", "list": "array",
             "dict": "object", "bool": "boolean", "NoneType": "null"}  # fmt: skip
    branches = []
    for kind, cls in ENTRIES.items():
        props = {"type": {"const": kind}, "turn": _num(1, 1000, whole=True)}
        for name, (types, _required) in cls.fields.items():
            kinds = sorted({names[t.__name__] for t in types})
            props[name] = {"type": kinds, "x-problem": f"must be {' or '.join(kinds)}"}
        required = ["type", "turn", *(n for n, (_t, r) in cls.fields.items() if r)]
        branches.append({"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                         "then": _object(props, required, kind=f"{kind} entry")})  # fmt: skip
    return {
        "type": "object",
        "properties": {"type": _enum(list(ENTRIES))},
        "required": ["type"],
        "allOf": branches,
        "x-problem": "must be a mapping (a decision-log entry)",
    }


def _save():
    reg = registry()
    scenario = _object(
        {"id": {"type": "string"}, "path": {"type": "string"}, "data": {"type": "object"}},
        required=["data"],
        kind="save scenario",
    )
    return _object(
        {
            "format": {"const": SAVE_FORMAT, "x-problem": f"not a Tightrope save (no 'format: {SAVE_FORMAT}')"},
            "version": {"type": "integer"},
            "scenario": {**scenario, "x-problem": "is missing or damaged"},
            "seed": _num(0, 2**63 - 1, "must be a whole number from 0 to 2**63-1", whole=True),
            "humans": {"type": "array", "items": _enum(reg.states), "uniqueItems": True,
                       "x-problem": "seats are missing or damaged"},
            "personas": _mapping(reg.states, {"type": "string"}, "must map state codes to persona names"),
            "turn": _num(1, 1000, "must be a whole number from 1", whole=True),
            "decisions": {"type": "array", "items": _entry(), "x-problem": "must be a list"},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{16}$",
                            "x-problem": "must be the game's 16-digit fingerprint"},
        },
        required=["format", "version", "scenario", "seed", "humans", "personas", "turn",
                  "decisions"],
        kind="save",
    )  # fmt: skip


def _settings():
    return _object(
        {"size": {"type": "array", "items": _num(320, 10000, whole=True), "minItems": 2,
                  "maxItems": 2, "x-problem": "must be [width, height]"},
         "hover_preview": {"type": "boolean", "x-problem": "must be true or false"},
         "autosave": {"type": "boolean", "x-problem": "must be true or false"}},
        kind="settings",
    )  # fmt: skip


def _manifest():
    return {
        "type": "object",
        "properties": {
            "config": {"type": "object", "x-problem": "must be the run's configuration"},
            "status": {"type": "string"},
            "seeds": {"type": "object"},
        },
        "required": ["config"],
        "x-kind": "batch manifest",
    }


BUILDERS = {
    "scenario": _scenario, "policies": _policy, "events": _event, "objectives": _objectives,
    "rules": _rules, "offers": _offers, "decisions": _decisions, "save": _save, "settings": _settings,
    "manifest": _manifest, "personas": _personas,
}  # fmt: skip


def _validator(kind):
    # The agents layer fills the persona and rule registries; build again once it has.
    return _built(kind, (tuple(PERSONA_NAMES), tuple(SEAT_RULES)))


@cache
def _built(kind, _registries):
    import jsonschema  # here, with the first file checked: the title screen reads none (fast start)

    schema = {"$schema": DIALECT, "title": f"Tightrope {kind} file", **BUILDERS[kind]()}
    return jsonschema.Draft202012Validator(schema)


def schema(kind):
    """The JSON Schema of one file kind (a dict, ready for ``json.dumps``)."""
    return _validator(kind).schema


def _field(parts, data):
    """``policies[jpn_summit].cost``: list items with an ``id`` are named by it."""
    out = ""
    for part in parts:
        if isinstance(part, int) and isinstance(data, list):
            item = data[part] if part < len(data) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident.isidentifier() else f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):  # a missing field: nothing below it
            data = None
    return out or "(top level)"


def _inside_mapping(error):
    """For an ``anyOf`` error on a mapping where one branch only is a mapping (a turn's
    ``{policies, offers, ...}`` beside its short list form), that branch's first error, else
    None: "turns.3.offers[0].template: is missing", not "must be a list of policies or ..."."""
    if error.validator != "anyOf" or not isinstance(error.instance, dict):
        return None
    branches = [i for i, b in enumerate(error.validator_value) if b.get("type") == "object"]
    if len(branches) != 1:
        return None
    inside = [e for e in error.context if e.relative_schema_path[0] == branches[0]]
    return max(inside, key=lambda e: len(e.absolute_path)) if inside else None  # the deepest


def _problem(error, data):
    """(field path, problem) for one jsonschema error, in the parsers' own words."""
    parts = list(error.absolute_path)
    value = error.instance
    s = error.schema
    inner = _inside_mapping(error)
    if inner is not None:  # (a mapping fits one branch only: say what is wrong inside it)
        return _problem(inner, data)
    if error.validator == "additionalProperties" and s.get("additionalProperties") is False:
        extra = sorted(set(value) - set(s.get("properties", {})), key=str)
        kind = s.get("x-kind", "")
        known = ", ".join(sorted(s.get("properties", {})))
        return _field([*parts, extra[0]], data), f"is not a {kind} field (known: {known})"
    if error.validator == "required":
        missing = [k for k in s["required"] if k not in value]
        return _field([*parts, missing[0]], data), "is missing"
    if "propertyNames" in error.relative_schema_path:  # a key, not a value, is wrong
        return _field([*parts, value], data), s.get("x-problem", "is not a known name")
    problem = s.get("x-problem")
    if not problem:  # jsonschema's own words already show the value
        message = error.message
        return _field(parts, data), message if len(message) <= 120 else message[:117] + "..."
    if s.get("x-sourced") and isinstance(value, list) and len(value) == 2:
        value = value[0]  # [value, "why"]: the value is what is wrong
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if isinstance(problem, list):  # [before, after]: the value shown in the middle
        return _field(parts, data), f"{problem[0]} {shown}{problem[1]}"
    return _field(parts, data), f"{problem}, not {shown}"


def check(kind, data, path):
    """Raise a ConfigError (file: field: problem) if ``data`` breaks the ``kind`` schema."""
    errors = list(_validator(kind).iter_errors(data))
    if errors:
        field, problem = _problem(errors[0], data)
        raise ConfigError(path, field, problem)
    return data
