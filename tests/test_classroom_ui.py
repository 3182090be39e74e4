"""Classroom mode through the real window (headless pygame, posted input): a 3-team hot-seat
game, the facilitator behind a PIN injecting a deck event and a custom one and changing a
parameter, a team whose clock runs out, the debrief exported from the end screen, and a
branch from the end screen compared in the debrief."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402
from test_debrief import parse  # noqa: E402

from game.play.games import load_game  # noqa: E402
from game.reports.debrief import GameRecord  # noqa: E402


@pytest.fixture
def app(tmp_path):
    from game.ui.front import open_window

    app = open_window(
        size=(1280, 720),
        directory=tmp_path,
        defaults={"reference_games": 8, "seed": 4},
        autosave=False,
    )
    return app  # pygame stays initialised: the theme caches its fonts for the process


def _facilitator(d, app):
    """F2, the PIN, inject the event on show, a custom event, a parameter change, back."""
    d.key("F2")
    assert d.screen() == "FacilitatorScreen" and not app.screen.unlocked
    app.screen.pin_entry.set_text("1234")
    d.click(d.button("Unlock"))
    assert app.screen.unlocked, app.status
    title = app.classroom.model.catalog.events[app.screen.events[app.screen.event_index]].title
    d.key("I")
    assert app.status == f"Injected: {title}"
    app.screen.title_entry.set_text("Fishing fleet surge")
    app.screen.effects_entry.set_text("senkaku +10, JPN.approval -3")
    d.key("Y")  # blame it on the United States: the screen rebuilds, the drafts stay
    d.key("X")
    assert app.status == "Fired: Fishing fleet surge"
    app.screen.value_entry.set_text("1.5")
    d.key("V")
    assert app.status.startswith("Set USA.BurdenSharingLedger.aggressiveness")
    d.key("Esc")
    assert d.screen() == "HandOverScreen"
    return title


def test_three_team_hot_seat_game_with_a_facilitator_and_a_debrief(app, tmp_path):
    from game.ui.driver import Driver

    d = Driver(app)
    d.frames(2)
    d.key("K")
    assert d.screen() == "ClassMenuScreen"
    d.key("N")
    d.key("1")  # the United States joins China and Japan as a team
    d.key("T")  # a one-minute clock
    app.screen.pin_entry.set_text("1234")
    app.screen.pin = "1234"
    d.key("Enter")
    assert d.screen() == "HandOverScreen", app.status
    c = app.classroom
    assert c.teams == ["USA", "CHN", "JPN"] and c.timer == 60
    injected = timed_out = None
    seen_handover = []
    for _ in range(500):
        screen = d.screen()
        if screen == "ClassEndScreen":
            break
        if screen == "HandOverScreen":
            seen_handover.append(c.team)
            if c.model.turn == 3 and injected is None:
                injected = _facilitator(d, app)
            d.key("Enter")
        elif screen == "ClassTurnScreen":
            assert app.session.seat == c.team and app.session.chosen == []  # nothing of others
            if c.model.turn == 5 and c.team == "CHN" and timed_out is None:
                app.tick(61)  # a minute passes
                d.frames()
                timed_out = app.status
                continue
            while app.screen.popup is not None:
                d.key("1")
            d.key("A")
            d.key("E")
        elif screen == "ClassSummaryScreen":
            d.key("Enter")
        else:
            raise AssertionError(f"unexpected screen {screen}: {app.status}")
    assert d.screen() == "ClassEndScreen"
    assert seen_handover[:3] == ["USA", "CHN", "JPN"]
    assert timed_out == "Team China's time ran out: the advisor's choice was played."
    m = c.model
    kinds = [e["type"] for e in m.decision_log]
    assert {"inject", "custom_event", "set_parameter", "note"} <= set(kinds)
    assert any(e[5] == "facilitator" for e in m.world.ledger)  # marked in the ledger
    # The class game saves and replays exactly, facilitator and all.
    (saved,) = tmp_path.glob("class-finished-*.json")
    again = load_game(saved)
    assert again.world.ledger == m.world.ledger

    # A branch from the end screen: Japan replays turn 8 choosing nothing.
    d.key("B")
    assert d.screen() == "BranchScreen"
    while app.screen.turn != 8:
        d.key("Right")
    d.key("Tab")
    d.key("Tab")
    d.key("Enter")
    assert d.screen() == "BranchTurnScreen" and app.session.seat == "JPN"
    while app.screen.popup is not None:
        d.key("1")
    d.key("E")
    assert d.screen() == "ClassEndScreen" and c.branch is not None, app.status

    d.key("D")
    assert app.status.startswith("Debrief written to"), app.status
    out = c.debrief_path
    page, text = parse(out)
    for src in page.images:
        assert (out.parent / src).stat().st_size > 5000
    record = GameRecord.load(out.parent / "class-game.json")
    for seat in ("USA", "CHN", "JPN"):
        assert f"Team {m.reg.state_names[seat]}" in text
        for turn, seats in record.turns.items():
            for pid in seats[seat][0]:
                assert m.catalog.policies[pid].name in text, (seat, turn, pid)
    assert injected in text and "Fishing fleet surge" in text
    assert "time ran out" in text and "The two games side by side" in text


def test_wrong_pin_keeps_the_facilitator_out(app):
    from game.ui.driver import Driver

    d = Driver(app)
    d.key("K")
    d.key("N")
    app.screen.pin = "4321"
    d.key("Enter")
    d.key("F2")
    app.screen.pin_entry.set_text("1111")
    d.click(d.button("Unlock"))
    assert not app.screen.unlocked and app.status == "Wrong PIN."
    d.key("Esc")
    assert d.screen() == "HandOverScreen"


def test_pause_blocks_the_class_and_resume_picks_up_the_autosave(app, tmp_path):
    from game.ui.driver import Driver

    d = Driver(app)
    d.key("K")
    d.key("N")
    d.key("Enter")  # China and Japan, no PIN, no timer
    c = app.classroom
    d.key("Enter")
    assert d.screen() == "ClassTurnScreen" and app.session.seat == "CHN"
    while app.screen.popup is not None:
        d.key("1")
    d.key("F2")
    d.key("P")
    assert c.paused
    d.key("Esc")
    assert d.screen() == "ClassTurnScreen"
    d.key("E")
    assert app.status == "The facilitator has paused the game." and "CHN" not in c.model.submissions
    d.key("F2")
    d.key("P")
    d.key("Esc")
    d.key("A")
    d.key("E")
    assert d.screen() == "HandOverScreen" and c.team == "JPN"
    d.key("Enter")
    while app.screen.popup is not None:
        d.key("1")
    d.key("E")
    assert d.screen() == "ClassSummaryScreen" and c.model.turn == 2
    notes = [e["text"] for e in c.model.decision_log if e["type"] == "note"]
    assert notes == ["The facilitator paused the game", "The facilitator resumed the game"]
    # Leave, then resume the class autosave from the classroom menu.
    d.key("Esc")
    assert d.screen() == "TitleScreen"
    app.classroom = None
    d.key("K")
    d.key("R")
    assert d.screen() == "HandOverScreen", app.status
    assert app.classroom.model.world.ledger == c.model.world.ledger
    assert app.classroom.teams == ["CHN", "JPN"] and app.classroom.team == "CHN"


def test_facilitator_screen_grows_with_the_window(app):
    """At 1920x1080 the facilitator's widgets are drawn at the UI scale (1.5x, like the
    one-player screens), stay inside the window and apart; back at 1280x720 they are as before."""
    from game.ui.driver import Driver

    d = Driver(app)
    d.key("K")
    d.key("N")
    d.key("Enter")  # China and Japan, no PIN: F2 opens the facilitator's view at once
    d.key("F2")
    assert d.screen() == "FacilitatorScreen" and app.screen.unlocked

    def layout():
        widgets = {b.text: b.rect.copy() for b in app.screen.actions if b.alive()}
        return widgets, app.screen.status_box.rect.copy()

    small, small_box = layout()
    d.resize((1920, 1080))
    big, big_box = layout()
    assert app.window.get_size() == (1920, 1080) and big.keys() == small.keys()
    win = app.window.get_rect()
    assert win.contains(big_box) and big_box.y == round(small_box.y * 1.5)
    for text, rect in big.items():
        assert win.contains(rect), (text, rect)
        assert rect.height == round(small[text].height * 1.5), (text, rect, small[text])
        assert rect.collidelist([r for t, r in big.items() if t != text]) == -1, (text, rect)
    d.resize((1280, 720))  # and back: the layout at 1280x720 is the one it had
    assert layout() == (small, small_box)
