"""`shots`: play a scripted game in a hidden window and save a PNG of every screen."""

import os
import tempfile
from pathlib import Path

from game.cli.run import seed_type
from game.engine.errors import ConfigError
from game.engine.yamlio import check_output


def register(subparsers):
    p = subparsers.add_parser(
        "shots", help="play a scripted game headless and save a PNG of every screen"
    )
    p.add_argument("--out", required=True, help="folder for the PNGs")
    p.add_argument("--as", dest="seat", default="JPN", help="the state played (default JPN)")
    p.add_argument("--seed", type=seed_type, default=7, help="the game's seed (default 7)")
    p.add_argument("--scenario", help="scenario file (default: the baseline)")
    p.add_argument("--size", default="1280x720", help="window size WxH (default 1280x720)")
    p.set_defaults(func=run)


def take(app, out, name, shots):
    import pygame

    path = Path(out) / f"{name}.png"
    pygame.image.save(app.window, str(path))
    shots.append(path)


def offers_to_show(app):
    """The offers panel is worth a picture once the AIs have sent the seat something (or by
    the middle of the game)."""
    from game.engine import deals

    m, seat = app.session.model, app.session.seat
    mine = deals.open_offers(m.world, seat) or deals.in_force(m, seat)
    return m.turn >= 3 and (mine or m.turn >= 8)


def offers_shots(app, d, out, shots):
    """The offers panel at both sizes; a proposal sent (if one can be) for the second."""
    d.key("O")
    take(app, out, "14-offers", shots)
    size = app.window.get_size()
    d.resize((1920, 1080))
    take(app, out, "15-offers-1920x1080", shots)
    d.resize(size)
    d.key("Esc")


def play_scripted(app, out, shots):
    """Title, new game, then every quarter: answer pop-ups (first response), adopt the advisor's
    picks, end the turn, read the summary; the end screen last. All through posted input."""
    import pygame

    from game.ui.driver import Driver

    d = Driver(app)
    d.frames(2)
    take(app, out, "01-title", shots)
    d.key("N")
    take(app, out, "02-setup", shots)
    d.key("Enter")
    d.frames(2)
    if d.screen() != "TurnScreen":
        raise ConfigError("shots", "new game", f"did not reach the turn screen ({app.status})")
    have_event = False
    first = True
    while d.screen() != "EndScreen":
        if d.screen() == "TurnScreen":
            screen = app.screen
            while screen.popup is not None:
                if not have_event:
                    take(app, out, "05-event-popup", shots)
                    have_event = True
                d.key("1")
            if first:
                take(app, out, "03-turn", shots)
                d.key("Down")
                card = screen.s.policies(screen.tab)[screen.card_focus].id
                d.hover(screen.card_buttons[card])
                for _ in range(120):  # the preview plays one future a frame: all of them
                    done, futures = screen.s.preview_progress(card)
                    if done >= futures:
                        break
                    d.frames(1)
                d.frames(2)
                take(app, out, "04-card-preview", shots)
                first = False
            elif app.session.model.turn == 4:  # by now the ledger has a story to tell
                d.click(screen.rows[0][0].center)
                take(app, out, "06-why", shots)
                d.key("Esc")
                d.key("H")  # the summaries of the quarters played so far
                d.key("Left")
                take(app, out, "12-summary-history", shots)
                d.key("Enter")
                screen = app.screen
                pygame.event.post(pygame.event.Event(pygame.QUIT))
                d.frames()
                take(app, out, "13-close-asks", shots)
                d.key("Esc")
            elif app.session.model.turn == 2:
                size = app.window.get_size()
                d.resize((1920, 1080))
                take(app, out, "09-turn-1920x1080", shots)
                d.resize(size)
            if not any(p.name.startswith("14-") for p in shots) and offers_to_show(app):
                offers_shots(app, d, out, shots)
            d.key("A")
            d.key("E")
            if d.screen() == "SummaryScreen" and not any(p.name.startswith("07-") for p in shots):
                take(app, out, "07-turn-summary", shots)
            if d.screen() == "TurnScreen":
                raise ConfigError("shots", "end turn", app.status or "the turn did not end")
        elif d.screen() == "SummaryScreen":
            d.key("Enter")
        else:
            raise ConfigError("shots", "script", f"unexpected screen {d.screen()}")
    d.frames(2)
    take(app, out, "08-end", shots)
    d.key("T")
    d.key("L")
    take(app, out, "10-load", shots)
    d.key("Esc")
    d.key("S")
    take(app, out, "11-settings", shots)
    return have_event


def run(args):
    from game.cli.run import check_seat

    seat = check_seat(args.seat)
    check_output(args.out, "--out", folder=True)
    from game.cli.play import parse_size

    size = parse_size(args.size)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from game.ui.front import open_window

    shots = []
    with tempfile.TemporaryDirectory() as saves:  # the scripted game never touches your saves
        app = open_window(
            size=size,
            directory=Path(saves),
            defaults={"seat": seat, "seed": args.seed, "scenario": args.scenario},
        )
        have_event = play_scripted(app, out, shots)
    for p in shots:
        print(p)
    if not have_event:
        print(
            f"note: no event asked {seat} for an answer in this game (seed {args.seed}); try another seed for that shot"
        )
    return 0
