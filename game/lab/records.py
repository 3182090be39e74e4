"""One game, one record: ``play_game`` plays an all-AI game to its end and returns a flat row
(the columns of ``columns()``), the pure call every batch, balance experiment and reference game
is built on. Any executor (Mesa's ``batch_run``, SALib, the EMA Workbench) can call it directly.
Seats may hold a persona or a ``fixed:POLICY`` balancing bot."""

from agents.base import Decision
from agents.personas import PERSONAS, DefaultPersona, persona_settings
from game.engine import deals
from game.engine.errors import GameError
from game.engine.outcome import ALLIANCE, seat_scores, thesis_check
from game.engine.outcome import CJ as RELATIONS
from game.engine.registry import registry
from game.engine.rules import RULES
from game.lab.scenarios import get_scenario
from game.play.model import TightropeModel

__all__ = ["ALLIANCE", "RELATIONS", "FIXED_PREFIX", "play_game", "columns", "turn_columns"]

FIXED_PREFIX = "fixed:"


# ------------------------------------------------------------------------------ personas
def check_personas(scenario, personas):
    """Validate ``{seat: persona}``: a persona name, or ``fixed:POLICY`` (a bot that plays that
    policy of the seat whenever it can). Raises GameError naming the problem (and a
    ConfigError for a broken configs/personas.yaml: before any game, not in every one)."""
    persona_settings()
    reg = registry()
    for seat, name in (personas or {}).items():
        if seat not in reg.states:
            raise GameError(
                f"--persona: unknown state {seat!r} (use one of {', '.join(reg.states)})"
            )
        if isinstance(name, str) and name.startswith(FIXED_PREFIX):
            pid = name[len(FIXED_PREFIX) :]
            policy = scenario.catalog.policies.get(pid)
            if policy is None or policy.by != seat:
                raise GameError(f"--persona: {seat} has no policy {pid!r} for a fixed-policy bot")
        elif name not in PERSONAS:
            raise GameError(
                f"--persona: unknown persona {name!r} for {seat} (known: {', '.join(PERSONAS)}, fixed:POLICY)"
            )


class FixedPolicyPersona(DefaultPersona):
    """A balancing bot: plays one fixed policy whenever it is legal and affordable, and fills
    the rest of its turn with the default rule set's choices (an exploit probe). Seated as
    ``fixed:POLICY`` by ``new_model``; it draws the same random numbers as the default AI."""

    def __init__(self, policy_id, max_actions=3):
        super().__init__(max_actions)
        self.policy_id = policy_id
        self.name = f"{FIXED_PREFIX}{policy_id}"

    def decide(self, model, agent):
        pid = self.policy_id
        base = super().decide(model, agent)
        if pid not in model.legal_actions(agent.code):
            return base
        capital = model.world.values[f"{agent.code}.capital"] - model.catalog.policies[pid].cost
        actions, reasons = [pid], {pid: ("fixed", f"always plays {pid}")}
        for other in base.actions:
            cost = model.catalog.policies[other].cost
            if other != pid and len(actions) < self.max_actions and cost <= capital:
                actions.append(other)
                reasons[other] = base.reasons[other]
                capital -= cost
        return Decision(actions, base.responses, reasons)


def new_model(scenario=None, personas=None, seed=0, overrides=()):
    """A fresh model of the (cached) scenario with the given personas (``fixed:POLICY`` bots too)."""
    sc = get_scenario(scenario, overrides)
    personas = dict(personas or {})
    check_personas(sc, personas)
    fixed = {s: p for s, p in personas.items() if p.startswith(FIXED_PREFIX)}
    named = {s: p for s, p in personas.items() if s not in fixed}
    # No texts: a record reads numbers only (the news log and reasons are for screens).
    model = TightropeModel(sc, seed=seed, humans=(), personas=named, texts=False)
    for seat, name in fixed.items():
        model.seats[seat].persona = FixedPolicyPersona(name[len(FIXED_PREFIX) :], sc.ai_max_actions)
    return model, {**model.persona_names, **fixed}


# ------------------------------------------------------------------------------ records
# Bargaining (issue 12): offers made, deals signed, kept and broken, and who broke them.
DEAL_COLUMNS = [
    "deals.offers", "deals.made", "deals.kept", "deals.broken", "deals.broken_by",
    "deals.USA-JPN",
]  # fmt: skip


def deal_record(model):
    """The deal columns of a game record (see ``DEAL_COLUMNS``)."""
    s = deals.summary(model)
    return {
        "deals.offers": s["offers"],
        "deals.made": s["deals"],
        "deals.kept": s["kept"],
        "deals.broken": s["broken"],
        "deals.broken_by": " ".join(s["broken_by"]),
        "deals.USA-JPN": sum(1 for p in s["pairs"] if p in ("USA-JPN", "JPN-USA")),
    }


def rule_names():
    """Every rule's name (the columns of the firing counts), in a fixed order (importing
    ``agents`` above registered the states' rules)."""
    return sorted(RULES)


