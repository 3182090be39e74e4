"""The debrief's reference games: N all-AI games of a save's scenario (seeds 0..N-1) on the
lab's runner, reduced to what the debrief shows (scores, end relations, crisis), cached on disk
under the engine's content fingerprint so only a change to what plays rebuilds them."""

import hashlib
import json
import os
from pathlib import Path

from game.engine.paths import ROOT, content_fingerprint
from game.engine.scenario import build_scenario
from game.engine.yamlio import write_atomic
from game.lab.runner import Job, Runner

DEFAULT_CACHE = ROOT / "out" / "reference"  # git-ignored
SMALL = 40  # games; fewer are played in this process (a pool's start-up costs more)


def reference_record(rec, seats):
    """What the debrief keeps of one game's record."""
    return {
        "seed": rec["seed"],
        "scores": {s: round(rec[f"score.{s}"], 3) for s in seats},
        "CHN-JPN.relations": rec["end.CHN-JPN.relations"],
        "crisis": bool(rec["crisis"]),
    }


def play_reference(scenario, seeds, workers=1):
    """All-AI games of a loaded scenario, one per seed, on the runner; sorted by seed (a game
    that fails is left out)."""
    seats, seeds = list(scenario.personas), list(seeds)
    jobs = (Job(seed, scenario) for seed in seeds)
    # The scenario travels with each chunk: a few large chunks (4 a worker) send it seldom.
    chunk = max(10, -(-len(seeds) // (4 * workers)))
    with Runner(workers, warm=(scenario, ())) as runner:
        records = runner.results(jobs, chunk_size=chunk)
        out = [reference_record(r, seats) for r in records if r["status"] == "ok"]
    return sorted(out, key=lambda r: r["seed"])


def reference_games(raw, path, n, cache_dir=DEFAULT_CACHE, workers=None):
    """N all-AI games of the scenario ``raw`` (a save's scenario data; ``path`` resolves its
    relative files), cached in ``cache_dir`` by the scenario, N and ``content_fingerprint()``."""
    stamp = [raw, n, content_fingerprint()]
    key = hashlib.sha256(json.dumps(stamp, sort_keys=True, default=str).encode()).hexdigest()[:16]
    cache = Path(cache_dir) / f"reference-{key}.json"
    if cache.exists():
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if isinstance(cached, list) and cached and len(cached) <= n:
                return cached
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt
    workers = workers or max(1, min(2, os.cpu_count() or 1))
    scenario = build_scenario(raw, str(path))
    results = play_reference(scenario, range(n), 1 if n < SMALL else workers)
    write_atomic(cache, json.dumps(results))
    return results


def save_reference(data, n, cache_dir=DEFAULT_CACHE, workers=None):
    """The reference games of the scenario inside a save's data (what a debrief is given)."""
    scenario = data["scenario"]
    return reference_games(scenario["data"], scenario.get("path") or "", n, cache_dir, workers)
