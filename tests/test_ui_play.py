"""Play whole games through the window with posted clicks and keys (SDL dummy driver)."""

import json
import os
import re
from decimal import Decimal

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pytest  # noqa: E402

from game.engine.saves import fingerprint  # noqa: E402
from game.engine.scenario import load_scenario  # noqa: E402
from game.play.model import TightropeModel  # noqa: E402
from game.play.session import personas_for  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402


def choose(model, seat, turn):
    """The test player's policy picks: the cheapest legal policy of one category, then (if
    capital allows) one of another category, varying with the turn."""
    cat = model.catalog
    legal = [cat.policies[p] for p in model.legal_actions(seat)]
    legal.sort(key=lambda p: (p.cost, p.id))
    picks, left = [], model.world.values[f"{seat}.capital"]
    for policy in legal[turn % 3 :] + legal[: turn % 3]:
        if policy.cost <= left and all(cat.policies[p].category != policy.category for p in picks):
            picks.append(policy.id)
            left -= policy.cost
        if len(picks) == 2:
            break
    return picks


def play_through_window(app, seat="JPN"):
    """New game from the title screen, then every quarter: answer each pop-up by clicking a
    response, click the chosen cards (switching category tabs by click or key), end the turn by
    its button or key, continue from the summary. Returns the decisions made, per turn."""
    d = Driver(app)
    d.click(d.button("New game"))
    assert d.screen() == "SetupScreen"
    while app.screen.seat != seat:
        d.key("S")
    d.key("Enter")
    assert d.screen() == "TurnScreen"
    decisions = []
    while d.screen() != "EndScreen":
        screen, m = app.screen, app.session.model
        turn = m.turn
        responses = {}
        while screen.popup is not None:
            win, event, _keys = screen.popup
            k = turn % len(event.responses)
            if turn % 2:
                d.key(str(k + 1))
            else:
                buttons = [
                    b
                    for b in screen.actions
                    if getattr(b, "ui_container", None) is win.get_container()
                ]
                d.click(buttons[k])
            responses[event.id] = event.responses[k].id
        assert screen.end_button.is_enabled
        picks = choose(m, seat, turn)
        for pid in picks:
            policy = m.catalog.policies[pid]
            if screen.tab != policy.category:
                tab = screen.tab_buttons[policy.category]
                if turn % 2:
                    d.key(str(screen.categories.index(policy.category) + 1))
                else:
                    d.click(tab)
            assert screen.tab == policy.category
            d.click(screen.card_buttons[pid])
        assert app.session.chosen == picks, app.status
        if turn % 2:
            d.key("E")
        else:
            d.click(screen.end_button)
        assert d.screen() == "SummaryScreen", app.status
        decisions.append((turn, picks, responses))
        d.key("Enter") if turn % 2 else d.click(
            d.button("Next quarter") if not m.is_over() else d.button("See the end")
        )
    return decisions


def replay_headless(seed, seat, decisions, difficulty="normal"):
    model = TightropeModel(
        load_scenario(), seed=seed, humans=(seat,), personas=personas_for(difficulty, seat)
    )
    for turn, picks, responses in decisions:
        assert model.turn == turn
        model.submit(seat, picks, responses)
        model.step()
    if not model.is_over():
        model.brief()  # the window has drawn the next quarter's events already
    return model


def test_whole_game_as_japan_matches_headless_run(tmp_path):
    app = headless_app(tmp_path, seed=11)
    decisions = play_through_window(app, "JPN")
    ui_model = app.session.model
    assert ui_model.is_over()
    assert type(app.screen).__name__ == "EndScreen"
    assert any(responses for _t, _p, responses in decisions), "no pop-up was answered in this game"
    assert sum(len(p) for _t, p, _r in decisions) >= len(decisions)
    headless = replay_headless(11, "JPN", decisions)
    assert headless.is_over()
    assert ui_model.world.values == headless.world.values
    assert ui_model.world.ledger == headless.world.ledger
    assert fingerprint(ui_model) == fingerprint(headless)
    assert ui_model.scores() == headless.scores()
    # The end screen shows the engine's report for this game.
    report = app.screen.report
    assert report["seats"]["JPN"]["total"] == round(headless.scores()["JPN"], 4)
    assert report["thesis"]["verdict"] in ("supports", "contradicts")
    # Where the points were won and lost: the parts add up to the score change shown, from the
    # score the first turn screen showed to the one the end screen's heading shows.
    text = app.screen.turning_html()
    parts = [Decimal(p) for p in re.findall(r"([+-]\d+\.\d) points</font>", text)]
    total, start, end = re.search(
        r"= ([+-][\d.]+) points: your score ([\d.]+) -> ([\d.]+)", text
    ).groups()
    assert len(parts) == len(report["points"]["JPN"])
    assert sum(parts) == Decimal(total) == Decimal(end) - Decimal(start)
    assert Decimal(end) == Decimal(f"{report['seats']['JPN']['total']:.1f}")
    first = replay_headless(11, "JPN", [])
    assert Decimal(start) == Decimal(f"{first.scores()['JPN']:.1f}")  # the first turn screen's
    # The game's own autosave holds the finished game, renamed so it isn't offered for resume.
    (done,) = tmp_path.glob("finished-JPN-*.json")
    assert json.loads(done.read_text())["turn"] == ui_model.world.turn
    assert not list(tmp_path.glob("autosave*.json"))


