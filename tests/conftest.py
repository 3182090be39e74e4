import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(scope="session")
def scenario():
    from game.engine.scenario import load_scenario

    return load_scenario()


def play(scenario, seed, **kw):
    """Play an all-AI game to the end (helper shared by tests)."""
    from game.play.model import TightropeModel

    model = TightropeModel(scenario, seed=seed, **kw)
    while not model.is_over():
        model.step()
    return model
