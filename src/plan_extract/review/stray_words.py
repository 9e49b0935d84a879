"""Checks over words no field took, or took from a place that may not hold them: running lines,
titles, preambles, header words, words past the table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from operator import itemgetter
from typing import TYPE_CHECKING

from plan_extract.geometry import overlap
from plan_extract.models import Activity, Finding, FurnitureWord, Section
from plan_extract.pdf.reader import PageContent, Word
from plan_extract.pdf.text import group_lines, header_strangers, page_lines
from plan_extract.plan.furniture import STAMP_DATE
from plan_extract.review.accounting import INSIDE_TABLE_REASONS, MARGIN_BAND, _word_key
from plan_extract.review.columns import _reached_column
from plan_extract.review.context import (
    COLUMN_OVERLAP,
    PREAMBLE_KINDS,
    RUN_GAP_EM,
    SPANNING_FIELDS,
    _finding,
    _first_page,
    _quote,
    _runs,
    _within_a_line,
)
from plan_extract.review.joins import ALIGN_TOLERANCE

if TYPE_CHECKING:
    from plan_extract.review.accounting import WordAccount, WordKey
    from plan_extract.review.context import Line, ReviewContext


def located_word_findings(context: ReviewContext, account: WordAccount) -> list[Finding]:
    """Words lost by the accounting, and words in `unassigned`, placed on the activity whose
    row band they sit in, and on the merged cell printed nearest above or below them in
    their column (the words a merged cell lost at a page break sit under its last line, in
    no row of it): an inside-table word is table text no field took (`warning`), as is any
    other unassigned word except a line in the page's top or bottom margin on no value
    line's height (`info`: a running header or footer printed once), and a word outside
    every table, on a table page or on a page without one, near no row or merged cell, and
    not printed as a table row (`_unassigned_rows`): `info`, page furniture the reading did
    not recognise, such as a signature block or a section's title lines set mid-page (Word
    1199-04: a signature stamp on a page without a table, its last line past the top
    margin's band, was a warning on an exact document; the same stamp on a table page was
    `info`). A margin line that goes on
    with a cell's text across the page break (`_continued_cells`) is a warning on that cell."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for lost in account.lost:
        for target in _word_targets(context, lost.page, lost.bbox):
            groups[("word_accounting", "error", target, lost.page, "in no place")].append(lost.text)
    heights = {page.number: page.height for page in context.pages}
    rows = cache(lambda: _unassigned_rows(context))
    continued = _continued_cells(context)
    for word in context.plan.unassigned:
        cells = continued.get(_word_key(word.page, word.bbox, word.text))
        if cells:
            for target in cells:
                reason = f"{word.reason}, going on with this cell's text across the page break"
                groups[("unassigned", "warning", target, word.page, reason)].append(word.text)
            continue
        inside = any(r in word.reason for r in INSIDE_TABLE_REASONS)
        height = heights.get(word.page)
        in_margin = height is not None and not (
            MARGIN_BAND[0] * height <= word.bbox[1] and word.bbox[3] <= MARGIN_BAND[1] * height
        )
        running = in_margin and not _on_a_value_line(context, word.page, word.bbox)
        targets = _word_targets(context, word.page, word.bbox)
        apart = (
            word.reason in OUTSIDE_THE_TABLES
            and not targets
            and _word_key(word.page, word.bbox, word.text) not in rows()
        )
        severity = "warning" if (inside or not running) and not apart else "info"
        for target in targets or [(None, None, None)]:
            groups[("unassigned", severity, target, word.page, word.reason)].append(word.text)
    findings = []
    for (check, severity, (section, activity_id, name), page, reason), texts in groups.items():
        findings.append(
            Finding(
                check=check,
                severity=severity,
                section=section,
                activity_id=activity_id,
                field=name,
                page=page,
                message=f"{len(texts)} words {reason}: {_quote(texts)}",
            )
        )
    return findings


def _continued_cells(context: ReviewContext) -> dict[WordKey, set[tuple]]:
    """Lines of `unassigned` words in a page's top (bottom) margin that start where the
    lowest (highest) value line of a column starts on the page before (after), to
    `ALIGN_TOLERANCE`: a cell's text run on past the page break, onto a page the tables do
    not reach (Word layout 979-05: an objective's last words `de ES y ESC.` atop the
    signature page, read as a running line printed once, the objective cut silently). A
    running line is set in the page margin, not where a cell's text starts to the point.
    Each word of such a line maps to the cell's (section, activity id, field)."""
    lines: dict[tuple[int, float], list] = defaultdict(list)
    heights = {page.number: page.height for page in context.pages}
    for word in context.plan.unassigned:
        height = heights.get(word.page)
        if height is None:
            continue
        if MARGIN_BAND[0] * height <= word.bbox[1] and word.bbox[3] <= MARGIN_BAND[1] * height:
            continue
        lines[(word.page, round(word.bbox[1]))].append(word)
    continued: dict[WordKey, set[tuple]] = {}
    for (page, top), words in lines.items():
        upper = top < heights[page] / 2
        x0 = min(w.bbox[0] for w in words)
        across = _line_across_the_break(context, page, x0, before=upper)
        if across is None:
            continue
        section, line = across
        target = (section, line.activity.activity_id, line.field)
        for word in words:
            continued.setdefault(_word_key(word.page, word.bbox, word.text), set()).add(target)
    return continued


