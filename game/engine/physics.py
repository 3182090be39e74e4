"""The world's physics: the rules that model the region's slow variables (relations, opinion,
flashpoints, the pressure ladder's bite, trade, alliances, domestic politics, incidents, crises,
interdependence and alliance rupture), not any government's choices. They apply whoever holds
each seat. The Rule base class and registry are in game/engine/rules.py."""

from game.engine.effects import apply_effects
from game.engine.params import EFFECTS, LEVEL, SHARE, WEIGHT, number, per_ally
from game.engine.rules import INTRODUCTION, OBSTACLES, TRANSACTIONALISM, Rule, register

# --------------------------------------------------------------------------------------------
# World rules: they model the region's slow variables, not any government's choices.
# --------------------------------------------------------------------------------------------


@register
class RelationsFollowTrust(Rule):
    """Relations between two states drift toward what their mutual trust and trade ties support,
    and public opinion puts a soft ceiling on them: a summit can lift relations for a while, but
    with ~90% of both publics negative they sink back unless opinion itself moves. Models the
    essay's claim that distrust caps the thaw (Continued Obstacles; Genron NPO 2024 poll)."""

    source = f'{OBSTACLES} ("Nearly 90%", 2024)'
    models = "relations relax toward mutual trust plus trade ties, under an opinion ceiling"
    phases = ("drift",)
    always = True
    params = {
        "rate": SHARE,
        "trust_weight": WEIGHT,
        "trade_weight": WEIGHT,
        "ceiling_base": number(0.0, 200.0),
        "ceiling_per_negative": number(0.0, 2.0),
        "ceiling_rate": SHARE,
    }

    def keys(self, reg):
        out = []
        for pair in reg.pairs:
            a, b = pair.split("-")
            out.append(
                (pair, f"{pair}.relations", f"{a}>{b}.trust", f"{b}>{a}.trust", f"{a}>{b}.exports",
                 f"{b}>{a}.exports", f"{a}>{b}.negative", f"{b}>{a}.negative")
            )  # fmt: skip
        return out

    def drift(self, model):
        v = model.world.values
        p = self.p
        change, cause, offsets = model.world.change, self.cause, model.relations_offset
        trust_weight, trade_weight, rate = p["trust_weight"], p["trade_weight"], p["rate"]
        ceiling_base, per_negative = p["ceiling_base"], p["ceiling_per_negative"]
        for pair, key, t_ab, t_ba, x_ab, x_ba, n_ab, n_ba in self.reads:
            rel = v[key]
            trust = 0.5 * (v[t_ab] + v[t_ba])
            trade = 0.5 * (v[x_ab] + v[x_ba])
            target = trust_weight * trust + trade_weight * trade + offsets[pair]
            new = rel + rate * (target - rel)
            ceiling = ceiling_base - per_negative * 0.5 * (v[n_ab] + v[n_ba])
            if new > ceiling:
                new -= p["ceiling_rate"] * (new - ceiling)
            change(key, new, cause)
        return True


