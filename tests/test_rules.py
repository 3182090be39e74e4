"""One test per rule, in the Axelrod library's manner: a scripted situation (tests/rulekit.py),
one rule called, its exact proposals or ledger entries asserted. Numbers follow from the
baseline scenario's start values and configs/rules.yaml; each comment shows the sum."""

from pathlib import Path

import pytest
from rulekit import Situation

from agents.base import STATE_CLASSES
from game.engine.errors import ConfigError
from game.engine.physics import WORLD_RULES
from game.engine.rules import RULES, resolve_params

ESSAY_SECTIONS = ("Introduction", "Trump's Transactionalism", "Continued Obstacles", "Conclusion")
JPN_PAY = ("jpn_raise_defence", "jpn_defence_surge", "jpn_host_nation_support")
COURT_JAPAN = (
    "chn_ease_seafood_ban", "chn_summit_japan", "chn_visa_waiver_japan", "chn_trade_talks_japan",
    "chn_release_detainees", "chn_security_dialogue_japan", "chn_ease_export_curbs",
)  # fmt: skip
COERCE_JAPAN = (
    "chn_detain_national", "chn_tighten_seafood_ban", "chn_rare_earth_curbs",
    "chn_travel_advisory", "chn_history_campaign",
)  # fmt: skip


def all_rules():
    seats = {code: cls.rule_set for code, cls in STATE_CLASSES.items()}
    seats["world"] = WORLD_RULES
    return {name for names in seats.values() for name in names}


# ------------------------------------------------------------------------------ metadata


def test_every_rule_has_a_test_here():
    tested = {name[4:] for name in globals() if name.startswith("Test")}
    assert tested == all_rules() == set(RULES)


@pytest.mark.parametrize("name", sorted(all_rules()))
def test_every_rule_names_its_source_model_essay_section_and_phases(name):
    rule = RULES[name]
    assert any(section in rule.source for section in ESSAY_SECTIONS), rule.source
    assert rule.models and rule.phases and set(rule.phases) <= {
        "decisions", "reactions", "drift", "scoring",
    }  # fmt: skip
    doc = " ".join((rule.__doc__ or "").split())
    assert len(doc.split()) > 20 and any(section in doc for section in ESSAY_SECTIONS), doc
    for phase, method in (("decisions", "propose"), ("reactions", "react"), ("drift", "drift")):
        if phase in rule.phases:
            assert method in vars(rule), (name, method)
    assert rule.params, name


# ------------------------------------------------------------------------------ parameters


def test_resolve_params_wants_every_parameter_and_only_known_ones_of_the_right_kind():
    cls = RULES["CrisisEscalation"]
    more = {"heat_floor": 80.0, "incident_chance": 0.01}
    assert resolve_params(cls, {"brink": 90, "clash_chance": 0.5, **more}, "x", "f") == {
        "brink": 90,
        "clash_chance": 0.5,
        **more,
    }
    cases = [
        ({"brink": 90, **more}, "f.clash_chance", "is missing"),
        ({"brink": 90, "clash_chance": 0.5, "brinkk": 1, **more}, "f.brinkk", "not a parameter"),
        ({"brink": "high", "clash_chance": 0.5, **more}, "f.brink", "must be a number"),
        ({"brink": True, "clash_chance": 0.5, **more}, "f.brink", "must be a number"),
    ]
    for raw, field, problem in cases:
        with pytest.raises(ConfigError) as err:
            resolve_params(cls, raw, "x", "f")
        assert err.value.field == field and problem in err.value.problem
    with pytest.raises(ConfigError, match="whole number"):
        Situation().rule("USA", "ChinaHawkGuardrail", cooldown=2.5)
    with pytest.raises(ConfigError, match="JPN, KOR"):
        Situation().rule("USA", "BurdenSharingLedger", hns_demand={"JPN": 6.4})


def test_rules_yaml_must_give_every_parameter_a_scenario_may_override(monkeypatch):
    from game.engine import scenario

    values = scenario._rule_values()
    slim = {**values, "world": {**values["world"], "CrisisEscalation": {"brink": 95.0}}}
    monkeypatch.setattr(scenario, "_rule_values", lambda: slim)
    with pytest.raises(ConfigError) as err:
        scenario.resolve_parameters({"world": {"CrisisEscalation": {"brink": 90.0}}}, "s.yaml")
    assert err.value.path.endswith("rules.yaml")
    assert err.value.field == "parameters.world.CrisisEscalation.clash_chance"


def test_every_parameter_value_in_the_pack_lies_in_its_range():
    from game.engine.scenario import load_scenario

    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "configs" / "scenarios").glob("*.yaml")):
        for seat, rules in load_scenario(path).parameters.items():
            for name, params in rules.items():
                for key, value in params.items():
                    assert RULES[name].params[key].allows(value), (path.name, seat, name, key)


# ------------------------------------------------------------------------------ world rules


class TestRelationsFollowTrust:
    def test_mutual_trust_lifts_relations_a_fifth_of_the_way(self):
        s = Situation(values={"JPN>CHN.trust": 28, "CHN>JPN.trust": 30})  # both +10
        # target +0.6 * 10 = +6; a fifth of it: 30 + 1.2
        assert s.drift("world", "RelationsFollowTrust") == [("CHN-JPN.relations", 30, 31.2, "")]

    def test_the_opinion_ceiling_pulls_relations_back(self):
        s = Situation(values={"CHN-JPN.relations": 60})
        # target 30 (the start's equilibrium): 60 - 0.2 * 30 = 54; ceiling 100 - 0.6 * 88.35 =
        # 46.99; above it: 54 - 0.35 * (54 - 46.99) = 51.5465
        assert s.drift("world", "RelationsFollowTrust") == [("CHN-JPN.relations", 60, 51.55, "")]


