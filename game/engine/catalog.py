"""The policy catalogue, the event deck and the objectives, loaded from YAML and validated.

Every problem becomes a ConfigError naming the file, the entry and the field, e.g.
``configs/policies.yaml: policies[jpn_summit].cost: must be a whole number from 0 to 10``.
"""

import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from game.engine import schemas
from game.engine.conditions import parse_condition
from game.engine.effects import parse_effects
from game.engine.errors import ConfigError
from game.engine.paths import CONFIGS
from game.engine.registry import registry
from game.engine.schemas import CATEGORIES, EVENT_FIELDS, POLICY_FIELDS
from game.engine.yamlio import read_yaml

GRADES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Policy:
    id: str
    name: str
    by: str
    category: str
    cost: int
    requires: tuple
    effects: tuple
    signals: dict
    tags: tuple
    duration: int
    cooldown: int
    ongoing: tuple
    source: str
    description: str


@dataclass(frozen=True)
class Response:
    id: str
    label: str
    effects: tuple
    signals: dict
    tags: tuple


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    text: str
    by: str  # who is seen as causing it ("" for nature / nobody)
    actor: str  # the state it happens to, who answers its responses ("" for all)
    chance: float
    chance_per: tuple  # ((indicator, extra chance per point), ...)
    requires: tuple
    once: bool
    cooldown: int
    effects: tuple
    signals: dict
    tags: tuple
    responses: tuple
    source: str

    def probability(self, world):
        p = self.chance
        if self.chance_per:
            values = world.values
            for key, per in self.chance_per:
                p += per * values[key]
        return 0.0 if p < 0.0 else 1.0 if p > 1.0 else p


@dataclass(frozen=True)
class Objective:
    seat: str
    id: str
    label: str
    weight: float
    terms: tuple  # ((key, weight, lo, hi, invert), ...)
    source: str

    @cached_property
    def keys(self):
        """The indicators this objective reads."""
        return frozenset(term[0] for term in self.terms)

    @cached_property
    def compiled(self):
        """(terms as (key, weight, lo, hi - lo, invert), the sum of the weights): what
        ``score`` computes afresh each call, worked out once, the same numbers to the bit (the
        weights summed in the same order), for the what-if scoring in ``State.score_after``."""
        wsum = 0.0
        terms = []
        for key, weight, lo, hi, invert in self.terms:
            terms.append((sys.intern(key), weight, lo, hi - lo, invert))
            wsum += weight
        return tuple(terms), wsum

    def score(self, values, overlay=None):
        """0-100; ``overlay`` holds values that replace the world's (for what-ifs)."""
        total = wsum = 0.0
        for key, weight, lo, hi, invert in self.terms:
            value = values[key] if overlay is None or key not in overlay else overlay[key]
            x = (value - lo) / (hi - lo)
            x = 0.0 if x < 0.0 else 1.0 if x > 1.0 else x
            total += weight * ((1.0 - x) if invert else x)
            wsum += weight
        return 100.0 * total / wsum


