"""Are the games bit for bit the same as before a speed-up? Hashes of 25 games per variant
(5 seeds x the scenarios of configs/scenarios/, plus 5 more seeds of the default scenario):
all-AI with and without texts, a human seat played by the advisor, and the difficulty
personas; each game reduced to its fingerprint, world, series, firings, decisions and random
state (tests/golden.py checks the recorded all-AI games; this covers what it doesn't).

    python benchmarks/same_games.py --write /tmp/before.json   # on the tree before
    python benchmarks/same_games.py --check /tmp/before.json   # on the tree after
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import TightropeModel, load_scenario  # noqa: E402
from game.engine.saves import fingerprint  # noqa: E402

SEEDS = range(5)
VARIANTS = {
    "ai": {},
    "ai-bare": {"texts": False},
    "advised-JPN": {"humans": ("JPN",)},
    "advised-USA-bare": {"humans": ("USA",), "texts": False},
    "kind-tough": {"personas": {"CHN": "tough", "USA": "kind"}, "humans": ()},
}


def _hash(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=list).encode()).hexdigest()[:16]


def play(scenario, seed, humans=None, **kw):
    model = TightropeModel(scenario, seed=seed, humans=humans, **kw)
    advice = []
    while not model.is_over():
        for seat in model.humans:
            a = model.advice(seat)
            advice.append([a["actions"], a["responses"], a["utilities"], a["explanation"]])
            model.submit(seat, [p for p, *_ in a["actions"]], a["responses"])
        model.step()
    w = model.world
    return {
        "fingerprint": fingerprint(model),
        "world": _hash([w.values, w.ledger, w.log, w.flags, w.cooldowns, w.progress, w.turn]),
        "deals": _hash([w.offers, w.deals]),
        "series": _hash(model.datacollector.model_vars),
        "firings": _hash(sorted(model.rule_firings.items())),
        "decisions": _hash({s: list(d) for s, d in model.last_decisions.items()}),
        "log": _hash(model.decision_log),
        "random": _hash(model.random.getstate()),
        "advice": _hash(advice),
    }


def all_games():
    paths = sorted((ROOT / "configs" / "scenarios").glob("*.yaml"))
    games = [(p, s) for p in paths for s in SEEDS] + [(paths[0], s) for s in range(5, 10)]
    scenarios = {p: load_scenario(p) for p in paths}
    out = {}
    for name, kw in VARIANTS.items():
        for path, seed in games:
            out[f"{name}/{path.stem}/{seed}"] = play(scenarios[path], seed, **kw)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--check", type=Path)
    args = ap.parse_args()
    facts = all_games()
    if args.write:
        args.write.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n")
        print(f"wrote {len(facts)} games to {args.write}")
    else:
        old = json.loads(args.check.read_text())
        bad = [k for k in old if old[k] != facts.get(k)]
        print(
            f"{len(old) - len(bad)} of {len(old)} games identical"
            + (f"; differ: {bad}" if bad else "")
        )
        sys.exit(1 if bad else 0)
