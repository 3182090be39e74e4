"""Engine speed: full 16-turn all-AI games per second in one process, default rule sets.

Prints the figures and writes benchmarks/results/engine.json. The bar (issue 2) is 100 games/s.
Runs several rounds and reports the median and the best round: on a shared machine the best
round is the closest to the engine's own speed, the median to what a user sees.
"""

import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.scenario import load_scenario  # noqa: E402
from game.play.model import TightropeModel  # noqa: E402


def one_round(scenario, seeds):
    start = time.perf_counter()
    for seed in seeds:
        model = TightropeModel(scenario, seed=seed, texts=False)  # as a batch plays them
        while not model.is_over():
            model.step()
    return len(seeds) / (time.perf_counter() - start)


def main(rounds=7, games=100):
    scenario = load_scenario()  # loaded once, as a batch runner does
    one_round(scenario, range(10))  # warm-up
    rates = [one_round(scenario, range(r * games, (r + 1) * games)) for r in range(rounds)]
    result = {
        "benchmark": "engine",
        "what": "full 16-turn all-AI games per second, one process, default rule sets",
        "games_per_round": games,
        "rounds": rounds,
        "games_per_second_median": round(statistics.median(rates), 1),
        "games_per_second_best": round(max(rates), 1),
        "games_per_second_worst": round(min(rates), 1),
        "games_per_second_rounds": [round(r, 1) for r in rates],
        "ms_per_game_median": round(1000 / statistics.median(rates), 2),
        "bar_games_per_second": 100,
        "meets_bar": statistics.median(rates) >= 100,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    out = ROOT / "benchmarks" / "results" / "engine.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"engine: {result['games_per_second_median']} games/s median, "
        f"{result['games_per_second_best']} best, {result['games_per_second_worst']} worst "
        f"of {rounds} rounds of {games} games "
        f"({result['ms_per_game_median']} ms/game); bar 100 games/s -> {'met' if result['meets_bar'] else 'NOT met'}"
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
