"""Declarative effects: ``{key: JPN.defence, add: 0.2}``, ``{key: seafood_ban, set: 1}``,
``{key: senkaku, toward: 40, rate: 0.2}``, optionally with ``chance: 0.5``. Parsed, never run."""

import re
import sys

from game.engine.registry import registry

_OPS = ("add", "set", "toward")
PLACEHOLDERS = ("self", "ally")  # the only names catalogue text may leave to be filled in
_BRACES = re.compile(r"\{([^{}]*)\}")


def fill_placeholders(text, subs=None):
    """``text`` with each ``{self}`` / ``{ally}`` replaced from ``subs``. Catalogue text is
    never a format string: any other brace, field or format spec is refused (ValueError)."""
    subs = subs or {}

    def one(match):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            allowed = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise ValueError(f"{match.group(0)!r} is not a placeholder (allowed: {allowed})")
        if name not in subs:
            raise ValueError(f"{{{name}}} cannot be filled in here")
        return subs[name]

    out = _BRACES.sub(one, text)
    if "{" in _BRACES.sub("", text) or "}" in _BRACES.sub("", text):
        raise ValueError(f"{text!r} has a stray brace")
    return out


class Effect:
    __slots__ = ("key", "op", "value", "rate", "chance")

    def __init__(self, key, op, value, rate=1.0, chance=1.0):
        key = sys.intern(key)  # the world's own key object: looked up by identity (registry)
        self.key, self.op, self.value, self.rate, self.chance = key, op, value, rate, chance

    def target_value(self, current):
        if self.op == "add":
            return current + self.value
        if self.op == "set":
            return self.value
        return current + (self.value - current) * self.rate


def parse_effect(raw, subs=None):
    """Parse one effect mapping; raises ValueError naming what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError(f"an effect must be a mapping like {{key: senkaku, add: 5}}, not {raw!r}")
    unknown = set(raw) - {"key", "chance", "rate", *_OPS}
    if unknown:
        raise ValueError(f"effect has unknown field(s) {sorted(unknown)}")
    key = raw.get("key")
    if not isinstance(key, str):
        raise ValueError("effect needs a 'key' naming an indicator")
    key = fill_placeholders(key, subs)
    if key not in registry():
        raise ValueError(f"effect names unknown indicator {key!r}")
    ops = [op for op in _OPS if op in raw]
    if len(ops) != 1:
        raise ValueError(f"effect on {key} needs exactly one of add/set/toward")
    op = ops[0]
    value = raw[op]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"effect on {key}: '{op}' must be a number, not {value!r}")
    chance = raw.get("chance", 1.0)
    if isinstance(chance, bool) or not isinstance(chance, (int, float)) or not 0 <= chance <= 1:
        raise ValueError(f"effect on {key}: 'chance' must be a number from 0 to 1")
    rate = raw.get("rate", 0.25 if op == "toward" else 1.0)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= 1:
        raise ValueError(f"effect on {key}: 'rate' must be a number in (0, 1]")
    return Effect(key, op, float(value), float(rate), float(chance))


def parse_effects(raw_list, subs=None):
    if raw_list is None:
        return ()
    if not isinstance(raw_list, list):
        raise ValueError("effects must be a list")
    return tuple(parse_effect(item, subs) for item in raw_list)


def apply_effects(world, effects, cause, rng, scale=1.0, share=None):
    """Apply effects to the world under one cause. ``rng`` (model.random) rolls chances.
    ``scale`` shrinks every additive and ``toward`` move (a rule's strength). ``share`` is a
    reused policy's fatigue (``game.engine.fatigue.scale``): chances shrink by it, sure moves
    shrink by it, ``set`` stays (a state, not an amount); given as 1.0 it still takes that path,
    so a played policy's arithmetic is one path whatever its fatigue. ``target_value`` inlined:
    this runs for every policy, event and rule effect."""
    values, change = world.values, world.change
    plain = scale == 1.0 and share is None  # (events, responses, rules at full strength)
    for eff in effects:
        chance = eff.chance
        if chance < 1.0 and rng.random() >= (chance if share is None else chance * share):
            continue
        key, op = eff.key, eff.op
        if op == "set":
            change(key, eff.value, cause)
            continue
        current = values[key]
        if op == "add":
            target = current + eff.value
        else:
            target = current + (eff.value - current) * eff.rate
        if not plain:
            if scale != 1.0:
                target = current + (target - current) * scale
            if share is not None and chance >= 1.0:
                target = current + (target - current) * share
        change(key, target, cause)
