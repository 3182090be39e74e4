"""Engine speed: full 16-turn all-AI games per second in one process, default rule sets, as a
batch plays them (the scenario loaded once, no screen texts). CPU time (``time.process_time``),
which other work on a shared machine disturbs far less than wall time.

The engine a batch runs is the compiled one when it is built and fresh (``make fast``;
game/engine/compiled.py: the same sources through Cython, the same games bit for bit), else the
sources. The rounds alternate the two (``TIGHTROPE_PURE`` set for the sources) so both see the
load of the same moments: ``games_per_second_median`` is the engine a batch runs, beside it the
sources' figure and the paired ratio (compiled over sources: what compiling alone gains on the
same games). Without a fresh build only the sources are measured. The comparisons against other
commits (``--against``, ``--chain``) run the sources on both sides: engine work against engine
work, like with like.

    python benchmarks/bench_engine.py [--rounds 7] [--games 100] [--instructions 20]
    python benchmarks/bench_engine.py --against 4ee85a5 --against 8d85b9c [--pairs 8]

``--instructions N`` also counts the instructions a game takes (callgrind, over N games: the
same count whatever the load) and, from the rounds' median, the rate this machine ran them at
and the instructions a game that rate allows for 150 games/s: how far the engine is from issue
10's bar in work, not in seconds of a machine that is faster on some days than others.

``--against REV`` compares this tree with the engine at REV (checked out in a temporary git
worktree) on paired, alternating runs: each pair runs both trees in new processes one after
the other (which goes first alternates), so both see the machine's load of the same moment;
the ratio of each pair is this tree's games/s over REV's. Reports the median ratio and its
spread (min, max). Writes benchmarks/results/engine.json. Bars: 100 games/s (issue 2); 1.5x
the engine before issue 15 (4ee85a5), on paired runs (issue 15); 150 games/s (issue 10).

``--chain`` measures the engine work like with like: ``--against 4ee85a5`` compares two
different games (the rules that came after issue 15, bargaining, coercion, hidden parameters,
fatigue and the Diet, give today's game several times the work), so each segment of SEGMENTS
is a commit before some engine work and the commit after it, both playing the same games bit
for bit (each commit says so: golden games and ``benchmarks/same_games.py``). A segment's ratio
is the after tree's speed over the before tree's (paired runs; with ``--callgrind``,
instructions per game under valgrind, N games minus none over N, repeatable whatever the
load); the chain's product is what the engine work gained, each part measured on the rules of
its day. Commits that changed games are in no segment: what they cost is not counted either
way. Writes benchmarks/results/engine_chain.json (engine_chain_callgrind.json).

    python benchmarks/bench_engine.py --chain [--pairs 3]
    python benchmarks/bench_engine.py --chain --callgrind --games 30   # ~10 min
"""

import argparse
import concurrent.futures
import contextlib
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.compiled import PURE, fresh, overlay_dir  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "engine.json"
CHAIN_RESULTS = ROOT / "benchmarks" / "results"  # engine_chain.json, engine_chain_callgrind.json
BEFORE_ISSUE_15 = "4ee85a5"

# One run: N games after a short warm-up, in a new process, in the tree given as argv[1]. An
# engine older than issue 15 has no ``texts`` flag (it always wrote them): it plays as it was.
PROBE_SETUP = """
import inspect, sys, time
sys.path.insert(0, sys.argv[1])
from game.engine.scenario import load_scenario
from game.play.model import TightropeModel
games = int(sys.argv[2])
scenario = load_scenario()
params = inspect.signature(TightropeModel.__init__).parameters
kw = {"texts": False} if "texts" in params else {}
def play(seeds):
    for seed in seeds:
        model = TightropeModel(scenario, seed=seed, **kw)
        while not model.is_over():
            model.step()
play(range(10))
"""
PROBE = (
    PROBE_SETUP
    + """
start = time.process_time()
play(range(1000, 1000 + games))
print(games / (time.process_time() - start))
"""
)


