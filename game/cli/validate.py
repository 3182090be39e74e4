"""`validate`: check scenario, policy, event, objective, rule, offer and persona files without
playing."""

import sys
from pathlib import Path

from agents.personas import check_persona_file
from game.engine.catalog import load_events, load_policies, parse_objectives, read_catalogue
from game.engine.deals import check_book
from game.engine.errors import TightropeError
from game.engine.paths import CONFIGS
from game.engine.scenario import resolve_parameters
from game.engine.validate import check_scenario, scenario_problems
from game.engine.yamlio import read_yaml


def kind_of(path):
    raw = read_yaml(path)
    if isinstance(raw, dict):
        if "policies" in raw and "values" not in raw and "extends" not in raw:
            return "policies"
        if "events" in raw and "values" not in raw and "extends" not in raw:
            return "events"
        if "offers" in raw and "values" not in raw:
            return "offers"
        if "grades" in raw:
            return "objectives"
        if "parameters" in raw and set(raw) <= {"parameters", "fatigue"}:
            return "rules"
        if set(raw) == {"personas"}:
            return "personas"
    return "scenario"


def check_file(path):
    """Validate one file; returns a one-line summary, raises TightropeError on a problem."""
    kind = kind_of(path)
    if kind == "policies":
        return f"{len(load_policies(path))} policies"
    if kind == "events":
        return f"{len(load_events(path))} events"
    if kind == "offers":
        return check_book(path)
    if kind == "objectives":
        objectives = parse_objectives(read_catalogue(path, "objectives"), path)
        return f"objectives for {len(objectives) - 1} states"
    if kind == "personas":
        return check_persona_file(path)
    if kind == "rules":
        resolve_parameters({}, path, rules_file=path)  # the file given, not configs/rules.yaml
        return "rule parameters"
    scenario = check_scenario(path)  # loads it, then the checks docs/scenarios.md promises
    return f"scenario '{scenario.name}', {scenario.turns} turns"


def default_files():
    files = [
        CONFIGS / "policies.yaml",
        CONFIGS / "events.yaml",
        CONFIGS / "objectives.yaml",
        CONFIGS / "rules.yaml",
        CONFIGS / "offers.yaml",
        CONFIGS / "personas.yaml",
    ]
    return files + sorted((CONFIGS / "scenarios").glob("*.yaml"))


def run(args):
    files = [Path(f) for f in args.files] or default_files()
    failed = 0
    for path in files:
        try:
            if kind_of(path) == "scenario":
                problems = scenario_problems(path)  # every problem, one line each
                for problem in problems:
                    print(f"error: {problem}", file=sys.stderr)
                if problems:
                    failed += 1
                    continue
            summary = check_file(path)
        except TightropeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
        else:
            if not args.quiet:
                print(f"ok: {path}: {summary}")
    return 2 if failed else 0


def register(sub):
    p = sub.add_parser("validate", help="check scenario, policy, event, objective and rule files")
    p.add_argument("files", nargs="*", help="files to check (default: everything in configs/)")
    p.add_argument("--quiet", action="store_true", help="print only problems")
    p.set_defaults(func=run)
