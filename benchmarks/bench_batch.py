"""Batch throughput and memory, like with like: every side plays the same number of games
of a scenario loaded once (``mesa.batch_run`` is handed the loaded Scenario; our runner caches
it), with a pure engine loop in this process as the floor. Reports, with their spread over
the interleaved repeats: 2 local workers vs 1, a Dask LocalCluster vs the local pool at equal
workers, and our runner vs ``mesa.batch_run`` (1 process: the same start, the same work; 2
processes: Mesa spawns its workers, ours fork). And RSS over many games.

    python benchmarks/bench_batch.py [--games 1000] [--repeats 2] [--memory-games 20000]

Writes benchmarks/results/batch.json. Bars (issue 15): 2 workers >= 1.8x one; Dask >= 0.9x
the local pool at 2 workers; memory growth under 100 MB.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.yamlio import write_atomic  # noqa: E402
from game.lab.batch import run_batch, versions  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "batch.json"


def cpu_now():
    """CPU seconds used by this process and its finished (joined) children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def floor(n):
    """The engine alone: n games in a loop in this process, the scenario loaded once."""
    from game.engine.scenario import load_scenario
    from game.play.model import TightropeModel

    scenario = load_scenario()
    cpu, t = cpu_now(), time.perf_counter()
    for seed in range(n):
        model = TightropeModel(scenario, seed=seed, texts=False)  # as a batch plays them
        while not model.is_over():
            model.step()
    dt, cpu = time.perf_counter() - t, cpu_now() - cpu
    return {
        "games": n,
        "games_per_s": round(n / dt, 2),
        "cpu_ms_per_game": round(1000 * cpu / n, 2),
    }


