"""The engine's speed-up on unchanged games, chained across the rule changes.

``bench_engine.py --against 4ee85a5`` compares games/s of two different games: the rules that
came after issue 15 (bargaining, coercion, hidden parameters, fatigue, the Diet) give today's
game several times the work of the one 4ee85a5 plays. What the engine work itself gained is
measured here like with like: each segment below is a commit before some engine work and the
commit after it, and both play the same games bit for bit (each commit says so: golden games
and ``benchmarks/same_games.py``). A segment's ratio is the after tree's games/s over the before
tree's, on paired runs; the chain's product is the speed-up of the engine work, each part
measured on the rules of its day. Commits that changed games (rules, balance) are in no
segment: what they cost or saved is not counted either way.

    python benchmarks/bench_engine_chain.py [--pairs 3] [--games 100]
    python benchmarks/bench_engine_chain.py --callgrind [--games 20]   # instructions, ~30 min

``--callgrind`` counts instructions per game under valgrind instead (repeatable whatever the
machine's load: N games minus none, over N). Writes benchmarks/results/engine_chain.json
(engine_chain_callgrind.json with ``--callgrind``).
"""

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import PROBE, ROOT, checkout, paired_runs  # noqa: E402

RESULTS_DIR = ROOT / "benchmarks" / "results"

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
]  # fmt: skip

# The bench's probe with no clock: valgrind counts what it runs.
COUNT_PROBE = PROBE.replace("start = time.process_time()\n", "").rsplit("print(", 1)[0]


def instructions(tree, games):
    """Instructions per game in ``tree``: a run of ``games`` games minus a run of none."""

    def count(n):
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
             "-c", COUNT_PROBE, str(tree), str(n)],
            cwd=tree, capture_output=True, text=True, check=False,
        )  # fmt: skip
        found = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
        if out.returncode or not found:
            raise SystemExit(f"callgrind failed in {tree}:\n{out.stderr[-2000:]}")
        return int(found.group(1))

    return (count(games) - count(0)) / games


def segment(before, after, args):
    with checkout(before) as (old, old_commit), checkout(after) as (new, new_commit):
        row = {"before": old_commit, "after": new_commit}
        if args.callgrind:
            a, b = instructions(old, args.games), instructions(new, args.games)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=3, help="paired runs per segment")
    ap.add_argument("--games", type=int, default=100, help="games per run (20 with --callgrind)")
    ap.add_argument("--callgrind", action="store_true", help="count instructions instead")
    args = ap.parse_args()
    if args.callgrind and args.games == 100:
        args.games = 20
    load_before = os.getloadavg()
    rows = []
    for before, after, what in SEGMENTS:
        print(f"{before} -> {after}: {what}")
        rows.append({**segment(before, after, args), "what": what})
        print(f"  x{rows[-1]['ratio']}")
    chain = math.prod(r["ratio"] for r in rows)
    result = {
        "benchmark": "engine_chain",
        "what": "the engine work's speed-up on unchanged games: per segment (two commits that "
        "play the same games bit for bit) the after tree's speed over the before tree's, and "
        "their product",
        "measure": "instructions per game (callgrind)"
        if args.callgrind
        else "games/s of CPU time, paired alternating runs, median ratio",
        "segments": rows,
        "chain_ratio": round(chain, 3),
        "bar_ratio_vs_before_issue_15": 1.5,
        "meets_ratio_bar": chain >= 1.5,
        "notes": "Each segment is measured on the rules of its day; commits that changed "
        "games are in no segment. bench_engine.py's ratio against 4ee85a5 compares different "
        "games (today's rules do several times the work).",
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    out = RESULTS_DIR / ("engine_chain_callgrind.json" if args.callgrind else "engine_chain.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"chain: x{result['chain_ratio']} over {len(rows)} segments ({result['measure']})")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
