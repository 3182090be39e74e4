"""`validate` catches every mistake docs/scenarios.md warns of: one broken file per mistake,
each reported as one line naming the file and the field, with exit code 2."""

import re
import shutil
from pathlib import Path

import pytest

from game.engine.scenario import DEFAULT_SCENARIO
from main import main

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "scenarios.md"
HEAD = 'name: "Test"\nextends: baseline-2025.yaml\n'

# mistake id -> (file text, what the error line must mention)
CASES = {
    "M1": (HEAD + 'values:\n\ttaiwan: [60, "x"]\n', "not valid YAML"),
    "M2": (HEAD + 'event_per_turn: [3, "busier"]\n', "event_per_turn: is not a scenario field"),
    "M3": (
        'name: "Test"\nextends: configs/scenarios/baseline-2025.yaml\n',
        "extends: no such scenario file",
    ),
    "M4": ('name: "Test"\nextends: loop.yaml\n', "extends: scenarios extend each other in a loop"),
    "M5": (
        HEAD + 'values:\n  JPN-CHN.relations: [40, "x"]\n',
        "values.JPN-CHN.relations: is not an indicator",
    ),
    "M6": (
        HEAD + 'values:\n  CHN-JPN.relations: [120, "x"]\n',
        "values.CHN-JPN.relations: 120 is outside",
    ),
    "M7": (HEAD + 'values:\n  taiwan: ["high", 60]\n', "values.taiwan: must be a number"),
    "M8": (HEAD + "values:\n  taiwan: 60\n", "values.taiwan: has no source"),
    "M9": (
        HEAD + 'values:\n  taiwan: [50, "same as ever"]\n',
        "values.taiwan: is 50 as in baseline-2025.yaml",
    ),
    "M10": (
        'name: "2025 baseline"\nextends: baseline-2025.yaml\n',
        "name: keeps its parent's name",
    ),
    "M11": ('name: "Test"\nvalues:\n  taiwan: [60, "x"]\n', "is missing"),
    "M12": (HEAD + "humans: JPN\n", "humans: must be a list of state codes"),
    "M13": (HEAD + 'personas:\n  KOR: [hawkish, "x"]\n', "personas.KOR: unknown persona 'hawkish'"),
    "M14": (
        HEAD + 'humans: [KOR]\npersonas:\n  KOR: [dove, "x"]\n',
        "personas.KOR: KOR is a human seat",
    ),
    "M15": (HEAD + "personas:\n  KOR: dove\n", "personas.KOR: has no reason"),
    "M16": (
        HEAD + 'parameters:\n  JPN:\n    BurdenSharingLedger:\n      aggressiveness: [2, "x"]\n',
        "parameters.JPN.BurdenSharingLedger: JPN has no rule",
    ),
    "M17": (
        HEAD + 'parameters:\n  USA:\n    BurdenSharingLedger:\n      agressiveness: [2, "x"]\n',
        "agressiveness: is not a parameter",
    ),
    "M18": (
        HEAD
        + 'parameters:\n  USA:\n    BurdenSharingLedger:\n      aggressiveness: ["high", "x"]\n',
        "aggressiveness: must be a number",
    ),
    "M19": (
        HEAD + "parameters:\n  USA:\n    BurdenSharingLedger:\n      aggressiveness: 2\n",
        "parameters.USA.BurdenSharingLedger.aggressiveness: has no source",
    ),
    "M20": (HEAD + 'turns: [0, "x"]\n', "turns: must be a whole number from 1 to 40"),
    "M21": (HEAD + "events_per_turn: 3\n", "events_per_turn: has no reason"),
    "M22": (HEAD + 'values:\n  taiwan: [96, "war scare"]\n', "values.taiwan: starts at 96"),
}


def test_the_guide_and_the_cases_cover_the_same_mistakes():
    warned = set(re.findall(r"\*\*\[(M\d+)\]", GUIDE.read_text(encoding="utf-8")))
    assert warned == set(CASES)


@pytest.mark.parametrize("mistake", sorted(CASES, key=lambda m: int(m[1:])))
def test_validate_catches(mistake, tmp_path, capsys):
    shutil.copy(DEFAULT_SCENARIO, tmp_path / "baseline-2025.yaml")
    text, expected = CASES[mistake]
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    if mistake == "M4":
        (tmp_path / "loop.yaml").write_text(
            'name: "Loop"\nextends: broken.yaml\n', encoding="utf-8"
        )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and all(line.startswith("error: ") for line in err)
    assert "Traceback" not in "\n".join(err)
    assert any(str(tmp_path) in line and expected in line for line in err), err


def test_the_pack_validates_cleanly(capsys):
    pack = sorted(Path(DEFAULT_SCENARIO).parent.glob("*.yaml"))
    assert len(pack) >= 4
    assert main(["validate", *map(str, pack)]) == 0
    assert capsys.readouterr().err == ""