def columns(scenario=None):
    """The fixed column order of a game record (objective columns come from the catalogue)."""
    reg = registry()
    objectives = get_scenario(scenario).catalog.objectives
    cols = ["seed", "label", "status", "error", "turns", "crisis"]
    cols += [f"persona.{s}" for s in reg.states]
    cols += [f"score.{s}" for s in reg.states] + [f"grade.{s}" for s in reg.states]
    cols += [f"obj.{s}.{o.id}" for s in reg.states for o in objectives[s]]
    cols += [f"band.{RELATIONS}", f"band.{ALLIANCE}", "alliance_survived", "thesis_holds"]
    cols += [f"max_pressure.{a}" for a in reg.allies]
    cols += [f"end.{k}" for k in reg.headline]
    cols += [f"fired.{name}" for name in rule_names()]
    cols += DEAL_COLUMNS
    cols += [f"played.{pid}" for pid in get_scenario(scenario).catalog.policies]
    return cols


def turn_columns():
    """The fixed column order of the per-quarter rows (``--per-turn``)."""
    reg = registry()
    return [
        "seed",
        "label",
        "turn",
        "quarter",
        *reg.headline,
        f"band.{RELATIONS}",
        *(f"score.{s}" for s in reg.states),
    ]


def policies_played(model):
    """(seat, policy id) for each card played in the quarter just resolved: what balance's card
    usage and health's policy usage both count (the decisions as they stood after bargaining,
    which are the acts resolution made)."""
    return [(act.actor, act.id) for act in model.last_turn_acts() if act.kind == "policy"]


def play_game(scenario=None, personas=None, seed=0, overrides=(), per_turn=False, label=""):
    """Play one all-AI game to its end and return a flat record (see ``columns()``).

    ``scenario``: a path, None (the default scenario) or a loaded Scenario; ``overrides``:
    ``[("SEAT.Rule.param", value), ...]``; ``personas``: ``{seat: name}`` (others keep the
    scenario's). With ``per_turn`` the record also holds ``"turns_rows"``: one row per quarter.
    Scores, grades and the thesis check are ``game.engine.outcome``'s (the end report's too).
    The same arguments always give the same record.
    """
    model, names = new_model(scenario, personas, seed, overrides)
    played = dict.fromkeys(model.catalog.policies, 0)  # quarters each card was played
    while not model.is_over():
        model.step()
        for _seat, pid in policies_played(model):
            played[pid] += 1
    reg, v = model.reg, model.world.values
    seats = seat_scores(model)
    thesis = thesis_check(model)
    rec = {
        "seed": seed,
        "label": label,
        "status": "ok",
        "error": "",
        "turns": model.turn - 1,
        "crisis": int("crisis" in model.world.flags),
    }
    for s in reg.states:
        rec[f"persona.{s}"] = names.get(s, "default")
    scores = model.scores()
    for s in reg.states:
        rec[f"score.{s}"] = round(scores[s], 4)
    for s in reg.states:
        rec[f"grade.{s}"] = seats[s]["grade"]
    for s in reg.states:
        for oid, obj in seats[s]["objectives"].items():
            rec[f"obj.{s}.{oid}"] = obj["score"]
    rec[f"band.{RELATIONS}"] = thesis["band"]
    rec[f"band.{ALLIANCE}"] = thesis["alliance_band"]
    rec["alliance_survived"] = int(thesis["alliance_survived"])
    rec["thesis_holds"] = int(thesis["verdict"] == "supports")
    for a in reg.allies:
        rec[f"max_pressure.{a}"] = max(snap[f"pressure.{a}"] for snap in model.snapshots)
    for k in reg.headline:
        rec[f"end.{k}"] = v[k]
    for name in rule_names():
        rec[f"fired.{name}"] = model.rule_firings.get(name, 0)
    rec.update(deal_record(model))
    for pid, n in played.items():
        rec[f"played.{pid}"] = n
    if per_turn:
        rec["turns_rows"] = turn_rows(model, seed, label)
    return rec


def turn_rows(model, seed, label=""):
    """One row per quarter: row 0 is the start, row t the world after t quarters."""
    reg = model.reg
    rows = []
    for t, snap in enumerate(model.snapshots):
        row = {
            "seed": seed,
            "label": label,
            "turn": t,
            "quarter": "start" if t == 0 else model.scenario.quarter_label(t),
        }
        for k in reg.headline:
            row[k] = snap[k]
        row[f"band.{RELATIONS}"] = reg.band(RELATIONS, snap[RELATIONS])
        for s in reg.states:
            row[f"score.{s}"] = round(model.score_values(s, snap), 4)
        rows.append(row)
    return rows


def failed_record(seed, label, personas, exc, scenario=None):
    """The record of a game that raised: every column empty but who sat where and the error."""
    rec = dict.fromkeys(columns(scenario), "")
    rec.update(seed=seed, label=label, status="failed", error=f"{type(exc).__name__}: {exc}")
    for s in registry().states:
        rec[f"persona.{s}"] = (personas or {}).get(s, "default")
    return rec