def run(tree, games, pure=True):
    """games/s of one new process in ``tree``: its sources (``pure``), or its compiled engine
    if built and fresh there."""
    env = {**os.environ, PURE: "1" if pure else ""}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tree), str(games)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if out.returncode:
        raise SystemExit(f"the probe failed in {tree}:\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def checkout(rev):
    """(path, short commit) of ``rev`` checked out in a temporary git worktree."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "engine"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), rev],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        commit = subprocess.run(
            ["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        try:
            yield tree, commit
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
            )


def alternate(ours, theirs, pairs, games, label=None):
    """games/s of ``pairs`` paired runs of ``ours`` and ``theirs``, each a (tree, pure) side of
    ``run``; which goes first alternates, so both see the load of the same moment. Each pair
    is printed unless ``label`` is None."""
    rates = ([], [])
    for i in range(pairs):
        for side in (0, 1) if i % 2 == 0 else (1, 0):
            tree, pure = (ours, theirs)[side]
            rates[side].append(run(tree, games, pure))
        if label is not None:
            print(f"  {label}pair {i + 1}: {rates[0][-1]:.1f} vs {rates[1][-1]:.1f} games/s")
    return rates


def ratio_figures(ours, theirs):
    """The paired ratios (ours over theirs): median and spread."""
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return {
        "ratio_median": round(statistics.median(ratios), 3),
        "ratio_min": round(min(ratios), 3),
        "ratio_max": round(max(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
    }


def paired_runs(tree, other, pairs, games, label=""):
    """Paired, alternating runs of ``tree`` against ``other``, both from their sources: the
    median ratio of games/s and its spread."""
    ours, theirs = alternate((tree, True), (other, True), pairs, games, label)
    return {
        "pairs": pairs,
        "games_per_run": games,
        "games_per_second_median": round(statistics.median(ours), 1),
        "against_games_per_second_median": round(statistics.median(theirs), 1),
        **ratio_figures(ours, theirs),
        "games_per_second": [round(r, 1) for r in ours],
        "against_games_per_second": [round(r, 1) for r in theirs],
    }


def paired(rev, pairs, games):
    """Paired, alternating runs of this tree against ``rev``."""
    with checkout(rev) as (other, commit):
        figures = paired_runs(ROOT, other, pairs, games)
    return {"against": rev, "against_commit": commit, **figures}


# (before, after, the engine work between them). Each pair plays the same games, bit for bit.
SEGMENTS = [
    ("4ee85a5", "d396ad0", "issue 15: batch games skip screen texts, prerequisites compiled, "
     "apply_effects inlined, libyaml's loader"),
    ("333021c", "b3981bc", "one loop sums the rules' utilities; hidden draws share the "
     "scenario's rules; fatigue and resolution without extra calls"),
    ("2085566", "2e8dba3", "what-if scoring: compiled objectives, plans per effects, score "
     "caches that outlive unrelated changes"),
    ("3913a7c", "3dd909e", "quarter speed: percepts, fatigue and event indexes per scenario; "
     "one apply_effects loop"),
    ("ac83841", "00c919c", "bargaining judges only what a decision needs (bounds, snapshots)"),
    ("9d09b74", "6f9e910", "look-ahead caches per scenario (Game.memo)"),
    ("d6c3bd1", "9e21641", "rules read keys spelt once and this quarter's acts by tag; reasons "
     "and headlines worded only with texts; event answers indexed; objective sums resumed"),
    ("2b5e430", "00adbad", "indicator keys interned; what-if plans say where each objective's "
     "sum resumes; fatigue shares kept; misperception's gauss inlined (persona settings moved "
     "to configs/ on the way)"),
]  # fmt: skip

# The bench's probe with no clock, the measured games played inside one call of libffi's
# ffi_call (a Python function wrapped as a C callback and called through ctypes): callgrind
# counts only while it runs (--toggle-collect), so the import, the scenario's loading and the
# warm-up, whose counts vary by some millions from run to run (OpenBLAS's threads starting,
# addresses), are left out. Subtracting a run of no games left that noise in: +-1 M
# instructions a game at 30 games. libffi's symbols are there whatever the interpreter; a
# distribution's python3.11 is stripped of its own (functools_reduce, counted here before).
COUNT_PROBE = (
    PROBE_SETUP
    + """
import ctypes
ctypes.CFUNCTYPE(None)(lambda: play(range(1000, 1000 + games)))()
"""
)


def instructions(tree, games, pure=True):
    """Instructions per game in ``tree``: those run inside the probe's ``ffi_call``
    (the measured games and nothing else), over the games (repeatable to 0.1%)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    env[PURE] = "1" if pure else ""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--collect-atstart=no",
         "--toggle-collect=ffi_call", sys.executable, "-c", COUNT_PROBE, str(tree),
         str(games)],
        cwd=tree, capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    found = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if out.returncode or not found or not int(found.group(1)):
        raise SystemExit(f"callgrind failed in {tree}:\n{out.stderr[-2000:]}")
    return int(found.group(1)) / games


