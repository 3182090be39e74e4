"""Golden games: 25 seeded all-AI games (5 seeds x the 4 scenarios of the pack), each reduced to
hashes of everything a game is: the save fingerprint, the whole world (values, ledger, news log,
flags, cooldowns, progress), the DataCollector's series, the rule firings and the last decisions.

``python tests/golden.py --write`` records them in ``tests/data/golden-games.json``; the test
``tests/test_golden.py`` replays them every run. A change that is meant to leave games bit for
bit the same (a restructure, a speed-up) must keep them; a rule change rewrites them on purpose.
"""

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLDEN = HERE / "data" / "golden-games.json"
SEEDS = range(5)


def _hash(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=list).encode()).hexdigest()[:16]


def game_facts(scenario, seed):
    try:
        from game import TightropeModel
        from game.engine.saves import fingerprint
    except ImportError:  # before the layers restructure
        from game.engine.saves import fingerprint
        from game.play.model import TightropeModel

    model = TightropeModel(scenario, seed=seed)
    while not model.is_over():
        model.step()
    w = model.world
    world = [w.values, w.ledger, w.log, w.flags, w.cooldowns, w.progress, w.turn]
    return {
        "fingerprint": fingerprint(model),
        "world": _hash(world),
        "series": _hash(model.datacollector.get_model_vars_dataframe().to_dict(orient="list")),
        "firings": _hash(sorted(model.rule_firings.items())),
        "decisions": _hash({s: list(d[:2]) for s, d in model.last_decisions.items()}),
    }


def all_facts():
    try:
        from game import load_scenario
    except ImportError:
        from game.engine.scenario import load_scenario

    out = {}
    for path in sorted((ROOT / "configs" / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path)
        for seed in SEEDS:
            out[f"{path.stem}/{seed}"] = game_facts(scenario, seed)
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    facts = all_facts()
    if "--write" in sys.argv:
        GOLDEN.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n")
        print(f"wrote {len(facts)} games to {GOLDEN}")
    else:
        old = json.loads(GOLDEN.read_text())
        bad = [k for k in old if old[k] != facts.get(k)]
        print(
            f"{len(old) - len(bad)} of {len(old)} games identical"
            + (f"; differ: {bad}" if bad else "")
        )
        sys.exit(1 if bad else 0)
