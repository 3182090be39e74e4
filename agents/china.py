"""China: drive a wedge into the US alliances when Washington's pressure opens one, keep grey-zone
pressure on, and answer rearmament and Taiwan moves with coercion (essay: Trump's
Transactionalism; Continued Obstacles)."""

from game.engine.params import EFFECT_GROUPS, LEVEL, SHARE, UTILITY, WEIGHT, number
from game.engine.registry import seat_keys
from game.engine.rules import (
    INTRODUCTION,
    OBSTACLES,
    TRANSACTIONALISM,
    Rule,
    apply_rule_effects,
    register,
)

COURT_TAG = {"JPN": "court_japan", "KOR": "court_korea"}
GRIEVANCE = {"JPN": "grievance.JPN", "KOR": "grievance.KOR"}
COERCE_TAG = {"JPN": "coerce_japan", "KOR": "coerce_korea"}


def friction(model, ally, above_floor=False):
    """How much strain there is between Washington and an ally (0 = none), from the ladder,
    lost cohesion and US tariffs on the ally (``above_floor``: only above the baseline a deal
    leaves, ``tariff_floor`` of PressureLadderBite: the ally's own quarrel with Washington, not
    the tariff every partner pays)."""
    v, start = model.world.values, model.start_values
    k = seat_keys(ally)
    pressure, alliance, tariff = k.pressure, k.alliance, k.us_tariff
    base = start[tariff]
    if above_floor:
        floors = model.scenario.parameters["world"]["PressureLadderBite"]["tariff_floor"]
        base = max(base, floors[ally])
    # max(0.0, x) as a conditional (the same value; the builtin's call costs more than the sum):
    # every rule that weighs an alliance's strain asks, for both allies, every quarter.
    lost = start[alliance] - v[alliance]
    extra = v[tariff] - base
    return (
        v[pressure] / 5.0
        + (lost if lost > 0.0 else 0.0) / 25.0
        + (extra if extra > 0.0 else 0.0) / 20.0
    )


