"""Save and load at any turn, autosave every turn, resume the autosave after a crash."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import json  # noqa: E402

from game.engine.saves import fingerprint  # noqa: E402
from game.play.games import load_game  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402


def start(app, seat="JPN"):
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    assert d.screen() == "TurnScreen"
    return d


def play_turns(d, n):
    for _ in range(n):
        while d.app.screen.popup is not None:
            d.key("2" if len(d.app.screen.popup[1].responses) > 1 else "1")
        d.key("A")
        d.key("E")
        assert d.screen() == "SummaryScreen", d.app.status
        d.key("Enter")


def test_autosave_every_turn_and_resume_after_a_crash(tmp_path):
    app = headless_app(tmp_path, seed=21)
    d = start(app)
    (auto,) = tmp_path.glob("autosave-JPN-*.json")  # this game's own, written when it starts
    play_turns(d, 3)
    saved = json.loads(auto.read_text())
    assert saved["turn"] == 4 and saved["seed"] == 21 and saved["humans"] == ["JPN"]
    assert not list(tmp_path.glob(".*.tmp")), "autosave left a temporary file behind"
    before = fingerprint(app.session.model)
    # "Crash": a new window on the same save folder offers to resume.
    app2 = headless_app(tmp_path, seed=99)
    d2 = Driver(app2)
    assert d2.button("Resume the autosave")
    d2.key("R")
    assert d2.screen() == "TurnScreen"
    assert app2.session.model.turn == 4
    assert fingerprint(app2.session.model) == before
    # And play on from there.
    play_turns(d2, 1)
    assert app2.session.model.turn == 5
    assert list(tmp_path.glob("autosave*.json")) == [auto]  # the resumed game goes on in its file
    assert json.loads(auto.read_text())["turn"] == 5


def test_save_and_load_at_any_turn_by_keyboard_and_mouse(tmp_path):
    app = headless_app(tmp_path, seed=8)
    d = start(app)
    play_turns(d, 2)
    while app.screen.popup is not None:  # a pop-up blocks the screen until answered
        d.key("1")
    d.key("Ctrl+S")
    saves = [p for p in tmp_path.glob("JPN-*.json")]
    assert len(saves) == 1, app.status
    assert load_game(saves[0]).turn == 3
    mark = fingerprint(app.session.model)
    play_turns(d, 2)
    assert app.session.model.turn == 5
    while app.screen.popup is not None:
        d.key("1")
    # Load by mouse from the turn screen's Load button.
    d.click(d.button("Load"))
    assert d.screen() == "LoadScreen"
    d.click(d.button(f"{saves[0].name}  ·  Japan  ·  quarter 3"))
    assert d.screen() == "TurnScreen"
    assert app.session.model.turn == 3 and fingerprint(app.session.model) == mark
    # Load by keyboard from the title screen.
    while app.screen.popup is not None:
        d.key("1")
    d.key("Esc")
    assert d.screen() == "TitleScreen"
    d.key("L")
    files = app.screen.files
    d.key(str(files.index(saves[0]) + 1))
    assert d.screen() == "TurnScreen" and app.session.model.turn == 3


def test_a_damaged_save_is_refused_with_a_message(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    app = headless_app(tmp_path)
    d = Driver(app)
    d.key("L")
    d.key("1")
    assert d.screen() == "LoadScreen"
    assert "broken.json" in app.status and "not valid JSON" in app.status


def test_settings_persist_and_are_not_offered_as_a_save(tmp_path):
    app = headless_app(tmp_path)
    d = Driver(app)
    d.key("S")
    assert d.screen() == "SettingsScreen"
    d.key("H")  # hover previews off
    assert (tmp_path / "settings.json").exists()
    again = headless_app(tmp_path)
    assert again.settings["hover_preview"] is False
    d2 = Driver(again)
    d2.key("L")
    assert all(p.name != "settings.json" for p in again.screen.files)


def test_the_load_screen_says_how_far_each_game_went(tmp_path):
    """A save under way reads 'quarter 5 of 16'; one played to its end reads 'finished' (it
    read 'quarter 17'); one that can't be read, 'damaged'."""
    from game.engine.saves import save_game
    from game.engine.scenario import load_scenario
    from game.play.model import TightropeModel
    from game.ui.screens.load import save_label

    model = TightropeModel(load_scenario(), seed=2)
    for _ in range(4):
        model.step()
    save_game(model, tmp_path / "going.json")
    while not model.is_over():
        model.step()
    save_game(model, tmp_path / "done.json")
    (tmp_path / "bad.json").write_text("{")
    assert "  ·  quarter 5 of 16  ·  seed 2  ·  " in save_label(tmp_path / "going.json")
    assert "  ·  finished  ·  seed 2  ·  " in save_label(tmp_path / "done.json")
    assert "  ·  damaged  ·  " in save_label(tmp_path / "bad.json")
