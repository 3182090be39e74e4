"""Plain words for the engine's keys, values, effects and causes: formatting only, no game logic.
One phrasing, shared by the screens, the debrief, previews and the facilitator's news."""

import math
import re


def indicator_name(reg, key):
    """'JPN>CHN.trust' -> 'Japan: trust in China' (the registry's readable name)."""
    return reg.name(key)


def fmt_number(value, spec):
    if spec.is_int:
        return f"{value:.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}".rstrip("0").rstrip(".")


# Units a narrow column shows in short (the rest it leaves out: counts, indexes, 0-100 scales).
_SHORT_UNITS = (("%", "%"), ("thousand", "k"), ("$bn", " $bn"))


def fmt_value(reg, key, value, with_unit=True, with_band=True, exact=False):
    """A value in words: its number (``exact``: at the indicator's precision, fmt_exact), unit
    (``with_unit="short"``: %, k or $bn only, for a narrow column) and band."""
    spec = reg[key]
    out = fmt_exact(reg, key, value) if exact else fmt_number(value, spec)
    unit = spec.unit
    if with_unit == "short":
        out += next((short for start, short in _SHORT_UNITS if unit.startswith(start)), "")
    elif with_unit and unit and unit not in ("0-100", "ladder", "level", "stage"):
        out += unit if unit == "%" else f" {unit}"
    band = spec.band(value) if with_band else None
    return f"{out} ({band})" if band else out


def fmt_exact(reg, key, value, signed=False):
    """A value (or, ``signed``, a change) at the indicator's own precision (whole numbers, or
    0.01: World.change snaps every value to it), so that a before, an after and the causes
    between them add up on screen to the last digit shown."""
    digits = 0 if reg[key].is_int else 2
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def apportion(values, total, digits=1):
    """``values`` rounded to ``digits`` decimals so that they sum to ``total`` (rounded the same
    way), as the parts of a total shown beside it must: each rounded down, then the largest
    remainders take what is left over (Hamilton's method)."""
    scale = 10**digits
    floors = [math.floor(v * scale) for v in values]
    left = round(total * scale) - sum(floors)
    order = sorted(range(len(values)), key=lambda i: floors[i] - values[i] * scale)
    for i in order[:left] if left > 0 else order[::-1][:-left]:
        floors[i] += 1 if left > 0 else -1
    return [f / scale for f in floors]


def fmt_delta(reg, key, delta):
    spec = reg[key]
    if spec.is_int:
        return f"{delta:+.0f}"
    return f"{delta:+.2f}" if abs(delta) < 1 else f"{delta:+.1f}"


def cause_text(model, kind, source, actor="", via=""):
    """A ledger cause in words: the policy's name, the event's title, the rule's name."""
    cat = model.catalog
    who = f"{model.reg.state_names.get(actor, actor)}: " if actor else ""
    if kind == "policy" and source in cat.policies:
        what = cat.policies[source].name
    elif kind in ("event", "facilitator") and source in cat.events:
        what = f"event “{cat.events[source].title}”"
    elif kind == "response" and ":" in source:
        eid, rid = source.split(":", 1)
        event = cat.events.get(eid)
        label = next((r.label for r in event.responses if r.id == rid), rid) if event else rid
        what = f"answer “{label}”"
    elif kind == "rule":
        what = f"rule “{rule_words(source)}”"
    elif kind == "deal":
        return who + deal_cause_text(model, source, via)
    else:
        what = f"{kind} {source}"
    if via:
        what += f" (answering {via_text(model, via)})"
    return who + what


def deal_cause_text(model, source, via):
    """A deal's ledger cause in words: its terms, the offer's cost, a breach or a deal kept."""
    book = model.offer_book
    ident, name = source, ""
    for item in (*model.world.deals, *model.world.offers):
        if item["id"] == source:
            name = book.templates[item["template"]].name
            break
    if source.startswith("o"):
        return f"offer “{name}” ({ident}, its cost)"
    if via == "breach":
        return f"breaking deal {ident} “{name}”"
    if via == "kept":
        return f"keeping deal {ident} “{name}” to its end"
    return f"deal {ident} “{name}”"


def via_text(model, via):
    """What a rule answered, in words: a policy's name, an event's title, an answer's label, an
    indicator's name."""
    cat = model.catalog
    if via in cat.policies:
        return cat.policies[via].name
    if via in model.reg.indicators:  # a rule that answered an indicator's level
        return indicator_name(model.reg, via)
    eid, _sep, rid = via.partition(":")
    event = cat.events.get(eid)
    if event is None:
        return via
    label = next((r.label for r in event.responses if r.id == rid), None)
    return f"“{label}” to “{event.title}”" if label else f"“{event.title}”"


def rule_words(name):
    """'CoerciveAnswer' -> 'coercive answer', 'USAllianceDrift' -> 'US alliance drift'."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name).split()
    return " ".join(w if w.isupper() else w.lower() for w in words)


def effect_text(reg, eff):
    """One declarative effect in words (from the effect's own fields)."""
    name = indicator_name(reg, eff.key)
    if eff.op == "add":
        body = f"{name} {fmt_delta(reg, eff.key, eff.value)}"
    elif eff.op == "set":
        body = f"{name} set to {fmt_number(eff.value, reg[eff.key])}"
    else:
        body = f"{name} toward {fmt_number(eff.value, reg[eff.key])}"
    return body if eff.chance >= 1 else f"{body} ({eff.chance:.0%} chance)"


def group_causes(model, entries):
    """Ledger entries grouped by cause: [(text, total delta, count)], biggest first."""
    groups = {}
    for e in entries:
        k = (e.kind, e.source, e.actor, e.via)
        total, n = groups.get(k, (0.0, 0))
        groups[k] = (total + e.delta, n + 1)
    out = [(cause_text(model, *k), d, n) for k, (d, n) in groups.items()]
    out.sort(key=lambda item: -abs(item[1]))
    return out


def reason_text(reason):
    """A reason in words. An AI gives a reason (a rule's for a policy, a bargainer's for an
    offer or an answer) as words, or as a template and its values, ``("{} spends {:.1f}%",
    name, share)``, formatted only here: only a reader of reasons words them (with ``texts``
    off a game words none). The template is the AI's own code, never data."""
    if reason.__class__ is str:
        return reason
    return reason[0].format(*reason[1:])
