"""Geometry: pieces printed in another row or column than the one they were read into."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from plan_extract.models import Activity, Finding, Piece
from plan_extract.review.context import SPANNING_FIELDS, _finding

if TYPE_CHECKING:
    from plan_extract.review.context import ReviewContext


SPAN_ALIGN_TOLERANCE = 1.0
"""Line heights within which a merged cell's first (last) line sits level with its first
(last) row's text: the cell's text set against the rows' top (bottom)."""


SPAN_ALIGN_SHARE = 0.75
"""Share of a document's telling merged cells (of two rows or more, on one page: set against
one edge of their rows, their text short of the other, or in their middle) that must sit
against the same edge for that to be how the document sets them. On the random layouts of
seeds 50-58, bottom- and top-set documents score 0.86 or more, middle-set ones 0.44 or
less."""


SPAN_ALIGN_WHOLE_CELLS = 2
"""Telling merged cells no page break cuts that must agree for their setting to be the
document's (`review.parents._span_alignment`, `row_between_cells_findings`): a single cell
is no template. A row the stitching stage splits in two makes a one-row cell look like a
two-row one that tells (fault injection's `split_row` on the 2024 plan: the document's one
telling whole cell, a split row's, set in its middle against twelve cut cells at their top;
taken as the document's setting, `parent_block` doubted 12 exact rows), and a centred text
can end level with its rows' text by chance (held-out Calc 4545 `00`, read right: one
objective so, and `row_between_cells` doubted an exact row as bottom-set). Cells whose rows
run onto another page do not count (`SpanPlacement.cut`): Calc centres a merged cell's text
in the whole cell, and where a page break cuts it, the text can end level with the last row
of its page (held-out Calc 4820 `00`: three cut cells so, none whole, read as bottom-set)."""


CLIPPED_HEIGHT_SHARE = 0.8
"""A merged cell's line shorter than this share of its tallest line was clipped: LibreOffice
Calc prints the text of a merged cell a page break cuts on every page the cell covers,
clipped to the page's part of it (held-out Calc 4545 `00`: action 1's last line at a page's
foot, 5.2 pt of 10), so where that text stands says nothing of how the document sets its
merged cells."""


@dataclass
class SpanPlacement:
    """One merged cell as read, on one page: its text's extent and the rows given to it."""

    section: str
    name: str
    page: int
    top: float
    bottom: float
    line: float
    """The height of one of its lines."""
    rows: list[tuple[Activity, float, float]]
    """Each activity given the cell, with its row text's extent on the page, top to bottom."""
    whole: bool = True
    """The cell's text is all on this page, none of it clipped (`_clipped`): its alignment
    with its rows can be judged."""
    cut: bool = False
    """A page break cuts the cell: its text or the rows given to it are printed on another
    page too (`ParentBlock.cut`). Its rows here are not all its rows: a text level with the
    last of them may stand in the middle of the whole cell (Calc centres a merged cell's
    text in the cell, whichever page that puts it on)."""

    def gaps(self) -> tuple[float, float]:
        """In line heights: from the first row's text top to the cell's, and from the
        cell's text bottom to the last row's."""
        first, last = self.rows[0], self.rows[-1]
        return (self.top - first[1]) / self.line, (last[2] - self.bottom) / self.line


