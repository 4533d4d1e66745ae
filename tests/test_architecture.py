"""The import contract of kg/ and cli/ (docs/architecture.md, "Layers"): no import cycle, counting imports made
inside functions, and no import from a lower layer to a higher one. Read from the source with ast."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"kg": ROOT / "kg", "kg_cli": ROOT / "cli"}

# Lowest first. A module may import modules of its own layer or of lower layers only. Modules are matched by
# the longest listed prefix ("kg.server" covers kg.server.app...). The layers are declared over today's flat
# modules (docs/architecture.md says why they are not sub-packages yet).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vocabulary, configuration, errors", (
        "kg", "kg.config", "kg.errors", "kg.findings", "kg.namespaces", "kg.kinds", "kg.curie", "kg.labels", "kg.units",
        "kg.sparql_text", "kg.safe_write", "kg.reader")),
    ("store", ("kg.store", "kg.result_norm", "kg.guards", "kg.remote")),
    ("sources and build", ("kg.shacl", "kg.build", "kg.rule_scope", "kg.publish", "kg.source_text")),
    ("read", ("kg.description", "kg.names", "kg.queries", "kg.catalog")),
    ("questions", (
        "kg.path_queries", "kg.paths", "kg.dose", "kg.dosing", "kg.dose_text", "kg.evidence", "kg.compare", "kg.integrity",
        "kg.projection", "kg.export", "kg.exports")),
    ("views", ("kg.render_path", "kg.results_format", "kg.result_json", "kg.viz")),
    ("applications", ("kg.server", "kg.explorer", "kg.importer")),
    ("command line", ("kg_cli",)),
)


def _modules() -> dict[str, Path]:
    mods = {}
    for pkg, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [p for p in path.relative_to(folder).with_suffix("").parts if p != "__init__"]
            mods[".".join([pkg, *parts])] = path
    return mods


def _imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the package modules it imports anywhere in its source (module level, functions, TYPE_CHECKING)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_pkg else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in mods else module for a in node.names]
            for target in targets:
                while target and target not in mods:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[name].add(target)
    return edges


def _layer(module: str) -> int:
    best, found = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    assert found is not None, f"{module} is in no layer: add it to LAYERS and to docs/architecture.md"
    return found


def _cycles(mods: dict[str, Path], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(mods):
        if v not in index:
            visit(v)
    return found


def test_every_module_is_in_a_layer() -> None:
    for module in _modules():
        _layer(module)


def test_no_import_cycle_counting_imports_inside_functions() -> None:
    mods = _modules()
    assert _cycles(mods, _imports(mods)) == []


def test_no_module_imports_a_higher_layer() -> None:
    mods = _modules()
    wrong = sorted(f"{source} ({LAYERS[_layer(source)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
                   for source, targets in _imports(mods).items() for target in targets
                   if _layer(target) > _layer(source))
    assert wrong == []


def test_the_library_never_imports_the_command_line() -> None:
    mods = _modules()
    assert not [(s, t) for s, ts in _imports(mods).items() if s.startswith("kg.") or s == "kg"
                for t in ts if t.startswith("kg_cli")]


def test_the_checker_sees_a_cycle_and_a_wrong_way_import() -> None:
    """The contract can fail: a made-up lazy edge store -> build closes a cycle and points upward."""
    mods = _modules()
    edges = _imports(mods)
    edges["kg.store"] = edges["kg.store"] | {"kg.build"}
    assert any({"kg.store", "kg.build"} <= set(c) for c in _cycles(mods, edges))
    assert _layer("kg.build") > _layer("kg.store")
