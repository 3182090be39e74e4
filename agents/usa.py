"""The United States: transactional pressure on its allies, tariffs on China, and a China-hawk
guardrail, but no abandonment (essay: Trump's Transactionalism; Continued Obstacles)."""

from game.engine.params import EFFECTS, LEVEL, UTILITY, WEIGHT, number, per_ally, whole
from game.engine.rules import OBSTACLES, TRANSACTIONALISM, Rule, apply_rule_effects, register

# The policy tag of each ally-specific move, per ally (named, never assembled from strings).
PRESS = {"JPN": "press_japan", "KOR": "press_korea"}
EASE = {"JPN": "ease_japan", "KOR": "ease_korea"}
REASSURE = {"JPN": "reassure_japan", "KOR": "reassure_korea"}


def shortfall(values, ally, p):
    """How far an ally is from Washington's demands (0 = met), defence and host-nation support."""
    defence = max(0.0, (p["defence_demand"] - values[f"{ally}.defence"]) / p["defence_demand"])
    hns_demand = p["hns_demand"][ally]
    hns = max(0.0, (hns_demand - values[f"hns.{ally}"]) / hns_demand)
    return defence + p["hns_weight"] * hns


@register
class BurdenSharingLedger(Rule):
    """Keeps a burden-sharing ledger per ally (defence vs ``defence_demand``, the share of GDP
    Washington demands; host-nation support vs ``hns_demand``). While an ally falls short and isn't moving, it climbs the
    pressure ladder a rung at a time; when the ally complies or moves fast enough, it steps down
    with a trade deal. Models Trump's transactional demands on Tokyo and Seoul (Trump's
    Transactionalism; Wintour 2024; Seligman & Gramer 2019; Martin 2024)."""

    source = f"{TRANSACTIONALISM} (Wintour 2024; Seligman & Gramer 2019)"
    models = "press an ally that falls short of the demands; ease off with a deal when it pays"
    phases = ("decisions",)
    tags = (*PRESS.values(), *EASE.values())
    params = {
        "defence_demand": number(0.5, 10.0),
        "hns_demand": per_ally(0.5, 50.0),
        "hns_weight": WEIGHT,
        "tolerance": number(0.0, 2.0),
        "progress_threshold": number(0.0, 5.0),
        "aggressiveness": number(0.1, 10.0),
        "press_utility": UTILITY,
        "ease_utility": UTILITY,
    }

    def propose(self, model, seat):
        p, v = self.p, model.world.values
        past = model.values_ago(2)
        for ally in PRESS:
            gap = shortfall(v, ally, p)
            progress = (v[f"{ally}.defence"] - past[f"{ally}.defence"]) + 0.3 * (
                v[f"hns.{ally}"] - past[f"hns.{ally}"]
            )
            aggr = max(0.1, p["aggressiveness"])
            complied = gap <= p["tolerance"] / aggr or progress >= p["progress_threshold"] * aggr
            name = model.reg.state_names[ally]
            if complied:
                if v[f"pressure.{ally}"] > 0:
                    yield (
                        model.tagged(seat, EASE[ally]),
                        p["ease_utility"],
                        f"{name} is paying more (gap {gap:.0%}, moved {progress:+.2f}): reward it",
                    )
            else:
                yield (
                    model.tagged(seat, PRESS[ally]),
                    p["press_utility"] * aggr * gap,
                    f"{name} spends {v[f'{ally}.defence']:.1f}% of GDP vs {p['defence_demand']:.1f}% demanded",
                )