@register
class SlowOpinion(Rule):
    """Public opinion follows trust and history: it sours fast after a shock (``rise_rate``, at
    most ``max_rise`` points a quarter; Chinese negative views of Japan rose ~25 points in the
    year to Dec 2024) and mends slowly (``fall_rate``, ``max_fall``): a public that is ~90%
    negative does not turn in a year. Models the essay's 'very large majority' of negative views
    (Continued Obstacles; "Nearly 90%", 2024; Genron NPO polls in data/baseline-2024.md)."""

    source = f'{OBSTACLES} ("Nearly 90%", 2024)'
    models = "each public's negative share sours fast with lost trust and history, mends slowly"
    phases = ("drift",)
    always = True
    params = {
        "rise_rate": SHARE,
        "fall_rate": SHARE,
        "trust_slope": number(0.0, 5.0),
        "history_slope": number(0.0, 5.0),
        "max_rise": number(0.0, 30.0),
        "max_fall": number(0.0, 10.0),
    }

    def keys(self, reg):
        # The history friction that weighs on a pair's opinion, where there is one.
        history = {("CHN", "JPN"): "history.CHN-JPN", ("JPN", "KOR"): "history.JPN-KOR"}
        return [
            (f"{a}>{b}.negative", f"{a}>{b}.trust", history.get((a, b)) or history.get((b, a)))
            for a in reg.states
            for b in reg.states
            if a != b
        ]

    def drift(self, model):
        v = model.world.values
        start = model.start_values
        p = self.p
        slope, hist_slope = p["trust_slope"], p["history_slope"]
        rise_rate, fall_rate, max_rise, max_fall = (
            p["rise_rate"], p["fall_rate"], p["max_rise"], p["max_fall"],
        )  # fmt: skip
        change, cause = model.world.change, self.cause
        for key, trust, hist in self.reads:
            target = start[key] - slope * (v[trust] - start[trust])
            if hist:
                target += hist_slope * (v[hist] - start[hist])
            now = v[key]
            gap = target - now
            # min(max_rise, step) and max(-max_fall, step), as conditionals (the same values)
            if gap > 0:
                step = rise_rate * gap
                step = step if step < max_rise else max_rise
            else:
                step = fall_rate * gap
                step = step if step > -max_fall else -max_fall
            change(key, now + step, cause)
        return True


@register
class FlashpointCooling(Rule):
    """Flashpoints cool when left alone and history friction fades slowly; detained nationals are
    sometimes released. The essay's old and new flashpoints (Senkakus, Taiwan, history,
    detentions) flare with acts and events, then relax (Continued Obstacles)."""

    source = OBSTACLES
    models = "Senkaku and Taiwan tension relax toward a baseline; history friction fades slowly"
    phases = ("drift",)
    always = True
    params = {
        "senkaku_base": LEVEL,
        "taiwan_base": LEVEL,
        "tension_rate": SHARE,
        "history_rate": SHARE,
        "release_chance": SHARE,
    }

    def drift(self, model):
        w, p = model.world, self.p
        for key, base in (("senkaku", p["senkaku_base"]), ("taiwan", p["taiwan_base"])):
            w.change(key, w.values[key] + p["tension_rate"] * (base - w.values[key]), self.cause)
        for key in ("history.CHN-JPN", "history.JPN-KOR"):
            base = model.start_values[key]
            w.change(key, w.values[key] + p["history_rate"] * (base - w.values[key]), self.cause)
        if w.values["detained"] > 0 and model.random.random() < p["release_chance"]:
            w.add("detained", -1, self.cause)
        return True