@register
class WedgeDriving(Rule):
    """When friction rises between Washington and an ally, court that ally: ease the seafood ban
    step by step, offer trade, visits and summits. Models the Chinese view that Trump's return
    lets Beijing 'win over' Tokyo and Seoul, and the first-term thaw (Trump's Transactionalism;
    Introduction; Cao & Cao 2024; Eves 2024). Courting pauses while a grievance against the
    ally runs above ``pause_above`` (``pause_weight`` per point): Beijing does not woo and punish
    at once."""

    source = f"{TRANSACTIONALISM} (Cao & Cao 2024; Eves 2024)"
    models = "court an ally in proportion to its friction with Washington"
    phases = ("decisions",)
    tags = tuple(COURT_TAG.values())
    params = {
        "base": UTILITY,
        "gain": WEIGHT,
        "distrust_weight": WEIGHT,
        "trust_floor": LEVEL,
        "pause_above": LEVEL,
        "pause_weight": WEIGHT,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        for ally, tag in COURT_TAG.items():
            f = friction(model, ally, above_floor=True)
            distrust = max(0.0, p["trust_floor"] - v[seat_keys(ally).china_trust])
            distrust *= p["distrust_weight"]
            grievance = max(0.0, v[GRIEVANCE[ally]] - p["pause_above"]) * p["pause_weight"]
            utility = p["base"] + p["gain"] * f - distrust - grievance
            name = model.reg.state_names[ally]
            reason = ("friction between Washington and {0} is {1:.2f}: court {0}", name, f)
            yield model.tagged(seat, tag), utility, reason


@register
class GreyZonePressure(Rule):
    """Keeps coast-guard and military pressure on around the Senkakus and Taiwan, easing it a
    little while courting Japan. Models the Chinese activity in and around Japanese waters that
    the essay lists among the new points of contention (Introduction; Continued Obstacles;
    Johnson 2024)."""

    source = f"{INTRODUCTION} (Johnson 2024)"
    models = "grey-zone pressure at the Senkakus and the Taiwan Strait"
    phases = ("decisions",)
    tags = ("grey_zone",)
    params = {
        "base": UTILITY,
        "restraint": WEIGHT,
        "low_tension": LEVEL,
        "low_tension_gain": WEIGHT,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        courting = max(friction(model, "JPN"), friction(model, "KOR"))
        u = (
            p["base"]
            - p["restraint"] * courting
            + p["low_tension_gain"] * (p["low_tension"] - v["senkaku"])
        )
        yield model.tagged(seat, "grey_zone"), u, "keep up pressure in contested waters"


@register
class ProportionateCoercion(Rule):
    """Coercion as a choice, prompt and in proportion: China's grievance against an ally (raised
    by CoerciveAnswer when Tokyo or Seoul moves on Taiwan, rearms, revises, deploys missile
    defence or aligns export controls) drives the coercive menu against it (for Japan: seafood
    ban, detentions, export curbs, travel advisories, history campaigns; for Korea: the 2017
    THAAD playbook of group-tour bans and boycotts): ``gain`` per 10 points above
    ``threshold``, weighed against what coercion risks, the wedge (``wedge_weight`` x
    Washington's friction with that ally, its tariffs counted above the baseline a deal
    leaves: a tariff every partner pays opens no wedge to protect) and China's own growth (``growth_weight`` per point
    below trend, which also calls for a stimulus). Each coercive act vents ``vent`` of the
    grievance; it fades by ``fade`` a quarter toward ``rest``. Models China's outrage over
    Taiwan stances, the wastewater and remilitarisation, and its arrests of Japanese nationals
    (Continued Obstacles; Eves 2024; "Nearly 90%", 2024), and the coercion of Seoul behind the
    Hallyu ban (Introduction: Cao & Cao 2024; fact: China's 2017 boycott over THAAD)."""

    source = f'{OBSTACLES} (Eves 2024; "Nearly 90%", 2024); {INTRODUCTION} (Cao & Cao 2024)'
    models = "coerce an ally in proportion to the grievance, less when it costs the wedge or growth"
    phases = ("decisions", "drift")
    always = True  # the grievance fades whoever plays China; the choices are the AI's
    tags = (*COERCE_TAG.values(), "stimulus")
    params = {
        "threshold": LEVEL,
        "gain": WEIGHT,
        "wedge_weight": WEIGHT,
        "growth_weight": WEIGHT,
        "stimulus_gain": WEIGHT,
        "vent": number(0.0, 50.0),
        "fade": SHARE,
        "rest": LEVEL,
    }

    def propose(self, model, seat):
        v, p, start = model.world.values, self.p, model.start_values
        slump = max(0.0, start["CHN.growth"] - v["CHN.growth"])
        for ally, tag in COERCE_TAG.items():
            grievance = v[GRIEVANCE[ally]]
            if grievance > p["threshold"]:
                u = (
                    p["gain"] * (grievance - p["threshold"]) / 10.0
                    - p["wedge_weight"] * friction(model, ally, above_floor=True)
                    - p["growth_weight"] * slump
                )
                name = model.reg.state_names[ally]
                reason = ("{} must pay for its provocations (grievance {:.0f})", name, grievance)
                yield model.tagged(seat, tag), u, reason
        if slump > 0:
            yield (
                model.tagged(seat, "stimulus"),
                p["stimulus_gain"] * slump,
                ("growth is {:.1f} points below trend", slump),
            )

    def drift(self, model):
        w, p = model.world, self.p
        for ally, tag in COERCE_TAG.items():
            key = GRIEVANCE[ally]
            vented = sum(1 for a in model.acts_tagged(tag) if a.actor == "CHN")
            g = w.values[key] - p["vent"] * vented
            w.change(key, g + p["fade"] * (p["rest"] - g), self.cause)
        return True


@register
class CoerciveAnswer(Rule):
    """Answers Japanese or Korean rearmament, constitutional revision, Taiwan moves and export
    controls at once: tension, a chill, and a grievance (``grievance.{ally}``) that
    ProportionateCoercion then acts on. Models China's fear of a remilitarised neighbour and its
    hard line on Taiwan (Continued Obstacles; Eves 2024)."""

    source = f"{OBSTACLES} (Eves 2024)"
    models = "answer rearmament, revision, Taiwan moves and export controls with coercion"
    phases = ("reactions",)
    # The act tags it answers are the groups of answers_effects (validate checks them).
    params = {
        "answers_effects": EFFECT_GROUPS,
    }

    def react(self, model):
        answers = self.p["answers_effects"]
        fired = False
        for act in model.turn_acts:
            if act.actor not in COURT_TAG:
                continue
            for tag in act.tags:
                if tag in answers:
                    apply_rule_effects(
                        model, self, self.effects("answers_effects", act.actor, tag), via=act.id
                    )
                    model.news(
                        "rule",
                        "CHN",
                        self.name,
                        (
                            "China answers {}'s {}.",
                            model.reg.state_names[act.actor],
                            tag.replace("_", " "),
                        ),
                    )
                    fired = True
        return fired


@register
class CounterTariffs(Rule):
    """Tit-for-tat on trade: each US tariff rise on China is answered in kind at once, and
    while US tariffs on China stand above China's own, retaliatory tariffs are worth
    ``gap_gain`` per 10 points of the difference. Models the trade war that first pushed
    Beijing toward Tokyo (Trump's Transactionalism; Eves 2024)."""

    source = f"{TRANSACTIONALISM} (Eves 2024)"
    models = "answer US tariffs with tariffs"
    phases = ("reactions", "decisions")
    tags = ("retaliation",)
    watches = ("tariff_china",)
    params = {
        "match": number(0.0, 5.0),
        "gap_gain": WEIGHT,
    }

    def propose(self, model, seat):
        v = model.world.values
        gap = v["USA>CHN.tariff"] - v["CHN>USA.tariff"]
        if gap > 0:
            yield (
                model.tagged(seat, "retaliation"),
                self.p["gap_gain"] * gap / 10.0,
                ("US tariffs on China are {:.0f} points above ours", gap),
            )

    def react(self, model):
        fired = False
        for act in model.acts_tagged("tariff_china"):
            if act.actor == "USA":
                raised = sum(
                    e.delta
                    for e in model.world.entries("USA>CHN.tariff", start=model.turn_ledger_start)
                    if e.source == act.id
                )
                if raised > 0:
                    model.world.add(
                        "CHN>USA.tariff", self.p["match"] * raised, self.cause._replace(via=act.id)
                    )
                    fired = True
        return fired
