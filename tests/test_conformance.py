"""One conformance test run for every scenario in the pack (PettingZoo's api_test in spirit):
the same seed gives the same game; a clone plays identically; save, load and replay give the
same game; branching with the recorded decision reproduces the original; queries change
nothing and draw nothing."""

from pathlib import Path

import pytest

from game import TightropeModel, fingerprint, load_game, load_scenario, save_game
from game.engine.saves import game_to_dict
from game.play.branch import branch, decision_at

SCENARIOS = sorted(
    (Path(__file__).resolve().parent.parent / "configs" / "scenarios").glob("*.yaml")
)
SEED = 3


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def scenario(request):
    return load_scenario(request.param)


def _finish(model):
    while not model.is_over():
        model.step()
    return model


def _advised(model, turns=None):
    """Play on, each human seat taking the advisor's choice, to the end or ``turns``."""
    while not model.is_over() and (turns is None or model.turn <= turns):
        for seat in model.humans:
            advice = model.advice(seat)
            model.submit(seat, [a[0] for a in advice["actions"]], advice["responses"])
        model.step()
    return model


def _as_japan(scenario, seed, turns=None):
    return _advised(TightropeModel(scenario, seed=seed, humans=("JPN",)), turns)


def _state_key(model):
    return (fingerprint(model), model.random.getstate(), model.turn, len(model.world.log))


def test_same_seed_same_game(scenario):
    a = _finish(TightropeModel(scenario, seed=SEED))
    b = _finish(TightropeModel(scenario, seed=SEED))
    assert fingerprint(a) == fingerprint(b)
    assert a.world.log == b.world.log


def test_a_clone_plays_identically(scenario):
    model = TightropeModel(scenario, seed=SEED)
    while model.turn <= 5 and not model.is_over():
        model.step()
    twin = model.clone()
    assert fingerprint(_finish(model)) == fingerprint(_finish(twin))


def test_save_load_replay_same_game(scenario, tmp_path):
    model = _as_japan(scenario, SEED, turns=6)
    path = save_game(model, tmp_path / "g.json")
    loaded = load_game(path)
    assert _state_key(loaded) == _state_key(model)
    assert game_to_dict(loaded) == game_to_dict(model)
    # and both play on to the same end
    assert fingerprint(_advised(model)) == fingerprint(_advised(loaded))


def test_branch_with_recorded_decision_reproduces(scenario):
    original = _as_japan(scenario, SEED)
    data = game_to_dict(original)
    turn = min(5, data["turn"] - 1)
    actions, responses = decision_at(data, turn, "JPN")
    again = branch(data, turn, "JPN", actions, responses)
    assert fingerprint(again) == fingerprint(original)


def test_queries_change_nothing(scenario, tmp_path):
    model = TightropeModel(scenario, seed=SEED, humans=("JPN",))
    before = _state_key(model)
    assert model.phase == "decisions"
    legal = model.legal_actions("JPN")
    bundles = list(model.legal_bundles("JPN"))
    assert all(model.bundle_problem("JPN", list(b)) == "" for b in bundles)
    model.scores(), model.returns(), model.objective_scores("JPN")
    model.pending_events("JPN"), model.missing_decisions()
    model.advice("JPN")
    if legal:
        model.preview("JPN", legal[0])
    for event in model.pending_events("JPN"):
        model.preview_response("JPN", event.id)
    save_game(model, tmp_path / "q.json")
    game_to_dict(model)
    assert _state_key(model) == before
