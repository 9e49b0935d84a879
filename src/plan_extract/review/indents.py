"""Lines indented or outdented against their cell's text."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from plan_extract.models import Activity, Finding
from plan_extract.pdf.reader import Word
from plan_extract.review.columns import _beside_findings
from plan_extract.review.context import _finding, _merged_extents, _within_a_line
from plan_extract.review.joins import ALIGN_TOLERANCE
from plan_extract.review.line_ends import _has_letter

if TYPE_CHECKING:
    from plan_extract.review.context import Line, ReviewContext


def _opened_above(context: ReviewContext, block: list[Line], row: Activity) -> bool:
    """Whether a table's header or title line stands between a block of lines (sorted by top)
    and where `row`'s cells start on the block's page."""
    page = block[-1].page
    starts = _merged_extents(context.field_extents(row)).get(page)
    return starts is not None and context.table_opened(page, block[-1].bottom, starts[0])


def _blocks_below(lines: list[Line], limit: float) -> list[Line]:
    """A cell's lines (sorted by top) of its blocks (`_text_blocks`) that start below
    `limit`, the bottom of the row's other cells: whatever the row's vertical alignment, a
    cell of it starts before the others have all ended."""
    if lines[-1].top <= limit:  # most cells: no line starts below the limit
        return []
    return [p for b in _text_blocks(lines) if b[0].top > limit for p in b]


def _text_blocks(lines: list[Line]) -> list[list[Line]]:
    """Lines (sorted by top) in blocks: a line within a line of the one above
    (`_within_a_line`) goes on its block."""
    blocks: list[list[Line]] = []
    for piece in lines:
        extent = (piece.top, piece.bottom)
        last = blocks[-1][-1] if blocks else None
        if last is not None and _within_a_line((last.top, last.bottom), extent):
            blocks[-1].append(piece)
        else:
            blocks.append([piece])
    return blocks


def _left_of(x0: float, name: str) -> Callable[[Line], bool]:
    """Accepts a line of another field than `name` that ends left of `x0`."""
    return lambda other: other.field != name and other.x1 <= x0


def _hangs_from_a_bullet(line: Line, flush: set[tuple[int, tuple]]) -> bool:
    """Whether an indented line continues a list item: the last line of its cell before it
    (in reading order, across a page break) that starts at the column's edge (`flush`: page
    and box) opens with a glyph that is no letter or digit (`✓`, `-`, `•`), its text hanging
    under the item's first word."""
    head = ""
    for piece in line.activity.provenance.get(line.field, []):
        if piece is line.piece:
            break
        if (piece.page, tuple(piece.bbox)) in flush:
            head = piece.text.lstrip()
    return bool(head) and not head[0].isalnum()


LEFT_SET_SHARE = 0.9
"""Share of a column's lines over the plan that must start at its left edge
(`ALIGN_TOLERANCE`) for the column to be set flush left (or justified): then every line of
it starts there."""


FLUSH_OUTDENT_EM = 0.5
"""Em: how far left of a flush-left column's edge a line starts for `outdented_line_findings`
to look for a word at the edge inside it (an em elsewhere). Held-out Calc 4961 `06` (outer
border only, a gutter of 11 pt): the activity's `y` after `las instituciones`, printed
3.2 pt after it, was read as the first word of the collaborators' line `y CONACOES.`,
0.85 em left of the column's edge, with no finding."""


def indented_line_findings(context: ReviewContext) -> list[Finding]:
    """A line of a flush-left column (`LEFT_SET_SHARE` of its lines over the plan start at
    their section's left edge of it) starting more than an em right of that edge: its first
    words went to the cell beside it (justified cells a narrow gap apart: held-out HTML
    949-03, `trimestre de el` / `año 2023.`), unless it hangs under a list item's bullet
    (`_hangs_from_a_bullet`). The line's activity is doubted, and the cell beside it on the
    left (`_beside_findings`)."""
    names = [section.name for section in context.plan.sections]
    findings = []
    for name, lines in _lines_by_field(context).items():
        findings += _indented_field_findings(context, name, lines, names)
    return findings