class TestSlowOpinion:
    def test_opinion_mends_slowly_and_at_most_max_fall(self):
        s = Situation(values={"JPN>CHN.trust": 28})  # +10: target 89 - 10 = 79; 0.06 * -10
        assert s.drift("world", "SlowOpinion") == [("JPN>CHN.negative", 89, 88.4, "")]
        s = Situation(values={"JPN>CHN.trust": 48})  # +30: 0.06 * -30 = -1.8, capped at -1.5
        assert s.drift("world", "SlowOpinion") == [("JPN>CHN.negative", 89, 87.5, "")]

    def test_opinion_sours_fast_after_a_shock_up_to_max_rise(self):
        s = Situation(values={"JPN>CHN.trust": 8})  # -10: target 99; 0.15 * 10 = 1.5
        assert s.drift("world", "SlowOpinion") == [("JPN>CHN.negative", 89, 90.5, "")]
        s = Situation(values={"CHN>JPN.trust": 0, "CHN>JPN.negative": 50})  # target 107.7
        # 0.15 * 57.7 = 8.655, capped at max_rise 8
        assert ("CHN>JPN.negative", 50, 58, "") in s.drift("world", "SlowOpinion")


class TestFlashpointCooling:
    def test_flashpoints_and_history_relax_and_a_detainee_may_go_free(self):
        s = Situation(values={"senkaku": 75, "history.CHN-JPN": 65})
        assert s.drift("world", "FlashpointCooling", release_chance=1.0) == [
            ("senkaku", 75, 71.4, ""),  # 75 + 0.12 * (45 - 75)
            ("taiwan", 50, 49.4, ""),  # 50 + 0.12 * (45 - 50)
            ("history.CHN-JPN", 65, 64.6, ""),  # 65 + 0.04 * (55 - 65)
            ("detained", 5, 4, ""),
        ]
        s = Situation(values={"senkaku": 45, "taiwan": 45})
        assert s.drift("world", "FlashpointCooling", release_chance=0.0) == []


class TestPressureLadderBite:
    def test_off_the_tariff_rung_a_tariff_eases_only_to_the_floor(self):
        s = Situation(values={"pressure.JPN": 2, "USA>JPN.tariff": 20})
        assert s.drift("world", "PressureLadderBite")[-1] == (
            "USA>JPN.tariff", 20, 17, ""  # 20 + 0.3 * (floor 10 - 20)
        )  # fmt: skip
        s = Situation(values={"pressure.JPN": 2, "USA>JPN.tariff": 9})
        assert [e[0] for e in s.drift("world", "PressureLadderBite")] == [
            "JPN>USA.trust", "alliance.USA-JPN", "JPN.approval", "JPN.economy",
        ]  # fmt: skip

    def test_the_top_rung_costs_everything_below_it_too(self):
        s = Situation(values={"pressure.JPN": 5})
        assert s.drift("world", "PressureLadderBite") == [
            ("JPN>USA.trust", 70, 69, ""),  # rhetoric
            ("alliance.USA-JPN", 78, 77.4, ""),
            ("JPN.approval", 32, 31.4, ""),  # threats
            ("JPN.economy", 100, 99.85, ""),
            ("USA>JPN.tariff", 2, 15, ""),  # tariffs at tariff_level
            ("alliance.USA-JPN", 77.4, 75.9, ""),  # troop-cut threats
            ("troops.JPN", 54, 52, ""),  # troop cuts, above the floor 0.75 * 54
        ]

    def test_rhetoric_only_dents_trust_and_cohesion(self):
        s = Situation(values={"pressure.KOR": 1})
        assert s.drift("world", "PressureLadderBite") == [
            ("KOR>USA.trust", 62, 61, ""),
            ("alliance.USA-KOR", 66, 65.4, ""),
        ]


class TestTradeAndTariffs:
    def test_a_us_tariff_on_japan_drags_its_growth_and_diverts_its_exports(self):
        s = Situation(values={"USA>JPN.tariff": 12})  # 10 points above the start
        assert s.drift("world", "TradeAndTariffs") == [
            # target 19.9 * (1 - 0.004 * 10) = 19.104; 19.9 + 0.15 * (19.104 - 19.9)
            ("JPN>USA.exports", 19.9, 19.78, ""),
            # drag 10 * 19.9 / 100 = 1.99; target 0.1 - 0.1 * 1.99; 0.1 + 0.4 * -0.199
            ("JPN.growth", 0.1, 0.02, ""),
            ("JPN.economy", 100, 99.98, ""),  # + (0.02 - 0.1) / 4
        ]

    def test_a_us_slump_lowers_us_growth_toward_its_trend_and_the_economy_follows(self):
        s = Situation()
        assert s.drift("world", "TradeAndTariffs", us_trend=0.5, china_trend=1.1) == [
            ("USA.growth", 2.8, 2.24, ""),  # trend 2.8 * 0.5; 2.8 + 0.4 * (1.4 - 2.8)
            ("USA.economy", 100, 99.86, ""),  # + (2.24 - 2.8) / 4
            ("CHN.growth", 5, 5.2, ""),  # trend 5 * 1.1; 5 + 0.4 * 0.5
            ("CHN.economy", 100, 100.05, ""),  # + (5.2 - 5) / 4
        ]


