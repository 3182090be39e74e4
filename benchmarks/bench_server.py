"""The class server under load: 30 rooms x 5 clients (4 teams and a facilitator) on one server
(`main.py serve` in its own process), every room playing its whole game at once. For each room
and quarter: the time from the last team's submission to each of the room's 5 clients holding
the next quarter's view; the median and p99 over every client (bar: p99 <= 250 ms). And the
server's memory per room (its RSS with 30 rooms, less its RSS with 1, over 29).

Writes benchmarks/results/server.json. Usage: python benchmarks/bench_server.py [--rooms 30]
"""

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.net.client import Client  # noqa: E402

TEAMS = ("USA", "CHN", "JPN", "KOR")


def start(state, rooms):
    cmd = [sys.executable, "main.py", "serve", "--port", "0", "--state", str(state), "--fresh"]
    cmd += ["--rooms", str(rooms), "--timer", "0", "--reference-games", "0"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    url, found = None, []
    while len(found) < rooms:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server did not start")
        if url is None:
            url = re.search(r"on (ws://\S+)", line).group(1)
        m = re.search(r"room (\w+) .*facilitator PIN (\d+)", line)
        if m:
            found.append((m.group(1), m.group(2)))
    return proc, url, found


async def arrives(client, turn, t0):
    """Seconds from ``t0`` until the client holds the view of the quarter after ``turn``."""
    await client.wait_view(lambda v: v["turn"] > turn or v["over"], timeout=30)
    return time.perf_counter() - t0


async def play_room(url, code, pin, latencies):
    teams = {}
    for seat in TEAMS:
        c = await Client(url).connect()
        await c.hello(code, team=seat)
        teams[seat] = c
    fac = await Client(url).connect()
    await fac.hello(code, role="facilitator", pin=pin)
    everyone = [*teams.values(), fac]
    await fac.wait_view(lambda v: True)
    while not fac.view["over"]:
        turn = fac.view["turn"]
        decisions = {}
        for seat, c in teams.items():
            view = c.view  # pushed when the quarter began
            advice = (await c.request("advice"))["advice"]
            legal = {card["id"] for card in view["cards"] if card["available"]}
            answers = {
                e["id"]: advice["responses"].get(e["id"], e["responses"][0]["id"])
                for e in view["pending"]
            }
            decisions[seat] = ([a for a in advice["actions"] if a in legal], answers)
        for seat in TEAMS[:-1]:
            await teams[seat].submit(*decisions[seat])
        last = teams[TEAMS[-1]]
        t0 = time.perf_counter()
        send = asyncio.create_task(last.submit(*decisions[TEAMS[-1]]))

        got = await asyncio.gather(*(arrives(c, turn, t0) for c in everyone))
        latencies.extend(got)
        await send
    for c in everyone:
        await c.close()


async def load(url, rooms):
    latencies = []
    start_time = time.perf_counter()
    await asyncio.gather(*(play_room(url, code, pin, latencies) for code, pin in rooms))
    return latencies, time.perf_counter() - start_time


def rss(proc):
    return psutil.Process(proc.pid).memory_info().rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rooms", type=int, default=30)
    args = ap.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        one, _url, _ = start(Path(tmp) / "one", 1)
        time.sleep(0.5)
        base = rss(one)
        one.send_signal(signal.SIGTERM)
        one.wait()
        proc, url, rooms = start(Path(tmp) / "many", args.rooms)
        try:
            latencies, wall = asyncio.run(load(url, rooms))
            full = rss(proc)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    result = {
        "rooms": args.rooms,
        "clients": args.rooms * 5,
        "samples": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(ms[-1], 1),
        "bar_p99_ms": 250,
        "passes": p99 <= 250,
        "memory_per_room_mb": round((full - base) / max(1, args.rooms - 1) / 2**20, 2),
        "server_rss_mb": round(full / 2**20, 1),
        "wall_s": round(wall, 1),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],  # shared box
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(
        f"{args.rooms} rooms x 5 clients: last submission -> every client's next view: "
        f"median {result['median_ms']} ms, p99 {result['p99_ms']} ms (bar 250), "
        f"max {result['max_ms']} ms over {len(ms)} client-quarters; "
        f"{result['memory_per_room_mb']} MB per room; {wall:.1f} s"
    )
    out = ROOT / "benchmarks" / "results" / "server.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["passes"] else 1


if __name__ == "__main__":
    sys.exit(main())
