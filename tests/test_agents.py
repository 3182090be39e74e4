"""Agents, rules and personas: sourced, tunable from YAML, usable in any seat."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import play

from agents import PERSONAS
from agents.base import STATE_CLASSES
from game.engine import deals, log
from game.engine.physics import WORLD_RULES
from game.engine.rules import RULES, RULES_FILE
from game.engine.saves import fingerprint
from game.engine.yamlio import read_yaml
from game.play.model import TightropeModel

ROOT = Path(__file__).resolve().parent.parent
ESSAY_SECTIONS = ("Introduction", "Trump's Transactionalism", "Continued Obstacles", "Conclusion")


def test_every_rule_cites_the_essay_and_keeps_its_parameters_in_yaml():
    params = read_yaml(RULES_FILE)["parameters"]
    seats = {code: cls.rule_set for code, cls in STATE_CLASSES.items()}
    seats["world"] = WORLD_RULES
    for seat, names in seats.items():
        for name in names:
            rule = RULES[name]
            assert rule.__doc__ and len(rule.__doc__.split()) > 20, name
            assert any(section in rule.source for section in ESSAY_SECTIONS), (name, rule.source)
            assert rule.phases and rule.models, name
            # YAML is where balancing tunes them: every parameter is listed there.
            assert set(params[seat][name]) == set(rule.params), (seat, name)


def test_each_state_has_its_rule_set_and_at_least_twelve_policies(scenario):
    model = TightropeModel(scenario, seed=0)
    for seat in model.reg.states:
        assert len(model.catalog.policies_for(seat)) >= 12
        assert {r.name for r in model.seats[seat].rules} == set(STATE_CLASSES[seat].rule_set)
    assert len(model.catalog.policies) >= 48
    assert len(model.catalog.events) >= 30
    assert sum(1 for e in model.catalog.events.values() if 2 <= len(e.responses) <= 3) >= 8


@pytest.mark.parametrize("persona", ["random", "hawk", "dove", "greedy"])
def test_personas_sit_in_any_seat_and_are_deterministic(scenario, persona):
    seat = {"random": "USA", "hawk": "CHN", "dove": "KOR", "greedy": "JPN"}[persona]
    turns = 3 if persona == "greedy" else 16

    def run():
        model = TightropeModel(scenario, seed=21, personas={seat: persona})
        while model.turn <= turns and not model.is_over():  # a hawk may end it in a clash
            model.step()
        return model

    a, b = run(), run()
    assert fingerprint(a) == fingerprint(b)
    assert a.persona_names[seat] == persona
    chosen = [e for e in a.world.log if e["kind"] == "policy" and e["actor"] == seat]
    assert chosen or persona == "random"


def test_hawks_and_doves_differ_in_what_they_send(scenario):
    def hostility(persona):
        total = 0.0
        for seed in range(5):
            model = play(scenario, seed, personas={"JPN": persona})
            for entry in model.world.log:
                if entry["kind"] == "policy" and entry["actor"] == "JPN":
                    total += model.catalog.policies[entry["id"]].signals.get("CHN", 0.0)
        return total

    assert hostility("hawk") < hostility("dove")


def test_rollout_persona_plays_a_turn(scenario):
    model = TightropeModel(scenario, seed=3, personas={"JPN": "rollout"})
    model.step()
    assert model.world.turn == 2 and set(PERSONAS) >= {
        "random",
        "hawk",
        "dove",
        "greedy",
        "rollout",
    }


def test_persona_settings_come_from_configs_personas_yaml():
    """Every persona's tunables are read from configs/personas.yaml, each family over its
    parents' (easy and hard over the default's), and every setting there is read by some
    persona: no value is set in code, none in the file is dead."""
    from agents.personas import PERSONAS_FILE, persona_settings

    raw = read_yaml(PERSONAS_FILE)["personas"]
    assert persona_settings() == raw
    seated = {name: cls(3) for name, cls in PERSONAS.items()}
    assert seated["kind"].stance == raw["kind"]["stance"]
    assert seated["kind"].answer_noise == raw["default"]["answer_noise"]  # (inherited)
    assert seated["tough"].objective_weight == raw["tough"]["objective_weight"]
    assert seated["default"].stance == raw["default"]["stance"]
    assert seated["hawk"].friendly_share == raw["stance"]["friendly_share"]
    assert seated["rollout"].horizon == raw["rollout"]["horizon"]
    read = {key for persona in seated.values() for key in vars(persona)}
    for family, settings in raw.items():
        assert set(settings) <= read, (family, set(settings) - read)


def test_a_determined_player_can_break_the_thesis_at_a_price(scenario):
    plan = [
        "jpn_leaders_summit_china",
        "jpn_security_dialogue_china",
        "jpn_negotiate_seafood",
        "jpn_people_exchange",
        "jpn_economic_stimulus",
    ]
    partnership, costly = 0, 0
    for seed in range(20):
        model = TightropeModel(scenario, seed=seed, humans=("JPN",))
        while not model.is_over():
            legal, capital, chosen = (
                set(model.legal_actions("JPN")),
                model.world.values["JPN.capital"],
                [],
            )
            for pid in plan:
                cost = model.catalog.policies[pid].cost
                if pid in legal and cost <= capital:
                    chosen.append(pid)
                    capital -= cost
            answers = {
                e.id: max(e.responses, key=lambda r: r.signals.get("CHN", 0)).id
                for e in model.pending_events("JPN")
            }
            # ... and takes the deals Beijing offers (issue 12), before it picks (a deal's
            # restraint may bar a pick).
            for offer in deals.open_offers(model.world, "JPN"):
                if offer["from"] == "CHN":
                    log.answer_offer(model, "JPN", offer["id"], "accept")
            legal = set(model.legal_actions("JPN"))
            chosen = [p for p in chosen if p in legal]
            model.submit("JPN", chosen, answers)
            model.step()
        default = play(scenario, seed)
        partnership += model.band("CHN-JPN.relations") in ("partnership", "rapprochement")
        costly += model.world.values["alliance.USA-JPN"] < default.world.values["alliance.USA-JPN"]
    # With diminishing returns on repeated cards (game/engine/fatigue.py) a fixed script of
    # China engagement reaches partnership in some games, not all (10 of these 20 seeds on
    # 2026-12-04; issue 11's note recorded 1).
    assert partnership >= 1, "a different end must be reachable"
    assert costly >= 18, "and it must cost the alliance"


def test_info_json_lists_states_policies_events_rules_and_personas():
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "info", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(out.stdout)
    assert set(info["states"]) == {"USA", "CHN", "JPN", "KOR"}
    assert all(len(info["policies"][s]) >= 12 for s in info["states"])
    assert all(p["source"] for s in info["states"] for p in info["policies"][s])
    assert len(info["events"]) >= 30 and all(e["source"] for e in info["events"])
    assert all(r["source"] and r["doc"] for s in info["rules"] for r in info["rules"][s])
    assert {"default", "random", "hawk", "dove", "greedy"} <= set(info["personas"])


def test_every_command_has_help():
    for command in ("run", "validate", "info"):
        out = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), command, "--help"],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0 and "usage:" in out.stdout
