"""The networked classroom (issue 16): an authoritative game server (``server``) holding rooms
(``room``), the messages it accepts and sends (``protocol``), what each kind of client may see
(``views``), a client for tests, benchmarks and the window (``client``), and the projector's
page (``projector.html``). It sits above ``game.play`` and ``game.reports`` (it runs their class
game, saves and debrief) and below ``game.ui``; the engine never imports a network library."""
