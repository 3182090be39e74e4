"""The game server: asyncio and ``websockets``. It holds the rooms, runs their engines (clients
never compute the world), checks every message (``game.net.protocol``), bounds each
connection's message size and rate, answers a bad message with an error and nothing else, runs
each room's quarter clock, pushes each client its own view (``game.net.views``) whenever the
room changes, and serves the projector's page, its JSON and the debrief over plain HTTP on the
same port.

A message kind is handled by the method ``on_<kind>``: a new kind is a schema in
``protocol.KINDS`` and one method here. A team's seat is always its connection's (said at
hello, checked against its token), never a message's."""

import asyncio
import concurrent.futures
import json
import logging
import mimetypes
import time
from pathlib import Path

from websockets.asyncio.server import serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Response

from game.engine.errors import TightropeError
from game.engine.saves import game_to_dict
from game.net import protocol, views
from game.net.protocol import ProtocolError
from game.net.room import Room, frozen, saved_rooms, write_json
from game.play import facilitator as fac

log = logging.getLogger("tightrope.net")
PAGE = Path(__file__).with_name("projector.html")
TICK = 0.2  # seconds between the quarter clocks' ticks
SEND_TIMEOUT = 5.0  # seconds a client may take to accept a message


class Client:
    """One connection: its rate bucket and, once it has said hello, its room, role and seat."""

    def __init__(self, ws):
        self.ws = ws
        self.room = None
        self.role = None
        self.seat = None
        self.world = False  # a window that mirrors the world (gets it with each view)
        self.allowance, self.stamp = protocol.BURST, time.monotonic()

    def allowed(self):
        """The token bucket: RATE messages a second on average, BURST at once."""
        now = time.monotonic()
        self.allowance = min(protocol.BURST, self.allowance + (now - self.stamp) * protocol.RATE)
        self.stamp = now
        if self.allowance < 1:
            return False
        self.allowance -= 1
        return True


