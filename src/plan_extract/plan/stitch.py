"""Stage 3 — stitch each section's page tables into one logical table.

Two things cross page breaks. A row cut by the break continues at the top of the next page
(after a repeated header or not) and is joined to the row above, cell by cell. A spanning cell
(strategic action, objective) runs on over many rows and pages; its text may sit on any of them,
so the cell ending one page and the cell opening the next are one cell unless both carry text
and the second starts its own number, or the rows it covers are numbered under another parent.
Where a template sets the text of an unruled merged cell (top, bottom, centred) decides the
rows no text reaches; the document is read each way and the reading whose texts sit against
their rows the best is kept (`stitch_sections`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from plan_extract.geometry import MergedText, flow_starts, page_extents
from plan_extract.numbering import number_parts
from plan_extract.pdf.language import ends_mid_sentence
from plan_extract.pdf.reader import Word
from plan_extract.pdf.text import (
    bare_number,
    column_word_space,
    group_lines,
    line_text,
    number_depth,
    split_item_number,
    starts_with_item_number,
    words_text,
    written_space_reach,
)
from plan_extract.plan.page_tables import ColumnModel, PageTable, SpanningCell, at_leading
from plan_extract.plan.vocabulary import Vocabulary, fold


@dataclass
class StitchedRow:
    cells: dict[int, list[Word]] = field(default_factory=dict)
    extents: list[tuple[int, float, float]] = field(default_factory=list)
    """(page, top, bottom) of each printed piece of the row."""
    spans: dict[int, int] = field(default_factory=dict)
    """spanning column -> index of its cell in SectionTable.spanning[column]"""

    @property
    def pages(self) -> list[int]:
        return sorted({page for page, _, _ in self.extents})


class RowBand(NamedTuple):
    """A stitched row's printed piece on one page table: the row's index among the stitched
    rows, and the piece's top and bottom on that page."""

    row: int
    top: float
    bottom: float


@dataclass
class SpanGroup:
    """One spanning cell after stitching: all its printed pieces, and the rows it covers."""

    words: list[Word] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    ruled: bool = False
    """Some piece of it is a ruled cell: its rules, not where its text sits, say its rows."""


@dataclass
class SectionTable:
    model: ColumnModel
    tables: list[PageTable]
    rows: list[StitchedRow]
    spanning: dict[int, list[SpanGroup]]
    heading_lines: list[list[Word]]
    """Lines above the section's first header: title rows, heading, general objective."""
    orphans: list[Word]
    """Spanning-cell words that cover no row: reported, never silently dropped."""
    unknown_words: list[tuple[str, Word]] = field(default_factory=list)
    """Words of a page's column that the section's columns do not have, with that column's
    label (`_in_section_columns`): reported, never silently dropped."""

    @property
    def pages(self) -> list[int]:
        return sorted({t.page for t in self.tables})

    def right_limit(self, column: int) -> float | None:
        """The rightmost x the column's text reaches: where a line is full."""
        return column_right_limit([t.text_extents for t in self.tables], column)

    def drawn_edge(self, column: int) -> float | None:
        """The rightmost x a line of the column can reach inside its drawn cell: the vertical
        rule on its right, less the padding the producer leaves inside the rule on its left
        (the leftmost x its text reaches on any page, from its left rule), or further where
        the line-end spaces it wrote reach further (`written_space_reach`). None where the
        column's bounds are no drawn rules (an unruled column's bound lies in the gutter, or
        at its widest line)."""
        bounds = self.model.columns[column]
        starts = [t.text_extents[column][0] for t in self.tables if column in t.text_extents]
        if not bounds.ruled or not starts or min(starts) < bounds.x0:
            return None
        reach = written_space_reach(self.column_lines(column))
        return max(bounds.x1 - (min(starts) - bounds.x0), reach or -math.inf)

    def word_space(self, column: int) -> float | None:
        """The narrowest space between two words of a line of the column
        (`text.column_word_space`): the room a line of one word would need for its space."""
        return column_word_space(self.column_lines(column))

    def column_lines(self, column: int) -> list[list[Word]]:
        """The printed lines of the column's cells, row by row, then its spanning cells'."""
        cells = [row.cells.get(column, []) for row in self.rows]
        cells += [group.words for group in self.spanning.get(column, [])]
        return [line for words in cells for line in group_lines(words)]


def column_right_limit(extents: list[dict[int, tuple[float, float]]], column: int) -> float | None:
    """The rightmost x `column`'s text reaches over the tables of a section (each table's
    `text_extents`), leaving out a table where that text runs into the text of a column to
    its right: no cell's line crosses its neighbour's, so a word there is a line from
    outside the table read into it (a general objective's last line over the first column,
    html 1616 `11`), and its width would make every line of the column short of `full`,
    cutting the words the column breaks (`funcionam` / `iento`). When every table's text
    runs so, the widest is kept."""
    reached = [spans for spans in extents if column in spans]
    clear = [spans for spans in reached if not _runs_into_a_neighbour(spans, column)]
    return max((spans[column][1] for spans in clear or reached), default=None)


def _runs_into_a_neighbour(extents: dict[int, tuple[float, float]], column: int) -> bool:
    """The column's text reaches past where another column's text, to its right, starts."""
    x0, x1 = extents[column]
    return any(x0 < start < x1 for c, (start, _) in extents.items() if c != column)


