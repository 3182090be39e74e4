"""The turn screen, split by job: the screen (layout, map, news, ending the turn), the cards,
the indicator panel, the event pop-up and the why-view."""

from game.ui.screens.turn.screen import TurnScreen

__all__ = ["TurnScreen"]
