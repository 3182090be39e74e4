"""A team's window on a networked class game, under SDL's dummy driver: the hot seat's turn
screen as a view of the server's game, ending the turn submits to the server and waits ("Waiting
for Team China"), and the window follows the server to the next quarter; the same offers panel
proposes, answers and breaks over the network."""

import asyncio
import threading

import pygame
import pytest

from game.net.client import Client, ThreadedClient
from game.net.remote import RemoteSession
from game.net.server import Server
from game.ui.classroom.remote import follow
from game.ui.driver import Driver, headless_app


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
    client = ThreadedClient(url)
    welcome = client.hello(code, team="JPN", world=True)
    client.wait_view(lambda v: "world" in v)
    app = headless_app(tmp_path / "saves", size=size)
    app.session = RemoteSession(client, welcome, tmp_path / "saves")
    follow(app)
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