class Server:
    def __init__(self, state_dir, host="127.0.0.1", port=0, reference_games=0):
        self.state_dir = Path(state_dir)
        self.host, self.port = host, port
        self.reference_games = reference_games
        self.rooms = {}  # code -> Room
        self.clients = {}  # code -> set of Client
        self.ws_server = None
        self._ticker = None
        self._tasks = set()
        # Saves are written (atomically, fsynced) by one thread in order, off the event loop:
        # a disk's latency must not hold up the other rooms.
        self.writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="saves")
        self.last_write = {}  # code -> the future of the room's newest write

    # ------------------------------------------------------------------ rooms
    def add(self, room):
        def write(path, text, code=room.code):
            self.last_write[code] = self.writer.submit(write_json, path, text)

        room.write = write
        self.rooms[room.code] = room
        self.clients.setdefault(room.code, set())
        return room

    def new_room(self, **kwargs):
        return self.add(Room.create(self.state_dir, taken=set(self.rooms), **kwargs))

    def resume_rooms(self, state_dir=None):
        """Resume every unfinished room saved under the state folder; returns them."""
        return [self.add(Room.resume(d)) for d in saved_rooms(state_dir or self.state_dir)]

    # ------------------------------------------------------------------ running
    async def start(self):
        self.ws_server = await serve(
            self.handler,
            self.host,
            self.port,
            process_request=self.http,
            max_size=protocol.MAX_FRAME,
            max_queue=8,
            compression=None,  # views are small; deflating each costs more CPU than it saves
            server_header="tightrope",
        )
        self.port = self.ws_server.sockets[0].getsockname()[1]
        self._ticker = asyncio.create_task(self.tick_forever())
        return self

    async def close(self):
        if self._ticker:
            self._ticker.cancel()
        if self.ws_server:
            self.ws_server.close()
            await self.ws_server.wait_closed()
        await asyncio.get_running_loop().run_in_executor(None, self.writer.shutdown)

    async def saved(self, room):
        """Wait until the room's newest state is on disk (an "ok" means it is saved)."""
        future = self.last_write.get(room.code)
        if future is not None:
            try:
                await asyncio.wrap_future(future)
            except OSError as exc:  # a full or read-only disk must not stop the class
                log.warning("room %s: could not save: %s", room.code, exc)

    def urls(self, host=None):
        host = host or self.host
        return f"ws://{host}:{self.port}", f"http://{host}:{self.port}"

    async def tick_forever(self):
        last = time.monotonic()
        while True:
            await asyncio.sleep(TICK)
            now = time.monotonic()
            dt, last = now - last, now
            for room in list(self.rooms.values()):
                try:
                    if room.tick(dt):
                        room.time_up()
                        task = asyncio.create_task(self.after_change(room))
                        self._tasks.add(task)  # not awaited here: a slow room can't stop the clocks
                        task.add_done_callback(self._tasks.discard)
                except TightropeError as exc:  # never let one room stop the clocks
                    log.warning("room %s: clock: %s", room.code, exc)

    async def after_change(self, room):
        """Resolve the quarter if every team has submitted, then push every client's view."""
        if not room.finished and not room.paused and not room.model.missing_decisions():
            room.resolve(save=False)
            await self.push(room)
            room.autosave()  # queued for the writer: the views went out first
        else:
            await self.push(room)

    # ------------------------------------------------------------------ views
    def connected(self, room):
        return {c.seat for c in self.clients.get(room.code, ()) if c.role == "team"}

    def view_for(self, client):
        room = client.room
        here = self.connected(room)
        if client.role == "team":
            return views.team(room, client.seat, here, client.world)
        return views.facilitator(room, fac.status(room.model), here)

    async def push(self, room):
        clients = list(self.clients.get(room.code, ()))
        cache = {}
        for c in clients:
            key = (c.role, c.seat, c.world)
            if key not in cache:
                cache[key] = protocol.encode("view", view=self.view_for(c))
        await asyncio.gather(*(self._send(c, cache[(c.role, c.seat, c.world)]) for c in clients))

    async def _send(self, client, text):
        """Send, but never wait long on one client: one that stops reading is dropped (it may
        rejoin) rather than holding up its room."""
        try:
            await asyncio.wait_for(client.ws.send(text), SEND_TIMEOUT)
        except ConnectionClosed:
            pass
        except TimeoutError:
            log.warning("room %s: dropping a client that stopped reading", client.room.code)
            client.ws.transport.abort()

    async def reply(self, client, kind, msg=None, **fields):
        if msg is not None and "id" in msg:
            fields["re"] = msg["id"]
        await self._send(client, protocol.encode(kind, **fields))

    # ------------------------------------------------------------------ a connection
    async def handler(self, ws):
        client = Client(ws)
        try:
            async for raw in ws:
                await self.receive(client, raw)
        except ConnectionClosed:
            pass
        finally:
            if client.room is not None:
                self.clients[client.room.code].discard(client)
                await self.push(client.room)

    async def receive(self, client, raw):
        msg = None
        try:
            if not client.allowed():
                raise ProtocolError("rate", "too many messages: slow down", protocol.peek_id(raw))
            msg = protocol.parse(raw)
            kind = msg["type"]
            if kind == "hello":
                if client.room is not None:
                    raise ProtocolError("out_of_turn", "this connection has already joined")
            elif client.room is None:
                raise ProtocolError("hello_first", "say hello (room code and team or PIN) first")
            elif not protocol.may_send(kind, client.role):
                raise ProtocolError("not_allowed", f"a {client.role} may not send {kind}")
            await getattr(self, f"on_{kind}")(client, msg)
        except ProtocolError as exc:
            ref = msg if msg is not None else ({} if exc.ref is None else {"id": exc.ref})
            await self.reply(client, "error", ref, code=exc.code, message=str(exc))
        except TightropeError as exc:  # the engine refused: nothing changed
            await self.reply(client, "error", msg, code="refused", message=str(exc))
        except ConnectionClosed:
            raise
        except Exception:  # a bug must cost one message, not the connection or the server
            log.exception("room %s: %s", getattr(client.room, "code", "-"), (msg or {}).get("type"))
            await self.reply(client, "error", msg, code="internal", message="the server failed")

    # ------------------------------------------------------------------ the messages
    async def on_hello(self, client, msg):
        room = self.rooms.get(msg["code"])
        if room is None:
            raise ProtocolError("no_room", "no room with that code on this server")
        extra = {}
        if msg["role"] == "facilitator":
            token = room.check_pin(msg.get("pin"), msg.get("token"))
            extra["deck"] = views.deck(room)
            extra["scenario"] = room.model.scenario.raw
            extra["parameters"] = views.parameters(room)
        else:
            seat = msg.get("team") or next((s for s in room.teams if s not in room.tokens), None)
            if seat is None:
                raise ProtocolError("full", "every team's seat is taken (rejoin with a token)")
            token = room.claim(seat, msg.get("token"))
            for other in [c for c in self.clients[room.code] if c.seat == seat]:
                self.clients[room.code].discard(other)  # this device takes over the seat
                await other.ws.close(
                    protocol.CLOSE_REPLACED, "this team joined from another device"
                )
            client.seat = extra["seat"] = seat
            client.world = bool(msg.get("world"))
            extra["scenario"] = room.model.scenario.raw
        client.room, client.role = room, msg["role"]
        self.clients[room.code].add(client)
        await self.reply(
            client, "welcome", msg, role=client.role, code=room.code, token=token, **extra
        )
        await self.push(room)

    async def on_ping(self, client, msg):
        await self.reply(client, "pong", msg)

    async def on_view(self, client, msg):
        await self.reply(client, "view", msg, view=self.view_for(client))

    async def on_advice(self, client, msg):
        if client.room.finished:
            raise ProtocolError("out_of_turn", "the game is over")
        await self.reply(client, "advice", msg, advice=views.advice(client.room, client.seat))

    @staticmethod
    def this_turn(room, msg):
        if msg["turn"] != room.model.turn:
            raise ProtocolError(
                "out_of_turn", f"that was for turn {msg['turn']}; this is turn {room.model.turn}"
            )

    async def on_submit(self, client, msg):
        room = client.room
        self.this_turn(room, msg)
        if room.submit(client.seat, msg["actions"], msg.get("responses", {})):
            await self.after_change(room)  # the last team: the quarter resolves, all see it
        else:  # the other teams only learn who has decided; the team sees its submission,
            # and the facilitator its whole board
            status = protocol.encode("status", status=views.status(room, self.connected(room)))
            sends = [
                self._send(c, status)
                if c.role == "team"
                else self._send(c, protocol.encode("view", view=self.view_for(c)))
                for c in self.clients[room.code]
                if c is not client
            ]
            await asyncio.gather(*sends)
            await self._send(client, protocol.encode("view", view=self.view_for(client)))
        await self.saved(room)
        await self.reply(client, "ok", msg)

    async def _bargain(self, client, msg, action):
        """A team's offer, answer or breach: it changes the world (capital, a deal, the news),
        so every client gets its view; then the team's "ok"."""
        room = client.room
        self.this_turn(room, msg)
        out = action(room)
        await self.push(room)
        await self.saved(room)
        await self.reply(client, "ok", msg, **(out or {}))

    async def on_offer(self, client, msg):
        def act(r):
            return {"offer": r.make_offer(client.seat, msg["to"], msg["template"])}

        await self._bargain(client, msg, act)

    async def on_answer(self, client, msg):
        def act(r):
            r.answer_offer(client.seat, msg["offer"], msg["choice"], msg.get("counter", ""))

        await self._bargain(client, msg, act)

    async def on_break(self, client, msg):
        await self._bargain(client, msg, lambda r: r.break_deal(client.seat, msg["deal"]))

    async def _facilitator(self, client, msg, action):
        room = client.room
        if room.finished and msg["type"] != "debrief":
            raise ProtocolError("out_of_turn", "the game is over")
        out = action(room)
        room.autosave()
        await self.after_change(room)
        await self.saved(room)
        await self.reply(client, "ok", msg, **(out or {}))

    async def on_parameters(self, client, msg):
        await self.reply(client, "parameters", msg, parameters=views.parameters(client.room))

    async def on_pause(self, client, msg):
        await self._facilitator(client, msg, lambda r: r.set_pause(True))

    async def on_resume(self, client, msg):
        await self._facilitator(client, msg, lambda r: r.set_pause(False))

    async def on_inject(self, client, msg):
        await self._facilitator(client, msg, lambda r: {"title": r.inject(msg["event"])})

    async def on_custom_event(self, client, msg):
        def act(r):
            r.custom_event(msg["title"], msg["effects"], msg.get("by", ""))

        await self._facilitator(client, msg, act)

    async def on_set_parameter(self, client, msg):
        def act(r):
            return {"value": r.set_parameter(msg["param"], msg["value"])}

        await self._facilitator(client, msg, act)

    async def _drop(self, room, seat, reason):
        for other in [c for c in self.clients[room.code] if c.seat == seat]:
            self.clients[room.code].discard(other)
            await other.ws.close(protocol.CLOSE_KICKED, reason)

    async def on_kick(self, client, msg):
        await self._facilitator(client, msg, lambda r: r.kick(msg["team"]))
        await self._drop(client.room, msg["team"], "the facilitator freed this seat")

    async def on_reassign(self, client, msg):
        await self._facilitator(client, msg, lambda r: {"token": r.reassign(msg["team"])})
        await self._drop(client.room, msg["team"], "the facilitator moved this team")

    async def on_end(self, client, msg):
        await self._facilitator(client, msg, lambda r: r.end_game())

    async def on_debrief(self, client, msg):
        from game.lab.reference import save_reference
        from game.reports.debrief import export_class_debrief

        room = client.room
        games = msg.get("reference_games", self.reference_games)
        copy = frozen(room)  # taken here, on the loop: the export's thread reads only copies

        def export():
            ref = save_reference(game_to_dict(copy.model), games) if games else ()
            return export_class_debrief(copy, out=Path(room.directory) / "debrief", reference=ref)

        path = await asyncio.get_running_loop().run_in_executor(None, export)
        room.debrief_path = path
        await self.reply(client, "debrief", msg, path=str(path), url=f"/room/{room.code}/debrief/")

    # ------------------------------------------------------------------ plain HTTP
    def http(self, connection, request):
        """GET /room/CODE (the projector), /room/CODE/view.json, /room/CODE/debrief/...;
        a websocket upgrade goes on to the handler."""
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        parts = [p for p in request.path.split("?")[0].split("/") if p]
        if not parts:
            return _response(
                200, b"Tightrope server: open /room/CODE for a room's projector", "text/plain"
            )
        room = self.rooms.get(parts[1]) if len(parts) >= 2 and parts[0] == "room" else None
        if room is None:
            return _response(404, b"no such room", "text/plain")
        if len(parts) == 2:
            return _response(200, PAGE.read_bytes(), "text/html; charset=utf-8")
        if parts[2:] == ["view.json"]:
            body = json.dumps(views.public(room, self.connected(room))).encode()
            return _response(200, body, "application/json")
        if parts[2] == "debrief":
            base = (Path(room.directory) / "debrief").resolve()
            target = (base / "/".join(parts[3:] or ["index.html"])).resolve()
            if base in target.parents and target.is_file():
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                return _response(200, target.read_bytes(), kind)
        return _response(404, b"not found", "text/plain")


def _response(status, body, kind):
    headers = Headers(
        [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            (
                "Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
            ),
            ("Connection", "close"),
        ]
    )
    reason = {200: "OK", 404: "Not Found"}.get(status, "")
    return Response(status, reason, headers, body)