@register
class PressureLadderBite(Rule):
    """What each rung of Washington's pressure ladder costs an ally every quarter: rhetoric dents
    trust, threats dent markets and approval, tariffs bite, troop-cut threats shake the alliance,
    and troop cuts remove troops (never below a floor the scenario sets: the US does not walk
    away). Off the tariff rung, a tariff eases back only to ``tariff_floor``, the level deals
    leave in place. Models the essay's transactional escalation (Trump's Transactionalism;
    Martin 2024, Wintour 2024)."""

    source = f"{TRANSACTIONALISM} (Martin 2024; Wintour 2024)"
    models = "each rung of US pressure on an ally has a per-turn cost"
    phases = ("drift",)
    always = True
    params = {
        "rhetoric_trust": number(-20.0, 0.0),
        "rhetoric_cohesion": number(-20.0, 0.0),
        "threat_approval": number(-20.0, 0.0),
        "threat_economy": number(-20.0, 0.0),
        "tariff_level": LEVEL,
        "tariff_relax": SHARE,
        "troop_threat_cohesion": number(-20.0, 0.0),
        "troop_cut_per_turn": number(0.0, 20.0),
        "troop_floor_share": SHARE,
        "tariff_floor": per_ally(0.0, 50.0),
    }

    def keys(self, reg):
        return [
            (
                f"pressure.{a}", f"USA>{a}.tariff", f"{a}>USA.trust", f"alliance.USA-{a}",
                f"{a}.approval", f"{a}.economy", f"troops.{a}", a,
            )
            for a in reg.allies
        ]  # fmt: skip

    def drift(self, model):
        w, p = model.world, self.p
        v, start = w.values, model.start_values
        change, cause = w.change, self.cause  # change(k, v[k] + d): World.add, inlined
        for (
            pressure,
            tariff_key,
            trust,
            alliance,
            approval,
            economy,
            troops_key,
            ally,
        ) in self.reads:
            level = v[pressure]
            if level >= 1:
                change(trust, v[trust] + p["rhetoric_trust"], cause)
                change(alliance, v[alliance] + p["rhetoric_cohesion"], cause)
            if level >= 2:
                change(approval, v[approval] + p["threat_approval"], cause)
                change(economy, v[economy] + p["threat_economy"], cause)
            if level >= 3:
                if v[tariff_key] < p["tariff_level"]:
                    w.change(tariff_key, p["tariff_level"], cause)
            else:
                # Once levied, a tariff eases only down to the floor a deal would leave.
                base = max(start[tariff_key], p["tariff_floor"][ally])
                if v[tariff_key] > base:
                    w.change(
                        tariff_key,
                        v[tariff_key] + p["tariff_relax"] * (base - v[tariff_key]),
                        cause,
                    )
            if level >= 4:
                change(alliance, v[alliance] + p["troop_threat_cohesion"], cause)
            if level >= 5:
                floor = p["troop_floor_share"] * start[troops_key]
                troops = v[troops_key]
                if troops > floor:
                    w.change(troops_key, max(floor, troops - p["troop_cut_per_turn"]), cause)
        return True


@register
class TradeAndTariffs(Rule):
    """Tariffs cost growth in proportion to how much of a state's exports face them, growth moves
    the economy, and trade slowly diverts away from tariff walls. Models the essay's point that
    US tariffs on China and on allies would 'heavily hurt' Japan and push Tokyo and Beijing to
    soften the blow together (Trump's Transactionalism; Goodman 2024, Hoskins 2024).

    ``us_trend`` and ``china_trend`` set the US's and China's growth trend as a share of their
    starting growth (1.0: the start): a slump or a boom that no government's policy makes,
    drawn per game (configs/uncertainty.yaml), so the great powers' own fortunes carry luck."""

    source = f"{TRANSACTIONALISM} (Goodman 2024; Hoskins 2024)"
    models = "tariffs on a state's exports lower its growth; growth moves the economy index"
    phases = ("drift",)
    always = True
    params = {
        "tariff_drag": number(0.0, 2.0),
        "growth_rate": SHARE,
        "diversion": number(0.0, 0.1),
        "diversion_rate": SHARE,
        "us_trend": number(0.0, 3.0),
        "china_trend": number(0.0, 3.0),
    }
    TREND_OF = {"USA": "us_trend", "CHN": "china_trend"}

    def keys(self, reg):
        return [
            (
                f"{s}.growth",
                f"{s}.economy",
                [(f"{b}>{s}.tariff", f"{s}>{b}.exports") for b in reg.states if b != s],
                self.TREND_OF.get(s),
            )
            for s in reg.states
        ]

    def drift(self, model):
        w, p = model.world, self.p
        v, start = w.values, model.start_values
        change, cause = w.change, self.cause
        diversion, diversion_rate = p["diversion"], p["diversion_rate"]
        for growth_key, economy_key, partners, trend_param in self.reads:
            drag = 0.0
            for tariff_key, exp_key in partners:
                extra_tariff = v[tariff_key] - start[tariff_key]
                exports = v[exp_key]
                drag += extra_tariff * exports / 100.0
                target = start[exp_key] * (1.0 - diversion * extra_tariff)
                new = exports + diversion_rate * (target - exports)
                if new != exports:  # (World.change would find nothing to change)
                    change(exp_key, new, cause)
            trend = start[growth_key]
            own_course = trend * p[trend_param] if trend_param else trend
            target_growth = own_course - p["tariff_drag"] * drag
            growth = v[growth_key]
            change(growth_key, growth + p["growth_rate"] * (target_growth - growth), cause)
            change(economy_key, v[economy_key] + (v[growth_key] - trend) / 4.0, cause)
        return True


