"""``main.py health``: how good the game is as a game (strategy search and the dominance gap,
variance shares, usage, risk, advisor and difficulty, a thesis test that can fail, Morris
sensitivity); writes OUT/health.json and OUT/health.md with PNG plots, prints a summary."""

import sys

from game.cli.batch import check_common, parse_options, seed_type
from game.engine.errors import GameError

HELP = "measure the game as a game; write OUT/health.json and OUT/health.md, print a summary"


def register(subparsers):
    p = subparsers.add_parser("health", help=HELP, description=HELP)
    p.add_argument("--quick", action="store_true", help="the small budget (<= 10 min on 2 cores)")
    p.add_argument("--out", default="health", metavar="DIR", help="output directory (health)")
    p.add_argument(
        "--seat", action="append", metavar="SEAT",
        help="search and panel only this seat (repeatable; default: every seat)",
    )  # fmt: skip
    p.add_argument("--seed", type=seed_type, default=0, metavar="S", help="first seed offset (0)")
    p.add_argument("--scenario", metavar="FILE", help="scenario YAML (default: the 2025 baseline)")
    p.add_argument(
        "--set", dest="overrides", action="append", metavar="PARAM=VALUE",
        help="override a rule parameter (SEAT.Rule.param=VALUE); repeatable",
    )  # fmt: skip
    p.add_argument(
        "--workers", type=int, default=None, metavar="N", help="local processes (all cores)"
    )
    backend = p.add_mutually_exclusive_group()
    backend.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask cluster")
    backend.add_argument(
        "--dask-local", type=int, metavar="N", help="a Dask LocalCluster of N workers"
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=run)


def run(args):
    from game.lab.health import health_report
    from game.play.session import DIFFICULTIES

    workers = check_common(args)
    _personas, overrides = parse_options(args)
    seats = [s.upper() for s in args.seat] if args.seat else None

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    if seats is not None and len(set(seats)) != len(seats):
        raise GameError("--seat: a seat is given twice")
    _report, text = health_report(
        args.out,
        scenario=args.scenario,
        overrides=overrides,
        quick=args.quick,
        seats=seats,
        workers=workers,
        scheduler=args.scheduler,
        dask_local=args.dask_local,
        difficulties=DIFFICULTIES,
        seed=args.seed,
        log=log,
    )
    print(text)
    print(f"health report -> {args.out}/health.md")
    return 0
