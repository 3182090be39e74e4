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


def _keys():
    """A float indicator and a whole-number one (a ladder or count)."""
    from game.engine.registry import registry

    whole = next(k for k, i in registry().indicators.items() if i.is_int)
    return ("senkaku", whole)


@settings(max_examples=3000, deadline=None)
@given(
    value=st.one_of(
        st.floats(-1e6, 1e6, allow_nan=False),
        st.integers(-100000, 100000).map(lambda k: k / 200),  # ties: x.xx5 and x.5
        st.integers(-100000, 100000).map(lambda k: k / 100 + 1e-12),
        st.floats(2.0**50, 2.0**53),
        st.integers(-(10**6), 10**6),
    ),
)
def test_world_change_snaps_as_math_floor_does_to_the_bit(value):
    """World.change takes its floor in floats (C doubles in the compiled engine): the value it
    stores is math.floor's formula's, bit for bit (sign of zero included), whatever it is
    given, for a 0.01 indicator and a whole-number one."""
    from game.engine.registry import registry
    from game.engine.world import Cause, World

    for key in _keys():
        world = World({key: 0.123456})
        world.change(key, value, Cause("facilitator", "test"))
        got, want = world.values[key], registry().indicators[key].clamp(value)  # (math.floor)
        assert got == want and math.copysign(1.0, got) == math.copysign(1.0, want), (key, value)
