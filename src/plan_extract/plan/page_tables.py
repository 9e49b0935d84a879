"""Stage 2 — read each page's plan table: header block, columns, body rows, spanning cells.

Rules are not looked at here: the generic table engine (`tables.finder`) has already found the
page's ruled tables, and this stage reads only their drawn boundaries
(`tables.page_grid.PageGrid.drawn_edges`), so both the plan and `plan-extract tables` see the
same tables. What this stage adds is the plan's meaning and what no rule shows. Columns come
from the header labels (named through the vocabulary) and are bounded by the grid's vertical
rules when there are any, else by the whitespace river between the columns' body text. Rows
come from the grid's horizontal rules shared by the row-level columns, else from vertical gaps
in the text. A page without its own header continues the previous page's column model.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from plan_extract.geometry import PHRASE_GAP_EM, overlap
from plan_extract.pdf import language
from plan_extract.pdf.reader import PageContent, Word
from plan_extract.pdf.text import (
    SPACE_SLACK,
    WordsByHeight,
    bare_number,
    group_lines,
    grow_connected,
    header_strangers,
    line_text,
    number_depth,
    phrase_runs,
    split_item_number,
    starts_with_item_number,
    words_text,
)
from plan_extract.plan.vocabulary import Vocabulary, fold
from plan_extract.tables import page_grid as table_grid
from plan_extract.tables.page_grid import Edge

SPACE_SLACK_SHARE = 0.05
"""Share of the word space it may exceed the spaces beside it by, where that is more."""
SPACE_SLACK_EM = 0.05
"""Em a word space may exceed the spaces beside it by, where that is more: a browser kerns
the spaces of a bold capitalised title unevenly (html 2323 `10`: 1.57 to 1.94 pt at 8.5 pt,
the section's title under a table read as a row of it). A gutter between monospaced cells a
little more than a space apart is wider than a space by 0.1 em or more."""
NARROWER_SPACE_SHARE = 0.25
"""Share of the spaces beside it a word space may fall short of: spaces on one line are
alike (a justified line stretches them all by the same amount), so a gap much narrower than
its neighbours is no space but a gutter between two justified cells."""

LINE_LEADING_SHARE = 0.45
"""Em: a blank between two lines wider than this is more than the leading inside a cell."""
ALIGNED_LINE_SHARE = 0.3
"""Em: lines of different columns whose tops differ by less than this are one printed line."""
OPEN_BOTTOM_RULES = 2
"""Column rules that must run on below a table's last horizontal rule for the band they
enclose to be a row whose bottom border is not drawn (both sides of a cell at least)."""
OPEN_ROW_GAP = 1.5
"""Em: without column rules, text under a table's last rule continues its last row (a row
cut by a page break, its bottom border not drawn) only when it starts within this distance
of the rule, as a cell's first line sits under its top border (padding and leading); a
stamp or a title under a table stands further away."""

# --- thresholds ------------------------------------------------------------------------------
# Em values are shares of the font size of the words compared; point values are slacks for
# positions of one drawing that the producer rounds differently (glyph boxes, rule widths).

POINT_SLACK = 1.0
"""Points: a word or rule this close to a bound is on it (rounding of positions)."""
OPEN_TOP_SLACK = 0.5
"""Points above the first word of a row that opens a page above its first rule: where that
row's band starts (just clear of its text)."""
POSITION_SLACK = 2.0
"""Points: two rules, two header words or a rule and a bound this close are at one place
(a rule's width and a cell's padding differ between producers by about this much)."""
RIVER_STEP = 0.5
"""Points between two x sampled when searching a whitespace river between columns."""
DEFAULT_SPACE = 3.0
"""Points: the word space assumed on a page with no two words side by side to measure."""

HEADER_ROW_EM = 1.2
"""Em: labels whose middles differ by less than this are one header row (labels of one,
two and three lines, vertically centred, still line up within it)."""
HEADER_ROW_LABELS = 3
"""A header row shows the labels of at least this many columns side by side (the spellings
of one label name one, `Vocabulary.labels_named`)."""
HEADER_BLOCK_LABELS = 2
"""A header block names at least this many distinct fields."""
HEADER_LIKE_LABELS = 4
"""A block naming this many first words of labels is a header even when no column model
can be built from it: the layout error is raised instead of reading it as body text."""
HEADER_REACH_EM = 2.0
"""Em: a header's label lines and the labels it gathers lie within this of its anchors."""
HEADER_RULE_EM = 4.0
"""Em: the rules that close a header block above and below, and the words that belong to it
at its sides, lie within this of its labels."""
HEADER_PAD_EM = 0.3
"""Em: padding of a header band drawn by no rule, above and below its labels."""
HEADER_MARGIN_EM = 0.2
"""Em: margin kept between an unruled header block and the text above or below it."""
SPANNING_RULE_SHARE = 0.5
"""Share of a table's (or header's) width a horizontal rule covers to be one of its rules."""
ROW_RULE_SHARE = 0.6
"""Share of a column's width a horizontal rule covers to bound that column's rows."""
LABEL_LINE_EM = 0.4
"""Em: words whose middles differ by less than this share a label's line."""
LABEL_LINE_SHARE = 0.3
"""Share of a line's words that must be label words, in phrases of label words only
(`_on_label_line`), for a label phrase on it to join a header: a header line holds labels
(and labels the vocabulary does not know, or the pieces of labels a narrow column cuts
inside a word: 'colabor' / 'adoras'); a body line holds text, where a stretched justified
space can leave a lone label word ('metas') as a phrase of its own, and label words by
chance ('de', 'y') stand in phrases of other words ('Número de')."""
PARAGRAPH_OVERLAP_EM = 0.3
"""Em: the next line of a paragraph may start this far above the bottom of the line before."""
PARAGRAPH_LEADING_EM = 0.5
"""Em: ... and at most this far below it (leading); a rule in that gap ends the paragraph."""
CLIPPED_LABEL_ROOM_EM = 1.0
"""Em: a rule closer than this under a header line leaves no room for the next line of its
cells: a label word's start on that line had its rest clipped (`_clipped_label`)."""
PARAGRAPH_BREAK_EM = 0.8
"""Em: a gap between two lines wider than this ends a block of lines (a header's labels, an
unruled spanning cell's paragraph)."""
CUT_LABEL_PIECES = 4
"""Most lines a narrow header cell cuts one label word over ('Respo' / 'nsable' / 's')."""
PHRASE_GAP_SPACES = 1.4
"""Word spaces: the widest gap between two words of one phrase where spaces are wide."""
RULED_LABEL_VERTICALS = 3
"""With this many vertical rules through a header, its labels are read cell by cell."""
EDGE_DOMINANCE = 2
"""A flush-left column edge is where at least this many times more lines start than at the
next most common x."""
EDGE_CLEAR_LINES = 3
"""... and, when any other x competes, at least this many lines start there."""
JUSTIFIED_EDGE_LINES = 3
"""Lines of one column that must end (or start) at one x for that x to be the column's
justified right edge (or its left edge): the gutter test of `_crosses_columns`."""
CELLS_SIDE_BY_SIDE = 3
"""Columns whose pieces of one line each start at their column's text edge for the line to
be a row's cells side by side, not prose crossing the columns (`_cells_side_by_side`): a
title may land one word on a text edge, two pieces read so only in merged columns."""
STRETCHED_SPACE_EM = 3.0
"""Em: the widest gap one word space makes in prose running across the columns. A monospaced
space is 0.6 em, and a justified line as wide as the table shares its slack among many
spaces (a loose one stretches them to about 2 em); a wider gap is the stretch of a justified
line with few words in a narrow cell (the whole slack in one or two spaces: 3.6 em in a
browser's cell of Liberation Sans Narrow 8), so a gap across a bound that matches it is no
evidence of prose."""
TABLE_END_GAP_EM = 3.0
"""Em: a blank this tall under an unruled table's text ends the table."""
ROW_START_EM = 1.5
"""Em: columns whose text starts within this of a blank's end start a row together."""
ROW_START_COLUMNS = 2
"""A new unruled row starts where at least this many columns start (or resume) at once."""


class LayoutError(Exception):
    """The page has something like a plan header that does not name the needed columns."""


@dataclass(frozen=True)
class Column:
    field: str
    """Canonical field name; empty for a column whose label the vocabulary does not know."""
    label: str
    x0: float
    x1: float
    spanning: bool
    """Hierarchy column (strategic action, objective) whose cells span many rows."""
    ruled: bool = False
    """Both its bounds are drawn vertical rules: its cells' edges are printed, and a full
    line's room before the right one can be measured (`SectionTable.drawn_edge`)."""


@dataclass(frozen=True)
class ColumnModel:
    columns: tuple[Column, ...]
    group_labels: tuple[str, ...] = ()
    header: tuple[Word, ...] = field(default=(), compare=False)
    """The header words the columns were read from: a later header printed alike (the same
    words at the same places, `_printed_alike`) is the same template, with the same bounds."""

    @property
    def x0(self) -> float:
        return self.columns[0].x0

    @property
    def x1(self) -> float:
        return self.columns[-1].x1

    def index_of(self, x: float) -> int | None:
        for i, column in enumerate(self.columns):
            if column.x0 <= x < column.x1:
                return i
        return None

    def field_index(self, name: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.field == name), None)


@dataclass
class Row:
    """One band of the row-level columns on one page."""

    top: float
    bottom: float
    cells: dict[int, list[Word]] = field(default_factory=dict)


@dataclass
class SpanningCell:
    """A cell of a spanning column on one page: ruled, or a block of text when unruled."""

    column: int
    top: float
    bottom: float
    words: list[Word]
    ruled: bool


@dataclass
class PageTable:
    page: int
    model: ColumnModel
    header_words: list[Word]
    header_top: float
    top: float
    bottom: float
    rows: list[Row]
    spanning: dict[int, list[SpanningCell]]
    preamble: list[Word]
    """Words above this table's header (title rows, section heading, general objective)."""
    outside: list[Word]
    """Words inside the table's band but outside every column: reported as unassigned."""
    text_extents: dict[int, tuple[float, float]] = field(default_factory=dict)
    """Per column, the leftmost and rightmost x its words reach."""
    preamble_cells: list[Word] = field(default_factory=list)
    """The preamble's words on lines that read as no prose running across the columns
    (`_crosses_columns`): cells side by side, or a cell's text alone in its column. Table
    text that no row took (rows cut off above the header), unless the section's heading
    reads them (`sections.build_sections`)."""
    number_depth: int = 0
    """Levels of the deepest item number its number column prints ('2.3.1' → 3), 0 where it
    prints none: carried to the next page (`read_plan_page`), whose narrow number column
    may wrap every number with no parent number printed beside it to tell how deep they go."""

    @property
    def left_edges(self) -> dict[int, float]:
        """Per column, the x where its text starts: a left-aligned or justified cell's lines
        all start there."""
        return {column: x0 for column, (x0, _) in self.text_extents.items()}


@dataclass(frozen=True)
class HeaderBlock:
    """A header block found on a page: its label words and the band they fill."""

    words: list[Word]
    top: float
    bottom: float


@dataclass(frozen=True)
class ModelledHeader:
    """A header block and the column model read from it (and from the body under it)."""

    block: HeaderBlock
    model: ColumnModel


@dataclass(frozen=True)
class HeaderReading:
    """A page's header blocks with their column models, and a header block cut by the page
    break at its foot (its rest is on the next page)."""

    headers: list[ModelledHeader]
    fragment: HeaderFragment | None
    rest_read: bool = False
    """The page read the rest of the previous page's cut header (`pending`)."""


@dataclass(frozen=True)
class HeaderFragment:
    """The part of a header block printed at the foot of a page, its rest on the next page."""

    words: tuple[Word, ...]
    verticals: tuple[float, ...]


@dataclass(frozen=True)
class CutLabels:
    """A page's words with each label word that a narrow header cell cut inside the word
    (no hyphen) read as one word: its pieces' letters joined, over all their lines, under
    its first piece's identity (`seq`); `pieces` holds the printed pieces of each."""

    words: list[Word]
    pieces: dict[int, list[Word]]

    def printed(self, words: list[Word]) -> list[Word]:
        """`words` (of `self.words`) with each joined label word as its printed pieces."""
        return [piece for word in words for piece in self.pieces.get(word.seq, [word])]

    def first_ymid(self, word: Word) -> float:
        """Where a word stands in its header row: a joined label word at its first piece's
        middle, since its cell's later lines run down below the row's other labels (fpdf
        held-out 2424 `10`: `colaborador` / `as`, joined, stood lower than the row's reach,
        the header ended a line under its first, and its lower lines were read as rows)."""
        pieces = self.pieces.get(word.seq)
        return pieces[0].ymid if pieces else word.ymid


@dataclass
class PlanPage:
    tables: list[PageTable]
    pending_header: HeaderFragment | None = None
    stray: list[Word] = field(default_factory=list)
    """Words on a table page that are neither furniture, table, nor title rows: reported."""
    unheaded: HeaderFragment | None = None
    """The previous page's cut header when this page opens with a header of its own, not
    with its rest nor with rows under it: that header heads no row (`_heads_nothing`)."""


def read_plan_page(
    page: PageContent,
    lattices: list[table_grid.PageGrid],
    vocabulary: Vocabulary,
    previous: ColumnModel | None,
    furniture: set[int],
    pending: HeaderFragment | None = None,
    left_edges: dict[int, float] | None = None,
    number_depth: int = 0,
) -> PlanPage:
    """Tables on one page. `lattices` are the page's ruled tables as the generic table engine
    finds them: their drawn boundaries are the only rules read here. `furniture` holds ids of
    words already known as page furniture; `pending` is a header block cut by the previous
    page break; `left_edges` are, per column, where the previous table's text starts
    (`PageTable.left_edges`), and `number_depth` how deep its item numbers go
    (`PageTable.number_depth`)."""
    words = [w for w in page.words if w.seq not in furniture]
    edges = [edge for lattice in lattices for edge in lattice.drawn_edges()]
    space = _space_width(words)
    size = _body_size(words)
    reading = _resolve_headers(page, edges, words, vocabulary, previous, pending)
    headers, fragment = reading.headers, reading.fragment
    tables: list[PageTable] = []
    used: set[int] = set(w.seq for w in fragment.words) if fragment else set()
    if not headers and previous is not None:
        # A header cut at the page's foot (its rest on the next page) heads no row here.
        body = [w for w in words if w.seq not in used]
        band = _continuation_band(
            body, edges, previous, space, left_edges=left_edges, body_size=size
        )
        if band is not None:
            top, bottom = band
            tables.append(
                _build_table(page.number, edges, body, previous, [], top, top, bottom, number_depth)
            )
    for i, header in enumerate(headers):
        block, model = header.block, header.model
        limit = (
            headers[i + 1].block.top
            if i + 1 < len(headers)
            else (min(w.top for w in fragment.words) if fragment else page.height)
        )
        bottom = _table_bottom(words, edges, model, block.bottom, limit, space, block.top)
        tables.append(
            _build_table(
                page.number,
                edges,
                words,
                model,
                block.words,
                block.top,
                block.bottom,
                bottom,
                number_depth,
            )
        )
    if headers and previous is not None:
        # Rows above the first header on a page continue the previous page's table. Where
        # that header names the same fields, its columns (read from this page's body, with
        # more text than a page's last rows) are the better measure of the same template.
        first_top = headers[0].block.top
        above = [w for w in words if w.bottom <= first_top]
        edges_above = [e for e in edges if e.y < first_top]
        first_model = headers[0].model
        same = [c.field for c in first_model.columns] == [c.field for c in previous.columns]
        model = first_model if same else previous
        band = _continuation_band(
            above,
            edges_above,
            model,
            space,
            above_header=True,
            left_edges=left_edges,
            body_size=size,
        )
        if band is not None:
            tables.insert(
                0,
                _build_table(
                    page.number, edges, above, model, [], band[0], band[0], band[1], number_depth
                ),
            )
    tables = [t for t in tables if t.header_words or t.rows or any(t.spanning.values())]
    for table in tables:
        used.update(w.seq for w in table.header_words)
        used.update(w.seq for row in table.rows for ws in row.cells.values() for w in ws)
        used.update(w.seq for cells in table.spanning.values() for c in cells for w in c.words)
        used.update(w.seq for w in table.outside)
    preamble_claimed: set[int] = set()
    for table in tables:
        if table.header_words:
            above = [
                w
                for w in words
                if w.seq not in used
                and w.seq not in preamble_claimed
                and w.bottom <= table.header_top + 1
            ]
            table.preamble = above
            table.preamble_cells = _table_text_lines(above, table.model, space, edges)
            preamble_claimed.update(w.seq for w in above)
    stray = (
        [w for w in words if w.seq not in used and w.seq not in preamble_claimed] if tables else []
    )
    unheaded = pending if _heads_nothing(pending, reading, tables) else None
    return PlanPage(tables, fragment, stray, unheaded)


