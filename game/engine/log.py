"""The decision log: everything a person decided or injected, in order, so that saves, replays
and branches reproduce a game exactly. One type per entry, each able to check itself (before a
save is replayed), apply itself to a State and be written as JSON:

- ``decision``: ``{"turn", "seat", "actions": [...], "responses": {...}}`` (+ ``branch`` and
  ``ai_seat`` marks from branching), written by ``State.step`` for each submission;
- ``inject``: ``{"turn", "event"}``, the facilitator fired a deck event;
- ``custom_event``: ``{"turn", "id", "title", "text", "effects": [...], "by"}``;
- ``set_parameter``: ``{"turn", "param": "SEAT.Rule.name", "value", "old"}``;
- ``note``: ``{"turn", "seat", "text"}``, a pause or a team whose time ran out;
- ``offer``: ``{"turn", "seat", "to", "template"}``, a seat sends an offer (game.engine.deals);
- ``answer``: ``{"turn", "seat", "offer", "choice", "counter"}``, it accepts, declines or
  counters one addressed to it;
- ``break``: ``{"turn", "seat", "deal"}``, it walks away from a deal.

The facilitator's actions apply through the engine's own pieces (declarative effects into the
ledger under a ``facilitator`` cause, rule parameters checked like a scenario's) and write the
news (kind ``facilitator``).
"""

import copy
import dataclasses
import re

from game.engine.effects import apply_effects, parse_effects
from game.engine.errors import ConfigError, GameError
from game.engine.registry import ally_target
from game.engine.rules import RULES, resolve_params
from game.engine.words import effect_text
from game.engine.world import Cause

NoneType = type(None)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


class Entry:
    """One entry type: ``fields`` maps each field to (its JSON types, required?)."""

    type = ""
    fields = {}

    @classmethod
    def check(cls, entry, path, where):
        """Raise ConfigError naming the field if ``entry`` is not a well-formed entry."""
        for name, (types, required) in cls.fields.items():
            if name not in entry:
                if required:
                    raise ConfigError(path, f"{where}.{name}", f"is missing (a {cls.type} entry)")
                continue
            value = entry[name]
            if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
                kinds = " or ".join(t.__name__ for t in types)
                raise ConfigError(path, f"{where}.{name}", f"must be {kinds}, not {value!r}")

    @staticmethod
    def to_dict(entry):
        """The entry as JSON data (entries are kept as plain dicts)."""
        return copy.deepcopy(entry)

    @classmethod
    def apply(cls, state, entry):
        raise NotImplementedError


class DecisionEntry(Entry):
    type = "decision"
    fields = {
        "seat": ((str,), True),
        "actions": ((list,), True),
        "responses": ((dict,), True),
        "branch": ((bool,), False),
        "ai_seat": ((bool,), False),
    }

    @classmethod
    def check(cls, entry, path, where):
        super().check(entry, path, where)
        for i, pid in enumerate(entry["actions"]):
            if not isinstance(pid, str):
                raise ConfigError(path, f"{where}.actions[{i}]", "must be a policy id")
        for eid, rid in entry["responses"].items():
            if not isinstance(rid, str):
                raise ConfigError(path, f"{where}.responses.{eid}", "must be a response id")

    @classmethod
    def apply(cls, state, entry):
        # An ``ai_seat`` decision was recorded with every pending event answered, so it
        # replays as a submission; the seat's AI still decides first in step() (same draws).
        marks = {k: entry[k] for k in ("branch", "ai_seat") if k in entry}
        state.submit(entry["seat"], entry["actions"], entry["responses"], marks=marks)


class InjectEntry(Entry):
    type = "inject"
    fields = {"event": ((str,), True)}

    @classmethod
    def apply(cls, state, entry):
        state.brief()
        event = state.catalog.events.get(entry["event"])
        if event is None:
            raise GameError(f"no event {entry['event']!r} in the deck")
        state.decision_log.append(dict(entry))
        state.fire(event, injected_by="facilitator")


class CustomEventEntry(Entry):
    type = "custom_event"
    fields = {
        "id": ((str,), True),
        "title": ((str,), True),
        "text": ((str,), False),
        "effects": ((list,), True),
        "by": ((str,), False),
    }

    @classmethod
    def apply(cls, state, entry, parsed=None):
        state.brief()
        try:
            parsed = parsed if parsed is not None else parse_effects(entry["effects"])
        except (ValueError, KeyError, TypeError) as exc:
            raise GameError(f"custom event: {exc}") from None
        by = entry.get("by", "")
        apply_effects(state.world, parsed, Cause("facilitator", entry["id"], by), state.random)
        desc = ", ".join(effect_text(state.reg, e) for e in parsed)
        state.news(
            "facilitator", by, entry["id"], f"{entry['title']} (written by the facilitator: {desc})"
        )
        state.decision_log.append(dict(entry))


