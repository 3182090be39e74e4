"""Where games run: one runner for the batch, the balance experiments and the debrief's
reference games. Jobs go to this process, a local process pool or a Dask cluster, in chunks,
with a bounded number in flight so memory stays flat; records come back as they finish."""

import dataclasses
import logging
import os
import sys
import time
import traceback
from collections import Counter

from game.engine.paths import CONFIGS
from game.engine.yamlio import read_yaml
from game.lab.records import failed_record, play_game
from game.lab.scenarios import get_scenario, scenario_key


# ------------------------------------------------------------------------------ jobs
@dataclasses.dataclass(frozen=True)
class Job:
    """One game to play, picklable. The scenario is a path (cheap to send; each worker loads it
    once) or a loaded Scenario (sent by value with each chunk, ~80 KiB: for a scenario that
    exists only as data, such as the one inside a save)."""

    seed: int
    scenario: object = None  # a path, None (the default scenario) or a loaded Scenario
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


def descendants():
    """This process's descendants by pid, less multiprocessing's resource tracker: spawning
    starts one a process, kept for the process's life (ended, the next spawn starts another)."""
    import psutil

    return {
        p.pid: p
        for p in psutil.Process().children(recursive=True)
        if p.pid != _resource_tracker_pid()
    }


def _resource_tracker_pid():
    from multiprocessing import resource_tracker

    return getattr(resource_tracker._resource_tracker, "_pid", None)


def _reap_children(before, timeout=5.0):
    """Wait for (then end) the child processes a LocalCluster started that still run after it
    closed, so a batch leaves no process behind in its process group."""
    import psutil

    children = [p for pid, p in descendants().items() if pid not in before]
    _gone, alive = psutil.wait_procs(children, timeout=timeout)
    for proc in alive:
        proc.terminate()
    _gone, alive = psutil.wait_procs(alive, timeout=timeout)
    for proc in alive:  # (a worker busy in a long game on a loaded machine, or deaf to TERM)
        proc.kill()
    psutil.wait_procs(alive, timeout=timeout)


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


PARENT_POLL_S = 1.0  # how often a worker without a parent-death signal checks its parent
SCHEDULER_TIMEOUT_S = 3  # a Dask scheduler that can't be reached fails within this
PROBE_TIMEOUT_S = 3  # a TCP connect to the scheduler's port, before Dask is imported


def die_with_parent(parent):
    """End this worker when its parent dies, even by SIGKILL (no orphans left playing):
    Linux's parent-death signal, else a watchdog thread that polls the parent's pid."""
    import signal
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
                if os.getppid() != parent:  # it died before the signal was set
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch():
        while os.getppid() == parent:
            threading.Event().wait(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watchdog").start()


def _warm(parent, scenario=None, overrides=()):
    """Process-pool initializer: die with the parent, leave Ctrl-C and SIGTERM to it (it stops
    the batch cleanly, keeping what finished), import the engine and load the scenario once
    per worker."""
    import signal

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    get_scenario(scenario, overrides)


DASK_SCHEMES = ("tcp", "tls", "inproc", "ucx", "ws", "wss")


def probe_scheduler(address):
    """Fail in a second or two, before Dask is imported (that alone takes seconds under load),
    when ``address`` names an unknown scheme, a host and port nothing listens on, or (over
    plain TCP) a server that doesn't greet as a Dask scheduler does."""
    import socket
    from urllib.parse import urlsplit

    from game.engine.errors import GameError

    def fail(reason):
        raise GameError(f"--scheduler {address}: cannot reach the Dask scheduler ({reason})")

    text = str(address)
    if len(text) > 300 or not text.isprintable():
        fail("not a scheduler address")
    scheme, sep, _rest = text.partition("://")
    if not sep:
        scheme, text = "tcp", "tcp://" + text
    if scheme not in DASK_SCHEMES:
        fail(f"unknown address scheme {scheme!r}; known: {', '.join(DASK_SCHEMES)}")
    if scheme not in ("tcp", "tls", "ws", "wss"):
        return
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port or 8786
    except ValueError as exc:
        fail(str(exc))
    if not host:
        fail("no host")
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S) as sock:
            if scheme == "tcp":  # a Dask server sends its handshake (msgpack) on accept
                seen = b""
                while b"compression" not in seen and len(seen) < 512:
                    chunk = sock.recv(512)
                    if not chunk:
                        break
                    seen += chunk
                if b"compression" not in seen:
                    fail(f"{host}:{port} answers, but not as a Dask scheduler")
    except TimeoutError:
        fail(f"no answer from {host}:{port} within {PROBE_TIMEOUT_S} s")
    except (OSError, UnicodeError) as exc:
        fail(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)


