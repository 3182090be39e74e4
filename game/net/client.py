"""A client of the game server: ``Client`` (asyncio) says hello, sends messages, waits for
their replies and keeps the newest view the server pushed; ``ThreadedClient`` runs one in a
background thread for the window, which must not block on the network. Tests, the benchmark
and ``main.py join`` all talk to the server through these."""

import asyncio
import itertools
import json
import threading
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from game.net import protocol

REJOIN_FIRST, REJOIN_MAX = 0.5, 5.0  # seconds before the first rejoin, and at most between


class ServerError(Exception):
    """The server answered a message with an error (``code``, message)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Client:
    def __init__(self, url):
        self.url = url
        self.ws = None
        self.view = None  # the newest view pushed
        self.views = 0  # how many views have arrived
        self.welcome = None
        self._ids = itertools.count(1)
        self._waiting = {}  # message id -> future of its reply
        self._changed = asyncio.Event()
        self._reader = None
        self.on_view = None  # called with each view (the window's thread hook)

    async def connect(self):
        self.ws = await connect(
            self.url, max_size=protocol.MAX_FRAME, open_timeout=10, compression=None
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            try:
                await self._reader
            except Exception:  # noqa: BLE001 (closing: nothing more to read)
                pass

    async def _read(self):
        try:
            await self._read_all()
        except ConnectionClosed:
            pass  # the server (or the network) closed it: ws.close_code says how
        finally:
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError("the server closed the connection"))
            self._changed.set()

    async def _read_all(self):
        async for raw in self.ws:
            msg = json.loads(raw)
            kind = msg.get("type")
            if kind == "status" and self.view is not None and "re" not in msg:
                msg = {"type": "view", "view": {**self.view, **msg["status"]}}
                kind = "view"
            if kind == "view" and "re" not in msg:
                self.view = msg["view"]
                self.views += 1
                self._changed.set()
                if self.on_view:
                    self.on_view(self.view)
            future = self._waiting.pop(msg.get("re"), None)
            if future is not None and not future.done():
                future.set_result(msg)

    async def request(self, kind, timeout=10.0, **fields):
        """Send a message and wait for its reply; raises ServerError for an error reply."""
        fields = {k: v for k, v in fields.items() if v is not None}
        msg_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._waiting[msg_id] = future
        await self.ws.send(json.dumps({"type": kind, "id": msg_id, **fields}))
        reply = await asyncio.wait_for(future, timeout)
        if reply["type"] == "error":
            raise ServerError(reply["code"], reply["message"])
        return reply

    async def send_raw(self, text):
        await self.ws.send(text)

    async def hello(self, code, role="team", **fields):
        self.welcome = await self.request("hello", role=role, code=code, **fields)
        return self.welcome

    async def wait_view(self, test, timeout=10.0):
        """Wait until the newest view passes ``test`` (a function of the view)."""
        deadline = time.monotonic() + timeout
        while self.view is None or not test(self.view):
            self._changed.clear()
            left = deadline - time.monotonic()
            if left <= 0 or self.ws.close_code is not None:
                raise TimeoutError(
                    f"no such view came (last: turn {(self.view or {}).get('turn')})"
                )
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                pass
        return self.view

    async def submit(self, actions, responses=None, turn=None):
        turn = turn or self.view["turn"]
        return await self.request(
            "submit", turn=turn, actions=list(actions), responses=dict(responses or {})
        )


class ThreadedClient:
    """A ``Client`` on its own thread and event loop: ``call(kind, **fields)`` blocks until the
    reply (for a window that calls it between frames); ``view`` is the newest pushed view.

    With ``rejoin``, a connection the server or the network drops is made again, and the same
    hello said with the seat's token, every few seconds until it works (``problem`` says so
    meanwhile); a seat the facilitator freed or moved, or taken by another device, is not."""

    def __init__(self, url, rejoin=False):
        self.url = url
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = Client(url)
        self.rejoin = rejoin
        self.tries = 0  # failed rejoins since the connection dropped
        self.lost = None  # None, "reconnecting" or why the server let this client go
        self._hello = None  # (code, fields) to say again on a rejoin
        self._closing = False
        self.run(self.client.connect())

    def run(self, coroutine, timeout=15.0):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def call(self, kind, **fields):
        """A request and its reply; ServerError, also when the server can't be reached."""
        if self.lost:
            raise ServerError("offline", self.problem())
        try:
            return self.run(self.client.request(kind, **fields))
        except (ConnectionError, ConnectionClosed, TimeoutError, OSError):
            raise ServerError("offline", "the server did not answer: try again") from None

    def start(self, kind, timeout=600.0, **fields):
        """Send a message whose reply may take long (a debrief): a future of the reply, for a
        window to look at between frames."""
        request = self.client.request(kind, timeout=timeout, **fields)
        return asyncio.run_coroutine_threadsafe(request, self.loop)

    def hello(self, code, **fields):
        welcome = self.run(self.client.hello(code, **fields))
        again = {k: v for k, v in fields.items() if k != "pin"}
        again["token"] = welcome["token"]  # a facilitator's or a team's: no PIN asked again
        if "seat" in welcome:
            again["team"] = welcome["seat"]
        self._hello = (code, again)
        if self.rejoin:
            asyncio.run_coroutine_threadsafe(self._watch(), self.loop)
        return welcome

    def wait_view(self, test, timeout=10.0):
        return self.run(self.client.wait_view(test, timeout), timeout + 1)

    # ------------------------------------------------------------------ a dropped connection
    def problem(self):
        """What the window says while the server is lost ("" when connected)."""
        if not self.lost:
            return ""
        if self.lost == "reconnecting":
            tries = f" (try {self.tries + 1})" if self.tries else ""
            return f"The connection to the server was lost: reconnecting{tries}…"
        return f"Disconnected: {self.lost}"

    async def _watch(self):
        """Wait for the connection to drop, then rejoin until it works (or must not)."""
        while not self._closing:
            current = self.client
            try:
                await current._reader
            except Exception:  # noqa: BLE001 (a garbled message ended the reader: rejoin)
                pass
            if self._closing:
                return
            ws = current.ws
            if ws.close_code in (protocol.CLOSE_KICKED, protocol.CLOSE_REPLACED):
                self.lost = ws.close_reason or "the server closed this seat"
                return
            self.lost, self.tries = "reconnecting", 0
            while not self._closing:
                await asyncio.sleep(min(REJOIN_MAX, REJOIN_FIRST * 2**self.tries))
                fresh = Client(self.url)
                try:
                    await fresh.connect()
                    code, fields = self._hello
                    await fresh.hello(code, **fields)
                except ServerError as exc:  # the server is back, but refuses the seat
                    await fresh.close()
                    self.lost = str(exc)
                    return
                except (OSError, TimeoutError, ConnectionError, InvalidHandshake):
                    self.tries += 1
                    continue
                if self.client.view is not None and fresh.view is None:
                    fresh.view = self.client.view  # until the server's next push
                self.client, self.lost = fresh, None
                break

    @property
    def view(self):
        return self.client.view

    @property
    def views(self):
        return self.client.views

    @property
    def closed(self):
        ws = self.client.ws
        return ws is None or ws.close_code is not None

    def close(self):
        self._closing = True
        try:
            self.run(self.client.close(), 5)
        except (TimeoutError, OSError, RuntimeError):
            pass  # closing anyway
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
