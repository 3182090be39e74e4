"""The State: one game as it unfolds (OpenSpiel's State). A quarter is a turn in phases:

- **chance** (briefing): the quarter's events are drawn from the deck. It is a phase of its
  own, run by ``brief()``; ``step()`` runs it for the next quarter as its last act, and a new
  game runs it for the first, so a State a player or a query sees has always been dealt.
- **decisions**: each seat submits (humans) or decides (AIs through its persona); a seat may
  also send, answer or break offers (``game.engine.deals``);
- **bargaining**: the AI seats break, propose and answer offers;
- **resolution**, **reactions**, **drift**, **scoring**: ``step()`` resolves them in order.

The seam every front end uses: ``legal_actions``/``legal_bundles``, ``submit``, ``step``,
``is_over``, ``scores``/``returns``, ``clone``. Queries (legal actions, scores, saves,
previews) never draw a random number or change the game. Randomness comes only from
``self.random``, seeded from the game's seed.

The engine knows no state's rules: a State's seats (each with its persona and rules, able to
``decide``, ``react`` and ``drift``) are made by ``make_seat``, which the layer above supplies
(``game.play.model.TightropeModel`` seats Mesa agents from ``agents``).
"""

import functools
import itertools
import random

import numpy as np

from game.engine import deals, fatigue, hidden, whatif
from game.engine.acts import Act, by_tag
from game.engine.conditions import holds_all
from game.engine.effects import apply_effects
from game.engine.errors import DecisionsMissing, GameError
from game.engine.game import Game
from game.engine.registry import registry, seat_keys
from game.engine.words import reason_text
from game.engine.world import Cause, World

PHASES = ("briefing", "decisions", "bargaining", "resolution", "reactions", "drift", "scoring")


