"""The pygame-ce front end: a view of the model. It reads the engine's API
(``legal_actions``, ``preview``, ``advice``, the ledger, the news log, ``end_report``) and
sends decisions through ``submit``/``step``; no game rule lives here."""
