"""``main.py balance``: the balance report (scores by seat x persona, dominant-strategy search,
Morris parameter screening, the thesis' frequency), Markdown with PNG plots."""

import sys

from game.cli.batch import add_common, check_common, parse_options, seed_type
from game.engine.errors import GameError

HELP = "run the balance experiments and write OUT/balance.md with PNG plots"


def register(subparsers):
    p = subparsers.add_parser("balance", help=HELP, description=HELP)
    p.add_argument(
        "--games",
        type=int,
        default=60,
        metavar="N",
        help="default-AI games, and games per cheap persona and seat (60)",
    )
    p.add_argument(
        "--search-games", type=int, default=20, metavar="M", help="games per fixed-policy bot (20)"
    )
    p.add_argument(
        "--lookahead-games",
        type=int,
        default=4,
        metavar="G",
        help="games per seat for greedy and rollout (slow; 4)",
    )
    p.add_argument(
        "--morris-trajectories", type=int, default=4, metavar="R", help="Morris trajectories (4)"
    )
    p.add_argument(
        "--morris-seeds", type=int, default=3, metavar="S", help="seeds per Morris design point (3)"
    )
    p.add_argument("--seed", type=seed_type, default=0, metavar="S", help="first seed (0)")
    add_common(p)
    p.set_defaults(func=run)


def run(args):
    from game.lab.balance import balance_report

    for name, least in (
        ("games", 2),
        ("search_games", 2),
        ("morris_trajectories", 1),
        ("morris_seeds", 1),
    ):
        if getattr(args, name) < least:
            raise GameError(f"--{name.replace('_', '-')} must be at least {least}")
    if args.lookahead_games < 0:
        raise GameError("--lookahead-games must be 0 or more")
    workers = check_common(args)
    _personas, overrides = parse_options(args)
    path = balance_report(
        args.out,
        scenario=args.scenario,
        overrides=overrides,
        games=args.games,
        search_games=args.search_games,
        lookahead_games=args.lookahead_games,
        morris_trajectories=args.morris_trajectories,
        morris_seeds=args.morris_seeds,
        seed=args.seed,
        workers=workers,
        scheduler=args.scheduler,
        dask_local=args.dask_local,
        progress=not args.quiet,
    )
    print(f"balance report -> {path}", file=sys.stdout)
    return 0
