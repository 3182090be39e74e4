"""A team's seat in a networked class game, for the window: a ``Session`` (game.play.session)
whose model is a read-only mirror of what the server sent this team, and whose turn ends by
submitting to the server. The hot seat's turn screen draws it unchanged.

The mirror is a model built from the room's scenario (static data: cards, events, objectives)
whose world is replaced by the server's after each change: the values, the ledger, the news,
the snapshots and this team's pending events. It never plays a quarter: the server does. Its
seed is not the game's (the server keeps that, with the hidden factors, to itself), so the
advisor, the intelligence estimate and the result come from the server; only a card's preview
(what-ifs on clones of the mirror) is computed here, as an estimate.
"""

import time

from game.engine.errors import GameError, TightropeError
from game.engine.paths import CONFIGS
from game.engine.scenario import build_scenario
from game.engine.world import World
from game.net.client import ServerError
from game.play.model import TightropeModel
from game.play.session import Session

WORLD_FIELDS = ("progress", "cooldowns", "flags", "log")


def mirror(scenario_raw, seat=None):
    scenario = build_scenario(scenario_raw, "(server)", base=CONFIGS / "scenarios")
    return TightropeModel(scenario, seed=0, humans=(seat,) if seat else ())


class RemoteSession(Session):
    """The team's picks and answers, the server's views, and the turn ended by a submit."""

    def __init__(self, client, welcome, directory=None):
        seat = welcome["seat"]
        super().__init__(mirror(welcome["scenario"], seat), seat, directory, autosave=False)
        self.client = client  # a game.net.client.ThreadedClient
        self.code = welcome["code"]
        self.token = welcome["token"]
        self.view, self.view_time = None, 0.0
        self.stamp = None  # (turn, ledger length, news length) of the world mirrored
        self._server_advice = {}
        self._bargaining = (None, {}, [])  # (the stamp it was asked at, answers, proposals)
        self.sync(client.view)

    # ------------------------------------------------------------------ the server's views
    def sync(self, view):
        """Take the newest view; True if the world changed (the screen must redraw it)."""
        if view is None or "world" not in view:
            return False
        if view is not self.view:
            self.view, self.view_time = view, time.monotonic()
        w = view["world"]
        bargains = (
            tuple((o["id"], o["status"]) for o in view["offers"]),
            tuple((d["id"], d["status"], d["left"]) for d in view["deals"]),
        )
        stamp = (view["turn"], len(w["ledger"]), len(w["log"]), bargains)
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        m = self.model
        world = World(w["values"])
        world.turn = w["turn"]
        world.ledger = [tuple(e) for e in w["ledger"]]
        for field in WORLD_FIELDS:
            setattr(world, field, w[field])
        world.offers = [dict(o) for o in view["offers"]]  # only this team's
        world.deals = [dict(d) for d in view["deals"]]
        world.phase = "decisions"
        m.world = world
        m.snapshots = w["snapshots"]
        m.pending = [m.catalog.events[e["id"]] for e in view["pending"]]
        m.briefed_turn = world.turn  # the chance phase is the server's
        m.submissions = {}
        self._check_turn()
        self._previews, self._without, self._advice = {}, {}, None
        self.answers = {k: v for k, v in self.answers.items() if k in {e.id for e in m.pending}}
        legal = m.legal_set(self.seat)  # a deal signed elsewhere may bar a pick
        self.chosen = [p for p in self.chosen if p in legal]
        return True

    def poll(self):
        return self.sync(self.client.view)

    def remaining(self):
        """Seconds left on the server's clock (run down here between its views)."""
        view = self.view or {}
        left = view.get("remaining")
        if left is None:
            return 0.0
        if view.get("paused"):
            return left
        return max(0.0, left - (time.monotonic() - self.view_time))

    @property
    def over(self):
        return bool(self.view and self.view["over"])

    def waiting_for(self):
        """The teams the quarter still waits for ("Team China", ...)."""
        return [f"Team {name}" for name in (self.view or {}).get("waiting", [])]

    def submitted(self):
        """True once the server holds this team's decisions with every event answered (an
        event the facilitator injects afterwards brings the team back to its turn)."""
        sub = (self.view or {}).get("submitted")
        if not sub:
            return False
        return all(e["id"] in sub["responses"] for e in self.view["pending"])

    # ------------------------------------------------------------------ asked of the server
    def advice(self):
        self._check_turn()
        if self.turn not in self._server_advice:
            a = self._call("advice")["advice"]
            self._server_advice = {
                self.turn: {
                    "actions": [tuple(r) for r in a["reasons"]],
                    "responses": a["responses"],
                    "explanation": a["explanation"],
                }
            }
        return self._server_advice[self.turn]

    def offer_advice(self):
        """The server's advisor on the offers awaiting this team, asked again only when the
        world mirrored changed (offers come mid-quarter; the advice on cards is kept for the
        quarter), not at every redraw of the panel: none if the server can't be asked now."""
        return self._bargaining_advice()[0]

    def proposal_advice(self):
        """The offer the server's advisor would send for this team now (as ``offer_advice``,
        from the same reply)."""
        return self._bargaining_advice()[1]

    def _bargaining_advice(self):
        stamp, answers, proposals = self._bargaining
        if stamp != self.stamp:
            try:
                reply = self._call("advice")["advice"]
            except GameError:
                return {}, []
            answers = {k: tuple(v) for k, v in reply.get("answers", {}).items()}
            proposals = [tuple(p) for p in reply.get("proposals", [])]
            self._bargaining = (self.stamp, answers, proposals)
        return answers, proposals

    def intelligence(self):
        return (self.view or {}).get("intelligence", ""), {}

    def _call(self, kind, **fields):
        """Ask the server; its refusal is a GameError (the status line shows its reason)."""
        try:
            return self.client.call(kind, **fields)
        except ServerError as exc:
            raise GameError(str(exc)) from None

    # ------------------------------------------------------------------ offers and deals
    def proposal_problem(self, template):
        """The server's answer (it knows the capital this team's submitted cards leave)."""
        return (self.view or {}).get("proposals", {}).get(template.id, "not now")

    def _bargain(self, kind, **fields):
        self._check_turn()
        self._call(kind, turn=self.turn, **fields)
        self.poll()  # the server pushed the changed view before its "ok"
        self.world_changed()

    def make_offer(self, to, template_id):
        self._bargain("offer", to=to, template=template_id)

    def answer_offer(self, offer_id, choice, counter=""):
        self._bargain("answer", offer=offer_id, choice=choice, counter=counter or None)

    def break_deal(self, deal_id):
        self._bargain("break", deal=deal_id)

    def end_turn(self):
        """Submit the picks and answers; the server resolves the quarter once every team has.
        Raises GameError with the server's reason if it refuses."""
        self._check_turn()
        self._call(
            "submit", turn=self.turn, actions=list(self.chosen), responses=dict(self.answers)
        )
        self.poll()

    def save(self, name=None):
        raise GameError("the server saves the class game every quarter")

    def autosave(self):
        pass


