"""Classroom mode in the window: hot seat for 2-4 teams (the other seats AI), a hand-over
screen between teams that hides each team's choices, an optional turn timer that falls back
to the advisor's choice (and says so in the log), a facilitator view behind a key (F2) and an
optional PIN, the debrief export and branching from the end screen.

Every change to the game goes through the engine (``model.submit``/``step``/``inject_event``)
or ``game.play.facilitator`` (custom events, parameter changes, notes), so it is in the ledger, the
news, the decision log, saves, replays and the debrief. The screens only lay it out.
"""

import random
import time

import pygame
import pygame_gui

from game.engine.errors import GameError, TightropeError
from game.engine.saves import game_to_dict, save_game
from game.engine.scenario import load_scenario
from game.engine.yamlio import read_yaml
from game.play import facilitator
from game.play.games import load_game
from game.play.model import TightropeModel
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.screens import (
    TITLE_ENTRIES,
    EndScreen,
    SummaryScreen,
    TitleScreen,
    TurnScreen,
    status_line,
)
from game.ui.session import Session, scenario_files
from game.ui.theme import px as P

E = T.html_escape
CLASS_AUTOSAVE = "class-autosave.json"
TIMERS = (None, 60, 120, 180, 300, 600)  # seconds a team has for its turn (None: no timer)
STATES = ("USA", "CHN", "JPN", "KOR")
STATE_NAMES = {"USA": "United States", "CHN": "China", "JPN": "Japan", "KOR": "South Korea"}


def fmt_clock(seconds):
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60}:{seconds % 60:02d}"


# ============================================================================ the class game
class TeamSession(Session):
    """One team's seat in a class game: its picks and answers this quarter. Ending the turn
    only submits; the quarter resolves once every team has submitted (``Classroom``)."""

    def end_turn(self):
        self._check_turn()
        self.model.submit(self.seat, list(self.chosen), dict(self.answers))


class Classroom:
    """A class game: the model, the teams in playing order, whose turn it is, the timer, the
    facilitator's PIN and the pause."""

    def __init__(self, model, directory, timer=None, pin="", reference_games=1000):
        if not 2 <= len(model.humans) <= 4:
            raise GameError("a class game needs 2 to 4 teams")
        self.model = model
        self.teams = list(model.humans)
        self.directory = directory
        self.sessions = {s: TeamSession(model, s, directory, autosave=False) for s in self.teams}
        self.timer = timer
        self.pin = str(pin or "")
        self.reference_games = reference_games
        self.index = 0  # the team whose turn it is this quarter
        self.remaining = timer
        self.paused = False
        self.branch = None  # (model, path) of a branch played from the end screen
        self.debrief_path = None
        self.model.brief()
        self.skip_submitted()

    @classmethod
    def new(cls, scenario_path, seed, teams, directory, timer=None, pin="", reference_games=1000):
        scenario = load_scenario(scenario_path)
        order = [s for s in STATES if s in teams]
        model = TightropeModel(scenario, seed=seed, humans=tuple(order))
        return cls(model, directory, timer, pin, reference_games)

    @property
    def team(self):
        return self.teams[self.index]

    def name(self, seat):
        return f"Team {self.model.reg.state_names[seat]}"

    def skip_submitted(self):
        while self.index < len(self.teams) and self.team in self.model.submissions:
            self.index += 1

    def start_team(self):
        """The current team sits down: its clock starts."""
        self.remaining = self.timer
        return self.sessions[self.team]

    def tick(self, dt):
        """Run the current team's clock; True when its time is up."""
        if self.timer is None or self.paused or self.remaining is None:
            return False
        self.remaining -= dt
        return self.remaining <= 0

    def timeout(self):
        """The current team's time ran out: play the advisor's choice and say so in the log."""
        seat = self.team
        m = self.model
        advice = m.advice(seat)
        legal = set(m.legal_actions(seat))
        actions = [pid for pid, _rule, _why in advice["actions"] if pid in legal]
        names = ", ".join(m.catalog.policies[p].name for p in actions) or "no new policy"
        facilitator.note(
            m,
            f"{self.name(seat)}'s time ran out in {m.quarter}: the advisor's choice was played ({names})",
            seat,
        )
        m.submit(seat, actions, advice["responses"])

    def team_done(self):
        """After a team submitted: True if the quarter is ready to resolve."""
        self.index += 1
        self.skip_submitted()
        return self.index >= len(self.teams)

    def resolve(self):
        """Every team has submitted: resolve the quarter, autosave, start the next one."""
        m = self.model
        m.step()
        self.index = 0
        for session in self.sessions.values():
            session.reset_turn()
            session.summary_turn = m.turn - 1
        self.autosave()
        if not m.is_over():
            m.brief()

    def autosave(self):
        try:
            save_game(self.model, self.directory / CLASS_AUTOSAVE)
        except OSError:
            pass  # a read-only disk must not stop the class

    def set_pause(self, paused):
        if paused != self.paused:
            self.paused = paused
            facilitator.note(
                self.model,
                "The facilitator paused the game" if paused else "The facilitator resumed the game",
            )

    def export_debrief(self, out=None):
        from game.lab.reference import save_reference
        from game.reports.debrief import GameRecord, write_debrief

        m = self.model
        out = out or self.directory / f"debrief-seed{m.seed}"
        save = save_game(m, out / "class-game.json")
        compare = None
        if self.branch is not None:
            compare = GameRecord(game_to_dict(self.branch[0]), self.branch[1])
        record = GameRecord.load(save)
        games = save_reference(record.data, self.reference_games) if self.reference_games else ()
        self.debrief_path = write_debrief(record, out, games, compare)
        return self.debrief_path


