"""The page geometry every stage shares: boxes, overlaps and "the same printed line".

A leaf module (it imports nothing from the package), so `pdf/`, `tables/` and `plan/` can all
use it. Distances that depend on the print are in *em*: a share of the font size of the words
compared, so one rule holds for an 8-point table and a 12-point one. Stage-specific thresholds
stay beside the function that uses them, as named and documented constants
(`docs/architecture.md`, "Where the thresholds and words live", lists them); what is written
here is what more than one stage means by the same word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, origin at the page's top-left."""

SAME_LINE_EM = 0.45
"""Em: two words whose vertical middles differ by less than this share of the larger font
size sit on one printed line. Below half an em, so two lines of one cell (at least one em
apart, leading included) are never taken for one, while a superscript or a word of a smaller
font on the line still is."""

PHRASE_GAP_EM = 0.6
"""Em: words closer than this on a line are one phrase (word spaces are narrower in every
proportional font); wider gaps part columns. A page whose own word space is wider (a
monospaced font's space is 0.6 em itself) widens it: see `plan.page_tables._phrase_gap`."""


class Printed(Protocol):
    """Anything with a box on a page and a font size: a word, a line of words."""

    @property
    def page(self) -> int: ...

    @property
    def ymid(self) -> float: ...

    @property
    def size(self) -> float: ...


def same_line(a: Printed, b: Printed, share: float = SAME_LINE_EM) -> bool:
    """`a` and `b` are on one printed line of one page: their middles closer than `share` em
    of the larger font size (`max(a.size, b.size)` written out: this runs some 50 000 times a
    plan, and the call costs more than the comparison)."""
    return a.page == b.page and abs(a.ymid - b.ymid) < share * (
        b.size if b.size > a.size else a.size
    )


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Length shared by the intervals [a0, a1] and [b0, b1] (0 when they are apart)."""
    return max(0.0, min(a1, b1) - max(a0, b0))


def boxes_overlap(a: BBox, b: BBox) -> bool:
    """The two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- a merged cell's text against its rows, page breaks laid end to end ------------------------

Extent = tuple[float, float]
"""top, bottom on one page."""


def page_extents(spans: Iterable[tuple[int, float, float]]) -> dict[int, Extent]:
    """Per page, the highest top and the lowest bottom of `spans` (page, top, bottom)."""
    extents: dict[int, Extent] = {}
    for page, top, bottom in spans:
        a, b = extents.get(page, (top, bottom))
        extents[page] = (min(a, top), max(b, bottom))
    return extents


def flow_starts(extents: dict[int, Extent]) -> dict[int, float]:
    """Flow coordinates: per page, what to add to a y on it so that the pages' printed
    extents (`extents`: page → the highest top and lowest bottom of its value lines) lie
    end to end, each after the page before's. A merged cell a page break cuts is then one
    extent, and can be measured against its rows as if no break were there."""
    offset, start = 0.0, {}
    for page in sorted(extents):
        start[page] = offset - extents[page][0]
        offset += extents[page][1] - extents[page][0]
    return start


def to_cell_edges(extents: dict[int, Extent], edges: dict[int, list[float]]) -> dict[int, Extent]:
    """Each page's extent (`page_extents` of its value lines) widened to the row boundaries
    around it (`edges`: page → the ys its tables' rows are ruled at): from the nearest
    boundary at or above its top to the nearest at or below its bottom. Laid end to end
    (`flow_starts`), the pages then keep the padding a cell leaves between its text and its
    rules at a page break, as rows do between each other on one page; laid by their text
    alone, the break lost it, and a merged cell centred on rows across the break stood
    that much off their middle (Calc 3333 `00`: 33.7 pt, two doubts on exact rows). A page
    without a boundary on one side keeps its text's edge there."""
    widened = {}
    for page, (top, bottom) in extents.items():
        ys = edges.get(page, [])
        above = [y for y in ys if y <= top]
        below = [y for y in ys if y >= bottom]
        widened[page] = (max(above, default=top), min(below, default=bottom))
    return widened


@dataclass(frozen=True)
class MergedText:
    """Where a merged cell's text is printed, in flow coordinates (`flow_starts`), and on
    which pages: what tells, whatever the stage, which rows a merged cell covers."""

    top: float
    bottom: float
    pages: frozenset[int]

    def misfit(self, alignment: str, rows: list[dict[int, Extent]], clipped: bool) -> float | None:
        """How far the text stands, in points, from where `alignment` (`top`, `bottom`,
        `middle`) sets it against `rows` (each row's page → flow extent of its text): level
        with their top, their bottom, or as far from both; measured over every page the rows
        are printed on, or (`clipped`) over the text's pages only (ReportLab sets a merged
        cell cut by a page break against all its rows, LibreOffice in its first page's
        part). None when no row is printed on the measured pages."""
        extents = [
            extent
            for row in rows
            for page, extent in row.items()
            if not clipped or page in self.pages
        ]
        if not extents:
            return None
        above = self.top - min(top for top, _ in extents)
        below = max(bottom for _, bottom in extents) - self.bottom
        return {"top": abs(above), "bottom": abs(below)}.get(alignment, abs(above - below))

    def fit(self, alignment: str, rows: list[dict[int, Extent]]) -> float:
        """The best `misfit` of the text against `rows`, measured either way; a cell cut by
        a page break may also start level with its first row (Chromium sets a broken cell's
        text at its first part's top, whatever its alignment)."""
        pages = self.pages | {page for row in rows for page in row}
        settings = {alignment, "top"} if len(pages) > 1 else {alignment}
        misfits = [
            misfit
            for setting in settings
            for clipped in (False, True)
            if (misfit := self.misfit(setting, rows, clipped)) is not None
        ]
        return min(misfits, default=0.0)