def _heads_nothing(
    pending: HeaderFragment | None, reading: HeaderReading, tables: list[PageTable]
) -> bool:
    """The cut header carried from the page before heads no row: this page's rest of it was
    not found, and its first table opens with a header of its own (no rows above it that
    the cut header could head). A plan table never has no row: a producer lost its rows
    (LibreOffice drops rows of merged cells it cannot split over a page: docx held-out 2121
    `06`, objective 3.1 gone from the PDF, the numbering gapped anyway), or printed a header
    alone at a page's foot and repeated it whole on the next."""
    return (
        pending is not None
        and not reading.rest_read
        and bool(tables)
        and bool(tables[0].header_words)
    )


def _table_text_lines(
    words: list[Word], model: ColumnModel, space: float, edges: Sequence[Edge]
) -> list[Word]:
    """The words of `words`' lines (inside the model's span) that are no prose running
    across the columns: a title row or a paragraph reads as one phrase across the column
    bounds; cells side by side, or text alone in one column, are table text."""
    inside = [w for w in words if model.x0 <= w.xmid <= model.x1]
    cells = _cell_edges(inside, model)
    return [
        w
        for line in group_lines(inside)
        if not _crosses_columns(line, model, space, edges, cells)
        for w in line
    ]


def below_last_table(grid: PlanPage) -> list[Word]:
    """The page's stray words under its last table: a section title whose table the word
    processor moved to the next page."""
    if not grid.tables:
        return []
    bottom = grid.tables[-1].bottom
    return [w for w in grid.stray if w.top >= bottom - 1]


def _resolve_headers(
    page: PageContent,
    edges: list[Edge],
    words: list[Word],
    vocabulary: Vocabulary,
    previous: ColumnModel | None,
    pending: HeaderFragment | None,
) -> HeaderReading:
    """Header blocks with their column models; a block that names too few columns is the
    rest of `pending` (at the top of the page), a fragment cut by the page break (nothing
    below it), or not a header at all. `previous` is the model of the table before."""
    headers: list[ModelledHeader] = []
    fragment = None
    scan = _label_scan(words, edges, vocabulary)
    found = _headers_in(scan, edges, vocabulary)
    rest_read = False
    if pending is not None:
        with_rest = _header_rest(words, edges, vocabulary, scan, found, pending)
        rest_read, found = with_rest is not found, with_rest
    limits = [h.top for h in found[1:]] + [page.height]
    for k, block in enumerate(found):
        before = headers[-1].model if headers else previous
        block = _cell_lines_past_band(block, words, before)
        header_words, top, bottom = block.words, block.top, block.bottom
        verticals = _verticals(edges, top, bottom)
        # The columns are read from this table's own body, and from the bodies of the tables
        # under a header printed alike on this page; another header may head other widths.
        own = [w for w in words if w.top < limits[k]]
        alike = [
            w
            for j, other in enumerate(found)
            if j != k and _printed_alike(header_words, other.words)
            for w in words
            if other.bottom < w.top < limits[j]
        ]
        try:
            model = _column_model(
                header_words, own, edges, bottom, vocabulary, verticals, before, alike
            )
            headers.append(ModelledHeader(block, model))
            continue
        except LayoutError:
            if k == 0 and pending is not None:
                merged = [*pending.words, *header_words]
                try:
                    model = _column_model(
                        merged,
                        own,
                        edges,
                        bottom,
                        vocabulary,
                        sorted({*verticals, *pending.verticals}),
                        before,
                    )
                except LayoutError:
                    pass
                else:
                    headers.append(ModelledHeader(block, model))
                    rest_read = True
                    continue
            cells = _label_cells_below(header_words, words, vocabulary.header_words)
            in_cells = {w.seq for w in cells}
            below = [w for w in words if w.top > bottom + 1 and w.seq not in in_cells]
            if not below:
                fragment = HeaderFragment(tuple(header_words + cells), tuple(verticals))
                continue
            if (
                len({fold(w.text) for w in header_words} & vocabulary.first_words())
                >= HEADER_LIKE_LABELS
            ):
                raise
    if fragment is None:
        fragment = _header_start_at_foot(words, edges, vocabulary, scan, found)
    if fragment is None:
        fragment = _header_repeated_at_foot(words, edges, found)
    return HeaderReading(headers, fragment, rest_read)


def _label_cells_below(
    header_words: list[Word], words: list[Word], allowed: frozenset[str]
) -> list[Word]:
    """The words under a header block that go on its label cells, line by line: each right
    under a word of the block or of these (`_stacked`), and a label word, a label word's
    rest (`_label_rest`), or the rest of a word its narrow cell cut with no hyphen, within
    the width of the piece above it ('Institucione' / 's': the vocabulary knows that label
    by 'colaboradoras' only, so the rest is no label word's). A header cut by the page
    break at a page's foot shows its labels' first lines as a header row and their next
    lines under it (Word/HTML 1183 html `09`: 'estratégica', 'específicos', 's' under the
    row, 'Indicador' and 'Metas' on the next page): they are the cut header's, not a body
    under a header that names too few columns."""
    ids = {w.seq for w in header_words}

    def goes_on(word: Word, upper: Word) -> bool:
        return _stacked(upper, word) and (
            fold(word.text) in allowed
            or fold(upper.text + word.text) in allowed
            or (upper.x0 <= word.x0 and word.x1 <= upper.x1)
        )

    grown = grow_connected(header_words, [w for w in words if w.seq not in ids], goes_on)
    return [w for w in grown if w.seq not in ids]


def _cell_lines_past_band(
    block: HeaderBlock, words: list[Word], before: ColumnModel | None
) -> HeaderBlock:
    """`block` without the words just under its band's bottom (in the `POINT_SLACK` the band
    takes in for rounding) that are a cell's line: the header of the table before (`before`,
    the same table's on the page before) never prints them (`header_strangers`), and the
    line they stand on goes on below in their column within one cell's leading
    (`at_leading`), as a cell's next line does. A merged cell overflowing at a page's top
    prints its first line across the header's bottom rule (weasy 3401 `06`: "mediante las",
    middle 0.4 pt under the rule, three objectives lost them). A label's cut rest in that
    slack ("ras" of "colaboradoras", html 2929 `11`) is printed by the header before, and
    stands a cell's padding above the first row; with no header before, the block stays."""
    if before is None:
        return block
    past = [w for w in block.words if w.ymid > block.bottom]
    strangers = {w.seq for w in header_strangers(past, [[w.text for w in before.header]])}
    dropped: set[int] = set()
    for line in group_lines(w for w in past if w.seq in strangers):
        reach = max(w.bottom for w in line)
        under = [
            w
            for w in words
            if w.top > reach and any(overlap(w.x0, w.x1, c.x0, c.x1) > 0 for c in line)
        ]
        top = min((w.top for w in under), default=None)
        if top is not None and at_leading(top, reach, max(w.size for w in line)):
            dropped.update(w.seq for w in line)
    if not dropped:
        return block
    return replace(block, words=[w for w in block.words if w.seq not in dropped])


def _header_start_at_foot(
    words: list[Word],
    edges: list[Edge],
    vocabulary: Vocabulary,
    scan: LabelScan,
    found: list[HeaderBlock],
) -> HeaderFragment | None:
    """The start of a header cut by the page break, too few labels side by side for a
    header row (`HEADER_ROW_LABELS`): the labels of the page's last lines, nothing below
    them nor beside them but label words (a group label). WeasyPrint splits a header row at
    a page's foot as it splits a body row: the cells whose text fits stay (a label centred
    low in its cell, a group label), the others move to the next page, which opens with the
    rest under the repeated rows (weasy 2828 `11`: 'Objetivo', 'Actividad', 'Evaluación' at
    the foot, the next page's six labels naming no activity: the document failed with a
    layout error). The rest is merged with it where the next page's columns are modelled
    (`_resolve_headers`)."""
    blocks = _headers_in(scan, edges, vocabulary, row_labels=1)
    last = blocks[-1] if blocks else None
    if last is None or any(abs(b.top - last.top) <= POINT_SLACK for b in found):
        return None
    ids = {w.seq for w in last.words}
    beside = [w for w in words if w.seq not in ids and w.bottom > last.top + POINT_SLACK]
    allowed = vocabulary.header_words
    if not all(fold(w.text) in allowed and w.ymid < last.bottom for w in beside):
        return None
    labels = sorted([*last.words, *beside], key=lambda w: (w.top, w.x0))
    return HeaderFragment(tuple(labels), tuple(_verticals(edges, last.top, last.bottom)))


def _header_repeated_at_foot(
    words: list[Word], edges: list[Edge], found: list[HeaderBlock]
) -> HeaderFragment | None:
    """The first lines of a header printed higher on the page, printed again at its foot and
    cut there by the page break: the page's last words are labels of that header, each at its
    label's x, all shifted down by one distance (the same block, lower), and they name at
    least `HEADER_BLOCK_LABELS` labels. A table that opens at a page's foot shows only the top
    lines of its taller label cells ('Objetivos', 'Instituciones', the group label
    'Evaluación'), which no header row is found in (too few first words of labels, and a
    label the vocabulary does not know: docx held-out 2929 `07`, the table of objective 2.3
    lost by LibreOffice under them, its header's start read as a row and joined to the next
    page's first activity). Carried as a cut header, it heads the next page's rows or, where
    that page opens with a header of its own, is reported as heading none."""
    labels = [w for block in found for w in block.words]
    if not labels:
        return None
    last = max(block.bottom for block in found)
    tail: list[Word] = []
    shifts: list[float] = []
    for word in sorted((w for w in words if w.top > last), key=lambda w: -w.top):
        shift = _repeated_label_shift(word, labels, shifts[0] if shifts else None)
        if shift is None:
            break
        tail.append(word)
        shifts.append(shift)
    if not tail or len({fold(w.text) for w in tail}) < HEADER_BLOCK_LABELS:
        return None
    top = min(w.top for w in tail)
    if any(w.bottom > top and w not in tail for w in words):
        return None  # other text beside them: a row's last line, not a header's first
    labels_in_order = sorted(tail, key=lambda w: (w.top, w.x0))
    bottom = max(w.bottom for w in tail)
    return HeaderFragment(tuple(labels_in_order), tuple(_verticals(edges, top, bottom)))


def _repeated_label_shift(word: Word, labels: list[Word], shift: float | None) -> float | None:
    """How far below a label of the same text at the same x `word` is printed (within
    `POSITION_SLACK` of `shift` where one is given), or None."""
    for label in labels:
        if fold(label.text) != fold(word.text) or abs(label.x0 - word.x0) > POSITION_SLACK:
            continue
        down = word.top - label.top
        if down > 0 and (shift is None or abs(down - shift) <= POSITION_SLACK):
            return down
    return None


def _header_rest(
    words: list[Word],
    edges: list[Edge],
    vocabulary: Vocabulary,
    scan: LabelScan,
    found: list[HeaderBlock],
    pending: HeaderFragment,
) -> list[HeaderBlock]:
    """`found` with the rest of a header cut by the page break before (`pending`), where the
    page opens with it: its labels stand at the heights of the cut rows of label lines (a
    label's last lines, a second level under a group label), too few side by side for a
    header row of their own. A block of label words opening the page, above every other
    word, is that rest; it is merged with the fragment when the columns are modelled."""
    candidates = [
        next(iter(_headers_in(scan, edges, vocabulary, row_labels=1)), None),
        _cut_label_block(words, edges, vocabulary.header_words),
        _missing_label_block(words, edges, vocabulary, pending),
    ]
    rest = min((b for b in candidates if b is not None), key=lambda b: b.top, default=None)
    if rest is None or (found and found[0].top <= rest.top + POINT_SLACK):
        return found
    ids = {w.seq for w in rest.words}
    if any(w.top < rest.top - POINT_SLACK for w in words if w.seq not in ids):
        return found
    return [rest, *(block for block in found if block.top > rest.bottom)]


def _cut_label_block(
    words: list[Word], edges: list[Edge], allowed: frozenset[str]
) -> HeaderBlock | None:
    """The page's first line when it is a label cut in its narrow cell and nothing else:
    every word of it is a label word, or, glued to the word right under it, one
    ('colaborado' / 'ras': the last lines of 'Instituciones colaboradoras' opening the page
    after the break). No label starts there, so `_find_headers` finds no anchor in it. Its
    band ends at the rule that closes it, as a header's does (`_closing_rule`): the box a
    shaded header's rest is drawn in reaches under its last line (weasy 4545 `03`, the rest
    'colaborad' / 'oras' over a box 5 pt deeper; ending at the text, the box's bottom rule
    read as the table's, and the rows under it as text above the next header)."""
    lines = group_lines(words)
    if not lines:
        return None
    block = list(lines[0])
    for word in lines[0]:
        if fold(word.text) in allowed:
            continue
        rest = [w for w in words if w not in block and _label_rest(w, [word], allowed)]
        if not rest:
            return None
        block.extend(rest)
    if all(fold(w.text) in allowed for w in block):
        return None  # whole label words: `_find_headers` or `_missing_label_block` reads them
    return _label_band(block, words, edges, allowed)


def _missing_label_block(
    words: list[Word], edges: list[Edge], vocabulary: Vocabulary, pending: HeaderFragment
) -> HeaderBlock | None:
    """The page's first line when it is whole label words opening a label that the cut
    header (`pending`) lacks, with that label's lines under it (`_label_cells_below`): the
    page break moved a taller label cell's lines whole to the next page (weasy 4810 `04`:
    'Medios de' / 'Verificación', set lower in its cell than the one-line labels beside it,
    opens page 5 alone in the header's shaded box; one label is too few for `_headers_in`,
    and its words are whole, no label cut inside a word, `_cut_label_block`). Without it
    the cut header named no verification column, and the page's verification lines were
    read into the target."""
    lines = group_lines(words)
    allowed = vocabulary.header_words
    if not lines or not all(fold(w.text) in allowed for w in lines[0]):
        return None
    block = [*lines[0], *_label_cells_below(lines[0], words, allowed)]
    held = {f for w in pending.words for f in vocabulary.fields_opened_by(w.text)}
    if not any(vocabulary.fields_opened_by(w.text) - held for w in lines[0]):
        return None
    return _label_band(block, words, edges, allowed)


def _label_band(
    block: list[Word], words: list[Word], edges: list[Edge], allowed: frozenset[str]
) -> HeaderBlock:
    """A block of label words opening the page, its band ending at the rule that closes it,
    as a header's does (`_closing_rule`)."""
    top, bottom = min(w.top for w in block), max(w.bottom for w in block)
    across = _rules_across(edges, min(w.x0 for w in block), max(w.x1 for w in block))
    closing = _closing_rule(across, words, allowed, bottom, max(w.size for w in block))
    return HeaderBlock(block, top, bottom if closing is None else max(bottom, closing))


