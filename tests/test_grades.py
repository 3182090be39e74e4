"""Grades calibrated per scenario and difficulty (game/lab/grades.py writes configs/grades.yaml,
game/engine/outcome.py reads it), and the difficulty a game is played at."""

from rulekit import baseline

from game.engine import outcome
from game.engine.scenario import grade_tables
from game.lab.grades import bands
from game.play.model import TightropeModel


def test_bands_are_quantiles_kept_at_least_min_width_apart():
    scores = list(range(0, 101))  # percentiles p = score
    assert bands(scores) == {"A": 90.0, "B": 65.0, "C": 30.0, "D": 10.0}
    tight = [50.0] * 50 + [51.0] * 50
    assert bands(tight, min_width=2.0) == {"A": 54.0, "B": 52.0, "C": 50.0, "D": 48.0}


def test_the_difficulty_is_read_from_the_personas():
    sc = baseline()
    assert outcome.difficulty_of(TightropeModel(sc, seed=1, deal=False)) == "normal"
    easy = {"USA": "kind", "CHN": "kind", "KOR": "kind"}
    hard = {"USA": "tough", "CHN": "tough", "KOR": "tough"}
    assert outcome.difficulty_of(TightropeModel(sc, seed=1, personas=easy, deal=False)) == "easy"
    assert outcome.difficulty_of(TightropeModel(sc, seed=1, personas=hard, deal=False)) == "hard"


def test_a_game_is_graded_by_its_scenario_and_difficultys_bands():
    sc = baseline()
    m = TightropeModel(sc, seed=1, deal=False)
    table = grade_tables().get(sc.name, {}).get("normal", {}).get("JPN")
    if table is None:  # no calibration: objectives.yaml's bands
        assert outcome.grade(m, "JPN", 50.0) == m.catalog.grade("JPN", 50.0)
    else:
        (_a, a), (_b, b), (_c, c), (_d, d) = table
        assert [outcome.grade(m, "JPN", x) for x in (a, b, c, d, d - 0.1)] == list("ABCDF")
        assert min(a - b, b - c, c - d) >= 2.0  # wide enough to mean something
