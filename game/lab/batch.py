"""Headless games in bulk.

``play_game`` is the one pure call everything is built on: a scenario (path or loaded), rule
parameter overrides, personas per seat and a seed in; a flat record out. ``iter_results`` runs
many such games on local processes or a Dask cluster and yields the records as they finish
(bounded in flight, so memory stays flat); ``run_batch`` streams them to CSV with a progress
bar, a summary and a manifest. Any executor (Mesa's ``batch_run``, SALib, the EMA Workbench)
can call ``play_game`` directly.
"""

import csv
import dataclasses
import json
import math
import os
import platform
import sys
import time
import traceback
from collections import Counter, OrderedDict
from pathlib import Path

from game.engine.errors import ConfigError, GameError
from game.engine.registry import registry
from game.engine.scenario import (
    DEFAULT_SCENARIO,
    build_scenario,
    load_scenario,
    resolve_parameters,
    set_parameter,
)
from game.engine.yamlio import write_atomic

RELATIONS = "CHN-JPN.relations"
ALLIANCE = "alliance.USA-JPN"
FIXED_PREFIX = "fixed:"

_CACHE = OrderedDict()  # (scenario key, overrides) -> Scenario, per process
_OBJECTS = {}  # (("object", id), overrides) -> (Scenario given, Scenario with the overrides)
_CACHE_SIZE = 64


# ------------------------------------------------------------------------------ scenarios
def _scenario_key(scenario):
    if scenario is None:
        return str(DEFAULT_SCENARIO.resolve())
    if isinstance(scenario, (str, os.PathLike)):
        return str(Path(scenario).resolve())
    return ("object", id(scenario))


def _with_overrides(base, overrides):
    """``base`` with ``--set`` style overrides applied through the scenario module's own helpers.
    Parameter-only overrides keep the loaded catalogue (it doesn't depend on them)."""
    raw = base.raw
    for dotted, value in overrides:
        raw = set_parameter(raw, dotted, value)
    if all(len(dotted.split(".")) == 3 for dotted, _ in overrides):
        params = resolve_parameters(raw.get("parameters"), base.path)
        return dataclasses.replace(base, parameters=params, raw=raw)
    return build_scenario(raw, base.path)


def get_scenario(scenario=None, overrides=()):
    """The scenario (a path, None for the default, or a loaded Scenario) with ``overrides``
    applied, cached per process: loading YAML costs more than playing a game."""
    overrides = tuple((str(k), v) for k, v in overrides)
    key = (_scenario_key(scenario), _freeze(overrides))
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    if scenario is None or isinstance(scenario, (str, os.PathLike)):
        base_key = (key[0], ())
        base = _CACHE.get(base_key)
        if base is None:
            base = load_scenario(scenario)
            _remember(base_key, base)
        loaded = _with_overrides(base, overrides) if overrides else base
    else:
        if not overrides:
            return scenario
        hit = _OBJECTS.get(key)
        if hit is not None and hit[0] is scenario:
            return hit[1]
        loaded = _with_overrides(scenario, overrides)
        _OBJECTS[key] = (scenario, loaded)  # keeps the object alive, so its id stays its own
        while len(_OBJECTS) > _CACHE_SIZE:
            _OBJECTS.pop(next(iter(_OBJECTS)))
        return loaded
    _remember(key, loaded)
    return loaded


def _remember(key, value):
    _CACHE[key] = value
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


# ------------------------------------------------------------------------------ personas
def check_personas(scenario, personas):
    """Validate ``{seat: persona}``: a persona name, or ``fixed:POLICY`` (a bot that plays that
    policy of the seat whenever it can). Raises GameError naming the problem."""
    from agents.personas import PERSONAS

    reg = registry()
    for seat, name in (personas or {}).items():
        if seat not in reg.states:
            raise GameError(
                f"--persona: unknown state {seat!r} (use one of {', '.join(reg.states)})"
            )
        if isinstance(name, str) and name.startswith(FIXED_PREFIX):
            pid = name[len(FIXED_PREFIX) :]
            policy = scenario.catalog.policies.get(pid)
            if policy is None or policy.by != seat:
                raise GameError(f"--persona: {seat} has no policy {pid!r} for a fixed-policy bot")
        elif name not in PERSONAS:
            raise GameError(
                f"--persona: unknown persona {name!r} for {seat} (known: {', '.join(PERSONAS)}, fixed:POLICY)"
            )