def row_between_cells_findings(context: ReviewContext) -> list[Finding]:
    """A row read under the merged cells above it that belongs to the cells below it. Where
    most merged cells sit against their last row's bottom (`SPAN_ALIGN_SHARE`: bottom-set
    spans), a row printed between two cells' texts, in both merged columns (strategic action
    and objective), below the texts of the cells it was given and above those of the next
    cells of its page, belongs to the next ones: a bottom-set cell's text ends with its last
    row, and an unruled table read top-down gives the first row of a bottom-set action to
    the action above. Against the top, the converse (a row above the texts of the cells it
    was given, below the previous ones'). Both columns must say so: a producer that sets a
    merged cell's text in its first row (LibreOffice) leaves rows below one cell's text, but
    not between two cells' texts in both columns (`row_between_cells`). A cell a page break
    cuts (`SpanPlacement.cut`) is not judged so: Chromium prints the rest of a bottom-set
    cell's text at the top of the next page, over rows that stay its own below it, and Calc
    centres a cut cell's text in the whole cell (held-out html and Calc 4963 `05`: 3.1.3,
    exact, under the end of objective 3.1's text at the top of page 4, doubted)."""
    spans = _span_placements(context)
    # A cell is set against one edge when its text reaches that edge of its rows and stops
    # short of the other (by more than `PARENT_FIT_LINES`: a text within that of both edges
    # fills its rows, and tells no setting), in their middle when it stops short of both
    # by as much; most of the cells that tell must be set against the same edge, and
    # `SPAN_ALIGN_WHOLE_CELLS` of those at least must be cells no page break cuts.
    telling = [span for span in spans if span.whole and len(span.rows) > 1]
    against_bottom = _document_setting(telling)
    if against_bottom is None:
        return []
    columns: dict[tuple[str, str, int], list[SpanPlacement]] = defaultdict(list)
    for span in spans:
        columns[(span.section, span.name, span.page)].append(span)
    between: dict[str | None, set[str]] = defaultdict(set)
    doubted: dict[str | None, tuple[Activity, SpanPlacement]] = {}
    under_a_rest: dict[str | None, set[str]] = defaultdict(set)
    fragment_after: dict[str | None, tuple[Activity, SpanPlacement]] = {}
    for column in columns.values():
        for above, below in pairwise(column):
            given = above if against_bottom else below
            if against_bottom and above.cut and above.rows:
                set_from_a_later_row = _set_at_a_later_row(below)
                for activity, top, _ in _above_its_text(below):
                    if top > above.bottom:
                        under_a_rest[activity.activity_id].add(below.name)
                        if set_from_a_later_row or not activity.activity_number:
                            fragment_after[activity.activity_id] = (activity, below)
            if given.cut:
                continue  # its text here need not be set against its rows here: see below
            for activity, top, bottom in given.rows:
                if above.rows and below.rows and top > above.bottom and bottom < below.top:
                    between[activity.activity_id].add(given.name)
                    doubted[activity.activity_id] = (activity, given)
    findings = [
        _finding(
            "row_between_cells",
            "warning",
            "this row lies under the rest of merged cells a page break cut, in both merged "
            "columns, and above the next cells' texts, with no number of its own or where "
            "one of those texts starts level with a later row: a cell the page break cuts is "
            "printed from its top, so its strategic action and objective may be the previous "
            "ones",
            span.section,
            activity,
            None,
            span.page,
        )
        for activity_id, (activity, span) in fragment_after.items()
        if under_a_rest[activity_id] == set(SPANNING_FIELDS)
    ]
    edge, other = ("bottom", "next") if against_bottom else ("top", "previous")
    # The doubt is the row's, not the cells' texts: no field named, so that it is not copied
    # to the other rows of those cells (`shared_cell_findings`).
    return findings + [
        _finding(
            "row_between_cells",
            "warning",
            f"this row lies between two merged cells' texts in both merged columns, and the "
            f"document sets merged cells against their rows' {edge}: its strategic action "
            f"and objective may be the {other} ones",
            span.section,
            activity,
            None,
            span.page,
        )
        for activity_id, names in between.items()
        if names == set(SPANNING_FIELDS)
        for activity, span in [doubted[activity_id]]
    ]


def _document_setting(telling: list[SpanPlacement]) -> bool | None:
    """Whether the document sets its merged cells against their rows' bottom (True) or top
    (False), from the cells that tell (`_settings`); None where it does not say. Most of the
    telling cells must agree (`SPAN_ALIGN_SHARE`), `SPAN_ALIGN_WHOLE_CELLS` of them cells no
    page break cuts; or else most of the uncut cells alone, as many: a cell the next page
    break cuts is printed from its top by Chromium and centred in the whole cell by Calc,
    so where many are cut they outvote the template (held-out html 4969 `09`: five cut
    cells at their rows' top, against eight uncut ones at the bottom and none at the top).
    `parents._span_alignment` tells the same from `ParentBlock`s, the uncut cells first; here
    all the cells come first, as this check read them before the uncut ones were asked."""
    uncut = [span for span in telling if not span.cut]
    decided = _agreed_setting(telling, uncut)
    return decided if decided is not None else _agreed_setting(uncut, uncut)


def _agreed_setting(cells: list[SpanPlacement], uncut: list[SpanPlacement]) -> bool | None:
    """Against the bottom (True) or the top (False) where most of `cells` agree and as many
    of `uncut` as `SPAN_ALIGN_WHOLE_CELLS` say so too; None otherwise."""
    tops, bottoms, middles = _settings(cells)
    uncut_tops, uncut_bottoms, _ = _settings(uncut)
    against_bottom = bottoms > tops
    if (
        max(tops, bottoms) < SPAN_ALIGN_SHARE * (tops + bottoms + middles)
        or tops == bottoms
        or (uncut_bottoms if against_bottom else uncut_tops) < SPAN_ALIGN_WHOLE_CELLS
    ):
        return None
    return against_bottom


