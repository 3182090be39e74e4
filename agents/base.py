"""The state agent: a Mesa agent that holds one seat's rule set and persona.

Decision rules propose (policy ids, utility, reason); the agent sums the utilities per policy and
takes the best it can afford. Reaction rules answer what just happened. A human seat's agent
still carries its rules: they power the advisor, and the ``always`` ones (distrust) still apply.
"""

import weakref
from typing import NamedTuple

import mesa

from agents.bargaining import answer, deals_to_break, offers_to_make
from game.engine import fatigue
from game.engine.rules import SEAT_RULES
from game.engine.words import reason_text


class Decision(NamedTuple):
    actions: list  # policy ids, in the order chosen
    responses: dict  # event id -> response id
    reasons: dict  # policy id -> (rule name, reason)


class _NoReasons(dict):
    """The reasons of a batch game (``model.texts`` off): every policy's is blank."""

    def __missing__(self, pid):
        return ("", "")


NO_REASONS = _NoReasons()


class StateAgent(mesa.Agent):
    """One of the four states. ``code`` is USA, CHN, JPN or KOR (Mesa owns ``unique_id``)."""

    rule_set = ()  # rule class names, in the order they are consulted

    # The agent holds its model weakly (the model holds its agents): with no reference cycle,
    # a finished game is freed as soon as it is dropped, not by the cyclic garbage collector.
    @property
    def model(self):
        return self._model()

    @model.setter
    def model(self, model):
        self._model = weakref.ref(model)

    def __init__(self, model, code, rules, persona, human=False):
        super().__init__(model)
        self.code = code
        self.persona = persona
        self.human = human
        self.use_rules(rules)

    def use_rules(self, rules):
        self.rules = rules
        self.decision_rules = [r for r in rules if "decisions" in r.phases]
        # A human seat only feels the ``always`` rules (distrust); its choices are its own.
        felt = [r for r in rules if r.always or not self.human]
        self.reaction_rules = [r for r in felt if "reactions" in r.phases]
        self.drift_rules = [r for r in felt if "drift" in r.phases]

    def advise(self, model):
        """What this seat's default rule set would do now: utilities and reasons per policy
        (without ``model.texts``, no reasons: a batch reads only the utilities)."""
        reasons = {} if model.texts else None
        utilities = self._utilities(model, model.legal_set(self.code), reasons)
        return self._tired(model, utilities), NO_REASONS if reasons is None else reasons

    @staticmethod
    def _tired(model, utilities):
        """A policy played lately does less (fatigue): its appeal shrinks with its effect. A
        policy never played has its whole effect (share 1.0), so only played ones are scaled."""
        played = model.recent_uses
        if not played:
            return utilities
        turn, share = model.world.turn, fatigue.share
        for pid, u in utilities.items():
            if u > 0 and pid in played:  # model.fatigue_share(pid), inlined
                recent = played[pid]
                utilities[pid] = u * (share(recent, turn) if recent else 1.0)
        return utilities

    def _utilities(self, model, legal, reasons=None):
        """The decision rules' utilities summed per legal policy, in the rules' order (one loop
        for the advisor, the screens and batch games). ``reasons``, if a dict, receives each
        policy's (rule name, reason in words) from the rule that wants it most (the first on a
        tie); without it no reason is worded."""
        utilities, seat = {}, self.code
        best = {} if reasons is not None else None
        for rule in self.decision_rules:
            for pids, utility, reason in rule.propose(model, seat):
                if best is not None:
                    reason = reason_text(reason)
                for pid in pids:
                    if pid in legal:
                        if pid in utilities:
                            utilities[pid] += utility
                        else:
                            utilities[pid] = utility
                        if best is not None and (pid not in best or utility > best[pid]):
                            best[pid] = utility
                            reasons[pid] = (rule.name, reason)
        return utilities

    def decide(self, model):
        return self.persona.decide(model, self)

    # Bargaining (game.engine.deals calls these for AI seats; agents/bargaining.py decides).
    def bargains(self):
        return getattr(self.persona, "bargains", True)

    def offers_to_make(self, model, capital):
        return offers_to_make(model, self.code, capital) if self.bargains() else []

    def answer_offer(self, model, offer):
        if not self.bargains():
            return "decline", "", "it does not bargain"
        return answer(model, self.code, offer)

    def deals_to_break(self, model):
        return deals_to_break(model, self.code) if self.bargains() else []

    def react(self, model):
        firings = model.rule_firings
        for rule in self.reaction_rules:
            if rule.react(model):
                firings[rule.name] = firings.get(rule.name, 0) + 1

    def drift(self, model):
        firings = model.rule_firings
        for rule in self.drift_rules:
            if rule.drift(model):
                firings[rule.name] = firings.get(rule.name, 0) + 1


class UnitedStates(StateAgent):
    """Transactional pressure (essay: Trump's Transactionalism; Continued Obstacles)."""

    rule_set = (
        "Distrust",
        "BurdenSharingLedger",
        "TariffsOnAllies",
        "TariffDeals",
        "TariffsOnChina",
        "ChinaHawkGuardrail",
        "NoAbandonment",
        "ContainChina",
    )


class China(StateAgent):
    """Wedge and assertiveness (essay: Trump's Transactionalism; Continued Obstacles)."""

    rule_set = (
        "Distrust", "WedgeDriving", "GreyZonePressure", "ProportionateCoercion",
        "CoerciveAnswer", "CounterTariffs",
    )  # fmt: skip


class Japan(StateAgent):
    """Hedging under a minority government (essay: Continued Obstacles)."""

    rule_set = (
        "Distrust", "PayForTheAlliance", "EngageChinaEconomically", "DeterAssertiveness",
        "TendTheAlliance", "FragileMandate", "DeRisk", "FiscalStrain", "DietVotes",
        "StandUpToWashington",
    )  # fmt: skip


class SouthKorea(StateAgent):
    """Hedging with history friction and domestic volatility (essay: Continued Obstacles)."""

    rule_set = (
        "Distrust", "PayForTheAlliance", "EngageChinaEconomically", "TendTheAlliance",
        "FragileMandate", "HistoryFriction", "DeRisk", "StandUpToWashington",
    )  # fmt: skip


STATE_CLASSES = {"USA": UnitedStates, "CHN": China, "JPN": Japan, "KOR": SouthKorea}
SEAT_RULES.update({code: cls.rule_set for code, cls in STATE_CLASSES.items()})