def split_sections(
    tables: list[PageTable],
    vocabulary: Vocabulary,
    running: dict[int, list[list[Word]]] | None = None,
) -> list[list[PageTable]]:
    """A section opens at a header preceded by a general-objective line or by a section
    heading other than the current one, or on a page whose running header names another
    section than the page before and than the current section's heading (or at the first
    table): where sections run on, a page's running header can name the section that opened
    on the page before. `running` holds each page's running header lines."""
    running = running or {}
    sections: list[list[PageTable]] = []
    current: str | None = None
    current_running: str | None = None
    for table in tables:
        heading = _section_heading(table.preamble, vocabulary) if table.header_words else None
        page_heading = _section_heading(
            [w for line in running.get(table.page, []) for w in line], vocabulary
        )
        opens = bool(table.header_words) and (
            _has_general_objective(table.preamble, vocabulary)
            or (heading is not None and heading != current)
            or (
                page_heading is not None
                and current_running not in (None, page_heading)
                and page_heading != current
            )
        )
        if opens or not sections:
            sections.append([table])
            current, current_running = heading, page_heading
        else:
            sections[-1].append(table)
            current_running = page_heading or current_running
    return sections


class SectionNames(NamedTuple):
    """What a preamble's words name of a section (what opens one in `split_sections`)."""

    heading: bool
    """A line names a section heading."""
    objective: bool
    """A line starts with a general objective's label."""


def section_names(words: list[Word], vocabulary: Vocabulary) -> SectionNames:
    """What `words` (a preamble, or lines left under a page's last table) name."""
    return SectionNames(
        _section_heading(words, vocabulary) is not None,
        _has_general_objective(words, vocabulary),
    )


def _section_heading(words: list[Word], vocabulary: Vocabulary) -> str | None:
    """The canonical section a title row names, if any."""
    for line in group_lines(words):
        text = line_text(line)
        if any(marker in fold(text) for marker in vocabulary.section_heading_markers):
            return vocabulary.section_name(text) or fold(text)
    return None


def _has_general_objective(words: list[Word], vocabulary: Vocabulary) -> bool:
    return any(
        fold(line_text(line)).startswith(label)
        for line in group_lines(words)
        for label in vocabulary.general_objective_labels
    )


def stitch_section(
    tables: list[PageTable], heading_lines: list[list[Word]], alignment: str | None = None
) -> SectionTable:
    """One section's page tables as one table. `alignment` is where the template prints
    merged text in its cells (`block_alignment` over the whole document).

    The section's columns are its first table's that holds cells: a header alone at a page's
    foot, its rows on the next page, can be cut by the break, and the next page then reads
    its rest with it into fuller columns (`page_tables._header_rest`): every row is read with
    those, its cells keyed by their columns (held-out WeasyPrint 4951 `04`: the one-line
    labels at page 6's foot named five of nine columns, the two-line labels opened page 7,
    and the section's rows, read in nine, were mapped through the five, 499 words in no
    field)."""
    model = next((t.model for t in tables if t.rows or any(t.spanning.values())), tables[0].model)
    unknown_words: list[tuple[str, Word]] = []
    tables = [_in_section_columns(table, model, unknown_words) for table in tables]
    spanning_columns = [i for i, c in enumerate(model.columns) if c.spanning]
    numbered = _numbered_share(tables, model)
    depth = _usual_depth(tables, model)
    rows: list[StitchedRow] = []
    spanning: dict[int, list[SpanGroup]] = {i: [] for i in spanning_columns}
    orphans: list[Word] = []
    previous: PageTable | None = None
    opened_blank: set[int] = set()  # columns of a table opened with no text on its page
    for table in tables:
        new_table_on_same_page = (
            previous is not None and table.header_words and table.page == previous.page
        )
        first_new_row = len(rows)
        for k, row in enumerate(table.rows):
            extent = (table.page, row.top, row.bottom)
            # The page before this table's, where its first row opens the page after a break.
            broken_from = (
                previous.page
                if k == 0 and rows and previous is not None and table.page != previous.page
                else None
            )
            if broken_from is not None and (
                _continues(rows[-1].cells, row.cells, model, numbered)
                or _number_cut(rows[-1].cells, row.cells, model, depth)
                or _head_cut(rows[-1].cells, model)
                or _number_moved(rows[-1].cells, row.cells, model, numbered)
            ):
                target = rows[-1]
                for column, words in row.cells.items():
                    target.cells.setdefault(column, []).extend(words)
                target.extents.append(extent)
                continue
            opened = StitchedRow({c: list(v) for c, v in row.cells.items()}, [extent])
            if broken_from is not None:
                _take_stranded_lines(rows[-1], opened, model, broken_from)
            rows.append(opened)
        for column in spanning_columns:
            level = spanning_columns.index(column) + 1
            groups = _assign_cells(
                table.spanning.get(column, []), table, rows, first_new_row, level, alignment
            )
            groups, blank = _opening_groups(
                groups, rows, model, level, bool(new_table_on_same_page), column in opened_blank
            )
            opened_blank = opened_blank | {column} if blank else opened_blank - {column}
            _join_column(
                spanning[column],
                groups,
                rows,
                model,
                level,
                join_allowed=not new_table_on_same_page,
            )
        previous = table
    for column, groups in spanning.items():
        for index, group in enumerate(groups):
            for r in group.rows:
                rows[r].spans.setdefault(column, index)
            if not group.rows:
                orphans.extend(group.words)
    return SectionTable(model, tables, rows, spanning, heading_lines, orphans, unknown_words)


