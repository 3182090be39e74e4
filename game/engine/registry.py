"""The indicator registry: every number the world holds, with bounds, units and named bands.

Built once from ``configs/indicators.yaml``; the world, effects, conditions and UI all read it.
"""

import math
import sys
from dataclasses import dataclass, field
from functools import cache, lru_cache

from game.engine.paths import CONFIGS
from game.engine.yamlio import read_yaml


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    lo: float
    hi: float
    is_int: bool = False
    bands: tuple = field(default=())  # ((lower_bound, name), ...) ascending

    def clamp(self, value):
        value = min(self.hi, max(self.lo, value))
        if self.is_int:
            return float(math.floor(value + 0.5))
        return math.floor(value * 100.0 + 0.5) / 100.0  # the same snapping as World.change

    def band(self, value):
        name = None
        for lower, band_name in self.bands:
            if value >= lower:
                name = band_name
        return name


@dataclass(frozen=True)
class Registry:
    states: tuple
    state_names: dict
    allies: tuple
    indicators: dict  # key -> Indicator, in a stable order
    headline: tuple

    def __contains__(self, key):
        return key in self.indicators

    def __getitem__(self, key):
        return self.indicators[key]

    def pair(self, a, b):
        """The canonical name of the unordered pair a-b (in the registry's state order)."""
        ia, ib = self.states.index(a), self.states.index(b)
        return f"{a}-{b}" if ia < ib else f"{b}-{a}"

    @property
    def pairs(self):
        s = self.states
        return tuple(f"{s[i]}-{s[j]}" for i in range(len(s)) for j in range(i + 1, len(s)))

    def band(self, key, value):
        return self.indicators[key].band(value)

    def name(self, key):
        """A readable name: 'JPN>CHN.trust' -> 'Japan: trust in China', 'CHN-JPN.relations' ->
        'China–Japan relations', 'JPN.defence' -> 'Japan: defence spending'."""
        spec = self.indicators[key]
        prefix, _, _ = key.partition(".")
        if ">" in prefix:
            a, b = prefix.split(">")
            label = _lower(spec.label)
            label = "trust in" if label == "trust" else label
            return f"{self.short(a)}: {label} {self.short(b)}"
        if "-" in prefix and prefix.split("-")[0] in self.state_names:
            a, b = prefix.split("-")
            return f"{self.short(a)}–{self.short(b)} {_lower(spec.label)}"
        if prefix in self.state_names:
            return f"{self.short(prefix)}: {_lower(spec.label)}"
        return spec.label

    def short(self, code):
        return {"USA": "US", "KOR": "ROK"}.get(code, self.state_names.get(code, code))


def _lower(label):
    """'Economy index' -> 'economy index' after a state's name; 'GDP growth' and 'Share of
    exports to US' keep their capitals (only a leading word that isn't an acronym is lowered)."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _make(key, spec):
    return Indicator(
        key=sys.intern(key),
        label=spec["label"],
        unit=spec.get("unit", ""),
        lo=float(spec["min"]),
        hi=float(spec["max"]),
        is_int=bool(spec.get("int", False)),
        bands=tuple((float(lo), name) for lo, name in spec.get("bands", ())),
    )


@lru_cache(maxsize=1)
def registry():
    """The registry read from configs/indicators.yaml (cached: it is read-only)."""
    raw = read_yaml(CONFIGS / "indicators.yaml")
    states = tuple(raw["states"])
    made = []
    for s in states:
        made += [(f"{s}.{name}", spec) for name, spec in raw["per_state"].items()]
    for a in states:
        for b in states:
            if a != b:
                made += [
                    (f"{a}>{b}.{name}", spec) for name, spec in raw["per_directed_pair"].items()
                ]
    for i, a in enumerate(states):
        for b in states[i + 1 :]:
            made += [(f"{a}-{b}.{name}", spec) for name, spec in raw["per_pair"].items()]
    made += list(raw["single"].items())
    out = {}
    for key, spec in made:
        indicator = _make(key, spec)
        out[indicator.key] = indicator
    headline = tuple(raw["headline"])
    for key in headline:
        assert key in out, f"headline indicator {key} is not defined"
    return Registry(states, dict(raw["state_names"]), tuple(raw["allies"]), out, headline)


class SeatKeys:
    """The keys of one state's indicators that the rules read every quarter, spelt once: a
    rule reads ``seat_keys(seat).defence`` instead of assembling ``f"{seat}.defence"`` each
    time (a string built and hashed anew, in every quarter of every game)."""

    def __init__(self, seat):
        self.defence = f"{seat}.defence"
        self.approval = f"{seat}.approval"
        self.growth = f"{seat}.growth"
        self.capital = f"{seat}.capital"
        self.pressure = f"pressure.{seat}"  # Washington's pressure ladder on an ally
        self.hns = f"hns.{seat}"
        self.deals = f"deals.{seat}"
        self.demands_met = f"demands_met.{seat}"
        self.us_tariff = f"USA>{seat}.tariff"  # the US tariff on this state's goods
        self.alliance = f"alliance.USA-{seat}"
        self.exports_us = f"{seat}>USA.exports"
        self.exports_china = f"{seat}>CHN.exports"
        self.trust_china = f"{seat}>CHN.trust"  # this state's trust in China
        self.china_trust = f"CHN>{seat}.trust"  # China's trust in this state
        self.negative_us = f"{seat}>USA.negative"
        self.china_relations = f"CHN-{seat}.relations"  # (an ally's: the pair's canonical name)
        for name, key in vars(self).items():
            setattr(self, name, sys.intern(key))


def interned(value):
    """``value`` with each string in it (in tuples, lists and dicts, their keys too) replaced
    by its interned copy: an indicator key spelt in code is then the very object that keys the
    world's values (the registry's keys are interned), and a dict lookup finds it by identity
    instead of comparing the characters. Keys are looked up in every rule of every quarter."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, tuple):
        return tuple(interned(v) for v in value)
    if isinstance(value, list):
        return [interned(v) for v in value]
    if isinstance(value, dict):
        return {interned(k): interned(v) for k, v in value.items()}
    return value


@cache
def seat_keys(seat):
    return SeatKeys(seat)


def ally_target(dotted):
    """(the parameter, the ally) an override names: ``SEAT.Rule.param.ALLY`` names one ally's
    value of ``SEAT.Rule.param``; anything else names itself, no ally ("")."""
    head, _, last = dotted.rpartition(".")
    if head.count(".") == 2 and last in registry().allies:
        return head, last
    return dotted, ""