from agents.base import Decision  # noqa: E402  (agents import the engine's modules above)
from agents.personas import DefaultPersona  # noqa: E402


class FixedPolicyPersona(DefaultPersona):
    """A balancing bot: plays one fixed policy whenever it is legal and affordable, and fills
    the rest of its turn with the default rule set's choices (an exploit probe). Seated as
    ``fixed:POLICY`` by ``new_model``; it draws the same random numbers as the default AI."""

    def __init__(self, policy_id, max_actions=3):
        super().__init__(max_actions)
        self.policy_id = policy_id
        self.name = f"{FIXED_PREFIX}{policy_id}"

    def decide(self, model, agent):
        pid = self.policy_id
        base = super().decide(model, agent)
        if pid not in model.legal_actions(agent.code):
            return base
        capital = model.world.values[f"{agent.code}.capital"] - model.catalog.policies[pid].cost
        actions, reasons = [pid], {pid: ("fixed", f"always plays {pid}")}
        for other in base.actions:
            cost = model.catalog.policies[other].cost
            if other != pid and len(actions) < self.max_actions and cost <= capital:
                actions.append(other)
                reasons[other] = base.reasons[other]
                capital -= cost
        return Decision(actions, base.responses, reasons)


def new_model(scenario=None, personas=None, seed=0, overrides=()):
    """A fresh model of the (cached) scenario with the given personas (``fixed:POLICY`` bots too)."""
    from game.play.model import TightropeModel

    sc = get_scenario(scenario, overrides)
    personas = dict(personas or {})
    check_personas(sc, personas)
    fixed = {s: p for s, p in personas.items() if p.startswith(FIXED_PREFIX)}
    named = {s: p for s, p in personas.items() if s not in fixed}
    model = TightropeModel(sc, seed=seed, humans=(), personas=named)
    for seat, name in fixed.items():
        model.seats[seat].persona = FixedPolicyPersona(name[len(FIXED_PREFIX) :], sc.ai_max_actions)
    return model, {**model.persona_names, **fixed}


# ------------------------------------------------------------------------------ records
def rule_names():
    """Every rule's name (the columns of the firing counts), in a fixed order."""
    import agents  # noqa: F401  (registers the state rules)
    from game.engine.rules import RULES

    return sorted(RULES)


def columns(scenario=None):
    """The fixed column order of a game record (objective columns come from the catalogue)."""
    reg = registry()
    objectives = get_scenario(scenario).catalog.objectives
    cols = ["seed", "label", "status", "error", "turns", "crisis"]
    cols += [f"persona.{s}" for s in reg.states]
    cols += [f"score.{s}" for s in reg.states] + [f"grade.{s}" for s in reg.states]
    cols += [f"obj.{s}.{o.id}" for s in reg.states for o in objectives[s]]
    cols += [f"band.{RELATIONS}", f"band.{ALLIANCE}", "alliance_survived", "thesis_holds"]
    cols += [f"max_pressure.{a}" for a in reg.allies]
    cols += [f"end.{k}" for k in reg.headline]
    cols += [f"fired.{name}" for name in rule_names()]
    return cols


def turn_columns():
    reg = registry()
    return [
        "seed",
        "label",
        "turn",
        "quarter",
        *reg.headline,
        f"band.{RELATIONS}",
        *(f"score.{s}" for s in reg.states),
    ]