def _in_section_columns(
    table: PageTable, model: ColumnModel, unknown: list[tuple[str, Word]]
) -> PageTable:
    """`table` with its cells keyed by the section's columns (`model`), matched by field,
    where it has another number of columns (body words read into a page's header as labels
    of columns of their own: held-out html 4969 `11`, page 3 read in eleven columns where
    the section has nine, and the words of its tenth and eleventh, keyed past the section's
    columns, were in no field and not reported). The words of its columns that the section
    does not have go to `unknown` with their column's label; its other columns keep their
    own bounds. As many columns are taken place for place: a label the vocabulary does not
    know on one page (Word/HTML 1319 `09`, 'Instituciones colaboradoras' with a body word)
    stands where the section's column of that place is."""
    own = table.model.columns
    if len(own) == len(model.columns):
        return table
    index_of = {c.field: i for i, c in enumerate(model.columns) if c.field}
    moved = {i: index_of.get(c.field) if c.field else None for i, c in enumerate(own)}

    def label(index: int) -> str:
        return own[index].label if index < len(own) else ""

    def rekeyed(cells: dict[int, list[Word]]) -> dict[int, list[Word]]:
        kept: dict[int, list[Word]] = {}
        for index, words in cells.items():
            to = moved.get(index)
            if to is None:
                unknown.extend((label(index), w) for w in words)
            else:
                kept.setdefault(to, []).extend(words)
        return kept

    spanning: dict[int, list[SpanningCell]] = {}
    for index, cells in table.spanning.items():
        to = moved.get(index)
        if to is None:
            unknown.extend((label(index), w) for cell in cells for w in cell.words)
        else:
            spanning.setdefault(to, []).extend(replace(cell, column=to) for cell in cells)
    source = {to: index for index, to in moved.items() if to is not None}
    columns = tuple(
        own[source[k]] if k in source else column for k, column in enumerate(model.columns)
    )
    return replace(
        table,
        model=replace(table.model, columns=columns),
        rows=[replace(row, cells=rekeyed(row.cells)) for row in table.rows],
        spanning=spanning,
        text_extents={
            source_to: e
            for i, e in table.text_extents.items()
            if (source_to := moved.get(i)) is not None
        },
    )


NUMBERED_SHARE = 0.5
"""Where at least this share of a section's rows carry an item number, a row without one is
the rest of the row before (cut by a page break)."""
BLANK_CELLS_SHARE = 0.5
"""A row with more than this share of its row-level cells blank is the rest of a cut row."""
LOWER_START_SHARE = 0.5
"""A numbered row with more than this share of its row-level cells starting in lower case
goes on mid-sentence: the rest of a cut row whose number was moved to it (`_number_moved`)."""
LEVEL_EM = 0.5
"""Em: an unruled spanning cell whose edge is within this of its rows' edge is aligned
with them (top or bottom)."""
ALIGNMENT_VOTES = 2
"""Cells needed before the section's vertical alignment of merged cells is decided."""


def item_number(cells: dict[int, list[Word]], model: ColumnModel) -> str | None:
    """A row's printed item number: its own number column, else the start of its activity."""
    number_column = model.field_index("activity_number")
    if number_column is not None:
        number = bare_number(words_text(cells.get(number_column, [])))
        if number:
            return number
    activity = model.field_index("activity")
    if activity is None:
        return None
    return split_item_number(words_text(cells.get(activity, [])))[0]


def _numbered_share(tables: list[PageTable], model: ColumnModel) -> float:
    rows = [row for t in tables for row in t.rows]
    return sum(1 for row in rows if item_number(row.cells, model)) / max(1, len(rows))


def _usual_depth(tables: list[PageTable], model: ColumnModel) -> int:
    """Levels of the commonest item number of the section's rows (2.3.4 → 3)."""
    depths = [
        number_depth(number)
        for t in tables
        for row in t.rows
        if (number := item_number(row.cells, model)) is not None
    ]
    return max(set(depths), key=depths.count) if depths else 0


def _number_cut(
    before: dict[int, list[Word]], cells: dict[int, list[Word]], model: ColumnModel, depth: int
) -> bool:
    """A narrow number column wraps a row's number over lines, and a page break can fall
    between them ('2.' at a page's foot, '3.4.' at the next page's top): the last row's
    number is shallower than the section's numbers (`depth`) and reads on with the first
    row's into one number no deeper than them, so the first row is the rest of the last."""
    column = model.field_index("activity_number")
    if column is None:
        return False
    head = words_text(before.get(column, []))
    joined = bare_number(head + words_text(cells.get(column, [])))
    return (
        bare_number(head) is not None
        and joined is not None
        and number_depth(head) < depth
        and number_depth(joined) <= depth
    )


def _head_cut(cells: dict[int, list[Word]], model: ColumnModel) -> bool:
    """The last row before a page break prints no activity and no item number: a producer
    that splits a row moved its activity cell whole to the next page (WeasyPrint moves a
    cell's lines together where the page keeps too few of them, while the row's one-line
    cells stay at the foot), so the next page's first row is the rest of it, whatever that
    row starts with. Every activity has a text (`_continues`)."""
    activity = model.field_index("activity")
    return (
        activity is not None
        and not words_text(cells.get(activity, []))
        and item_number(cells, model) is None
    )


def _number_moved(
    before: dict[int, list[Word]], cells: dict[int, list[Word]], model: ColumnModel, numbered: float
) -> bool:
    """The last row before a page break prints an activity but no item number, in a section
    whose items are mostly numbered, and the next page's first row prints a number but goes
    on mid-sentence: its activity and most of its row-level cells start in lower case. A
    producer that splits a row moved its number cell whole to the next page (WeasyPrint
    keeps a cell's lines together where the page keeps too few of them: `2.3` / `.2.` under
    the break, its activity's first lines above it), so that row is the rest of the last
    one. An item's own cells may open in lower case after its number (`3.2.2. realizar…`),
    but not most of them, and not after a row that lost its number. Only the cells that the
    row before the break prints count: a cell moved whole starts at its beginning, and says
    nothing of where the row was cut (weasy held-out 3737 `06`: 4.1.1's number and its
    verification moved whole, its rest read as an item of its own)."""
    if numbered < NUMBERED_SHARE or item_number(before, model) is not None:
        return False
    activity = model.field_index("activity")
    if activity is None or not words_text(before.get(activity, [])):
        return False
    if item_number(cells, model) is None or not words_text(cells.get(activity, []))[:1].islower():
        return False
    starts = [
        words_text(cells[i])[:1]
        for i in _row_level_columns(model)
        if cells.get(i) and before.get(i)
    ]
    return sum(start.islower() for start in starts) > LOWER_START_SHARE * len(starts)