def _indented_field_findings(
    context: ReviewContext, name: str, lines: dict[str, list[Line]], names: list[str]
) -> list[Finding]:
    """`indented_line_findings` of one field, its `lines` per section name. A plan may
    repeat a section's name: each section counts (and is doubted on) every line of its name,
    so each name's lines are weighed by how many sections bear it, and each line is looked
    at once, not once per section (which made the check grow with sections x pages)."""
    offsets = _left_offsets(context, name, lines)
    edge = {
        (line.page, tuple(line.box))
        for section, of_section in lines.items()
        for line, offset in zip(of_section, offsets[section], strict=True)
        if abs(offset) <= ALIGN_TOLERANCE
    }
    if not _set_flush_left(offsets, names):
        return []
    flagged = {
        section: [
            finding
            for line, offset in zip(of_section, offsets[section], strict=True)
            for finding in _indented_findings(context, section, name, line, offset, edge)
        ]
        for section, of_section in lines.items()
    }
    return [finding.model_copy() for section in names for finding in flagged.get(section, [])]


def _lines_by_field(context: ReviewContext) -> dict[str, dict[str, list[Line]]]:
    """The plan's value lines by field, then by section name (in the plan's order)."""
    names = [section.name for section in context.plan.sections]
    by_name: dict[str, list[Line]] = defaultdict(list)
    for (section_name, _), page_lines_ in context.lines.items():
        by_name[section_name] += page_lines_
    by_field: dict[str, dict[str, list[Line]]] = defaultdict(dict)
    for section_name in dict.fromkeys(names):
        for line in by_name.get(section_name, []):
            by_field[line.field].setdefault(section_name, []).append(line)
    return by_field


def _left_offsets(
    context: ReviewContext, name: str, lines: dict[str, list[Line]]
) -> dict[str, list[float]]:
    """How far right of its column's left edge (in its section's extents) each of field
    `name`'s lines (per section name) starts."""
    return {
        section: [line.x0 - context.extents[section][name][0] for line in of_section]
        for section, of_section in lines.items()
    }


def _set_flush_left(offsets: dict[str, list[float]], names: list[str]) -> bool:
    """Whether a column is set flush left (or justified): `LEFT_SET_SHARE` of its lines over
    the plan start at its edge (`offsets`: `_left_offsets`), each section weighed by how
    many sections bear its name."""
    weight = Counter(names)
    placed = sum(weight[section] * len(of_section) for section, of_section in offsets.items())
    flush = sum(
        weight[section] * sum(abs(offset) <= ALIGN_TOLERANCE for offset in of_section)
        for section, of_section in offsets.items()
    )
    return flush >= LEFT_SET_SHARE * placed


def _indented_findings(
    context: ReviewContext,
    section: str,
    name: str,
    line: Line,
    offset: float,
    edge: set[tuple[int, tuple]],
) -> list[Finding]:
    """`indented_line_findings` of one line of field `name`, `offset` right of its column's
    left edge (none unless it starts more than an em right and hangs from no bullet)."""
    box = line.box
    if offset <= box[3] - box[1] or _hangs_from_a_bullet(line, edge):
        return []
    return [
        _finding(
            "column_position",
            "warning",
            f"{name}: “{line.piece.text}” starts an em right of its column's left edge",
            section,
            line.activity,
            name,
            line.page,
        ),
        *_beside_findings(
            "column_position",
            f"“{line.piece.text}” of {name} starts right of its column's edge",
            section,
            context.lines.get((section, line.page), []),
            line.piece,
            _left_of(box[0], name),
        ),
    ]


