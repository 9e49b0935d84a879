"""Generic ruled tables of any PDF: the logical tables, cell by cell, with where each was printed.

An engine (`table_finder` natively, `camelot_engine` as a second opinion) turns each page into
page grids. Here the grids become logical tables: a table continues on the next page when it is
the last on its page, the next page's first table has the same column boundaries and nothing
but running lines is printed above it. A continuation drops its leading rows when they repeat
the table's first rows (a repeated header), and a merged cell cut by the page break is one cell
when one of its two parts is blank or both say the same. Rows and columns that hold no text in
the whole table (double rules, padding strips) are dropped last.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

from plan_extract.geometry import BBox
from plan_extract.normalize import caseless_collapsed
from plan_extract.pdf.language import Vocabulary, key
from plan_extract.pdf.reader import (
    TABLES_READER,
    PageContent,
    PdfContent,
    ReadLimits,
    Word,
    read_pdf,
)
from plan_extract.pdf.text import (
    fits_alone,
    group_lines,
    join_lines,
    line_text,
    whole_words,
    wrapped_between_words,
)
from plan_extract.tables.finder import find_grids
from plan_extract.tables.page_grid import PageGrid

ENGINES = ("native", "camelot")
COLUMN_TOLERANCE = 3.0
"""Points: column boundaries this close on two pages are the same column."""
RUNNING_TOLERANCE = 4.0
"""Points: a line at this height on another page, with the same text, is a running line."""
HEADER_SEARCH = 10
"""A continuation's repeated header is looked for among this many first rows of the table
(title rows may come before the header on the first page)."""


@dataclass(frozen=True)
class TablePiece:
    """Where part of a cell is printed: a cell cut by a page break has one piece per page."""

    page: int
    bbox: BBox
    text: str


@dataclass
class Cell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    pieces: list[TablePiece]


@dataclass
class Table:
    index: int
    """1-based, in reading order."""
    pages: list[int]
    n_rows: int
    n_cols: int
    row_pages: list[int]
    """The page each row is printed on."""
    repeated_header_rows: int
    """Leading rows printed again on continuation pages (dropped there); 0 when none."""
    cells: list[Cell]
    """One per printed cell, merged cells once at their top-left row and column."""

    def grid(self) -> list[list[str]]:
        """Rows of cell texts; a merged cell's text at its top-left, '' in the cells it covers."""
        rows = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text
        return rows


@dataclass
class TableSet:
    source: str
    engine: str
    tables: list[Table] = field(default_factory=list)


def extract_tables(
    path: str | Path,
    engine: str = "native",
    password: str | None = None,
    limits: ReadLimits | None = None,
    reader: str = TABLES_READER,
) -> TableSet:
    content = read_pdf(path, password=password, limits=limits, backend=reader)
    return tables_of_content(content, engine, password)


def tables_of_content(content: PdfContent, engine: str, password: str | None = None) -> TableSet:
    """The tables of a PDF already read, by one engine (so that two engines read it once)."""
    if engine == "native":
        grids = native_grids(content)
    elif engine == "camelot":
        from plan_extract.tables.camelot_engine import camelot_grids

        grids = camelot_grids(content.path, content.pages, password)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    return TableSet(content.path.name, engine, build_tables(grids, content))


def native_grids(content: PdfContent) -> list[list[PageGrid]]:
    """The native engine's page grids, each region's text joined."""
    pages = find_grids(content.pages)
    trusted = marks_line_end_spaces([g for grids in pages for g in grids])
    whole = whole_words(w for p in content.pages for w in p.words) | cells_whole_words(pages)
    known = Vocabulary.document_only(whole)  # any language: geometry and the document decide
    for grid in (g for grids in pages for g in grids):
        grid.texts = {
            region: cell_text(words, grid.region_bbox(region)[2], trusted, known)
            for region, words in grid.words.items()
        }
    return pages


def marks_line_end_spaces(grids: list[PageGrid]) -> bool:
    """Whether the producer writes a space at the end of a line broken between words. Most
    do, and then a line ending without one was broken inside a word; some never do, and then
    the missing space says nothing."""
    marked = unmarked = 0
    for grid in grids:
        for words in grid.words.values():
            for line in group_lines(words)[:-1]:
                marked += line[-1].space_after is True
                unmarked += line[-1].space_after is False
    return marked >= unmarked


