"""The projector's page in headless Chromium: served by the game server over plain HTTP, its
script fetches the room's public JSON and draws the relations, the teams' status, the headline
indicators and the news; no token or PIN reaches it."""

import asyncio
import shutil
import tempfile

import pytest

from game.net.client import Client
from game.net.server import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)  # fmt: skip


async def browse(url, *extra):
    with tempfile.TemporaryDirectory() as profile:
        proc = await asyncio.create_subprocess_exec(
            CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(proc.communicate(), 90)
    return out.decode()


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (.ci/run installs it)")
def test_the_projector_page_draws_the_room_live(tmp_path):
    async def go():
        server = Server(tmp_path, port=0)
        room = server.new_room(seed=2, timer=240)
        await server.start()
        try:
            usa = await Client(f"ws://127.0.0.1:{server.port}").connect()
            await usa.hello(room.code, team="USA")
            view = await usa.wait_view(lambda v: True)
            await usa.submit([], {e["id"]: e["responses"][0]["id"] for e in view["pending"]})
            url = f"http://127.0.0.1:{server.port}/room/{room.code}"
            dom = await browse(url, "--dump-dom", "--virtual-time-budget=5000")
        finally:
            await server.close()
        assert f"room {room.code}" in dom
        assert "Waiting for Team China, Team Japan, Team South Korea" in dom
        assert dom.count("<line") == 6 and "China–Japan relations" in dom
        assert "decided" in dom and "deciding" in dom and "2025 Q1" in dom
        assert "<li>" in dom  # the news
        for secret in (room.pin, room.facilitator_token, *room.tokens.values()):
            assert secret not in dom

    asyncio.run(go())
