"""No text cut where the layout has room (issue 13): every label the window ellipsizes to its
box (buttons, one-line texts, the panel, the legend) is recorded while a few quarters are
played at 1280x720 and 1920x1080 through every tab, preview, why-view and summary; none may
be cut."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from game.ui import theme as T  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402


@pytest.mark.parametrize("seat", ["JPN", "CHN", "USA", "KOR"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_no_label_is_cut(tmp_path, monkeypatch, size, seat):
    cut = []
    ellipsize = T.ellipsize

    def measured(s, width, *a, **k):
        out = ellipsize(s, width, *a, **k)
        if out != s:
            cut.append((s, width))
        return out

    monkeypatch.setattr(T, "ellipsize", measured)
    app = headless_app(tmp_path, size=size, seed=7, seat=seat)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    for _ in range(4):
        while app.screen.popup is not None:
            d.key("1")
        screen = app.screen
        for i, _cat in enumerate(screen.categories):
            d.key(str(i + 1))
            for _ in screen.card_buttons:
                d.key("Down")
        d.key("W")
        d.key("Esc")
        d.key("A")
        d.key("E")
        assert d.screen() == "SummaryScreen"
        d.key("Enter")
    assert not cut, f"cut at {size}: {sorted(set(cut))}"
