"""Headless games in bulk: ``run_batch`` plays a game per seed on the runner
(``game.lab.runner``), streams the records (``game.lab.records``) to CSV (``game.lab.outputs``)
with a progress bar, keeps a running summary and writes a manifest."""

import json
import math
import platform
import sys
import time
from collections import Counter
from pathlib import Path

from game.engine import schemas
from game.engine.errors import ConfigError
from game.engine.registry import registry
from game.engine.scenario import DEFAULT_SCENARIO
from game.engine.yamlio import read_json, write_atomic
from game.lab.outputs import RowWriter, csv_to_parquet, done_seeds, filter_turns
from game.lab.records import RELATIONS, check_personas, columns, turn_columns
from game.lab.runner import Job, Runner
from game.lab.scenarios import get_scenario


# ------------------------------------------------------------------------------ running summary
class Summary:
    """Running statistics over the records (O(1) memory): scores per seat, end bands, thesis."""

    def __init__(self):
        self.n = self.failed = self.crisis = self.thesis = self.survived = 0
        self.sums, self.sq = Counter(), Counter()
        self.bands = Counter()
        self.errors = Counter()

    def add(self, rec):
        if rec["status"] != "ok":
            self.failed += 1
            self.errors[rec["error"].split(":")[0]] += 1
            return
        self.n += 1
        self.crisis += rec["crisis"]
        self.thesis += rec["thesis_holds"]
        self.survived += rec["alliance_survived"]
        self.bands[rec[f"band.{RELATIONS}"]] += 1
        for s in registry().states:
            x = rec[f"score.{s}"]
            self.sums[s] += x
            self.sq[s] += x * x

    def table(self):
        reg = registry()
        lines = [f"{self.n} games played, {self.failed} failed"]
        if self.n:
            lines.append(f"{'seat':<6}{'mean score':>12}{'sd':>8}{'95% CI':>20}")
            for s in reg.states:
                mean = self.sums[s] / self.n
                var = max(0.0, self.sq[s] / self.n - mean * mean) * self.n / max(1, self.n - 1)
                half = 1.96 * math.sqrt(var / self.n)
                lines.append(
                    f"{s:<6}{mean:>12.2f}{math.sqrt(var):>8.2f}{f'[{mean - half:.2f}, {mean + half:.2f}]':>20}"
                )
            lines.append(f"end China-Japan relations ({self.n} games):")
            for _lo, band in reg[RELATIONS].bands:
                k = self.bands[band]
                lines.append(f"  {band:<24}{k:>7}  {100 * k / self.n:5.1f}%")
            lines.append(
                f"US-Japan alliance survived: {100 * self.survived / self.n:.1f}%   crisis: {100 * self.crisis / self.n:.1f}%"
            )
            lines.append(f"essay's thesis holds: {100 * self.thesis / self.n:.1f}%")
        for err, k in self.errors.most_common(5):
            lines.append(f"failed with {err}: {k}")
        return "\n".join(lines)