class TestAllianceCohesion:
    def test_pressure_lowers_cohesion_and_the_trilateral_follows(self):
        s = Situation(values={"pressure.JPN": 2})
        assert s.drift("world", "AllianceCohesion") == [
            ("alliance.USA-JPN", 78, 76.8, ""),  # target 78 - 3 * 2; 78 + 0.2 * -6
            ("alliance.trilateral", 60, 59.88, ""),  # target 60 + (71.4 - 72); 60 + 0.2 * -0.6
        ]


class TestAllianceRupture:
    def test_washington_never_leaves_by_rule(self):
        s = Situation(values={"alliance.USA-JPN": 10, "pressure.JPN": 5})
        assert s.drift("world", "AllianceRupture") == []
        assert "ruptured:JPN" not in s.model.world.flags

    def test_an_ally_that_walks_away_from_a_strained_alliance_ruptures_it(self):
        s = Situation(values={"alliance.USA-JPN": 30})
        s.act("JPN", "jpn_walk_away")  # 30 - 12 = 18, below 25
        entries = s.drift("world", "AllianceRupture")
        assert s.model.world.flags["ruptured:JPN"] == s.model.world.turn
        keys = [e[0] for e in entries]
        assert keys[:3] == ["USA>JPN.trust", "JPN>USA.trust", "JPN.approval"]
        assert entries[-1] == ("alliance.USA-JPN", 18, 15, "")  # capped at ruptured_cap
        assert all(e[3] == "jpn_walk_away" for e in entries[:-1])
        s.values["alliance.USA-JPN"] = 40  # it stays broken
        assert s.drift("world", "AllianceRupture") == [("alliance.USA-JPN", 40, 15, "")]

    def test_walking_away_from_a_sound_alliance_does_not_break_it(self):
        s = Situation()
        s.act("JPN", "jpn_walk_away")  # 78 - 12 = 66
        assert s.drift("world", "AllianceRupture") == []


class TestDomesticPolitics:
    def test_capital_refills_with_approval_and_approval_follows_growth(self):
        s = Situation(values={"KOR.growth": 1.0})  # 1 point below trend
        assert s.drift("world", "DomesticPolitics") == [
            ("USA.capital", 5, 7.91, ""),  # + 1.5 + 0.03 * 47
            ("CHN.capital", 6, 9.6, ""),  # + 1.5 + 0.03 * 70
            ("JPN.capital", 4, 6.46, ""),  # + 1.5 + 0.03 * 32
            ("KOR.approval", 25, 24.64, ""),  # target 25 + 3 * -1; 25 + 0.12 * -3
            ("KOR.capital", 3, 5.24, ""),  # + 1.5 + 0.03 * 24.64
        ]


class TestIncidentsAtSea:
    def test_a_hot_flashpoint_breeds_incidents_that_push_tension(self):
        s = Situation(values={"senkaku": 80})  # heat 20: rise chance 0.05 * 20 = 1
        assert s.drift("world", "IncidentsAtSea", rise_per_point=0.05, settle_chance=0.0) == [
            ("incidents", 1, 2, ""),
            ("senkaku", 80, 80.5, ""),  # 0.25 per rung
        ]
        assert s.news() == ["Incidents at sea and in the air rise to radar locks."]

    def test_calm_lets_incidents_settle(self):
        s = Situation(values={"senkaku": 50, "taiwan": 50, "incidents": 2})
        assert s.drift("world", "IncidentsAtSea", settle_chance=1.0) == [
            ("incidents", 2, 1, ""),
            ("senkaku", 50, 50.25, ""),
        ]


class TestCrisisEscalation:
    def test_the_brink_may_end_the_game_and_below_it_nothing_happens(self):
        s = Situation(values={"taiwan": 96})
        assert s.drift("world", "CrisisEscalation", clash_chance=1.0) == [] and s.fired
        assert s.model.world.flags["crisis"] == "War in the Taiwan Strait"
        assert s.news() == ["War in the Taiwan Strait: the game ends in a military crisis."]
        s = Situation(values={"taiwan": 94, "senkaku": 94, "incidents": 0})
        assert s.drift("world", "CrisisEscalation", clash_chance=1.0) == [] and not s.fired
        assert "crisis" not in s.model.world.flags

    def test_incidents_raise_the_chance_below_the_brink(self):
        s = Situation(values={"taiwan": 90, "incidents": 3})
        rule = s.rule("world", "CrisisEscalation")
        # 0.010 per rung * 3 * heat (90 - 80) / (95 - 80)
        assert round(rule.chance(s.values, "taiwan"), 4) == 0.02
        assert rule.chance(s.values, "senkaku") == 0.0  # 55: below the heat floor

    def test_the_brink_is_checked_before_the_flashpoints_cool(self):
        assert WORLD_RULES.index("CrisisEscalation") < WORLD_RULES.index("FlashpointCooling")


