"""Checks a scenario file beyond "does it load": the mistakes docs/scenarios.md warns of that
the engine itself would accept (a change without a source, a value repeated from the parent,
a scenario that keeps its parent's name, a persona on a human seat, a flashpoint starting at
the brink), and that every policy tag and act tag a rule names exists for that rule's seat.
``python main.py validate`` runs them after loading the file.

Each problem is a ConfigError (file, field, problem), so it prints as one line."""

from pathlib import Path

from game.engine.errors import ConfigError
from game.engine.rules import RULES
from game.engine.scenario import SETTINGS_WITH_SOURCES, _read_chain, load_scenario, sourced
from game.engine.yamlio import read_yaml


def _has_source(item):
    return bool(sourced(item)[1].strip())


def _parent_raw(path, raw):
    parent = raw.get("extends")
    if not isinstance(parent, str):
        return None
    return _read_chain((Path(path).parent / parent).resolve())


def rule_name_problems(scenario, path):
    """Every tag a rule names that the catalogue lacks, as ConfigErrors: the policy tags it
    proposes (``tags``) must be on policies of its own seat; the act tags it reads (``watches``,
    and the groups of an effect-groups parameter) on acts of another state."""
    catalog, problems = scenario.catalog, []
    acts = {}  # seat -> every tag its acts (policies, events it causes, responses) can carry
    for policy in catalog.policies.values():
        acts.setdefault(policy.by, set()).update(policy.tags)
    for event in catalog.events.values():
        acts.setdefault(event.by, set()).update(event.tags)
        for response in event.responses:
            acts.setdefault(event.actor, set()).update(response.tags)
    for seat, rules in scenario.parameters.items():
        own = catalog.policies_for(seat) if seat != "world" else ()
        own_tags = {t for p in own for t in p.tags}
        others = set().union(*(tags for s, tags in acts.items() if s and s != seat))
        for name, params in rules.items():
            rule, field = RULES[name], f"rules.{seat}.{name}"
            for tag in rule.tags:
                if tag not in own_tags:
                    problems.append(
                        ConfigError(path, field, f"picks tag {tag!r}, on none of {seat}'s policies")
                    )
            watched = list(rule.watches)
            for key, param in rule.params.items():
                if param.kind == "effect_groups":
                    watched += list(params[key])
            for tag in watched:
                if tag not in others:
                    problems.append(
                        ConfigError(
                            path, field, f"reads act tag {tag!r}, which no other state's acts carry"
                        )
                    )
    return problems


def scenario_problems(path):
    """Every problem of the scenario file at ``path`` as a list of ConfigError (empty: fine).
    Errors that stop the file loading at all are raised, as load_scenario raises them."""
    path = Path(path)
    scenario = load_scenario(path)  # the engine's own checks first (raises on the first)
    raw = read_yaml(path)
    parent = _parent_raw(path, raw)
    problems = []

    def problem(field, text):
        problems.append(ConfigError(path, field, text))

    if parent is not None and raw.get("name") in (None, parent.get("name")):
        problem(
            "name",
            f"keeps its parent's name {parent.get('name')!r}; give the scenario its own name",
        )
    for key, item in (raw.get("values") or {}).items():
        value = sourced(item)[0]
        if not _has_source(item):
            problem(
                f"values.{key}", f'has no source: write [{value!r}, "where the figure comes from"]'
            )
        if parent is not None:
            old = sourced((parent.get("values") or {}).get(key))[0]
            if isinstance(old, (int, float)) and float(old) == float(value):
                problem(
                    f"values.{key}", f"is {value!r} as in {raw['extends']}: list only what differs"
                )
    for seat, rules in (raw.get("parameters") or {}).items():
        for rule, params in (rules or {}).items():
            for param, item in (params or {}).items():
                if not _has_source(item):
                    problem(
                        f"parameters.{seat}.{rule}.{param}",
                        'has no source: write [value, "why it differs"]',
                    )
                elif parent is not None:
                    old = (
                        (((parent.get("parameters") or {}).get(seat) or {}).get(rule)) or {}
                    ).get(param)
                    if old is not None and sourced(old)[0] == sourced(item)[0]:
                        problem(
                            f"parameters.{seat}.{rule}.{param}",
                            f"is the same as in {raw['extends']}: list only what differs",
                        )
    for seat, item in (raw.get("personas") or {}).items():
        if parent is not None and not _has_source(item):
            problem(f"personas.{seat}", 'has no reason: write [persona, "why this seat plays so"]')
        if seat in scenario.humans:
            problem(
                f"personas.{seat}",
                f"{seat} is a human seat in 'humans', so its persona is never used",
            )
    if parent is not None:
        for key in SETTINGS_WITH_SOURCES:
            if key in raw and not _has_source(raw[key]):
                problem(key, f'has no reason: write [{raw[key]!r}, "why it differs"]')
    problems += rule_name_problems(scenario, path)
    return problems


def check_scenario(path):
    """Raise the first problem of the scenario file (with a count of the rest); return the
    Scenario when there is none."""
    problems = scenario_problems(path)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ConfigError(first.path, first.field, first.problem + more)
    return load_scenario(path)
