"""The package's shape: layers whose imports only go down, no circle, no private name shared.

Every import counts, at the top of a module, inside a function or under `TYPE_CHECKING`: an import
hidden in a function is still a dependency, and a circle hidden that way is still a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "scenarios"

# Bottom to top. A module may import its own layer and the layers below it.
LAYERS = ("core", "workspace", "analyses", "panels", "ledger", "reporting", "io", "api", "cli")
# The package's own top-level modules: the version is ground, `import scenarios` and
# `python -m scenarios` sit on top.
TOP_LEVEL = {
    "_version": "core",
    "api": "api",
    "__init__": "api",
    "__main__": "cli",
}


@dataclass(frozen=True)
class Import:
    source: str  # dotted module name, without the leading "scenarios."
    target: str  # the module imported (a name imported from a package counts as its module)
    names: tuple[str, ...]  # the names taken from it
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    head = module.split(".")[0]
    return TOP_LEVEL.get(head, head)


def resolve(source: str, node: ast.ImportFrom) -> str | None:
    """The dotted module (without "scenarios.") that an import from the package names."""
    if node.level:
        base = source.split(".")
        package = base[: len(base) - node.level] if not source.endswith("__init__") else base[:-1]
        return ".".join([*package, *(node.module or "").split(".")]).strip(".")
    if node.module and (node.module == "scenarios" or node.module.startswith("scenarios.")):
        return node.module.removeprefix("scenarios").lstrip(".")
    return None


def imports() -> Iterator[Import]:
    for source, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = resolve(source, node)
                if target is None:
                    continue
                names = tuple(a.name for a in node.names)
                for name in names:
                    # `from scenarios.ledger import records` imports the module records
                    sub = f"{target}.{name}" if target else name
                    if sub in MODULES or f"{sub}.__init__" in MODULES:
                        yield Import(source, sub, (), node.lineno)
                    else:
                        yield Import(source, target or "__init__", (name,), node.lineno)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("scenarios."):
                        yield Import(source, alias.name.removeprefix("scenarios."), (), node.lineno)


def canonical(module: str) -> str:
    return module if module in MODULES else f"{module}.__init__"


IMPORTS = list(imports())


def test_every_module_sits_in_a_layer():
    assert {layer_of(m) for m in MODULES} <= set(LAYERS)


def test_every_layer_package_says_what_it_owns_and_may_import():
    for layer in LAYERS:
        init = PACKAGE / layer / "__init__.py"
        if layer == "api":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"{layer}/__init__.py needs a docstring on its imports"


def test_imports_only_go_down():
    upward = [
        f"{i.source} (line {i.line}) imports {i.target}: {layer_of(i.source)} → {layer_of(i.target)}"
        for i in IMPORTS
        if LAYERS.index(layer_of(i.target)) > LAYERS.index(layer_of(i.source))
        and i.source != "__init__"  # the package's front door lists the API lazily
    ]
    assert upward == []


def test_no_import_circle():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in IMPORTS:
        if i.source != "__init__" and canonical(i.target) != i.source:
            graph[i.source].add(canonical(i.target))
    assert strongly_connected(graph) == []


def test_no_private_name_is_used_across_modules():
    shared = [
        f"{i.source} (line {i.line}) uses {i.target}.{name}"
        for i in IMPORTS
        for name in i.names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert shared == []


def test_no_module_reaches_into_another_through_an_attribute():
    """`module._name` on an imported module of the package is a private name used across."""
    found = []
    for source, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = {
            a.asname or a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and resolve(source, node) is not None
            for a in node.names
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{source} (line {node.lineno}) uses {node.value.id}.{node.attr}")
    assert found == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the circles (components of more than one module, or a self-loop)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


@pytest.mark.parametrize(
    ("graph", "circles"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_circle_finder_finds_circles(graph, circles):
    assert strongly_connected(graph) == circles


MAX_MODULE_LINES = 800
MAX_COMPLEXITY = 20  # radon's cyclomatic complexity of one function or method


def test_no_module_is_over_800_lines():
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_complexity_20():
    from radon.complexity import cc_visit

    def blocks(found: list[Any]) -> Iterator[Any]:
        """Every function, method and closure radon found."""
        for block in found:
            if hasattr(block, "methods"):  # a class: its methods count, not the class's sum
                yield from blocks([*block.methods, *block.inner_classes])
            else:
                yield block
                yield from blocks(block.closures)

    tangled = sorted(
        {  # a set: radon lists a method both alone and inside its class
            f"{name}.{block.fullname} ({block.complexity})"
            for name, path in MODULES.items()
            for block in blocks(cc_visit(path.read_text(encoding="utf-8")))
            if block.complexity > MAX_COMPLEXITY
        }
    )
    assert tangled == []
