"""The package's layers: `pdf/` (reading) and `tables/` (the generic engine) never import the
plan's reading (`plan/`) or anything above it; `pdf/` does not import `tables/` either."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plan_extract"

# Layer → the plan_extract modules it may import (prefixes).
ALLOWED = {
    "pdf": ("plan_extract.pdf",),
    "tables": ("plan_extract.pdf", "plan_extract.tables"),
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
