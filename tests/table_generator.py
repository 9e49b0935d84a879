"""Random ruled tables printed by independent producers, with their truth written from the source.

Beside the plan variant generator (`variants.py`), this one knows nothing of the plan: each
document holds prose and 1-3 tables of 2-12 columns and 3-80 rows, with one- or two-level
headers (group labels spanning columns, labels spanning both header rows), rowspans in the
first columns, empty cells, numbers, dates, money and wrapped text; ruled as a full grid,
horizontal rules inside an outer box, or one box per cell (touching); plain, with a shaded
header, or zebra-striped (stripes running under merged cells); over 1-4 pages, the header
repeated or not; portrait or landscape. Independent producers print the same specification:

- `reportlab`: this module's own page flow on a reportlab canvas (so the page of every row is
  known from the source);
- `docx`: a DOCX written with python-docx, printed to PDF by LibreOffice (`soffice`), which
  lays out, breaks pages and draws borders its own way (the page of each row is then
  LibreOffice's decision, so `row_pages` is null in its truth). Rows are marked as not to be
  split by a page break (`w:cantSplit`): a row cut in two is beyond the engine (docs/tables.md,
  Not done);
- `html` (asked for by name: `--producers html`): an HTML page with `<table>`s (`rowspan`,
  `colspan`, CSS borders collapsed or, for per-cell boxes, separate without spacing, a
  `<thead>` the browser repeats on every page when the header is repeated, rows kept whole
  with `break-inside: avoid`) printed by headless Chromium (`variants_html.print_pdf`): a
  producer the engine was never tuned to; `row_pages` is null in its truth.

Empty cells are never merged ones (columns 0 and 1, where rowspans are): a blank merged cell
just before a page break and a merged cell starting after it cannot be told from one merged cell
cut by the break, which the engine joins (docs/tables.md).

Truth, per document (`<name>.json`): `{"name", "producer", "seed", "tables": [{"grid",
"spans", "row_pages", "header_rows", "border", "shading", "repeat_header"}]}`; `grid` is the
format of ../shared/external/expected/*.json (rows of cell texts, a merged cell's text at its
top-left, '' in the cells it covers). `score` compares extracted tables with it strictly.

Usage: python tests/table_generator.py OUT_DIR --seed N [--count K]
       [--producers reportlab,docx,html]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PRODUCERS = ("reportlab", "docx")
"""The producers a batch is printed by unless others are asked for (`make bench-tables`'s)."""
OTHER_PRODUCERS = ("html",)
"""Producers printed only when asked for by name: the engine was never tuned to them."""
BORDERS = ("grid", "horizontal", "boxes")
SHADINGS = ("none", "header", "zebra")
WORDS = [
    "annual",
    "budget",
    "review",
    "regional",
    "office",
    "support",
    "service",
    "water",
    "quality",
    "training",
    "field",
    "survey",
    "report",
    "network",
    "health",
    "school",
    "community",
    "program",
    "transport",
    "energy",
    "waste",
    "study",
    "district",
    "committee",
    "planning",
    "project",
    "monitoring",
    "delivery",
    "housing",
    "public",
    "market",
    "rural",
    "urban",
    "partner",
    "agency",
    "network",
    "baseline",
    "target",
    "funding",
    "audit",
    "river",
    "coastal",
    "forest",
    "farm",
    "clinic",
    "library",
    "youth",
    "women",
    "labour",
    "census",
    "safety",
    "road",
    "bridge",
    "power",
    "station",
    "harbour",
]
PLACES = [
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Coast",
    "Valley",
    "Highlands",
    "Islands",
    "Plains",
    "Delta",
]
GROUP_LABELS = ("Budget", "Results", "Schedule", "Staff", "Coverage", "Costs", "Sessions")
PAD = 3.0
"""Points of padding inside every cell."""
LEADING = 1.2
"""Line spacing in a cell, in font sizes."""


@dataclass
class Span:
    row: int
    col: int
    row_span: int
    col_span: int


@dataclass
class TableSpec:
    grid: list[list[str]]
    spans: list[Span]
    header_rows: int
    border: str
    shading: str
    repeat_header: bool
    valign: str
    kinds: list[str]
    caption: str | None
    full_width: bool

    @property
    def n_cols(self) -> int:
        return len(self.grid[0])


@dataclass
class DocSpec:
    name: str
    seed: int
    landscape: bool
    page: str
    font_size: float
    blocks: list[str | TableSpec] = field(default_factory=list)

    @property
    def tables(self) -> list[TableSpec]:
        return [b for b in self.blocks if isinstance(b, TableSpec)]


# --- specification ---------------------------------------------------------------------------


def _phrase(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def _value(rng: random.Random, kind: str) -> str:
    if kind == "number":
        return f"{rng.randint(0, 99999):,}"
    if kind == "decimal":
        return f"{rng.uniform(0, 100):.1f}"
    if kind == "money":
        return f"${rng.uniform(10, 250000):,.2f}"
    if kind == "date":
        y, m, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice((f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}"))
    if kind == "code":
        return f"{rng.choice('ABCDEFGH')}{rng.randint(1, 9)}.{rng.randint(1, 40)}"
    if kind == "text":
        return _phrase(rng, 3, 16)
    return _phrase(rng, 1, 3)  # label


def _header_label(rng: random.Random, kind: str, used: set[str]) -> str:
    names = {
        "number": ("Count", "Units", "Cases", "Visits", "Total"),
        "decimal": ("Rate", "Share %", "Index", "Score"),
        "money": ("Amount", "Cost", "Budget (USD)", "Spent"),
        "date": ("Date", "Start date", "Deadline", "Signed"),
        "code": ("Code", "Ref.", "Item"),
        "text": ("Description", "Notes", "Activity", "Remarks"),
        "label": ("Name", "Region", "Area", "Unit", "Office"),
    }[kind]
    for _ in range(10):
        label = rng.choice(names)
        if label not in used:
            used.add(label)
            return label
    label = f"{rng.choice(names)} {len(used)}"
    used.add(label)
    return label


def _header(rng: random.Random, kinds: list[str]) -> tuple[list[list[str]], list[Span]]:
    """One or two header rows; in two, groups of 2-3 columns under a label spanning them, and
    every other column's label spanning both rows."""
    used: set[str] = set()
    n = len(kinds)
    if n < 3 or rng.random() < 0.5:
        return [[_header_label(rng, k, used) for k in kinds]], []
    top, sub, spans = [""] * n, [""] * n, []
    j = 1
    groups = 0
    while j < n:
        size = rng.choice((2, 2, 3))
        if j + size <= n and rng.random() < 0.6:
            top[j] = rng.choice(GROUP_LABELS) + ("" if groups == 0 else f" {groups + 1}")
            spans.append(Span(0, j, 1, size))
            for k in range(j, j + size):
                sub[k] = _header_label(rng, kinds[k], used)
            groups += 1
            j += size
        else:
            j += 1
    if not groups:
        return [[_header_label(rng, k, used) for k in kinds]], []
    grouped = {k for s in spans for k in range(s.col, s.col + s.col_span)}
    for k in range(n):
        if k not in grouped:
            top[k] = _header_label(rng, kinds[k], used)
            spans.append(Span(0, k, 2, 1))
    return [top, sub], spans


def _body(
    rng: random.Random, kinds: list[str], n_rows: int, first: int
) -> tuple[list[list[str]], list[Span]]:
    """Body rows; the first column (and the second, nested) may merge runs of 2-4 rows."""
    rows = [[_value(rng, k) for k in kinds] for _ in range(n_rows)]
    spans: list[Span] = []
    for i, row in enumerate(rows):
        for j in range(2, len(kinds)):
            if rng.random() < 0.05:
                row[j] = ""
        if kinds[0] == "label":
            row[0] = f"{rng.choice(PLACES)} {rng.choice(WORDS)}" if rng.random() < 0.5 else row[0]
        rows[i] = row
    merge_first = len(kinds) >= 3 and rng.random() < 0.45
    if merge_first:
        i = 0
        while i < n_rows:
            size = min(rng.choice((1, 2, 3, 4)), n_rows - i)
            if size > 1:
                spans.append(Span(first + i, 0, size, 1))
                for k in range(i + 1, i + size):
                    rows[k][0] = ""
                if size >= 3 and len(kinds) >= 4 and rng.random() < 0.4:
                    spans.append(Span(first + i, 1, 2, 1))
                    rows[i + 1][1] = ""
            i += size
    return rows, spans


def table_spec(rng: random.Random, max_cols: int) -> TableSpec:
    n_cols = rng.randint(2, max_cols)
    kinds = ["label"] + [
        rng.choice(("number", "decimal", "money", "date", "code", "text", "text", "label"))
        for _ in range(n_cols - 1)
    ]
    if rng.random() < 0.3:
        kinds[0] = "code"
    header, header_spans = _header(rng, kinds)
    total = rng.choice((rng.randint(3, 12), rng.randint(8, 30), rng.randint(20, 80)))
    n_body = max(1, total - len(header))
    body, body_spans = _body(rng, kinds, n_body, len(header))
    return TableSpec(
        grid=header + body,
        spans=header_spans + body_spans,
        header_rows=len(header),
        border=rng.choice(BORDERS),
        shading=rng.choice(SHADINGS),
        repeat_header=rng.random() < 0.5,
        valign=rng.choice(("top", "middle")),
        kinds=kinds,
        caption=f"Table {rng.randint(1, 20)}. {_phrase(rng, 2, 6)}" if rng.random() < 0.6 else None,
        full_width=rng.random() < 0.6,
    )


def doc_spec(name: str, seed: int) -> DocSpec:
    rng = random.Random(seed)
    wide = rng.random() < 0.4
    doc = DocSpec(name, seed, wide, rng.choice(("letter", "A4")), rng.choice((7.0, 8.0, 9.0)))
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.8:
            doc.blocks.append(_phrase(rng, 20, 70) + ".")
        doc.blocks.append(table_spec(rng, 12 if wide else 8))
    if rng.random() < 0.5:
        doc.blocks.append(_phrase(rng, 10, 40) + ".")
    return doc


def truth(doc: DocSpec, producer: str, row_pages: list[list[int]] | None) -> dict:
    return {
        "name": doc.name,
        "producer": producer,
        "seed": doc.seed,
        "tables": [
            {
                "grid": t.grid,
                "spans": [asdict(s) for s in t.spans],
                "row_pages": row_pages[k] if row_pages else None,
                "header_rows": t.header_rows,
                "border": t.border,
                "shading": t.shading,
                "repeat_header": t.repeat_header,
            }
            for k, t in enumerate(doc.tables)
        ],
    }


# --- reportlab -------------------------------------------------------------------------------

FONT, BOLD = "Helvetica", "Helvetica-Bold"
MARGIN = 54.0
ZEBRA, HEADER_FILL = (0.90, 0.93, 0.97), (0.82, 0.82, 0.82)
MERGED_FILLS = ((1, 1, 1), (0.96, 0.94, 0.86))


def _page_size(doc: DocSpec) -> tuple[float, float]:
    size = letter if doc.page == "letter" else A4
    return landscape(size) if doc.landscape else size


def _cover(spec: TableSpec) -> dict[tuple[int, int], Span]:
    spans = {(s.row, s.col): s for s in spec.spans}
    full = {}
    for i in range(len(spec.grid)):
        for j in range(spec.n_cols):
            full[(i, j)] = Span(i, j, 1, 1)
    for s in spans.values():
        for i in range(s.row, s.row + s.row_span):
            for j in range(s.col, s.col + s.col_span):
                full[(i, j)] = s
    return full


def _widths(spec: TableSpec, size: float, available: float) -> list[float] | None:
    """Column widths: each column's natural width (its longest text on one line), text columns
    shrunk towards their longest word when the table is too wide; None when even that fails."""
    natural, least = [], []
    for j in range(spec.n_cols):
        texts = [row[j] for row in spec.grid if row[j]]
        font_of = [BOLD if i < spec.header_rows else FONT for i, row in enumerate(spec.grid)]
        wide = [stringWidth(r[j], f, size) for r, f in zip(spec.grid, font_of, strict=True)]
        words = [stringWidth(w, BOLD, size) for t in texts for w in t.split()]
        least.append(max(words, default=10) + 2 * PAD + 2)
        natural.append(min(max(wide, default=10) + 2 * PAD + 2, 14 * size * 2.2))
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    for s in spec.spans:  # a group label wider than its columns widens them
        if s.col_span > 1 and s.row < spec.header_rows:
            need = stringWidth(spec.grid[s.row][s.col], BOLD, size) + 2 * PAD + 2
            have = sum(natural[s.col : s.col + s.col_span])
            for k in range(s.col, s.col + s.col_span):
                natural[k] += max(0.0, need - have) / s.col_span
    if sum(least) > available:
        return None
    total = sum(natural)
    if total > available:
        slack = [n - m for n, m in zip(natural, least, strict=True)]
        cut = (total - available) / sum(slack)
        natural = [n - cut * s for n, s in zip(natural, slack, strict=True)]
    elif spec.full_width:
        natural = [n * available / total for n in natural]
    return natural


@dataclass
class _Placed:
    lines: list[str]
    font: str
    align: str
    valign: str


class _Flow:
    """This module's page flow: prose lines and table rows down the page, new pages as needed."""

    def __init__(self, doc: DocSpec, path: Path) -> None:
        self.doc = doc
        self.width, self.height = _page_size(doc)
        self.canvas = Canvas(str(path), pagesize=(self.width, self.height))
        self.page = 1
        self.y = MARGIN
        self.size = doc.font_size
        self._furniture()

    def _furniture(self) -> None:
        c = self.canvas
        c.setFont(FONT, 8)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(MARGIN, self.height - 30, f"Generated report {self.doc.name}")
        c.drawRightString(self.width - MARGIN, 28, f"Page {self.page}")

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = MARGIN
        self._furniture()

    def text_line(self, text: str, font: str, size: float) -> None:
        leading = size * 1.3
        if self.y + leading > self.height - MARGIN:
            self.new_page()
        self.canvas.setFont(font, size)
        self.canvas.setFillColorRGB(0, 0, 0)
        self.canvas.drawString(MARGIN, self.height - self.y - size, text)
        self.y += leading

    def prose(self, text: str) -> None:
        for line in simpleSplit(text, FONT, 10, self.width - 2 * MARGIN):
            self.text_line(line, FONT, 10)
        self.y += 8

    def table(self, spec: TableSpec, rng: random.Random) -> list[int]:
        size = self.size
        widths = _widths(spec, size, self.width - 2 * MARGIN)
        while widths is None:
            size -= 0.5
            widths = _widths(spec, size, self.width - 2 * MARGIN)
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        cover = _cover(spec)
        placed, heights = _layout(spec, xs, cover, size)
        printed = _Printed(spec, xs, heights, placed, cover, _Style.pick(rng), size)
        units = _units(spec, cover)
        first = sum(heights[i] for unit in units[:2] for i in unit)  # the header, first rows
        caption = (size + 1) * 1.3 + 2 if spec.caption else 0.0
        if self.y + caption + first > self.height - MARGIN and self.y > MARGIN:
            self.new_page()  # the caption moves with its table
        if spec.caption:
            self.text_line(spec.caption, BOLD, size + 1)
            self.y += 2
        row_pages = self._paginate(printed)
        self.y += 14
        return row_pages

    def _paginate(self, t: _Printed) -> list[int]:
        """Rows down the pages, merged runs kept together, the header repeated if asked. The
        header stays with the first body rows, and a table that does not fit under what the
        page already holds starts on the next page, as word processors do (never a header
        alone at the foot of a page, never rows printed over the footer)."""
        row_pages = [0] * len(t.spec.grid)
        rows_here: list[tuple[int, float]] = []
        units = _units(t.spec, t.cover)
        if len(units) > 1:
            units = [units[0] + units[1], *units[2:]]
        for k, unit in enumerate(units):
            height = sum(t.heights[i] for i in unit)
            if self.y + height > self.height - MARGIN and (rows_here or self.y > MARGIN):
                if rows_here:
                    self._draw(t, rows_here)
                self.new_page()
                rows_here = []
                if t.spec.repeat_header and k > 0 and unit[0] >= t.spec.header_rows:
                    for i in range(t.spec.header_rows):
                        rows_here.append((i, self.y))
                        self.y += t.heights[i]
            for i in unit:
                rows_here.append((i, self.y))
                row_pages[i] = self.page
                self.y += t.heights[i]
        self._draw(t, rows_here)
        return row_pages

    def _draw(self, t: _Printed, rows_here: list[tuple[int, float]]) -> None:
        top_of = dict(rows_here)
        regions = []
        for s in {id(s): s for s in t.cover.values()}.values():
            rows = [k for k in range(s.row, s.row + s.row_span) if k in top_of]
            if rows:
                span_box = (
                    t.xs[s.col],
                    top_of[rows[0]],
                    t.xs[s.col + s.col_span],
                    top_of[rows[-1]] + t.heights[rows[-1]],
                )
                regions.append((s, span_box))
        self._draw_fills(t, top_of, regions)
        self.canvas.setStrokeColorRGB(0, 0, 0)
        self.canvas.setLineWidth(t.style.line_width)
        if t.spec.border == "boxes":
            self._draw_boxes(t, regions)
        else:
            self._draw_rules(t, top_of)
        for s, span_box in regions:
            self._draw_text(t, t.placed[(s.row, s.col)], span_box)

    def _draw_fills(self, t: _Printed, top_of: dict[int, float], regions) -> None:
        """Header band, zebra stripes across the whole row, merged cells painted over them."""
        header = t.spec.header_rows
        for i, top in top_of.items():
            band = (t.xs[0], top, t.xs[-1], top + t.heights[i])
            if t.spec.shading == "header" and i < header:
                self._fill(*band, HEADER_FILL)
            if t.spec.shading == "zebra" and i >= header and (i - header) % 2 == 1:
                self._fill(*band, ZEBRA)
        if t.spec.shading == "zebra":
            for s, span_box in regions:
                if s.row_span > 1 and s.row >= header:
                    self._fill(*span_box, t.style.merged_fill)

    def _draw_boxes(self, t: _Printed, regions) -> None:
        inset = t.style.inset
        for _, (x0, top, x1, bot) in regions:
            self.canvas.rect(
                x0 + inset,
                self.height - bot + inset,
                x1 - x0 - 2 * inset,
                bot - top - 2 * inset,
                stroke=1,
                fill=0,
            )

    def _draw_rules(self, t: _Printed, top_of: dict[int, float]) -> None:
        """An outer box; rules between rows except inside merged cells (a thicker one under the
        header when only horizontal rules are drawn); vertical ones for a full grid."""
        shown = list(top_of)
        xs, c = t.xs, self.canvas
        bottom = top_of[shown[-1]] + t.heights[shown[-1]]
        top = top_of[shown[0]]
        c.rect(xs[0], self.height - bottom, xs[-1] - xs[0], bottom - top, stroke=1, fill=0)
        for previous, i in pairwise(shown):
            y = top_of[i]
            for j in range(t.spec.n_cols):
                if t.cover[(previous, j)] is not t.cover[(i, j)]:
                    self._line(xs[j], y, xs[j + 1], y)
            if i == t.spec.header_rows and t.spec.border == "horizontal":
                c.setLineWidth(t.style.line_width * 2)
                self._line(xs[0], y, xs[-1], y)
                c.setLineWidth(t.style.line_width)
        if t.spec.border != "grid":
            return
        for i in shown:
            for j in range(1, t.spec.n_cols):
                if t.cover[(i, j - 1)] is not t.cover[(i, j)]:
                    self._line(xs[j], top_of[i], xs[j], top_of[i] + t.heights[i])

    def _draw_text(self, t: _Printed, p: _Placed, span_box: tuple[float, ...]) -> None:
        c, size, leading = self.canvas, t.size, t.size * LEADING
        x0, top, x1, bot = span_box
        block = len(p.lines) * leading
        y = top + PAD if p.valign == "top" else (top + bot - block) / 2
        c.setFont(p.font, size)
        c.setFillColorRGB(0, 0, 0)
        for k, line in enumerate(p.lines):
            base = self.height - (y + k * leading + size * 0.95)
            if p.align == "left":
                c.drawString(x0 + PAD + 1, base, line)
            elif p.align == "right":
                c.drawRightString(x1 - PAD - 1, base, line)
            else:
                c.drawCentredString((x0 + x1) / 2, base, line)

    def _fill(self, x0, top, x1, bottom, rgb) -> None:
        self.canvas.setFillColorRGB(*rgb)
        self.canvas.rect(x0, self.height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)

    def _line(self, x0, top, x1, bottom) -> None:
        self.canvas.line(x0, self.height - top, x1, self.height - bottom)


@dataclass
class _Style:
    line_width: float
    inset: float
    merged_fill: tuple[float, float, float]

    @classmethod
    def pick(cls, rng: random.Random) -> _Style:
        return cls(
            rng.choice((0.4, 0.5, 0.75, 1.0)),
            rng.choice((0.0, 0.0, 0.3, 0.6)),
            rng.choice(MERGED_FILLS),
        )


@dataclass
class _Printed:
    """A table laid out for printing: column boundaries, row heights, each cell's lines."""

    spec: TableSpec
    xs: list[float]
    heights: list[float]
    placed: dict[tuple[int, int], _Placed]
    cover: dict[tuple[int, int], Span]
    style: _Style
    size: float


def _layout(
    spec: TableSpec, xs: list[float], cover: dict[tuple[int, int], Span], size: float
) -> tuple[dict[tuple[int, int], _Placed], list[float]]:
    """Each cell's wrapped lines and alignment, and the row heights that hold them (a merged
    cell too tall for its rows grows its last row)."""
    leading = size * LEADING
    placed: dict[tuple[int, int], _Placed] = {}
    heights = [0.0] * len(spec.grid)
    for (i, j), s in cover.items():
        if (s.row, s.col) != (i, j):
            continue
        header = i < spec.header_rows
        font = BOLD if header else FONT
        text = spec.grid[i][j]
        lines = simpleSplit(text, font, size, xs[j + s.col_span] - xs[j] - 2 * PAD) if text else []
        numeric = spec.kinds[j] in ("number", "decimal", "money") and not header
        align = "center" if header else "right" if numeric else "left"
        valign = "middle" if header or s.row_span > 1 else spec.valign
        placed[(i, j)] = _Placed(lines, font, align, valign)
        if s.row_span == 1:
            heights[i] = max(heights[i], len(lines) * leading + 2 * PAD)
    for s in spec.spans:
        if s.row_span > 1:
            need = len(placed[(s.row, s.col)].lines) * leading + 2 * PAD
            have = sum(heights[s.row : s.row + s.row_span])
            heights[s.row + s.row_span - 1] += max(0.0, need - have)
    return placed, heights


def _units(spec: TableSpec, cover: dict[tuple[int, int], Span]) -> list[list[int]]:
    """Rows that stay on one page together: the header, and each run of merged body rows."""
    units: list[list[int]] = [list(range(spec.header_rows))]
    i = spec.header_rows
    while i < len(spec.grid):
        last = max(cover[(i, j)].row + cover[(i, j)].row_span - 1 for j in range(spec.n_cols))
        while any(
            cover[(k, j)].row + cover[(k, j)].row_span - 1 > last
            for k in range(i, last + 1)
            for j in range(spec.n_cols)
        ):
            last = max(
                cover[(k, j)].row + cover[(k, j)].row_span - 1
                for k in range(i, last + 1)
                for j in range(spec.n_cols)
            )
        units.append(list(range(i, last + 1)))
        i = last + 1
    return units


def render_reportlab(doc: DocSpec, path: Path) -> dict:
    rng = random.Random(doc.seed * 7 + 1)
    flow = _Flow(doc, path)
    row_pages = []
    for block in doc.blocks:
        if isinstance(block, str):
            flow.prose(block)
        else:
            row_pages.append(flow.table(block, rng))
    flow.canvas.save()
    return truth(doc, "reportlab", row_pages)


# --- DOCX through LibreOffice ----------------------------------------------------------------


def _docx(doc: DocSpec, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    rng = random.Random(doc.seed * 7 + 2)
    document = Document()
    section = document.sections[0]
    width, height = (Mm(215.9), Mm(279.4)) if doc.page == "letter" else (Mm(210), Mm(297))
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(19))
    section.header.paragraphs[0].text = f"Generated report {doc.name}"
    style = document.styles["Normal"]
    style.font.name = rng.choice(("Liberation Sans", "Liberation Serif", "DejaVu Sans"))
    style.font.size = Pt(10)
    for block in doc.blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            _docx_table(document, block, rng, width - Mm(38), Pt(doc.font_size))
            document.add_paragraph("")
    document.save(str(path))


def _docx_border(element: Any, tag: str, sides: dict[str, bool], size: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement(tag)
    for side, on in sides.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if on else "nil")
        if on:
            edge.set(qn("w:sz"), str(size))
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    element.append(borders)


def _docx_shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _docx_table(document: Any, spec: TableSpec, rng: random.Random, usable: int, font: Any) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement

    if spec.caption:
        document.add_paragraph().add_run(spec.caption).bold = True
    table = document.add_table(rows=len(spec.grid), cols=spec.n_cols)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    size = rng.choice((4, 6, 8))
    sides = dict.fromkeys(("top", "left", "bottom", "right", "insideH"), True)
    sides["insideV"] = spec.border != "horizontal"
    _docx_border(table._tbl.tblPr, "w:tblBorders", sides, size)
    weights = [3.0 if k == "text" else 1.6 if k == "label" else 1.0 for k in spec.kinds]
    usable = usable if spec.full_width else int(usable * 0.8)
    for j, w in enumerate(weights):
        for cell in table.columns[j].cells:
            cell.width = int(usable * w / sum(weights))
    for i, row in enumerate(spec.grid):
        tr_pr = table.rows[i]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row cut by a page break: see Not done
        if i < spec.header_rows and spec.repeat_header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for j, text in enumerate(row):
            _docx_cell(table.cell(i, j), spec, i, j, text, font, size)
    for s in spec.spans:
        _docx_merge(table, spec, s)


def _docx_cell(cell: Any, spec: TableSpec, i: int, j: int, text: str, font: Any, size: int) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = i < spec.header_rows
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = font
    run.bold = header
    numeric = spec.kinds[j] in ("number", "decimal", "money")
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER
        if header
        else WD_ALIGN_PARAGRAPH.RIGHT
        if numeric
        else WD_ALIGN_PARAGRAPH.LEFT
    )
    if header or spec.valign == "middle":
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if spec.shading == "header" and header:
        _docx_shade(cell, "D0D0D0")
    if spec.shading == "zebra" and not header and (i - spec.header_rows) % 2:
        _docx_shade(cell, "E6EEF8")
    if spec.border == "boxes":
        box = dict.fromkeys(("top", "left", "bottom", "right"), True)
        _docx_border(cell._tc.get_or_add_tcPr(), "w:tcBorders", box, size)


def _docx_merge(table: Any, spec: TableSpec, s: Span) -> None:
    """The span's cells merged, its text once, vertically centred when it spans rows."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    merged = table.cell(s.row, s.col).merge(
        table.cell(s.row + s.row_span - 1, s.col + s.col_span - 1)
    )
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    first = merged.paragraphs[0]
    for run in first.runs[1:]:
        run._r.getparent().remove(run._r)
    if first.runs:
        first.runs[0].text = spec.grid[s.row][s.col]
    if s.row_span > 1 or s.row < spec.header_rows:
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def render_docx(docs: list[DocSpec], out: Path) -> list[dict]:
    """DOCX files printed to PDF by LibreOffice in one run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for doc in docs:
            source = Path(tmp) / f"{doc.name}.docx"
            _docx(doc, source)
            sources.append(str(source))
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return [truth(doc, "docx", None) for doc in docs]


# --- HTML through headless Chromium ---------------------------------------------------------

HTML_FONTS = ("Liberation Sans", "Liberation Serif", "DejaVu Sans")
"""Families the browser lays the document out in (installed with the fonts the variants use)."""
HTML_LINE_WIDTHS = (0.5, 0.75, 1.0, 1.5)
"""CSS points: border widths a page author may choose."""


def html_page(doc: DocSpec) -> str:
    """The document as one HTML page: prose paragraphs and `<table>`s with `rowspan` and
    `colspan`, header rows in a `<thead>` (which the browser repeats on every page the table
    reaches) when the specification repeats them, CSS borders, shading and alignment; the
    running header and the page number in `@page` margin boxes."""
    rng = random.Random(doc.seed * 7 + 3)
    page = f"{'letter' if doc.page == 'letter' else 'A4'} {'landscape' if doc.landscape else ''}"
    css = f"""
@page {{ size: {page.strip()}; margin: 19mm;
  @top-left {{ content: "Generated report {doc.name}"; font: 8pt sans-serif; }}
  @bottom-right {{ content: "Page " counter(page); font: 8pt sans-serif; }} }}
body {{ font-family: "{rng.choice(HTML_FONTS)}"; font-size: 10pt; margin: 0; }}
p.caption {{ font-weight: bold; break-after: avoid; }}
tr {{ break-inside: avoid; }}
td, th {{ padding: {PAD}pt {PAD}pt; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
"""
    body = []
    for k, block in enumerate(doc.blocks):
        if isinstance(block, str):
            body.append(f"<p>{escape(block)}</p>")
        else:
            body.append(_html_table(block, rng, f"t{k}", doc.font_size))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )


def _html_table(spec: TableSpec, rng: random.Random, name: str, size: float) -> str:
    """One table: a full grid (collapsed borders), horizontal rules inside an outer box, or a
    box per cell (separate borders, no spacing: the boxes touch); the columns weighted as in
    the DOCX, the table as wide as the text or four fifths of it."""
    line = f"{rng.choice(HTML_LINE_WIDTHS)}pt solid #000"
    table = f"border-collapse: collapse; font-size: {size}pt;"
    cell = f"border: {line};"
    if spec.border == "horizontal":
        table += f" border: {line};"
        cell = f"border-top: {line}; border-bottom: {line};"
    elif spec.border == "boxes":
        table = f"border-collapse: separate; border-spacing: 0; font-size: {size}pt;"
    width = 100 if spec.full_width else 80
    weights = [3.0 if k == "text" else 1.6 if k == "label" else 1.0 for k in spec.kinds]
    cols = "".join(f"<col style='width: {100 * w / sum(weights):.2f}%'>" for w in weights)
    style = (  # a style element of its own, before the table: browsers read it in the body
        f"<style>table.{name} {{ {table} width: {width}%; }} "
        f"table.{name} td, table.{name} th {{ {cell} }}</style>"
    )
    cover = _cover(spec)
    rows = []
    for i, row in enumerate(spec.grid):
        header = i < spec.header_rows
        fill = (
            "#d0d0d0"
            if spec.shading == "header" and header
            else "#e6eef8"
            if spec.shading == "zebra" and not header and (i - spec.header_rows) % 2
            else None
        )
        cells = []
        for j, text in enumerate(row):
            s = cover[(i, j)]
            if (s.row, s.col) != (i, j):
                continue
            tag = "th" if header else "td"
            spans = (f" rowspan={s.row_span}" if s.row_span > 1 else "") + (
                f" colspan={s.col_span}" if s.col_span > 1 else ""
            )
            numeric = spec.kinds[j] in ("number", "decimal", "money")
            look = []
            if not header:
                look.append(f"text-align: {'right' if numeric else 'left'}")
                middle = s.row_span > 1 or spec.valign == "middle"
                look.append(f"vertical-align: {'middle' if middle else 'top'}")
            if fill:
                look.append(f"background: {fill}")
            elif s.row_span > 1 and spec.shading == "zebra":
                look.append("background: #fff")  # a merged cell painted over the stripes
            cells.append(f"<{tag}{spans} style='{'; '.join(look)}'>{escape(text)}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = rows[: spec.header_rows] if spec.repeat_header else []
    rest = rows[len(head) :]
    caption = f"<p class='caption'>{escape(spec.caption)}</p>" if spec.caption else ""
    return (
        style
        + caption
        + f"<table class='{name}'><colgroup>{cols}</colgroup>"
        + (f"<thead>{''.join(head)}</thead>" if head else "")
        + f"<tbody>{''.join(rest)}</tbody></table><p></p>"
    )


def render_html(docs: list[DocSpec], out: Path) -> list[dict]:
    """HTML pages printed to PDF by headless Chromium (`variants_html.print_pdf`)."""
    from variants_html import chromium, print_pdf

    if chromium() is None:
        raise RuntimeError("Chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            source = Path(tmp) / f"{doc.name}.html"
            source.write_text(html_page(doc), encoding="utf-8")
            print_pdf(source, out / f"{doc.name}.pdf")
    return [truth(doc, "html", None) for doc in docs]


# --- batches and scoring ---------------------------------------------------------------------


def render_batch(out: Path, seed: int, count: int, producers: tuple[str, ...] = PRODUCERS) -> None:
    """`count` documents per producer from `seed`, written as OUT/<producer>-<seed>-<k>.pdf
    with the truth beside each."""
    out.mkdir(parents=True, exist_ok=True)
    for producer in producers:
        docs = [doc_spec(f"{producer}-{seed}-{k}", seed * 1000 + k) for k in range(count)]
        if producer == "reportlab":
            truths = [render_reportlab(doc, out / f"{doc.name}.pdf") for doc in docs]
        elif producer == "docx":
            truths = render_docx(docs, out)
        elif producer == "html":
            truths = render_html(docs, out)
        else:
            raise ValueError(f"unknown producer {producer!r}")
        for doc, record in zip(docs, truths, strict=True):
            pdf = out / f"{doc.name}.pdf"
            if not printed_whole(record, pdf):
                print(f"{doc.name}: the producer left some of the truth unprinted; dropped")
                pdf.unlink()
                continue
            (out / f"{doc.name}.json").write_text(json.dumps(record, indent=1), encoding="utf-8")


def printed_whole(record: dict, pdf: Path) -> bool:
    """Whether every character of the truth is printed in the PDF (LibreOffice silently drops
    the rest of a table whose unsplittable rows overflow a page; a word it breaks in a narrow
    cell keeps its characters)."""
    from collections import Counter

    import pdfplumber

    with pdfplumber.open(pdf) as document:
        printed = Counter("".join(page.extract_text() or "" for page in document.pages))
    wanted = Counter("".join(cell for t in record["tables"] for row in t["grid"] for cell in row))
    return all(printed[c] >= n for c, n in wanted.items() if not c.isspace())


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def matched_cells(expected: list[list[str]], found: list[list[str]]) -> int:
    """Expected cells whose text is found at the same row and column (whitespace folded)."""
    return sum(
        1
        for r, row in enumerate(expected)
        for c, cell in enumerate(row)
        if r < len(found) and c < len(found[r]) and _fold(found[r][c]) == _fold(cell)
    )


@dataclass
class Score:
    cells: int = 0
    matched: int = 0
    tables: int = 0
    exact: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.cells += other.cells
        self.matched += other.matched
        self.tables += other.tables
        self.exact += other.exact
        self.misses += other.misses

    def line(self) -> str:
        share = 100 * self.matched / self.cells if self.cells else 0.0
        return f"{share:5.1f}% strict cells ({self.matched}/{self.cells}), " + (
            f"{self.exact}/{self.tables} tables exact"
        )


def score(record: dict, found: list[list[list[str]]]) -> Score:
    """Strict cell accuracy and exact tables: each truth table against the found table that
    matches most of its cells (each found table used once); exact = same shape, every text."""
    result = Score()
    free = list(range(len(found)))
    for k, table in enumerate(record["tables"]):
        expected = table["grid"]
        size = sum(len(row) for row in expected)
        best = max(free, key=lambda f: matched_cells(expected, found[f]), default=None)
        got = matched_cells(expected, found[best]) if best is not None else 0
        if best is not None and got:
            free.remove(best)
        grid = found[best] if best is not None and got else []
        exact = len(grid) == len(expected) and all(
            len(a) == len(b) and all(_fold(x) == _fold(y) for x, y in zip(a, b, strict=True))
            for a, b in zip(grid, expected, strict=True)
        )
        result.add(Score(size, got, 1, int(exact)))
        if not exact:
            shape = f"{len(grid)}x{len(grid[0]) if grid else 0}"
            result.misses.append(
                f"{record['name']} table {k + 1} ({table['border']}, {table['shading']}, "
                f"{table['header_rows']} header rows, {len(expected)}x{len(expected[0])}, "
                f"found {shape}): {got}/{size}"
            )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=15)
    parser.add_argument(
        "--producers",
        default=",".join(PRODUCERS),
        help=f"comma-separated, of {', '.join(PRODUCERS + OTHER_PRODUCERS)}",
    )
    args = parser.parse_args(argv)
    render_batch(args.out, args.seed, args.count, tuple(args.producers.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
