"""A clumsy hand and a shared screen (issue 13): double clicks and fast clicks don't skip
screens, closing asks, pop-ups close and reopen without trapping the board, each game keeps
its own autosave, and in the hot seat a team sees nothing of another team's pending choice."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import json  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from pygame_gui.core import gui_font_pygame  # noqa: E402

from game.ui import richtext  # noqa: E402
from game.ui import theme as T  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402


def new_game(app):
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    assert d.screen() == "TurnScreen"
    return d


def answer_all(d):
    while d.app.screen.popup is not None:
        d.key("1")


def test_double_click_on_end_turn_shows_the_summary(tmp_path):
    app = headless_app(tmp_path, seed=5)
    d = new_game(app)
    answer_all(d)
    d.settle()
    pos = app.screen.end_button.rect.center
    d.post_click(pos)
    d.frames(2)  # the first click ends the turn (pygame_gui's press arrives a frame later)
    assert d.screen() == "SummaryScreen", app.status
    for _ in range(5):  # 120 ms after the first click, at 60 frames a second
        app.tick()
    d.post_click(pos)
    d.frames(2)
    assert d.screen() == "SummaryScreen"
    # A deliberate click, once the summary has been up a moment, goes on.
    d.click(d.button("Next quarter"))
    assert d.screen() == "TurnScreen"


def test_six_fast_clicks_in_the_classroom_dont_skip_screens(tmp_path):
    app = headless_app(tmp_path, seed=4, reference_games=8)
    d = Driver(app)
    d.key("K")
    d.key("N")
    d.key("Enter")  # China and Japan
    d.key("Enter")
    assert d.screen() == "ClassTurnScreen"
    answer_all(d)
    d.settle()
    pos = app.screen.end_button.rect.center
    seen = []
    for _ in range(6):  # six clicks 50 ms apart on the same spot
        d.post_click(pos)
        for _ in range(3):
            app.tick()
        seen.append(d.screen())
    assert seen == ["HandOverScreen"] * 6


def test_closing_the_window_asks(tmp_path):
    app = headless_app(tmp_path, seed=5)
    d = Driver(app)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frames()
    assert not app.running  # nothing to lose on the title
    app.running = True
    d = new_game(app)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frames()
    assert app.running and app.quit_dialog is not None
    d.key("Esc")
    assert app.running and app.quit_dialog is None and d.screen() == "TurnScreen"
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frames()
    d.click(app.quit_dialog[2])  # Quit
    assert not app.running


def test_a_pop_up_closes_reopens_and_leaves_the_board_usable(tmp_path):
    for seed in range(40):
        app = headless_app(tmp_path / str(seed), seed=seed)
        d = new_game(app)
        d.frames(2)
        if app.screen.popup is not None:
            break
    else:
        pytest.skip("no seed with an event in the first quarter")
    screen = app.screen
    event = screen.popup[1]
    d.key("Esc")  # closes the pop-up, not the game
    assert d.screen() == "TurnScreen" and screen.popup is None
    d.frames(5)
    assert screen.popup is None  # stays closed
    d.key("Ctrl+S")
    assert app.status.startswith("Saved")
    d.key("W")  # why? works
    assert screen.why is not None
    d.key("Esc")
    assert screen.why is None
    d.key("E")  # End turn reopens it instead of ending
    assert screen.popup is not None and screen.popup[1].id == event.id
    assert d.screen() == "TurnScreen"
    d.click(screen.popup[0].close_window_button, frames=3)  # the ×
    assert screen.popup is None and d.screen() == "TurnScreen"
    d.key("W")
    d.key("Esc")
    d.key("E")
    d.key("1")
    assert event.id in app.session.answers
    answer_all(d)
    d.key("E")
    assert d.screen() == "SummaryScreen"


def test_each_game_keeps_its_own_autosave_and_a_finished_one_is_not_offered(tmp_path):
    app = headless_app(tmp_path, seed=5)
    d = new_game(app)
    answer_all(d)
    d.key("E")
    (first,) = tmp_path.glob("autosave-JPN-*.json")
    d.key("Esc")  # the title
    d.key("Esc")
    d.key("N")
    while app.screen.seat != "CHN":
        d.key("S")
    d.key("Enter")
    files = sorted(tmp_path.glob("autosave-*.json"))
    assert len(files) == 2 and first in files
    assert json.loads(first.read_text())["turn"] == 2  # the other game didn't overwrite it
    # A finished game's autosave is renamed: the title offers the unfinished one only.
    model = app.session.model
    model.world.flags["crisis"] = True  # the game ends
    app.session.autosave()
    assert not list(tmp_path.glob("autosave-CHN-*.json"))
    assert list(tmp_path.glob("finished-CHN-*.json"))
    app.session = None
    d.key("Esc")
    d.key("Esc")
    assert d.screen() == "TitleScreen"
    assert app.screen.autosave == first


def test_class_saves_open_from_load_and_esc_on_a_hand_over_has_a_way_back(tmp_path):
    app = headless_app(tmp_path, seed=4, reference_games=8)
    d = Driver(app)
    d.key("K")
    d.key("N")
    d.key("Enter")
    d.key("Enter")
    answer_all(d)
    d.key("A")
    d.key("E")
    assert d.screen() == "HandOverScreen"
    d.key("Esc")
    assert d.screen() == "TitleScreen"
    d.key("C")  # back to the class game
    assert d.screen() == "HandOverScreen" and app.classroom.team == "JPN"
    d.key("Enter")
    answer_all(d)
    d.key("A")
    d.key("E")
    assert d.screen() == "ClassSummaryScreen"
    d.key("Esc")
    app.classroom = None
    d.key("L")
    assert d.screen() == "LoadScreen"
    d.click(next(b for b in app.screen.actions if "class-" in b.text))
    assert d.screen() == "HandOverScreen", app.status
    assert app.classroom.model.turn == 2


class Seen:
    """Every string the window hands to a text renderer: the game's own (words and lines),
    its rich text boxes (whole html) and pygame_gui's fonts."""

    def __init__(self, monkeypatch):
        self.texts = []
        text, rich_set = T.text, richtext.RichText.set_text
        font = gui_font_pygame.GUIFontPygame
        render, render_to = font.render_premul, font.render_premul_to

        def t(s, *a, **k):
            self.texts.append(s)
            return text(s, *a, **k)

        def set_text(box, html, *a, **k):
            self.texts.append(html)
            return rich_set(box, html, *a, **k)

        def r(f, s, *a, **k):
            self.texts.append(s)
            return render(f, s, *a, **k)

        def r_to(f, s, *a, **k):
            self.texts.append(s)
            return render_to(f, s, *a, **k)

        monkeypatch.setattr(T, "text", t)
        monkeypatch.setattr(richtext.RichText, "set_text", set_text)
        monkeypatch.setattr(font, "render_premul", r)
        monkeypatch.setattr(font, "render_premul_to", r_to)

    def all(self):
        return "\n".join(self.texts)


