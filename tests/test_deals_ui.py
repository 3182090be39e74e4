"""The offers panel through the real window (headless pygame, posted input), and offers
between teams in a class game (each team sees its inbox only on its own turn)."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from game.engine import deals, log  # noqa: E402
from game.play.classroom import Classroom  # noqa: E402
from game.ui.driver import Driver, headless_app  # noqa: E402


def test_the_offers_panel_sends_answers_and_comes_back(tmp_path):
    app = headless_app(tmp_path)
    d = Driver(app)
    d.click(d.button("New game"))
    d.key("Enter")
    assert d.screen() == "TurnScreen"
    # Play on until the AIs have sent Japan an offer (or the middle of the game).
    while not deals.open_offers(app.session.model.world, "JPN") and app.session.model.turn < 8:
        while app.screen.popup is not None:
            d.key("1")
        d.key("A")
        d.key("E")
        d.key("Enter")
    m = app.session.model
    while app.screen.popup is not None:
        d.key("1")
    d.key("O")
    assert d.screen() == "OffersScreen"
    inbox = deals.open_offers(m.world, "JPN")
    if inbox:
        # The advisor says what the seat's default rules would answer, beside each offer.
        advised = app.session.offer_advice()
        assert set(advised) == {o["id"] for o in inbox}
        shown = app.screen.inbox_html(inbox)
        assert shown.count("Advisor: ") == len(inbox)
        choice, _counter, why = advised[inbox[0]["id"]]
        assert why and (choice in shown or "counter with" in shown)
        d.key("D")  # decline the first
        assert inbox[0]["status"] == "declined", app.status
        assert any(e["type"] == "answer" for e in m.decision_log)
    # The advisor marks the offer the seat's default rules would send now, if any.
    proposals = app.session.proposal_advice()
    shown = app.screen.propose_html(m.offer_book.from_seat("JPN"))
    assert shown.count("The advisor would send this one") == len(proposals) <= 1
    assert ("Advisor: no offer is worth sending now" in shown) == (not proposals)
    sendable = [t for t in m.offer_book.from_seat("JPN") if t in deals.proposable(m, "JPN")]
    if sendable:
        key = str(m.offer_book.from_seat("JPN").index(sendable[0]) + 1)
        d.key(key)
        assert any(e["type"] == "offer" for e in m.decision_log), app.status
    # Both sizes draw (the panel scales with the window).
    d.resize((1920, 1080))
    assert d.screen() == "OffersScreen"
    d.resize((1280, 720))
    d.key("Esc")
    assert d.screen() == "TurnScreen"
    assert app.screen.offers_label().startswith("Offers and deals")


def test_teams_send_offers_to_each_other_and_see_only_their_own(tmp_path, scenario):
    c = Classroom.new(None, 4, ["JPN", "KOR"], tmp_path)
    m = c.model
    assert c.team == "JPN"
    log.make_offer(m, "JPN", "KOR", "jp_kr_history_gesture")
    assert c.board()["log"] == []  # the F2 view lists the facilitator's acts, not the teams'
    # Japan's inbox holds nothing of it; Korea's, on Korea's turn, does.
    assert not [o for o in deals.open_offers(m.world, "JPN") if o["from"] == "JPN"]
    assert not any("history gesture" in n["text"] for n in m.world.log)  # no news of it
    c.sessions["JPN"].end_turn()
    assert not c.team_done()
    assert c.team == "KOR"
    (offer,) = [o for o in deals.open_offers(m.world, "KOR") if o["from"] == "JPN"]
    log.answer_offer(m, "KOR", offer["id"], "accept")
    (deal,) = [d for d in m.world.deals if d["offer"] == offer["id"]]
    assert deal["status"] == "active"
    c.sessions["KOR"].end_turn()
    assert c.team_done()
    c.resolve()
    assert "history_provocation" in m.offer_book.templates[deal["template"]].asks.restraint
    assert "kor_history_demand" not in m.legal_actions("KOR")
