"""The Tightrope model: one Mesa step is one quarter, in six phases (DESIGN §2):
briefing, decisions, resolution, reactions, drift, scoring.

The model is also the game API every front end uses (OpenSpiel style): ``legal_actions``,
``submit`` (a seat's policies and event responses), ``step``, ``is_over``/``is_terminal``,
``scores``/``returns``, ``clone``, plus ``brief`` (draw this quarter's events), ``advice`` and
``preview``. Randomness comes only from ``self.random``, seeded by Mesa.
"""

import functools
import random
import weakref
from collections import Counter
from typing import NamedTuple

import mesa

from agents import PERSONAS
from agents.base import STATE_CLASSES
from game.engine.catalog import CATEGORIES
from game.engine.conditions import all_hold
from game.engine.effects import apply_effects
from game.engine.errors import DecisionsMissing, GameError
from game.engine.registry import registry
from game.engine.rules import RULES, WORLD_RULES
from game.engine.scenario import load_scenario
from game.engine.words import effect_text
from game.engine.world import Cause, World

PHASES = ("briefing", "decisions", "resolution", "reactions", "drift", "scoring")


class Act(NamedTuple):
    """Something a state did (or that happened) this turn, for rules that react to it."""

    turn: int
    actor: str
    kind: str  # policy, event, response, completed
    id: str
    tags: tuple