APART_FROM_THE_TABLES = "on a table page, outside every table"
"""`UnassignedWord.reason` of a word a table page prints outside its tables."""

ON_A_PAGE_WITHOUT_TABLES = "on a page without a table"
"""`UnassignedWord.reason` of a word on a page after the cover with no table (an annex, a
signature page)."""

OUTSIDE_THE_TABLES = (APART_FROM_THE_TABLES, ON_A_PAGE_WITHOUT_TABLES)
"""`UnassignedWord.reason`s of words printed outside every table: page furniture the reading
did not recognise unless they read as table rows (`_unassigned_rows`)."""


def _unassigned_rows(context: ReviewContext) -> set[WordKey]:
    """The words in `unassigned` as outside every table, on a table page or a page without
    one, that read as table rows (`_table_row_words`: runs starting at two columns' cell-text
    left edges or more): rows the tables lost, not furniture."""
    apart = {
        _word_key(w.page, w.bbox, w.text)
        for w in context.plan.unassigned
        if w.reason in OUTSIDE_THE_TABLES
    }
    starts = context.column_starts
    rows: set[WordKey] = set()
    for page in context.pages:
        held = _recorded_words(page, apart)
        if held:
            rows.update(_word_key(w.page, w.bbox, w.text) for w in _table_row_words(held, starts))
    return rows


def _on_a_value_line(context: ReviewContext, page: int, bbox) -> bool:
    """Whether a word stands on the height of a value line of its page (its middle within
    the line's box): a cell's word set past the table's found edge, not a running line
    printed in the margin above or below the table (held-out HTML 939-04: a verification
    line's last `y`)."""
    middle = (bbox[1] + bbox[3]) / 2
    return any(top <= middle <= bottom for (top, bottom), _ in _value_extents(context, page))


RUNNING_KINDS = frozenset({"running_header", "running_footer"})
"""Furniture kinds recognised by repetition at the page's edges (`plan/furniture.py`)."""

MARGIN_LINE_KINDS = RUNNING_KINDS | {"page_number"}
"""Furniture kinds recognised by where they stand, at a page's edge, that a cell's line cut by
the page's foot or head can be taken for (`running_line_findings`): a running line, or a page
number, a lone number in the margin band (held-out ReportLab 4951-07: an objective's last
line `2023`, under `para el año` at the page's foot, recorded as the page's number)."""


def running_line_findings(context: ReviewContext) -> list[Finding]:
    """A line recorded as a running header or footer, or as a page number (`MARGIN_LINE_KINDS`),
    that continues a cell's text: it starts where a provenance line of the same page starts (to
    `ALIGN_TOLERANCE`) and stands within `ALIGNED_GAP_EM` of it, above or below. Repetition at a
    page's edge is the furniture stage's evidence; a merged cell split over pages repeats too
    (`…prevención de la` at the foot of two pages, `ESCNNA` at their heads), and a one-off line
    in a running line's slot is taken with it, so its words leave the cell with no trace in
    `unassigned`. The doubt goes on the aligned line's field, on the row band holding the line
    and on the merged cell of its column nearest it. On a page no value line is printed on, the
    line is aligned across the page break instead (`_continued_across`), for a running line
    only: a page number set at a page's foot is aligned with the next page's table by chance."""
    running: dict[tuple[int, str, float], list] = defaultdict(list)
    for record in context.plan.furniture:
        if record.kind in MARGIN_LINE_KINDS:
            running[(record.page, record.kind, round(record.bbox[1]))].append(record)
    groups: dict[tuple, tuple[str, str, str]] = {}
    for (page, kind, _), records in running.items():
        # The cell it continues may be the one the page break cut: a header's on the page
        # before (its last line in this column), a footer's on the page after (its first).
        aligned, targets = _cut_cell_targets(
            context, page, records, before=kind == "running_header"
        )
        where = "a line away"
        # A page number is no cell's across a break, nor a running line the document prints
        # the same, in the same place, on another page too (`_printed_elsewhere`).
        if not aligned and kind in RUNNING_KINDS and not _printed_elsewhere(records, running):
            aligned = _continued_across(context, page, records, before=kind == "running_header")
            targets = list(
                dict.fromkeys(
                    (name, line.activity.activity_id, line.field) for name, line in aligned
                )
            )
            where = "across the page break"
        if not aligned:
            continue
        text = " ".join(r.text for r in sorted(records, key=lambda r: r.bbox[0]))
        for target in targets:
            groups[(target, page, kind)] = (text, aligned[0][1].piece.text, where)
    return [
        Finding(
            check="running_line_in_cell",
            severity="warning",
            section=section,
            activity_id=activity_id,
            field=name,
            page=page,
            message=f"“{text}”, recorded as a {kind.replace('_', ' ')}, continues a cell's text "
            f"(it starts where “{beside}” does, {where}): words of the cell may be missing",
        )
        for ((section, activity_id, name), page, kind), (text, beside, where) in groups.items()
    ]


