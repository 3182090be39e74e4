"""The United States: transactional pressure on its allies, tariffs on China, and a China-hawk
guardrail, but no abandonment (essay: Trump's Transactionalism; Continued Obstacles)."""

from game.engine import deals
from game.engine.params import EFFECTS, LEVEL, UTILITY, WEIGHT, number, per_ally, whole
from game.engine.registry import seat_keys
from game.engine.rules import OBSTACLES, TRANSACTIONALISM, Rule, apply_rule_effects, register

# The policy tag of each ally-specific move, per ally (named, never assembled from strings).
PRESS = {"JPN": "press_japan", "KOR": "press_korea"}
EASE = {"JPN": "ease_japan", "KOR": "ease_korea"}
REASSURE = {"JPN": "reassure_japan", "KOR": "reassure_korea"}
TARIFF_ALLY = {"JPN": "tariff_japan", "KOR": "tariff_korea"}
ULTIMATUM = {"JPN": "ultimatum_japan", "KOR": "ultimatum_korea"}
EASE_ALLY = {tag: ally for ally, tag in EASE.items()}


def demand(values, ally, p):
    """Washington's defence demand on an ally now, % of GDP: the opening ``defence_demand``,
    raised by ``demand_step`` for each demand the ally has met, up to ``demand_cap``."""
    opening, cap = p["defence_demand"], p["demand_cap"]
    raised = opening + p["demand_step"] * values[seat_keys(ally).demands_met]
    cap = cap if cap > opening else opening  # min(max(opening, cap), raised), as conditionals
    return raised if raised < cap else cap


def current_demand(model, ally):
    """The demand as the scenario's BurdenSharingLedger sets it (for the allies' own rules)."""
    return demand(model.world.values, ally, model.scenario.parameters["USA"]["BurdenSharingLedger"])


def shortfall(values, ally, p):
    """How far an ally is from Washington's demands (0 = met), defence and host-nation support."""
    asked, keys = demand(values, ally, p), seat_keys(ally)
    defence = (asked - values[keys.defence]) / asked
    hns_demand = p["hns_demand"][ally]
    hns = (hns_demand - values[keys.hns]) / hns_demand
    # max(0.0, x) as conditionals (the same values): every US rule asks, every quarter.
    return (defence if defence > 0.0 else 0.0) + p["hns_weight"] * (hns if hns > 0.0 else 0.0)


