"""The Game: what a scenario fixes for every one of its games (OpenSpiel's static Game).

Its rule objects (the world's and each seat's, with their parameters), the catalogue indexes
the turn loop reads every quarter and the relations' equilibrium offsets are built once per
scenario and shared by all its games: rules hold only parameters and caches of keys, never a
game's state, so sharing them is safe. What changes from quarter to quarter is the State's.
"""

import weakref

from game.engine.catalog import CATEGORIES
from game.engine.conditions import compile_conditions
from game.engine.errors import GameError
from game.engine.physics import WORLD_RULES
from game.engine.registry import registry
from game.engine.rules import RULES, SEAT_RULES
from game.engine.world import Cause

_GAMES = weakref.WeakKeyDictionary()  # scenario -> its Game


class Game:
    """A scenario's rules and indexes. Use ``Game.of(scenario)``: one Game per scenario."""

    def __init__(self, scenario):
        if set(SEAT_RULES) != set(registry().states):
            raise GameError("the states' rule sets are not registered (import agents first)")
        self.scenario = scenario
        self.reg = reg = registry()
        params = scenario.parameters
        self.world_rules = [RULES[name](params["world"][name]) for name in WORLD_RULES]
        self.seat_rules = {
            code: [RULES[name](params[code][name], code) for name in SEAT_RULES[code]]
            for code in reg.states
        }
        catalog = scenario.catalog
        # Per seat: (id, progress/cooldown slot, cost, compiled prerequisites) of its policies.
        self.seat_policies = {
            s: [
                (p.id, f"{s}:{p.id}", p.cost, compile_conditions(p.requires))
                for p in catalog.policies_for(s)
            ]
            for s in reg.states
        }
        # Per event: (event, its once flag, its cooldown slot, its compiled prerequisites).
        self.deck = [
            (e, f"fired:{e.id}", f"event:{e.id}", compile_conditions(e.requires))
            for e in catalog.events.values()
        ]
        # What resolving a policy needs, by id: its place in the resolution order (category),
        # the policy, its cause, its progress/cooldown slot, its capital key and its headline.
        names = reg.state_names
        self.resolution = {
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
        self.tags = {}
        for policy in catalog.policies.values():
            for tag in policy.tags:
                self.tags.setdefault((policy.by, tag), []).append(policy.id)
        # The start is an equilibrium of RelationsFollowTrust: an offset per pair makes it so.
        rel_rule, v = params["world"]["RelationsFollowTrust"], scenario.values
        self.relations_offset = {}
        for pair in reg.pairs:
            a, b = pair.split("-")
            trust = 0.5 * (v[f"{a}>{b}.trust"] + v[f"{b}>{a}.trust"])
            trade = 0.5 * (v[f"{a}>{b}.exports"] + v[f"{b}>{a}.exports"])
            self.relations_offset[pair] = (
                v[f"{pair}.relations"]
                - rel_rule["trust_weight"] * trust
                - rel_rule["trade_weight"] * trade
            )

    @classmethod
    def of(cls, scenario):
        """The scenario's Game, built on first use and shared by all its games."""
        game = _GAMES.get(scenario)
        if game is None:
            game = _GAMES[scenario] = cls(scenario)
        return game
