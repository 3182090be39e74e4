"""A team's window on a networked class game, under SDL's dummy driver: the hot seat's turn
screen as a view of the server's game, ending the turn submits to the server and waits ("Waiting
for Team China"), and the window follows the server to the next quarter; the same offers panel
proposes, answers and breaks over the network."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pygame
import pytest
from conftest import stop_with  # noqa: E402

from game.net.client import Client, ThreadedClient
from game.net.remote import RemoteSession
from game.net.server import Server
from game.ui.classroom.remote import open_remote
from game.ui.driver import Driver, headless_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def served(tmp_path):
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = Server(tmp_path / "server", port=0)
    room = server.new_room(seed=6, timer=300, teams=("CHN", "JPN"))
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
    yield server, room, loop
    asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)


def window(tmp_path, url, code, size):
    client = ThreadedClient(url, rejoin=True)
    welcome = client.hello(code, team="JPN", world=True)
    client.wait_view(lambda v: "world" in v)
    app = headless_app(tmp_path / "saves", size=size)
    open_remote(app, client, welcome)
    assert isinstance(app.session, RemoteSession)
    return app, client


def frames(app, n=10):
    for _ in range(n):
        app.tick()


def test_the_window_plays_a_quarter_against_the_server(served, tmp_path):
    server, room, loop = served
    url = f"ws://127.0.0.1:{server.port}"
    app, client = window(tmp_path, url, room.code, (1280, 720))
    try:
        d = Driver(app)
        frames(app)
        assert d.screen() == "RemoteTurnScreen"
        s = app.session
        assert s.model.world.values == room.model.world.values  # the server's world, mirrored
        for event in s.unanswered():
            s.answer(event.id, event.responses[0].id)
        d.key("a")  # adopt the server's advice
        chosen = list(s.chosen)
        d.key("e")
        frames(app, 20)
        assert d.screen() == "WaitScreen", app.status
        assert s.waiting_for() == ["Team China"]
        assert room.model.submissions["JPN"][0] == chosen
        pygame.image.save(app.window, str(tmp_path / "wait.png"))

        async def china():
            c = await Client(url).connect()
            await c.hello(room.code, team="CHN")
            view = await c.wait_view(lambda v: True)
            await c.submit([], {e["id"]: e["responses"][0]["id"] for e in view["pending"]})
            await c.close()

        asyncio.run_coroutine_threadsafe(china(), loop).result(10)
        for _ in range(100):
            app.tick()
            if d.screen() == "RemoteTurnScreen" and s.model.turn == 2:
                break
        assert d.screen() == "RemoteTurnScreen" and s.model.turn == 2
        assert s.model.world.values == room.model.world.values
    finally:
        client.close()


def test_join_keeps_the_token_and_rejoins(served, tmp_path, monkeypatch):
    from game.cli import join

    server, room, _loop = served
    monkeypatch.setenv("TIGHTROPE_SAVES", str(tmp_path / "saves"))
    url = f"ws://127.0.0.1:{server.port}"
    first, welcome = join.connect(url, room.code, "JPN")
    assert join.token_file(room.code, "JPN").read_text() == welcome["token"]
    first.close()  # the laptop closes; the same command joins again, as the same team
    again, rejoined = join.connect(url, room.code, "JPN")
    try:
        assert rejoined["token"] == welcome["token"] and rejoined["seat"] == "JPN"
    finally:
        again.close()


def test_the_offers_panel_works_over_the_network(served, tmp_path):
    """Beijing (another machine) offers Tokyo a deal: it appears in Tokyo's open panel, which
    accepts it, then sends one of its own and breaks the deal, each through the server."""
    server, room, loop = served
    url = f"ws://127.0.0.1:{server.port}"
    app, client = window(tmp_path, url, room.code, (1280, 720))
    try:
        d = Driver(app)
        frames(app)
        while app.screen.popup is not None:
            d.key("1")
        d.key("O")
        assert d.screen() == "OffersScreen"

        async def china_offers():
            c = await Client(url).connect()
            await c.hello(room.code, team="CHN")
            await c.request("offer", turn=1, to="JPN", template="cn_jp_seafood_for_restraint")
            await c.close()

        asyncio.run_coroutine_threadsafe(china_offers(), loop).result(10)
        for _ in range(50):  # the panel follows the server's views
            app.tick()
            if any(getattr(e, "text", "").startswith("Accept") for e in app.screen.actions):
                break
        # The server's advisor answers the offer beside it, asked once per world mirrored.
        (offer,) = [o for o in app.session.model.world.offers if o["status"] == "open"]
        advised = app.session.offer_advice()
        assert list(advised) == [offer["id"]] and advised[offer["id"]][2]
        assert app.session.offer_advice() is advised  # (no second call to the server)
        proposals = app.session.proposal_advice()  # (from the same reply, cached with it)
        assert app.session.proposal_advice() is proposals
        book = room.model.offer_book
        assert all(book.templates[tid].to == to and why for to, tid, why in proposals)
        assert "Advisor: " in app.screen.inbox_html([offer])
        d.key("A")  # accept the first offer in the inbox
        (deal,) = room.model.world.deals
        assert (deal["proposer"], deal["recipient"]) == ("CHN", "JPN"), app.status
        assert [o["status"] for o in app.session.model.world.offers] == ["accepted"]
        pygame.image.save(app.window, str(tmp_path / "offers.png"))
        mine = room.model.offer_book.from_seat("JPN")
        sendable = [i for i, t in enumerate(mine) if app.session.proposal_problem(t) == ""]
        assert sendable
        d.key(str(sendable[0] + 1))
        assert room.model.world.offers[-1]["from"] == "JPN", app.status
        d.click(d.button("Break deal 1"))
        assert room.model.world.deals[0]["broken_by"] == "JPN", app.status
        kinds = [(e["type"], e["seat"]) for e in room.model.decision_log]
        assert kinds == [("offer", "CHN"), ("answer", "JPN"), ("offer", "JPN"), ("break", "JPN")]
        d.key("Esc")
        assert d.screen() == "RemoteTurnScreen"
    finally:
        client.close()


def test_the_facilitators_window_over_the_network(served, tmp_path):
    """`join --facilitator`: the hot seat's F2 view against the server. A pause, an injected
    event, a custom event and a parameter reach the room's decision log; a seat is moved; the
    game is ended (pressed twice) and the debrief exported on the server."""
    from game.cli.join import connect_facilitator
    from game.net.remote import RemoteClassroom

    server, room, loop = served
    url = f"ws://127.0.0.1:{server.port}"
    client, welcome = connect_facilitator(url, room.code, room.pin)
    app = headless_app(tmp_path / "saves", size=(1280, 720))
    open_remote(app, client, welcome)
    assert isinstance(app.classroom, RemoteClassroom)
    try:
        d = Driver(app)
        frames(app)
        assert d.screen() == "FacilitatorScreen" and app.screen.unlocked
        assert "Team" not in app.status
        board = app.screen.status_html()
        assert "China" in board and "deciding" in board and "offline" in board
        d.key("P")
        assert room.paused, app.status
        assert d.button("Resume the game")
        d.key("P")
        assert not room.paused
        d.key("I")
        injected = [e for e in room.model.decision_log if e["type"] == "inject"]
        assert injected and injected[0]["event"] == app.screen.events[0], app.status
        app.screen.title_entry.set_text("A typhoon")
        app.screen.effects_entry.set_text("senkaku +3, JPN.approval -2")
        d.key("X")
        assert [e["title"] for e in room.model.decision_log if e["type"] == "custom_event"] == [
            "A typhoon"
        ], app.status
        app.screen.param_entry.set_text("USA.BurdenSharingLedger.aggressiveness")
        app.screen.value_entry.set_text("2")
        d.key("V")
        assert any(e["type"] == "set_parameter" for e in room.model.decision_log), app.status
        for _ in range(30):  # the board follows the server
            app.tick()
        board = app.screen.status_html()
        assert "A typhoon" in board and "USA.BurdenSharingLedger.aggressiveness = 2<" in board
        pygame.image.save(app.window, str(tmp_path / "facilitator-1280.png"))
        d.resize((1920, 1080))
        pygame.image.save(app.window, str(tmp_path / "facilitator-1920.png"))
        d.resize((1280, 720))

        async def quarter():  # the teams play a quarter: there is something to debrief
            for seat in ("CHN", "JPN"):
                c = await Client(url).connect()
                await c.hello(room.code, team=seat)
                view = await c.wait_view(lambda v: "pending" in v)
                await c.submit([], {e["id"]: e["responses"][0]["id"] for e in view["pending"]})
                await c.close()

        asyncio.run_coroutine_threadsafe(quarter(), loop).result(20)
        assert room.model.turn == 2
        d.key("R")  # move the first team (China) to another device
        assert "--token" in app.status and room.tokens["CHN"] in app.status
        d.key("G")
        assert not room.finished and "again" in app.status
        d.key("G")
        assert room.finished, app.status
        d.key("D")
        deadline = time.monotonic() + 180  # matplotlib's charts, on a busy machine
        while "debrief:" not in app.status and time.monotonic() < deadline:
            app.tick()
        assert f"/room/{room.code}/debrief/" in app.status, app.status
        notes = [e["text"] for e in room.model.decision_log if e["type"] == "note"]
        assert any("paused" in n for n in notes) and any("ended the game" in n for n in notes)
    finally:
        client.close()


def test_a_window_that_loses_the_server_says_so_and_rejoins(served, tmp_path):
    """The server goes away: the window says "reconnecting" over its screen and retries; a
    server resumed on the same port takes it back, as the same team, where the game stands.
    A seat the facilitator frees is not rejoined."""
    server, room, loop = served
    port = server.port
    url = f"ws://127.0.0.1:{port}"
    app, client = window(tmp_path, url, room.code, (1280, 720))
    again = None
    try:
        frames(app)
        assert client.problem() == ""
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
        deadline = time.monotonic() + 10
        while client.lost is None and time.monotonic() < deadline:
            app.tick()
        assert "reconnecting" in client.problem()
        frames(app, 5)
        pygame.image.save(app.window, str(tmp_path / "reconnecting.png"))
        s = app.session
        for event in s.unanswered():
            s.answer(event.id, event.responses[0].id)
        Driver(app).key("e")  # ending the turn offline: the window says why, nothing breaks
        assert "reconnecting" in app.status or "server" in app.status, app.status

        async def resume():
            fresh = Server(tmp_path / "server", port=port)
            fresh.resume_rooms()
            return await fresh.start()

        again = asyncio.run_coroutine_threadsafe(resume(), loop).result(20)
        deadline = time.monotonic() + 20
        while client.lost is not None and time.monotonic() < deadline:
            app.tick()
        assert client.lost is None, client.problem()
        frames(app, 10)
        resumed = again.rooms[room.code]
        assert app.session.model.world.values == resumed.model.world.values
        assert type(app.screen).__name__ == "RemoteTurnScreen"

        async def kick():
            fac = await Client(url).connect()
            await fac.hello(room.code, role="facilitator", pin=resumed.pin)
            await fac.request("kick", team="JPN")
            await fac.close()

        asyncio.run_coroutine_threadsafe(kick(), loop).result(10)
        deadline = time.monotonic() + 5
        while client.lost is None and time.monotonic() < deadline:
            app.tick()
        assert client.problem() == "Disconnected: the facilitator freed this seat"
    finally:
        client.close()
        if again is not None:
            asyncio.run_coroutine_threadsafe(again.close(), loop).result(10)


@pytest.mark.parametrize(
    "sig, delay",
    [(signal.SIGTERM, 4.0), (signal.SIGINT, 4.0), (signal.SIGTERM, 0.0), (signal.SIGINT, 0.1)],
)
def test_join_exits_cleanly_on_a_signal(served, tmp_path, sig, delay):
    """`main.py join` (a real process, SDL's dummy driver): SIGTERM or Ctrl-C closes the window
    and the connection, exit 0, no traceback; also while it is still opening the window (0-0.1 s
    after the server saw it: a signal raised there once landed in pygame's icon callback or in
    pygame_gui starting its loader threads, and the process lived on)."""
    server, room, _loop = served
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "TIGHTROPE_SAVES": str(tmp_path / "saves")}  # fmt: skip
    url = f"ws://127.0.0.1:{server.port}"
    proc = subprocess.Popen(
        [sys.executable, "main.py", "join", url, "--code", room.code, "--team", "JPN"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "JPN" not in server.connected(room) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.2)
        assert "JPN" in server.connected(room)
    except BaseException:
        proc.kill()
        raise
    stop_with(proc, sig, delay)  # the window is up (or, with 0, still opening)
    deadline = time.monotonic() + 5
    while "JPN" in server.connected(room) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "JPN" not in server.connected(room)  # it said goodbye
