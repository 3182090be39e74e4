"""Every game bit for bit the same as the recorded golden games (see tests/golden.py)."""

import json

import pytest
from golden import GOLDEN, all_facts


@pytest.mark.slow
def test_golden_games_unchanged():
    recorded = json.loads(GOLDEN.read_text())
    now = all_facts()
    assert sorted(now) == sorted(recorded)
    differ = [k for k in recorded if recorded[k] != now[k]]
    assert not differ, (
        f"games changed: {differ} (a rule change? then run python tests/golden.py --write)"
    )


def test_batch_games_without_texts_are_the_same_games():
    """``texts=False`` (what a batch plays) skips the news log and the AIs' reasons only: the
    same values, ledger, draws, firings and decisions as a game with them, for 25 seeds."""
    from game import TightropeModel, load_scenario
    from game.engine.saves import fingerprint

    scenario = load_scenario()
    for seed in range(25):
        games = []
        for texts in (True, False):
            model = TightropeModel(scenario, seed=seed, texts=texts)
            while not model.is_over():
                model.step()
            games.append(model)
        full, bare = games
        assert fingerprint(full) == fingerprint(bare)
        assert full.world.values == bare.world.values and full.world.flags == bare.world.flags
        assert full.rule_firings == bare.rule_firings
        assert full.random.getstate() == bare.random.getstate()
        assert {s: d[:2] for s, d in full.last_decisions.items()} == {
            s: d[:2] for s, d in bare.last_decisions.items()
        }
        assert full.world.log and not bare.world.log
