"""The turn screen's why-view: an indicator's history and its causes from the ledger (this
quarter, last quarter, over the game), stepping through the indicators."""

import pygame
import pygame_gui

from game.engine.words import (
    fmt_delta,
    fmt_exact,
    fmt_number,
    fmt_value,
    group_causes,
    indicator_name,
    rule_words,
)
from game.reports.summary import cause_lines, levers, objective_terms
from game.ui import theme as T
from game.ui.richtext import RichText
from game.ui.theme import px as P

E = T.html_escape


class Why:
    """Mixed into ``TurnScreen``: ``self.why`` is (window, text box, {key: action}) or None."""

    def why_html(self, key):
        m = self.s.model
        reg = m.reg
        now = m.world.values[key]
        t = m.turn
        shown = fmt_value(reg, key, now, exact=True)  # (as exact as the history and causes)
        out = f"<b>{E(indicator_name(reg, key))}</b>: {E(shown)}<br>"
        hist = ", ".join(fmt_exact(reg, key, snap[key]) for snap in m.snapshots)
        out += f"<font color='#A0A8B6'>At the start of each quarter: {hist}</font><br>"
        out += self.counts_html(key)
        for label, turn in (
            (f"This quarter so far ({m.quarter})", t),
            (f"Last quarter ({m.scenario.quarter_label(t - 1)})", t - 1),
        ):
            if turn < 1:
                continue
            groups = group_causes(m, m.world.entries(key=key, turn=turn))
            out += f"<br><b>{label}</b><br>" + (
                self.causes_html(key, groups, 8) or "- no change<br>"
            )
        groups = group_causes(m, m.world.entries(key=key))
        out += "<br><b>Over the game</b> (largest causes first)<br>"
        out += self.causes_html(key, groups, 12) or "- no change yet<br>"
        return out + self.levers_html(key)

    def causes_html(self, key, groups, n):
        """The first ``n`` causes, then "+N more" with their total: every cause counted, at the
        indicator's precision (the causes add up to the history above, digit for digit)."""
        reg = self.s.reg
        shown, more = cause_lines(groups, n)
        out = "".join(
            f"- {E(text)}: {fmt_exact(reg, key, d, True)}{f' ({k}x)' if k > 1 else ''}<br>"
            for text, d, k in shown
        )
        if more:
            out += f"- +{more[0]} more: {fmt_exact(reg, key, more[1], True)}<br>"
        return out

    def counts_html(self, key):
        """How the seat's score reads this indicator: which objective, which way, thresholds."""
        reg, spec = self.s.reg, self.s.reg[key]
        out = ""
        for t in objective_terms(self.s.model, self.s.seat, key):
            lo, hi = fmt_number(t["lo"], spec), fmt_number(t["hi"], spec)
            best, worst = (lo, hi) if t["low_is_good"] else (hi, lo)
            way = "lower is better" if t["low_is_good"] else "higher is better"
            out += (
                f"<b>In your score</b>: part of {E(t['objective'])} ({t['share']:.0%} of your score;"
                f" this is {t['part']:.0%} of it): {way}, full marks at {best}, none at {worst}<br>"
            )
        if not out and key in reg.indicators:
            out = "<font color='#A0A8B6'>Not in your objectives (it moves things that are).</font><br>"
        return out

    def levers_html(self, key):
        """What would move this: your cards, other states' cards, events, and the rules."""
        reg = self.s.reg
        lv = levers(self.s.model, self.s.seat, key)
        out = "<br><b>What would move this</b><br>"
        for name, cost, d in lv["mine"][:6]:
            out += f"- your card {E(name)} ({cost} pt): {fmt_delta(reg, key, d)} at once<br>"
        for who, name, d in lv["others"][:4]:
            out += f"- {E(who)}: {E(name)}: {fmt_delta(reg, key, d)}<br>"
        for title, d in lv["events"][:4]:
            out += f"- event “{E(title)}”: {fmt_delta(reg, key, d)}<br>"
        for name, models, total in lv["rules"][:5]:
            what = f": {E(models)}" if models else ""
            out += f"- rule “{E(rule_words(name))}”{what} (so far {fmt_delta(reg, key, total)})<br>"
        if not any(lv.values()):
            out += "- nothing directly: it follows other indicators (see the causes above)<br>"
        return out

    def open_why(self, key):
        if self.why is not None:
            self.why[1].set_text(self.why_html(key))
            self.render_why()
            self.why[0].set_display_title(f"Why? {indicator_name(self.s.reg, key)}")
            self.why_key = key
            return
        w, h = self.size()
        ww, wh = min(P(720), w - 40), min(P(560), h - 40)
        win = pygame_gui.elements.UIWindow(
            pygame.Rect((w - ww) // 2, (h - wh) // 2, ww, wh),
            self.manager,
            f"Why? {indicator_name(self.s.reg, key)}",
        )
        inner = win.get_container().get_rect()
        iw = inner.width
        # The ledger text is laid out by RichText and shown as an image inside the window.
        box = RichText((0, 0, iw - 16, inner.height - P(62)), self.why_html(key))
        self.why_image = pygame_gui.elements.UIImage(
            pygame.Rect(8, 8, iw - 16, inner.height - P(62)),
            pygame.Surface(box.rect.size),
            self.manager,
            container=win,
        )
        keys = {"PageUp": lambda: self.scroll_why(-1), "PageDown": lambda: self.scroll_why(1)}
        bw = (iw - 32) // 3
        for i, (label, key_name, act) in enumerate(
            (
                ("Previous", "Up", lambda: self.step_why(-1)),
                ("Next", "Down", lambda: self.step_why(1)),
                ("Close", "Esc", self.close_why),
            )
        ):
            b = pygame_gui.elements.UIButton(
                pygame.Rect(8 + i * (bw + 8), inner.height - P(48), bw, P(40)),
                f"{label}  [{key_name}]",
                self.manager,
                container=win,
                object_id="@center",
            )
            self.actions[b] = act
            keys[key_name] = act
        self.why = (win, box, keys)
        self.why_key = key
        self.render_why()

    def render_why(self):
        box = self.why[1]
        surf = pygame.Surface(box.rect.size).convert()
        box.draw(surf)
        self.why_image.set_image(surf)

    def scroll_why(self, n):
        if self.why is not None and self.why[1].page(n):
            self.render_why()

    def step_why(self, step):
        """Previous/next indicator: yours first, then every other one the world holds."""
        reg = self.s.reg
        keys = self.keys_watched + [
            k for k in (*reg.headline, *reg.indicators) if k not in self.keys_watched
        ]
        keys = list(dict.fromkeys(keys))
        i = keys.index(self.why_key) if self.why_key in keys else -1
        key = keys[(i + step) % len(keys)]
        if key in self.keys_watched:
            self.ind_focus = self.keys_watched.index(key)
        self.open_why(key)
        self.dirty = True

    def close_why(self):
        if self.why is not None:
            self.why[0].kill()
            self.why = None
