"""The networked classroom end to end, with real sockets on localhost: `main.py serve` in its own
process, 4 team clients and a facilitator play a whole game; a team's connection dies and it
rejoins mid-quarter; teams make, answer (accept, counter, decline) and break offers; the server
is killed (SIGKILL) mid-quarter, with an offer open, and restarted with --resume and the game
goes on; the saved game replays and debriefs, and it is bit for bit the game the same decisions
give headless."""

import asyncio
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from game.engine import log
from game.engine.saves import fingerprint
from game.engine.scenario import load_scenario
from game.engine.yamlio import read_json
from game.net.client import Client, ServerError
from game.play import facilitator
from game.play.games import load_game
from game.play.model import TightropeModel

ROOT = Path(__file__).resolve().parent.parent
SEED = 11
TEAMS = ("USA", "CHN", "JPN", "KOR")


def start_server(state, *extra):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "main.py", "serve", "--port", "0", "--state", str(state)]
    cmd += ["--timer", "0", "--seed", str(SEED), "--reference-games", "0", *extra]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines = []
    while True:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError("the server did not start:\n" + "".join(lines))
        lines.append(line)
        m = re.search(r"room (\w+) .*facilitator PIN (\d+)  projector (\S+)", line)
        if m:
            url = re.search(r"on (ws://\S+)", lines[0]).group(1)
            return proc, url, m.group(1), m.group(2), m.group(3)


def decide(view, advice):
    """A team's decision: the advisor's cards that are available, every event answered."""
    legal = {c["id"] for c in view["cards"] if c["available"]}
    actions = [a for a in advice["actions"] if a in legal]
    responses = {
        e["id"]: advice["responses"].get(e["id"], e["responses"][0]["id"]) for e in view["pending"]
    }
    return actions, responses


async def join_all(url, code, tokens):
    clients = {}
    for seat in TEAMS:
        c = await Client(url).connect()
        await c.hello(code, team=seat, token=tokens.get(seat))
        tokens[seat] = c.welcome["token"]
        clients[seat] = c
    return clients


async def team_turn(client, ops):
    view = (await client.request("view"))["view"]  # fresh: after the facilitator's actions
    advice = (await client.request("advice"))["advice"]
    actions, responses = decide(view, advice)
    await client.submit(actions, responses)
    ops.append(("submit", client.welcome["seat"], actions, responses))


async def bargain(client, ops, kind, **fields):
    """A team's offer, answer or breach, sent when its view says it may."""
    reply = await client.request(kind, turn=client.view["turn"], **fields)
    ops.append((kind, client.welcome["seat"], fields))
    return reply


async def offer(teams, ops, seat, to, template):
    view = (await teams[seat].request("view"))["view"]
    assert view["proposals"][template] == "", view["proposals"]
    ident = (await bargain(teams[seat], ops, "offer", to=to, template=template))["offer"]
    await teams[to].wait_view(lambda v: any(o["id"] == ident for o in v["offers"]))
    return ident


async def play(tmp_path):
    ops = []  # what was done, in order, for the headless game
    proc, url, code, pin, projector = start_server(tmp_path)
    try:
        tokens = {}
        teams = await join_all(url, code, tokens)
        fac = await Client(url).connect()
        with pytest.raises(ServerError):
            await fac.hello(code, role="facilitator", pin="000000" if pin != "000000" else "1")
        fac = await Client(url).connect()
        await fac.hello(code, role="facilitator", pin=pin)
        fac_token = fac.welcome["token"]
        assert fac_token not in Path(projector).as_posix()
        deck = fac.welcome["deck"]
        turn = 1
        while True:
            view = await fac.wait_view(lambda v, t=turn: v["turn"] == t or v["over"])
            if view["over"]:
                break
            if turn == 2:  # Beijing offers Tokyo a deal over the network; Tokyo accepts
                ident = await offer(teams, ops, "CHN", "JPN", "cn_jp_seafood_for_restraint")
                await bargain(teams["JPN"], ops, "answer", offer=ident, choice="accept")
            if turn == 3:  # Seoul offers; Tokyo counters; Seoul declines the counter
                ident = await offer(teams, ops, "KOR", "JPN", "kr_jp_trilateral_package")
                await bargain(
                    teams["JPN"], ops, "answer", offer=ident, choice="counter",
                    counter="jp_kr_history_gesture",
                )  # fmt: skip
                view = await teams["KOR"].wait_view(lambda v: len(v["offers"]) == 2)
                counter = view["offers"][-1]["id"]
                await bargain(teams["KOR"], ops, "answer", offer=counter, choice="decline")
            if turn == 4:  # Tokyo walks away from the deal
                view = (await teams["JPN"].request("view"))["view"]
                deal = next(d for d in view["deals"] if d["status"] == "active")
                await bargain(teams["JPN"], ops, "break", deal=deal["id"])
            if turn == 2:
                event = deck[3][0]
                await fac.request("inject", event=event)
                ops.append(("inject", event))
            if turn == 3:
                await fac.request("custom_event", title="A storm", effects="senkaku +4", by="")
                ops.append(("custom", "A storm", "senkaku +4", ""))
                await fac.request(
                    "set_parameter", param="USA.BurdenSharingLedger.aggressiveness", value="2"
                )
                ops.append(("param", "USA.BurdenSharingLedger.aggressiveness", "2"))
            if turn == 4:
                await fac.request("pause")
                with pytest.raises(ServerError) as err:
                    await teams["USA"].submit([], {})
                assert err.value.code == "refused"
                await fac.request("resume")
            if turn == 5:  # JPN's connection dies after it submitted; it rejoins
                await team_turn(teams["JPN"], ops)
                teams["JPN"].ws.transport.abort()
                other = await Client(url).connect()
                with pytest.raises(ServerError):
                    await other.hello(code, team="JPN")  # taken: a token is needed
                teams["JPN"] = other = await Client(url).connect()
                await other.hello(code, team="JPN", token=tokens["JPN"])
                view = await other.wait_view(lambda v: v["turn"] == 5)
                assert view["submitted"] is not None
                seats = ["USA", "CHN", "KOR"]
            elif turn == 7:  # the server dies mid-quarter, an offer open, and comes back
                pending = await offer(teams, ops, "JPN", "KOR", "jp_kr_history_gesture")
                for seat in ("USA", "CHN"):
                    await team_turn(teams[seat], ops)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                proc, url, code2, _pin, projector = start_server(
                    tmp_path, "--resume", str(tmp_path)
                )
                assert code2 == code
                teams = await join_all(url, code, tokens)
                fac = await Client(url).connect()
                await fac.hello(code, role="facilitator", token=fac_token)
                view = await teams["JPN"].wait_view(lambda v: v["turn"] == 7)
                ready = {s["seat"]: s["ready"] for s in view["seats"]}
                assert ready == {"USA": True, "CHN": True, "JPN": False, "KOR": False}
                view = await teams["KOR"].wait_view(lambda v: v["turn"] == 7)
                assert [o["status"] for o in view["offers"] if o["id"] == pending] == ["open"]
                await bargain(teams["KOR"], ops, "answer", offer=pending, choice="accept")
                seats = ["JPN", "KOR"]
            else:
                seats = list(TEAMS)
            for seat in seats:
                await teams[seat].wait_view(lambda v, t=turn: v["turn"] == t)
                await team_turn(teams[seat], ops)
            ops.append(("step",))
            turn += 1
        reply = await fac.request("debrief", reference_games=0, timeout=120)
        assert Path(reply["path"]).is_file()
        page = projector.rsplit("/room/", 1)[0] + reply["url"]
        with urllib.request.urlopen(page) as response:  # served beside the projector
            assert b"<html" in response.read(2000).lower()
        for c in [*teams.values(), fac]:
            await c.close()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return code, ops


