"""The four states' rule sets and the personas that can sit in any seat.

Importing this package registers every state rule in ``game.engine.rules.RULES``, each state's
rule set in ``SEAT_RULES`` and the personas' names in ``PERSONA_NAMES``: the engine names none.
"""

from game.engine import compiled

__path__ = compiled.extend(__name__, __path__)  # (the compiled overlay, if fresh)

from agents import china, common, hedging, japan, usa  # noqa: E402, F401  (registers the rules)
from agents.base import StateAgent  # noqa: E402
from agents.personas import PERSONAS  # noqa: E402

__all__ = ["StateAgent", "PERSONAS"]
