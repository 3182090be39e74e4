"""Where the project's files are, and the fingerprint of what makes a game what it is."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ROOT / "configs"
ASSETS = ROOT / "assets"

# What changes a game: the engine, the states' rules and the configuration. The screens, the
# reports and the lab don't, so changing them keeps cached results (reference games) valid.
GAME_SOURCES = (("game/engine", "*.py"), ("agents", "*.py"), ("configs", "*.yaml"))

_FINGERPRINT = None


def content_fingerprint():
    """A hash of the engine's code and configuration: results cached under it (e.g. reference
    games) are rebuilt whenever a rule, a number or a file that plays changes."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.sha256()
        for folder, pattern in GAME_SOURCES:
            for path in sorted((ROOT / folder).rglob(pattern)):
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
        _FINGERPRINT = h.hexdigest()[:16]
    return _FINGERPRINT
