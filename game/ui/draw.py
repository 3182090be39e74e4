"""Things the game draws itself: the regional map, sparklines and line charts."""

import math
from functools import lru_cache

import pygame

from game.engine.words import fmt_value, indicator_name
from game.engine.yamlio import read_json
from game.ui import theme as T


@lru_cache(maxsize=1)
def map_data():
    return read_json(T.MAP_FILE)


class Projection:
    """Longitude/latitude to pixels in ``rect``: equirectangular, aspect kept, centred."""

    def __init__(self, rect, extent):
        self.rect = pygame.Rect(rect)
        (lon0, lon1), (lat0, lat1) = extent["lon"], extent["lat"]
        k = math.cos(math.radians(extent.get("ref_lat", (lat0 + lat1) / 2)))
        w, h = (lon1 - lon0) * k, lat1 - lat0
        self.scale = min(self.rect.width / w, self.rect.height / h)
        self.k, self.lon0, self.lat1 = k, lon0, lat1
        self.ox = self.rect.x + (self.rect.width - w * self.scale) / 2
        self.oy = self.rect.y + (self.rect.height - h * self.scale) / 2

    def __call__(self, lon, lat):
        return (
            self.ox + (lon - self.lon0) * self.k * self.scale,
            self.oy + (self.lat1 - lat) * self.scale,
        )


