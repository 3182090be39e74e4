"""Colours (Okabe-Ito, safe for the common forms of colour blindness), fonts and cached text.

Every colour that carries meaning also comes with a second cue (a label, a line style or a
position), so nothing depends on colour alone. Text is rendered once per (text, size, colour)
and reused: the turn screen draws the same strings every frame.
"""

import json
from functools import lru_cache
from importlib import resources

import pygame

from game.engine.paths import ASSETS

THEME_FILE = ASSETS / "ui_theme.json"
MAP_FILE = ASSETS / "map.json"

# Okabe & Ito (2008), "Color Universal Design".
OI = {
    "black": (0, 0, 0),
    "orange": (230, 159, 0),
    "sky": (86, 180, 233),
    "green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermillion": (213, 94, 0),
    "purple": (204, 121, 167),
}
BG = (22, 26, 34)
PANEL = (30, 35, 45)
PANEL_EDGE = (58, 68, 88)
TEXT = (238, 238, 238)
MUTED = (160, 168, 182)
SEA = (24, 40, 58)
LAND = (84, 92, 86)
LAND_EDGE = (150, 160, 152)
GOOD, BAD = OI["sky"], OI["vermillion"]

STATE_COLOURS = {
    "USA": OI["blue"],
    "CHN": OI["vermillion"],
    "JPN": OI["purple"],
    "KOR": OI["green"],
}
LAND_TINTS = {"CHN": (92, 80, 72), "JPN": (104, 84, 100), "KOR": (70, 100, 88), "": LAND}

# Five ordered bands (the registry's bands run from worst to best): a diverging ramp from
# vermillion to blue, with line widths and dashes as a second cue.
BAND_RAMP = (OI["vermillion"], OI["orange"], OI["yellow"], OI["sky"], OI["blue"])
BAND_WIDTH = (2, 2, 3, 4, 5)
BAND_DASHED = (True, True, False, False, False)
SERIES = (OI["sky"], OI["orange"], OI["green"], OI["purple"], OI["yellow"], OI["vermillion"])


def band_style(indicator, value):
    """(colour, width, dashed, band name) of a value on an indicator with named bands."""
    names = [name for _lo, name in indicator.bands]
    band = indicator.band(value)
    if not names or band is None:
        return MUTED, 2, False, ""
    i = names.index(band)
    # Map the indicator's bands onto the five-step ramp (ladders may have more or fewer).
    k = round(i * (len(BAND_RAMP) - 1) / max(1, len(names) - 1))
    return BAND_RAMP[k], BAND_WIDTH[k], BAND_DASHED[k], band


@lru_cache(maxsize=8)
def font_path(bold=False):
    """The Noto Sans face that ships with pygame_gui (SIL Open Font Licence)."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return str(resources.files("pygame_gui.data").joinpath(name))


# The UI scale: 1.0 at 1280x720, growing with the window up to 1.5 (1920x1080), so text and
# rows stay legible on a big window. Sizes in the code are written for 1280x720; px() scales.
SCALE = 1.0


def scale_for(size):
    w, h = size
    return round(max(1.0, min(1.5, w / 1280, h / 720)), 3)


def set_scale(scale):
    global SCALE
    SCALE = scale


def px(n):
    """A length written for 1280x720, at the current scale."""
    return max(1, round(n * SCALE))


def theme_dict():
    """The pygame_gui theme (assets/ui_theme.json) with its font sizes at the current scale."""
    raw = json.loads(THEME_FILE.read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "font" and isinstance(v, dict) and "size" in v:
                    v["size"] = str(px(int(v["size"])))
                else:
                    walk(v)

    walk(raw)
    return raw


@lru_cache(maxsize=64)
def _font(pixels, bold):
    return pygame.font.Font(font_path(bold), pixels)


def font(size, bold=False):
    """The game's font at ``size`` (points written for 1280x720, scaled)."""
    return _font(px(size), bold)


_TEXT_CACHE = {}