def _above_its_text(span: SpanPlacement) -> list[tuple[Activity, float, float]]:
    """The rows given to `span` on its page that end above its text."""
    return [row for row in span.rows if row[2] < span.top]


def _set_at_a_later_row(span: SpanPlacement) -> bool:
    """`span`'s text starts level with the top of a row given to it after the first
    (`SPAN_ALIGN_TOLERANCE`) and stops short of its last row's bottom (by more than
    `PARENT_FIT_LINES`): set at the top of that row, not at the bottom of the cell as the
    document sets its merged cells. Chromium prints a bottom-set cell that a page break cuts
    from the top of its rows, so rows given to it above that text are no rows of it
    (held-out html 4969 `06`: 2.1's last activity, under the rest of action 2 and objective
    2.1 at the top of page 9, read into action 3, whose text starts level with 3.1's row
    and whose cell runs on to page 10; silent)."""
    later = [row for row in span.rows if row[2] >= span.top]
    if len(later) == len(span.rows) or not later:
        return False
    tolerance = SPAN_ALIGN_TOLERANCE * span.line
    return (
        abs(later[0][1] - span.top) <= tolerance
        and later[-1][2] - span.bottom > PARENT_FIT_LINES * span.line
    )


def _settings(spans: list[SpanPlacement]) -> tuple[int, int, int]:
    """How many of `spans` are set against their rows' top, their bottom, and in their
    middle (`row_between_cells_findings`)."""
    gaps = [span.gaps() for span in spans]
    tolerance, short = SPAN_ALIGN_TOLERANCE, PARENT_FIT_LINES
    tops = sum(top <= tolerance and bottom > short for top, bottom in gaps)
    bottoms = sum(bottom <= tolerance and top > short for top, bottom in gaps)
    middles = sum(min(g) > tolerance and abs(g[0] - g[1]) <= tolerance for g in gaps)
    return tops, bottoms, middles


def _span_placements(context: ReviewContext) -> list[SpanPlacement]:
    """Every merged cell as read, per page where its text is printed: consecutive activities
    carrying the same printed lines; its rows are those of its activities on that page."""
    spans: list[SpanPlacement] = []
    for section in context.plan.sections:
        rows = [context.row_extents(activity) for activity in section.activities]
        for name in SPANNING_FIELDS:
            current: dict[int, SpanPlacement] = {}
            key = None
            for activity, extents in zip(section.activities, rows, strict=True):
                pieces = activity.provenance.get(name, [])
                lines = tuple((p.page, tuple(p.bbox)) for p in pieces)
                if not lines:
                    current, key = {}, None
                    continue
                if lines != key:
                    current, key = {}, lines
                    pages = {p.page for p in pieces}
                    for page in sorted(pages):
                        on_page = [p for p in pieces if p.page == page]
                        current[page] = SpanPlacement(
                            section.name,
                            name,
                            page,
                            min(p.bbox[1] for p in on_page),
                            max(p.bbox[3] for p in on_page),
                            min(p.bbox[3] - p.bbox[1] for p in on_page) or 1.0,
                            [],
                            whole=len(pages) == 1 and not _clipped(on_page),
                            cut=len(pages) > 1,
                        )
                        spans.append(current[page])
                for page, (top, bottom) in extents.items():
                    if page in current:
                        current[page].rows.append((activity, top, bottom))
                    else:
                        for span in current.values():
                            span.cut = True
    return spans


def _clipped(lines: list[Piece]) -> bool:
    """A line of a merged cell's text on a page is clipped (`CLIPPED_HEIGHT_SHARE`): a page
    break cut the cell there."""
    heights = [p.bbox[3] - p.bbox[1] for p in lines]
    return min(heights) < CLIPPED_HEIGHT_SHARE * max(heights)


# --- a row's parent, from where its merged cells' texts are printed ----------------------------


PARENT_FIT_LINES = 2.0
"""Line heights within which a merged cell's text sits where its document sets merged cells
against the rows given to it (level with their top, their bottom, or as far from both):
cell padding, a row gap and a last row stretched by a taller single-row cell part a text
from its rows' edge by up to a line and a half on the kept outputs."""


PARENT_MISFIT_LINES = 4.0
"""Line heights beyond which a merged cell's text standing away from where its document's
alignment puts it against its rows is a row given to the wrong cell, not the spread of
padding and stretched rows: a row holds a line or more, and the rows misread at a parent's
edge hold several."""


ALIGNMENTS = ("top", "bottom", "middle")