class _Checker:
    """Helpers that raise ConfigError with the file and a field path."""

    def __init__(self, path):
        self.path = Path(path)

    def fail(self, field, problem):
        raise ConfigError(self.path, field, problem)

    def mapping(self, raw, field):
        if not isinstance(raw, dict):
            self.fail(field, f"must be a mapping, not {type(raw).__name__}")
        return raw

    def text(self, raw, field, name, required=True, default=""):
        value = raw.get(name, None)
        if value is None:
            if required:
                self.fail(f"{field}.{name}", "is missing")
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{field}.{name}", "must be non-empty text")
        return value.strip()

    def number(self, raw, field, name, lo, hi, default=None, whole=False):
        value = raw.get(name, default)
        if value is None:
            self.fail(f"{field}.{name}", "is missing")
        kind = "a whole number" if whole else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"{field}.{name}", f"must be {kind} from {lo:g} to {hi:g}, not {value!r}")
        if whole and value != int(value):
            self.fail(f"{field}.{name}", f"must be {kind} from {lo:g} to {hi:g}, not {value!r}")
        if not lo <= value <= hi:
            self.fail(f"{field}.{name}", f"must be {kind} from {lo:g} to {hi:g}, not {value!r}")
        return int(value) if whole else float(value)

    def state(self, raw, field, name, allow_empty=False):
        value = raw.get(name, "" if allow_empty else None)
        if allow_empty and value in ("", None):
            return ""
        if value not in registry().states:
            self.fail(
                f"{field}.{name}", f"must be one of {', '.join(registry().states)}, not {value!r}"
            )
        return value

    def conditions(self, raw, field, name="requires", subs=None):
        value = raw.get(name) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"{field}.{name}", "must be a list of conditions")
        out = []
        for i, text in enumerate(value):
            try:
                out.append(parse_condition(text, subs))
            except ValueError as exc:
                self.fail(f"{field}.{name}[{i}]", str(exc))
        return tuple(out)

    def effects(self, raw, field, name="effects", subs=None):
        try:
            return parse_effects(raw.get(name), subs)
        except ValueError as exc:
            self.fail(f"{field}.{name}", str(exc))

    def signals(self, raw, field):
        value = raw.get("signals") or {}
        self.mapping(value, f"{field}.signals")
        for k, v in value.items():
            if k not in registry().states:
                self.fail(f"{field}.signals.{k}", "is not a state code")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not -5 <= v <= 5:
                self.fail(f"{field}.signals.{k}", f"must be a number from -5 to 5, not {v!r}")
        return {k: float(v) for k, v in value.items()}

    def tags(self, raw, field):
        value = raw.get("tags") or []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            self.fail(f"{field}.tags", "must be a list of words")
        return tuple(value)

    def entries(self, raw, top):
        self.mapping(raw, "(top level)")
        items = raw.get(top)
        if not isinstance(items, list) or not items:
            self.fail(top, "must be a non-empty list")
        seen = set()
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                self.fail(f"{top}[{i}]", "must be a mapping")
            ident = item.get("id")
            if not isinstance(ident, str) or not ident.isidentifier():
                self.fail(f"{top}[{i}].id", f"must be a word like 'jpn_summit', not {ident!r}")
            if ident in seen:
                self.fail(f"{top}[{ident}].id", "is used twice")
            seen.add(ident)
            yield f"{top}[{ident}]", item


def parse_policies(raw, path):
    check = _Checker(path)
    out = {}
    for field, item in check.entries(raw, "policies"):
        extra = set(item) - POLICY_FIELDS
        if extra:
            check.fail(f"{field}.{sorted(extra)[0]}", "is not a policy field")
        category = item.get("category")
        if category not in CATEGORIES:
            check.fail(f"{field}.category", f"must be one of {', '.join(CATEGORIES)}")
        seat = check.state(item, field, "by")
        subs = {"self": seat}
        out[item["id"]] = Policy(
            id=item["id"],
            name=check.text(item, field, "name"),
            by=seat,
            category=category,
            cost=check.number(item, field, "cost", 0, 10, whole=True),
            requires=check.conditions(item, field, subs=subs),
            effects=check.effects(item, field, subs=subs),
            signals=check.signals(item, field),
            tags=check.tags(item, field),
            duration=check.number(item, field, "duration", 1, 8, default=1, whole=True),
            cooldown=check.number(item, field, "cooldown", 0, 16, default=0, whole=True),
            ongoing=check.effects(item, field, "ongoing", subs=subs),
            source=check.text(item, field, "source"),
            description=check.text(item, field, "description"),
        )
        if not out[item["id"]].effects and not out[item["id"]].ongoing:
            check.fail(f"{field}.effects", "a policy must change something")
    return out


def parse_events(raw, path):
    check = _Checker(path)
    out = {}
    for field, item in check.entries(raw, "events"):
        extra = set(item) - EVENT_FIELDS
        if extra:
            check.fail(f"{field}.{sorted(extra)[0]}", "is not an event field")
        per = item.get("chance_per") or {}
        check.mapping(per, f"{field}.chance_per")
        chance_per = []
        for key, value in per.items():
            if key not in registry():
                check.fail(f"{field}.chance_per.{key}", "is not an indicator")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                check.fail(f"{field}.chance_per.{key}", "must be a number")
            chance_per.append((key, float(value)))
        responses = []
        raw_responses = item.get("responses") or []
        if not isinstance(raw_responses, list):
            check.fail(f"{field}.responses", "must be a list")
        if raw_responses and not 2 <= len(raw_responses) <= 3:
            check.fail(f"{field}.responses", "must offer 2 or 3 responses")
        actor = check.state(item, field, "actor", allow_empty=True)
        if raw_responses and not actor:
            check.fail(f"{field}.actor", "an event with responses needs the state that answers")
        seen = set()
        for j, resp in enumerate(raw_responses):
            rfield = f"{field}.responses[{j}]"
            check.mapping(resp, rfield)
            rid = resp.get("id")
            if not isinstance(rid, str) or not rid.isidentifier() or rid in seen:
                check.fail(f"{rfield}.id", "must be a unique word")
            seen.add(rid)
            responses.append(
                Response(
                    id=rid,
                    label=check.text(resp, rfield, "label"),
                    effects=check.effects(resp, rfield, subs={"self": actor}),
                    signals=check.signals(resp, rfield),
                    tags=check.tags(resp, rfield),
                )
            )
        subs = {"self": actor} if actor else None
        out[item["id"]] = Event(
            id=item["id"],
            title=check.text(item, field, "title"),
            text=check.text(item, field, "text"),
            by=check.state(item, field, "by", allow_empty=True),
            actor=actor,
            chance=check.number(item, field, "chance", 0, 1),
            chance_per=tuple(chance_per),
            requires=check.conditions(item, field, subs=subs),
            once=bool(item.get("once", False)),
            cooldown=check.number(item, field, "cooldown", 0, 16, default=4, whole=True),
            effects=check.effects(item, field, subs=subs),
            signals=check.signals(item, field),
            tags=check.tags(item, field),
            responses=tuple(responses),
            source=check.text(item, field, "source"),
        )
    return out