def cells_whole_words(pages: list[list[PageGrid]]) -> frozenset[str]:
    """Words printed whole in the cells: with a space, or the cell's start or end, on both
    sides. In a table of narrow columns most words open or close a line of a cell, beside a
    word of another cell, so few are printed whole between two spaces of one line
    (`whole_words`); a cell's edges bound a word as well as a space does, except where a page
    break may cut the cell: the top of a page's first table after the first page, the foot
    of a page's last table."""
    whole: set[str] = set()
    for number, grids in enumerate(pages):
        for grid in grids:
            continued = number > 0 and grid is grids[0]
            for region, words in grid.words.items():
                cut_above = continued and region in grid.owner[0]
                cut_below = grid is grids[-1] and region in grid.owner[-1]
                whole |= _bounded_words(group_lines(words), cut_above, cut_below)
    return frozenset(whole)


def _bounded_words(lines: list[list[Word]], cut_above: bool, cut_below: bool) -> set[str]:
    """The words of one cell's lines with a space or an uncut cell edge on both sides."""
    whole = set()
    for n, line in enumerate(lines):
        opened = lines[n - 1][-1].space_after is True if n else not cut_above
        for t, word in enumerate(line):
            ends_cell = t == len(line) - 1 and n == len(lines) - 1
            closed = word.space_after is True or (ends_cell and not cut_below)
            if opened and closed:
                whole.add(key(word.text))
            opened = word.space_after is True
    return whole


NUMBER = re.compile(r"^[$€£(+-]?\d[\d.,:/%)-]*$")
"""A number, date, amount or share as a whole token: a line never breaks one off a word."""


def broken_between_words(last: Word, nxt: Word, whole: frozenset[str]) -> bool:
    """`text.wrapped_between_words`, or a whole word of the document wrapped before a number
    ('Remarks' / '10'): a number is a token of its own, whole wherever it is printed."""
    if wrapped_between_words(last, nxt, whole):
        return True
    return key(last.text) in whole and key(last.text).isalpha() and bool(NUMBER.match(nxt.text))


def wrapped_whole(line: list[Word], nxt: Word, right_limit: float, whole: frozenset[str]) -> bool:
    """The line ending without a space broke between two words, not inside one: a producer
    that wraps whole words breaks one only when it alone is wider than a line, after moving
    it to a line of its own, so a line with other words before its last one, or a last word
    that with the next line's first would have fitted on a line alone (`text.fits_alone`),
    ends between words (LibreOffice drops the space at some such line ends, between words
    the document may print nowhere else whole: 'power' / 'network'). Some producers break a
    word wherever the room runs out ('gubernamentale' / 's'), so one of the two must be a
    word the document prints whole (`whole`), and the two as one word must not be. A
    trailing hyphen, or a line going on with punctuation or a symbol, is no such break."""
    last = line[-1].text
    if last.endswith("-") or not (last[-1].isalnum() and nxt.text[0].isalnum()):
        return False
    if key(last + nxt.text) in whole or not (key(last) in whole or key(nxt.text) in whole):
        return False
    return len(line) > 1 or fits_alone(line, nxt, right_limit)


def cell_text(
    words: list[Word], right_limit: float, line_end_spaces: bool, known: Vocabulary
) -> str:
    """The cell's lines joined (`text.join_lines`); without trustworthy line-end spaces, a
    break inside a word is told by geometry and the document's whole words (`known`). With them, a
    line end missing its space is still a break between words where the document prints both
    whole (a producer that drops the space at some line ends), or prints one of them whole and
    the line shows that a producer wrapping whole words broke there (`wrapped_whole`)."""
    lines = group_lines(words)
    if not line_end_spaces:
        lines = [[*line[:-1], replace(line[-1], space_after=None)] for line in lines]
    else:
        lines = [
            [*line[:-1], replace(line[-1], space_after=True)]
            if line[-1].space_after is False
            and (
                broken_between_words(line[-1], nxt[0], known.document)
                or wrapped_whole(line, nxt[0], right_limit, known.document)
            )
            else line
            for line, nxt in pairwise(lines)
        ] + lines[-1:]
    return join_lines(lines, right_limit, known)


