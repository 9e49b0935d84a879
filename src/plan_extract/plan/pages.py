"""The plan's reading of every page, in order: each page's tables (`page_tables`), a header
cut by a page break carried to the next page, the column model carried to header-less
continuation pages, the cover, and the words no table took.

`pipeline` calls `read_plan_pages` once; what it returns is everything the later stages need
about pages, as one record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_extract.models import FurnitureWord
from plan_extract.pdf.reader import PageContent, Word
from plan_extract.plan.furniture import Furniture
from plan_extract.plan.page_tables import (
    ColumnModel,
    HeaderFragment,
    PageTable,
    PlanPage,
    below_last_table,
    read_plan_page,
)
from plan_extract.plan.records import furniture_words
from plan_extract.plan.stitch import section_names
from plan_extract.plan.vocabulary import Vocabulary
from plan_extract.tables.page_grid import PageGrid


@dataclass
class PlanPages:
    """Every page's reading, and what falls between the pages' tables."""

    readings: list[PlanPage] = field(default_factory=list)
    """Per page, its plan tables (`page_tables.PlanPage`)."""
    tables: list[PageTable] = field(default_factory=list)
    """Every page table of the document, in reading order."""
    cover: PageContent | None = None
    """The first page with words, when it comes before any table."""
    stray: list[Word] = field(default_factory=list)
    """Words on table pages outside every table (not furniture, not a title kept with its
    table): reported as unassigned."""
    tableless: list[Word] = field(default_factory=list)
    """Words of pages without a table, after the cover (not furniture): unassigned."""
    headers: list[FurnitureWord] = field(default_factory=list)
    """Words of header blocks cut by a page break (recorded as column headers)."""
    unheaded: list[HeaderFragment] = field(default_factory=list)
    """Headers cut by a page break that head no row (`PlanPage.unheaded`), and a header at a
    page's foot under rows that no later table follows (`_rows_above_foot`): rows may be
    missing. A whole header alone on a page heads nothing also where a producer repeats the
    header over a page that holds only the signature (random 78-8): not counted."""


def read_plan_pages(
    pages: list[PageContent],
    grids: list[list[PageGrid]],
    vocabulary: Vocabulary,
    furniture: Furniture,
) -> PlanPages:
    """Read every page's plan tables, carrying the column model and a cut header from page
    to page. A title left at the foot of a page whose table the word processor moved to the
    next page becomes that table's preamble."""
    found = PlanPages()
    model: ColumnModel | None = None
    left_edges: dict[int, float] | None = None
    number_depth = 0
    pending = None
    cut = False  # `pending` is a header the page break cut (not a whole one at the foot)
    after_rows: HeaderFragment | None = None  # a whole header at a page's foot under rows
    trailing: list[Word] = []
    for page, page_grids in zip(pages, grids, strict=True):
        reading = read_plan_page(
            page,
            page_grids,
            vocabulary,
            model,
            furniture.word_ids,
            pending,
            left_edges,
            number_depth,
        )
        found.readings.append(reading)
        if reading.unheaded is not None and cut:
            found.unheaded.append(reading.unheaded)
        if after_rows is not None and not reading.tables:
            found.unheaded.append(after_rows)
        pending = reading.pending_header
        cut = pending is not None
        if pending is not None:
            found.headers.extend(furniture_words(pending.words, "column_header"))
        else:
            pending = _header_at_foot(reading)
        after_rows = pending if not cut and _rows_above_foot(reading) else None
        first = reading.tables[0] if reading.tables else None
        if first is not None and first.header_words and _foot_opens(trailing, first, vocabulary):
            first.preamble, trailing = [*trailing, *first.preamble], []
        found.stray.extend(trailing)
        trailing = below_last_table(reading)
        kept = {w.seq for w in trailing}
        found.stray.extend(w for w in reading.stray if w.seq not in kept)
        if reading.tables:
            found.tables.extend(reading.tables)
            model = reading.tables[-1].model
            left_edges = reading.tables[-1].left_edges
            number_depth = reading.tables[-1].number_depth or number_depth
        elif model is None and found.cover is None and page.words:
            found.cover = page
        else:
            found.tableless.extend(w for w in page.words if w.seq not in furniture.word_ids)
    found.stray.extend(trailing)
    if after_rows is not None:
        found.unheaded.append(after_rows)
    return found


def _foot_opens(foot: list[Word], table: PageTable, vocabulary: Vocabulary) -> bool:
    """Whether the words under the page before's last table (`foot`, `below_last_table`)
    open the preamble of this page's first table, a header: when the table has no preamble
    (a title the word processor left at the foot, its table moved on), or when the foot
    names a section (a heading, a general objective's label) that the table's preamble goes
    on, naming no heading and no second general objective: the page break cut the
    section's title, the lines after the break open this page above the header (header
    printed once per section, sections run on: held-out fpdf 3333 `06`, whose section was
    otherwise lost into the one before)."""
    if not table.preamble:
        return True
    named, own = section_names(foot, vocabulary), section_names(table.preamble, vocabulary)
    return (
        (named.heading or named.objective)
        and not own.heading
        and not (named.objective and own.objective)
    )


def _rows_above_foot(reading: PlanPage) -> bool:
    """Whether a table with rows stands on the page above its last table (a header at the
    page's foot, `_header_at_foot`). Such a header that no later page's table follows heads
    no row: the document's tables end with a header (LibreOffice dropped the rows under it
    from the PDF, rows that may not break across pages: held-out docx 2323 `04`, four
    activities gone with no sign in any value read). A header alone on its page is not
    counted: producers repeat the header over a page that holds only the signature."""
    return any(table.rows for table in reading.tables[:-1])


def _header_at_foot(reading: PlanPage) -> HeaderFragment | None:
    """The page's last table when it is a header with no rows under it (printed at the
    page's foot, its rows on the next page): the page break may have cut one of its labels
    in its narrow cell, whose last lines open the next page alone ('Institucion' / 'es'
    over 'colaborado' / 'ras'). Carried as a cut header, so that the next page reads those
    lines as the header's rest (`page_tables._header_rest`), not as a row."""
    last = reading.tables[-1] if reading.tables else None
    if last is None or not last.header_words or last.rows or any(last.spanning.values()):
        return None
    return HeaderFragment(tuple(last.header_words), ())
