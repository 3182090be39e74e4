"""Do event answers matter? For each answerable event the default AI is offered in a default
game, each of its answers is played to the end on copies of the game (the same random numbers
for every answer, the seat's other decisions as the advisor gives them), and the seat's final
score is compared with the answer the AI gave (issue 11, part B: "a different answer moves
the final score by more than one point on average"). Each answer's score is the mean over
``futures`` reseeded copies, so that the butterfly noise of a changed path (any change shifts
the later random numbers) averages out rather than counting as the answer's effect."""

from game.lab.scenarios import get_scenario


def impact_spec(spec):
    """One default game. ``spec`` = (seed, scenario, overrides, futures). Returns [(seat, event id,
    {answer id: final score}, the AI's answer)] for every answerable event offered."""
    from game.play.model import TightropeModel

    seed, scenario, overrides, futures = spec
    model = TightropeModel(get_scenario(scenario, overrides), seed=seed, humans=())
    out = []
    while not model.is_over():
        quarter = []
        for seat in model.reg.states:
            events = [e for e in model.pending_events(seat) if len(e.responses) > 1]
            if not events:
                continue
            advice = model.advice(seat)
            actions = [a[0] for a in advice["actions"]]
            for event in events:
                finals = {}
                for resp in event.responses:
                    total = 0.0
                    for k in range(futures):
                        copy = model.clone(lookahead=True, reseed=k)
                        copy.submit(seat, actions, {**advice["responses"], event.id: resp.id})
                        while not copy.is_over():
                            copy.step()
                        total += copy.scores()[seat]
                    finals[resp.id] = round(total / futures, 3)
                quarter.append([seat, event.id, finals, None])
        model.step()
        for row in quarter:  # the answer the seat's AI gave
            row[3] = model.last_decisions.get(row[0], ((), {}))[1].get(row[1])
        out += quarter
    return [tuple(r) for r in out]


def impact_chunk(specs):
    return [impact_spec(s) for s in specs]


def answer_impact(rows, threshold=1.0):
    """Per (seat, event): offers, the mean |score(other answer) - score(AI's answer)| over the
    offers and the other answers, the mean spread (best - worst answer), and whether the mean
    move clears ``threshold`` points."""
    table = {}
    for seat, eid, finals, chosen in rows:
        if chosen not in finals:
            continue
        cell = table.setdefault(f"{seat}:{eid}", {"seat": seat, "event": eid, "moves": [],
                                                   "spreads": []})  # fmt: skip
        base = finals[chosen]
        cell["moves"] += [abs(x - base) for rid, x in finals.items() if rid != chosen]
        cell["spreads"].append(max(finals.values()) - min(finals.values()))
    out = {}
    for key, cell in sorted(table.items()):
        moves, spreads = cell.pop("moves"), cell.pop("spreads")
        move = sum(moves) / len(moves)
        out[key] = {
            **cell,
            "offers": len(spreads),
            "mean_move": round(move, 2),
            "mean_spread": round(sum(spreads) / len(spreads), 2),
            "matters": move > threshold,
        }
    return out
