"""The turn screen: the map, the news, the cards, the indicator panel, the advisor and the
end-turn button; the pop-ups and the why-view open over it."""

import pygame
import pygame_gui

from game.engine import deals
from game.engine.catalog import CATEGORIES
from game.engine.errors import TightropeError
from game.reports.summary import capital_refill, seat_keys, shown_values
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen, key_label
from game.ui.draw import draw_map, relations_legend
from game.ui.screens.common import status_line
from game.ui.screens.turn.cards import Cards
from game.ui.screens.turn.panel import Panel, panel_rows
from game.ui.screens.turn.popup import Popup
from game.ui.screens.turn.why import Why
from game.ui.theme import px as P

E = T.html_escape


ADVICE_MIN_H = 96  # the advisor box's least height (a heading, two suggestions), before scaling


@nav.screen("turn")
class TurnScreen(Cards, Panel, Why, Popup, Screen):
    @property
    def ROW(self):  # noqa: N802 (a layout constant that follows the UI scale)
        return self.__dict__.get("row_height") or P(22)

    def __init__(self, app):
        super().__init__(app)
        self.s = app.session
        model = self.s.model
        cats = [c for c in CATEGORIES if self.s.policies(c)]
        self.categories = cats
        self.tab = cats[0]
        self.card_focus = 0
        self.keys_watched = seat_keys(model, self.s.seat)
        # The indicator panel: each objective (a header with its score), then its indicators.
        self.all_panel_rows = panel_rows(model, self.s.seat, self.keys_watched)
        self.panel_rows = self.all_panel_rows  # (what fits: layout)
        # What the panel compares with: what the last turn screen showed (the summary's
        # baseline), each change coloured good or bad for the seat.
        self.prev_values = shown_values(model, model.turn - 1) if model.turn > 1 else None
        self.refill = capital_refill(model, self.s.seat)
        self.ind_focus = 0
        self.popup = None  # (window, event, {key: action})
        self.popup_closed = set()  # events whose pop-up the player closed unanswered
        self.why = None  # (window, text box, {key: action})
        self.shown_preview = None
        self.want_preview = None
        self.map_surface = None
        self.map_hits = {}
        self.legend_hits = {}
        self.rows = []
        self.hover_row = None

    # ---------------------------------------------------------------- layout and widgets
    def layout(self):
        w, h = self.size()
        top, bottom = P(50), h - P(30)
        left_w = int(w * 0.35)
        mid_w = int(w * 0.32)
        lx, mx = 8, 8 + left_w + 8
        rx = mx + mid_w + 8
        rw = w - rx - 8
        map_h = int((bottom - top) * 0.56)
        self.fit_panel(bottom - top - P(142) - 6 - P(ADVICE_MIN_H))
        L = {
            "map": pygame.Rect(lx, top, left_w, map_h),
            "legend": pygame.Rect(lx, top + map_h + 4, left_w, P(70)),
            "news": pygame.Rect(lx, top + map_h + P(80), left_w, bottom - top - map_h - P(80)),
            "tabs": pygame.Rect(mx, top, mid_w, P(32)),
            "cards": pygame.Rect(mx, top + P(38), mid_w, 0),
            "ind": pygame.Rect(rx, top, rw, P(30) + self.ROW * len(self.panel_rows)),
        }
        n_cards = max(len(self.s.policies(c)) for c in self.categories)
        L["cards"].height = n_cards * P(36)
        L["preview"] = pygame.Rect(mx, L["cards"].bottom + 6, mid_w, bottom - L["cards"].bottom - 6)
        L["advice"] = pygame.Rect(
            rx, L["ind"].bottom + 6, rw, max(P(30), bottom - L["ind"].bottom - 6 - P(142))
        )
        L["buttons"] = pygame.Rect(rx, bottom - P(134), rw, P(134))
        return L

    def fit_panel(self, room):
        """The indicator panel in ``room`` pixels, so that the advisor keeps a box below it (the
        US seat's four objectives read 15 indicators): its rows close up to P(18), then the
        indicators it only watches go (their why? stays a click on the map or the legend)."""
        rows, watched = self.all_panel_rows, ("header", "Also watched")
        if P(30) + P(18) * len(rows) > room and watched in rows:
            rows = rows[: rows.index(watched)]
        self.panel_rows = rows
        fit = (room - P(30)) // max(1, len(rows))
        self.row_height = max(P(18), min(P(22), fit))

    def build(self):
        w, _h = self.size()
        self.L = L = self.layout()
        self.map_surface = None
        self.button(
            (w - 8 - 4 * P(150), 8, P(142), P(34)),
            "Summaries",
            self.history,
            "H",
            object_id="@center",
            tooltip="Reopen the summaries of the quarters played so far",
            enabled=self.s.model.turn > 1,
        )
        self.button(
            (w - 8 - 3 * P(150), 8, P(142), P(34)), "Save", self.save, "Ctrl+S", object_id="@center"
        )
        self.button(
            (w - 8 - 2 * P(150), 8, P(142), P(34)),
            "Load",
            lambda: nav.show(self.app, "load", "turn"),
            "Ctrl+L",
            object_id="@center",
        )
        self.button(
            (w - 8 - P(150), 8, P(150), P(34)),
            "Menu",
            lambda: nav.show(self.app, "title"),
            "Esc",
            object_id="@center",
        )
        tw = L["tabs"].width // len(self.categories)
        self.tab_buttons = {}
        for i, cat in enumerate(self.categories):
            b = self.button(
                (L["tabs"].x + i * tw, L["tabs"].y, tw - 4, P(32)),
                cat.title(),
                lambda c=cat: self.set_tab(c),
                str(i + 1),
                object_id="@tab",
            )
            b.set_text(T.ellipsize(f"{cat.title()} [{i + 1}]", tw - 10, 13))
            if cat == self.tab:
                b.select()
            self.tab_buttons[cat] = b
        self.keys["Up"] = lambda: self.move_card(-1)
        self.keys["Down"] = lambda: self.move_card(1)
        self.keys["Space"] = self.toggle_focused
        self.keys["Enter"] = self.toggle_focused
        self.keys["Left"] = lambda: self.cycle_tab(-1)
        self.keys["Right"] = lambda: self.cycle_tab(1)
        self.card_buttons = {}
        self.build_cards()
        self.preview_box = self.rich(L["preview"], "", main=True)
        self.shown_preview = None
        self.news_box = self.rich(L["news"], self.news_html(), 13)
        self.advice_box = self.rich(L["advice"], self.advice_html())
        b = L["buttons"]
        half = (b.width - 8) // 2
        self.button(
            (b.x, b.y, half, P(38)),
            "Adopt advice",
            self.adopt,
            "A",
        )
        self.button(
            (b.x + half + 8, b.y, half, P(38)),
            "Why? (indicator)",
            lambda: self.open_why(self.keys_watched[self.ind_focus]),
            "W",
        )
        self.button(
            (b.x, b.y + P(46), b.width, P(38)),
            self.offers_label(),
            lambda: nav.show(self.app, "offers", self.screen_name),
            "O",
            tooltip="Propose a deal, answer the offers you received, keep or break your deals",
        )
        self.end_button = self.button(
            (b.x, b.y + P(92), b.width, P(42)), "End turn", self.end_turn, "E", object_id="@primary"
        )
        self.refresh_end_button()
        self.focus_card(self.card_focus)
        if self.popup is not None or self.why is not None:
            self.popup = self.why = None  # rebuilt (resize): update() reopens what is still needed
            self.popup_closed = set()

    def offers_label(self):
        """The offers button says what waits: offers to answer and deals in force."""
        w, seat = self.s.model.world, self.s.seat
        waiting = len(deals.open_offers(w, seat))
        live = len(deals.in_force(self.s.model, seat))
        parts = [f"{waiting} to answer" if waiting else "", f"{live} in force" if live else ""]
        extra = ", ".join(p for p in parts if p)
        return f"Offers and deals ({extra})" if extra else "Offers and deals"

    # ---------------------------------------------------------------- the news
    def news_html(self):
        m = self.s.model
        lines = []
        for entry in reversed(deals.news_for(m.world, self.s.seat)[-60:]):
            q = m.scenario.quarter_label(entry["turn"])
            actor = entry.get("actor") or ""
            colour = T.hexcol(T.STATE_COLOURS.get(actor, T.MUTED))
            tag = {
                "event": "EVENT",
                "policy": "",
                "response": "ANSWER",
                "completed": "DONE",
                "rule": "RULE",
                "offer": "OFFER",
                "deal": "DEAL",
                "breach": "BREACH",
            }.get(entry["kind"], "")
            tag = f"<b>{tag}</b> " if tag else ""
            who = f"<font color='{colour}'><b>{E(actor)}</b></font> " if actor else ""
            lines.append(f"<font color='#A0A8B6'>{q}</font> {who}{tag}{E(entry['text'])}")
        body = "<br>".join(lines) if lines else "Nothing has happened yet."
        return f"<b>News</b> (latest first)<br>{body}"

    # ---------------------------------------------------------------- the turn
    def save(self):
        try:
            path = self.s.save()
        except (OSError, TightropeError) as exc:
            self.app.say(f"Could not save: {exc}")
            return
        self.app.say(f"Saved {path.name}")

    summary_screen = "summary"  # the class turn shows the class's summary

    def history(self):
        """The last quarter's summary (Left/Right for earlier ones), then back to this turn."""
        if self.s.model.turn > 1:
            nav.show(self.app, self.summary_screen, self.s.model.turn - 1, self.screen_name)

    screen_name = "turn"

    def submit_turn(self):
        """End the seat's turn in its session: False (the reason said) if an event waits for an
        answer or the session refuses. Each kind of turn screen then goes where it goes."""
        if self.answer_first():
            return False
        try:
            self.s.end_turn()
        except TightropeError as exc:
            self.app.say(str(exc))
            return False
        return True

    def end_turn(self):
        if self.submit_turn():
            self.app.say("")
            nav.show(self.app, "summary")

    def answer_first(self):
        """An event still waits for an answer: (re)open its pop-up and say so. True if so."""
        waiting = self.s.unanswered()
        if not waiting:
            return False
        if self.popup is None:
            self.open_popup(waiting[0])
        self.app.say(f"Answer “{waiting[0].title}” first.")
        return True

    def refresh_end_button(self):
        """End turn, or (while an event waits) the button that reopens its pop-up."""
        waiting = bool(self.s.unanswered())
        label = T.ellipsize(
            "Answer the event  [E]" if waiting else "End turn  [E]",
            self.end_button.rect.width - P(20),
            15,
            bold=True,
        )
        if self.end_button.text != label:
            self.end_button.set_text(label)

    # ---------------------------------------------------------------- events, update, paint
    def handle(self, event):
        """The pop-up and the why-view are windows over the board, not traps: their own keys
        first (the why-view's, then the pop-up's; Esc closes the top one), then the screen's
        (Ctrl+S, W, the cards, the board) as usual."""
        if event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self.why is not None and event.ui_element is self.why[0]:
                self.why = None
            if self.popup is not None and event.ui_element is self.popup[0]:
                self.close_popup(kill=False)
            self.dirty = True
            return True
        if event.type == pygame.MOUSEWHEEL and self.why is not None:
            if self.why[0].rect.collidepoint(pygame.mouse.get_pos()):
                if self.why[1].scroll(-event.y * 3 * self.why[1].line_h):
                    self.render_why()
                return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            for modal in (self.why, self.popup):
                if modal is not None:
                    act = modal[2].get(key_label(event))
                    if act is not None:
                        act()
                        return True
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and self.app.settings["hover_preview"]:
            for pid, b in self.card_buttons.items():
                if b is event.ui_element:
                    self.want_preview = pid
            return True
        if (
            event.type == pygame.MOUSEBUTTONUP
            and event.button == 1
            and not self.over_window(event.pos)
        ):
            for rect, key in self.rows:
                if rect.collidepoint(event.pos):
                    self.ind_focus = self.keys_watched.index(key)
                    self.open_why(key)
                    return True
            for key, rect in [*self.map_hits.items(), *self.legend_hits.items()]:
                if rect.collidepoint(event.pos):
                    self.open_why(key.split("#")[0])
                    return True
        return super().handle(event)

    def over_window(self, pos):
        """True if ``pos`` is on the pop-up or the why-view (a click there is not the board's)."""
        return any(m is not None and m[0].rect.collidepoint(pos) for m in (self.popup, self.why))

    def update(self, dt):
        if self.popup is None and self.why is None:
            # Each event opens by itself once; closed (× or Esc), the End turn button reopens it.
            waiting = [e for e in self.s.unanswered() if e.id not in self.popup_closed]
            if waiting:
                self.open_popup(waiting[0])
        want = self.want_preview
        if want is not None and want != self.shown_preview and not self.s.model.is_over():
            # One future of the preview per frame (each takes a few ms), then the whole text.
            pid = self.want_preview
            done = pid not in self.s.legal() or self.s.preview_step(pid) is not None
            if done:
                self.shown_preview = pid
            self.set_rich(self.preview_box, self.preview_html(pid, done))
        pos = pygame.mouse.get_pos()
        hover = next((k for r, k in self.rows if r.collidepoint(pos)), None)
        if hover != self.hover_row:
            self.hover_row = hover
            self.dirty = True

    def paint(self, surface):
        s, m = self.s, self.s.model
        reg = m.reg
        surface.fill(T.BG)
        w, h = surface.get_size()
        L = self.L
        # Top bar: who, when, capital.
        name = reg.state_names[s.seat]
        turn = min(m.turn, m.scenario.turns)
        T.blit_text(
            surface,
            f"{name}  ·  {m.quarter}  ·  quarter {turn} of {m.scenario.turns}",
            (12, 6),
            20,
            T.TEXT,
            True,
            width=w - 4 * P(150) - 24,
        )
        cap = s.capital()
        refill, _rules, top = self.refill
        refill_text = f"+{refill:.2f}" if refill > 0 else "refills"
        T.blit_text(
            surface,
            f"Capital {cap:.2f}: {int(s.left() + 1e-9)} whole points to spend (picked {s.spent():g})"
            f"  ·  {refill_text} a quarter with approval, at most {top:g}",
            (12, P(30)),
            14,
            T.OI["yellow"] if s.left() < 0 else T.MUTED,
            width=w - 4 * P(150) - 24,
        )
        # Map (cached: redrawn when the turn or the size changes).
        if self.map_surface is None or self.map_surface.get_size() != L["map"].size:
            self.map_surface = pygame.Surface(L["map"].size).convert()
            hits = draw_map(self.map_surface, self.map_surface.get_rect(), m, s.seat)
            self.map_hits = {k: r.move(L["map"].topleft) for k, r in hits.items()}
        surface.blit(self.map_surface, L["map"].topleft)
        self.legend_hits = relations_legend(surface, L["legend"], m)
        self.paint_panel(surface)
        # Focus ring on the keyboard's card.
        cards = s.policies(self.tab)
        if cards and cards[self.card_focus].id in self.card_buttons:
            r = self.card_buttons[cards[self.card_focus].id].rect.inflate(6, 4)
            pygame.draw.rect(surface, T.OI["yellow"], r, 2, border_radius=4)
        if not self.app.status:
            T.blit_text(
                surface,
                "Keys: Up/Down move, Space picks, 1-4 or Left/Right change category, PageUp/PageDown scroll the preview",
                (12, h - P(24)),
                13,
                T.MUTED,
                width=w - 24,
            )
        status_line(self.app, surface)