def _take_stranded_lines(
    before: StitchedRow, opened: StitchedRow, model: ColumnModel, page: int
) -> None:
    """Move to the row opening the next page (an item of its own) each block of lines that
    the row before the break holds at the foot of `page` in a row-level column where the
    opening row has no text: the column's lowest lines, each within one cell's leading of
    the one above and more than that under the column's line above them, starting below
    where every other cell of the row on that page has ended. A row's cells share its
    height (top-, middle- or bottom-set, each cell's text lies within the others' reach),
    so the block is no part of that row: WeasyPrint, splitting the next row at the page's
    end, keeps at the foot the cells whose lines may part there and moves the others whole
    to the next page (held-out weasy 2626 `10`, a box without row rules: the one-line
    responsible `Grupo Warnath` of 2.2.4 read as 2.2.3's, 2.2.4's left empty)."""
    for column in _row_level_columns(model):
        if opened.cells.get(column):
            continue
        own = [w for w in before.cells.get(column, []) if w.page == page]
        others = [
            w for c, words in before.cells.items() if c != column for w in words if w.page == page
        ]
        if not own or not others:
            continue
        lines = group_lines(own)
        start = len(lines) - 1
        while start > 0 and at_leading(
            min(w.top for w in lines[start]),
            max(w.bottom for w in lines[start - 1]),
            max(w.size for w in lines[start]),
        ):
            start -= 1
        block = [w for line in lines[start:] for w in line]
        if min(w.top for w in block) <= max(w.bottom for w in others):
            continue
        ids = {w.seq for w in block}
        before.cells[column] = [w for w in before.cells[column] if w.seq not in ids]
        opened.cells[column] = block
        opened.extents.insert(0, (page, min(w.top for w in block), max(w.bottom for w in block)))


def _row_level_columns(model: ColumnModel) -> list[int]:
    """The columns of a row's own text cells: neither merged nor the item number."""
    return [
        i
        for i, c in enumerate(model.columns)
        if not c.spanning and c.field not in ("", "activity_number")
    ]


def _continues(
    before: dict[int, list[Word]], cells: dict[int, list[Word]], model: ColumnModel, numbered: float
) -> bool:
    """The first row on a page (`cells`) continues the row cut by the page break (`before`)
    unless it opens a numbered item. Where items are mostly numbered an unnumbered row
    continues; otherwise it continues when its activity is blank or starts mid-sentence, or
    when most row-level cells are blank, or some are and another goes on mid-sentence: it
    starts in lower case, or the same column's cell of the row before ends mid-sentence
    (`ends_mid_sentence`: Word/HTML 1279 docx `07`, unnumbered rows, `…la atención integral
    de` / `NNA víctimas…`, `…Integral a la` / `Víctima`, `…del` / `2023.`, three cells of
    six blank: read as a row of its own, the activity lost in two)."""
    if item_number(cells, model) is not None:
        return False
    activity = model.field_index("activity")
    text = words_text(cells.get(activity, [])) if activity is not None else ""
    if numbered >= NUMBERED_SHARE or text[:1].islower():
        return True
    content = _row_level_columns(model)
    if not text:
        return True  # every row has an activity: without one, this is the rest of a row
    filled = [i for i in content if cells.get(i)]
    if len(filled) == len(content):
        return False
    # A few blank cells do not tell a cut row's rest from a row with empty cells: most
    # cells blank, or one going on mid-sentence, does.
    blank = len(content) - len(filled)
    mostly_blank = blank > BLANK_CELLS_SHARE * len(content)
    return mostly_blank or any(
        words_text(cells[i])[:1].islower() or ends_mid_sentence(words_text(before.get(i, [])))
        for i in filled
    )


def _assign_cells(
    cells: list[SpanningCell],
    table: PageTable,
    rows: list[StitchedRow],
    first_new_row: int,
    level: int,
    alignment: str | None,
) -> list[SpanGroup]:
    """This page table's spanning cells, each with the stitched rows it covers.

    A ruled cell covers the rows inside its rules. An unruled block of text (no rules to
    say where a cell ends) covers the rows numbered under it (2.3.4 → block "2.3"), and
    otherwise the rows whose text it overlaps the most; where blocks are printed at the top
    (bottom) of their cells, also the rows below (above) it that no block reaches."""
    on_page = [
        RowBand(r, top, bottom)
        for r in range(max(0, first_new_row - 1), len(rows))
        for page, top, bottom in rows[r].extents
        if page == table.page and top >= table.top - 1 and bottom <= table.bottom + 1
    ]
    owner: dict[int, int] = {}
    for r, top, bottom in on_page:
        if r in owner:
            continue
        for k, cell in enumerate(cells):
            if cell.ruled and cell.top - 1 <= (top + bottom) / 2 <= cell.bottom + 1:
                owner[r] = k
                break
        else:
            text_top, text_bottom = _text_extent(rows[r], table.page, top, bottom)
            chosen = _numbered_owner(cells, rows[r], table.model, level, (text_top, text_bottom))
            if chosen is None:
                parent = _parent_number(rows[r], table.model, level)
                overlaps = [
                    (min(text_bottom, c.bottom) - max(text_top, c.top), k)
                    for k, c in enumerate(cells)
                    if not c.ruled and not _contradicts(c, parent)
                ]
                best = max(overlaps, default=(0.0, None))
                chosen = best[1] if best[0] > 0 else None
            if chosen is not None:
                owner[r] = chosen
    _claim_bands(owner, cells, on_page, rows, table.model, level)
    order = sorted({r for r, _, _ in on_page})
    if alignment is not None:
        _extend(owner, cells, order if alignment == "top" else order[::-1], rows, table, level)
    else:
        _extend_centred(owner, cells, on_page, rows, table.model, level)
    groups = [
        (
            cell.top,
            SpanGroup(list(cell.words), sorted(r for r, k in owner.items() if k == i), cell.ruled),
        )
        for i, cell in enumerate(cells)
    ]
    uncovered = [r for r in order if r not in owner]
    run: list[int] = []
    for r in uncovered:  # rows no text block reaches: an empty cell, resolved by stitching
        if run and (r != run[-1] + 1 or _other_parents(rows[run[-1]], rows[r], table.model, level)):
            groups.append((_row_top(rows[run[0]], table.page), SpanGroup([], run)))
            run = []
        run.append(r)
    if run:
        groups.append((_row_top(rows[run[0]], table.page), SpanGroup([], run)))
    return [g for _, g in sorted(groups, key=lambda item: item[0])]


