"""The world: plain data (indicator values plus bookkeeping) and the effect ledger.

``World.change`` is the only way a value changes, and it always writes a ledger entry naming
the cause. A world copies cheaply (look-ahead AIs, previews, branching) and is JSON-serialisable.
"""

import math
from typing import NamedTuple

from game.engine.registry import registry


class Cause(NamedTuple):
    """Why something changed: ``kind`` is policy, event, response, rule, deal, facilitator or
    setup."""

    kind: str
    source: str
    actor: str = ""
    via: str = ""  # what a rule was answering (a policy or event id), if anything

    def label(self):
        who = f"{self.actor} " if self.actor else ""
        via = f" (answering {self.via})" if self.via else ""
        return f"{who}{self.kind} {self.source}{via}"


class Entry(NamedTuple):
    """One line of the effect ledger."""

    turn: int
    phase: str
    key: str
    before: float
    after: float
    kind: str
    source: str
    actor: str
    via: str

    @property
    def delta(self):
        return self.after - self.before


# key -> (lo, hi, scale): values snap to 1/scale (whole numbers for ladders and counts).
_BOUNDS = {k: (i.lo, i.hi, 1.0 if i.is_int else 100.0) for k, i in registry().indicators.items()}
_floor = math.floor
_TWO52 = 4503599627370496.0  # 2**52: a double beyond it has no fraction
_LIMIT = 2251799813685248.0  # 2**51


class World:
    """Indicator values, the ledger and the bookkeeping the turn loop needs."""

    __slots__ = (
        "values", "ledger", "turn", "phase", "progress", "cooldowns", "flags", "log", "offers",
        "deals",
    )  # fmt: skip

    def __init__(self, values):
        self.values = dict(values)
        self.ledger = []
        self.turn = 1
        self.phase = "setup"
        self.progress = {}  # "SEAT:policy" -> turns left of a multi-turn policy
        self.cooldowns = {}  # "SEAT:policy" or "event:id" -> first turn it is available again
        self.flags = {}  # once-only events fired, game-ending crisis, ...
        self.log = []  # news: dicts {turn, kind, actor, id, text}
        self.offers = []  # every offer made (game.engine.deals), open or answered
        self.deals = []  # every deal signed: active, kept or broken

    def get(self, key):
        return self.values[key]

    def change(self, key, new_value, cause):
        """Set ``key`` to ``new_value`` (clamped to its bounds) and record why in the ledger."""
        values = self.values
        before = values[key]
        lo, hi, scale = _BOUNDS[key]
        # Clamp, then snap to the indicator's precision (0.01, or 1 for ladders and counts): a
        # dead band for negligible drift. floor(x + 0.5) is much cheaper than round(x, 2).
        if new_value < lo:
            new_value = lo
        elif new_value > hi:
            new_value = hi
        # The floor in floats: adding and taking away 2**52 rounds a double to a whole number,
        # then one down if that went up. The same number as math.floor's (tests/
        # test_properties.py), and plain C arithmetic in the compiled engine (world.pxd types
        # it); beyond +-2**51 (and for NaN) math.floor takes it.
        y = new_value * scale + 0.5
        if -_LIMIT < y < _LIMIT:
            t = (y + _TWO52) - _TWO52 if y >= 0.0 else (y - _TWO52) + _TWO52
            after = (t - 1.0 if t > y else t) / scale
        else:
            after = _floor(y) / scale
        if after != before:
            values[key] = after
            # A plain tuple in Entry's field order: the hot path of every game.
            self.ledger.append((self.turn, self.phase, key, before, after) + cause)

    def add(self, key, delta, cause):
        """Change ``key`` by ``delta``; ``cause`` is a Cause (or a tuple in its field order)."""
        self.change(key, self.values[key] + delta, cause)

    def copy(self):
        other = World.__new__(World)
        other.values = dict(self.values)
        other.ledger = list(self.ledger)
        other.turn, other.phase = self.turn, self.phase
        other.progress = dict(self.progress)
        other.cooldowns = dict(self.cooldowns)
        other.flags = dict(self.flags)
        other.log = list(self.log)
        other.offers = [dict(o) for o in self.offers]
        other.deals = [dict(d) for d in self.deals]
        return other

    def entries(self, key=None, turn=None, start=0):
        """Ledger entries (as Entry), optionally for one indicator and/or one turn."""
        return [
            Entry(*e)
            for e in self.ledger[start:]
            if (key is None or e[2] == key) and (turn is None or e[0] == turn)
        ]

    def to_dict(self):
        return {
            "turn": self.turn,
            "values": self.values,
            "ledger": [list(e) for e in self.ledger],
            "progress": self.progress,
            "cooldowns": self.cooldowns,
            "flags": self.flags,
            "log": self.log,
            "offers": self.offers,
            "deals": self.deals,
        }