@pytest.mark.parametrize("seat", ["USA", "CHN", "KOR"])
def test_every_seat_gets_its_own_menu_objectives_and_advice(tmp_path, seat):
    app = headless_app(tmp_path, seed=3)
    d = Driver(app)
    d.key("N")
    while app.screen.seat != seat:
        d.key("S")
    d.key("Enter")
    screen = app.screen
    m = app.session.model
    assert app.session.seat == seat and m.humans == (seat,)
    # Cards: only this seat's policies, in every tab.
    for cat in screen.categories:
        d.key(str(screen.categories.index(cat) + 1))
        assert screen.card_buttons and all(
            m.catalog.policies[p].by == seat for p in screen.card_buttons
        )
    # Indicators: the terms of this seat's objectives.
    watched = set(screen.keys_watched)
    for objective in m.catalog.objectives[seat]:
        assert {t[0] for t in objective.terms} <= watched
    # The advisor speaks for this seat; adopting it picks this seat's policies.
    while screen.popup is not None:
        d.key("1")
    d.key("A")
    advised = [pid for pid, _r, _w in m.advice(seat)["actions"]]
    assert app.session.chosen == [p for p in advised if p in m.legal_actions(seat)]
    chosen = list(app.session.chosen)
    d.key("E")
    assert d.screen() == "SummaryScreen"
    assert m.turn == 2
    assert m.decision_log[-1]["seat"] == seat and m.decision_log[-1]["actions"] == chosen


def pick_by_keyboard(d, pid):
    """Focus a card with 1-4 and Up/Down and pick it with Space (no mouse)."""
    screen = d.app.screen
    policy = screen.s.model.catalog.policies[pid]
    d.key(str(screen.categories.index(policy.category) + 1))
    ids = [p.id for p in screen.s.policies(screen.tab)]
    while ids[screen.card_focus] != pid:
        d.key("Down", frames=1)
    d.key("Space")


def test_keyboard_only_and_mouse_only_games_match_headless_runs(tmp_path):
    # Keyboard only: N, Enter, then per quarter 1-3 for pop-ups, 1-4/Down/Space for cards, E, Enter.
    app = headless_app(tmp_path / "keys", seed=5)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    decisions = []
    for _ in range(4):
        screen, m = app.screen, app.session.model
        responses = {}
        while screen.popup is not None:
            event = screen.popup[1]
            d.key(str(len(event.responses)))
            responses[event.id] = event.responses[-1].id
        picks = choose(m, "JPN", m.turn)
        for pid in picks:
            pick_by_keyboard(d, pid)
        assert app.session.chosen == picks, app.status
        decisions.append((m.turn, picks, responses))
        d.key("E")
        assert d.screen() == "SummaryScreen"
        d.key("Enter")
    assert fingerprint(app.session.model) == fingerprint(replay_headless(5, "JPN", decisions))

    # Mouse only: every step is a click on a button (or a card, or a pop-up's answer).
    app = headless_app(tmp_path / "mouse", seed=5)
    d = Driver(app)
    d.click(d.button("New game"))
    d.click(d.button("Start"))
    decisions = []
    for _ in range(4):
        screen, m = app.screen, app.session.model
        responses = {}
        while screen.popup is not None:
            win, event, _keys = screen.popup
            buttons = [
                b for b in screen.actions if getattr(b, "ui_container", None) is win.get_container()
            ]
            d.click(buttons[-1])
            responses[event.id] = event.responses[-1].id
        picks = choose(m, "JPN", m.turn)
        for pid in picks:
            d.click(screen.tab_buttons[m.catalog.policies[pid].category])
            d.click(screen.card_buttons[pid])
        decisions.append((m.turn, picks, responses))
        d.click(screen.end_button)
        assert d.screen() == "SummaryScreen"
        d.click(d.button("Next quarter"))
    assert fingerprint(app.session.model) == fingerprint(replay_headless(5, "JPN", decisions))