class TestInterdependence:
    def test_china_trade_pays_and_coercion_costs_japan_with_its_exposure(self):
        s = Situation(values={"curbs.JPN": 1, "visitors.CHN-JPN": 75})
        assert s.drift("world", "Interdependence") == [
            ("JPN.economy", 100, 100.11, ""),  # + 0.5 * 17.6 / 100 * 5 / 4
            ("KOR.economy", 100, 100.12, ""),  # + 0.5 * 19.5 / 100 * 5 / 4
            ("JPN.economy", 100.11, 99.64, ""),  # - (0.35 * 1 + 0.5 * 25 / 100) * exposure 1
            ("visitors.CHN-JPN", 75, 77, ""),  # + 0.08 * 25
        ]


# ------------------------------------------------------------------------------ every state


class TestDistrust:
    def test_hostile_acts_weigh_gain_negative_and_friendly_ones_gain_positive(self):
        s = Situation()
        s.perceive("JPN", "CHN", -1.5, "chn_coast_guard_senkaku")
        s.perceive("JPN", "KOR", 2.0, "kor_shuttle_diplomacy")
        assert s.react("JPN", "Distrust", noise=0.0) == [
            ("JPN>CHN.trust", 18, 15, "chn_coast_guard_senkaku"),  # 2.0 * -1.5
            ("JPN>KOR.trust", 45, 47, "kor_shuttle_diplomacy"),  # 1.0 * 2.0
        ]

    def test_a_policy_is_perceived_by_its_signals(self):
        s = Situation()
        s.act("CHN", "chn_coast_guard_senkaku")  # signals {JPN: -1}
        assert s.react("JPN", "Distrust", noise=0.0) == [
            ("JPN>CHN.trust", 18, 16, "chn_coast_guard_senkaku")
        ]
        assert s.react("KOR", "Distrust", noise=0.0) == [] and not s.fired

    def test_lost_trust_creeps_back_toward_the_opinion_baseline(self):
        s = Situation(values={"JPN>CHN.trust": 10})
        # baseline 18 + 0.8 * (89 - 89); 10 + recover_rate 0.12 * 8
        assert s.drift("JPN", "Distrust") == [("JPN>CHN.trust", 10, 10.96, "")]


# ------------------------------------------------------------------------------ China


class TestWedgeDriving:
    def test_china_courts_the_ally_washington_presses(self):
        s = Situation(values={"pressure.JPN": 2})
        assert s.propose("CHN", "WedgeDriving") == [
            # friction 2 / 5; distrust (35 - 20) * 0.2 = 3; 1.5 + 9 * 0.4 - 3
            (COURT_JAPAN, 2.1, "friction between Washington and Japan is 0.40: court Japan"),
            (
                ("chn_court_korea", "chn_summit_korea"),
                1.5,
                "friction between Washington and South Korea is 0.00: court South Korea",
            ),
        ]

    def test_courting_pauses_while_a_grievance_lasts(self):
        s = Situation(values={"pressure.JPN": 2, "grievance.JPN": 60})
        # 1.5 + 9 * 0.4 - 3 - 0.4 * (60 - 40)
        assert s.propose("CHN", "WedgeDriving")[0][1] == -5.9


class TestProportionateCoercion:
    def test_coercion_grows_with_the_grievance(self):
        s = Situation(values={"grievance.JPN": 65})  # 3 * (65 - 35) / 10
        assert s.propose("CHN", "ProportionateCoercion") == [
            (COERCE_JAPAN, 9.0, "Japan must pay for its provocations (grievance 65)")
        ]
        assert Situation().propose("CHN", "ProportionateCoercion") == []  # grievance 20

    def test_the_wedge_and_chinas_growth_hold_it_back(self):
        s = Situation(values={"grievance.JPN": 65, "CHN.growth": 4.0, "pressure.JPN": 2})
        assert s.propose("CHN", "ProportionateCoercion") == [
            # 9 - 3 * friction 0.4 - 1 * slump 1
            (COERCE_JAPAN, 6.8, "Japan must pay for its provocations (grievance 65)"),
            (("chn_stimulus",), 4.0, "growth is 1.0 points below trend"),
        ]

    def test_coercion_vents_the_grievance_which_fades(self):
        s = Situation(values={"grievance.JPN": 45})
        s.act("CHN", "chn_travel_advisory")
        # 45 - 10 = 35; 35 + 0.15 * (15 - 35)
        assert s.drift("CHN", "ProportionateCoercion") == [
            ("grievance.JPN", 45, 32, ""),
            ("grievance.KOR", 10, 10.75, ""),  # 10 + 0.15 * (15 - 10)
        ]

    def test_china_coerces_seoul_too(self):
        s = Situation(values={"grievance.KOR": 55})  # 3 * (55 - 35) / 10
        assert s.propose("CHN", "ProportionateCoercion") == [
            (
                ("chn_korea_boycott",),
                6.0,
                "South Korea must pay for its provocations (grievance 55)",
            )
        ]


class TestGreyZonePressure:
    def test_pressure_at_sea_eases_while_china_courts(self):
        grey = ("chn_coast_guard_senkaku", "chn_taiwan_drills")
        s = Situation()  # 1.5 - 0 + 0.2 * (50 - 55)
        assert s.propose("CHN", "GreyZonePressure") == [
            (grey, 0.5, "keep up pressure in contested waters")
        ]
        s = Situation(values={"pressure.KOR": 5})  # friction 1: 1.5 - 3 * 1 - 1
        assert s.propose("CHN", "GreyZonePressure") == [
            (grey, -2.5, "keep up pressure in contested waters")
        ]


