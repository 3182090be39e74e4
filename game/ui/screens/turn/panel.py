"""The turn screen's indicator panel: each objective of the seat (its score as a bar), its
indicators with their values and sparklines, then the other indicators it watches."""

import pygame

from game.engine.words import fmt_delta, fmt_value, indicator_name
from game.play.preview import good_or_bad
from game.ui import theme as T
from game.ui.draw import sparkline
from game.ui.theme import px as P


def panel_rows(model, seat, watched):
    """("objective", objective), ("key", indicator) and ("header", text) rows, in order."""
    rows, listed = [], set()
    for objective in model.catalog.objectives[seat]:
        rows.append(("objective", objective))
        for key in dict.fromkeys(t[0] for t in objective.terms):
            if key not in listed:
                rows.append(("key", key))
                listed.add(key)
    extra = [k for k in watched if k not in listed]
    if extra:
        rows.append(("header", "Also watched"))
        rows += [("key", k) for k in extra]
    return rows


class Panel:
    """Mixed into ``TurnScreen``: paints the panel and records each row's rect (for clicks)."""

    def row_text(self, key, value, width):
        """(name, its font size, the value shown, its colour) of a row, kept until the value
        or the width changes: the panel repaints on every hover."""
        cache = self.__dict__.setdefault("_row_cache", {})
        hit = cache.get(key)
        if hit is not None and hit[0] == (value, width):
            return hit[1]
        m, reg = self.s.model, self.s.model.reg
        name = indicator_name(reg, key)
        size = T.fit_size(name, width, 13, 10)  # a long name: a smaller font, not cut
        prev = self.prev_values[key] if self.prev_values else value
        change = value - prev
        good = good_or_bad(m, self.s.seat, key, change) if abs(change) > 1e-9 else None
        colour = {None: T.TEXT, 1: T.OI["sky"], -1: T.OI["orange"]}.get(good, T.MUTED)
        shown = fmt_value(reg, key, value, with_unit="short", with_band=good is None)
        if good is not None:  # changed: the change instead of the band (why? has both)
            shown += f" {fmt_delta(reg, key, change)}"
        cache[key] = ((value, width), (name, size, shown, colour))
        return name, size, shown, colour

    def paint_panel(self, surface):
        s, m = self.s, self.s.model
        reg = m.reg
        L = self.L
        # Indicator panel with sparklines.
        score = m.scores()[s.seat]
        ind = T.panel(
            surface, L["ind"], f"Score {score:.1f}: your objectives (click a row for why)", 14
        )
        self.rows = []
        y = ind.y + P(26)
        label_w = int(ind.width * 0.54)
        value_w = int(ind.width * 0.27)
        spark_w = ind.width - label_w - value_w - 24
        obj_scores = m.objective_scores(s.seat)
        for kind, item in self.panel_rows:
            if kind != "key":
                size = 13
                if kind == "objective":
                    label = f"{item.label}, {item.weight:.0%}"  # its share of the score
                    size = T.fit_size(label, label_w - 16, 13, 10, True)  # smaller, not cut
                    sc = obj_scores[item.id]
                    T.blit_text(
                        surface,
                        f"{sc:.0f} / 100",
                        (ind.x + label_w, y + 3),
                        13,
                        T.OI["yellow"],
                        width=value_w - 6,
                    )
                    bar = pygame.Rect(ind.x + label_w + value_w, y + 6, spark_w, self.ROW - 12)
                    pygame.draw.rect(surface, T.BG, bar)
                    pygame.draw.rect(
                        surface,
                        T.OI["yellow"],
                        (bar.x, bar.y, int(bar.width * sc / 100), bar.height),
                    )
                else:
                    label = item
                T.blit_text(
                    surface,
                    label,
                    (ind.x + 8, y + 3 + (13 - size)),
                    size,
                    T.OI["yellow"],
                    True,
                    width=label_w - 16,
                )
                y += self.ROW
                continue
            key = item
            i = self.keys_watched.index(key)
            row = pygame.Rect(ind.x + 2, y, ind.width - 4, self.ROW)
            if key == self.hover_row or (i == self.ind_focus and self.why is not None):
                pygame.draw.rect(surface, (44, 52, 68), row)
            value = m.world.values[key]
            name, size, shown, colour = self.row_text(key, value, label_w - 20)
            T.blit_text(
                surface,
                name,
                (ind.x + 12, y + 3 + (13 - size)),
                size,
                T.TEXT,
                width=label_w - 20,
            )
            if " (" in shown and not T.fits(shown, value_w - 6, 10):
                shown = shown.split(" (")[0]  # the band is in the legend and in why?
            vsize = T.fit_size(shown, value_w - 6, 13, 10)  # a long band: smaller, not cut
            T.blit_text(
                surface,
                shown,
                (ind.x + label_w, y + 3 + (13 - vsize)),
                vsize,
                colour,
                width=value_w - 6,
            )
            series = [snap[key] for snap in m.snapshots] + (
                [value] if value != m.snapshots[-1][key] else []
            )
            spec = reg[key]
            sparkline(
                surface,
                (ind.x + label_w + value_w, y + 3, spark_w, self.ROW - 6),
                series,
                T.OI["sky"],
                spec.lo if spec.hi - spec.lo <= 10 else None,
                spec.hi if spec.hi - spec.lo <= 10 else None,
            )
            T.blit_text(surface, "?", (ind.right - 14, y + 3), 13, T.MUTED)
            self.rows.append((row, key))
            y += self.ROW