class TightropeModel(mesa.Model):
    """East Asia under Trump's second term: four state agents, one quarter per step."""

    def __init__(self, scenario=None, seed=0, humans=None, personas=None):
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise GameError(f"the seed must be a whole number from 0 to 2**63-1, not {seed!r}")
        super().__init__(seed=seed)
        # Mesa wraps step() by storing bound methods of the model on the model: a reference
        # cycle that leaves every finished game to the cyclic garbage collector, which then
        # costs a batch run about a tenth of its time. Our step() counts Mesa's steps itself.
        self.__dict__.pop("step", None)
        self.__dict__.pop("_user_step", None)
        self.seed = seed
        self.scenario = scenario if scenario is not None else load_scenario()
        self.reg = registry()
        self.catalog = self.scenario.catalog
        self.world = World(self.scenario.values)
        self.start_values = dict(self.scenario.values)
        self.humans = tuple(self.scenario.humans if humans is None else humans)
        for seat in self.humans:
            if seat not in self.reg.states:
                raise GameError(f"unknown state {seat!r} (use one of {', '.join(self.reg.states)})")
        self.persona_names = {**self.scenario.personas, **(personas or {})}
        for seat, name in self.persona_names.items():
            if name not in PERSONAS:
                raise GameError(
                    f"unknown persona {name!r} for {seat} (known: {', '.join(PERSONAS)})"
                )
        rule_sets = _rule_instances(self.scenario)
        self._use_world_rules(rule_sets["world"])
        self.seats = {}
        for code in self.reg.states:
            cls = STATE_CLASSES[code]
            rules = rule_sets[code]
            persona = PERSONAS[self.persona_names[code]](self.scenario.ai_max_actions)
            self.seats[code] = cls(self, code, rules, persona, human=code in self.humans)
        # Mesa 3.3's Agent._ids maps every model ever built to its id counter and so keeps every
        # model (every clone, preview and look-ahead too) alive forever (~0.5 MB each; fixed
        # upstream after 3.3.1). The four agents above are all this model ever has: drop it.
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)
        self._seat_policies = rule_sets["policies"]
        self._deck = rule_sets["deck"]
        self._tag_index = rule_sets["tags"]
        self._resolution = rule_sets["resolution"]
        self._legal_cache = {}  # seat -> (world stamp, (legal ids, as a frozenset))
        self._capital_key = {s: f"{s}.capital" for s in self.reg.states}
        self._score_cache = {}  # seat -> (world stamp, objective scores)
        self.relations_offset = rule_sets["relations_offset"]
        self.snapshots = [dict(self.world.values)]  # values at the start of each turn
        self.pending = []  # events of this turn that await a response
        self.briefed_turn = 0
        self.submissions = {}  # seat -> (actions, responses) for this turn
        self.submission_marks = {}  # seat -> extra fields for its decision-log entry
        self.decision_log = []  # everything a person decided or injected, for saves and replay
        self.last_decisions = {}  # seat -> Decision of the last resolved turn (news, summaries)
        self.turn_acts = []
        self.previous_acts = []  # last quarter's turn_acts
        self.perceptions = []  # (observer, actor, signal, via)
        self.turn_ledger_start = 0
        self.rule_firings = Counter()
        self.running = True
        self.datacollector = HeadlineCollector(self.reg.headline)
        self.datacollector.collect(self)

    def change_scenario(self, scenario):
        """Play on under ``scenario`` (the facilitator changed a rule parameter): this game, and
        its clones, take that scenario's rule objects; other games keep theirs. The relations'
        equilibrium offsets stay those of the game's start."""
        self.scenario = scenario
        rule_sets = _rule_instances(scenario)
        self._use_world_rules(rule_sets["world"])
        for code, agent in self.seats.items():
            agent.use_rules(rule_sets[code])

    def _use_world_rules(self, rules):
        self.world_rules = rules
        self._world_drift = [r for r in rules if "drift" in r.phases]
        self._world_scoring = [r for r in rules if "scoring" in r.phases]

    # ---------------------------------------------------------------- helpers for rules & UI
    @property
    def turn(self):
        return self.world.turn

    @property
    def quarter(self):
        return self.scenario.quarter_label(min(self.world.turn, self.scenario.turns))

    def tagged(self, seat, tag):
        return self._tag_index.get((seat, tag), ())

    def band(self, key):
        return self.reg.band(key, self.world.values[key])

    def values_ago(self, turns):
        """The values at the start of the turn ``turns`` quarters ago (or at the start)."""
        index = max(0, len(self.snapshots) - 1 - turns)
        return self.snapshots[index]

    def last_turn_acts(self):
        """What was done last quarter (the acts of the turn before this one)."""
        return self.previous_acts

    def news(self, kind, actor, ident, text, act=None):
        entry = {"turn": self.world.turn, "kind": kind, "actor": actor, "id": ident, "text": text}
        if act is not None:
            entry["act"] = list(act)
        self.world.log.append(entry)

    def score_values(self, seat, values):
        return sum(o.weight * o.score(values) for o in self.catalog.objectives[seat])

    def score_after(self, seat, effects):
        """The seat's score if ``effects`` applied now (no chance rolls, no ledger): scored on
        the changed values laid over the world's, without copying the world. Objectives that
        the effects don't touch keep their score of the current world, computed once."""
        w, reg, changed = self.world, self.reg, {}
        values = w.values
        for eff in effects:
            current = changed.get(eff.key, values[eff.key])
            changed[eff.key] = reg[eff.key].clamp(
                current + eff.chance * (eff.target_value(current) - current)
            )
        stamp = self._world_stamp()
        cached = self._score_cache.get(seat)
        if cached is None or cached[0] != stamp:
            cached = self._score_cache[seat] = (
                stamp,
                [(o, o.keys, o.score(values)) for o in self.catalog.objectives[seat]],
            )
        total = 0
        for objective, keys, now in cached[1]:
            if keys.isdisjoint(changed):
                total += objective.weight * now
            else:
                total += objective.weight * objective.score(values, changed)
        return total

    # ---------------------------------------------------------------- the game API
    def legal_actions(self, seat):
        """Policy ids the seat may choose now (each affordable on its own), after the briefing."""
        return list(self._legal(seat)[0])

    def legal_set(self, seat):
        """legal_actions as a set (for membership tests in the hot path; don't modify it)."""
        return self._legal(seat)[1]

    def _world_stamp(self):
        """Equal stamps, equal worlds: values change only through World.change, which always
        adds a ledger entry. Keys the per-seat caches of legal actions and objective scores."""
        w = self.world
        return (w, w.turn, len(w.ledger))

    def _legal(self, seat):
        """(legal ids, the same as a frozenset), cached until the world or the turn changes."""
        if self.briefed_turn != self.world.turn and not self.is_over():
            self.brief()
        w = self.world
        stamp = self._world_stamp()
        cached = self._legal_cache.get(seat)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        capital = w.values[self._capital_key[seat]]
        turn, progress, cooldowns = w.turn, w.progress, w.cooldowns
        out = [
            pid
            for pid, slot, cost, requires in self._seat_policies[seat]
            if cost <= capital
            and slot not in progress
            and cooldowns.get(slot, 0) <= turn
            and (not requires or all_hold(requires, w))
        ]
        legal = (out, frozenset(out))
        self._legal_cache[seat] = (stamp, legal)
        return legal

    def unavailable_reason(self, seat, policy_id):
        """Why the seat can't choose a policy now ("" if it can): the words a card shows."""
        if policy_id in self.legal_actions(seat):
            return ""
        w, policy = self.world, self.catalog.policies[policy_id]
        slot = f"{seat}:{policy_id}"
        if policy.by != seat:
            return f"only {self.reg.state_names[policy.by]} can do this"
        if slot in w.progress:
            return f"under way, {w.progress[slot]} quarter(s) left"
        if w.cooldowns.get(slot, 0) > w.turn:
            return f"available again in {w.cooldowns[slot] - w.turn} quarter(s)"
        for c in policy.requires:
            if not c.holds(w):
                what = "turn" if c.key == "turn" else self.reg.name(c.key)
                return f"needs {what} {c.symbol} {c.value:g}"
        return f"costs {policy.cost}, only {w.values[f'{seat}.capital']:g} capital left"

    def brief(self):
        """Phase 1: draw this quarter's events (once per turn). Returns the events that fired."""
        w = self.world
        if self.briefed_turn == w.turn:
            return self.fired_events
        if self.is_over():
            raise GameError("the game is over")
        self.briefed_turn = w.turn
        w.phase = "briefing"
        self.turn_acts, self.perceptions, self.pending, self.fired_events = [], [], [], []
        self.perceived_by = {s: [] for s in self.reg.states}
        self.turn_ledger_start = len(w.ledger)
        deck = list(self._deck)
        shuffle(self.random, deck)
        limit, turn, flags, cooldowns = self.scenario.events_per_turn, w.turn, w.flags, w.cooldowns
        fired, draw = self.fired_events, self.random.random
        for event, fired_key, cooldown_key in deck:
            if len(fired) >= limit:
                break
            if (event.once and flags.get(fired_key)) or cooldowns.get(cooldown_key, 0) > turn:
                continue
            if event.requires and not all_hold(event.requires, w):
                continue
            # An event's chance is fixed unless it grows with indicators (chance_per).
            if draw() < (event.probability(w) if event.chance_per else event.chance):
                self._fire(event)
        return fired

    def _fire(self, event, injected_by=""):
        w = self.world
        w.flags[f"fired:{event.id}"] = w.turn
        w.cooldowns[f"event:{event.id}"] = w.turn + event.cooldown + 1
        kind = "facilitator" if injected_by else "event"
        apply_effects(w, event.effects, Cause(kind, event.id, event.by), self.random)
        act = Act(w.turn, event.by, "event", event.id, event.tags)
        self.turn_acts.append(act)
        self._perceive(event.by, event.signals, event.id)
        suffix = " (injected by the facilitator)" if injected_by else ""
        self.news("event", event.actor or event.by, event.id, f"{event.title}{suffix}", act)
        self.fired_events.append(event)
        if event.responses:
            self.pending.append(event)

    def inject_event(self, event_id):
        """The facilitator fires an event now, whatever its conditions and chance."""
        if event_id not in self.catalog.events:
            raise GameError(f"no event {event_id!r} in the deck")
        self.brief()
        self.decision_log.append({"turn": self.world.turn, "type": "inject", "event": event_id})
        self._fire(self.catalog.events[event_id], injected_by="facilitator")

    def pending_events(self, seat):
        """Events of this turn that the seat must answer."""
        self.brief()
        return [e for e in self.pending if e.actor == seat]

    def submit(self, seat, actions, responses=None, marks=None):
        """A seat's decisions for this turn: policy ids and {event id: response id}. ``marks``
        (e.g. {"branch": True}) are copied into the decision log's entry for it."""
        if seat not in self.seats:
            raise GameError(f"unknown state {seat!r}")
        self.brief()
        actions, responses = list(actions), dict(responses or {})
        legal = set(self.legal_actions(seat))
        for pid in actions:
            if pid not in self.catalog.policies:
                raise GameError(f"{seat}: no policy {pid!r}")
            if pid not in legal:
                raise GameError(
                    f"{seat}: {pid} is not available in {self.quarter} (prerequisites, cost, cooldown or in progress)"
                )
        if len(set(actions)) != len(actions):
            raise GameError(f"{seat}: a policy is chosen twice")
        cost = sum(self.catalog.policies[p].cost for p in actions)
        capital = self.world.values[f"{seat}.capital"]
        if cost > capital:
            raise GameError(
                f"{seat}: the chosen policies cost {cost} but only {capital:g} political capital is left"
            )
        mine = {e.id: e for e in self.pending_events(seat)}
        for eid, rid in responses.items():
            if eid not in mine:
                raise GameError(f"{seat}: no event {eid!r} awaits its answer this turn")
            if rid not in {r.id for r in mine[eid].responses}:
                raise GameError(f"{seat}: {rid!r} is not a response to {eid}")
        self.submissions[seat] = (actions, responses)
        self.submission_marks[seat] = dict(marks or {})

    def missing_decisions(self):
        """Human seats that still owe decisions or event answers this turn."""
        self.brief()
        missing = []
        for seat in self.humans:
            sub = self.submissions.get(seat)
            if sub is None or any(e.id not in sub[1] for e in self.pending_events(seat)):
                missing.append(seat)
        return missing

    def is_over(self):
        return self.world.turn > self.scenario.turns or "crisis" in self.world.flags

    is_terminal = is_over

    def scores(self):
        """Each seat's weighted objective score, 0-100."""
        return {s: self.score_values(s, self.world.values) for s in self.reg.states}

    def returns(self):
        return [self.scores()[s] for s in self.reg.states]

    def objective_scores(self, seat):
        return {o.id: o.score(self.world.values) for o in self.catalog.objectives[seat]}

    def advice(self, seat):
        """What the seat's default rule set would choose now, with the reason for each."""
        agent = self.seats[seat]
        utilities, reasons = agent.advise(self)
        from agents.personas import best_responses, pick_within_capital

        actions = pick_within_capital(self, seat, utilities, self.scenario.ai_max_actions)
        return {
            "actions": [(pid, *reasons[pid]) for pid in actions],
            "responses": best_responses(self, seat),
            "utilities": utilities,
        }

    def clone(self, lookahead=False, reseed=None):
        """An independent copy of the game. ``lookahead`` seats everyone as default AIs (so
        look-ahead AIs don't recurse); ``reseed`` gives the copy its own random stream."""
        personas = {s: "default" for s in self.reg.states} if lookahead else self.persona_names
        humans = () if lookahead else self.humans
        other = TightropeModel(self.scenario, seed=self.seed, humans=humans, personas=personas)
        other.world = self.world.copy()
        other.random.setstate(self.random.getstate())
        if reseed is not None:
            other.random.seed(hash((self.seed, self.world.turn, reseed)) & 0xFFFFFFFF)
        other.rng.bit_generator.state = self.rng.bit_generator.state
        other.steps = self.steps
        other.snapshots = list(self.snapshots)
        other.pending = list(self.pending)
        other.fired_events = list(getattr(self, "fired_events", []))
        other.briefed_turn = self.briefed_turn
        other.submissions = {} if lookahead else dict(self.submissions)
        other.submission_marks = {} if lookahead else dict(self.submission_marks)
        other.decision_log = [dict(d) for d in self.decision_log]
        other.last_decisions = dict(self.last_decisions)
        other.turn_acts = list(self.turn_acts)
        other.previous_acts = list(self.previous_acts)
        other.perceptions = list(self.perceptions)
        other.perceived_by = {k: list(v) for k, v in getattr(self, "perceived_by", {}).items()}
        other.turn_ledger_start = self.turn_ledger_start
        other.rule_firings = Counter(self.rule_firings)
        other.running = self.running
        if not lookahead:
            other.datacollector.model_vars = {
                k: list(v) for k, v in self.datacollector.model_vars.items()
            }
        return other

    def preview(self, seat, policy_id):
        """The likely effects of one policy, computed on a clone: the world one turn on with and
        without it (other seats playing their rules), what changed, and the rules that answered."""
        self.brief()
        base_sub = self.submissions.get(seat, ([], None))
        responses = base_sub[1] if base_sub[1] is not None else self.advice(seat)["responses"]
        others = [a for a in base_sub[0] if a != policy_id]
        with_it = self.clone(lookahead=True)
        without = self.clone(lookahead=True)
        with_it.submit(seat, others + [policy_id], responses)
        without.submit(seat, others, responses)
        start = len(with_it.world.ledger)
        with_it.step()
        without.step()
        deltas = {}
        for key in self.reg.indicators:
            d = with_it.world.values[key] - without.world.values[key]
            if abs(d) > 1e-6:
                deltas[key] = round(d, 3)
        answered = Counter(
            (e.actor or "world", e.source)
            for e in with_it.world.entries(start=start)
            if e.kind == "rule" and e.via == policy_id
        )
        policy = self.catalog.policies[policy_id]
        direct = [effect_text(self.reg, eff) for eff in policy.effects]
        return {
            "policy": policy_id,
            "direct": direct,
            "deltas": dict(sorted(deltas.items(), key=lambda kv: -abs(kv[1]))),
            "reactions": [f"{actor}: {rule}" for (actor, rule), _n in answered.most_common()],
            "score_change": round(with_it.scores()[seat] - without.scores()[seat], 2),
        }

    def preview_response(self, seat, event_id):
        """What each answer to one of the seat's pending events would do: its direct effects in
        words, how each other state reads it (signals), and the expected change in the seat's
        score from the direct effects (chances weighted, no rules' answers)."""
        event = next((e for e in self.pending_events(seat) if e.id == event_id), None)
        if event is None:
            raise GameError(f"{seat}: no event {event_id!r} awaits its answer this turn")
        now = self.score_after(seat, ())
        return [
            {
                "response": r.id,
                "label": r.label,
                "direct": [effect_text(self.reg, eff) for eff in r.effects],
                "signals": dict(r.signals),
                "score_change": round(self.score_after(seat, r.effects) - now, 2),
            }
            for r in event.responses
        ]

    # ---------------------------------------------------------------- the turn
    def step(self):
        """One quarter. Raises DecisionsMissing (and changes nothing) if a human seat owes
        decisions or event answers."""
        self._check_ready()
        self.steps += 1  # Mesa's step counter (Mesa's own wrapper is removed in __init__)
        w = self.world
        # Phase 2: decisions. Every AI seat asks its persona, even when a decision was submitted
        # for it (a branch or a facilitator), so that substituting one decision never shifts the
        # random stream of the rest of the game; the submission then wins.
        w.phase = "decisions"
        decisions = {}
        for seat in self.reg.states:
            if seat not in self.humans:
                decisions[seat] = tuple(self.seats[seat].decide(self))
            if seat in self.submissions:
                actions, responses = self.submissions[seat]
                decisions[seat] = (actions, responses, {})
                self.decision_log.append(
                    {
                        "turn": w.turn,
                        "type": "decision",
                        "seat": seat,
                        "actions": actions,
                        "responses": responses,
                        **self.submission_marks.get(seat, {}),
                    }
                )
        self.last_decisions = decisions
        # Phase 3: resolution, in a fixed order: event responses, then policies by category
        # (domestic, economy, diplomacy, security) and by seat, then multi-turn completions.
        w.phase = "resolution"
        self._resolve(decisions)
        # Phase 4: reactions. Each seat in the registry's order; human seats only feel the
        # ``always`` rules (distrust); their choices are their own.
        w.phase = "reactions"
        for seat in self.reg.states:
            self.seats[seat].react(self)
        # Phase 5: drift. The world's slow variables, then each seat's forgiveness.
        w.phase = "drift"
        for rule in self._world_drift:
            if rule.drift(self):
                self.rule_firings[rule.name] += 1
        for seat in self.reg.states:
            self.seats[seat].drift(self)
        # Phase 6: scoring; the game may end in a crisis.
        w.phase = "scoring"
        for rule in self._world_scoring:
            if rule.score(self):
                self.rule_firings[rule.name] += 1
        w.turn += 1
        self.previous_acts = self.turn_acts
        self.snapshots.append(dict(w.values))
        self.submissions = {}
        self.submission_marks = {}
        self.pending = []
        self.running = not self.is_over()
        self.datacollector.collect(self)

    def _check_ready(self):
        if self.is_over():
            raise GameError("the game is over")
        missing = self.missing_decisions()
        if missing:
            raise DecisionsMissing(
                f"{', '.join(missing)} must submit decisions (and answer its events) for {self.quarter} before the turn resolves"
            )

    def _perceive(self, actor, signals, via):
        if actor:
            for observer, signal in signals.items():
                if observer != actor:
                    self.perceptions.append((observer, actor, signal, via))
                    self.perceived_by[observer].append((actor, signal, via))

    def _resolve(self, decisions):
        w = self.world
        events = {e.id: e for e in self.pending}
        for seat in self.reg.states:
            for eid, rid in sorted(decisions[seat][1].items()):
                event = events.get(eid)
                if event is None or event.actor != seat:
                    continue
                response = next(r for r in event.responses if r.id == rid)
                cause = Cause("response", f"{eid}:{rid}", seat)
                apply_effects(w, response.effects, cause, self.random)
                act = Act(w.turn, seat, "response", f"{eid}:{rid}", response.tags)
                self.turn_acts.append(act)
                self._perceive(seat, response.signals, f"{eid}:{rid}")
                self.news(
                    "response",
                    seat,
                    f"{eid}:{rid}",
                    f"{self.reg.state_names[seat]}: {response.label}",
                    act,
                )
        order = []
        resolution = self._resolution
        for seat_index, seat in enumerate(self.reg.states):
            for n, pid in enumerate(decisions[seat][0]):
                order.append((resolution[pid][0], seat_index, n, pid))
        order.sort()
        turn, rng, acts, cooldowns = w.turn, self.random, self.turn_acts, w.cooldowns
        for _order, _seat_index, _n, pid in order:
            _category, policy, cause, slot, capital_key, news_text = resolution[pid]
            seat = policy.by
            w.add(capital_key, -policy.cost, cause)
            if policy.cooldown:
                cooldowns[slot] = turn + policy.cooldown + 1
            act = Act(turn, seat, "policy", pid, policy.tags)
            acts.append(act)
            self._perceive(seat, policy.signals, pid)
            if policy.duration > 1:
                w.progress[slot] = policy.duration
            else:
                apply_effects(w, policy.effects, cause, rng)
            self.news("policy", seat, pid, news_text, act)
        # Multi-turn policies: ongoing effects each quarter, the main effects on completion.
        for slot in sorted(w.progress):
            seat, pid = slot.split(":")
            _category, policy, cause, _slot, _key, _text = resolution[pid]
            apply_effects(w, policy.ongoing, cause, rng)
            w.progress[slot] -= 1
            if w.progress[slot] <= 0:
                del w.progress[slot]
                apply_effects(w, policy.effects, cause, rng)
                act = Act(turn, seat, "completed", pid, policy.tags)
                acts.append(act)
                self._perceive(seat, policy.signals, pid)
                self.news(
                    "completed",
                    seat,
                    pid,
                    f"{self.reg.state_names[seat]} completes: {policy.name}",
                    act,
                )


