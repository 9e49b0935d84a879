"""`plan-extract debug PDF --page N [--out FILE.png]`: what each stage saw on one page, drawn.

The page's picture with, on top of it, the intermediates of one run of the pipeline
(`pipeline.trace_plan`), as pdfplumber's `debug_tablefinder` draws its table finder:

- the generic engine's grids (`tables.finder`): every cell in thin blue, merged cells thick;
- the plan's page tables (`plan.page_tables`): the header band in cyan, each column's bounds
  in green, each body row band in orange, the spanning (action/objective) cells in purple;
- page furniture (running lines, page numbers, stamps, titles…) filled grey;
- words no field took (`unassigned`) boxed red.

A legend with what was drawn is printed, so a wrong column bound or a missed row can be
found without reading the code. The picture is written as PNG (default
`output/<stem>.page-<N>.png`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_extract.commands import add_reader_option

DEBUG_DPI = 110.0
"""Resolution of the drawn page: enough to read 8-point text beside the marks."""

COLOURS = {
    "grid": (40, 90, 220),
    "header": (0, 170, 200),
    "column": (0, 150, 60),
    "row": (240, 140, 0),
    "spanning": (150, 60, 200),
    "furniture": (140, 140, 140),
    "unassigned": (220, 30, 30),
}
"""Stroke colour of each kind of mark (RGB)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("debug")
    parser.add_argument("pdf", type=Path, metavar="PDF")
    parser.add_argument("--page", type=int, required=True, help="1-based page number")
    parser.add_argument("--out", type=Path, help="PNG to write (default: output/<stem>.page-N.png)")
    parser.add_argument(
        "--dpi", type=float, default=DEBUG_DPI, help="resolution (default: %(default)s)"
    )
    parser.add_argument("--password", help="password of an encrypted PDF")
    add_reader_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plan_extract.commands.extract import describe_failure, printable
    from plan_extract.pdf.reader import ReadError
    from plan_extract.pipeline import trace_plan

    try:
        trace = trace_plan(args.pdf, password=args.password, reader=args.reader)
    except (ReadError, OSError) as exc:  # a file it cannot read: one line (a bug: traceback)
        print(printable(f"{args.pdf}: error: {describe_failure(exc)}"), file=sys.stderr)
        return 1
    pages = len(trace.content.pages)
    if not 1 <= args.page <= pages:
        print(f"{args.pdf}: error: --page must be between 1 and {pages}", file=sys.stderr)
        return 2
    out = args.out or Path("output") / f"{args.pdf.stem}.page-{args.page}.png"
    legend = draw_page(trace, args.pdf, args.page, out, args.dpi, args.password)
    print(printable(f"{args.pdf}: page {args.page} → {out}"))
    for kind, count in legend.items():
        print(f"  {kind:<11} {count:>4}  {_MEANING[kind]}")
    return 0


_MEANING = {
    "grid": "engine grid cells (thick: merged)",
    "header": "plan header bands",
    "column": "plan column bounds",
    "row": "plan body row bands",
    "spanning": "spanning (action/objective) cells",
    "furniture": "furniture words (running lines, numbers, stamps, titles)",
    "unassigned": "unassigned words",
}


class _Canvas:
    """A page picture and the marks drawn on it, counted by kind."""

    def __init__(self, picture, scale: float) -> None:
        from PIL import ImageDraw

        self.picture = picture
        self.scale = scale
        self.draw = ImageDraw.Draw(picture, "RGBA")
        self.counts = dict.fromkeys(COLOURS, 0)

    def box(self, bbox, kind: str, width: int = 1, fill: bool = False) -> None:
        x0, top, x1, bottom = (v * self.scale for v in bbox)
        colour = COLOURS[kind]
        self.draw.rectangle(
            (x0, top, max(x0, x1), max(top, bottom)),
            outline=colour,
            width=width,
            fill=(*colour, 60) if fill else None,
        )
        self.counts[kind] += 1


def draw_page(trace, pdf: Path, number: int, out: Path, dpi: float, password: str | None):
    """Draw page `number` of `trace` into `out`; return how many marks of each kind."""
    from plan_extract.report.evidence import grid_marks
    from plan_extract.report.images import POINTS_PER_INCH, Renderer

    with Renderer(pdf, password) as renderer:
        canvas = _Canvas(renderer.render(number, dpi).convert("RGB"), dpi / POINTS_PER_INCH)
    for grid in trace.grids[number - 1]:
        for mark in grid_marks(grid):
            canvas.box(mark.bbox, "grid", 3 if mark.kind == "merged" else 1)
    for table in trace.plan_pages[number - 1].tables:
        _draw_table(canvas, table)
    plan = trace.plan
    for word in plan.furniture if plan else []:
        if word.page == number:
            canvas.box(word.bbox, "furniture", fill=True)
    for word in plan.unassigned if plan else []:
        if word.page == number:
            canvas.box(word.bbox, "unassigned", 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas.picture.save(out)
    return {kind: count for kind, count in canvas.counts.items() if count}


def _draw_table(canvas: _Canvas, table) -> None:
    """One plan page table: header band, column bounds, row bands, spanning cells."""
    canvas.box((table.model.x0, table.header_top, table.model.x1, table.top), "header", 2)
    for column in table.model.columns:
        for x in (column.x0, column.x1):
            canvas.box((x, table.top, x, table.bottom), "column", 2)
    for row in table.rows:
        canvas.box((table.model.x0, row.top, table.model.x1, row.bottom), "row")
    for cells in table.spanning.values():
        for cell in cells:
            column = table.model.columns[cell.column]
            inset = (column.x0 + 2, cell.top + 1, column.x1 - 2, cell.bottom - 1)
            canvas.box(inset, "spanning", 2)
