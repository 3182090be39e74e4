"""Text stays inside its box at 1280x720 and 1920x1080; resizing keeps the game."""

import itertools
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import theme as T  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402
from game.ui.richtext import RichText  # noqa: E402


def check_screen(app):
    """Every button's label fits its button; every rich-text line fits its box; every widget
    lies inside the window."""
    win = app.window.get_rect()
    screen = app.screen
    for b in screen.actions:
        if not b.alive():
            continue
        assert win.contains(b.rect), (type(screen).__name__, b.text, b.rect)
        size = {"#tab": 13, "@tab": 13, "@primary": 15}.get(
            getattr(b, "object_ids", [None])[-1] or "", 14
        )
        bold = "@primary" in (b.object_ids or [])
        assert T.font(size, bold).size(b.text)[0] <= b.rect.width, (b.text, b.rect)
    for box in screen.texts:
        assert win.contains(box.rect)
        inner = box.rect.width - 2 * box.pad - 10
        for line in box.lines:
            for x, word, _c, bold in line:
                assert x + T.font(box.size, bold).size(word)[0] <= inner + 1, word


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_no_text_overflows_on_any_screen(tmp_path, size):
    app = headless_app(tmp_path, size=size, seed=4)
    d = Driver(app)
    check_screen(app)
    d.key("N")
    check_screen(app)
    d.key("Enter")
    check_screen(app)
    screen = app.screen
    for i in range(len(screen.categories)):
        d.key(str(i + 1))
        check_screen(app)
    while screen.popup is not None:
        d.key("1")
    d.key("A")
    d.key("E")
    check_screen(app)
    d.key("Esc")
    d.key("S")
    check_screen(app)


def test_resize_rebuilds_the_turn_screen_and_keeps_the_picks(tmp_path):
    app = headless_app(tmp_path, seed=4)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    while app.screen.popup is not None:
        d.key("1")
    d.key("A")
    chosen = list(app.session.chosen)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1920, h=1080, size=(1920, 1080)))
    d.frames()
    assert app.window.get_size() == (1920, 1080)
    assert app.session.chosen == chosen
    check_screen(app)
    # Too small a window is held at the minimum size.
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=500, h=300, size=(500, 300)))
    d.frames()
    assert app.window.get_size() == (1024, 600)
    check_screen(app)


def test_rich_text_wraps_and_scrolls():
    pygame.init()
    box = RichText((0, 0, 200, 60), "<b>Title</b><br>" + "word " * 200)
    assert box.max_offset() > 0
    assert box.page(1) and box.offset > 0
    assert all(
        x + T.font(14).size(w)[0] <= 200 - 2 * box.pad - 10 + 1
        for line in box.lines
        for x, w, _c, _b in line
    )


def test_why_reaches_every_indicator_by_keyboard(tmp_path):
    app = headless_app(tmp_path, seed=4)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    while app.screen.popup is not None:
        d.key("1")
    d.key("W")
    screen = app.screen
    assert screen.why is not None
    seen = {screen.why_key}
    for _ in range(len(app.session.reg.indicators)):
        d.key("Down", frames=1)
        seen.add(screen.why_key)
    assert seen == set(app.session.reg.indicators)
    d.key("Esc")
    assert screen.why is None


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
def test_a_long_title_menu_leaves_the_hint_uncovered(tmp_path, size):
    """With a game to go back to and an autosave to resume, the title screen's buttons close
    up below the rope's hint instead of covering it (they covered it at 1280x720)."""
    from game.ui.screens.title import HINT_BELOW_ROPE, rope_y

    app = headless_app(tmp_path, size=size, seed=4)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    while app.screen.popup is not None:
        d.key("1")
    d.key("E")  # a quarter played: the autosave exists
    d.key("Enter")
    while app.screen.popup is not None:
        d.key("1")
    d.key("Esc")
    assert type(app.screen).__name__ == "TitleScreen"
    labels = [b.text for b in app.screen.actions if b.alive()]
    assert "Back to the game  [G]" in labels and "Resume the autosave  [R]" in labels, labels
    check_screen(app)
    w, h = app.window.get_size()
    hint_bottom = rope_y(h) + HINT_BELOW_ROPE + T.font(14).get_height()
    buttons = [b.rect for b in app.screen.actions if b.alive()]
    assert min(r.top for r in buttons) >= hint_bottom
    assert max(r.bottom for r in buttons) <= h
    assert all(a.bottom <= b.top for a, b in itertools.pairwise(buttons))  # no overlaps


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("seat", ["USA", "CHN", "JPN", "KOR"])
def test_the_advisor_keeps_its_box_below_a_long_objective_panel(tmp_path, size, seat):
    """Every seat's turn screen leaves the advisor a box of at least ADVICE_MIN_H between the
    indicator panel and the buttons (the US seat's panel, 15 indicators, pushed it to a sliver
    under the buttons at 1280x720)."""
    from game.ui.screens.turn.screen import ADVICE_MIN_H

    app = headless_app(tmp_path, size=size, seed=4, seat=seat)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    L = app.screen.L
    assert L["ind"].bottom < L["advice"].top
    assert L["advice"].bottom <= L["buttons"].top
    assert L["advice"].height >= T.px(ADVICE_MIN_H) - 1
    kept = [k for kind, k in app.screen.panel_rows if kind == "objective"]
    assert kept == list(app.session.model.catalog.objectives[seat])  # every objective shown
    check_screen(app)
