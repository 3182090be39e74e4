"""Grade bands calibrated from reference distributions (issue 11, part B): for each scenario
and difficulty, each seat's default rules play N games against the others at that difficulty;
A is above their 90th percentile, B the 65th, C the 30th, D the 10th (so a default-level game
is a C or a B), and consecutive bands are at least ``min_width`` points or ``sd_width`` of the
sample's standard deviation apart, whichever is more, so that a letter means something.
Writes configs/grades.yaml (read by game/engine/outcome.py).

    .venv/bin/python -m game.lab.grades [N]

N is at least ``MIN_GAMES``: from 30 games the 35th percentile of Korea's scores came out
two points above that of 120 (63.4 against 61.3), so a default Korean game graded D (issue 11).
Rerun it whenever the rules change: the bands describe the game as it plays."""

import sys

import numpy as np
import yaml

from game.engine.registry import registry
from game.engine.scenario import DIFFICULTY_LEVELS, GRADES_FILE, load_scenario
from game.engine.yamlio import write_atomic
from game.lab.health_play import run_specs
from game.lab.runner import Runner

QUANTILES = {"A": 90, "B": 65, "C": 30, "D": 10}
MIN_GAMES = 200  # per cell: percentiles of fewer games move by points from seed block to block
SEEDS = 60_000  # a seed block of its own (health uses 10_000-50_999)


def bands(scores, min_width=2.0, sd_width=0.4):
    """{A, B, C, D} lowest scores from a sample of default-rule scores."""
    q = {k: float(np.percentile(scores, p)) for k, p in QUANTILES.items()}
    min_width = max(min_width, sd_width * float(np.std(scores)))
    q["B"] = max(q["B"], q["C"] + min_width)
    q["A"] = max(q["A"], q["B"] + min_width)
    q["D"] = min(q["D"], q["C"] - min_width)
    return {k: round(v, 1) for k, v in q.items()}


def calibrate(n=MIN_GAMES, workers=2, min_width=2.0):
    from game.play.session import DIFFICULTIES, scenario_files

    seats = registry().states
    cells, specs = [], []
    for path in scenario_files():
        for level in DIFFICULTY_LEVELS:
            table = DIFFICULTIES[level]
            groups = [None] if not table else seats  # normal: one all-default game gives all
            for seat in groups:
                others = {s: ("persona", p) for s, p in table.items() if s != seat}
                cells.append((path, level, seat))
                specs += [(SEEDS + i, others, str(path), ()) for i in range(n)]
    runner = Runner(workers)
    try:
        recs = run_specs(runner, specs)
    finally:
        runner.close()
    out = {}
    for k, (path, level, seat) in enumerate(cells):
        chunk = recs[k * n : (k + 1) * n]
        name = load_scenario(path).name
        row = out.setdefault(name, {}).setdefault(level, {})
        for s in [seat] if seat else seats:
            row[s] = bands([r["scores"][s] for r in chunk], min_width)
    return out


def write(table, n):
    head = (
        "# Grade bands per scenario and difficulty, calibrated on reference games by\n"
        f"# game/lab/grades.py ({n} games per cell; the seat plays its default rules, the others\n"
        "# as the difficulty says): A above the 90th percentile, B the 65th, C the 30th, D the\n"
        "# 10th, bands at least 2 points (or 0.4 sd) apart. Generated: rerun it when the rules\n"
        "# change.\n"
    )
    text = head + yaml.safe_dump({"bands": table}, sort_keys=False, width=100)
    write_atomic(GRADES_FILE, text)


if __name__ == "__main__":
    N = max(MIN_GAMES, int(sys.argv[1]) if len(sys.argv) > 1 else MIN_GAMES)
    write(calibrate(N), N)
    print(f"wrote {GRADES_FILE}")
