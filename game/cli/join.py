"""`join`: a team's window on a networked class game (`main.py serve` elsewhere): the hot seat's
screens as a view of the server's game. The seat's token is kept in the saves folder, so the
same command rejoins after a dropped connection or a closed laptop. With `--facilitator --pin
PIN` it is the facilitator's window: the hot seat's F2 view, every action run by the server."""

import re

from game.cli.window import StopOnSignal
from game.engine.errors import ConfigError
from game.engine.yamlio import write_atomic
from game.play.classroom import STATES
from game.play.session import save_dir


def token_file(code, team):
    return save_dir() / "net" / f"{code}-{team}.token"


def _check(args):
    if not re.fullmatch(r"wss?://[A-Za-z0-9.\-\[\]:]+(:\d+)?/?", args.url):
        raise ConfigError("command line", "URL", f"expected ws://HOST:PORT, not {args.url!r}")
    code = args.code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{4,12}", code):
        raise ConfigError("command line", "--code", "a room code is 4 to 12 letters and digits")
    team = args.team.strip().upper() if args.team else None
    if team is not None and team not in STATES:
        raise ConfigError("command line", "--team", f"must be one of {', '.join(STATES)}")
    if team is None and args.token:
        raise ConfigError("command line", "--token", "rejoining needs --team too")
    if args.facilitator and (team or args.token):
        raise ConfigError("command line", "--facilitator", "the facilitator takes no --team")
    if args.facilitator != (args.pin is not None):
        raise ConfigError(
            "command line", "--pin", "the facilitator joins with --facilitator --pin PIN"
        )
    return code, team


def connect(url, code, team, token=None):
    """(threaded client, welcome) for the seat; the token kept for the next join."""
    from game.net.client import ServerError, ThreadedClient

    try:
        client = ThreadedClient(url, rejoin=True)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(url, "(server)", f"cannot connect: {exc}") from None
    if token is None and team is not None and token_file(code, team).is_file():
        token = token_file(code, team).read_text().strip() or None
    try:
        welcome = client.hello(code, team=team, token=token, world=True)
    except ServerError as exc:
        client.close()
        raise ConfigError(url, f"room {code}", str(exc)) from None
    try:
        write_atomic(token_file(code, welcome["seat"]), welcome["token"])
    except OSError:
        pass  # the rejoin will need --token (the facilitator can reassign the seat)
    client.wait_view(lambda v: "world" in v)
    return client, welcome


def connect_facilitator(url, code, pin):
    """(threaded client, welcome) for the room's facilitator."""
    from game.net.client import ServerError, ThreadedClient

    try:
        client = ThreadedClient(url, rejoin=True)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(url, "(server)", f"cannot connect: {exc}") from None
    try:
        welcome = client.hello(code, role="facilitator", pin=pin)
    except ServerError as exc:
        client.close()
        raise ConfigError(url, f"room {code}", str(exc)) from None
    client.wait_view(lambda v: "board" in v)
    return client, welcome


def run(args):
    code, team = _check(args)
    stopper = StopOnSignal()  # (first thing: SIGTERM or Ctrl-C closes the window and the link)
    from game.cli.play import parse_size

    size = parse_size(args.size) if args.size else None
    if args.facilitator:
        client, welcome = connect_facilitator(args.url, code, args.pin)
    else:
        client, welcome = connect(args.url, code, team, args.token)
    stopper.opening()
    try:
        from game.ui.classroom.remote import open_remote
        from game.ui.front import open_window

        app = stopper.opened(open_window(size=size))
        open_remote(app, client, welcome)
        return app.run()
    finally:
        client.close()


def register(sub):
    p = sub.add_parser("join", help="a team's window on a networked class game (main.py serve)")
    p.add_argument("url", metavar="URL", help="the server's address, e.g. ws://192.168.1.20:8765")
    p.add_argument("--code", required=True, help="the room code the server printed")
    p.add_argument("--team", help="USA, CHN, JPN or KOR (default: the first free team)")
    p.add_argument("--token", help="this team's token (kept for you after the first join)")
    p.add_argument(
        "--facilitator",
        action="store_true",
        help="open the facilitator's window (with --pin) instead of a team's",
    )
    p.add_argument("--pin", help="the facilitator PIN the server printed")  # fmt: skip
    p.add_argument("--size", help="window size WIDTHxHEIGHT")
    p.set_defaults(func=run)
