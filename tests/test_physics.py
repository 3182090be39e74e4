"""The world's physics as claims of the essay's mechanism, each over 200 seeded games (issue 10):
China's coercion answers a Taiwan move promptly and relations fall fast; Washington tariffs its
allies by choice, deals for relief down to a floor, and raises a met demand; a hawkish Japan
risks a clash that default play rarely does; and "press, then settle" pays the US seat.

A seat's plan is submitted for it each quarter (its AI still decides, so the random stream is
the same as an all-AI game's until the plans diverge)."""

from collections import Counter

import pytest

from game.engine import deals, log
from game.engine.scenario import load_scenario
from game.play.model import TightropeModel

pytestmark = pytest.mark.slow
SEEDS = range(200)
HAWK = (
    "jpn_taiwan_transit", "jpn_taiwan_statement", "jpn_defence_surge", "jpn_raise_defence",
    "jpn_asian_nato", "jpn_coast_guard_senkaku",
)  # fmt: skip


@pytest.fixture(scope="module")
def sc():
    return load_scenario()


def fit(model, seat, wanted):
    """The policies of ``wanted`` the seat may play now, in order, within its capital."""
    legal, capital, chosen = model.legal_set(seat), model.capital_left(seat), []
    for pid in wanted:
        cost = model.catalog.policies[pid].cost
        if pid in legal and cost <= capital and pid not in chosen:
            chosen.append(pid)
            capital -= cost
    return chosen


def play(sc, seed, plans=None, turns=None):
    """Play to the end (or ``turns`` quarters); ``plans``: {seat: plan(model) -> policy ids or
    None (the AI decides)}."""
    model = TightropeModel(sc, seed=seed)
    while not model.is_over() and (turns is None or model.turn <= turns):
        for seat, plan in (plans or {}).items():
            wanted = plan(model)
            if wanted is not None:
                model.submit(seat, fit(model, seat, wanted), model.advice(seat)["responses"])
        model.step()
    return model


def advised(model, seat):
    return [pid for pid, _rule, _why in model.advice(seat)["actions"]]


def coercion(model, turns):
    return sum(
        1
        for e in model.world.log
        if e["kind"] == "policy" and e["turn"] in turns and "coerce_japan" in e["act"][4]
    )


def test_a_taiwan_statement_brings_prompt_coercion_and_a_fall_in_relations(sc):
    def with_statement(m):
        if m.turn == 2:
            # A Tokyo set on the statement first breaks a deal that bars it (issue 12).
            deal = deals.barred(m, "JPN").get("jpn_taiwan_statement")
            if deal is not None:
                log.break_deal(m, "JPN", deal["id"])
            return ["jpn_taiwan_statement", *advised(m, "JPN")]
        return None

    def without(m):
        if m.turn == 2:
            tagged = set(m.tagged("JPN", "taiwan_provocation"))
            return [p for p in advised(m, "JPN") if p not in tagged]
        return None

    after = range(2, 6)
    more = fell = 0
    total_with = total_without = 0
    for seed in SEEDS:
        hot = play(sc, seed, {"JPN": with_statement}, turns=5)
        calm = play(sc, seed, {"JPN": without}, turns=5)
        a, b = coercion(hot, after), coercion(calm, after)
        total_with, total_without = total_with + a, total_without + b
        more += a > b
        bands = [b for b, _name in hot.reg["CHN-JPN.relations"].bands]
        start = hot.snapshots[1]["CHN-JPN.relations"]
        low = min(s["CHN-JPN.relations"] for s in hot.snapshots[2:])
        fell += sum(low < x <= start for x in bands) >= 1
    assert total_with >= total_without + len(SEEDS), (total_with, total_without)
    assert more >= 0.6 * len(SEEDS), more
    assert fell >= 0.2 * len(SEEDS), fell  # a real share: one game in five (measured: 27.5%)


@pytest.fixture(scope="module")
def default_games(sc):
    return [play(sc, seed) for seed in SEEDS]


def test_washington_tariffs_its_allies_by_choice(default_games):
    tariff_cards = {"us_car_tariffs_japan", "us_steel_tariffs_korea", "us_universal_tariff"}
    by_choice = sum(
        any(e["kind"] == "policy" and e["id"] in tariff_cards for e in m.world.log)
        for m in default_games
    )
    assert by_choice >= 0.5 * len(default_games), by_choice


def test_a_deal_lowers_a_tariff_but_not_to_zero(default_games):
    deals = [
        e
        for m in default_games
        for key in ("USA>JPN.tariff", "USA>KOR.tariff")
        for e in m.world.entries(key=key)
        if e.source == "TariffDeals"
    ]
    assert len(deals) >= 0.2 * len(default_games)
    assert all(e.after < e.before and e.after >= 10.0 for e in deals)


def test_a_met_demand_is_followed_by_a_higher_one(sc):
    def pay(m):
        return ["jpn_defence_surge", "jpn_raise_defence", "jpn_host_nation_support"]

    raised = 0
    for seed in SEEDS[:50]:
        m = play(sc, seed, {"JPN": pay})
        hits = [e for e in m.world.entries(key="demands_met.JPN") if e.after > e.before]
        raised += bool(hits)
        for e in hits:  # each raise comes when Japan's defence reached the demand before it
            assert e.source == "BurdenSharingLedger"
    assert raised >= 45, raised


def test_a_hawkish_japan_risks_a_clash_that_default_play_rarely_does(sc, default_games):
    hawks = [play(sc, seed, {"JPN": lambda m: HAWK}) for seed in SEEDS]
    hawk_rate = sum("crisis" in m.world.flags for m in hawks) / len(hawks)
    default_rate = sum("crisis" in m.world.flags for m in default_games) / len(default_games)
    assert 0.10 <= hawk_rate <= 0.30, hawk_rate
    assert default_rate <= 0.05, default_rate


