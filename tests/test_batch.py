"""Batch runs: the pure game function, local processes and a real Dask LocalCluster, determinism
across backends, resume after a kill, failed games recorded, and Mesa's batch_run."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.lab.batch import run_batch
from game.lab.health import load_config
from game.lab.records import columns, play_game, turn_columns
from game.lab.runner import Job, descendants, iter_results
from game.lab.scenarios import get_scenario

ROOT = Path(__file__).resolve().parent.parent
# A legal value that tests/faults/sitecustomize.py turns into a ZeroDivisionError in play.
ZERO_DEMAND = ("USA.BurdenSharingLedger.defence_demand", 0.5)
FAULTS = ROOT / "tests" / "faults"


def left_behind(before):
    """The command lines of descendants started since ``before`` that still run after 5 s."""
    import psutil

    new = [p for pid, p in descendants().items() if pid not in before]
    _gone, alive = psutil.wait_procs(new, timeout=5)
    return [" ".join(p.cmdline()) for p in alive if p.is_running()]


@pytest.fixture
def faulty(monkeypatch):
    """Games with ZERO_DEMAND fail mid-play, here and in subprocesses."""
    import importlib.util

    import agents.usa

    spec = importlib.util.spec_from_file_location("tightrope_faults", FAULTS / "sitecustomize.py")
    faults = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(faults)
    original = agents.usa.shortfall
    faults.install()
    patched, agents.usa.shortfall = agents.usa.shortfall, original
    monkeypatch.setattr(agents.usa, "shortfall", patched)
    monkeypatch.setenv("TIGHTROPE_FAULT", "demand")
    monkeypatch.setenv("PYTHONPATH", f"{FAULTS}{os.pathsep}{ROOT}")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return sorted(csv.DictReader(fh), key=lambda r: int(r["seed"]))


def cli(*args, **kw):
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        **kw,
    )


def test_play_game_is_a_pure_flat_record():
    a = play_game(seed=3, per_turn=True)
    b = play_game(seed=3, per_turn=True)
    assert a == b
    turns = a.pop("turns_rows")
    assert list(a) == columns()
    assert all(not isinstance(v, (dict, list)) for v in a.values())
    assert a["status"] == "ok" and a["turns"] + 1 == len(turns)
    assert (
        list(turns[0]) == turn_columns()
        and turns[-1]["CHN-JPN.relations"] == a["end.CHN-JPN.relations"]
    )
    assert a["fired.Distrust"] > 0 and a["fired.RelationsFollowTrust"] == a["turns"]
    assert a["thesis_holds"] == int(
        a["band.CHN-JPN.relations"] in ("crisis", "cold", "pragmatic cooperation")
        and a["alliance_survived"]
    )
    other = play_game(seed=4)
    assert other["score.JPN"] != a["score.JPN"] or other["end.senkaku"] != a["end.senkaku"]


def test_play_game_is_the_games_api():
    import game

    assert game.play_game is play_game


def test_parquet_copy_has_one_schema_and_the_csv_values(tmp_path, faulty):
    """games.parquet holds the CSV's rows with fixed column types: a failed game's empty cells
    are nulls, so a batch with failures has the same schema as one without."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from game.lab.outputs import column_type

    manifest = run_batch(
        tmp_path, seeds=range(3), overrides=[ZERO_DEMAND], progress=False, command=["test"]
    )
    assert manifest["failed"] == 3 and manifest["outputs"] == ["games.csv", "games.parquet"]
    failed = pq.read_table(tmp_path / "games.parquet")
    ok = tmp_path / "ok"
    run_batch(ok, seeds=range(3), progress=False, command=["test"])
    table = pq.read_table(ok / "games.parquet")
    assert table.schema == failed.schema
    assert [f.type for f in table.schema] == [column_type(c) for c in columns()]
    assert table.schema.field("seed").type == pa.int64()
    assert (
        failed.column("score.JPN").null_count == 3
        and failed.column("status")[0].as_py() == "failed"
    )
    rows = read_rows(ok / "games.csv")
    for row, rec in zip(rows, table.to_pylist(), strict=True):
        assert rec["seed"] == int(row["seed"]) and rec["grade.JPN"] == row["grade.JPN"]
        assert rec["score.JPN"] == float(row["score.JPN"])
        assert rec["fired.Distrust"] == int(row["fired.Distrust"])


