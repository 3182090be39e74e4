"""Honest numbers (issue 13): each summary's causes add up to the change it shows, the turn
screen and the summary share one baseline, and a preview is the same when asked twice."""

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.scenario import load_scenario
from game.play.model import TightropeModel
from game.play.preview import preview
from game.reports.summary import cause_lines, shown_values, turn_summary


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


def play(scenario, seed, seat, turns):
    model = TightropeModel(scenario, seed=seed, humans=(seat,))
    shown = [dict(model.world.values)]  # what each turn screen showed
    for _ in range(turns):
        if model.is_over():
            break
        advice = model.advice(seat)
        model.submit(seat, [a[0] for a in advice["actions"]], advice["responses"])
        model.step()
        shown.append(dict(model.world.values))
    return model, shown


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), seat=st.sampled_from(["USA", "CHN", "JPN", "KOR"]))
def test_each_summary_lists_causes_that_add_up_to_the_change(scenario, seed, seat):
    model, shown = play(scenario, seed, seat, 8)
    for turn in range(1, model.turn):
        summary = turn_summary(model, turn, seat=seat)
        # One baseline: the summary runs from what the turn screen showed to what it shows next.
        for c in summary["changes"]:
            assert c["before"] == pytest.approx(shown[turn - 1][c["key"]], abs=1e-6)
            if turn < len(shown):
                assert c["after"] == pytest.approx(shown[turn][c["key"]], abs=1e-6)
            total = sum(d for _t, d, _n in c["causes"])
            assert total == pytest.approx(c["after"] - c["before"], abs=1e-6), c
            listed, more = cause_lines(c["causes"])
            listed_total = sum(d for _t, d, _n in listed) + (more[1] if more else 0)
            assert listed_total == pytest.approx(c["after"] - c["before"], abs=1e-6)
        sb, sa = summary["scores"][seat]
        assert sb == pytest.approx(model.score_values(seat, shown_values(model, turn)))


def test_the_preview_is_the_same_when_asked_twice(scenario):
    model, _shown = play(scenario, 5, "CHN", 3)
    for pid in model.legal_actions("CHN")[:4]:
        first = preview(model, "CHN", pid)
        assert preview(model, "CHN", pid) == first
        assert model.clone().preview("CHN", pid) == first
        assert first["futures"] > 1 and set(first["ranges"]) == set(first["deltas"])
        for key, (lo, hi) in first["ranges"].items():
            assert lo - 1e-3 <= first["deltas"][key] <= hi + 1e-3


HEAD = re.compile(r"</b> (-?[\d.]+) -> (-?[\d.]+) <font[^>]*>\(([+-][\d.]+),")
CAUSE = re.compile(r"^   <font[^>]*>- .*: ([+-][\d.]+)</font>$")


def test_the_summary_text_adds_up_to_the_last_digit_shown(scenario, monkeypatch):
    """What the summary screen prints, not only the numbers behind it: after minus before is
    the change shown, and the causes listed under it sum to that change, digit for digit."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    from game.ui.screens.summary import changes_html

    model, _shown = play(scenario, 3, "JPN", 8)
    checked = 0
    for turn in range(1, model.turn):
        change = causes = None
        for line in [*changes_html(model.reg, turn_summary(model, turn, seat="JPN")), "</b>"]:
            head, cause = HEAD.search(line), CAUSE.match(line)
            if cause:
                causes.append(Decimal(cause.group(1)))
                continue
            if change is not None:  # (the last indicator's causes are all read)
                assert sum(causes) == change, (turn, line)
                checked += 1
            change = causes = None
            if head:
                before, after, change = map(Decimal, head.groups())
                assert after - before == change, line
                causes = []
    assert checked > 20


TURNING = re.compile(r"^  \d{4} Q\d: .* (-?[\d.]+) -> (-?[\d.]+) \((.*)\)$")


@pytest.mark.parametrize("seed", [3, 7])
def test_the_text_reports_turning_points_add_up(scenario, seed):
    """``main.py run``'s turning points: after minus before is the sum of the causes printed
    beside them, digit for digit (whole numbers for ladders, 0.01 for the rest)."""
    from game.reports.end_report import end_report, format_report

    model = TightropeModel(scenario, seed=seed)
    while not model.is_over():
        model.step()
    lines = [
        m for m in map(TURNING.match, format_report(end_report(model), model.reg).split("\n")) if m
    ]
    assert lines
    for m in lines:
        before, after = Decimal(m.group(1)), Decimal(m.group(2))
        deltas = re.findall(r"\(([+-][\d.]+)\)(?:;|$)", m.group(3))
        assert sum(map(Decimal, deltas)) == after - before, m.group(0)