@register
class AllianceCohesion(Rule):
    """Alliance cohesion follows mutual trust, US pressure and troop levels, and the trilateral
    follows both alliances and Japan-ROK history. Models the essay's 'resilient, even if somewhat
    turbulent' alliance: strained by pressure, anchored by trust (Introduction; Continued
    Obstacles; Kafura et al. 2022)."""

    source = f"{OBSTACLES} (Kafura et al. 2022)"
    models = "alliance cohesion relaxes toward a level set by trust, pressure and troops"
    phases = ("drift",)
    always = True
    params = {
        "rate": SHARE,
        "trust_weight": WEIGHT,
        "pressure_weight": WEIGHT,
        "troop_weight": number(0.0, 100.0),
        "trilateral_rate": SHARE,
        "history_weight": WEIGHT,
    }

    def keys(self, reg):
        return [
            (f"alliance.USA-{a}", f"USA>{a}.trust", f"{a}>USA.trust", f"pressure.{a}", f"troops.{a}")
            for a in reg.allies
        ]  # fmt: skip

    def drift(self, model):
        w, p = model.world, self.p
        v, start = w.values, model.start_values
        for key, us_trust, ally_trust, pressure, troops_key in self.reads:
            trust = 0.5 * (v[us_trust] + v[ally_trust])
            trust0 = 0.5 * (start[us_trust] + start[ally_trust])
            troops = v[troops_key] / start[troops_key] - 1.0
            target = (
                start[key]
                + p["trust_weight"] * (trust - trust0)
                - p["pressure_weight"] * v[pressure]
                + p["troop_weight"] * troops
            )
            w.change(key, v[key] + p["rate"] * (target - v[key]), self.cause)
        key = "alliance.trilateral"
        mean = 0.5 * (v["alliance.USA-JPN"] + v["alliance.USA-KOR"])
        mean0 = 0.5 * (start["alliance.USA-JPN"] + start["alliance.USA-KOR"])
        hist = v["history.JPN-KOR"] - start["history.JPN-KOR"]
        target = start[key] + (mean - mean0) - p["history_weight"] * hist
        w.change(key, v[key] + p["trilateral_rate"] * (target - v[key]), self.cause)
        return True


@register
class AllianceRupture(Rule):
    """An alliance can break, but only if the ally walks away: Washington never leaves by rule
    (NoAbandonment; troop cuts stop at the scenario's floor). When an ally's walk-away act
    leaves cohesion below ``rupture_below``, the alliance ruptures: ``rupture_effects`` land
    at once (Washington's anger, a bolder China at sea, a divided public) and cohesion stays
    at most ``ruptured_cap`` for the rest of the game. Models the essay's 'resilient, even if
    somewhat turbulent' alliance: it holds unless Tokyo or Seoul chooses otherwise (Continued
    Obstacles; Kafura et al. 2022; sizes: game estimate)."""

    source = f"{OBSTACLES} (Kafura et al. 2022); sizes: game estimate"
    models = "an ally that walks away from a strained alliance ruptures it, at a price"
    phases = ("drift",)
    always = True
    watches = ("walk_away",)
    params = {
        "rupture_below": LEVEL,
        "ruptured_cap": LEVEL,
        "rupture_effects": EFFECTS,
    }

    def keys(self, reg):
        return [(a, f"alliance.USA-{a}", f"ruptured:{a}") for a in reg.allies]

    def drift(self, model):
        w, p = model.world, self.p
        v, flags = w.values, w.flags
        fired = False
        for ally, key, flag in self.reads:
            if flag not in flags:
                walked = [a for a in model.acts_tagged("walk_away") if a.actor == ally]
                if not walked or v[key] >= p["rupture_below"]:
                    continue
                flags[flag] = w.turn
                cause = self.cause._replace(via=walked[0].id)
                apply_effects(w, self.effects("rupture_effects", ally), cause, model.random)
                name = model.reg.state_names[ally]
                model.news("rule", ally, self.name, ("The US-{} alliance ruptures.", name))
            if v[key] > p["ruptured_cap"]:
                w.change(key, p["ruptured_cap"], self.cause)
            fired = True
        return fired


