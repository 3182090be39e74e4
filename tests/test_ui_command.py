"""The play and shots commands: bad input is one line and exit code 2; shots writes every screen."""

import os
import signal
import subprocess
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402
import pytest  # noqa: E402
from conftest import stop_with  # noqa: E402

import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def one_line_error(capsys, argv):
    try:
        code = main.main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, (argv, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--as", "PRK"], "--as"),
        (["--scenario", "{tmp}/nope.yaml"], "no such scenario file"),
        (["--load", "{tmp}/nope.json"], "no such save file"),
        (["--size", "huge"], "--size"),
        (["--difficulty", "brutal"], "invalid choice"),
    ],
)
def test_play_refuses_bad_input_in_one_line(tmp_path, capsys, args, needle):
    argv = ["play"] + [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert needle in one_line_error(capsys, argv)


def test_play_refuses_a_damaged_save_before_opening_a_window(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tightrope-save", "version": 1}')
    err = one_line_error(capsys, ["play", "--load", str(bad)])
    assert "bad.json" in err


def test_shots_saves_a_png_of_every_screen(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TIGHTROPE_SAVES", str(tmp_path / "saves"))
    assert main.main(["shots", "--out", str(tmp_path), "--seed", "7"]) == 0
    names = {p.stem for p in tmp_path.glob("*.png")}
    for screen in (
        "title",
        "setup",
        "turn",
        "card-preview",
        "event-popup",
        "why",
        "turn-summary",
        "end",
    ):
        assert any(n.endswith(screen) for n in names), (screen, names)
    assert not (tmp_path / "saves").exists(), "shots must not touch the player's saves"
    img = pygame.image.load(str(tmp_path / "03-turn.png"))
    assert img.get_size() == (1280, 720)
    # Not a blank image: the turn screen has many distinct colours.
    colours = {tuple(img.get_at((x, y)))[:3] for x in range(0, 1280, 37) for y in range(0, 720, 23)}
    assert len(colours) > 20
    big = pygame.image.load(str(tmp_path / "09-turn-1920x1080.png"))
    assert big.get_size() == (1920, 1080)


@pytest.mark.parametrize(
    "sig, delay, in_game",
    [(signal.SIGTERM, 3.0, True), (signal.SIGINT, 3.0, True), (signal.SIGTERM, 0.0, True),
     (signal.SIGTERM, 3.0, False)],
)  # fmt: skip
def test_play_exits_cleanly_on_a_signal(tmp_path, sig, delay, in_game):
    """`main.py play` (a real process, SDL's dummy driver): SIGTERM or Ctrl-C closes the window,
    exit 0, no traceback, in a game too and while the window is still opening. SDL made
    SIGTERM a click on the close button, which in a game asks "Quit?" of nobody (`timeout 120
    main.py play` lived on), and Ctrl-C ended it with code 130."""
    from game.play.session import Session

    env = {**os.environ, "TIGHTROPE_SAVES": str(tmp_path / "saves")}
    args = [sys.executable, "main.py", "play"]
    if in_game:
        session = Session.new(seed=3, directory=tmp_path)  # (a game in progress: its autosave)
        args += ["--load", str(session.autosave_file)]
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert "pygame-ce" in proc.stdout.readline()  # (pygame is imported: the window opens)
    except BaseException:
        proc.kill()
        raise
    stop_with(proc, sig, delay)