def _printed_alike(a: list[Word], b: list[Word]) -> bool:
    """Two header blocks with the same words at the same x: the same table layout."""
    ka = sorted((fold(w.text), w.x0) for w in a)
    kb = sorted((fold(w.text), w.x0) for w in b)
    return len(ka) == len(kb) and all(
        ta == tb and abs(xa - xb) <= POSITION_SLACK
        for (ta, xa), (tb, xb) in zip(ka, kb, strict=True)
    )


def _verticals(edges: list[Edge], top: float, bottom: float) -> list[float]:
    return sorted(
        {round(e.x, 1) for e in edges if not e.horizontal and e.top <= bottom and e.bottom >= top}
    )


# --- header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelScan:
    """A page's label phrases and anchors, found once per page (`_label_scan`) and read by
    every search for header blocks on it: header rows (`_headers_in`), and with one label
    side by side the rest or the start of a header a page break cut (`_header_rest`,
    `_header_start_at_foot`)."""

    cut: CutLabels
    """The page's words with the labels a narrow cell cut joined (`_cut_labels`)."""
    lines: WordsByHeight
    """`cut.words` by height (every label word's line is asked for)."""
    phrases: list[Word]
    """First words of a label whose phrase on the line is all label words."""
    anchors: list[Word]
    """The phrases whose cell holds nothing else below either, or that stand in a row of
    label phrases."""


def _label_scan(words: list[Word], edges: list[Edge], vocabulary: Vocabulary) -> LabelScan:
    """Label phrases and anchors of the page. An anchor is a label phrase whose cell holds
    nothing else below either; a row of three or more anchors is a header, and takes the
    label phrases beside it: a label centred lower in a two-level header without rules
    touches the first body row, as a paragraph's next line would ('Indicadores' over 'Número
    de sesiones')."""
    first = vocabulary.first_words()
    allowed = vocabulary.header_words
    cut = _cut_labels(words, allowed)
    lines = WordsByHeight(cut.words)
    phrases = [
        w
        for w in cut.words
        if fold(w.text) in first
        and _label_phrase(w, lines, allowed)
        and _on_label_line(w, lines, allowed)
    ]
    anchors = [
        w
        for w in phrases
        if _label_like(w, lines, allowed, edges) or _label_row(w, lines, allowed, first)
    ]
    return LabelScan(cut, lines, phrases, anchors)


def _find_headers(
    words: list[Word],
    edges: list[Edge],
    vocabulary: Vocabulary,
    row_labels: int = HEADER_ROW_LABELS,
) -> list[HeaderBlock]:
    """Header blocks on the page, top to bottom (`_headers_in` over the page's
    `_label_scan`)."""
    return _headers_in(_label_scan(words, edges, vocabulary), edges, vocabulary, row_labels)


def _headers_in(
    scan: LabelScan,
    edges: list[Edge],
    vocabulary: Vocabulary,
    row_labels: int = HEADER_ROW_LABELS,
) -> list[HeaderBlock]:
    """Header blocks on the scanned page, top to bottom. `row_labels` is how many labels side
    by side make a header row (fewer for the rest of a header cut by a page break)."""
    allowed = vocabulary.header_words
    cut, phrases, anchors = scan.cut, scan.phrases, scan.anchors
    words = cut.words
    clusters: list[list[Word]] = []
    for line in group_lines(anchors):
        size = max(w.size for w in line)
        beside = [
            w for w in anchors if abs(cut.first_ymid(w) - line[0].ymid) < HEADER_ROW_EM * size
        ]
        if vocabulary.labels_named(w.text for w in beside) < row_labels:
            continue  # a header row shows several labels side by side (centred at any height)
        lo = min(w.top for w in line) - HEADER_REACH_EM * size
        hi = max(w.bottom for w in line) + HEADER_REACH_EM * size
        # A rule across the labels' row closes it: a label word under it opens a body row.
        row_bottom = max(w.bottom for w in beside)
        rules = _spanning_horizontals(edges, min(w.x0 for w in beside), max(w.x1 for w in beside))
        hi = min([hi, *(y for y in rules if y > row_bottom - POINT_SLACK)])
        near = [
            w
            for w in phrases
            if lo <= cut.first_ymid(w) <= hi
            and not _label_again(w, beside, scan.lines, vocabulary)
            and not _set_apart_under(w, beside, scan.lines)
        ]
        if clusters and lo < max(w.bottom for w in clusters[-1]):
            clusters[-1].extend(w for w in near if w not in clusters[-1])
        else:
            clusters.append(near)
    headers: list[HeaderBlock] = []
    for cluster in clusters:
        if vocabulary.labels_named(w.text for w in cluster) < HEADER_BLOCK_LABELS:
            continue
        x0, x1 = min(w.x0 for w in cluster), max(w.x1 for w in cluster)
        top, bottom = min(w.top for w in cluster), max(w.bottom for w in cluster)
        size = max(w.size for w in cluster)
        spanning_h = _rules_across(edges, x0, x1)
        # A rule above the labels' first line's middle is above them: a glyph box (the
        # font's ascent) overshoots the ink, and a cell set with no padding has its first
        # line's box cross the rule over it; no rule runs through a line's middle.
        first_mid = min(w.ymid for w in cluster)
        above = [
            e.y
            for e in spanning_h
            if top - HEADER_RULE_EM * size < e.y <= max(top + POINT_SLACK, first_mid)
        ]
        band_top = max(above) if above else top - HEADER_PAD_EM * size
        closing = _closing_rule(spanning_h, words, allowed, bottom, size)
        if closing is None:  # no rule: extend over the label lines just under the anchors
            band_bottom = _extend_down(words, allowed, x0, x1, bottom, size)
        else:
            band_bottom = closing
        if not above:
            band_top = _extend_up(words, edges, vocabulary, x0, x1, top, size, band_bottom)
        ruled = [
            e
            for e in spanning_h
            if abs(e.y - band_top) < POINT_SLACK or abs(e.y - band_bottom) < POINT_SLACK
        ]
        if ruled:  # the header's own rules say how wide the table is
            x0, x1 = min(x0, min(e.x0 for e in ruled)), max(x1, max(e.x1 for e in ruled))
        # a label word a narrow cell cut over lines is in the band by its first piece, and
        # the band reaches down to its last (held-out Word 4967 `09`: `Medios de` /
        # `Verifica` / `ción`, monospaced in portrait, the first piece level with the lowest
        # labels, the rest under them: read as `Medios de`, and the column lost)
        in_band = [
            w
            for w in words
            if band_top - POINT_SLACK <= cut.first_ymid(w) <= band_bottom + POINT_SLACK
        ]
        reach = HEADER_RULE_EM * size
        header_words = [w for w in in_band if x0 - reach <= w.xmid <= x1 + reach]
        band_bottom = max(
            [
                band_bottom,
                *(w.bottom + HEADER_MARGIN_EM * size for w in header_words if w.seq in cut.pieces),
            ]
        )
        block = cut.printed(_with_overlapping(header_words, in_band))
        headers.append(HeaderBlock(block, band_top, band_bottom))
    return headers


def _label_again(
    word: Word, labels: list[Word], lines: WordsByHeight, vocabulary: Vocabulary
) -> bool:
    """`word`'s phrase names the field of a label of the header row (`labels`) printed over
    it in its column: a column has one label, so the phrase is the first line of a cell
    under the header, not another label (held-out html 4957 `10`, Chromium, unruled, flat
    action and objective: a row cut by the page break opens the next page right under the
    repeated header, 0.5 em under it, with `acciones estratégicas` under `Acción
    estratégica`; the cut row's first line, `sectores, sobre la` beside it too, was read as
    the header's second line and lost from both merged texts)."""
    if word in labels:
        return False
    field = vocabulary.column_field(line_text(_phrase_on_line(word, lines)))
    if field is None:
        return False
    for label in labels:
        phrase = _phrase_on_line(label, lines)
        if (
            max(w.bottom for w in phrase) <= word.top + POINT_SLACK
            and overlap(phrase[0].x0, phrase[-1].x1, word.x0, word.x1) > 0
            and vocabulary.column_field(line_text(phrase)) == field
        ):
            return True
    return False


def _set_apart_under(word: Word, labels: list[Word], lines: WordsByHeight) -> bool:
    """`word`'s phrase stands under a label of the header row (`labels`) in its column,
    further below it than a block's next line (`PARAGRAPH_BREAK_EM`): the first line of a
    cell under the header, not the label's next line (held-out Word 4967 `10`, LibreOffice,
    justified, an outer box and no rule under the header's left columns: a row cut by the
    page break opens the next page 1.6 em under the repeated labels, and its merged texts'
    first lines, label words all ('estratégicas de' under 'Acción estratégica',
    'colaboradores del' under 'Actividad'), were read as the labels' second lines; with
    no `activity` label left, the file failed)."""
    if word in labels:
        return False
    phrase = _phrase_on_line(word, lines)
    x0, x1, top = phrase[0].x0, phrase[-1].x1, min(w.top for w in phrase)
    over = [
        label.bottom
        for label in labels
        if label.bottom <= top + POINT_SLACK and overlap(label.x0, label.x1, x0, x1) > 0
    ]
    return bool(over) and top - max(over) > PARAGRAPH_BREAK_EM * word.size


def _with_overlapping(chosen: list[Word], candidates: list[Word]) -> list[Word]:
    """`chosen` plus the candidates stacked over or under them or next to them on the line:
    a label may run wider than its first word ("Medio de" / "verificación")."""
    gap = _phrase_gap(candidates)

    def stacked_or_next(word: Word, other: Word) -> bool:
        if overlap(word.x0, word.x1, other.x0, other.x1) > 0:
            return True
        same_line = abs(word.ymid - other.ymid) < LABEL_LINE_EM * other.size
        return same_line and max(word.x0 - other.x1, other.x0 - word.x1) < gap

    return grow_connected(chosen, candidates, stacked_or_next)


def _phrase_gap(words: list[Word]) -> float:
    """Widest gap between two words of one phrase: 0.6 em, or more where the word space is
    wider (a monospaced font's space is 0.6 em itself)."""
    if not words:
        return 0.0
    return max(PHRASE_GAP_EM * max(w.size for w in words), PHRASE_GAP_SPACES * _space_width(words))


def _rules_across(edges: list[Edge], x0: float, x1: float) -> list[Edge]:
    """The horizontal rules that run across at least `SPANNING_RULE_SHARE` of x0..x1 (a
    header's labels): the header's own rules, not a cell's."""
    span = SPANNING_RULE_SHARE * (x1 - x0)
    return [e for e in edges if e.horizontal and overlap(e.x0, e.x1, x0, x1) >= span]


def _closing_rule(
    rules: list[Edge], words: list[Word], allowed: frozenset[str], bottom: float, size: float
) -> float | None:
    """The rule among `rules` (horizontals across a header's labels) that closes the header
    whose labels end at `bottom`: the lowest within `HEADER_RULE_EM` under them with only
    label words above it (`_last_rule_under_labels`); None where none does."""
    below = [e.y for e in rules if bottom - POINT_SLACK <= e.y < bottom + HEADER_RULE_EM * size]
    return _last_rule_under_labels(sorted(below), words, allowed, bottom)


def _last_rule_under_labels(
    ys: list[float], words: list[Word], allowed: frozenset[str], bottom: float
) -> float | None:
    """The header ends at the lowest rule with only label words above it: a two-level header
    and a shaded header box both draw several rules under the labels (a label word's rest a
    narrow cell cut, `_label_rest`, is a label word). None when even the first rule has
    other words above it: a header drawn with no rule of its own under it (a table boxed
    only around, its header shaded) whose first rule below is the box's bottom under a row
    cut by the page break (WeasyPrint closes the box there) heads that row; its lines are
    no labels. A label word's start with no room for its next line above the rule is a label
    word too (`_clipped_label`)."""
    best = None
    for y in ys:
        between = [w for w in words if bottom < w.ymid < y]
        if not all(
            fold(w.text) in allowed
            or _label_rest(w, words, allowed)
            or _clipped_label(w, y, allowed)
            for w in between
        ):
            break
        best = y
    return best


def _clipped_label(word: Word, rule: float, allowed: frozenset[str]) -> bool:
    """`word` is a label word's start whose rest the header cell's clip hid: a header row
    repeated on the next page with less height than its labels need is clipped at its
    bottom rule, which cuts through the line the word's rest would print on (Word/HTML 1079
    docx `07`: 'colaborado' over a rule where 'ras' was; the header ended over that line
    and the rule closed an empty row, every row under it read as titles)."""
    return (
        fold(word.text) in _label_prefixes(allowed)
        and 0 <= rule - word.bottom < CLIPPED_LABEL_ROOM_EM * word.size
    )


def _label_line(word: Word, words: WordsByHeight) -> list[Word]:
    """The words of `word`'s line: their middles within `LABEL_LINE_EM` of its own."""
    return words.near(word.ymid, LABEL_LINE_EM * word.size)


def _phrase_on_line(word: Word, words: WordsByHeight) -> list[Word]:
    """The words of `word`'s line run together with it (gaps under `_phrase_gap`)."""
    line = sorted(_label_line(word, words), key=lambda w: w.x0)
    at = line.index(word)
    gap = _phrase_gap(line)
    lo = hi = at
    while lo > 0 and line[lo].x0 - line[lo - 1].x1 < gap:
        lo -= 1
    while hi + 1 < len(line) and line[hi + 1].x0 - line[hi].x1 < gap:
        hi += 1
    return line[lo : hi + 1]


def _on_label_line(word: Word, words: WordsByHeight, allowed: frozenset[str]) -> bool:
    """Most words of `word`'s line are label words (`LABEL_LINE_SHARE`): a header line, not
    a body line where a label word stands apart. A word counts where its whole phrase is
    label words: a connective in a phrase of other words ('Número de', 'Lista de') is body
    text, however often a body line repeats it (Word/HTML 1089 docx `06`)."""
    line = _label_line(word, words)
    labelled = sum(
        len(phrase)
        for phrases in _phrases(line)
        for phrase in phrases
        if all(fold(w.text) in allowed for w in phrase)
    )
    return labelled >= LABEL_LINE_SHARE * len(line)


def _label_row(
    word: Word, words: WordsByHeight, allowed: frozenset[str], first: frozenset[str]
) -> bool:
    """`word`'s line is a header row by itself: every word of it a label word, the first
    words of `HEADER_ROW_LABELS` labels or more among them. Where no rule parts the header
    from the body, the first body row may start a line's leading under the labels, and
    each label runs on, as a paragraph would, into the cell under it (`_label_like` fails:
    Word/HTML 1099 docx `08`, no borders); a body line holds other words too."""
    folded = [fold(w.text) for w in _label_line(word, words)]
    return all(t in allowed for t in folded) and len(set(folded) & first) >= HEADER_ROW_LABELS


def _label_phrase(word: Word, words: WordsByHeight, allowed: frozenset[str]) -> bool:
    """Every word of `word`'s phrase on its line is a label word."""
    return all(fold(w.text) in allowed for w in _phrase_on_line(word, words))