def outdented_line_findings(context: ReviewContext) -> list[Finding]:
    """A line of a cell that starts more than an em left of its column's left edge (its
    section's extent) or of another line of its own cell, and holds a word starting at that
    edge (`ALIGN_TOLERANCE`; at a cell's own edge, a gutter before it, `_gutter_before`):
    the column's text starts inside the line, so the words before
    that word were printed in the cell on the left and the column bound cut that cell's line
    (fpdf held-out 2727 `01`: justified short words pushed to the responsible's right edge
    moved the bound into the responsible column, and `Paniamor- Programa` /
    `sensibilización` gave `Programa` to the indicator, with no other finding). A cell's
    own lines tell its edge where the section's do not: where the bound cut the cell on the
    left on most rows (a section that repeats one justified responsible, its 'de', 'y' in
    the indicator's lines), the median line of the column starts left of the column's text
    too (html held-out 3131 `00`, before the column finder saw that gutter: 'Cultura de
    formación.', its `de` where the cell's first line starts). Words before the edge that
    hold no letter (a bullet, a dash) may hang out of a column's text. The line's activity
    is doubted, and the cell beside it on the left (`_beside_findings`). In a column set
    flush left (`_set_flush_left`), where no line of its own starts left of the edge, half
    an em is enough (`FLUSH_OUTDENT_EM`)."""
    names = [section.name for section in context.plan.sections]
    flush_left = {
        name
        for name, lines in _lines_by_field(context).items()
        if _set_flush_left(_left_offsets(context, name, lines), names)
    }
    findings = []
    for (section, page), lines in context.lines.items():
        cells: dict[tuple[int, str], list[float]] = defaultdict(list)
        for line in lines:
            cells[(id(line.activity), line.field)].append(line.x0)
        rightmost = {cell: max(lefts) for cell, lefts in cells.items()}  # a cell's latest start
        for line in lines:
            box = line.box
            em = box[3] - box[1]
            out = em * (FLUSH_OUTDENT_EM if line.field in flush_left else 1.0)
            column = context.extents[section][line.field][0]
            cell = (id(line.activity), line.field)
            # Most lines: at their column's edge and at their cell's, told without the list.
            if box[0] >= column - out and box[0] >= rightmost[cell] - em:
                continue
            own = [x for x in cells[cell] if box[0] < x - em]
            words = context.piece_words(line.piece)
            at = next(
                (
                    i
                    for i, w in enumerate(words)
                    if i > 0
                    and (
                        (box[0] < column - out and abs(w.x0 - column) <= ALIGN_TOLERANCE)
                        or (
                            any(abs(w.x0 - x) <= ALIGN_TOLERANCE for x in own)
                            and _gutter_before(words, i)
                        )
                    )
                ),
                None,
            )
            if at is None or not any(_has_letter(w.text) for w in words[:at]):
                continue
            findings += [
                _finding(
                    "column_position",
                    "warning",
                    f"{line.field}: “{line.piece.text}” starts left of its column's edge, "
                    f"where “{words[at].text}” starts: words of the cell beside it",
                    section,
                    line.activity,
                    line.field,
                    page,
                ),
                *_beside_findings(
                    "column_position",
                    f"a line of {line.field} beside it starts inside this cell's line",
                    section,
                    lines,
                    line.piece,
                    _left_of(box[0], line.field),
                ),
            ]
    return findings


def _gutter_before(words: list[Word], i: int) -> bool:
    """The gap before `words[i]` is no word space of its line: it differs from each other
    gap of the line by more than `GUTTER_SPACE_SLACK` (there is at least one). A line's
    word spaces are alike, a justified line's stretched by one amount; the gutter between
    two cells' words on one line is not one of them. A line of a cell whose continuation
    lines hang indented (a bullet list: 'el Código de Conducta' beside 'instituciones y',
    indented under '✓ Personal') may hold a word at that indent a word space on."""
    gaps = [b.x0 - a.x1 for a, b in pairwise(words)]
    before = gaps.pop(i - 1)
    return bool(gaps) and all(abs(before - gap) > GUTTER_SPACE_SLACK for gap in gaps)


GUTTER_SPACE_SLACK = 0.5
"""Points by which a gutter between two cells on one line differs from the line's word
spaces: its spaces are alike to a tenth of a point or so (glyph advances and a justified
line's one stretch), a gutter is a cell's padding apart (4 pt and more where its words are
one phrase with the next cell's)."""
