"""The turn screen's cards: a tab per category, a button per policy (picked, advised, not
available and why), the focused card's preview and the advisor's suggestion."""

from game.engine.words import effect_text, fmt_delta, indicator_name
from game.play.preview import good_or_bad
from game.ui import theme as T
from game.ui.theme import px as P

E = T.html_escape


class Cards:
    """Mixed into ``TurnScreen``: the cards, the preview box and the advice box."""

    def build_cards(self):
        for b in self.card_buttons.values():
            self.actions.pop(b, None)
            b.kill()
        self.card_buttons = {}
        s = self.s
        legal = s.legal()
        advised = {pid for pid, _r, _w in s.advice()["actions"]}
        c = self.L["cards"]
        for i, p in enumerate(s.policies(self.tab)):
            label = self.card_label(p, legal, c.width - P(14))
            b = self.button(
                (c.x, c.y + i * P(36), c.width, P(32)),
                label,
                lambda pid=p.id: self.click_card(pid),
                object_id="@advised" if p.id in advised else "@card",
                tooltip=E(p.description),
                enabled=p.id in legal,
            )
            if p.id in s.chosen:
                b.select()
            self.card_buttons[p.id] = b

    def card_label(self, p, legal, width=None):
        """'[x] 2 pt  Name  (why not now)'; the reason shortened to '(not now)' if the whole
        label would not fit ``width`` (the preview gives the full reason)."""
        s = self.s
        mark = "[x]" if p.id in s.chosen else "[ ]"
        extra = ""
        slot = f"{s.seat}:{p.id}"
        if slot in s.model.world.progress:
            extra = f" (under way, {s.model.world.progress[slot]} q left)"
        elif p.id not in legal:
            extra = f" ({s.model.unavailable_reason(s.seat, p.id)})"
        # Shorter forms while the label doesn't fit: the reason as '(not now)', then none (greyed
        # out says it; the preview says why), then the name without its parenthesis.
        names = [p.name] + ([p.name.split(" (")[0]] if " (" in p.name else [])
        label = ""
        for name in names:
            for ex in (extra, " (not now)", "") if extra else ("",):
                label = f"{mark} {p.cost} pt {name}{ex}"
                if width is None or T.fits(label, width):
                    return label
        return label

    def refresh_cards(self):
        """Picks changed: update the card labels and states in place (no rebuild)."""
        s = self.s
        legal = s.legal()
        cat = s.model.catalog
        for pid, b in self.card_buttons.items():
            room = b.rect.width - P(14)
            label = T.ellipsize(self.card_label(cat.policies[pid], legal, room), room, 14)
            if b.text != label:
                b.set_text(label)
            if pid in s.chosen and not b.is_selected:
                b.select()
            elif pid not in s.chosen and b.is_selected:
                b.unselect()
        self.dirty = True

    def advice_html(self):
        s = self.s
        adv = s.advice()
        cat = s.model.catalog
        parts = ["<b>Advisor</b> (what the default rules would do in your seat):"]
        if not adv["actions"]:
            parts.append("Save your capital this quarter.")
        for pid, rule, why in adv["actions"]:
            p = cat.policies[pid]
            parts.append(
                f"- <b>{E(p.name)}</b> ({p.cost} pt): {E(why)} <font color='#A0A8B6'>[{E(rule)}]</font>"
            )
        for eid, rid in adv["responses"].items():
            event = cat.events[eid]
            label = next((r.label for r in event.responses if r.id == rid), rid)
            parts.append(f"- On '{E(event.title)}': {E(label)}")
        for line in adv.get("explanation", ()):  # the reasoning, in the seat's objectives
            parts.append(f"<font color='#A0A8B6'>{E(line)}</font>")
        intel = s.intelligence()[0]  # this game's hidden factors, as estimated (with bars)
        if intel:
            parts.append(f"<font color='#A0A8B6'>{E(intel)}</font>")
        return "<br>".join(parts)

    def preview_html(self, pid, ready=True):
        s, m = self.s, self.s.model
        reg = m.reg
        p = m.catalog.policies[pid]
        head = (
            f"<b>{E(p.name)}</b><br><font color='#A0A8B6'>{p.category}, {p.cost} political capital"
        )
        if p.duration > 1:
            head += f", takes {p.duration} quarters"
        head += f". Source: {E(p.source)}</font><br>{E(p.description)}<br>"
        direct = "".join(f"- {E(effect_text(reg, eff))}<br>" for eff in p.effects)
        out = head + "<br><b>What it does</b><br>" + (direct or "- nothing directly<br>")
        if pid not in s.legal():
            why = E(m.unavailable_reason(s.seat, pid))
            return out + f"<br><font color='#E69F00'>Not available now: {why}.</font>"
        if not ready:
            n, total = s.preview_progress(pid)
            return out + f"<br><b>Likely next quarter</b>: playing future {n + 1} of {total}…"
        pv = s.preview(pid)
        out += (
            f"<br><b>Likely next quarter</b> (the mean over {pv['futures']} futures played with"
            " and without it on the same dice, with its range; blue is good for you, orange bad):<br>"
        )
        half = pv["futures"] / 2
        likely = [(k, d) for k, d in pv["deltas"].items() if pv["seen_in"][k] >= half]
        chance = [(k, d) for k, d in pv["deltas"].items() if pv["seen_in"][k] < half]
        for key, d in likely[:8]:
            colour = T.good_colour(good_or_bad(m, s.seat, key, d))
            lo, hi = pv["ranges"][key]
            spread = (
                ""
                if abs(hi - lo) < 0.01
                else f" <font color='#A0A8B6'>({fmt_delta(reg, key, lo)} to {fmt_delta(reg, key, hi)})</font>"
            )
            out += f"- {E(indicator_name(reg, key))}: <font color='{colour}'>{fmt_delta(reg, key, d)}</font>{spread}<br>"
        if not likely:
            out += "- no change in most futures<br>"
        if chance:
            names = ", ".join(
                f"{indicator_name(reg, k)} (in {pv['seen_in'][k]} of {pv['futures']})"
                for k, _d in chance[:4]
            )
            out += f"<font color='#A0A8B6'>Only in a few futures (chance events): {E(names)}</font><br>"
        if pv["reactions"]:
            out += "<b>Rules that would react:</b> " + E(", ".join(pv["reactions"])) + "<br>"
        sc, (lo, hi) = pv["score_change"], pv["score_range"]
        colour = T.good_colour(1 if sc > 0 else -1 if sc < 0 else 0)
        out += (
            f"<b>Your score:</b> <font color='{colour}'>{sc:+.2f}</font> ({lo:+.2f} to {hi:+.2f})"
        )
        return out

    def set_tab(self, cat):
        if cat == self.tab:
            return
        self.tab_buttons[self.tab].unselect()
        self.tab = cat
        self.tab_buttons[cat].select()
        self.card_focus = 0
        self.build_cards()
        self.focus_card(0)

    def cycle_tab(self, step):
        i = self.categories.index(self.tab)
        self.set_tab(self.categories[(i + step) % len(self.categories)])

    def focus_card(self, i):
        cards = self.s.policies(self.tab)
        if not cards:
            return
        self.card_focus = i % len(cards)
        self.want_preview = cards[self.card_focus].id
        self.dirty = True

    def move_card(self, step):
        self.focus_card(self.card_focus + step)

    def toggle_focused(self):
        cards = self.s.policies(self.tab)
        if cards:
            self.click_card(cards[self.card_focus].id)

    def click_card(self, pid):
        ids = [p.id for p in self.s.policies(self.tab)]
        if pid in ids:
            self.card_focus = ids.index(pid)
        self.want_preview = pid
        msg = self.s.toggle(pid)
        self.app.say(msg)
        self.refresh_cards()

    def adopt(self):
        self.s.adopt_advice()
        self.app.say(
            "Picked the advisor's suggestion."
            if self.s.chosen
            else "The advisor suggests saving capital."
        )
        self.refresh_cards()
