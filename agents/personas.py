"""Personas: who sits in a seat. ``default`` plays the state's own rule set; the others serve
balancing and stand in for absent players. Any persona can sit in any seat."""

from functools import lru_cache
from operator import itemgetter

from agents.base import Decision
from game.engine import schemas
from game.engine.paths import CONFIGS
from game.engine.rules import PERSONA_NAMES
from game.engine.yamlio import read_yaml

PERSONAS_FILE = CONFIGS / "personas.yaml"
_second = itemgetter(1)  # (utility, id) -> id
_new_decision = tuple.__new__  # Decision(...) without the named tuple's Python-level __new__


def read_personas(path):
    """A persona settings file's sections ({family: {setting: value}}), checked against its
    schema (a broken file is a ConfigError naming the file, the field and the problem)."""
    return schemas.check("personas", read_yaml(path), path)["personas"]


@lru_cache(maxsize=1)
def persona_settings():
    """configs/personas.yaml's sections, read once (the file is part of the install)."""
    return read_personas(PERSONAS_FILE)


def check_persona_file(path):
    """The validate command's check: a one-line summary, or a ConfigError."""
    return f"settings for {len(read_personas(path))} persona families"


def pick_within_capital(model, seat, utilities, max_actions, min_utility=0.0, noise=0.0):
    """The best-utility policies the seat can afford together (ties broken by id). ``noise``:
    the width of uniform noise added to each utility in turn (one draw each, from the game's
    stream) before ranking; done here to spare a noisy copy of the utilities."""
    # Sorting (-utility, id) pairs orders by utility, best first, then by id.
    if noise:
        rnd = model.random.random
        ranked = [
            (-x, pid)
            for pid, u in utilities.items()
            if (x := u + (rnd() - 0.5) * noise) > min_utility
        ]
    else:
        ranked = [(-u, pid) for pid, u in utilities.items() if u > min_utility]
    ranked.sort()
    return model.fill_bundle(seat, map(_second, ranked), max_actions)


def best_responses(model, seat, bias=None, noise=0.0):
    """For each of the seat's pending events, the response that most raises its own score
    (plus an optional bias per response from its signals, and uniform noise of standard
    deviation ``noise`` score points: a government misjudges, so its answer is not fixed)."""
    out = {}
    rnd, width = model.random.random, 2.0 * 1.7320508 * noise
    for event in model.pending_events(seat):
        best, best_u = None, float("-inf")
        for resp in event.responses:
            u = model.score_after(seat, resp.effects)
            if bias:
                u += bias(resp)
            if noise:
                u += (rnd() - 0.5) * width
            if u > best_u:
                best, best_u = resp.id, u
        out[event.id] = best
    return out


def with_objectives(model, seat, utilities, weight):
    """The rules' utilities plus ``weight`` x each legal policy's direct effect on the seat's
    own score (chances weighted, at its fatigue share, before anyone answers): the rules say
    why, the objectives say how much. Policies no rule proposes count by their effect alone."""
    if not weight:
        return utilities
    now = model.score_after(seat, ())
    policies, out = model.catalog.policies, dict(utilities)
    for pid in model.legal_actions(seat):
        policy = policies[pid]
        if policy.duration > 1:
            continue  # its effects land later; the rules judge it
        share = model.fatigue_share(pid)
        gain = model.score_after(seat, policy.effects) - now
        out[pid] = out.get(pid, 0.0) + weight * share * gain
    return out


OBJECTIVES_REASON = ("objectives", "it serves the seat's objectives directly")


class Persona:
    name = ""
    description = ""
    bargains = True  # proposes and answers offers (agents/bargaining.py)
    # The section of configs/personas.yaml this class's settings come from (its parents'
    # sections first): each setting becomes an attribute of the persona.
    settings = None

    def __init__(self, max_actions=3):
        self.max_actions = max_actions
        sections = persona_settings()
        for cls in reversed(type(self).__mro__):
            section = cls.__dict__.get("settings")
            if section is not None:
                self.__dict__.update(sections[section])

    def decide(self, model, agent):
        raise NotImplementedError


