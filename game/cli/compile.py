"""`compile`: build the compiled engine (``make fast``). Cython compiles
game.engine.compiled's MODULES, the same sources, into the overlay, and the manifest is written
once the whole build has succeeded. Cython is a build tool of the dev install; without it (or a
C compiler) nothing is built and the engine runs from its sources, as it always can."""

import json
import os
import sys

from game.engine.compiled import MODULES, ROOT, digest, library, overlay_dir, source
from game.engine.errors import GameError
from game.engine.yamlio import write_atomic

HELP = "compile the engine's hot modules with Cython (same sources, same games, faster batches)"


def register(subparsers):
    p = subparsers.add_parser("compile", help=HELP, description=HELP)
    p.add_argument(
        "--jobs", type=int, default=2, metavar="N", help="compile N modules at once (default 2)"
    )
    p.set_defaults(func=run)


def run(args):
    if args.jobs < 1:
        raise GameError("--jobs must be at least 1")
    try:
        folder = build(args.jobs)
    except Exception as exc:  # (Cython missing, no C compiler, a compile error: all one answer)
        print(f"compiled engine: not built ({type(exc).__name__}: {exc}); the engine runs from "
              "its sources", file=sys.stderr)  # fmt: skip
        return 1
    print(f"compiled engine: {len(MODULES)} modules in {folder.relative_to(ROOT)}")
    return 0


def build(jobs=2):
    """Compile MODULES into the overlay (Cython, then the C compiler), then write its manifest:
    the overlay is used only once the whole build has succeeded."""
    from Cython.Build import cythonize  # (a build tool: only this command needs it)
    from setuptools import Distribution

    folder = overlay_dir()
    manifest = folder / "manifest.json"
    # Only a build that finished (it left a manifest) is built on: files a killed build left
    # half written are newer than their sources, so the next build compiles everything again.
    finished = manifest.exists()
    manifest.unlink(missing_ok=True)
    hashes = {m: digest(m) for m in MODULES}  # (what is compiled: read before it is)
    cwd = os.getcwd()
    os.chdir(ROOT)  # (cythonize and build_ext work in paths relative to the project)
    try:
        extensions = cythonize(
            [str(source(m).relative_to(ROOT)) for m in MODULES],
            build_dir=str(folder.parent / "c"),
            compiler_directives={"language_level": 3, "binding": True},
            nthreads=jobs,
            force=not finished,
            quiet=True,
        )
        dist = Distribution({"ext_modules": extensions, "script_args": ["-q"]})
        command = dist.get_command_obj("build_ext")
        command.build_lib, command.build_temp = str(folder), str(folder.parent / "temp")
        command.parallel, command.force = jobs, not finished
        dist.run_command("build_ext")
    finally:
        os.chdir(cwd)
    sizes = {m: library(folder, m).stat().st_size for m in MODULES}
    built = {"python": sys.version, "modules": hashes, "sizes": sizes}
    write_atomic(manifest, json.dumps(built, indent=1) + "\n")
    return folder
