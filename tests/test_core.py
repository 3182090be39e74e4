"""The engine: world, ledger, turn loop, API, determinism, saves."""

import json
import subprocess
import sys

import pytest
from conftest import play

from game.engine.errors import DecisionsMissing, GameError
from game.engine.saves import fingerprint, game_to_dict, save_game
from game.engine.state import PHASES
from game.play.games import load_game, replay
from game.play.model import TightropeModel


def test_a_game_runs_sixteen_quarters_and_collects_every_headline_indicator(scenario):
    model = play(scenario, seed=1)
    assert model.steps == 16 and model.world.turn == 17
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 17  # the start plus one row per quarter
    assert set(model.reg.headline) <= set(frame.columns)
    assert (
        model.scenario.quarter_label(1) == "2025 Q1"
        and model.scenario.quarter_label(16) == "2028 Q4"
    )


def test_every_change_is_in_the_ledger_with_a_cause(scenario):
    model = play(scenario, seed=2)
    replayed = dict(scenario.values)
    for entry in model.world.entries():
        assert entry.before == replayed[entry.key], entry
        assert entry.kind in ("policy", "event", "response", "rule", "deal", "facilitator")
        assert entry.source and entry.phase in PHASES
        replayed[entry.key] = entry.after
    assert replayed == model.world.values


def test_values_stay_in_bounds(scenario):
    model = play(scenario, seed=3)
    for key, value in model.world.values.items():
        spec = model.reg[key]
        assert spec.lo <= value <= spec.hi, key


def test_same_seed_same_game_and_different_seed_different_game(scenario):
    a, b, c = play(scenario, 5), play(scenario, 5), play(scenario, 6)
    assert a.world.ledger == b.world.ledger and a.world.values == b.world.values
    assert a.world.ledger != c.world.ledger


