"""`run`: play one game headless, printing a line per quarter and the end report."""

from pathlib import Path

from game.engine import deals, log, schemas
from game.engine.errors import ConfigError, GameError
from game.engine.registry import registry
from game.engine.saves import save_game
from game.engine.scenario import load_scenario
from game.engine.yamlio import check_output, parse_value, read_yaml
from game.play.model import TightropeModel
from game.reports.end_report import end_report, format_report

FALLBACKS = ("error", "advisor", "pass")
TURN_FIELDS = ("policies", "responses", "offers", "answers", "breaks")


def parse_assignments(items, what, path="command line"):
    """['JPN=greedy', ...] -> {'JPN': 'greedy'}; each must be NAME=VALUE."""
    out = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise ConfigError(path, what, f"expected NAME=VALUE, not {item!r}")
        out[name.strip()] = value.strip()
    return out


def check_seat(text, option="--as"):
    """A state code from the command line (any case), or a one-line error naming the option."""
    states = registry().states
    seat = str(text).upper()
    if seat not in states:
        raise ConfigError(
            "command line", option, f"unknown state {text!r} (use one of {', '.join(states)})"
        )
    return seat


def parse_overrides(items):
    """--set PARAM=VALUE items as [(dotted, value)], each value read by yamlio.parse_value (as
    the facilitator's typed values are)."""
    return [(k, parse_value(v, "--set", k)) for k, v in parse_assignments(items, "--set").items()]


class DecisionsFile:
    """A human seat's decisions, read from YAML:

    seat: JPN
    fallback: error        # or advisor / pass, for turns (or events) the file leaves out
    turns:
      1: {policies: [jpn_raise_defence], responses: {cg_incursion: protest}}
      2: [jpn_host_nation_support]       # short form: just the policies
      3:
        policies: []
        offers: [{to: USA, template: jp_us_burden_for_reassurance}]
        answers: {cn_jp_seafood_for_restraint: accept}   # or decline, or {counter: TEMPLATE}
        breaks: [cn_jp_trade_for_distance]                 # deals (by template or id) to break
    """

    def __init__(self, path, seat):
        self.path = Path(path)
        raw = read_yaml(path)
        if not isinstance(raw, dict):
            raise ConfigError(path, "(top level)", "must be a mapping with 'turns'")
        schemas.check("decisions", raw, path)
        unknown = set(raw) - {"seat", "fallback", "turns"}
        if unknown:
            raise ConfigError(
                path, sorted(unknown)[0], "is not a decisions field (seat, fallback, turns)"
            )
        if raw.get("seat", seat) != seat:
            raise ConfigError(
                path, "seat", f"the file is for {raw.get('seat')}, but you play {seat}"
            )
        self.seat = seat
        self.advised_offers = []  # (fallback: advisor) the offers its turn made room for
        self.fallback = raw.get("fallback", "error")
        if self.fallback not in FALLBACKS:
            raise ConfigError(path, "fallback", f"must be one of {', '.join(FALLBACKS)}")
        turns = raw.get("turns") or {}
        if not isinstance(turns, dict):
            raise ConfigError(path, "turns", "must map turn numbers to decisions")
        self.turns, self.bargains = {}, {}
        for key, item in turns.items():
            if isinstance(key, bool) or not isinstance(key, int) or key < 1:
                raise ConfigError(path, f"turns.{key}", "turn numbers are whole numbers from 1")
            if isinstance(item, list) or item is None:
                item = {"policies": item or []}
            if not isinstance(item, dict) or set(item) - {*TURN_FIELDS}:
                raise ConfigError(
                    path,
                    f"turns.{key}",
                    "must be a list of policies or {policies: [...], responses: {...}}",
                )
            policies = item.get("policies") or []
            responses = item.get("responses") or {}
            if not isinstance(policies, list) or not all(isinstance(p, str) for p in policies):
                raise ConfigError(path, f"turns.{key}.policies", "must be a list of policy ids")
            if not isinstance(responses, dict):
                raise ConfigError(
                    path, f"turns.{key}.responses", "must map event ids to response ids"
                )
            self.turns[key] = (policies, responses)
            self.bargains[key] = (
                item.get("offers") or [],
                item.get("answers") or {},
                item.get("breaks") or [],
            )

    def bargain_first(self, model):
        """This turn's breaks and answers, before the policies (a broken deal frees them); with
        ``fallback: advisor``, the offers the file leaves unanswered get the advisor's answer
        (with ``pass`` or ``error`` they lapse at the quarter's end)."""
        turn, seat = model.world.turn, self.seat
        _offers, answers, breaks = self.bargains.get(turn, ((), {}, ()))
        where = f"turns.{turn}"
        try:
            for ref in breaks:
                ids = [
                    d["id"] for d in deals.in_force(model, seat) if ref in (d["id"], d["template"])
                ]
                if not ids:
                    raise GameError(f"{seat} has no deal {ref!r} in force")
                for deal_id in ids:
                    log.break_deal(model, seat, deal_id)
            for ref, choice in answers.items():
                open_ = [
                    o
                    for o in deals.open_offers(model.world, seat)
                    if ref in (o["id"], o["template"])
                ]
                if not open_:
                    raise GameError(
                        f"no open offer {ref!r} awaits {seat}'s answer in {model.quarter}"
                    )
                counter = choice["counter"] if isinstance(choice, dict) else ""
                choice = "counter" if counter else choice
                for offer in open_:
                    log.answer_offer(model, seat, offer["id"], choice, counter)
        except GameError as exc:
            raise ConfigError(self.path, where, str(exc)) from None
        if self.fallback == "advisor":
            for offer_id, (choice, counter, _why) in model.offer_advice(seat).items():
                if offer_id not in {o["id"] for o in deals.open_offers(model.world, seat)}:
                    continue  # (a deal just signed lapsed the pair's other offers)
                if deals.answer_problem(model, seat, offer_id, choice, counter):
                    choice, counter = "decline", ""  # (as an AI seat's bad counter is)
                log.answer_offer(model, seat, offer_id, choice, counter)

    def offer_after(self, model):
        """This turn's offers, after the policies (they must fit in the capital left); with
        ``fallback: advisor``, a turn the file leaves out sends the advisor's offer too (its
        policies made room for it, as an AI's do); a turn of the file sends only its own."""
        turn, seat = model.world.turn, self.seat
        offers = self.bargains.get(turn, ((), {}, ()))[0]
        for i, item in enumerate(offers):
            try:
                log.make_offer(model, seat, item["to"], item["template"])
            except GameError as exc:
                raise ConfigError(self.path, f"turns.{turn}.offers[{i}]", str(exc)) from None
        left = model.capital_left(seat, model.submissions.get(seat, ((), {}))[0])
        for to, template_id, _why in self.advised_offers:  # (the advisor's, made room for)
            if not deals.proposal_problem(model, seat, to, template_id, left):
                log.make_offer(model, seat, to, template_id)

    def apply(self, model):
        """Submit this turn's decisions for the seat (or the fallback's), with its offers,
        answers and breaks."""
        self.bargain_first(model)
        self.submit(model)
        self.offer_after(model)

    def submit(self, model):
        turn, seat = model.world.turn, self.seat
        pending = model.pending_events(seat)
        self.advised_offers = []
        if turn in self.turns:
            policies, responses = self.turns[turn]
        elif self.fallback == "error":
            raise ConfigError(
                self.path,
                f"turns.{turn}",
                f"no decisions for {model.quarter}; add them, or set 'fallback: advisor' or 'pass'",
            )
        elif self.fallback == "advisor":
            # The advisor plays the turn as the seat's AI would: its offer first, dropping its
            # last-chosen policies until it can pay for it (game.engine.deals.bargain).
            policies = [a[0] for a in model.advice(seat)["actions"]]
            self.advised_offers = model.proposal_advice(seat, policies)
            for _to, template_id, _why in self.advised_offers:
                cost = model.offer_book.templates[template_id].cost
                while policies and model.capital_left(seat, policies) < cost:
                    policies.pop()
            responses = {}
        else:
            policies, responses = [], {}
        for i, pid in enumerate(policies):
            if pid not in model.catalog.policies:
                raise ConfigError(
                    self.path,
                    f"turns.{turn}.policies[{i}]",
                    f"no policy {pid!r} (see `python main.py info`)",
                )
        responses = dict(responses)
        for event in pending:
            if event.id not in responses:
                if self.fallback == "error":
                    options = ", ".join(r.id for r in event.responses)
                    raise ConfigError(
                        self.path,
                        f"turns.{turn}.responses.{event.id}",
                        f"the event fired in {model.quarter}; answer it with one of: {options}",
                    )
                responses[event.id] = model.advice(seat)["responses"][event.id]
        try:
            model.submit(seat, policies, responses)
        except GameError as exc:
            raise ConfigError(self.path, f"turns.{turn}", str(exc)) from None