def draw_map(surface, rect, model, seat, layout=None):
    """The region, the states' anchors and a line per pair coloured and labelled by its band.
    Returns {pair or place: rect} of the labels (for hit-testing 'why?'); ``layout``, a dict,
    gets the boxes of the names, badges, places and sea names (a test checks none overlap)."""
    data = map_data()
    rect = pygame.Rect(rect)
    pygame.draw.rect(surface, T.SEA, rect)
    proj = Projection(rect.inflate(-16, -16), data["extent"])
    prev_clip = surface.get_clip()
    surface.set_clip(rect)
    for shape in data["land"]:
        pts = [proj(*p) for p in shape["points"]]
        pygame.draw.polygon(surface, T.LAND_TINTS.get(shape["owner"], T.LAND), pts)
        pygame.draw.polygon(surface, T.LAND_EDGE, pts, 1)
    for line in data.get("lines", ()):
        pts = [proj(*p) for p in line["points"]]
        for a, b in zip(pts, pts[1:], strict=False):
            T.dashed_line(surface, T.MUTED, a, b, 1, 4, 4)
    anchors = {code: proj(*xy) for code, xy in data["anchors"].items()}
    hits = {}
    reg = model.reg
    inner = rect.inflate(-4, -4)
    # Where everything goes is worked out before anything is drawn, so that no label lands
    # under a number badge: state names first, then the badges (nudged off the names and
    # each other), the places' labels, and last the sea names, which give way to all of them.
    names = []
    for code, (x, y) in anchors.items():
        surf = T.text(reg.state_names[code], 14, T.TEXT, code == seat)
        side = data.get("label_side", {}).get(code, "above")
        if side == "below":
            box = surf.get_rect(midtop=(x, y + 12))
        elif side == "left":
            box = surf.get_rect(midright=(x - 14, y + 4))
        elif side == "right":
            box = surf.get_rect(midleft=(x + 14, y))
        else:
            box = surf.get_rect(midbottom=(x, y - 10))
        box.clamp_ip(rect.inflate(-6, -6))
        names.append((code, surf, box))
    taken = [box.inflate(6, 2) for _c, _s, box in names]
    taken += [pygame.Rect(x - 11, y - 11, 22, 22) for x, y in anchors.values()]
    lines = []
    for pair in reg.pairs:
        a, b = pair.split("-")
        key = f"{pair}.relations"
        value = model.world.values[key]
        colour, width, dashed, _band = T.band_style(reg[key], value)
        pts = arc(anchors[a], anchors[b], data.get("bends", {}).get(pair, 0.0))
        surf = T.text(f"{value:.0f}", 12, colour, True)
        box = _free(surf.get_rect(center=pts[len(pts) // 2]).inflate(8, 2), taken, inner)
        taken.append(box)
        lines.append((key, pts, colour, width + (seat in (a, b)), dashed, surf, box))
    places = []
    for place in data.get("places", ()):
        key = place["indicator"]
        x, y = proj(*place["at"])
        value = model.world.values[key]
        r = 5 + int(value / 20)
        surf = T.text(f"{place['name']} {value:.0f}", 12, T.TEXT)
        box = _free(surf.get_rect(topleft=(x + r + 3, y - 8)), taken, inner, (0, -1, 1, -2, 2))
        taken.append(box)
        places.append((key, (x, y), r, value, surf, box))
    seas = []
    for name, lon, lat in data["labels"]["sea"]:
        surf = T.text(name, 12, (96, 130, 160))
        box = _free(surf.get_rect(midtop=proj(lon, lat)), taken, inner, strict=True)
        if box is not None:  # a sea name that fits nowhere free is left out
            surface.blit(surf, box)
            seas.append(box)
    if layout is not None:
        layout["names"] = [box.inflate(6, 2) for _c, _s, box in names]
        layout["badges"] = [line[-1] for line in lines]
        layout["places"] = [place[-1] for place in places]
        layout["seas"] = seas
    # Relation lines (drawn first, so the anchors sit on top).
    for _key, pts, colour, width, dashed, _surf, _box in lines:
        if dashed:
            for p, q in zip(pts, pts[1:], strict=False):
                T.dashed_line(surface, colour, p, q, width, 8, 6)
        else:
            pygame.draw.lines(surface, colour, False, pts, width)
    for key, (x, y), r, value, surf, box in places:
        hot = T.OI["vermillion"] if value >= 60 else T.OI["orange"] if value >= 35 else T.OI["sky"]
        pygame.draw.circle(surface, hot, (x, y), r, 2)
        pygame.draw.line(surface, hot, (x - r, y), (x + r, y), 1)
        pygame.draw.line(surface, hot, (x, y - r), (x, y + r), 1)
        hits[key] = surface.blit(surf, box)
    # A short value plate at the middle of each line (the band's colour and line style say the
    # band); relations_legend() names each pair's band in words.
    for key, _pts, colour, _width, _dashed, surf, box in lines:
        pygame.draw.rect(surface, T.BG, box, border_radius=3)
        pygame.draw.rect(surface, colour, box, 1, border_radius=3)
        surface.blit(surf, surf.get_rect(center=box.center))
        hits[key] = box
    for code, surf, box in names:
        x, y = anchors[code]
        radius = 11 if code == seat else 8
        pygame.draw.circle(surface, T.STATE_COLOURS[code], (x, y), radius)
        pygame.draw.circle(surface, T.TEXT, (x, y), radius, 2)
        pygame.draw.rect(surface, T.BG, box.inflate(6, 2), border_radius=3)
        surface.blit(surf, box)
    surface.set_clip(prev_clip)
    pygame.draw.rect(surface, T.PANEL_EDGE, rect, 1)
    return hits


def _free(box, taken, bounds, steps=(0, 1, -1, 2, -2, 3, -3), strict=False):
    """``box`` moved by the first of ``steps`` (in box heights, down then up, then sideways)
    that keeps it inside ``bounds`` and clear of every rect in ``taken``; if none is clear, the
    box where it was (or None when ``strict``)."""
    for dx in (0, 1, -1):
        for dy in steps:
            moved = box.move(dx * box.width // 2, dy * (box.height + 1)).clamp(bounds)
            if moved.collidelist(taken) < 0:
                return moved
    return None if strict else box.clamp(bounds)


def relations_legend(surface, rect, model):
    """Each pair's relations in words, with the line style used on the map, in two columns.
    Returns {indicator key: rect} for 'why?'."""
    rect = T.panel(surface, rect)
    reg = model.reg
    short = {"USA": "US", "CHN": "China", "JPN": "Japan", "KOR": "ROK"}
    hits = {}
    pairs = list(reg.pairs)
    per_col = (len(pairs) + 1) // 2
    col_w = (rect.width - 12) // 2
    T.blit_text(
        surface,
        "Relations between the states (click a line for why)",
        (rect.x + 6, rect.y + 3),
        12,
        T.MUTED,
        width=rect.width - 12,
    )
    for i, pair in enumerate(pairs):
        key = f"{pair}.relations"
        value = model.world.values[key]
        colour, width, dashed, band = T.band_style(reg[key], value)
        x = rect.x + 6 + (i // per_col) * col_w
        y = rect.y + T.px(20) + (i % per_col) * T.px(16)
        if dashed:
            T.dashed_line(surface, colour, (x, y + 8), (x + 22, y + 8), width, 5, 3)
        else:
            pygame.draw.line(surface, colour, (x, y + 8), (x + 22, y + 8), width)
        a, b = pair.split("-")
        label = f"{short[a]}-{short[b]}: {band} {value:.0f}"
        size = T.fit_size(label, col_w - 34, 12, 10)  # a long band name: smaller, not cut
        T.blit_text(surface, label, (x + 28, y + (12 - size)), size, T.TEXT, width=col_w - 34)
        hits[key] = pygame.Rect(x, y, col_w - 6, T.px(16))
    return hits


def arc(a, b, bend, n=24):
    """Points of a quadratic curve from a to b bowed ``bend`` x its length to one side."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    cx, cy = (ax + bx) / 2 - dy * bend, (ay + by) / 2 + dx * bend
    if abs(bend) < 1e-9:
        n = 2
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        out.append(
            (u * u * ax + 2 * u * t * cx + t * t * bx, u * u * ay + 2 * u * t * cy + t * t * by)
        )
    return out


def sparkline(surface, rect, series, colour=T.OI["sky"], lo=None, hi=None):
    rect = pygame.Rect(rect)
    if len(series) < 2:
        if series:
            pygame.draw.circle(surface, colour, (rect.right - 2, rect.centery), 2)
        return
    lo = min(series) if lo is None else lo
    hi = max(series) if hi is None else hi
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    n = len(series)
    pts = [
        (
            rect.x + i * (rect.width - 1) / (n - 1),
            rect.bottom - 1 - (v - lo) / (hi - lo) * (rect.height - 2),
        )
        for i, v in enumerate(series)
    ]
    pygame.draw.lines(surface, colour, False, pts, 2)
    pygame.draw.circle(surface, colour, pts[-1], 3)


def line_chart(surface, rect, model, keys, title, turns=None):
    """A chart of indicators over the game (model.snapshots), with axes, a legend and ticks."""
    rect = T.panel(surface, rect, title, 14)
    reg = model.reg
    legend_h = T.px(15) * len(keys) + 6
    plot = pygame.Rect(
        rect.x + T.px(40),
        rect.y + T.px(26),
        rect.width - T.px(52),
        rect.height - T.px(48) - legend_h,
    )
    snaps = model.snapshots
    turns = turns or max(len(snaps) - 1, 1)
    lo = min(reg[k].lo for k in keys)
    hi = max(min(reg[k].hi, max(max(s[k] for s in snaps) * 1.15, 1e-6)) for k in keys)
    if all(reg[k].lo == 0 and reg[k].hi == 100 for k in keys):
        lo, hi = 0, 100
    pygame.draw.rect(surface, T.BG, plot)
    for frac in (0, 0.5, 1):
        y = plot.bottom - frac * plot.height
        pygame.draw.line(surface, T.PANEL_EDGE, (plot.x, y), (plot.right, y), 1)
        T.blit_text(
            surface, f"{lo + frac * (hi - lo):.0f}", (plot.x - 4, y - 8), 11, T.MUTED, align="right"
        )
    for i in range(0, turns + 1, max(1, turns // 4)):
        x = plot.x + i * plot.width / turns
        T.blit_text(
            surface,
            model.scenario.quarter_label(i + 1) if i < turns else "end",
            (x, plot.bottom + 2),
            11,
            T.MUTED,
            align="center",
        )
    styles = (0, 1, 2, 3)
    for n, key in enumerate(keys):
        colour = T.SERIES[n % len(T.SERIES)]
        values = [s[key] for s in snaps]
        pts = [
            (plot.x + i * plot.width / turns, plot.bottom - (v - lo) / (hi - lo or 1) * plot.height)
            for i, v in enumerate(values)
        ]
        if len(pts) >= 2:
            pygame.draw.lines(surface, colour, False, pts, 2)
        for p in pts[:: max(1, len(pts) // 8)]:
            _marker(surface, styles[n % 4], colour, p)
    # Legend under the plot: one line per series, marker + name + end value.
    lx, ly = rect.x + 10, plot.bottom + T.px(20)
    for n, key in enumerate(keys):
        colour = T.SERIES[n % len(T.SERIES)]
        pygame.draw.line(surface, colour, (lx, ly + 7), (lx + 14, ly + 7), 2)
        _marker(surface, styles[n % 4], colour, (lx + 7, ly + 7))
        end = fmt_value(reg, key, model.world.values[key], with_unit=False)
        T.blit_text(
            surface,
            f"{indicator_name(reg, key)}: {end}",
            (lx + 20, ly),
            12,
            T.TEXT,
            width=rect.width - 36,
        )
        ly += T.px(15)


def _marker(surface, style, colour, p):
    x, y = p
    if style == 0:
        pygame.draw.circle(surface, colour, (x, y), 3)
    elif style == 1:
        pygame.draw.rect(surface, colour, (x - 3, y - 3, 6, 6))
    elif style == 2:
        pygame.draw.polygon(surface, colour, [(x, y - 4), (x - 4, y + 3), (x + 4, y + 3)])
    else:
        pygame.draw.polygon(surface, colour, [(x, y - 4), (x + 4, y), (x, y + 4), (x - 4, y)])
