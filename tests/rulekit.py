"""Rule tests in the manner of the Axelrod library: set up a world from the baseline scenario,
script what happened this turn (acts, perceptions) and before it, call one rule, and read back
exactly what it proposed or which ledger entries it wrote.

    s = Situation(values={"pressure.JPN": 2})
    s.act("USA", "us_press_japan")            # this turn: a policy, its effects and signals
    s.propose("JPN", "PayForTheAlliance")     # -> [(ids, utility, reason), ...]
    s.react("CHN", "Distrust", noise=0.0)     # -> [(key, before, after, via), ...]

This file is the one place that knows how a rule is called (today: with the model); when the
engine hands rules a State instead, only this helper changes."""

from game.engine import hidden
from game.engine.effects import apply_effects
from game.engine.rules import RULES, resolve_params
from game.engine.scenario import load_scenario
from game.engine.words import reason_text
from game.engine.world import Cause
from game.play.model import Act, TightropeModel

_BASELINE = []


def baseline():
    """The 2025 baseline scenario, loaded once."""
    if not _BASELINE:
        _BASELINE.append(load_scenario())
    return _BASELINE[0]


class Situation:
    """A world at the start of the baseline (turn 1), with ``values`` laid over it, and the
    values of earlier quarters (``ago``: what ``values_ago`` returns) and last quarter's acts
    (``last_acts``: (actor, policy id) pairs) as given."""

    def __init__(self, values=None, ago=None, last_acts=(), scenario=None, seed=0):
        m = self.model = TightropeModel(scenario or baseline(), seed=seed)
        w = m.world
        # A clean start: whatever the model did on construction (drawing the first quarter's
        # events, say) is undone, so the situation is exactly the one the test scripts.
        w.values.clear()
        w.values.update(m.scenario.values)
        for bookkeeping in (w.ledger, w.log, w.flags, w.cooldowns, w.progress):
            bookkeeping.clear()
        m.pending = []
        w.phase = "reactions"
        unknown = set(values or {}) - set(w.values)
        assert not unknown, f"no such indicators: {unknown}"
        w.values.update(values or {})
        m.snapshots = [{**m.start_values, **(ago or {})}]
        m.previous_acts = [self._act_of(actor, pid, turn=0) for actor, pid in last_acts]
        m.turn_acts, m.perceptions = [], []
        m.perceived_by = {s: [] for s in m.reg.states}
        m.turn_ledger_start = len(w.ledger)

    @property
    def values(self):
        return self.model.world.values

    def _act_of(self, actor, pid, turn=None):
        policy = self.model.catalog.policies[pid]
        assert policy.by == actor, f"{pid} is {policy.by}'s, not {actor}'s"
        return Act(
            self.model.world.turn if turn is None else turn, actor, "policy", pid, policy.tags
        )

    def act(self, actor, pid):
        """``actor`` carries out policy ``pid`` this turn: its effects land (under the policy's
        cause, as in resolution), the others perceive its signals, and it joins this turn's acts."""
        m = self.model
        policy = m.catalog.policies[pid]
        apply_effects(m.world, policy.effects, Cause("policy", pid, actor), m.random)
        m.turn_acts.append(self._act_of(actor, pid))
        for observer, signal in policy.signals.items():
            if observer != actor:
                self.perceive(observer, actor, signal, pid)

    def perceive(self, observer, actor, signal, via):
        """``observer`` sees ``actor`` do something worth ``signal`` (-5 hostile .. +5 friendly)."""
        self.model.perceptions.append((observer, actor, signal, via))
        self.model.perceived_by[observer].append((actor, signal, via))

    def rule(self, seat, name, **params):
        """The rule ``name`` of ``seat`` ("world" for world rules) with the scenario's parameters,
        ``params`` laid over them (checked as a scenario's would be)."""
        # The scenario's own parameters, not this game's hidden draw (game/engine/hidden.py).
        raw = {**hidden.base_of(self.model.scenario).parameters[seat][name], **params}
        resolved = resolve_params(RULES[name], raw, "test", f"{seat}.{name}")
        return RULES[name](resolved, "" if seat == "world" else seat)

    def propose(self, seat, name, **params):
        """What the rule proposes for ``seat``: [(policy ids, utility to 4 places, reason in
        words)]."""
        rule = self.rule(seat, name, **params)
        proposals = rule.propose(self.model, seat)
        return [(tuple(ids), round(u, 4), reason_text(why)) for ids, u, why in proposals]

    def _run(self, phase, seat, name, params):
        rule = self.rule(seat, name, **params)
        w = self.model.world
        w.phase = phase
        start = len(w.ledger)
        fired = getattr(rule, {"reactions": "react", "drift": "drift", "scoring": "score"}[phase])(
            self.model
        )
        written = w.entries(start=start)
        assert all(e.source == name and e.kind == "rule" for e in written), written
        assert bool(written) <= bool(fired), "a rule that wrote entries must say it fired"
        self.fired = fired
        return [(e.key, e.before, e.after, e.via) for e in written]

    def react(self, seat, name, **params):
        """The ledger entries the rule's reaction wrote: [(key, before, after, via)]."""
        return self._run("reactions", seat, name, params)

    def drift(self, seat, name, **params):
        """The ledger entries the rule's drift wrote: [(key, before, after, via)]."""
        return self._run("drift", seat, name, params)

    def score(self, seat, name, **params):
        """The ledger entries the rule's scoring wrote (``self.fired``: whether it fired)."""
        return self._run("scoring", seat, name, params)

    def news(self):
        """The headlines written so far, as text."""
        return [entry["text"] for entry in self.model.world.log]
