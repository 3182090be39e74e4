"""The class server in process, on real localhost sockets: malformed, oversized and out-of-turn
messages each get an error reply and change nothing; the rate limit; the facilitator's PIN and
its lockout; the quarter clock's fallback to the advisor (logged); kick and reassign; what the
projector's JSON and each team's view may carry."""

import asyncio
import json
import urllib.request
from pathlib import Path

import pytest

from game.engine.saves import fingerprint
from game.net import protocol
from game.net.client import Client, ServerError
from game.net.server import Server


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


async def started(tmp_path, **room):
    server = Server(tmp_path, port=0)
    made = server.new_room(seed=5, **{"timer": None, **room})
    await server.start()
    return server, made, f"ws://127.0.0.1:{server.port}"


def snapshot(room):
    m = room.model
    return fingerprint(m), json.dumps(m.decision_log), dict(m.submissions), m.turn


BAD = [
    "not json",
    "[1, 2]",
    "null",
    '{"id": 7}',
    '{"type": "launch_missiles", "id": 7}',
    '{"type": "submit", "id": 7}',
    '{"type": "submit", "id": 7, "turn": 1, "actions": "jpn_raise_defence"}',
    '{"type": "submit", "id": 7, "turn": 1, "actions": [], "extra": 1}',
    '{"type": "submit", "id": 7, "turn": 1, "actions": ["x y z"]}',
    '{"type": "submit", "id": 7, "turn": 1, "actions": ["a", "a"]}',
    '{"type": "submit", "id": 7, "turn": 99, "actions": []}',
    '{"type": "submit", "id": 7, "turn": 1, "actions": ["no_such_policy"]}',
    '{"type": "submit", "id": 7, "turn": 1, "actions": [], "responses": {"nope": "x"}}',
    '{"type": "inject", "id": 7, "event": "war_anniversary"}',
    '{"type": "end", "id": 7}',
    '{"type": "hello", "id": 7, "role": "team", "code": "ABCDEF"}',
    '{"type": "advice", "id": "7"}',
    '{"type": "view", "id": 7, "deep": ' + "[" * 200 + "]" * 200 + "}",
    b"\xff\xfe binary",
    '{"type": "submit", "id": 7, "turn": 1, "actions": [], "responses": {"a": ' + '"x"' + "}}",
]


def test_bad_messages_get_an_error_each_and_change_nothing(tmp_path):
    async def go():
        server, room, url = await started(tmp_path)
        try:
            early = await Client(url).connect()
            with pytest.raises(ServerError) as err:
                await early.request("view")
            assert err.value.code == "hello_first"
            team = await Client(url).connect()
            await team.hello(room.code, team="JPN")
            await team.wait_view(lambda v: True)
            before = snapshot(room)
            # oversized (within the frame cap: an error reply; above it the socket closes)
            with pytest.raises(ServerError) as err:
                await team.request("view", padding="x" * (protocol.MAX_MESSAGE + 10))
            assert err.value.code == "too_big"
            errors = []
            for raw in BAD:
                msg_id = 1000 + len(errors)
                text = raw if isinstance(raw, bytes) else raw.replace('"id": 7', f'"id": {msg_id}')
                future = asyncio.get_running_loop().create_future()
                team._waiting[msg_id] = future
                await team.send_raw(text)
                try:
                    errors.append((await asyncio.wait_for(future, 0.5))["type"])
                except TimeoutError:
                    errors.append(None)  # no readable id: the reply can't name it
                await asyncio.sleep(0.06)  # stay under the rate limit
            assert all(e in ("error", None) for e in errors), errors
            assert errors.count("error") >= len(BAD) - 6  # every message with a readable id
            assert snapshot(room) == before
            assert team.ws.close_code is None  # still connected, still served
            huge = await Client(url).connect()
            await huge.send_raw("x" * (protocol.MAX_FRAME + 1))
            await asyncio.sleep(0.3)
            assert huge.ws.close_code == 1009
            assert (await team.request("ping"))["type"] == "pong"
            assert snapshot(room) == before
        finally:
            await server.close()

    run(go())