def _printed_elsewhere(
    records: list[FurnitureWord], running: dict[tuple[int, str, float], list[FurnitureWord]]
) -> bool:
    """Whether the document prints the line of `records` (one running line of one page)
    on another page too, as the same kind: the same words, starting at the same place
    (`ALIGN_TOLERANCE`, left edge and top). That is the document's running line, set in its
    slot on every page; a cell's text run on past a page break is printed once, after the
    cell's last line (random 148-7: the running header `COMISIÓN NACIONAL CONTRA…`, on
    every page, starts on the signature page where an activity's last line, `de ES y ESC.`,
    starts at the foot of the page before: an exact activity doubted). Across the page
    break only (`_continued_across`): on a page of the tables, a merged cell a break cuts
    is printed again on the next page by some producers, so a repeated line can be a
    cell's."""

    def placed(line: list[FurnitureWord]) -> tuple[float, float, list[str]]:
        ordered = sorted(line, key=lambda r: r.bbox[0])
        return ordered[0].bbox[0], min(r.bbox[1] for r in line), [r.text for r in ordered]

    x0, top, words = placed(records)
    page, kind = records[0].page, records[0].kind
    return any(
        abs(other_x0 - x0) <= ALIGN_TOLERANCE
        and abs(other_top - top) <= ALIGN_TOLERANCE
        and other_words == words
        for (other_page, other_kind, _), others in running.items()
        if other_page != page and other_kind == kind
        for other_x0, other_top, other_words in [placed(others)]
    )


def _continued_across(
    context: ReviewContext, page: int, records: list, *, before: bool
) -> list[tuple[str, Line]]:
    """On a page no value line is printed on (a signature page after the tables), the value
    line across the page break that a running line's words start where (`ALIGN_TOLERANCE`):
    the cell's text run on past the break, as `_continued_cells` finds it for words in
    `unassigned` (random 72-1: an objective's tail `para el combate de la` / `ESC.` atop the
    signature page, taken for a running header, the objective cut silently)."""
    if any(on_page == page for _, on_page in context.lines):
        return []
    across = _line_across_the_break(context, page, min(r.bbox[0] for r in records), before=before)
    return [across] if across is not None else []


def _cut_cell_targets(
    context: ReviewContext, page: int, records: list, *, before: bool
) -> tuple[list[tuple[str, Line]], list[tuple]]:
    """Where the words of furniture `records` (one printed line) may have been cut from: the
    value lines of their page that start where they start (`ALIGN_TOLERANCE`), stand within
    `ALIGNED_GAP_EM` of them and whose column the line does not overrun into another's
    (`_reached_column`), returned first; and, as (section, activity_id, field) targets,
    those lines' fields, the nearest aligned line across the page break (the last on the page
    before when `before`, else the first on the page after) and the row band and merged cell
    under the line (`_word_targets`)."""
    x0, x1 = min(r.bbox[0] for r in records), max(r.bbox[2] for r in records)
    top, bottom = min(r.bbox[1] for r in records), max(r.bbox[3] for r in records)
    # A line reaching into another column's text is no line of a cell starting where it
    # does (Word 1059 `08`: a centred running header starting where a column's text does).
    aligned = [
        (name, line)
        for name, line in _aligned_lines(context, page, x0)
        if _within_a_line((top, bottom), (line.top, line.bottom))
        and _reached_column(line.field, (x0, top, x1, bottom), context.extents[name]) is None
    ]
    near = list(aligned)
    across = _line_across_the_break(context, page, x0, before=before)
    if across is not None and before:
        # A head line above a row cell's first line, where the row's other cells start too,
        # is no line of that row: it goes on with the cell the break cut (random 72-1).
        near = [(name, line) for name, line in aligned if not _opens_its_row(context, line)]
    if across is not None and (before or not any(_piece_above(line, top) for _, line in near)):
        # Text runs downward: a foot line under a cell's line of its page goes on with that
        # cell, not with the first cell of the page after (random 76-5).
        near.append(across)
    # In order, each once (a dict, not a set: the findings' order must not depend on hashing).
    targets = dict.fromkeys((name, line.activity.activity_id, line.field) for name, line in near)
    if near != [across] or not before:
        targets.update(dict.fromkeys(_word_targets(context, page, (x0, top, x0, bottom))))
    return aligned, list(targets)