def seed_type(text):
    """argparse type: a seed is a whole number from 0 to 2**63-1."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid seed {text!r}: expected a whole number"
        ) from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"invalid seed {text}: must be from 0 to 2**63-1")
    return value


def turn_line(model):
    """One line per quarter: key indicators and what each state did."""
    v = model.world.values
    turn = model.world.turn - 1
    did = []
    for seat in model.reg.states:
        actions = model.last_decisions.get(seat, ((),))[0]
        did.append(f"{seat}: {', '.join(actions) if actions else '-'}")
    events = [e["id"] for e in model.world.log if e["turn"] == turn and e["kind"] == "event"]
    return (
        f"{model.scenario.quarter_label(turn)}  CN-JP {v['CHN-JPN.relations']:5.1f} {model.band('CHN-JPN.relations'):<21}"
        f" US-JP {v['alliance.USA-JPN']:5.1f}  pressure JP {model.band('pressure.JPN'):<16}"
        f" JP def {v['JPN.defence']:.1f}%\n    {' | '.join(did)}"
        + (f"\n    events: {', '.join(events)}" if events else "")
    )


def run(args):
    reg = registry()
    if args.save:
        check_output(args.save, "--save", inputs=(args.scenario, args.decisions))
    overrides = parse_overrides(args.set)
    scenario = load_scenario(args.scenario, overrides)
    personas = parse_assignments(args.persona, "--persona")
    for seat in personas:
        if seat not in reg.states:
            raise ConfigError(
                "command line",
                "--persona",
                f"{seat!r} is not a state code ({', '.join(reg.states)})",
            )
    humans = ()
    decisions = None
    if args.as_seat:
        seat = check_seat(args.as_seat)
        if not args.decisions:
            raise ConfigError(
                "command line", "--decisions", f"playing {seat} headless needs a decisions file"
            )
        humans = (seat,)
        decisions = DecisionsFile(args.decisions, seat)
        late = [t for t in decisions.turns if t > scenario.turns]
        if late:
            raise ConfigError(
                args.decisions,
                f"turns.{late[0]}",
                f"the scenario has {scenario.turns} turns: decisions for turn {late[0]} never apply",
            )
    elif args.decisions:
        raise ConfigError("command line", "--decisions", "goes with --as SEAT")
    try:
        model = TightropeModel(scenario, seed=args.seed, humans=humans, personas=personas)
    except GameError as exc:
        raise ConfigError("command line", "--persona", str(exc)) from None
    while not model.is_over():
        if decisions:
            decisions.apply(model)
        model.step()
        if not args.quiet:
            print(turn_line(model))
    if args.save:
        save_game(model, args.save)
    print(format_report(end_report(model), reg))
    if args.save:
        print(f"saved to {args.save}")
    return 0


def register(sub):
    p = sub.add_parser(
        "run", help="play one game headless and print each quarter and the end report"
    )
    p.add_argument(
        "--scenario", help="scenario YAML (default: configs/scenarios/baseline-2025.yaml)"
    )
    p.add_argument(
        "--seed", type=seed_type, default=1, help="random seed, 0 to 2**63-1 (default 1)"
    )
    p.add_argument(
        "--as",
        dest="as_seat",
        metavar="SEAT",
        help="play this seat (USA, CHN, JPN, KOR) from --decisions",
    )
    p.add_argument(
        "--decisions", metavar="FILE", help="YAML with the human seat's decisions per turn"
    )
    p.add_argument(
        "--persona",
        action="append",
        metavar="SEAT=NAME",
        help="AI persona for a seat (default random hawk dove greedy rollout)",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="PARAM=VALUE",
        help="override a parameter, e.g. USA.BurdenSharingLedger.aggressiveness=2",
    )
    p.add_argument("--save", metavar="FILE", help="write the finished game to this save file")
    p.add_argument("--quiet", action="store_true", help="print only the end report")
    p.set_defaults(func=run)