def test_rate_limit_and_pin_lockout(tmp_path):
    async def go():
        server, room, url = await started(tmp_path)
        try:
            c = await Client(url).connect()
            await c.hello(room.code, team="USA")
            codes = []
            for _ in range(int(protocol.BURST) + 20):
                try:
                    await c.request("ping")
                    codes.append("ok")
                except ServerError as exc:
                    codes.append(exc.code)
            assert "rate" in codes and codes[0] == "ok"
            fac = await Client(url).connect()
            wrong = "1" if room.pin != "1" else "2"
            for _ in range(10):
                with pytest.raises(ServerError):
                    await fac.request("hello", role="facilitator", code=room.code, pin=wrong)
            with pytest.raises(ServerError) as err:  # locked now, even with the right PIN
                await fac.request("hello", role="facilitator", code=room.code, pin=room.pin)
            assert "too many" in str(err.value)
            token = room.facilitator_token
            await fac.hello(room.code, role="facilitator", token=token)  # the token still works
        finally:
            await server.close()

    run(go())


def test_the_clock_plays_the_advisors_choice_and_logs_it(tmp_path):
    async def go():
        server, room, url = await started(tmp_path, timer=1, teams=("JPN", "CHN"))
        try:
            jpn = await Client(url).connect()
            await jpn.hello(room.code, team="JPN")
            view = await jpn.wait_view(lambda v: True)
            advice = room.model.advice("CHN")
            legal = set(room.model.legal_actions("CHN"))
            answers = {e["id"]: e["responses"][0]["id"] for e in view["pending"]}
            await jpn.submit([], answers)
            view = await jpn.wait_view(lambda v: v["turn"] == 2, timeout=5)
            chn = [
                e for e in room.model.decision_log if e["type"] == "decision" and e["seat"] == "CHN"
            ]
            assert chn[0]["actions"] == [p for p, _r, _w in advice["actions"] if p in legal]
            notes = [e["text"] for e in room.model.decision_log if e["type"] == "note"]
            assert any("Team China's time ran out" in n for n in notes)
            assert any("time ran out" in n["text"] for n in view["news"])
        finally:
            await server.close()

    run(go())


def test_views_hide_what_a_team_should_not_see(tmp_path):
    async def go():
        server, room, url = await started(tmp_path)
        try:
            usa = await Client(url).connect()
            await usa.hello(room.code, team="USA")
            jpn = await Client(url).connect()
            await jpn.hello(room.code, team="JPN")
            view = await usa.wait_view(lambda v: True)
            await usa.submit([c["id"] for c in view["cards"] if c["available"]][:1], {})
            seen = await jpn.wait_view(lambda v: v["seats"][0]["ready"])
            assert seen["seat"] == "JPN" and all(c["id"].startswith("jpn") for c in seen["cards"])
            text = json.dumps(seen)
            assert usa.welcome["token"] not in text and jpn.welcome["token"] not in text
            assert room.pin not in json.dumps(seen["seats"])
            assert '"submitted": null' in text  # its own: nothing yet; the USA's: not there
            chosen = room.model.submissions["USA"][0]
            assert not chosen or chosen[0] not in json.dumps(seen["news"])
            loop = asyncio.get_running_loop()
            body = await loop.run_in_executor(
                None,
                lambda: urllib.request.urlopen(
                    f"http://127.0.0.1:{server.port}/room/{room.code}/view.json"
                ).read(),
            )
            public = json.loads(body)
            page = await loop.run_in_executor(
                None,
                lambda: urllib.request.urlopen(
                    f"http://127.0.0.1:{server.port}/room/{room.code}"
                ).read(),
            )
            for secret in (room.facilitator_token, room.pin, *room.tokens.values()):
                assert secret not in body.decode() and secret not in page.decode()
            assert "cards" not in public and "pending" not in public
            with pytest.raises(urllib.error.HTTPError):
                await loop.run_in_executor(
                    None,
                    lambda: urllib.request.urlopen(
                        f"http://127.0.0.1:{server.port}/room/NOPE/view.json"
                    ),
                )
        finally:
            await server.close()

    run(go())


