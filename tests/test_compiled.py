"""The compiled engine (game/engine/compiled.py): used only while it matches its sources, and,
used, it plays the same games bit for bit as the sources do."""

import hashlib
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from game.engine import compiled

ROOT = Path(__file__).resolve().parent.parent
EXT = sysconfig.get_config_var("EXT_SUFFIX")

# Plays a few games of benchmarks/same_games.py's variants and prints their hashes, with the
# file the engine's State came from (which engine ran).
PROBE = """
import json, sys
sys.path.insert(0, "benchmarks")
import same_games
from game import load_scenario
import game.engine.state
scenario = load_scenario()
games = {
    f"{name}/{seed}": same_games.play(scenario, seed, **same_games.VARIANTS[name])
    for name in ("ai", "ai-bare", "advised-JPN", "kind-tough")
    for seed in range(3)
}
for path in sorted(same_games.ROOT.joinpath("configs", "scenarios").glob("*.yaml")):
    games[f"ai/{path.stem}/7"] = same_games.play(load_scenario(path), 7)
print(json.dumps({"state": game.engine.state.__file__, "games": games}))
"""


def run_probe(pure):
    env = {**os.environ, compiled.PURE: "1" if pure else ""}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def write_manifest(folder, **changes):
    """A manifest in ``folder`` for libraries of a few bytes each (written there too)."""
    for m in compiled.MODULES:
        compiled.library(folder, m).parent.mkdir(parents=True, exist_ok=True)
        compiled.library(folder, m).write_bytes(b"\0" * 8)
    manifest = {
        "python": sys.version,
        "modules": {m: compiled.digest(m) for m in compiled.MODULES},
        "sizes": {m: 8 for m in compiled.MODULES},
    }
    manifest.update(changes)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_a_manifest_that_matches_every_source_is_fresh(tmp_path):
    write_manifest(tmp_path)
    assert compiled.fresh(tmp_path)


@pytest.mark.parametrize(
    "problem",
    [
        "edited source",
        "missing module",
        "other python",
        "not json",
        "no manifest",
        "a list",
        "library cut short",
        "library gone",
    ],
)
def test_a_stale_or_broken_overlay_is_not_used(tmp_path, problem):
    hashes = {m: compiled.digest(m) for m in compiled.MODULES}
    if problem == "edited source":
        write_manifest(tmp_path, modules={**hashes, "game.engine.state": "0" * 64})
    elif problem == "missing module":
        write_manifest(tmp_path, modules={m: h for m, h in hashes.items() if m != "agents.usa"})
    elif problem == "other python":
        write_manifest(tmp_path, python="3.11.0 (another build)")
    elif problem == "not json":
        (tmp_path / "manifest.json").write_text("{not json")
    elif problem == "a list":
        (tmp_path / "manifest.json").write_text("[1, 2]")
    elif problem == "library cut short":
        write_manifest(tmp_path)
        compiled.library(tmp_path, "game.engine.state").write_bytes(b"\0" * 3)
    elif problem == "library gone":
        write_manifest(tmp_path)
        compiled.library(tmp_path, "agents.usa").unlink()
    assert not compiled.fresh(tmp_path)


def test_a_types_file_counts_in_its_modules_digest():
    """world.pxd (the compiled engine's types for world.py) is part of what world compiles
    from: a build from before an edit to it is stale."""
    source = compiled.source("game.engine.world")
    types = source.with_suffix(".pxd")
    assert types.exists()
    plain = hashlib.sha256(source.read_bytes()).hexdigest()
    assert compiled.digest("game.engine.world") != plain
    assert (
        compiled.digest("game.engine.state")
        == hashlib.sha256(compiled.source("game.engine.state").read_bytes()).hexdigest()
    )  # (no .pxd: the source alone)


def test_tightrope_pure_runs_the_sources():
    out = run_probe(pure=True)
    assert out["state"].endswith("game/engine/state.py")


def test_compiled_and_sources_play_the_same_games():
    if not compiled.fresh(compiled.overlay_dir()):
        pytest.skip("the compiled engine is not built or is older than its sources (make fast)")
    fast, pure = run_probe(pure=False), run_probe(pure=True)
    assert fast["state"].endswith(EXT), "the overlay is fresh, so the compiled engine runs"
    assert pure["state"].endswith(".py")
    assert fast["games"] == pure["games"]
    assert len(fast["games"]) == 12 + len(list((ROOT / "configs" / "scenarios").glob("*.yaml")))


@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_compile_rejects_a_bad_jobs_count_in_one_line(jobs):
    out = subprocess.run(
        [sys.executable, "main.py", "compile", "--jobs", jobs],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "--jobs" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr
