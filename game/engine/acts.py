"""What was done in a quarter: the acts (policies, events, answers, completions) that the
reaction and drift rules read, and an index of them by tag, so that a rule asks for the few
acts it answers instead of scanning every act of the quarter."""

from typing import NamedTuple


class Act(NamedTuple):
    """Something a state did (or that happened) this turn, for rules that react to it."""

    turn: int
    actor: str
    kind: str  # policy, event, response, completed
    id: str
    tags: tuple


def by_tag(acts, cache):
    """{tag: the acts of ``acts`` that carry it, in the order done}, kept in ``cache`` (a dict
    its State owns) while ``acts`` only grows (a quarter's acts are only ever added to)."""
    entry = cache.get(id(acts))
    if entry is not None and entry[0] is acts and entry[1] == len(acts):
        return entry[2]
    index = {}
    for act in acts:
        for tag in act.tags:
            listed = index.get(tag)
            if listed is None:
                index[tag] = [act]
            elif listed[-1] is not act:  # (a tag an act carries twice lists it once)
                listed.append(act)
    if len(cache) >= 4:  # (this quarter's and last quarter's acts are all a game asks about)
        cache.clear()
    cache[id(acts)] = (acts, len(acts), index)
    return index
