"""Tightrope: the game engine (world, rules engine, model, scenarios, saves, batch, UI)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
ASSETS = ROOT / "assets"


def content_fingerprint():
    """A hash of the engine's code and configuration (game/, agents/, configs/): results cached
    under it (e.g. reference games) are rebuilt whenever a rule, a number or a file changes."""
    import hashlib

    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.sha256()
        for folder, pattern in (("game", "*.py"), ("agents", "*.py"), ("configs", "*.yaml")):
            for path in sorted((ROOT / folder).rglob(pattern)):
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
        _FINGERPRINT = h.hexdigest()[:16]
    return _FINGERPRINT


_FINGERPRINT = None
