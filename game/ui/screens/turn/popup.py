"""The turn screen's pop-up: an event that asks the seat for an answer, with what each
answer does, how the others would read it and the seat's score change."""

import functools

import pygame
import pygame_gui

from game.ui import theme as T
from game.ui.theme import px as P

E = T.html_escape


class Popup:
    """Mixed into ``TurnScreen``: ``self.popup`` is (window, event, {key: action}) or None."""

    def open_popup(self, event):
        w, h = self.size()
        ww, wh = min(P(700), w - 40), min(P(520), h - 40)
        win = pygame_gui.elements.UIWindow(
            pygame.Rect((w - ww) // 2, (h - wh) // 2, ww, wh), self.manager, f"Event: {event.title}"
        )
        inner = win.get_container().get_rect()
        iw = inner.width
        adv = self.s.advice()["responses"].get(event.id)
        adv_label = next((r.label for r in event.responses if r.id == adv), None)
        html = f"<b>{E(event.title)}</b><br>{E(event.text)}"
        if event.source:
            html += f"<br><font color='#A0A8B6'>Source: {E(event.source)}</font>"
        if adv_label:
            html += f"<br><font color='#E69F00'>Advisor: {E(adv_label)}</font>"
        html += self.answers_html(event)
        html += (
            "<br><br><font color='#A0A8B6'>Esc or × closes this to look at the board first;"
            " “Answer the event [E]” reopens it.</font>"
        )
        n = len(event.responses)
        box_h = inner.height - 16 - n * P(42)
        self.text_box((8, 8, iw - 16, box_h), html, container=win)
        keys = {}
        for i, r in enumerate(event.responses):
            key = str(i + 1)
            b = pygame_gui.elements.UIButton(
                pygame.Rect(8, box_h + 14 + i * P(42), iw - 16, P(36)),
                T.ellipsize(f"{r.label}  [{key}]", iw - 36),
                self.manager,
                container=win,
            )
            act = functools.partial(self.answer, event.id, r.id)
            self.actions[b] = act
            keys[key] = act
        keys["Esc"] = self.close_popup
        self.popup_closed.discard(event.id)
        self.popup = (win, event, keys)

    def close_popup(self, kill=True):
        """Close the pop-up unanswered (× or Esc): the board stays usable; End turn reopens it."""
        if self.popup is not None:
            win, event, _keys = self.popup
            self.popup = None
            self.popup_closed.add(event.id)
            if kill:
                win.kill()
            self.refresh_end_button()
            self.app.say(f"“{event.title}” waits for your answer: End turn [E] reopens it.")

    def answers_html(self, event):
        """Each answer's direct effects, how the others read it, and the seat's score change."""
        m, reg = self.s.model, self.s.model.reg
        out = "<br><br><b>What each answer does</b>"
        for i, p in enumerate(m.preview_response(self.s.seat, event.id)):
            fx = ", ".join(p["direct"]) or "no direct effect"
            seen = ", ".join(
                f"{reg.short(other)} {value:+g}" for other, value in p["signals"].items()
            )
            d = p["score_change"]
            colour = "#56B4E9" if d > 0 else "#E69F00" if d < 0 else "#A0A8B6"
            out += (
                f"<br>{i + 1}. <b>{E(p['label'])}</b>: {E(fx)}"
                f" <font color='{colour}'>(your score {d:+.1f})</font>"
            )
            if seen:
                out += f"<br><font color='#A0A8B6'>   how the others read it: {E(seen)}</font>"
        return out

    def answer(self, event_id, response_id):
        self.s.answer(event_id, response_id)
        if self.popup is not None:
            win = self.popup[0]
            self.popup = None
            win.kill()
        self.refresh_end_button()
        event = self.s.model.catalog.events[event_id]
        label = next(r.label for r in event.responses if r.id == response_id)
        self.app.say(f"{event.title}: {label}")
