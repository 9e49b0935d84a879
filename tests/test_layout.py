"""The package's layers: `pdf/` (reading) and `tables/` (the generic engine) never import the
plan's reading (`plan/`) or anything above it; `pdf/` does not import `tables/` either. Below
them all lie the leaf modules (`normalize`), which import nothing from the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plan_extract"

LEAVES = ("plan_extract.geometry", "plan_extract.normalize", "plan_extract.packaged")
"""Modules every layer may import: they import nothing from the package themselves."""

# Layer → the plan_extract modules it may import (prefixes).
ALLOWED = {
    "pdf": ("plan_extract.pdf", *LEAVES),
    "tables": ("plan_extract.pdf", "plan_extract.tables", *LEAVES),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [m for m in found if m == "plan_extract" or m.startswith("plan_extract.")]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_lies_below_it(layer: str) -> None:
    files = sorted((PACKAGE / layer).glob("*.py"))
    assert files, f"no modules under {layer}/"
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in files
        for module in _imports(path)
        if not module.startswith(ALLOWED[layer])
    ]
    assert offenders == []


@pytest.mark.parametrize("leaf", LEAVES)
def test_leaf_modules_import_nothing_from_the_package(leaf: str) -> None:
    path = PACKAGE / (leaf.removeprefix("plan_extract.").replace(".", "/") + ".py")
    assert _imports(path) == []


def _module_name(path: Path) -> str:
    parts = ("plan_extract", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts).removesuffix(".__init__")


def _import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports, lazily or not ('from plan_extract.tables
    import page_grid' names the submodule)."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{a.name}" for a in node.names)
        graph[name] = {t for t in targets if t in paths and t != "plan_extract"}
    return graph


def test_no_import_cycles() -> None:
    """A cycle (models -> tidy_export -> enrich -> models was one) makes import order matter
    and hides which stage depends on which. The package's __init__ is the API facade, above
    everything, and is left out."""
    graph = _import_graph()
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target == path[0]:
                cycles.append([*path, target])
            elif target not in path and target > path[0]:  # each cycle once, from its least
                visit(target, [*path, target])

    for start in sorted(graph):
        visit(start, [start])
    assert cycles == []