def test_kick_and_reassign(tmp_path):
    async def go():
        server, room, url = await started(tmp_path)
        try:
            fac = await Client(url).connect()
            await fac.hello(room.code, role="facilitator", pin=room.pin)
            kor = await Client(url).connect()
            await kor.hello(room.code, team="KOR")
            old = kor.welcome["token"]
            new = (await fac.request("reassign", team="KOR"))["token"]
            await asyncio.sleep(0.1)
            assert kor.ws.close_code == 4001 and new != old
            again = await Client(url).connect()
            with pytest.raises(ServerError):
                await again.hello(room.code, team="KOR", token=old)
            await again.hello(room.code, team="KOR", token=new)
            await fac.request("kick", team="KOR")
            claim = await Client(url).connect()
            await claim.hello(room.code, team="KOR")  # the seat is free again
            notes = [e["text"] for e in room.model.decision_log if e["type"] == "note"]
            assert any("moved Team South Korea" in n for n in notes)
            assert any("freed Team South Korea" in n for n in notes)
            await fac.request("end")
            with pytest.raises(ServerError):
                await claim.submit([], {})
            assert room.finished
        finally:
            await server.close()

    run(go())


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "70000"],
        ["serve", "--teams", "JPN"],
        ["serve", "--timer", "-5"],
        ["serve", "--resume", "/no/such/folder"],
        ["join", "http://example.org", "--code", "ABCDEF"],
        ["join", "ws://127.0.0.1:9", "--code", "AB"],
        ["join", "ws://127.0.0.1:9", "--code", "ABCDEF", "--team", "FRA"],
        ["join", "ws://127.0.0.1:9", "--code", "ABCDEF", "--facilitator"],
        ["join", "ws://127.0.0.1:9", "--code", "ABCDEF", "--pin", "123456"],
        [
            "join",
            "ws://127.0.0.1:9",
            "--code",
            "ABCDEF",
            "--facilitator",
            "--pin",
            "1",
            "--team",
            "JPN",
        ],
        ["join", "ws://127.0.0.1:9", "--code", "ABCDEF", "--facilitator", "--pin", "1"],
        ["facilitate", "ws://127.0.0.1:9", "--code", "ABCDEF", "--pin", "1", "inject"],
    ],
)
def test_bad_command_lines_are_one_line_and_exit_2(argv, capsys):
    import main

    assert main.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err


def test_offers_between_teams_over_the_network(tmp_path):
    """A team proposes, the other answers (counter, then accept), a deal is broken: each act is
    the hot seat's decision-log entry; the offers are seen only by the two states."""

    async def go():
        server, room, url = await started(tmp_path)
        try:
            teams = {}
            for seat in ("USA", "CHN", "JPN", "KOR"):
                teams[seat] = await Client(url).connect()
                await teams[seat].hello(room.code, team=seat)
            chn, jpn, kor = teams["CHN"], teams["JPN"], teams["KOR"]
            view = await chn.wait_view(lambda v: "proposals" in v)
            assert view["proposals"]["cn_jp_seafood_for_restraint"] == ""
            assert "jp_kr_history_gesture" not in view["proposals"]  # only its own templates
            capital = view["capital"]
            sent = await chn.request(
                "offer", turn=1, to="JPN", template="cn_jp_seafood_for_restraint"
            )
            offer = sent["offer"]
            seen = await jpn.wait_view(lambda v: v["offers"])
            assert [o["id"] for o in seen["offers"]] == [offer]
            # The advisor answers it too, as the hot seat's offers panel shows it.
            answers = (await jpn.request("advice"))["advice"]["answers"]
            assert list(answers) == [offer] and answers[offer][0] in (
                "accept",
                "decline",
                "counter",
            )
            assert (await kor.request("advice"))["advice"]["answers"] == {}
            assert (await chn.wait_view(lambda v: v["capital"] < capital))["capital"] == capital - 1
            for other in (teams["USA"], kor):  # the others never see the offer
                assert (await other.request("view"))["view"]["offers"] == []
            again = (await chn.request("view"))["view"]["proposals"]
            assert "awaits an answer" in again["cn_jp_seafood_for_restraint"]
            # KOR offers JPN a package; JPN counters it; KOR declines the counter.
            pkg = await kor.request("offer", turn=1, to="JPN", template="kr_jp_trilateral_package")
            await jpn.request(
                "answer",
                turn=1,
                offer=pkg["offer"],
                choice="counter",
                counter="jp_kr_history_gesture",
            )
            counter = next(o for o in room.model.world.offers if o["counter_of"] == pkg["offer"])
            await kor.request("answer", turn=1, offer=counter["id"], choice="decline")
            await jpn.request("answer", turn=1, offer=offer, choice="accept")
            view = await jpn.wait_view(lambda v: v["deals"])
            deal = view["deals"][0]
            assert (deal["proposer"], deal["recipient"], deal["status"]) == ("CHN", "JPN", "active")
            assert (await teams["USA"].request("view"))["view"]["deals"] == view["deals"]  # news
            await chn.request("break", turn=1, deal=deal["id"])
            assert room.model.world.deals[0]["broken_by"] == "CHN"
            kinds = [(e["type"], e["seat"]) for e in room.model.decision_log]
            assert kinds == [
                ("offer", "CHN"), ("offer", "KOR"), ("answer", "JPN"), ("answer", "KOR"),
                ("answer", "JPN"), ("break", "CHN"),
            ]  # fmt: skip
        finally:
            await server.close()

    run(go())