@register
class BurdenSharingLedger(Rule):
    """Keeps a burden-sharing ledger per ally (defence vs the demand, opening at
    ``defence_demand`` % of GDP; host-nation support vs ``hns_demand``). While an ally falls
    short and isn't moving, it climbs the pressure ladder a rung a quarter; when the shortfall
    is large (above ``ultimatum_gap``, per ally: lower for Seoul, which took the first term's
    troop-withdrawal threats, Martin 2024) an ultimatum climbs two rungs at once
    (``ultimatum_utility`` per unit of shortfall above it), so a bad quarter can climb two or
    three rungs; when the ally complies or moves fast enough, it steps down with a deal. A met demand is followed by a
    higher one (``demand_step``, up to ``demand_cap``). Models Trump's transactional demands on
    Tokyo and Seoul: the essay's 3%, and more (Trump's Transactionalism; Wintour 2024; Seligman
    & Gramer 2019; Martin 2024).

    An ultimatum is also weighed by the deal it is likely to buy: once an ally has been pressed
    for ``patience`` quarters and still falls short, with no deal with Washington in force,
    two rungs at once are worth ``deal_value`` per unit of shortfall more (the threat brings
    the ally to the table), less ``wedge_weight`` per 10 points of China-ally relations above
    ``wedge_neutral`` (the opening it gives Beijing). So the White House presses, then
    settles, as the essay's transactional Washington does (Trump's Transactionalism; Trump's
    Transactionalism as an Opportunity For China)."""

    source = f"{TRANSACTIONALISM} (Wintour 2024; Seligman & Gramer 2019)"
    models = "press an ally that falls short; deal when it pays; raise a demand once it is met"
    phases = ("decisions", "reactions")
    tags = (*PRESS.values(), *EASE.values(), *ULTIMATUM.values())
    params = {
        "defence_demand": number(0.5, 10.0),
        "demand_step": number(0.0, 3.0),
        "demand_cap": number(0.5, 10.0),
        "met_margin": number(0.0, 2.0),
        "hns_demand": per_ally(0.5, 50.0),
        "hns_weight": WEIGHT,
        "tolerance": number(0.0, 2.0),
        "progress_threshold": number(0.0, 5.0),
        "aggressiveness": number(0.1, 10.0),
        "press_utility": UTILITY,
        "ease_utility": UTILITY,
        "ultimatum_gap": per_ally(0.0, 3.0),
        "ultimatum_utility": UTILITY,
        "patience": whole(1, 16),
        "deal_value": WEIGHT,
        "wedge_weight": WEIGHT,
        "wedge_neutral": LEVEL,
    }

    def propose(self, model, seat):
        p, v = self.p, model.world.values
        past = model.values_ago(2)
        long_ago = model.values_ago(p["patience"])  # pressed that long ago and still short
        aggr = max(0.1, p["aggressiveness"])
        for ally in PRESS:
            k = seat_keys(ally)
            gap = shortfall(v, ally, p)
            progress = (v[k.defence] - past[k.defence]) + 0.3 * (v[k.hns] - past[k.hns])
            complied = gap <= p["tolerance"] / aggr or progress >= p["progress_threshold"] * aggr
            name = model.reg.state_names[ally]
            if complied:
                if v[k.pressure] > 0:
                    yield (
                        model.tagged(seat, EASE[ally]),
                        p["ease_utility"],
                        (
                            "{} is paying more (gap {:.0%}, moved {:+.2f}): reward it",
                            name,
                            gap,
                            progress,
                        ),
                    )
            else:
                asked = demand(v, ally, p)
                yield (
                    model.tagged(seat, PRESS[ally]),
                    p["press_utility"] * aggr * gap,
                    ("{} spends {:.1f}% of GDP vs {:.1f}% demanded", name, v[k.defence], asked),
                )
                u = p["ultimatum_utility"] * aggr * (gap - p["ultimatum_gap"][ally])
                stubborn = long_ago[k.pressure] >= 1 and v[k.pressure] >= 1
                if stubborn and not any(seat in (d["proposer"], d["recipient"]) for d in
                                        deals.in_force(model, ally)):  # fmt: skip
                    wedge = max(0.0, v[k.china_relations] - p["wedge_neutral"]) / 10.0
                    u += p["deal_value"] * aggr * gap - p["wedge_weight"] * wedge
                if u > 0:
                    yield (
                        model.tagged(seat, ULTIMATUM[ally]),
                        u,
                        ("{} is far from the number (gap {:.0%}): an ultimatum", name, gap),
                    )

    def react(self, model):
        """A demand met is a demand raised: the bar moves up when an ally reaches it."""
        p, w = self.p, model.world
        v = w.values
        fired = False
        for ally in PRESS:
            asked = demand(v, ally, p)
            if asked < p["demand_cap"] and v[seat_keys(ally).defence] >= asked - p["met_margin"]:
                w.add(seat_keys(ally).demands_met, 1, self.cause)
                model.news(
                    "rule",
                    "USA",
                    self.name,
                    (
                        "Washington raises its demand on {} to {:.1f}% of GDP.",
                        model.reg.state_names[ally],
                        demand(v, ally, p),
                    ),
                )
                fired = True
        return fired


@register
class TariffsOnAllies(Rule):
    """Levies tariffs on allies as a choice, baseline and sectoral: the more an ally sells to the
    US (``balance_gain`` per 10 points of its export share going there) and the further it falls
    short of the demands (``gap_gain``), the likelier, less so the higher its tariff already is
    (``tariff_weight``), while a deal is fresh (``deal_quarters``) or the alliance is weak
    (``floor``); and, as revenue Washington means to keep, ``revenue_gain`` per 10 points the
    ally's tariff sits below the baseline a deal leaves (``tariff_floor`` of
    PressureLadderBite: the universal 10%), so the AI seeks what the US objective scores. The
    universal tariff when both allies qualify. Models Trump's protectionism and
    the 'possible direct tariffs on Japanese imports' (Trump's Transactionalism; Goodman 2024;
    "Trump Tariffs", 2024; data: 19.9% of Japan's exports go to the US)."""

    source = f'{TRANSACTIONALISM} (Goodman 2024; "Trump Tariffs", 2024)'
    models = "tariff allies that sell much and pay little; hold off after a deal"
    phases = ("decisions",)
    tags = (*TARIFF_ALLY.values(), "universal_tariff")
    params = {
        "base": UTILITY,
        "balance_gain": WEIGHT,
        "gap_gain": WEIGHT,
        "tariff_weight": WEIGHT,
        "deal_quarters": whole(0, 16),
        "floor": LEVEL,
        "universal_base": UTILITY,
        "revenue_gain": WEIGHT,
    }

    def propose(self, model, seat):
        v, p, start = model.world.values, self.p, model.start_values
        ledger = model.scenario.parameters["USA"]["BurdenSharingLedger"]
        floors = model.scenario.parameters["world"]["PressureLadderBite"]["tariff_floor"]
        past = model.values_ago(int(p["deal_quarters"]))
        wants = []
        for ally, tag in TARIFF_ALLY.items():
            k = seat_keys(ally)
            if v[k.deals] > past[k.deals] or v[k.alliance] < p["floor"]:
                continue
            tariff = v[k.us_tariff]
            extra = max(0.0, tariff - start[k.us_tariff])
            u = (
                p["base"]
                + p["balance_gain"] * v[k.exports_us] / 10.0
                + p["gap_gain"] * shortfall(v, ally, ledger)
                - p["tariff_weight"] * extra / 10.0
                + p["revenue_gain"] * max(0.0, floors[ally] - tariff) / 10.0
            )
            wants.append(u)
            why = ("{} sells much to America and pays too little", model.reg.state_names[ally])
            yield model.tagged(seat, tag), u, why
        if len(wants) == len(TARIFF_ALLY):
            yield (
                model.tagged(seat, "universal_tariff"),
                p["universal_base"] + min(wants),
                "everyone is ripping America off",
            )


