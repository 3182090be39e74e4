"""A session of play without a screen: the Mesa model adapter, single-player sessions, the
classroom controller, the facilitator and branching. Imports the engine and agents only."""
