"""No internal ids on screen (issue 13): every text the window renders over a few quarters,
with its why-views and summaries, is scanned for policy/event ids ('cg_incursion') and
indicator keys ('CHN-JPN.relations', 'JPN.capital')."""

import os
import re

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

from game.ui import richtext  # noqa: E402
from game.ui import theme as T  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402

ID = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b(?:USA|CHN|JPN|KOR)[-.>][A-Za-z]+|\b[a-z]+\.[a-z_]+\b")
ALLOWED = {"settings.json"}


@pytest.mark.parametrize("seat", ["CHN", "USA"])
def test_no_internal_id_is_rendered(tmp_path, monkeypatch, seat):
    seen = set()
    text, set_text = T.text, richtext.RichText.set_text

    def t(s, *a, **k):
        seen.add(s)
        return text(s, *a, **k)

    def st(box, html, *a, **k):
        seen.add(html)
        return set_text(box, html, *a, **k)

    monkeypatch.setattr(T, "text", t)
    monkeypatch.setattr(richtext.RichText, "set_text", st)
    app = headless_app(tmp_path, seed=11, seat=seat)
    d = Driver(app)
    d.key("N")
    d.key("Enter")
    for _quarter in range(3):
        while app.screen.popup is not None:
            d.key("1")
        d.key("W")
        d.key("Down")
        d.key("Esc")
        d.key("A")
        d.key("E")
        while d.screen() != "TurnScreen":
            d.key("Enter")
    found = {
        m: s[:120]
        for s in seen
        for m in ID.findall(re.sub(r"<[^>]+>", "", s))
        if m not in ALLOWED and "/" not in s  # file paths (a save's name) are not ids
    }
    assert len(seen) > 200 and not found, found
