"""No two modules of the app import each other, directly or round a longer loop.

A circle, even one closed only under `if TYPE_CHECKING:`, means two modules are one
responsibility split badly: neither can be read, tested or moved without the other. What counts
is what a module imports when it loads (its top level, including `if`/`try` blocks and
`TYPE_CHECKING`); an import inside a function is the project's way of loading something late,
not a dependency of the module. The graph is read from the source with `ast`, so nothing is
imported and Qt need not be present.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "composer"
Graph = dict[str, set[str]]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _load_time_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run when the module loads: the top level and its `if`/`try` blocks."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _load_time_statements(node.body + node.orelse)
        elif isinstance(node, ast.Try | ast.TryStar):
            handlers = [stmt for handler in node.handlers for stmt in handler.body]
            yield from _load_time_statements(node.body + handlers + node.orelse + node.finalbody)


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The module a `from` import names, with a relative one (`from .x import y`) resolved."""
    if not node.level:
        return node.module or ""
    package = importer.split(".") if is_package else importer.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(tree: ast.Module, importer: str, modules: set[str], *, is_package: bool = False) -> set[str]:
    """The app's modules `importer` needs at load time."""
    found: set[str] = set()
    for node in _load_time_statements(tree.body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, importer, is_package)
            # `from package import module` needs the module, not what the package re-exports
            named = {f"{source}.{alias.name}" for alias in node.names}
            submodules = named & modules
            found.update(submodules)
            if len(submodules) < len(named):
                found.add(source)
    return {name for name in found if name in modules and name != importer}


def import_graph(root: Path = ROOT) -> Graph:
    paths = {module_name(path, root): path for path in root.rglob("*.py")}
    names = set(paths)
    return {
        name: imports_of(
            ast.parse(path.read_text(encoding="utf-8")), name, names, is_package=path.name == "__init__.py"
        )
        for name, path in paths.items()
    }


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's algorithm: every group of modules that reach one another (a group of one only
    when it imports itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def shortest_cycle(graph: Graph, start: str, within: set[str]) -> list[str]:
    """One concrete loop from `start` back to itself inside its group, for the failure message."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for target in sorted(graph.get(node, set()) & within):
                if target == start:
                    loop = [node]
                    while loop[-1] != start:
                        loop.append(came_from[loop[-1]])
                    return [start, *reversed(loop[:-1]), start] if node != start else [start, start]
                if target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return [start]


def cycles(graph: Graph) -> list[str]:
    """Each circle as `a -> b -> a`, one line per group of modules that import one another."""
    return [" -> ".join(shortest_cycle(graph, group[0], set(group))) for group in strongly_connected(graph)]


def test_every_circle_is_found_and_named() -> None:
    graph: Graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"g"}, "g": {"f"}}
    assert cycles(graph) == ["a -> b -> c -> a", "e -> e", "f -> g -> f"]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_type_checking_relative_and_try_imports_count_but_late_ones_do_not(tmp_path: Path) -> None:
    package = tmp_path / "composer"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from . import b\n")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from composer.sub.b import Thing\n"
        "def late():\n    import composer.c\n"
    )
    (package / "sub" / "b.py").write_text("try:\n    from ..a import x\nexcept ImportError:\n    pass\n")
    (package / "c.py").write_text("import composer.a\n")
    graph = import_graph(package)
    assert graph["composer.a"] == {"composer.sub.b"}  # the function's import of c is not counted
    assert graph["composer.sub.b"] == {"composer.a"}
    assert graph["composer.sub"] == {"composer.sub.b"}
    assert cycles(graph) == ["composer.a -> composer.sub.b -> composer.a"]


def test_no_module_of_the_app_imports_itself_round_a_loop() -> None:
    found = cycles(import_graph())
    assert not found, "import circles:\n" + "\n".join(found)
