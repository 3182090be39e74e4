"""A scrolling box of wrapped, lightly styled text, drawn by the game.

pygame_gui's UITextBox re-parses and re-renders its HTML on every change (~50-100 ms for a
full news log or turn summary), which would blow the end-turn budget; this box lays out the
same small subset (<b>, <font color='#rrggbb'>, <br>, &amp; &lt; &gt;) from the cached word
renderings in a millisecond or two. Text never leaves its box: it wraps, and what does not fit
scrolls (mouse wheel, a click on the scroll bar, or PageUp/PageDown for the screen's main box).
"""

import re

import pygame

from game.ui import theme as T

_TOKEN = re.compile(r"<(/?)(b|font|br|i)\b([^>]*)>|([^<]+)", re.I)
_COLOUR = re.compile(r"color\s*=\s*['\"]?#([0-9a-fA-F]{6})")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&"))


def _unescape(s):
    for a, b in _ENTITIES:
        s = s.replace(a, b)
    return s


def parse(html, colour=T.TEXT):
    """Paragraphs of runs: [[(text, colour, bold), ...], ...]."""
    paras, runs = [], []
    bold, colours = 0, [colour]
    for m in _TOKEN.finditer(html):
        close, tag, attrs, body = m.groups()
        if body is not None:
            runs.append((_unescape(body), colours[-1], bold > 0))
            continue
        tag = tag.lower()
        if tag == "br":
            paras.append(runs)
            runs = []
        elif tag == "b":
            bold += -1 if close else 1
        elif tag == "font":
            if close:
                if len(colours) > 1:
                    colours.pop()
            else:
                c = _COLOUR.search(attrs)
                colours.append(
                    tuple(int(c.group(1)[i : i + 2], 16) for i in (0, 2, 4)) if c else colours[-1]
                )
    paras.append(runs)
    return paras


def layout(paras, width, size=14):
    """Lines of (x, text, colour, bold) that fit ``width``; long words are ellipsized."""
    lines = []
    for runs in paras:
        line, x = [], 0
        for text, colour, bold in runs:
            f = T.font(size, bold)
            space = f.size(" ")[0]
            parts = text.split(" ")
            for i, word in enumerate(parts):
                if i > 0:
                    x += space
                if not word:
                    continue
                w = f.size(word)[0]
                if x + w > width and line:
                    lines.append(line)
                    line, x = [], 0
                if w > width:
                    word = T.ellipsize(word, width, size, bold)
                    w = f.size(word)[0]
                line.append((x, word, colour, bold))
                x += w
        lines.append(line)
    return lines


class RichText:
    def __init__(self, rect, html="", size=14, pad=6):
        self.rect = pygame.Rect(rect)
        self.size = size
        self.pad = pad
        self.offset = 0
        self.set_text(html)

    @property
    def line_h(self):
        return T.font(self.size).get_linesize() + 2

    def set_text(self, html, keep_scroll=False):
        self.html = html
        inner = self.rect.width - 2 * self.pad - 10
        self.lines = layout(parse(html), max(20, inner), self.size)
        self.content_h = len(self.lines) * self.line_h
        if not keep_scroll:
            self.offset = 0
        self.offset = max(0, min(self.offset, self.max_offset()))

    def view_h(self):
        return self.rect.height - 2 * self.pad

    def max_offset(self):
        return max(0, self.content_h - self.view_h())

    def scroll(self, dy):
        before = self.offset
        self.offset = max(0, min(self.max_offset(), self.offset + dy))
        return self.offset != before

    def page(self, n):
        return self.scroll(n * max(self.line_h, self.view_h() - self.line_h))

    def handle(self, event):
        """Wheel over the box, or a click on its scroll bar. Returns True if it scrolled."""
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                return self.scroll(-event.y * 3 * self.line_h)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.max_offset() > 0:
            bar = self.bar_track()
            if bar.collidepoint(event.pos):
                thumb = self.thumb()
                return self.page(-1 if event.pos[1] < thumb.centery else 1)
        return False

    def bar_track(self):
        return pygame.Rect(self.rect.right - 12, self.rect.y + 2, 10, self.rect.height - 4)

    def thumb(self):
        track = self.bar_track()
        frac = self.view_h() / max(1, self.content_h)
        h = max(20, int(track.height * frac))
        y = track.y + int((track.height - h) * (self.offset / max(1, self.max_offset())))
        return pygame.Rect(track.x, y, track.width, h)

    def draw(self, surface):
        """Blit the box; its pixels are rendered again only after a change of text or scroll."""
        key = (id(self.lines), self.offset, self.rect.size)
        if getattr(self, "_key", None) != key:
            self._key = key
            self._surf = self.render()
        surface.blit(self._surf, self.rect.topleft)

    def render(self):
        surf = (
            pygame.Surface(self.rect.size).convert()
            if pygame.display.get_surface()
            else pygame.Surface(self.rect.size)
        )
        r = surf.get_rect()
        surf.fill(T.BG)
        pygame.draw.rect(surf, T.PANEL_EDGE, r, 1)
        inner = r.inflate(-2 * self.pad, -2 * self.pad)
        surf.set_clip(inner)
        lh = self.line_h
        first = self.offset // lh
        y = inner.y - (self.offset - first * lh)
        for line in self.lines[first:]:
            if y > inner.bottom:
                break
            surf.blits(
                [
                    (T.text(word, self.size, colour, bold), (inner.x + x, y))
                    for x, word, colour, bold in line
                ],
                False,
            )
            y += lh
        surf.set_clip(None)
        if self.max_offset() > 0:
            track, thumb = (
                self.bar_track().move(-self.rect.x, -self.rect.y),
                self.thumb().move(-self.rect.x, -self.rect.y),
            )
            pygame.draw.rect(surf, T.PANEL, track, border_radius=3)
            pygame.draw.rect(surf, T.MUTED, thumb, border_radius=3)
        return surf