def test_overrides_and_personas_change_the_game():
    base = play_game(seed=1)
    hawkish = play_game(
        seed=1,
        overrides=[("USA.BurdenSharingLedger.aggressiveness", 3.0)],
        personas={"JPN": "hawk"},
    )
    assert hawkish["persona.JPN"] == "hawk"
    assert hawkish != base
    fixed = play_game(seed=1, personas={"JPN": "fixed:jpn_people_exchange"})
    assert fixed["persona.JPN"] == "fixed:jpn_people_exchange" and fixed["status"] == "ok"


def test_batch_on_a_dask_local_cluster_matches_in_process(tmp_path):
    seeds = range(20, 26)
    manifest = run_batch(
        tmp_path / "dask", seeds=seeds, dask_local=2, progress=False, command=["test"]
    )
    assert manifest["status"] == "complete" and manifest["backend"] == "dask-local:2"
    rows = read_rows(tmp_path / "dask" / "games.csv")
    assert [int(r["seed"]) for r in rows] == list(seeds)
    local = run_batch(tmp_path / "local", seeds=seeds, workers=1, progress=False, command=["test"])
    assert local["failed"] == 0
    assert rows == read_rows(tmp_path / "local" / "games.csv")


def test_a_local_cluster_with_more_workers_than_cores_uses_them_all(monkeypatch):
    """4 worker processes (more than this machine's cores): every one plays games, the records
    are those of this process, and closing the runner leaves no process behind."""
    import dask

    from game.lab import runner as runner_module
    from game.lab.runner import Runner

    monkeypatch.setattr(runner_module, "DASK_CHUNK_S", 0.02)  # small chunks: many of them
    before = descendants()
    jobs = [Job(seed=s) for s in range(120)]
    with Runner(dask_local=4) as runner:
        assert runner.backend == "dask-local:4"
        records = sorted(runner.results(iter(jobs)), key=lambda r: r["seed"])
        assert runner.cluster_threads() == 4
        assert len(runner.work_by_worker) == 4 and all(runner.work_by_worker.values())
        assert sum(runner.work_by_worker.values()) == 120
        settings = runner_module.dask_settings()
        seen = runner.client.run(lambda: {k: dask.config.get(k) for k in settings})
        assert list(seen.values()) == [settings] * 4  # every worker runs configs/dask.yaml's
    local = sorted(iter_results(iter(jobs[:12]), workers=1), key=lambda r: r["seed"])
    assert records[:12] == local
    assert not left_behind(before)


def test_a_local_cluster_whose_forked_workers_dont_start_comes_up_spawned(monkeypatch):
    """Forked workers that miss their start-up deadline (a fork can inherit a held lock) are
    replaced by spawned ones: the batch plays on, the same games, and leaves no process."""
    import dask

    from game.lab import runner as runner_module
    from game.lab.runner import Runner

    monkeypatch.setattr(runner_module, "FORKED_START_S", 0.001)  # no worker starts that fast
    before = descendants()
    jobs = [Job(seed=s) for s in range(4)]
    with Runner(dask_local=2) as runner:
        records = sorted(runner.results(iter(jobs)), key=lambda r: r["seed"])
        key = "distributed.worker.multiprocessing-method"
        assert set(runner.client.run(lambda: dask.config.get(key)).values()) == {"spawn"}
    assert records == sorted(iter_results(iter(jobs), workers=1), key=lambda r: r["seed"])
    assert not left_behind(before)


