"""The health instrument: the variance decomposition on data with a known answer, the
sensitivity ranges' check, and a tiny run whose JSON must be complete, finite and consistent."""

import json
import math

import numpy as np
import pytest

from game.engine.errors import GameError
from game.lab.health import load_config
from game.lab.health_sensitivity import check_ranges
from game.lab.health_stats import usage_findings, variance_decomposition
from game.lab.scenarios import get_scenario
from game.lab.stats import morris_parameters


def test_variance_decomposition_known_answer():
    rng = np.random.default_rng(1)
    n_strat, n_seed = 5, 7
    a = rng.normal(0, 3, n_strat)
    a -= a.mean()
    b = rng.normal(0, 1, n_seed)
    b -= b.mean()
    c = rng.normal(0, 2, (n_strat, n_seed))
    c -= c.mean(axis=1, keepdims=True)  # double-centred: a pure interaction
    c -= c.mean(axis=0, keepdims=True)
    y = 50 + a[:, None] + b[None, :] + c
    ss = {
        "strategy": n_seed * (a**2).sum(),
        "seed": n_strat * (b**2).sum(),
        "interaction": (c**2).sum(),
    }
    total = sum(ss.values())
    got = variance_decomposition(y)
    for part, value in ss.items():
        assert got["ss"][part] == pytest.approx(value)
        assert got["shares"][part] == pytest.approx(value / total)
    assert sum(got["shares"].values()) == pytest.approx(1.0)


def test_variance_decomposition_edge_cases():
    additive = np.add.outer([0.0, 10.0, 20.0], [1.0, 2.0, 3.0, 4.0])
    shares = variance_decomposition(additive)["shares"]
    assert shares["interaction"] == pytest.approx(0.0, abs=1e-12)
    assert shares["strategy"] + shares["seed"] == pytest.approx(1.0)
    strategy_only = np.repeat([[1.0], [5.0]], 6, axis=1)
    assert variance_decomposition(strategy_only)["shares"]["strategy"] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        variance_decomposition([[1.0, 2.0]])


def test_usage_findings_hold_the_default_ai_to_the_bar_and_set_situational_cards_apart():
    table = {
        "JPN": {
            "policies": {
                "default": {"a": 0.5, "b": 0.01, "c": 0.0, "d": 0.02},
                "hawk": {"a": 0.0, "b": 0.9, "c": 0.0, "d": 0.0},
            },
            "answers": {
                "default": {
                    "rare": {"offers": 11, "share": {"x": 1 / 11, "y": 10 / 11}},
                    "common": {"offers": 60, "share": {"x": 0.0, "y": 1.0}},
                    "unseen": {"offers": 0, "share": {"x": None, "y": None}},
                }
            },
        }
    }
    f = usage_findings(table, 0.02, 0.1, {"c": "a player's road", "a": "never listed"})
    # 1 of 11 offers is under 10%, but its 95% interval reaches 38%; 0 of 60 is surely under.
    assert [(x["event"], x["answer"], x["offers"], x["sure"]) for x in f["rare_answers"]] == [
        ("rare", "x", 11, False),
        ("common", "x", 60, True),
    ]
    assert f["never_offered"] == [{"seat": "JPN", "event": "unseen"}]
    # Any persona: only c is dead. The default AI: b is under the bar (the hawk's 90% does not
    # count), c is situational with its reason, d sits on the bar, a is well above it.
    assert f["unused_policies"] == [{"seat": "JPN", "policy": "c", "best_share": 0.0}]
    assert f["default_rare_policies"] == [{"seat": "JPN", "policy": "b", "share": 0.01}]
    assert f["default_situational_policies"] == [
        {"seat": "JPN", "policy": "c", "share": 0.0, "why": "a player's road"}
    ]


def test_situational_cards_are_policies_with_reasons():
    config = load_config()
    policies = get_scenario().catalog.policies
    for pid, why in config["situational"].items():
        assert pid in policies and isinstance(why, str) and len(why) > 20, pid


def test_sensitivity_ranges_stay_meaningful():
    sc = get_scenario()
    constraints = load_config()["sensitivity"]["constraints"]
    ranges = morris_parameters(sc, constraints)
    check_ranges(sc, ranges, constraints)  # the default ranges pass
    brink = next(r for r in ranges if r[0].endswith("CrisisEscalation.brink"))
    assert brink[2] > max(sc.values["taiwan"], sc.values["senkaku"])
    bad = [(brink[0], brink[1], 0.5 * brink[1], brink[3], False)]  # the balance report's range
    with pytest.raises(GameError, match="brink"):
        check_ranges(sc, bad, constraints)


TINY = dict(
    search_trials=4, search_seeds=2, search_batch=2, rescore_seeds=3, panel_seeds=3,
    difficulty_seeds=2, risk_games=3, morris_trajectories=1, morris_seeds=1, answer_seeds=2,
    answer_futures=1,
)  # fmt: skip


