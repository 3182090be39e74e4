"""Start-up: CPU seconds from a fresh interpreter to the first title frame drawn (headless),
and which heavy libraries were imported by then (Mesa, scipy, pandas, matplotlib).

    python benchmarks/bench_start.py [--runs 5]

Each run is a new process (``python -c``), so imports are counted; the CPU time is the
process's own (user + system), which the machine's other work barely changes. Two cases: a
first start (an empty saves folder) and a returning player's (a settings file, which is
schema-checked, and an autosave the title offers to resume). The other screens load behind the
title's first frame (``game.ui.front``); the time to the second frame, when every screen is
loaded, is reported too. Writes benchmarks/results/start.json. The bar (issue 15): the first
start's median at most 0.6 s.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "start.json"
HEAVY = ("mesa", "scipy", "pandas", "matplotlib")
BAR_S = 0.6

PROBE = """
import json, os, sys
from pathlib import Path
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
from game.ui.front import open_window
app = open_window(directory=Path(sys.argv[1]))
app.tick(0)
t = os.times()
heavy = [m for m in sys.argv[2:] if m in sys.modules]
app.tick(0)
t2 = os.times()
print(json.dumps({"cpu_s": t.user + t.system, "second_frame_cpu_s": t2.user + t2.system,
                  "frames": app.frames, "heavy": heavy}))
"""


def returning_player(folder):
    """A saves folder as a returning player has it: settings and an unfinished game's autosave."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = {"size": [1280, 720], "hover_preview": True, "autosave": True}
    (folder / "settings.json").write_text(json.dumps(settings))
    (folder / "autosave-JPN-baseline-20261202-080000.json").write_text("{}")
    return folder


def one_run(tmp):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp), *HEAVY],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"the probe failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first, back = Path(tmp) / "first", returning_player(Path(tmp) / "returning")
        first.mkdir()
        one_run(first)  # warm the OS file cache and the .pyc files
        runs = [one_run(first) for _ in range(args.runs)]
        returning = [one_run(back) for _ in range(args.runs)]
    cpu = [r["cpu_s"] for r in runs]
    median = statistics.median(cpu)
    back_cpu = [r["cpu_s"] for r in returning]
    loaded = [r["second_frame_cpu_s"] for r in runs]
    result = {
        "benchmark": "start",
        "what": "CPU seconds of a new process to the first title frame (headless)",
        "runs": args.runs,
        "cpu_s_median": round(median, 3),
        "cpu_s_min": round(min(cpu), 3),
        "cpu_s_max": round(max(cpu), 3),
        "cpu_s_runs": [round(c, 3) for c in cpu],
        "heavy_imported_at_title": runs[-1]["heavy"],
        "returning_player_cpu_s_median": round(statistics.median(back_cpu), 3),
        "returning_player_cpu_s_runs": [round(c, 3) for c in back_cpu],
        "every_screen_loaded_cpu_s_median": round(statistics.median(loaded), 3),
        "bar_cpu_s": BAR_S,
        "meets_bar": median <= BAR_S and not runs[-1]["heavy"],
        "python": sys.version.split()[0],
        "loadavg_1min": round(os.getloadavg()[0], 2),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"start: {median:.2f} s CPU to the title (min {min(cpu):.2f}, max {max(cpu):.2f}, "
        f"{args.runs} runs); imported by then: {', '.join(result['heavy_imported_at_title']) or 'none'}; "
        f"bar {BAR_S} s -> {'met' if result['meets_bar'] else 'NOT met'}"
    )
    print(
        f"returning player (settings + an autosave): {result['returning_player_cpu_s_median']:.2f} s;"
        f" every screen loaded (second frame): {result['every_screen_loaded_cpu_s_median']:.2f} s"
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