def build_tables(grids: list[list[PageGrid]], content: PdfContent) -> list[Table]:
    running = running_word_ids(content.pages)
    stitched: list[_Stitched] = []
    for page_grids in grids:
        for k, grid in enumerate(page_grids):
            previous = stitched[-1] if stitched else None
            page = content.pages[grid.page - 1]
            if (
                k == 0
                and previous is not None
                and previous.last.page == grid.page - 1
                and _same_columns(previous.last.xs, grid.xs)
                and not _text_above(grid, page, running)
                and _continues(previous, grid)
            ):
                previous.continue_with(grid)
            else:
                stitched.append(_Stitched.start(grid))
    tables = [s.table(n) for n, s in enumerate(stitched, start=1)]
    return [t for t in tables if t.cells]


def running_word_ids(pages: list[PageContent]) -> set[int]:
    """Words of running headers and footers: lines printed at the same height on other pages
    with the same text, numbers aside."""
    seen: dict[str, list[tuple[int, float]]] = {}
    lines_of: list[tuple[str, int, float, list[Word]]] = []
    for page in pages:
        for line in group_lines(page.words):
            key = re.sub(r"\d+", "#", caseless_collapsed(line_text(line)))
            seen.setdefault(key, []).append((page.number, line[0].top))
            lines_of.append((key, page.number, line[0].top, line))
    ids: set[int] = set()
    for key, number, top, line in lines_of:
        if any(n != number and abs(t - top) <= RUNNING_TOLERANCE for n, t in seen[key]):
            ids.update(w.seq for w in line)
    return ids


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(
        abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a, b, strict=True)
    )


def _continues(table: _Stitched, grid: PageGrid) -> bool:
    """Whether a page's first table, of the same columns as the table before it with nothing
    above it, is that table's continuation by its header and rules. A table that printed its
    header again on a continuation page prints it on each one: a page whose first rows do not
    repeat it starts a new table (with a header of its own). A continuation may be printed
    without the vertical rules of a ruled header over a body ruled only horizontally, or
    without any (then it repeats the header), but a table whose body rows are ruled does not
    lose its rules at a page break: one that draws nowhere a boundary that the last row before
    it draws, and repeats no header, is a new table ruled otherwise."""
    repeated = _repeated_rows(table, grid)
    if table.repeated_header_rows and not repeated:
        return False
    return bool(repeated) or not _drops_rules(table.last, grid)


def _drops_rules(last: PageGrid, grid: PageGrid) -> bool:
    """Whether `grid` draws nowhere an inner column boundary that the last row of `last`
    draws."""
    if last.drawn_columns is None or grid.drawn_columns is None:
        return False  # an engine that does not say what it drew (camelot)
    drawn = grid.drawn_columns
    ruled = last.drawn_columns[-1]
    return any(ruled[j] and not any(row[j] for row in drawn) for j in range(1, len(last.xs) - 1))


def _text_above(grid: PageGrid, page: PageContent, running: set[int]) -> bool:
    """A title or prose above a table means a new table, not a continuation."""
    return any(w.bottom <= grid.ys[0] + 1 and w.seq not in running for w in page.words)