class TestCoerciveAnswer:
    def test_china_answers_japanese_rearmament(self):
        s = Situation()
        s.act("JPN", "jpn_raise_defence")  # tags burden_sharing, rearmament
        assert s.react("CHN", "CoerciveAnswer") == [
            ("senkaku", 55, 57, "jpn_raise_defence"),
            ("CHN>JPN.trust", 20, 19, "jpn_raise_defence"),
            ("grievance.JPN", 20, 28, "jpn_raise_defence"),
        ]
        assert s.news() == ["China answers Japan's rearmament."]

    def test_a_taiwan_statement_raises_the_grievance(self):
        s = Situation()
        s.act("JPN", "jpn_taiwan_statement")  # taiwan +3
        assert s.react("CHN", "CoerciveAnswer") == [
            ("taiwan", 53, 56, "jpn_taiwan_statement"),
            ("senkaku", 55, 57, "jpn_taiwan_statement"),
            ("CHN>JPN.trust", 20, 17, "jpn_taiwan_statement"),
            ("grievance.JPN", 20, 50, "jpn_taiwan_statement"),
        ]

    def test_a_us_act_with_the_same_tag_is_not_answered(self):
        s = Situation()
        s.act("USA", "us_export_controls_push")
        assert s.react("CHN", "CoerciveAnswer") == [] and not s.fired


class TestCounterTariffs:
    def test_china_matches_a_us_tariff_rise(self):
        s = Situation()
        s.act("USA", "us_tariffs_china")  # USA>CHN.tariff +10
        assert s.react("CHN", "CounterTariffs") == [
            ("CHN>USA.tariff", 15, 23, "us_tariffs_china")  # 0.8 * 10
        ]
        assert Situation().react("CHN", "CounterTariffs") == []

    def test_retaliate_while_us_tariffs_stand_above_chinas(self):
        s = Situation(values={"USA>CHN.tariff": 35})  # 1.5 * (35 - 15) / 10
        assert s.propose("CHN", "CounterTariffs") == [
            (("chn_counter_tariffs",), 3.0, "US tariffs on China are 20 points above ours")
        ]


# ------------------------------------------------------------------------------ United States


class TestStandUpToWashington:
    def test_hit_back_when_tariffs_bite_and_the_public_is_angry(self):
        s = Situation(values={"USA>JPN.tariff": 15, "JPN>USA.negative": 40})
        # -1.2 + 2 * 13 / 10 + 2 * 10 / 10
        assert s.propose("JPN", "StandUpToWashington") == [
            (
                ("jpn_retaliatory_tariffs",),
                3.4,
                "US tariffs are 13 points up and the public is angry",
            )
        ]
        assert Situation().propose("JPN", "StandUpToWashington") == []

    def test_walk_away_only_from_a_strained_alliance_and_reluctantly(self):
        s = Situation(values={"alliance.USA-KOR": 20})  # -6 + 1 * (30 - 20) / 10
        assert s.propose("KOR", "StandUpToWashington") == [
            (("kor_walk_away",), -5.0, "the alliance is at 20: is it still worth it?")
        ]


class TestBurdenSharingLedger:
    def test_press_allies_that_fall_short(self):
        # Japan: (3 - 1.4) / 3 + 0.5 * (6.4 - 1.6) / 6.4 = 0.9083; Korea: 0.1333 + 0.395
        assert Situation().propose("USA", "BurdenSharingLedger") == [
            (("us_press_japan",), 9.0833, "Japan spends 1.4% of GDP vs 3.0% demanded"),
            # a shortfall above 0.75 calls for an ultimatum, two rungs: 10 * (0.9083 - 0.75)
            (
                ("us_ultimatum_japan",),
                1.5833,
                "Japan is far from the number (gap 91%): an ultimatum",
            ),
            (("us_press_korea",), 5.2833, "South Korea spends 2.6% of GDP vs 3.0% demanded"),
        ]

    def test_a_met_demand_is_followed_by_a_higher_one(self):
        s = Situation(values={"JPN.defence": 2.95}, ago={"JPN.defence": 2.95})  # within 0.1 of 3
        assert s.react("USA", "BurdenSharingLedger") == [("demands_met.JPN", 0, 1, "")]
        assert s.news() == ["Washington raises its demand on Japan to 3.5% of GDP."]
        assert s.propose("USA", "BurdenSharingLedger")[0][2] == (
            "Japan spends 3.0% of GDP vs 3.5% demanded"
        )
        capped = Situation(values={"JPN.defence": 5.0, "demands_met.JPN": 4})  # 3 + 4 * 0.5
        assert capped.react("USA", "BurdenSharingLedger") == []

    def test_ease_off_an_ally_that_moves_fast_enough(self):
        s = Situation(values={"pressure.JPN": 2, "JPN.defence": 2.0}, ago={"JPN.defence": 1.4})
        assert s.propose("USA", "BurdenSharingLedger")[0] == (
            ("us_ease_japan",),
            9.0,
            "Japan is paying more (gap 71%, moved +0.60): reward it",
        )

    def test_the_demand_is_the_scenarios(self):
        s = Situation()
        assert s.propose("USA", "BurdenSharingLedger", defence_demand=5.0)[0] == (
            ("us_press_japan",),
            10.95,  # 10 * ((5 - 1.4) / 5 + 0.375)
            "Japan spends 1.4% of GDP vs 5.0% demanded",
        )


