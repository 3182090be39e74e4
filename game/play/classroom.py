"""A class game without a screen: 2-4 teams in hot seat (the other seats AI), whose turn it is,
the turn timer that falls back to the advisor's choice (and says so in the log), the
facilitator's PIN, pause and actions, the autosave, branching from a past quarter and saving
what the debrief needs.

Every change to the game goes through the engine (``model.submit``/``step``/``inject_event``)
or ``game.play.facilitator`` (custom events, parameter changes, notes), so it is in the ledger,
the news, the decision log, saves, replays and the debrief.
"""

from pathlib import Path

from game.engine.errors import GameError
from game.engine.replay import apply, entries_by_turn
from game.engine.saves import game_to_dict, save_game
from game.engine.scenario import load_scenario
from game.play import facilitator
from game.play.branch import branch
from game.play.games import replay
from game.play.session import Session, autosave_path, write_autosave

CLASS_AUTOSAVE = "class-autosave"  # class-autosave-<teams>-<scenario>-<start time>.json
TIMERS = (None, 60, 120, 180, 300, 600)  # seconds a team has for its turn (None: no timer)
STATES = ("USA", "CHN", "JPN", "KOR")
STATE_NAMES = {"USA": "United States", "CHN": "China", "JPN": "Japan", "KOR": "South Korea"}


class TeamSession(Session):
    """One team's seat in a class game: its picks and answers this quarter. Ending the turn
    only submits; the quarter resolves once every team has submitted (``Classroom``)."""

    def end_turn(self):
        self._check_turn()
        self.model.submit(self.seat, list(self.chosen), dict(self.answers))


class BranchSession(Session):
    """One team replaying a past quarter with a different decision (``Classroom.branch_session``);
    ending the turn plays the rest of the game on by the rule in ``game.engine.replay``."""

    def end_turn(self):
        data, turn = self.branch_from
        return branch(data, turn, self.seat, list(self.chosen), dict(self.answers))