def shuffle(rng, items):
    """Shuffle ``items`` in place exactly as ``rng.shuffle(items)`` does (the same draws, the
    same order; a test holds it to that), without a method call per draw: the deck is shuffled
    every quarter of every game."""
    getrandbits = rng.getrandbits
    for i, n, bits in _shuffle_steps(len(items)):
        j = getrandbits(bits)
        while j >= n:
            j = getrandbits(bits)
        items[i], items[j] = items[j], items[i]


@functools.cache
def _shuffle_steps(size):
    """Fisher-Yates from the end: (position, how many to draw from, bits per draw)."""
    return tuple((i, i + 1, (i + 1).bit_length()) for i in range(size - 1, 0, -1))


_RULE_SETS = weakref.WeakKeyDictionary()  # scenario -> its rule instances and indexes


def _rule_instances(scenario):
    """The scenario's rule objects and catalogue indexes, built once and shared by all its
    games: rules hold only their parameters and caches of keys, never a game's state, so
    sharing them is safe."""
    sets = _RULE_SETS.get(scenario)
    if sets is None:
        params = scenario.parameters
        sets = {"world": [RULES[name](params["world"][name]) for name in WORLD_RULES]}
        for code, cls in STATE_CLASSES.items():
            sets[code] = [RULES[name](params[code][name], code) for name in cls.rule_set]
        # Static indexes of the catalogue, read every quarter.
        catalog = scenario.catalog
        sets["policies"] = {
            s: [(p.id, f"{s}:{p.id}", p.cost, p.requires) for p in catalog.policies_for(s)]
            for s in STATE_CLASSES
        }
        sets["deck"] = [(e, f"fired:{e.id}", f"event:{e.id}") for e in catalog.events.values()]
        # What resolving a policy needs, by id: its place in the resolution order (category),
        # the policy, its cause, its progress/cooldown slot, its capital key and its headline.
        names = registry().state_names
        sets["resolution"] = {
            p.id: (
                CATEGORIES.index(p.category) if p.category in CATEGORIES else 9,
                p,
                Cause("policy", p.id, p.by),
                f"{p.by}:{p.id}",
                f"{p.by}.capital",
                f"{names[p.by]} starts: {p.name} ({p.duration} quarters)"
                if p.duration > 1
                else f"{names[p.by]}: {p.name}",
            )
            for p in catalog.policies.values()
        }
        tags = {}
        for policy in catalog.policies.values():
            for tag in policy.tags:
                tags.setdefault((policy.by, tag), []).append(policy.id)
        sets["tags"] = tags
        # The start is an equilibrium of RelationsFollowTrust: an offset per pair makes it so.
        rel_rule, v = params["world"]["RelationsFollowTrust"], scenario.values
        sets["relations_offset"] = {}
        for pair in registry().pairs:
            a, b = pair.split("-")
            trust = 0.5 * (v[f"{a}>{b}.trust"] + v[f"{b}>{a}.trust"])
            trade = 0.5 * (v[f"{a}>{b}.exports"] + v[f"{b}>{a}.exports"])
            sets["relations_offset"][pair] = (
                v[f"{pair}.relations"]
                - rel_rule["trust_weight"] * trust
                - rel_rule["trade_weight"] * trade
            )
        _RULE_SETS[scenario] = sets
    return sets


def _reporter(key):
    return lambda model: model.world.values[key]


_REPORTERS = {}  # headline keys -> their reporters, made once


class HeadlineCollector(mesa.DataCollector):
    """Mesa's DataCollector with a model reporter per headline indicator. The values are plain
    floats, so each quarter's are stored as they are, without Mesa's defensive deepcopy of every
    reported value (which cost more than half the world's drift rules)."""

    def __init__(self, keys):
        keys = tuple(keys)
        if keys not in _REPORTERS:
            _REPORTERS[keys] = {key: _reporter(key) for key in keys}
        super().__init__(model_reporters=dict(_REPORTERS[keys]))
        self._keys = keys

    def collect(self, model):
        values, columns = model.world.values, self.model_vars
        for key in self._keys:
            columns[key].append(values[key])


def new_game(scenario=None, seed=None, humans=None, personas=None):
    """A new model; with no seed, one is drawn from the OS and kept (so the game can be saved)."""
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    return TightropeModel(scenario, seed=seed, humans=humans, personas=personas)