class SetParameterEntry(Entry):
    type = "set_parameter"
    fields = {
        "param": ((str,), True),
        "value": ((int, float, str, list, dict, bool), True),
        "old": ((int, float, str, list, dict, bool, NoneType), False),
    }

    @classmethod
    def apply(cls, state, entry):
        state.brief()
        seat, rule, name = locate_parameter(state, entry["param"])
        old = rule.p.get(name)
        merged = {**rule.p, name: entry["value"]}
        try:
            params = resolve_params(
                RULES[rule.name], merged, "facilitator", f"{seat}.{rule.name}", {"self": rule.seat}
            )
        except ConfigError as exc:
            raise GameError(f"{exc.field}: {exc.problem}") from None
        # Rule objects are shared by every game of a scenario, so they are never changed in
        # place: this game (and its clones) moves to its own copy of the scenario with the new
        # value, keeping ``raw`` (what saves store) as the file had it.
        parameters = {s: dict(rules) for s, rules in state.scenario.parameters.items()}
        parameters[seat][rule.name] = params
        state.change_scenario(dataclasses.replace(state.scenario, parameters=parameters))
        state.news(
            "facilitator",
            "",
            f"{seat}.{rule.name}.{name}",
            f"The facilitator set {seat}.{rule.name}.{name} from {old!r} to {entry['value']!r}",
        )
        state.decision_log.append(dict(entry))


class NoteEntry(Entry):
    type = "note"
    fields = {"seat": ((str,), False), "text": ((str,), True)}

    @classmethod
    def apply(cls, state, entry):
        state.brief()
        state.news("facilitator", entry.get("seat", ""), "note", entry["text"])
        state.decision_log.append(dict(entry))


class OfferEntry(Entry):
    type = "offer"
    fields = {"seat": ((str,), True), "to": ((str,), True), "template": ((str,), True)}

    @classmethod
    def apply(cls, state, entry):
        state.brief()
        seat = entry["seat"]
        # What it pays must fit beside the policies it has submitted this quarter.
        submitted = state.submissions.get(seat, ((), {}))[0]
        capital = state.capital_left(seat, submitted)
        state.offer(seat, entry["to"], entry["template"], capital=capital)
        state.decision_log.append(dict(entry))


class AnswerEntry(Entry):
    type = "answer"
    fields = {
        "seat": ((str,), True),
        "offer": ((str,), True),
        "choice": ((str,), True),
        "counter": ((str,), False),
    }

    @classmethod
    def apply(cls, state, entry):
        state.brief()
        state.answer_offer(entry["seat"], entry["offer"], entry["choice"], entry.get("counter", ""))
        state.decision_log.append(dict(entry))


class BreakEntry(Entry):
    type = "break"
    fields = {"seat": ((str,), True), "deal": ((str,), True)}

    @classmethod
    def apply(cls, state, entry):
        state.brief()
        state.break_deal(entry["seat"], entry["deal"])
        state.decision_log.append(dict(entry))


ENTRIES = {
    cls.type: cls
    for cls in (
        DecisionEntry, InjectEntry, CustomEventEntry, SetParameterEntry, NoteEntry, OfferEntry,
        AnswerEntry, BreakEntry,
    )
}  # fmt: skip
ENTRY_TYPES = tuple(ENTRIES)


def check_entry(entry, path, where):
    """Check one recorded entry (a save's ``decisions[i]``) before anything replays it."""
    if not isinstance(entry, dict):
        raise ConfigError(path, where, "must be a mapping (a decision-log entry)")
    kind = entry.get("type")
    if kind not in ENTRIES:
        raise ConfigError(
            path, f"{where}.type", f"unknown entry type {kind!r} (known: {', '.join(ENTRY_TYPES)})"
        )
    if not _is_int(entry.get("turn")) or entry["turn"] < 1:
        raise ConfigError(path, f"{where}.turn", "must be a whole number from 1")
    ENTRIES[kind].check(entry, path, where)


def apply_entry(state, entry):
    """Replay one recorded entry into the current turn of ``state`` (recording it again)."""
    ENTRIES[entry["type"]].apply(state, entry)


# ---------------------------------------------------------------- the facilitator's actions
def inject_event(state, event_id):
    """The facilitator fires a deck event now, whatever its conditions and chance."""
    entry = {"turn": state.world.turn, "type": "inject", "event": event_id}
    InjectEntry.apply(state, entry)
    return entry


def _slug(title):
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40] or "event"