@register
class DomesticPolitics(Rule):
    """Approval drifts back toward each government's baseline and follows the economy; political
    capital refills with approval. Models the essay's weak minority government in Tokyo, whose
    room for manoeuvre is small (Continued Obstacles; Suzuki 2024)."""

    source = f"{OBSTACLES} (Suzuki 2024)"
    models = "approval relaxes toward baseline plus growth; capital refills with approval"
    phases = ("drift",)
    always = True
    params = {
        "approval_rate": SHARE,
        "growth_weight": WEIGHT,
        "capital_base": number(0.0, 10.0),
        "capital_per_approval": number(0.0, 1.0),
    }

    def keys(self, reg):
        return [(f"{s}.approval", f"{s}.growth", f"{s}.capital") for s in reg.states]

    def drift(self, model):
        w, p = model.world, self.p
        v, start = w.values, model.start_values
        rate, weight = p["approval_rate"], p["growth_weight"]
        base, per = p["capital_base"], p["capital_per_approval"]
        change, cause = w.change, self.cause
        for key, growth, capital in self.reads:
            target = start[key] + weight * (v[growth] - start[growth])
            change(key, v[key] + rate * (target - v[key]), cause)
            change(capital, v[capital] + (base + per * v[key]), cause)
        return True


@register
class IncidentsAtSea(Rule):
    """Between tension and war sits a rung of incidents: intercepts, radar locks, collisions.
    The hotter a flashpoint runs above ``threshold``, the likelier the rung climbs each quarter
    (``rise_per_point``); it settles back by itself (``settle_chance``) and faster with a hotline
    (the security-dialogue cards lower it). Models Chinese military activity in and around
    Japanese waters and airspace (Introduction; Continued Obstacles; Johnson 2024)."""

    source = f"{INTRODUCTION} (Johnson 2024)"
    models = "hot flashpoints breed incidents (intercepts, radar locks, collisions); calm ends them"
    phases = ("drift",)
    always = True
    params = {
        "threshold": LEVEL,
        "rise_per_point": SHARE,
        "settle_chance": SHARE,
        "tension_push": number(0.0, 10.0),
    }

    def drift(self, model):
        w, p = model.world, self.p
        v = w.values
        heat = max(v["senkaku"], v["taiwan"]) - p["threshold"]
        rise = min(1.0, p["rise_per_point"] * heat) if heat > 0 else 0.0
        roll = model.random.random()
        rung = v["incidents"]
        if roll < rise and rung < 3:
            w.add("incidents", 1, self.cause)
            band = model.band("incidents")
            model.news("rule", "", self.name, ("Incidents at sea and in the air rise to {}.", band))
        elif roll >= 1.0 - p["settle_chance"] and rung > 0:
            w.add("incidents", -1, self.cause)
        if v["incidents"] > 0 and p["tension_push"]:
            w.add("senkaku", p["tension_push"] * v["incidents"], self.cause)
        return True


