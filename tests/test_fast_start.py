"""Fast start (issue 15): the title screen appears without Mesa, scipy, pandas or matplotlib;
they load when a game starts, behind a "Preparing the game…" frame. Each check runs in a new
interpreter, so what the test process imported already can't hide an import."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("mesa", "scipy", "pandas", "matplotlib")

PROBE = """
import json, os, sys, tempfile
from pathlib import Path
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
from game.ui.front import open_window
app = open_window(directory=Path(tempfile.mkdtemp()))
app.tick(0)
at_title = [m for m in sys.argv[1:] if m in sys.modules]
texts = []
import game.ui.theme as T
blit = T.blit_text
T.blit_text = lambda surface, s, *a, **k: (texts.append(s), blit(surface, s, *a, **k))[1]
app.prepare_game()
after = [m for m in sys.argv[1:] if m in sys.modules]
print(json.dumps({"title": at_title, "prepared": after, "texts": texts}))
"""


def _probe():
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_title_imports_no_heavy_library_and_a_game_start_loads_them():
    seen = _probe()
    assert seen["title"] == [], f"imported before the title: {seen['title']}"
    assert "mesa" in seen["prepared"]  # the engine loads when a game starts
    assert "Preparing the game…" in seen["texts"]  # behind a frame that says so


DEFERRED = """
import json, os, tempfile
from pathlib import Path
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
from game.ui import nav
from game.ui.front import open_window
app = open_window(directory=Path(tempfile.mkdtemp()))
app.tick(0)
at_title = sorted(nav.SCREENS)
labels = [b.text for b in app.screen.actions]
shown = type(nav.make(app, "setup")).__name__  # asked for before the title's second frame
print(json.dumps({"at_title": at_title, "labels": labels, "shown": shown,
                  "after": sorted(nav.SCREENS)}))
"""


def test_the_title_comes_first_and_every_other_screen_loads_when_asked_for():
    out = subprocess.run([sys.executable, "-c", DEFERRED], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["at_title"] == ["title"]  # only the title's module loaded for the first frame
    assert "Classroom  [K]" in seen["labels"]  # yet its entries are all there from the first frame
    assert seen["shown"] == "SetupScreen"
    for name in ("setup", "turn", "end", "load", "settings", "class_menu", "class_turn"):
        assert name in seen["after"], name
