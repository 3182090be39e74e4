"""The screens: title, new game, load, settings, the turn, the turn summary and the end.

Every number, preview, suggestion and explanation shown here comes from the engine (the
model's API, its ledger and news log, ``game.reports.end_report.end_report``); the screens only lay it out.
"""

import functools
import random
from pathlib import Path

import pygame
import pygame_gui

from game.engine.catalog import CATEGORIES
from game.engine.errors import TightropeError
from game.engine.registry import registry
from game.engine.scenario import DEFAULT_SCENARIO
from game.engine.words import (
    effect_text,
    fmt_delta,
    fmt_value,
    group_causes,
    indicator_name,
)
from game.engine.yamlio import read_yaml
from game.reports.end_report import end_report
from game.ui import theme as T
from game.ui.app import SIZES, Screen, key_label
from game.ui.draw import draw_map, line_chart, relations_legend, sparkline
from game.ui.richtext import RichText
from game.ui.session import (
    AUTOSAVE,
    DIFFICULTIES,
    DIFFICULTY_NOTES,
    Session,
    list_saves,
    scenario_files,
)
from game.ui.theme import px as P

E = T.html_escape

# Extra entries on the title screen: (label, key, callable(app)). The classroom view registers
# itself here (e.g. TITLE_ENTRIES.append(("Classroom", "C", open_classroom))).
TITLE_ENTRIES = []


def status_line(app, surface):
    w, h = surface.get_size()
    if app.status:
        T.blit_text(surface, app.status, (12, h - 24), 14, T.OI["yellow"], width=w - 24)


def _seat_keys(model, seat):
    """The indicators a seat watches: the terms of its objectives, then the headline China-Japan
    relations (the essay's question), in a stable order."""
    keys = []
    for objective in model.catalog.objectives[seat]:
        for term in objective.terms:
            if term[0] not in keys:
                keys.append(term[0])
    for key in ("CHN-JPN.relations", f"{seat}.approval"):
        if key not in keys:
            keys.append(key)
    return keys


# ============================================================================ title
class SaveShortcut:
    """Ctrl+S saves the game on screens that show one (summary, end)."""

    def save(self):
        try:
            self.app.say(f"Saved {self.app.session.save().name}")
        except (OSError, TightropeError) as exc:
            self.app.say(f"Could not save: {exc}")

    def handle(self, event):
        ctrl_s = event.type == pygame.KEYDOWN and event.mod & pygame.KMOD_CTRL
        if ctrl_s and event.key == pygame.K_s:
            self.save()
            return True
        return super().handle(event)


