"""The engine compiled: the same sources, built by Cython into an overlay (issue 10's speed).

There is one implementation, the ``.py`` files. ``main.py compile`` (``make fast``) compiles
the modules a game runs (MODULES) into ``build/compiled/<python>/`` and writes a manifest of
each source's SHA-256 and each library's size. When ``game.engine``, ``agents`` and
``game.play`` are imported, each puts its overlay folder first on its ``__path__`` only if
every manifest entry still matches its source and its library, the Python is the one the
overlay was built for and ``TIGHTROPE_PURE`` is unset; otherwise (nothing built, a source
edited since, a library cut short, another Python) the sources load, as they always did. A
stale build never shadows an edit. Compiled or not, the games are the same bit for bit
(tests/test_compiled.py); compiled, a batch plays them faster.
"""

import hashlib
import json
import os
import sys
import sysconfig

from game.engine.paths import ROOT

# The modules a game's quarters run (the scenario's loading, saves and texts stay sources).
MODULES = (
    "game.engine.acts",
    "game.engine.conditions",
    "game.engine.deals",
    "game.engine.effects",
    "game.engine.fatigue",
    "game.engine.game",
    "game.engine.hidden",
    "game.engine.log",
    "game.engine.outcome",
    "game.engine.physics",
    "game.engine.rules",
    "game.engine.state",
    "game.engine.whatif",
    "game.engine.world",
    "agents.advisor",
    "agents.bargaining",
    "agents.base",
    "agents.china",
    "agents.common",
    "agents.hedging",
    "agents.japan",
    "agents.personas",
    "agents.usa",
    "game.play.model",
)
PURE = "TIGHTROPE_PURE"  # set (to anything but "" or "0"): always run the sources
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")  # e.g. .cpython-311-x86_64-linux-gnu.so


def overlay_dir():
    """This Python's overlay: build/compiled/<implementation and ABI tag>/."""
    return ROOT / "build" / "compiled" / EXT_SUFFIX.strip(".").rsplit(".", 1)[0]


def source(module):
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def digest(module):
    """SHA-256 of what ``module`` is compiled from: its source and, if it has one, the .pxd
    beside it (types for the compiled engine only: an edit to either makes a build stale)."""
    h = hashlib.sha256(source(module).read_bytes())
    types = source(module).with_suffix(".pxd")
    if types.exists():
        h.update(b"\0pxd\0" + types.read_bytes())
    return h.hexdigest()


def library(folder, module):
    """Where the build puts ``module``'s compiled library in the overlay ``folder``."""
    return folder.joinpath(*module.split(".")).with_name(module.rsplit(".", 1)[1] + EXT_SUFFIX)


_status = None


def status():
    """(engine, why): which engine this process runs, "compiled" or "sources", and why in
    words (decided once, at the first import)."""
    global _status
    if _status is None:
        if os.environ.get(PURE, "") not in ("", "0"):
            _status = ("sources", f"{PURE} is set")
        elif fresh(overlay_dir()):
            _status = ("compiled", f"{len(MODULES)} modules, {overlay_dir()}")
        else:
            _status = ("sources", "no compiled build, or one older than an edit: make fast")
    return _status


def active():
    """Whether the overlay is used in this process: built for this Python, every module's
    source unchanged since, and not switched off by TIGHTROPE_PURE."""
    return status()[0] == "compiled"


def fresh(folder):
    """Whether the overlay in ``folder`` may be used: its manifest names this Python, every
    module with its source's digest as it is now, and each library at the size it was built
    (a library cut short or gone is not loaded: the sources run)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        built, sizes = manifest["modules"], manifest["sizes"]
        return (
            manifest.get("python") == sys.version
            and set(built) == set(MODULES)
            and all(library(folder, m).stat().st_size == sizes[m] for m in MODULES)
            and all(digest(m) == built[m] for m in MODULES)
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False  # (none built, or a manifest this code can't read: the sources run)


def extend(package, path):
    """``path`` (a package's ``__path__``) with the package's overlay folder first, if the
    overlay is active; called at the top of each compiled package's ``__init__``."""
    if not active():
        return path
    folder = overlay_dir().joinpath(*package.split("."))
    return [str(folder), *path] if folder.is_dir() else path
