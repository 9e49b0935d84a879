"""Native table engine: ruled tables found from the page's rules, words placed into cells.

Rules are what the eye sees (`rules.page_rules`, read with the page's text): strokes, thin
filled bars and the edges of shaded areas; underlines of text are not table rules. Rules that
cross each other form a frame. Loose horizontal rules stacked under a frame, whose bands hold
text laid out in the frame's columns, extend it (a ruled header over a body ruled only
horizontally); stacks of loose rules on their own are horizontal-only tables. Column
boundaries are the vertical rules, the meeting edges of cells shaded one by one, and where
partial rules end; a table that continues the previous page's table without some of its rules
takes that table's columns; a table with no vertical rule inside takes the whitespace gutters
of its text.

A boundary that no rule covers is not drawn, so the cells on both sides are one merged cell;
except in a row without any vertical rule inside, where the words decide: the row is split at
every column boundary that no phrase of text crosses.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import NamedTuple

from plan_extract.geometry import PHRASE_GAP_EM
from plan_extract.pdf.reader import PageContent, Word
from plan_extract.pdf.rules import Rule
from plan_extract.pdf.text import group_lines, phrase_runs
from plan_extract.tables.page_grid import PageGrid, rectangular_regions

SNAP = 3.0
"""Points: rules closer than this are one rule (double rules, cell fills inset in borders)."""
COVER = 0.5
"""A boundary is ruled when rules cover at least this share of it."""
PHRASE_GAP = PHRASE_GAP_EM
"""Em: words closer than this on a line are one phrase (`geometry.PHRASE_GAP_EM`)."""
CENTRED = 1.5
"""Em: a phrase whose middle is this close to the middle of a run of columns is centred over
them (a group label printed within one of the columns it spans)."""
UNDERLINE_SHARE = 0.5
"""A rule is an underline when the descenders of words along it cover at least this share of
its length."""
DESCENDER_SLACK = 0.5
"""Points below a word's box that still pass through its descenders (rounding of boxes)."""
PARTLY_RULED_LINES = 2
"""Lines whose phrases a boundary told by the text must part, in a table with vertical rules
inside: one line alone (a source note printed inside the outer box, its label apart from its
text) draws no column through the ruled rows; a body ruled only in part has many lines laid
out in its columns."""
GUTTER_CROSSINGS = 1
"""A gap in the text's alignment still parts columns, when no clear gap does, if at most this
many lines per page run a phrase across it from side to side (a group label over the columns
it spans, repeated with the header on each page)."""


@dataclass
class Frame:
    """Rules of one table."""

    horizontals: list[Rule]
    verticals: list[Rule] = field(default_factory=list)
    hints: list[Rule] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    """The words inside the frame."""
    shared_boundaries: list[float] = field(default_factory=list)
    """Column boundaries drawn on the other pages of the same table (see `aligned_words`)."""
    aligned_words: list[Word] = field(default_factory=list)
    """The words whose alignment tells its columns: its own, with those of the same table on
    the pages before and after it."""
    shared_ends: list[float] = field(default_factory=list)
    """Where horizontal rules end inside the frame or on the other pages of its table
    (`_rule_ends`)."""

    @property
    def x0(self) -> float:
        return min([h.start for h in self.horizontals] + [v.pos for v in self.verticals])

    @property
    def x1(self) -> float:
        return max([h.end for h in self.horizontals] + [v.pos for v in self.verticals])

    @property
    def top(self) -> float:
        return min([h.pos for h in self.horizontals] + [v.start for v in self.verticals])

    @property
    def bottom(self) -> float:
        return max([h.pos for h in self.horizontals] + [v.end for v in self.verticals])


def find_grids(pages: list[PageContent]) -> list[list[PageGrid]]:
    """Page grids, page by page: each page's first table may take the column boundaries of
    the previous page's last table (a continuation printed without some of its rules); a table
    that continues on the next page with the same sides reads its text's alignment from all
    its pages at once."""
    frames = [_page_frames(page) for page in pages]
    _pool_continued_words(frames)
    grids: list[list[PageGrid]] = []
    carried = None
    for page, page_frames in zip(pages, frames, strict=True):
        grids.append(_page_grids(page, page_frames, carried))
        carried = grids[-1][-1].xs if grids[-1] else None
    return grids


def find_page_grids(page: PageContent, carried: list[float] | None = None) -> list[PageGrid]:
    """The ruled tables of one page, top to bottom. `carried` holds the column boundaries of
    the previous page's last table, for a continuation printed without some of its rules."""
    return _page_grids(page, _page_frames(page), carried)


def _page_grids(
    page: PageContent, frames: list[Frame], carried: list[float] | None
) -> list[PageGrid]:
    """The grids of the page's frames, top to bottom. The topmost frame may continue the
    previous page's table, so it may take the `carried` boundaries (`_grid`). A frame under
    another table may take that table's boundaries only when it draws inner boundaries of its
    own, all among them (a header row printed alone at the foot of the page, its merged
    cells hiding some columns): with none, its sides alone tell nothing, and a new table of
    the same width has its own columns. Either is taken only where the text fits them
    (`_fits_text`)."""
    grids: list[PageGrid] = []
    for k, frame in enumerate(sorted(frames, key=lambda f: (f.top, f.x0))):
        above = grids[-1].xs if grids else None
        drawn = _boundaries(frame)[1:-1]
        inherited = carried if k == 0 else (above if drawn else None)
        grid = _grid(page, frame, inherited)
        if grid:
            grids.append(grid)
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))


