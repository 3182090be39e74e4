"""The Game: what a scenario fixes for every one of its games (OpenSpiel's static Game).

Its rule objects (the world's and each seat's, with their parameters), the catalogue indexes
the turn loop reads every quarter and the relations' equilibrium offsets are built once per
scenario and shared by all its games: rules hold only parameters and caches of keys, never a
game's state, so sharing them is safe. What changes from quarter to quarter is the State's.
"""

import functools
import weakref

from game.engine import hidden
from game.engine.catalog import CATEGORIES
from game.engine.conditions import compile_conditions
from game.engine.errors import GameError
from game.engine.physics import WORLD_RULES
from game.engine.registry import registry, seat_keys
from game.engine.rules import RULES, SEAT_RULES
from game.engine.world import Cause

_GAMES = weakref.WeakKeyDictionary()  # scenario -> its Game


class Game:
    """A scenario's rules and indexes. Use ``Game.of(scenario)``: one Game per scenario."""

    def __init__(self, scenario, like=None):
        """``like``: a Game whose scenario differs from this one at most in rule parameters
        (the scenario a game's hidden draw was made from): its indexes are shared, and so is
        each rule object whose parameters are the same. Every game draws its own hidden
        parameters, so a batch would otherwise build every rule and index once per game."""
        if set(SEAT_RULES) != set(registry().states):
            raise GameError("the states' rule sets are not registered (import agents first)")
        # What a later Game compares with this one's (never the scenario itself: _GAMES keeps a
        # Game while its scenario lives, so a Game that held the scenario would keep both, and
        # the memo, for ever: a Game per game played).
        self.catalog, self.values = scenario.catalog, scenario.values
        params = scenario.parameters
        self.relations_params = params["world"]["RelationsFollowTrust"]
        self.reg = reg = registry()
        if like is not None and (
            like.catalog is not self.catalog or like.values is not self.values
        ):
            like = None
        if like is None:
            self.world_rules = [RULES[name](params["world"][name]) for name in WORLD_RULES]
            self.seat_rules = {
                code: [RULES[name](params[code][name], code) for name in SEAT_RULES[code]]
                for code in reg.states
            }
            self._index(scenario)
        else:
            self.world_rules = [
                _same_or_new(rule, params["world"][rule.name]) for rule in like.world_rules
            ]
            self.seat_rules = {
                code: [_same_or_new(rule, params[code][rule.name]) for rule in rules]
                for code, rules in like.seat_rules.items()
            }
            for name in (
                "seat_policies", "deck", "event_percepts", "responses", "resolution", "costs",
                "tags", "tagged", "memo",
            ):  # fmt: skip
                setattr(self, name, getattr(like, name))
        self.relations_offset = (
            like.relations_offset
            if like is not None and like.relations_params == self.relations_params
            else _relations_offset(scenario)
        )

    def _index(self, scenario):
        """The catalogue's indexes the turn loop reads (they depend on the catalogue only)."""
        reg, catalog = self.reg, scenario.catalog
        # Per seat: (id, progress/cooldown slot, cost, compiled prerequisites) of its policies.
        self.seat_policies = {
            s: [
                (p.id, f"{s}:{p.id}", p.cost, compile_conditions(p.requires))
                for p in catalog.policies_for(s)
            ]
            for s in reg.states
        }
        # Per event: (event, its once flag (None if it may fire again), its cooldown slot, its
        # compiled prerequisites, its fixed chance (None if it grows with indicators)).
        self.deck = [
            (
                e,
                f"fired:{e.id}" if e.once else None,
                f"event:{e.id}",
                compile_conditions(e.requires),
                None if e.chance_per else e.chance,
            )
            for e in catalog.events.values()
        ]
        # What each event's firing makes the others perceive (see ``percepts``).
        self.event_percepts = {
            e.id: percepts(e.by, e.signals, e.id) for e in catalog.events.values()
        }
        # What resolving an answer to an event needs, by (event id, response id): the response,
        # its cause, its id in the news and acts ("event:response") and what the others
        # perceive of it (only the event's actor answers it).
        self.responses = {}
        for e in catalog.events.values():
            for r in e.responses:
                via = f"{e.id}:{r.id}"
                cause = Cause("response", via, e.actor)
                self.responses[e.id, r.id] = (r, cause, via, percepts(e.actor, r.signals, via))
        # What resolving a policy needs, by id: its place in the resolution order (category),
        # the policy, its cause, its progress/cooldown slot, its capital key, its headline and
        # what the others perceive of it.
        names = reg.state_names
        self.resolution = {
            p.id: (
                CATEGORIES.index(p.category) if p.category in CATEGORIES else 9,
                p,
                Cause("policy", p.id, p.by),
                f"{p.by}:{p.id}",
                seat_keys(p.by).capital,
                f"{names[p.by]} starts: {p.name} ({p.duration} quarters)"
                if p.duration > 1
                else f"{names[p.by]}: {p.name}",
                percepts(p.by, p.signals, p.id),
            )
            for p in catalog.policies.values()
        }
        self.costs = {p.id: p.cost for p in catalog.policies.values()}
        self.tags = tags = {}
        for policy in catalog.policies.values():
            for tag in policy.tags:
                tags.setdefault((policy.by, tag), []).append(policy.id)

        def tagged(seat, tag):
            return tags.get((seat, tag), ())

        # State.tagged, read by every decision rule every quarter: behind lru_cache, a hit is a
        # C call (no Python frame). The closure holds only the index, not the Game.
        self.tagged = functools.lru_cache(maxsize=None)(tagged)
        # What the layers above work out once from the catalogue and these indexes (the AI's
        # look-ahead plans, agents/bargaining.py): shared as the indexes are, gone with them.
        self.memo = {}

    @classmethod
    def of(cls, scenario):
        """The scenario's Game, built on first use and shared by all its games (a game's own
        hidden draw shares what it can with the Game of the scenario it was drawn from)."""
        game = _GAMES.get(scenario)
        if game is None:
            base = hidden.base_of(scenario)
            like = cls.of(base) if base is not scenario else None
            game = _GAMES[scenario] = cls(scenario, like)
        return game


def percepts(actor, signals, via):
    """What an act's signals make the other seats perceive: (the State's ``perceptions``
    entries, per observer its ``perceived_by`` entry). The same for every game, so worked out
    once (State.perceive adds them)."""
    seen = [(o, s) for o, s in signals.items() if o != actor] if actor else []
    return (
        tuple((observer, actor, signal, via) for observer, signal in seen),
        tuple((observer, (actor, signal, via)) for observer, signal in seen),
    )


def _same_or_new(rule, params):
    """``rule`` itself if it has these parameters (rules hold no game's state), else the same
    rule with these."""
    return rule if rule.p == params else rule.with_params(params)


def _relations_offset(scenario):
    """The start is an equilibrium of RelationsFollowTrust: an offset per pair makes it so."""
    rel_rule, v = scenario.parameters["world"]["RelationsFollowTrust"], scenario.values
    out = {}
    for pair in registry().pairs:
        a, b = pair.split("-")
        trust = 0.5 * (v[f"{a}>{b}.trust"] + v[f"{b}>{a}.trust"])
        trade = 0.5 * (v[f"{a}>{b}.exports"] + v[f"{b}>{a}.exports"])
        out[pair] = (
            v[f"{pair}.relations"]
            - rel_rule["trust_weight"] * trust
            - rel_rule["trade_weight"] * trade
        )
    return out
