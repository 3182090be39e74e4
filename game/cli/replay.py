"""`replay`: step through a saved game turn by turn (news, every seat's decisions, the key
indicators), or branch it from turn N with a different decision and save the branch."""

import sys

from game.engine.errors import ConfigError
from game.engine.saves import save_game
from game.engine.yamlio import check_output
from game.play.branch import branch
from game.play.games import read_save, replay_turns

KEY_INDICATORS = 8  # how many of the registry's headline indicators each turn shows


def describe_turn(model, before):
    """The quarter just played as text: news, decisions per seat with reasons, indicators."""
    turn = model.world.turn - 1
    reg = model.reg
    lines = [f"== {model.scenario.quarter_label(turn)} (turn {turn}) =="]
    news = [e for e in model.world.log if e["turn"] == turn]
    if news:
        lines.append("News:")
        lines += [f"  [{e['kind']}] {e['text']}" for e in news]
    lines.append("Decisions:")
    for seat in reg.states:
        actions, responses, reasons = model.last_decisions.get(seat, ([], {}, {}))
        who = "team" if seat in model.humans else f"AI {model.persona_names[seat]}"
        names = []
        for pid in actions:
            why = reasons.get(pid)
            name = model.catalog.policies[pid].name
            names.append(f"{name} ({why[0]}: {why[1]})" if why else name)
        answers = [
            f"{model.catalog.events[e].title if e in model.catalog.events else e} -> {r}"
            for e, r in responses.items()
        ]
        lines.append(f"  {reg.state_names[seat]} [{who}]: {'; '.join(names) or 'no new policy'}")
        if answers:
            lines.append(f"      answered: {'; '.join(answers)}")
    lines.append("Key indicators:")
    for key in reg.headline[:KEY_INDICATORS]:
        a, b = before[key], model.world.values[key]
        mark = f"{b - a:+.1f}" if abs(b - a) > 1e-9 else "  ="
        lines.append(
            f"  {reg.name(key):<44} {a:7.1f} -> {b:7.1f} {mark:>6}  ({model.band(key) or reg[key].unit})"
        )
    return "\n".join(lines)


def parse_responses(text, path="--responses"):
    out = {}
    for item in filter(None, (text or "").split(",")):
        eid, sep, rid = item.partition("=")
        if not sep or not eid or not rid:
            raise ConfigError(path, item, "write event_id=response_id, separated by commas")
        out[eid.strip()] = rid.strip()
    return out


def run(args):
    if args.save_branch:
        check_output(args.save_branch, "--save-branch", inputs=(args.save,))
    data = read_save(args.save)  # refused unless it replays to its fingerprint
    if args.branch is not None:
        if not args.seat:
            raise ConfigError("--seat", "seat", "a branch needs --seat (USA, CHN, JPN, KOR)")
        actions = [a.strip() for a in (args.actions or "").split(",") if a.strip()]
        from game.engine.errors import GameError

        try:
            model = branch(
                data,
                args.branch,
                args.seat,
                actions,
                parse_responses(args.responses),
                keep_recorded=not args.ai_teams,
                path=args.save,
            )
        except GameError as exc:
            raise ConfigError(args.save, f"branch at turn {args.branch}", str(exc)) from None
        if args.save_branch:
            save_game(model, args.save_branch)
            print(f"branch saved to {args.save_branch}")
        scores = ", ".join(f"{s} {v:.1f}" for s, v in model.scores().items())
        print(
            f"branch from turn {args.branch} ({args.seat}: {', '.join(actions) or 'no policy'}): {scores}"
        )
        return 0
    interactive = sys.stdin.isatty() and not args.no_pause
    before = None
    for model in replay_turns(data, args.save):
        turn = model.world.turn - 1
        if before is None:
            before = model.snapshots[0]
        if turn >= args.turn:
            print(describe_turn(model, model.snapshots[turn - 1]))
            if interactive and input("Enter: next quarter, q: quit > ").strip().lower() == "q":
                return 0
            print()
    if before is None:
        print("the save holds no finished quarter yet")
    return 0


def register(sub):
    p = sub.add_parser("replay", help="step through a saved game, or branch it from turn N")
    p.add_argument("save", help="a save file (from play or run --save)")
    p.add_argument("--turn", type=int, default=1, help="start showing at this turn (default 1)")
    p.add_argument("--no-pause", action="store_true", help="don't wait for Enter between turns")
    p.add_argument(
        "--branch", type=int, metavar="N", help="branch at turn N with a different decision"
    )
    p.add_argument("--seat", help="the seat whose decision the branch changes")
    p.add_argument(
        "--actions", help="the branch decision's policy ids, comma-separated ('' for none)"
    )
    p.add_argument(
        "--responses", help="event answers, event_id=response_id,... (default: advisor's)"
    )
    p.add_argument(
        "--ai-teams",
        action="store_true",
        help="after the branch, the human seats play as AI instead of their recorded decisions",
    )
    p.add_argument(
        "--save-branch", metavar="FILE", help="save the branched game here (for debrief --compare)"
    )
    p.set_defaults(func=run)