def custom_event(state, title, effects, text="", by=""):
    """Fire an event the facilitator wrote: ``effects`` is a list of declarative effects like
    ``[{"key": "senkaku", "add": 10}]`` (checked like the deck's); ``by`` is the state seen as
    its cause (or ""). Returns the entry recorded in the decision log."""
    title = str(title).strip()
    if not title:
        raise GameError("a custom event needs a title")
    if by and by not in state.reg.states:
        raise GameError(f"unknown state {by!r} (use one of {', '.join(state.reg.states)})")
    try:
        parsed = parse_effects(list(effects))
    except (ValueError, KeyError, TypeError) as exc:
        raise GameError(f"custom event: {exc}") from None
    if not parsed:
        raise GameError("a custom event needs at least one effect")
    state.brief()
    n = sum(1 for d in state.decision_log if d["type"] == "custom_event") + 1
    entry = {
        "turn": state.world.turn,
        "type": "custom_event",
        "id": f"custom{n}_{_slug(title)}",
        "title": title,
        "text": str(text),
        "effects": copy.deepcopy(list(effects)),
        "by": by,
    }
    CustomEventEntry.apply(state, entry, parsed)
    return entry


def locate_parameter(state, param):
    """(seat, rule object, parameter name) for ``SEAT.Rule.name``, or GameError."""
    parts = str(param).split(".")
    if len(parts) != 3:
        raise GameError(
            "name a parameter as SEAT.Rule.name (e.g. USA.BurdenSharingLedger.aggressiveness)"
            f" or SEAT.Rule.name.ALLY for one ally's value, not {param!r}"
        )
    seat, rule_name, name = parts
    if seat == "world":
        rules = state.world_rules
    elif seat in state.seats:
        rules = state.seats[seat].rules
    else:
        raise GameError(f"{param}: no seat {seat!r} (use world, {', '.join(state.reg.states)})")
    for rule in rules:
        if rule.name == rule_name:
            return seat, rule, name
    raise GameError(
        f"{param}: {seat} has no rule {rule_name} (it has: {', '.join(r.name for r in rules)})"
    )


def is_per_ally(rule, name):
    """Whether ``rule``'s parameter ``name`` holds a value per ally (its kind says so)."""
    spec = rule.params.get(name)
    return spec is not None and spec.kind == "per_ally"


def set_parameter(state, param, value):
    """Change one rule parameter from now on (``SEAT.Rule.name``), checked like a scenario's;
    ``SEAT.Rule.name.ALLY`` changes one ally's value of a per-ally parameter (the entry holds
    the whole new mapping, so a replay needs no other form). The scenario file is untouched:
    saves keep the original and this entry."""
    state.brief()
    param, ally = ally_target(str(param))
    _seat, rule, name = locate_parameter(state, param)
    old = rule.p.get(name)
    if ally:
        if not is_per_ally(rule, name):
            raise GameError(f"{param}.{ally}: {param} is not a per-ally parameter")
        value = {**old, ally: value}
    entry = {
        "turn": state.world.turn,
        "type": "set_parameter",
        "param": param,
        "value": value,
        "old": old,
    }
    SetParameterEntry.apply(state, entry)
    return entry


def note(state, text, seat=""):
    """Record something the facilitator or the class clock did (a pause, a timeout) in the
    news and the decision log, so the debrief and replays show it."""
    entry = {"turn": state.world.turn, "type": "note", "seat": seat, "text": str(text)}
    NoteEntry.apply(state, entry)
    return entry


# ---------------------------------------------------------------- a seat's offers and deals
def _seat_action(state, cls, entry):
    if entry["seat"] not in state.seats:
        raise GameError(f"unknown state {entry['seat']!r}")
    if state.is_over():
        raise GameError("the game is over")
    state.brief()
    cls.apply(state, entry)
    return entry


def make_offer(state, seat, to, template):
    """``seat`` sends the offer ``template`` to ``to`` now (recorded for replay)."""
    entry = {"turn": state.world.turn, "type": "offer", "seat": seat, "to": to}
    return _seat_action(state, OfferEntry, {**entry, "template": template})


def answer_offer(state, seat, offer_id, choice, counter=""):
    """``seat`` answers an offer addressed to it: accept, decline or counter (with the id of
    one of its own templates to the proposer)."""
    entry = {"turn": state.world.turn, "type": "answer", "seat": seat, "offer": offer_id}
    entry["choice"] = choice
    if counter:
        entry["counter"] = counter
    return _seat_action(state, AnswerEntry, entry)


def break_deal(state, seat, deal_id):
    """``seat`` breaks a deal it is party to (recorded for replay)."""
    entry = {"turn": state.world.turn, "type": "break", "seat": seat, "deal": deal_id}
    return _seat_action(state, BreakEntry, entry)