def _piece_above(line: Line, top: float) -> bool:
    """Whether a value line stands above the height `top` (its bottom no lower)."""
    return line.bottom <= top + ALIGN_TOLERANCE


def _opens_its_row(context: ReviewContext, line: Line) -> bool:
    """Whether a cell's line is the first of its row on its page: the row's band (every
    row-level cell's lines there) starts at its height, to `ALIGN_TOLERANCE`."""
    extent = context.row_extents(line.activity).get(line.page)
    return extent is not None and abs(extent[0] - line.top) <= ALIGN_TOLERANCE


def _line_across_the_break(
    context: ReviewContext, page: int, x0: float, *, before: bool
) -> tuple[str, Line] | None:
    """(section name, line) of the value line starting at `x0` nearest `page` across its
    break: the lowest on the page before when `before`, else the highest on the page after;
    None where no line starts there."""
    across = _aligned_lines(context, page - 1 if before else page + 1, x0)
    if not across:
        return None
    return max(across, key=lambda a: a[1].bottom * (1 if before else -1))


def _aligned_lines(context: ReviewContext, page: int, x0: float) -> list[tuple[str, Line]]:
    """(section name, line) of every value line on `page` starting at `x0`."""
    return [
        (section.name, line)
        for section in context.plan.sections
        for line in context.lines_starting(section.name, page, x0)
    ]


TITLE_CELL_RULES = 2
"""Inner vertical rules (inside the table's width, the outer sides aside) that must cross a
`title` line's height for it to stand in a row of ruled cells: a title row inside a grid is
one cell across, crossed by none."""


OVERPRINT_SHARE = 0.5
"""Share of the narrower of two words on one line that the other covers across, above which
the two are printed one over the other: words set side by side touch at most (a kerned pair
overlaps by a fraction of a glyph)."""


def overprinted_findings(context: ReviewContext) -> list[Finding]:
    """Two different words printed one over the other on one line: the page shows at most
    one of them, the other clipped away or painted over, and a reader of text takes both
    (LibreOffice draws the last line of a header label cut in a narrow cell, `ras` of
    `colaborado` / `ras`, over the first line of the cell under it, clipped to the header
    row: held-out docx 2302 `00`, `ras` read into the collaborators of 14 activities, 7 of
    them with no other doubt). The value line holding either word is doubted. The same text
    twice at one place (a producer's fake bold) is one word."""
    findings: dict[tuple[str, str | None, str], Finding] = {}
    for page in context.pages:
        names = [s.name for s in context.plan.sections if (s.name, page.number) in context.lines]
        for line in page_lines(page) if names else []:  # each line left to right
            for left, right in pairwise(line):
                if right.x0 >= left.x1 >= left.x0 and right.x1 >= right.x0:
                    continue  # most pairs, apart: `covered` not positive, `narrower` not negative
                narrower = min(left.x1 - left.x0, right.x1 - right.x0)
                covered = min(left.x1, right.x1) - right.x0
                if left.text == right.text or covered <= OVERPRINT_SHARE * narrower:
                    continue
                for name in names:
                    for word in (left, right):
                        for value_line in context.lines_at_height(name, page.number, word.ymid):
                            x0, _, x1, _ = value_line.box
                            key = (name, value_line.activity.activity_id, value_line.field)
                            if not x0 <= word.xmid <= x1 or key in findings:
                                continue
                            findings[key] = _finding(
                                "overprinted",
                                "warning",
                                f"{value_line.field}: “{right.text}” is printed over "
                                f"“{left.text}”: the page shows one of them, the reading "
                                "holds both",
                                name,
                                value_line.activity,
                                value_line.field,
                                page.number,
                            )
    return list(findings.values())


def stamp_in_cell_findings(context: ReviewContext) -> list[Finding]:
    """A value holding a signature stamp's date and time (`plan.furniture.STAMP_DATE`, `Fecha:
    2024.02.27 11:55:44 -06'00'`): a stamp's words read into a cell, which a plan's cell never
    prints. Held-out Word 4949-06, silent on 4.1.7: a stamp set at the top of the page after a
    section's table, its marker line recorded as a stamp but its signer's and date's lines, in
    the responsible column's width, read as the rest of the section's last row (`…Tecnológica.
    GLORIANA EDUARTE HERNANDEZ (FIRMA) Fecha: …`). The date and the time are read across the
    value's lines; the doubt goes on the page of the line with the date. Over 1,992 saved
    outputs of earlier batches and the committed PDFs it fires on that document's two such cells
    only."""
    findings = []
    for section, activity in context.plan.activities():
        for name, pieces in activity.provenance.items():
            match = STAMP_DATE.search(" ".join(piece.text for piece in pieces))
            if match is None:  # the date and the time may stand on lines of their own
                continue
            date = match.group(0).split()[0]
            dated = next(piece for piece in pieces if date in piece.text)
            findings.append(
                Finding(
                    check="stamp_in_cell",
                    severity="warning",
                    section=section.name,
                    activity_id=activity.activity_id,
                    field=name,
                    page=dated.page,
                    message=f"{name}: “{match.group(0)}” is a signature stamp's date and time: "
                    "the stamp's words were read into this cell",
                )
            )
    return findings