def look_around(d):
    """Japan looks at everything its turn screen offers: each tab, each card's preview, each
    indicator's why-view, the pop-ups."""
    screen = d.app.screen
    for i, _cat in enumerate(screen.categories):
        d.key(str(i + 1))
        for _ in screen.card_buttons:
            d.key("Down")
    for _ in screen.keys_watched:
        d.key("W")
        d.key("Esc")
    d.frames(3)


def china_then_japan(tmp_path, monkeypatch, china):
    """A class game (China, Japan): China ends its turn by ``china`` ('advice', 'nothing' or
    'timeout'); returns every text drawn on Japan's turn screen, and China's pending picks."""
    app = headless_app(tmp_path, seed=4, reference_games=8)
    d = Driver(app)
    d.key("K")
    d.key("N")
    d.key("T")  # a clock: China may run out of time
    d.key("Enter")
    d.key("Enter")
    assert app.session.seat == "CHN"
    answer_all(d)
    if china == "advice":
        d.key("A")
    if china == "timeout":
        app.tick(61)
        d.frames()
    else:
        d.key("E")
    c = app.classroom
    picks = list(c.model.submissions["CHN"][0])
    assert d.screen() == "HandOverScreen"
    d.key("Enter")
    assert app.session.seat == "JPN"
    seen = Seen(monkeypatch)
    app.screen.rebuild()  # everything on screen is drawn again, under the hook
    d.frames(2)
    look_around(d)
    return seen.all(), picks, c.model


def test_a_team_sees_nothing_of_anothers_pending_choice(tmp_path, monkeypatch):
    advised, picks, model = china_then_japan(tmp_path / "a", monkeypatch, "advice")
    assert picks, "China's advisor picked nothing: pick a seed where it does"
    names = [model.catalog.policies[p].name for p in picks]
    monkeypatch.undo()
    nothing, none_picked, _m = china_then_japan(tmp_path / "b", monkeypatch, "nothing")
    assert none_picked == []
    # Japan's screen is the same whatever China picked (China's picks don't show through the
    # news, the previews, the advice or the scores).
    assert advised == nothing
    for name in names:
        assert name not in advised


def test_a_time_out_notice_does_not_list_the_choices(tmp_path, monkeypatch):
    text, picks, model = china_then_japan(tmp_path, monkeypatch, "timeout")
    assert "time ran out" in text
    for pid in picks:
        assert model.catalog.policies[pid].name not in text