@register
class TariffDeals(Rule):
    """A deal trades what an ally gives for tariff relief: each deal act (Washington's ease
    card, the ally's trade deal, a negotiated answer to a tariff) cuts the US tariff on that ally
    by ``relief``, plus ``relief_per_give`` for each burden-sharing step the ally took this
    quarter and last, but never below the negotiated floor (``tariff_floor`` of
    PressureLadderBite, or the start); each counts as a deal won. Applies whoever plays the US:
    it is what a deal is. Models the first-term steel deal and Trump's transactionalism (Trump's
    Transactionalism; "US and Japan Agree", 2022)."""

    source = f'{TRANSACTIONALISM} ("US and Japan Agree", 2022)'
    models = "deals cut tariffs for what an ally gives, down to a floor, never to zero"
    phases = ("reactions",)
    always = True
    watches = ("tariff_relief",)
    params = {
        "relief": number(0.0, 30.0),
        "relief_per_give": number(0.0, 10.0),
    }

    def react(self, model):
        w, p = model.world, self.p
        v, start = w.values, model.start_values
        floors = model.scenario.parameters["world"]["PressureLadderBite"]["tariff_floor"]
        fired = False
        for act in model.acts_tagged("tariff_relief"):
            if act.actor == "USA":
                ally = next((EASE_ALLY[t] for t in act.tags if t in EASE_ALLY), None)
            else:
                ally = act.actor if act.actor in PRESS else None
            if ally is None:
                continue
            key = seat_keys(ally).us_tariff
            floor = max(start[key], floors[ally])
            if v[key] <= floor:
                continue
            gave = sum(
                1
                for last in (False, True)
                for a in model.acts_tagged("burden_sharing", last=last)
                if a.actor == ally
            )
            cut = p["relief"] + p["relief_per_give"] * gave
            cause = self.cause._replace(via=act.id)
            w.change(key, max(floor, v[key] - cut), cause)
            w.add(seat_keys(ally).deals, 1, cause)
            model.news(
                "rule",
                "USA",
                self.name,
                (
                    "A deal with {}: the US tariff falls to {:.0f}%.",
                    model.reg.state_names[ally],
                    v[key],
                ),
            )
            fired = True
        return fired


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
                ("tariffs on China {:.0f}% < target {:.0f}%", v["USA>CHN.tariff"], p["target"]),
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
            tilt = [a for a in model.acts_tagged("tilt_china") if a.actor == ally]
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
                    (
                        "China hawks in Washington push back on {}'s drift toward Beijing.",
                        model.reg.state_names[ally],
                    ),
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
            cohesion = v[seat_keys(ally).alliance]
            if cohesion < p["floor"]:
                yield (
                    model.tagged(seat, REASSURE[ally]),
                    p["reassure_utility"],
                    ("the alliance with {} is weakening", model.reg.state_names[ally]),
                )
                yield (
                    model.tagged(seat, PRESS[ally]),
                    -p["press_penalty"],
                    "don't break the alliance",
                )


@register
class ContainChina(Rule):
    """Keeps the regional balance against China: arms for Taiwan, transits, trilateral summits
    and exercises, more so as tension rises or the trilateral frays; a call with Xi when a
    flashpoint runs above ``calm_above``. Models the US-China 'war of
    influence' that frames the essay (Continued Obstacles)."""

    source = OBSTACLES
    models = "contain China: Taiwan support, exercises, trilateral summits"
    phases = ("decisions",)
    tags = ("contain_china", "trilateral", "dialogue")
    params = {
        "base": UTILITY,
        "taiwan_gain": WEIGHT,
        "trilateral_gain": WEIGHT,
        "trilateral_target": LEVEL,
        "calm_above": LEVEL,
        "calm_gain": WEIGHT,
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
        heat = max(v["taiwan"], v["senkaku"]) - p["calm_above"]
        if heat > 0:
            yield (
                model.tagged(seat, "dialogue"),
                p["calm_gain"] * heat / 5,
                "the Strait is too hot: call Xi before it boils over",
            )
