"""The messages of the networked classroom: JSON objects with a ``type``, each kind checked
with its own JSON Schema (jsonschema, as ``game.engine.schemas`` checks files) before a handler
sees it. A kind is one entry of ``KINDS``: who may send it and its fields. A new action is a
new entry here plus a handler in ``game.net.server`` (as the offers, answers and breaks are).

A client may put an ``id`` (a number) in a message; the reply to it carries ``re``: that id."""

import json
import re
from functools import cache

import jsonschema

MAX_MESSAGE = 64 * 1024  # bytes: a bigger message gets an error reply and is dropped
MAX_FRAME = 1024 * 1024  # bytes: websockets closes the connection (1009) above this
RATE = 20.0  # messages per second a connection may send on average ...
BURST = 40.0  # ... and in one burst; past that each message gets a "rate" error
ROLES = ("team", "facilitator")
CLOSE_KICKED, CLOSE_REPLACED = 4001, 4002  # close codes: the facilitator freed or moved the
# seat, or another device took it (a client must not rejoin on its own)

_ID = {"type": "string", "minLength": 1, "maxLength": 80, "pattern": r"^[A-Za-z0-9_.:\-]+$"}
_SEAT = {"type": "string", "pattern": "^[A-Z]{3}$"}
_TEXT = {"type": "string", "maxLength": 400}
_TURN = {"type": "integer", "minimum": 1, "maximum": 1000}

# kind -> (roles that may send it, its fields, the required ones). "hello" comes first, alone.
KINDS = {
    "hello": (
        (None,),
        {
            "role": {"enum": list(ROLES)},
            "code": {"type": "string", "pattern": "^[A-Z0-9]{4,12}$"},
            "team": _SEAT,
            "token": {"type": "string", "minLength": 8, "maxLength": 64},
            "pin": {"type": "string", "maxLength": 16},
            "world": {"type": "boolean"},  # a window: send the world it mirrors with each view
        },
        ("role", "code"),
    ),
    "ping": (ROLES, {}, ()),
    "view": (ROLES, {}, ()),
    "advice": (("team",), {}, ()),
    "submit": (
        ("team",),
        {
            "turn": _TURN,
            "actions": {"type": "array", "items": _ID, "maxItems": 12, "uniqueItems": True},
            "responses": {
                "type": "object",
                "propertyNames": _ID,
                "additionalProperties": _ID,
                "maxProperties": 12,
            },
        },
        ("turn", "actions"),
    ),
    # A team's offers and deals (game.engine.deals): the seat is the connection's, never the
    # message's; "turn" is the quarter the team saw (a stale act is refused).
    "offer": (("team",), {"turn": _TURN, "to": _SEAT, "template": _ID}, ("turn", "to", "template")),
    "answer": (
        ("team",),
        {"turn": _TURN, "offer": _ID, "choice": {"enum": ["accept", "decline", "counter"]},
         "counter": _ID},
        ("turn", "offer", "choice"),
    ),
    "break": (("team",), {"turn": _TURN, "deal": _ID}, ("turn", "deal")),
    "parameters": (("facilitator",), {}, ()),
    "pause": (("facilitator",), {}, ()),
    "resume": (("facilitator",), {}, ()),
    "inject": (("facilitator",), {"event": _ID}, ("event",)),
    "custom_event": (
        ("facilitator",),
        {"title": {**_TEXT, "minLength": 1}, "effects": {**_TEXT, "minLength": 1}, "by": _TEXT},
        ("title", "effects"),
    ),
    "set_parameter": (
        ("facilitator",),
        {"param": {"type": "string", "maxLength": 120}, "value": {"type": "string", "maxLength": 200}},
        ("param", "value"),
    ),
    "kick": (("facilitator",), {"team": _SEAT}, ("team",)),
    "reassign": (("facilitator",), {"team": _SEAT}, ("team",)),
    "end": (("facilitator",), {}, ()),
    "debrief": (("facilitator",), {"reference_games": {"type": "integer", "minimum": 0, "maximum": 1000}}, ()),
}  # fmt: skip


class ProtocolError(Exception):
    """A message the server refuses: ``code`` (a word a client can test) and a sentence."""

    def __init__(self, code, message, ref=None):
        super().__init__(message)
        self.code = code
        self.ref = ref  # the refused message's id, when it had a readable one


@cache
def _validator(kind):
    _roles, fields, required = KINDS[kind]
    schema = {
        "type": "object",
        "properties": {"type": {"const": kind}, "id": {"type": "integer"}, **fields},
        "required": ["type", *required],
        "additionalProperties": False,
    }
    return jsonschema.Draft202012Validator(schema)


_HEAD = re.compile(r'\{\s*"type"\s*:\s*"\w+"\s*,\s*"id"\s*:\s*(\d{1,15})\s*[,}]')


def peek_id(raw):
    """The id of a message refused unread (too big, too fast), if it leads the message as
    clients send it ({"type": ..., "id": N, ...}); else None."""
    head = raw[:200].decode("utf-8", "replace") if isinstance(raw, bytes) else raw[:200]
    found = _HEAD.match(head)
    return int(found.group(1)) if found else None


def parse(raw):
    """A message as received (text or bytes) -> its dict, checked; raises ProtocolError."""
    if len(raw) > MAX_MESSAGE:
        raise ProtocolError("too_big", f"messages are at most {MAX_MESSAGE} bytes", peek_id(raw))
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("bad_json", "a message must be a JSON object") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_json", "a message must be a JSON object")
    ref = data.get("id") if type(data.get("id")) is int else None
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in KINDS:
        known = ", ".join(KINDS)
        raise ProtocolError("unknown_type", f"unknown message type (known: {known})", ref)
    error = next(iter(_validator(kind).iter_errors(data)), None)
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "message"
        raise ProtocolError("bad_message", f"{kind}: {where}: {error.message[:200]}", ref)
    return data


def may_send(kind, role):
    return role in KINDS[kind][0]


def encode(kind, **fields):
    return json.dumps({"type": kind, **fields}, separators=(",", ":"), default=_plain)


def _plain(value):
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot send {type(value).__name__}")


def schemas():
    """Every message kind's JSON Schema (for documentation and client authors)."""
    return {kind: _validator(kind).schema for kind in KINDS}
