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
import base64
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from plan_extract.commands import add_reader_option

if TYPE_CHECKING:  # the command's imports are deferred: `plan-extract --help` stays light
    from plan_extract.commands.extract import Job, Outcome
    from plan_extract.pipeline import Trace

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
    """Read and draw the page in a worker of the extract command's (its time and memory
    limits: a hostile file stops there, not in this process); write the picture here."""
    from plan_extract.commands.extract import Job, Limits, printable, run_jobs
    from plan_extract.files import write_texts

    task = DebugTask(args.page, args.dpi)
    job = Job(args.pdf, args.pdf.stem, args.password, Limits(), reader=args.reader, task=task)
    [outcome] = run_jobs([job], None, 1, lambda _outcome: None)
    if outcome.error:
        print(printable(f"{args.pdf}: error: {outcome.error}"), file=sys.stderr)
        return 1
    drawn = json.loads(outcome.texts[LEGEND])
    if PICTURE not in outcome.texts:
        pages = drawn["pages"]
        print(f"{args.pdf}: error: --page must be between 1 and {pages}", file=sys.stderr)
        return 2
    out = args.out or Path("output") / f"{args.pdf.stem}.page-{args.page}.png"
    write_texts(out.parent, {out.name: base64.b64decode(outcome.texts[PICTURE])})
    print(printable(f"{args.pdf}: page {args.page} → {out}"))
    for kind, count in drawn["counts"].items():
        print(f"  {kind:<11} {count:>4}  {_MEANING[kind]}")
    return 0


LEGEND = "legend.json"
"""The worker's answer: the document's page count and how many marks of each kind it drew."""
PICTURE = "page.png.base64"
"""The drawn page (PNG, base64: a worker's outcome carries texts); absent when the page
number is out of range."""


@dataclass(frozen=True)
class DebugTask:
    """The command's work on one file, as a worker runs it (`Job.task`)."""

    page: int
    dpi: float

    def __call__(self, job: Job) -> Outcome:
        from plan_extract.commands.extract import task_outcome

        return task_outcome(job, self.texts)

    def texts(self, job: Job) -> tuple[dict[str, str], str]:
        from plan_extract.pipeline import trace_plan

        trace = trace_plan(job.path, job.password, job.limits.read, job.reader)
        pages = len(trace.content.pages)
        if not 1 <= self.page <= pages:
            return {LEGEND: json.dumps({"pages": pages})}, ""
        picture, counts = draw_page(trace, job.path, self.page, self.dpi, job.password)
        texts = {
            LEGEND: json.dumps({"pages": pages, "counts": counts}),
            PICTURE: base64.b64encode(picture).decode("ascii"),
        }
        return texts, ""


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


def draw_page(
    trace: Trace, pdf: Path, number: int, dpi: float, password: str | None
) -> tuple[bytes, dict[str, int]]:
    """Page `number` of `trace` drawn (PNG), and how many marks of each kind."""
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
    for lost in plan.unassigned if plan else []:
        if lost.page == number:
            canvas.box(lost.bbox, "unassigned", 2)
    buffer = io.BytesIO()
    canvas.picture.save(buffer, format="PNG")
    return buffer.getvalue(), {kind: count for kind, count in canvas.counts.items() if count}


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