def _claim_bands(
    owner: dict[int, int],
    cells: list[SpanningCell],
    on_page: list[RowBand],
    rows: list[StitchedRow],
    model: ColumnModel,
    level: int,
) -> None:
    """An unruled block that overlaps no row's text is in the row whose band it lies in
    (when no other block has that row): a bottom-aligned block taller than the text of its
    last row ends in the blank under that text, where no row's text reaches."""
    for k, cell in enumerate(cells):
        if cell.ruled or k in owner.values():
            continue
        bands = [
            (min(bottom, cell.bottom) - max(top, cell.top), r)
            for r, top, bottom in on_page
            if r not in owner and not _contradicts(cell, _parent_number(rows[r], model, level))
        ]
        overlap, row = max(bands, default=(0.0, None))
        if row is not None and overlap > 0:
            owner[row] = k


def _text_extent(row: StitchedRow, page: int, top: float, bottom: float) -> tuple[float, float]:
    """Where the row's text is printed on `page`: the row's band may reach into the blank
    space between rows, where the last line of a merged cell beside it can end."""
    words = [w for ws in row.cells.values() for w in ws if w.page == page and top <= w.ymid]
    words = [w for w in words if w.ymid <= bottom]
    if not words:
        return top, bottom
    return min(w.top for w in words), max(w.bottom for w in words)


def block_alignment(tables: list[PageTable]) -> str | None:
    """Where the unruled blocks of spanning columns sit in their cells: 'top' when every
    block that gives evidence starts level with the first text beside it, 'bottom' when
    every one ends level with the last, else None (centred, or no evidence). A template
    aligns them alike everywhere, and a centred block can end level with the text beside it
    by chance, so the evidence is the whole document's.

    No evidence: a block level at both ends or at neither, one a line or more taller than
    the text beside it (it makes its row), and one a page break may have cut (it starts
    level with a page's first row without a number of its own, or ends level with a page's
    last row before another page).

    Where the text beside the blocks does not decide (the row cells' own text is printed at
    the top and the blocks at the bottom, a padding away from the text's end), blocks of two
    spanning columns side by side decide (`_paired_votes`): an action and its first or last
    objective share that edge of their cells."""
    at_top: list[bool] = []  # per block giving evidence: level at its top (else its bottom)
    paired: list[bool] = []  # per pair of blocks side by side: level at the top (else bottom)
    for k, table in enumerate(tables):
        turns_page = k + 1 < len(tables) and tables[k + 1].page > table.page
        lines = [
            (min(w.top for w in ws), max(w.bottom for w in ws))
            for row in table.rows
            for ws in [[w for cell in row.cells.values() for w in cell]]
            if ws
        ]
        if not lines:
            continue
        first, last = min(a for a, _ in lines), max(b for _, b in lines)
        whole: list[tuple[int, SpanningCell]] = []  # (column, block) no page break cut
        for column, cells in table.spanning.items():
            for cell in (c for c in cells if not c.ruled):
                tolerance = LEVEL_EM * cell.words[0].size
                opens_cell = _opens_cell(cell)
                cut = (
                    cell.top - first < tolerance and not (table.header_words and opens_cell)
                ) or (turns_page and last - cell.bottom < tolerance)
                if cut:
                    continue
                whole.append((column, cell))
                beside = [(a, b) for a, b in lines if a < cell.bottom and b > cell.top]
                if not beside:
                    continue
                top, bottom = min(a for a, _ in beside), max(b for _, b in beside)
                if cell.bottom - cell.top > bottom - top + cell.words[0].size:
                    continue
                level_top = abs(cell.top - top) < tolerance
                if level_top != (abs(cell.bottom - bottom) < tolerance):
                    at_top.append(level_top)
        paired.extend(_paired_votes(whole))
    for votes in (at_top, paired):
        if len(votes) >= ALIGNMENT_VOTES and all(votes):
            return "top"
        if len(votes) >= ALIGNMENT_VOTES and not any(votes):
            return "bottom"
    return None


