"""The hidden parameters (game/engine/hidden.py) and diminishing returns (fatigue.py): exact,
deterministic, and never drawn from the game's main random stream."""

import random

import pytest
from rulekit import Situation, baseline

from game.engine import fatigue, hidden
from game.engine.scenario import uncertainty
from game.play.model import TightropeModel


def test_the_same_seed_draws_the_same_world_and_another_seed_another():
    assert hidden.draw(7) == hidden.draw(7)
    assert hidden.draw(7) != hidden.draw(8)
    for name, mult in hidden.draw(7).items():
        lo, hi = uncertainty()["factors"][name]["range"]
        assert lo <= mult <= hi


def test_the_draw_is_a_stream_of_its_own():
    expected = random.Random(f"hidden:{5}")
    factors = uncertainty()["factors"]
    assert hidden.draw(5) == {
        n: round(expected.uniform(*f["range"]), 4) for n, f in factors.items()
    }
    m = TightropeModel(baseline(), seed=5, deal=False)
    assert m.random.getstate() == random.Random(5).getstate()  # the main stream is untouched


def test_a_game_plays_on_its_own_copy_with_the_factors_applied():
    sc = baseline()
    m = TightropeModel(sc, seed=11)
    f = hidden.factors_of(m.scenario)
    assert f == hidden.draw(11) and hidden.base_of(m.scenario) is sc
    usa = m.scenario.parameters["USA"]["BurdenSharingLedger"]
    base = sc.parameters["USA"]["BurdenSharingLedger"]
    assert usa["aggressiveness"] == base["aggressiveness"] * f["us_aggressiveness"]
    kor = m.scenario.parameters["KOR"]["PayForTheAlliance"]
    assert kor["pressure_gain"] == pytest.approx(
        sc.parameters["KOR"]["PayForTheAlliance"]["pressure_gain"] / f["seoul_lean"]
    )
    assert sc.parameters["USA"]["BurdenSharingLedger"] is base  # the scenario is unchanged
    clone = m.clone()
    assert clone.scenario is m.scenario  # a clone keeps the draw, it doesn't draw again


def test_two_games_of_one_seed_play_identically():
    a, b = TightropeModel(baseline(), seed=3), TightropeModel(baseline(), seed=3)
    for _ in range(4):
        a.step(), b.step()
    assert a.world.values == b.world.values


def test_intelligence_brackets_the_truth_less_widely_as_turns_pass():
    m = TightropeModel(baseline(), seed=2)
    early = hidden.intelligence(m, "JPN")
    assert "domestic_volatility" in early and "us_aggressiveness" in early
    assert "seoul_lean" in hidden.intelligence(m, "JPN")
    assert "seoul_lean" not in hidden.intelligence(m, "KOR")  # Seoul knows its own mind
    m.world.turn = 13
    late = hidden.intelligence(m, "JPN")
    for name, e in early.items():
        assert late[name]["high"] - late[name]["low"] < e["high"] - e["low"]
    assert hidden.intelligence(m, "JPN") == late  # a query draws nothing
    assert hidden.intelligence_line(m, "JPN").startswith("Intelligence: ")


def test_fatigue_shrinks_a_reused_policy_geometrically_to_a_floor():
    s = {"window": 4, "decay": 0.7, "floor": 0.35}
    assert fatigue.scale((), 5, s) == 1.0
    assert fatigue.scale((4,), 5, s) == 0.7
    assert round(fatigue.scale((2, 4), 5, s), 4) == 0.49
    assert fatigue.scale((1, 2, 3, 4), 5, s) == 0.35  # 0.7 ** 4 = 0.24, floored
    assert fatigue.scale((1,), 6, s) == 1.0  # out of the window
    assert fatigue.remember((1, 3), 6, s) == (3, 6)


def test_a_reused_policy_does_less_in_resolution():
    m = Situation().model
    idle = {seat: ((), {}) for seat in m.reg.states}
    seen = []
    for _ in range(3):
        m._resolve({**idle, "JPN": (["jpn_people_exchange"], {})})
        seen.append(round(m.world.values["JPN>CHN.negative"], 2))
        m.world.turn += 1
    # configs/rules.yaml fatigue (window 2, decay 0.8, floor 0.6): 89, less 1.2 at full
    # strength, then 0.8 and 0.64 of it (the ledger rounds to 0.01)
    assert seen == [87.8, 86.84, 86.07]
    assert round(m.fatigue_share("jpn_people_exchange"), 3) == 0.64  # 0.8 ** 2 (two in the window)


def test_a_drawn_game_shares_its_base_scenarios_game_where_the_draw_changed_nothing():
    """Game.of(a game's drawn copy) reuses the base scenario's indexes and each rule object
    whose parameters the draw left alone; the rules it changed are new, with the drawn
    parameters; everything equals a Game built from scratch for the copy."""
    from game.engine.game import Game
    from game.engine.scenario import load_scenario

    base = load_scenario()
    drawn = hidden.for_game(base, 7)
    shared, fresh, like = Game.of(drawn), Game(drawn), Game.of(base)
    assert shared.deck is like.deck and shared.resolution is like.resolution
    pairs = list(zip(shared.world_rules, like.world_rules, fresh.world_rules, strict=True))
    for code in shared.seat_rules:
        rules = (shared.seat_rules[code], like.seat_rules[code], fresh.seat_rules[code])
        pairs += zip(*rules, strict=True)
    changed = [mine for mine, theirs, _ in pairs if mine is not theirs]
    assert changed and len(changed) < len(pairs)  # the draw moves a few rules, not all
    for mine, theirs, new in pairs:
        assert type(mine) is type(new) and mine.p == new.p and mine.seat == new.seat
        assert (mine is theirs) == (theirs.p == new.p)
    assert shared.relations_offset == fresh.relations_offset