def text(s, size=14, colour=TEXT, bold=False):
    """A rendered string, cached."""
    key = (s, px(size), colour, bold)
    surf = _TEXT_CACHE.get(key)
    if surf is None:
        if len(_TEXT_CACHE) > 4000:
            _TEXT_CACHE.clear()
        surf = font(size, bold).render(s, True, colour)
        _TEXT_CACHE[key] = surf
    return surf


def ellipsize(s, width, size=14, bold=False):
    """``s`` cut to fit ``width`` pixels, with an ellipsis if it had to be cut (cached)."""
    return _ellipsize(s, width, px(size), bold)


@lru_cache(maxsize=8192)
def _ellipsize(s, width, pixels, bold):
    f = _font(pixels, bold)
    if f.size(s)[0] <= width:
        return s
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f.size(s[:mid].rstrip() + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return s[:lo].rstrip() + "…"


def fits(s, width, size=14, bold=False):
    """True if ``s`` fits ``width`` pixels at ``size`` (a measure; ``ellipsize`` cuts)."""
    return _font(px(size), bold).size(s)[0] <= width


@lru_cache(maxsize=4096)
def fit_size(s, width, size=14, smallest=11, bold=False):
    """The largest font size from ``size`` down to ``smallest`` at which ``s`` fits ``width``
    (``smallest`` if none does: the text is then ellipsized there)."""
    for n in range(size, smallest - 1, -1):
        if _font(px(n), bold).size(s)[0] <= width:
            return n
    return smallest


def wrap(s, width, size=14, bold=False):
    """Lines of ``s`` that each fit ``width`` pixels (a long word is ellipsized)."""
    f = font(size, bold)
    lines = []
    for para in s.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= width:
                line = trial
            else:
                if line:
                    lines.append(line)
                line = word if f.size(word)[0] <= width else ellipsize(word, width, size, bold)
        lines.append(line)
    return lines


def blit_text(surface, s, pos, size=14, colour=TEXT, bold=False, width=None, align="left"):
    """Draw one line of text (ellipsized to ``width``); returns its rect."""
    if width is not None:
        s = ellipsize(s, width, size, bold)
    surf = text(s, size, colour, bold)
    x, y = pos
    if align == "right":
        x -= surf.get_width()
    elif align == "center":
        x -= surf.get_width() // 2
    return surface.blit(surf, (x, y))


def blit_wrapped(surface, s, rect, size=14, colour=TEXT, bold=False, line_gap=2):
    """Draw wrapped text inside ``rect``; lines that don't fit are dropped, the last one
    ellipsized. Returns the y below the last line."""
    rect = pygame.Rect(rect)
    h = font(size, bold).get_linesize() + line_gap
    lines = wrap(s, rect.width, size, bold)
    room = max(1, rect.height // h)
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = ellipsize(lines[-1] + " …", rect.width, size, bold)
    y = rect.y
    for line in lines:
        surface.blit(text(line, size, colour, bold), (rect.x, y))
        y += h
    return y


def panel(surface, rect, title=None, size=15):
    rect = pygame.Rect(rect)
    pygame.draw.rect(surface, PANEL, rect, border_radius=4)
    pygame.draw.rect(surface, PANEL_EDGE, rect, 1, border_radius=4)
    if title:
        blit_text(surface, title, (rect.x + 8, rect.y + 4), size, TEXT, True, rect.width - 16)
    return rect


def dashed_line(surface, colour, a, b, width=2, dash=10, gap=7):
    ax, ay = a
    bx, by = b
    length = max(1.0, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
    dx, dy = (bx - ax) / length, (by - ay) / length
    t = 0.0
    while t < length:
        e = min(length, t + dash)
        pygame.draw.line(
            surface, colour, (ax + dx * t, ay + dy * t), (ax + dx * e, ay + dy * e), width
        )
        t = e + gap


def html_escape(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hexcol(rgb):
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def good_colour(sign):
    """A change's colour by what it does for the seat: sky blue good (+1), orange bad (-1),
    grey neither (0). The sign of the number is always in the text as well."""
    return {1: "#56B4E9", -1: "#E69F00"}.get(sign, "#A0A8B6")