def _page_frames(page: PageContent) -> list[Frame]:
    """The rules of each table of the page: frames of crossing rules, with what extends them,
    and stacks of loose rules."""
    rules = page.rules
    frames, loose = _frames(rules.horizontals, rules.verticals)
    loose = [rule for rule in loose if not _underline(rule, page.words)]
    loose = _inner_rules(frames, loose)
    for frame in frames:
        frame.hints = _hints_inside(rules.hints, frame)
    frames, loose = _extend_down(frames, loose, page.words)
    stacks = _stacks(loose, frames)
    for stack in stacks:
        stack.hints = _hints_inside(rules.hints, stack)
    for frame in frames + stacks:
        frame.words = _inside(page.words, frame.x0, frame.top, frame.x1, frame.bottom)
    return frames + stacks


def _pool_continued_words(frames: list[list[Frame]]) -> None:
    """The last table of a page and the first of the next one with the same sides and close
    text gutters (`_same_alignment`) are one table as far as text alignment goes: each takes
    the words of the whole run of pages as `aligned_words` (a column's widest value may be
    printed on any of its pages)."""
    run: list[Frame] = []
    for page_frames in frames:
        ordered = sorted(page_frames, key=lambda f: f.top)
        first = ordered[0] if ordered else None
        if run and first and _same_alignment(run[-1], first):
            run.append(first)
        else:
            _share_words(run)
            run = [first] if first else []
        if ordered and ordered[-1] is not first:
            _share_words(run)
            run = [ordered[-1]]
    _share_words(run)


def _same_alignment(above: Frame, below: Frame) -> bool:
    """Two frames on consecutive pages read as one table's alignment: the same sides, the
    boundaries drawn on one page among those drawn on the other (a continuation may lack
    some rules, never draw others) with the text of the page lacking them laid out in them
    below its first row (`_fits_text`: a new table of fewer columns, fully ruled or not,
    crosses the other's boundaries with its phrases; group labels of a header row printed
    alone at the foot of a page span the columns under them), and text that the gutters of
    both pages together part as well as each page's own gutters part it
    (`Alignment.unparted`). Each page alone may count other gutters (a long value reaching
    into a gutter on one page, a label hiding one on another), so their counts prove
    nothing; a new table of the same width aligns otherwise, and its phrases cover the
    other's gutters, leaving lines that no pooled gutter parts."""
    ruled = [_boundaries(frame) for frame in (above, below)]
    if not any(
        _matches(ruled[k], ruled[1 - k])
        and _fits_text(_body_words(frame), ruled[1 - k])
        and _fills_columns(frame.words, ruled[k], ruled[1 - k])
        for k, frame in enumerate((above, below))
    ):
        return False
    x0, x1 = min(above.x0, below.x0), max(above.x1, below.x1)
    drawn = _cluster(ruled[0] + ruled[1])[1:-1]
    alone = sum(_alignment(f.words, x0, x1, drawn).unparted for f in (above, below))
    return _alignment(above.words + below.words, x0, x1, drawn).unparted <= alone


def _fills_columns(words: list[Word], own: list[float], other: list[float]) -> bool:
    """A frame that draws none of the inner boundaries of `other` prints text in every column
    of `other` (`words`): with only its sides in common, its text must show that it is laid
    out in those columns. A table ruled only horizontally whose few phrases happen to sit
    inside the columns of a fully ruled table of the same width (short codes at the left,
    right-aligned amounts at the right of a two-column table) leaves the columns between
    them empty. One that draws some of them (a header row printed alone at the foot of a
    page, its group labels hiding the others) shares those, and its labels need not fill
    the columns they span."""
    if len(own) > 2:
        return True
    return set(range(len(other) - 1)) <= {_slot(other, w.xmid) for w in words}


def _body_words(frame: Frame) -> list[Word]:
    """The frame's words below its first row (the first band between its horizontal rules):
    the row where group labels span columns is left out."""
    ys = _cluster([h.pos for h in frame.horizontals])
    return [w for w in frame.words if len(ys) > 2 and w.ymid > ys[1]]


def _share_words(run: list[Frame]) -> None:
    pooled = [w for frame in run for w in frame.words]
    drawn = _cluster([x for frame in run for x in _boundaries(frame)]) if len(run) > 1 else []
    ends = _cluster([x for frame in run for x in _rule_ends(frame)])
    for frame in run:
        frame.aligned_words = pooled
        frame.shared_boundaries = drawn
        frame.shared_ends = ends


def _rule_ends(frame: Frame) -> list[float]:
    """Where horizontal rules end inside the frame: the sides of a group label's partial rule
    (one end alone draws no boundary, `_boundaries`, but where it falls in a gutter of the
    text, it tells where in the gutter the column ends: `_alignment`)."""
    return [
        x
        for h in frame.horizontals
        for x in (h.start, h.end)
        if frame.x0 + SNAP < x < frame.x1 - SNAP
    ]


def _inner_rules(frames: list[Frame], loose: list[Rule]) -> list[Rule]:
    """Loose horizontal rules inside a frame's box join it (a partial rule under a group label
    of a header whose columns no vertical rule parts); the others stay loose."""
    rest = []
    for rule in loose:
        home = next(
            (
                f
                for f in frames
                if f.top + SNAP < rule.pos < f.bottom - SNAP
                and rule.start >= f.x0 - SNAP
                and rule.end <= f.x1 + SNAP
            ),
            None,
        )
        if home is None:
            rest.append(rule)
        else:
            home.horizontals.append(rule)
    return rest