def open_classroom(app):
    app.show(ClassMenuScreen(app))


TITLE_ENTRIES.append(("Classroom", "K", open_classroom))


def _heading(surface, text, sub=None):
    w, _h = surface.get_size()
    T.blit_text(surface, text, (w // 2, 40), 30, T.TEXT, True, align="center", width=w - 40)
    if sub:
        T.blit_text(surface, sub, (w // 2, P(84)), 15, T.MUTED, align="center", width=w - 40)


# ============================================================================ menu and setup
class ClassMenuScreen(Screen):
    def build(self):
        w, h = self.size()
        app = self.app
        bw, bh = P(360), P(44)
        x, y = w // 2 - bw // 2, int(h * 0.32)
        entries = []
        c = getattr(app, "classroom", None)
        if c is not None and not c.model.is_over():
            entries.append(("Back to the class game", "G", lambda: show_class(app)))
        if (app.directory / CLASS_AUTOSAVE).exists():
            entries.append(("Resume the class autosave", "R", self.resume))
        entries += [
            ("New class game", "N", lambda: app.show(ClassSetupScreen(app))),
            ("Back to the title", "Esc", lambda: app.show(TitleScreen(app))),
        ]
        for label, key, action in entries:
            self.button((x, y, bw, bh), label, action, key, object_id="@center")
            y += bh + P(10)

    def resume(self):
        app = self.app
        try:
            model = load_game(app.directory / CLASS_AUTOSAVE)
            app.classroom = Classroom(
                model, app.directory, reference_games=app.defaults.get("reference_games", 1000)
            )
        except TightropeError as exc:
            app.say(f"Could not resume: {exc}")
            return
        show_class(app)

    def paint(self, surface):
        surface.fill(T.BG)
        _heading(
            surface,
            "Classroom",
            "2 to 4 teams on one machine, each a state; the other seats are AI. A facilitator steers.",
        )
        status_line(self.app, surface)


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
        self.pin_entry.set_text_length_limit(8)
        self.pin_entry.set_text(self.pin)
        self.note_y = y + P(50)
        by = min(h - P(90), y + P(130))
        self.back_and_start(
            x,
            by,
            col,
            P(46),
            lambda: self.app.show(ClassMenuScreen(self.app)),
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
        _heading(surface, "New class game")
        note = (
            f"{len(self.teams)} team(s): {', '.join(STATE_NAMES[t] for t in self.teams) or 'none'}. Each team plays its state on this "
            "machine in turn; a hand-over screen hides each team's choices from the next. The facilitator "
            "opens their view with F2 (and the PIN, if set)."
        )
        T.blit_wrapped(surface, note, (self.col_x, self.note_y, self.col_w, P(70)), 14, T.MUTED)
        status_line(self.app, surface)


def show_class(app):
    """Show the class game where it stands: the hand-over, or the end."""
    c = app.classroom
    app.session = c.sessions[c.teams[0]]
    if c.model.is_over():
        app.show(ClassEndScreen(app))
    else:
        app.show(HandOverScreen(app))


def _paused_banner(app, window):
    c = getattr(app, "classroom", None)
    if c is not None and c.paused:
        w, _h = window.get_size()
        box = pygame.Rect(w // 2 - P(260), P(96), P(520), P(44))
        pygame.draw.rect(window, T.OI["vermillion"], box, border_radius=6)
        label = T.text("Paused by the facilitator", 20, T.TEXT, True)
        window.blit(label, label.get_rect(center=box.center))


def _to_facilitator(app, back):
    app.show(FacilitatorScreen(app, back))


# ============================================================================ the hot seat
class HandOverScreen(Screen):
    """Between teams: nothing of anyone's choices is on screen."""

    def build(self):
        w, h = self.size()
        c = self.app.classroom
        self.button(
            (w // 2 - P(220), int(h * 0.55), P(440), P(54)),
            f"We are {c.name(c.team)}: show our turn",
            self.ready,
            "Enter",
            object_id="@primary",
        )
        self.button(
            (w - 8 - P(220), h - P(58), P(220), P(46)),
            "Facilitator",
            lambda: _to_facilitator(self.app, HandOverScreen),
            "F2",
            object_id="@center",
        )
        self.button(
            (8, h - P(58), P(200), P(46)),
            "Menu",
            lambda: leave_class(self.app),
            "Esc",
            object_id="@center",
        )

    def ready(self):
        c = self.app.classroom
        if c.paused:
            self.app.say("The facilitator has paused the game.")
            return
        self.app.session = c.start_team()
        self.app.say("")
        self.app.show(ClassTurnScreen(self.app))

    def paint(self, surface):
        surface.fill(T.BG)
        c = self.app.classroom
        m = c.model
        w, h = surface.get_size()
        T.blit_text(
            surface,
            f"Pass to {c.name(c.team)}",
            (w // 2, int(h * 0.25)),
            44,
            T.STATE_COLOURS[c.team],
            True,
            align="center",
        )
        done = [c.name(s) for s in c.teams if s in m.submissions]
        waiting = [c.name(s) for s in c.teams if s not in m.submissions and s != c.team]
        lines = [f"{m.quarter} · quarter {m.turn} of {m.scenario.turns}"]
        if done:
            lines.append(f"Decided: {', '.join(done)}")
        if waiting:
            lines.append(f"Still to come: {', '.join(waiting)}")
        if c.timer:
            lines.append(
                f"You will have {fmt_clock(c.timer)}; then the advisor's choice is played."
            )
        for i, line in enumerate(lines):
            T.blit_text(
                surface,
                line,
                (w // 2, int(h * 0.25) + P(70) + P(26) * i),
                16,
                T.MUTED,
                align="center",
            )
        status_line(self.app, surface)

    def draw(self, window):
        super().draw(window)
        _paused_banner(self.app, window)


def leave_class(app):
    app.session = None  # the title's "Back to the game" is for one-player games
    app.show(TitleScreen(app))


class ClassTurnScreen(TurnScreen):
    """A team's turn: the one-player turn screen, with the class clock, the facilitator key,
    and ending the turn passing to the next team (or resolving the quarter)."""

    def build(self):
        super().build()
        for element, _action in list(self.actions.items()):
            text = getattr(element, "text", "")
            if text.startswith("Load"):
                self.actions.pop(element)
                element.kill()
            elif text.startswith("Menu"):
                self.actions[element] = lambda: leave_class(self.app)
        self.keys.pop("Ctrl+L", None)
        self.keys["Esc"] = lambda: leave_class(self.app)
        self.keys["F2"] = lambda: _to_facilitator(self.app, ClassTurnScreen)

    def end_turn(self):
        c = self.app.classroom
        if c.paused:
            self.app.say("The facilitator has paused the game.")
            return
        if self.s.unanswered():
            self.app.say("Answer the event first.")
            return
        try:
            self.s.end_turn()
        except TightropeError as exc:
            self.app.say(str(exc))
            return
        advance(self.app)

    def update(self, dt):
        super().update(dt)
        c = self.app.classroom
        if self.app.screen is self and c.tick(dt):
            self.close_popups()
            c.timeout()
            self.app.say(f"{c.name(c.team)}'s time ran out: the advisor's choice was played.")
            advance(self.app, keep_status=True)

    def close_popups(self):
        for attr in ("popup", "why"):
            box = getattr(self, attr)
            if box is not None:
                box[0].kill()
                setattr(self, attr, None)

    def draw(self, window):
        super().draw(window)
        c = self.app.classroom
        w, _h = window.get_size()
        text = c.name(c.team)
        if c.timer:
            text += f"  ·  {fmt_clock(c.remaining)} left"
        colour = (
            T.OI["vermillion"]
            if c.timer and c.remaining is not None and c.remaining < 15
            else T.OI["yellow"]
        )
        T.blit_text(window, text, (w - 8 - 3 * P(150) - 12, 14), 16, colour, True, align="right")
        _paused_banner(self.app, window)


def advance(app, keep_status=False):
    """After a team has submitted: the next team's hand-over, or resolve the quarter."""
    c = app.classroom
    if not keep_status:
        app.say("")
    if c.team_done():
        c.resolve()
        app.session = c.sessions[c.teams[0]]
        app.show(ClassSummaryScreen(app))
    else:
        app.session = c.sessions[c.team]
        app.show(HandOverScreen(app))


class ClassSummaryScreen(SummaryScreen):
    def build(self):
        super().build()
        for element in list(self.actions):
            if getattr(element, "text", "").startswith("Menu"):
                self.actions[element] = lambda: leave_class(self.app)
        self.keys["Esc"] = lambda: leave_class(self.app)
        self.keys["F2"] = lambda: _to_facilitator(self.app, ClassSummaryScreen)

    def go_on(self):
        self.app.say("")
        show_class(self.app)

    @staticmethod
    def did_html(m, t):
        return SummaryScreen.did_html(m, t).replace("(you)", "(team)")

    def changed_html(self, m, seat, t):
        """What changed, for the whole class: every team's score first, then the indicators."""
        c = self.app.classroom
        lines = []
        for team in c.teams:
            before, after = (
                m.score_values(team, m.snapshots[t - 1]),
                m.score_values(team, m.snapshots[t]),
            )
            colour = T.hexcol(T.STATE_COLOURS[team])
            lines.append(
                f"<font color='{colour}'><b>{E(c.name(team))}</b></font> score {before:.1f} -> {after:.1f} ({after - before:+.1f})"
            )
        body = SummaryScreen.changed_html(m, seat, t).split("<br>")[1:]
        return "<br>".join(["<b>What changed and why</b>", *lines, *body])


# ============================================================================ the facilitator
class FacilitatorScreen(Screen):
    """Every team's status, pause, inject a deck event or a custom one, change a parameter.
    Behind the PIN (asked on every visit) if the class game has one."""

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back
        c = app.classroom
        self.unlocked = not c.pin
        self.events = sorted(c.model.catalog.events)
        self.event_index = 0
        self.by_index = 0  # "" then the states: who a custom event is blamed on
        # What the facilitator has typed, kept across rebuilds (cycling a choice rebuilds).
        self.drafts = {
            "title": "",
            "effects": "",
            "param": "USA.BurdenSharingLedger.aggressiveness",
            "value": "",
        }

    def build(self):
        if not self.unlocked:
            self.build_pin()
            return
        w, h = self.size()
        c = self.app.classroom
        M = self.manager
        left = int(w * 0.46)
        self.status_box = self.rich(
            (8, P(60), left, h - P(60) - P(70)), self.status_html(), 14, main=True
        )
        x, col = left + 24, w - left - 32
        y = P(60)
        self.button(
            (x, y, col, P(38)),
            "Resume the game" if c.paused else "Pause the game",
            self.toggle_pause,
            "P",
            object_id="@center",
        )
        y += P(52)
        ev = c.model.catalog.events[self.events[self.event_index]]
        self.button(
            (x, y, P(70), P(38)), "<", lambda: self.cycle_event(-1), ",", object_id="@center"
        )
        self.button(
            (x + P(76), y, col - P(152), P(38)),
            f"Inject: {ev.title}",
            self.inject,
            "I",
            object_id="@center",
            tooltip=E(ev.text),
        )
        self.button(
            (x + col - P(70), y, P(70), P(38)),
            ">",
            lambda: self.cycle_event(1),
            ".",
            object_id="@center",
        )
        y += P(56)
        pygame_gui.elements.UILabel(
            pygame.Rect(x, y, col, P(30)),
            "Custom event: title, effects (e.g. senkaku +10, JPN.approval -3)",
            M,
        )
        y += P(32)
        self.title_entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(x, y, col, P(34)), M)
        self.title_entry.set_text_length_limit(80)
        self.title_entry.set_text(self.drafts["title"])
        y += P(40)
        self.effects_entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(x, y, col, P(34)), M)
        self.effects_entry.set_text(self.drafts["effects"])
        y += P(42)
        by = ("nobody", *STATES)[self.by_index]
        self.button(
            (x, y, col // 2 - 4, P(38)), f"Caused by: {by}", self.cycle_by, "Y", object_id="@center"
        )
        self.button(
            (x + col // 2 + 4, y, col // 2 - 4, P(38)),
            "Fire the custom event",
            self.fire_custom,
            "X",
            object_id="@center",
        )
        y += P(56)
        pygame_gui.elements.UILabel(
            pygame.Rect(x, y, col, P(30)), "Parameter (SEAT.Rule.name) and its new value", M
        )
        y += P(32)
        self.param_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x, y, col - P(130), P(34)), M
        )
        self.param_entry.set_text(self.drafts["param"])
        self.value_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x + col - P(124), y, P(124), P(34)), M
        )
        y += P(42)
        self.button(
            (x, y, col, P(38)), "Set the parameter", self.set_param, "V", object_id="@center"
        )
        self.button(
            (w - 8 - P(260), h - P(58), P(260), P(46)),
            "Back to the class",
            self.go_back,
            "Esc",
            object_id="@primary",
        )

    def build_pin(self):
        w, h = self.size()
        self.pin_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(w // 2 - P(120), int(h * 0.4), P(240), P(40)), self.manager
        )
        self.pin_entry.set_allowed_characters("numbers")
        self.pin_entry.focus()
        self.button(
            (w // 2 - P(120), int(h * 0.4) + P(56), P(240), P(44)),
            "Unlock",
            self.unlock,
            None,
            object_id="@primary",
        )
        self.button((8, h - P(58), P(200), P(46)), "Back", self.go_back, "Esc", object_id="@center")

    def save_drafts(self):
        if self.unlocked and getattr(self, "title_entry", None) is not None:
            for name in self.drafts:
                self.drafts[name] = getattr(self, f"{name}_entry").get_text()

    def rebuild(self):
        self.save_drafts()
        super().rebuild()

    def handle(self, event):
        if (
            not self.unlocked
            and event.type == pygame.KEYDOWN
            and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
        ):
            self.unlock()
            return True
        return super().handle(event)

    def unlock(self):
        c = self.app.classroom
        if self.pin_entry.get_text() == c.pin:
            self.unlocked = True
            self.app.say("")
            self.rebuild()
        else:
            self.app.say("Wrong PIN.")
            self.pin_entry.set_text("")

    def go_back(self):
        self.app.say("")
        if self.back is ClassTurnScreen:
            self.app.show(ClassTurnScreen(self.app))
        elif self.back is ClassSummaryScreen:
            self.app.show(ClassSummaryScreen(self.app))
        else:
            show_class(self.app)

    # ------------------------------------------------------------------ actions
    def done(self, message):
        self.app.say(message)
        for session in self.app.classroom.sessions.values():
            session._advice, session._previews = None, {}  # the world changed under them
        self.rebuild()

    def toggle_pause(self):
        c = self.app.classroom
        c.set_pause(not c.paused)
        self.done("Paused." if c.paused else "Resumed.")

    def cycle_event(self, step):
        self.event_index = (self.event_index + step) % len(self.events)
        self.rebuild()

    def cycle_by(self):
        self.by_index = (self.by_index + 1) % (len(STATES) + 1)
        self.rebuild()

    def inject(self):
        c = self.app.classroom
        eid = self.events[self.event_index]
        try:
            c.model.inject_event(eid)
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.done(f"Injected: {c.model.catalog.events[eid].title}")

    def fire_custom(self):
        c = self.app.classroom
        by = ("", *STATES)[self.by_index]
        try:
            effects = facilitator.parse_effects_text(self.effects_entry.get_text())
            entry = facilitator.custom_event(c.model, self.title_entry.get_text(), effects, by=by)
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.title_entry.set_text("")
        self.effects_entry.set_text("")
        self.done(f"Fired: {entry['title']}")

    def set_param(self):
        c = self.app.classroom
        try:
            value = facilitator.parse_value(self.value_entry.get_text())
            facilitator.set_parameter(c.model, self.param_entry.get_text().strip(), value)
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.done(f"Set {self.param_entry.get_text().strip()} to {value!r}")

    # ------------------------------------------------------------------ the view
    def status_html(self):
        c = self.app.classroom
        m = c.model
        out = [
            f"<b>{E(m.scenario.name)}</b> · seed {m.seed} · {E(m.quarter)}, quarter {m.turn} of {m.scenario.turns}"
        ]
        out.append("<b>Paused</b>" if c.paused else "Running")
        for row in facilitator.status(m):
            colour = T.hexcol(T.STATE_COLOURS[row["seat"]])
            if row["player"] == "team":
                state = (
                    "has decided"
                    if row["seat"] in m.submissions
                    else ("is playing now" if row["seat"] == c.team else "waiting")
                )
            else:
                state = row["player"]
            out.append(
                f"<font color='{colour}'><b>{E(row['name'])}</b></font> · {E(state)} · score {row['score']:.1f} · "
                f"capital {row['capital']:g} · approval {row['approval']:.0f}%"
            )
            if row["pending"]:
                out.append(
                    f"   <font color='#A0A8B6'>to answer: {E('; '.join(row['pending']))}</font>"
                )
        if c.timer:
            out.append(
                f"Turn timer {fmt_clock(c.timer)}; {c.name(c.team)} has {fmt_clock(c.remaining or 0)} left"
            )
        done = [d for d in m.decision_log if d["type"] in facilitator.ENTRY_TYPES[1:]]
        if done:
            out.append("<br><b>Facilitator's log</b>")
            for d in done[-12:]:
                what = {
                    "inject": lambda d: f"injected {m.catalog.events[d['event']].title}",
                    "custom_event": lambda d: f"custom event {d['title']}",
                    "set_parameter": lambda d: f"set {d['param']} = {d['value']!r}",
                    "note": lambda d: d["text"],
                }[d["type"]](d)
                out.append(f"   turn {d['turn']}: {E(what)}")
        return "<br>".join(out)

    def paint(self, surface):
        surface.fill(T.BG)
        w, _h = surface.get_size()
        title = "Facilitator" if self.unlocked else "Facilitator: enter the PIN"
        T.blit_text(surface, title, (12, 14), 28, T.TEXT, True, width=w - 24)
        status_line(self.app, surface)


# ============================================================================ the end
class ClassEndScreen(EndScreen):
    """The one-player end screen plus the debrief export and a branch from turn N."""

    def build(self):
        super().build()
        _w, h = self.size()
        # A row of our own above the menu row: the turning points give up the room.
        box = self.main_text
        self.texts.remove(box)
        row = P(50)
        tp = (box.rect.x, box.rect.y, box.rect.width, box.rect.height - row)
        self.main_text = self.rich(tp, self.turning_html(), box.size, main=True)
        half = (self.left_w - 8) // 2
        y = h - P(58) - row
        self.button(
            (8, y, half, P(42)),
            "Branch from a turn",
            lambda: self.app.show(BranchScreen(self.app)),
            "B",
            object_id="@center",
        )
        self.button(
            (16 + half, y, half, P(42)),
            "Export the debrief",
            self.debrief,
            "D",
            object_id="@primary",
        )

    def debrief(self):
        c = self.app.classroom
        self.app.say(
            "Writing the debrief (the all-AI reference games take up to a minute the first time)..."
        )
        self.app.screen.draw(self.app.window)
        pygame.display.flip()
        start = time.perf_counter()
        try:
            path = c.export_debrief()
        except (OSError, TightropeError) as exc:
            self.app.say(f"Could not write the debrief: {exc}")
            return
        self.app.say(
            f"Debrief written to {path} ({time.perf_counter() - start:.0f} s): open it in a browser."
        )


class BranchScreen(Screen):
    """Choose a turn and a team, then replay that quarter with a different decision: the rest
    of the game is played on by the rule in ``game.engine.replay`` and compared in the debrief."""

    def __init__(self, app):
        super().__init__(app)
        c = app.classroom
        self.turn = max(1, c.model.turn - 1 - 7)
        self.team = 0

    def build(self):
        w, h = self.size()
        c = self.app.classroom
        x, col = w // 2 - P(300), P(600)
        arrow = P(110)  # room for "<  [Left]"
        self.button(
            (x, P(140), arrow, P(40)), "<", lambda: self.move(-1), "Left", object_id="@center"
        )
        self.button(
            (x + arrow + P(6), P(140), col - 2 * arrow - P(12), P(40)),
            f"Turn {self.turn}: {c.model.scenario.quarter_label(self.turn)}",
            lambda: self.move(1),
            None,
            object_id="@center",
        )
        self.button(
            (x + col - arrow, P(140), arrow, P(40)),
            ">",
            lambda: self.move(1),
            "Right",
            object_id="@center",
        )
        seat = c.teams[self.team]
        self.button(
            (x, P(196), col, P(40)),
            f"Team: {c.name(seat)}",
            self.cycle_team,
            "Tab",
            object_id="@center",
        )
        self.button(
            (x, P(260), col, P(48)),
            "Play that quarter again",
            self.start,
            "Enter",
            object_id="@primary",
        )
        self.button(
            (8, h - P(58), P(200), P(46)),
            "Back",
            lambda: self.app.show(ClassEndScreen(self.app)),
            "Esc",
            object_id="@center",
        )

    def move(self, step):
        c = self.app.classroom
        last = c.model.world.turn - 1
        self.turn = (self.turn - 1 + step) % last + 1
        self.rebuild()

    def cycle_team(self):
        self.team = (self.team + 1) % len(self.app.classroom.teams)
        self.rebuild()

    def start(self):
        from game.engine.replay import apply, entries_by_turn
        from game.play.games import replay

        c = self.app.classroom
        data = game_to_dict(c.model)
        model = replay(data, upto_turn=self.turn)
        for entry in entries_by_turn(data).get(self.turn, []):
            if entry["type"] != "decision":
                apply(model, entry)
        seat = c.teams[self.team]
        self.app.session = BranchSession(model, seat, c.directory, autosave=False)
        self.app.session.branch_from = (data, self.turn)
        self.app.show(BranchTurnScreen(self.app))

    def paint(self, surface):
        surface.fill(T.BG)
        _heading(
            surface,
            "Branch from a turn",
            "Replay one quarter as one team with a different decision; the AIs play on, the "
            "other teams' recorded choices are kept where still legal; the debrief compares the two games.",
        )
        status_line(self.app, surface)


class BranchSession(Session):
    def end_turn(self):
        from game.play.branch import branch

        data, turn = self.branch_from
        model = branch(data, turn, self.seat, list(self.chosen), dict(self.answers))
        return model


class BranchTurnScreen(TurnScreen):
    def build(self):
        super().build()
        for element in list(self.actions):
            text = getattr(element, "text", "")
            if text.startswith(("Load", "Save")):
                self.actions.pop(element)
                element.kill()
            elif text.startswith("Menu"):
                self.actions[element] = self.cancel
        self.keys.pop("Ctrl+L", None)
        self.keys.pop("Ctrl+S", None)
        self.keys["Esc"] = self.cancel

    def cancel(self):
        c = self.app.classroom
        self.app.session = c.sessions[c.teams[0]]
        self.app.show(ClassEndScreen(self.app))

    def end_turn(self):
        if self.s.unanswered():
            self.app.say("Answer the event first.")
            return
        c = self.app.classroom
        try:
            model = self.s.end_turn()
            path = save_game(
                model, c.directory / f"branch-seed{model.seed}-turn{self.s.branch_from[1]}.json"
            )
        except (OSError, TightropeError) as exc:
            self.app.say(str(exc))
            return
        c.branch = (model, str(path))
        scores = ", ".join(f"{s} {v:.0f}" for s, v in model.scores().items())
        self.app.say(f"Branch played to the end ({scores}); the debrief now compares both games.")
        self.cancel()

    def draw(self, window):
        super().draw(window)
        w, _h = window.get_size()
        T.blit_text(
            window,
            f"Branch from turn {self.s.branch_from[1]}",
            (w - 8 - 3 * P(150) - 12, 14),
            16,
            T.OI["orange"],
            True,
            align="right",
        )