def headless(ops):
    model = TightropeModel(load_scenario(), seed=SEED, humans=TEAMS)
    for op in ops:
        if op[0] == "submit":
            model.submit(op[1], op[2], op[3])
        elif op[0] == "step":
            model.step()
        elif op[0] == "inject":
            model.inject_event(op[1])
        elif op[0] == "custom":
            facilitator.custom_event(model, op[1], facilitator.parse_effects_text(op[2]), by=op[3])
        elif op[0] == "param":
            facilitator.set_parameter(model, op[1], facilitator.parse_value(op[2]))
        elif op[0] == "offer":
            log.make_offer(model, op[1], op[2]["to"], op[2]["template"])
        elif op[0] == "answer":
            log.answer_offer(
                model, op[1], op[2]["offer"], op[2]["choice"], op[2].get("counter", "")
            )
        elif op[0] == "break":
            log.break_deal(model, op[1], op[2]["deal"])
    return model


def test_a_class_game_over_the_network_is_the_headless_game(tmp_path):
    code, ops = asyncio.run(play(tmp_path))
    save = tmp_path / code / "game.json"
    data = read_json(save)
    model = headless(ops)
    assert model.is_over()
    assert fingerprint(model) == data["fingerprint"]
    assert fingerprint(load_game(save)) == data["fingerprint"]  # it replays like any save
    played = [e for e in data["decisions"] if e["type"] != "note"]
    assert played == [e for e in model.decision_log if e["type"] != "note"]
    bargains = [(e["type"], e["seat"]) for e in played if e["type"] in ("offer", "answer", "break")]
    assert bargains == [
        ("offer", "CHN"), ("answer", "JPN"), ("offer", "KOR"), ("answer", "JPN"), ("answer", "KOR"),
        ("break", "JPN"), ("offer", "JPN"), ("answer", "KOR"),
    ]  # fmt: skip
    first, second = model.world.deals  # every seat a team: no AI deals
    assert first["broken_by"] == "JPN" and second["template"] == "jp_kr_history_gesture"
    notes = [e["text"] for e in data["decisions"] if e["type"] == "note"]
    assert any("paused" in n for n in notes) and any("resumed" in n for n in notes)
    assert (tmp_path / code / "debrief" / "index.html").is_file()
    assert read_json(tmp_path / code / "room.json")["finished"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_server_stops_on_a_signal_and_resumes_where_it_was(tmp_path, sig):
    """SIGTERM (a service manager, a logout) or Ctrl-C: the server closes its connections, the
    room writer finishes, exit 0 with a line that says where the rooms are; --resume then finds
    the quarter as it was, a team's submission kept (SIGTERM used to kill it, code 143)."""

    async def submit_then_stop():
        proc, url, code, _pin, _projector = start_server(tmp_path)
        try:
            tokens = {}
            teams = await join_all(url, code, tokens)
            await team_turn(teams["USA"], [])
            proc.send_signal(sig)
            out, _ = await asyncio.get_running_loop().run_in_executor(
                None, lambda: proc.communicate(timeout=30)
            )
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, out
        assert "server stopped; rooms saved in" in out and "Traceback" not in out, out
        proc, url, code2, _pin, _projector = start_server(tmp_path, "--resume", str(tmp_path))
        try:
            assert code2 == code
            teams = await join_all(url, code, tokens)
            view = await teams["JPN"].wait_view(lambda v: v["turn"] == 1)
            assert {s["seat"]: s["ready"] for s in view["seats"]}["USA"] is True
            for c in teams.values():
                await c.close()
        finally:
            proc.kill()
            proc.wait()

    asyncio.run(submit_then_stop())