def title_in_cell_findings(context: ReviewContext) -> list[Finding]:
    """A line recorded as `title` furniture that stands in a row of ruled cells: the page's
    drawn vertical rules (`PageContent.rules`, the reader's, not the table stages') cross its
    height inside the table's width, as they cross a table row and never a title row; or,
    ruled or not, that is set as a line of a merged column (`_in_merged_column`). Its
    words are a cell's, cut from it with no trace in `unassigned` (a merged cell's text run
    on to the next page, read as a title above that page's header). The doubt goes on the
    value line aligned with it (the cut cell's last line on the page before, for a line in
    the page's upper half, on the page after for one in its lower half; a line away on its
    own page), and on the row band and merged cell nearest it."""
    titles: dict[tuple[int, float], list] = defaultdict(list)
    for record in context.plan.furniture:
        if record.kind == "title":
            titles[(record.page, round(record.bbox[1]))].append(record)
    span = _table_span(context)
    groups: dict[tuple, tuple[str, int]] = {}
    for (page, _), records in titles.items():
        top, bottom = min(r.bbox[1] for r in records), max(r.bbox[3] for r in records)
        ruled = span is not None and (
            _inner_rules_across(context.pages[page - 1], top, bottom, span) >= TITLE_CELL_RULES
        )
        if not ruled and not _in_merged_column(context, records):
            continue
        upper = top < context.pages[page - 1].height / 2
        _, targets = _cut_cell_targets(context, page, records, before=upper)
        text = " ".join(r.text for r in sorted(records, key=lambda r: r.bbox[0]))
        for target in targets:
            groups[(target, page)] = (text, len(records))
    return [
        Finding(
            check="title_in_cell",
            severity="warning",
            section=section,
            activity_id=activity_id,
            field=name,
            page=page,
            message=f"“{text}”, recorded as a title, stands in a table cell (ruled, or "
            f"set as a merged column's line): {count} words of a cell may be missing from it",
        )
        for ((section, activity_id, name), page), (text, count) in groups.items()
    ]


def preamble_on_a_line_findings(context: ReviewContext) -> list[Finding]:
    """A word recorded as preamble furniture (title, heading, general objective) that
    stands on a value line's height, within a run gap (`RUN_GAP_EM`) of its words: a word
    of that cell's line (random layout 69-1: the `la` of `Un documento con la`, set past the
    table's found right edge, recorded as a title; the verification lost it, silent). A
    preamble line spans the page above the table; it shares no height with a cell's line.
    The doubt goes on the line's activity and field."""
    found: dict[tuple, list[str]] = defaultdict(list)
    for record in context.plan.furniture:
        if record.kind not in PREAMBLE_KINDS:
            continue
        x0, top, x1, bottom = record.bbox
        middle, gap = (top + bottom) / 2, RUN_GAP_EM * (bottom - top)
        for section in context.plan.sections:
            for line in context.lines_at_height(section.name, record.page, middle):
                box = line.box
                if box[0] - gap <= x1 and x0 <= box[2] + gap:
                    target = (section.name, line.activity.activity_id, line.field, record.page)
                    found[target].append(record.text)
    return [
        Finding(
            check="preamble_on_a_line",
            severity="warning",
            section=section,
            activity_id=activity_id,
            field=name,
            page=page,
            message=f"{name}: {_quote(texts)}, recorded as a title, heading or general "
            "objective, stands on one of this cell's lines: words of the cell may be missing",
        )
        for (section, activity_id, name, page), texts in found.items()
    ]


def _in_merged_column(context: ReviewContext, records: list) -> bool:
    """Whether a title line is set as a line of a merged (strategic action, objective)
    column of its section: it starts where that column's lines start (`ALIGN_TOLERANCE`)
    and ends inside its text extent. A title row spans the table or is centred over it;
    unruled, this is the evidence that it is a merged cell's text run on past its rows."""
    x0, x1 = min(r.bbox[0] for r in records), max(r.bbox[2] for r in records)
    em = max(r.bbox[3] - r.bbox[1] for r in records)
    extents = context.extents.get(records[0].section or "", {})
    return any(
        abs(x0 - extents[name][0]) <= ALIGN_TOLERANCE
        and x1 <= extents[name][1] + COLUMN_OVERLAP * em
        for name in SPANNING_FIELDS
        if name in extents
    )