def _label_like(
    word: Word, lines: WordsByHeight, allowed: frozenset[str], edges: list[Edge]
) -> bool:
    """A header label stands alone in its cell: every word of its phrase on the line is a label
    word ("Objetivo General: Fortalecer…" is a title row, "responsable de internet" is text),
    and so is every line its paragraph runs on to below ("acciones" / "estratégicas de" /
    "promoción…" is the first line of a body cell)."""
    phrase = _phrase_on_line(word, lines)
    if not all(fold(w.text) in allowed for w in phrase):
        return False
    # The paragraph below, line by line: the words under the last line, touching it.
    rules = [e.y for e in edges if e.horizontal]
    x0, x1, bottom = phrase[0].x0, phrase[-1].x1, max(w.bottom for w in phrase)
    while True:
        under = [
            w
            for w in lines.words
            if -PARAGRAPH_OVERLAP_EM * word.size < w.top - bottom < PARAGRAPH_LEADING_EM * word.size
            and overlap(x0, x1, w.x0, w.x1) > 0
            and not any(bottom - PARAGRAPH_LEADING_EM * word.size < y < w.ymid for y in rules)
        ]
        if not under:
            return True
        if not all(fold(w.text) in allowed for w in under):
            return False
        x0, x1 = min(x0, *(w.x0 for w in under)), max(x1, *(w.x1 for w in under))
        bottom = max(w.bottom for w in under)


def _extend_down(words, allowed, x0, x1, bottom, size) -> float:
    """The header block's bottom: down over the lines just under it whose words are all
    label words, or the rest of a label word cut above them (`_label_rest`)."""
    for line in group_lines(
        [
            w
            for w in words
            if w.top >= bottom - POINT_SLACK
            and x0 - HEADER_REACH_EM * size <= w.xmid <= x1 + HEADER_REACH_EM * size
        ]
    ):
        if line[0].top - bottom > PARAGRAPH_BREAK_EM * size or not all(
            fold(w.text) in allowed or _label_rest(w, words, allowed) for w in line
        ):
            break
        bottom = max(w.bottom for w in line)
    return bottom + HEADER_MARGIN_EM * size


def _label_rest(word: Word, words: list[Word], allowed: frozenset[str]) -> bool:
    """`word` is the rest of a label word that a narrow header cell cut at the line above
    ('colabor' / 'adoras', 'estratégic' / 'a'): glued to the word right above it (the next
    line of the same cell) they make a label word."""
    return any(_stacked(w, word) and fold(w.text + word.text) in allowed for w in words)


def _stacked(upper: Word, lower: Word) -> bool:
    """`lower` is on the line right under `upper` in the same cell: below it within a
    paragraph's leading, or a little into it (a line height under the font's box, or a
    browser's rounding of line positions: Word/HTML 1159 html `06`, 'as' 0.5 pt into
    'colaborador' in one header of three, read as a row of its own), and overlapping it."""
    return (
        -PARAGRAPH_OVERLAP_EM * lower.size
        < lower.top - upper.bottom
        < PARAGRAPH_LEADING_EM * lower.size
        and overlap(upper.x0, upper.x1, lower.x0, lower.x1) > 0
    )


def _cut_labels(words: list[Word], allowed: frozenset[str]) -> CutLabels:
    """The page's label words that a narrow header cell cut inside the word, with no hyphen,
    over consecutive lines ('Objetivo' / 's', 'estratégi' / 'ca', 'Respo' / 'nsable' / 's':
    held-out html 1515 `03`, Word 1039 `00`), joined: the longest run of pieces, each alone
    right under the one before (`_stacked`), whose letters spell a word of the header
    vocabulary. A piece alone is no label word, so no header row is found by them; a body
    line's words spell a label word so only by chance, and a header needs several labels
    side by side."""
    starts = _label_prefixes(allowed)
    pieces: dict[int, list[Word]] = {}
    taken: set[int] = set()
    ordered = sorted(words, key=lambda w: w.top)
    tops = [w.top for w in ordered]
    size = max((w.size for w in words), default=0.0)
    for word in ordered:
        if word.seq in taken or fold(word.text) not in starts:
            continue
        chain, best = [word], [word]
        while len(chain) < CUT_LABEL_PIECES:
            last = chain[-1]
            near = ordered[
                bisect_left(tops, last.bottom - PARAGRAPH_OVERLAP_EM * size) : bisect_left(
                    tops, last.bottom + PARAGRAPH_LEADING_EM * size
                )
            ]
            under = [w for w in near if w.seq not in taken and _stacked(last, w)]
            if len(under) != 1:
                break
            chain.append(under[0])
            text = fold("".join(w.text for w in chain))
            if text in allowed:
                best = list(chain)
            elif text not in starts:
                break
        if len(best) > 1:
            pieces[word.seq] = best
            taken.update(w.seq for w in best)
    joined = [
        replace(
            word,
            text="".join(w.text for w in pieces[word.seq]),
            x0=min(w.x0 for w in pieces[word.seq]),
            x1=max(w.x1 for w in pieces[word.seq]),
            bottom=pieces[word.seq][-1].bottom,
        )
        if word.seq in pieces
        else word
        for word in words
        if word.seq in pieces or word.seq not in taken
    ]
    return CutLabels(joined, pieces)


@cache
def _label_prefixes(allowed: frozenset[str]) -> frozenset[str]:
    """Every start of a label word, the whole word too: what a cut label word's pieces
    spell line by line."""
    return frozenset(word[:k] for word in allowed for k in range(1, len(word) + 1))


def _extend_up(
    words, edges: list[Edge], vocabulary: Vocabulary, x0, x1, top, size, bottom: float
) -> float:
    """The header block's top: up over the lines just above its anchors whose words are all
    label words. A line is above them where its middle is above their top: a group label
    set over a two-level header may reach down past the top of the one-line labels centred
    beside it (reportlab 2929 `02`: 'Evaluación' 1 pt into 'Acción', read as the last row's
    target above). A word reaching down past that top that is no label word is passed over,
    not a line that stops the climb: the first line of a label centred beside the anchors
    in two lines is such a word where the vocabulary knows the label by another form
    (held-out reportlab 3535 `08`: 'Instituciones', 4 pt above 'Línea', stopped the header
    under the group label 'Evaluación', which went into the target of the row above).

    A group label (`Vocabulary.is_group_header`) may stand further above than a line's
    break: as far over the anchors' top as the header's words (down to its band's `bottom`)
    end under their first line, within `POSITION_SLACK`. Labels centred in cells that span
    both levels stand in the middle of the band, as far under the group label's top as
    over its leaf labels' bottom, and leaf labels of two lines push them down (docx held-out
    4747 `00`: 'Evaluación' 5.6 pt, 0.8 em, over 'Acción', 12.6 pt over its top while
    'Verificación' ends 12.5 pt under its bottom; the label was left above every header a
    page repeated, as table text no row took, or read into the general objective above the
    first).

    A word the vocabulary does not know that goes on in the header right under it
    (`_label_goes_on`) is a label's first line too, not a line that stops the climb: a
    label the vocabulary knows by a later word, set in a cell too narrow for its first
    ('Institucione' / 's colaborado' / 'ras' over a header repeated by LibreOffice Calc,
    held-out calc 4955 `00`: the line and the group label above it were left over every
    repeated header, as table text no row took)."""
    allowed = vocabulary.header_words
    near_x = [
        w for w in words if x0 - HEADER_REACH_EM * size <= w.xmid <= x1 + HEADER_REACH_EM * size
    ]
    candidates = [
        w
        for w in near_x
        if w.ymid < top and (w.bottom <= top + POINT_SLACK or fold(w.text) in allowed)
    ]
    first = [w for w in near_x if abs(w.top - top) < LABEL_LINE_EM * size]
    under = [w for w in near_x if top <= w.ymid <= bottom + POINT_SLACK]
    group_reach = max(w.bottom for w in under) - max(w.bottom for w in first) + POSITION_SLACK
    anchors_top = top
    rules = [e for e in edges if e.horizontal]
    for line in reversed(group_lines(candidates)):
        if not all(fold(w.text) in allowed or _label_goes_on(w, under, rules) for w in line):
            break
        under = [*under, *line]
        near = top - max(w.bottom for w in line) <= PARAGRAPH_BREAK_EM * size
        line_top = min(w.top for w in line)
        group = vocabulary.is_group_header(line_text(line)) and (
            anchors_top - line_top <= group_reach
        )
        if not (near or group):
            break
        top = line_top
    return top - HEADER_MARGIN_EM * size


def _label_goes_on(word: Word, header: list[Word], rules: list[Edge]) -> bool:
    """`word` is the line before a header word's in one cell: a header word is right under
    it (`_stacked`) with no rule across both between their middles."""
    return any(
        _stacked(word, lower)
        and not any(
            word.ymid < rule.y < lower.ymid
            and overlap(rule.x0, rule.x1, max(word.x0, lower.x0), min(word.x1, lower.x1)) > 0
            for rule in rules
        )
        for lower in header
    )


def _column_model(
    header_words,
    words,
    edges,
    header_bottom,
    vocabulary: Vocabulary,
    verticals,
    previous: ColumnModel | None = None,
    alike: list[Word] | None = None,
) -> ColumnModel:
    blobs = [
        part
        for blob in _label_blobs(header_words, verticals, _phrase_gap(header_words))
        for part in _split_labels(blob, vocabulary)
    ]
    labels: list[tuple[str, list[Word]]] = []
    groups: list[str] = []
    for blob in blobs:
        text = _blob_text(blob, vocabulary)
        if vocabulary.is_group_header(text):
            groups.append(text)
            continue
        # a group label above leaf labels shares their blob when nothing separates them
        lines = group_lines(blob)
        if len(lines) > 1 and vocabulary.is_group_header(line_text(lines[0])):
            groups.append(line_text(lines[0]))
            blob = [w for line in lines[1:] for w in line]
            text = _blob_text(blob, vocabulary)
        labels.append((text, blob))
    fields = [vocabulary.column_field(text) for text, _ in labels]
    missing = vocabulary.required_columns - {f for f in fields if f}
    if missing:
        found = ", ".join(repr(t) for t, _ in labels)
        raise LayoutError(
            f"unrecognised header layout: found {found}; missing {', '.join(sorted(missing))}"
        )
    # the body's lines by their middles, as the rows take them: a first line's glyph tops
    # (the font's ascent) may reach over the header's bottom rule
    body = [w for w in words if w.ymid > header_bottom] + (alike or [])
    texts = [t for t, _ in labels]
    # a header with no text under it carries the previous table's bounds by field
    carried = _carried_bounds(texts, previous, None if body else [f or "" for f in fields])
    outer = _carried_outer(texts, previous)
    again = previous is not None and _printed_alike(header_words, list(previous.header))
    bounds = _column_bounds(
        [b for _, b in labels], verticals, body, edges, carried, outer, printed_again=again
    )
    # A column the vocabulary does not know keeps its own bounds (its text must not spill
    # into a neighbour); its field is empty and its words are reported, not dropped.
    columns = tuple(
        Column(
            f or "",
            t,
            bounds[i],
            bounds[i + 1],
            f in vocabulary.spanning_columns,
            ruled=bounds[i] in verticals and bounds[i + 1] in verticals,
        )
        for i, ((t, _), f) in enumerate(zip(labels, fields, strict=True))
    )
    return ColumnModel(columns, tuple(groups), tuple(header_words))


def _label_blobs(header_words: list[Word], verticals: list[float], gap: float) -> list[list[Word]]:
    """Header words grouped into one blob per column label, left to right."""
    if len(verticals) >= RULED_LABEL_VERTICALS:
        cells: dict[int, list[Word]] = {}
        for word in header_words:
            slot = sum(1 for v in verticals if v <= word.xmid)
            cells.setdefault(slot, []).append(word)
        blobs = [cells[k] for k in sorted(cells)]
        # a cell may hold a group label above several leaf cells split by shorter verticals
        return [b for blob in blobs for b in _split_by_overlap(blob, gap)]
    return _split_by_overlap(header_words, gap)


def _split_labels(blob: list[Word], vocabulary: Vocabulary) -> list[list[Word]]:
    """A blob parted where two labels of different columns lie side by side: in narrow
    cells two labels can stand closer than the header's phrase gap, each cut inside a word
    over lines ('Colaborado' / 'res' beside 'Responsabl' / 'e', random 78-8), so they read
    as one blob ('Colaborado Responsablres e', one column). Parted at a gap of its first
    line, the words left of it and those right of it name two different columns, each over
    two lines or more (labels wrapped in narrow cells); the words of one label
    ('Instituciones' / 'colaboradoras', 'Fuentes de' / 'verificación') name one column
    however they are parted, or none. A label of one line parts the same way where the
    blob as a whole names no column and that part is a column's label whole
    (`Vocabulary.alias_field`): centred in narrow unbordered cells, 'Colaboradores' and
    'Responsable' stood a word space apart (Calc held-out 2325 `05`). The gaps of the first
    line come first, then those of the lines below: a label over fewer lines, centred beside
    a taller one, stands next to a lower line of it ('Responsables' beside the second of
    'Instituciones' / 'colaboradora' / 's', Calc held-out 2727 `10`).

    Three labels or more side by side part the same way, one label at a time, where no
    single gap parts the blob in two: the first part names a column and the rest parts
    again into labels of other columns ('Colabor' / 'adores', 'Respons' / 'able' and
    'Indicador' / 'es' closer than the phrase gap in a Calc header with no rule between
    its cells, work seed 4802 calc `06`)."""
    if vocabulary.is_group_header(_blob_text(blob, vocabulary)):
        return [blob]
    named = vocabulary.column_field(_blob_text(blob, vocabulary)) is not None
    return _parted_labels(blob, vocabulary, named) or [blob]


def _parted_labels(
    blob: list[Word], vocabulary: Vocabulary, named: bool
) -> list[list[Word]] | None:
    """`blob` parted at gaps of its lines (`_split_labels`) into two labels or more, each
    naming a column of its own; None where it does not part so. `named`: the header blob it
    is part of names a column as a whole (then no part of one line stands alone)."""
    cuts = [
        (left.x1 + right.x0) / 2
        for line in group_lines(blob)
        for left, right in itertools.pairwise(sorted(line, key=lambda w: w.x0))
    ]
    halves = []
    for cut in cuts:
        parts = [[w for w in blob if w.xmid < cut], [w for w in blob if w.xmid >= cut]]
        texts = [_blob_text(part, vocabulary) for part in parts]
        # one line: a label naming two things ('Metas e indicadores'), unless the blob names
        # no column and each part of one line is a column's label whole
        single = [len(group_lines(part)) < 2 for part in parts]
        standing = [
            not one or (not named and vocabulary.alias_field(text) is not None)
            for text, one in zip(texts, single, strict=True)
        ]
        fields = [vocabulary.column_field(text) for text in texts]
        if all(standing) and all(fields) and fields[0] != fields[1]:
            return parts
        if standing[0] and fields[0]:
            halves.append((parts, fields[0]))
    for (first, rest), first_field in halves:
        more = _parted_labels(rest, vocabulary, named)
        if more and first_field not in {
            vocabulary.column_field(_blob_text(part, vocabulary)) for part in more
        }:
            return [first, *more]
    return None


def _split_by_overlap(words: list[Word], gap: float) -> list[list[Word]]:
    phrases = [run for line in phrase_runs(words, _parted_by(gap)) for run in line]
    spans: list[list[Any]] = [
        [min(w.x0 for w in p), max(w.x1 for w in p), list(p)] for p in phrases
    ]
    spans.sort(key=lambda s: s[0])
    merged: list[list] = []
    for x0, x1, ws in spans:
        if merged and x0 < merged[-1][1] - POINT_SLACK / 2:
            merged[-1][1] = max(merged[-1][1], x1)
            merged[-1][2].extend(ws)
        else:
            merged.append([x0, x1, ws])
    return [m[2] for m in merged]


def _blob_text(blob: list[Word], vocabulary: Vocabulary) -> str:
    """A label's lines joined: a label word cut inside the word in its narrow cell as one
    word (`_cut_labels`, read on its first line); a line end the spaces leave open (a
    producer that writes no line-end spaces, or drops the one that does not fit: `Medios de`
    / `Verificación`) is read by the language (`language.read_line_end`)."""
    cut = _cut_labels(blob, vocabulary.header_words)
    words = [
        replace(w, bottom=cut.pieces[w.seq][0].bottom) if w.seq in cut.pieces else w
        for w in cut.words
    ]
    return words_text(words, None, language.vocabulary(frozenset()))


