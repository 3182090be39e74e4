"""The play and shots commands: bad input is one line and exit code 2; shots writes every screen."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def run(*args, env=ENV):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_play_refuses_bad_input_in_one_line(tmp_path):
    for args, needle in (
        (["play", "--as", "PRK"], "--as"),
        (["play", "--scenario", str(tmp_path / "nope.yaml")], "no such scenario file"),
        (["play", "--load", str(tmp_path / "nope.json")], "no such save file"),
        (["play", "--size", "huge"], "--size"),
    ):
        out = run(*args)
        assert out.returncode == 2, (args, out.stderr)
        assert needle in out.stderr and "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1


def test_play_refuses_a_damaged_save_before_opening_a_window(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tightrope-save", "version": 1}')
    out = run("play", "--load", str(bad), env={**ENV, "TIGHTROPE_SAVES": str(tmp_path)})
    assert out.returncode == 2 and "bad.json" in out.stderr and "Traceback" not in out.stderr


def test_shots_saves_a_png_of_every_screen(tmp_path):
    out = run(
        "shots",
        "--out",
        str(tmp_path),
        "--seed",
        "7",
        env={**ENV, "TIGHTROPE_SAVES": str(tmp_path / "s")},
    )
    assert out.returncode == 0, out.stderr
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
    import pygame

    img = pygame.image.load(str(tmp_path / "03-turn.png"))
    assert img.get_size() == (1280, 720)
    # Not a blank image: the turn screen has many distinct colours.
    colours = {img.get_at((x, y))[:3] for x in range(0, 1280, 37) for y in range(0, 720, 23)}
    assert len(colours) > 20
