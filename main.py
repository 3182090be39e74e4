"""Tightrope's command line: play · run · validate · info · batch · balance · health · shots · debrief · replay · serve · join · facilitate · compile.

Every command has --help. A bad file or argument prints one line naming the file, the field and
the problem, and exits with code 2; never a traceback.
"""

import argparse
import signal
import sys

from game.engine.errors import TightropeError

# Each module in game/commands defines register(subparsers): it adds its parser and sets
# `func` (args -> exit code). Commands whose module is missing are simply not offered.
COMMANDS = (
    "play", "run", "validate", "info", "batch", "balance", "health", "shots", "debrief", "replay",
    "schema", "serve", "join", "facilitate", "compile",
)  # fmt: skip


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2 (argparse's default code too)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser():
    import importlib

    parser = _Parser(prog="tightrope", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"game.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"game.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if argv is None:  # (the command line, not a test calling main)
        # SIGTERM stops a command as Ctrl-C does: a batch keeps its finished games and says how
        # to resume, not a bare "Terminated". The window and the server set their own.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return args.func(args) or 0
    except TightropeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the disk, not the game: a full disk, /proc, a vanished folder
        where = exc.filename or "(file)"
        print(f"error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
