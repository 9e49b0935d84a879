"""Rules and columns: values that cross a ruled column bound, cells shared by two columns, empty
cells in a column never empty elsewhere."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from plan_extract.geometry import BBox
from plan_extract.models import TEXT_FIELDS, Activity, Finding, Piece, Section
from plan_extract.review.context import COLUMN_OVERLAP, ROW_FIELDS, _finding, _quote
from plan_extract.tables.page_grid import Edge, PageGrid

if TYPE_CHECKING:
    from plan_extract.review.context import Line, ReviewContext


RULE_TOLERANCE = 1.0
"""Points a line may overlap a rule it does not cross (boxes include the glyphs' bearings)."""


RULED_SHARE = 0.5
"""Share of vertically adjacent activities a page's rules part in a column for that column's
rows to count as ruled (box-only and horizontal-only layouts part none or all)."""


@dataclass(frozen=True)
class Rule:
    """A drawn vertical rule of a grid: where it stands and how far it runs."""

    x: float
    top: float
    bottom: float


@dataclass
class ColumnRules:
    """A grid's drawn vertical rules, in the grid's order (`rules`) and by position
    (`by_x`, `xs`: stable, so rules at one position keep that order), so that a line looks
    only at the rules beside it instead of every rule of the grid."""

    rules: list[Rule]
    by_x: list[Rule] = field(init=False)
    xs: list[float] = field(init=False)
    order: list[int] = field(init=False)
    """The place in `rules` of each rule of `by_x`."""
    positions: list[float] = field(init=False)
    """The rules' distinct positions, left to right."""
    runs: list[tuple[list[float], list[float]]] = field(init=False)
    """At each of `positions`, the heights its rules cover, as disjoint runs in order (tops,
    bottoms): a grid draws a column rule cell by cell, so one position holds many rules,
    and `column`, asked of every line, finds the run about a height by bisection."""

    def __post_init__(self) -> None:
        self.order = sorted(range(len(self.rules)), key=lambda i: self.rules[i].x)
        self.by_x = [self.rules[i] for i in self.order]
        self.xs = [rule.x for rule in self.by_x]
        spans: dict[float, list[tuple[float, float]]] = defaultdict(list)
        for rule in self.by_x:
            spans[rule.x].append((rule.top, rule.bottom))
        self.positions = sorted(spans)
        self.runs = [_merged_runs(spans[x]) for x in self.positions]

    def crossed(self, x0: float, x1: float, middle: float) -> list[float]:
        """Where the rules stand that run through height `middle` strictly between `x0`
        and `x1`, in the grid's order."""
        low, high = bisect_right(self.xs, x0), bisect_left(self.xs, x1)
        if low >= high:  # most lines: inside one column
            return []
        return [
            self.rules[i].x
            for i in sorted(self.order[low:high])
            if self.rules[i].top < middle < self.rules[i].bottom
        ]

    def column(self, bbox) -> tuple[float | None, float | None]:
        """The drawn column rules left and right of a line's middle (None where none is
        drawn): the nearest rule on each side that runs through the line's middle height."""
        x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
        positions, runs = self.positions, self.runs
        split = bisect_right(positions, x)  # positions at x or left of it, then right
        left = right = None
        # Plain loops, not generators: asked of every line of every ruled page, and the
        # nearest position on each side almost always holds a rule through the line.
        for k in range(split - 1, -1, -1):
            tops, bottoms = runs[k]
            at = bisect_right(tops, y) - 1  # the last run starting at y or above it
            if at >= 0 and y <= bottoms[at]:
                left = positions[k]
                break
        for k in range(split, len(positions)):
            tops, bottoms = runs[k]
            at = bisect_right(tops, y) - 1
            if at >= 0 and y <= bottoms[at]:
                right = positions[k]
                break
        return left, right


def _merged_runs(spans: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """The heights `spans` (top, bottom) cover, as disjoint runs in order: (tops, bottoms)."""
    tops: list[float] = []
    bottoms: list[float] = []
    for top, bottom in sorted(spans):
        if bottoms and top <= bottoms[-1]:
            bottoms[-1] = max(bottoms[-1], bottom)
        else:
            tops.append(top)
            bottoms.append(bottom)
    return tops, bottoms


def ruling_findings(context: ReviewContext) -> list[Finding]:
    """The generic table engine's drawn rules (independent of the plan's column model and row
    stitching) against the values: a line of a value that crosses a drawn column rule
    (`engine_cell`: text of two cells read as one), and two activities whose lines share a
    ruled cell, on a page where drawn rules part the column's other rows (`engine_cell`:
    one printed row read as two)."""
    findings = []
    for page_number, grids in enumerate(context.grids, start=1):
        names = [
            section.name
            for section in context.plan.sections
            if (section.name, page_number) in context.lines
        ]
        for grid in grids if names else []:
            edges = grid.drawn_edges()
            verticals = ColumnRules([Rule(e.x, e.top, e.bottom) for e in edges if not e.horizontal])
            horizontals = [e for e in edges if e.horizontal]
            drawn = [
                Edge(rule.start, rule.pos, rule.end, rule.pos)
                for rule in context.pages[page_number - 1].rules.horizontals
            ]
            by_name: dict[str, list[Finding]] = {}
            for name in names:
                if name not in by_name:
                    by_name[name] = _grid_findings(
                        name,
                        context.lines[(name, page_number)],
                        grid,
                        verticals,
                        RowRules(horizontals, drawn, partial(context.table_opened, page_number)),
                    )
                findings += [finding.model_copy() for finding in by_name[name]]
    return findings


@dataclass
class RowRules:
    """The horizontal rules a ruled cell's rows are judged by: the generic engine's grid
    edges, and every horizontal rule the reader found drawn on the page (`drawn`). The grid
    may keep a rule under one column only where the page draws it under every cell (held-
    out HTML 1029-05: the double border between two strategic actions, cell by cell, kept
    under the first column), and two rows a drawn rule parts are two cells whatever the
    grid kept."""

    grid: list[Edge]
    drawn: list[Edge]
    opened: Callable[[float, float], bool] = lambda _top, _bottom: False
    """Whether a table's header or title line stands between two heights of the page
    (`ReviewContext.table_opened`): two cells with one between them are rows of two tables."""


def _grid_findings(
    section: str, lines: list[Line], grid: PageGrid, verticals: ColumnRules, rows: RowRules
) -> list[Finding]:
    """`ruling_findings` of one section's lines on one grid. Sections of one name (a plan
    repeating its sections) share their lines and so their findings: computed once per
    name, not once per section (each section's lines are those of its name on the page)."""
    inside = _inside_grid(lines, grid.bbox)
    return [
        *_crossing_findings(section, lines, verticals),
        *_shared_cell_findings(section, inside, rows),
        *_ruled_column_findings(section, lines, inside, verticals),
    ]


def _crossing_findings(section: str, lines: list[Line], verticals: ColumnRules) -> list[Finding]:
    findings = []
    doubted: set[tuple[str | None, str]] = set()
    for line in lines:
        x0, top, x1, bottom = line.box
        crossed = verticals.crossed(x0 + RULE_TOLERANCE, x1 - RULE_TOLERANCE, (top + bottom) / 2)
        if not crossed:  # most lines: asked first, the doubted ones are few
            continue
        key = (line.activity.activity_id, line.field)
        if key in doubted:
            continue
        doubted.add(key)
        text = line.piece.text
        findings.append(
            _finding(
                "engine_cell",
                "warning",
                f"{line.field}: “{text}” crosses a column rule",
                section,
                line.activity,
                line.field,
                line.page,
            )
        )
        findings += _beside_findings(
            "engine_cell",
            f"beside “{text}”, which crosses a column rule",
            section,
            lines,
            line.piece,
            _across_rule(line.piece, crossed[0]),
        )
    return findings


def _across_rule(piece: Piece, rule: float) -> Callable[[Line], bool]:
    """The lines across a crossed rule from most of a line: the line's smaller part is the
    text it took from (or gave to) the cell on that side."""
    if rule - piece.bbox[0] < piece.bbox[2] - rule:
        return lambda other: other.x1 <= rule + RULE_TOLERANCE
    return lambda other: other.x0 >= rule - RULE_TOLERANCE


def _ruled_column_findings(
    section: str, lines: list[Line], inside: list[Line], verticals: ColumnRules
) -> list[Finding]:
    """A line of a field printed between other column rules than most lines of that field
    in the same grid (a column bound read in the wrong place moves words across a rule)."""
    findings = []
    by_box: dict[tuple, tuple[float | None, float | None]] = {}  # a merged line recurs
    by_field: dict[str, list[tuple[Line, tuple[float | None, float | None]]]] = defaultdict(list)
    for line in inside:
        box = line.box
        if box not in by_box:
            by_box[box] = verticals.column(box)
        by_field[line.field].append((line, by_box[box]))

    for name in TEXT_FIELDS:
        of_field = by_field.get(name, [])
        counts = Counter(column for _, column in of_field if None not in column)
        if not counts:
            continue
        usual = counts.most_common(1)[0][0]
        for line, column in of_field:
            if None in column or _holds_column(column, usual):
                continue
            findings.append(
                _finding(
                    "engine_cell",
                    "warning",
                    f"{name}: “{line.piece.text}” is printed in another ruled column",
                    section,
                    line.activity,
                    name,
                    line.page,
                )
            )
            findings += _beside_findings(
                "engine_cell",
                f"“{line.piece.text}” of {name} is printed in this cell's ruled column",
                section,
                lines,
                line.piece,
                _in_ruled_column(column, verticals),
            )
    return findings


def _holds_column(
    column: tuple[float | None, float | None], usual: tuple[float | None, float | None]
) -> bool:
    """Whether the drawn rules around a line hold the field's usual ruled column whole: the
    same column, or a wider one where a rule of it is not drawn beside this line (LibreOffice
    leaves out the left border of the first activity on a page where the merged cells to its
    left continue: held-out docx 2323 `06`, an exact row doubted). A missing rule moves no
    word; only rules that cut into the usual column are evidence of a misplaced line."""
    if column == usual:  # most lines: the same column, told without the bounds
        return True
    left, right = _open_bounds(column)
    usual_left, usual_right = _open_bounds(usual)
    return left <= usual_left + RULE_TOLERANCE and right >= usual_right - RULE_TOLERANCE


def _open_bounds(column: tuple[float | None, float | None]) -> tuple[float, float]:
    """A ruled column's bounds, a side with no rule drawn (None) open to infinity."""
    left, right = column
    return (-math.inf if left is None else left, math.inf if right is None else right)


def _in_ruled_column(column: tuple, verticals: ColumnRules) -> Callable[[Line], bool]:
    """Lines printed between the same drawn column rules as `column`."""
    return lambda line: verticals.column(line.box) == column


def _of_field(name: str) -> Callable[[Line], bool]:
    return lambda line: line.field == name


RULE_IN_LINE_SHARE = 0.5
"""Share of a line's height by which a rule between two cells may lie inside the box of the
line next to it: a glyph box (the font's ascent and descent) overshoots the ink, and a cell
set without padding has its first line's box cross the rule above it; no rule runs through
a line's middle."""


def _parted(a: tuple, b: tuple, horizontals: list[Edge], reach: float = RULE_TOLERANCE) -> bool:
    """Whether a drawn horizontal rule runs between two vertical extents, under both lines,
    to `reach` into either."""
    (a_x0, a_top, a_x1, a_bottom), (b_x0, b_top, b_x1, b_bottom) = a, b
    upper_bottom, lower_top = min(a_bottom, b_bottom), max(a_top, b_top)
    x0, x1 = max(a_x0, b_x0), min(a_x1, b_x1)
    return any(
        upper_bottom - reach <= e.y <= lower_top + reach
        and e.x0 <= x0 + RULE_TOLERANCE
        and e.x1 >= x1 - RULE_TOLERANCE
        for e in horizontals
    )


def _union(lines: list[Line]) -> BBox:
    """The box of a cell's lines (in one pass over them: a ruled page has one per row and
    field)."""
    x0, top, x1, bottom = lines[0].box
    for line in lines[1:]:
        x0, top = min(x0, line.x0), min(top, line.top)
        x1, bottom = max(x1, line.x1), max(bottom, line.bottom)
    return (x0, top, x1, bottom)


def _inside_grid(lines: list[Line], area: BBox) -> list[Line]:
    """The lines whose box's middle lies in a grid's `area` (`PageGrid.bbox`)."""
    x0, top, x1, bottom = area
    return [
        line
        for line in lines
        if x0 <= (line.x0 + line.x1) / 2 <= x1 and top <= (line.top + line.bottom) / 2 <= bottom
    ]


def _shared_cell_findings(section: str, inside: list[Line], rules: RowRules) -> list[Finding]:
    """Only rows of one table inside one grid count: a box-only table draws no rule between
    its rows, and the rules between two tables say nothing about the rows of either (two
    cells with a header or title line between them, `RowRules.opened`, are of two tables,
    whether or not the engine took the tables for one grid). The grid's rules
    tell whether the column's rows are ruled; a pair of rows the page draws a rule between
    (`RowRules.drawn`) is parted even where the grid lost that rule."""
    horizontals = rules.grid
    findings = []
    by_field: dict[str, list[Line]] = defaultdict(list)
    for line in inside:
        by_field[line.field].append(line)
    for name in ROW_FIELDS:
        pieces: dict[str | None, list[Line]] = defaultdict(list)
        owners: dict[str | None, Activity] = {}
        for line in by_field.get(name, []):
            activity_id = line.activity.activity_id
            pieces[activity_id].append(line)
            owners[activity_id] = line.activity
        cells = [(owners[key], _union(group)) for key, group in pieces.items()]
        cells.sort(key=lambda item: item[1][1])
        pairs = [(a, b) for a, b in pairwise(cells) if not rules.opened(a[1][3], b[1][1])]
        height = min((p.bottom - p.top for group in pieces.values() for p in group), default=0)
        reach = max(RULE_TOLERANCE, RULE_IN_LINE_SHARE * height)
        parted = [_parted(a[1], b[1], horizontals, reach) for a, b in pairs]
        if not pairs or sum(parted) < RULED_SHARE * len(pairs):
            continue
        for ((first, a), (second, b)), apart in zip(pairs, parted, strict=True):
            if apart or _parted(a, b, rules.drawn, reach):
                continue
            for activity in (first, second):
                findings.append(
                    _finding(
                        "engine_cell",
                        "warning",
                        f"{name}: two activities read from one ruled cell",
                        section,
                        activity,
                        name,
                        inside[0].page,
                    )
                )
    return findings


def _reached_column(name: str, bbox, extents, apart: frozenset[str] = frozenset()) -> str | None:
    """The first other column whose text extent the line reaches more than
    `COLUMN_OVERLAP` ems into. A line inside its own column's extent, where that column
    overlaps no other (`apart`: `_columns_apart`), reaches into none: no other is looked at."""
    left, right = bbox[0], bbox[2]
    reach = COLUMN_OVERLAP * (bbox[3] - bbox[1])
    if name in apart and reach >= 0 and extents[name][0] <= left and right <= extents[name][1]:
        return None
    for other, (x0, x1) in extents.items():
        # the overlap of the two extents, written out: this runs for every line of a plan
        if other != name and (x1 if x1 < right else right) - (x0 if x0 > left else left) > reach:
            return other
    return None


def _columns_apart(extents: dict[str, tuple[float, float]]) -> frozenset[str]:
    """The columns whose text extent overlaps no other column's (adjacent columns' texts
    never do: a gutter parts them)."""
    return frozenset(
        name
        for name, (a0, a1) in extents.items()
        if all(
            min(a1, x1) - max(a0, x0) <= 0 for other, (x0, x1) in extents.items() if other != name
        )
    )


def _column_findings(
    context: ReviewContext,
    section: Section,
    activity: Activity,
    extents,
    reached: dict,
    apart: frozenset[str],
) -> list[Finding]:
    """`reached` memoises `_reached_column` per (field, page, box) over the section; `apart`
    is `_columns_apart` of the section's `extents`."""
    findings = []
    provenance = context.provenance(activity)
    for name in TEXT_FIELDS:
        for line in provenance.get(name, []):
            key = (name, line.page, line.box)
            if key not in reached:
                reached[key] = _reached_column(name, line.box, extents, apart)
            other = reached[key]
            if other is None:
                continue
            findings.append(
                _finding(
                    "column_position",
                    "warning",
                    f"{name}: “{line.text}” reaches into the {other} column",
                    section.name,
                    activity,
                    name,
                    line.page,
                )
            )
            findings += _beside_findings(
                "column_position",
                f"“{line.text}” of {name} reaches into this column",
                section.name,
                context.lines.get((section.name, line.page), []),
                line.piece,
                _of_field(other),
            )
    return findings


def _beside_findings(
    check: str,
    message: str,
    section: str,
    lines: list[Line],
    piece: Piece,
    accept: Callable[[Line], bool],
) -> list[Finding]:
    """A line printed across a column boundary took words from, or gave words to, the cell
    printed beside it: that cell is doubted too, on every activity that carries it (a merged
    cell is in several). The cell is the nearest of the page's `lines` (of another cell)
    that `accept`s (a side of a rule, a named column), on the line's own height if one is
    there, else within one line height."""
    em = piece.bbox[3] - piece.bbox[1]
    middle = (piece.bbox[1] + piece.bbox[3]) / 2
    near = []
    for line in lines:
        box = line.box
        if box == piece.bbox or not accept(line):
            continue
        dy = max(0.0, box[1] - middle, middle - box[3])
        dx = max(0.0, box[0] - piece.bbox[2], piece.bbox[0] - box[2])
        if dy <= em:
            near.append(((dy > 0, dx), tuple(box), line))
    if not near:
        return []
    nearest = min(near, key=lambda n: n[0])[1]
    return [
        _finding(
            check,
            "warning",
            f"{line.field}: {message}",
            section,
            line.activity,
            line.field,
            piece.page,
        )
        for _, box, line in near
        if box == nearest
    ]


def _empty_cell_findings(
    context: ReviewContext, section: Section, activity: Activity, extents
) -> list[Finding]:
    findings = []
    rows = context.row_extents(activity)
    for name in ROW_FIELDS:
        if getattr(activity, name) or name not in extents:
            continue
        x0, x1 = extents[name]
        for page, (top, bottom) in rows.items():
            words = [w for w in context.words_between(page, top, bottom) if x0 <= w.xmid <= x1]
            if words:
                findings.append(
                    _finding(
                        "empty_cell",
                        "warning",
                        f"{name} is empty but its column prints "
                        + _quote([w.text for w in words])
                        + " in this row",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
                break
    return findings


CARRIED_WORD_PAST_EM = 0.05
"""Ems past the left edge where a column's lines start that a line of the column before it
must end to have taken a word of it (`carried_word_findings`): a gutter parts adjacent
columns' texts, so a line that ends past that edge holds words set in the next column."""

CARRIED_WORD_LATE_EM = 0.3
"""Ems right of where its column's lines start that the line beside such a line must start:
it lost its first word to the line beside it (a short word, `y`, is under `COLUMN_OVERLAP`'s
em, which `column_position` needs)."""


def carried_word_findings(context: ReviewContext) -> list[Finding]:
    """A line that ends past the left edge where the next column's lines start on its page
    (`_column_starts`), beside a line of that column that starts late, right of where the
    first ends: the late line's first word was read as the end of the line beside it, across
    the gutter. Held-out Calc 4949-02, two activities wrong with no finding: a lone `y`
    opening activity lines (`…con niñas` / `y adolescentes mujeres.`) read as the end of the
    objective line beside it (`1.1. Fomentar la y`), the objective line 4.1 pt past the
    activity column's edge, the activity line 6.4 pt late, both under the em `column_position`
    needs. Both cells are doubted, on the line's page. Over 2,004 saved outputs of earlier
    batches and the committed PDFs the rule fires on three documents, each already wrong
    there (`/tmp/s16/lead-gutter.py`), and on no exact line."""
    findings = []
    seen: set[tuple[str | None, str, int]] = set()
    for (section, page), lines in context.lines.items():
        starts = sorted((edge, name) for name, edge in _column_starts(lines).items())
        edges = [edge for edge, _ in starts]
        for line in lines:
            em = line.bottom - line.top
            # the columns starting right of the line's start, and far enough left of its end
            first = bisect_right(edges, line.x0)
            last = bisect_left(edges, line.x1 - CARRIED_WORD_PAST_EM * em)
            for edge, name in starts[first:last]:
                if name == line.field:
                    continue
                middle = (line.top + line.bottom) / 2
                for beside in context.lines_at_height(section, page, middle):
                    late = beside.x0 - edge
                    if beside.field != name or late <= CARRIED_WORD_LATE_EM * em:
                        continue
                    if beside.x0 < line.x1 - CARRIED_WORD_PAST_EM * em:
                        continue
                    past = line.x1 - edge
                    message = (
                        f"“{line.piece.text}” of {line.field} ends {past:.1f} pt past where the "
                        f"{name} column's lines start, and “{beside.piece.text}” beside it starts "
                        f"{late:.1f} pt late: a word carried across the gutter"
                    )
                    for target in (line, beside):
                        key = (target.activity.activity_id, target.field, page)
                        if key in seen:
                            continue
                        seen.add(key)
                        findings.append(
                            _finding(
                                "carried_word",
                                "warning",
                                f"{target.field}: {message}",
                                section,
                                target.activity,
                                target.field,
                                page,
                            )
                        )
    return findings


def _column_starts(lines: list[Line]) -> dict[str, float]:
    """Where each field's lines start on a page: the most common left edge of its lines, to
    the point (a justified, indented or cut line aside, a column's lines start together)."""
    edges: dict[str, Counter[int]] = defaultdict(Counter)
    for line in lines:
        edges[line.field][round(line.x0)] += 1
    return {name: float(count.most_common(1)[0][0]) for name, count in edges.items()}