class State:
    """East Asia under Trump's second term: four seats, one quarter per step."""

    def __init__(self, scenario, seed=0, humans=None, personas=None, deal=True, texts=True):
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise GameError(f"the seed must be a whole number from 0 to 2**63-1, not {seed!r}")
        self.seed = seed
        # ``texts``: write the words only screens read (the news log, the AIs' reasons). A
        # batch turns it off (it changes no number and no draw, only what a screen could show).
        self.texts = texts
        self.seed_generators(seed)
        scenario = hidden.for_game(scenario, seed)  # this game's hidden parameters
        self.scenario = scenario
        self.reg = registry()
        self.catalog = scenario.catalog
        self.offer_book = deals.load_offers()  # the offer templates (configs/offers.yaml)
        self.world = World(scenario.values)
        self.start_values = dict(scenario.values)
        self.humans = tuple(scenario.humans if humans is None else humans)
        for seat in self.humans:
            if seat not in self.reg.states:
                raise GameError(f"unknown state {seat!r} (use one of {', '.join(self.reg.states)})")
        self.persona_names = {**scenario.personas, **(personas or {})}
        game = self.game = Game.of(scenario)
        self._use_world_rules(game.world_rules)
        self.seats = {
            code: self.make_seat(
                code, game.seat_rules[code], self.persona_names[code], code in self.humans
            )
            for code in self.reg.states
        }
        self._legal_cache = {}  # seat -> (world, turn, ledger length, (legal ids, a frozenset))
        self._capital_key = {s: seat_keys(s).capital for s in self.reg.states}
        self._score_cache = {}  # seat -> (world, ledger length, its scores: see _score_now)
        self.relations_offset = game.relations_offset  # the start's, kept if rules change
        self.snapshots = [dict(self.world.values)]  # values at the start of each turn
        self.pending = []  # events of this turn that await a response
        self.fired_events = []
        self.perceived_by = {}
        self.briefed_turn = 0
        self.submissions = {}  # seat -> (actions, responses) for this turn
        self.submission_marks = {}  # seat -> extra fields for its decision-log entry
        self.decision_log = []  # everything a person decided or injected, for saves and replay
        self.last_decisions = {}  # seat -> Decision of the last resolved turn (news, summaries)
        self.turn_acts = []
        self.previous_acts = []  # last quarter's turn_acts
        self._act_index = {}  # acts.by_tag's cache
        self.perceptions = []  # (observer, actor, signal, via)
        self.turn_ledger_start = 0
        self.rule_firings = {}  # rule name -> quarters it fired in (a plain dict: counted hot)
        self.recent_uses = {}  # policy id -> turns it was played in lately (fatigue)
        # Seats whose AI doesn't bargain: in a look-ahead clone, those people play.
        self.passive = ()
        self.running = True
        if deal:
            self.brief()

    def seed_generators(self, seed):
        """The game's random streams: ``random`` (every draw the rules make) and ``rng``."""
        self.random = random.Random(seed)
        self.rng = np.random.default_rng(seed)

    def make_seat(self, code, rules, persona, human):
        """The seat that plays ``code``: supplied by the layer above (see the module doc)."""
        raise NotImplementedError("a State needs seats: use game.new_game or TightropeModel")

    def change_scenario(self, scenario):
        """Play on under ``scenario`` (the facilitator changed a rule parameter): this game, and
        its clones, take that scenario's rule objects; other games keep theirs. The relations'
        equilibrium offsets stay those of the game's start."""
        if not hidden.is_drawn(scenario):  # the game keeps its hidden draw
            hidden.mark(scenario, hidden.base_of(self.scenario), hidden.factors_of(self.scenario))
        self.scenario = scenario
        game = self.game = Game.of(scenario)
        self._use_world_rules(game.world_rules)
        for code, seat in self.seats.items():
            seat.use_rules(game.seat_rules[code])

    def _use_world_rules(self, rules):
        self._tags = self.game.tags  # (seat, tag) -> policy ids, read by every decision rule
        self.tagged = self.game.tagged  # (the same lookup, cached: see Game._index)
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

    @property
    def phase(self):
        """ "over", "chance" (this quarter's events not drawn yet) or "decisions"."""
        if self.is_over():
            return "over"
        return "decisions" if self.briefed_turn == self.world.turn else "chance"

    def tagged(self, seat, tag):
        """The seat's policy ids that carry ``tag`` (each State uses its Game's cached copy)."""
        return self._tags.get((seat, tag), ())

    def band(self, key):
        return self.reg.band(key, self.world.values[key])

    def values_ago(self, turns):
        """The values at the start of the turn ``turns`` quarters ago (or at the start)."""
        index = max(0, len(self.snapshots) - 1 - turns)
        return self.snapshots[index]

    def last_turn_acts(self):
        """What was done last quarter (the acts of the turn before this one)."""
        return self.previous_acts

    def acts_tagged(self, tag, last=False):
        """This quarter's acts (last quarter's, if ``last``) that carry ``tag``, in order."""
        acts = self.previous_acts if last else self.turn_acts
        entry = self._act_index.get(id(acts))  # by_tag's cache hit, inlined: rules ask often
        if entry is not None and entry[0] is acts and entry[1] == len(acts):
            return entry[2].get(tag, ())
        return by_tag(acts, self._act_index).get(tag, ())

    def news(self, kind, actor, ident, text, act=None):
        """Add a headline to the news log: words, or a template and its values worded only if
        the game writes texts (words.reason_text; hot callers check ``self.texts`` first)."""
        if not self.texts:
            return
        text = reason_text(text)
        entry = {"turn": self.world.turn, "kind": kind, "actor": actor, "id": ident, "text": text}
        if act is not None:
            entry["act"] = list(act)
        self.world.log.append(entry)

    def score_values(self, seat, values):
        return sum(o.weight * o.score(values) for o in self.catalog.objectives[seat])

    # The what-if scoring of every look-ahead (game/engine/whatif.py).
    score_after = whatif.score_after
    _score_now = whatif.score_now

    # ---------------------------------------------------------------- legal actions
    def legal_actions(self, seat):
        """Policy ids the seat may choose now (each affordable on its own)."""
        return list(self._legal(seat)[0])

    def legal_set(self, seat):
        """legal_actions as a set (for membership tests in the hot path; don't modify it)."""
        return self._legal(seat)[1]

    def _legal(self, seat):
        """(legal ids, the same as a frozenset), cached until the world or the turn changes: the
        same world, turn and ledger length, the same world (every World.change adds an entry)."""
        w = self.world
        cached = self._legal_cache.get(seat)
        if cached is not None and cached[0] is w and cached[1] == w.turn:
            if cached[2] == len(w.ledger):
                return cached[3]
        values = w.values
        capital = values[self._capital_key[seat]]
        turn, progress, cooldowns = w.turn, w.progress, w.cooldowns
        out = []
        take = out.append
        for pid, slot, cost, requires in self.game.seat_policies[seat]:
            if cost > capital or slot in progress or (slot in cooldowns and cooldowns[slot] > turn):
                continue
            if requires:
                for key, op, value in requires:  # holds_all, inlined
                    if not op(turn if key is None else values[key], value):
                        break
                else:
                    take(pid)
            else:
                take(pid)
        if w.deals:  # a deal's restraint terms bar policies while it holds
            bar = deals.barred(self, seat)
            if bar:
                out = [pid for pid in out if pid not in bar]
        legal = (out, frozenset(out))
        self._legal_cache[seat] = (w, w.turn, len(w.ledger), legal)
        return legal

    def capital_left(self, seat, actions=()):
        """The seat's political capital after paying for ``actions``."""
        spent = sum(map(self.game.costs.__getitem__, actions)) if actions else 0
        return self.world.values[self._capital_key[seat]] - spent

    def bundle_problem(self, seat, actions):
        """Why the seat can't play ``actions`` together this quarter ("" if it can): the one
        place that says what fits in its political capital."""
        legal = self.legal_set(seat)
        for pid in actions:
            if pid not in self.catalog.policies:
                return f"{seat}: no policy {pid!r}"
            if pid not in legal:
                why = self.unavailable_reason(seat, pid)
                return f"{seat}: policy {pid} is not legal in {self.quarter}: {why}"
        if len(set(actions)) != len(actions):
            return f"{seat}: a policy is chosen twice"
        cost = sum(self.catalog.policies[p].cost for p in actions)
        capital = self.world.values[self._capital_key[seat]]
        if cost > capital:
            chosen = ", ".join(actions)
            return f"{seat}: policies {chosen} cost {cost} together, but only {capital:g} political capital is left"
        return ""

    def fill_bundle(self, seat, ranked, max_actions):
        """The bundle a seat gets by taking policies in ``ranked`` order while they fit: each
        one taken if the capital left still pays for it, up to ``max_actions``."""
        capital = self.world.values[self._capital_key[seat]]
        costs, chosen = self.game.costs, []
        if max_actions <= 0:
            return chosen
        for pid in ranked:
            cost = costs[pid]
            if cost <= capital:
                chosen.append(pid)
                capital -= cost
                if len(chosen) >= max_actions:
                    break
        return chosen

    def legal_bundles(self, seat, max_actions=None):
        """Every set of policies the seat may play together now (tuples in catalogue order,
        the empty one first), at most ``max_actions`` (default: the scenario's AI limit)."""
        limit = self.scenario.ai_max_actions if max_actions is None else max_actions
        legal = self.legal_actions(seat)
        costs = {p: self.catalog.policies[p].cost for p in legal}
        capital = self.world.values[self._capital_key[seat]]
        for size in range(min(limit, len(legal)) + 1):
            for bundle in itertools.combinations(legal, size):
                if sum(costs[p] for p in bundle) <= capital:
                    yield bundle

    def fatigue_share(self, policy_id):
        """The share of its effect the policy would have if played now (1.0: fresh)."""
        recent = self.recent_uses.get(policy_id)
        return fatigue.share(recent, self.world.turn) if recent else 1.0

    def unavailable_reason(self, seat, policy_id):
        """Why the seat can't choose a policy now ("" if it can): the words a card shows."""
        if policy_id in self.legal_set(seat):
            return ""
        w, policy = self.world, self.catalog.policies[policy_id]
        slot = f"{seat}:{policy_id}"
        if policy.by != seat:
            return f"only {self.reg.state_names[policy.by]} can do this"
        deal = deals.barred(self, seat).get(policy_id) if w.deals else None
        if deal is not None:
            return deals.barred_reason(self, seat, deal)
        if slot in w.progress:
            return f"under way, {w.progress[slot]} quarter(s) left"
        if w.cooldowns.get(slot, 0) > w.turn:
            return f"available again in {w.cooldowns[slot] - w.turn} quarter(s)"
        for c in policy.requires:
            if not c.holds(w):
                what = "turn" if c.key == "turn" else self.reg.name(c.key)
                now = w.turn if c.key == "turn" else w.values[c.key]
                return f"needs {what} {c.symbol} {c.value:g} (it is {now:g})"
        return f"costs {policy.cost}, only {w.values[f'{seat}.capital']:g} capital left"

    # ---------------------------------------------------------------- chance
    def brief(self):
        """The chance phase: draw this quarter's events (once per turn). Returns the events
        that fired. A State runs it itself (at its start and at the end of each ``step``)."""
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
        deck = list(self.game.deck)
        shuffle(self.random, deck)
        limit, turn, flags, cooldowns = self.scenario.events_per_turn, w.turn, w.flags, w.cooldowns
        fired, draw, values = self.fired_events, self.random.random, w.values
        if limit <= 0:
            return fired
        for event, once_key, cooldown_key, requires, chance in deck:
            if (once_key is not None and flags.get(once_key)) or (
                cooldown_key in cooldowns and cooldowns[cooldown_key] > turn
            ):
                continue
            if requires and not holds_all(requires, values, turn):
                continue
            # An event's chance is fixed unless it grows with indicators (chance_per).
            if draw() < (event.probability(w) if chance is None else chance):
                self.fire(event)
                if len(fired) >= limit:
                    break
        return fired

    def fire(self, event, injected_by=""):
        """An event happens now: its effects, its signals, the news and, if it asks for an
        answer, a pending question to its actor."""
        w = self.world
        w.flags[f"fired:{event.id}"] = w.turn
        w.cooldowns[f"event:{event.id}"] = w.turn + event.cooldown + 1
        kind = "facilitator" if injected_by else "event"
        cause = _new_act(Cause, (kind, event.id, event.by, ""))  # Cause(...), faster
        apply_effects(w, event.effects, cause, self.random)
        act = _new_act(Act, (w.turn, event.by, "event", event.id, event.tags))
        self.turn_acts.append(act)
        self.perceive(self.game.event_percepts[event.id])
        if self.texts:
            suffix = " (injected by the facilitator)" if injected_by else ""
            self.news("event", event.actor or event.by, event.id, f"{event.title}{suffix}", act)
        self.fired_events.append(event)
        if event.responses:
            self.pending.append(event)

    def pending_events(self, seat):
        """Events of this turn that the seat must answer."""
        return [e for e in self.pending if e.actor == seat]

    # ---------------------------------------------------------------- decisions
    def submit(self, seat, actions, responses=None, marks=None):
        """A seat's decisions for this turn: policy ids and {event id: response id}. ``marks``
        (e.g. {"branch": True}) are copied into the decision log's entry for it."""
        if seat not in self.seats:
            raise GameError(f"unknown state {seat!r}")
        if self.is_over():
            raise GameError("the game is over")
        self.brief()
        actions, responses = list(actions), dict(responses or {})
        problem = self.bundle_problem(seat, actions)
        if problem:
            raise GameError(problem)
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

    def clone(self, lookahead=False, reseed=None):
        """An independent copy of the game. ``lookahead`` seats everyone as default AIs (so
        look-ahead AIs don't recurse); ``reseed`` gives the copy its own random stream."""
        personas = {s: "default" for s in self.reg.states} if lookahead else self.persona_names
        humans = () if lookahead else self.humans
        other = type(self)(
            self.scenario,
            seed=self.seed,
            humans=humans,
            personas=personas,
            deal=False,
            texts=self.texts,
        )
        other.world = self.world.copy()
        other.random.setstate(self.random.getstate())
        if reseed is not None:
            other.random.seed(hash((self.seed, self.world.turn, reseed)) & 0xFFFFFFFF)
        other.rng.bit_generator.state = self.rng.bit_generator.state
        other.snapshots = list(self.snapshots)
        other.pending = list(self.pending)
        other.fired_events = list(self.fired_events)
        other.briefed_turn = self.briefed_turn
        other.submissions = {} if lookahead else dict(self.submissions)
        other.submission_marks = {} if lookahead else dict(self.submission_marks)
        other.decision_log = [dict(d) for d in self.decision_log]
        other.last_decisions = dict(self.last_decisions)
        other.turn_acts = list(self.turn_acts)
        other.previous_acts = list(self.previous_acts)
        other.perceptions = list(self.perceptions)
        other.perceived_by = {k: list(v) for k, v in self.perceived_by.items()}
        other.turn_ledger_start = self.turn_ledger_start
        other.rule_firings = dict(self.rule_firings)
        other.recent_uses = dict(self.recent_uses)
        other.passive = (
            tuple(dict.fromkeys((*self.passive, *self.humans))) if lookahead else self.passive
        )
        other.running = self.running
        return other

    # ---------------------------------------------------------------- offers and deals
    # The decision log's offer, answer and break entries apply through these (game.engine.deals
    # has the rules); a front end calls game.engine.log's make_offer, answer_offer and
    # break_deal instead, so that the act is recorded for saves and replays.
    def offer(self, seat, to, template, capital=None):
        return deals.propose(self, seat, to, template, capital=capital)

    def answer_offer(self, seat, offer_id, choice, counter=""):
        return deals.answer(self, seat, offer_id, choice, counter)

    def break_deal(self, seat, deal_id):
        return deals.break_deal(self, seat, deal_id)

    # ---------------------------------------------------------------- the turn
    def step(self):
        """One quarter, then the next quarter's chance phase. Raises DecisionsMissing (and
        changes nothing) if a human seat owes decisions or event answers."""
        self.resolve_quarter()
        if not self.is_over():
            self.brief()

    def resolve_quarter(self):
        """Decisions, resolution, reactions, drift and scoring of the current quarter."""
        self.brief()
        self._check_ready()
        w = self.world
        # Decisions. Every AI seat asks its persona, even when a decision was submitted for it
        # (a branch or a facilitator), so that substituting one decision never shifts the
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
        # Bargaining: the AIs break, propose and answer offers (game.engine.deals).
        w.phase = "bargaining"
        self.last_decisions = decisions  # (the AIs read what they chose while they bargain)
        deals.bargain(self, decisions)
        # Resolution, in a fixed order: event responses, then policies by category
        # (domestic, economy, diplomacy, security) and by seat, then multi-turn completions.
        w.phase = "resolution"
        self._resolve(decisions)
        if w.deals:
            deals.run_terms(self)  # the terms of the deals in force
        # Reactions. Each seat in the registry's order; human seats only feel the ``always``
        # rules (distrust); their choices are their own.
        w.phase = "reactions"
        for seat in self.reg.states:
            self.seats[seat].react(self)
        # Drift. The world's slow variables, then each seat's forgiveness.
        w.phase = "drift"
        firings = self.rule_firings
        for rule in self._world_drift:
            if rule.drift(self):
                firings[rule.name] = firings.get(rule.name, 0) + 1
        for seat in self.reg.states:
            self.seats[seat].drift(self)
        # Scoring; the game may end in a crisis.
        w.phase = "scoring"
        for rule in self._world_scoring:
            if rule.score(self):
                firings[rule.name] = firings.get(rule.name, 0) + 1
        w.turn += 1
        self.previous_acts = self.turn_acts
        self.snapshots.append(dict(w.values))
        self.submissions = {}
        self.submission_marks = {}
        self.pending = []
        self.running = not self.is_over()

    def _check_ready(self):
        if self.is_over():
            raise GameError("the game is over")
        missing = self.missing_decisions()
        if missing:
            raise DecisionsMissing(
                f"{', '.join(missing)} must submit decisions (and answer its events) for {self.quarter} before the turn resolves"
            )

    def perceive(self, what):
        """The other seats perceive an act: ``what`` as ``game.percepts`` makes it."""
        seen, seen_by = what
        if seen:
            self.perceptions.extend(seen)
            by = self.perceived_by
            for observer, entry in seen_by:
                by[observer].append(entry)

    def _resolve(self, decisions):
        w = self.world
        events, responses = {e.id: e for e in self.pending}, self.game.responses
        for seat in self.reg.states:
            for eid, rid in sorted(decisions[seat][1].items()):
                event = events.get(eid)
                if event is None or event.actor != seat:
                    continue
                response, cause, via, seen = responses[eid, rid]
                apply_effects(w, response.effects, cause, self.random)
                act = _new_act(Act, (w.turn, seat, "response", via, response.tags))
                self.turn_acts.append(act)
                self.perceive(seen)
                if self.texts:
                    name = self.reg.state_names[seat]
                    self.news("response", seat, via, f"{name}: {response.label}", act)
        order = []
        resolution = self.game.resolution
        for seat_index, seat in enumerate(self.reg.states):
            for n, pid in enumerate(decisions[seat][0]):
                order.append((resolution[pid][0], seat_index, n, pid))
        order.sort()
        turn, rng, acts, cooldowns = w.turn, self.random, self.turn_acts, w.cooldowns
        texts, values, change = self.texts, w.values, w.change
        perceptions, perceived_by = self.perceptions, self.perceived_by
        recent_uses, settings = self.recent_uses, fatigue.fatigue_settings()
        for _order, _seat_index, _n, pid in order:
            _category, policy, cause, slot, capital_key, news_text, seen = resolution[pid]
            seat = policy.by
            change(capital_key, values[capital_key] - policy.cost, cause)  # World.add, inlined
            if policy.cooldown:
                cooldowns[slot] = turn + policy.cooldown + 1
            act = _new_act(Act, (turn, seat, "policy", pid, policy.tags))  # Act(...), faster
            acts.append(act)
            if seen[0]:  # self.perceive(seen), inlined
                perceptions.extend(seen[0])
                for observer, entry in seen[1]:
                    perceived_by[observer].append(entry)
            if policy.duration > 1:
                w.progress[slot] = policy.duration
            else:
                recent = recent_uses.get(pid)
                if recent:
                    share = fatigue.share(recent, turn)
                    recent_uses[pid] = fatigue.remember(recent, turn, settings)
                else:  # never played (or not lately): its whole effect
                    share = 1.0
                    recent_uses[pid] = (turn,)  # fatigue.remember((), turn)
                apply_effects(w, policy.effects, cause, rng, share=share)
            if texts:
                self.news("policy", seat, pid, news_text, act)
        # Multi-turn policies: ongoing effects each quarter, the main effects on completion.
        for slot in sorted(w.progress):
            seat, pid = slot.split(":")
            _category, policy, cause, _slot, _key, _text, seen = resolution[pid]
            apply_effects(w, policy.ongoing, cause, rng)
            w.progress[slot] -= 1
            if w.progress[slot] <= 0:
                del w.progress[slot]
                apply_effects(w, policy.effects, cause, rng)
                act = Act(turn, seat, "completed", pid, policy.tags)
                acts.append(act)
                self.perceive(seen)
                if texts:
                    self.news(
                        "completed",
                        seat,
                        pid,
                        f"{self.reg.state_names[seat]} completes: {policy.name}",
                        act,
                    )


_new_act = tuple.__new__  # Act(...) or Cause(...) without the named tuple's Python-level __new__


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