def ours(n, workers, dask_local=None):
    """The real pipeline (run_batch: workers, CSV streaming, summary), no progress bar."""
    cpu = cpu_now()
    load = os.getloadavg()[0]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        m = run_batch(
            tmp,
            seeds=range(n),
            workers=workers,
            dask_local=dask_local,
            progress=False,
            command=["bench"],
        )
    whole = time.perf_counter() - began  # with the pool's or the cluster's start and stop
    cpu = cpu_now() - cpu
    assert m["failed"] == 0 and m["games_played"] == n
    # After a tenth of the games: without the pool's or the LocalCluster's start-up, whatever
    # the size of their first chunks.
    steady = (n - max(1, n // 10)) / (m["duration_s"] - m["tenth_done_s"])
    return {
        "games": n,
        "workers": workers,
        "backend": m.get("backend", ""),
        "seconds": m["duration_s"],
        "games_per_s": round(n / m["duration_s"], 2),
        "whole_run_s": round(whole, 3),
        "games_per_s_whole_run": round(n / whole, 2),
        "first_result_s": m["first_result_s"],
        "tenth_done_s": m["tenth_done_s"],
        "steady_games_per_s": round(steady, 2),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_game": round(1000 * cpu / n, 2),
        "loadavg_1min_before": round(load, 2),
    }


def mesa_batch(n, processes, preloaded=False, start_method=None):
    """mesa.batch_run sweeping ``seed`` over the same seeds, 16 quarters. With ``preloaded`` the
    loaded Scenario is passed as a fixed parameter (else each model loads the YAML itself).
    ``start_method`` overrides the ``spawn`` that importing Mesa's batch runner sets for the
    whole process (``fork``: its workers start as ours do), restored afterwards."""
    import multiprocessing

    import mesa

    from game.engine.scenario import load_scenario
    from game.play.model import TightropeModel

    params = {"seed": range(n)}
    if preloaded:
        params["scenario"] = load_scenario()
    shipped = multiprocessing.get_start_method()
    if start_method:
        multiprocessing.set_start_method(start_method, force=True)
    cpu = cpu_now()
    t = time.perf_counter()
    try:
        rows = mesa.batch_run(
            TightropeModel,
            parameters=params,
            max_steps=16,
            number_processes=processes,
            display_progress=False,
        )
    finally:
        multiprocessing.set_start_method(shipped, force=True)
    dt = time.perf_counter() - t
    cpu = cpu_now() - cpu
    assert len(rows) == n
    return {
        "games": n,
        "processes": processes,
        "preloaded_scenario": preloaded,
        "start_method": start_method or shipped,
        "seconds": round(dt, 3),
        "games_per_s": round(n / dt, 2),
        "cpu_ms_per_game": round(1000 * cpu / n, 2),
    }


def tree_rss(proc):
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except Exception:  # noqa: BLE001  (a child that just exited)
            pass
    return total


def memory(n, workers):
    """RSS of this process and its workers, sampled every 0.2 s while n games stream to CSV."""
    import psutil

    me = psutil.Process()
    samples = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append((time.perf_counter(), me.memory_info().rss, tree_rss(me)))
            time.sleep(0.2)

    before_main = me.memory_info().rss
    thread = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    thread.start()
    with tempfile.TemporaryDirectory() as tmp:
        m = run_batch(tmp, seeds=range(n), workers=workers, progress=False, command=["bench"])
        csv_mb = os.path.getsize(Path(tmp) / "games.csv") / 2**20
    stop.set()
    thread.join()
    assert m["failed"] == 0
    duration = m["duration_s"]
    # The workers are up and warm after the first tenth of the run; growth is measured from there.
    warm = [s for s in samples if s[0] - t0 >= 0.1 * duration] or samples
    base_tree = warm[0][2]
    mb = 2**20
    return {
        "games": n,
        "workers": workers,
        "seconds": duration,
        "games_per_s": round(n / duration, 2),
        "samples": len(samples),
        "main_rss_before_mb": round(before_main / mb, 1),
        "main_rss_peak_mb": round(max(s[1] for s in samples) / mb, 1),
        "main_growth_mb": round((max(s[1] for s in samples) - before_main) / mb, 1),
        "tree_rss_after_warmup_mb": round(base_tree / mb, 1),
        "tree_rss_peak_mb": round(max(s[2] for s in warm) / mb, 1),
        "tree_growth_after_warmup_mb": round((max(s[2] for s in warm) - base_tree) / mb, 1),
        "tree_rss_at_end_mb": round(samples[-1][2] / mb, 1),
        "games_csv_mb": round(csv_mb, 1),
    }


def spread(values):
    """Median and range of paired ratios (one per repeat)."""
    values = sorted(values)
    return {
        "median": round(statistics.median(values), 2),
        "min": round(values[0], 2),
        "max": round(values[-1], 2),
        "each": [round(v, 2) for v in values],
    }


def ratios_of(runs):
    """The paired ratios (median and range over the repeats) of the runs of each side."""

    def ratio(a, b, field="games_per_s"):
        return spread([x[field] / y[field] for x, y in zip(runs[a], runs[b], strict=True)])

    return {
        "2_workers_vs_1": ratio("ours_2", "ours_1"),
        "dask_local_2_vs_local_pool_2": ratio("dask_2", "ours_2"),
        # The whole run_batch call: with the LocalCluster's and the pool's start and stop.
        "dask_local_2_vs_local_pool_2_whole_run": ratio(
            "dask_2", "ours_2", "games_per_s_whole_run"
        ),
        # After a tenth of each side's games: without the LocalCluster's and the pool's start-up.
        "dask_local_2_vs_local_pool_2_steady": ratio("dask_2", "ours_2", "steady_games_per_s"),
        "ours_1_vs_mesa_batch_run_1_process": ratio("ours_1", "mesa_1"),
        "ours_2_vs_mesa_batch_run_2_processes": ratio("ours_2", "mesa_2"),
        # The same start method on both sides (fork): what is left is Mesa's pickling of the
        # scenario to every run.
        "ours_2_vs_mesa_batch_run_2_processes_fork": ratio("ours_2", "mesa_2_fork"),
        "ours_1_vs_engine_floor": ratio("ours_1", "floor"),
        "mesa_1_vs_engine_floor": ratio("mesa_1", "floor"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=1000, help="games per run, every side")
    ap.add_argument(
        "--repeats",
        type=int,
        default=4,
        help="interleaved repetitions (order reversed every other)",
    )
    ap.add_argument("--memory-games", type=int, default=20000)
    args = ap.parse_args()
    n, load = args.games, os.getloadavg()
    # Importing Dask's distributed takes ~0.75 s of CPU, once a process: the first Dask repeat
    # would pay it and the others not. It is done here, timed and reported on its own, so every
    # repeat of every side measures the same thing (a `batch --dask-local` pays it once).
    began = time.perf_counter()
    import distributed  # noqa: F401

    dask_import_s = round(time.perf_counter() - began, 3)
    sides = {
        "floor": lambda: floor(n),
        "ours_1": lambda: ours(n, 1),
        "ours_2": lambda: ours(n, 2),
        "dask_2": lambda: ours(n, 2, dask_local=2),
        "mesa_1": lambda: mesa_batch(n, 1, True),
        "mesa_2": lambda: mesa_batch(n, 2, True),
        "mesa_2_fork": lambda: mesa_batch(n, 2, True, "fork"),
    }
    runs = {k: [] for k in sides}
    # Interleaved, so drifting load hits every side alike, and in the reverse order every other
    # repeat: this machine's speed drifts by ~10% within minutes (the floor ran 49 then 58
    # games/s), so a side always run just after another would carry that drift in its ratio.
    for rep in range(args.repeats):
        for key in list(sides) if rep % 2 == 0 else list(reversed(sides)):
            runs[key].append(sides[key]())
        print(
            f"repeat {rep + 1}: "
            + ", ".join(f"{k} {v[-1]['games_per_s']:.1f}" for k, v in runs.items())
            + " games/s",
            flush=True,
        )
    mem = memory(args.memory_games, 2)
    print(
        f"memory over {mem['games']} games: growth {mem['tree_growth_after_warmup_mb']} MB (workers included), main process +{mem['main_growth_mb']} MB",
        flush=True,
    )

    ratios = ratios_of(runs)
    result = {
        "benchmark": "bench_batch",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "arguments": vars(args),
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_at_start": [round(x, 2) for x in load],
            "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": versions(),
        "turns_per_game": 16,
        "dask_import_s": dask_import_s,
        "runs": runs,
        "memory": mem,
        "ratios": ratios,
        "bars": {
            "2_workers_at_least_1.8x_one": ratios["2_workers_vs_1"]["median"] >= 1.8,
            "dask_at_least_0.9x_local_pool": ratios["dask_local_2_vs_local_pool_2"]["median"]
            >= 0.9,
            "memory_growth_under_100_mb": mem["tree_growth_after_warmup_mb"] < 100
            and mem["main_growth_mb"] < 100,
        },
        "notes": (
            "Every side plays --games games of the default scenario, loaded once (mesa.batch_run "
            "is given the loaded Scenario as a fixed parameter; with 2 processes Mesa pickles it "
            "to every run and spawns its workers, ours fork with it loaded; mesa_2_fork makes Mesa "
            "fork too, the same start method as ours). games_per_s is wall clock over the batch's "
            "play (its duration_s: the local pool and the LocalCluster are both started, and the "
            "scenario loaded, before it begins); games_per_s_whole_run is over the whole "
            "run_batch call, their start and stop included. Neither includes the one-off import of "
            "Dask's distributed (dask_import_s, done before the first repeat). Ratios are paired per "
            "repeat (the same repeat's runs, which ran back to back) and given as median and "
            "range. 'floor' is the engine alone in a loop in this process. On a shared 2-core "
            "machine (see loadavg) the 2-process ratios understate the speed-up; cpu_ms_per_game "
            "shows the parallel overhead independently of contention."
        ),
    }
    write_atomic(RESULTS, json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v["median"] for k, v in ratios.items()}), json.dumps(result["bars"]))
    print(f"-> {RESULTS}")


if __name__ == "__main__":
    main()
