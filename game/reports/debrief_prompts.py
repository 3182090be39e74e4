"""The debrief's discussion prompts: questions for the class, each chosen by a rule from what
happened in the game (a demand met, a threat, a change of band, a crisis, the facilitator's
hand, a team against the default AI), closing with the essay's thesis."""


def discussion_prompts(record, report, limit=7):
    """Questions for the class, each chosen by a rule from what happened in this game."""
    m, reg = record.model, record.model.reg
    names = reg.state_names
    snaps = m.snapshots
    q = m.scenario.quarter_label
    prompts = []

    def next_actions(seat, turn):
        acts = record.turns.get(turn + 1, {}).get(seat, ([], {}, {}))[0]
        return ", ".join(m.catalog.policies[p].name for p in acts) or "no new policy"

    demand = m.scenario.parameters["USA"]["BurdenSharingLedger"]["defence_demand"]
    for ally in reg.allies if hasattr(reg, "allies") else ("JPN", "KOR"):
        for t in range(1, len(snaps)):
            if snaps[t - 1][f"{ally}.defence"] < demand <= snaps[t][f"{ally}.defence"]:
                prompts.append(
                    f"{names[ally]} met the {demand:g}% demand in turn {t} ({q(t)}). What did China do next "
                    f"({next_actions('CHN', t)}), and why? Did Washington ease off?"
                )
                break
        for t in range(1, len(snaps)):
            if snaps[t - 1][f"pressure.{ally}"] < 4 <= snaps[t][f"pressure.{ally}"]:
                prompts.append(
                    f"Washington threatened troop cuts in {names[ally]} in turn {t} ({q(t)}). How did "
                    f"{record.seat_label(ally)} answer ({next_actions(ally, t)}), and what else could it have done?"
                )
                break
    start_band = reg.band("CHN-JPN.relations", snaps[0]["CHN-JPN.relations"])
    for t in range(1, len(snaps)):
        band = reg.band("CHN-JPN.relations", snaps[t]["CHN-JPN.relations"])
        before = reg.band("CHN-JPN.relations", snaps[t - 1]["CHN-JPN.relations"])
        if band != before and band != start_band:
            prompts.append(
                f"China-Japan relations moved from '{before}' to '{band}' in turn {t} ({q(t)}). Which decisions "
                f"made that possible, and why did it {'last' if m.band('CHN-JPN.relations') == band else 'not last'}?"
            )
            break
    if report.get("crisis"):
        prompts.append(
            f"The game ended in a crisis: {report['crisis']}. Which decisions pushed the flashpoint to the brink, and who could have stopped it?"
        )
    for t, text in record.facilitator_actions():
        if text.startswith(("Injected", "Wrote")):
            prompts.append(
                f"In turn {t} ({q(t)}) the facilitator {text[0].lower() + text[1:]}. How did each team adapt, and was that the answer their state's interests called for?"
            )
            break
    for seat in m.humans:
        ours = report["seats"][seat]["total"]
        default = report.get("default_ai", {}).get("scores", {}).get(seat)
        if default is not None:
            better = "better" if ours > default else "worse"
            prompts.append(
                f"{record.seat_label(seat)} scored {ours:.0f}; the default AI, from the same seed, scored {default:.0f}. "
                f"Why did the team do {better}? Which single decision made the most difference?"
            )
    timeouts = [(t, text) for t, text in record.facilitator_actions() if "time ran out" in text]
    if timeouts:
        t, text = timeouts[0]
        prompts.append(f"In turn {t}: {text} Would the team have chosen the same?")
    tp = (report.get("turning_points") or [None])[0]
    if tp and tp["causes"]:
        prompts.append(
            f"The biggest swing: {tp['label']} went from {tp['before']:.1f} to {tp['after']:.1f} in {tp['quarter']}, "
            f"mostly through {tp['causes'][0]['cause']}. Was it foreseeable, and who gained from it?"
        )
    thesis = report["thesis"]
    closing = (
        f"{thesis['explanation']} What would have had to happen for the game to "
        f"{'contradict' if thesis['verdict'] == 'supports' else 'support'} the essay's conclusion?"
    )
    return prompts[: limit - 1] + [closing]  # the thesis question always closes the list
