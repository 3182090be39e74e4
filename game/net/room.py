"""One class game on the server: a ``Classroom`` (game.play.classroom) whose teams play at once
on their own machines. It adds what a network needs: the room code, a token per team seat and
the facilitator's PIN (``secrets``), one clock per quarter for every team (when it runs out the
advisor's choice is played for each team still owing, logged as in the hot seat), and the
room's files: ``game.json`` (an ordinary save, written atomically every quarter and after each
facilitator action) and ``room.json`` (code, PIN, tokens, the clock, this quarter's
submissions), so a restarted server resumes the room where it stood.

Every change to the game goes through the engine or ``game.play.facilitator`` as in the hot
seat, so it is in the decision log, the save, replays and the debrief."""

import copy
import json
import secrets
import time
from pathlib import Path
from types import SimpleNamespace

from game.engine import hidden, log
from game.engine.errors import ConfigError, GameError
from game.engine.saves import game_to_dict
from game.engine.scenario import load_scenario
from game.engine.yamlio import read_json, write_atomic
from game.play import facilitator
from game.play.classroom import STATES, Classroom
from game.play.games import load_game
from game.play.model import TightropeModel

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
PIN_DIGITS = 6
PIN_TRIES = 10  # wrong PINs a room takes ...
PIN_LOCK = 60.0  # ... before it refuses PINs for this many seconds
ROOM_FILE, GAME_FILE = "room.json", "game.json"


def new_code(taken=()):
    while True:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def new_token():
    return secrets.token_urlsafe(18)