class RemoteClassroom:
    """The facilitator's seat in a networked class game, for the window: what the F2 view
    (game.ui.classroom.facilitator) asks of a hot-seat ``Classroom``, answered by the server.
    Each action is a message; the server runs it (``game.play.facilitator``) and records it in
    the decision log. The board is the server's ``Room.board``, pushed with every change."""

    remote = True
    pin = ""  # the server checked the PIN at hello

    def __init__(self, client, welcome):
        self.client = client
        self.code = welcome["code"]
        self.model = mirror(welcome["scenario"])  # the deck's events (static data) only
        self.teams = [s for s in self.model.reg.states if s in client.view["teams"]]
        self.view, self.view_time = client.view, time.monotonic()
        self.debrief = None  # the future of an export running on the server
        self.parameters = welcome["parameters"]  # asked again when the board says they changed
        self.parameters_version = self.view["board"]["parameters_version"]

    def poll(self):
        """Take the newest view; True if it changed."""
        view = self.client.view
        if view is self.view or view is None or "board" not in view:
            return False
        self.view, self.view_time = view, time.monotonic()
        return True

    @property
    def paused(self):
        return bool(self.view["paused"])

    @property
    def over(self):
        return bool(self.view["over"])

    def board(self):
        """The server's board, its clock run down here between views."""
        b = dict(self.view["board"])
        if b["parameters_version"] != self.parameters_version:
            try:
                self.parameters = self._call("parameters")["parameters"]
                self.parameters_version = b["parameters_version"]
            except GameError:
                pass  # offline: the last known values, asked again on the next board
        b["parameters"] = self.parameters
        if b["remaining"] is not None and not b["paused"]:
            b["remaining"] = max(0.0, b["remaining"] - (time.monotonic() - self.view_time))
        return b

    def name(self, seat):
        return f"Team {self.model.reg.state_names[seat]}"

    def _call(self, kind, **fields):
        try:
            return self.client.call(kind, **fields)
        except ServerError as exc:
            raise GameError(str(exc)) from None

    # ------------------------------------------------------------------ the actions
    def set_pause(self, paused):
        self._call("pause" if paused else "resume")
        self.poll()

    def inject(self, event_id):
        return self._call("inject", event=event_id)["title"]

    def custom_event(self, title, effects_text, by=""):
        self._call("custom_event", title=title, effects=effects_text, by=by)
        return {"title": title}

    def set_parameter(self, param, value_text):
        return self._call("set_parameter", param=param, value=value_text)["value"]

    def kick(self, seat):
        self._call("kick", team=seat)

    def reassign(self, seat):
        """A new token for the team's seat (its old device is disconnected)."""
        return self._call("reassign", team=seat)["token"]

    def end_game(self):
        self._call("end")

    def export_debrief(self, reference_games=None):
        """Start the server's debrief export (it may take a minute); ``debrief_done`` tells."""
        if self.debrief is None or self.debrief.done():
            fields = {} if reference_games is None else {"reference_games": reference_games}
            self.debrief = self.client.start("debrief", **fields)

    def debrief_done(self):
        """None while the export runs (or none was asked); else its address, or GameError."""
        if self.debrief is None or not self.debrief.done():
            return None
        future, self.debrief = self.debrief, None
        try:
            reply = future.result()
        except (ServerError, TightropeError, OSError, TimeoutError) as exc:
            raise GameError(f"the debrief failed: {exc}") from None
        host = self.client.client.url.split("://", 1)[-1].rstrip("/")
        return f"http://{host}{reply['url']}"
