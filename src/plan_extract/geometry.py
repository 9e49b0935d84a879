"""The page geometry every stage shares: boxes, overlaps and "the same printed line".

A leaf module (it imports nothing from the package), so `pdf/`, `tables/` and `plan/` can all
use it. Distances that depend on the print are in *em*: a share of the font size of the words
compared, so one rule holds for an 8-point table and a 12-point one. Stage-specific thresholds
stay beside the function that uses them, as named and documented constants
(`docs/architecture.md`, "Where the thresholds and words live", lists them); what is written
here is what more than one stage means by the same word.
"""

from __future__ import annotations

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
