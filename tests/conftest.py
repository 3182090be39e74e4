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


def stop_with(proc, sig, delay=0.0):
    """Send ``sig`` to a window's process after ``delay`` seconds: it must close cleanly, exit
    0 and no traceback (the window commands' shared check; the process is killed if it lives
    on). Returns its (stdout, stderr)."""
    import time

    try:
        time.sleep(delay)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out, err
    return out, err
