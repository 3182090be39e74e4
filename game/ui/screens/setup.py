"""The new-game screen: the state played, the scenario, the difficulty and the seed."""

import functools
import random
from pathlib import Path

import pygame
import pygame_gui

from game.engine.errors import TightropeError
from game.engine.registry import registry
from game.engine.scenario import DEFAULT_SCENARIO
from game.engine.yamlio import read_yaml
from game.play.session import DIFFICULTIES, DIFFICULTY_NOTES, Session, scenario_files
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.screens.common import status_line
from game.ui.theme import px as P


@functools.lru_cache(maxsize=64)
def _scenario_info(path):
    """(name shown in the list, description) of a scenario file, read once."""
    try:
        raw = read_yaml(path)
    except TightropeError:
        return path.name, ""
    raw = raw if isinstance(raw, dict) else {}
    return f"{raw.get('name', path.stem)}  ({path.name})", str(raw.get("description") or "")


@nav.screen("setup")
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
            x, by, col, P(46), lambda: nav.show(self.app, "title"), self.start, "Start"
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
        app.prepare_game()
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
        nav.show(app, "turn")

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
