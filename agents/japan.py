"""Japan's costs that grow: a public debt that stimulus and defence feed and that bites, and a
Diet that must pass the big bills (constitutional revision, sharp rearmament) and can refuse
them (issue 11, part B; essay: Continued Obstacles, a minority government). Both are
``always`` rules: they bind a human prime minister as much as the AI."""

from game.engine.params import SHARE, WEIGHT, number
from game.engine.registry import seat_keys
from game.engine.rules import OBSTACLES, Rule, register

DEBT = "debt.JPN"


@register
class FiscalStrain(Rule):
    """Stimulus packages and defence spending above the start add to Japan's public debt; above
    a threshold the debt drags on growth and on the government's approval; it eases back very
    slowly. Models the fiscal limits of a weak government that must both spend at home and
    pay for Washington's defence demand (Continued Obstacles; Suzuki 2024; sizes: game
    estimate)."""

    source = f"{OBSTACLES} (Suzuki 2024); sizes: game estimate"
    models = "stimulus and defence feed the debt; past a threshold it costs growth and approval"
    phases = ("drift",)
    always = True
    params = {
        "stimulus_debt": number(0.0, 20.0),  # % of GDP per stimulus package (a domestic act)
        "defence_debt": number(0.0, 5.0),  # % of GDP a quarter per % of GDP above the start
        "threshold": number(0.0, 50.0),  # points of debt above the start before it bites
        "growth_bite": WEIGHT,  # growth lost a quarter per 10 points above the threshold
        "approval_bite": WEIGHT,  # approval lost a quarter per 10 points above the threshold
        "consolidation": SHARE,  # share of the way back to the start each quarter
    }

    def drift(self, model):
        p, w, seat = self.p, model.world, self.seat
        v, start = w.values, model.start_values
        stimuli = sum(
            1 for a in model.acts_tagged("domestic") if a.actor == seat and a.kind == "policy"
        )
        k = seat_keys(seat)
        above = max(0.0, v[k.defence] - start[k.defence])
        debt = v[DEBT] + p["stimulus_debt"] * stimuli + p["defence_debt"] * above
        debt -= p["consolidation"] * (debt - start[DEBT])
        w.change(DEBT, debt, self.cause)
        excess = max(0.0, w.values[DEBT] - start[DEBT] - p["threshold"]) / 10.0
        if excess:
            w.add(k.growth, -p["growth_bite"] * excess, self.cause)
            w.add(k.approval, -p["approval_bite"] * excess, self.cause)
        return True


@register
class DietVotes(Rule):
    """The Diet votes on divisive bills (constitutional revision, sharp rearmament) the quarter
    they are tabled: they pass with a chance that rises with the government's approval and its
    share of seats, and a defeat ends the bill (the political capital is spent) and costs
    approval. Models Ishiba's minority in the lower house after October 2024 (Continued
    Obstacles; Suzuki 2024)."""

    source = f"{OBSTACLES} (Suzuki 2024)"
    models = "divisive bills need the Diet: approval and coalition seats decide; they can fail"
    phases = ("reactions",)
    always = True
    params = {
        "coalition_seats": number(0.0, 100.0),  # % of lower-house seats the coalition holds
        "base_chance": SHARE,  # chance of passing at 40% approval and half the seats
        "approval_gain": number(0.0, 0.1),  # per point of approval above 40
        "seat_gain": number(0.0, 0.2),  # per point of seats above 50%
        "defeat_approval": number(-20.0, 0.0),
    }

    def pass_chance(self, approval):
        p = self.p
        chance = (
            p["base_chance"]
            + p["approval_gain"] * (approval - 40.0)
            + p["seat_gain"] * (p["coalition_seats"] - 50.0)
        )
        return min(1.0, max(0.0, chance))

    def react(self, model):
        w, seat, fired = model.world, self.seat, False
        for act in list(model.acts_tagged("divisive")):
            if act.actor != seat or act.kind != "policy":
                continue
            slot = f"{seat}:{act.id}"
            if slot not in w.progress:
                continue
            chance = self.pass_chance(w.values[seat_keys(seat).approval])
            name = model.catalog.policies[act.id].name
            if model.random.random() < chance:
                model.news("rule", seat, self.name, ("The Diet passes: {} ({:.0%})", name, chance))
            else:
                del w.progress[slot]
                w.add(seat_keys(seat).approval, self.p["defeat_approval"], self.cause)
                model.news(
                    "rule", seat, self.name, ("The Diet votes down: {} ({:.0%})", name, chance)
                )
            fired = True
        return fired