class TestTariffsOnAllies:
    def test_tariff_allies_that_sell_much_and_pay_little(self):
        assert Situation().propose("USA", "TariffsOnAllies") == [
            # -6 + 2 * 19.9 / 10 + 4 * 0.9083 - 0 + 6 * (10 - 2) / 10 (revenue below the floor)
            (("us_car_tariffs_japan",), 6.4133,
             "Japan sells much to America and pays too little"),
            # -6 + 2 * 18.7 / 10 + 4 * 0.5283 + 4.8
            (("us_steel_tariffs_korea",), 4.6533,
             "South Korea sells much to America and pays too little"),
            (("us_universal_tariff",), 7.6533, "everyone is ripping America off"),  # 3 + min
        ]  # fmt: skip

    def test_no_new_tariff_while_a_deal_is_fresh(self):
        s = Situation(values={"deals.JPN": 1}, ago={"deals.JPN": 0})
        assert [ids for ids, _u, _why in s.propose("USA", "TariffsOnAllies")] == [
            ("us_steel_tariffs_korea",)
        ]


class TestTariffDeals:
    def test_a_deal_trades_what_the_ally_gave_for_relief(self):
        s = Situation(values={"USA>JPN.tariff": 22, "pressure.JPN": 2})
        s.act("JPN", "jpn_raise_defence")  # burden sharing
        s.act("USA", "us_ease_japan")
        assert s.react("USA", "TariffDeals") == [
            ("USA>JPN.tariff", 22, 17, "us_ease_japan"),  # 3 + 2 * 1 given
            ("deals.JPN", 0, 1, "us_ease_japan"),
        ]
        assert s.news() == ["A deal with Japan: the US tariff falls to 17%."]

    def test_relief_stops_at_the_negotiated_floor_not_zero(self):
        s = Situation(values={"USA>JPN.tariff": 12})
        s.act("JPN", "jpn_trade_deal_us")
        assert s.react("USA", "TariffDeals") == [
            ("USA>JPN.tariff", 12, 10, "jpn_trade_deal_us"),  # 12 - 3, floored at 10
            ("deals.JPN", 0, 1, "jpn_trade_deal_us"),
        ]
        s = Situation(values={"USA>JPN.tariff": 9})
        s.act("JPN", "jpn_trade_deal_us")
        assert s.react("USA", "TariffDeals") == [] and not s.fired


class TestTariffsOnChina:
    def test_tariffs_up_to_the_target_and_a_truce_when_growth_slumps(self):
        s = Situation(values={"USA.growth": 0.5})
        assert s.propose("USA", "TariffsOnChina") == [
            (("us_tariffs_china",), 6.0, "tariffs on China 15% < target 25%"),
            (("us_trade_truce_china",), 5.0, "the trade war is hurting US growth"),
        ]
        assert Situation(values={"USA>CHN.tariff": 25}).propose("USA", "TariffsOnChina") == []


class TestChinaHawkGuardrail:
    def test_push_back_once_past_the_tolerance_then_cool_down(self):
        s = Situation(values={"CHN-JPN.relations": 51})
        assert s.react("USA", "ChinaHawkGuardrail") == [
            ("pressure.JPN", 0, 1, "CHN-JPN.relations"),
            ("USA>JPN.trust", 70, 66, "CHN-JPN.relations"),
            ("alliance.USA-JPN", 78, 76, "CHN-JPN.relations"),
        ]
        assert s.model.world.cooldowns == {"rule:ChinaHawkGuardrail:JPN": 4}  # turn 1 + 3
        assert s.react("USA", "ChinaHawkGuardrail") == []  # cooling down
        assert s.propose("USA", "ChinaHawkGuardrail") == [
            (("us_export_controls_push",), 6.0, "allies must align export controls")
        ]

    def test_a_tilt_toward_china_is_answered_inside_the_warning_margin(self):
        s = Situation(values={"CHN-KOR.relations": 46})  # 50 - 5 < 46 <= 50
        assert s.react("USA", "ChinaHawkGuardrail") == []
        s.act("KOR", "kor_invite_xi")  # tagged tilt_china
        assert [e[0] for e in s.react("USA", "ChinaHawkGuardrail")] == [
            "pressure.KOR", "USA>KOR.trust", "alliance.USA-KOR",
        ]  # fmt: skip


class TestNoAbandonment:
    def test_reassure_a_weak_alliance_and_stop_pressing_it(self):
        s = Situation(values={"alliance.USA-KOR": 45})
        assert s.propose("USA", "NoAbandonment") == [
            (("us_reassure_korea",), 8.0, "the alliance with South Korea is weakening"),
            (("us_press_korea",), -12.0, "don't break the alliance"),
        ]
        assert Situation().propose("USA", "NoAbandonment") == []


