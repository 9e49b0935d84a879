"""The rules of a page as the eye sees them, read once from the page's drawing objects.

Stroked lines and rectangle borders are rules; so are thin filled bars, and the sides of filled
areas where the colour changes. Sides of a fill that another fill of the same colour continues
(text-line highlights inside a shaded cell), sides that a fill painted after them hides (zebra
stripes under a merged cell's background) and white fills draw nothing; where two shaded
cells of one colour meet, their shared side is a column hint. Every table finder reads these,
so that a stroke, a bar and a shaded edge count the same everywhere.

A broken line is a rule too. A dashed or dotted stroke with a dash array in the graphics state
(reportlab's `setDash`, LibreOffice's dashed and dotted borders) is one path and reads as one
rule as it is. A browser paints its dashed and dotted borders as marks instead: Chromium
fills one small rectangle per dash (three widths long, about two widths apart) or per dot (a
square one width wide, one width apart), each cell's border restarting the pattern. Thin
filled marks of one colour and width lying on one line, close relative to that width, are
joined into the line they draw (`_broken_lines`), so that a dashed or dotted border counts as
the solid one it stands for. A border wider than 2 pt (3 px and more) is painted with marks
thicker than a rule: round dots or squares one width wide about one width apart, dashes two
widths long; those join into a line only where they follow each other closely
(`_wide_broken_lines`), and are otherwise the fills they are.

A frame is a rule too. WeasyPrint (cairo) paints a cell's border as one path of two
rectangles, the box and its inside, filled by the even-odd rule: only the ring between them is
inked, a side as wide as the border there and the others nothing. pdfminer, and the pdfium
reader after it, give the two rectangles as two fills; read so, the inside would be a second
fill of the border's colour laid over the first, and the border's sides would be lost under it.
Two consecutive rectangles filled even-odd in one colour, one inside the other, are read as
the sides of the ring they ink (`_frames`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

MIN_RULE = 2.0
"""Points: shorter segments are dots at rule crossings, not rules; thinner filled rectangles
are rules drawn as bars, or marks of a broken line."""
DASH_GAP_WIDTHS = 5.0
"""The widest gap between two marks of one broken line, in widths of the line (the marks'
thickness). Chromium leaves one width between the dots of a dotted border and about two
(1.7 to 2.2) between the dashes of a dashed one, up to four where one cell's pattern ends and
the next cell's begins; two parallel rules or two separate lines of one ink are many widths
apart."""
BROKEN_LINE_MARKS = 3
"""The fewest marks of a broken line. Two dotted lines a few widths apart side by side (the
sides of two cells with separate borders, the border spacing between them) put their dots in
pairs across them, each pair within `DASH_GAP_WIDTHS` of each other: a pair is no line; a
shorter run keeps its marks as the bars they are."""
WIDE_MARK = 6.0
"""Points: the thickest dash or dot of a broken line, that of Chromium's 8 px dotted or dashed
border; a filled shape this thick or less, short (`WIDE_MARK_LENGTH`), is a wide mark."""
WIDE_MARK_LENGTH = 4.0
"""Widths: the longest wide mark. Chromium paints the dashes of a border of 3 px and more two
widths long and its dots one; a longer thick shape is a bar or a fill."""
WIDE_GAP_WIDTHS = 2.0
"""Widths: the widest gap between two wide marks of one broken line. Chromium leaves 1 to 1.15
widths between the dots of a 3 to 8 px dotted border and 0.5 to 1.6 between the dashes of a
dashed one, and lays the corner marks of two cells over each other; a wide mark that is no
piece of a border (a square bullet down a list) stands further from the next."""
MARK_SLACK = 0.25
"""Points: marks whose middles are this close across their line, and whose widths differ by
no more than this, lie on one line with one width (rounding of a producer's coordinates); a
mark this close to square is a dot, which lies both ways."""


@dataclass(frozen=True)
class Rule:
    pos: float
    """y of a horizontal rule, x of a vertical one."""
    start: float
    end: float


@dataclass
class PageRules:
    horizontals: list[Rule]
    verticals: list[Rule]
    hints: list[Rule] = field(default_factory=list)
    """Column boundaries drawn by no rule: where shaded cells meet."""


Fill = tuple[float, float, float, float, str]
"""A filled rectangle: x0, top, x1, bottom and its colour as text (the key fills match on)."""


@dataclass(frozen=True)
class Mark:
    """A thin filled shape: a bar drawn as a rule, or one dash or dot of a broken line (at
    most `MIN_RULE` thick)."""

    x0: float
    top: float
    x1: float
    bottom: float
    ink: str
    """Its fill colour as text: the marks of one line share it."""
    order: int = field(default=-1, compare=False)
    """Its place in the page's painting order, where the caller needs it back."""

    @property
    def thickness(self) -> float:
        return min(self.x1 - self.x0, self.bottom - self.top)

    def lies(self, horizontal: bool) -> bool:
        """Whether the mark can be a piece of a line running this way: longer that way, or a
        dot (as long both ways)."""
        along, across = self.x1 - self.x0, self.bottom - self.top
        if not horizontal:
            along, across = across, along
        return along >= across - MARK_SLACK

    def span(self, horizontal: bool) -> tuple[float, float, float]:
        """Its middle across the line, and its start and end along it."""
        if horizontal:
            return (self.top + self.bottom) / 2, self.x0, self.x1
        return (self.x0 + self.x1) / 2, self.top, self.bottom


def page_rules(graphics: list[dict[str, Any]], width: float, height: float) -> PageRules:
    """`graphics`: the page's lines, rects and curves as pdfplumber describes them."""
    segments: list[tuple[float, ...]] = []
    marks: list[Mark] = []
    fills: list[Fill] = []
    area = width * height
    shapes = _frames([g for g in graphics if g["object_type"] in ("rect", "curve")])
    lines = [g for g in graphics if g["object_type"] == "line"]
    layers: list[tuple[float, float, float, float, int]] = []
    """Every filled area (white ones too) with its place in the painting order."""
    painted: dict[Fill, int] = {}
    wide = _wide_broken_lines(shapes)
    segments.extend(wide.segments)
    for order, shape in enumerate(shapes):
        x0, top, x1, bottom = _box(shape)
        points = [(float(x), float(y)) for x, y in shape["pts"]]
        if (x1 - x0) * (bottom - top) > 0.9 * area:
            continue  # page background
        dot = max(x1 - x0, bottom - top) <= MIN_RULE
        filled_rectangle = bool(shape["fill"]) and (dot or _rectangle(points))
        if filled_rectangle and min(x1 - x0, bottom - top) > MIN_RULE and order not in wide.marks:
            layers.append((x0, top, x1, bottom, order))  # a broken line's mark hides nothing
        if shape["stroke"]:
            segments.extend(_path(points, closed=True))
        elif order in wide.marks or not filled_rectangle:
            continue
        elif min(x1 - x0, bottom - top) <= MIN_RULE:
            marks.append(Mark(x0, top, x1, bottom, str(shape.get("non_stroking_color"))))
        elif not _white(shape.get("non_stroking_color")):
            fill = (x0, top, x1, bottom, str(shape.get("non_stroking_color")))
            fills.append(fill)
            painted[fill] = order
    for line in lines:
        segments.extend(_path([(float(x), float(y)) for x, y in line["pts"]], closed=False))
    segments.extend(_broken_lines(marks))
    fills = list({tuple(round(v, 1) for v in f[:4]) + (f[4],): f for f in fills}.values())
    shaded, hints = _shaded_edges(fills, painted, layers)
    segments.extend(shaded)
    horizontals, verticals = [], []
    for x0, top, x1, bottom in segments:
        if bottom - top <= MIN_RULE and x1 - x0 >= MIN_RULE:
            horizontals.append(Rule((top + bottom) / 2, x0, x1))
        elif x1 - x0 <= MIN_RULE and bottom - top >= MIN_RULE:
            verticals.append(Rule((x0 + x1) / 2, top, bottom))
    return PageRules(
        _on_paper(_merge(horizontals), height, width),
        _on_paper(_merge(verticals), width, height),
        _on_paper(_merge(hints), width, height),
    )


FRAME_SLACK = 0.01
"""Points: a ring's side narrower than this inks nothing (the inside reaches the box's edge
there, up to rounding)."""
FRAME_BORDER = 8.0
"""Points: the widest side of a ring read as a frame, a border of 10 px and a little more.
Two nested even-odd rectangles further apart on a side, or a bar inside a longer one (a
producer that fills every rectangle even-odd, each its own path: the pieces of one column
rule), are two fills, as painted one after the other."""


def _frames(shapes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`shapes` with each even-odd frame, two consecutive filled rectangles of one colour one
    inside the other (the subpaths of one path, as the readers give them), replaced by the
    sides of the ring it inks, each a filled rectangle (`_ring_sides`)."""
    kept: list[dict[str, Any]] = []
    at = 0
    while at < len(shapes):
        frame = _frame(*shapes[at : at + 2]) if at + 1 < len(shapes) else None
        if frame is not None:
            kept.extend(_ring_sides(*frame))
            at += 2
        else:
            kept.append(shapes[at])
            at += 1
    return kept


def _frame(
    first: dict[str, Any], second: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The two shapes as (outer, inner) where they are one even-odd frame: filled
    rectangles, not stroked, of one colour, one inside the other and not the same, the inner
    one a box (wider and taller than a rule) and the ring between them no wider than a border
    (`FRAME_BORDER`); None where they are not."""
    if not all(
        g["object_type"] == "rect" and g["fill"] and not g["stroke"] and g.get("evenodd")
        for g in (first, second)
    ):
        return None
    color = str(first.get("non_stroking_color"))
    if str(second.get("non_stroking_color")) != color:
        return None
    a, b = ((*_box(g), color) for g in (first, second))
    if a == b or not (_contains(a, b) or _contains(b, a)):
        return None
    (inner, inner_shape), (outer, outer_shape) = sorted(
        ((a, first), (b, second)),
        key=lambda pair: pair[0][2] - pair[0][0] + pair[0][3] - pair[0][1],
    )
    ring = (inner[0] - outer[0], inner[1] - outer[1], outer[2] - inner[2], outer[3] - inner[3])
    if min(inner[2] - inner[0], inner[3] - inner[1]) <= MIN_RULE or max(ring) > FRAME_BORDER:
        return None
    return outer_shape, inner_shape


def _box(shape: dict[str, Any]) -> tuple[float, float, float, float]:
    """A drawing's bounds: x0, top, x1, bottom."""
    return float(shape["x0"]), float(shape["top"]), float(shape["x1"]), float(shape["bottom"])


def _ring_sides(outer: dict[str, Any], inner: dict[str, Any]) -> list[dict[str, Any]]:
    """The filled rectangles the ring between `outer` and `inner` inks: its top and bottom
    sides across the whole box, its left and right sides between them; a side narrower than
    `FRAME_SLACK` inks nothing."""
    x0, top, x1, bottom = _box(outer)
    ix0, itop, ix1, ibottom = _box(inner)
    sides = [
        (x0, top, x1, itop),
        (x0, ibottom, x1, bottom),
        (x0, itop, ix0, ibottom),
        (ix1, itop, x1, ibottom),
    ]
    return [
        {
            **outer,
            "x0": sx0,
            "top": stop,
            "x1": sx1,
            "bottom": sbottom,
            "pts": [(sx0, stop), (sx1, stop), (sx1, sbottom), (sx0, sbottom)],
            "evenodd": False,
        }
        for sx0, stop, sx1, sbottom in sides
        if min(sx1 - sx0, sbottom - stop) >= FRAME_SLACK
    ]


def _on_paper(rules: list[Rule], across: float, along: float) -> list[Rule]:
    """Each rule's part on the page: a line lying off the paper (`pos` outside 0 to
    `across`, the page's extent across the rules) is printed nowhere, and a line running off
    it is printed up to its edge (`along`, the page's extent along them), as a glyph off the
    page is (`reader._on_page`). A browser paints the whole rest of a table that a page break
    cuts on every page it reaches, each page clipping it to its own part: read whole, the
    rules of the next page's rows stood below the page's foot, making cells there that took
    the cut row from its text (html 4141 `06`: row 2.3.4's action and objective read as
    cells covering no row)."""
    shown = [
        Rule(r.pos, max(r.start, 0.0), min(r.end, along)) for r in rules if 0.0 <= r.pos <= across
    ]
    return [r for r in shown if r.end - r.start >= MIN_RULE]


def _path(points: list[tuple[float, float]], closed: bool) -> list[tuple[float, ...]]:
    """Bounding boxes of a path's straight pieces (slanted ones are dropped by the caller)."""
    if closed and points and points[0] != points[-1]:
        points = [*points, points[0]]
    return [
        (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False)
    ]


def _rectangle(points: list[tuple[float, float]]) -> bool:
    """A path that is an upright rectangle: two distinct xs and two distinct ys."""
    return len({round(x, 1) for x, _ in points}) <= 2 and len({round(y, 1) for _, y in points}) <= 2


def _bar(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """A thin filled rectangle as the rule along its middle."""
    if x1 - x0 >= bottom - top:
        return (x0, (top + bottom) / 2, x1, (top + bottom) / 2)
    return ((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)


def _broken_lines(marks: list[Mark]) -> list[tuple[float, ...]]:
    """The lines the thin filled `marks` draw: `BROKEN_LINE_MARKS` or more marks of one ink
    and width on one line, each within `DASH_GAP_WIDTHS` widths of the next, are one line from
    the first mark's start to the last one's end (dashes, dots); the marks of a shorter run
    are the bars they are (`_bar`; a dot is too short to be a rule). A dot lies both ways and
    may end a line of each."""
    segments: list[tuple[float, ...]] = []
    for horizontal in (True, False):
        for run in _mark_runs([m for m in marks if m.lies(horizontal)], horizontal):
            if len(run) >= BROKEN_LINE_MARKS:
                segments.append(_run_segment(run, horizontal))
                continue
            segments.extend(
                _bar(m.x0, m.top, m.x1, m.bottom)
                for m in run
                if horizontal == (m.x1 - m.x0 >= m.bottom - m.top)
            )
    return segments


@dataclass(frozen=True)
class WideLines:
    """The broken lines drawn with wide marks, and the marks (by painting order) they hold."""

    segments: list[tuple[float, ...]]
    marks: set[int]


def _wide_broken_lines(shapes: list[dict[str, Any]]) -> WideLines:
    """The lines that marks thicker than a rule draw (`WIDE_MARK`: filled, not stroked, at
    most `WIDE_MARK_LENGTH` widths long, not white): `BROKEN_LINE_MARKS` or more of one ink
    and width on one line, each within `WIDE_GAP_WIDTHS` widths of the next (Chromium's
    dotted and dashed borders of 3 px and more, their dots round or square). `shapes` are
    the page's rects and curves in painting order."""
    marks: list[Mark] = []
    for order, shape in enumerate(shapes):
        if not shape["fill"] or shape["stroke"]:
            continue
        x0, top, x1, bottom = (float(shape[k]) for k in ("x0", "top", "x1", "bottom"))
        thick, long = min(x1 - x0, bottom - top), max(x1 - x0, bottom - top)
        if (
            MIN_RULE < thick <= WIDE_MARK
            and long <= WIDE_MARK_LENGTH * thick
            and not _white(shape.get("non_stroking_color"))
        ):
            ink = str(shape.get("non_stroking_color"))
            marks.append(Mark(x0, top, x1, bottom, ink, order))
    segments: list[tuple[float, ...]] = []
    drawn: set[int] = set()
    for horizontal in (True, False):
        lying = [m for m in marks if m.lies(horizontal)]
        for run in _mark_runs(lying, horizontal, WIDE_GAP_WIDTHS):
            if len(run) >= BROKEN_LINE_MARKS:
                segments.append(_run_segment(run, horizontal))
                drawn.update(m.order for m in run)
    return WideLines(segments, drawn)


def _mark_runs(
    marks: list[Mark], horizontal: bool, gap_widths: float = DASH_GAP_WIDTHS
) -> list[list[Mark]]:
    """`marks` lying one way, cut into runs: one ink, one width (within `MARK_SLACK`),
    middles within `MARK_SLACK` across, each mark starting within `gap_widths` widths of the
    run's reach."""
    inks: dict[str, list[Mark]] = {}
    for mark in marks:
        inks.setdefault(mark.ink, []).append(mark)
    runs: list[list[Mark]] = []
    for same_ink in inks.values():
        for band in _clusters(same_ink, lambda m: m.span(horizontal)[0]):
            for line in _clusters(band, lambda m: m.thickness):
                reach = -math.inf
                for mark in sorted(line, key=lambda m: m.span(horizontal)[1]):
                    _, start, end = mark.span(horizontal)
                    if start - reach > gap_widths * mark.thickness:
                        runs.append([])
                    runs[-1].append(mark)
                    reach = max(reach, end)
    return runs


def _clusters(marks: list[Mark], key: Callable[[Mark], float]) -> list[list[Mark]]:
    """`marks` in groups whose `key`s follow each other within `MARK_SLACK`."""
    groups: list[list[Mark]] = []
    last = -math.inf
    for mark in sorted(marks, key=key):
        if key(mark) - last > MARK_SLACK:
            groups.append([])
        groups[-1].append(mark)
        last = key(mark)
    return groups


def _run_segment(run: list[Mark], horizontal: bool) -> tuple[float, float, float, float]:
    """The line a run of marks draws, along their middles."""
    spans = [m.span(horizontal) for m in run]
    middle = sum(s[0] for s in spans) / len(spans)
    start, end = min(s[1] for s in spans), max(s[2] for s in spans)
    return (start, middle, end, middle) if horizontal else (middle, start, middle, end)


def _sides(x0: float, top: float, x1: float, bottom: float) -> list[tuple[float, ...]]:
    return [
        (x0, top, x1, top),
        (x0, bottom, x1, bottom),
        (x0, top, x0, bottom),
        (x1, top, x1, bottom),
    ]


def _white(color: object) -> bool:
    """Gray, RGB or CMYK white: a fill that draws nothing on a white page."""
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not color:
        return False
    values = [float(c) for c in color if isinstance(c, int | float)]
    if len(values) == 4:  # CMYK
        return all(v <= 0.02 for v in values)
    return bool(values) and all(v >= 0.98 for v in values)


def _fill_sides(fill: Fill, fills: list[Fill]) -> tuple[list[tuple[float, ...]], list[Rule]]:
    """Sides of a filled area: drawn where no fill of the same colour continues it just
    outside; a left or right side where a neighbouring fill of that colour starts is a column
    hint (cells shaded one by one, no rule between them). A fill laid over another one (a
    patch of shading inside a shaded cell) has neither."""
    x0, top, x1, bottom, color = fill
    if any(f[:4] != fill[:4] and _contains(f, fill) for f in fills):
        return [], []
    same = [f for f in fills if f[:4] != fill[:4] and f[4] == color]
    eps = 0.5
    drawn, hints = [], []
    outsides = [
        (x0, top - eps, x1, top),
        (x0, bottom, x1, bottom + eps),
        (x0 - eps, top, x0, bottom),
        (x1, top, x1 + eps, bottom),
    ]
    for k, (side, outside) in enumerate(zip(_sides(x0, top, x1, bottom), outsides, strict=True)):
        if not _covered(outside, same):
            drawn.append(side)
        elif k >= 2 and not any(
            f[0] < side[0] - 1 < side[0] + 1 < f[2] for f in same if f[1] < bottom and f[3] > top
        ):
            hints.append(Rule(side[0], top, bottom))
    return drawn, hints


def _shaded_edges(
    fills: list[Fill],
    painted: dict[Fill, int],
    layers: list[tuple[float, float, float, float, int]],
) -> tuple[list[tuple[float, ...]], list[Rule]]:
    """The visible sides of the shaded areas, and the column hints where shaded cells meet;
    `painted` gives each fill's place in the painting order among all filled `layers`."""
    segments: list[tuple[float, ...]] = []
    hints: list[Rule] = []
    for fill in fills:
        drawn, fill_hints = _fill_sides(fill, fills)
        later = [layer[:4] for layer in layers if layer[4] > painted[fill]]
        segments.extend(piece for side in drawn for piece in _visible(side, later))
        hints.extend(fill_hints)
    return segments, hints


def _visible(
    side: tuple[float, ...], later: Sequence[tuple[float, ...]]
) -> list[tuple[float, ...]]:
    """The stretches of a fill's side that no fill painted after it hides (its side runs
    through the later fill's inside): a zebra stripe's edge under a merged cell's own
    background, white or not, is no rule."""
    x0, top, x1, bottom = side
    horizontal = x1 - x0 >= bottom - top
    pos, start, end = (top, x0, x1) if horizontal else (x0, top, bottom)
    hidden = sorted(
        (f[0], f[2]) if horizontal else (f[1], f[3])
        for f in later
        if (f[1] + 0.5 < pos < f[3] - 0.5 if horizontal else f[0] + 0.5 < pos < f[2] - 0.5)
    )
    pieces, reach = [], start
    for a, b in hidden:
        if a > reach:
            pieces.append((reach, min(a, end)))
        reach = max(reach, b)
        if reach >= end:
            break
    if reach < end:
        pieces.append((reach, end))
    return [(a, pos, b, pos) if horizontal else (pos, a, pos, b) for a, b in pieces if b - a > 0.5]


def _contains(outer: Fill, inner: Fill) -> bool:
    return (
        outer[0] <= inner[0] + 0.5
        and outer[1] <= inner[1] + 0.5
        and outer[2] >= inner[2] - 0.5
        and outer[3] >= inner[3] - 0.5
    )


def _covered(strip: tuple[float, float, float, float], fills: list[Fill]) -> bool:
    """Whether the union of `fills` covers the thin `strip` along its length."""
    x0, top, x1, bottom = strip
    if x1 - x0 >= bottom - top:
        spans = [(f[0], f[2]) for f in fills if f[1] <= top + 0.1 and f[3] >= bottom - 0.1]
        start, end = x0, x1
    else:
        spans = [(f[1], f[3]) for f in fills if f[0] <= x0 + 0.1 and f[2] >= x1 - 0.1]
        start, end = top, bottom
    reach = start
    for a, b in sorted(spans):
        if a > reach + 0.5:
            break
        reach = max(reach, b)
    return reach >= end - 0.5


def _merge(rules: list[Rule]) -> list[Rule]:
    """Segments continuing each other on one line become one rule."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.pos), r.start)):
        last = merged[-1] if merged else None
        if last and round(last.pos) == round(rule.pos) and rule.start <= last.end + 1:
            merged[-1] = Rule(last.pos, last.start, max(last.end, rule.end))
        else:
            merged.append(rule)
    return merged
