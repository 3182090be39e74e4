"""The essay's predictions, as behaviour of the mechanics over many seeded games (issue 2)."""

from collections import Counter

import pytest
from conftest import play

from game.engine.scenario import load_scenario
from game.play.model import TightropeModel

SEEDS = range(200)


@pytest.fixture(scope="module")
def baseline_games(scenario):
    return [play(scenario, seed) for seed in SEEDS]


def test_pressure_brings_a_thaw_but_no_rapprochement(baseline_games):
    start = baseline_games[0].start_values["CHN-JPN.relations"]
    rose = sum(m.world.values["CHN-JPN.relations"] > start for m in baseline_games)
    bands = Counter(m.band("CHN-JPN.relations") for m in baseline_games)
    capped = bands["crisis"] + bands["cold"] + bands["pragmatic cooperation"]
    assert rose >= 0.25 * len(baseline_games), f"only {rose} thaws"
    assert capped >= 0.8 * len(baseline_games), bands


def test_the_alliance_survives_but_washington_leans_on_tokyo(baseline_games):
    survived = sum(m.band("alliance.USA-JPN") != "ruptured" for m in baseline_games)
    pressed = sum(max(s["pressure.JPN"] for s in m.snapshots) >= 1 for m in baseline_games)
    assert survived >= 0.95 * len(baseline_games)
    assert pressed > 0.5 * len(baseline_games)


def wedge_acts(model):
    return sum(1 for e in model.world.log if e["kind"] == "policy" and "wedge" in e["act"][4])


def test_more_us_pressure_means_more_chinese_courting(scenario):
    squeeze = load_scenario(
        None,
        [
            ("USA.BurdenSharingLedger.aggressiveness", 2.5),
            ("USA.BurdenSharingLedger.defence_demand", 3.5),
        ],
    )
    seeds = range(60)
    base = sum(wedge_acts(play(scenario, s)) for s in seeds)
    high = sum(wedge_acts(play(squeeze, s)) for s in seeds)
    assert high > base


def play_japan(scenario, seed, plan, turns=16):
    """Japan as a scripted human: ``plan(model)`` gives its policies each turn."""
    model = TightropeModel(scenario, seed=seed, humans=("JPN",))
    while not model.is_over() and model.world.turn <= turns:
        legal = set(model.legal_actions("JPN"))
        capital = model.world.values["JPN.capital"]
        chosen = []
        for pid in plan(model):
            cost = model.catalog.policies[pid].cost
            if pid in legal and cost <= capital:
                chosen.append(pid)
                capital -= cost
        model.submit("JPN", chosen, model.advice("JPN")["responses"])
        model.step()
    return model


def test_revision_and_rearmament_cost_chinas_trust(scenario):
    lower = 0
    seeds = range(30)
    for seed in seeds:
        hawk = play_japan(
            scenario, seed, lambda m: ["jpn_constitutional_revision", "jpn_defence_surge"], turns=8
        )
        quiet = play_japan(scenario, seed, lambda m: [], turns=8)
        lower += hawk.world.values["CHN>JPN.trust"] < quiet.world.values["CHN>JPN.trust"]
    assert lower >= 0.9 * len(seeds)


def test_the_china_hawk_guardrail_fires_when_japan_drifts_toward_china():
    warm = load_scenario(None, [("CHN-JPN.relations", 47)])
    fired = 0
    for seed in range(20):
        model = play_japan(
            warm,
            seed,
            lambda m: ["jpn_leaders_summit_china", "jpn_security_dialogue_china"],
            turns=4,
        )
        hits = [
            e for e in model.world.entries(key="pressure.JPN") if e.source == "ChinaHawkGuardrail"
        ]
        fired += bool(hits)
    assert fired >= 18


def test_meeting_us_demands_steps_pressure_down():
    pressed = load_scenario(None, [("pressure.JPN", 3)])
    pay = ["jpn_raise_defence", "jpn_host_nation_support"]
    down = 0
    for seed in range(20):
        payer = play_japan(pressed, seed, lambda m: pay, turns=6)
        shirker = play_japan(pressed, seed, lambda m: [], turns=6)
        eased = any(e.source == "us_ease_japan" for e in payer.world.entries(key="pressure.JPN"))
        down += eased and payer.world.values["pressure.JPN"] < shirker.world.values["pressure.JPN"]
    assert down >= 16
