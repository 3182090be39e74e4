"""The facilitator's view: every team's status, pause, inject a deck event or a custom one,
change a parameter; behind the PIN (asked on every visit) if the class game has one.

The same screen is the facilitator's window on a networked class game (``main.py join
--facilitator``): there ``app.classroom`` is a ``game.net.remote.RemoteClassroom``, each action
is run by the server, and the screen adds what a network needs: free or move a team's seat,
end the game and export the debrief."""

import pygame
import pygame_gui

from game.engine.errors import GameError
from game.play.classroom import STATES
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.classroom.common import fmt_clock, show_class
from game.ui.screens.common import status_line
from game.ui.theme import px as P

E = T.html_escape


def shown(value):
    """A parameter's value as the facilitator would type it (0.19081499999999998 -> 0.190815)."""
    return f"{value:.6g}" if isinstance(value, float) else repr(value)


@nav.screen("facilitator")
class FacilitatorScreen(Screen):
    """Every team's status, pause, inject a deck event or a custom one, change a parameter.
    Behind the PIN (asked on every visit) if the class game has one."""

    def __init__(self, app, back):
        """``back``: the name of the screen to return to (else the class where it stands)."""
        super().__init__(app)
        self.back = back
        c = app.classroom
        self.unlocked = not c.pin
        self.events = sorted(c.model.catalog.events)
        self.event_index = 0
        self.by_index = 0  # "" then the states: who a custom event is blamed on
        self.remote = getattr(c, "remote", False)
        self.team_index = 0  # the team the seat buttons act on (over the network)
        self.ending = False  # "End the game" pressed once: press again to end it
        self.refreshed = 0.0  # seconds since the board was last drawn (its clock runs)
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
            (8, P(60), left, h - P(60) - P(92)), self.status_html(), 14, main=True
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
            pygame.Rect(x, y, col, P(30)),
            "Parameter (SEAT.Rule.name, or .ALLY for one ally) and its new value",
            M,
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
        if self.remote:
            self.build_network(x, y + P(52), col)
        self.button(
            (w - 8 - P(260), h - P(58), P(260), P(46)),
            "Quit" if self.remote else "Back to the class",
            self.go_back,
            "Esc",
            object_id="@primary",
        )

    def build_network(self, x, y, col):
        """A team's seat (free it, or move it to another machine), end the game, the debrief."""
        c = self.app.classroom
        third = (col - 16) // 3
        team = c.model.reg.state_names[c.teams[self.team_index]]
        self.button(
            (x, y, third, P(38)), f"Team: {team}", self.cycle_team, "T", object_id="@center"
        )
        self.button(
            (x + third + 8, y, third, P(38)), "Free its seat", self.kick, "K", object_id="@center",
            tooltip="Disconnect its machine; any machine may then join as this team",
        )  # fmt: skip
        self.button(
            (x + 2 * (third + 8), y, third, P(38)), "Move it", self.reassign, "R",
            object_id="@center", tooltip="A new token for another machine (join --token)",
        )  # fmt: skip
        y += P(46)
        half = (col - 8) // 2
        self.button(
            (x, y, half, P(38)),
            "Press again to end" if self.ending else "End the game",
            self.end_game,
            "G",
            object_id="@center",
            enabled=not c.over,
        )
        self.button(
            (x + half + 8, y, half, P(38)),
            "Exporting…" if c.debrief is not None else "Export the debrief",
            self.export_debrief,
            "D",
            object_id="@center",
        )

    def build_pin(self):
        w, h = self.size()
        self.pin_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(w // 2 - P(120), int(h * 0.4), P(240), P(40)), self.manager
        )
        self.pin_entry.set_allowed_characters("numbers")
        self.pin_entry.set_text_hidden(True)  # a PIN typed in front of the class
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
        if self.remote:
            self.app.ask_quit()
            return
        if self.back in ("class_turn", "class_summary"):
            nav.show(self.app, self.back)
        else:
            show_class(self.app)

    # ------------------------------------------------------------------ actions
    def done(self, message):
        self.app.say(message)
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
        try:
            title = self.app.classroom.inject(self.events[self.event_index])
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.done(f"Injected: {title}")

    def fire_custom(self):
        by = ("", *STATES)[self.by_index]
        try:
            entry = self.app.classroom.custom_event(
                self.title_entry.get_text(), self.effects_entry.get_text(), by=by
            )
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.title_entry.set_text("")
        self.effects_entry.set_text("")
        self.done(f"Fired: {entry['title']}")

    def cycle_team(self):
        self.team_index = (self.team_index + 1) % len(self.app.classroom.teams)
        self.rebuild()

    def seat_action(self, act, done):
        c = self.app.classroom
        seat = c.teams[self.team_index]
        try:
            out = act(seat)
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.done(done(c.name(seat), out))

    def kick(self):
        self.seat_action(
            self.app.classroom.kick,
            lambda name, _out: f"{name}'s seat is free: any machine may join",
        )

    def reassign(self):
        self.seat_action(
            self.app.classroom.reassign,
            lambda name, token: f"{name} moved: join with --token {token}",
        )

    def end_game(self):
        if not self.ending:
            self.ending = True
            self.done("Press End the game again to end it for every team.")
            return
        self.ending = False
        try:
            self.app.classroom.end_game()
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.done("The game is over. Export the debrief [D].")

    def export_debrief(self):
        self.app.classroom.export_debrief()
        self.done("Exporting the debrief on the server…")

    def update(self, dt):
        """Over the network: follow the server's board (a team decided, the clock, the news of
        an action) and the debrief export."""
        if not (self.remote and self.unlocked):
            return
        c = self.app.classroom
        try:
            url = c.debrief_done()
        except GameError as exc:
            self.done(str(exc))
            return
        if url is not None:
            self.done(f"The debrief: {url}")
            return
        self.refreshed += dt
        was = (c.paused, c.over)
        if c.poll() or self.refreshed >= 1.0:
            self.refreshed = 0.0
            if (c.paused, c.over) != was:
                self.rebuild()
            else:
                self.set_rich(self.status_box, self.status_html(), keep_scroll=True)

    def set_param(self):
        param = self.param_entry.get_text().strip()
        try:
            value = self.app.classroom.set_parameter(param, self.value_entry.get_text())
        except GameError as exc:
            self.app.say(str(exc))
            return
        self.done(f"Set {param} to {value!r}")

    # ------------------------------------------------------------------ the view
    def status_html(self):
        b = self.app.classroom.board()
        state = "<b>Paused</b>" if b["paused"] else "Running"
        if b.get("over"):
            state = "<b>The game is over</b>"
        out = [f"<b>{E(b['scenario'])}</b> · {E(b['title'])}", state]
        for row in b["rows"]:
            colour = T.hexcol(T.STATE_COLOURS[row["seat"]])
            out.append(
                f"<font color='{colour}'><b>{E(row['name'])}</b></font> · {E(row['state'])} · "
                f"score {row['score']:.1f} · capital {row['capital']:g} · "
                f"approval {row['approval']:.0f}%"
            )
            if row["pending"]:
                out.append(
                    f"   <font color='#A0A8B6'>to answer: {E('; '.join(row['pending']))}</font>"
                )
        if b["timer"]:
            out.append(
                f"Turn timer {fmt_clock(b['timer'])}; {E(b['clock_owner'])} has "
                f"{fmt_clock(b['remaining'] or 0)} left"
            )
        if b["log"]:
            out.append("<br><b>Facilitator's log</b>")
            out += [f"   turn {turn}: {E(what)}" for turn, what in b["log"]]
        out.append(
            "<br><b>Parameters you can set</b> (SEAT.Rule.name = its value now;"
            " SEAT.Rule.name.ALLY sets one ally's value of a per-ally one)"
        )
        out += [
            f"   <font color='#A0A8B6'>{E(name)} = {E(shown(value))}</font>"
            for name, value in b["parameters"]
        ]
        return "<br>".join(out)

    def paint(self, surface):
        surface.fill(T.BG)
        w, _h = surface.get_size()
        title = "Facilitator" if self.unlocked else "Facilitator: enter the PIN"
        if self.remote:
            title += f"  ·  room {self.app.classroom.code}"
        T.blit_text(surface, title, (12, 14), 28, T.TEXT, True, width=w - 24)
        status_line(self.app, surface)
