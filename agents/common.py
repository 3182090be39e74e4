"""Distrust, which every state has, human or AI: it is psychology, not a choice."""

from math import cos, log, sin, sqrt
from math import tau as TWOPI

from game.engine.params import SHARE, number
from game.engine.rules import OBSTACLES, Rule, register


@register
class Distrust(Rule):
    """Generous tit-for-tat on a trust matrix. Each state reads the others' acts through noise
    (``noise``: misperception), weighs hostile acts by ``gain_negative`` and friendly ones by
    ``gain_positive`` (negativity bias when the first is larger), and lets trust creep back toward
    a baseline set by public opinion (``recover_rate``: forgiveness) and by the other state's
    reputation for keeping deals (``reputation_weight`` per point above or below its start),
    while goodwill above that baseline fades (``fade_rate``). Models the essay's mutual distrust
    as the main cap on any thaw (Continued Obstacles; "Nearly 90%", 2024)."""

    source = f'{OBSTACLES} ("Nearly 90%", 2024)'
    models = "trust in each other state moves with perceived acts; falls fast, recovers slowly"
    phases = ("reactions", "drift")
    always = True
    params = {
        "gain_positive": number(0.0, 10.0),
        "gain_negative": number(0.0, 10.0),
        "noise": number(0.0, 10.0),
        "recover_rate": SHARE,
        "fade_rate": SHARE,
        "opinion_anchor": number(0.0, 5.0),
        "reputation_weight": number(0.0, 2.0),
    }

    def keys(self, reg):
        # Per other state: this seat's trust in it, this public's negative view of it and its
        # reputation for keeping deals.
        return {
            o: (f"{self.seat}>{o}.trust", f"{self.seat}>{o}.negative", f"{o}.reputation")
            for o in reg.states
            if o != self.seat
        }

    def react(self, model):
        p, w = self.p, model.world
        rng, values, reads = model.random, w.values, self.reads
        random = rng.random
        fired = False
        kind, name, seat, _ = self.cause
        noise, gain_neg, gain_pos = p["noise"], p["gain_negative"], p["gain_positive"]
        for actor, signal, via in model.perceived_by[seat]:
            # rng.gauss(0.0, noise), inlined: the same draws, the same number and the same
            # spare draw kept for the next call (a test holds it to random.gauss), without a
            # call per act perceived (every act of every quarter, by each other seat).
            z = rng.gauss_next
            rng.gauss_next = None
            if z is None:
                x2pi = random() * TWOPI
                g2rad = sqrt(-2.0 * log(1.0 - random()))
                z = cos(x2pi) * g2rad
                rng.gauss_next = sin(x2pi) * g2rad
            perceived = signal + (0.0 + z * noise)
            gain = gain_neg if perceived < 0 else gain_pos
            key = reads[actor][0]
            w.change(key, values[key] + gain * perceived, (kind, name, seat, via))
            fired = True
        return fired

    def drift(self, model):
        p, w = self.p, model.world
        v, start, change, cause = w.values, model.start_values, w.change, self.cause
        anchor, recover, fade = p["opinion_anchor"], p["recover_rate"], p["fade_rate"]
        rep_weight = p["reputation_weight"]
        for key, neg, rep in self.reads.values():
            trust = v[key]
            baseline = start[key] + anchor * (start[neg] - v[neg])
            if rep_weight:
                baseline += rep_weight * (v[rep] - start[rep])
            rate = recover if trust < baseline else fade
            change(key, trust + rate * (baseline - trust), cause)
        return True