@register
class CrisisEscalation(Rule):
    """A flashpoint near the brink can tip into an armed clash that ends the game, the likelier
    the more incidents there are: at the brink with ``clash_chance``, and below it, down to
    ``heat_floor``, with ``incident_chance`` per incident rung in proportion to the heat.
    Checked before the flashpoints cool. The risk behind the essay's Senkaku and Taiwan
    cleavages (Continued Obstacles; Johnson 2024)."""

    source = f"{OBSTACLES} (Johnson 2024)"
    models = "tension near the brink, with incidents, may become a game-ending clash"
    phases = ("drift",)
    always = True
    params = {
        "brink": LEVEL,
        "clash_chance": SHARE,
        "heat_floor": LEVEL,
        "incident_chance": SHARE,
    }

    def chance(self, values, key):
        """The chance this quarter that flashpoint ``key`` tips into a clash."""
        p, tension = self.p, values[key]
        heat = max(0.0, (tension - p["heat_floor"]) / max(1.0, p["brink"] - p["heat_floor"]))
        chance = p["incident_chance"] * values["incidents"] * min(1.0, heat)
        if tension >= p["brink"]:
            chance += p["clash_chance"]
        return min(1.0, chance)

    def drift(self, model):
        v = model.world.values
        for key, title in (
            ("taiwan", "War in the Taiwan Strait"),
            ("senkaku", "Armed clash at the Senkakus"),
        ):
            chance = self.chance(v, key)
            if chance and model.random.random() < chance:
                model.world.flags["crisis"] = title
                model.news(
                    "rule", "", self.name, ("{}: the game ends in a military crisis.", title)
                )
                return True
        return False


@register
class Interdependence(Rule):
    """Trade with China pays and coercion costs, both in proportion to exposure. Each ally's
    economy gains ``china_gain`` x its export share to China x China's growth; Japan loses, in
    proportion to its exposure (export share to China against the start), from a tighter seafood
    ban, export curbs and lost visitors against the start, and gains when they ease. Visitors
    recover slowly toward the start. Models the essay's robust economic relationship (China is
    Japan's second-largest partner) and why cooperation softens Trump's tariffs (Introduction;
    Trump's Transactionalism; data: 17.6% of Japan's exports go to China)."""

    source = f"{INTRODUCTION}; {TRANSACTIONALISM} (Eves 2024)"
    models = "China trade lifts allies' economies; coercion costs Japan in proportion to exposure"
    phases = ("drift",)
    always = True
    params = {
        "china_gain": number(0.0, 5.0),
        "ban_cost": number(0.0, 5.0),
        "curbs_cost": number(0.0, 5.0),
        "visitors_cost": number(0.0, 5.0),
        "visitors_recovery": SHARE,
    }

    def keys(self, reg):
        return [(f"{a}.economy", f"{a}>CHN.exports") for a in reg.allies]

    def drift(self, model):
        w, p = model.world, self.p
        v, start, change, cause = w.values, model.start_values, w.change, self.cause
        growth = v["CHN.growth"]
        for economy, exports in self.reads:
            change(economy, v[economy] + p["china_gain"] * v[exports] / 100.0 * growth / 4.0, cause)
        coerced = (
            p["ban_cost"] * (v["seafood_ban"] - start["seafood_ban"])
            + p["curbs_cost"] * (v["curbs.JPN"] - start["curbs.JPN"])
            + p["visitors_cost"] * (start["visitors.CHN-JPN"] - v["visitors.CHN-JPN"]) / 100.0
        )
        if coerced:
            exposure = v["JPN>CHN.exports"] / max(1.0, start["JPN>CHN.exports"])
            change("JPN.economy", v["JPN.economy"] - coerced * exposure, cause)
        visitors, base = v["visitors.CHN-JPN"], start["visitors.CHN-JPN"]
        if visitors < base:
            change("visitors.CHN-JPN", visitors + p["visitors_recovery"] * (base - visitors), cause)
        return True


WORLD_RULES = (
    # The brink is checked before anything cools: incidents, then the clash, then the rest.
    "IncidentsAtSea",
    "CrisisEscalation",
    "RelationsFollowTrust",
    "SlowOpinion",
    "FlashpointCooling",
    "PressureLadderBite",
    "TradeAndTariffs",
    "AllianceCohesion",
    "AllianceRupture",
    "DomesticPolitics",
    "Interdependence",
)