def test_our_dask_settings_are_all_dask_keys():
    """configs/dask.yaml names only settings Dask has (a misspelt key would be kept and ignored),
    and turns the stack profiler off (it costs a pure-Python worker a third of its speed)."""
    import dask
    import distributed  # noqa: F401  (loads distributed's defaults into dask.config)

    from game.lab.runner import dask_settings

    settings = dask_settings()
    assert settings["distributed.worker.profile.enabled"] is False
    for key in settings:
        dask.config.get(key)  # raises KeyError for a key Dask doesn't have


@pytest.mark.parametrize("kind", ["here", "pool", "dask"])
def test_runner_map_keeps_order_on_every_backend(kind):
    """Runner.map: fn over items on the runner's workers, results in the items' order (the
    health experiments play through it; they no longer reach into the pool or the client)."""
    from game.lab.runner import Runner

    options = {"here": {"workers": 1}, "pool": {"workers": 2}, "dask": {"dask_local": 2}}[kind]
    items = list(range(-7, 9))
    with Runner(**options) as runner:
        assert runner.map(abs, items) == [abs(i) for i in items]
        assert runner.map(abs, []) == []


def test_same_rows_with_one_or_two_workers(tmp_path):
    for k in (1, 2):
        r = cli(
            "batch",
            "--games",
            "24",
            "--seed",
            "100",
            "--workers",
            str(k),
            "--per-turn",
            "--quiet",
            "--out",
            str(tmp_path / f"w{k}"),
        )
        assert r.returncode == 0, r.stderr
        assert "essay's thesis holds" in r.stdout
    one, two = tmp_path / "w1", tmp_path / "w2"
    assert read_rows(one / "games.csv") == read_rows(two / "games.csv")
    assert len(read_rows(one / "games.csv")) == 24
    key = lambda r: (int(r["seed"]), int(r["turn"]))  # noqa: E731
    with open(one / "turns.csv") as f1, open(two / "turns.csv") as f2:
        assert sorted(csv.DictReader(f1), key=key) == sorted(csv.DictReader(f2), key=key)
    manifest = json.loads((two / "manifest.json").read_text())
    assert manifest["seeds"] == {"first": 100, "count": 24, "skipped_as_done": 0}
    assert manifest["versions"]["mesa"].startswith("3.3") and manifest["backend"] == "processes:2"
    assert manifest["versions"]["engine"] in ("compiled", "sources")
    import pyarrow.parquet as pq  # the ``parquet`` extra, in ``dev`` so make test has it

    assert pq.read_table(one / "games.parquet").num_rows == 24
    turns_rows = len((one / "turns.csv").read_text().splitlines()) - 1
    assert pq.read_table(one / "turns.parquet").num_rows == turns_rows
    assert "games.parquet" in manifest["outputs"]


@pytest.mark.parametrize(
    "sig, workers", [(signal.SIGKILL, "1"), (signal.SIGINT, "2"), (signal.SIGTERM, "2")]
)
def test_resume_after_a_kill_loses_and_repeats_nothing(tmp_path, sig, workers):
    """SIGKILL (a crash, mid-write), SIGINT (Ctrl-C) or SIGTERM (a scheduler's stop: as clean
    as Ctrl-C, where it used to kill the batch mid-write), then --resume."""
    out = tmp_path / "run"
    n = 150
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
    args = [
        sys.executable,
        str(ROOT / "main.py"),
        "batch",
        "--games",
        str(n),
        "--workers",
        workers,
        "--quiet",
        "--out",
        str(out),
    ]
    proc = subprocess.Popen(
        args,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    games = out / "games.csv"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if games.exists() and games.read_text().count("\n") > 15:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, sig)  # the whole group, as a terminal's Ctrl-C does
    _out, err = proc.communicate(timeout=60)
    if sig != signal.SIGKILL:
        assert proc.returncode == 130 and "Traceback" not in err, err
        assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    done_before = len(read_rows(games))
    assert 0 < done_before < n
    r = cli("batch", "--games", str(n), "--workers", "2", "--quiet", "--resume", "--out", str(out))
    assert r.returncode == 0, r.stderr
    seeds = [int(row["seed"]) for row in read_rows(games)]
    assert sorted(seeds) == list(range(n))  # every seed once: none lost, none repeated
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seeds"]["skipped_as_done"] == done_before
    assert manifest["games_played"] == n - done_before


