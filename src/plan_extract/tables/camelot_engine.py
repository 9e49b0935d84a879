"""Second table engine: camelot's lattice flavour, for a second opinion on the native engine.

Camelot finds rules in a rendering of the page (image processing), so it fails differently from
the native engine, which reads the drawing operators: where the two agree, the cell is likely
right. camelot is imported here only, when this engine is asked for. Its tables become page
grids like the native ones (merged cells from the borders camelot found missing), so stitching
and output are the same for both engines.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from plan_extract.normalize import collapse_whitespace
from plan_extract.pdf.reader import PageContent
from plan_extract.tables.page_grid import PageGrid, rectangular_regions

if TYPE_CHECKING:
    from camelot.core import Table as CamelotTable


def camelot_grids(
    path: Path, pages: list[PageContent], password: str | None = None
) -> list[list[PageGrid]]:
    """Page grids of every page, camelot lattice with its defaults."""
    try:
        import camelot
    except ImportError as exc:  # camelot is a dependency, but an optional engine at heart
        raise RuntimeError("the camelot engine needs camelot-py: pip install camelot-py") from exc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns for every page without a table
        tables = camelot.read_pdf(str(path), pages="all", flavor="lattice", password=password)
    grids: list[list[PageGrid]] = [[] for _ in pages]
    for table in tables:
        number = int(table.page)
        grids[number - 1].append(_grid(table, number, pages[number - 1].height))
    for page_grids in grids:
        page_grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _grid(table: CamelotTable, page: int, height: float) -> PageGrid:
    """camelot's cell lattice as a page grid (camelot measures y from the page's foot)."""
    xs = [left for left, _ in table.cols] + [table.cols[-1][1]]
    ys = [height - top for top, _ in table.rows] + [height - table.rows[-1][1]]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    pairs = []
    for i in range(n_rows):
        for j in range(n_cols):
            cell = table.cells[i][j]
            if j + 1 < n_cols and not cell.right:
                pairs.append((i * n_cols + j, i * n_cols + j + 1))
            if i + 1 < n_rows and not cell.bottom:
                pairs.append((i * n_cols + j, (i + 1) * n_cols + j))
    owner = rectangular_regions(n_rows, n_cols, pairs)
    texts: dict[int, list[str]] = {}
    filled = [[False] * n_cols for _ in range(n_rows)]
    for i in range(n_rows):
        for j in range(n_cols):
            text = collapse_whitespace(table.cells[i][j].text)
            if text:
                filled[i][j] = True
                texts.setdefault(owner[i][j], []).append(text)
    return PageGrid(page, xs, ys, owner, {r: " ".join(t) for r, t in texts.items()}, filled)
