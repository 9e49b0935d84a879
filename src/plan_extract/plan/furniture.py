"""Page furniture: running headers and footers, page numbers and visible signature stamps.

These sit on the same pages as the tables and must never leak into cells. Running lines are
found by repetition (the same text at the same height on several pages), stamps by their
marker phrase ("Firmado digitalmente por …") and the block of words around it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from plan_extract.models import FurnitureWord
from plan_extract.normalize import collapse_whitespace, vocabulary_key
from plan_extract.pdf.reader import PageContent, Word, pdf_date_to_iso
from plan_extract.pdf.text import group_lines, grow_connected, line_text, page_lines
from plan_extract.plan.vocabulary import Vocabulary
from plan_extract.tables.page_grid import Edge, PageGrid


@dataclass(frozen=True)
class Stamp:
    page: int
    words: tuple[Word, ...]
    signer: str | None
    signed_at: str | None


@dataclass
class Furniture:
    word_ids: set[int]
    running: dict[int, list[list[Word]]]
    """Running header/footer lines per page, kept for section headings."""
    stamps: list[Stamp]
    numbers: list[Word] = field(default_factory=list)
    """Page-number words."""
    clipped: list[Word] = field(default_factory=list)
    """Glyph pieces of a line cut by a page break and printed whole on one of the two pages
    (`_clipped_line`, `_clipped_head`)."""

    def records(self, pages: list[PageContent]) -> list[FurnitureWord]:
        """Every furniture word as an output record: stamps, running lines (header above the
        page's middle, footer below) and page numbers. A stamp's line recurring at one
        height on consecutive pages (a section's signature under a repeated header, Calc
        held-out 2828 `03`) is the stamp's, not a running line."""
        heights = {page.number: page.height for page in pages}
        kinds: dict[int, tuple[Word, str]] = {}  # a word is recorded once, by its first kind
        for stamp in self.stamps:
            for word in stamp.words:
                kinds.setdefault(word.seq, (word, "stamp"))
        for number, lines in self.running.items():
            for line in lines:
                top = _upper_half(line, heights[number])
                for word in line:
                    kinds.setdefault(
                        word.seq, (word, "running_header" if top else "running_footer")
                    )
        for word in self.numbers:
            kinds.setdefault(word.seq, (word, "page_number"))
        for word in self.clipped:
            kinds.setdefault(word.seq, (word, "clipped_line"))
        return [
            FurnitureWord(page=w.page, bbox=w.bbox, text=w.text, kind=kind)
            for w, kind in kinds.values()
        ]


def find_furniture(
    pages: list[PageContent],
    vocabulary: Vocabulary,
    lattices: list[list[PageGrid]] | None = None,
) -> Furniture:
    """`lattices` are the pages' ruled tables (`table_finder.find_grids`): a line that a
    column rule crosses is a table row, whatever recurs."""
    ids: set[int] = set()
    drawn = [
        [e for grid in grids for e in grid.drawn_edges()]
        for grids in (lattices or [[] for _ in pages])
    ]
    columns = [[e for e in edges if not e.horizontal] for edges in drawn]
    number_words = _page_numbers(pages)
    numbers = [{w.seq for w in words} for words in number_words]
    running = _running_lines(pages, vocabulary.header_words, columns, numbers)
    for lines in running.values():
        ids.update(w.seq for line in lines for w in line)
    stamps = []
    for page, page_numbers, edges in zip(pages, numbers, drawn, strict=True):
        for stamp in _stamps(page, vocabulary, edges):
            stamps.append(stamp)
            ids.update(w.seq for w in stamp.words)
        ids.update(page_numbers)
    clipped = [w for page, after in pairwise(pages) for w in _clipped_line(page, after, ids)]
    clipped += [w for before, page in pairwise(pages) for w in _clipped_head(before, page, ids)]
    ids.update(w.seq for w in clipped)
    return Furniture(ids, running, stamps, [w for words in number_words for w in words], clipped)


SAME_HEIGHT = 4.0
"""Points within which two lines on different pages stand at the same height (a running
line set in the page's header or footer area)."""
RUNNING_TOP_SHARE = 0.2
"""Share of the page height from the top where a running header may stand ..."""
RUNNING_BOTTOM_SHARE = 0.88
"""... and from which down a running footer may: lines between are the page's body."""
PAGE_NUMBER_TOP_SHARE = 0.06
"""A page number stands above this share of the page height ..."""
PAGE_NUMBER_BOTTOM_SHARE = 0.9
"""... or below this one."""
RUNNING_PHRASE_GAP_EM = 1.5
"""Em: a running line is one phrase: no gap between its words wider than this."""
STAMP_REACH_EM = 2.0
"""Em: words of a signature stamp's block lie within this of each other sideways ..."""
STAMP_LEADING_SHARE = 0.6
"""... and within this share of that reach up and down (the stamp's lines are close)."""
STAMP_SIZE_SLACK = 0.6
"""Points: the stamp's small print (signer, date) is set within this of its marker's size."""


def _running_lines(
    pages: list[PageContent],
    header_words: frozenset[str],
    columns: list[list[Edge]],
    numbers: list[set[int]],
) -> dict[int, list[list[Word]]]:
    """Lines in the top or bottom margin band whose text recurs at the same height on the
    page before or after (a section heading may recur far away, in a compiled document),
    and lines there at the height of such running lines (a page header of its own text).
    A running line is one phrase; a repeated table header (column-label words only) or a
    table row repeated on consecutive pages (text in several cells, or crossed by a column
    rule of the page's `columns`) recurs too, and is not."""
    seen = _margin_phrases(pages, header_words, columns)
    lines_of = {page.number: page_lines(page) for page in pages}
    recurring = _recurring(seen, set())
    # A cell's lines recurring at one height on consecutive pages (two merged cells, each
    # cut by the page break, ending alike: `interinstitucion` / `al` opening pages 11 and
    # 12 of held-out docx 2929 `02`) are the cell's on a page where their text block runs on
    # into the body: there they are no running line, and no partner for the other page's.
    heights = {page.number: page.height for page in pages}
    in_cells = {
        line[0].seq
        for occurrences in seen.values()
        for number, _, line in occurrences
        if line[0].seq in recurring
        and _runs_into_body(_inward(line, lines_of[number], heights[number]), recurring)
    }
    recurring = _recurring(seen, in_cells)
    # A page header of its own text (a section's header, on its pages after the first, as
    # word processors' "different first page" prints it) sits in the slot that running
    # lines take on other pages.
    slots = [y for occ in seen.values() for _, y, line in occ if line[0].seq in recurring]
    for occurrences in seen.values():
        for number, y, line in occurrences:
            if (
                line[0].seq not in recurring
                and any(abs(slot - y) < SAME_HEIGHT for slot in slots)
                and not _opens_cell_block(line, lines_of[number])
            ):
                recurring.add(line[0].seq)
    running: dict[int, list[list[Word]]] = {}
    for page, page_numbers in zip(pages, numbers, strict=True):
        lines = [ln for ln in page_lines(page) if ln[0].seq not in page_numbers]
        # Only the lines at the page's edges: a cell's last line ('ESCNNA') can recur at the
        # same height on the next page when rows repeat, under the rest of its row.
        outer = _outer_lines(lines, recurring, page.height)
        if outer:
            running[page.number] = outer
    return running


def _recurring(
    seen: dict[str, list[tuple[int, float, list[Word]]]], in_cells: set[int]
) -> set[int]:
    """The first words' `seq` of the margin lines whose text recurs at the same height on the
    page before or after, in a line that is not one of `in_cells`."""
    return {
        line[0].seq
        for occurrences in seen.values()
        for number, y, line in occurrences
        if any(
            abs(n - number) == 1 and abs(yy - y) < SAME_HEIGHT and other[0].seq not in in_cells
            for n, yy, other in occurrences
        )
    }


def _inward(line: list[Word], lines: list[list[Word]], height: float) -> list[list[Word]]:
    """The page's lines from `line` towards the page's middle: down from a line in the upper
    half, up from one in the lower half."""
    index = next(i for i, other in enumerate(lines) if other[0].seq == line[0].seq)
    return lines[index:] if _upper_half(line, height) else lines[index::-1]


def _upper_half(line: list[Word], height: float) -> bool:
    """The line starts above the page's middle: a running header's half, a footer's below."""
    return line[0].top < height / 2


def _outer_lines(lines: list[list[Word]], recurring: set[int], height: float) -> list[list[Word]]:
    """The recurring lines at a page's top and bottom edges, down (up) to the first that does
    not recur, whose text block runs on into the body (`_runs_into_body`), or that is past
    the page's middle: a page's last line is a footer's only in its lower half (a cut row's
    last line at the head of a plan's last page, its text there and nothing under it, sat
    at the height of a cell's line on the page before: Word/HTML 1079 docx `01`, read as a
    running header and lost from its cell)."""
    outer: dict[int, list[Word]] = {}
    for from_edge, upper in ((lines, True), (lines[::-1], False)):
        for k, line in enumerate(from_edge):
            if (
                line[0].seq not in recurring
                or _upper_half(line, height) != upper
                or _runs_into_body(from_edge[k:], recurring)
            ):
                break
            outer[line[0].seq] = line
    return sorted(outer.values(), key=lambda ln: ln[0].top)


def _runs_into_body(block: list[list[Word]], recurring: set[int]) -> bool:
    """The text block opening with `block[0]` (page lines that continue each other,
    `_continues`, or do so in the column of `block[0]`, `_goes_on_in_column`) reaches a
    line that does not recur: the block is body text. A cell's last lines at the top of a
    page can each sit at the height of a running line on another page (a title row
    printed in the slot of a section's first page), one after the other; the cell's line
    under them does not."""
    for line, inner in pairwise(block):
        if not (_continues(line, inner) or _goes_on_in_column(line, inner, block[0])):
            return False
        if inner[0].seq not in recurring:
            return True
    return False


def _over(line: list[Word], span: list[Word]) -> list[Word]:
    """The words of the page line `line` over `span`'s width: its text in the column of
    `span`. A cell's text block is its column's: its page lines open with whatever cell
    of the row stands furthest left (held-out html 3535 `02`: a target's last lines,
    'cuarto trimestre' / '2024.', at two pages' feet at one height, under 'learning, al'
    in their column but a page line opening in the activity column, were read as a
    running footer and lost from the cell)."""
    return [w for w in line if w.x1 > span[0].x0 and w.x0 < span[-1].x1]


def _goes_on_in_column(line: list[Word], inner: list[Word], span: list[Word]) -> bool:
    """The page line `inner`, next to `line` towards the body, goes on with its text block in
    the column of `span` (`_over`): its words there start at the line's left edge a line's
    spacing away (`_continues`) and are one phrase, not cells side by side (a running
    header over a row one of whose cells starts at its left edge by chance: Word/HTML 1089
    docx `05`)."""
    under = _over(inner, span)
    return _continues(_over(line, span), under) and _one_phrase(under)


CELL_BLOCK_ALIGN = 1.0
"""Points within which two lines' left edges are one text block's (a cell's lines start at
its padding; a running line set in the margin does not start there to the point)."""
CELL_BLOCK_GAP_EM = 1.0
"""Em: a line within this of the next one, vertically, continues its text block."""


def _continues(line: list[Word], body: list[Word]) -> bool:
    """The margin line and the body line next to it are one text block: same left edge and
    one line's spacing apart. A merged cell split over pages repeats at the same heights (its
    line before the break at two pages' feet, its last at two pages' heads) and would pass
    for a running line; its words belong to the cell."""
    if not line or not body:
        return False
    gap = max(body[0].top - line[0].bottom, line[0].top - body[0].bottom)
    return (
        abs(line[0].x0 - body[0].x0) <= CELL_BLOCK_ALIGN and gap <= CELL_BLOCK_GAP_EM * line[0].size
    )


def _opens_cell_block(line: list[Word], lines: list[list[Word]]) -> bool:
    """The page line under `line` goes on with its text block in one cell: a word of it
    starts at the line's left edge a line's spacing down (`_continues`), and the words under
    the line are that word's phrase alone, not cells side by side. A line only at the
    height of running lines elsewhere (not recurring itself) that does so is a cell's, whose
    next line is the next row's cell in that column (Word/HTML 1099 docx `04`, no borders:
    a cell's last two lines opening the page in the last column, at title rows' heights);
    a running header over a body whose cell starts at its left edge by chance is not one
    text with it (its words stand over other cells too)."""
    below = next((ln for ln in lines if ln[0].top > line[0].bottom), None)
    if below is None:
        return False
    return _goes_on_in_column(line, below, line)


def _margin_phrases(
    pages: list[PageContent], header_words: frozenset[str], columns: list[list[Edge]]
) -> dict[str, list[tuple[int, float, list[Word]]]]:
    """The candidates for running lines, by folded text, each with its page number and top:
    lines in the top or bottom margin band that are one phrase, not only column-label words
    nor beside such a line (`_beside_labels`), and crossed by no column rule."""
    seen: dict[str, list[tuple[int, float, list[Word]]]] = defaultdict(list)
    for page, rules in zip(pages, columns, strict=True):
        lines = page_lines(page)
        labels = [line for line in lines if _labels_only(line, header_words)]
        for line in lines:
            y = line[0].top
            if page.height * RUNNING_TOP_SHARE < y < page.height * RUNNING_BOTTOM_SHARE:
                continue
            if line in labels or _beside_labels(line, labels) or not _one_phrase(line):
                continue
            if any(
                line[0].x1 < e.x < line[-1].x0 and e.top < line[0].ymid < e.bottom for e in rules
            ) or _between_column_rules(line, rules):
                continue
            seen[vocabulary_key(line_text(line))].append((page.number, y, line))
    return seen


def _labels_only(line: list[Word], header_words: frozenset[str]) -> bool:
    """Every word of the line is a column-label word: a repeated table header's line."""
    return all(vocabulary_key(w.text) in header_words for w in line)


def _beside_labels(line: list[Word], labels: list[list[Word]]) -> bool:
    """A line of column-label words only (`labels`) shares part of the line's height: the
    line is a label cell's, in the header row beside them. A label of two lines centred in
    a header row of one-line labels stands half a line above (and below) them, so the
    page's lines part it from them; its first word need not be a label word of the
    vocabulary (`Instituciones` over `colaboradoras`, reportlab 4141 `08`: at one height
    on every page after a section's first, it was read as a running header, and the
    header on the section's first page, which prints it, was doubted). A running line
    shares its height with no table header."""
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    return any(
        other is not line
        and min(w.top for w in other) < bottom
        and top < max(w.bottom for w in other)
        for other in labels
    )


def _between_column_rules(line: list[Word], rules: list[Edge]) -> bool:
    """The line stands inside a cell of a ruled table: column rules run through its height on
    both sides of it, among `CELL_COLUMN_RULES` or more (a table's columns, not a frame or
    a box around the page's header). A cell's last line opening a page (`aprobación`, a
    row cut by the page break) can sit at the height of a running line on other pages."""
    through = [e.x for e in rules if e.top < line[0].ymid < e.bottom]
    return (
        len(through) >= CELL_COLUMN_RULES
        and any(x < line[0].x0 for x in through)
        and any(x > line[-1].x1 for x in through)
    )


CELL_COLUMN_RULES = 3
"""Vertical rules through a line's height that make the columns of a table around it."""


def _one_phrase(line: list[Word]) -> bool:
    return all(b.x0 - a.x1 < RUNNING_PHRASE_GAP_EM * a.size for a, b in pairwise(line))


def _clipped_line(page: PageContent, after: PageContent, furniture: set[int]) -> list[Word]:
    """The last line of `page`, when it is the glyph pieces of the first line of `after`: a
    browser moves a line cut by the page break to the next page but still prints, clipped at
    this page's foot, the glyphs that reach above the cut (an accent, the stems of `d`, `l`),
    each a word of its own (`_pieces_of_line`)."""
    lines = [ln for ln in page_lines(page) if all(w.seq not in furniture for w in ln)]
    if not lines or not _pieces_of_line(lines[-1], after, furniture, first=True):
        return []
    return list(lines[-1])


def _clipped_head(before: PageContent, page: PageContent, furniture: set[int]) -> list[Word]:
    """The first line of `page`, when it is the glyph pieces of the last line of `before`:
    the mirror of `_clipped_line`. A browser that keeps a line at the foot of a page, the
    page break cutting through its descenders, prints at the next page's top the glyphs
    that reach below the cut (the tails of `g`, `p`), each a word of its own; as lines of
    the page they stood above the rest of a cut row and hid it."""
    lines = [ln for ln in page_lines(page) if all(w.seq not in furniture for w in ln)]
    if not lines or not _pieces_of_line(lines[0], before, furniture, first=False):
        return []
    return list(lines[0])


def _pieces_of_line(
    pieces: list[Word], other: PageContent, furniture: set[int], first: bool
) -> bool:
    """`pieces` (at least `CLIPPED_PIECES`) are glyphs of the words of one line of `other`,
    each at the same x (`_glyphs_of`); that line is `other`'s first (`first`) or last across
    the pieces' width. A line of whole words is no piece: some piece is shorter than the word
    around it (a word whose every glyph reaches past the cut, `dé`, is whole)."""
    if len(pieces) < CLIPPED_PIECES:
        return False
    x0, x1 = min(w.x0 for w in pieces), max(w.x1 for w in pieces)
    near = [w for w in other.words if w.seq not in furniture and w.x1 > x0 and w.x0 < x1]
    if not near:
        return False
    edge = min(near, key=lambda w: w.top) if first else max(near, key=lambda w: w.bottom)
    line = [w for w in near if abs(w.ymid - edge.ymid) < CLIPPED_LINE_SHARE * edge.size]
    around = [next((w for w in line if _glyphs_of(piece, w)), None) for piece in pieces]
    if any(w is None for w in around):
        return False
    return any(len(p.text) < len(w.text) for p, w in zip(pieces, around, strict=True) if w)


CLIPPED_LINE_SHARE = 0.3
"""Share of the font size within which words' middles stand on one line of the next page."""
CLIPPED_PIECES = 2
"""Pieces a clipped line shows at least: a lone word at a page's foot (the last line of a
label, `n` of `verificació` / `n`) is text, whatever letters the next page prints there."""


def _glyphs_of(piece: Word, word: Word) -> bool:
    """`piece` is glyphs of `word` where they stand: its text occurs in the word's at an index
    whose x, at the word's mean glyph width, is within one glyph of the piece's."""
    if not word.x0 <= piece.xmid <= word.x1 or not word.text:
        return False
    advance = (word.x1 - word.x0) / len(word.text)
    return any(
        word.text.startswith(piece.text, i) and abs(word.x0 + i * advance - piece.x0) <= advance
        for i in range(len(word.text))
    )


PAGE_NUMBER = re.compile(r"^(p[aá]gina\s+)?\d{1,4}(\s+(de|of)\s+\d{1,4})?$", re.IGNORECASE)
"""A page number's line: `7`, `Página 7`, `7 de 10`."""


def _page_numbers(pages: list[PageContent]) -> list[list[Word]]:
    """Each page's page-number words: its lines in the margin bands (`PAGE_NUMBER_TOP_SHARE`,
    `PAGE_NUMBER_BOTTOM_SHARE`) that read as a number (`PAGE_NUMBER`). A document numbers its
    pages at one height: on a page where such a line stands at the height of one on another
    page (`SAME_HEIGHT`), a number line at a height no other page's takes is a cell's, cut at
    the band's edge (held-out ReportLab 4951 `07`: an objective's last line `2023`, under
    `para el año` at the page's foot, 40 pt above `Página 2 de 10`)."""
    found = [
        [
            line
            for line in page_lines(page)
            if (
                line[0].top > page.height * PAGE_NUMBER_BOTTOM_SHARE
                or line[-1].bottom < page.height * PAGE_NUMBER_TOP_SHARE
            )
            and PAGE_NUMBER.match(line_text(line))
        ]
        for page in pages
    ]
    heights = [(k, line[0].top) for k, lines in enumerate(found) for line in lines]

    def recurs(k: int, line: list[Word]) -> bool:
        return any(j != k and abs(top - line[0].top) <= SAME_HEIGHT for j, top in heights)

    kept = []
    for k, lines in enumerate(found):
        recurring = [line for line in lines if recurs(k, line)]
        kept.append([w for line in recurring or lines for w in line])
    return kept


STAMP_DATE = re.compile(
    r"(\d{4})[./-](\d{2})[./-](\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s*([+-])(\d{2})'?(\d{2})?'?"
)
"""A signature stamp's date and time with its offset (`2024.02.27 11:55:44 -06'00'`): the
stamp's signing time here, and, in review, the mark of a stamp's words read into a cell."""


def _stamps(page: PageContent, vocabulary: Vocabulary, edges: list[Edge]) -> list[Stamp]:
    """Visible stamps: the block of words around a marker phrase, never past a table's
    drawn rules (`edges`): a stamp set right under a table does not take the cells above."""
    stamps = []
    taken: set[int] = set()
    for line in page_lines(page):
        folded = vocabulary_key(line_text(line))
        if not any(" ".join(m.split()[:2]) in folded for m in vocabulary.stamp_markers):
            continue
        block = _grow_block(page.words, line, edges)
        if line[0].seq in taken:
            continue
        text = collapse_whitespace(" ".join(w.text for w in sorted(block, key=page.words.index)))
        if not any(marker in vocabulary_key(text) for marker in vocabulary.stamp_markers):
            continue
        block += _stamp_rest(page.words, block, line, edges, vocabulary)
        taken.update(w.seq for w in block)
        in_stream_order = sorted(block, key=page.words.index)
        stamps.append(
            Stamp(
                page.number,
                tuple(block),
                *_stamp_signer_and_date(in_stream_order, line, vocabulary),
            )
        )
    return stamps


def _grow_block(words: list[Word], seed: list[Word], edges: list[Edge]) -> list[Word]:
    """Words connected to the seed line by gaps smaller than about two characters' height,
    with no drawn rule between them."""
    return grow_connected(
        seed, words, lambda a, b: _near(a, b) and not any(_parts(e, a, b) for e in edges)
    )


def _parts(edge: Edge, a: Word, b: Word) -> bool:
    """The rule runs through the gap between the two words, along their overlap."""
    if edge.horizontal:
        upper, lower = (a, b) if a.ymid < b.ymid else (b, a)
        return (
            upper.ymid < edge.y < lower.ymid
            and edge.x0 < max(a.x1, b.x1)
            and (edge.x1 > min(a.x0, b.x0))
        )
    left, right = (a, b) if a.xmid < b.xmid else (b, a)
    return (
        left.xmid < edge.x < right.xmid
        and edge.top < max(a.bottom, b.bottom)
        and (edge.bottom > min(a.top, b.top))
    )


def _near(word: Word, other: Word) -> bool:
    """Two words of one stamp block: sideways within the reach of the larger (the signer's
    name set large beside the small print), up and down within the leading of the smaller
    (the stamp's lines are close in its own small print; a title set larger under a stamp,
    the next section's when sections run on, is a paragraph away from it). Words set in
    sizes apart (`STAMP_SIZE_SLACK`) join only side by side, on lines that overlap: a
    stamp's lines above or below each other share its print, and a larger title set close
    under a one-line stamp is the page's text, not the stamp's."""
    reach = STAMP_REACH_EM * max(word.size, other.size)
    dx = max(other.x0 - word.x1, word.x0 - other.x1, 0)
    dy = max(other.top - word.bottom, word.top - other.bottom, 0)
    if dy > 0 and abs(word.size - other.size) >= STAMP_SIZE_SLACK:
        return False
    return dx < reach and dy < STAMP_LEADING_SHARE * STAMP_REACH_EM * min(word.size, other.size)


STAMP_REST_LINES = 5
"""Lines of a stamp's small print under its marker line, at most, that may hold the rest of
its text down to its date and time (`_stamp_rest`): the signer's name on one or two lines, a
date label and the date, the time."""
STAMP_REST_LEADING_EM = 2.0
"""Em of the small print: each such line stands within this of the one above (a stamp set in
a word processor's paragraphs, each line with its paragraph's spacing) ..."""


def _stamp_rest(
    words: list[Word],
    block: list[Word],
    seed: list[Word],
    edges: list[Edge],
    vocabulary: Vocabulary,
) -> list[Word]:
    """The small print of a stamp under its marker line that `_near` leaves out, its lines set
    further apart than its own leading (Word, a stamp of paragraphs: held-out docx 4949 `06`,
    7 pt lines 9.5 pt apart, the signer's name, date and time, in the responsible column's
    width at the top of the page after a section's table, were read as that table's last
    row's rest). Where the block's small print holds no date and time (`STAMP_DATE`), the
    lines under the marker's, in its print and starting inside its span, each within
    `STAMP_REST_LEADING_EM` of the one above and no drawn rule between, are the stamp's down
    to the line that completes its date and time; none of them where no date comes within
    `STAMP_REST_LINES`: a stamp ends with its date, and lines that bring none are no stamp's."""
    size = _marker_size(seed, vocabulary)
    small = [w for w in seed if abs(w.size - size) < STAMP_SIZE_SLACK]
    printed = [w for w in block if abs(w.size - size) < STAMP_SIZE_SLACK]
    if STAMP_DATE.search(" ".join(w.text for w in sorted(printed, key=words.index))):
        return []
    x0, x1 = min(w.x0 for w in small), max(w.x1 for w in small)
    ids = {w.seq for w in block}
    below = [
        w
        for w in words
        if w.seq not in ids
        and abs(w.size - size) < STAMP_SIZE_SLACK
        and w.top > max(s.bottom for s in small)
        and x0 - STAMP_SIZE_SLACK <= w.x0 < x1
    ]
    rest: list[Word] = []
    above = small
    for line in group_lines(below)[:STAMP_REST_LINES]:
        gap = min(w.top for w in line) - max(w.bottom for w in above)
        if gap > STAMP_REST_LEADING_EM * size or any(
            _parts(e, a, b) for e in edges for a in above for b in line
        ):
            return []
        rest += line
        above = line
        taken = sorted([*printed, *rest], key=words.index)
        if STAMP_DATE.search(" ".join(w.text for w in taken)):
            return rest
    return []


def _marker_size(seed: list[Word], vocabulary: Vocabulary) -> float:
    """The size of a stamp's small print: its marker phrase's first word's on the seed line."""
    starts = {m.split()[0] for m in vocabulary.stamp_markers}
    return next((w.size for w in seed if vocabulary_key(w.text) in starts), seed[0].size)


def _stamp_signer_and_date(block: list[Word], seed: list[Word], vocabulary: Vocabulary):
    """Signer and time from the stamp's small print, read in content-stream order."""
    size = _marker_size(seed, vocabulary)
    small = [w for w in block if abs(w.size - size) < STAMP_SIZE_SLACK]
    text = collapse_whitespace(" ".join(w.text for w in small))
    signer = None
    folded_words = text.split()
    for marker in vocabulary.stamp_markers:
        marker_len = len(marker.split())
        for i in range(len(folded_words) - marker_len + 1):
            if vocabulary_key(" ".join(folded_words[i : i + marker_len])) == marker:
                rest = folded_words[i + marker_len :]
                stop = next(
                    (
                        j
                        for j, w in enumerate(rest)
                        if any(
                            w.lower().startswith(label.rstrip(":").lower())
                            for label in vocabulary.stamp_date_labels
                        )
                    ),
                    len(rest),
                )
                signer = " ".join(rest[:stop]) or None
                break
        if signer:
            break
    match = STAMP_DATE.search(text)
    signed_at = None
    if match:
        y, mo, d, h, mi, s, sign, oh, om = match.groups()
        signed_at = pdf_date_to_iso(f"D:{y}{mo}{d}{h}{mi}{s}{sign}{oh}'{om or '00'}'")
    return signer, signed_at
