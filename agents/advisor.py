"""The advisor: what a seat's own default rule set would choose now, and why (the same rules
that play the seat as an AI, without their noise)."""

from agents.personas import best_responses, pick_within_capital


def advice(state, seat):
    """The seat's default choice now: [(policy id, rule, reason)], answers, utilities."""
    utilities, reasons = state.seats[seat].advise(state)
    actions = pick_within_capital(state, seat, utilities, state.scenario.ai_max_actions)
    return {
        "actions": [(pid, *reasons[pid]) for pid in actions],
        "responses": best_responses(state, seat),
        "utilities": utilities,
    }
