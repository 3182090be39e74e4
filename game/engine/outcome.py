"""How a game came out: each seat's score, grade and objective scores, and the thesis check
against the essay's conclusion. Pure functions of a played game (anything with ``reg``,
``catalog``, ``world``, ``snapshots``, ``start_values``, ``band`` and ``score_values``), so the
lab's records and the end report read one and the same outcome."""

from game.engine.scenario import grade_tables

CJ = "CHN-JPN.relations"
ALLIANCE = "alliance.USA-JPN"
ESSAY_CEILING = ("crisis", "cold", "pragmatic cooperation")  # the essay: no more than pragmatic
# The difficulty a game is played at, read from its personas (agents/personas.py: easy seats
# the others as "kind", hard as "tough"; game/play/session.py DIFFICULTIES).
DIFFICULTY_OF_PERSONA = {"tough": "hard", "kind": "easy"}


def difficulty_of(model):
    """ "easy", "normal" or "hard": the difficulty the game's personas say it is played at."""
    names = set(model.persona_names.values())
    for persona, level in DIFFICULTY_OF_PERSONA.items():
        if persona in names:
            return level
    return "normal"


def grade(model, seat, score):
    """The letter grade for ``score``: by the bands calibrated for the game's scenario and
    difficulty (configs/grades.yaml) where there are some, else by configs/objectives.yaml's."""
    table = grade_tables().get(model.scenario.name, {}).get(difficulty_of(model), {}).get(seat)
    if table is None:
        return model.catalog.grade(seat, score)
    for letter, lowest in table:
        if score >= lowest:
            return letter
    return "F"


def seat_scores(model):
    """{seat: {"total", "grade", "objectives": {id: {"label", "weight", "score"}}}}."""
    out = {}
    for seat in model.reg.states:
        total = model.score_values(seat, model.world.values)
        out[seat] = {
            # To 4 places, as records keep scores: shown to 0.1, a total kept to 0.01 rounded
            # twice (74.2549 -> 74.25 -> "74.2" where the turn screen showed 74.3).
            "total": round(total, 4),
            "grade": grade(model, seat, total),
            "objectives": {
                o.id: {
                    "label": o.label,
                    "weight": o.weight,
                    "score": round(o.score(model.world.values), 1),
                }
                for o in model.catalog.objectives[seat]
            },
        }
    return out


def thesis_check(model):
    """Where China-Japan relations ended on the essay's scale, and whether the game supports
    its conclusion: a thaw at most to pragmatic cooperation, and a US-Japan alliance that holds."""
    start, end = model.start_values[CJ], model.world.values[CJ]
    peak = max(s[CJ] for s in model.snapshots)
    band = model.band(CJ)
    alliance_band = model.band(ALLIANCE)
    survived = alliance_band != "ruptured"
    supports = band in ESSAY_CEILING and survived
    thaw = end > start
    if supports and thaw:
        why = f"relations thawed ({start:.0f} to {end:.0f}) but stopped at '{band}', and the alliance held"
    elif supports:
        why = f"no lasting thaw ({start:.0f} to {end:.0f}, '{band}'); the alliance held"
    elif not survived:
        why = "the US-Japan alliance ruptured, which the essay holds to be unlikely"
    else:
        why = f"relations reached '{band}' ({end:.0f}), beyond the pragmatic cooperation the essay expects"
    return {
        "start": start,
        "end": end,
        "peak": peak,
        "band": band,
        "thaw": thaw,
        "alliance": round(model.world.values[ALLIANCE], 1),
        "alliance_band": alliance_band,
        "alliance_survived": survived,
        "max_pressure_on_japan": max(s["pressure.JPN"] for s in model.snapshots),
        "verdict": "supports" if supports else "contradicts",
        "explanation": f"This game {'supports' if supports else 'contradicts'} the essay: {why}.",
    }
