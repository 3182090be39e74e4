"""TightropeModel: the engine's State as a Mesa model, with the four states as Mesa agents.

One ``step()`` is a quarter (``mesa.batch_run`` can drive it); the game itself lives in
``game.engine.state.State``. The adapter adds what Mesa brings: Mesa's seeded generators and
step counter, the seats as Mesa agents carrying their rules and persona (``agents``), and a
DataCollector of the headline indicators, collected at the end of ``__init__`` and ``step``.
It also offers the advisor and the previews to front ends, from ``agents.advisor`` and
``game.play.preview``.
"""

import random

import mesa

from agents import PERSONAS, advisor
from agents.base import STATE_CLASSES
from game.engine import log
from game.engine.errors import GameError
from game.engine.scenario import load_scenario
from game.engine.state import Act, State  # noqa: F401  (Act: re-exported for rules and tests)
from game.play import preview


class TightropeModel(State, mesa.Model):
    """East Asia under Trump's second term: four state agents, one quarter per step."""

    def __init__(self, scenario=None, seed=0, humans=None, personas=None, deal=True, texts=True):
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise GameError(f"the seed must be a whole number from 0 to 2**63-1, not {seed!r}")
        mesa.Model.__init__(self, seed=seed)
        # Mesa wraps step() by storing bound methods of the model on the model: a reference
        # cycle that leaves every finished game to the cyclic garbage collector, which then
        # costs a batch run about a tenth of its time. Our step() counts Mesa's steps itself.
        self.__dict__.pop("step", None)
        self.__dict__.pop("_user_step", None)
        State.__init__(
            self,
            scenario if scenario is not None else load_scenario(),
            seed=seed,
            humans=humans,
            personas=personas,
            deal=False,
            texts=texts,
        )
        # Mesa 3.3's Agent._ids maps every model ever built to its id counter and so keeps every
        # model (every clone, preview and look-ahead too) alive forever (~0.5 MB each; fixed
        # upstream after 3.3.1). The four agents are all this model ever has: drop it.
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)
        self.datacollector = HeadlineCollector(self.reg.headline)
        self.datacollector.collect(self)
        if deal:
            self.brief()

    def seed_generators(self, seed):
        """Mesa has seeded ``random`` and ``rng`` from the seed already."""

    def make_seat(self, code, rules, persona, human):
        if persona not in PERSONAS:
            raise GameError(
                f"unknown persona {persona!r} for {code} (known: {', '.join(PERSONAS)})"
            )
        player = PERSONAS[persona](self.scenario.ai_max_actions)
        return STATE_CLASSES[code](self, code, rules, player, human=human)

    def step(self):
        """One quarter (Mesa's step), collected, then the next quarter's chance phase."""
        self.resolve_quarter()
        self.steps += 1  # Mesa's step counter (Mesa's own wrapper is removed in __init__)
        self.datacollector.collect(self)
        if not self.is_over():
            self.brief()

    def clone(self, lookahead=False, reseed=None):
        other = State.clone(self, lookahead, reseed)
        other.steps = self.steps
        if not lookahead:
            other.datacollector.model_vars = {
                k: list(v) for k, v in self.datacollector.model_vars.items()
            }
        return other

    # ---------------------------------------------------------------- for front ends
    def advice(self, seat):
        return advisor.advice(self, seat)

    def offer_advice(self, seat):
        """{offer id: (choice, counter, reason)}: the advisor's answers to the seat's offers."""
        return advisor.offer_answers(self, seat)

    def proposal_advice(self, seat, chosen=None):
        """[(to, template id, reason)]: the offer the advisor would send now, if any, beside
        ``chosen`` policies (default: its own)."""
        return advisor.offer_proposals(self, seat, chosen)

    def preview(self, seat, policy_id):
        return preview.preview(self, seat, policy_id)

    def preview_response(self, seat, event_id):
        return preview.preview_response(self, seat, event_id)

    def inject_event(self, event_id):
        return log.inject_event(self, event_id)


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
    """A new game; with no seed, one is drawn from the OS and kept (so the game can be saved)."""
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    return TightropeModel(scenario, seed=seed, humans=humans, personas=personas)
