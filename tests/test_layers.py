"""The import contract: each layer imports only from the layers below it, the engine imports no
UI, plotting or cluster library, and no module imports another in a circle, counting imports
inside functions. Read from the source (ast), so a lazy import can't hide a dependency."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. A module may import its own layer (within its package) and any lower one.
LAYERS = {
    "game.engine": 0,
    "agents": 1,
    "game.play": 2,
    "game.reports": 3,
    "game.lab": 3,
    "game.net": 3.5,  # the class server: runs game.play and game.reports, below the window
    "game.ui": 4,
    "game.cli": 5,
    "game": 5,  # the package's top: the one public way in (loads its names lazily)
    "main": 5,
}
# Third-party packages each layer may use (the standard library is always allowed).
THIRD_PARTY = {
    "game.engine": {"numpy", "yaml", "jsonschema"},
    "agents": {"numpy", "yaml", "mesa"},
}
BANNED_BELOW_UI = {"pygame", "pygame_gui"}
BANNED_BELOW_NET = {"websockets"}  # the network stays out of the engine and the game below it


def _module_name(path):
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer_of(module):
    best = None
    for prefix in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            if best is None or len(prefix) > len(best):
                best = prefix
    return best


def _sources():
    files = sorted((ROOT / "game").rglob("*.py")) + sorted((ROOT / "agents").rglob("*.py"))
    return {_module_name(p): p for p in files + [ROOT / "main.py"]}


def _imports(path, module, known):
    """Every module imported anywhere in ``path`` (top level and inside functions)."""
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            out.add(target)
            for alias in node.names:  # "from game.engine import log" imports a module
                if f"{target}.{alias.name}" in known:
                    out.add(f"{target}.{alias.name}")
    return out


def _graph():
    sources = _sources()
    return sources, {m: _imports(p, m, sources) for m, p in sources.items()}


def test_each_layer_imports_only_from_below():
    sources, graph = _graph()
    bad = []
    for module, imports in graph.items():
        mine = _layer_of(module)
        for target in imports:
            theirs = _layer_of(target)
            if theirs is None:
                top = target.split(".")[0]
                allowed = THIRD_PARTY.get(mine)
                if (
                    allowed is not None
                    and top not in sys.stdlib_module_names
                    and top not in allowed
                ):
                    bad.append(f"{module} imports {target} (not allowed in {mine})")
                if LAYERS[mine] < LAYERS["game.ui"] and top in BANNED_BELOW_UI:
                    bad.append(f"{module} imports {target} (UI below the UI layer)")
                if LAYERS[mine] < LAYERS["game.net"] and top in BANNED_BELOW_NET:
                    bad.append(f"{module} imports {target} (network below game.net)")
                continue
            if theirs == mine:
                continue
            if LAYERS[theirs] >= LAYERS[mine]:
                bad.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert not bad, "\n".join(sorted(bad))


def test_no_import_cycles():
    sources, graph = _graph()
    edges = {
        m: sorted(t for t in imports if t in sources and t != m) for m, imports in graph.items()
    }
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in edges:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_headless_commands_import_no_ui_plotting_or_cluster():
    code = (
        "import sys, main\n"
        "main.build_parser()\n"
        "print(' '.join(sorted(m for m in ('pygame', 'pygame_gui', 'matplotlib', 'dask',"
        " 'distributed') if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_no_module_is_larger_than_it_needs_to_be():
    big = {
        name: n
        for name, path in _sources().items()
        if (n := len(path.read_text().splitlines())) > 650
    }
    assert not big, f"modules over ~600 lines (split them by job): {big}"