def play_game(scenario=None, personas=None, seed=0, overrides=(), per_turn=False, label=""):
    """Play one all-AI game to its end and return a flat record (see ``columns()``).

    ``scenario``: a path, None (the default scenario) or a loaded Scenario; ``overrides``:
    ``[("SEAT.Rule.param", value), ...]``; ``personas``: ``{seat: name}`` (others keep the
    scenario's). With ``per_turn`` the record also holds ``"turns_rows"``: one row per quarter.
    Scores, grades and the thesis check are the end report's (``game.reports.end_report``). The same
    arguments always give the same record.
    """
    from game.reports.end_report import seat_scores, thesis_check

    model, names = new_model(scenario, personas, seed, overrides)
    while not model.is_over():
        model.step()
    reg, v = model.reg, model.world.values
    seats = seat_scores(model)
    thesis = thesis_check(model)
    rec = {
        "seed": seed,
        "label": label,
        "status": "ok",
        "error": "",
        "turns": model.turn - 1,
        "crisis": int("crisis" in model.world.flags),
    }
    for s in reg.states:
        rec[f"persona.{s}"] = names.get(s, "default")
    scores = model.scores()
    for s in reg.states:
        rec[f"score.{s}"] = round(scores[s], 4)
    for s in reg.states:
        rec[f"grade.{s}"] = seats[s]["grade"]
    for s in reg.states:
        for oid, obj in seats[s]["objectives"].items():
            rec[f"obj.{s}.{oid}"] = obj["score"]
    rec[f"band.{RELATIONS}"] = thesis["band"]
    rec[f"band.{ALLIANCE}"] = thesis["alliance_band"]
    rec["alliance_survived"] = int(thesis["alliance_survived"])
    rec["thesis_holds"] = int(thesis["verdict"] == "supports")
    for a in reg.allies:
        rec[f"max_pressure.{a}"] = max(snap[f"pressure.{a}"] for snap in model.snapshots)
    for k in reg.headline:
        rec[f"end.{k}"] = v[k]
    for name in rule_names():
        rec[f"fired.{name}"] = model.rule_firings.get(name, 0)
    if per_turn:
        rec["turns_rows"] = turn_rows(model, seed, label)
    return rec


def turn_rows(model, seed, label=""):
    """One row per quarter: row 0 is the start, row t the world after t quarters."""
    reg = model.reg
    rows = []
    for t, snap in enumerate(model.snapshots):
        row = {
            "seed": seed,
            "label": label,
            "turn": t,
            "quarter": "start" if t == 0 else model.scenario.quarter_label(t),
        }
        for k in reg.headline:
            row[k] = snap[k]
        row[f"band.{RELATIONS}"] = reg.band(RELATIONS, snap[RELATIONS])
        for s in reg.states:
            row[f"score.{s}"] = round(model.score_values(s, snap), 4)
        rows.append(row)
    return rows


def failed_record(seed, label, personas, exc, scenario=None):
    rec = dict.fromkeys(columns(scenario), "")
    rec.update(seed=seed, label=label, status="failed", error=f"{type(exc).__name__}: {exc}")
    for s in registry().states:
        rec[f"persona.{s}"] = (personas or {}).get(s, "default")
    return rec


# ------------------------------------------------------------------------------ jobs
@dataclasses.dataclass(frozen=True)
class Job:
    """One game to play: picklable, cheap to send to a worker (the scenario travels as a path)."""

    seed: int
    scenario: str | None = None
    personas: tuple = ()  # ((seat, persona), ...)
    overrides: tuple = ()  # ((dotted, value), ...)
    per_turn: bool = False
    label: str = ""


def run_job(job):
    """Play one job; a game that raises becomes a failed record carrying its error."""
    personas = dict(job.personas)
    try:
        return play_game(job.scenario, personas, job.seed, job.overrides, job.per_turn, job.label)
    except Exception as exc:  # noqa: BLE001  (recorded, and the batch goes on)
        try:
            rec = failed_record(job.seed, job.label, personas, exc, job.scenario)
        except Exception:  # noqa: BLE001  (the scenario itself won't load)
            rec = failed_record(job.seed, job.label, personas, exc)
        rec["traceback"] = traceback.format_exc(limit=-3)
        return rec


def _ready():
    return os.getpid()


def run_chunk(jobs):
    """A worker's unit of work: several jobs in a row (amortises the round trip)."""
    return [run_job(job) for job in jobs]