def _carried_bounds(
    labels: list[str], previous: ColumnModel | None, fields: list[str] | None = None
) -> list[float | None]:
    """For each pair of neighbouring labels, the bound the previous table had between the
    same two labels (a header printed again), else None. With `fields` (the header's
    columns, for a header with no text under it on its page), between the same two fields,
    whatever the labels say: a section's header may word its labels its own way over the
    same columns (`Producto` for `Actividad`), and such a header, printed at a page's foot
    with its rows on the next page, has only its labels to measure gutters by, which a
    centred label leaves anywhere between two columns' texts (held-out Calc 4949 `02`: the
    bound between objective and activity put 12 pt into the activity column, whose lines'
    first words `y` and `de` were read into the objectives beside them)."""
    if previous is None:
        return [None] * (len(labels) - 1)
    if fields is None:
        before, now = [fold(c.label) for c in previous.columns], [fold(t) for t in labels]
    else:
        before, now = [c.field for c in previous.columns], fields
    pairs = {
        (a, b): previous.columns[j].x1
        for j, (a, b) in enumerate(itertools.pairwise(before))
        if fields is None or (a and b)
    }
    return [pairs.get(pair) for pair in itertools.pairwise(now)]


def _carried_outer(
    labels: list[str], previous: ColumnModel | None
) -> tuple[float | None, float | None]:
    """The previous table's outer bounds (left, right) where its first (last) column has
    the same label as this header's: the same template's table reaches as far."""
    if previous is None or not labels:
        return None, None
    first, last = previous.columns[0], previous.columns[-1]
    return (
        first.x0 if fold(first.label) == fold(labels[0]) else None,
        last.x1 if fold(last.label) == fold(labels[-1]) else None,
    )


def _column_bounds(
    blobs,
    verticals,
    body,
    edges,
    carried: list[float | None],
    outer: tuple[float | None, float | None] = (None, None),
    printed_again: bool = False,
) -> list[float]:
    """x boundaries: n+1 values for n label blobs. Between two labels: a vertical rule; else
    the next column's flush-left edge, unless a phrase runs across it (justified lines
    stretched alike start phrases at one x inside a column); else the bound the same header
    had on the page before, when no word here crosses it (a page with a row or two shows too
    little text to find the gutter in); else the whitespace river.

    A header `printed_again` (every word at the same place as the header before) is the
    same template, whose columns are where they were: the bound the header had before comes
    first where no word here crosses it. A page's own text can show a false flush-left edge:
    justified monospaced lines push a cell's last short words ('la', 'de', 'y') to its right
    edge, a space from the next column, and a section that repeats one responsible on every
    row starts such a word at one x on most lines (html held-out 2121 `04`).

    Outside: a vertical rule, else the table's horizontal rules, else the outer columns'
    text. A header with no text under it in its outer column (printed at a page's foot,
    its rows on the next page, or over a blank cell) measures only its label there, which
    a centred label leaves short of the cells' text: the bound the same header had before
    (`outer`, `_carried_outer`) stands where it lies further out."""
    extents = [(min(w.x0 for w in b), max(w.x1 for w in b)) for b in blobs]
    phrases = [phrase for line in _phrases(body) for phrase in line]
    inner = []
    for (a0, a1), (b0, b1), before in zip(extents, extents[1:], carried, strict=False):
        between = [v for v in verticals if a1 - POINT_SLACK <= v <= b0 + POINT_SLACK]
        lo, hi = (a0 + a1) / 2, (b0 + b1) / 2
        if between:
            mid = (a1 + b0) / 2
            inner.append(min(between, key=lambda v: abs(v - mid)))
        elif (
            printed_again and before is not None and lo < before < hi and not _crossed(body, before)
        ):
            inner.append(before)
        elif (edge := _aligned_edge(phrases, lo, hi)) is not None and not _crossed(body, edge):
            inner.append(edge)
        elif before is not None and lo < before < hi and not _crossed(body, before):
            inner.append(before)
        else:
            inner.append(_river(body, lo, hi, (a1, b0)))
    width = extents[-1][1] - extents[0][0]
    rules = [e for e in edges if e.horizontal and e.x1 - e.x0 > SPANNING_RULE_SHARE * width]
    left_rules = [v for v in verticals if v <= extents[0][0] + POINT_SLACK]
    right_rules = [v for v in verticals if v >= extents[-1][1] - POINT_SLACK]
    # Outer bounds: the nearest vertical rule, else the table's horizontal rules, else text.
    # Horizontal rules that stop short of the outer labels are no rules of the whole table
    # (a box's pieces, another table's border) and bound nothing.
    rules_left = min((e.x0 for e in rules), default=math.inf)
    rules_right = max((e.x1 for e in rules), default=-math.inf)
    if left_rules:
        left = max(left_rules)
    elif rules_left <= extents[0][0] + POINT_SLACK:
        left = rules_left
    else:
        first = [w.x0 for w in body if w.xmid < inner[0]]
        left = min([extents[0][0], *first]) - POINT_SLACK
        if not first and outer[0] is not None:
            left = min(left, outer[0])
    if right_rules:
        right = min(right_rules)
    elif rules_right >= extents[-1][1] - POINT_SLACK:
        right = rules_right
    else:
        last = [w.x1 for w in body if w.xmid > inner[-1]]
        right = max([extents[-1][1], *last]) + POINT_SLACK
        if not last and outer[1] is not None:
            right = max(right, outer[1])
    return [left, *inner, right]


def _phrases(words: list[Word]) -> list[list[list[Word]]]:
    """Each line's runs of words set no further apart than a word space (`_phrase_gap`)."""
    return phrase_runs(words, _parted_by(_phrase_gap(words)))


def _parted_by(gap: float) -> Callable[[Word, Word], bool]:
    """Two neighbours on a line are in different phrases: `gap` points or more apart."""
    return lambda left, right: right.x0 - left.x1 >= gap


def _crossed(words: list[Word], x: float) -> bool:
    """A phrase of a line of several phrases runs across x. A line of one phrase may be a
    title or the next section's objective, which run across the columns anyway. A phrase
    parted at x (`_parted_at`) does not cross it: two cells whose gutter is narrower than
    a phrase gap (a full line against a column whose text starts at x)."""
    return any(
        len(phrases) > 1 and any(p[0].x0 < x < p[-1].x1 and not _parted_at(p, x) for p in phrases)
        for phrases in _phrases(words)
    )


def _parted_at(phrase: list[Word], x: float) -> bool:
    """The phrase has a gap at x and its word after the gap starts at x (within
    `POSITION_SLACK`): the line of the column whose text starts at x, beside a full line
    of the column before. A justified line stretched across a column's inside has a word
    over x, or starts its word elsewhere."""
    return any(
        a.x1 <= x <= b.x0 <= x + POSITION_SLACK for a, b in zip(phrase, phrase[1:], strict=False)
    )