class TestContainChina:
    def test_a_hot_flashpoint_calls_for_a_call_with_xi(self):
        s = Situation(values={"taiwan": 85})
        assert s.propose("USA", "ContainChina")[-1] == (
            ("us_call_with_xi",),
            2.0,
            "the Strait is too hot: call Xi before it boils over",
        )  # fmt: skip  (1 * (85 - 75) / 5)

    def test_contain_more_as_the_strait_heats_and_the_trilateral_frays(self):
        s = Situation(values={"taiwan": 60, "alliance.trilateral": 50})
        contain = (
            "us_reassure_japan", "us_export_controls_push", "us_taiwan_arms_sale",
            "us_strait_transit", "us_joint_exercise",
        )  # fmt: skip
        assert s.propose("USA", "ContainChina") == [
            (contain, 2.5, "hold the line against China"),  # 2 + 0.25 * 10 / 5
            (("us_trilateral_summit",), 5.0, "the trilateral needs tending"),  # 2 + 0.3 * 10
        ]


# ------------------------------------------------------------------------------ Japan and Korea


class TestPayForTheAlliance:
    def test_pay_as_pressure_rises_less_when_the_public_is_restless(self):
        s = Situation(values={"pressure.JPN": 2})
        # 1.5 + 5 * 2 + 4 * (3 - 1.4) / 3 - (35 - 32) * 0.3
        assert s.propose("JPN", "PayForTheAlliance") == [
            (JPN_PAY, 12.7333, "US pressure is at 'tariff threats': pay to keep Washington calm")
        ]

    def test_a_raised_demand_and_us_tariffs_call_for_more(self):
        s = Situation(values={"pressure.JPN": 2, "USA>JPN.tariff": 17, "demands_met.JPN": 1})
        assert s.propose("JPN", "PayForTheAlliance") == [
            # the demand is now 3.5: 1.5 + 10 + 4 * (3.5 - 1.4) / 3.5 - 0.9
            (JPN_PAY, 13.0, "US pressure is at 'tariff threats': pay to keep Washington calm"),
            (("jpn_trade_deal_us",), 3.0,  # 2 * 15 / 10
             "US tariffs are 15 points up: offer a deal (investment, purchases)"),
        ]  # fmt: skip

    def test_the_gap_is_to_washingtons_demand_as_the_scenario_sets_it(self):
        from game.engine.scenario import load_scenario

        root = Path(__file__).resolve().parent.parent
        squeeze = load_scenario(root / "configs" / "scenarios" / "washington-squeezes.yaml")
        assert squeeze.parameters["USA"]["BurdenSharingLedger"]["defence_demand"] == 5.0
        s = Situation(values={"pressure.JPN": 2}, scenario=squeeze)
        # 1.5 + 5 * 2 + 4 * (5 - 1.4) / 5 - (35 - 32) * 0.3
        assert s.propose("JPN", "PayForTheAlliance")[0][1] == 13.48


class TestEngageChinaEconomically:
    def test_us_tariffs_and_chinese_courting_push_seoul_toward_beijing(self):
        s = Situation(values={"USA>KOR.tariff": 12}, last_acts=[("CHN", "chn_court_korea")])
        engage = ("kor_china_trade_dialogue", "kor_invite_xi", "kor_people_exchange_china")
        # 1.5 + 0.15 * 10 + 2 * 1 (courted last quarter) - 0 (trust 30 is the floor)
        assert s.propose("KOR", "EngageChinaEconomically") == [
            (engage, 5.0, "soften the blow of US trade policy by working with China")
        ]

    def test_distrust_and_tension_at_sea_hold_tokyo_back(self):
        s = Situation(values={"senkaku": 75})
        engage = ("jpn_security_dialogue_china", "jpn_leaders_summit_china",
                  "jpn_negotiate_seafood", "jpn_people_exchange")  # fmt: skip
        # 1.5 - (30 - 18) * 0.15 - (75 - 65) * 0.2
        assert s.propose("JPN", "EngageChinaEconomically") == [
            (engage, -2.3, "soften the blow of US trade policy by working with China")
        ]


class TestDeterAssertiveness:
    def test_deter_at_sea_and_signal_on_taiwan_as_tension_rises(self):
        s = Situation(values={"senkaku": 70, "taiwan": 60})
        assert s.propose("JPN", "DeterAssertiveness") == [
            (("jpn_coast_guard_senkaku",), 2.5, "deter grey-zone pressure"),  # 0.5 + 0.5 * 4
            # -1 + 0.3 * (60 - 50) / 5
            (("jpn_taiwan_transit", "jpn_taiwan_statement"), -0.4, "signal resolve on Taiwan"),
        ]


class TestTendTheAlliance:
    def test_tend_what_has_frayed_since_the_start(self):
        s = Situation(values={"alliance.USA-JPN": 70})
        assert s.propose("JPN", "TendTheAlliance") == [
            (
                ("jpn_trade_deal_us", "jpn_asian_nato", "jpn_align_export_controls"),
                4.2,  # 1 + 0.4 * (78 - 70)
                "the alliance needs tending",
            ),
            (("jpn_asian_nato",), 1.0, "the alliance needs tending"),
            (
                ("jpn_history_gesture_seoul",),
                0.0,
                "Japan-Korea history is straining the trilateral",
            ),
        ]
        s = Situation(values={"history.JPN-KOR": 65})  # 0.15 * (65 - 45)
        assert s.propose("KOR", "TendTheAlliance")[-1] == (
            ("kor_shuttle_diplomacy",), 3.0, "Japan-Korea history is straining the trilateral"
        )  # fmt: skip