def connect(client_cls, address):
    """A Dask client for ``address``, or a one-line GameError naming it within seconds. Dask's
    own timeout covers the TCP connect but not a peer that accepts and never answers its
    handshake (any other server on that port), so the wait is also bounded here."""
    import threading

    from game.engine.errors import GameError

    box = {}

    def attempt():
        try:
            box["client"] = client_cls(address, timeout=SCHEDULER_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001  (reported below, in the caller's thread)
            box["error"] = exc

    thread = threading.Thread(target=attempt, daemon=True, name="dask-connect")
    thread.start()
    thread.join(SCHEDULER_TIMEOUT_S + 1)
    exc = box.get("error")
    if "client" in box:
        return box["client"]
    if exc is None:
        reason = f"no Dask handshake after {SCHEDULER_TIMEOUT_S} s"
    else:  # refused, timed out, or a peer that speaks another protocol (MemoryError, ...)
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    raise GameError(f"--scheduler {address}: cannot reach the Dask scheduler ({reason})")


class Runner:
    """Where games run: in this process (``workers=1``), a local process pool (``workers>1``),
    an existing Dask cluster (``scheduler`` address) or a new Dask LocalCluster (``dask_local``
    workers). The pool or cluster starts on first use and is reused until ``close()``, so
    several experiments pay its start-up once. ``warm`` = (scenario, overrides) to preload in
    each local worker."""

    def __init__(self, workers=1, scheduler=None, dask_local=None, warm=None):
        # No more local processes than cores: more only add memory and switching.
        self.workers = dask_local or min(workers or 1, os.cpu_count() or 1)
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
            self.cluster.close()  # stops the nannies and their worker processes
            self.cluster = None
            _reap_children(self._children_before)

    def results(self, jobs, chunk_size=10, in_flight=None, total=None):
        """Yield the record of each job as it finishes (any order). At most ``in_flight``
        chunks are outstanding, so memory stays flat however many jobs there are. ``total``
        (how many jobs, if ``jobs`` has no length) lets a Dask run shrink its last chunks so
        that no worker waits long at the end."""
        if self.scheduler or self.dask_local:
            if total is None and hasattr(jobs, "__len__"):
                total = len(jobs)
            yield from self._dask(jobs, in_flight, total)
            return
        in_flight = in_flight or max(2, 3 * self.workers)
        chunks = _chunks(jobs, chunk_size)
        if self.workers <= 1:
            for chunk in chunks:
                yield from run_chunk(chunk)
        else:
            yield from self._pool(chunks, in_flight)

    def map(self, fn, items):
        """``[fn(item) for item in items]`` on this runner's workers, in the order of ``items``:
        in this process with one worker, else on its process pool or Dask cluster (started on
        first use, closed by ``close()``). ``fn`` must be a module-level function; each item is
        one task, so group small pieces of work into chunks first. For callers whose work is
        not a batch Job (``results`` plays those)."""
        items = list(items)
        if self.scheduler or self.dask_local:
            client = self._connect()
            return client.gather(client.map(fn, items, pure=False))
        if self.workers <= 1:
            return [fn(item) for item in items]
        self.start()
        return list(self.pool.map(fn, items))

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
        """Start the local process pool or the Dask cluster now (before any thread, e.g. a
        progress bar's monitor, exists; see ``start_method``), with the ``warm`` scenario loaded
        (scattered, on Dask). A no-op in-process or if already started."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self.scheduler or self.dask_local:
            if self.client is None:
                self._connect()
                if self.warm:
                    self._scenario_future(Job(0, self.warm[0], overrides=self.warm[1]))
            return
        if self.pool is not None or self.workers <= 1:
            return
        if self.warm:
            get_scenario(*self.warm)  # loaded once here; forked workers inherit it
        ctx = multiprocessing.get_context(self.start_method())
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=ctx,
            initializer=_warm,
            initargs=(os.getpid(), *(self.warm or ())),
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

    def _connect(self):
        """The Dask client (and LocalCluster), started once; workers must run the same versions
        of Python and the scientific stack as this process (``get_versions(check=True)``)."""
        from distributed import Client, LocalCluster

        if self.client is None:
            if self.scheduler:
                self.client = connect(Client, self.scheduler)
            else:
                self._children_before = descendants()
                self.cluster, self.client = self._local_cluster(LocalCluster, Client)
            self.client.get_versions(check=True)
            self.work_by_worker = Counter()  # worker address -> games it played
            self.chunk_sizes = []  # games in each task sent, in order
            self._scattered = {}  # (scenario key, overrides) -> future of the loaded Scenario
            self._threads, self._threads_read = 1, -THREADS_REFRESH_S
        return self.client

    def _local_cluster(self, local_cluster, client):
        """A LocalCluster of forked workers (see ``local_cluster_config``) and its client. A fork
        copies this process's locks as they are, so a worker could hang at start on a lock some
        other thread held at that moment: forked workers get ``FORKED_START_S`` to come up, and
        failing that the cluster starts again with spawned ones (slower, never stuck)."""
        import dask

        config = local_cluster_config()
        first = config.get("distributed.worker.multiprocessing-method", "spawn")
        for method in dict.fromkeys((first, "spawn")):
            config["distributed.worker.multiprocessing-method"] = method
            with dask.config.set(config):  # the Nannies hand it on to their workers
                try:
                    cluster = local_cluster(
                        n_workers=self.dask_local,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        death_timeout=FORKED_START_S if method != "spawn" else None,
                    )
                except Exception as exc:
                    if method == "spawn":
                        raise
                    logging.getLogger(__name__).warning(
                        "forked Dask workers did not start (%s); starting spawned ones", exc
                    )
                    _reap_children(self._children_before)
                    continue
                return cluster, client(cluster)

    def cluster_threads(self):
        """Threads across the cluster's workers (re-read as workers join or leave, at most every
        ``THREADS_REFRESH_S``: each reading is a round trip to the scheduler that returns every
        worker's metrics, ~30 ms of this process's CPU, which read per chunk cost the two
        workers of a 2-core machine a tenth of their throughput)."""
        now = time.monotonic()
        if now - self._threads_read >= THREADS_REFRESH_S:
            workers = self.client.scheduler_info().get("workers", {})
            self._threads = sum(w.get("nthreads", 1) for w in workers.values()) or 1
            self._threads_read = now
        return self._threads

    def _scenario_future(self, job):
        """The job's scenario, loaded here and scattered to the cluster once (by value: a
        remote worker needs the installed package, not the scenario's files)."""
        key = (scenario_key(job.scenario), job.overrides)
        fut = self._scattered.get(key)  # (a loaded scenario is kept alive by its jobs)
        if fut is None:
            loaded = get_scenario(job.scenario, job.overrides)
            fut = self._scattered[key] = self.client.scatter(loaded, broadcast=True, hash=False)
        return fut

    def _dask(self, jobs, in_flight, total=None):
        """Chunks sized to ``DASK_CHUNK_S`` of a worker's CPU (from the games' measured CPU
        time), at most ``in_flight`` (default: twice the cluster's threads, re-read)
        outstanding. With ``total`` known, guided self-scheduling: no chunk holds more than
        1/``in_flight`` of the jobs not yet sent, so the last chunks shrink to single games and
        the workers finish together."""
        from distributed import as_completed

        client = self._connect()
        jobs = iter(jobs)
        per_game = DASK_FIRST_GUESS_S  # running estimate of a game's CPU seconds on a worker
        held = []  # a job read ahead that starts the next chunk (another scenario)
        sent = 0

        def same_as(job):
            return scenario_key(job.scenario), job.overrides

        def limit():
            return in_flight or 2 * self.cluster_threads()

        def next_chunk():
            nonlocal sent
            size = max(1, min(DASK_MAX_CHUNK, round(DASK_CHUNK_S / per_game)))
            if total is not None:  # (guided: at most a share of what is left to send)
                size = max(1, min(size, -(-(total - sent) // limit())))
            chunk = held[:]
            held.clear()
            for job in jobs:
                if chunk and same_as(job) != same_as(chunk[0]):
                    held.append(job)
                    break
                chunk.append(job)
                if len(chunk) >= size:
                    break
            if not chunk:
                return None
            sent += len(chunk)
            self.chunk_sizes.append(len(chunk))
            plain = [dataclasses.replace(job, scenario=None, overrides=()) for job in chunk]
            return client.submit(run_chunk_on, self._scenario_future(chunk[0]), plain, pure=False)

        def fill():
            while len(outstanding) < limit():
                fut = next_chunk()
                if fut is None:
                    return
                futures.add(fut)
                outstanding.add(fut)

        futures = as_completed()
        outstanding = self._pending = set()
        try:
            fill()
            for fut in futures:
                records, worker, seconds = fut.result()
                outstanding.discard(fut)
                fut.release()
                self.work_by_worker[worker] += len(records)
                if records:
                    per_game = 0.5 * per_game + 0.5 * seconds / len(records)
                fill()
                yield from records
        finally:
            if outstanding and self.client is not None:
                self.client.cancel(list(outstanding))


# A Dask task should hold >= ~100 ms of work (Dask's advice) so that the client's and the
# scheduler's costs per task stay small next to it. Each task costs this process (where a
# LocalCluster's scheduler runs) ~12 ms of CPU, taken from the workers on a small machine: at
# 0.25 s chunks that was 0.8 ms a game, at 1 s 0.2 ms. Chunks aim at this many CPU seconds of
# a worker; guided sizing (``Runner._dask``) keeps the end from waiting on a big last chunk.
DASK_CHUNK_S = 1.0
DASK_FIRST_GUESS_S = 0.02  # CPU seconds of a default game, before any chunk has been timed
DASK_MAX_CHUNK = 1000
FORKED_START_S = 60  # forked workers not up by then start again spawned (``_local_cluster``)
THREADS_REFRESH_S = 1.0  # how often the runner re-reads the cluster's threads (workers join, leave)
DASK_CONFIG = CONFIGS / "dask.yaml"  # our workers' Dask settings (why: the file's comments)


def dask_settings():
    """configs/dask.yaml as the dotted keys ``dask.config.set`` takes (a nested mapping given
    to it would replace whole sections of Dask's defaults)."""

    def flat(tree, prefix=""):
        for key, value in tree.items():
            if isinstance(value, dict):
                yield from flat(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", value

    return dict(flat(read_yaml(DASK_CONFIG)))


def local_cluster_config():
    """Dask settings for our LocalClusters: configs/dask.yaml's, and on Linux workers forked
    from this process, with Dask, the engine and the scenario already imported, instead of
    spawned interpreters that import them all again: 0.2 s from LocalCluster() to the first
    result against 4-6 s on 2 busy cores. (Forking here, where the cluster's event loop runs in
    a thread, is Dask's own supported ``fork`` method; the pool avoids fork with threads only
    because it need not.)"""
    config = dask_settings()
    if sys.platform.startswith("linux"):
        config["distributed.worker.multiprocessing-method"] = "fork"
    return config


def run_chunk_on(scenario, jobs):
    """A Dask worker's unit of work: jobs played on ``scenario`` (scattered once, by value).
    Returns (records, this worker's address, CPU seconds), for the runner's accounting (CPU, not
    wall time: on a busy machine a game's wall time swells, and chunks sized by it shrink just
    when their per-task cost hurts most)."""
    from distributed import get_worker

    start = time.thread_time()
    records = [run_job(dataclasses.replace(job, scenario=scenario)) for job in jobs]
    return records, get_worker().address, time.thread_time() - start


def iter_results(
    jobs, workers=1, scheduler=None, dask_local=None, chunk_size=10, in_flight=None, warm=None
):
    """Play ``jobs`` on a fresh Runner and yield each record as it finishes (any order)."""
    with Runner(workers, scheduler, dask_local, warm) as runner:
        yield from runner.results(jobs, chunk_size, in_flight)
