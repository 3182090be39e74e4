"""The rules engine: the Rule base class, the rule registry and rule parameters. The world's
own rules (drift, economics, alliances), which apply whoever holds each seat, are in
game/engine/physics.py.

Each rule is a small class, like an Axelrod strategy: its docstring says which part of the essay
it models (M. Marjak, "China–Japan Relations: With the Return of Trump, Can China Win Over
Japan?"), ``source`` names the section, and ``params`` names its parameters with their kinds and
ranges. Their values live only in ``configs/rules.yaml`` (scenarios override them), so balancing
changes them in one place.
"""

from game.engine.effects import apply_effects, parse_effects
from game.engine.errors import ConfigError
from game.engine.paths import CONFIGS
from game.engine.registry import interned, registry
from game.engine.world import Cause

RULES = {}  # name -> class, filled by @register
# Filled by the agents layer when it is imported (the engine names no state's rules itself):
SEAT_RULES = {}  # state code -> its rule names, in the order they are consulted
PERSONA_NAMES = {}  # persona name -> one line on how it plays

ESSAY = 'M. Marjak, "China–Japan Relations: With the Return of Trump, Can China Win Over Japan?"'
TRANSACTIONALISM = "Trump's Transactionalism as an Opportunity For China"
OBSTACLES = "Continued Obstacles"
INTRODUCTION = "Introduction"
CONCLUSION = "Conclusion"


def register(cls):
    RULES[cls.__name__] = cls
    return cls


class Rule:
    """A named rule. Subclasses set ``source``, ``models``, ``phases`` and implement, per phase,
    ``propose(model, seat)`` (decisions: yields (policy ids, utility, reason), the ids a tuple of
    policies the rule values alike, the reason words or a template and its values, worded only
    if someone reads reasons: words.reason_text) or
    ``react(model)`` / ``drift(model)`` / ``score(model)`` (apply effects, return True if it fired).
    """

    source = ""  # the essay's section (and citation) this rule models
    models = ""  # one line: what it does
    phases = ()  # subset of ("decisions", "reactions", "drift", "scoring")
    always = False  # True: applies to human seats too (psychology and physics, not choices)
    params = {}  # parameter name -> Param (kind and range); the values are in configs/rules.yaml
    tags = ()  # policy tags the rule proposes from its own seat's catalogue
    watches = ()  # tags of other states' acts (policies, events, responses) the rule reads

    def __init__(self, params, seat=""):
        self.p = params
        self.seat = seat
        self.name = type(self).__name__
        self.cause = Cause("rule", self.name, seat)
        self.reads = interned(self.keys(registry()))

    def keys(self, reg):
        """The indicator keys the rule reads and writes, worked out once (not every quarter),
        from the registry and the seat alone (never the parameters: ``with_params`` keeps
        them)."""
        return ()

    def with_params(self, params):
        """The same rule with other parameters (a game's hidden draw): its keys carried over,
        not worked out again for every game."""
        other = type(self).__new__(type(self))
        other.p, other.seat, other.name = params, self.seat, self.name
        other.cause, other.reads = self.cause, self.reads
        return other

    def effects(self, key, ally="", tag=None):
        """The declarative effects in parameter ``key`` (one group of it if ``tag``), with
        ``{self}`` and ``{ally}`` filled in. Parsed once per rule instance, then cached."""
        memo = self.__dict__.setdefault("_fx", {})
        slot = (key, ally, tag)
        if slot not in memo:
            raw = self.p[key] if tag is None else self.p[key].get(tag)
            memo[slot] = parse_effects(raw, {"self": self.seat, "ally": ally})
        return memo[slot]

    def metadata(self):
        return {
            "name": self.name,
            "seat": self.seat or "world",
            "phases": list(self.phases),
            "source": self.source,
            "models": self.models,
            "doc": " ".join((self.__doc__ or "").split()),
            "parameters": sorted(self.p),
            "parameter_kinds": {
                k: {"kind": s.kind, "range": [_finite(s.lo), _finite(s.hi)]}
                for k, s in self.params.items()
            },
            "tags": list(self.tags),
            "watches": list(self.watches),
        }


def _finite(x):
    return x if abs(x) != float("inf") else None  # JSON has no infinity


def resolve_params(rule_cls, raw, path, field, subs=None):
    """The rule's parameters from ``raw``, which must give each of them (configs/rules.yaml
    does, scenarios override some), checking names and kinds against ``rule_cls.params``."""
    spec = rule_cls.params
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, field, "must be a mapping of parameter: value")
    for key in raw:
        if key not in spec:
            known = ", ".join(sorted(spec)) or "none"
            raise ConfigError(
                path,
                f"{field}.{key}",
                f"is not a parameter of {rule_cls.__name__} (known: {known})",
            )
    params = {}
    for key, param in spec.items():
        if key not in raw:
            raise ConfigError(path, f"{field}.{key}", f"is missing (give it in {RULES_FILE.name})")
        problem = param.problem(raw[key])
        if problem:
            raise ConfigError(path, f"{field}.{key}", problem)
        params[key] = raw[key]
    # Effects parameters hold declarative effects, with {self} and {ally} placeholders: check
    # them now (against every ally) so a typo fails at load, not mid-game.
    for key, value in params.items():
        if spec[key].kind in ("effects", "effect_groups"):
            groups = value.values() if isinstance(value, dict) else [value]
            for group in groups:
                for ally in ("JPN", "KOR"):
                    try:
                        parse_effects(
                            group, {"self": subs.get("self", "") if subs else "", "ally": ally}
                        )
                    except (ValueError, KeyError, IndexError) as exc:
                        raise ConfigError(path, f"{field}.{key}", str(exc)) from None
    return params


RULES_FILE = CONFIGS / "rules.yaml"


def apply_rule_effects(model, rule, effects, via="", scale=1.0):
    """Apply a rule's declarative effects under the rule's name (and what it answered)."""
    cause = rule.cause._replace(via=via) if via else rule.cause
    apply_effects(model.world, effects, cause, model.random, scale)