def test_bad_offer_messages_get_an_error_each_and_change_nothing(tmp_path):
    """Unknown templates, another seat's template or seat, a stale turn, an offer or a deal
    that is not the team's, a facilitator bargaining, a paused game: an error each."""

    async def go():
        server, room, url = await started(tmp_path)
        try:
            other = room.make_offer("CHN", "KOR", "cn_kr_trade_for_restraint")  # not JPN's
            room.answer_offer("KOR", other, "accept")
            mine = room.make_offer("CHN", "JPN", "cn_jp_seafood_for_restraint")
            jpn = await Client(url).connect()
            await jpn.hello(room.code, team="JPN")
            usa = await Client(url).connect()
            await usa.hello(room.code, team="USA")
            fac = await Client(url).connect()
            await fac.hello(room.code, role="facilitator", pin=room.pin)
            await jpn.wait_view(lambda v: True)
            before = snapshot(room), json.dumps(room.model.world.offers)
            bad = [
                (jpn, "offer", {"turn": 1, "to": "KOR", "template": "no_such_template"}, "refused"),
                (jpn, "offer", {"turn": 1, "to": "KOR", "template": "cn_kr_trade_for_restraint"},
                 "refused"),
                (jpn, "offer", {"turn": 1, "to": "CHN", "template": "jp_cn_pragmatic_cooperation",
                                "seat": "CHN"}, "bad_message"),
                (jpn, "offer", {"turn": 1, "to": "FRA", "template": "jp_cn_pragmatic_cooperation"},
                 "refused"),
                (jpn, "offer", {"turn": 2, "to": "CHN", "template": "jp_cn_pragmatic_cooperation"},
                 "out_of_turn"),
                (jpn, "offer", {"turn": 1, "to": "CHN"}, "bad_message"),
                (jpn, "answer", {"turn": 1, "offer": other, "choice": "decline"}, "refused"),
                (usa, "answer", {"turn": 1, "offer": mine, "choice": "accept"}, "refused"),
                (jpn, "answer", {"turn": 1, "offer": mine, "choice": "maybe"}, "bad_message"),
                (jpn, "answer", {"turn": 1, "offer": mine, "choice": "counter",
                                 "counter": "no_such_template"}, "refused"),
                (jpn, "answer", {"turn": 1, "offer": "o99", "choice": "accept"}, "refused"),
                (jpn, "break", {"turn": 1, "deal": "d1"}, "refused"),
                (jpn, "break", {"turn": 1, "deal": "d99"}, "refused"),
                (fac, "offer", {"turn": 1, "to": "KOR", "template": "jp_kr_history_gesture"},
                 "not_allowed"),
            ]  # fmt: skip
            for client, kind, fields, code in bad:
                with pytest.raises(ServerError) as err:
                    await client.request(kind, **fields)
                assert err.value.code == code, (kind, fields, err.value)
                assert "KOR" not in str(err.value) or kind != "answer"  # nothing of others' offers
                await asyncio.sleep(0.06)
            await fac.request("pause")
            paused = snapshot(room)[0], json.dumps(room.model.world.offers)
            with pytest.raises(ServerError) as err:
                await jpn.request("answer", turn=1, offer=mine, choice="accept")
            assert err.value.code == "refused" and "paused" in str(err.value)
            assert (snapshot(room)[0], json.dumps(room.model.world.offers)) == paused
            assert paused[0] == before[0][0] and paused[1] == before[1]
            assert jpn.ws.close_code is None
        finally:
            await server.close()

    run(go())


