"""``main.py batch``: N seeded all-AI games, streamed to CSV, on local cores or a Dask cluster."""

import argparse
import sys
from pathlib import Path

from game.cli.run import seed_type  # noqa: F401  (balance uses it too)
from game.engine.errors import GameError
from game.engine.yamlio import check_output

SMALL_BATCH = 200  # games; below this --workers defaults to 1
MAX_GAMES = 10_000_000  # a batch's seeds are listed in memory; a billion is a typo
HELP = "play N seeded headless games and stream one row per game to OUT/games.csv"
EPILOG = """\
Rows go to OUT/games.csv as games finish (one per game; OUT/games.parquet too when pyarrow is
installed), OUT/turns.csv with --per-turn, and OUT/manifest.json records the command, versions,
seeds, time taken and failures. The same seeds give the same rows whatever --workers or backend
(sort by seed). Ctrl-C or SIGTERM keeps every finished game; --resume plays only the missing seeds.
Batches under 200 games run in this process unless --workers is given (a pool's start-up
costs more than they do). --scheduler needs workers that can import tightrope and read the
scenario file at the same path.
Exit code: 0 all games played, 1 some games failed (see the manifest), 2 bad arguments,
130 interrupted."""


def add_common(parser):
    parser.add_argument(
        "--scenario", metavar="FILE", help="scenario YAML (default: the 2025 baseline)"
    )
    parser.add_argument(
        "--set", dest="overrides", action="append", metavar="PARAM=VALUE",
        help="override a rule parameter (SEAT.Rule.param=VALUE) or scenario field; repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="K",
        help="local worker processes (default: all cores)",
    )
    backend = parser.add_mutually_exclusive_group()
    backend.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster (tcp://host:8786)"
    )
    backend.add_argument(
        "--dask-local", type=int, metavar="K", help="start a Dask LocalCluster with K workers"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="output directory")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def register(subparsers):
    p = subparsers.add_parser(
        "batch",
        help=HELP,
        description=HELP,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--games", type=int, default=100, metavar="N", help="number of games (default 100)"
    )
    p.add_argument(
        "--seed",
        type=seed_type,
        default=0,
        metavar="S",
        help="first seed; games use S..S+N-1 (default 0)",
    )
    p.add_argument(
        "--persona", action="append", metavar="SEAT=NAME",
        help="persona for a seat: default random hawk dove greedy rollout, or fixed:POLICY; repeatable",
    )  # fmt: skip
    p.add_argument(
        "--per-turn", action="store_true", help="also write one row per turn to OUT/turns.csv"
    )
    p.add_argument("--resume", action="store_true", help="skip seeds already in OUT/games.csv")
    add_common(p)
    p.set_defaults(func=run)


def check_common(args):
    import os

    if args.workers is not None and args.workers < 1:
        raise GameError("--workers must be at least 1")
    check_output(args.out, "--out", folder=True, inputs=(args.scenario,))
    if args.dask_local is not None and args.dask_local < 1:
        raise GameError("--dask-local must be at least 1")
    if args.scenario and not Path(args.scenario).is_file():
        raise GameError(f"--scenario {args.scenario}: no such file")
    if getattr(args, "scheduler", None):
        from game.lab.runner import probe_scheduler

        probe_scheduler(args.scheduler)
    return min(args.workers or os.cpu_count() or 1, os.cpu_count() or 1)  # no more than cores


def parse_options(args):
    """--persona SEAT=NAME and --set PARAM=VALUE, parsed as `run` parses them."""
    from game.cli.run import parse_assignments, parse_overrides

    personas = parse_assignments(getattr(args, "persona", None), "--persona")
    return personas, parse_overrides(args.overrides)


def run(args):
    from game.lab.batch import run_batch

    if not 0 <= args.games <= MAX_GAMES:
        raise GameError(f"--games must be from 0 to {MAX_GAMES:,}")
    if args.seed + args.games > 2**63:
        raise GameError("--seed + --games must stay below 2**63 (seeds are S..S+N-1)")
    workers = check_common(args)
    if args.workers is None and args.games < SMALL_BATCH:
        workers = 1  # a process pool takes longer to start than a small batch takes to play
    personas, overrides = parse_options(args)
    manifest = run_batch(
        args.out,
        scenario=args.scenario,
        seeds=range(args.seed, args.seed + args.games),
        personas=personas,
        overrides=overrides,
        workers=workers,
        scheduler=args.scheduler,
        dask_local=args.dask_local,
        per_turn=args.per_turn,
        resume=args.resume,
        progress=not args.quiet,
        command=["main.py", *sys.argv[1:]],
    )
    print(manifest["summary"])
    rate = manifest["games_per_s"]
    print(
        f"{manifest['games_played']} games in {manifest['duration_s']:.1f} s ({rate} games/s) -> {args.out}"
    )
    if manifest["status"] == "interrupted":
        print(
            "interrupted: finished games are kept; rerun with --resume to play the rest",
            file=sys.stderr,
        )
        return 130
    return 1 if manifest["failed"] else 0