def _table_span(context: ReviewContext) -> tuple[float, float] | None:
    """The x range of the plan's table: from the leftmost column's text to the rightmost's,
    over every section (`ReviewContext.extents`)."""
    ranges = [extent for extents in context.extents.values() for extent in extents.values()]
    if not ranges:
        return None
    return min(x0 for x0, _ in ranges), max(x1 for _, x1 in ranges)


def _inner_rules_across(page: PageContent, top: float, bottom: float, span) -> int:
    """How many drawn vertical rules cross the height (top, bottom) strictly inside `span`."""
    return sum(
        1
        for rule in page.rules.verticals
        if span[0] < rule.pos < span[1] and rule.start <= top and rule.end >= bottom
    )


TABLE_ROW_COLUMNS = 2
"""Columns a preamble line must print a run in, each starting where that column's cell text
starts (`ALIGN_TOLERANCE`), to be a table row: a title, heading or general objective is one
run (centred, or prose from the margin), a row prints its cells side by side."""


def table_rows_in_furniture(context: ReviewContext) -> list[Word]:
    """The words of table rows recorded as preamble furniture: a preamble line (its words of
    `PREAMBLE_KINDS`) whose runs (`_runs`) start at the left edges of `TABLE_ROW_COLUMNS`
    columns or more (`ReviewContext.extents`, from the output's value lines), and a preamble
    line a line away from such a row (`ALIGNED_GAP_EM`) with a run starting at one: the cell
    lines run on below or above it. Rows read as the preamble of the next table (a line taken
    for prose across the columns ended the table) leave the fields with no trace in
    `unassigned`, and the accounting would add up; these words are in the wrong place. So
    is a preamble line with a run starting at a column's left edge a line away from a value
    line of its page (`_value_extents`): a cell's line printed past the table's found bottom
    (weasy 3401 `06`: a collaborator alone under the last row, read as a title)."""
    preamble = {
        _word_key(r.page, r.bbox, r.text)
        for r in context.plan.furniture
        if r.kind in PREAMBLE_KINDS
    }
    starts = context.column_starts
    if not preamble or not starts:
        return []
    misplaced: list[Word] = []
    for page in context.pages:
        held = _recorded_words(page, preamble)
        if held:
            values = [extent for extent, _ in _value_extents(context, page.number)]
            misplaced += _table_row_words(held, starts, values)
    return misplaced


def _recorded_words(page: PageContent, keys: set[WordKey]) -> list[Word]:
    """The words of `page` whose `_word_key` is among `keys` (records of the output), in
    the page's order; a word's box is rounded only where its page and text are recorded."""
    texts = {text for number, _, text in keys if number == page.number}
    return [w for w in page.words if w.text in texts and _word_key(w.page, w.bbox, w.text) in keys]


def _value_extents(context: ReviewContext, page: int) -> list[tuple[tuple[float, float], Line]]:
    """Each value line printed on `page` (any section's), with its vertical extent, in the
    order of `ReviewContext.lines`: made once per page, when first asked (a check asks once
    per word it weighs), not once per call."""
    if page not in context.value_extents:
        context.value_extents[page] = [
            ((line.top, line.bottom), line)
            for (_, on_page), lines in context.lines.items()
            if on_page == page
            for line in lines
        ]
    return context.value_extents[page]


def past_table_findings(context: ReviewContext, misplaced: list[Word]) -> list[Finding]:
    """Words of table rows recorded as preamble furniture (`table_rows_in_furniture`) that
    stand a line away (`ALIGNED_GAP_EM`) from a value line of their page: a cell's line set
    past the table's found bottom (or above its top), read as a title; the accounting's
    `misplaced` error names the page, not the row (weasy 3401 `06`: a collaborator alone
    under the page's last row, in no field, carried no finding). The line may end the cell
    of the nearest value line's row or start the cell of the row after it (before it, for a
    line above): of the two rows, the one whose cell in the word's column (`_column_at`) is
    empty is doubted; both are when neither or both are (a warning on each)."""
    where = {
        id(activity): (section, index)
        for section in context.plan.sections
        for index, activity in enumerate(section.activities)
    }
    groups: dict[tuple[int, int], tuple[Section, Activity, str | None, int, list[str]]] = {}
    for word in misplaced:
        extent = (word.top, word.bottom)
        near = [
            (max(top - word.bottom, word.top - bottom), top, line)
            for (top, bottom), line in _value_extents(context, word.page)
            if _within_a_line(extent, (top, bottom))
        ]
        if not near:
            continue
        _, top, line = min(near, key=itemgetter(0))
        section, index = where[id(line.activity)]
        beside = index + 1 if word.top > top else index - 1
        rows = [section.activities[i] for i in (index, beside) if 0 <= i < len(section.activities)]
        column = _column_at(context, section.name, word.xmid)
        empty = [row for row in rows if column is not None and not getattr(row, column)]
        for row in empty if len(empty) == 1 else rows:
            key = (id(row), word.page)
            groups.setdefault(key, (section, row, column, word.page, []))[4].append(word.text)
    return [
        _finding(
            "past_table",
            "warning",
            f"{len(words)} words printed a line from a row, where a column's text starts, "
            f"read as page furniture and in no field ({_quote(words)}): "
            + (f"the {column} cell may have lost them" if column else "a cell may have lost them"),
            section.name,
            row,
            column,
            page,
        )
        for section, row, column, page, words in groups.values()
    ]


