"""`schema`: write the JSON Schema of each file kind (scenario, policies, events, ...) so
scenario authors can validate in their editor; `validate` checks the same schemas."""

import json
from pathlib import Path

import agents  # noqa: F401  (fills the persona and rule registries the schemas list)
from game.engine import schemas
from game.engine.yamlio import check_output, write_atomic


def run(args):
    out = check_output(args.out, "--out", folder=True)
    for kind in schemas.BUILDERS:
        path = Path(out) / f"{kind}.schema.json"
        write_atomic(path, json.dumps(schemas.schema(kind), indent=1, default=list) + "\n")
    print(f"{len(schemas.BUILDERS)} schemas written to {out}")
    return 0


def register(sub):
    p = sub.add_parser("schema", help="write the JSON Schema of each file kind (for editors)")
    p.add_argument("--out", default="docs/schemas", help="folder (default docs/schemas)")
    p.set_defaults(func=run)
