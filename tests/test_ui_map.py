"""The turn screen's map (issue 13): no state name, place or sea name sits under a relations
badge, and no two badges overlap, at 1280x720 and 1920x1080 over several quarters."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.draw import draw_map  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("seat", ["JPN", "CHN"])
def test_no_map_label_under_a_badge(tmp_path, size, seat):
    app = headless_app(tmp_path, size=size, seed=7, seat=seat)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    turns = []
    for _quarter in range(4):
        while app.screen.popup is not None:
            d.key("1")
        screen = app.screen
        rect = screen.L["map"]
        turns.append(screen.s.model.world.turn)
        layout = {}
        draw_map(pygame.Surface(rect.size), pygame.Rect((0, 0), rect.size), screen.s.model,
                 seat, layout)  # fmt: skip
        badges = layout["badges"]
        assert len(layout["seas"]) >= 3  # the sea names still find room
        for i, badge in enumerate(badges):
            assert badge.collidelist(badges[i + 1 :]) < 0, ("badges overlap", badge)
            for kind in ("names", "places", "seas"):
                assert badge.collidelist(layout[kind]) < 0, (kind, badge, layout[kind])
        d.click(d.button("End turn"))
        d.frames(20)
        while d.screen() != "TurnScreen":
            d.key("Enter")
            d.frames(20)
    assert turns == [1, 2, 3, 4]