class DefaultPersona(Persona):
    """The state's own rule set, with a little seeded noise so that games differ.

    Difficulty personas play the same rules with a stance toward the player: ``stance`` adds
    that many utility points per point of signal a policy sends the seats that no difficulty
    persona plays (the person's, or the strategy under test; positive: kinder, negative:
    tougher), and ``noise`` scales the scenario's ``ai_jitter`` (configs/personas.yaml)."""

    name = "default"
    description = "the state's rule set from the essay"
    # stance, noise, answer_noise and objective_weight (utility points per point of direct
    # gain in the seat's own score), from configs/personas.yaml
    settings = "default"

    def decide(self, model, agent):
        utilities, reasons = agent.advise(model)
        utilities = with_objectives(model, agent.code, utilities, self.objective_weight)
        if self.stance:
            utilities = self._lean(model, utilities)
        jitter = model.scenario.ai_jitter * self.noise
        # Uniform noise with standard deviation ``jitter`` (cheaper than a Gaussian draw).
        width = 2.0 * 1.7320508 * jitter
        actions = pick_within_capital(model, agent.code, utilities, self.max_actions, noise=width)
        responses = best_responses(model, agent.code, noise=jitter * self.answer_noise)
        if reasons:
            why = {p: reasons.get(p, OBJECTIVES_REASON) for p in actions}
        else:  # (a batch game words no reasons: the same dict, made in C)
            why = dict.fromkeys(actions, OBJECTIVES_REASON)
        return _new_decision(Decision, (actions, responses, why))  # Decision(...), faster

    def _lean(self, model, utilities):
        """Utilities plus ``stance`` x what each policy directly does to the players' scores
        (chances weighted) and x the goodwill its signals send them."""
        policies, names = model.catalog.policies, model.persona_names
        players = [s for s in model.reg.states if names[s] not in DIFFICULTY_PERSONAS]
        now = {s: model.score_after(s, ()) for s in players}
        out = {}
        for pid, u in utilities.items():
            policy = policies[pid]
            gain = sum(model.score_after(s, policy.effects) - now[s] for s in players)
            goodwill = sum(policy.signals.get(s, 0.0) for s in players)
            out[pid] = u + self.stance * (gain + goodwill)
        return out


class NoDealsPersona(DefaultPersona):
    """The default rules, but the seat never offers, accepts or breaks a deal: the baseline
    that shows what bargaining is worth (a "press, then deal" US against one that only
    presses)."""

    name = "nodeals"
    description = "the state's rule set, but it never makes or accepts a deal"
    bargains = False


class KindPersona(DefaultPersona):
    """Easy: the same rules, leaning to goodwill toward the player."""

    name = "kind"
    description = "the state's rules, kinder (easy)"
    settings = "kind"


class ToughPersona(DefaultPersona):
    """Hard: the same rules (Washington still presses its allies), leaning to pressure, and
    sharper: it weighs its own objectives too."""

    name = "tough"
    description = "the state's rules, tougher and sharper (hard)"
    settings = "tough"


class RandomPersona(Persona):
    """Random legal actions within capital, random responses."""

    name = "random"
    description = "random legal actions"

    def decide(self, model, agent):
        rnd = model.random
        legal = model.legal_actions(agent.code)
        utilities = {pid: rnd.random() for pid in legal}
        n = rnd.randint(0, self.max_actions)
        actions = pick_within_capital(model, agent.code, utilities, n)
        responses = {e.id: rnd.choice(e.responses).id for e in model.pending_events(agent.code)}
        return Decision(actions, responses, {p: ("random", "chosen at random") for p in actions})