def instruction_figures(games, rates, pure):
    """The exact work of a game (instructions, whatever the load) beside the rounds' speed:
    their product is the rate this machine ran the engine at, and that rate over 150 is the
    work a game may take for issue 10's 150 games/s on this machine."""
    per_game = instructions(ROOT, games, pure)
    out = {"instructions_per_game": round(per_game), "instruction_games": games}
    if rates:
        rate = statistics.median(rates) * per_game
        out["machine_instructions_per_second"] = round(rate)
        out["instructions_per_game_for_150"] = round(rate / 150)
    return out


def segment(before, after, args):
    """One segment of the chain: its ratio (after over before) and the figures behind it."""
    with checkout(before) as (old, old_commit), checkout(after) as (new, new_commit):
        row = {"before": old_commit, "after": new_commit}
        if args.callgrind:
            # (both at once: a count doesn't depend on the load)
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                a, b = pool.map(lambda tree: instructions(tree, args.games), (old, new))
            row.update(
                {
                    "instructions_per_game_before": round(a),
                    "instructions_per_game_after": round(b),
                    "ratio": round(a / b, 3),  # the speed-up: fewer instructions a game
                }
            )
        else:
            figures = paired_runs(new, old, args.pairs, args.games, label=f"{new_commit}: ")
            row.update(figures)
            row["ratio"] = figures["ratio_median"]
    return row


