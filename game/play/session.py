"""A one-player game, without a screen: the model, the seat the person plays, what they have picked so far
this quarter, and caches of the engine's answers (previews, advice) for the current turn.

Everything the player sees comes from the engine; the session only remembers the choices the
player has not yet submitted, and saves the game (atomically, through ``game.engine.saves``).
The window (``game.ui``) draws it; the difficulties and where saves go live here too.
"""

import time
from pathlib import Path

from game.engine import deals, hidden, log
from game.engine.errors import GameError
from game.engine.saves import save_game
from game.engine.scenario import DEFAULT_SCENARIO, load_scenario
from game.play.games import load_game
from game.play.preview import FUTURES, preview_futures
from game.play.savedir import (  # noqa: F401 (re-exported: the saves of a session)
    AUTOSAVE,
    FINISHED,
    SETTINGS,
    newest_autosave,
    save_dir,
)

# Difficulty = the personas of the seats the person does not play (agents.PERSONAS): the same
# rule sets throughout; easy plays them kinder, hard tougher and sharper (configs/personas.yaml;
# the US still presses its allies: its pressure policies gain, they are never switched off).
DIFFICULTIES = {
    "easy": {"USA": "kind", "CHN": "kind", "JPN": "kind", "KOR": "kind"},
    "normal": {},  # the scenario's own personas (each seat's default rules unless it says otherwise)
    "hard": {"USA": "tough", "CHN": "tough", "JPN": "tough", "KOR": "tough"},
}
DIFFICULTY_NOTES = {
    "easy": "every other state plays its own rules, leaning to goodwill and less sharply",
    "normal": "every other state plays as the scenario says: its default rule set (the essay's behaviour) unless the scenario names a persona",
    "hard": "every other state plays its own rules, leaning to pressure and more sharply (Washington still presses its allies)",
}


def scenario_files():
    return sorted(DEFAULT_SCENARIO.parent.glob("*.yaml"))


def autosave_path(directory, model, prefix=AUTOSAVE):
    """A new game's own autosave (its seats, scenario and start time), never another game's."""
    stem = Path(model.scenario.path or "scenario").stem
    seats = "-".join(model.humans) or "ai"
    base = f"{prefix}-{seats}-{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = Path(directory) / f"{base}.json", 2
    while path.exists():
        path, n = Path(directory) / f"{base}-{n}.json", n + 1
    return path


def write_autosave(model, path):
    """Save to the game's autosave; a finished game's moves to finished-<name> (kept for the
    Load screen, not offered for resume). Returns the path written."""
    path = Path(path)
    if model.is_over() and AUTOSAVE in path.name:
        done = path.with_name(path.name.replace(AUTOSAVE, FINISHED, 1))
        save_game(model, done)
        path.unlink(missing_ok=True)
        return done
    return save_game(model, path)


def personas_for(difficulty, seat):
    table = DIFFICULTIES[difficulty]
    return {s: p for s, p in table.items() if s != seat}


