"""Replay and branch: a branch at turn 8 with the same decision reproduces the original game
exactly; with a different one it diverges from turn 8 on and not before. Facilitator entries
(injected and custom events, parameter changes, notes) replay too."""

import json

import pytest

from game.engine import hidden
from game.engine.errors import GameError
from game.engine.saves import fingerprint, game_to_dict, save_game
from game.engine.scenario import load_scenario
from game.play import facilitator
from game.play.branch import branch, decision_at
from game.play.games import load_game
from game.play.model import TightropeModel
from main import main

BRANCH = 8


def _human_game(seed=5):
    """Japan played by a team that follows the advisor, with a facilitator at work."""
    model = TightropeModel(load_scenario(), seed=seed, humans=("JPN",))
    while not model.is_over():
        model.brief()
        if model.turn == 3:
            model.inject_event("cg_incursion")
        if model.turn == 5:
            facilitator.custom_event(
                model, "Typhoon hits Kyushu", [{"key": "JPN.economy", "add": -2}], by=""
            )
        if model.turn == 6:
            facilitator.set_parameter(model, "USA.BurdenSharingLedger.aggressiveness", 2.0)
            facilitator.note(model, "The facilitator paused the game for a discussion")
        advice = model.advice("JPN")
        model.submit("JPN", [a[0] for a in advice["actions"]], advice["responses"])
        model.step()
    return model


def _ai_game(seed=11):
    model = TightropeModel(load_scenario(), seed=seed)
    while not model.is_over():
        model.step()
    return model


def _other_decision(data, seat):
    actions, _ = decision_at(data, BRANCH, seat)
    if actions:
        return []
    model = TightropeModel(load_scenario(), seed=data["seed"])  # any cheap legal policy will do
    return [p for p in model.legal_actions(seat) if model.catalog.policies[p].cost <= 1][:1]


def _prefix_equal(a, b, turn):
    assert a.snapshots[:turn] == b.snapshots[:turn]
    assert [e for e in a.world.ledger if e[0] < turn] == [e for e in b.world.ledger if e[0] < turn]


@pytest.mark.parametrize("make", [_human_game, _ai_game], ids=["team-japan", "all-ai"])
def test_branch_with_the_same_decision_reproduces_the_game(make):
    original = make()
    data = game_to_dict(original)
    actions, responses = decision_at(data, BRANCH, "JPN")
    twin = branch(data, BRANCH, "JPN", actions, responses)
    assert twin.world.values == original.world.values
    assert twin.world.ledger == original.world.ledger
    assert twin.world.log == original.world.log
    assert fingerprint(twin) == fingerprint(original)


@pytest.mark.parametrize("make", [_human_game, _ai_game], ids=["team-japan", "all-ai"])
def test_branch_with_another_decision_diverges_from_that_turn_on(make, tmp_path):
    original = make()
    data = game_to_dict(original)
    other = branch(data, BRANCH, "JPN", _other_decision(data, "JPN"))
    _prefix_equal(original, other, BRANCH)
    assert original.snapshots[BRANCH] != other.snapshots[BRANCH]  # the start of turn 9
    assert [e for e in original.world.ledger if e[0] == BRANCH] != [
        e for e in other.world.ledger if e[0] == BRANCH
    ]
    # The branch is a game like any other: it saves, and loading replays it exactly.
    path = save_game(other, tmp_path / "branch.json")
    again = load_game(path)
    assert fingerprint(again) == fingerprint(other)
    marked = [d for d in json.loads(path.read_text())["decisions"] if d.get("branch")]
    assert [(d["turn"], d["seat"]) for d in marked] == [(BRANCH, "JPN")]


def test_facilitator_entries_survive_save_and_load(tmp_path):
    model = _human_game()
    kinds = {d["type"] for d in model.decision_log}
    assert {"inject", "custom_event", "set_parameter", "note", "decision"} <= kinds
    assert any(
        e[5] == "facilitator" and e[6].startswith("custom1_typhoon") for e in model.world.ledger
    )
    path = save_game(model, tmp_path / "class.json")
    again = load_game(path)
    assert again.world.log == model.world.log
    rule = next(r for r in again.seats["USA"].rules if r.name == "BurdenSharingLedger")
    assert rule.p["aggressiveness"] == 2.0
    assert load_scenario().parameters["USA"]["BurdenSharingLedger"]["aggressiveness"] == 1.0


def test_replay_and_branch_commands(tmp_path, capsys):
    model = _ai_game()
    save = save_game(model, tmp_path / "g.json")
    assert main(["replay", str(save), "--turn", "15", "--no-pause"]) == 0
    out = capsys.readouterr().out
    assert "(turn 15)" in out and "(turn 16)" in out and "(turn 14)" not in out
    assert "Decisions:" in out and "China–Japan relations" in out
    out_branch = tmp_path / "b.json"
    rc = main(
        [
            "replay",
            str(save),
            "--branch",
            "8",
            "--seat",
            "JPN",
            "--actions",
            "",
            "--save-branch",
            str(out_branch),
        ]
    )
    assert rc == 0 and out_branch.exists()
    assert (
        main(["replay", str(save), "--branch", "8", "--seat", "JPN", "--actions", "no_such_policy"])
        == 2
    )
    assert "no policy 'no_such_policy'" in capsys.readouterr().err