def _chunks(jobs, size):
    chunk = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _warm(scenario=None, overrides=()):
    """Process-pool initializer: leave Ctrl-C to the parent (which stops the batch cleanly),
    import the engine and load the scenario once per worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    get_scenario(scenario, overrides)


class Runner:
    """Where games run: in this process (``workers=1``), a local process pool (``workers>1``),
    an existing Dask cluster (``scheduler`` address) or a new Dask LocalCluster (``dask_local``
    workers). The pool or cluster starts on first use and is reused until ``close()``, so
    several experiments pay its start-up once. ``warm`` = (scenario, overrides) to preload in
    each local worker."""

    def __init__(self, workers=1, scheduler=None, dask_local=None, warm=None):
        self.workers = dask_local or workers or 1
        self.scheduler, self.dask_local, self.warm = scheduler, dask_local, warm
        self.pool = self.client = self.cluster = None

    @property
    def backend(self):
        if self.scheduler:
            return f"dask:{self.scheduler}"
        if self.dask_local:
            return f"dask-local:{self.dask_local}"
        return f"processes:{self.workers}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def results(self, jobs, chunk_size=10, in_flight=None):
        """Yield the record of each job as it finishes (any order). At most ``in_flight``
        chunks are outstanding, so memory stays flat however many jobs there are."""
        in_flight = in_flight or max(2, 3 * self.workers)
        chunks = _chunks(jobs, chunk_size)
        if self.scheduler or self.dask_local:
            yield from self._dask(chunks, in_flight)
        elif self.workers <= 1:
            for chunk in chunks:
                yield from run_chunk(chunk)
        else:
            yield from self._pool(chunks, in_flight)

    @staticmethod
    def start_method():
        """``fork`` where it is safe (Linux, and this process has no other thread): workers
        start at once with the engine imported and the scenario loaded. Otherwise ``spawn``
        (what ``import mesa`` sets): each worker imports everything again (~1.5 s)."""
        import threading

        if sys.platform.startswith("linux") and threading.active_count() == 1:
            return "fork"
        return "spawn"

    def start(self):
        """Start the local process pool now (before any thread, e.g. a progress bar's monitor,
        exists; see ``start_method``). A no-op for the other backends or if already started."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is not None or self.scheduler or self.dask_local or self.workers <= 1:
            return
        if self.warm:
            get_scenario(*self.warm)  # loaded once here; forked workers inherit it
        ctx = multiprocessing.get_context(self.start_method())
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=_warm, initargs=self.warm or ()
        )
        # Workers start on demand; start them all now, while this process has one thread.
        for fut in [self.pool.submit(_ready) for _ in range(self.workers)]:
            fut.result()

    def _pool(self, chunks, in_flight):
        from concurrent.futures import FIRST_COMPLETED, wait

        self.start()
        pending = self._pending = set()
        try:
            for chunk in chunks:
                pending.add(self.pool.submit(run_chunk, chunk))
                if len(pending) >= in_flight:
                    yield from self._collect(pending, wait, FIRST_COMPLETED)
            while pending:
                yield from self._collect(pending, wait, FIRST_COMPLETED)
        finally:
            for fut in pending:
                fut.cancel()

    @staticmethod
    def _collect(pending, wait, when):
        done, _ = wait(pending, return_when=when)
        for fut in done:
            pending.discard(fut)
            yield from fut.result()

    def drain(self):
        """After an interrupt: the records of chunks that had already finished (so no finished
        game is lost), without waiting for the others."""
        out = []
        for fut in list(getattr(self, "_pending", ())):
            try:
                if fut.done() and not fut.cancelled():
                    out.extend(fut.result(timeout=0))
            except Exception:  # noqa: BLE001  (a chunk that died with the interrupt)
                pass
        self._pending = set()
        return out

    def _dask(self, chunks, in_flight):
        from distributed import Client, LocalCluster, as_completed

        if self.client is None:
            if self.scheduler:
                self.client = Client(self.scheduler)
            else:
                self.cluster = LocalCluster(
                    n_workers=self.dask_local,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)
        futures = as_completed()
        outstanding = self._pending = set()
        try:
            for chunk in chunks:
                fut = self.client.submit(run_chunk, chunk, pure=False)
                futures.add(fut)
                outstanding.add(fut)
                if len(outstanding) >= in_flight:
                    break
            for fut in futures:
                records = fut.result()
                outstanding.discard(fut)
                fut.release()
                nxt = next(chunks, None)
                if nxt is not None:
                    new = self.client.submit(run_chunk, nxt, pure=False)
                    futures.add(new)
                    outstanding.add(new)
                yield from records
        finally:
            if outstanding and self.client is not None:
                self.client.cancel(list(outstanding))


