"""`serve`: run a networked class game server (teams on their own machines, the facilitator on
theirs, the class on the projector): game/net. Prints each room's code, the facilitator's PIN
and the projector's address; resumes the unfinished rooms of its state folder."""

import asyncio
import ipaddress
import signal
import socket
from pathlib import Path

from game.engine.errors import ConfigError
from game.play.classroom import STATES
from game.play.session import save_dir


def _teams(text):
    teams = [t.strip().upper() for t in text.split(",") if t.strip()]
    bad = [t for t in teams if t not in STATES]
    if bad or not 2 <= len(set(teams)) <= 4:
        raise ConfigError(
            "command line", "--teams", "name 2 to 4 of USA, CHN, JPN, KOR, e.g. JPN,CHN"
        )
    return tuple(teams)


def _check(args):
    if args.scenario and not Path(args.scenario).is_file():
        raise ConfigError(args.scenario, "(file)", "no such scenario file")
    if not 0 <= args.port <= 65535:
        raise ConfigError("command line", "--port", "must be from 0 to 65535")
    if not 1 <= args.rooms <= 100:
        raise ConfigError("command line", "--rooms", "must be from 1 to 100")
    if args.timer < 0 or args.timer > 3600:
        raise ConfigError("command line", "--timer", "must be from 0 (no clock) to 3600 seconds")
    if args.resume and not Path(args.resume).is_dir():
        raise ConfigError(args.resume, "(folder)", "no such folder of saved rooms")
    if not 0 <= args.seed < 2**63:
        raise ConfigError("command line", "--seed", "must be a whole number from 0 to 2**63-1")
    try:
        socket.getaddrinfo(args.host, None)
    except (socket.gaierror, UnicodeError):
        raise ConfigError("command line", "--host", f"cannot bind to {args.host!r}") from None
    return _teams(args.teams)


def _shown_host(host):
    """The address to print: the machine's own for 0.0.0.0 (what a student types)."""
    try:
        if ipaddress.ip_address(host).is_unspecified:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the interface
                return s.getsockname()[0]
    except (ValueError, OSError):
        pass
    return host


async def _serve(args, teams):
    from game.net.server import Server

    state = Path(args.resume or args.state or save_dir() / "server")
    server = Server(state, args.host, args.port, reference_games=args.reference_games)
    resumed = [] if args.fresh else server.resume_rooms()
    if args.resume and not resumed:
        raise ConfigError(args.resume, "(folder)", "holds no unfinished room to resume")
    if not resumed:
        for i in range(args.rooms):
            server.new_room(
                scenario_path=args.scenario, seed=args.seed + i, teams=teams,
                timer=args.timer or None,
            )  # fmt: skip
    try:
        await server.start()
    except OSError as exc:
        raise ConfigError(
            "command line",
            "--port",
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
        ) from None
    ws_url, http_url = server.urls(_shown_host(args.host))
    print(f"Tightrope server on {ws_url} (state in {state})", flush=True)
    for room in server.rooms.values():
        how = "resumed at" if room in resumed else "new,"
        print(
            f"room {room.code} ({how} {room.model.quarter}; teams {','.join(room.teams)})  "
            f"facilitator PIN {room.pin}  projector {http_url}/room/{room.code}",
            flush=True,
        )
        print(f"  teams: python main.py join {ws_url} --code {room.code} --team {room.teams[0]}")
    # SIGTERM (a service manager, a logout) or Ctrl-C: stop taking messages, let the room
    # writer finish what it holds, and end with 0; the default would kill it mid-write.
    stopped, loop = asyncio.Event(), asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopped.set)
    try:
        await stopped.wait()
    finally:
        await server.close()
    print(f"server stopped; rooms saved in {state}", flush=True)


def run(args):
    teams = _check(args)
    asyncio.run(_serve(args, teams))
    return 0


def register(sub):
    p = sub.add_parser("serve", help="run a networked class game server (rooms, projector page)")
    p.add_argument("--scenario", help="scenario YAML (default: the 2025 baseline)")
    p.add_argument(
        "--host", default="127.0.0.1",
        help="address to bind (default 127.0.0.1: this machine only, the safest; "
        "0.0.0.0 or the machine's LAN address lets the classroom's machines join)",
    )  # fmt: skip
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free one)")
    p.add_argument("--rooms", type=int, default=1, help="new rooms to open (default 1)")
    p.add_argument("--teams", default="USA,CHN,JPN,KOR", help="team seats; the others are AI")
    p.add_argument(
        "--timer", type=int, default=300, help="seconds per quarter (default 300; 0: none)"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the first room (the next: +1)")
    p.add_argument("--state", help="folder of the rooms' saves (default saves/server)")
    p.add_argument(
        "--resume", metavar="DIR", help="resume the rooms saved in DIR (refuses if none)"
    )
    p.add_argument("--fresh", action="store_true", help="open new rooms, do not resume saved ones")
    p.add_argument(
        "--reference-games", type=int, default=1000, metavar="N",
        help="all-AI games the debrief export compares with (default 1000)",
    )  # fmt: skip
    p.set_defaults(func=run)