def test_after_the_branch_recorded_team_decisions_are_kept_where_still_legal():
    original = _human_game()
    data = game_to_dict(original)
    other = branch(data, BRANCH, "JPN", _other_decision(data, "JPN"))
    recorded = {d["turn"]: d for d in data["decisions"] if d["type"] == "decision"}
    played = {d["turn"]: d for d in other.decision_log if d["type"] == "decision"}
    assert set(played) == set(recorded)  # the team still decides every quarter
    for turn in sorted(played):
        if turn <= BRANCH:
            continue
        kept = played[turn]["actions"]
        # A subsequence of what the team recorded: nothing new, order kept, illegal ones dropped.
        it = iter(recorded[turn]["actions"])
        assert all(any(p == q for q in it) for p in kept), (turn, kept, recorded[turn]["actions"])


def test_without_recorded_decisions_the_team_seats_play_as_ai():
    original = _human_game()
    data = game_to_dict(original)
    other = branch(data, BRANCH, "JPN", [], keep_recorded=False)
    assert other.is_over()
    after = [d for d in other.decision_log if d["type"] == "decision" and d["turn"] > BRANCH]
    assert after and all(d["seat"] == "JPN" for d in after)


@pytest.mark.parametrize(
    "args, problem",
    [
        (["--branch", "17", "--seat", "JPN"], "the branch turn must be a played quarter, 1 to 16"),
        (["--branch", "3", "--seat", "XX"], "unknown state 'XX'"),
        (["--branch", "3"], "a branch needs --seat"),
        (
            ["--branch", "3", "--seat", "JPN", "--responses", "nonsense"],
            "write event_id=response_id",
        ),
    ],
)
def test_bad_branch_requests_are_one_line_errors(args, problem, tmp_path, capsys):
    save = save_game(_ai_game(), tmp_path / "g.json")
    assert main(["replay", str(save), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and problem in err and "Traceback" not in err


def test_replay_of_something_that_is_not_a_save(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["replay", str(bad)]) == 2
    assert "not a Tightrope save" in capsys.readouterr().err


def test_a_parameter_change_stays_in_its_own_game():
    """Games of one scenario share rule objects: a facilitator's change must not leak."""
    scenario = load_scenario()
    untouched = fingerprint(_played(TightropeModel(scenario, seed=5)))
    changed = TightropeModel(scenario, seed=5)
    changed.step()
    facilitator.set_parameter(changed, "USA.BurdenSharingLedger.aggressiveness", 3.0)
    facilitator.set_parameter(changed, "world.RelationsFollowTrust.rate", 0.5)
    rule = next(r for r in changed.seats["USA"].rules if r.name == "BurdenSharingLedger")
    assert rule.p["aggressiveness"] == 3.0
    assert changed.clone().seats["USA"].rules[1].p["aggressiveness"] == 3.0
    other = TightropeModel(scenario, seed=5)
    drawn = hidden.factors_of(other.scenario)["us_aggressiveness"]  # the game's hidden draw
    assert other.seats["USA"].rules[1].p["aggressiveness"] == 1.0 * drawn
    assert fingerprint(_played(other)) == untouched
    assert fingerprint(_played(changed)) != untouched


def _played(model):
    while not model.is_over():
        model.step()
    return model


def test_a_facilitator_sets_one_allys_value_and_the_replay_keeps_it(tmp_path):
    """``SEAT.Rule.name.ALLY`` in class changes that ally's value of a per-ally parameter, the
    other ally's kept; the log holds the whole mapping, so a replay plays the same game."""
    model = TightropeModel(load_scenario(), seed=8)
    model.step()
    rule = next(r for r in model.seats["USA"].rules if r.name == "BurdenSharingLedger")
    before = dict(rule.p["hns_demand"])
    entry = facilitator.set_parameter(model, "USA.BurdenSharingLedger.hns_demand.KOR", 12.5)
    assert entry["param"] == "USA.BurdenSharingLedger.hns_demand"
    assert entry["value"] == {**before, "KOR": 12.5} and entry["old"] == before
    rule = next(r for r in model.seats["USA"].rules if r.name == "BurdenSharingLedger")
    assert rule.p["hns_demand"] == {**before, "KOR": 12.5}
    listed = dict(facilitator.parameters(model))  # (listed ally by ally, as it is typed)
    assert listed["USA.BurdenSharingLedger.hns_demand.KOR"] == 12.5
    assert listed["USA.BurdenSharingLedger.hns_demand.JPN"] == before["JPN"]
    assert "USA.BurdenSharingLedger.hns_demand" not in listed
    words = facilitator.describe(model, entry)
    assert words == f"set USA.BurdenSharingLedger.hns_demand.KOR = 12.5 (was {before['KOR']!r})"
    while not model.is_over():
        model.step()
    replayed = load_game(save_game(model, tmp_path / "ally.json"))
    assert fingerprint(replayed) == fingerprint(model)
    with pytest.raises(GameError, match="aggressiveness is not a per-ally parameter"):
        facilitator.set_parameter(
            TightropeModel(load_scenario(), seed=8), "USA.BurdenSharingLedger.aggressiveness.JPN", 1
        )
    with pytest.raises(GameError, match="must be"):
        facilitator.set_parameter(
            TightropeModel(load_scenario(), seed=8), "USA.BurdenSharingLedger.hns_demand.JPN", 99
        )