def _numbers(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _numbers(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _numbers(v, f"{path}[{i}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield path, value


def test_health_tiny_run(tmp_path):
    from game.lab.health import health_report
    from game.play.session import DIFFICULTIES

    levels = {"easy": DIFFICULTIES["easy"], "normal": {}}
    report, text = health_report(
        tmp_path, quick=True, seats=["JPN"], workers=1, difficulties=levels, budget=TINY
    )
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    assert (tmp_path / "health.md").exists() and list(tmp_path.glob("health_*.png"))
    assert "JPN" in text
    for key in ("dominance", "variance", "usage", "usage_findings", "risk", "advisor",
                "difficulty", "thesis", "sensitivity", "timings", "answer_impact"):  # fmt: skip
        assert key in data, key
    for path, x in _numbers(data):
        assert math.isfinite(x), path
    dom = data["dominance"]["JPN"]
    assert dom["gap"] == pytest.approx(dom["best"]["mean"] - dom["default"]["mean"], abs=1e-6)
    assert len(dom["curve"]) == TINY["search_trials"]
    # The personas that answer the game as it goes are tried beside the search's best: the
    # best found is the best of them all on the search seeds.
    assert set(dom["candidates"]) == {"search", "hawk", "dove", "random"}
    assert dom["search_mean"] == pytest.approx(max(dom["candidates"].values()))
    assert all(b >= a for a, b in zip(dom["curve"], dom["curve"][1:], strict=False))
    assert sum(dom["best_grades"].values()) == pytest.approx(1.0)
    var = data["variance"]["JPN"]
    assert sum(var["shares"].values()) == pytest.approx(1.0)
    assert var["seeds"] == TINY["panel_seeds"] and var["strategies"] >= 8
    for seat, parts in data["usage"].items():
        for label, shares in parts["policies"].items():
            assert all(0.0 <= s <= 1.0 for s in shares.values()), (seat, label)
        for label, events in parts["answers"].items():
            for eid, row in events.items():
                if row["offers"]:
                    assert sum(row["share"].values()) == pytest.approx(1.0), (seat, label, eid)
                    assert all(0.0 <= g <= 1.0 for g in row["games"].values())
                else:
                    assert all(s is None for s in row["share"].values())
    for groups in (data["risk"].values(), data["thesis"].values()):
        for row in groups:
            for r in [row.get("clash"), *row.get("government_fall", {}).values(),
                      *(row[k] for k in row if k not in ("clash", "government_fall"))]:  # fmt: skip
                if r is not None:
                    assert 0.0 <= r["lo"] <= r["rate"] <= r["hi"] <= 1.0
    adv = data["advisor"]["JPN"]
    assert sum(adv["grades"].values()) == pytest.approx(1.0)
    assert set(data["difficulty"]["JPN"]["default"]) == {"easy", "normal", "monotone"}
    together = data["thesis"]["all default"]
    assert together["together"]["k"] <= min(
        together[p]["k"] for p in ("thaw", "capped", "alliance_held")
    )
    for row in data["answer_impact"].values():
        assert row["offers"] >= 1 and row["mean_spread"] >= row["mean_move"] >= 0.0
        assert row["matters"] == (row["mean_move"] > 1.0)
    sens = data["sensitivity"]
    assert sens["games"] == sens["points"] * TINY["morris_seeds"]
    for rows in sens["outputs"].values():
        assert all(r["mu_star"] >= 0 and r["mu_star_conf"] >= 0 for r in rows)


def test_health_command_refuses_a_bad_seat(tmp_path, capsys):
    from main import main

    assert main(["health", "--quick", "--out", str(tmp_path), "--seat", "XXX"]) == 2
    assert "--seat" in capsys.readouterr().err


def test_answer_impact_compares_each_answer_with_the_ais():
    from game.lab.health_answers import answer_impact

    rows = [
        ("JPN", "e", {"a": 50.0, "b": 53.0}, "a"),
        ("JPN", "e", {"a": 50.0, "b": 49.0}, "b"),
        ("USA", "f", {"x": 40.0, "y": 40.5, "z": 40.2}, "x"),
        ("USA", "f", {"x": 40.0, "y": 40.5}, None),  # the AI's answer unknown: left out
    ]
    out = answer_impact(rows, threshold=1.0)
    assert out["JPN:e"]["offers"] == 2 and out["JPN:e"]["mean_move"] == 2.0
    assert out["JPN:e"]["matters"] and out["JPN:e"]["mean_spread"] == 2.0
    assert out["USA:f"]["offers"] == 1 and out["USA:f"]["mean_move"] == 0.35
    assert not out["USA:f"]["matters"]
