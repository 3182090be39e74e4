"""How long `main.py debrief` takes: the 1,000 reference games cold (2 worker processes) and
from the cache, for a class game of the baseline. Prints the figures and writes
benchmarks/results/debrief.json. Wall seconds and CPU seconds (this process and its finished
workers): on a shared machine the CPU figures move much less with the load than the wall ones."""

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


def cpu_now():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main():
    load = os.getloadavg()
    model = TightropeModel(load_scenario(), seed=3, humans=("JPN",))
    while not model.is_over():
        advice = model.advice("JPN")
        model.submit("JPN", [a[0] for a in advice["actions"]], advice["responses"])
        model.step()
    data = game_to_dict(model)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        t0, c0 = time.perf_counter(), cpu_now()
        games = reference_games(data["scenario"]["data"], data["scenario"]["path"], N, cache)
        cold, cold_cpu = time.perf_counter() - t0, cpu_now() - c0
        t0, c0 = time.perf_counter(), cpu_now()
        record = GameRecord(data, "(bench)")
        cached = reference_games(data["scenario"]["data"], data["scenario"]["path"], N, cache)
        write_debrief(record, Path(tmp) / "out", cached)
        warm, warm_cpu = time.perf_counter() - t0, cpu_now() - c0
    result = {
        "reference_games": N,
        "reference_cold_s": round(cold, 2),
        "reference_games_per_s": round(len(games) / cold, 1),
        "debrief_with_cached_reference_s": round(warm, 2),
        "reference_cold_cpu_s": round(cold_cpu, 2),
        "debrief_with_cached_reference_cpu_s": round(warm_cpu, 2),
        "cpus": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in load],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "notes": "Measured on the project's shared 2-core machine while other jobs ran (see "
        "loadavg): wall seconds stretch with the load; the CPU seconds are the work itself.",
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print(json.dumps(result, indent=1))
    out = Path(__file__).resolve().parent / "results" / "debrief.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