class Classroom:
    """A class game: the model, the teams in playing order, whose turn it is, the timer, the
    facilitator's PIN and the pause."""

    def __init__(
        self, model, directory, timer=None, pin="", reference_games=1000, autosave_file=None
    ):
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
        self.autosave_file = autosave_file  # this class game's own autosave (named on first write)
        self.model.brief()
        self.skip_submitted()

    @classmethod
    def new(cls, scenario_path, seed, teams, directory, timer=None, pin="", reference_games=1000):
        from game.play.model import TightropeModel  # Mesa loads when a game starts (fast start)

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

    # ------------------------------------------------------------------ the turn order and clock
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

    def timeout(self, seat=None):
        """The current team's (or ``seat``'s) time ran out: play the advisor's choice and say so
        in the log."""
        seat = seat or self.team
        m = self.model
        advice = m.advice(seat)
        legal = set(m.legal_actions(seat))
        actions = [pid for pid, _rule, _why in advice["actions"] if pid in legal]
        # The note is news every team reads at once: it must not name the choices (the other
        # teams see what this one did when the quarter resolves, in the summary).
        facilitator.note(
            m,
            f"{self.name(seat)}'s time ran out in {m.quarter}: the advisor's choice was played",
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
            if self.autosave_file is None:
                self.autosave_file = autosave_path(self.directory, self.model, CLASS_AUTOSAVE)
            self.autosave_file = write_autosave(self.model, self.autosave_file)
        except OSError:
            pass  # a read-only disk must not stop the class

    # ------------------------------------------------------------------ the facilitator
    def set_pause(self, paused):
        if paused != self.paused:
            self.paused = paused
            facilitator.note(
                self.model,
                "The facilitator paused the game" if paused else "The facilitator resumed the game",
            )

    def world_changed(self):
        """The facilitator changed the world under the teams: their cached advice and previews
        are stale."""
        for session in self.sessions.values():
            session._advice, session._previews, session._without = None, {}, {}

    def inject(self, event_id):
        """Inject a deck event; returns its title. Raises GameError if the engine refuses."""
        self.model.inject_event(event_id)
        self.world_changed()
        return self.model.catalog.events[event_id].title

    def custom_event(self, title, effects_text, by=""):
        """Fire a custom event (effects as typed, e.g. 'senkaku +10'); returns its log entry."""
        effects = facilitator.parse_effects_text(effects_text)
        entry = facilitator.custom_event(self.model, title, effects, by=by)
        self.world_changed()
        return entry

    def set_parameter(self, param, value_text):
        """Set a rule parameter (SEAT.Rule.name, or SEAT.Rule.name.ALLY for one ally's value)
        to the typed value; returns the value."""
        value = facilitator.parse_value(value_text)
        facilitator.set_parameter(self.model, param, value)
        self.world_changed()
        return value

    # ------------------------------------------------------------------ what the facilitator sees
    def team_state(self, seat, connected=None):
        """A team's line on the facilitator's board: decided, playing now or waiting."""
        if seat in self.model.submissions:
            return "has decided"
        return "is playing now" if seat == self.team else "waiting"

    def clock_owner(self):
        return self.name(self.team)

    def board(self, connected=None, parameters=True):
        """The facilitator's board, as JSON-ready data (the F2 view draws it; over the network
        the server sends it): the game, every seat's status, the clock, the facilitator's log
        and the parameters it may set (unless ``parameters`` is False: the network sends them
        apart, they seldom change; ``parameters_version`` says when they have).
        ``connected``: the team seats online (a network)."""
        m = self.model
        rows = []
        for row in facilitator.status(m):
            seat = row["seat"]
            human = row["player"] == "team"
            pending = row["pending"]
            if human:  # a team's answers wait in its session till it ends its turn
                answered = self.sessions[seat].answers
                pending = (
                    []
                    if seat in m.submissions
                    else [e.title for e in m.pending_events(seat) if e.id not in answered]
                )
            rows.append(
                {
                    **row,
                    "pending": pending,
                    "state": self.team_state(seat, connected) if human else row["player"],
                }
            )
        done = [d for d in m.decision_log if d["type"] in facilitator.ACTIONS]
        out = {
            "scenario": m.scenario.name,
            "title": f"seed {m.seed} · {m.quarter}, quarter {m.turn} of {m.scenario.turns}",
            "paused": self.paused,
            "rows": rows,
            "timer": self.timer,
            "remaining": self.remaining,
            "clock_owner": self.clock_owner(),
            "log": [[d["turn"], facilitator.describe(m, d)] for d in done[-12:]],
            "parameters_version": sum(d["type"] == "set_parameter" for d in done),
        }
        if parameters:
            out["parameters"] = [[name, value] for name, value in facilitator.parameters(m)]
        return out

    # ------------------------------------------------------------------ branch and debrief
    def branch_session(self, turn, team):
        """A session for ``team`` to replay quarter ``turn``: the game replayed to the start of
        that quarter with its facilitator entries, the decision left to the team."""
        data = game_to_dict(self.model)
        model = replay(data, upto_turn=turn)
        for entry in entries_by_turn(data).get(turn, []):
            if entry["type"] != "decision":
                apply(model, entry)
        session = BranchSession(model, team, self.directory, autosave=False)
        session.branch_from = (data, turn)
        return session

    def play_branch(self, session):
        """End a branch session's turn: play it to the end, save it, keep it for the debrief."""
        model = session.end_turn()
        path = save_game(
            model, self.directory / f"branch-seed{model.seed}-turn{session.branch_from[1]}.json"
        )
        self.branch = (model, str(path))
        return model

    def debrief_inputs(self, out=None):
        """Save the class game for its debrief: (folder, save path, the branch as (save data,
        path) or None). ``game.reports.debrief.export_class_debrief`` writes the page."""
        m = self.model
        out = Path(out) if out else self.directory / f"debrief-seed{m.seed}"
        save = save_game(m, out / "class-game.json")
        other = None if self.branch is None else (game_to_dict(self.branch[0]), self.branch[1])
        return out, save, other