class TestFragileMandate:
    def test_a_weak_government_shores_up_approval_and_shuns_divisive_moves(self):
        assert Situation().propose("KOR", "FragileMandate") == [
            (("kor_stimulus",), 8.5, "shore up approval at home"),  # 1 + 0.5 * (40 - 25)
            (("kor_nuclear_debate",), -0.5, "too divisive for a weak government"),  # 2.5 - 0.2 * 15
        ]


class TestHistoryFriction:
    def test_reopen_history_when_weak_and_mend_it_when_it_strains(self):
        s = Situation(values={"history.JPN-KOR": 60})
        assert s.propose("KOR", "HistoryFriction") == [
            (("kor_history_demand",), 2.75, "nationalism plays well at home"),  # -1 + 0.25 * 15
            (("kor_shuttle_diplomacy",), 3.0, "history is straining ties"),  # 0.15 * (60 - 40)
        ]


class TestDeRisk:
    def test_diversify_as_chinas_grievance_grows(self):
        s = Situation(values={"grievance.JPN": 60})  # 1 + 1 * exposure 1 * (60 - 25) / 10
        assert s.propose("JPN", "DeRisk") == [
            (
                ("jpn_diversify_supply_chains",),
                4.5,
                "Beijing's grievance is 60: less exposure to coercion",
            )
        ]


def test_validate_reports_a_tag_a_rule_names_that_the_catalogue_lacks(monkeypatch):
    from game.engine.validate import rule_name_problems

    scenario = Situation().model.scenario
    assert rule_name_problems(scenario, "x") == []
    monkeypatch.setattr(RULES["TariffsOnChina"], "tags", ("china_tarif_hike", "truce"))
    monkeypatch.setattr(RULES["FragileMandate"], "tags", ("domestic", "divisve"))
    monkeypatch.setattr(RULES["CounterTariffs"], "watches", ("tariff_china", "tarif_china"))
    assert [str(p) for p in rule_name_problems(scenario, "x")] == [
        "x: rules.USA.TariffsOnChina: picks tag 'china_tarif_hike', on none of USA's policies",
        "x: rules.CHN.CounterTariffs: reads act tag 'tarif_china', which no other state's acts carry",
        "x: rules.JPN.FragileMandate: picks tag 'divisve', on none of JPN's policies",
        "x: rules.KOR.FragileMandate: picks tag 'divisve', on none of KOR's policies",
    ]


# ------------------------------------------------------------------------------ costs that grow


class TestFiscalStrain:
    def test_stimulus_and_defence_feed_the_debt(self):
        s = Situation(values={"JPN.defence": 2.4})  # 1.0 above the start (1.4)
        s.act("JPN", "jpn_economic_stimulus")
        entries = s.drift("JPN", "FiscalStrain")
        # 250 + 2.5 * 1 + 0.25 * 1.0 = 252.75; minus 0.02 * 2.75 = 252.695 (the ledger: 252.7)
        assert [(k, b, round(a, 3)) for k, b, a, _via in entries] == [("debt.JPN", 250, 252.7)]

    def test_past_the_threshold_the_debt_bites_growth_and_approval(self):
        s = Situation(values={"debt.JPN": 270.0})
        entries = s.drift("JPN", "FiscalStrain", consolidation=0.0)
        # excess (270 - 250 - 5) / 10 = 1.5: growth - 0.05 * 1.5 (the ledger: 0.08), approval
        # - 0.4 * 1.5; the debt itself stays (no consolidation, no new spending)
        assert [(k, round(a - b, 4)) for k, b, a, _via in entries] == [
            ("JPN.growth", -0.08),
            ("JPN.approval", -0.6),
        ]


class TestDietVotes:
    def _tabled(self, approval):
        s = Situation(values={"JPN.approval": approval})
        s.act("JPN", "jpn_constitutional_revision")
        s.model.world.progress["JPN:jpn_constitutional_revision"] = 3
        return s

    def test_the_chance_rises_with_approval_and_seats(self):
        rule = Situation().rule("JPN", "DietVotes")
        # 0.55 + 0.015 * (approval - 40) + 0.03 * (46.2 - 50)
        assert round(rule.pass_chance(40), 4) == 0.436
        assert round(rule.pass_chance(60), 4) == 0.736
        assert rule.pass_chance(0) == 0.0 and rule.pass_chance(100) == 1.0

    def test_a_defeat_ends_the_bill_and_costs_approval(self):
        s = self._tabled(32)
        entries = s.react("JPN", "DietVotes", base_chance=0.0, approval_gain=0.0, seat_gain=0.0)
        assert entries == [("JPN.approval", 32, 29.0, "")]
        assert "JPN:jpn_constitutional_revision" not in s.model.world.progress
        assert s.news()[-1] == "The Diet votes down: Push constitutional revision (0%)"

    def test_a_passed_bill_goes_on(self):
        s = self._tabled(32)
        s.model.random.random = lambda: 0.5  # a draw below the chance
        assert s.react("JPN", "DietVotes", base_chance=1.0) == [] and s.fired
        assert s.model.world.progress["JPN:jpn_constitutional_revision"] == 3
        assert (
            s.news()[-1] == "The Diet passes: Push constitutional revision (77%)"
        )  # 1 - 0.12 - 0.114

    def test_only_divisive_bills_go_to_the_diet(self):
        s = Situation()
        s.act("JPN", "jpn_economic_stimulus")
        assert s.react("JPN", "DietVotes", base_chance=0.0) == [] and not s.fired
