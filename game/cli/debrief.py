"""`debrief`: write a class debrief (offline HTML with charts) for a saved game."""

import time

from game.engine.errors import ConfigError
from game.engine.yamlio import check_output
from game.lab.reference import DEFAULT_CACHE, save_reference
from game.reports.debrief import GameRecord, write_debrief


def run(args):
    if args.reference_games < 0 or args.reference_games > 100000:
        raise ConfigError("--reference-games", "N", "must be from 0 to 100000")
    check_output(args.out, "--out", folder=True, inputs=(args.save, args.compare))
    start = time.perf_counter()
    record = GameRecord.load(args.save)
    # The other save is read (and checked) before the reference games take their minutes.
    compare = GameRecord.load(args.compare) if args.compare else None
    games = (
        save_reference(record.data, args.reference_games, args.cache)
        if args.reference_games
        else ()
    )
    path = write_debrief(record, args.out, games, compare)
    print(
        f"debrief written to {path} ({time.perf_counter() - start:.1f} s); open it in any browser"
    )
    return 0


def register(sub):
    p = sub.add_parser("debrief", help="write a class debrief (HTML with charts) for a saved game")
    p.add_argument("save", help="a save file (from play, run --save or a class game)")
    p.add_argument("--out", required=True, help="folder for index.html and its charts")
    p.add_argument(
        "--compare", metavar="OTHER_SAVE", help="a branch of the game to compare side by side"
    )
    p.add_argument(
        "--reference-games", type=int, default=1000, metavar="N",
        help="all-AI games of the scenario to place the class's result among (default 1000; 0: none)",
    )  # fmt: skip
    p.add_argument(
        "--cache",
        default=str(DEFAULT_CACHE),
        help="cache of the reference games (default out/reference in the project)",
    )
    p.set_defaults(func=run)
