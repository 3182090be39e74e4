"""The engine: the world and its ledger, effects, conditions, catalogue, scenarios, the rules
base and the world's own rules, the Game and its State, the decision log, saves and replay. It
imports no UI, plotting or cluster library, and nothing from the layers above it."""

from game.engine import compiled

__path__ = compiled.extend(__name__, __path__)  # (the compiled overlay, if fresh)
