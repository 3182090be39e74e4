"""Declarative conditions: strings such as ``"CHN-JPN.relations >= 40"``, parsed, never run."""

import operator
import re
import sys

from game.engine.effects import fill_placeholders
from game.engine.registry import registry

_OPS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_PATTERN = re.compile(r"^\s*([A-Za-z_][\w.>\-]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")


class Condition:
    """A comparison of one indicator (or ``turn``) with a number."""

    __slots__ = ("key", "op", "symbol", "value", "text")

    def __init__(self, key, op, value, text, symbol=""):
        self.key, self.op, self.value, self.text, self.symbol = key, op, value, text, symbol

    def holds(self, world):
        current = world.turn if self.key == "turn" else world.values[self.key]
        return self.op(current, self.value)

    def __repr__(self):
        return f"Condition({self.text!r})"


def parse_condition(text, subs=None):
    """Parse ``text``; raises ValueError with a readable reason. ``subs`` fills ``{self}`` etc."""
    if not isinstance(text, str):
        raise ValueError(f"a condition must be a string like 'senkaku >= 50', not {text!r}")
    text = fill_placeholders(text, subs)
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"cannot read condition {text!r} (expected 'indicator OP number')")
    key, op, num = match.groups()
    if key != "turn" and key not in registry():
        raise ValueError(f"condition {text!r} names unknown indicator {key!r}")
    return Condition(sys.intern(key), _OPS[op], float(num), text, op)


def compile_conditions(conditions):
    """Conditions as ``(key, op, value)`` triples (``turn`` keyed as None), compiled once per
    scenario for ``holds_all``: the turn loop checks prerequisites every quarter."""
    return tuple((None if c.key == "turn" else c.key, c.op, c.value) for c in conditions)


def holds_all(compiled, values, turn):
    """Whether every compiled condition holds for these values and turn."""
    for key, op, value in compiled:
        if not op(turn if key is None else values[key], value):
            return False
    return True
