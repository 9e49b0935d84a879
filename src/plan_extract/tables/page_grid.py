"""The page grid every table engine produces: one table as printed on one page.

Engines differ in how they find rules and text; they agree on this shape, so stitching across
pages, clean-up and output are written once. A grid is a lattice of elementary cells (between
consecutive column and row boundaries); each elementary cell belongs to one region, and a region
(a rectangle of elementary cells) is one printed cell: merged cells are regions of several.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_extract.geometry import BBox
from plan_extract.pdf.reader import Word


@dataclass
class PageGrid:
    page: int
    xs: list[float]
    """Column boundaries, left to right (one more than the columns)."""
    ys: list[float]
    """Row boundaries, top to bottom (one more than the rows)."""
    owner: list[list[int]]
    """Region of each elementary cell, owner[row][column]."""
    texts: dict[int, str]
    """Text of each region, lines joined."""
    filled: list[list[bool]]
    """Whether printed text sits in the elementary cell: rows and columns without any are
    spacing (double rules, padding strips), not data."""
    words: dict[int, list[Word]] = field(default_factory=dict)
    """Words of each region, for engines that place words themselves."""
    drawn_rows: list[list[bool]] | None = None
    """Whether a rule draws each row boundary over each column, drawn_rows[i][j] for ys[i]
    (engines that know which boundaries are drawn and which the text decided)."""
    drawn_columns: list[list[bool]] | None = None
    """Whether a rule (or a change of shading) draws each column boundary in each row,
    drawn_columns[i][j] for xs[j] in row i."""

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def drawn_edges(self) -> list[Edge]:
        """The grid's boundaries that something on the page draws, as segments: the ruling
        the eye sees, without the text-decided cuts."""
        if self.drawn_rows is None or self.drawn_columns is None:
            return []
        edges: list[Edge] = []
        for y, drawn in zip(self.ys, self.drawn_rows, strict=True):
            edges.extend(Edge(self.xs[a], y, self.xs[b], y) for a, b in _runs(drawn))
        for j, x in enumerate(self.xs):
            drawn = [row[j] for row in self.drawn_columns]
            edges.extend(Edge(x, self.ys[a], x, self.ys[b]) for a, b in _runs(drawn))
        return edges

    def region_bbox(self, region: int) -> BBox:
        rows = [i for i, row in enumerate(self.owner) if region in row]
        cols = [j for j in range(self.n_cols) if any(row[j] == region for row in self.owner)]
        return (self.xs[cols[0]], self.ys[rows[0]], self.xs[cols[-1] + 1], self.ys[rows[-1] + 1])


@dataclass(frozen=True)
class Edge:
    """A drawn straight segment: a stretch of a horizontal or a vertical rule."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Each run of True as (first, after last): the boundaries from index first to after last."""
    runs, start = [], None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


def rectangular_regions(n_rows: int, n_cols: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Owner matrix from pairs of joined elementary cells (numbered row * n_cols + col), grown
    until every region is a rectangle: a merged cell is always a rectangle of the lattice."""
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> bool:
        ra, rb = find(a), find(b)
        if ra == rb:
            return False
        parent[max(ra, rb)] = min(ra, rb)
        return True

    for a, b in pairs:
        union(a, b)
    changed = True
    while changed:
        changed = False
        extents: dict[int, list[int]] = {}
        for i in range(n_rows):
            for j in range(n_cols):
                box = extents.setdefault(find(i * n_cols + j), [i, j, i, j])
                box[0], box[1] = min(box[0], i), min(box[1], j)
                box[2], box[3] = max(box[2], i), max(box[3], j)
        for root, (i0, j0, i1, j1) in extents.items():
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    changed |= union(root, i * n_cols + j)
    return [[find(i * n_cols + j) for j in range(n_cols)] for i in range(n_rows)]
