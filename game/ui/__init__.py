"""The pygame-ce front end: a view of the model. It reads the engine's API (``legal_actions``,
``preview``, ``advice``, the ledger, the news log, ``end_report``, ``turn_summary``) through
``game.play`` and ``game.reports`` and sends decisions through ``submit``/``step``; no game rule
lives here. ``front`` opens the window with every screen; screens name each other in ``nav``."""