def _aligned_edge(phrases: list[list[Word]], lo: float, hi: float) -> float | None:
    """The bound left of a column whose lines start flush left: just before the x where most
    lines in (lo, hi) begin (`_line_starts`). The text of the column before may run right
    up to it on pages other than this one, so no margin is split."""
    counts: dict[int, int] = {}
    for word in _line_starts(phrases, lo, hi):
        counts[round(word.x0)] = counts.get(round(word.x0), 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    edge, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if count < EDGE_DOMINANCE * runner_up or (count < EDGE_CLEAR_LINES and runner_up > 0):
        return None  # no clear flush-left edge (one or two lines do if nothing else starts)
    return edge - POINT_SLACK


def _line_starts(phrases: list[list[Word]], lo: float, hi: float) -> list[Word]:
    """The words in (lo, hi) at which a column's line may begin: each phrase's first word,
    but for a word pushed to a justified cell's right edge (`_flush_right`), which ends its
    cell's line and starts no column. A word after it in its phrase begins the next
    column's line: the gutter between two justified cells can be narrower than a phrase
    gap (Chromium and WeasyPrint set 4 pt between cells of 8 pt text, the words of the two
    cells one phrase), and then the next column's lines begin only there."""
    inside = [phrase for phrase in phrases if lo < phrase[0].x0 < hi]
    flush_right = _flush_right([phrase[0] for phrase in inside])
    starts = []
    for phrase in inside:
        if phrase[0].seq not in flush_right:
            starts.append(phrase[0])
        elif len(phrase) > 1 and phrase[1].x0 < hi:
            starts.append(phrase[1])
    return starts


def _flush_right(starts: list[Word]) -> set[int]:
    """The words (by `seq`) of `starts` that end where at least `JUSTIFIED_EDGE_LINES` of
    them end (within half a point) but do not all begin at one x: a justified cell's right
    edge, to which the stretched spaces of its full lines push their last short words ('de',
    'y', 'la' each begin where its own width leaves it), a phrase of their own. A column's
    flush-left edge shares its words' left edge, not their right one (words of any length),
    and a left-aligned column of short words of one width ('No.', numbers) shares both."""
    reach = POINT_SLACK / 2
    ordered = sorted(starts, key=lambda w: w.x1)
    ends = [w.x1 for w in ordered]
    flush: set[int] = set()
    for word in starts:  # each word's peers from a window of the words sorted by right edge
        window = ordered[bisect_left(ends, word.x1 - reach) : bisect_right(ends, word.x1 + reach)]
        begins = [other.x0 for other in window]
        if len(window) >= JUSTIFIED_EDGE_LINES and max(begins) - min(begins) > reach:
            flush.add(word.seq)
    return flush


def _river(body: list[Word], lo: float, hi: float, labels: tuple[float, float]) -> float:
    """The gutter between two columns: among the x in (lo, hi) crossed by the fewest body
    words, the run nearest to the middle of `labels` (the facing ends of the two columns'
    labels), its middle once cut to `labels` where it runs past them: a header cell holds its
    label, so the bound lies between the two. The widest run would do as well, but not when
    one column holds only short words, which leave a wide empty strip inside that column; and
    a run's middle alone not where a column holds no text under its header, whose run then
    reaches the label's middle (held-out html 1317 `00`, Chromium, unruled, centred labels:
    with no means of verification on the header's page, the bound fell 10 pt inside that
    column, carried to the next pages, and its lines' first words went to the target)."""
    near = (labels[0] + labels[1]) / 2
    step = RIVER_STEP
    samples = []
    x = lo
    while x <= hi:
        samples.append((x, sum(1 for w in body if w.x0 < x < w.x1)))
        x += step
    low = min(c for _, c in samples)
    runs: list[tuple[float, float]] = []
    start = None
    for x, c in [*samples, (hi + step, low + 1)]:
        if c == low and start is None:
            start = x
        elif c != low and start is not None:
            runs.append((start, x - step))
            start = None
    size = _body_size(body)
    wide = [run for run in runs if run[1] - run[0] >= size]  # narrower: a word space
    runs = wide or runs
    if not runs:
        return (lo + hi) / 2

    def distance(run: tuple[float, float]) -> tuple[float, float]:
        a, b = run
        return (0.0 if a <= near <= b else min(abs(near - a), abs(near - b)), -(b - a))

    a, b = min(runs, key=distance)
    if max(a, labels[0]) < min(b, labels[1]):
        a, b = max(a, labels[0]), min(b, labels[1])
    return (a + b) / 2


# --- body --------------------------------------------------------------------------------


def _spanning_horizontals(
    edges: list[Edge], x0: float, x1: float, share: float = SPANNING_RULE_SHARE
) -> list[float]:
    return sorted(
        e.y for e in edges if e.horizontal and overlap(e.x0, e.x1, x0, x1) >= share * (x1 - x0)
    )


def _table_bottom(
    words: list[Word],
    edges: list[Edge],
    model: ColumnModel,
    header_bottom: float,
    limit: float,
    space: float,
    header_top: float | None = None,
) -> float:
    """The lowest rule of the table: rules further down that enclose prose running across
    the columns (the next section's title rows, printed in ruled boxes), or a band no column
    rule enters under column-ruled rows (`_column_ruled_rows`), are not the table's; nor are
    rules under its last text that enclose none (html Word/HTML 1089 `09`: the next box's
    top rule, a margin under this one's bottom, made the bottom a rule inside the table,
    and its unruled merged cells one ruled cell: objective 2.2 read into 2.1).
    `header_top`: where the header starts (its bottom if not given), for the table's frame
    (`_frame_bottom`)."""
    ys = sorted(
        y
        for y in _spanning_horizontals(edges, model.x0, model.x1)
        if header_bottom + POINT_SLACK
        < y
        <= limit + POINT_SLACK  # the rule over the next header closes this table
    )
    ys = _column_ruled_rows([header_bottom, *ys], edges, model)[1:]
    if not ys:
        # Unruled: the table ends at a blank gap, or at the first line of prose under it
        # (the next section's title, printed between two tables on one page), both sought
        # under the table's frame where its side rules run on from the header.
        inside = [w for w in words if model.x0 <= w.xmid <= model.x1]
        frame = _frame_bottom(
            edges, model, header_bottom if header_top is None else header_top, header_bottom
        )
        framed = max(header_bottom, min(frame, limit))
        prose_top = _prose_top(inside, model, space, framed, limit, edges)
        return _text_bottom(words, model, framed, prose_top or limit)
    bottom = filled = header_bottom
    cells = _cell_edges(words, model)
    for y in ys:
        lines = group_lines([w for w in words if bottom < w.ymid < y])
        if any(_prose_line(line, model, space, edges, cells) for line in lines):
            if bottom == header_bottom:  # rows, then a title, above the first rule
                prose_top = _prose_top(words, model, space, bottom, y, edges)
                return _text_bottom(words, model, header_bottom, prose_top or y)
            break
        if y > limit - POINT_SLACK and not any(_in_several_columns(line, model) for line in lines):
            break  # up to the next header's rule only across a row, not a title above it
        bottom = y
        filled = y if lines else filled
    # Rules under the last text enclose no row: the margin between this table's box and the
    # next one's (the next table's top rule), or the second line of a double border.
    bottom = filled if filled > header_bottom else bottom
    bottom = bottom if bottom > header_bottom else ys[-1]
    return _open_bottom(words, edges, model, bottom, limit, space)


def _frame_bottom(
    edges: list[Edge], model: ColumnModel, header_top: float, header_bottom: float
) -> float:
    """Where the rules at both sides of the table, running down from its header, end: the
    frame of a table ruled around its outline only (no rule between rows), whose lines are
    all its rows' (a cell's line a word space from its neighbour's reads as prose crossing
    the columns: Calc held-out 2727 `10`), blanks too (under a tall row's text, above a
    merged cell's text aligned to its bottom: 2391 `05`). A side rule starts in the header
    (at its top, or at its bottom where the header's box is drawn apart); one from higher up
    frames more than the table (a page border, a box around the titles too). `header_bottom`
    where a side has no such rule."""
    sides = [
        [
            e.bottom
            for e in edges
            if not e.horizontal
            and abs(e.x - x) <= POSITION_SLACK
            and header_top - POINT_SLACK <= e.top <= header_bottom + POINT_SLACK < e.bottom
        ]
        for x in (model.x0, model.x1)
    ]
    return min(max(side, default=header_bottom) for side in sides)


def _open_bottom(
    words: list[Word],
    edges: list[Edge],
    model: ColumnModel,
    bottom: float,
    limit: float,
    space: float,
) -> float:
    """Where the table's column rules run on below its last horizontal rule, around table
    cells: a row cut by a page break whose bottom border the producer does not draw there
    (a browser draws a cell's bottom border where the row ends, not where a page cuts it).
    Rules running on around prose (a title box under the table) do not extend it."""
    ends = [
        e.bottom
        for e in edges
        if not e.horizontal and model.x0 <= e.x <= model.x1 and e.top < bottom < e.bottom
    ]
    if len(ends) >= OPEN_BOTTOM_RULES:
        end = min(max(ends), limit)
    elif _closed_at(edges, model, bottom):
        return bottom
    else:  # rules between rows only (column rules, if any, in the header's shading alone):
        # the cut row's text, right under its top rule
        inside = [w for w in words if model.x0 <= w.xmid <= model.x1 and bottom < w.ymid]
        first = min(inside, key=lambda w: w.top, default=None)
        if first is None or first.top - bottom > OPEN_ROW_GAP * first.size:
            return bottom
        end = min(_text_bottom(words, model, bottom, limit), limit)
        below = group_lines([w for w in words if bottom < w.ymid < end])
        if below and all(_merged_cells_alone(line, model) for line in below):
            return bottom  # merged cells' text run on under the box (`_overflow`), no row
    lines = group_lines([w for w in words if bottom < w.ymid < end])
    cells = _cell_edges(words, model)
    if (
        not lines
        or not any(
            _in_several_columns(line, model)
            or _in_open_cell(line, edges, model)
            or _number_cell_alone(line, model)
            for line in lines
        )
        or any(_crosses_columns(line, model, space, edges, cells) for line in lines)
    ):
        return bottom
    return end


def _merged_cells_alone(line: list[Word], model: ColumnModel) -> bool:
    """A line in the hierarchy columns alone: merged cells' text run on under the table's
    last rule, no cut row's (a row has cells in the leaf columns). WeasyPrint closes the
    box of a table cut by a page break under its last row and lets a rowspan cell's text
    run on below it (weasy held-out 3737 `01`: an action and its objective, read on past
    the box's bottom as two cells of their own, under no activity)."""
    return all((k := _column_of(w, model)) is not None and model.columns[k].spanning for w in line)


def _closed_at(edges: list[Edge], model: ColumnModel, y: float) -> bool:
    """Column rules run down to the rule at `y` and (fewer than `OPEN_BOTTOM_RULES` of them)
    no further: the table's box closes there, and what stands under it is not its rows."""
    verticals = [
        e
        for e in edges
        if not e.horizontal
        and model.x0 <= e.x <= model.x1
        and e.top < y <= e.bottom + POSITION_SLACK
    ]
    return bool(verticals) and sum(y < e.bottom for e in verticals) < OPEN_BOTTOM_RULES


def _number_cell_alone(line: list[Word], model: ColumnModel) -> bool:
    """A line alone in the number column that prints an item number and nothing else: the
    number cell of a row cut by the page break, its other cells moved whole to the next page
    (WeasyPrint keeps at the foot only the cells whose lines may part there: held-out weasy
    3450 `11`, '2.2.3.' under the last row's rule, its activity opening the next page). No
    title or note under a table is an item number in the number column."""
    column = model.field_index("activity_number")
    return (
        column is not None
        and all(model.index_of(w.xmid) == column for w in line)
        and bare_number(line_text(line)) is not None
    )


def _in_open_cell(line: list[Word], edges: list[Edge], model: ColumnModel) -> bool:
    """A line alone in one column whose two sides are ruled through its height, under the
    table's last row rule: the rest of a cell at a page's foot. A browser cuts a cell
    spanning rows at the page's end, not at the end of the last row that fits there, and
    draws no bottom border where it cuts it; its sides run on. WeasyPrint, splitting a row,
    keeps at the foot only the cells whose lines may be parted there (the others move
    whole to the next page), so a row's rest may stand in one leaf column alone."""
    columns = {model.index_of(w.xmid) for w in line}
    index = columns.pop() if len(columns) == 1 else None
    if index is None:
        return False
    column = model.columns[index]
    verticals = _verticals(edges, min(w.top for w in line), max(w.bottom for w in line))
    return all(any(abs(v - x) <= POSITION_SLACK for v in verticals) for x in (column.x0, column.x1))


def _prose_top(
    words: list[Word],
    model: ColumnModel,
    space: float,
    top: float,
    bottom: float,
    edges: Sequence[Edge] = (),
) -> float | None:
    """Top of the first line between `top` and `bottom` that runs across the columns."""
    lines = group_lines([w for w in words if top < w.ymid < bottom])
    cells = _cell_edges(words, model)
    flags = _prose_lines(lines, model, space, edges, cells)
    k = next((i for i, flag in enumerate(flags) if flag), None)
    if k is None:
        return None
    return min(w.top for w in lines[_title_start(lines, k, _body_size(words))])


def _title_start(lines: list[list[Word]], k: int, body_size: float) -> int:
    """The first line of the title whose line `k` runs across the columns (`_prose_line`):
    the lines right above it set larger than the body (`_in_body_print`) are its lines too,
    a short one alone in a column included (html and weasy held-out 3939 `07`: 'Plan de
    Trabajo 2023', bold 8.5 pt centred over a 7.5 pt body, alone in the collaborators'
    column over the commission's name that crosses them, read into the last row of an
    unruled table above it)."""
    while k > 0 and not _in_body_print(lines[k - 1], body_size):
        k -= 1
    return k


def _prose_line(
    line: list[Word], model: ColumnModel, space: float, edges: Sequence[Edge], cells: CellEdges
) -> bool:
    """A line of prose under or between a table's rows (a title, the next section's
    heading): it runs across the columns (`_crosses_columns`) and is not cells' text side
    by side, each piece at its column's text edge (`_cells_side_by_side`: in a monospaced
    font an action's line that fills its cell ends a word space from the objective's text
    beside it; cells set flush left fill up to a space from the next column's text)."""
    return _crosses_columns(line, model, space, edges, cells) and not _cells_side_by_side(
        line, model, cells
    )


def _cells_side_by_side(line: list[Word], model: ColumnModel, cells: CellEdges) -> bool:
    """A line whose words of each column start at that column's left text edge
    (`CellEdges`), in hierarchy columns only (the text of merged cells that runs on below
    the last row, side by side: an action and its objective) or in `CELLS_SIDE_BY_SIDE`
    columns or more (a row's line, Calc held-out 2828 `08`), not a title. A title crossing
    the columns lands on a column's text edge only by chance, and on several at once not
    at all."""
    pieces: dict[int, list[Word]] = {}
    for word in line:
        index = model.index_of(word.xmid)
        if index is None:
            return False
        pieces.setdefault(index, []).append(word)
    merged = all(model.columns[index].spanning for index in pieces)
    return (
        len(pieces) > 1
        and (merged or len(pieces) >= CELLS_SIDE_BY_SIDE)
        and all(
            any(abs(piece[0].x0 - x) <= POINT_SLACK / 2 for x in cells.starts.get(index, []))
            for index, piece in pieces.items()
        )
    )


def _text_bottom(words, model: ColumnModel, top: float, limit: float) -> float:
    """The bottom of an unruled table's text from `top`: it ends at a blank of
    `TABLE_END_GAP_EM`, unless a row starts under the blank (`_row_starts`): a spreadsheet's
    rows keep the height they were given, and a row taller than its text leaves such a
    blank under it."""
    inside = sorted(
        (w for w in words if top < w.ymid < limit and model.x0 <= w.xmid <= model.x1),
        key=lambda w: w.top,
    )
    bottom = top
    body_size = _body_size(words)
    for k, word in enumerate(inside):
        if (
            bottom > top
            and word.top - bottom > TABLE_END_GAP_EM * word.size
            and not _row_starts(inside[k:], model, word.top, word.size, body_size)
        ):
            break
        bottom = max(bottom, word.bottom)
    return bottom + POINT_SLACK / 2


def _row_starts(
    words: list[Word], model: ColumnModel, top: float, size: float, body_size: float
) -> bool:
    """At least `ROW_START_COLUMNS` columns start their text at `top` (within
    `ROW_START_EM`): a row of cells side by side, not a title or a note under the table.
    Only lines in the body's print count (`_in_body_print`), and a phrase in the column it
    starts in: titles are set larger and run across the columns (fpdf 2424 `06`: the next
    section's 'Plan de Trabajo 2024' and the commission's name under it, 10 pt over an 8 pt
    body, counted as a row and carried the table on over the next section)."""
    starting = [
        w
        for w in words
        if w.top - POINT_SLACK <= top + ROW_START_EM * size and _in_body_print([w], body_size)
    ]
    columns = {model.index_of(phrase[0].xmid) for line in _phrases(starting) for phrase in line}
    return len(columns - {None}) >= ROW_START_COLUMNS


def _continuation_band(
    words: list[Word],
    edges: list[Edge],
    model: ColumnModel,
    space: float,
    above_header: bool = False,
    left_edges: dict[int, float] | None = None,
    body_size: float | None = None,
) -> tuple[float, float] | None:
    """Vertical extent of a header-less table that continues `model` on this page
    (`body_size`: the size of the page's body text, `_body_size`; of `words` if not given).

    Text whose phrases run across column boundaries (a title row, a general objective) is
    not table text: the band starts below such lines at the top of a page without a header
    and ends at the next one (the next section's title under the table's last rows), unless
    the line is merged cells' text side by side (`_prose_line`: an action a word space from
    its objective, Calc held-out 2828 `02`). Above
    a header (`above_header`) the rows come first, and lines without cells side by side
    there are title rows, unless they stand in a row of ruled cells (`_in_ruled_cells`: a
    merged cell's text run on from the page before, alone in its column). On a page without a
    header, lines opening the page alone in their columns are the table's where each starts
    at its column's text edge on the page before (`left_edges`, `_cut_cell_rests`)."""
    inside = [w for w in words if model.x0 <= w.xmid <= model.x1]
    lines = group_lines(inside)
    cells = _cell_edges(inside, model)
    if body_size is None:
        body_size = _body_size(words)
    is_prose = _prose_lines(lines, model, space, edges, cells)
    start = 0 if above_header else next((i for i, p in enumerate(is_prose) if not p), len(lines))
    end = next((i for i in range(start, len(lines)) if is_prose[i]), len(lines))
    if end < len(lines):
        end = max(start, _title_start(lines, end, body_size))
    floor = max(w.bottom for w in lines[start - 1]) if start else -1.0
    ceiling = min(w.top for w in lines[end]) if end < len(lines) else math.inf
    lines = lines[start:end]
    if above_header:
        # A cut cell's rest opening the page over the next section's title rows: the first
        # title line, set larger than the body and alone in a column (no prose across the
        # columns), ends it (Word/HTML 1159 docx `03`: an objective's 'riesgo de ES y ESC.'
        # over 'Plan de Trabajo 2023', read with it as title rows and lost from the cell).
        k = next((i for i, ln in enumerate(lines) if not _in_body_print(ln, body_size)), 0)
        if k and _one_cell_rest(lines[:k], model, cells, left_edges or {}, body_size):
            ceiling, lines = min(w.top for w in lines[k]), lines[:k]
    cell_rest = above_header and _one_cell_rest(lines, model, cells, left_edges or {}, body_size)
    if (
        above_header
        and not cell_rest
        and not any(
            _in_several_columns(line, model) or _in_ruled_cells(line, edges, model)
            for line in lines
        )
    ):
        return None  # title rows, not the rest of a table
    if not lines:
        return None
    ys = _column_ruled_rows(
        [
            y
            for y in _spanning_horizontals(edges, model.x0, model.x1)
            if floor < y < ceiling + POINT_SLACK
        ],
        edges,
        model,
    )
    if len(ys) >= 2:
        top, bottom = ys[0], ys[-1]
        if any(top < w.ymid < bottom for ln in lines for w in ln):
            limit = min(ceiling, max(w.bottom for w in words) + POINT_SLACK)
            opened = _open_top(lines, model, top, edges, cells, left_edges or {}, body_size)
            return opened, _open_bottom(words, edges, model, bottom, limit, space)
    if (
        not cell_rest
        and not any(_in_several_columns(line, model) for line in lines)
        and not (start == 0 and _cut_cell_rests(lines, model, left_edges or {}, body_size))
    ):
        return None  # table text fills several columns somewhere
    top = min(w.top for w in lines[0]) - POINT_SLACK / 2
    bottom = min(_text_bottom(words, model, top, math.inf), ceiling - POINT_SLACK / 2)
    # A rule under the band's first line where the column rules end closes the table: a
    # title under it, no prose by its spacing (a short one in one column), is no row's
    # (Word/HTML 1139 html `09`: 'Plan de Trabajo 2023' under a cut row and a stamp,
    # read as its collaborators' last line).
    return top, next((y for y in ys if top < y < bottom and _closed_at(edges, model, y)), bottom)


def _column_ruled_rows(ys: list[float], edges: list[Edge], model: ColumnModel) -> list[float]:
    """The rules `ys` down to the first band between two of them that no column rule enters,
    under a band that one does: a table ruled between its columns has no row without a
    column rule (a plan row has cells side by side), so that band is another table's, or a
    title row boxed across the width (reportlab held-out 2020 `00`: the next section's
    'Plan de Trabajo 2024' in a box under the table, read as a row of it). Without column
    rules anywhere (rules between rows only, or a box) every band stays."""
    inner = [
        e
        for e in edges
        if not e.horizontal and model.x0 + POSITION_SLACK < e.x < model.x1 - POSITION_SLACK
    ]
    ruled = False
    for k, (a, b) in enumerate(itertools.pairwise(ys)):
        if any(e.top < b - POINT_SLACK and e.bottom > a + POINT_SLACK for e in inner):
            ruled = True
        elif ruled:
            return ys[: k + 1]
    return ys


def _open_top(
    lines: list[list[Word]],
    model: ColumnModel,
    top: float,
    edges: list[Edge],
    cells: CellEdges,
    left_edges: dict[int, float],
    body_size: float,
) -> float:
    """The top of a continued table whose first row has no rule above it: a browser draws a
    row's top border where the row starts, not where a page break cuts it, so the rest of a
    cut row (or a row whose shared border was drawn on the page before) opens the page
    above the first rule. Lines above `top` of cells side by side, or standing in ruled
    cells (`_in_ruled_cells`: the rest of one cell, its neighbours' boxes drawn empty), or
    all in one column flush with its text edge (`_one_cell_rest`: no column rules drawn),
    are that row."""
    above = [line for line in lines if max(w.ymid for w in line) < top]
    if not above:
        return top
    if not _one_cell_rest(above, model, cells, left_edges, body_size) and not any(
        _in_several_columns(line, model) or _in_ruled_cells(line, edges, model) for line in above
    ):
        return top
    return min(w.top for w in above[0]) - OPEN_TOP_SLACK


RULED_ROW_SHARE = 0.5
"""Share of a column model's inner bounds that vertical rules must mark through a line's
height for the line to stand in a row of ruled cells: a title row inside a grid is one cell
across, crossed by no inner rule."""


def _in_ruled_cells(line: list[Word], edges: list[Edge], model: ColumnModel) -> bool:
    """A line standing in a row of ruled cells, the model's column rules running through its
    height: table text even when only one cell holds words (the rest of a merged cell cut by
    a page break), never a title row."""
    verticals = _verticals(edges, min(w.top for w in line), max(w.bottom for w in line))
    inner = [column.x1 for column in model.columns[:-1]]
    marked = sum(any(abs(v - x) <= POSITION_SLACK for v in verticals) for x in inner)
    return bool(inner) and marked >= RULED_ROW_SHARE * len(inner)


def _one_cell_rest(
    lines: list[list[Word]],
    model: ColumnModel,
    cells: CellEdges,
    left_edges: dict[int, float],
    body_size: float,
) -> bool:
    """Lines that are the rest of one cell cut by the page break, where no rule says so (a
    producer that draws only the table's outer box, or only rules between rows): all in one
    column, every line starting at that column's left text edge. For a hierarchy column (a
    merged cell) that edge is where several of the page's lines of the column start
    (`CellEdges`); for a row's cell, where the column's text started on the page before
    (`left_edges`): a title left-aligned at the page's margin can start where this page's
    first column does, the rest of a row cut by the break starts where its column did.
    Title rows are centred or run across the columns, or are set larger than the body text
    (`_in_body_print`: a centred title may meet a column's edge by chance); a paragraph's
    lines in one column, flush with its cells' padding, are cell text."""
    if not all(_in_body_print(line, body_size) for line in lines):
        return False
    columns = {model.index_of(w.xmid) for line in lines for w in line}
    index = columns.pop() if len(columns) == 1 else None
    if index is None:
        return False
    starts = [left_edges[index]] if index in left_edges else []
    if model.columns[index].spanning:
        starts += cells.starts.get(index, [])
    return bool(starts) and all(
        any(abs(line[0].x0 - x) <= POINT_SLACK / 2 for x in starts) for line in lines
    )


def _cut_cell_rests(
    lines: list[list[Word]], model: ColumnModel, left_edges: dict[int, float], body_size: float
) -> bool:
    """Lines opening a page without a header, each alone in its column, that are the rests
    of cells a page break cut (a row allowed to break across pages, printed with no rules
    and no repeated header: one word of an indicator, or an action's and an objective's
    last lines at their own heights): every line starts at the left edge where its column's
    text started on the page before (`left_edges`), set no larger than the page's body
    text (`body_size`, `TITLE_SIZE_SHARE`). A note or a closing line under the table starts
    at the page's margin or is centred; it meets a column's text edge only by chance, never
    on every line. A title set larger may meet it too (weasy 2329 `09`: 'Plan de Trabajo
    2023', bold 8.5 pt centred on the page, 0.1 pt from the collaborators' edge, read into
    the cell above with no finding)."""
    return bool(lines) and all(
        (index := model.index_of(line[0].xmid)) is not None
        and index in left_edges
        and abs(line[0].x0 - left_edges[index]) <= POINT_SLACK / 2
        and _in_body_print(line, body_size)
        for line in lines
    )


TITLE_SIZE_SHARE = 0.05
"""Share by which a line set larger than the page's body text is a title's, not a cell's:
producers set a cell's text in the body size (within rounding), titles a point or more up."""


def _in_body_print(line: list[Word], body_size: float) -> bool:
    """The line is set no larger than the page's body text (`TITLE_SIZE_SHARE`)."""
    return max(w.size for w in line) <= (1 + TITLE_SIZE_SHARE) * body_size


def _body_size(words: list[Word]) -> float:
    """The size most of the words are set in (their median); 0 without words."""
    return sorted(w.size for w in words)[len(words) // 2] if words else 0.0


def _in_several_columns(line: list[Word], model: ColumnModel) -> bool:
    """A line of table cells side by side (a row), not a title in one column."""
    return len({model.index_of(w.xmid) for w in line}) > 1


@dataclass(frozen=True)
class CellEdges:
    """Per column, the x where several of the page's lines of that column start, and where
    several end: a left edge, and the right edge of justified cells (every full line of a
    justified cell ends at the cell's right padding)."""

    starts: dict[int, list[float]]
    ends: dict[int, list[float]]

    def gutter(self, left: Word, right: Word, model: ColumnModel) -> bool:
        """`left` ends at its column's justified edge and `right` starts at its column's
        left edge: two cells side by side, whatever the gap; prose running across the
        bound lands on both edges only by chance."""
        a, b = model.index_of(left.xmid), model.index_of(right.xmid)
        return (
            a is not None
            and b is not None
            and any(abs(left.x1 - x) <= POINT_SLACK / 2 for x in self.ends.get(a, []))
            and any(abs(right.x0 - x) <= POINT_SLACK / 2 for x in self.starts.get(b, []))
        )


def _cell_edges(words: list[Word], model: ColumnModel) -> CellEdges:
    starts: dict[int, list[float]] = {}
    ends: dict[int, list[float]] = {}
    by_column: dict[int, list[Word]] = {}
    for word in words:
        index = model.index_of(word.xmid)
        if index is not None:
            by_column.setdefault(index, []).append(word)
    for index, column in by_column.items():
        lines = group_lines(column)
        starts[index] = _shared_xs([line[0].x0 for line in lines])
        ends[index] = _shared_xs([line[-1].x1 for line in lines])
    return CellEdges(starts, ends)


def _shared_xs(xs: list[float]) -> list[float]:
    """The xs at which at least `JUSTIFIED_EDGE_LINES` of `xs` fall (within half a point).
    Each x counts only the xs of a window around it, found by bisection in the sorted xs
    (a window twice as wide as the reach, the reach itself tested as written): a column of
    n lines costs n log n instead of n²."""
    reach = POINT_SLACK / 2
    ordered = sorted(xs)
    shared = set()
    for x in xs:
        window = ordered[bisect_left(ordered, x - 2 * reach) : bisect_right(ordered, x + 2 * reach)]
        if sum(1 for other in window if abs(other - x) <= reach) >= JUSTIFIED_EDGE_LINES:
            shared.add(x)
    return sorted(shared)


def _crosses_columns(
    line: list[Word],
    model: ColumnModel,
    space: float,
    edges: Sequence[Edge] = (),
    cells: CellEdges | None = None,
) -> bool:
    """Words a word space apart across most of the column bounds the line crosses: prose
    running across the columns, not table cells side by side.

    The word space is the one printed beside each bound, in the runs of words on either side
    (the line's own where a side has a single word, else the page's): a monospaced space is
    nearly as wide as two cell paddings, so a gap across a bound only a little wider than
    the spaces next to it is a gutter; a title set larger than the body has wider spaces.
    A justified paragraph stretches every space of a line alike, so prose running across the
    columns has the same gap at each bound as beside it, while justified cells side by side
    each stretch their own spaces: at some bound a stretched space may match the gutter by
    chance, not at most of them. A gap that a drawn vertical rule (of `edges`) runs through
    parts two cells whatever its width, and so does one between a justified cell's right
    edge and the next cell's left edge (`cells`: the page's edges, `CellEdges`), and one
    wider than any word space of prose (`STRETCHED_SPACE_EM`: it matches only the stretch of
    a short justified line in a cell beside it)."""
    if _one_phrase_astride(line, model):
        return True
    columns = [model.index_of(w.xmid) for w in line]
    gaps = [right.x0 - left.x1 for left, right in zip(line, line[1:], strict=False)]
    across = [columns[i] != columns[i + 1] for i in range(len(gaps))]
    inner = sorted(gap for gap, a in zip(gaps, across, strict=True) if not a)
    line_space = inner[len(inner) // 2] if inner else space
    spaced = [
        gap <= STRETCHED_SPACE_EM * max(line[i].size, line[i + 1].size)
        and not _ruled_apart(line[i], line[i + 1], edges)
        and not (cells is not None and cells.gutter(line[i], line[i + 1], model))
        and all(
            _same_spacing(gap, s, max(line[i].size, line[i + 1].size))
            for s in [gaps[j] for j in (i - 1, i + 1) if 0 <= j < len(gaps) and not across[j]]
            or [line_space]
        )
        for i, gap in enumerate(gaps)
        if across[i]
    ]
    return bool(spaced) and 2 * sum(spaced) > len(spaced)


def _prose_lines(
    lines: list[list[Word]],
    model: ColumnModel,
    space: float,
    edges: Sequence[Edge],
    cells: CellEdges,
) -> list[bool]:
    """Per line (top to bottom), whether it is prose running across the columns
    (`_prose_line`), unless it goes on with a cell above it
    (`_goes_on_in_a_cell`): then it is a cell's line, even where its words and a
    neighbour's happen to sit a word space apart across the bound (a long word a narrow
    cell breaks inside, left short of the cell's edge, beside a justified line of the next
    cell: Chromium's and WeasyPrint's 'gubernamental' / 'es')."""
    prose: list[bool] = []
    for k, line in enumerate(lines):
        crossing_line = _prose_line(line, model, space, edges, cells)
        prose.append(crossing_line and not _goes_on_in_a_cell(line, lines[:k], prose, model))
    return prose


def _goes_on_in_a_cell(
    line: list[Word], above: list[list[Word]], prose: list[bool], model: ColumnModel
) -> bool:
    """In some column, the nearest line above with words in it is a line of cells side by
    side (no prose, `prose`, and in several columns) and `line`'s words there follow it
    within one cell's leading (`LINE_LEADING_SHARE`): the next line of that cell. A title
    or a title row stands further down, below the cells' padding (or a rule); a title's
    next line follows a title's line, alone in one column or running across them."""
    for index in {model.index_of(w.xmid) for w in line} - {None}:
        words = [w for w in line if model.index_of(w.xmid) == index]
        k = next(
            (
                j
                for j in range(len(above) - 1, -1, -1)
                if any(model.index_of(w.xmid) == index for w in above[j])
            ),
            None,
        )
        if k is None or prose[k] or not _in_several_columns(above[k], model):
            continue
        reach = max(w.bottom for w in above[k] if model.index_of(w.xmid) == index)
        top = min(w.top for w in words)
        if at_leading(top, reach, max(w.size for w in words)):
            return True
    return False


def at_leading(top: float, reach: float, size: float) -> bool:
    """A line starting at `top` follows a line reaching down to `reach` within one cell's
    leading (`LINE_LEADING_SHARE` of the font `size`): the same cell's next line, where a
    new cell, row or title stands a padding or more further down."""
    return top - reach <= LINE_LEADING_SHARE * size


def _one_phrase_astride(line: list[Word], model: ColumnModel) -> bool:
    """The line is one phrase (no gap wider than a word space) and a word of it stands
    astride a column bound, well into both columns (`ASTRIDE_EM`): a cell's words stay
    inside its column, so this is a title running across them, whatever its spacing (a
    browser kerns the spaces of a bold capitalised title unevenly)."""
    if len(line) < 2 or len(_phrases(line)[0]) != 1:
        return False
    bounds = [c.x1 for c in model.columns[:-1]]
    return any(
        w.x0 + ASTRIDE_EM * w.size < x < w.x1 - ASTRIDE_EM * w.size for w in line for x in bounds
    )


ASTRIDE_EM = 1.0
"""Em: a word that reaches this far into the columns on both sides of a bound stands astride
it (a word printed right up to a bound, or a bound placed a little off, does not)."""


def _same_spacing(gap: float, word_space: float, size: float = 0.0) -> bool:
    """A gap of one word space: no more than a little wider than `word_space`, and not much
    narrower (a gutter between justified cells is narrower than their stretched spaces).
    The words' font `size` bounds the slack from below (`SPACE_SLACK_EM`)."""
    slack = max(SPACE_SLACK, SPACE_SLACK_SHARE * word_space, SPACE_SLACK_EM * size)
    return (1 - NARROWER_SPACE_SHARE) * word_space <= gap <= word_space + slack


def _ruled_apart(left: Word, right: Word, edges: Sequence[Edge]) -> bool:
    """A drawn vertical rule runs between the two words, beside them."""
    ymid = (left.ymid + right.ymid) / 2
    return any(
        not e.horizontal and left.xmid < e.x < right.xmid and e.top <= ymid <= e.bottom
        for e in edges
    )


def _space_width(words: list[Word]) -> float:
    """The page's word spacing (median gap between neighbours on a line): monospaced and
    proportional fonts differ too much for a fixed share of the font size."""
    gaps = sorted(
        b.x0 - a.x1
        for a, b in zip(words, words[1:], strict=False)
        if abs(a.ymid - b.ymid) < ALIGNED_LINE_SHARE * a.size and 0 < b.x0 - a.x1 < a.size
    )
    return gaps[len(gaps) // 2] if gaps else DEFAULT_SPACE


def _build_table(
    page: int,
    edges: list[Edge],
    words: list[Word],
    model: ColumnModel,
    header_words: list[Word],
    header_top: float,
    top: float,
    bottom: float,
    known_depth: int = 0,
) -> PageTable:
    """The table between `top` and `bottom` under `model`: its rows (cut by rules, else by
    blanks and numbered lines), spanning cells and the words outside its columns.
    `known_depth` is how deep the item numbers of the table before it go (`_number_starts`)."""
    header_ids = {w.seq for w in header_words}
    inside = [w for w in words if top < w.ymid < bottom and w.seq not in header_ids]
    model = _widened_to_its_lines(model, inside)
    inside = [w for w in inside if _within(w, model)]
    outside = [w for w in inside if _column_of(w, model) is None]
    by_column: dict[int, list[Word]] = {}
    for word in inside:
        index = _column_of(word, model)
        if index is not None:
            by_column.setdefault(index, []).append(word)
    _to_the_next_text_edge(by_column, model)
    leaf = [i for i, c in enumerate(model.columns) if not c.spanning]
    horizontals = [
        e for e in edges if e.horizontal and top + POINT_SLACK < e.y < bottom - POINT_SLACK
    ]
    rules = _row_rules(horizontals, model, leaf)
    # A rule above every body word parts no rows: it closes the header (drawn under part of
    # it, the labels of a group, it is no rule across the table). Words of the hierarchy
    # columns above it count: on a page without a header, the rest of a row cut by the page
    # break may hold only the action's and the objective's last lines (flat, unmerged cells).
    # Nor does a rule under every body word: a box's bottom, drawn inside the band that the
    # text below it stretches (Word 1059 `00`, rows unruled inside a box): the rows are
    # then cut as unruled rows are.
    rule_ys = _parting(rules, [w for ws in by_column.values() for w in ws])
    row_ys = rule_ys or _row_gaps(
        [by_column.get(i, []) for i in leaf], _numbered_lines(by_column, model, known_depth)
    )
    rest = None if rule_ys else _rest_above_first_row(by_column, model)
    if rest is not None and all(y > rest for y in row_ys):
        row_ys = [rest, *row_ys]
    cuts = [top, *row_ys, bottom]
    rows = [Row(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
    for i in leaf:
        for word in by_column.get(i, []):
            row = next((r for r in rows if r.top <= word.ymid < r.bottom), rows[-1])
            row.cells.setdefault(i, []).append(word)
    rows = [r for r in rows if r.cells]
    ruled = bool(rule_ys) or (len(rows) <= 1 and _closed_by_rules(edges, model, top, bottom))
    spanning = {
        i: _spanning_cells(
            i, by_column.get(i, []), horizontals, model.columns[i], top, bottom, ruled
        )
        for i, c in enumerate(model.columns)
        if c.spanning
    }
    for i, cells in spanning.items():
        if cells:
            cells[-1].words.extend(_overflow(cells[-1].words, words, model, i, bottom))
    limits = {
        i: (min(w.x0 for w in ws), max(w.x1 for w in ws)) for i, ws in by_column.items() if ws
    }
    return PageTable(
        page,
        model,
        header_words,
        header_top,
        top,
        bottom,
        rows,
        spanning,
        [],
        outside,
        limits,
        number_depth=_rows_number_depth(rows, model),
    )


def _rows_number_depth(rows: list[Row], model: ColumnModel) -> int:
    """Levels of the deepest item number the rows' number cells print, each cell's lines
    read as one number (a narrow column wraps it: '2.3.' / '1.'); 0 without a number
    column or numbers."""
    index = model.field_index("activity_number")
    if index is None:
        return 0
    return max(
        (
            number_depth("".join(line_text(line) for line in group_lines(row.cells[index])))
            for row in rows
            if row.cells.get(index)
        ),
        default=0,
    )


def _within(word: Word, model: ColumnModel) -> bool:
    """The word stands between the table's outer bounds (its middle, with `POSITION_SLACK`
    to spare) or overlaps them."""
    return (
        model.x0 - POSITION_SLACK <= word.xmid <= model.x1 + POSITION_SLACK
        or overlap(word.x0, word.x1, model.x0, model.x1) > 0
    )


def _widened_to_its_lines(model: ColumnModel, band: list[Word]) -> ColumnModel:
    """`model` with its outer columns stretched to the lines that run on past them: a word
    past the outer bound, a word space from the last (first) column's text on its line,
    goes on that column's line. A model carried from the page before (a header printed once,
    no rules) has outer bounds where that page's text ended, and a longer line here reaches
    further (html 2424 `04`: 'asistencia' / 'en', the short word read outside the table)."""
    x0, x1 = model.x0, model.x1
    for line in _phrases(band):
        for phrase in line:
            past = [w for w in phrase if not _within(w, model)]
            if not past or len(past) == len(phrase):
                continue
            x0 = min([x0, *(w.x0 - POINT_SLACK for w in past if w.xmid < model.x0)])
            x1 = max([x1, *(w.x1 + POINT_SLACK for w in past if w.xmid > model.x1)])
    if (x0, x1) == (model.x0, model.x1):
        return model
    columns = list(model.columns)
    columns[0] = replace(columns[0], x0=x0)
    columns[-1] = replace(columns[-1], x1=x1)
    return replace(model, columns=tuple(columns))


def _rest_above_first_row(by_column: dict[int, list[Word]], model: ColumnModel) -> float | None:
    """Where an unruled page's first row starts when the page opens with the rest of a row
    cut by the page break in hierarchy columns only (flat, unmerged cells: the action's and
    the objective's last lines, the row-level cells done on the page before): a hierarchy
    column holds words wholly above the first row-level line and a block of its own level
    with that line, the next row's cell. A merged cell's rest over the next rows has no
    block of the next row beside it, and stays with them."""
    leaf = [w for i, c in enumerate(model.columns) if not c.spanning for w in by_column.get(i, [])]
    if not leaf:
        return None
    first = min(w.top for w in leaf)
    ends = [
        max(w.bottom for w in above)
        for i, column in enumerate(model.columns)
        if column.spanning
        and (above := [w for w in by_column.get(i, []) if w.bottom <= first])
        and any(abs(w.top - first) <= ALIGNED_LINE_SHARE * w.size for w in by_column[i])
    ]
    return (max(ends) + first) / 2 if ends else None


def _to_the_next_text_edge(by_column: dict[int, list[Word]], model: ColumnModel) -> None:
    """Move to the next column each word read in a column (its middle left of the bound) that
    reaches across the bound and starts where the next column's text starts (its leftmost
    word, within half a `POINT_SLACK`): left-aligned lines of one cell start at one x, and a
    line starting at a column's text edge is that column's. A bound carried from a page where
    the next column held no text sits where its label was centred, right of the column's
    text edge (html 2626 `09`: the 'No.' column empty on the page its model was read from);
    a one-character line there ('2.1.1' / '.', the number wrapped in a narrow monospaced
    column) has its middle left of the bound and was read as the objective's."""
    for index in range(len(model.columns) - 1):
        after = by_column.get(index + 1)
        if not after or index not in by_column:
            continue
        bound, edge = model.columns[index].x1, min(w.x0 for w in after)
        moved = {
            w.seq
            for w in by_column[index]
            if w.x0 < bound < w.x1 and abs(w.x0 - edge) <= POINT_SLACK / 2
        }
        if moved:
            after.extend(w for w in by_column[index] if w.seq in moved)
            by_column[index] = [w for w in by_column[index] if w.seq not in moved]


def _column_of(word: Word, model: ColumnModel) -> int | None:
    """The column of a body word: where its middle is, or the outer column it starts (or
    ends) inside. A model carried from another page has outer bounds found from that page's
    text; a longer line here reaches past them and is still the outer column's."""
    index = model.index_of(word.xmid)
    if index is None and model.x0 < word.x1 and word.x0 < model.x1:
        index = 0 if word.xmid < model.x0 else len(model.columns) - 1
    return index


def _numbered_lines(
    by_column: dict[int, list[Word]], model: ColumnModel, known_depth: int = 0
) -> list[list[Word]]:
    """Lines that open a numbered item: in the number column where the table has one (its
    activities then start with no number), else in the activity column. A number wrapped
    inside a narrow number column opens one item, at its first line (`known_depth`: see
    `_number_starts`)."""
    lines = []
    for name in ("activity_number", "activity"):
        index = model.field_index(name)
        if index is None:
            continue
        column = group_lines(by_column.get(index, []))
        if name == "activity_number":
            parent = _parent_depth(by_column, model, known_depth)
            column = _number_starts(column, parent, known_depth)
        lines += column
    return [line for line in lines if starts_with_item_number(line_text(line))]


def _parent_depth(
    by_column: dict[int, list[Word]], model: ColumnModel, known_depth: int = 0
) -> int:
    """Levels of the deepest number the spanning columns print (an objective's '2.1.' → 2):
    an activity's number goes one level deeper than its objective's. Where the spanning
    column next to the activities (the last) prints no number on the page, its cell going
    on from the page before that printed it, an outer column's number (an action's '3.',
    centred in its merged cell) is a floor only: the parent's depth is one level short of
    `known_depth`, the activities' depth on the pages before, where that is deeper (Calc
    held-out 3333 `10`: activity 3.2.2 wrapped '3.2.' / '2.' under the action's '3.' alone,
    read as two items capped at two levels)."""
    spanning = [i for i, column in enumerate(model.columns) if column.spanning]
    depths = {
        i: max(
            (
                number_depth(split_item_number(line_text(line))[0] or "")
                for line in group_lines(by_column.get(i, []))
            ),
            default=0,
        )
        for i in spanning
    }
    printed = max(depths.values(), default=0)
    if printed and not depths[spanning[-1]]:
        return max(printed, known_depth - 1)
    return printed


def _number_starts(
    lines: list[list[Word]], parent_depth: int = 0, known_depth: int = 0
) -> list[list[Word]]:
    """The lines of a number column that start a number: a row's item number is one token,
    which a narrow column wraps ('2.1.' / '1.', '2.' / '1.' / '1'). A line goes on with the
    number above it when it follows at the leading of one cell (no blank between), the two
    read as one number, and it is no complete number itself: complete numbers are as deep as
    the deepest one a line of the column prints whole, and one level deeper than the numbers
    the spanning columns print on the page (`parent_depth`, 0 where they print none), since
    a column so narrow that it wraps every number prints none whole. Where that depth is
    known, no number goes deeper ('2.3.1' / '0.' is 2.3.10; '2.1.1.' / '2.' are two).

    Where neither tells (no spanning number on the page, no line deeper than one level), the
    table before it does: `known_depth`, how deep the numbers of the table on the pages
    before go (`PageTable.number_depth`), the same column of the same plan (html 1515 `03`:
    a page whose only row prints '2.' / '3.' / '9.', read as three rows). Where nothing does,
    the order of the numbers does: items are numbered in increasing order, so a page whose
    lines read one by one go back ('2.', '3.', '2.', '2.', '3.') while read as the wrapped
    numbers of stacked lines they increase ('2.3.2', '2.3.3') prints wrapped numbers."""
    complete = max(
        max((number_depth(line_text(line)) for line in lines), default=0), parent_depth + 1
    )
    if complete <= 1 and known_depth > complete:
        complete = known_depth
    starts = _stacked_numbers(lines, complete, parent_depth)
    if parent_depth == 0 and not _increasing(starts):
        stacked = _stacked_numbers(lines, UNKNOWN_DEPTH, parent_depth)
        if len(stacked) < len(starts) and _increasing(stacked):
            return [line for line, _ in stacked]
    return [line for line, _ in starts]


UNKNOWN_DEPTH = 99
"""A depth no item number reaches: every line at one cell's leading that reads on as one
number goes on with the number above it."""


def _stacked_numbers(
    lines: list[list[Word]], complete: int, parent_depth: int
) -> list[tuple[list[Word], str]]:
    """Each line that starts a number, with the whole number read from it and the lines
    under it that go on with it (see `_number_starts`)."""
    starts: list[tuple[list[Word], str]] = []
    head = ""
    for before, line in zip([None, *lines], lines, strict=False):
        text = line_text(line)
        goes_on = (
            before is not None
            and at_leading(min(w.top for w in line), max(w.bottom for w in before), line[0].size)
            and bare_number(head + text) is not None
            and number_depth(text) < complete
            and not (parent_depth and number_depth(head + text) > parent_depth + 1)
        )
        head = head + text if goes_on else text
        if goes_on:
            starts[-1] = (starts[-1][0], head)
        else:
            starts.append((line, text))
    return starts


def _increasing(starts: list[tuple[list[Word], str]]) -> bool:
    """The numbers read (those that are numbers) strictly increase, part by part."""
    keys = [
        tuple(int(part) for part in number.split("."))
        for _, text in starts
        if (number := bare_number(text)) is not None
    ]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


def _row_rules(horizontals: list[Edge], model: ColumnModel, leaf: list[int]) -> list[float]:
    """y of rules that cross most row-level columns: the row boundaries."""
    votes: dict[float, set[int]] = {}
    for edge in horizontals:
        for i in leaf:
            column = model.columns[i]
            if overlap(edge.x0, edge.x1, column.x0, column.x1) >= ROW_RULE_SHARE * (
                column.x1 - column.x0
            ):
                key = next((y for y in votes if abs(y - edge.y) < POSITION_SLACK), edge.y)
                votes.setdefault(key, set()).add(i)
    return sorted(y for y, cols in votes.items() if len(cols) >= max(1, len(leaf) // 2))


def _row_gaps(columns: list[list[Word]], numbered_lines: list[list[Word]]) -> list[float]:
    """Row boundaries of an unruled body: blank space across every row-level column below
    which several columns start at once (a gap inside one cell, before a bullet, is not a
    row), or a line that opens a new numbered item in the activity column."""
    words = [w for column in columns for w in column]
    if not words:
        return []
    size = _body_size(words)
    intervals = sorted((w.top, w.bottom) for w in words)
    cuts = []
    reach = intervals[0][1]
    for top, bottom in intervals[1:]:
        if not at_leading(top, reach, size):  # more than the leading in one cell
            starting = sum(
                1
                for column in columns
                if any(top - POINT_SLACK <= w.top < top + ROW_START_EM * size for w in column)
            )
            if starting >= ROW_START_COLUMNS:
                cuts.append((reach + top) / 2)
        reach = max(reach, bottom)
    starts = [min(w.top for w in line) for line in numbered_lines]
    for top in [*starts, *_resumed_lines(columns, size)]:
        above = [w.bottom for w in words if w.bottom <= top + POINT_SLACK / 2]
        if above and not any(abs(c - top) < size for c in cuts):
            cuts.append((max(above) + top) / 2)
    return sorted(cuts)


def _resumed_lines(columns: list[list[Word]], size: float) -> list[float]:
    """Tops of lines where several columns take up their text again after a blank of their
    own: rows that touch (no rule, no blank across the table: a word processor's cells have
    no margin above and below) start where every column but the one with the longest cell
    of the row above resumes at once. Cells are printed at the top of their rows, so inside
    one row a column has no more text after its cell's blank. A column whose text starts
    below the body's first line resumes there too: the first lines of a page are the rest of
    a row cut by the page break in the columns that had more text, and the next row starts
    where the other columns' cells begin."""
    resumed: dict[float, int] = {}
    first = min((w.top for column in columns for w in column), default=None)
    for column in columns:
        reach = first
        for line in group_lines(column):
            top = min(w.top for w in line)
            if reach is not None and not at_leading(top, reach, size):
                key = next((y for y in resumed if abs(y - top) < ALIGNED_LINE_SHARE * size), top)
                resumed[key] = resumed.get(key, 0) + 1
            reach = (
                max(w.bottom for w in line)
                if reach is None
                else max(reach, *(w.bottom for w in line))
            )
    return sorted(y for y, count in resumed.items() if count >= ROW_START_COLUMNS)


def _closed_by_rules(edges: list[Edge], model: ColumnModel, top: float, bottom: float) -> bool:
    """A one-row table is still ruled when vertical rules separate its columns in the body.
    Only a one-row table: where the text parts several rows and no rule does (column rules
    without row rules, fpdf2's `NO_HORIZONTAL_LINES`), a spanning column without a rule of
    its own says nothing of where its cells end, and its text blocks do (a flat table
    repeats each row's action; read as one ruled cell, they were glued: held-out fpdf 2323
    `00`)."""
    inner = [c.x0 for c in model.columns[1:]]
    verticals = [
        e
        for e in edges
        if not e.horizontal and e.top < bottom - POINT_SLACK and e.bottom > top + POINT_SLACK
    ]
    return all(any(abs(e.x - x) < POSITION_SLACK for e in verticals) for x in inner)


def _overflow(
    cell: list[Word], words: list[Word], model: ColumnModel, index: int, bottom: float
) -> list[Word]:
    """The lines of a merged cell's text printed on under the table's closed bottom
    (`bottom`): WeasyPrint does not clip a rowspan cell whose text its rows cannot hold at a
    page's end, the text runs on past the last rule. They follow the cell's last line at one
    cell's leading (`LINE_LEADING_SHARE`), as its next lines would, where the next row or
    a title stands a cell's padding (or a margin) further down; and they stand in the
    hierarchy columns alone (two merged cells may both run on, side by side). `cell` is the
    column's last cell: ruled, it reaches the bottom; read as a block of unruled text, its
    last line may end a padding above it or run across it."""
    if not cell:
        return []
    column = model.columns[index]
    below = [w for w in words if w.ymid > bottom and model.x0 <= w.xmid <= model.x1]
    reach = max(w.bottom for w in cell)
    taken: list[Word] = []
    for line in group_lines(below):
        mine = [w for w in line if column.x0 <= w.xmid < column.x1]
        if not mine or not at_leading(min(w.top for w in mine), reach, mine[0].size):
            break
        if not _merged_cells_alone(line, model):
            break
        taken += mine
        reach = max(w.bottom for w in mine)
    return taken


def _spanning_cells(
    index, words, horizontals, column: Column, top, bottom, ruled
) -> list[SpanningCell]:
    width = column.x1 - column.x0
    ys = sorted(
        {
            round(e.y, 1)
            for e in horizontals
            if overlap(e.x0, e.x1, column.x0, column.x1) >= ROW_RULE_SHARE * width
        }
    )
    # A rule that parts none of the column's words is the frame's edge (a box's bottom drawn
    # inside the band, at the table's end on its page): the cells of an unruled table are then
    # its text's blocks, as its rows are cut by blanks (`_build_table`).
    if _parting(ys, words) or ruled:
        cuts = [top, *[y for y in ys if top + POINT_SLACK < y < bottom - POINT_SLACK], bottom]
        cells = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b - a < POSITION_SLACK:
                continue
            cells.append(SpanningCell(index, a, b, [w for w in words if a <= w.ymid < b], True))
        return cells
    blocks: list[list[Word]] = []
    before: list[Word] = []
    for line in group_lines(words):
        line_top = min(w.top for w in line)
        if blocks:
            gap = line_top - max(w.bottom for w in blocks[-1])
            # A line after a hyphen finishes the word the hyphen broke ('VE-' / '01.'),
            # even where it looks like an item number.
            opens_item = starts_with_item_number(line_text(line)) and not before[-1].text.endswith(
                "-"
            )
            if gap < PARAGRAPH_BREAK_EM * line[0].size and not opens_item:
                blocks[-1].extend(line)
                before = line
                continue
        blocks.append(list(line))
        before = line
    return [
        SpanningCell(index, min(w.top for w in b), max(w.bottom for w in b), b, False)
        for b in blocks
    ]


def _parting(ys: list[float], words: list[Word]) -> list[float]:
    """The rules among `ys` with words both above and below them: those that part text."""
    mids = [w.ymid for w in words]
    return [y for y in ys if any(m < y for m in mids) and any(m > y for m in mids)]
