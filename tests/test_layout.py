"""The package's layers: `pdf/` (reading) and `tables/` (the generic engine) never import the
plan's reading (`plan/`) or anything above it; `pdf/` does not import `tables/` either. Below
them all lie the leaf modules (`normalize`), which import nothing from the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plan_extract"

LEAVES = ("plan_extract.normalize",)
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
