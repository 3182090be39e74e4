"""A new class game: scenario, seed, which states the teams take, the timer and the PIN."""

import random

import pygame
import pygame_gui

from game.engine.errors import TightropeError
from game.engine.yamlio import read_yaml
from game.play.classroom import STATE_NAMES, STATES, TIMERS, Classroom
from game.play.session import scenario_files
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.classroom.common import fmt_clock, heading, show_class
from game.ui.screens.common import status_line
from game.ui.theme import px as P


@nav.screen("class_setup")
class ClassSetupScreen(Screen):
    """Scenario, seed, which states the teams take, the timer and the facilitator's PIN."""

    def __init__(self, app):
        super().__init__(app)
        self.scenarios = scenario_files()
        self.scenario = 0
        self.teams = ["CHN", "JPN"]
        self.timer = 0  # index into TIMERS
        self.seed = str(app.defaults.get("seed") or random.SystemRandom().randrange(100000))
        self.pin = ""

    def build(self):
        w, h = self.size()
        col = min(P(700), w - 80)
        x, y = w // 2 - col // 2, P(120)
        names = {"USA": "US", "CHN": "China", "JPN": "Japan", "KOR": "S. Korea"}
        try:
            scen = read_yaml(self.scenarios[self.scenario]).get(
                "name", self.scenarios[self.scenario].stem
            )
        except TightropeError:
            scen = self.scenarios[self.scenario].name
        self.button(
            (x, y, col, P(40)),
            f"Scenario: {scen}",
            lambda: self.cycle("scenario"),
            "C",
            object_id="@center",
        )
        y += P(56)
        bw = (col - 24) // 4
        for i, seat in enumerate(STATES):
            on = seat in self.teams
            b = self.button(
                (x + i * (bw + 8), y, bw, P(40)),
                f"{names[seat]}: {'team' if on else 'AI'}",
                lambda s=seat: self.toggle(s),
                str(i + 1),
                object_id="@center",
            )
            if on:
                b.select()
        y += P(56)
        t = TIMERS[self.timer]
        label = (
            "Turn timer: off"
            if t is None
            else f"Turn timer: {fmt_clock(t)} (then the advisor's choice)"
        )
        self.button(
            (x, y, col, P(40)), label, lambda: self.cycle("timer"), "T", object_id="@center"
        )
        y += P(56)
        pygame_gui.elements.UILabel(pygame.Rect(x, y, P(200), P(36)), "Seed", self.manager)
        self.seed_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x + P(200), y, col - P(200), P(36)), self.manager
        )
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text(self.seed)
        y += P(48)
        pygame_gui.elements.UILabel(
            pygame.Rect(x, y, P(200), P(36)), "Facilitator PIN", self.manager
        )
        self.pin_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x + P(200), y, col - P(200), P(36)), self.manager
        )
        self.pin_entry.set_allowed_characters("numbers")
        self.pin_entry.set_text_hidden(True)
        self.pin_entry.set_text_length_limit(8)
        self.pin_entry.set_text(self.pin)
        self.note_y = y + P(50)
        by = min(h - P(90), y + P(130))
        self.back_and_start(
            x,
            by,
            col,
            P(46),
            lambda: nav.show(self.app, "class_menu"),
            self.start,
            "Start the class game",
        )
        self.col_x, self.col_w = x, col

    def handle(self, event):
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if event.ui_element is self.seed_entry:
                self.seed = self.seed_entry.get_text()
            elif event.ui_element is self.pin_entry:
                self.pin = self.pin_entry.get_text()
            return True
        return super().handle(event)

    def cycle(self, what):
        if what == "scenario":
            self.scenario = (self.scenario + 1) % len(self.scenarios)
        else:
            self.timer = (self.timer + 1) % len(TIMERS)
        self.rebuild()

    def toggle(self, seat):
        if seat in self.teams:
            self.teams.remove(seat)
        elif len(self.teams) < 4:
            self.teams.append(seat)
        self.rebuild()

    def start(self):
        app = self.app
        if not 2 <= len(self.teams) <= 4:
            app.say("Choose 2 to 4 teams (keys 1-4).")
            return
        seed = int(self.seed) if self.seed.isdigit() else 0
        app.prepare_game()
        try:
            app.classroom = Classroom.new(
                self.scenarios[self.scenario],
                seed,
                self.teams,
                app.directory,
                TIMERS[self.timer],
                self.pin,
                app.defaults.get("reference_games", 1000),
            )
        except TightropeError as exc:
            app.say(f"Cannot start: {exc}")
            return
        app.report = None
        app.say("")
        show_class(app)

    def paint(self, surface):
        surface.fill(T.BG)
        heading(surface, "New class game")
        names = [STATE_NAMES[s] for s in STATES if s in self.teams]  # (the order they play)
        count = f"{len(names)} team{'' if len(names) == 1 else 's'}" if names else "No team yet"
        note = (
            f"{count}{': ' + ', '.join(names) if names else ''}. Each team plays its state on this "
            "machine in turn; a hand-over screen hides each team's choices from the next. The "
            "facilitator opens their view with F2 (and the PIN, if set)."
        )
        T.blit_wrapped(surface, note, (self.col_x, self.note_y, self.col_w, P(70)), 14, T.MUTED)
        status_line(self.app, surface)