@register
class TariffsOnChina(Rule):
    """Raises tariffs on China toward ``target`` (today's tariffs plus the promised extra), and
    seeks a truce only when US growth falls below ``truce_growth``. Models Trump's tariff promise (Trump's Transactionalism; Hoskins 2024)."""

    source = f"{TRANSACTIONALISM} (Hoskins 2024)"
    models = "tariffs on China up to a target; a truce when US growth slumps"
    phases = ("decisions",)
    tags = ("china_tariff_hike", "truce")
    params = {
        "target": LEVEL,
        "utility": UTILITY,
        "truce_growth": number(-10.0, 10.0),
        "truce_utility": UTILITY,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        if v["USA>CHN.tariff"] < p["target"]:
            yield (
                model.tagged(seat, "china_tariff_hike"),
                p["utility"],
                f"tariffs on China {v['USA>CHN.tariff']:.0f}% < target {p['target']:.0f}%",
            )
        if v["USA.growth"] < p["truce_growth"]:
            yield (
                model.tagged(seat, "truce"),
                p["truce_utility"],
                "the trade war is hurting US growth",
            )


@register
class ChinaHawkGuardrail(Rule):
    """When an ally drifts toward China past Washington's tolerance, the administration's China
    hawks push back hard: a rung up the pressure ladder, a chill in trust and cohesion. Models the
    essay's claim that even a Washington under Trump would not let Japan draw meaningfully closer
    to its main rival (Continued Obstacles; Eves 2024: Rubio, Waltz)."""

    source = f"{OBSTACLES} (Eves 2024)"
    models = "push back when an ally's relations with China pass a tolerance"
    phases = ("reactions", "decisions")
    tags = ("export_controls_push",)
    watches = ("tilt_china",)
    params = {
        "tolerance": LEVEL,
        "warn_margin": LEVEL,
        "cooldown": whole(0, 16),
        "push_effects": EFFECTS,
        "controls_utility": UTILITY,
    }

    def keys(self, reg):
        # Per ally: its relations with China, and the cooldown slot of the push-back.
        return {
            ally: (reg.pair("CHN", ally) + ".relations", f"rule:{type(self).__name__}:{ally}")
            for ally in PRESS
        }

    def react(self, model):
        v, p, w = model.world.values, self.p, model.world
        fired = False
        for ally, (relations, slot) in self.reads.items():
            rel = v[relations]
            tilt = [a for a in model.turn_acts if a.actor == ally and "tilt_china" in a.tags]
            past_tolerance = rel > p["tolerance"] or (
                tilt and rel > p["tolerance"] - p["warn_margin"]
            )
            if past_tolerance and w.cooldowns.get(slot, 0) <= w.turn:
                via = tilt[0].id if tilt else relations
                apply_rule_effects(model, self, self.effects("push_effects", ally), via=via)
                w.cooldowns[slot] = w.turn + int(p["cooldown"])
                model.news(
                    "rule",
                    "USA",
                    self.name,
                    f"China hawks in Washington push back on {model.reg.state_names[ally]}'s drift toward Beijing.",
                )
                fired = True
        return fired

    def propose(self, model, seat):
        v = model.world.values
        for relations, _slot in self.reads.values():
            if v[relations] > self.p["tolerance"] - self.p["warn_margin"]:
                yield (
                    model.tagged(seat, "export_controls_push"),
                    self.p["controls_utility"],
                    "allies must align export controls",
                )


@register
class NoAbandonment(Rule):
    """Pressure, yes; walking away, no. When an alliance weakens, reassure it and stop climbing
    the ladder. Models the essay's judgement that Trump will add pressure but not abandon Japan
    and Korea (Continued Obstacles; Eves 2024)."""

    source = f"{OBSTACLES} (Eves 2024)"
    models = "reassure a weakened alliance and stop pressing it"
    phases = ("decisions",)
    tags = (*REASSURE.values(), *PRESS.values())
    params = {
        "floor": LEVEL,
        "reassure_utility": UTILITY,
        "press_penalty": UTILITY,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        for ally in PRESS:
            cohesion = v[f"alliance.USA-{ally}"]
            if cohesion < p["floor"]:
                yield (
                    model.tagged(seat, REASSURE[ally]),
                    p["reassure_utility"],
                    f"the alliance with {model.reg.state_names[ally]} is weakening",
                )
                yield (
                    model.tagged(seat, PRESS[ally]),
                    -p["press_penalty"],
                    "don't break the alliance",
                )


@register
class ContainChina(Rule):
    """Keeps the regional balance against China: arms for Taiwan, transits, trilateral summits
    and exercises, more so as tension rises or the trilateral frays. Models the US-China 'war of
    influence' that frames the essay (Continued Obstacles)."""

    source = OBSTACLES
    models = "contain China: Taiwan support, exercises, trilateral summits"
    phases = ("decisions",)
    tags = ("contain_china", "trilateral")
    params = {
        "base": UTILITY,
        "taiwan_gain": WEIGHT,
        "trilateral_gain": WEIGHT,
        "trilateral_target": LEVEL,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        yield (
            model.tagged(seat, "contain_china"),
            p["base"] + p["taiwan_gain"] * (v["taiwan"] - 50) / 5,
            "hold the line against China",
        )
        gap = p["trilateral_target"] - v["alliance.trilateral"]
        yield (
            model.tagged(seat, "trilateral"),
            p["base"] + p["trilateral_gain"] * gap,
            "the trilateral needs tending",
        )
