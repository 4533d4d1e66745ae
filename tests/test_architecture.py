"""The import contract of kg/ and cli/ (docs/architecture.md, "Layers and the import contract"): a module's layer
is its stage sub-package; no import cycle (imports inside functions and engine names such as
"kg.store.remote:RemoteStore" count), no import of a layer the importer may not use, and no module outside a
declared layer. Read from the source with ast."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"kg": ROOT / "kg", "kg_cli": ROOT / "cli"}

# Lowest first: layer -> (its packages or root modules, the layers it may use directly). A layer may import its own
# modules and, transitively, the layers it uses. A module belongs to the layer of its sub-package (kg.questions.x is
# in "questions"); the few root modules are named one by one, so a new module cannot slip in undeclared.
LAYERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "foundation": (("kg", "kg.config", "kg.errors", "kg.findings", "kg.safe_write"), ()),
    "vocab": (("kg.vocab",), ("foundation",)),
    "store": (("kg.store",), ("vocab",)),
    "sources": (("kg.sources",), ("vocab",)),
    "publish": (("kg.publish",), ("sources", "store")),
    "read": (("kg.read",), ("store",)),
    "questions": (("kg.questions",), ("read", "sources")),
    "render": (("kg.render",), ("questions",)),
    "applications": (("kg.importer", "kg.explorer", "kg.server"), ("render", "publish")),
    "command line": (("kg_cli",), ("applications",)),
}


def _modules() -> dict[str, Path]:
    mods = {}
    for pkg, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [p for p in path.relative_to(folder).with_suffix("").parts if p != "__init__"]
            mods[".".join([pkg, *parts])] = path
    return mods


_NAMED_MODULE = re.compile(r"(kg(?:_cli)?(?:\.\w+)*)(?::\w+)?")


def _imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the package modules it imports anywhere in its source (module level, functions, TYPE_CHECKING),
    or names in a string that is nothing but a module name ("kg.store.remote:RemoteStore", import_module("kg.x"))."""
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
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                named = _NAMED_MODULE.fullmatch(node.value)
                # a package naming itself or its own package (PackageLoader("kg.explorer", ...)) adds no edge:
                # importing a module imports its packages first anyway
                if named and named.group(1) in mods and not (name + ".").startswith(named.group(1) + "."):
                    targets = [named.group(1)]
            for target in targets:
                while target and target not in mods:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[name].add(target)
    return edges


def _layer(module: str) -> str:
    for layer, (members, _) in LAYERS.items():
        for member in members:
            # a root module is its own member; a package covers everything under it
            if module == member or (member != "kg" and module.startswith(member + ".")):
                return layer
    raise AssertionError(f"{module} is in no layer: put it in a stage sub-package (or add it to LAYERS in "
                         "tests/test_architecture.py and to the table in docs/architecture.md)")


@cache
def _may_use(layer: str) -> frozenset[str]:
    """The layer itself and every layer it uses, directly or through another."""
    used = {layer}
    for lower in LAYERS[layer][1]:
        used |= _may_use(lower)
    return frozenset(used)


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


def _wrong_way(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{source} ({_layer(source)}) imports {target} ({_layer(target)})"
                  for source, targets in edges.items() for target in targets
                  if _layer(target) not in _may_use(_layer(source)))


def test_every_module_of_kg_and_cli_belongs_to_a_declared_layer() -> None:
    for module in _modules():
        _layer(module)


def test_a_new_module_outside_the_stage_packages_is_refused() -> None:
    """kg/tmp.py or kg/newstage/x.py would be in no layer; kg/questions/x.py is in the questions layer."""
    for undeclared in ("kg.tmp", "kg.newstage.x"):
        try:
            _layer(undeclared)
        except AssertionError:
            continue
        raise AssertionError(f"{undeclared} was placed in a layer")
    assert _layer("kg.questions.anything") == "questions"


def test_every_stage_package_is_declared_and_exists() -> None:
    """Every sub-package of kg/ is in a layer, and every declared package or module exists."""
    mods = _modules()
    for folder in (ROOT / "kg").iterdir():
        if (folder / "__init__.py").exists():
            _layer(f"kg.{folder.name}")
    for members, _ in LAYERS.values():
        for member in members:
            assert member in mods, f"{member} is declared in LAYERS but is not a module of kg/ or cli/"


def test_the_layers_used_are_lower_layers() -> None:
    """The declared uses point downward only (the order of LAYERS), so the layers themselves form no cycle."""
    order = list(LAYERS)
    for layer, (_, uses) in LAYERS.items():
        assert all(order.index(lower) < order.index(layer) for lower in uses), layer


def test_no_import_cycle_counting_imports_inside_functions() -> None:
    mods = _modules()
    assert _cycles(mods, _imports(mods)) == []


def test_no_module_imports_a_layer_it_may_not_use() -> None:
    mods = _modules()
    assert _wrong_way(_imports(mods)) == []


def test_the_library_never_imports_the_command_line() -> None:
    mods = _modules()
    assert not [(s, t) for s, ts in _imports(mods).items() if s.startswith("kg.") or s == "kg"
                for t in ts if t.startswith("kg_cli")]


def test_the_docs_table_names_every_layer_and_package() -> None:
    """docs/architecture.md's layers table lists the same layers and members as LAYERS."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", text, re.MULTILINE))
    for layer, (members, _) in LAYERS.items():
        assert layer in rows, f"layer {layer} missing from docs/architecture.md"
        for member in members:
            shown = "kg" if member == "kg" else member.replace("kg_cli", "cli").replace(".", "/")
            assert f"`{shown}" in rows[layer], f"{member} missing from the {layer} row of docs/architecture.md"


def test_the_checker_sees_a_cycle_and_a_wrong_way_import() -> None:
    """The contract can fail: a made-up lazy edge store -> publish.build closes a cycle and points the wrong way,
    and so does an engine named by string, and a questions module importing render."""
    mods = _modules()
    edges = _imports(mods)
    edges["kg.store"] = edges["kg.store"] | {"kg.publish.build"}
    assert any({"kg.store", "kg.publish.build"} <= set(c) for c in _cycles(mods, edges))
    assert any(w.startswith("kg.store (store) imports kg.publish.build") for w in _wrong_way(edges))
    edges = _imports(mods)
    edges["kg.questions.paths"] = edges["kg.questions.paths"] | {"kg.render.viz"}
    assert "kg.questions.paths (questions) imports kg.render.viz (render)" in _wrong_way(edges)
    # sources and store are side by side: neither may use the other
    assert "store" not in _may_use("sources") and "sources" not in _may_use("store")


def test_an_engine_named_by_string_is_an_import() -> None:
    """store.ENGINES names its engines as "module:Class" strings; the checker counts them as imports."""
    assert "kg.store.remote" in _imports(_modules())["kg.store"]


def test_render_reads_results_not_the_store() -> None:
    """The views take results: of the store they may name only its interface (kg.store.base: Rows for SPARQL
    results, Store for the exports' one pass over quads), never an engine, and nothing of kg.read."""
    mods = _modules()
    wrong = sorted(f"{s} imports {t}" for s, ts in _imports(mods).items() if s.startswith("kg.render")
                   for t in ts if (t.startswith("kg.store") and t != "kg.store.base") or t.startswith("kg.read"))
    assert wrong == []
