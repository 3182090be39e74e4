"""`info`: what the game holds: states, policies, events, rules with their sources, personas,
offer templates."""

import json

from agents import PERSONAS
from agents.base import STATE_CLASSES
from game.engine import compiled
from game.engine.paths import CONFIGS
from game.engine.physics import WORLD_RULES
from game.engine.scenario import load_scenario
from game.play.model import TightropeModel


def describe(scenario):
    model = TightropeModel(scenario, seed=0)
    reg = model.reg
    policies = {
        seat: [
            {
                "id": p.id, "name": p.name, "category": p.category, "cost": p.cost,
                "duration": p.duration, "tags": list(p.tags), "source": p.source,
            }
            for p in model.catalog.policies_for(seat)
        ]
        for seat in reg.states
    }  # fmt: skip
    events = [
        {
            "id": e.id, "title": e.title, "actor": e.actor, "by": e.by, "chance": e.chance,
            "responses": [r.id for r in e.responses], "source": e.source,
        }
        for e in model.catalog.events.values()
    ]  # fmt: skip
    rules = {seat: [r.metadata() for r in model.seats[seat].rules] for seat in reg.states}
    rules["world"] = [r.metadata() for r in model.world_rules]
    return {
        "states": {
            s: {"name": reg.state_names[s], "class": STATE_CLASSES[s].__name__} for s in reg.states
        },
        "policies": policies,
        "events": events,
        "rules": rules,
        "world_rules": list(WORLD_RULES),
        "personas": {name: cls.description for name, cls in PERSONAS.items()},
        "offers": [
            {
                "id": t.id,
                "name": t.name,
                "from": t.by,
                "to": t.to,
                "cost": t.cost,
                "duration": t.duration,
                "source": t.source,
            }
            for t in model.offer_book.templates.values()
        ],  # fmt: skip
        "objectives": {
            s: [
                {"id": o.id, "label": o.label, "weight": o.weight, "source": o.source}
                for o in model.catalog.objectives[s]
            ]
            for s in reg.states
        },
        "scenarios": sorted(
            str(p.relative_to(CONFIGS.parent)) for p in (CONFIGS / "scenarios").glob("*.yaml")
        ),
        "indicators": {
            k: {"label": i.label, "unit": i.unit, "min": i.lo, "max": i.hi}
            for k, i in reg.indicators.items()
        },
    }


def run(args):
    info = describe(load_scenario(args.scenario))
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    for seat, meta in info["states"].items():
        print(
            f"{seat} {meta['name']}: {len(info['policies'][seat])} policies; rules: {', '.join(r['name'] for r in info['rules'][seat])}"
        )
    print(f"world rules: {', '.join(info['world_rules'])}")
    print(
        f"events: {len(info['events'])} ({sum(1 for e in info['events'] if e['responses'])} with responses)"
    )
    print(f"personas: {', '.join(info['personas'])}")
    print(f"offer templates: {len(info['offers'])} (configs/offers.yaml)")
    print(f"scenarios: {', '.join(info['scenarios'])}")
    engine, why = compiled.status()
    print(f"engine: {engine} ({why})")
    return 0


def register(sub):
    p = sub.add_parser(
        "info", help="list the states, policies, events, rules (with sources) and personas"
    )
    p.add_argument("--json", action="store_true", help="print everything as JSON")
    p.add_argument(
        "--scenario", help="scenario whose catalogue to describe (default: the 2025 baseline)"
    )
    p.set_defaults(func=run)