@dataclass
class _Stitched:
    """A logical table being built: elementary rows from one or more page grids."""

    n_cols: int
    last: PageGrid
    row_pages: list[int]
    owner: list[list[int]]
    filled: list[list[bool]]
    pieces: dict[int, list[TablePiece]]
    repeated_header_rows: int = 0

    @classmethod
    def start(cls, grid: PageGrid) -> _Stitched:
        table = cls(grid.n_cols, grid, [], [], [], {})
        table._append(grid, 0, {})
        return table

    def text(self, region: int) -> str:
        """Texts of the pieces, a piece repeating the one before it (merged-cell text printed
        again after a page break) once."""
        texts: list[str] = []
        for piece in self.pieces.get(region, []):
            if piece.text and (
                not texts or caseless_collapsed(texts[-1]) != caseless_collapsed(piece.text)
            ):
                texts.append(piece.text)
        return " ".join(texts)

    def continue_with(self, grid: PageGrid) -> None:
        repeated = _repeated_rows(self, grid)
        if repeated == grid.n_rows:
            self.last = grid
            return
        self.repeated_header_rows = max(self.repeated_header_rows, repeated)
        self._append(grid, repeated, self._continued_cells(grid, repeated))

    def _continued_cells(self, grid: PageGrid, first: int) -> dict[int, int]:
        """Regions of the grid's first kept row that continue a merged cell of the last row."""
        joined: dict[int, int] = {}
        for j in range(self.n_cols):
            above, below = self.owner[-1][j], grid.owner[first][j]
            if below in joined:
                continue
            same_columns = [c for c in range(self.n_cols) if self.owner[-1][c] == above] == [
                c for c in range(self.n_cols) if grid.owner[first][c] == below
            ]
            spans = sum(above in row for row in self.owner) > 1 or (
                sum(below in row for row in grid.owner[first:]) > 1
            )
            a, b = (
                caseless_collapsed(self.text(above)),
                caseless_collapsed(grid.texts.get(below, "")),
            )
            if same_columns and spans and (not a or not b or a == b):
                joined[below] = above
        return joined

    def _append(self, grid: PageGrid, first: int, joined: dict[int, int]) -> None:
        ids = dict(joined)
        start = max(self.pieces, default=-1) + 1
        for i in range(first, grid.n_rows):
            row = []
            for region in grid.owner[i]:
                if region not in ids:
                    ids[region] = start + len(ids)
                row.append(ids[region])
            self.owner.append(row)
            self.filled.append(list(grid.filled[i]))
            self.row_pages.append(grid.page)
        for region, global_id in ids.items():
            piece = TablePiece(
                grid.page, _rounded(grid.region_bbox(region)), grid.texts.get(region, "")
            )
            self.pieces.setdefault(global_id, []).append(piece)
        self.last = grid

    def table(self, index: int) -> Table:
        """The logical table, keeping the rows and columns that hold text and start a cell:
        the others are spacing or pieces of the cells before them."""
        owner, filled = self.owner, self.filled
        rows: list[int] = []
        for i, row in enumerate(filled):
            if any(row) and (not rows or owner[i] != owner[rows[-1]]):
                rows.append(i)
        cols: list[int] = []
        for j in range(self.n_cols):
            if any(row[j] for row in filled) and (
                not cols or any(r[j] != r[cols[-1]] for r in owner)
            ):
                cols.append(j)
        extents: dict[int, list[int]] = {}
        for r, i in enumerate(rows):
            for c, j in enumerate(cols):
                box = extents.setdefault(self.owner[i][j], [r, c, r, c])
                box[2], box[3] = r, max(box[3], c)
        cells = [
            Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, self.text(region), self.pieces[region])
            for region, (r0, c0, r1, c1) in sorted(extents.items(), key=lambda e: e[1][:2])
        ]
        row_pages = [self.row_pages[i] for i in rows]
        return Table(
            index,
            sorted(set(row_pages)),
            len(rows),
            len(cols),
            row_pages,
            self.repeated_header_rows,
            cells,
        )


def _row_signature(
    owner: list[list[int]], i: int, text: Callable[[int], str], first: int = 0
) -> tuple[str, ...]:
    """A row as text: each column's cell text where a cell starts in this row, '^' where a
    cell from the row above (from `first` on) runs through it."""
    above = set(owner[i - 1]) if i > first else set()
    return tuple("^" if r in above else caseless_collapsed(text(r)) for r in owner[i])


def _repeated_rows(table: _Stitched, grid: PageGrid) -> int:
    """How many leading rows of `grid` repeat rows of the table near its top, by content."""
    best = 0
    for offset in range(min(HEADER_SEARCH, len(table.owner))):
        count = 0
        while count < grid.n_rows and offset + count < len(table.owner):
            mine = _row_signature(table.owner, offset + count, table.text, offset)
            theirs = _row_signature(grid.owner, count, lambda r: grid.texts.get(r, ""))
            if mine != theirs or not any(t and t != "^" for t in mine):
                break
            count += 1
        best = max(best, count)
    return best


def _rounded(bbox: BBox) -> BBox:
    x0, top, x1, bottom = bbox
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table.grid())
    return buffer.getvalue()
