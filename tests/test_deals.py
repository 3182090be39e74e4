"""Bargaining (issue 12): offers, answers, deals, breaches, on real models and real YAML."""

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents import bargaining
from game.engine import deals, log
from game.engine.errors import ConfigError, GameError
from game.engine.saves import fingerprint, game_to_dict
from game.play.games import load_game as replay_file
from game.play.games import replay
from game.play.model import TightropeModel
from tests.conftest import play

TEMPLATE = "us_jp_tariffs_for_investment"


def at_turn(scenario, seed, turn, humans=("USA",)):
    """A game with ``humans`` passing every quarter, advanced to the start of ``turn``."""
    model = TightropeModel(scenario, seed=seed, humans=humans)
    while model.turn < turn:
        for seat in humans:
            model.submit(seat, [], {e.id: e.responses[0].id for e in model.pending_events(seat)})
        model.step()
    return model


def pass_turn(model):
    for seat in model.humans:
        if seat not in model.submissions:
            answers = {e.id: e.responses[0].id for e in model.pending_events(seat)}
            model.submit(seat, [], answers)
    model.step()


def ours_(model):
    """The US-Japan deal the test made (the AIs make deals of their own meanwhile)."""
    return next(d for d in model.world.deals if d["template"] == TEMPLATE)


def pressed(scenario, seed=3):
    """A game where the human US may offer Tokyo its tariff deal (pressure and tariff up)."""
    model = at_turn(scenario, seed, 2)
    w = model.world
    w.change("pressure.JPN", 2, ("facilitator", "test", "", ""))
    w.change("USA>JPN.tariff", 20, ("facilitator", "test", "", ""))
    model._legal_cache.clear()
    return model


