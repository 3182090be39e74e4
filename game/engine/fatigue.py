"""Diminishing returns: a policy played again soon does less (issue 11, part B). Declared once
for every policy in configs/rules.yaml ``fatigue`` (window, decay, floor) and applied in one
place, the engine's resolution of immediate policies (``apply_effects(..., share=)``): the
k-th reuse within ``window`` quarters does ``decay ** k`` of its effect (at least ``floor``), for the same political capital. Effects
with a chance keep their size and become less likely instead (a half-lifted ban is no ban).
"""

from functools import lru_cache

from game.engine.scenario import fatigue_settings


def scale(recent, turn, settings=None):
    """The share of its effect a policy has when played at ``turn``, given the turns it was
    played before (``recent``)."""
    s = settings or fatigue_settings()
    since = turn - s["window"]
    uses = 0
    for t in recent:  # a loop, not sum() over a generator: this runs for every AI's choice
        if since <= t < turn:
            uses += 1
    return max(s["floor"], s["decay"] ** uses) if uses else 1.0


@lru_cache(maxsize=8192)
def share(recent, turn):
    """``scale(recent, turn)`` under configs/rules.yaml's settings, kept once worked out: every
    AI choice asks it for each policy the seat played lately, and the same few (recent, turn)
    pairs recur in game after game."""
    return scale(recent, turn, fatigue_settings())


def remember(recent, turn, settings=None):
    """``recent`` with ``turn`` added, dropping turns that no longer count (a tuple)."""
    s = settings or fatigue_settings()
    return tuple(t for t in recent if t >= turn - s["window"]) + (turn,)
