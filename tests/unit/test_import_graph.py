"""The import graph of ``graphbuild/``, read from the code with ``ast``: stages only look down.

Every ``import graphbuild...`` / ``from graphbuild... import ...`` (relative ones too, and those
inside functions or under ``TYPE_CHECKING``: a lazy import is still a dependency) is an edge
between two modules. Three rules:

* no cycles between modules;
* a module imports only from its own layer or a layer below it (``LAYERS``, lowest first);
* stages listed in ``APART`` do not import each other at all (sinks write what they are given,
  so they never import the resolver).

``DEBT`` lists the upward (or cycle-closing) edges that are still there, each with the reason it stays. The test
fails when a listed edge disappears too, so the list shrinks as the code improves and never
hides a fixed problem. Importing a submodule also runs its parent packages' ``__init__``; those
implicit edges are not counted (each ``__init__`` is a module of its own here).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "graphbuild"

# The allowed order, lowest first. A module belongs to the first entry that names it or one of
# its parent packages ("graphbuild.relations" covers graphbuild.relations.rules.verbs).
#
# The pipeline stages run ingest -> nlp -> extract -> resolve -> sinks -> query. Below them sit
# what every stage speaks: the errors, the one config object, the ontology mapping (vocab) and
# the records stages hand each other (model). model sits above vocab because records carry
# ontology terms. Above the stages sits the wiring, which may import any stage:
# review (curation decisions over a built store), scale and viz (input sources, pictures),
# pipeline (spaCy pipeline assembly, one batch), pool (batches in this process or a process
# pool), distributed (Dask), runners (the public ``extract``), then build / training / serve,
# the CLI, and the package root (its lazy public API). Below the sinks does not mean known to
# them: sinks and resolve stay apart (``APART``), as the store and review do (review is above).
LAYERS: list[tuple[str, ...]] = [
    ("graphbuild.errors",),
    ("graphbuild.config",),
    ("graphbuild.vocab",),
    ("graphbuild.model",),
    ("graphbuild.ingest",),
    ("graphbuild.nlp",),
    ("graphbuild.relations",),
    ("graphbuild.resolve",),
    ("graphbuild.sinks",),
    ("graphbuild.query",),
    ("graphbuild.review",),
    ("graphbuild.scale", "graphbuild.viz"),
    ("graphbuild.pipeline",),
    ("graphbuild.pool",),
    ("graphbuild.distributed",),
    ("graphbuild.runners",),
    ("graphbuild.builder", "graphbuild.training", "graphbuild.serve"),
    ("graphbuild.cli", "graphbuild.__main__"),
    ("graphbuild",),
]

# Upward edges that stay for now: (importer, imported) -> why.
DEBT: dict[tuple[str, str], str] = {}

# Stages that never import each other although the layer order would allow it:
# (importer package, imported package) -> why.
APART: dict[tuple[str, str], str] = {
    # The caller resolves (builder.write_resolved, distributed.merge_nquads, resolve_corpus);
    # the names a sink writes and reads back are graphbuild.model.names.
    ("graphbuild.sinks", "graphbuild.resolve"): "sinks write the graphs they are given",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The graphbuild modules ``name`` imports (``from pkg import sub`` names the submodule)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # import graphbuild.x.y.attr -> graphbuild.x.y
                target = target.rpartition(".")[0]
            if target.startswith("graphbuild") and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: set(_imports(name, path, modules)) for name, path in modules.items()}


def layer_of(module: str) -> int:
    best, best_len = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
    if best < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return best


def upward_edges(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph.items() for b in targets if layer_of(b) > layer_of(a)}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_every_module_has_a_layer(graph):
    for module in graph:
        layer_of(module)


def test_no_cycles(graph):
    # a DEBT edge is known; any other edge closing a cycle is new
    paid_up = {a: {b for b in targets if (a, b) not in DEBT} for a, targets in graph.items()}
    cycle = find_cycle(paid_up)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_stages_only_import_lower_layers(graph):
    new = sorted(upward_edges(graph) - set(DEBT))
    assert not new, "imports from a higher layer (move the code down, or the import up): " + \
        ", ".join(f"{a} -> {b}" for a, b in new)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_stages_kept_apart_do_not_import_each_other(graph):
    found = sorted(f"{a} -> {b} ({why})" for (low, high), why in APART.items()
                   for a, targets in graph.items() if _within(a, low)
                   for b in targets if _within(b, high))
    assert not found, "imports between stages kept apart: " + ", ".join(found)


def test_debt_list_is_current(graph):
    edges = {(a, b) for a, targets in graph.items() for b in targets}
    paid = sorted(set(DEBT) - edges)
    assert not paid, "no longer imported (remove from DEBT): " + \
        ", ".join(f"{a} -> {b}" for a, b in paid)


def test_the_checker_sees_a_cycle_and_an_upward_edge():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert upward_edges({"graphbuild.nlp.x": {"graphbuild.relations.y"},
                         "graphbuild.relations.y": {"graphbuild.nlp.x"}}) == {
        ("graphbuild.nlp.x", "graphbuild.relations.y")}


def test_test_modules_do_not_import_each_other():
    # shared helpers live in tests/helpers.py or conftest fixtures, so a test module can be
    # moved, renamed or run alone
    tests = PACKAGE.parent / "tests"
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(tests)} imports {n}" for n in names
                          if n.split(".")[-1].startswith("test_")]
    assert not offenders, offenders
