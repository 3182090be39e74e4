"""Broken scenarios, catalogues, decisions and saves: one clear line, exit code 2, no traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "configs" / "scenarios" / "baseline-2025.yaml"


def cli(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def assert_clear_error(result, *needles):
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def scenario_file(tmp_path, body, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(f"extends: {BASELINE}\n{body}")
    return path


BROKEN_SCENARIOS = [
    ("name: x\nturns: 0\n", "turns", "whole number"),
    ("name: x\nvalues:\n  JPN.defence: 12\n", "values.JPN.defence", "outside"),
    ("name: x\nvalues:\n  JPN.defense: 2\n", "values.JPN.defense", "not an indicator"),
    ("name: x\npersonas: {JPN: genius}\n", "personas.JPN", "unknown persona"),
    ("name: x\nhumans: [JAPAN]\n", "humans", "state codes"),
    (
        "name: x\nparameters: {USA: {BurdenSharingLedger: {agressiveness: 2}}}\n",
        "agressiveness",
        "not a parameter",
    ),
    ("name: x\nparameters: {USA: {WedgeDriving: {gain: 2}}}\n", "WedgeDriving", "has no rule"),
    (
        "name: x\nparameters: {USA: {BurdenSharingLedger: {aggressiveness: lots}}}\n",
        "aggressiveness",
        "must be a number",
    ),
    ("name: x\nturn: 12\n", "turn", "not a scenario field"),
    ("name: x\nvalues: {senkaku: [40\n", "line", "not valid YAML"),
    ("name: x\nstart: {year: 2025, quarter: 5}\n", "start.quarter", "1, 2, 3 or 4"),
    # 1e308 is a number (YAML 1.1 would read it as text: "must be a number, not '1e308'")
    ("name: x\nvalues:\n  JPN.defence: 1e308\n", "values.JPN.defence", "1e+308 is outside"),
    ("name: x\nturns: 1e400\n", "turns", "finite"),
]


@pytest.mark.parametrize(("body", "field", "problem"), BROKEN_SCENARIOS)
def test_broken_scenario(tmp_path, body, field, problem):
    path = scenario_file(tmp_path, body)
    assert_clear_error(cli("validate", path), str(path), field, problem)
    assert_clear_error(cli("run", "--scenario", path, "--quiet"), str(path), field, problem)


def test_scenario_with_missing_values_and_no_parent(tmp_path):
    path = tmp_path / "lonely.yaml"
    path.write_text("name: lonely\nvalues: {senkaku: [40, 'a guess']}\n")
    assert_clear_error(cli("validate", path), "lonely.yaml", "is missing")


def test_scenario_that_extends_a_missing_file(tmp_path):
    path = tmp_path / "orphan.yaml"
    path.write_text("extends: nowhere.yaml\nname: x\n")
    assert_clear_error(cli("validate", path), "extends", "no such scenario")


POLICY = """policies:
  - id: jpn_test
    name: Test
    by: JPN
    category: diplomacy
    cost: 1
    effects: [{key: senkaku, add: -1}]
    source: test
    description: test
