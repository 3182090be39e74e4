"""The games behind ``health``: strategies as picklable specs, a compact per-game record (what
each seat chose and answered, the risks, the thesis parts) and a parallel map on a lab Runner.

A strategy is a tuple: ``("persona", name)`` (a persona of agents/personas.py), ``("advisor",)``
(the seat's default rules without their noise: what the in-game advisor recommends) or
``("weights", ((policy, w), ...), ((event, answer), ...))``: each quarter the best-weighted
affordable bundle of policies with a positive weight, and fixed answers to events (the rest
answered as the default AI would).
"""

from agents.base import Decision
from agents.personas import Persona, best_responses, pick_within_capital
from game.engine.outcome import ALLIANCE, grade, thesis_check
from game.engine.outcome import CJ as RELATIONS
from game.lab.records import policies_played
from game.lab.scenarios import get_scenario

ESSAY_CAP = "pragmatic cooperation"  # the essay's ceiling for China-Japan relations
GOVERNMENT_FALLS = {"JPN": "pm_change", "KOR": "seoul_crisis"}  # events that topple a government


class WeightsPersona(Persona):
    """Plays, each quarter, the affordable bundle of the highest positive weights (a priority
    list when the weights are distinct), and answers events by a fixed table."""

    name = "weights"
    description = "a searched bundle of policies and answers"

    def __init__(self, weights, answers=(), max_actions=3):
        super().__init__(max_actions)
        self.weights, self.answers = dict(weights), dict(answers)

    def decide(self, model, agent):
        seat = agent.code
        legal = model.legal_set(seat)
        utilities = {p: w for p, w in self.weights.items() if p in legal}
        actions = pick_within_capital(model, seat, utilities, self.max_actions)
        responses = best_responses(model, seat)
        for event in model.pending_events(seat):
            fixed = self.answers.get(event.id)
            if fixed in {r.id for r in event.responses}:
                responses[event.id] = fixed
        return Decision(actions, responses, {p: (self.name, self.description) for p in actions})


class AdvisorPersona(Persona):
    """Follows the in-game advisor (``model.advice``): the default rules without noise."""

    name = "advisor"
    description = "follows the advisor"

    def decide(self, model, agent):
        advice = model.advice(agent.code)
        actions = [a[0] for a in advice["actions"]]
        return Decision(actions, advice["responses"], {p: ("advisor", "") for p in actions})


def make_persona(strategy, max_actions):
    kind = strategy[0]
    if kind == "advisor":
        return AdvisorPersona(max_actions)
    if kind == "weights":
        return WeightsPersona(strategy[1], strategy[2] if len(strategy) > 2 else (), max_actions)
    raise ValueError(f"not a custom strategy: {strategy!r}")


def play_spec(spec):
    """Play one game. ``spec`` = (seed, {seat: strategy}, scenario, overrides); seats not named
    keep the scenario's personas. Returns the compact record ``health`` reads."""
    from game.play.model import TightropeModel

    seed, strategies, scenario, overrides = spec
    sc = get_scenario(scenario, overrides)
    named = {s: st[1] for s, st in strategies.items() if st[0] == "persona"}
    model = TightropeModel(sc, seed=seed, humans=(), personas=named)
    for seat, st in strategies.items():
        if st[0] != "persona":
            model.seats[seat].persona = make_persona(st, sc.ai_max_actions)
    used = {s: set() for s in model.reg.states}
    answers = []  # (seat, event, answer) for every answerable event offered
    while not model.is_over():
        fired = list(model.fired_events)  # this quarter's (step() deals the next one's)
        model.step()
        decisions = model.last_decisions
        for seat, pid in policies_played(model):
            used[seat].add(pid)
        for event in fired:
            if event.responses and event.actor in decisions:
                answers.append((event.actor, event.id, decisions[event.actor][1].get(event.id)))
    v, flags = model.world.values, model.world.flags
    thesis = thesis_check(model)
    scores = model.scores()
    bands = [band for _lo, band in model.reg[RELATIONS].bands]
    cap = bands.index(ESSAY_CAP)
    return {
        "seed": seed,
        "scores": {s: round(x, 4) for s, x in scores.items()},
        "grades": {s: grade(model, s, x) for s, x in scores.items()},
        "used": {s: sorted(p) for s, p in used.items()},
        "answers": answers,
        # Deals signed (issue 12): per seat, the templates of the deals it was party to.
        "deals": {
            s: sorted(
                {d["template"] for d in model.world.deals if s in (d["proposer"], d["recipient"])}
            )
            for s in model.reg.states
        },
        "clash": int("crisis" in flags),
        "gov_fall": {s: int(f"fired:{e}" in flags) for s, e in GOVERNMENT_FALLS.items()},
        "thaw": int(thesis["thaw"]),
        "capped": int(bands.index(thesis["band"]) <= cap),
        "alliance_held": int(thesis["alliance_survived"]),
        "end_relations": v[RELATIONS],
        "end_alliance": v[ALLIANCE],
    }


def play_chunk(specs):
    return [play_spec(s) for s in specs]


def run_specs(runner, specs, chunk_size=None, chunk_fn=play_chunk):
    """Play ``specs`` on ``runner``'s workers (``Runner.map``: its process pool or Dask
    cluster; in this process when it has one worker) and return the records in the order of
    ``specs``. Pass a whole experiment at once: chunks are sized so that every worker gets
    several. ``chunk_fn`` (a module-level function of a list of specs) plays one chunk."""
    specs = list(specs)
    if chunk_size is None:
        chunk_size = max(1, min(16, len(specs) // (4 * max(1, runner.workers))))
    chunks = [specs[i : i + chunk_size] for i in range(0, len(specs), chunk_size)]
    return [rec for part in runner.map(chunk_fn, chunks) for rec in part]