def test_offers_catalogue_is_valid_and_sourced():
    book = deals.load_offers()
    assert len(book.templates) >= 8
    pairs = {(t.by, t.to) for t in book.templates.values()}
    assert {("USA", "JPN"), ("CHN", "JPN"), ("JPN", "KOR"), ("KOR", "JPN")} <= pairs
    assert all(t.source for t in book.templates.values())


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("cost: 1", "cost: 11", "offers[us_jp_tariffs_for_investment].cost"),
        ("from: USA", "from: USB", "offers[us_jp_tariffs_for_investment].from"),
        ("[press_japan, ultimatum_japan, tariff_japan]", "[press_jpn]", "gives.restraint[0]"),
        ("{key: deals.JPN, add: 1}", "{key: deals.XXX, add: 1}", "gives.now"),
    ],
)
def test_a_bad_offers_file_names_file_field_and_problem(tmp_path, old, new, field):
    text = (deals.CONFIGS / "offers.yaml").read_text()
    bad = tmp_path / "offers.yaml"
    bad.write_text(text.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        deals.check_book(bad)
    assert field in str(info.value) and str(bad) in str(info.value)
    out = subprocess.run(
        [sys.executable, "main.py", "validate", str(bad)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and field in out.stderr


def test_a_deal_changes_the_world_only_through_its_terms(scenario):
    model = pressed(scenario)
    start = len(model.world.ledger)
    offer = log.make_offer(model, "USA", "JPN", TEMPLATE)
    assert offer["type"] == "offer" and model.decision_log[-1] == offer
    pass_turn(model)  # Japan's AI answers in the bargaining phase
    deal = ours_(model)
    assert deal["status"] == "active" and deal["template"] == TEMPLATE
    t = model.offer_book.templates[TEMPLATE]
    keys = {e.key for terms in (t.gives, t.asks) for e in (*terms.now, *terms.each_quarter)}
    entries = model.world.entries(start=start)
    offer_id = deal["offer"]
    ours = [e for e in entries if e.kind == "deal" and e.source in (offer_id, deal["id"])]
    assert {e.source for e in ours} == {offer_id, deal["id"]}
    assert {e.key for e in ours if e.source == offer_id} == {"USA.capital"}  # its cost
    # Nothing else in the ledger names the deal: a rule answering it would say so in ``via``.
    assert not [e for e in entries if e.kind != "deal" and e.via in (offer_id, deal["id"])]
    assert {e.key for e in ours if e.source == deal["id"]} <= keys
    for e in ours:
        if e.source == deal["id"]:
            assert e.via == TEMPLATE and e.actor in ("USA", "JPN")
    # The terms land each quarter under the deal's name, in the ledger and in words.
    before = len(model.world.ledger)
    pass_turn(model)
    quarter = [e for e in model.world.entries(start=before) if e.source == deal["id"]]
    assert {e.key for e in quarter} <= keys and quarter
    from game.engine.words import cause_text

    assert "Tariff relief" in cause_text(model, "deal", deal["id"], "USA", TEMPLATE)


def test_restraint_bars_policies_until_the_deal_is_broken(scenario):
    model = pressed(scenario)
    log.make_offer(model, "USA", "JPN", TEMPLATE)
    pass_turn(model)
    deal = ours_(model)
    assert "us_press_japan" not in model.legal_actions("USA")
    why = model.unavailable_reason("USA", "us_press_japan")
    assert deal["id"] in why and "break the deal first" in why
    with pytest.raises(GameError):
        model.submit("USA", ["us_press_japan"], {})
    log.break_deal(model, "USA", deal["id"])
    assert deal["status"] == "broken"
    assert model.unavailable_reason("USA", "us_press_japan") == "" or (
        "deal" not in model.unavailable_reason("USA", "us_press_japan")
    )


def test_a_broken_deal_costs_trust_against_the_same_seeds_kept(scenario):
    model = pressed(scenario)
    log.make_offer(model, "USA", "JPN", TEMPLATE)
    pass_turn(model)
    deal = ours_(model)
    kept, broken = model.clone(), model.clone()
    log.break_deal(broken, "USA", deal["id"])
    assert any(n["kind"] == "breach" for n in broken.world.log)
    for _ in range(2):
        pass_turn(kept)
        pass_turn(broken)
    v, u = broken.world.values, kept.world.values
    assert v["JPN>USA.trust"] < u["JPN>USA.trust"] - 5
    assert v["KOR>USA.trust"] < u["KOR>USA.trust"]  # an onlooker
    assert v["USA.reputation"] < u["USA.reputation"]
    breach = [e for e in broken.world.entries() if e.kind == "deal" and e.via == "breach"]
    assert {e.key for e in breach} >= {"JPN>USA.trust", "USA.reputation"}


def test_keeping_a_deal_to_its_end_builds_trust(scenario):
    model = pressed(scenario)
    log.make_offer(model, "USA", "JPN", TEMPLATE)
    pass_turn(model)
    deal = ours_(model)
    while deal["status"] == "active":
        pass_turn(model)
        deal = ours_(model)
    assert deal["status"] == "kept"
    kept = [e for e in model.world.entries() if e.kind == "deal" and e.via == "kept"]
    assert any(e.key == "JPN>USA.trust" and e.delta > 0 for e in kept)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 50),
    template=st.sampled_from(sorted(deals.load_offers().templates)),
    shifts=st.dictionaries(
        st.sampled_from(["USA>JPN.tariff", "pressure.JPN", "JPN.economy", "senkaku", "taiwan"]),
        st.floats(-10, 10),
        max_size=3,
    ),
)
def test_an_ai_declines_what_costs_it_more_than_its_reservation(scenario, seed, template, shifts):
    model = TightropeModel(scenario, seed=seed)
    for key, delta in shifts.items():
        model.world.add(key, delta, ("facilitator", "test", "", ""))
    t = model.offer_book.templates[template]
    offer = {"id": "o1", "from": t.by, "to": t.to, "template": t.id, "counter_of": ""}
    choice, _counter, reason = bargaining.answer(model, t.to, offer)
    worth = bargaining.gain(model, t.to, t, t.by)
    if worth < bargaining.reservation(model, t.to):
        assert choice != "accept", reason
    if choice == "accept":
        assert worth - bargaining.distrust(model, t.to, t.by) >= bargaining.reservation(model, t.to)


def test_reservations_are_hidden_per_game_and_leave_the_main_stream_alone(scenario):
    a, b = TightropeModel(scenario, seed=1), TightropeModel(scenario, seed=2)
    lo, hi = a.offer_book.settings["reservation"]
    ra = [bargaining.reservation(a, s) for s in a.reg.states]
    assert all(lo <= r <= hi for r in ra)
    assert ra != [bargaining.reservation(b, s) for s in b.reg.states]
    state = a.random.getstate()
    bargaining.reservation(a, "JPN")
    assert a.random.getstate() == state


def test_deals_appear_in_default_play(scenario):
    models = [play(scenario, seed) for seed in range(10)]
    usjp = sum(
        any({d["proposer"], d["recipient"]} == {"USA", "JPN"} for d in m.world.deals)
        for m in models
    )
    assert usjp >= 3, usjp  # in at least 30% of baseline games
    assert any(o["status"] == "declined" for m in models for o in m.world.offers)


def test_press_then_deal_beats_never_dealing(scenario):
    seeds = range(8)
    deal = [play(scenario, s).scores()["USA"] for s in seeds]
    never = [play(scenario, s, personas={"USA": "nodeals"}).scores()["USA"] for s in seeds]
    assert sum(deal) > sum(never)
    nd = play(scenario, 0, personas={"USA": "nodeals"})
    assert not any(o["from"] == "USA" for o in nd.world.offers)


def test_deals_are_deterministic_and_cloned_apart(scenario):
    a, b = play(scenario, 7), play(scenario, 7)
    assert a.world.deals and a.world.deals == b.world.deals
    assert fingerprint(a) == fingerprint(b)
    clone = a.clone()
    assert clone.world.deals == a.world.deals and clone.world.deals is not a.world.deals
    clone.world.deals[0]["status"] = "x"
    assert a.world.deals[0]["status"] != "x"
    # The deals are in the fingerprint: a game whose deals differ is a different game.
    assert fingerprint(clone) != fingerprint(a)


def test_offers_in_the_log_replay_to_the_same_game(scenario, tmp_path):
    """A human Japan answers the offers it gets and breaks a deal: the save replays exactly."""
    model = TightropeModel(scenario, seed=4, humans=("JPN",))
    answered = broke = 0
    while not model.is_over():
        for o in deals.open_offers(model.world, "JPN"):
            choice = "accept" if answered % 2 == 0 else "decline"
            log.answer_offer(model, "JPN", o["id"], choice)
            answered += 1
        if not broke and deals.in_force(model, "JPN") and model.turn > 8:
            log.break_deal(model, "JPN", deals.in_force(model, "JPN")[0]["id"])
            broke = 1
        offerable = deals.proposable(model, "JPN")
        if offerable and model.turn % 3 == 0:
            log.make_offer(model, "JPN", offerable[0].to, offerable[0].id)
        pass_turn(model)
    data = game_to_dict(model)
    kinds = {d["type"] for d in data["decisions"]}
    assert {"answer"} <= kinds, kinds
    again = replay(data)
    assert fingerprint(again) == fingerprint(model)
    assert again.world.deals == model.world.deals
    assert again.world.offers == model.world.offers
    path = tmp_path / "game.json"
    from game.engine.saves import save_game
    from game.play.games import load_game

    save_game(model, path)
    assert fingerprint(load_game(path)) == fingerprint(model)


def test_branching_holds_with_offers_in_the_log(scenario):
    from game.play.branch import branch

    model = play(scenario, 6)
    data = game_to_dict(model)
    a = branch(data, 5, "JPN", [])
    b = branch(data, 5, "JPN", [])
    assert fingerprint(a) == fingerprint(b)


def test_a_decisions_file_makes_and_answers_offers(tmp_path):
    path = tmp_path / "jpn.yaml"
    path.write_text(
        "seat: JPN\nfallback: pass\nturns:\n"
        "  3: {offers: [{to: KOR, template: jp_kr_history_gesture}]}\n"
    )
    out = tmp_path / "save.json"
    run = subprocess.run(
        [sys.executable, "main.py", "run", "--as", "JPN", "--decisions", str(path), "--seed", "2",
         "--save", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    import json

    saved = json.loads(out.read_text())
    assert any(d["type"] == "offer" and d["seat"] == "JPN" for d in saved["decisions"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("seat: JPN\nfallback: pass\nturns:\n  2: {answers: {nothing_here: accept}}\n")
    run = subprocess.run(
        [sys.executable, "main.py", "run", "--as", "JPN", "--decisions", str(bad), "--seed", "2"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 2 and "turns.2" in run.stderr


def test_batch_records_deals_made_and_broken():
    from game.lab.records import DEAL_COLUMNS, columns, play_game

    rec = play_game(seed=1)
    assert set(DEAL_COLUMNS) <= set(columns())
    assert rec["deals.made"] >= 1 and rec["deals.offers"] >= rec["deals.made"]
    assert rec["deals.broken"] == len(rec["deals.broken_by"].split())


def _positions(scenario, seeds=(3, 4, 5), turns=(1, 5, 9, 13)):
    """Models of all-AI games at the start of a few quarters (with the deals they made)."""
    for seed in seeds:
        model = TightropeModel(scenario, seed=seed, texts=False)
        while not model.is_over():
            if model.turn in turns:
                yield model
            model.step()


def test_a_what_if_never_moves_a_score_beyond_its_bound(scenario):
    """whatif.change_bounds hold for every seat's every policy and deal term, in real games
    and in worlds shaken at random (every value anywhere in its bounds)."""
    import random

    from game.engine import whatif
    from game.engine.world import _BOUNDS

    def shaken(model, seed):
        rng = random.Random(seed)
        for key, (lo, hi, _scale) in _BOUNDS.items():
            if key in model.world.values and rng.random() < 0.5:
                model.world.change(
                    key, rng.choice((lo, hi, rng.uniform(lo, hi))), ("test", "", "", "")
                )
        return model

    extra = [shaken(TightropeModel(scenario, seed=s, texts=False), s) for s in range(6)]
    for model in [*_positions(scenario), *extra]:
        for seat in model.reg.states:
            objectives = model.catalog.objectives[seat]
            effects = [p.effects for p in model.catalog.policies.values()]
            effects += [
                bargaining.terms_effects(model, t, q, signing)
                for t in model.offer_book.templates.values()
                for q in (1, t.duration)
                for signing in (True, False)
            ]
            for eff in effects:
                delta = whatif.score_delta(model, seat, eff)
                lower, raise_ = whatif.change_bounds(objectives, eff)
                assert -lower <= delta <= raise_


def test_a_snapshot_scores_as_the_world_stood_when_it_was_taken(scenario):
    from game.engine import whatif

    model = TightropeModel(scenario, seed=7, texts=False)
    for _ in range(4):
        model.step()
    policies = list(model.catalog.policies.values())
    before = {
        seat: (
            whatif.snapshot(model, seat),
            [whatif.score_delta(model, seat, p.effects) for p in policies],
        )
        for seat in model.reg.states
    }
    model.step()  # the world moves on (and other seats' caches with it)
    moved = 0
    for seat, (snap, deltas) in before.items():
        now = [whatif.delta_at(model, seat, p.effects, snap) for p in policies]
        assert now == deltas  # to the bit
        moved += now != [whatif.score_delta(model, seat, p.effects) for p in policies]
    assert moved


def test_clears_says_what_gain_says_and_leaves_the_same_judgements(scenario):
    """``clears`` (bounds first) answers as ``gain`` does, and the quarter's memo ends up with
    the numbers ``gain`` would have judged at that moment, even if the world moves after."""
    cause = ("facilitator", "test", "", "")
    for model in _positions(scenario, seeds=(11, 12)):
        for t in model.offer_book.templates.values():
            for seat in (t.by, t.to):
                for q, signing in ((t.duration, True), (2, False)):
                    model.__dict__.pop("_bargain_memo", None)
                    exact = bargaining.gain(model, seat, t, t.by, q, signing)
                    judged = dict(bargaining._turn_memo(model))
                    for needed in (exact - 0.01, exact + 0.01, exact - 2, exact + 2, -0.3, 0.6):
                        model.__dict__.pop("_bargain_memo", None)
                        says = bargaining.clears(model, seat, t, t.by, needed, 0.0, q, signing)
                        assert says == (exact >= needed)
                        model.world.add(f"{seat}.economy", 3.0, cause)  # the world moves on
                        bargaining.restraint_value(model, seat, t, t.by, q)
                        assert bargaining._turn_memo(model) == judged
                        model.world.add(f"{seat}.economy", -3.0, cause)


def test_a_lapsed_offer_is_news_to_its_two_states_with_its_cause(scenario):
    """Both lapses of a real game are news that name the offer and why it lapsed: the pair's
    other offer when two states sign a deal, and an offer a human left unanswered. Only the
    offer's two states read it (offers are private); a batch game words neither."""
    model = TightropeModel(scenario, seed=0, humans=("KOR",))
    while not model.is_over() and model.turn <= 4:
        pass_turn(model)
    w, names = model.world, model.reg.state_names
    lapsed = [o for o in w.offers if o["status"] == "lapsed"]
    lines = {e["id"]: e for e in w.log if e["kind"] == "offer"}
    signed = next(o for o in lapsed if o["to"] != "KOR")  # the pair signed another offer
    unanswered = next(o for o in lapsed if o["to"] == "KOR")
    assert set(lines) == {o["id"] for o in lapsed}
    for o, why in (
        (signed, "signed deal"),
        (unanswered, "South Korea did not answer it in the quarter it had"),
    ):
        t = model.offer_book.templates[o["template"]]
        line = lines[o["id"]]
        assert line["turn"] in (o["turn"], o["turn"] + 1) and line["actor"] == o["from"]
        assert line["text"].startswith(
            f"Offer {o['id'][1:]} lapsed, {names[o['from']]} to {names[o['to']]}: {t.name}. "
        )
        assert why.lower() in line["text"].lower() and why.lower() in o["answer"].lower()
    deal = next(
        d for d in w.deals if {d["proposer"], d["recipient"]} == {signed["from"], signed["to"]}
    )
    assert (
        f"signed deal {deal['id'][1:]} ({model.offer_book.templates[deal['template']].name})"
        in (lines[signed["id"]]["text"])
    )
    # Private: the projector and the other states don't read it; the two states do.
    for o in (signed, unanswered):
        outside = next(s for s in model.reg.states if s not in (o["from"], o["to"]))
        assert lines[o["id"]] not in deals.news_for(w, None)
        assert lines[o["id"]] not in deals.news_for(w, outside)
        assert lines[o["id"]] in deals.news_for(w, o["from"])
        assert lines[o["id"]] in deals.news_for(w, o["to"])
    # A batch game lapses the same offers and words nothing.
    bare = TightropeModel(scenario, seed=0, humans=("KOR",), texts=False)
    while not bare.is_over() and bare.turn <= 4:
        pass_turn(bare)
    assert [o["status"] for o in bare.world.offers] == [o["status"] for o in w.offers]
    assert not bare.world.log and not any(o["answer"] for o in bare.world.offers)


def test_the_look_ahead_caches_die_with_their_scenario():
    """agents/bargaining.py's caches live in the scenario's Game (``Game.memo``), not in the
    module: a classroom server that loads scenario after scenario keeps none of those it no
    longer plays (their scenario, Game and catalogue are freed)."""
    import dataclasses
    import gc
    import weakref
    from pathlib import Path

    from game.engine.catalog import Catalog
    from game.engine.scenario import load_scenario

    alive = []
    for path in sorted(Path("configs/scenarios").glob("*.yaml")):
        loaded = load_scenario(path)
        cat = loaded.catalog  # (a catalogue of its own, as a scenario with its own files has)
        own = Catalog(dict(cat.policies), dict(cat.events), dict(cat.objectives))
        scenario = dataclasses.replace(loaded, catalog=own)
        model = TightropeModel(scenario, seed=1, texts=False)
        for _ in range(4):
            model.step()
        assert {key[0] for key in model.game.memo} == {"terms", "restrained", "plan", "look"}
        alive.append([weakref.ref(x) for x in (scenario, model.scenario, model.game, own)])
        del loaded, cat, own, scenario, model
    gc.collect()
    assert [[r() is None for r in refs] for refs in alive] == [[True] * 4] * len(alive)


def test_asking_the_advisor_about_offers_leaves_the_game_as_it_was(scenario):
    """The advisor judges a seat's offers on a copy: the bargaining look-ahead keeps its
    judgements on the state it runs on, so asking for advice must not change the game."""
    quiet, asked = (TightropeModel(scenario, seed=5, humans=("JPN",)) for _ in range(2))
    answered, proposed = 0, []
    for _ in range(10):
        for model in (quiet, asked):
            if model is asked:
                answers = model.offer_advice("JPN")
                assert all(c in ("accept", "decline", "counter") for c, _t, _w in answers.values())
                answered += len(answers)
                # ... and the offer its default rules would send: one it may send now, why
                for to, tid, why in model.proposal_advice("JPN"):
                    template = model.offer_book.templates[tid]
                    assert template in deals.proposable(model, "JPN") and template.to == to
                    assert why.startswith("worth +")
                    proposed.append(tid)
            model.submit("JPN", [], model.advice("JPN")["responses"])
            model.step()
    assert answered > 0  # (seed 5: Beijing, Washington and Seoul all court Tokyo)
    assert proposed  # (Tokyo has offers worth making in ten quarters)
    assert fingerprint(asked) == fingerprint(quiet)


def test_a_decisions_file_with_the_advisor_as_fallback_answers_its_offers(tmp_path):
    """``fallback: advisor`` fills what the file leaves out, the offers to answer included (they
    lapsed, so a seat that followed the advisor in a file bargained worse than the AI) and the
    offers to send; the game saves and replays to the same fingerprint."""
    decisions = tmp_path / "jpn.yaml"
    decisions.write_text("seat: JPN\nfallback: advisor\nturns: {}\n")
    save = tmp_path / "game.json"
    args = ["run", "--seed", "5", "--as", "JPN", "--decisions", decisions, "--save", save]
    result = subprocess.run(
        [sys.executable, "main.py", *map(str, args), "--quiet"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    model = replay_file(save)
    to_japan = [o for o in model.world.offers if o["to"] == "JPN"]
    # (an offer may lapse because the two signed another deal, never for want of an answer)
    lapsed = [o["answer"] for o in to_japan if o["status"] == "lapsed"]
    assert to_japan and all("signed deal" in why for why in lapsed), lapsed
    assert any(e["type"] == "answer" and e["seat"] == "JPN" for e in model.decision_log)
    sent = [e for e in model.decision_log if e["type"] == "offer" and e["seat"] == "JPN"]
    assert sent and len(sent) == sum(1 for o in model.world.offers if o["from"] == "JPN")
    assert fingerprint(model) == json.loads(save.read_text())["fingerprint"]