def _paired_votes(blocks: list[tuple[int, SpanningCell]]) -> list[bool]:
    """Per pair of blocks of two spanning columns beside each other (overlapping in
    height) on one page: True when their tops are level and their bottoms are not (cells
    sharing their first row, text at the top), False for the reverse (sharing their last
    row, text at the bottom); blocks level at both ends or neither say nothing."""
    votes = []
    for i, (column, a) in enumerate(blocks):
        for other, b in blocks[i + 1 :]:
            if other == column or a.bottom <= b.top or b.bottom <= a.top:
                continue
            tolerance = LEVEL_EM * min(a.words[0].size, b.words[0].size)
            level_top = abs(a.top - b.top) < tolerance
            if level_top != (abs(a.bottom - b.bottom) < tolerance):
                votes.append(level_top)
    return votes


def _extend(
    owner: dict[int, int],
    cells: list[SpanningCell],
    order: list[int],
    rows: list[StitchedRow],
    table: PageTable,
    level: int,
) -> None:
    """Rows that no block reaches, after a block in `order` on the same page (under a
    top-aligned block, above a bottom-aligned one), are in its cell, unless their numbers
    say otherwise, or the row began on an earlier page and the block opens its cell with
    its item number: the page break cut the row's cells, merged ones too, so a block that
    starts a cell on this page is not the row's (Word/HTML 1219 `02`, bottom-aligned: the
    rest of objective 2.1's last row, at a page's top, read into `3.1. Crear…` printed at
    the foot of the next row). The rest of a cut cell, without its number, may be (docx
    1219 `04`: LibreOffice sets the rest of action 3 at the bottom of its next page's
    piece, under the cut row's rest)."""
    current = None
    for r in order:
        if r in owner:
            current = owner[r]
        elif (
            current is not None
            and not (min(rows[r].pages) < table.page and _opens_cell(cells[current]))
            and not _contradicts(cells[current], _parent_number(rows[r], table.model, level))
        ):
            owner[r] = current
        else:
            current = None


def _opens_cell(cell: SpanningCell) -> bool:
    """The block starts with an item number: the beginning of its merged cell's text."""
    return starts_with_item_number(words_text(cell.words))


def _extend_centred(
    owner: dict[int, int],
    cells: list[SpanningCell],
    on_page: list[RowBand],
    rows: list[StitchedRow],
    model: ColumnModel,
    level: int,
) -> None:
    """Rows that no block reaches, next to a block's rows, are in its cell where the block is
    centred on them with it: a template that centres merged text (no alignment decided)
    prints a block in the middle of all its rows, so the rows it does not overlap lie on
    both sides of it, or on one side when its text sits lower or higher. A row joins only
    where it brings the rows' middle nearer the block's by more than `LEVEL_EM`; a block
    printed at the top or bottom of its cell moves its rows' middle away."""
    bands: dict[int, tuple[float, float]] = {}
    for r, top, bottom in on_page:
        a, b = bands.get(r, (top, bottom))
        bands[r] = (min(a, top), max(b, bottom))
    order = sorted(bands)
    for k, cell in enumerate(cells):
        if cell.ruled or not cell.words:
            continue
        mine = [r for r in order if owner.get(r) == k]
        if not mine:
            continue
        middle = (cell.top + cell.bottom) / 2
        tolerance = LEVEL_EM * cell.words[0].size
        while True:
            lo, hi = order.index(mine[0]), order.index(mine[-1])
            candidates = [
                order[i]
                for i in (lo - 1, hi + 1)
                if 0 <= i < len(order)
                and order[i] not in owner
                and not _contradicts(cell, _parent_number(rows[order[i]], model, level))
            ]
            now = abs(_band_middle(bands, mine) - middle)
            gains = [(now - abs(_band_middle(bands, [*mine, r]) - middle), r) for r in candidates]
            gain, best = max(gains, default=(0.0, None))
            if best is None or gain <= tolerance:
                break
            owner[best] = k
            mine = sorted([*mine, best], key=order.index)


def _band_middle(bands: dict[int, tuple[float, float]], rows: list[int]) -> float:
    """The middle of the rows' bands together, on one page."""
    return (min(bands[r][0] for r in rows) + max(bands[r][1] for r in rows)) / 2


def _numbered_owner(
    cells: list[SpanningCell],
    row: StitchedRow,
    model: ColumnModel,
    level: int,
    text: tuple[float, float],
) -> int | None:
    """The unruled block whose printed number is the row's parent number at `level`; of
    several (a layout that repeats the action on every row), the one beside the row's
    `text` (top, bottom)."""
    parent = _parent_number(row, model, level)
    if parent is None:
        return None
    matches = [
        (min(text[1], cell.bottom) - max(text[0], cell.top), -k, k)
        for k, cell in enumerate(cells)
        if not cell.ruled and split_item_number(words_text(cell.words))[0] == parent
    ]
    return max(matches)[2] if matches else None


def _parent_number(row: StitchedRow, model: ColumnModel, level: int) -> str | None:
    """The row's item number cut to `level` parts (2.3.4 at level 1 → 2), when it has one."""
    number = item_number(row.cells, model)
    if number is None or number.count(".") < level:
        return None
    return ".".join(number.split(".")[:level])


def _other_parents(a: StitchedRow, b: StitchedRow, model: ColumnModel, level: int) -> bool:
    """Two rows numbered under different parents (2.2.4, 2.3.1): never one merged cell."""
    first, second = _parent_number(a, model, level), _parent_number(b, model, level)
    return first is not None and second is not None and first != second


def _contradicts(cell: SpanningCell, parent: str | None) -> bool:
    """The block prints another number than the row's parent: a neighbour's text that runs
    past its own rows (a long action over a single short row), not this row's cell."""
    printed = split_item_number(words_text(cell.words))[0]
    return parent is not None and printed is not None and printed != parent


def _row_top(row: StitchedRow, page: int) -> float:
    return min(top for p, top, _ in row.extents if p == page)


