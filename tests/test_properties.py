"""Property tests: random legal games never leave bounds, never produce NaN, never raise."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.scenario import load_scenario
from game.play.model import TightropeModel

SCENARIO = load_scenario()
PERSONAS = ("default", "random", "hawk", "dove")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**31 - 1),
    personas=st.lists(st.sampled_from(PERSONAS), min_size=4, max_size=4),
    human=st.sampled_from([None, "USA", "CHN", "JPN", "KOR"]),
    picks=st.randoms(use_true_random=False),
)
def test_random_legal_games_stay_in_bounds(seed, personas, human, picks):
    model = TightropeModel(
        SCENARIO,
        seed=seed,
        humans=(human,) if human else (),
        personas=dict(zip(model_states(), personas, strict=True)),
    )
    while not model.is_over():
        if human:
            legal = model.legal_actions(human)
            picks.shuffle(legal)
            capital, chosen = model.world.values[f"{human}.capital"], []
            for pid in legal[: picks.randint(0, 3)]:
                cost = model.catalog.policies[pid].cost
                if cost <= capital:
                    chosen.append(pid)
                    capital -= cost
            answers = {e.id: picks.choice(e.responses).id for e in model.pending_events(human)}
            model.submit(human, chosen, answers)
        model.step()
        for key, value in model.world.values.items():
            spec = model.reg[key]
            assert not math.isnan(value) and spec.lo <= value <= spec.hi, key
    assert all(0 <= s <= 100 for s in model.scores().values())


def model_states():
    return ("USA", "CHN", "JPN", "KOR")