def test_same_game_in_another_process(scenario):
    code = (
        "from game.play.model import TightropeModel\n"
        "from game.engine.saves import fingerprint\n"
        "m = TightropeModel(seed=11)\n"
        "while not m.is_over(): m.step()\n"
        "print(fingerprint(m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == fingerprint(play(scenario, 11))


def test_a_human_seat_without_decisions_gets_a_clear_error_not_an_ai_move(scenario):
    model = TightropeModel(scenario, seed=1, humans=("JPN",))
    with pytest.raises(DecisionsMissing, match="JPN must submit"):
        model.step()
    assert model.steps == 0 and model.world.turn == 1  # nothing happened
    model.submit("JPN", [], {e.id: e.responses[0].id for e in model.pending_events("JPN")})
    model.step()
    assert model.world.turn == 2 and model.steps == 1


def test_submit_refuses_illegal_and_unaffordable_choices(scenario):
    model = TightropeModel(scenario, seed=1, humans=("JPN",))
    with pytest.raises(GameError, match="no policy"):
        model.submit("JPN", ["no_such_policy"])
    with pytest.raises(GameError, match="is not legal.*only United States"):
        model.submit("JPN", ["us_press_japan"])  # another state's policy
    legal = model.legal_actions("JPN")
    capital = model.world.values["JPN.capital"]
    expensive = sorted(legal, key=lambda p: -model.catalog.policies[p].cost)
    picks, cost = [], 0
    for pid in expensive:
        picks.append(pid)
        cost += model.catalog.policies[pid].cost
        if cost > capital:
            break
    with pytest.raises(GameError, match="political capital"):
        model.submit("JPN", picks)
    with pytest.raises(GameError, match="twice"):
        model.submit("JPN", [legal[0], legal[0]])


def test_multi_turn_policy_completes_later(scenario):
    model = TightropeModel(scenario, seed=4, humans=("JPN",))
    model.world.values["JPN.capital"] = 10.0
    model.world.values["JPN.approval"] = 100.0  # the Diet passes it (agents/japan.py DietVotes)
    answers = {e.id: e.responses[0].id for e in model.pending_events("JPN")}
    model.submit("JPN", ["jpn_constitutional_revision"], answers)
    model.step()
    assert model.world.values["revision.JPN"] == 0
    assert "jpn_constitutional_revision" not in model.legal_actions("JPN")
    for _ in range(3):
        model.submit("JPN", [], {e.id: e.responses[0].id for e in model.pending_events("JPN")})
        model.step()
    assert model.world.values["revision.JPN"] == 1
    assert any(
        e["kind"] == "completed" and e["id"] == "jpn_constitutional_revision"
        for e in model.world.log
    )


def test_clone_is_independent_and_identical(scenario):
    model = TightropeModel(scenario, seed=8)
    for _ in range(3):
        model.step()
    twin = model.clone()
    while not model.is_over():
        model.step()
    while not twin.is_over():
        twin.step()
    assert twin.world.ledger == model.world.ledger


def test_advice_preview_and_scores(scenario):
    model = TightropeModel(scenario, seed=9, humans=("JPN",))
    model.brief()
    before = fingerprint(model)
    advice = model.advice("JPN")
    assert advice["actions"], "the advisor always has a suggestion at the start"
    pid, rule, reason = advice["actions"][0]
    assert pid in model.legal_actions("JPN") and rule and reason
    preview = model.preview("JPN", "jpn_taiwan_transit")
    assert preview["deltas"]["taiwan"] > 0
    assert any("CoerciveAnswer" in r for r in preview["reactions"])
    assert fingerprint(model) == before  # advice and previews never touch the game
    scores = model.scores()
    assert set(scores) == {"USA", "CHN", "JPN", "KOR"} and all(
        0 <= s <= 100 for s in scores.values()
    )
    assert model.returns() == [scores[s] for s in model.reg.states]


def test_save_load_replay_gives_the_identical_game(scenario, tmp_path):
    model = TightropeModel(scenario, seed=12, humans=("JPN",))
    for _ in range(6):
        advice = model.advice("JPN")
        model.submit("JPN", [a[0] for a in advice["actions"]], advice["responses"])
        model.step()
    path = save_game(model, tmp_path / "game.json")
    loaded = load_game(path)
    assert loaded.world.ledger == model.world.ledger and loaded.world.values == model.world.values
    assert loaded.world.turn == 7 and loaded.humans == ("JPN",)
    data = json.loads(path.read_text())
    assert replay(data, upto_turn=3).world.turn == 3
    # Both games go on identically.
    for game in (model, loaded):
        while not game.is_over():
            advice = game.advice("JPN")
            game.submit("JPN", [a[0] for a in advice["actions"]], advice["responses"])
            game.step()
    assert fingerprint(model) == fingerprint(loaded)


def test_injected_events_are_saved_and_replayed(scenario, tmp_path):
    model = TightropeModel(scenario, seed=13)
    model.step()
    model.inject_event("nk_nuclear_test")
    assert any(e.kind == "facilitator" for e in model.world.entries(turn=2))
    model.step()
    loaded = load_game(save_game(model, tmp_path / "s.json"))
    assert loaded.world.ledger == model.world.ledger
    assert game_to_dict(loaded)["decisions"] == game_to_dict(model)["decisions"]


def test_finished_models_and_clones_are_freed(scenario):
    import gc
    import weakref

    model = TightropeModel(scenario, seed=30)
    model.step()
    refs = [
        weakref.ref(model),
        weakref.ref(model.clone()),
        weakref.ref(model.clone(lookahead=True)),
    ]
    model.preview("JPN", model.legal_actions("JPN")[0])
    del model
    gc.collect()
    assert all(r() is None for r in refs), "a model outlived its last reference"


def test_a_finished_game_is_freed_without_the_cyclic_collector(scenario):
    """No reference cycles: a batch run's finished games go at once, not at the next sweep."""
    import gc
    import weakref

    gc.disable()
    try:
        model = TightropeModel(scenario, seed=31)
        while not model.is_over():
            model.step()
        assert model.steps == scenario.turns
        assert model.seats["JPN"].model is model
        refs = [weakref.ref(model), weakref.ref(model.seats["JPN"]), weakref.ref(model.clone())]
        del model
        assert all(r() is None for r in refs)
    finally:
        gc.enable()


def test_unavailable_policies_say_why(scenario):
    model = TightropeModel(scenario, seed=1)
    assert model.unavailable_reason("JPN", "jpn_raise_defence") == ""
    assert (
        model.unavailable_reason("USA", "us_ease_japan")
        == "needs US pressure on Japan >= 1 (it is 0)"
    )
    assert model.unavailable_reason("JPN", "us_press_japan") == "only United States can do this"
    model.world.values["JPN.capital"] = 0.0
    model._legal_cache.clear()
    assert model.unavailable_reason("JPN", "jpn_raise_defence").startswith("costs 2")


def test_distrust_misperceives_exactly_as_random_gauss(scenario):
    """Distrust.react draws its misperception with random.gauss inlined: the same trust, the
    same ledger and the same generator state (the spare normal draw included) as the loop
    written with ``model.random.gauss``, with no spare, with one, and with an odd count."""
    from agents.common import Distrust

    def with_gauss(rule, model):  # the rule's loop as it reads with random.gauss
        p, w = rule.p, model.world
        kind, name, seat, _ = rule.cause
        for actor, signal, via in model.perceived_by[seat]:
            perceived = signal + model.random.gauss(0.0, p["noise"])
            gain = p["gain_negative"] if perceived < 0 else p["gain_positive"]
            key = rule.reads[actor][0]
            w.change(key, w.values[key] + gain * perceived, (kind, name, seat, via))

    acts = [("CHN", 1.5, "a"), ("USA", -2.0, "b"), ("KOR", 0.25, "c")]
    for spare in (None, 0.3):
        for count in (1, 2, 5):
            models = [TightropeModel(scenario, seed=11, texts=False) for _ in range(2)]
            for model in models:
                model.random.gauss_next = spare
                model.perceived_by["JPN"] = (acts * 2)[:count]
            a, b = models
            rule = next(r for r in a.seats["JPN"].reaction_rules if isinstance(r, Distrust))
            rule.react(a)
            with_gauss(rule, b)
            assert a.world.values == b.world.values
            assert a.world.ledger == b.world.ledger
            assert a.random.getstate() == b.random.getstate()


def test_the_engine_shuffle_draws_exactly_as_random_shuffle():
    import random

    from game.engine.state import shuffle

    for seed in range(50):
        for size in (0, 1, 2, 7, 34, 100):
            mine, theirs = list(range(size)), list(range(size))
            a, b = random.Random(seed), random.Random(seed)
            shuffle(a, mine)
            b.shuffle(theirs)
            assert mine == theirs
            assert a.getstate() == b.getstate()


def test_preview_response_explains_each_answer(scenario):
    """The event pop-up's words: each answer's effects, signals and expected score change."""
    for seed in range(40):
        model = TightropeModel(scenario, seed=seed, humans=("JPN",))
        pending = model.pending_events("JPN")
        if pending:
            break
    else:
        pytest.fail("no seed in 0..39 gives Japan an event to answer in the first quarter")
    event = pending[0]
    before = fingerprint(model)
    previews = model.preview_response("JPN", event.id)
    assert [p["response"] for p in previews] == [r.id for r in event.responses]
    for p, r in zip(previews, event.responses, strict=True):
        assert len(p["direct"]) == len(r.effects)
        assert p["signals"] == dict(r.signals)
        assert p["score_change"] == round(
            model.score_after("JPN", r.effects) - model.score_after("JPN", ()), 2
        )
    assert fingerprint(model) == before, "a preview must not change the game"
    with pytest.raises(GameError, match="no event"):
        model.preview_response("JPN", "no_such_event")


def test_values_in_words_carry_their_units(scenario):
    """Full units in sentences; a narrow column (the turn screen's panel) keeps %, k and $bn,
    so a tariff reads 2%, not 2."""
    from game.engine.words import fmt_value

    reg = TightropeModel(scenario, seed=1).reg
    assert fmt_value(reg, "USA>KOR.tariff", 2) == "2%"
    assert fmt_value(reg, "USA>KOR.tariff", 2, with_unit="short") == "2%"
    assert fmt_value(reg, "troops.KOR", 28.5) == "28.5 thousand"
    assert fmt_value(reg, "troops.KOR", 28.5, with_unit="short") == "28.5k"
    assert fmt_value(reg, "troops.KOR", 28.5, with_unit=False) == "28.5"
    assert fmt_value(reg, "CHN-JPN.relations", 30, with_unit="short") == "30.0 (cold)"