def _join_column(
    column_groups: list[SpanGroup],
    new: list[SpanGroup],
    rows: list[StitchedRow],
    model: ColumnModel,
    level: int,
    join_allowed: bool,
) -> None:
    """Append a page table's groups to the column's, joining the first to the cell the page
    break cut. That cell may go on past the page's first group: an unruled block centred on
    the rows a cut cell covers on the next page prints its rest (without the number, printed
    before the break) under rows no block reaches, and rows no block reaches follow it. A
    later group joins only where the rows' own numbers say it is the same cell (every row
    of it numbered under the parent of the cell's rows, `_numbered_alike`), or where it is
    the first text of the page's groups joined so far and goes on mid-sentence
    (`_goes_on_mid_sentence`): a cut cell's rest centred on its rows there, under a row no
    block reaches (held-out weasy 3453 `02`, unnumbered rows: `…a través de` / `la
    articulación intersectorial.` read as a cell of its own). A page's later blocks are
    otherwise cells of their own."""
    if not new:
        return
    joined = 0
    resumed = False  # a joined group of this page carried text
    while (
        new
        and column_groups
        and join_allowed
        and _same_cell(column_groups[-1], new[0], rows, model)
        and (
            joined == 0
            or _numbered_alike(column_groups[-1], new[0], rows, model, level)
            or (not resumed and _goes_on_mid_sentence(new[0]))
        )
    ):
        column_groups[-1].words.extend(new[0].words)
        column_groups[-1].rows = sorted(set(column_groups[-1].rows) | set(new[0].rows))
        column_groups[-1].ruled = column_groups[-1].ruled or new[0].ruled
        resumed = resumed or bool(new[0].words)
        new = new[1:]
        joined += 1
    if new and column_groups and joined == 0:
        _give_cut_rows_their_cell(column_groups[-1], new[0])
    column_groups.extend(new)


def _give_cut_rows_their_cell(before: SpanGroup, opening: SpanGroup) -> None:
    """Rows of an unruled block the page break cut that the next page's first block, a cell
    of its own, covers too are that cell's rows, not the block's: a row cut by the break
    whose cell no text reached before it had been given to the block above it (rows no
    block reaches follow it, `_extend`), while the cell's whole text moved past the break
    (WeasyPrint moves a cell whose first line does not fit to the next page, and prints the
    row's other cells where they fit). The block keeps at least one row."""
    if before.ruled or not opening.words:
        return
    shared = set(before.rows) & set(opening.rows)
    if shared and len(shared) < len(before.rows):
        before.rows = [r for r in before.rows if r not in shared]


def _goes_on_mid_sentence(group: SpanGroup) -> bool:
    """The group's text starts in lower case, without an item number: no merged cell opens
    so (its number and a capital start it), so it is the rest of a cell."""
    text = words_text(group.words)
    return not starts_with_item_number(text) and text[:1].islower()


def _opening_groups(
    groups: list[SpanGroup],
    rows: list[StitchedRow],
    model: ColumnModel,
    level: int,
    opens: bool,
    opened_blank: bool,
) -> tuple[list[SpanGroup], bool]:
    """A page table's groups of one column with its opening rows given to its first cell
    (`_opening_rows_to_first_cell`) where the table `opens` under another on its page, or
    goes on from such a table that printed none of the column's text there (`opened_blank`),
    and whether this one opens so: its first cell's text is then on the next page, and the
    opening rows are that cell's there too (held-out ReportLab 4951 `07`, one table per
    action, unruled, set at the bottom: action 3's table opened at page 7's foot under
    action 2's, its text on page 8 under a row no block reaches, and row 3.1.1 was read as
    2's)."""
    if opens or opened_blank:
        groups = _opening_rows_to_first_cell(groups, rows, model, level)
    return groups, opens and bool(groups) and not any(g.words for g in groups)


def _opening_rows_to_first_cell(
    groups: list[SpanGroup], rows: list[StitchedRow], model: ColumnModel, level: int
) -> list[SpanGroup]:
    """The groups of a table that opens under another on the same page, with the rows no
    block reaches above its first block given to that block's cell: a merged cell never
    runs from one table into the next, so rows that open a table are in its first cell,
    wherever that cell prints its text (LibreOffice prints a cell split by a page break at
    the top of its first piece, so no alignment is decided for the document), unless their
    numbers say otherwise."""
    if len(groups) < 2 or groups[0].words or not groups[1].words:
        return groups
    opening, first = groups[0], groups[1]
    if any(
        _other_parents(rows[a], rows[b], model, level) for a in opening.rows for b in first.rows
    ):
        return groups
    merged = SpanGroup(first.words, sorted(opening.rows + first.rows), first.ruled)
    return [merged, *groups[2:]]


def _numbered_alike(
    before: SpanGroup, after: SpanGroup, rows: list[StitchedRow], model: ColumnModel, level: int
) -> bool:
    """Every row of `after` is numbered under the parent number (at `level`) of the last
    numbered row of `before`: one merged cell by the rows' own numbers."""
    known = [p for r in before.rows if (p := _parent_number(rows[r], model, level)) is not None]
    after_parents = [_parent_number(rows[r], model, level) for r in after.rows]
    return bool(known and after_parents) and all(p == known[-1] for p in after_parents)


def _same_cell(
    before: SpanGroup, after: SpanGroup, rows: list[StitchedRow], model: ColumnModel
) -> bool:
    """`after`, a page's first group in a column, goes on with `before`, the cell the page
    break cut: no number of its own opens it, or it covers no row but those of the cut cell
    (`_only_cut_rows`)."""
    before_number = split_item_number(words_text(before.words))[0] if before.words else None
    if not after.words:
        if before_number is None:
            return True
        return _rows_under(before_number, after, rows, model)
    after_number = split_item_number(words_text(after.words))[0]
    if not before.words:  # a cell whose text is printed further down, unless numbers differ
        if after_number is None:
            return True
        return _rows_under(after_number, before, rows, model)
    return after_number is None or _only_cut_rows(
        after_number, before_number, before, after, rows, model
    )