class TitleScreen(Screen):
    def build(self):
        w, h = self.size()
        bw, bh = P(300), P(44)
        x = w // 2 - bw // 2
        y = int(h * 0.45)
        app = self.app
        entries = []
        if app.session is not None and not app.session.model.is_over():
            entries.append(("Back to the game", "G", lambda: app.show(TurnScreen(app))))
        if (app.directory / AUTOSAVE).exists():
            entries.append(("Resume the autosave", "R", self.resume))
        entries += [
            ("New game", "N", lambda: app.show(SetupScreen(app))),
            ("Load a saved game", "L", lambda: app.show(LoadScreen(app, back=TitleScreen))),
            ("Settings", "S", lambda: app.show(SettingsScreen(app))),
        ]
        entries += [(label, key, (lambda f=f: f(app))) for label, key, f in TITLE_ENTRIES]
        entries.append(("Quit", "Q", self.quit))
        y = min(y, h - P(40) - len(entries) * (bh + P(10)))  # room above the status line
        for label, key, action in entries:
            self.button((x, y, bw, bh), label, action, key, object_id="@center")
            y += bh + P(10)

    def quit(self):
        self.app.running = False

    def resume(self):
        open_save(self.app, self.app.directory / AUTOSAVE)

    def paint(self, surface):
        surface.fill(T.BG)
        w, h = surface.get_size()
        ty = int(h * 0.07)
        T.blit_text(surface, "Tightrope", (w // 2, ty), 56, T.TEXT, True, align="center")
        T.blit_text(
            surface,
            "China, Japan, Korea and the United States under Trump's second term, 2025-2028",
            (w // 2, ty + 80),
            18,
            T.MUTED,
            width=w - 40,
            align="center",
        )
        # A tightrope walker with a balance pole, between two posts.
        y = int(h * 0.29)
        x0, x1 = int(w * 0.25), int(w * 0.75)
        pts = [(x0 + (x1 - x0) * i / 20, y + 14 * (1 - ((i - 10) / 10) ** 2)) for i in range(21)]
        pygame.draw.lines(surface, T.PANEL_EDGE, False, pts, 2)
        for x in (x0, x1):
            pygame.draw.line(surface, T.PANEL_EDGE, (x, y), (x, y + 60), 3)
        cx, cy = w // 2, y + 14
        pygame.draw.line(surface, T.TEXT, (cx, cy), (cx, cy - 26), 3)
        pygame.draw.circle(surface, T.TEXT, (cx, cy - 33), 6)
        pygame.draw.line(surface, T.OI["orange"], (cx - 70, cy - 30), (cx + 70, cy - 16), 3)
        T.blit_text(
            surface,
            "Mouse or keyboard: every button shows its key.",
            (w // 2, y + 40),
            14,
            T.MUTED,
            align="center",
        )
        status_line(self.app, surface)


def open_save(app, path):
    try:
        session = Session.load(path, app.directory)
    except TightropeError as exc:
        app.say(f"Could not load {path.name}: {exc}")
        return False
    enter_session(app, session)
    app.say(f"Loaded {path.name}: {session.model.quarter}")
    return True


def enter_session(app, session):
    """Play ``session`` in the window: its turn screen, or the end screen if it is over."""
    app.session = session
    session.autosave_on = app.settings["autosave"]
    app.report = None
    app.show(EndScreen(app) if session.model.is_over() else TurnScreen(app))


@functools.lru_cache(maxsize=64)
def _scenario_info(path):
    """(name shown in the list, description) of a scenario file, read once."""
    try:
        raw = read_yaml(path)
    except TightropeError:
        return path.name, ""
    raw = raw if isinstance(raw, dict) else {}
    return f"{raw.get('name', path.stem)}  ({path.name})", str(raw.get("description") or "")


# ============================================================================ new game
class SetupScreen(Screen):
    def __init__(self, app):
        super().__init__(app)
        d = app.defaults
        reg = registry()
        self.seats, self.names = reg.states, reg.state_names
        self.seat = d["seat"] if d["seat"] in self.seats else "JPN"
        self.scenarios = [p.resolve() for p in scenario_files()]
        wanted = Path(d["scenario"] or DEFAULT_SCENARIO).resolve()
        if wanted not in self.scenarios:
            self.scenarios.append(wanted)
        self.scenario = self.scenarios.index(wanted)
        self.difficulty = d["difficulty"] if d["difficulty"] in DIFFICULTIES else "normal"
        self.seed = str(
            d["seed"] if d["seed"] is not None else random.SystemRandom().randrange(100000)
        )

    def scenario_name(self, path):
        return _scenario_info(path)[0]

    def build(self):
        w, h = self.size()
        reg_names = self.names
        col = min(P(640), w - 80)
        x, y = w // 2 - col // 2, P(110)
        lw = P(170)
        M = self.manager

        def row(label):
            nonlocal y
            lab = pygame_gui.elements.UILabel(pygame.Rect(x, y, lw, P(36)), label, M)
            y += P(48)
            return lab

        row("State you play  [S]")
        self.dd_seat = pygame_gui.elements.UIDropDownMenu(
            [reg_names[s] for s in self.seats],
            reg_names[self.seat],
            pygame.Rect(x + lw, y - P(48), col - lw, P(36)),
            M,
        )
        row("Scenario  [C]")
        options = [self.scenario_name(p) for p in self.scenarios]
        self.dd_scen = pygame_gui.elements.UIDropDownMenu(
            options, options[self.scenario], pygame.Rect(x + lw, y - P(48), col - lw, P(36)), M
        )
        row("Difficulty  [D]")
        self.dd_diff = pygame_gui.elements.UIDropDownMenu(
            list(DIFFICULTIES), self.difficulty, pygame.Rect(x + lw, y - P(48), col - lw, P(36)), M
        )
        row("Seed  [0-9, R]")
        self.seed_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x + lw, y - P(48), col - lw - P(160), P(36)), M
        )
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(9)
        self.seed_entry.set_text(self.seed)
        self.button(
            (x + col - P(150), y - P(48), P(150), P(36)),
            "New seed",
            self.new_seed,
            "R",
            object_id="@center",
        )
        self.note_y = y
        by = min(h - P(90), y + P(190))
        self.back_and_start(
            x, by, col, P(46), lambda: self.app.show(TitleScreen(self.app)), self.start, "Start"
        )
        self.col_x, self.col_w = x, col

    def handle(self, event):
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.dd_seat:
                self.seat = next(s for s, n in self.names.items() if n == event.text)
            elif event.ui_element is self.dd_scen:
                self.scenario = [self.scenario_name(p) for p in self.scenarios].index(event.text)
            elif event.ui_element is self.dd_diff:
                self.difficulty = event.text
            self.dirty = True
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_entry:
            self.seed = self.seed_entry.get_text()
            return True
        if event.type == pygame.KEYDOWN and not self.app.typing():
            label = pygame.key.name(event.key)
            if label.strip("[]").isdigit() and len(self.seed) < 9:
                self.seed = (self.seed if self.seed != "0" else "") + label.strip("[]")
                self.seed_entry.set_text(self.seed)
                return True
            if event.key == pygame.K_BACKSPACE:
                self.seed = self.seed[:-1]
                self.seed_entry.set_text(self.seed)
                return True
            cyc = {pygame.K_s: "seat", pygame.K_c: "scenario", pygame.K_d: "difficulty"}.get(
                event.key
            )
            if cyc and not event.mod & pygame.KMOD_CTRL:
                step = -1 if event.mod & pygame.KMOD_SHIFT else 1
                if cyc == "seat":
                    self.seat = self.seats[(self.seats.index(self.seat) + step) % len(self.seats)]
                elif cyc == "scenario":
                    self.scenario = (self.scenario + step) % len(self.scenarios)
                else:
                    names = list(DIFFICULTIES)
                    self.difficulty = names[(names.index(self.difficulty) + step) % len(names)]
                self.rebuild()
                return True
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
            and self.app.typing()
        ):
            self.start()
            return True
        return super().handle(event)

    def new_seed(self):
        self.seed = str(random.SystemRandom().randrange(100000))
        self.seed_entry.set_text(self.seed)

    def start(self):
        seed = int(self.seed) if self.seed.isdigit() else 0
        app = self.app
        try:
            app.session = Session.new(
                self.seat, self.scenarios[self.scenario], seed, self.difficulty, app.directory
            )
        except TightropeError as exc:
            app.say(f"Cannot start: {exc}")
            return
        app.session.autosave_on = app.settings["autosave"]
        app.defaults.update(seat=self.seat, difficulty=self.difficulty)
        app.report = None
        app.say("")
        app.show(TurnScreen(app))

    def paint(self, surface):
        surface.fill(T.BG)
        w, h = surface.get_size()
        T.blit_text(surface, "New game", (w // 2, 40), 30, T.TEXT, True, align="center")
        note = f"Difficulty '{self.difficulty}': {DIFFICULTY_NOTES[self.difficulty]}. The same scenario, seed and decisions always give the same game."
        y = T.blit_wrapped(surface, note, (self.col_x, self.note_y, self.col_w, P(70)), 14, T.MUTED)
        about = _scenario_info(self.scenarios[self.scenario])[1]
        if about:
            T.blit_wrapped(surface, about, (self.col_x, y + P(8), self.col_w, P(90)), 14, T.TEXT)
        status_line(self.app, surface)


# ============================================================================ load
class LoadScreen(Screen):
    def __init__(self, app, back):
        super().__init__(app)
        self.back = back

    def build(self):
        w, h = self.size()
        col = min(P(760), w - 80)
        x, y = w // 2 - col // 2, P(100)
        self.files = list_saves(self.app.directory)
        for n, path in enumerate(self.files, start=1):
            self.button(
                (x, y, col, P(38)), save_label(path), lambda p=path: open_save(self.app, p), str(n)
            )
            y += P(44)
        self.button(
            (x, min(h - P(80), y + P(20)), P(200), P(44)),
            "Back",
            lambda: self.app.show(self.back(self.app)),
            "Esc",
            object_id="@center",
        )
        self.x = x

    def paint(self, surface):
        surface.fill(T.BG)
        w, h = surface.get_size()
        T.blit_text(surface, "Load a saved game", (w // 2, 36), 30, T.TEXT, True, align="center")
        if not self.files:
            T.blit_text(
                surface,
                f"No saves yet in {self.app.directory}",
                (self.x, P(110)),
                16,
                T.MUTED,
                width=w - 2 * self.x,
            )
        status_line(self.app, surface)


def save_label(path):
    """'autosave.json · Japan · quarter 5 · seed 7 · 11:48' (or 'damaged' if it can't be read)."""
    import time

    from game.engine.yamlio import read_json

    names = registry().state_names
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    try:
        data = read_json(path)
        who = ", ".join(names.get(h, str(h)) for h in data.get("humans", [])) or "no human seat"
        return f"{path.name}  ·  {who}  ·  quarter {data.get('turn')}  ·  seed {data.get('seed')}  ·  {when}"
    except (TightropeError, AttributeError):
        return f"{path.name}  ·  damaged  ·  {when}"


# ============================================================================ settings
class SettingsScreen(Screen):
    def build(self):
        w, h = self.size()
        col = min(P(560), w - 80)
        x, y = w // 2 - col // 2, P(110)
        s = self.app.settings
        for n, size in enumerate(SIZES, start=1):
            mark = "[x]" if list(size) == list(self.app.window.get_size()) else "[ ]"
            self.button(
                (x, y, col, 40),
                f"{mark} Window {size[0]} x {size[1]}",
                lambda z=size: self.set_size(z),
                str(n),
            )
            y += 48
        y += 10
        hover = "[x]" if s["hover_preview"] else "[ ]"
        self.button(
            (x, y, col, 40),
            f"{hover} Preview a card when the mouse is over it",
            self.toggle("hover_preview"),
            "H",
        )
        y += 48
        auto = "[x]" if s["autosave"] else "[ ]"
        self.button((x, y, col, 40), f"{auto} Autosave every quarter", self.toggle("autosave"), "A")
        y += 68
        self.button(
            (x, y, 200, 44),
            "Back",
            lambda: self.app.show(TitleScreen(self.app)),
            "Esc",
            object_id="@center",
        )

    def toggle(self, name):
        def flip():
            self.app.settings.set(name, not self.app.settings[name])
            if name == "autosave" and self.app.session is not None:
                self.app.session.autosave_on = self.app.settings[name]
            self.rebuild()

        return flip

    def set_size(self, size):
        self.app.settings.set("size", list(size))
        self.app.resize(size)

    def paint(self, surface):
        surface.fill(T.BG)
        w, _h = surface.get_size()
        T.blit_text(surface, "Settings", (w // 2, 40), 30, T.TEXT, True, align="center")
        status_line(self.app, surface)


# ============================================================================ the turn
class TurnScreen(Screen):
    @property
    def ROW(self):  # noqa: N802 (a layout constant that follows the UI scale)
        return P(22)

    def __init__(self, app):
        super().__init__(app)
        self.s = app.session
        model = self.s.model
        cats = [c for c in CATEGORIES if self.s.policies(c)]
        self.categories = cats
        self.tab = cats[0]
        self.card_focus = 0
        self.keys_watched = _seat_keys(model, self.s.seat)
        # The indicator panel: each objective (a header with its score), then its indicators.
        self.panel_rows, listed = [], set()
        for objective in model.catalog.objectives[self.s.seat]:
            self.panel_rows.append(("objective", objective))
            for key in dict.fromkeys(t[0] for t in objective.terms):
                if key not in listed:
                    self.panel_rows.append(("key", key))
                    listed.add(key)
        extra = [k for k in self.keys_watched if k not in listed]
        if extra:
            self.panel_rows.append(("header", "Also watched"))
            self.panel_rows += [("key", k) for k in extra]
        self.ind_focus = 0
        self.popup = None  # (window, event, {key: action})
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
        L["advice"] = pygame.Rect(rx, L["ind"].bottom + 6, rw, bottom - L["ind"].bottom - 6 - P(96))
        L["buttons"] = pygame.Rect(rx, bottom - P(88), rw, P(88))
        return L

    def build(self):
        w, _h = self.size()
        self.L = L = self.layout()
        self.map_surface = None
        self.button(
            (w - 8 - 3 * P(150), 8, P(142), P(34)), "Save", self.save, "Ctrl+S", object_id="@center"
        )
        self.button(
            (w - 8 - 2 * P(150), 8, P(142), P(34)),
            "Load",
            lambda: self.app.show(LoadScreen(self.app, back=TurnScreen)),
            "Ctrl+L",
            object_id="@center",
        )
        self.button(
            (w - 8 - P(150), 8, P(150), P(34)),
            "Menu",
            lambda: self.app.show(TitleScreen(self.app)),
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
            tooltip="Pick what the advisor suggests",
        )
        self.button(
            (b.x + half + 8, b.y, half, P(38)),
            "Why? (indicator)",
            lambda: self.open_why(self.keys_watched[self.ind_focus]),
            "W",
        )
        self.end_button = self.button(
            (b.x, b.y + P(46), b.width, P(42)), "End turn", self.end_turn, "E", object_id="@primary"
        )
        self.refresh_end_button()
        self.focus_card(self.card_focus)
        if self.popup is not None or self.why is not None:
            self.popup = self.why = None  # rebuilt (resize): update() reopens what is still needed

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

    # ---------------------------------------------------------------- html for the text boxes
    def news_html(self):
        m = self.s.model
        lines = []
        for entry in reversed(m.world.log[-60:]):
            q = m.scenario.quarter_label(entry["turn"])
            actor = entry.get("actor") or ""
            colour = T.hexcol(T.STATE_COLOURS.get(actor, T.MUTED))
            tag = {
                "event": "EVENT",
                "policy": "",
                "response": "ANSWER",
                "completed": "DONE",
                "rule": "RULE",
            }.get(entry["kind"], "")
            tag = f"<b>{tag}</b> " if tag else ""
            who = f"<font color='{colour}'><b>{E(actor)}</b></font> " if actor else ""
            lines.append(f"<font color='#A0A8B6'>{q}</font> {who}{tag}{E(entry['text'])}")
        body = "<br>".join(lines) if lines else "Nothing has happened yet."
        return f"<b>News</b> (latest first)<br>{body}"

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

    # ---------------------------------------------------------------- actions
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

    def save(self):
        try:
            path = self.s.save()
        except (OSError, TightropeError) as exc:
            self.app.say(f"Could not save: {exc}")
            return
        self.app.say(f"Saved {path.name}")

    def end_turn(self):
        if self.s.unanswered():
            self.app.say("Answer the event first.")
            return
        try:
            self.s.end_turn()
        except TightropeError as exc:
            self.app.say(str(exc))
            return
        self.app.say("")
        self.app.show(SummaryScreen(self.app))

    def refresh_end_button(self):
        if self.s.unanswered():
            self.end_button.disable()
        else:
            self.end_button.enable()

    # ---------------------------------------------------------------- pop-ups
    def open_popup(self, event):
        w, h = self.size()
        ww, wh = min(P(700), w - 40), min(P(520), h - 40)
        win = pygame_gui.elements.UIWindow(
            pygame.Rect((w - ww) // 2, (h - wh) // 2, ww, wh), self.manager, f"Event: {event.title}"
        )
        win.set_blocking(True)
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
        self.popup = (win, event, keys)

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

    def why_html(self, key):
        m = self.s.model
        reg = m.reg
        now = m.world.values[key]
        t = m.turn
        out = f"<b>{E(indicator_name(reg, key))}</b>: {E(fmt_value(reg, key, now))}<br>"
        hist = ", ".join(
            fmt_value(reg, key, snap[key], with_unit=False, with_band=False) for snap in m.snapshots
        )
        out += f"<font color='#A0A8B6'>At the start of each quarter: {hist}</font><br>"
        for label, turn in (
            (f"This quarter so far ({m.quarter})", t),
            (f"Last quarter ({m.scenario.quarter_label(t - 1)})", t - 1),
        ):
            if turn < 1:
                continue
            groups = group_causes(m, m.world.entries(key=key, turn=turn))
            out += f"<br><b>{label}</b><br>"
            out += (
                "".join(
                    f"- {E(text)}: {fmt_delta(reg, key, d)}{f' ({n}x)' if n > 1 else ''}<br>"
                    for text, d, n in groups[:8]
                )
                or "- no change<br>"
            )
        groups = group_causes(m, m.world.entries(key=key))
        out += "<br><b>Over the game</b> (largest causes first)<br>"
        out += (
            "".join(
                f"- {E(text)}: {fmt_delta(reg, key, d)}{f' ({n}x)' if n > 1 else ''}<br>"
                for text, d, n in groups[:12]
            )
            or "- no change yet<br>"
        )
        return out

    def open_why(self, key):
        if self.popup is not None:
            return
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
        win.set_blocking(True)
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

    # ---------------------------------------------------------------- events, update, paint
    def handle(self, event):
        if event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self.why is not None and event.ui_element is self.why[0]:
                self.why = None
            if self.popup is not None and event.ui_element is self.popup[0]:
                self.popup = None  # reopened by update(): the event still needs an answer
            return True
        modal = self.popup or self.why
        if modal is not None:
            if event.type == pygame.MOUSEWHEEL and self.why is not None:
                if self.why[1].scroll(-event.y * 3 * self.why[1].line_h):
                    self.render_why()
                return True
            if event.type == pygame.KEYDOWN:
                act = modal[2].get(key_label(event))
                if act is not None:
                    act()
                return True
            if event.type == pygame_gui.UI_BUTTON_PRESSED:
                act = self.actions.get(event.ui_element)
                if act is not None and any(
                    event.ui_element.ui_container is c for c in (modal[0].get_container(),)
                ):
                    act()
                return True
            return False
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and self.app.settings["hover_preview"]:
            for pid, b in self.card_buttons.items():
                if b is event.ui_element:
                    self.want_preview = pid
            return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
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

    def update(self, dt):
        if self.popup is None and self.why is None:
            waiting = self.s.unanswered()
            if waiting:
                self.open_popup(waiting[0])
        if self.want_preview is not None and self.want_preview != self.shown_preview:
            self.shown_preview = self.want_preview
            self.set_rich(self.preview_box, self.preview_html(self.want_preview))
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
            width=w - 500,
        )
        cap = s.capital()
        T.blit_text(
            surface,
            f"Political capital {cap:g}  ·  picked {s.spent():g}  ·  left {s.left():g}   ({len(s.chosen)} card{'s' if len(s.chosen) != 1 else ''})",
            (12, P(30)),
            14,
            T.OI["yellow"] if s.left() < 0 else T.MUTED,
            width=w - 500,
        )
        # Map (cached: redrawn when the turn or the size changes).
        if self.map_surface is None or self.map_surface.get_size() != L["map"].size:
            self.map_surface = pygame.Surface(L["map"].size).convert()
            hits = draw_map(self.map_surface, self.map_surface.get_rect(), m, s.seat)
            self.map_hits = {k: r.move(L["map"].topleft) for k, r in hits.items()}
        surface.blit(self.map_surface, L["map"].topleft)
        self.legend_hits = relations_legend(surface, L["legend"], m)
        # Indicator panel with sparklines.
        score = m.scores()[s.seat]
        ind = T.panel(
            surface, L["ind"], f"Score {score:.1f}: your objectives (click a row for why)", 14
        )
        self.rows = []
        y = ind.y + P(26)
        label_w = int(ind.width * 0.46)
        value_w = int(ind.width * 0.28)
        spark_w = ind.width - label_w - value_w - 24
        obj_scores = m.objective_scores(s.seat)
        for kind, item in self.panel_rows:
            if kind != "key":
                if kind == "objective":
                    label = f"{item.label}, {item.weight:.0%}"  # its share of the score
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
                    surface, label, (ind.x + 8, y + 3), 13, T.OI["yellow"], True, width=label_w - 16
                )
                y += self.ROW
                continue
            key = item
            i = self.keys_watched.index(key)
            row = pygame.Rect(ind.x + 2, y, ind.width - 4, self.ROW)
            if key == self.hover_row or (i == self.ind_focus and self.why is not None):
                pygame.draw.rect(surface, (44, 52, 68), row)
            value = m.world.values[key]
            prev = m.snapshots[-2][key] if len(m.snapshots) > 1 else value
            T.blit_text(
                surface,
                indicator_name(reg, key),
                (ind.x + 16, y + 3),
                13,
                T.TEXT,
                width=label_w - 24,
            )
            colour = (
                T.TEXT
                if abs(value - prev) < 1e-9
                else (T.OI["sky"] if value > prev else T.OI["orange"])
            )
            T.blit_text(
                surface,
                fmt_value(reg, key, value, with_unit=False),
                (ind.x + label_w, y + 3),
                13,
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


# ============================================================================ summary
class SummaryScreen(SaveShortcut, Screen):
    def build(self):
        s = self.app.session
        m = s.model
        w, h = self.size()
        t = s.summary_turn if s.summary_turn is not None else m.turn - 1
        self.t = t
        half = (w - 24) // 2
        self.rich((8, P(70), half, h - P(140)), self.did_html(m, t))
        self.rich((16 + half, P(70), half, h - P(140)), self.changed_html(m, s.seat, t), main=True)
        nxt = "See the end" if m.is_over() else "Next quarter"
        self.button(
            (w - 8 - P(300), h - P(58), P(300), P(46)),
            nxt,
            self.go_on,
            "Enter",
            object_id="@primary",
        )
        self.keys["Space"] = self.go_on
        self.button(
            (w - 8 - P(510), h - P(58), P(200), P(46)),
            "Save",
            self.save,
            "Ctrl+S",
            object_id="@center",
        )
        self.button(
            (8, h - P(58), P(200), P(46)),
            "Menu",
            lambda: self.app.show(TitleScreen(self.app)),
            "Esc",
            object_id="@center",
        )

    def go_on(self):
        app = self.app
        app.say("")
        app.show(EndScreen(app) if app.session.model.is_over() else TurnScreen(app))

    @staticmethod
    def did_html(m, t):
        reg, cat = m.reg, m.catalog
        out = ["<b>What each state did</b>"]
        for seat in reg.states:
            actions, responses, reasons = m.last_decisions.get(seat, ((), {}, {}))
            colour = T.hexcol(T.STATE_COLOURS[seat])
            who = "you" if seat in m.humans else m.persona_names.get(seat, "default")
            out.append(
                f"<font color='{colour}'><b>{E(reg.state_names[seat])}</b></font> <font color='#A0A8B6'>({E(who)})</font>"
            )
            if not actions:
                out.append("- saved its capital")
            for pid in actions:
                why = reasons.get(pid)
                why = f" <font color='#A0A8B6'>- {E(why[1])} [{E(why[0])}]</font>" if why else ""
                out.append(f"- {E(cat.policies[pid].name)}{why}")
            for eid, rid in responses.items():
                ev = cat.events.get(eid)
                if ev:
                    label = next((r.label for r in ev.responses if r.id == rid), rid)
                    out.append(f"- answered '{E(ev.title)}': {E(label)}")
        events = [e for e in m.world.log if e["turn"] == t and e["kind"] in ("event", "completed")]
        if events:
            out.append("<br><b>Events and completed policies</b>")
            out += [f"- {E(e['text'])}" for e in events]
        return "<br>".join(out)

    @staticmethod
    def changed_html(m, seat, t):
        reg = m.reg
        before, after = m.snapshots[t - 1], m.snapshots[t]
        sb, sa = m.score_values(seat, before), m.score_values(seat, after)
        out = [f"<b>What changed and why</b>  ·  your score {sb:.1f} -> {sa:.1f} ({sa - sb:+.1f})"]
        keys = _seat_keys(m, seat) + [k for k in reg.headline if k not in _seat_keys(m, seat)]
        moved = [k for k in keys if abs(after[k] - before[k]) > 1e-9]
        if not moved:
            out.append("Nothing you watch moved this quarter.")
        for key in moved:
            b, a = before[key], after[key]
            band_b, band_a = reg[key].band(b), reg[key].band(a)
            colour = "#56B4E9" if a > b else "#E69F00"
            shift = f" <b>now {E(band_a)}</b> (was {E(band_b)})" if band_a != band_b else ""
            out.append(
                f"<b>{E(indicator_name(reg, key))}</b> {fmt_value(reg, key, b, False, False)} -> "
                f"{fmt_value(reg, key, a, False, False)} <font color='{colour}'>({fmt_delta(reg, key, a - b)})</font>{shift}"
            )
            causes = group_causes(m, m.world.entries(key=key, turn=t))[:3]
            out += [
                f"   <font color='#A0A8B6'>- {E(text)}: {fmt_delta(reg, key, d)}</font>"
                for text, d, _n in causes
            ]
        return "<br>".join(out)

    def paint(self, surface):
        surface.fill(T.BG)
        m = self.app.session.model
        w, _h = surface.get_size()
        T.blit_text(
            surface,
            f"{m.scenario.quarter_label(self.t)} resolved",
            (12, 14),
            28,
            T.TEXT,
            True,
            width=w - 24,
        )
        T.blit_text(
            surface,
            "Every line below comes from the effect ledger.",
            (14, P(48)),
            14,
            T.MUTED,
            width=w - 24,
        )
        status_line(self.app, surface)


# ============================================================================ the end
class EndScreen(SaveShortcut, Screen):
    def build(self):
        app = self.app
        m = app.session.model
        if app.report is None or app.report[0] is not m:
            app.report = (m, end_report(m))
        self.report = app.report[1]
        w, h = self.size()
        self.left_w = int(w * 0.40)
        tp_y = int(h * 0.62)
        self.rich((8, tp_y, self.left_w, h - tp_y - P(70)), self.turning_html(), 13, main=True)
        bw = (self.left_w - 24) // 4
        for i, (label, key, act) in enumerate(
            (
                ("New game", "N", lambda: app.show(SetupScreen(app))),
                ("Title", "T", lambda: app.show(TitleScreen(app))),
                ("Save", "Ctrl+S", self.save),
                ("Quit", "Q", self.quit),
            )
        ):
            self.button(
                (8 + i * (bw + 8), h - P(58), bw, P(46)), label, act, key, object_id="@center"
            )

    def quit(self):
        self.app.running = False

    def turning_html(self):
        r = self.report
        reg = self.app.session.model.reg
        out = ["<b>Turning points</b> (largest one-quarter moves, with their causes)"]
        for tp in r["turning_points"]:
            causes = "; ".join(
                f"{E(c['cause'])} ({fmt_delta(reg, tp['indicator'], c['delta'])})"
                for c in tp["causes"]
            )
            out.append(
                f"{tp['quarter']}: <b>{E(tp['label'])}</b> {tp['before']:.1f} -> {tp['after']:.1f} <font color='#A0A8B6'>{causes}</font>"
            )
        return "<br>".join(out)

    def paint(self, surface):
        surface.fill(T.BG)
        app = self.app
        s, m, r = app.session, app.session.model, self.report
        reg = m.reg
        w, h = surface.get_size()
        lw = self.left_w
        mine = r["seats"][s.seat]
        T.blit_text(
            surface,
            f"The end: {reg.state_names[s.seat]}  {mine['total']:.1f}  grade {mine['grade']}",
            (12, 10),
            26,
            T.TEXT,
            True,
            width=lw,
        )
        sub = f"{r['scenario']} · seed {r['seed']} · {r['turns_played']} quarters"
        if r.get("crisis"):
            sub += f" · ended in a crisis: {r['crisis']}"
        T.blit_text(surface, sub, (14, P(46)), 14, T.MUTED, width=lw)
        # Your objectives as bars.
        y = P(74)
        for obj in mine["objectives"].values():
            T.blit_text(
                surface,
                f"{obj['label']} (weight {obj['weight']:g})",
                (14, y),
                14,
                T.TEXT,
                width=int(lw * 0.45),
            )
            bar = pygame.Rect(14 + int(lw * 0.47), y + 3, int(lw * 0.38), P(14))
            pygame.draw.rect(surface, T.PANEL, bar)
            pygame.draw.rect(
                surface,
                T.OI["sky"],
                (bar.x, bar.y, int(bar.width * obj["score"] / 100), bar.height),
            )
            pygame.draw.rect(surface, T.PANEL_EDGE, bar, 1)
            T.blit_text(surface, f"{obj['score']:.0f}", (bar.right + 6, y), 14, T.TEXT)
            y += P(22)
        # Every seat, with the default AI's score from the same seed.
        y += P(8)
        for label, frac in (
            ("State", None),
            ("score", 0.50),
            ("grade", 0.62),
            ("default AI, same seed", 0.76),
        ):
            x = 14 if frac is None else 14 + int(lw * frac)
            T.blit_text(surface, label, (x, y), 13, T.MUTED, width=lw - x)
        y += P(20)
        default = r.get("default_ai", {}).get("scores", {})
        for seat, info in r["seats"].items():
            who = " (you)" if seat in m.humans else f" ({m.persona_names.get(seat, 'default')})"
            colour = T.STATE_COLOURS[seat]
            pygame.draw.rect(surface, colour, (14, y + 4, P(10), P(10)))
            T.blit_text(
                surface,
                reg.state_names[seat] + who,
                (14 + P(16), y),
                14,
                T.TEXT,
                seat == s.seat,
                width=int(lw * 0.42),
            )
            T.blit_text(surface, f"{info['total']:.1f}", (14 + int(lw * 0.50), y), 14, T.TEXT)
            T.blit_text(surface, info["grade"], (14 + int(lw * 0.62), y), 14, T.TEXT, True)
            if seat in default:
                T.blit_text(surface, f"{default[seat]:.1f}", (14 + int(lw * 0.76), y), 14, T.MUTED)
            y += P(21)
        # Thesis check.
        th = r["thesis"]
        y += P(8)
        box = pygame.Rect(8, y, lw, int(h * 0.62) - y - 8)
        T.panel(surface, box, f"Thesis check: this game {th['verdict']} the essay", 15)
        colour, _w, _d, band = T.band_style(reg["CHN-JPN.relations"], th["end"])
        T.blit_text(
            surface,
            f"China-Japan relations {th['start']:.0f} -> {th['end']:.0f} ({band}), peak {th['peak']:.0f}",
            (box.x + 10, box.y + P(28)),
            14,
            colour,
            True,
            width=box.width - 20,
        )
        yb = T.blit_wrapped(
            surface,
            th["explanation"],
            (box.x + 10, box.y + P(50), box.width - 20, box.height - P(80)),
            14,
            T.TEXT,
        )
        twin = r.get("default_ai", {}).get("thesis")
        if twin:
            T.blit_text(
                surface,
                f"The all-default-AI game from this seed {twin} the essay.",
                (box.x + 10, yb + 6),
                14,
                T.MUTED,
                width=box.width - 20,
            )
        # Charts of key indicators over the game, drawn here.
        cx = lw + 16
        cw, ch = (w - cx - 8 - 8) // 2, (h - 16 - 8 - 30) // 2
        charts = (
            (
                "China-Japan relations and trust",
                ["CHN-JPN.relations", "JPN>CHN.trust", "CHN>JPN.trust"],
            ),
            ("Alliances", ["alliance.USA-JPN", "alliance.USA-KOR", "alliance.trilateral"]),
            ("Flashpoints", ["senkaku", "taiwan", "history.CHN-JPN"]),
            (
                "Public opinion and approval",
                ["JPN>CHN.negative", "CHN>JPN.negative", f"{s.seat}.approval"],
            ),
        )
        for i, (title, keys) in enumerate(charts):
            x = cx + (i % 2) * (cw + 8)
            y = 8 + (i // 2) * (ch + 8)
            line_chart(surface, (x, y, cw, ch), m, keys, title)
        status_line(app, surface)


# The classroom view registers its title entry on import (it builds on the screens above).
from game.ui import classroom as _classroom  # noqa: E402, F401