# ------------------------------------------------------------------------------ the batch
def versions():
    """What played the batch: Python, the packages and the engine (the compiled one or the
    sources, as this process runs it: the same games either way, at another speed)."""
    from importlib.metadata import PackageNotFoundError, version

    from game.engine import compiled

    out = {
        "python": platform.python_version(),
        "engine": compiled.status()[0],
    }
    for pkg in ("mesa", "tightrope", "dask", "distributed", "numpy"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    return out


def run_batch(
    out,
    scenario=None,
    seeds=range(10),
    personas=None,
    overrides=(),
    workers=1,
    scheduler=None,
    dask_local=None,
    per_turn=False,
    resume=False,
    progress=True,
    command=None,
    max_failures_listed=200,
):
    """Play a game per seed and stream the records to ``out/games.csv`` (and ``turns.csv``).
    Returns the manifest (also written to ``out/manifest.json``). Interrupting it (Ctrl-C)
    keeps every finished game; rerun with ``resume=True`` to play only the missing seeds."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scenario_path = str(Path(scenario).resolve()) if scenario else str(DEFAULT_SCENARIO)
    personas = dict(personas or {})
    overrides = tuple((k, v) for k, v in overrides)
    sc = get_scenario(scenario_path, overrides)  # bad files and --set fail here, before any game
    check_personas(sc, personas)
    seeds = list(seeds)
    cols = columns(scenario_path)
    games_csv, turns_csv, manifest_path = (
        out / "games.csv",
        out / "turns.csv",
        out / "manifest.json",
    )
    config = {
        "scenario": scenario_path,
        "personas": personas,
        "overrides": [[k, v] for k, v in overrides],
        "per_turn": per_turn,
    }
    skip = set()
    if resume and manifest_path.exists():
        old = schemas.check("manifest", read_json(manifest_path), manifest_path)
        if old.get("config") != config:
            raise ConfigError(
                manifest_path,
                "config",
                "--resume needs the same scenario, personas, --set and --per-turn as the first run",
            )
    if resume:
        skip = done_seeds(games_csv, cols)
        if per_turn:
            filter_turns(turns_csv, skip)
    todo = [s for s in seeds if s not in skip]
    jobs = (
        Job(s, scenario_path, tuple(sorted(personas.items())), overrides, per_turn) for s in todo
    )
    workers = max(1, min(workers or 1, len(todo)))  # no more workers than games to play
    runner = Runner(workers, scheduler, dask_local, warm=(scenario_path, overrides))
    backend = runner.backend
    manifest = {
        "command": command if command is not None else sys.argv,
        "versions": versions(),
        "config": config,
        "backend": backend,
        "seeds": {
            "first": seeds[0] if seeds else None,
            "count": len(seeds),
            "skipped_as_done": len(skip & set(seeds)),
        },
        "status": "running",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    write_atomic(manifest_path, json.dumps(manifest, indent=2))
    if todo:
        runner.start()  # before any file or thread of ours exists (forked workers inherit them)
    games = RowWriter(games_csv, cols, append=resume)
    turns = RowWriter(turns_csv, turn_columns(), append=resume) if per_turn else None
    summary, failures = Summary(), []
    t0 = time.perf_counter()
    status = "complete"
    bar, first, tenth = None, None, None
    a_tenth = max(1, len(todo) // 10)  # (the time to a tenth of the games: a start-up measure)

    def record(rec):
        """Write one game's rows (flushed: a kill loses nothing already written) and count it."""
        rows = rec.pop("turns_rows", ())
        if turns is not None:
            for row in rows:
                turns.write(row)
            turns.flush()
        games.write(rec)
        games.flush()
        summary.add(rec)
        if rec["status"] != "ok" and len(failures) < max_failures_listed:
            failures.append(
                {"seed": rec["seed"], "error": rec["error"], "traceback": rec.get("traceback", "")}
            )

    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="game", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
    try:
        for rec in runner.results(jobs, total=len(todo)):
            record(rec)
            if first is None:
                first = time.perf_counter() - t0
            if summary.n + summary.failed == a_tenth:
                tenth = time.perf_counter() - t0
            if bar is not None:
                bar.update()
    except KeyboardInterrupt:
        status = "interrupted"
        for rec in runner.drain():
            record(rec)
    finally:
        runner.close()
        if bar is not None:
            bar.close()
        games.close()
        if turns is not None:
            turns.close()
    duration = time.perf_counter() - t0
    parquet, warnings = None, []
    if status == "complete":
        try:
            parquet = csv_to_parquet(games_csv, out / "games.parquet")
            if per_turn:
                csv_to_parquet(turns_csv, out / "turns.parquet")
        except Exception as exc:  # noqa: BLE001  (the CSV is the record; Parquet is a convenience)
            warnings.append(f"no Parquet output: {type(exc).__name__}: {exc}")
    manifest.update(
        status=status,
        duration_s=round(duration, 3),
        first_result_s=None if first is None else round(first, 3),
        tenth_done_s=None if tenth is None else round(tenth, 3),
        games_played=summary.n + summary.failed,
        games_per_s=round((summary.n + summary.failed) / duration, 2) if duration > 0 else None,
        failed=summary.failed,
        failures=failures,
        warnings=warnings,
        outputs=[
            p.name
            for p in (games_csv, turns_csv if per_turn else None, parquet and Path(parquet))
            if p
        ],
    )
    write_atomic(manifest_path, json.dumps(manifest, indent=2))
    manifest["summary"] = summary.table()
    return manifest
