"""A team's window in a networked class game (``main.py join``): the hot seat's turn screen as a
view of the server's game (``game.net.remote.RemoteSession``), the wait while the other teams
decide ("Waiting for Team China"), and the end. The server's clock and pause are shown; the
server resolves the quarter."""

import pygame

from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.classroom.common import fmt_clock
from game.ui.screens.common import status_line
from game.ui.screens.turn import TurnScreen
from game.ui.theme import px as P


def clock_text(s):
    """'Team Japan · 3:12 left' from the server's view (the view's clock, run down locally)."""
    view = s.view or {}
    text = f"Team {s.reg.state_names[s.seat]}"
    if view.get("remaining") is not None:
        text += f"  ·  {fmt_clock(s.remaining())} left"
    return text


def paused(app, window):
    s = app.session
    if s.view and s.view.get("paused"):
        w, _h = window.get_size()
        T.blit_text(
            window, "Paused by the facilitator", (w // 2, P(100)), 22, T.OI["vermillion"], True,
            align="center",
        )  # fmt: skip


def open_remote(app, client, welcome):
    """Seat the window on the server's game: a team's turn (or wait), or the facilitator's
    view; a lost connection is shown over every screen."""
    from game.net.remote import RemoteClassroom, RemoteSession

    if welcome["role"] == "facilitator":
        app.classroom = RemoteClassroom(client, welcome)
        nav.show(app, "facilitator", None)
    else:
        app.session = RemoteSession(client, welcome, app.directory)
        follow(app)
    app.overlay = lambda window: link_banner(client, window)


def link_banner(client, window):
    """'The connection to the server was lost: reconnecting…' across the top."""
    problem = client.problem()
    if problem:
        w, _h = window.get_size()
        bar = pygame.Rect(0, 0, w, P(48))  # over the screen's header
        window.fill(T.BG, bar)
        pygame.draw.line(window, T.OI["vermillion"], bar.bottomleft, bar.bottomright, 2)
        T.blit_text(
            window, problem, (w // 2, P(13)), 18, T.OI["vermillion"], True, align="center",
            width=w - 20,
        )  # fmt: skip


def follow(app):
    """Show what the server's game needs now: the end, the wait, or this team's turn."""
    s = app.session
    s.poll()
    if s.over:
        nav.show(app, "net_end")
    elif s.submitted():
        nav.show(app, "net_wait")
    else:
        nav.show(app, "net_turn")


@nav.screen("net_turn")
class RemoteTurnScreen(TurnScreen):
    """The turn screen; ending the turn submits to the server, then waits for the others."""

    screen_name = "net_turn"

    def build(self):
        super().build()
        w, _h = self.size()
        for element in list(self.actions):
            text = getattr(element, "text", "")
            if text.startswith(("Load", "Save", "Summaries")):
                self.actions.pop(element)
                element.kill()
            elif text.startswith("Menu"):
                self.actions[element] = self.app.ask_quit
        for key in ("Ctrl+L", "Ctrl+S", "H"):
            self.keys.pop(key, None)
        self.keys["Esc"] = self.app.ask_quit

    def end_turn(self):
        if self.submit_turn():
            self.app.say("")
            follow(self.app)

    def update(self, dt):
        super().update(dt)
        s = self.s
        if s.poll():  # the quarter resolved, or the facilitator changed the world
            follow(self.app)
            return
        self.dirty = True if int(s.remaining() * 4) % 4 == 0 else self.dirty

    def draw(self, window):
        super().draw(window)
        w, _h = window.get_size()
        T.blit_text(
            window, clock_text(self.s), (w - 8 - P(150) - 12, 14), 16, T.OI["yellow"], True,
            align="right",
        )  # fmt: skip
        paused(self.app, window)


@nav.screen("net_wait")
class WaitScreen(Screen):
    """This team has decided: who the quarter still waits for, the clock; changing the
    decisions is allowed until the quarter resolves."""

    def build(self):
        w, h = self.size()
        self.button(
            (w // 2 - P(220), int(h * 0.62), P(440), P(50)),
            "Change our decisions",
            lambda: nav.show(self.app, "net_turn"),
            "B",
            object_id="@center",
        )
        self.button((8, h - P(58), P(200), P(46)), "Quit", self.app.ask_quit, "Esc")

    def update(self, dt):
        s = self.app.session
        turn = s.model.turn
        if s.poll() or s.over or not s.submitted():
            if not s.over and s.model.turn == turn and not s.submitted():
                # an event injected after it decided, or a deal that bars what it chose
                self.app.say("The world changed under your decisions: look at them again.")
            follow(self.app)
            return
        self.dirty = True

    def paint(self, surface):
        surface.fill(T.BG)
        s = self.app.session
        m = s.model
        w, h = surface.get_size()
        colour = T.STATE_COLOURS[s.seat]
        T.blit_text(
            surface, f"Team {s.reg.state_names[s.seat]}: your decisions are in", (w // 2, int(h * 0.22)),
            36, colour, True, align="center", width=w - 40,
        )  # fmt: skip
        waiting = s.waiting_for()
        lines = [
            f"{m.quarter} · quarter {m.turn} of {m.scenario.turns}",
            f"Waiting for {', '.join(waiting)}" if waiting else "Resolving the quarter…",
        ]
        if (s.view or {}).get("remaining") is not None:
            lines.append(
                f"{fmt_clock(s.remaining())} left; then the advisor's choice is played for "
                "every team still deciding"
            )
        for i, line in enumerate(lines):
            T.blit_text(
                surface, line, (w // 2, int(h * 0.22) + P(70) + P(30) * i), 20 if i == 1 else 16,
                T.OI["yellow"] if i == 1 else T.MUTED, i == 1, align="center", width=w - 40,
            )  # fmt: skip
        status_line(self.app, surface)

    def draw(self, window):
        super().draw(window)
        paused(self.app, window)


@nav.screen("net_end")
class RemoteEndScreen(Screen):
    """The game is over on the server: this team's score; the facilitator has the debrief."""

    def build(self):
        w, h = self.size()
        self.button((w // 2 - P(150), int(h * 0.62), P(300), P(50)), "Quit", self.quit, "Esc")

    def quit(self):
        self.app.running = False

    def paint(self, surface):
        surface.fill(T.BG)
        s = self.app.session
        view = s.view or {}
        w, h = surface.get_size()
        title = "The facilitator ended the game" if view.get("ended") else "The game is over"
        T.blit_text(surface, title, (w // 2, int(h * 0.25)), 40, T.TEXT, True, align="center")
        T.blit_text(
            surface,
            f"Team {s.reg.state_names[s.seat]}: score {view.get('score', 0):g}. "
            "The facilitator exports the class's debrief.",
            (w // 2, int(h * 0.25) + P(70)), 18, T.MUTED, align="center", width=w - 40,
        )  # fmt: skip