def test_a_failing_game_is_recorded_and_the_batch_goes_on(tmp_path, faulty):
    jobs = [Job(seed, overrides=(ZERO_DEMAND,) if seed % 2 else ()) for seed in range(6)]
    records = sorted(iter_results(iter(jobs), workers=1), key=lambda r: r["seed"])
    assert [r["status"] for r in records] == ["ok", "failed"] * 3
    assert all(r["error"].startswith("ZeroDivisionError") for r in records[1::2])
    assert all(r["score.JPN"] != "" for r in records[::2])
    r = cli(
        "batch",
        "--games",
        "3",
        "--workers",
        "2",
        "--quiet",
        "--set",
        f"{ZERO_DEMAND[0]}={ZERO_DEMAND[1]}",
        "--out",
        str(tmp_path),
    )
    assert r.returncode == 1, r.stderr
    rows = read_rows(tmp_path / "games.csv")
    assert [(row["seed"], row["status"]) for row in rows] == [
        ("0", "failed"),
        ("1", "failed"),
        ("2", "failed"),
    ]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["failed"] == 3 and "ZeroDivisionError" in manifest["failures"][0]["error"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--persona", "JPN=wizard"], "unknown persona 'wizard'"),
        (["--persona", "JPN"], "expected NAME=VALUE"),
        (["--set", "JPN.NoSuchRule.x=1"], "JPN has no rule NoSuchRule"),
        (["--set", "USA.BurdenSharingLedger.aggressiveness=high"], "must be a number"),
        (["--scenario", "missing.yaml"], "no such file"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, message):
    r = cli("batch", "--games", "2", "--out", str(tmp_path), *args)
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_resume_refuses_a_different_batch(tmp_path):
    assert (
        cli("batch", "--games", "2", "--workers", "1", "--quiet", "--out", str(tmp_path)).returncode
        == 0
    )
    r = cli(
        "batch",
        "--games",
        "2",
        "--workers",
        "1",
        "--resume",
        "--persona",
        "JPN=dove",
        "--out",
        str(tmp_path),
    )
    assert r.returncode == 2 and "--resume needs the same" in r.stderr


def test_mesa_batch_run_sweeps_seeds():
    import mesa

    from game.play.model import TightropeModel

    rows = mesa.batch_run(
        TightropeModel,
        parameters={"seed": range(3)},
        max_steps=16,
        number_processes=1,
        display_progress=False,
    )
    assert [r["seed"] for r in rows] == [0, 1, 2]
    for row in rows:
        ours = play_game(seed=row["seed"], per_turn=True)["turns_rows"]
        # batch_run reports DataCollector row ``model.steps - 1``; the model collects at start,
        # so that row is the world after 15 of the 16 quarters.
        assert row["Step"] == 15
        assert row["CHN-JPN.relations"] == ours[15]["CHN-JPN.relations"]
        assert row["alliance.USA-JPN"] == ours[15]["alliance.USA-JPN"]


def test_morris_screening_recovers_a_known_function():
    import numpy as np

    from game.lab.stats import morris_design, morris_effects

    rng = np.random.default_rng(1)
    points, orders, steps = morris_design(4, 8, rng)
    coef = np.array([5.0, 0.0, -2.0, 0.0])
    y = points @ coef + 3.0 * points[..., 3] ** 2  # x3 acts non-linearly
    mu, mu_star, sigma = morris_effects(y, orders, steps)
    assert np.allclose(mu_star[:3], [5.0, 0.0, 2.0]) and np.allclose(mu[:3], [5.0, 0.0, -2.0])
    assert np.allclose(sigma[:3], 0.0) and sigma[3] > 0 and mu_star[3] > 0
    assert ((points >= -1e-9) & (points <= 1 + 1e-9)).all()


def test_balance_report_small(tmp_path):
    r = cli(
        "balance", "--games", "3", "--search-games", "2", "--lookahead-games", "0",
        "--morris-trajectories", "1", "--morris-seeds", "1", "--workers", "1", "--quiet", "--out", str(tmp_path),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "balance.md").read_text()
    for heading in ("thesis hold", "seat x persona", "Dominant-strategy search", "Morris",
                    "Card usage"):  # fmt: skip
        assert heading in text
    assert "| JPN | hawk | 3 |" in text and "fixed:" in text and "mu*" in text
    figures = json.loads((tmp_path / "balance.json").read_text())
    assert (
        figures["thesis"]["games"] == 3 and len(figures["morris"]) > 100 and figures["strategies"]
    )
    cards = figures["cards"]
    assert len(cards) == len(get_scenario().catalog.policies)
    for card in cards:  # 3 games: a share is k of 3, and the verdict follows from it
        assert card["share"] in (0.0, 1 / 3, 2 / 3, 1.0) and card["per_game"] >= card["share"]
        assert (card["verdict"] == "ok") == (card["share"] >= 0.02)
        assert f"| {card['seat']} | {card['policy']} | {100 * card['share']:.1f}% |" in text
    assert {c["policy"] for c in cards if c["verdict"] == "situational"} <= set(
        load_config()["situational"]
    )
    for png in ("bands.png", "personas.png", "dominance.png", "morris.png"):
        assert (tmp_path / png).stat().st_size > 5000
    labels = {row["label"].split(":")[0] for row in read_rows(tmp_path / "games.csv")}
    assert labels == {"default", "persona", "fixed", "morris"}


def test_play_game_frees_its_models():
    """Mesa 3.3 keeps every model in Agent._ids (mesa#3179); batches must not leak them."""
    import gc

    import mesa

    from game.play.model import TightropeModel

    def alive():
        gc.collect()
        return sum(isinstance(o, TightropeModel) for o in gc.get_objects())

    before, ids_before = alive(), len(mesa.Agent._ids)
    for seed in range(3):
        play_game(seed=seed)
    assert alive() <= before and len(mesa.Agent._ids) <= ids_before


def test_a_dask_run_of_known_length_shrinks_its_last_chunks():
    """Guided self-scheduling: with the jobs' number known, no task holds more than its share of
    the jobs not yet sent (1/in-flight of them), so the run ends on single games and no worker
    waits on a big last chunk; the records are those of this process."""
    from game.lab.runner import Runner

    jobs = [Job(seed=s) for s in range(40)]
    with Runner(dask_local=2) as runner:
        records = sorted(runner.results(jobs, in_flight=4), key=lambda r: r["seed"])
        sizes = runner.chunk_sizes
    assert sum(sizes) == 40 and sizes[-1] == 1
    unsent = 40
    for size in sizes:
        assert size <= -(-unsent // 4)
        unsent -= size
    assert records[:6] == sorted(iter_results(jobs[:6], workers=1), key=lambda r: r["seed"])


def test_starting_a_dask_runner_starts_its_cluster_and_scatters_the_warm_scenario():
    """``start()`` means the same on every backend: the cluster is up and the scenario on it
    before the first job, as the local pool's workers are (so a batch's timing starts alike)."""
    from game.lab.runner import Runner

    with Runner(dask_local=1, warm=(None, ())) as runner:
        runner.start()
        assert runner.client is not None and len(runner._scattered) == 1
        records = list(runner.results([Job(seed=3)]))
        assert len(runner._scattered) == 1  # the job found the scattered scenario
    assert records == list(iter_results([Job(seed=3)], workers=1))