def run_facts(load_before):
    """The load, machine and time a result was measured at (every JSON here records them)."""
    return {
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "python_build": sys.version,  # which build of it: a static PGO build is faster (Makefile)
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def chain(args):
    """The chain of SEGMENTS (see the module's docstring), written to its own JSON. With
    ``--segment I`` (repeatable; -1 the last) only those are measured again and the others'
    rows are kept from the JSON as they were measured."""
    load_before = os.getloadavg()
    name = "engine_chain_callgrind.json" if args.callgrind else "engine_chain.json"
    out = CHAIN_RESULTS / name
    kept = {}
    if args.segment and out.exists():
        kept = {
            (r["before"][:7], r["after"][:7]): r for r in json.loads(out.read_text())["segments"]
        }
    wanted = (
        {i % len(SEGMENTS) for i in args.segment} if args.segment else set(range(len(SEGMENTS)))
    )
    rows = []
    for i, (before, after, what) in enumerate(SEGMENTS):
        if i not in wanted and (before, after) in kept:
            rows.append(kept[before, after])
            continue
        print(f"{before} -> {after}: {what}")
        rows.append({**segment(before, after, args), "what": what})
        print(f"  x{rows[-1]['ratio']}")
    product = math.prod(r["ratio"] for r in rows)
    result = {
        "benchmark": "engine_chain",
        "what": "the engine work's speed-up on unchanged games: per segment (two commits that "
        "play the same games bit for bit) the after tree's speed over the before tree's, and "
        "their product",
        "measure": "instructions per game, counted inside the measured games only (callgrind)"
        if args.callgrind
        else "games/s of CPU time, paired alternating runs, median ratio",
        "segments": rows,
        "chain_ratio": round(product, 3),
        "bar_ratio_vs_before_issue_15": 1.5,
        "meets_ratio_bar": product >= 1.5,
        "notes": "Each segment is measured on the rules of its day; commits that changed "
        "games are in no segment. The plain ratio against 4ee85a5 compares different games.",
        **run_facts(load_before),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"chain: x{result['chain_ratio']} over {len(rows)} segments ({result['measure']})")
    print(f"wrote {out.relative_to(ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    ap.add_argument("--rounds", type=int, default=7, help="rounds of this tree alone")
    ap.add_argument("--games", type=int, default=100, help="games per round or run")
    ap.add_argument("--against", action="append", default=[], help="a git revision to pair with")
    ap.add_argument("--pairs", type=int, default=8, help="paired runs (3 a segment with --chain)")
    ap.add_argument("--chain", action="store_true", help="the like-with-like chain (SEGMENTS)")
    ap.add_argument("--callgrind", action="store_true", help="the chain in instructions a game")
    ap.add_argument(
        "--instructions", type=int, default=0, metavar="N",
        help="also count this tree's instructions a game over N games (callgrind, ~3 s a game)",
    )  # fmt: skip
    ap.add_argument(
        "--segment", type=int, action="append", default=[], help="with --chain: only these"
    )
    args = ap.parse_args()
    if args.chain:
        if args.callgrind and args.games == 100:
            args.games = 20  # (valgrind runs ~50x slower)
        if "--pairs" not in sys.argv:
            args.pairs = 3
        chain(args)
        if not (args.rounds and "--rounds" in sys.argv) and not args.against:
            return
    load_before = os.getloadavg()
    built = fresh(overlay_dir())
    if built:  # (compiled and sources alternate: the same moments' load)
        rates, source_rates = alternate((ROOT, False), (ROOT, True), args.rounds, args.games)
    else:
        rates, source_rates = [run(ROOT, args.games) for _ in range(args.rounds)], []
    comparisons = []
    for rev in args.against:
        print(f"paired runs against {rev}:")
        comparisons.append(paired(rev, args.pairs, args.games))
    result = {
        "benchmark": "engine",
        "what": "full 16-turn all-AI games per second of CPU time, one process, default rule "
        "sets, the scenario loaded once, no screen texts (as a batch plays them)",
        "engine": "compiled" if built else "sources",
        "games_per_round": args.games,
        "rounds": args.rounds,
    }
    if rates:
        median = statistics.median(rates)
        result.update(
            {
                "games_per_second_median": round(median, 1),
                "games_per_second_best": round(max(rates), 1),
                "games_per_second_worst": round(min(rates), 1),
                "games_per_second_rounds": [round(r, 1) for r in rates],
                "ms_per_game_median": round(1000 / median, 2),
                "bar_games_per_second": 100,
                "meets_bar": median >= 100,
                "bar_games_per_second_issue_10": 150,
                "meets_bar_issue_10": median >= 150,
            }
        )
    if source_rates:
        figures = ratio_figures(rates, source_rates)
        del figures["ratios"]
        result["sources"] = {
            "what": "the same rounds' games/s of the sources (TIGHTROPE_PURE), each round "
            "paired with a compiled one; ratio: compiled over sources, the same games",
            "games_per_second_median": round(statistics.median(source_rates), 1),
            "games_per_second_rounds": [round(r, 1) for r in source_rates],
            **figures,
        }
    if args.instructions:
        result["instructions_engine"] = result["engine"]
        result.update(instruction_figures(args.instructions, rates, pure=not built))
    if comparisons:
        result["paired"] = comparisons
        before = [c for c in comparisons if c["against_commit"].startswith(BEFORE_ISSUE_15)]
        if before:
            result["bar_ratio_vs_before_issue_15"] = 1.5
            result["meets_ratio_bar"] = before[0]["ratio_median"] >= 1.5
    result.update(
        {
            "notes": "CPU time of the playing process only. The machine is shared (2 cores, "
            "several other jobs): absolute games/s move with the load, the paired ratios much "
            "less. The engine before issue 15 plays its own, lighter rules (the physics and "
            "hidden parameters came after it), so that ratio is not one of equal work; the "
            "ratio against main just before this change plays the same games.",
            **run_facts(load_before),
        }
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    if rates:
        print(
            f"engine ({result['engine']}): {result['games_per_second_median']} games/s median "
            f"(CPU), {result['games_per_second_best']} best, "
            f"{result['games_per_second_worst']} worst of {args.rounds} rounds of {args.games} "
            "games"
        )
    if source_rates:
        s = result["sources"]
        print(
            f"sources: {s['games_per_second_median']} games/s median; compiled over sources "
            f"x{s['ratio_median']} (min {s['ratio_min']}, max {s['ratio_max']}, paired rounds)"
        )
    if args.instructions:
        print(
            f"{result['instructions_per_game'] / 1e6:.2f} M instructions a game; this machine "
            f"ran {result['machine_instructions_per_second'] / 1e9:.2f} G a second, so 150 "
            f"games/s here needs {result['instructions_per_game_for_150'] / 1e6:.1f} M a game"
        )
    for c in comparisons:
        print(
            f"vs {c['against']}: x{c['ratio_median']} median "
            f"(min {c['ratio_min']}, max {c['ratio_max']}, {c['pairs']} pairs)"
        )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