class StancePersona(Persona):
    """Prefers policies by the signals they send: hawkish (resolve toward rivals, security
    first) or dovish (goodwill to all)."""

    hawkish = True
    # friendly_share, security_bonus, answer_weight and tie_noise, from configs/personas.yaml
    settings = "stance"

    def _stance(self, model, seat, signals):
        """Hawks value signals of resolve toward rivals (and, at ``friendly_share``, goodwill
        to the others); doves value goodwill to all."""
        rivals = model.scenario.rivals[seat]
        score = 0.0
        for other, s in signals.items():
            if self.hawkish:
                score += -s if other in rivals else self.friendly_share * s
            else:
                score += s
        return score

    def decide(self, model, agent):
        seat = agent.code
        utilities = {}
        for pid in model.legal_actions(seat):
            policy = model.catalog.policies[pid]
            u = self._stance(model, seat, policy.signals)
            if self.hawkish and policy.category == "security":
                u += self.security_bonus
            utilities[pid] = u + self.tie_noise * model.random.random()

        def bias(resp):
            return self.answer_weight * self._stance(model, seat, resp.signals)

        actions = pick_within_capital(model, seat, utilities, self.max_actions)
        return Decision(
            actions,
            best_responses(model, seat, bias),
            {p: (self.name, self.description) for p in actions},
        )


class HawkPersona(StancePersona):
    name = "hawk"
    description = "resolve toward rivals, security first"
    hawkish = True


class DovePersona(StancePersona):
    name = "dove"
    description = "goodwill and cooperation first"
    hawkish = False


class GreedyPersona(Persona):
    """One-step look-ahead on the seat's own score: tries each legal policy on a clone (the other
    seats playing their default rules), keeps the best, then adds more while the score rises."""

    name = "greedy"
    description = "one-step look-ahead on its own score"

    def evaluate(self, model, seat, actions, responses):
        sim = model.clone(lookahead=True)
        sim.submit(seat, actions, responses)
        sim.step()
        return sim.scores()[seat]

    def decide(self, model, agent):
        seat = agent.code
        responses = best_responses(model, seat)
        chosen = []
        best = self.evaluate(model, seat, chosen, responses)
        capital = model.world.values[f"{seat}.capital"]
        while len(chosen) < self.max_actions:
            spent = sum(model.catalog.policies[p].cost for p in chosen)
            candidates = [
                p for p in model.legal_actions(seat)
                if p not in chosen and model.catalog.policies[p].cost <= capital - spent
            ]  # fmt: skip
            scored = [(self.evaluate(model, seat, chosen + [p], responses), p) for p in candidates]
            if not scored:
                break
            score, pid = max(scored, key=lambda sp: (sp[0], sp[1]))
            if score <= best:
                break
            chosen.append(pid)
            best = score
        return Decision(chosen, responses, {p: ("greedy", "best one-step score") for p in chosen})


class RolloutPersona(Persona):
    """Monte Carlo rollouts: the default AI's top candidates plus greedy's pick, each played out
    to the end several times with default rules everywhere; keeps the best mean final score."""

    name = "rollout"
    description = "Monte Carlo rollouts to the end of the game"

    # candidates, rollouts and horizon, from configs/personas.yaml
    settings = "rollout"

    def decide(self, model, agent):
        seat = agent.code
        utilities, _ = agent.advise(model)
        responses = best_responses(model, seat)
        options = [pick_within_capital(model, seat, utilities, self.max_actions), []]
        ranked = sorted(utilities.items(), key=lambda kv: (-kv[1], kv[0]))
        capital = model.world.values[f"{seat}.capital"]
        for pid, _u in ranked[: self.candidates]:
            if model.catalog.policies[pid].cost <= capital and [pid] not in options:
                options.append([pid])
        best, best_score = options[0], float("-inf")
        for k, option in enumerate(options):
            total = 0.0
            for r in range(self.rollouts):
                sim = model.clone(lookahead=True, reseed=1000 * k + r)
                sim.submit(seat, option, responses)
                sim.step()
                for _ in range(self.horizon - 1):
                    if sim.is_over():
                        break
                    sim.step()
                total += sim.scores()[seat]
            if total > best_score:
                best, best_score = option, total
        return Decision(best, responses, {p: ("rollout", "best mean rollout score") for p in best})


PERSONAS = {
    cls.name: cls
    for cls in (
        DefaultPersona,
        NoDealsPersona,
        KindPersona,
        ToughPersona,
        RandomPersona,
        HawkPersona,
        DovePersona,
        GreedyPersona,
        RolloutPersona,
    )
}
DIFFICULTY_PERSONAS = ("kind", "tough")
PERSONA_NAMES.update({name: cls.description for name, cls in PERSONAS.items()})
