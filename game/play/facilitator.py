"""What a class facilitator sees and types: every seat's status at a glance, and the
shorthand the facilitator's screen reads for custom events and parameter values. The actions
themselves (inject, custom events, parameter changes, notes) are decision-log entries in
``game.engine.log``, recorded so that saves, replays and branches reproduce them."""

import re

from game.engine import yamlio
from game.engine.effects import parse_effects
from game.engine.errors import ConfigError, GameError
from game.engine.log import (  # noqa: F401  (the facilitator's actions, offered here)
    apply_entry,
    custom_event,
    inject_event,
    is_per_ally,
    locate_parameter,
    note,
    set_parameter,
)


def parameters(model):
    """Every rule parameter the facilitator can set: [("SEAT.Rule.name", value now)], the
    world's rules first, then each seat's (read from the rules in play, not a list). A
    per-ally parameter is listed ally by ally, as it is typed: ("SEAT.Rule.name.ALLY", its
    value for that ally)."""
    out = []
    for seat, rules in [("world", model.world_rules)] + [
        (s, model.seats[s].rules) for s in model.reg.states
    ]:
        for rule in rules:
            for name in rule.params:
                value = rule.p.get(name)
                if is_per_ally(rule, name):
                    out += [(f"{seat}.{rule.name}.{name}.{a}", v) for a, v in value.items()]
                else:
                    out.append((f"{seat}.{rule.name}.{name}", value))
    return out


ACTIONS = ("inject", "custom_event", "set_parameter", "note")  # the facilitator's entry types


def describe(model, entry):
    """A facilitator's decision-log entry in words, for the facilitator's log."""
    kind = entry["type"]
    if kind == "inject":
        return f"injected {model.catalog.events[entry['event']].title}"
    if kind == "custom_event":
        return f"custom event {entry['title']}"
    if kind == "set_parameter":
        value, old = entry["value"], entry.get("old") or {}
        _seat, rule, name = locate_parameter(model, entry["param"])
        if is_per_ally(rule, name):  # (said ally by ally, as it is typed)
            changed = [a for a in value if value[a] != old.get(a)]
            return (
                "; ".join(
                    f"set {entry['param']}.{a} = {value[a]!r} (was {old.get(a)!r})" for a in changed
                )
                or f"set {entry['param']} (unchanged)"
            )
        return f"set {entry['param']} = {value!r}"
    return entry["text"]


def status(model):
    """Every seat's status at a glance for the facilitator: who plays it, whether it has
    decided this turn, events awaiting its answer, score, capital, approval."""
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
    """A parameter value typed in the UI, read as ``--set`` reads one (yamlio.parse_value: a
    number, 1e3 too, or a YAML mapping/list like {JPN: 8}; safe and bounded)."""
    try:
        return yamlio.parse_value(text, "facilitator", "value")
    except ConfigError as exc:
        raise GameError(f"cannot read the value {str(text)[:40]!r}: {exc.problem}") from None
