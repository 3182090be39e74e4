"""A monkey test: 5,000 random clicks and keys on the real window, no exception."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import random  # noqa: E402  (the test's own seeded stream; the game never uses it)

import pygame  # noqa: E402

from game.ui.driver import Driver, headless_app  # noqa: E402
from game.ui.screens import TitleScreen  # noqa: E402

KEYS = (
    "N", "L", "S", "Q", "R", "G", "E", "A", "W", "T", "C", "D", "H", "1", "2", "3", "4", "5",
    "Enter", "Esc", "Space", "Up", "Down", "Left", "Right", "PageUp", "PageDown", "Backspace",
    "Ctrl+S", "Ctrl+L", "Shift+S",
)  # fmt: skip


def test_monkey_5000_random_inputs(tmp_path):
    rnd = random.Random(20250101)
    app = headless_app(tmp_path, seed=5)
    d = Driver(app)
    seen = set()
    w, h = app.window.get_size()
    for i in range(5000):
        r = rnd.random()
        if r < 0.30:
            pos = (rnd.randrange(w), rnd.randrange(h))
            d.post_click(pos, button=1 if rnd.random() < 0.9 else 3)
        elif r < 0.55:  # aim at a live button half the time: go deeper
            live = [b for b in app.screen.actions if b.alive()]
            target = rnd.choice(live).rect if live else pygame.Rect(0, 0, w, h)
            d.post_click(
                (
                    target.x + rnd.randrange(max(1, target.w)),
                    target.y + rnd.randrange(max(1, target.h)),
                )
            )
        elif r < 0.985:
            d.post_key(rnd.choice(KEYS))
        elif r < 0.997:
            pygame.event.post(
                pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rnd.choice((-1, 1)), flipped=False)
            )
        else:
            size = rnd.choice(((1280, 720), (1600, 900), (1920, 1080), (1100, 640)))
            pygame.event.post(
                pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)
            )
        if i % 8 == 7:
            app.tick(0.1)  # 8 inputs a tenth of a second: fast hands, past the input guard
            seen.add(type(app.screen).__name__)
            if not app.running:  # the monkey found Quit: reopen the title screen
                app.running = True
                app.show(TitleScreen(app))
            w, h = app.window.get_size()
    app.tick()
    # It got around: the title, the new-game screen and the turn screen at least.
    assert {"TitleScreen", "SetupScreen", "TurnScreen", "SummaryScreen"} <= seen, seen