def iter_results(
    jobs, workers=1, scheduler=None, dask_local=None, chunk_size=10, in_flight=None, warm=None
):
    """Play ``jobs`` on a fresh Runner and yield each record as it finishes (any order)."""
    with Runner(workers, scheduler, dask_local, warm) as runner:
        yield from runner.results(jobs, chunk_size, in_flight)


# ------------------------------------------------------------------------------ streaming output
class RowWriter:
    """Appends rows to a CSV file in a fixed column order, flushed row by row (a kill loses at
    most the row being written; ``resume`` trims a torn last line)."""

    def __init__(self, path, cols, append=False):
        self.path, self.cols = Path(path), list(cols)
        fresh = not (append and self.path.exists() and self.path.stat().st_size > 0)
        self.fh = open(self.path, "w" if fresh else "a", newline="", encoding="utf-8")
        self.writer = csv.DictWriter(self.fh, fieldnames=self.cols, extrasaction="ignore")
        if fresh:
            self.writer.writeheader()
            self.fh.flush()

    def write(self, row):
        self.writer.writerow(row)

    def flush(self):
        self.fh.flush()

    def close(self):
        self.fh.close()


def _trim_torn_line(path):
    """Drop a half-written last line (a batch killed mid-write)."""
    with open(path, "rb+") as fh:
        data = fh.read()
        if data and not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


def done_seeds(path, cols):
    """Seeds already recorded in a games.csv (for --resume); the header must match ours."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    _trim_torn_line(path)
    seeds = set()
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != list(cols):
            raise ConfigError(
                path, "(header)", "columns differ from this version's; use a new --out directory"
            )
        for row in reader:
            if row:
                seeds.add(int(row[0]))
    return seeds


def _filter_turns(path, keep):
    """Keep only the per-turn rows of games recorded in games.csv (streamed, in place)."""
    path = Path(path)
    if not path.exists():
        return
    _trim_torn_line(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with (
        open(path, newline="", encoding="utf-8") as src,
        open(tmp, "w", newline="", encoding="utf-8") as dst,
    ):
        reader, writer = csv.reader(src), csv.writer(dst)
        header = next(reader, None)
        if header:
            writer.writerow(header)
            for row in reader:
                if row and int(row[0]) in keep:
                    writer.writerow(row)
    tmp.replace(path)


STRING_COLUMNS = ("label", "status", "error", "quarter")
STRING_PREFIXES = ("persona.", "grade.", "band.")
INT_COLUMNS = ("seed", "turn", "turns", "crisis", "alliance_survived", "thesis_holds")


def column_type(name):
    """The Parquet type of a record or per-turn column (fixed, so every batch has one schema)."""
    import pyarrow as pa

    if name in STRING_COLUMNS or name.startswith(STRING_PREFIXES):
        return pa.string()
    if name in INT_COLUMNS or name.startswith("fired."):
        return pa.int64()
    return pa.float64()


def csv_to_parquet(csv_path, parquet_path):
    """Convert a CSV to Parquet in streamed batches, with fixed column types (a failed game's
    empty cells become nulls). Returns the path, or None without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError:
        return None
    with open(csv_path, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh), [])
    opts = pacsv.ConvertOptions(
        column_types={c: column_type(c) for c in header}, strings_can_be_null=False
    )
    reader = pacsv.open_csv(csv_path, convert_options=opts)
    tmp = Path(parquet_path).with_name(f".{Path(parquet_path).name}.tmp")
    schema = pa.schema([(c, column_type(c)) for c in header])
    with pq.ParquetWriter(tmp, schema) as writer:
        for batch in reader:
            writer.write_table(pa.Table.from_batches([batch]))
    tmp.replace(parquet_path)
    return parquet_path


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
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
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
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if old.get("config") != config:
            raise ConfigError(
                manifest_path,
                "config",
                "--resume needs the same scenario, personas, --set and --per-turn as the first run",
            )
    if resume:
        skip = done_seeds(games_csv, cols)
        if per_turn:
            _filter_turns(turns_csv, skip)
    todo = [s for s in seeds if s not in skip]
    jobs = (
        Job(s, scenario_path, tuple(sorted(personas.items())), overrides, per_turn) for s in todo
    )
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
    bar, first = None, None

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
        for rec in runner.results(jobs):
            record(rec)
            if first is None:
                first = time.perf_counter() - t0
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