def _hints_inside(hints: list[Rule], frame: Frame) -> list[Rule]:
    return [
        h
        for h in hints
        if frame.x0 + SNAP < h.pos < frame.x1 - SNAP
        and h.start >= frame.top - SNAP
        and h.end <= frame.bottom + SNAP
    ]


def _crosses(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.pos <= h.end + SNAP and v.start - SNAP <= h.pos <= v.end + SNAP


def _frames(horizontals: list[Rule], verticals: list[Rule]) -> tuple[list[Frame], list[Rule]]:
    """Rules connected by crossings; horizontal rules that cross nothing are returned loose."""
    parent = list(range(len(horizontals) + len(verticals)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    offset = len(horizontals)
    order = sorted(range(len(verticals)), key=lambda k: verticals[k].pos)
    positions = [verticals[k].pos for k in order]
    for i, h in enumerate(horizontals):
        first = bisect_left(positions, h.start - SNAP)
        for k in order[first : bisect_right(positions, h.end + SNAP)]:
            if _crosses(h, verticals[k]):
                parent[find(i)] = find(offset + k)
    groups: dict[int, Frame] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), Frame([])).horizontals.append(h)
    for k, v in enumerate(verticals):
        groups.setdefault(find(offset + k), Frame([])).verticals.append(v)
    frames = [
        f
        for f in groups.values()
        if f.verticals and (len(f.horizontals) >= 2 or len(f.verticals) >= 2)
    ]
    lone = [f for f in groups.values() if len(f.verticals) == 1 and len(f.horizontals) <= 1]
    frames += _boxes(lone)
    framed = {h for f in frames for h in f.horizontals}  # a rule is its place: value identity
    loose = [h for h in horizontals if h not in framed]
    return frames, loose


def _boxes(sides: list[Frame]) -> list[Frame]:
    """Single vertical rules with the same ends and no rule right across: the sides of a box
    (a table with no inner rules, or its continuation on a page where no rule crosses it)."""
    boxes: list[Frame] = []
    for side in sorted(sides, key=lambda f: (f.top, f.bottom, f.x0)):
        (rule,) = side.verticals
        box = next(
            (
                b
                for b in boxes
                if abs(b.verticals[0].start - rule.start) <= SNAP
                and abs(b.verticals[0].end - rule.end) <= SNAP
            ),
            None,
        )
        if box is None:
            boxes.append(Frame(list(side.horizontals), [rule]))
        else:
            box.horizontals.extend(side.horizontals)
            box.verticals.append(rule)
    return [b for b in boxes if len(b.verticals) >= 2]


def _underline(rule: Rule, words: list[Word]) -> bool:
    """A rule through the descenders of the words along it underlines them; a table's rules
    keep clear of its text."""
    through = [
        w for w in words if w.ymid < rule.pos < w.bottom + DESCENDER_SLACK and w.x1 > rule.start
    ]
    covered = sum(max(0.0, min(w.x1, rule.end) - max(w.x0, rule.start)) for w in through)
    return covered >= UNDERLINE_SHARE * (rule.end - rule.start)


def _fits(rule: Rule, x0: float, x1: float) -> bool:
    """The rule lies across the table and starts or ends at one of its sides."""
    inside = rule.start >= x0 - SNAP and rule.end <= x1 + SNAP
    return inside and (abs(rule.start - x0) <= SNAP or abs(rule.end - x1) <= SNAP)


def _extend_down(
    frames: list[Frame], loose: list[Rule], words: list[Word]
) -> tuple[list[Frame], list[Rule]]:
    """Loose rules under a frame continue it while the text between them is laid out in the
    frame's columns (a body ruled only horizontally under a fully ruled header)."""
    taken: set[Rule] = set()
    for frame in sorted(frames, key=lambda f: f.bottom):
        xs = _boundaries(frame)
        x0, x1 = frame.x0, frame.x1
        tops = [f.top for f in frames if f.top > frame.bottom + SNAP]
        limit = min(tops, default=float("inf"))
        for rule in sorted(loose, key=lambda r: r.pos):
            if rule in taken or rule.pos >= limit:
                continue
            if rule.pos <= frame.bottom + SNAP:
                if _other_line(rule, frame):
                    frame.horizontals.append(rule)
                    taken.add(rule)
                continue
            if rule.start < x0 - SNAP or rule.end > x1 + SNAP:
                break
            if not _fits(rule, x0, x1):
                continue  # an underline inside a cell
            band = _inside(words, x0, frame.bottom, x1, rule.pos)
            if not band or _crossed(_phrases(band, xs[1:-1]), xs[1:-1]):
                break
            frame.horizontals.append(rule)
            taken.add(rule)
    return frames, [r for r in loose if r not in taken]


def _other_line(rule: Rule, frame: Frame) -> bool:
    """The rule is the other line of the double rule that closes the frame: at its bottom
    (within SNAP), it runs to a side of the frame and draws more than SNAP of that boundary
    which the frame's own rules there leave open. A browser's separate cell borders draw a
    row's bottom under the row cells and the next row's top under all its cells: the top of
    a merged cell that starts there is drawn by the second line alone (html Word/HTML 1219
    `00`, objective 2.3 starting at a page's last row, its cell's top the only rule across
    its column: left out of the frame, objective 2.2's cell ran on into it)."""
    if rule.pos <= frame.bottom - SNAP or not _fits(rule, frame.x0, frame.x1):
        return False
    length = rule.end - rule.start
    return (1.0 - _coverage(frame.horizontals, frame.bottom, rule.start, rule.end)) * length > SNAP


def _stacks(loose: list[Rule], frames: list[Frame]) -> list[Frame]:
    """Runs of loose rules one under the other across the same width, with no frame between."""
    stacks: list[Frame] = []
    current: list[Rule] = []
    for rule in sorted(loose, key=lambda r: r.pos):
        if current:
            x0 = min(r.start for r in current)
            x1 = max(r.end for r in current)
            between = any(current[-1].pos < f.bottom and f.top < rule.pos for f in frames)
            fits = _fits(rule, x0, x1) or _fits(Rule(0, x0, x1), rule.start, rule.end)
            if (fits or _abuts(rule, x0, x1)) and not between:
                current.append(rule)
                continue
            stacks.append(Frame(current))
        current = [rule]
    if current:
        stacks.append(Frame(current))
    return [s for s in stacks if len(s.horizontals) >= 2]


def _abuts(rule: Rule, x0: float, x1: float) -> bool:
    """The rule ends where the stack's rules start, or starts where they end: the border of
    the next column's cells, drawn on its own (a browser's separate cell borders, a merged
    cell's bottom border ending under it while the stack's rules run across the row cells
    beside it: html 2828 `11`, the objective's border between the rows' rules broke the
    stack, and the page's first row rule was lost)."""
    return abs(rule.end - x0) <= SNAP or abs(rule.start - x1) <= SNAP


def _cluster(values: list[float]) -> list[float]:
    """Positions closer than SNAP (chained) become their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _boundaries(frame: Frame) -> list[float]:
    """Column boundaries drawn by the frame: vertical rules, column hints, its sides, and where
    several horizontal rules end (partial rules under merged cells); one rule ending alone in
    a cell (a stroke under some text) draws none."""
    ends = sorted(x for h in frame.horizontals for x in (h.start, h.end))
    shared = [x for x in ends if sum(abs(x - y) <= SNAP for y in ends) > 1]
    drawn = [v.pos for v in frame.verticals] + [h.pos for h in frame.hints]
    return _cluster([*drawn, frame.x0, frame.x1, *shared])


def _sided_ends(frame: Frame) -> list[float]:
    """Where a horizontal rule that runs on to a side of the frame ends inside it: a row's
    rule beside a merged cell, the column's side on this page's grid even where no other
    rule ends there (html held-out 3939 `00`, objectives 3.1 and 3.2 under one action, the
    only row parted under it, their column told by no gutter: a signature stamp's lines
    cross it). An underline under text reaches no side. Only the page's own grid takes them
    (`_grid`): pages are pooled by the boundaries that several rules draw (`_boundaries`;
    a group label's rule under a header printed alone at a page's foot ends alone too)."""
    x0, x1 = frame.x0, frame.x1
    return [
        x
        for h in frame.horizontals
        for x, other in ((h.start, h.end), (h.end, h.start))
        if x0 + SNAP < x < x1 - SNAP and min(abs(other - x0), abs(other - x1)) <= SNAP
    ]


def _inside(words: list[Word], x0: float, top: float, x1: float, bottom: float) -> list[Word]:
    return [w for w in words if x0 <= w.xmid <= x1 and top <= w.ymid <= bottom]


def _phrases(words: list[Word], drawn: list[float] | None = None) -> list[tuple[float, float]]:
    """x-extents of runs of words set closer than a column gap (`PHRASE_GAP` em of the
    larger of two neighbours' sizes), line by line. Neighbours with a `drawn` boundary
    between them are parted however close: two cells whose padding leaves a gutter
    narrower than a column gap (a full line beside the next column's text)."""

    def parted(left: Word, right: Word) -> bool:
        return _parted(left, right) or any(left.x1 <= x <= right.x0 for x in drawn or [])

    return [
        (run[0].x0, max(w.x1 for w in run)) for line in phrase_runs(words, parted) for run in line
    ]


def _parted(left: Word, right: Word) -> bool:
    return right.x0 - left.x1 > PHRASE_GAP * max(left.size, right.size)


def _crossed(phrases: list[tuple[float, float]], xs: list[float]) -> list[float]:
    """The boundaries among `xs` that some phrase runs across."""
    return [x for x in xs if any(a < x - 1 and b > x + 1 for a, b in phrases)]


@dataclass
class Alignment:
    """Column boundaries told by a text's alignment (`_alignment`)."""

    gutters: list[float]
    unparted: int
    """Pairs of neighbouring phrases of a line that neither a drawn boundary nor a gutter
    parts (no gap between them is clear of the other lines' phrases)."""


def _alignment(
    words: list[Word],
    x0: float,
    x1: float,
    drawn: list[float],
    ends: list[float] | None = None,
    lines: int = 1,
) -> Alignment:
    """Column boundaries from text alignment. Candidates are the middles of the gaps that no
    phrase of a multi-phrase line covers (single-phrase lines, titles and notes, may span
    columns), or failing those, that one line's phrase covers (a group label centred over
    the columns it spans); of these, as few are kept as part every two neighbouring phrases
    of a line that no `drawn` column boundary (at any height: a ruled header's columns hold
    in the body below it) parts already. A centred header over
    left-aligned values leaves gaps inside a column that no line needs, so they draw
    nothing. Where a rule `ends` between two phrases that need parting and no phrase runs
    across that end (the side of a partial rule under a group label), the boundary is there:
    the gap's middle may be far from it when the column beyond is right-aligned, and its
    header narrower than its values. A boundary is kept only where it parts the phrases of
    at least `lines` lines (`PARTLY_RULED_LINES` in a table with vertical rules inside)."""
    layout = _text_layout(_Words.of(words))
    if not layout.lines:
        return Alignment([], 0)
    clear, spanned = layout.clear, layout.spanned
    marked = [x for x in ends or [] if not _crossed(layout.phrases + layout.singles, [x])]
    needed = [
        (end, start, n)
        for n, line_phrases in enumerate(layout.lines)
        for (_, end), (start, _) in zip(line_phrases, line_phrases[1:], strict=False)
        if not any(end < x < start for x in drawn)
    ]
    chosen: list[float] = []
    unparted = 0
    for end, start, _ in sorted(needed, key=lambda n: n[1]):
        if any(end < g < start for g in chosen):
            continue
        inside = (
            [g for g in marked if end < g < start]
            or [g for g in clear if end < g < start]
            or [g for g in spanned if end < g < start]
        )
        if inside:
            chosen.append(inside[-1])
        else:
            unparted += 1
    kept = [g for g in chosen if len({n for end, start, n in needed if end < g < start}) >= lines]
    return Alignment(sorted(g for g in kept if x0 < g < x1), unparted)


@dataclass(frozen=True)
class _Words:
    """Words in a given order, equal to another such list when they hold the same words (by
    `Word.seq`) in the same order: the key of `_phrase_lines` (one page's words) and of
    `_text_layout` (a frame's, or a pooled run's)."""

    seqs: tuple[int, ...]
    words: tuple[Word, ...] = field(compare=False)

    @classmethod
    def of(cls, words: list[Word]) -> _Words:
        return cls(tuple(w.seq for w in words), tuple(words))


PHRASE_LINES_KEPT = 64
"""Pages' phrase lines kept by `_phrase_lines`, and words' layouts by `_text_layout`: a
page's alignment is asked for on its own, pooled with the next page's (`_same_alignment`)
and again for every frame of a pooled run (`_alignment` of `aligned_words`), each time over
the same words; a run is rarely longer than a section's pages."""


@lru_cache(maxsize=PHRASE_LINES_KEPT)
def _phrase_lines(page: _Words) -> list[tuple[list[Word], list[tuple[float, float]]]]:
    """Each printed line of one page's words with its phrases (`_phrases`), computed once per
    list of words: a pure function of them (callers only read the result)."""
    return [(line, _phrases(line)) for line in group_lines(page.words)]


@dataclass(frozen=True)
class _TextLayout:
    """What `_alignment` reads from the words alone, whatever boundaries are drawn: their
    lines of several phrases, the phrases of the lines of one, and the gaps between
    phrases (`_gaps`)."""

    lines: list[list[tuple[float, float]]]
    """The phrases of each printed line of several phrases, pages in order."""
    phrases: list[tuple[float, float]]
    """Those phrases, all together."""
    singles: list[tuple[float, float]]
    """The phrase of each line of one phrase."""
    clear: list[float]
    """Middles of the gaps no phrase covers."""
    spanned: list[float]
    """Middles of the gaps that at most `GUTTER_CROSSINGS` lines a page run across."""


@lru_cache(maxsize=PHRASE_LINES_KEPT)
def _text_layout(words: _Words) -> _TextLayout:
    """The `_TextLayout` of the words, computed once per list of words: the finder asks for
    the alignment of the same words several times with other drawn boundaries (71 times for
    39 lists of words on the 2024 plan). A pure function of them (callers only read the
    result)."""
    by_page: dict[int, list[Word]] = {}
    for word in words.words:
        by_page.setdefault(word.page, []).append(word)
    pages = sorted(by_page)
    printed = [entry for page in pages for entry in _phrase_lines(_Words.of(by_page[page]))]
    lines = [phrases for _, phrases in printed if len(phrases) > 1]
    if not lines:
        return _TextLayout([], [], [], [], [])
    singles = [phrases[0] for _, phrases in printed if len(phrases) == 1]
    least = PHRASE_GAP * median(w.size for w in words.words)
    phrases = [p for line_phrases in lines for p in line_phrases]
    stretches = _stretches(phrases)
    clear = _gaps(stretches, singles, least, 0)
    spanned = _gaps(stretches, singles, least, GUTTER_CROSSINGS * len(pages))
    return _TextLayout(lines, phrases, singles, clear, spanned)


def _gaps(
    stretches: list[Stretch],
    singles: list[tuple[float, float]],
    least: float,
    crossings: int,
) -> list[float]:
    """Middles of the x-ranges at least `least` wide that no phrase covers, or with `crossings`,
    that the same few phrases (at most `crossings`) cover from side to side (a label over
    the gap, not a line of a column reaching into it: where such a line ends, the range
    ends, so a label reaching a little into the clear gap beside it still spans the rest,
    and the clear part beside the label counts with it: `_runs`). The phrases of
    single-phrase lines (`singles`: titles, and lines of a wrapped cell printed beside no
    other text) may run right across a gap, but one that only reaches into it narrows it.
    `stretches`: the phrases' `_stretches`."""
    middles = []
    for run in _runs(stretches, crossings):
        a, b = _narrowed(run[0].start, run[-1].end, singles)
        if b - a >= least:
            middles.append((a + b) / 2)
    return middles


class Stretch(NamedTuple):
    """An x-range that one same set of phrases covers (a tuple: a page's alignment makes
    thousands)."""

    start: float
    end: float
    covering: frozenset[int]


def _stretches(phrases: list[tuple[float, float]]) -> list[Stretch]:
    """The x-axis cut where a phrase starts or ends, left to right, each piece with the
    phrases covering it: computed once for both of `_alignment`'s `_gaps`."""
    events = sorted(
        [(a, 1, k) for k, (a, _) in enumerate(phrases)]
        + [(b, -1, k) for k, (_, b) in enumerate(phrases)]
    )
    active: set[int] = set()
    stretches: list[Stretch] = []
    for (x, step, k), (following, _, _) in zip(events, events[1:], strict=False):
        if step > 0:
            active.add(k)
        else:
            active.discard(k)
        if following > x:
            stretches.append(Stretch(x, following, frozenset(active)))
    return stretches


def _runs(stretches: list[Stretch], crossings: int) -> list[list[Stretch]]:
    """Runs of neighbouring stretches covered by no phrase, or by one same set of at most
    `crossings` phrases. A clear stretch belongs to the runs on both its sides: a group label
    that starts or ends inside a column gap covers part of it, and the clear part beside the
    label alone may be narrower than a gap."""
    runs: list[list[Stretch]] = []
    run: list[Stretch] = []
    for stretch in stretches:
        if len(stretch.covering) > crossings:
            runs.append(run)
            run = []
            continue
        covering = next((s.covering for s in run if s.covering), frozenset())
        if covering and stretch.covering and stretch.covering != covering:
            runs.append(run)
            run = _clear_tail(run)
        run.append(stretch)
    runs.append(run)
    return [r for r in runs if r]


def _clear_tail(run: list[Stretch]) -> list[Stretch]:
    """The stretches at the end of `run` that no phrase covers."""
    covered = [n for n, stretch in enumerate(run) if stretch.covering]
    return run[covered[-1] + 1 :] if covered else list(run)


def _narrowed(a: float, b: float, singles: list[tuple[float, float]]) -> tuple[float, float]:
    """The range [a, b] less the ends that phrases reach into without crossing it."""
    for start, end in singles:
        if (start <= a and end >= b) or end <= a or start >= b:
            continue
        if start <= a:
            a = end
        elif end >= b or start - a >= b - end:
            b = start
        else:
            a = end
    return a, b


def _partly_ruled(words: list[Word], xs: list[float], inner: list[Rule]) -> bool:
    """Whether a table with vertical rules inside is ruled only in part: some line of several
    phrases crosses no vertical rule, or the text's alignment shows more column boundaries
    than the rules draw (a merged column's shaded sides in a body ruled horizontally)."""
    if _unruled_line(words, inner):
        return True
    if not words:
        return False
    return len(_alignment(words, xs[0], xs[-1], xs[1:-1]).gutters) > len(xs) - 2


def _unruled_line(words: list[Word], drawn: list[Rule]) -> bool:
    """Whether some line of several phrases crosses no drawn column boundary: the table is
    ruled only in part (a merged cell's shaded sides in a body ruled horizontally), so its
    other columns are told by the text's alignment. `words` are of one page (a frame's):
    their phrase lines are those its alignment reads next (`_partly_ruled`)."""
    for line, phrases in _phrase_lines(_Words.of(words)):
        y = median(w.ymid for w in line)
        if len(phrases) > 1 and not any(r.start <= y <= r.end for r in drawn):
            return True
    return False


def _fits_text(words: list[Word], xs: list[float]) -> bool:
    """No phrase of the text runs across an inner boundary of `xs`: the text is laid out in
    those columns (a table's continuation), not in other ones (a new table of the same
    width, or its header alone). A boundary in the gap between two words parts them,
    however close (`_phrases`' `drawn`): cells with a narrow padding leave a gutter narrower
    than a column gap (html 1099 `03`, 2 pt of padding: an objective's full line 1.5 pt
    from the activity's text, the page's continuation refused the columns of the pages
    before, and its action and objective columns were read as one)."""
    inner = xs[1:-1]
    return not _crossed(_phrases(words, inner), inner)


def _matches(own: list[float], carried: list[float]) -> bool:
    """`own` is `carried` with some boundaries missing: same sides, nothing new inside."""
    same_sides = abs(own[0] - carried[0]) <= SNAP and abs(own[-1] - carried[-1]) <= SNAP
    return same_sides and all(any(abs(x - c) <= SNAP for c in carried) for x in own[1:-1])


def _coverage(rules: list[Rule], pos: float, start: float, end: float) -> float:
    """Share of the segment [start, end] at `pos` drawn by rules."""
    spans = sorted(
        (max(r.start, start), min(r.end, end)) for r in rules if abs(r.pos - pos) <= SNAP
    )
    drawn, reach = 0.0, start
    for a, b in spans:
        if b > a and b > reach:
            drawn += b - max(a, reach)
            reach = b
    return drawn / (end - start) if end > start else 1.0


def _grid(page: PageContent, frame: Frame, carried: list[float] | None) -> PageGrid | None:
    x0, x1, top, bottom = frame.x0, frame.x1, frame.top, frame.bottom
    words = _inside(page.words, x0, top, x1, bottom)
    own = _cluster(_boundaries(frame) + _sided_ends(frame))
    aligned: list[float] = []  # boundaries told by the text's alignment, not drawn
    inner_verticals = [v for v in frame.verticals if x0 + SNAP < v.pos < x1 - SNAP]
    xs = _cluster(own + frame.shared_boundaries)
    partly_ruled = bool(inner_verticals) and _partly_ruled(words, xs, inner_verticals)
    # a continuation lacking some of its rules: judged on what it draws itself, the
    # boundaries shared from other pages of its table aside
    if (
        carried
        and len(carried) > len(own)
        and _matches(own, carried)
        and _fits_text(words, carried)
    ):
        xs = list(carried)
    elif not frame.verticals and len(frame.horizontals) < 3:
        return None  # two loose rules around text: a ruled paragraph, not a table
    elif (not inner_verticals and not frame.hints) or partly_ruled:
        ends = frame.shared_ends if frame.aligned_words else _rule_ends(frame)
        lines = PARTLY_RULED_LINES if partly_ruled else 1
        gutters = _alignment(frame.aligned_words or words, x0, x1, xs[1:-1], ends, lines).gutters
        xs = _cluster(xs + gutters)
    if partly_ruled:
        aligned = xs[1:-1]  # where no rule runs, the text decides
    ys = _cluster(
        [h.pos for h in frame.horizontals] + [y for v in frame.verticals for y in (v.start, v.end)]
    )
    if len(xs) < 2 or len(ys) < 2:
        return None
    cuts = _text_row_cuts(frame, xs, ys, words)
    ys = sorted(ys + list(cuts))
    owner = _regions(frame, xs, ys, words, cuts, aligned)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    region_words: dict[int, list[Word]] = {}
    filled = [[False] * n_cols for _ in range(n_rows)]
    for word in words:
        i, j = _slot(ys, word.ymid), _slot(xs, word.xmid)
        filled[i][j] = True
        region_words.setdefault(owner[i][j], []).append(word)
    if (len(region_words) < 2 and not inner_verticals) or (not frame.verticals and n_cols < 2):
        return None  # a box around one text, or ruled lines of text, is not a table
    drawn_rows = [
        [_coverage(frame.horizontals, y, xs[j], xs[j + 1]) >= COVER for j in range(n_cols)]
        for y in ys
    ]
    edges = frame.verticals + frame.hints
    drawn_columns = [
        [_coverage(edges, x, ys[i], ys[i + 1]) >= COVER for x in xs] for i in range(n_rows)
    ]
    return PageGrid(page.number, xs, ys, owner, {}, filled, region_words, drawn_rows, drawn_columns)


def _slot(bounds: list[float], value: float) -> int:
    """Index of the band between consecutive `bounds` that holds `value`."""
    return min(max(bisect_right(bounds, value) - 1, 0), len(bounds) - 2)


def _regions(
    frame: Frame,
    xs: list[float],
    ys: list[float],
    words: list[Word],
    cuts: dict[float, set[int]],
    aligned: list[float],
) -> list[list[int]]:
    """Merged cells: elementary cells joined across every boundary that no rule draws (nor, in
    a row with vertical rules, the meeting edges of cells shaded one by one), except
    in rows without a vertical rule inside, which the words split, at boundaries told by the
    text's alignment (`aligned`), joined only where a phrase runs across, and at row cuts
    found in the text, which join only the columns whose text runs on across them."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    pairs: list[tuple[int, int]] = []
    for i in range(n_rows):
        ruled = [
            _coverage(frame.verticals, xs[j], ys[i], ys[i + 1]) >= COVER for j in range(n_cols + 1)
        ]
        if any(ruled[1:-1]):
            band = _phrases([w for w in words if ys[i] <= w.ymid <= ys[i + 1]])
            crossed = set(_crossed(band, aligned))
            hinted = [_coverage(frame.hints, x, ys[i], ys[i + 1]) >= COVER for x in xs]
            joins = [
                j
                for j in range(1, n_cols)
                if not (ruled[j] or hinted[j]) and (xs[j] not in aligned or xs[j] in crossed)
            ]
        else:
            joins = _unruled_row_joins(frame, xs, ys, i, words)
        pairs.extend((i * n_cols + j - 1, i * n_cols + j) for j in joins)
    for i in range(1, n_rows):
        for j in range(n_cols):
            if ys[i] in cuts:
                joined = j in cuts[ys[i]]
            else:
                joined = _coverage(frame.horizontals, ys[i], xs[j], xs[j + 1]) < COVER
            if joined:
                pairs.append(((i - 1) * n_cols + j, i * n_cols + j))
    return rectangular_regions(n_rows, n_cols, pairs)


def _text_row_cuts(
    frame: Frame, xs: list[float], ys: list[float], words: list[Word]
) -> dict[float, set[int]]:
    """Row boundaries that no rule draws, inside bands left open by the rules (a box with no
    inner rules): a gap that no line crosses in any column, below which two or more columns
    start a new block of text after more than a line's spacing. Each cut maps to the columns
    whose text runs on across it (a merged cell)."""
    cuts: dict[float, set[int]] = {}
    for top, bottom in zip(ys, ys[1:], strict=False):
        closed = [_coverage(frame.horizontals, y, xs[0], xs[-1]) >= COVER for y in (top, bottom)]
        band = [w for w in words if top <= w.ymid <= bottom]
        if all(closed) or not band:
            continue
        columns = [
            group_lines([w for w in band if xs[j] <= w.xmid < xs[j + 1]])
            for j in range(len(xs) - 1)
        ]
        reach = top
        for word in sorted(band, key=lambda w: w.top):
            if word.top > reach and reach > top:
                cut = (reach + word.top) / 2
                starts, runs_on = _blocks_at(columns, cut, word.top + PHRASE_GAP * word.size)
                if starts >= 2:
                    cuts[cut] = runs_on
            reach = max(reach, word.bottom)
    return cuts


def _blocks_at(
    columns: list[list[list[Word]]], cut: float, start_by: float
) -> tuple[int, set[int]]:
    """How many columns start a new block of text right below `cut` (their first line below
    it begins before `start_by`, more than a line's spacing after a block above it: cells of
    a row are top-aligned, and one row's blocks follow another's in the same columns), and
    which columns' text runs on across the cut. A column with text only below the cut counts
    for nothing: a label centred in a cell spanning two header rows starts below the text of
    the first header row without being a row of its own."""
    starts, runs_on = 0, set()
    for j, lines in enumerate(columns):
        above = [line for line in lines if line[0].ymid < cut]
        below = [line for line in lines if line[0].ymid > cut]
        if not below:
            continue
        first_top = min(w.top for w in below[0])
        if above:
            gap = first_top - max(w.bottom for w in above[-1])
            if gap <= PHRASE_GAP * max(w.size for w in below[0]):
                runs_on.add(j)
                continue
        starts += first_top <= start_by and bool(above)
    return starts, runs_on


def _unruled_row_joins(
    frame: Frame, xs: list[float], ys: list[float], i: int, words: list[Word]
) -> list[int]:
    """Boundaries to join in a row without vertical rules: those its phrases cross, or all of
    them for a title row: rules right across above and below (over every column: the rule
    under a group label stops short of the label beside it that spans two header rows), and
    its text one run that starts in the first column or spans columns (a lone cell elsewhere
    keeps its column)."""
    inner = xs[1:-1]
    row = [w for w in words if ys[i] <= w.ymid <= ys[i + 1]]
    phrases = _phrases(row)
    crossed = set(_crossed(phrases, inner))
    joins = [j for j in range(1, len(xs) - 1) if xs[j] in crossed]
    if phrases and i == 0:  # group labels head the table
        size = median(w.size for w in row)
        hinted = [_coverage(frame.hints, x, ys[i], ys[i + 1]) >= COVER for x in xs]
        for phrase in phrases:
            joins += _centred_joins(frame, xs, ys[i + 1], phrase, phrases, size, hinted)
    if phrases:
        start, end = min(a for a, _ in phrases), max(b for _, b in phrases)
        run = [x for x in inner if start + 1 < x < end - 1]
        one_run = all(x in crossed for x in run)
        closed = all(
            _coverage(frame.horizontals, y, xs[j], xs[j + 1]) >= COVER
            for y in (ys[i], ys[i + 1])
            for j in range(len(xs) - 1)
        )
        if one_run and closed and (start < xs[1] or run):
            return list(range(1, len(xs) - 1))
    return sorted(set(joins))


def _centred_joins(
    frame: Frame,
    xs: list[float],
    below: float,
    phrase: tuple[float, float],
    phrases: list[tuple[float, float]],
    size: float,
    hinted: list[bool],
) -> list[int]:
    """The boundaries inside the run of columns a phrase is centred over, when that is more
    columns than it reaches into (a group label centred over the columns it spans, printed
    within one of them): of the runs holding it and no other phrase of the row, with a rule
    under the row across them (the rule under a group label), whose middle is within
    `CENTRED` em of the phrase's, the one bounded on both sides (by the ends of the rule under
    the row, the table's sides, or the `hinted` meeting edges of cells shaded one by one in
    the row: the rule under a group label spans its group, and a shaded group label is one
    shaded cell; over columns of equal widths, an odd number of them, the middle column's
    middle is the group's too), else the closest."""
    a, b = phrase
    first, last = _slot(xs, a + 1), _slot(xs, b - 1)
    middle = (a + b) / 2
    others = [p for p in phrases if p != phrase]
    under = [
        _coverage(frame.horizontals, below, xs[j], xs[j + 1]) >= COVER for j in range(len(xs) - 1)
    ]

    def bounded(lo: int, hi: int) -> bool:
        left = lo == 0 or not under[lo - 1] or hinted[lo]
        return left and (hi == len(under) - 1 or not under[hi + 1] or hinted[hi + 1])

    own = bounded(first, last) and all(under[first : last + 1])
    best = (not own, abs(middle - (xs[first] + xs[last + 1]) / 2), first, last)
    for lo in range(first + 1):
        for hi in range(last, len(xs) - 1):
            off = abs(middle - (xs[lo] + xs[hi + 1]) / 2)
            key = (not bounded(lo, hi), off)
            if off > CENTRED * size or key >= best[:2]:
                continue
            if any(p[1] > xs[lo] and p[0] < xs[hi + 1] for p in others):
                continue
            if all(under[lo : hi + 1]):
                best = (*key, lo, hi)
    _, off, lo, hi = best
    return list(range(lo + 1, hi + 1)) if off <= CENTRED * size else []
