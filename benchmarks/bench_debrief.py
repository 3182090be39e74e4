"""How long `main.py debrief` takes: the 1,000 reference games cold (2 worker processes) and
from the cache, for a class game of the baseline. Prints the figures and writes
benchmarks/results/debrief.json."""

import json
import os
import platform
import tempfile
import time
from pathlib import Path

from game.engine.saves import game_to_dict
from game.engine.scenario import load_scenario
from game.lab.reference import reference_games
from game.play.model import TightropeModel
from game.reports.debrief import GameRecord, write_debrief

N = int(os.environ.get("BENCH_REFERENCE_GAMES", "1000"))


def main():
    model = TightropeModel(load_scenario(), seed=3, humans=("JPN",))
    while not model.is_over():
        advice = model.advice("JPN")
        model.submit("JPN", [a[0] for a in advice["actions"]], advice["responses"])
        model.step()
    data = game_to_dict(model)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        t0 = time.perf_counter()
        games = reference_games(data["scenario"]["data"], data["scenario"]["path"], N, cache)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        record = GameRecord(data, "(bench)")
        cached = reference_games(data["scenario"]["data"], data["scenario"]["path"], N, cache)
        write_debrief(record, Path(tmp) / "out", cached)
        warm = time.perf_counter() - t0
    result = {
        "reference_games": N,
        "reference_cold_s": round(cold, 2),
        "reference_games_per_s": round(len(games) / cold, 1),
        "debrief_with_cached_reference_s": round(warm, 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=1))
    out = Path(__file__).resolve().parent / "results" / "debrief.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
