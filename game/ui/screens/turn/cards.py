"""The turn screen's cards: a tab per category, a button per policy (picked, advised, not
available and why), the focused card's preview and the advisor's suggestion."""

from game.engine.words import effect_text, fmt_delta, indicator_name
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
            label = self.card_label(p, legal)
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

    def card_label(self, p, legal):
        s = self.s
        mark = "[x]" if p.id in s.chosen else "[  ]"
        extra = ""
        slot = f"{s.seat}:{p.id}"
        if slot in s.model.world.progress:
            extra = f"  (under way, {s.model.world.progress[slot]} q left)"
        elif p.id not in legal:
            extra = f"  ({s.model.unavailable_reason(s.seat, p.id)})"
        return f"{mark} {p.cost} pt  {p.name}{extra}"

    def refresh_cards(self):
        """Picks changed: update the card labels and states in place (no rebuild)."""
        s = self.s
        legal = s.legal()
        cat = s.model.catalog
        for pid, b in self.card_buttons.items():
            label = T.ellipsize(self.card_label(cat.policies[pid], legal), b.rect.width - P(20), 14)
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

    def preview_html(self, pid):
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
            return (
                out
                + "<br><font color='#E69F00'>Not available now (prerequisites, cost, cooldown or already under way).</font>"
            )
        pv = s.preview(pid)
        out += "<br><b>Likely next quarter</b> (the engine plays it out on a copy, vs not doing it):<br>"
        deltas = list(pv["deltas"].items())[:8]
        for key, d in deltas:
            colour = "#56B4E9" if d > 0 else "#E69F00"
            out += f"- {E(indicator_name(reg, key))}: <font color='{colour}'>{fmt_delta(reg, key, d)}</font><br>"
        if not deltas:
            out += "- no visible change<br>"
        if pv["reactions"]:
            out += "<b>Rules that would react:</b> " + E(", ".join(pv["reactions"])) + "<br>"
        sc = pv["score_change"]
        out += f"<b>Your score:</b> {sc:+.2f}"
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
