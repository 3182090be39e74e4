"""What a class facilitator may do to a running game, beyond the engine's ``inject_event``:
write a custom event, change a scenario parameter mid-game, and leave notes (a pause, a team
whose time ran out). Each action is

- applied through the engine's own pieces (declarative effects into the ledger under a
  ``facilitator`` cause, rule parameters checked like a scenario's),
- written to the news log (``model.world.log``, kind ``facilitator``), and
- recorded in ``model.decision_log``, so saves, replays and branches reproduce it
  (``apply_entry`` below replays one entry; ``game.engine.replay`` and ``game.engine.saves`` use it).

Entry types besides the engine's ``decision`` and ``inject``:
``{"type": "custom_event", "turn", "id", "title", "text", "effects": [...], "by"}``,
``{"type": "set_parameter", "turn", "param": "SEAT.Rule.name", "value"}``,
``{"type": "note", "turn", "seat", "text"}``.
"""

import copy
import dataclasses
import re

from game.engine.effects import apply_effects, parse_effects
from game.engine.errors import GameError
from game.engine.rules import RULES, resolve_params
from game.engine.words import effect_text
from game.engine.world import Cause

ENTRY_TYPES = ("decision", "inject", "custom_event", "set_parameter", "note")


def _news(model, text, ident, actor=""):
    model.news("facilitator", actor, ident, text)


def _slug(title):
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40] or "event"


def custom_event(model, title, effects, text="", by=""):
    """Fire an event the facilitator wrote: ``effects`` is a list of declarative effects like
    ``[{"key": "senkaku", "add": 10}]`` (checked like the deck's); ``by`` is the state seen as
    its cause (or ""). Returns the entry recorded in the decision log."""
    title = str(title).strip()
    if not title:
        raise GameError("a custom event needs a title")
    if by and by not in model.reg.states:
        raise GameError(f"unknown state {by!r} (use one of {', '.join(model.reg.states)})")
    try:
        parsed = parse_effects(list(effects))
    except (ValueError, KeyError, TypeError) as exc:
        raise GameError(f"custom event: {exc}") from None
    if not parsed:
        raise GameError("a custom event needs at least one effect")
    model.brief()
    n = sum(1 for d in model.decision_log if d["type"] == "custom_event") + 1
    entry = {
        "turn": model.world.turn,
        "type": "custom_event",
        "id": f"custom{n}_{_slug(title)}",
        "title": title,
        "text": str(text),
        "effects": copy.deepcopy(list(effects)),
        "by": by,
    }
    _apply_custom(model, entry, parsed)
    model.decision_log.append(entry)
    return entry


def _apply_custom(model, entry, parsed=None):
    parsed = parsed if parsed is not None else parse_effects(entry["effects"])
    w = model.world
    apply_effects(w, parsed, Cause("facilitator", entry["id"], entry.get("by", "")), model.random)
    desc = ", ".join(effect_text(model.reg, e) for e in parsed)
    _news(
        model,
        f"{entry['title']} (written by the facilitator: {desc})",
        entry["id"],
        entry.get("by", ""),
    )


def _locate(model, param):
    parts = str(param).split(".")
    if len(parts) != 3:
        raise GameError(
            f"name a parameter as SEAT.Rule.name (e.g. USA.BurdenSharingLedger.aggressiveness), not {param!r}"
        )
    seat, rule_name, name = parts
    if seat == "world":
        rules = model.world_rules
    elif seat in model.seats:
        rules = model.seats[seat].rules
    else:
        raise GameError(f"{param}: no seat {seat!r} (use world, {', '.join(model.reg.states)})")
    for rule in rules:
        if rule.name == rule_name:
            return seat, rule, name
    raise GameError(
        f"{param}: {seat} has no rule {rule_name} (it has: {', '.join(r.name for r in rules)})"
    )


def set_parameter(model, param, value):
    """Change one rule parameter from now on (``SEAT.Rule.name``), checked against the rule's
    defaults. The scenario file is untouched: saves keep the original and this entry."""
    model.brief()
    seat, rule, name = _locate(model, param)
    old = rule.p.get(name)
    _apply_parameter(model, seat, rule, name, value)
    entry = {
        "turn": model.world.turn,
        "type": "set_parameter",
        "param": param,
        "value": value,
        "old": old,
    }
    model.decision_log.append(entry)
    return entry


