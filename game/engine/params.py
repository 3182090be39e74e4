"""The kinds of rule parameters: each rule's ``params`` maps a name to a Param (its kind and
the range a value may take). Names and kinds live here and in the rules; values only in
``configs/rules.yaml`` and scenario overrides. Kind and range are both enforced at load."""

import math
from typing import NamedTuple

from game.engine.registry import registry


class Param(NamedTuple):
    """One rule parameter's name-free spec: its kind and the range a value may sensibly take.
    Values live only in ``configs/rules.yaml`` (and scenario overrides, ``--set`` and the
    facilitator); ``problem`` refuses a value of the wrong kind, not finite or out of range."""

    kind: str  # "number", "whole", "per_ally" (ally -> number), "effects", "effect_groups"
    lo: float = float("-inf")
    hi: float = float("inf")

    def span(self):
        """The range as words ("from 0 to 1"), or "" when unbounded."""
        lo, hi = self.lo, self.hi
        if math.isinf(lo) and math.isinf(hi):
            return ""
        if math.isinf(hi):
            return f" of at least {lo:g}"
        if math.isinf(lo):
            return f" of at most {hi:g}"
        return f" from {lo:g} to {hi:g}"

    def _number_problem(self, value, whole):
        kind = f"a {'whole ' if whole else ''}number{self.span()}"
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            return f"must be {kind}, not {value!r}"
        if not math.isfinite(value) or not self.lo <= value <= self.hi:
            return f"must be {kind}, not {value!r}"
        return None

    def problem(self, value):
        """Why ``value`` is not of this kind or not in the range (None: it is fine)."""
        if self.kind in ("number", "whole"):
            return self._number_problem(value, self.kind == "whole")
        elif self.kind == "per_ally":
            allies = registry().allies
            if not isinstance(value, dict) or set(value) != set(allies):
                return f"must be a mapping of {', '.join(allies)} to numbers"
            for ally, item in value.items():
                problem = self._number_problem(item, False)
                if problem:
                    return f"{ally} {problem}"
        elif self.kind == "effects" and not isinstance(value, list):
            return "must be a list of effects"
        elif self.kind == "effect_groups" and not isinstance(value, dict):
            return "must be a mapping of tag -> list of effects"
        return None

    def allows(self, value):
        """True if ``value`` (of the right kind) lies in the range."""
        if self.kind in ("number", "whole"):
            return self.lo <= value <= self.hi
        if self.kind == "per_ally":
            return all(self.lo <= v <= self.hi for v in value.values())
        return True


def number(lo=float("-inf"), hi=float("inf")):
    return Param("number", lo, hi)


def whole(lo=0, hi=float("inf")):
    return Param("whole", lo, hi)


def per_ally(lo=float("-inf"), hi=float("inf")):
    return Param("per_ally", lo, hi)


EFFECTS = Param("effects")  # a list of declarative effects ({self}, {ally} filled in)
EFFECT_GROUPS = Param("effect_groups")  # act tag -> a list of declarative effects
SHARE = number(0.0, 1.0)  # a rate or share: the part of a gap closed each quarter, a chance
LEVEL = number(0.0, 100.0)  # a threshold or target on a 0-100 indicator
WEIGHT = number(0.0, 50.0)  # how much one reading weighs in a target or a utility
UTILITY = number(-50.0, 50.0)  # a utility or its base
