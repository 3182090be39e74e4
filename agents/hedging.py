"""Japan and South Korea: hedging. Keep the alliance, pay enough to keep Washington calm, engage
China economically, within political capital and public opinion (essay: Trump's
Transactionalism; Continued Obstacles). South Korea adds history friction and volatility."""

from agents.china import COURT_TAG, GRIEVANCE
from agents.usa import current_demand
from game.engine.params import LEVEL, UTILITY, WEIGHT
from game.engine.registry import seat_keys
from game.engine.rules import OBSTACLES, TRANSACTIONALISM, Rule, register


@register
class PayForTheAlliance(Rule):
    """Pays into the alliance (defence, host-nation support, US purchases) in proportion to
    Washington's pressure and the gap to its defence demand (the US BurdenSharingLedger's
    demand now, which rises as demands are met), less when the public is restless; offers a
    trade deal (investment, purchases) as US tariffs rise (``deal_gain``). Models
    Tokyo's and Seoul's answer to Trump's burden-sharing demands and Ishiba's 'more equal
    alliance' (Continued Obstacles; Ishiba 2024; Trump's Transactionalism; Wintour 2024)."""

    source = f"{OBSTACLES} (Ishiba 2024); {TRANSACTIONALISM} (Wintour 2024)"
    models = "pay into the alliance as US pressure rises, less when approval is low"
    phases = ("decisions",)
    tags = ("burden_sharing", "trade_deal")
    params = {
        "base": UTILITY,
        "deal_gain": WEIGHT,
        "pressure_gain": WEIGHT,
        "gap_gain": WEIGHT,
        "approval_floor": LEVEL,
        "approval_penalty": WEIGHT,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        demand, k = current_demand(model, seat), seat_keys(seat)
        gap = max(0.0, demand - v[k.defence])
        restless = max(0.0, p["approval_floor"] - v[k.approval]) * p["approval_penalty"]
        u = p["base"] + p["pressure_gain"] * v[k.pressure] + p["gap_gain"] * gap / demand - restless
        pids = model.tagged(seat, "burden_sharing")
        if pids:
            band = model.band(k.pressure) if model.texts else ""  # (only the reason says it)
            yield pids, u, ("US pressure is at '{}': pay to keep Washington calm", band)
        tariff = v[k.us_tariff] - model.start_values[k.us_tariff]
        if tariff > 0:
            yield (
                model.tagged(seat, "trade_deal"),
                p["deal_gain"] * tariff / 10.0,
                ("US tariffs are {:.0f} points up: offer a deal (investment, purchases)", tariff),
            )


@register
class EngageChinaEconomically(Rule):
    """Engages China economically when US tariffs or pressure bite or Beijing is courting, held
    back by distrust and by tension at sea. Models the pragmatic economic cooperation that
    Trump's trade policy pushes Tokyo (and Seoul) toward (Trump's Transactionalism; Eves 2024;
    Goodman 2024)."""

    source = f"{TRANSACTIONALISM} (Eves 2024; Goodman 2024)"
    models = (
        "engage China when US tariffs and pressure bite or China courts; less when distrust is deep"
    )
    phases = ("decisions",)
    tags = ("engage_china",)
    watches = tuple(COURT_TAG.values())  # China courting this seat
    params = {
        "base": UTILITY,
        "tariff_gain": WEIGHT,
        "pressure_gain": WEIGHT,
        "courted_gain": WEIGHT,
        "trust_floor": LEVEL,
        "distrust_weight": WEIGHT,
        "tension_limit": LEVEL,
        "tension_weight": WEIGHT,
    }

    def propose(self, model, seat):
        v, p, start, k = model.world.values, self.p, model.start_values, seat_keys(seat)
        tariff = max(0.0, v[k.us_tariff] - start[k.us_tariff])
        court_tag = COURT_TAG[seat]
        courted = sum(1 for a in model.acts_tagged(court_tag, last=True) if a.actor == "CHN")
        distrust = max(0.0, p["trust_floor"] - v[k.trust_china]) * p["distrust_weight"]
        tension = max(0.0, v["senkaku"] - p["tension_limit"]) * p["tension_weight"]
        u = (
            p["base"]
            + p["tariff_gain"] * tariff
            + p["pressure_gain"] * v[k.pressure]
            + p["courted_gain"] * courted
            - distrust
            - tension
        )
        yield (
            model.tagged(seat, "engage_china"),
            u,
            "soften the blow of US trade policy by working with China",
        )


@register
class DeterAssertiveness(Rule):
    """Answers Chinese pressure at sea with coast-guard and defence moves, and, when the Strait
    heats up, with Taiwan signals. Models Japan's anxiety about China's rise, the Senkaku dispute
    and the hardened Taiwan stances (Continued Obstacles; Introduction; Johnson 2024)."""

    source = f"{OBSTACLES}; Introduction (Johnson 2024)"
    models = "deter at sea as Senkaku tension rises; Taiwan signals when the Strait heats up"
    phases = ("decisions",)
    tags = ("deterrence", "taiwan_provocation")
    params = {
        "base": UTILITY,
        "senkaku_gain": WEIGHT,
        "taiwan_base": UTILITY,
        "taiwan_gain": WEIGHT,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        yield (
            model.tagged(seat, "deterrence"),
            p["base"] + p["senkaku_gain"] * (v["senkaku"] - 50) / 5,
            "deter grey-zone pressure",
        )
        yield (
            model.tagged(seat, "taiwan_provocation"),
            p["taiwan_base"] + p["taiwan_gain"] * (v["taiwan"] - 50) / 5,
            "signal resolve on Taiwan",
        )


@register
class TendTheAlliance(Rule):
    """Tends the alliance and the trilateral when they fray (summits, exercises, reassurance)
    and mends Japan-Korea history as it strains them (``history_gain`` per point above the
    start).
    Models Japanese public support for the alliance and the essay's judgement that no Japanese
    government will depart from the status quo with the US (Continued Obstacles; Kafura et al.
    2022; "Japanese Foreign Trade in Figures", 2024)."""

    source = f"{OBSTACLES} (Kafura et al. 2022)"
    models = "tend the alliance and trilateral when cohesion falls below its start"
    phases = ("decisions",)
    tags = ("alliance", "trilateral", "history_gesture")
    params = {
        "base": UTILITY,
        "gain": WEIGHT,
        "history_gain": WEIGHT,
    }

    def propose(self, model, seat):
        v, start = model.world.values, model.start_values
        for tag, key in (
            ("alliance", seat_keys(seat).alliance),
            ("trilateral", "alliance.trilateral"),
        ):
            gap = start[key] - v[key]
            yield (
                model.tagged(seat, tag),
                self.p["base"] + self.p["gain"] * gap,
                "the alliance needs tending",
            )
        strain = v["history.JPN-KOR"] - start["history.JPN-KOR"]
        yield (
            model.tagged(seat, "history_gesture"),
            self.p["history_gain"] * strain,
            "Japan-Korea history is straining the trilateral",
        )


@register
class FragileMandate(Rule):
    """A weak government shores up approval before anything else and shies away from divisive
    moves such as constitutional revision or sharp rearmament. Models Ishiba's minority
    government and, for Seoul, the political crisis after martial law (Continued Obstacles;
    Suzuki 2024)."""

    source = f"{OBSTACLES} (Suzuki 2024)"
    models = "shore up approval when weak; avoid divisive moves"
    phases = ("decisions",)
    tags = ("domestic", "divisive")
    params = {
        "comfort": LEVEL,
        "domestic_gain": WEIGHT,
        "divisive_penalty": WEIGHT,
        "revision_base": UTILITY,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        weakness = p["comfort"] - v[seat_keys(seat).approval]
        yield (
            model.tagged(seat, "domestic"),
            1.0 + p["domestic_gain"] * weakness,
            "shore up approval at home",
        )
        yield (
            model.tagged(seat, "divisive"),
            p["revision_base"] - p["divisive_penalty"] * max(0.0, weakness),
            "too divisive for a weak government",
        )


@register
class HistoryFriction(Rule):
    """Seoul's politics periodically reopen the history with Japan, mostly when the government is
    weak, and mend it when the trilateral matters more. Models the Japan-ROK history friction
    that limits the trilateral (Continued Obstacles)."""

    source = OBSTACLES
    models = "reopen history with Japan when weak at home; mend it when friction is high"
    phases = ("decisions",)
    tags = ("history_provocation", "history_gesture")
    params = {
        "provoke_base": UTILITY,
        "provoke_gain": WEIGHT,
        "mend_base": UTILITY,
        "mend_gain": WEIGHT,
        "comfort": LEVEL,
    }

    def propose(self, model, seat):
        v, p = model.world.values, self.p
        weakness = max(0.0, p["comfort"] - v[seat_keys(seat).approval])
        yield (
            model.tagged(seat, "history_provocation"),
            p["provoke_base"] + p["provoke_gain"] * weakness,
            "nationalism plays well at home",
        )
        yield (
            model.tagged(seat, "history_gesture"),
            p["mend_base"] + p["mend_gain"] * (v["history.JPN-KOR"] - 40),
            "history is straining ties",
        )


@register
class DeRisk(Rule):
    """De-risks from China when Beijing's grievance turns into coercion: diversifying supply
    chains is worth ``gain`` per 10 points of China's grievance against this seat above
    ``calm``, scaled by exposure (the export share to China against the start). Models Japan's
    anxiety about China's rise and the cost of depending on it (Continued Obstacles; data: 17.6%
    of Japan's and ~19.5% of Korea's exports go to China)."""

    source = f"{OBSTACLES}; {TRANSACTIONALISM}"
    models = "diversify away from China as its grievance, and exposure to it, grow"
    phases = ("decisions",)
    tags = ("supply_chain",)
    params = {
        "base": UTILITY,
        "gain": WEIGHT,
        "calm": LEVEL,
    }

    def propose(self, model, seat):
        v, p, start = model.world.values, self.p, model.start_values
        key = seat_keys(seat).exports_china
        exposure = v[key] / max(1.0, start[key])
        grievance = v[GRIEVANCE[seat]]
        u = p["base"] + p["gain"] * exposure * (grievance - p["calm"]) / 10.0
        yield (
            model.tagged(seat, "supply_chain"),
            u,
            ("Beijing's grievance is {:.0f}: less exposure to coercion", grievance),
        )


@register
class StandUpToWashington(Rule):
    """The anti-US line: when Washington's tariffs bite and the public turns against it, hit
    back with tariffs (``retaliate_base``, ``tariff_gain`` per 10 points of US tariff above the
    start, ``anger_gain`` per 10 points of this public's negative view of the US above the
    start), and when the alliance is already strained below ``walk_below``, walk away from it
    (``walk_base``, ``walk_gain`` per 10 points below): the one road to a rupture, which
    AllianceRupture makes expensive. The essay's Tokyo does not take it: it is the tail of the
    'somewhat turbulent' alliance (Continued Obstacles; Kafura et al. 2022; Trump's
    Transactionalism: Goodman 2024)."""

    source = f"{OBSTACLES} (Kafura et al. 2022); {TRANSACTIONALISM} (Goodman 2024)"
    models = (
        "answer US tariffs with tariffs when the public is angry; walk away from a broken alliance"
    )
    phases = ("decisions",)
    tags = ("retaliation", "walk_away")
    params = {
        "retaliate_base": UTILITY,
        "tariff_gain": WEIGHT,
        "anger_gain": WEIGHT,
        "walk_below": LEVEL,
        "walk_base": UTILITY,
        "walk_gain": WEIGHT,
    }

    def propose(self, model, seat):
        v, p, start = model.world.values, self.p, model.start_values
        k = seat_keys(seat)
        tariff_key, anger_key = k.us_tariff, k.negative_us
        extra = v[tariff_key] - start[tariff_key]
        if extra > 0:
            pids = model.tagged(seat, "retaliation")
            if pids:
                u = (
                    p["retaliate_base"]
                    + p["tariff_gain"] * extra / 10.0
                    + p["anger_gain"] * (v[anger_key] - start[anger_key]) / 10.0
                )
                yield pids, u, ("US tariffs are {:.0f} points up and the public is angry", extra)
        cohesion = v[k.alliance]
        if cohesion < p["walk_below"]:
            yield (
                model.tagged(seat, "walk_away"),
                p["walk_base"] + p["walk_gain"] * (p["walk_below"] - cohesion) / 10.0,
                ("the alliance is at {:.0f}: is it still worth it?", cohesion),
            )