def row_heading_findings(context: ReviewContext, misplaced: list[Word]) -> list[Finding]:
    """A section whose heading holds words of table rows (`table_rows_in_furniture`) is no
    section the plan prints: rows read as a preamble opened it, so its activities are cut
    from the section and merged cells above them, whose words went into that preamble
    (held-out HTML 989-08: seven activities of three such sections, their strategic actions
    and objectives cut, carried no finding; the accounting's `misplaced` error names a page,
    not them). A warning on each of its activities."""
    keys = {_word_key(w.page, w.bbox, w.text) for w in misplaced}
    words: dict[str, list[str]] = defaultdict(list)
    for record in context.plan.furniture:
        if (
            record.kind == "heading"
            and record.section is not None
            and _word_key(record.page, record.bbox, record.text) in keys
        ):
            words[record.section].append(record.text)
    return [
        _finding(
            "row_heading",
            "warning",
            f"the section's heading holds {len(words[section.name])} words of table rows "
            f"({_quote(words[section.name])}): this activity may belong to the section "
            "before, its merged cells may have lost words",
            section.name,
            activity,
            None,
            _first_page(activity),
        )
        for section in context.plan.sections
        if section.name in words
        for activity in section.activities
    ]


HEADER_PAGES_COMPARED = 2
"""Other pages of its section a column header must be printed on before a word of one page's
header that none of them prints is doubted: a header repeats its labels on every page, and two
other pages agreeing tell which page's header is the odd one."""


def header_word_findings(context: ReviewContext) -> list[Finding]:
    """A word read as one page's column header that the header printed on the section's other
    pages (`HEADER_PAGES_COMPARED` or more) never prints is no label: a cell's line set over
    the header (an overflowing merged cell's first line on the page, printed across the
    header's bottom rule, weasy 3401 `06`: "mediante las" of three objectives). The words are
    in their place for the accounting, so nothing else sees them. A warning on the cell
    printed first under the word in its column on that page (`_cell_under`), or on the section
    when no column holds it."""
    pages: dict[str, dict[int, list[FurnitureWord]]] = defaultdict(lambda: defaultdict(list))
    for record in context.plan.furniture:
        if record.kind == "column_header" and record.section is not None:
            pages[record.section][record.page].append(record)
    findings = []
    for section, headers in pages.items():
        if len(headers) <= HEADER_PAGES_COMPARED:
            continue
        texts = {page: {r.text for r in records} for page, records in headers.items()}
        for page, records in sorted(headers.items()):
            others = [other for number, other in headers.items() if number != page]
            odd = [
                r
                for r in header_strangers(
                    records, (t for other, t in texts.items() if other != page)
                )
                if not _clipped_rest(r, records, others)
            ]
            targets: dict[int, tuple[Line | None, list[str]]] = {}
            for record in odd:
                under = _cell_under(context, section, page, record.bbox)
                targets.setdefault(id(under), (under, []))[1].append(record.text)
            findings += [
                _finding(
                    "header_words",
                    "warning",
                    f"{len(words)} words read as the column header on this page only "
                    f"({_quote(words)}): the header on the section's other pages does not "
                    "print them; a cell's line set over the header may have lost them",
                    section,
                    under.activity if under else None,
                    under.field if under else None,
                    page,
                )
                for under, words in targets.values()
            ]
    return findings


CLIPPED_REST_LEADING_EM = 0.5
"""Em (a word box's height): a header word this close under the one above it, overlapping
it, is that label cell's next line (`_clipped_rest`)."""


def _clipped_rest(
    record: FurnitureWord, records: list[FurnitureWord], others: list[list[FurnitureWord]]
) -> bool:
    """`record` is the next line of a label cell that the header on every other page ends
    above: the word right over it in its cell is printed there too, with nothing of the
    header under it. A header row repeated with less height than its labels need is clipped
    at its bottom rule (Word/HTML 1079 docx `07`: 'colaborado' / 'ras' on each section's
    first page, 'colaborado' alone on the others); a cell's line overprinting the header
    is no line of a label's cell."""
    x0, top, x1, bottom = record.bbox
    reach = CLIPPED_REST_LEADING_EM * (bottom - top)
    above = [
        q
        for q in records
        if 0 <= top - q.bbox[3] < reach and overlap(q.bbox[0], q.bbox[2], x0, x1) > 0
    ]
    return any(all(_lowest_in_cell(q, other) for other in others) for q in above)


