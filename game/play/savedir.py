"""Where saves and the window's settings live, and which autosave the title offers to resume:
stdlib only, so the title screen can ask without loading the engine."""

import os
from pathlib import Path

from game.engine.paths import ROOT

SETTINGS = "settings.json"  # the window's settings live beside the saves
AUTOSAVE = "autosave"  # autosave-<seats>-<scenario>-<start time>.json: one file per game
FINISHED = "finished"  # a game's autosave once it is over (kept; not offered for resume)


def save_dir():
    """Where saves go: $TIGHTROPE_SAVES, else saves/ in the project (git-ignored)."""
    return Path(os.environ.get("TIGHTROPE_SAVES") or ROOT / "saves")


def newest_autosave(directory, prefix=AUTOSAVE):
    """The newest autosave of an unfinished game with ``prefix``, or None."""
    d = Path(directory)
    files = [p for p in d.glob(f"{prefix}*.json") if p.is_file()] if d.is_dir() else []
    return max(files, key=lambda p: (p.stat().st_mtime, p.name), default=None)