class Session:
    def __init__(self, model, seat, directory=None, autosave=True):
        if seat not in model.reg.states:
            raise GameError(f"unknown state {seat!r}")
        self.model = model
        self.seat = seat
        self.directory = Path(directory) if directory else save_dir()
        self.autosave_on = autosave
        self.autosave_file = None  # this game's autosave, named when it is first written
        self.reset_turn()
        self.summary_turn = None  # the turn whose summary should be shown next

    @classmethod
    def new(cls, seat="JPN", scenario_path=None, seed=0, difficulty="normal", directory=None):
        from game.play.model import TightropeModel  # Mesa loads when a game starts (fast start)

        scenario = load_scenario(scenario_path) if scenario_path else load_scenario()
        model = TightropeModel(
            scenario, seed=seed, humans=(seat,), personas=personas_for(difficulty, seat)
        )
        session = cls(model, seat, directory)
        session.autosave()
        return session

    @classmethod
    def load(cls, path, directory=None):
        model = load_game(path)
        if len(model.humans) != 1:
            raise GameError(
                f"{path}: this save has {len(model.humans)} human seats; the window plays one (use the classroom view)"
            )
        session = cls(model, model.humans[0], directory)
        if Path(path).name.startswith(AUTOSAVE):
            session.autosave_file = Path(path)  # resuming: go on writing that game's autosave
        return session

    # ------------------------------------------------------------------ this turn's choices
    def reset_turn(self):
        self.chosen = []
        self.answers = {}
        self.turn = self.model.turn
        self._previews = {}  # policy id -> its preview, or the generator still playing futures
        self._progress = {}
        self._without = {}  # the previews' futures without a card, shared by every card
        self._advice = None

    def world_changed(self):
        """An offer, answer or breach changed the world mid-turn: the previews and the advice
        are stale, and a pick a new deal bars is dropped."""
        self._previews, self._progress, self._without, self._advice = {}, {}, {}, None
        legal = self.model.legal_set(self.seat)
        self.chosen = [p for p in self.chosen if p in legal]

    def _check_turn(self):
        if self.turn != self.model.turn:
            self.reset_turn()

    @property
    def reg(self):
        return self.model.reg

    def capital(self):
        return self.model.world.values[f"{self.seat}.capital"]

    def spent(self):
        return self.capital() - self.left()

    def left(self):
        return self.model.capital_left(self.seat, self.chosen)

    def policies(self, category=None):
        return [
            p for p in self.model.catalog.policies_for(self.seat) if category in (None, p.category)
        ]

    def legal(self):
        return set(self.model.legal_actions(self.seat))

    def toggle(self, pid):
        """Pick or unpick a policy. Returns a message for the status line ('' if fine)."""
        self._check_turn()
        policy = self.model.catalog.policies[pid]
        if pid in self.chosen:
            self.chosen.remove(pid)
            return ""
        if pid not in self.legal():
            return f"{policy.name}: not available now ({self.model.unavailable_reason(self.seat, pid)})"
        if self.model.bundle_problem(self.seat, [*self.chosen, pid]):
            return (
                f"{policy.name} costs {policy.cost}; only {self.left():g} political capital is left"
            )
        self.chosen.append(pid)
        return ""

    def pending(self):
        if self.model.is_over():
            return []
        return self.model.pending_events(self.seat)

    def unanswered(self):
        self._check_turn()
        return [e for e in self.pending() if e.id not in self.answers]

    def answer(self, event_id, response_id):
        self._check_turn()
        self.answers[event_id] = response_id

    def advice(self):
        self._check_turn()
        if self._advice is None:
            self._advice = self.model.advice(self.seat)
        return self._advice

    def offer_advice(self):
        """{offer id: (choice, counter, reason)}: what the seat's default rules would answer
        each offer awaiting its answer (the offers panel shows it beside each offer; over the
        network, the server's advice message carries it as ``answers``)."""
        return self.model.offer_advice(self.seat)

    def proposal_advice(self):
        """[(to, template id, reason)]: the offer the seat's default rules would send now (the
        offers panel marks it; over the network, the advice message's ``proposals``)."""
        chosen = [pid for pid, _rule, _why in self.advice()["actions"]]  # (kept this quarter)
        return self.model.proposal_advice(self.seat, chosen)

    def intelligence(self):
        """What the seat's intelligence estimates of this game's hidden factors (a line for the
        panel, and the figures): game/engine/hidden.py."""
        return hidden.intelligence_line(self.model, self.seat), hidden.intelligence(
            self.model, self.seat
        )

    def adopt_advice(self):
        """Pick what the advisor suggests (replacing the current picks)."""
        self._check_turn()
        legal = self.legal()
        self.chosen = [pid for pid, _rule, _why in self.advice()["actions"] if pid in legal]

    def preview(self, pid):
        """The engine's preview of one policy, computed on clones and cached for this turn."""
        out = None
        while out is None:
            out = self.preview_step(pid)
        return out

    def preview_step(self, pid):
        """Play one more future of ``pid``'s preview: the preview once all are played (then
        cached for this turn), else None (``preview_progress`` says how far it got)."""
        self._check_turn()
        out = self._previews.get(pid)
        if out is None:
            responses = self.advice()["responses"]  # cached for the turn, as the engine's own
            out = self._previews[pid] = preview_futures(
                self.model, self.seat, pid, responses=responses
            )
        if isinstance(out, dict):
            return out
        step = next(out)
        if isinstance(step, dict):
            self._previews[pid] = step
            return step
        self._progress[pid] = step
        return None

    def preview_progress(self, pid):
        return self._progress.get(pid, 0), FUTURES

    # ------------------------------------------------------------------ offers and deals
    # Acts of the seat, recorded in the decision log (game.engine.log) at once, mid-turn; a
    # networked team's session sends them to the server instead (game.net.remote).
    def proposal_problem(self, template):
        """Why the seat can't send ``template`` now ("" if it can)."""
        return deals.proposal_problem(self.model, self.seat, template.to, template.id)

    def make_offer(self, to, template_id):
        log.make_offer(self.model, self.seat, to, template_id)
        self.world_changed()

    def answer_offer(self, offer_id, choice, counter=""):
        log.answer_offer(self.model, self.seat, offer_id, choice, counter)
        self.world_changed()

    def break_deal(self, deal_id):
        log.break_deal(self.model, self.seat, deal_id)
        self.world_changed()

    # ------------------------------------------------------------------ the turn
    def end_turn(self):
        """Submit the picks and answers and resolve the quarter. Raises GameError if the engine
        refuses them (the message is shown in the status line)."""
        self._check_turn()
        m = self.model
        m.submit(self.seat, list(self.chosen), dict(self.answers))
        m.step()
        self.summary_turn = m.turn - 1
        self.reset_turn()
        self.autosave()

    # ------------------------------------------------------------------ saves
    def autosave(self):
        if self.autosave_on:
            if self.autosave_file is None:
                self.autosave_file = autosave_path(self.directory, self.model)
            self.autosave_file = write_autosave(self.model, self.autosave_file)

    def save(self, name=None):
        m = self.model
        label = m.scenario.quarter_label(min(m.turn, m.scenario.turns)).replace(" ", "")
        name = name or f"{self.seat}-{label}-seed{m.seed}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        return save_game(m, self.directory / name)


def list_saves(directory=None, limit=9):
    """The newest saves first (the autosave included)."""
    d = Path(directory) if directory else save_dir()
    if not d.is_dir():
        return []
    files = [p for p in d.glob("*.json") if p.is_file() and p.name != SETTINGS]
    files.sort(key=lambda p: (-p.stat().st_mtime, p.name))
    return files[:limit]
