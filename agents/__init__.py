"""The four states' rule sets and the personas that can sit in any seat.

Importing this package registers every state rule in ``game.engine.rules.RULES``, each state's
rule set in ``SEAT_RULES`` and the personas' names in ``PERSONA_NAMES``: the engine names none.
"""

from agents import china, common, hedging, japan, usa  # noqa: F401  (registers the rules)
from agents.base import StateAgent
from agents.personas import PERSONAS

__all__ = ["StateAgent", "PERSONAS"]
