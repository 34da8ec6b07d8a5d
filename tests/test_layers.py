"""The package's folders are its architecture: no import circles, and no wing imported from below it.

The model core (the modules at the top of ``greencoop``) imports no wing; the
charts import only the core; the research wing (``experiments``) builds on the
core and the charts; the sector and the workshop build on those; only the
command line and the ODD tool (``cli``, ``odd``) see every wing. Imports are
read from the source with :mod:`ast`, those inside functions included, so a
lazy import cannot hide a circle.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "model" / "greencoop"

#: What each part of the package may import, besides itself.
ALLOWED = {
    "core": {"core"},
    "charts": {"core"},
    "experiments": {"core", "charts"},
    "sector": {"core", "charts", "experiments"},
    "workshop": {"core", "charts"},
    "top": {"core", "charts", "experiments", "sector", "workshop"},
}
TOP = {"greencoop.cli", "greencoop.odd"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, anywhere in it (``from a import b`` counts ``a.b`` if a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in modules and name != "greencoop"}


def part(module: str) -> str:
    if module in TOP:
        return "top"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else "core"


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports(path, set(paths)) for name, path in paths.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a module importing itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges[v]:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


EDGES = graph()


def test_no_import_circles():
    assert cycles(EDGES) == []


def test_cycle_check_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(EDGES))
def test_imports_point_down(module):
    wrong = sorted(m for m in EDGES[module] if part(m) != part(module) and part(m) not in ALLOWED[part(module)])
    assert not wrong, f"{module} ({part(module)}) must not import {wrong}"
