"""`play`: open the game window (pygame-ce) at the title screen, or straight into a saved game."""

from pathlib import Path

from game.cli.run import seed_type
from game.engine.errors import ConfigError


def register(subparsers):
    p = subparsers.add_parser("play", help="open the game window (title screen; Japan by default)")
    p.add_argument(
        "--as",
        dest="seat",
        default="JPN",
        help="the state you play: USA, CHN, JPN or KOR (default JPN)",
    )
    p.add_argument(
        "--scenario", help="scenario file (default: configs/scenarios/baseline-2025.yaml)"
    )
    p.add_argument(
        "--seed",
        type=seed_type,
        help="the game's seed (default: a fresh one, shown on the new-game screen)",
    )
    p.add_argument(
        "--difficulty",
        default="normal",
        choices=("easy", "normal", "hard"),
        help="personas of the other states",
    )
    p.add_argument("--load", help="open this save file directly")
    p.add_argument(
        "--size", default=None, help="window size WxH (default 1280x720, or the last one used)"
    )
    p.set_defaults(func=run)


def parse_size(text):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ConfigError(
            "command line", "--size", f"expected WIDTHxHEIGHT like 1280x720, not {text!r}"
        ) from None
    if w < 640 or h < 360:
        raise ConfigError("command line", "--size", "must be at least 640x360")
    if w > 7680 or h > 4320:  # a 99999x99999 window is 40 GB of pixels
        raise ConfigError("command line", "--size", "must be at most 7680x4320")
    return w, h


def run(args):
    from game.cli.run import check_seat
    from game.cli.window import StopOnSignal

    stopper = StopOnSignal()  # SIGTERM or Ctrl-C closes the window, quietly (the autosave holds)
    seat = check_seat(args.seat)
    if args.scenario and not Path(args.scenario).is_file():
        raise ConfigError(args.scenario, "(file)", "no such scenario file")
    if args.load and not Path(args.load).is_file():
        raise ConfigError(args.load, "(file)", "no such save file")
    size = parse_size(args.size) if args.size else None
    if args.scenario:  # refuse a bad scenario before opening a window
        from game.engine.scenario import load_scenario

        load_scenario(args.scenario)

    session = None
    if args.load:  # a bad save is refused (one line, exit 2) before a window opens
        from game.play.session import Session

        session = Session.load(Path(args.load))

    from game.ui.front import open_window
    from game.ui.screens import enter_session

    stopper.opening()
    app = open_window(
        size=size,
        defaults={
            "seat": seat,
            "scenario": args.scenario,
            "seed": args.seed,
            "difficulty": args.difficulty,
        },
    )
    stopper.opened(app)
    if session is not None:
        session.directory = app.directory
        enter_session(app, session)
    return app.run()