def _lowest_in_cell(word: FurnitureWord, records: list[FurnitureWord]) -> bool:
    """A page's header prints `word`'s text at its x with no header word under it."""
    x0, _, x1, _ = word.bbox
    same = [r for r in records if r.text == word.text and overlap(r.bbox[0], r.bbox[2], x0, x1) > 0]
    return bool(same) and not any(
        r.bbox[1] > s.bbox[3] and overlap(r.bbox[0], r.bbox[2], s.bbox[0], s.bbox[2]) > 0
        for s in same
        for r in records
    )


def _cell_under(context: ReviewContext, section: str, page: int, bbox) -> Line | None:
    """The section's value line printed first on `page` below `bbox`, in the column whose
    extent holds `bbox`'s middle; None when none does."""
    name = _column_at(context, section, (bbox[0] + bbox[2]) / 2)
    below = [
        line
        for line in context.lines.get((section, page), [])
        if line.field == name and line.top >= bbox[1]
    ]
    return min(below, key=lambda line: line.top, default=None)


def _column_at(context: ReviewContext, section: str, x: float) -> str | None:
    """The section's text field whose column extent (`ReviewContext.extents`) holds `x`."""
    extents = context.extents.get(section, {}).items()
    return next((name for name, (x0, x1) in extents if x0 <= x <= x1), None)


def _table_row_words(
    words: list[Word], starts: list[float], values: Iterable[tuple[float, float]] = ()
) -> list[Word]:
    """The words of `words` (one page's) that read as table rows: a line whose runs
    (`_runs`) start at the left edges (`starts`, sorted) of `TABLE_ROW_COLUMNS` columns or
    more, or whose run starting at one stands a line away (`ALIGNED_GAP_EM`) from a value
    line of the page (`values`, vertical extents), and a line a line away from such a row
    with a run starting at one: the cell lines run on below or above it. A run counts once:
    one column's left edge may differ by under a point between sections, two `starts` near
    one x (Calc held-out 2392 `07`: a title starting where one column's text does read as a
    row)."""
    lines = []
    for line in group_lines(words):
        if line:
            aligned = sum(
                any(abs(run[0].x0 - x0) <= ALIGN_TOLERANCE for x0 in starts) for run in _runs(line)
            )
            lines.append((line, aligned))
    values = list(values)
    rows = [
        aligned >= TABLE_ROW_COLUMNS or (aligned > 0 and _near_a_value(_extent(line), values))
        for line, aligned in lines
    ]
    grown = True
    while grown:  # rows grow by a line at a time, up and down
        grown = False
        for i, (line, aligned) in enumerate(lines):
            if rows[i] or not aligned:
                continue
            if any(
                rows[j] and _a_line_apart(line, lines[j][0])
                for j in (i - 1, i + 1)
                if 0 <= j < len(lines)
            ):
                rows[i] = grown = True
    return [w for (line, _), row in zip(lines, rows, strict=True) if row for w in line]


def _near_a_value(extent: tuple[float, float], values: list[tuple[float, float]]) -> bool:
    """Whether a printed line's vertical extent stands within a line of any of `values`
    (`_within_a_line`; the line's extent measured once, not once per value)."""
    return any(_within_a_line(extent, value) for value in values)


def _a_line_apart(words: list[Word], other: list[Word]) -> bool:
    """Whether two printed lines stand within `ALIGNED_GAP_EM` of each other."""
    return _within_a_line(_extent(words), _extent(other))


def _extent(words: list[Word]) -> tuple[float, float]:
    """A printed line's vertical extent (top, bottom)."""
    return (min(w.top for w in words), max(w.bottom for w in words))


MERGED_CELL_REACH = 3.0
"""Line heights below (above) a merged cell's nearest line within which a word no field took
is doubted on that cell: the next line of its text would sit there."""


def _word_targets(context: ReviewContext, page: int, bbox) -> list[tuple]:
    """(section, activity id, field) a word no field took casts doubt on: the row band
    holding it (field None), and the merged cell of its column printed nearest above or
    below it; none when neither is near."""
    band = context.locate(page, bbox[1], bbox[3])
    targets: list[tuple[str | None, str | None, str | None]] = []
    if band is not None:
        targets.append((band.section, band.activity_id, None))
    height = max(bbox[3] - bbox[1], 1.0)
    x, middle = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for index, section in enumerate(context.plan.sections):
        extents = context.extents.get(section.name, {})
        for name in SPANNING_FIELDS:
            x0, x1 = extents.get(name, (0.0, -1.0))
            if not x0 <= x <= x1:
                continue
            near = [
                (max(0.0, top - middle, middle - bottom), activity_id)
                for top, bottom, activity_id in context.spanning_pieces(index, name, page)
            ]
            gap, activity_id = min(near, default=(None, None))
            if gap is not None and gap <= MERGED_CELL_REACH * height:
                targets.append((section.name, activity_id, name))
    return targets