"""

BROKEN_POLICIES = [
    (POLICY.replace("cost: 1", "cost: 11"), "policies[jpn_test].cost", "0 to 10"),
    (POLICY.replace("by: JPN", "by: TWN"), "policies[jpn_test].by", "must be one of"),
    (
        POLICY.replace("category: diplomacy", "category: war"),
        "policies[jpn_test].category",
        "must be one of",
    ),
    (
        POLICY.replace("{key: senkaku, add: -1}", "{key: senkaku, add: __import__('os')}"),
        "policies[jpn_test].effects",
        "must be a number",
    ),
    (
        POLICY.replace("{key: senkaku, add: -1}", "{key: senkaku, multiply: 2}"),
        "policies[jpn_test].effects",
        "unknown field",
    ),
    (POLICY.replace("    source: test\n", ""), "policies[jpn_test].source", "is missing"),
    (
        POLICY + "    requires: ['senkaku >> 40']\n",
        "policies[jpn_test].requires[0]",
        "cannot read condition",
    ),
    (POLICY + POLICY.split("policies:\n")[1], "policies[jpn_test].id", "used twice"),
]


@pytest.mark.parametrize(("text", "field", "problem"), BROKEN_POLICIES)
def test_broken_policy_catalogue(tmp_path, text, field, problem):
    path = tmp_path / "policies.yaml"
    path.write_text(text)
    assert_clear_error(cli("validate", path), str(path), field, problem)


def test_broken_event_deck(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n  - id: e1\n    title: T\n    text: T\n    chance: 0.5\n    source: s\n"
        "    responses:\n      - {id: a, label: A}\n      - {id: b, label: B}\n"
    )
    assert_clear_error(cli("validate", path), "events[e1].actor", "needs the state that answers")
    path.write_text(
        "events:\n  - id: e1\n    title: T\n    text: T\n    chance: 1.5\n    source: s\n"
    )
    assert_clear_error(cli("validate", path), "events[e1].chance", "0 to 1")


@pytest.fixture()
def save(tmp_path):
    result = cli("run", "--seed", 3, "--quiet", "--save", tmp_path / "ok.json")
    assert result.returncode == 0, result.stderr
    return json.loads((tmp_path / "ok.json").read_text())


def test_truncated_save(tmp_path, save):
    path = tmp_path / "trunc.json"
    path.write_text(json.dumps(save)[:500])
    assert_clear_error(
        cli("replay", path) if _has("replay") else _load(path), "trunc.json", "not valid JSON"
    )


def test_foreign_and_tampered_saves(tmp_path, save):
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"hello": "world"}))
    assert_clear_error(_load(foreign), "foreign.json", "not a Tightrope save")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**save, "version": 99}))
    assert_clear_error(_load(newer), "version", "not supported")
    tampered = tmp_path / "tampered.json"
    save["decisions"] = [
        {
            "turn": 1,
            "type": "decision",
            "seat": "USA",
            "actions": ["jpn_raise_defence"],
            "responses": {},
        }
    ]
    tampered.write_text(json.dumps(save))
    assert_clear_error(
        _load(tampered), "tampered.json", "turn 1, USA", "jpn_raise_defence", "only Japan"
    )


def _has(command):
    return (ROOT / "game" / "commands" / f"{command}.py").exists()


def _load(path):
    code = (
        "import sys\nfrom game.play.games import load_game\nfrom game.engine.errors import TightropeError\n"
        f"try:\n    load_game({str(path)!r})\nexcept TightropeError as e:\n"
        "    print(f'error: {e}', file=sys.stderr); sys.exit(2)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


def test_bad_command_line_arguments(tmp_path):
    assert_clear_error(cli("run", "--seed", "abc"), "--seed", "invalid seed")
    assert_clear_error(cli("run", "--seed", "-1"), "--seed", "must be from 0")
    assert_clear_error(cli("run", "--set", "turns=0", "--quiet"), "--set: turns", "whole number")
    assert_clear_error(
        cli("run", "--set", "JPN.defence=99", "--quiet"), "--set: JPN.defence", "outside"
    )
    assert_clear_error(cli("run", "--persona", "JPN=genius", "--quiet"), "genius")
    assert_clear_error(
        cli("run", "--persona", "XXX=hawk", "--quiet"), "--persona", "not a state code"
    )
    # An unknown seat or rule that only the override names is the override's fault, not the
    # scenario file's.
    assert_clear_error(
        cli("run", "--set", "USA.Nope.x=1", "--quiet"), "--set: USA.Nope.x", "has no rule"
    )
    assert_clear_error(cli("run", "--set", "XXX.Distrust.x=1", "--quiet"), "--set: XXX.Distrust")
    # A per-ally parameter takes a YAML mapping, read as files are; each value is checked.
    gap = "USA.BurdenSharingLedger.ultimatum_gap"
    assert cli("run", "--set", f"{gap}={{JPN: 0.7, KOR: 0.5}}", "--quiet").returncode == 0
    for value, problem in (
        ("0.7", "must be a mapping of JPN, KOR"),
        ("{JPN: 0.7}", "must be a mapping of JPN, KOR"),
        ("{JPN: 0.7, KOR: x}", "KOR must be a number"),
        ("{JPN: 0.7", "not valid YAML"),
        ("{JPN: !!python/object/apply:os.system [ls], KOR: 1}", "--set"),
    ):
        assert_clear_error(
            cli("run", "--set", f"{gap}={value}", "--quiet"), f"--set: {gap}", problem
        )
    assert_clear_error(
        cli("run", "--scenario", tmp_path / "none.yaml"), "none.yaml", "no such file"
    )
    assert_clear_error(cli("run", "--as", "JPN"), "--decisions", "needs a decisions file")
    # An output nobody can write (root included) is refused before any game is played.
    assert_clear_error(cli("run", "--save", "/proc/g.json"), "--save", "cannot be written")
    assert_clear_error(cli("health", "--quick", "--out", "/proc/h"), "--out", "cannot be written")


def test_decisions_file_problems(tmp_path):
    path = tmp_path / "jpn.yaml"
    path.write_text("seat: JPN\nturns:\n  1: [jpn_no_such_policy]\n")
    assert_clear_error(
        cli("run", "--as", "JPN", "--decisions", path, "--quiet"), "turns.1", "no policy"
    )
    path.write_text("seat: JPN\nturns:\n  1: []\n")
    # Seed 5 deals Japan a coast-guard incursion to answer in the first quarter.
    assert_clear_error(
        cli("run", "--as", "JPN", "--decisions", path, "--quiet", "--seed", 5),
        "turns.1.responses.cg_incursion",
        "answer it with one of",
    )
    answers = "{cg_incursion: protest, yasukuni_visit: stay_away}"  # seed 5 deals both
    path.write_text(f"seat: JPN\nturns:\n  1: {{policies: [], responses: {answers}}}\n")
    assert_clear_error(
        cli("run", "--as", "JPN", "--decisions", path, "--quiet", "--seed", 5),
        "turns.2",
        "no decisions for 2025 Q2",
    )


def test_a_good_decisions_file_plays_and_saves(tmp_path):
    path = tmp_path / "jpn.yaml"
    path.write_text("seat: JPN\nfallback: advisor\nturns:\n  1: [jpn_raise_defence]\n")
    result = cli("run", "--as", "JPN", "--decisions", path, "--save", tmp_path / "g.json")
    assert result.returncode == 0, result.stderr
    assert "JPN: jpn_raise_defence" in result.stdout and "Thesis check" in result.stdout
    assert json.loads((tmp_path / "g.json").read_text())["humans"] == ["JPN"]


@pytest.mark.parametrize(
    "turn, field, problem",
    [
        ("{offers: [{to: USA}]}", "turns.1.offers[0].template", "is missing"),
        ("{answers: {x: {counter: 5}}}", "turns.1.answers.x.counter", "non-empty text"),
        ("{answers: {x: maybe}}", "turns.1.answers.x", "accept, decline or {counter"),
        ("{responses: {cg_incursion: [1]}}", "turns.1.responses.cg_incursion", "response id"),
        ("{polices: [a]}", "turns.1.polices", "is not a turn field"),
    ],
)
def test_decisions_turn_errors_name_the_field_inside(tmp_path, turn, field, problem):
    """A turn in its long form is checked inside: the error names the field that is wrong, not
    only that the turn fits neither form."""
    path = tmp_path / "jpn.yaml"
    path.write_text(f"seat: JPN\nturns:\n  1: {turn}\n")
    assert_clear_error(
        cli("run", "--as", "JPN", "--decisions", path, "--quiet"), f"{field}: ", problem
    )


def test_a_scenario_named_relatively_is_blamed_by_its_full_path(tmp_path):
    """Every error about a scenario names the same file the same way, whichever check found
    it (a rule parameter's error named the path as typed, the others the full path)."""
    scenario_file(tmp_path, "name: x\nparameters: {USA: {Distrust: {noise: -5}}}\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "run", "--scenario", "bad.yaml", "--quiet"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert_clear_error(result, f"{tmp_path / 'bad.yaml'}: parameters.USA.Distrust.noise")


def test_set_changes_one_allys_value_of_a_per_ally_parameter(tmp_path):
    """``--set SEAT.Rule.param.ALLY=v`` changes that ally's value and keeps the other's, as the
    scenario (or rules.yaml) has it; a wrong target is one line naming the override."""
    from game import load_scenario  # (the public way in: it loads the states' rules)

    gap = "USA.BurdenSharingLedger.ultimatum_gap"
    base = load_scenario().parameters["USA"]["BurdenSharingLedger"]["ultimatum_gap"]
    one = load_scenario(overrides=[(f"{gap}.KOR", 0.9)])
    assert one.parameters["USA"]["BurdenSharingLedger"]["ultimatum_gap"] == {**base, "KOR": 0.9}
    both = load_scenario(overrides=[(gap, {"JPN": 0.2, "KOR": 0.3}), (f"{gap}.JPN", 1.5)])
    assert both.parameters["USA"]["BurdenSharingLedger"]["ultimatum_gap"] == {
        "JPN": 1.5,
        "KOR": 0.3,
    }
    for dotted, problem in (
        (f"{gap}.KOR=x", "KOR must be a number"),
        (f"{gap}.KOR=9", "from 0 to 3"),
        ("USA.BurdenSharingLedger.aggressiveness.KOR=1", "not a per-ally parameter"),
        ("USA.Nope.x.KOR=1", "has no rule Nope"),
    ):
        assert_clear_error(
            cli("run", "--set", dotted, "--quiet"), f"--set: {dotted.split('=')[0]}", problem
        )


def test_set_and_the_facilitator_read_a_typed_value_one_way():
    """One reader (yamlio.parse_value) for --set and the facilitator's box: the same value, or
    the same refusal, for each text; a list of effects can be set from the command line."""
    from game.cli.run import parse_overrides
    from game.engine.errors import ConfigError, GameError
    from game.play.facilitator import parse_value

    for text in ("1e3", "-2", "0.25", "{JPN: 0.7, KOR: 0.5}", "[{key: JPN.approval, add: -3}]"):
        assert parse_overrides([f"X.Y.z={text}"]) == [("X.Y.z", parse_value(text))]
    for text in (
        "nan",
        "-.inf",
        "1e999",
        "9" * 40,
        "{JPN: 1",
        "!!python/object/apply:os.system [ls]",
    ):
        with pytest.raises(GameError) as typed:
            parse_value(text)
        with pytest.raises(ConfigError) as given:
            parse_overrides([f"X.Y.z={text}"])
        assert given.value.field == "X.Y.z" and given.value.problem in str(typed.value)
    effects = "world.AllianceRupture.rupture_effects=[{key: JPN.approval, add: -3}]"
    assert cli("run", "--set", effects, "--quiet").returncode == 0


def test_a_value_the_facilitator_types_is_read_as_yaml_files_are():
    """The facilitator's typed parameter values go through the same safe, bounded reader as
    every YAML file: 1e3 is a number, a tag is refused, a broken one is one clear error."""
    from game.engine.errors import GameError
    from game.play.facilitator import parse_value

    assert parse_value("1e3") == 1000.0 and parse_value("{JPN: 8}") == {"JPN": 8}
    for bad in ("!!python/object/apply:os.system [ls]", "x: [", ""):
        with pytest.raises(GameError):
            parse_value(bad)
