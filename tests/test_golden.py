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