def test_every_card_is_chosen_by_its_default_ai_in_2_percent_of_baseline_games(sc, default_games):
    """Issue 10: each policy is chosen by some default AI in >= 2% of baseline games, save the
    situational cards health lists apart (configs/health.yaml, each with its reason)."""
    from game.lab.health import load_config

    situational = load_config()["situational"]
    played = Counter(pid for m in default_games for pid in policies_played(m))
    rare = {
        pid: played[pid] / len(default_games)
        for pid in sc.catalog.policies
        if pid not in situational and played[pid] < 0.02 * len(default_games)
    }
    assert not rare, rare
    # and a card set apart is really one the default AIs pass over (else take it off the list)
    assert all(played[pid] < 0.02 * len(default_games) for pid in situational), situational


def policies_played(model):
    return {e["id"] for e in model.world.log if e["kind"] == "policy"}


def test_press_then_settle_scores_at_least_as_well_as_pure_reassurance(sc):
    def press_then_settle(m):
        """Press (a rung and a tariff a quarter) until the ally pays, then deal and reassure."""
        plan, v = ["us_tariffs_china"], m.world.values
        for ally, press, tariff, ease, reassure in (
            ("JPN", "us_press_japan", "us_car_tariffs_japan", "us_ease_japan", "us_reassure_japan"),
            (
                "KOR",
                "us_press_korea",
                "us_steel_tariffs_korea",
                "us_ease_korea",
                "us_reassure_korea",
            ),
        ):
            paid = any(a.actor == ally and "burden_sharing" in a.tags for a in m.last_turn_acts())
            if paid and v[f"pressure.{ally}"] >= 1:
                plan.append(ease)
            elif v[f"deals.{ally}"] >= 1:
                plan.append(reassure)
            elif v[f"pressure.{ally}"] < 3:
                plan += [press, tariff]
        return plan

    def reassure(m):
        return ["us_reassure_japan", "us_reassure_korea", "us_joint_exercise", "us_tariffs_china"]

    seeds = SEEDS[:100]
    press = sum(play(sc, s, {"USA": press_then_settle}).scores()["USA"] for s in seeds)
    calm = sum(play(sc, s, {"USA": reassure}).scores()["USA"] for s in seeds)
    assert press >= calm, (press / len(seeds), calm / len(seeds))


def coerced_korea(model, turns):
    return sum(
        1
        for e in model.world.log
        if e["kind"] == "policy" and e["turn"] in turns and "coerce_korea" in e["act"][4]
    )


def test_a_thaad_upgrade_brings_chinas_coercion_on_seoul(sc):
    """The 2017 playbook: Seoul's missile defence raises Beijing's coercion of Korea in the
    quarters after, against the same seeds without it."""

    def with_thaad(m):
        if m.turn == 2:
            return ["kor_thaad_upgrade", *advised(m, "KOR")]
        return None

    def without(m):
        if m.turn == 2:
            return [p for p in advised(m, "KOR") if p != "kor_thaad_upgrade"]
        return None

    after = range(2, 7)
    hot = sum(coerced_korea(play(sc, s, {"KOR": with_thaad}, turns=6), after) for s in SEEDS)
    calm = sum(coerced_korea(play(sc, s, {"KOR": without}, turns=6), after) for s in SEEDS)
    # measured with bargaining in: 45 of 200 against 7 (Seoul's deals with Beijing calm some)
    assert hot >= calm + 0.15 * len(SEEDS), (hot, calm)


def test_the_ladder_climbs_two_rungs_when_an_ally_pays_nothing(sc):
    """A Japan that never pays is far from the number: Washington's ultimatum climbs two rungs
    in one quarter in a real share of games (issue 10: multi-rung moves)."""

    def stingy(m):
        return [p for p in advised(m, "JPN") if "burden_sharing" not in m.catalog.policies[p].tags]

    jumps = 0
    for seed in SEEDS[:100]:
        m = play(sc, seed, {"JPN": stingy})
        jumps += any(e.source == "us_ultimatum_japan" for e in m.world.entries(key="pressure.JPN"))
    assert jumps >= 15, jumps  # measured: 24 of 100


ANTI_US = ("jpn_retaliatory_tariffs", "jpn_walk_away", "jpn_leaders_summit_china")


def test_an_ally_can_walk_away_at_a_price_and_default_play_rarely_does(sc, default_games):
    def anti_us(m):
        advice = advised(m, "JPN")
        return [
            *ANTI_US,
            *(p for p in advice if "burden_sharing" not in m.catalog.policies[p].tags),
        ]

    walked = [play(sc, seed, {"JPN": anti_us}) for seed in SEEDS]
    ruptured = sum("ruptured:JPN" in m.world.flags for m in walked) / len(walked)
    default_rate = sum(
        any(k.startswith("ruptured:") for k in m.world.flags) for m in default_games
    ) / len(default_games)
    assert ruptured >= 0.5, ruptured
    assert default_rate <= 0.02, default_rate
    cost = sum(m.scores()["JPN"] for m in default_games) / len(default_games) - sum(
        m.scores()["JPN"] for m in walked
    ) / len(walked)
    assert cost >= 10.0, cost  # expensive: a rupture is a loss for Japan


def test_default_japan_sometimes_retaliates_against_us_tariffs(default_games):
    used = sum(
        any(e["kind"] == "policy" and e["id"] == "jpn_retaliatory_tariffs" for e in m.world.log)
        for m in default_games
    )
    assert used >= 0.02 * len(default_games), used