def _apply_parameter(model, seat, rule, name, value):
    from game.engine.errors import ConfigError

    merged = {**rule.p, name: value}
    try:
        params = resolve_params(
            RULES[rule.name], merged, "facilitator", f"{seat}.{rule.name}", {"self": rule.seat}
        )
    except ConfigError as exc:
        raise GameError(f"{exc.field}: {exc.problem}") from None
    old = rule.p.get(name)
    # Rule objects are shared by every game of a scenario, so they are never changed in place:
    # this game (and its clones: previews, look-ahead AIs) moves to its own copy of the scenario
    # with the new value, keeping ``raw`` (what saves store) as the file had it.
    parameters = {s: dict(rules) for s, rules in model.scenario.parameters.items()}
    parameters[seat][rule.name] = params
    model.change_scenario(dataclasses.replace(model.scenario, parameters=parameters))
    _news(
        model,
        f"The facilitator set {seat}.{rule.name}.{name} from {old!r} to {value!r}",
        f"{seat}.{rule.name}.{name}",
    )


def note(model, text, seat=""):
    """Record something the facilitator or the class clock did (a pause, a timeout) in the
    news and the decision log, so the debrief and replays show it."""
    model.brief()
    entry = {"turn": model.world.turn, "type": "note", "seat": seat, "text": str(text)}
    _news(model, entry["text"], "note", seat)
    model.decision_log.append(entry)
    return entry


def apply_entry(model, entry):
    """Replay one facilitator entry (custom_event, set_parameter, note) and record it again.
    Returns False for entry types that are not the facilitator's."""
    kind = entry.get("type")
    if kind == "custom_event":
        model.brief()
        _apply_custom(model, entry)
    elif kind == "set_parameter":
        model.brief()
        seat, rule, name = _locate(model, entry["param"])
        _apply_parameter(model, seat, rule, name, entry["value"])
    elif kind == "note":
        model.brief()
        _news(model, entry["text"], "note", entry.get("seat", ""))
    else:
        return False
    model.decision_log.append(dict(entry))
    return True


def status(model):
    """Every seat's status at a glance for the facilitator: who plays it, whether it has
    decided this turn, events awaiting its answer, score, capital, approval."""
    model.brief()
    missing = set(model.missing_decisions())
    scores = model.scores()
    out = []
    for seat in model.reg.states:
        human = seat in model.humans
        out.append(
            {
                "seat": seat,
                "name": model.reg.state_names[seat],
                "player": "team" if human else f"AI ({model.persona_names[seat]})",
                "ready": (seat not in missing) if human else True,
                "pending": [e.title for e in model.pending_events(seat)],
                "score": round(scores[seat], 1),
                "capital": model.world.values[f"{seat}.capital"],
                "approval": model.world.values[f"{seat}.approval"],
            }
        )
    return out


def parse_effects_text(text):
    """The facilitator's shorthand for a custom event's effects, as typed in the UI:
    ``"senkaku +10, JPN.approval -3, seafood_ban =2"`` -> declarative effects. Raises GameError
    naming the part it cannot read."""
    out = []
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        m = re.fullmatch(r"(\S+?)\s*([-+=])\s*(-?\d+(?:\.\d+)?)", part)
        if not m:
            raise GameError(
                f"cannot read {part!r}: write 'indicator +5', 'indicator -2' or 'indicator =1'"
            )
        key, op, number = m.groups()
        value = float(number)
        out.append(
            {"key": key, "set": value}
            if op == "="
            else {"key": key, "add": value if op == "+" else -value}
        )
    try:
        parse_effects(out)
    except ValueError as exc:
        raise GameError(str(exc)) from None
    return out


def parse_value(text):
    """A parameter value typed in the UI: a number, or a YAML mapping/list like {JPN: 8}."""
    import yaml

    try:
        value = yaml.safe_load(str(text))
    except yaml.YAMLError:
        raise GameError(f"cannot read the value {text!r}") from None
    if value is None:
        raise GameError("type a value")
    return value
