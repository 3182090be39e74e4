"""A session of play without a screen: the Mesa model adapter, single-player sessions, the
classroom controller, the facilitator and branching. Imports the engine and agents only."""

from game.engine import compiled

__path__ = compiled.extend(__name__, __path__)  # (the compiled overlay, if fresh)