def parse_objectives(raw, path):
    check = _Checker(path)
    check.mapping(raw, "(top level)")
    for key in raw:
        if key not in registry().states and key != "grades":
            check.fail(key, "is neither a state code nor 'grades'")
    out = {}
    for seat in registry().states:
        seat_raw = raw.get(seat)
        if not isinstance(seat_raw, dict) or not 3 <= len(seat_raw) <= 4:
            check.fail(seat, "needs 3 or 4 objectives")
        objectives = []
        for oid, item in seat_raw.items():
            field = f"{seat}.{oid}"
            check.mapping(item, field)
            terms = []
            for k, term in enumerate(item.get("terms") or []):
                tfield = f"{field}.terms[{k}]"
                check.mapping(term, tfield)
                key = term.get("key")
                if key not in registry():
                    check.fail(f"{tfield}.key", f"unknown indicator {key!r}")
                spec = registry()[key]
                lo = check.number(term, tfield, "lo", -1e9, 1e9, default=spec.lo)
                hi = check.number(term, tfield, "hi", -1e9, 1e9, default=spec.hi)
                if hi <= lo:
                    check.fail(f"{tfield}.hi", "must be above lo")
                weight = check.number(term, tfield, "weight", 0, 100, default=1)
                terms.append((key, weight, lo, hi, bool(term.get("invert", False))))
            if not terms:
                check.fail(f"{field}.terms", "must list at least one indicator")
            objectives.append(
                Objective(
                    seat=seat,
                    id=oid,
                    label=check.text(item, field, "label"),
                    weight=check.number(item, field, "weight", 0, 1),
                    terms=tuple(terms),
                    source=check.text(item, field, "source"),
                )
            )
        total = sum(o.weight for o in objectives)
        if abs(total - 1.0) > 1e-6:
            check.fail(f"{seat}", f"objective weights must add up to 1, not {total:g}")
        out[seat] = tuple(objectives)
    grades = check.mapping(raw.get("grades"), "grades")
    out["grades"] = {}
    for seat in registry().states:
        table = check.mapping(grades.get(seat), f"grades.{seat}")
        if set(table) != set(GRADES):
            check.fail(
                f"grades.{seat}", f"must give the lowest score for each of {', '.join(GRADES)}"
            )
        lows = [check.number(table, f"grades.{seat}", letter, 0, 100) for letter in GRADES]
        if lows != sorted(lows, reverse=True):
            check.fail(f"grades.{seat}", "must fall from A to D")
        out["grades"][seat] = tuple(zip(GRADES, lows, strict=True))
    return out


@dataclass(frozen=True)
class Catalog:
    policies: dict
    events: dict
    objectives: dict

    def policies_for(self, seat):
        return [p for p in self.policies.values() if p.by == seat]

    def grade(self, seat, score):
        """The letter grade for a seat's score (C is about what its default AI gets)."""
        for letter, lowest in self.objectives["grades"][seat]:
            if score >= lowest:
                return letter
        return "F"


def read_catalogue(path, kind):
    """A catalogue file's data, checked against its schema (policies, events, objectives)."""
    return schemas.check(kind, read_yaml(path), path)


def load_policies(path):
    return parse_policies(read_catalogue(path, "policies"), path)


def load_events(path):
    return parse_events(read_catalogue(path, "events"), path)


@lru_cache(maxsize=8)
def load_catalog(policies=None, events=None, objectives=None):
    """The catalogue from configs/ (or the given files); cached since it is immutable."""
    p = Path(policies) if policies else CONFIGS / "policies.yaml"
    e = Path(events) if events else CONFIGS / "events.yaml"
    o = Path(objectives) if objectives else CONFIGS / "objectives.yaml"
    return Catalog(
        load_policies(p), load_events(e), parse_objectives(read_catalogue(o, "objectives"), o)
    )