def test_the_debrief_export_reads_a_copy_of_the_game(tmp_path, monkeypatch):
    """The export runs in a thread; the game it reads is a copy taken when it was asked for, so
    the room plays on meanwhile (here: an event injected mid-export) without a race."""
    import threading

    import game.play.classroom as classroom

    release, started_export = threading.Event(), threading.Event()
    save = classroom.save_game

    def slow(model, path):  # the export's first step: the save it debriefs
        started_export.set()
        release.wait(20)
        return save(model, path)

    monkeypatch.setattr(classroom, "save_game", slow)

    async def go():
        server, room, url = await started(tmp_path, teams=("CHN", "JPN"))
        try:
            for seat in ("CHN", "JPN"):
                team = await Client(url).connect()
                await team.hello(room.code, team=seat)
                view = await team.wait_view(lambda v: "pending" in v)
                await team.submit([], {e["id"]: e["responses"][0]["id"] for e in view["pending"]})
            fac, other = await Client(url).connect(), await Client(url).connect()
            await fac.hello(room.code, role="facilitator", pin=room.pin)
            await other.hello(room.code, role="facilitator", pin=room.pin)
            export = asyncio.create_task(fac.request("debrief", reference_games=0, timeout=60))
            loop = asyncio.get_running_loop()
            assert await loop.run_in_executor(None, started_export.wait, 20)
            await other.request("inject", event=sorted(room.model.catalog.events)[0])
            release.set()
            reply = await export
            saved = json.loads((Path(reply["path"]).parent / "class-game.json").read_text())
            assert not any(e["type"] == "inject" for e in saved["decisions"])
            assert any(e["type"] == "inject" for e in room.model.decision_log)
        finally:
            release.set()
            await server.close()

    run(go())


def test_a_submission_the_changed_world_no_longer_allows_is_withdrawn(tmp_path):
    """After a team's offer, answer or breach, a submitted bundle the world no longer allows
    (here: its capital gone) is withdrawn, so the team decides again and the saved game
    replays as played; the bundles still allowed stay."""
    from game.engine import log
    from game.net.room import Room

    room = Room.create(tmp_path, seed=5, timer=None, teams=("CHN", "JPN"))
    m = room.model
    costly = next(p for p in m.legal_actions("JPN") if m.catalog.policies[p].cost >= 1)
    answers = {seat: {e.id: e.responses[0].id for e in m.pending_events(seat)} for seat in m.humans}
    room.submit("JPN", [costly], answers["JPN"])
    room.submit("CHN", [], answers["CHN"])
    withdrawn = room.bargain(
        lambda model: log.custom_event(model, "Broke", [{"key": "JPN.capital", "set": 0}])
    )
    assert withdrawn == ["JPN"] and "JPN" not in m.submissions and "CHN" in m.submissions
    assert m.missing_decisions() == ["JPN"]


def test_a_lapsed_offer_is_news_only_to_its_two_teams(tmp_path):
    """An offer's lapse is news (game.engine.deals._lapse), but only the offer's two states
    read it: not the projector, not another team, not another team's mirrored world."""
    from game.net import views
    from game.net.room import Room
    from game.play.model import TightropeModel

    model = TightropeModel(seed=0, humans=("JPN", "KOR"))
    while model.turn <= 4:
        for seat in model.humans:
            model.submit(seat, [], {e.id: e.responses[0].id for e in model.pending_events(seat)})
        model.step()
    lapsed = {o["id"]: o for o in model.world.offers if o["status"] == "lapsed"}
    assert {o["to"] for o in lapsed.values()} == {"JPN", "KOR"}
    room = Room(model, tmp_path, "ABCDEF")
    assert not [n for n in views.public(room)["news"] if n["kind"] == "offer"]
    for seat in ("JPN", "KOR"):
        view = views.team(room, seat, world=True)
        mine = {i for i, o in lapsed.items() if seat in (o["from"], o["to"])}
        news = [n for n in view["news"] if n["kind"] == "offer"]
        log = [n for n in view["world"]["log"] if n["kind"] == "offer"]
        assert {n["text"].split()[1] for n in news} == {i[1:] for i in mine}  # "Offer 3 ..."
        assert {n["id"] for n in log} == mine and all("lapsed" in n["text"] for n in news)
