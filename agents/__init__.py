"""The four states' rule sets and the personas that can sit in any seat.

Importing this package registers every state rule in ``game.engine.rules.RULES``.
"""

from agents import china, common, hedging, usa  # noqa: F401  (registers the rules)
from agents.base import StateAgent
from agents.personas import PERSONAS

__all__ = ["StateAgent", "PERSONAS"]
