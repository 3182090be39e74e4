"""`facilitate`: the facilitator of a networked class game, from any machine, with the room's
PIN: every team's status, pause and resume, inject or write events, change a parameter, free
or move a team's seat, end the game, export the debrief. Each is the hot seat's facilitator
action (game/play/facilitator.py), run by the server and written to the decision log."""

import json
import re

from game.engine.errors import ConfigError

ACTIONS = {  # action -> (its arguments, what it sends)
    "status": ((), None),
    "pause": ((), "pause"),
    "resume": ((), "resume"),
    "inject": (("event",), "inject"),
    "event": (("title", "effects"), "custom_event"),
    "param": (("param", "value"), "set_parameter"),
    "kick": (("team",), "kick"),
    "reassign": (("team",), "reassign"),
    "end": ((), "end"),
    "debrief": ((), "debrief"),
}


def status_lines(view):
    out = [
        f"room {view['code']} · {view['scenario']} · {view['quarter']} (turn {view['turn']} of "
        f"{view['turns']})"
        + (" · PAUSED" if view["paused"] else "")
        + (" · over" if view["over"] else "")
    ]
    if view.get("remaining") is not None:
        out.append(f"clock: {int(view['remaining'])} s left")
    connected = {s["seat"]: s["connected"] for s in view["seats"]}
    for s in view["status"]:
        ready = "decided" if s["ready"] else "deciding"
        online = (
            "" if s["player"] != "team" else (" · online" if connected[s["seat"]] else " · offline")
        )
        pending = f" · to answer: {', '.join(s['pending'])}" if s["pending"] else ""
        out.append(
            f"  {s['seat']} {s['name']}: {s['player']}{online} · {ready} · score {s['score']} · "
            f"capital {s['capital']:g} · approval {s['approval']:g}{pending}"
        )
    return out


def run(args):
    args.code = args.code.strip().upper()
    if not re.fullmatch(r"wss?://\S+", args.url):
        raise ConfigError("command line", "URL", f"expected ws://HOST:PORT, not {args.url!r}")
    needed, kind = ACTIONS[args.action]
    if len(args.args) != len(needed):
        names = " ".join(n.upper() for n in needed) or "nothing"
        raise ConfigError("command line", args.action, f"takes {names}")
    from game.net.client import ServerError, ThreadedClient

    try:
        client = ThreadedClient(args.url)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(args.url, "(server)", f"cannot connect: {exc}") from None
    try:
        client.hello(args.code, role="facilitator", pin=args.pin)
        if kind is not None:
            fields = dict(zip(needed, args.args, strict=True))
            if kind == "debrief":
                fields["reference_games"] = args.reference_games
            reply = client.run(client.client.request(kind, timeout=600, **fields), 610)
            extra = {k: v for k, v in reply.items() if k not in ("type", "re")}
            print(f"{args.action}: done" + (f" {json.dumps(extra)}" if extra else ""))
        view = client.call("view")["view"]
        print("\n".join(status_lines(view)))
    except ServerError as exc:
        raise ConfigError(args.url, f"room {args.code}", str(exc)) from None
    finally:
        client.close()
    return 0


def register(sub):
    p = sub.add_parser("facilitate", help="facilitate a networked class game (with its PIN)")
    p.add_argument("url", metavar="URL", help="the server's address, e.g. ws://192.168.1.20:8765")
    p.add_argument("--code", required=True, help="the room code")
    p.add_argument("--pin", required=True, help="the facilitator PIN the server printed")
    p.add_argument("action", choices=list(ACTIONS), help="what to do (status: only look)")
    p.add_argument(
        "args",
        nargs="*",
        help="inject EVENT · event TITLE EFFECTS · param NAME VALUE · kick/reassign TEAM",
    )
    p.add_argument("--reference-games", type=int, default=0, metavar="N",
                   help="debrief: all-AI games to compare with (default 0; 1000 takes a minute)")  # fmt: skip
    p.set_defaults(func=run)