class Room(Classroom):
    """A class game played over the network (see the module's docstring)."""

    def __init__(self, model, directory, code, timer=None, pin=None, reference_games=0):
        super().__init__(model, directory, timer, pin or "", reference_games)
        self.code = code
        self.pin = self.pin or "".join(str(secrets.randbelow(10)) for _ in range(PIN_DIGITS))
        self.tokens = {}  # seat -> the token of the device playing it (claimed on first join)
        self.facilitator_token = new_token()
        self.ended = False  # the facilitator ended the game early
        self.remaining = timer  # seconds left of this quarter's clock (None: no clock)
        self.pin_failures, self.pin_locked_until = 0, 0.0
        self.autosave_file = Path(directory) / GAME_FILE
        self.write = _write_now  # (path, data): the server writes from a thread of its own
        self._intelligence = {}  # (turn, seat) -> the estimate's line (it changes by the turn)

    # ------------------------------------------------------------------ making and resuming
    @classmethod
    def create(cls, state_dir, scenario_path=None, seed=0, teams=STATES, timer=300, taken=()):
        scenario = load_scenario(scenario_path) if scenario_path else load_scenario()
        order = tuple(s for s in STATES if s in teams)
        model = TightropeModel(scenario, seed=seed, humans=order)
        code = new_code(taken)
        room = cls(model, Path(state_dir) / code, code, timer)
        room.persist()
        return room

    @classmethod
    def resume(cls, directory):
        """The room saved in ``directory``: its game replayed from ``game.json`` (checked
        against the save's fingerprint) and this quarter's submissions made again."""
        directory = Path(directory)
        meta = read_json(directory / ROOM_FILE)
        model = load_game(directory / GAME_FILE)
        room = cls(model, directory, meta["code"], meta.get("timer"), meta["pin"])
        room.tokens = dict(meta.get("tokens", {}))
        room.facilitator_token = meta["facilitator_token"]
        room.ended = bool(meta.get("ended"))
        room.paused = bool(meta.get("paused"))
        if meta.get("turn") == model.turn and not model.is_over():
            for seat, (actions, responses) in meta.get("submitted", {}).items():
                try:
                    model.submit(seat, actions, responses)
                except GameError:
                    pass  # the world moved under it (it will be asked again)
            if room.timer is not None and meta.get("remaining") is not None:
                room.remaining = max(0.0, float(meta["remaining"]))
        return room

    @property
    def finished(self):
        return self.ended or self.model.is_over()

    def persist(self, game=True):
        """Write ``game.json`` (an ordinary save; unless ``game`` is False: only the room's
        own state changed) and ``room.json``, each atomically."""
        m = self.model
        if game:  # a snapshot (copies of what changes), made into a save by the writer
            self.write(self.autosave_file, snapshot(m))
        meta = {
            "code": self.code,
            "pin": self.pin,
            "facilitator_token": self.facilitator_token,
            "timer": self.timer,
            "remaining": self.remaining,
            "paused": self.paused,
            "ended": self.ended,
            "finished": self.finished,
            "turn": m.turn,
            "tokens": dict(self.tokens),
            "submitted": {
                s: [list(a), dict(r)] for s, (a, r) in m.submissions.items() if s in m.humans
            },
            "saved": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self.write(Path(self.directory) / ROOM_FILE, meta)

    def autosave(self, game=True):
        if not getattr(self, "_saving", True):
            return
        try:
            self.persist(game)
        except OSError:
            pass  # a full or read-only disk must not stop the class

    def intelligence(self, seat):
        key = (self.model.turn, seat)
        if key not in self._intelligence:
            self._intelligence = {k: v for k, v in self._intelligence.items() if k[0] == key[0]}
            self._intelligence[key] = hidden.intelligence_line(self.model, seat)
        return self._intelligence[key]

    # ------------------------------------------------------------------ who is who
    def name(self, seat):
        return f"Team {self.model.reg.state_names[seat]}"

    def claim(self, seat, token=None):
        """A team device joins ``seat``: with its token (a rejoin), or claiming a seat nobody
        holds. Returns the seat's token; raises GameError otherwise."""
        if seat not in self.teams:
            raise GameError(f"{seat} is not a team in this room (teams: {', '.join(self.teams)})")
        held = self.tokens.get(seat)
        if token is not None:
            if held is None or not secrets.compare_digest(held, token):
                raise GameError("that token is not this team's")
            return held
        if held is not None:
            raise GameError(f"{self.name(seat)} is already taken (rejoin with its token)")
        self.tokens[seat] = new_token()
        self.autosave(game=False)
        return self.tokens[seat]

    def check_pin(self, pin=None, token=None, now=None):
        now = time.monotonic() if now is None else now
        if token is not None:
            if not secrets.compare_digest(self.facilitator_token, token):
                raise GameError("that token is not this room's facilitator's")
            return self.facilitator_token
        if now < self.pin_locked_until:
            raise GameError("too many wrong PINs: wait a minute")
        if pin is None or not secrets.compare_digest(self.pin, str(pin)):
            self.pin_failures += 1
            if self.pin_failures >= PIN_TRIES:
                self.pin_failures, self.pin_locked_until = 0, now + PIN_LOCK
            raise GameError("wrong PIN")
        self.pin_failures = 0
        return self.facilitator_token

    # ------------------------------------------------------------------ the quarter
    def submit(self, seat, actions, responses):
        """A team's decisions (it may submit again until the quarter resolves). Returns True
        when the quarter is ready to resolve."""
        if self.finished:
            raise GameError("the game is over")
        if self.paused:
            raise GameError("the facilitator has paused the game")
        m = self.model
        owed = [e.title for e in m.pending_events(seat) if e.id not in responses]
        if owed:
            raise GameError(f"answer first: {', '.join(owed)}")
        m.submit(seat, actions, responses)
        self.autosave(game=False)
        return not m.missing_decisions()

    def tick(self, dt):
        """Run the quarter's clock; True when it has run out."""
        if self.timer is None or self.paused or self.finished or self.remaining is None:
            return False
        self.remaining -= dt
        return self.remaining <= 0

    def time_up(self):
        """The clock ran out: the advisor's choice for every team that still owes (logged)."""
        for seat in self.model.missing_decisions():
            self.timeout(seat)

    def resolve(self, save=True):
        """Resolve the quarter; ``save=False``: the caller saves (the server, once every client
        has its view)."""
        self.remaining = self.timer
        self._saving = save
        try:
            super().resolve()  # step, autosave, the next quarter's chance phase
        finally:
            self._saving = True

    def team_state(self, seat, connected=None):
        """Every team plays at once: decided or deciding, and whether its machine is online."""
        state = "has decided" if seat in self.model.submissions else "deciding"
        if connected is not None and seat not in connected:
            state += " · offline"
        return state

    def clock_owner(self):
        return "every team"

    # ------------------------------------------------------------------ a team's offers and deals
    def bargain(self, act):
        """A team's offer, answer or breach, now (``act(model)`` goes through game.engine.log,
        so it is in the decision log). A submission the changed world no longer allows (a new
        deal's restraint, a term that moved a condition) is withdrawn: that team decides
        again, and the saved game replays as it was played. Returns the seats withdrawn."""
        if self.finished:
            raise GameError("the game is over")
        if self.paused:
            raise GameError("the facilitator has paused the game")
        act(self.model)
        m = self.model
        withdrawn = [
            seat
            for seat, (actions, _responses) in list(m.submissions.items())
            if seat in m.humans and m.bundle_problem(seat, actions)
        ]
        for seat in withdrawn:
            m.submissions.pop(seat)
            m.submission_marks.pop(seat, None)
        self.autosave()
        return withdrawn

    def make_offer(self, seat, to, template):
        """``seat`` sends an offer; returns its id."""
        self.bargain(lambda m: log.make_offer(m, seat, to, template))
        return self.model.world.offers[-1]["id"]

    def answer_offer(self, seat, offer_id, choice, counter=""):
        """``seat`` answers an offer addressed to it. An offer it is not party to is "no
        offer" (a team must not learn of the offers between other states)."""
        if not any(
            o["id"] == offer_id and seat in (o["from"], o["to"]) for o in self.model.world.offers
        ):
            raise GameError(f"{seat}: no offer {offer_id!r} to you")
        self.bargain(lambda m: log.answer_offer(m, seat, offer_id, choice, counter))

    def break_deal(self, seat, deal_id):
        self.bargain(lambda m: log.break_deal(m, seat, deal_id))

    # ------------------------------------------------------------------ the facilitator
    def set_pause(self, paused):
        super().set_pause(paused)
        self.autosave()

    def end_game(self):
        if self.finished:
            raise GameError("the game is already over")
        facilitator.note(self.model, f"The facilitator ended the game in {self.model.quarter}")
        self.ended = True
        self.autosave()

    def kick(self, seat):
        """Free a team's seat (its device is disconnected; a device may claim it again)."""
        if seat not in self.teams:
            raise GameError(f"{seat} is not a team in this room")
        self.tokens.pop(seat, None)
        facilitator.note(self.model, f"The facilitator freed {self.name(seat)}'s seat", seat)
        self.autosave()

    def reassign(self, seat):
        """Give a team's seat a new token (for another device); the old one stops working."""
        if seat not in self.teams:
            raise GameError(f"{seat} is not a team in this room")
        self.tokens[seat] = new_token()
        facilitator.note(
            self.model, f"The facilitator moved {self.name(seat)} to another device", seat
        )
        self.autosave()
        return self.tokens[seat]


def frozen(room):
    """A copy of the room whose game is a ``snapshot``: what a thread may read (the debrief's
    export) while the event loop plays on in the room itself."""
    other = copy.copy(room)
    other.model = snapshot(room.model)
    return other


def snapshot(model):
    """What ``game_to_dict`` reads of a model, copied (the log, values, ledger and deals), so
    that a writer thread can make the save while the game goes on."""
    world = SimpleNamespace(
        values=dict(model.world.values),
        ledger=list(model.world.ledger),
        deals=copy.deepcopy(model.world.deals),
        turn=model.world.turn,
    )
    return SimpleNamespace(
        world=world,
        scenario=model.scenario,
        seed=model.seed,
        humans=tuple(model.humans),
        persona_names=dict(model.persona_names),
        decision_log=list(model.decision_log),
    )


def write_json(path, data):
    """A room's file, atomically (``game.engine.yamlio.write_atomic``): its meta (a dict) or
    its game (a ``snapshot``, saved as ``game.engine.saves`` saves any game)."""
    if isinstance(data, SimpleNamespace):  # compact: json's C encoder (indent is Python's)
        write_atomic(path, json.dumps(game_to_dict(data), separators=(",", ":")))
    else:
        write_atomic(path, json.dumps(data, indent=1))


_write_now = write_json


def saved_rooms(state_dir):
    """The folders of the unfinished rooms saved under ``state_dir``."""
    d = Path(state_dir)
    out = []
    for sub in sorted(d.iterdir()) if d.is_dir() else ():
        meta_path = sub / ROOM_FILE
        if meta_path.is_file() and (sub / GAME_FILE).is_file():
            try:
                if not read_json(meta_path).get("finished"):
                    out.append(sub)
            except ConfigError:
                continue
    return out