def _rows_under(number: str, group: SpanGroup, rows: list[StitchedRow], model: ColumnModel) -> bool:
    """No row of the group is numbered outside `number` (unnumbered rows say nothing)."""
    numbers = [item_number(rows[r].cells, model) for r in group.rows]
    return all(n is None or n.startswith(number + ".") for n in numbers)


def _only_cut_rows(
    number: str,
    cut_number: str | None,
    cut: SpanGroup,
    group: SpanGroup,
    rows: list[StitchedRow],
    model: ColumnModel,
) -> bool:
    """The group, though it starts with `number`, covers only rows the cut cell covers (the
    row the page break cut) and no row of it is numbered under `number`: a row has one cell
    per column, so the group is the cut cell's rest, whose text starts with a number (Word
    4350 `01`: `…la boleta VE-` / `01.` at the foot of the cell on the next page, read as a
    cell numbered 01 that no row took). A row numbered under `number` says the number opens
    a cell of its own."""
    numbers = [n for r in group.rows if (n := item_number(rows[r].cells, model)) is not None]
    return (
        bool(group.rows)
        and set(group.rows) <= set(cut.rows)
        and not any(n.startswith(number + ".") for n in numbers)
        and not _numbers_a_cell_after(number, cut_number)
    )


def _numbers_a_cell_after(number: str, cut_number: str | None) -> bool:
    """`number` is one the column's cells print after the cut cell's (`cut_number`): as
    deep as it and not below it (numbers do not go backwards; an equal one is the cell
    printed again, as a row per activity repeats its action). Such a group opens a cell of
    its own, whose text moved whole past the page break (WeasyPrint 4545 `02`:
    `_give_cut_rows_their_cell`); a number of another depth (`01.` under `3.1.`) is text."""
    own, cut_parts = number_parts(number), number_parts(cut_number)
    return (
        own is not None
        and cut_parts is not None
        and len(own) == len(cut_parts)
        and own >= cut_parts
    )


SETTINGS = {"top": "top", "bottom": "bottom", None: "middle"}
"""`block_alignment`'s decision → how a merged cell's text is set against its rows
(`MergedText`): undecided is stitched as centred."""


def merged_misfits(sections: list[SectionTable], alignment: str | None) -> list[float]:
    """Per merged cell read from unruled text (with rows), how far its text stands, in ems
    of its font, from where `alignment` sets it against the rows given to it, measured in
    flow coordinates over the document's page breaks (`MergedText.fit`)."""
    start = flow_starts(page_extents((w.page, w.top, w.bottom) for w in _printed_words(sections)))
    misfits = []
    for section in sections:
        for groups in section.spanning.values():
            for group in groups:
                if group.ruled or not group.words or not group.rows:
                    continue
                text = MergedText(
                    min(start[w.page] + w.top for w in group.words),
                    max(start[w.page] + w.bottom for w in group.words),
                    frozenset(w.page for w in group.words),
                )
                rows = [_flow_extents(section.rows[r], start) for r in group.rows]
                em = min(w.size for w in group.words) or 1.0
                misfits.append(text.fit(SETTINGS[alignment], rows) / em)
    return misfits


def _printed_words(sections: list[SectionTable]) -> list[Word]:
    return [
        *(w for s in sections for row in s.rows for ws in row.cells.values() for w in ws),
        *(w for s in sections for gs in s.spanning.values() for g in gs for w in g.words),
    ]


def _flow_extents(row: StitchedRow, start: dict[int, float]) -> dict[int, tuple[float, float]]:
    """Per page, the flow extent of the row's band (`StitchedRow.extents`): a merged cell is
    set against its rows' cells, whose boxes the bands are, not against their text; a row
    taller than its text (LibreOffice Calc's fixed row heights, the text at the top of each
    row's cells) holds blank under the text that the merged cell's box takes in (held-out
    Calc 4545 `00`: middle-set merged cells, read as bottom-set against the rows' text, an
    objective given the row above its text)."""
    return page_extents(
        (page, start[page] + top, start[page] + bottom) for page, top, bottom in row.extents
    )


def stitch_sections(groups: list[list[PageTable]], votes: str | None) -> list[SectionTable]:
    """Each section's page tables stitched into one (`stitch_section`), with merged cells
    read under the alignment whose reading sets their texts against their rows the best.

    `votes` (`block_alignment`) is what the blocks beside the rows' text say; it decides on
    chance coincidences as often as on evidence (a block that fills its cell is level at
    both ends, a centred one can end level with its rows). The rows a reading gives each
    merged cell say more: read under the template's alignment, every text sits so against
    its rows; read under another, the rows at the cells' borders go to the neighbour and
    the texts stand lines away from them (`merged_misfits`). The reading with the least
    misfit in all is kept, the votes' on a tie. A document without unruled merged text
    (the rules say every cell's rows) is read once."""
    unruled = any(
        not cell.ruled for g in groups for t in g for cells in t.spanning.values() for cell in cells
    )
    alignments = (votes, "top", "bottom", None) if unruled else (votes,)
    readings = {
        alignment: [stitch_section(g, group_lines(g[0].preamble), alignment) for g in groups]
        for alignment in dict.fromkeys(alignments)
    }
    best = min(readings, key=lambda a: (sum(merged_misfits(readings[a], a)), a != votes))
    return readings[best]
