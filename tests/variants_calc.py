"""The plan kept as a spreadsheet (openpyxl) and printed by LibreOffice Calc: a fifth producer.

Plans are often kept in a workbook and printed to PDF. A spreadsheet prints its own way: cell
borders as Calc draws them (every cell, the outer box only, or none with the grid lines
printed), merged action/objective cells that a page break may cut, header rows repeated on
each page as print titles (`print_title_rows`), rows never split by a page break (a tall row
moves whole to the next page), text wrapped in its cell, a page header and footer from the
page style, the sheet scaled to the page width. This module builds the truth as an .xlsx,
one sheet for the whole plan or one sheet per plan section (the two habits), and converts it
with `soffice --headless --convert-to pdf` (variants_docx's `convert_many`).

A spreadsheet grows a row to fit its wrapped text, but not the rows under a merged cell: a
user whose merged action text is taller than its rows makes the rows taller by hand, or the
text is clipped. The builder does what that user does: it sizes each body row to its wrapped
text (measured with the font's own metrics, `_text_height`) and gives a merged cell's
last row what its text lacks, so every word of the truth is printed.

Each layout is a `CalcVariant` (data only); its truth-driven options (`truth`, `content`,
`labels`, `number_column`, `stamp`, `cover`) mean what they mean in `tests/variants.Variant`,
so `variants.load_truth` and `variants.expected_truth` serve it too.
`random_variant(random.Random(seed), index)` draws a combination for held-out batches.

`python tests/variants_calc.py OUTDIR [NAME…]` renders the registered layouts (PDF, XLSX and
expected truth); `python tests/variants_calc.py --committed` re-renders the PDFs the tests
read from `tests/data/plans/calc/` (LibreOffice Calc needed only for that).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import subprocess
import sys
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from variants import (
    GROUPED,
    LEAF_FIELDS,
    PLAIN_LABELS,
    FontMissing,
    _groups,
    describe_options,
    layout_command,
    number_text,
)
from variants_docx import PAGE_POINTS, convert_many, soffice
from variants_html import _action_key, _objective_key, cover_lines

HERE = Path(__file__).parent
COMMITTED = HERE / "data" / "plans" / "calc"
"""The PDFs `make test` reads: rendered once by this script (LibreOffice is not needed to run
the tests)."""

FONTS = (
    "Liberation Sans",
    "Liberation Serif",
    "Liberation Sans Narrow",
    "DejaVu Sans",
    "Carlito",
)
"""Families a random layout may ask for; only those installed are drawn (`font_file`)."""

PAPER = {"letter": 1, "legal": 5, "a4": 9}
"""openpyxl's (OOXML's) paperSize codes."""

POINTS_PER_WIDTH_UNIT = 5.6
"""Points one unit of a column width (a character of the default font) prints as in Calc."""
CELL_PADDING = 4.0
"""Points Calc leaves around a cell's text, left plus right (and top plus bottom)."""
LINE_FACTOR = 1.2
"""A wrapped line's height as a multiple of the font size (the fonts' own ascent+descent)."""
ROW_SLACK = 1.08
"""Rows are sized this much over the measured text: Calc breaks lines a little differently
from the measure, and a clipped word would be lost from the PDF."""


@dataclass(frozen=True)
class CalcVariant:
    """One spreadsheet layout of the plan. Every field is a choice a Calc user makes."""

    name: str
    description: str = ""
    truth: str = "2023"
    page: str = "letter"
    orientation: str = "landscape"
    font: str = "Liberation Sans"
    size: float = 8.0
    widths: tuple[float, ...] = (12, 12, 16, 11, 11, 13, 13, 12)
    """Relative column widths, one per printed column (the number column included)."""
    margin: float = 0.5
    """Page margins in inches (the page style's unit in the file)."""
    borders: str = "all"
    """all (every cell) | outer (a box around each table and a rule under its header) |
    gridlines (no borders; the sheet's grid lines printed) | none."""
    border_style: str = "thin"
    """thin | hair | medium: openpyxl's border styles."""
    header_fill: str | None = "DCE6F2"
    header_bold: bool = True
    group_label: str | None = "Evaluación"
    """Label over indicator/target/verification (a two-level header); None for one level."""
    labels: tuple[str, ...] | None = None
    number_column: str | None = None
    sheets: str = "section"
    """section (one sheet per plan section, each printed from a new page) | one (the whole
    plan on one sheet, sections one under another)."""
    header_repeat: bool = True
    """The header rows are the sheet's print titles (repeated on every page); only with a
    sheet per section (a sheet has one set of print titles)."""
    section_break: bool = True
    """On one sheet: a manual page break before each section after the first."""
    spans: str = "merged"
    """merged (action/objective cells merged over their rows) | flat (on every row)."""
    span_valign: str = "top"
    """top | center | bottom: vertical alignment of the merged cells."""
    fit_width: bool = True
    """Scale the sheet to the page width (Calc's 'fit to width'); else printed at 100 %."""
    gridlines: bool = False
    """Print the sheet's grid lines (always with borders='gridlines')."""
    running_header: bool = True
    """The page style's header: the plan's running title (and the sheet's name)."""
    page_numbers: bool = False
    """The page style's footer: `Página N de M`."""
    stamp: str | None = "line"
    """line (one cell of small print under the table) | None."""
    cover: bool = True
    """A cover sheet before the plan's."""
    content: str = "as-printed"


LABEL_SETS = (None, PLAIN_LABELS)

CALC_VARIANTS: tuple[CalcVariant, ...] = (
    CalcVariant(
        name="calc-letter-outer-titles-number-cut-under-header",
        description=(
            "2024, Letter landscape, Liberation Sans 8 at 100 %, outer box only (hair) with "
            "the grid lines printed, one sheet per section with its shaded two-level header "
            "as print titles, a `Nº` column, merged cells cut by page breaks: Calc draws a "
            "cut cell's whole text on each page, clipped to its part, so the lines of the "
            "other page stand in the top margin, behind the repeated header and past the "
            "page's foot, and a line the break cuts shows half on each page, one of them "
            "right under the repeated header; long rows, no cover (held-out calc seed 2325, "
            "layout 07: read unclipped, the action's line under the header went into it)"
        ),
        truth="2024",
        widths=(11.67, 10.97, 4.26, 15.68, 10.46, 11.77, 14.62, 12.83, 12.52),
        margin=0.4,
        borders="outer",
        border_style="hair",
        header_fill="FFF2CC",
        number_column="Nº",
        fit_width=False,
        gridlines=True,
        cover=False,
        content="long-row",
    ),
    CalcVariant(
        name="calc-legal-unbordered-sheets-header-once-tall-rows",
        description=(
            "2024, Legal landscape, Carlito 7.5 at 100 %, no borders and no grid lines, one "
            "sheet per section with its shaded two-level header printed once (no print "
            "titles), a `N°` column, merged cells cut by page breaks (the other page's lines "
            "drawn in the margins and off the paper), rows sized to their tallest cell so a "
            "row whose merged cell needs more height leaves a blank of several lines under "
            "its text, cover sheet (held-out calc seed 2325, layout 03: read unclipped, "
            "308/451 fields exact; clipped, a blank under a tall row still ended the table "
            "and the rows under it were left out, 418/451)"
        ),
        truth="2024",
        page="legal",
        font="Carlito",
        size=7.5,
        widths=(13.64, 10.87, 4.33, 15.64, 11.48, 10.56, 14.85, 11.64, 13.28),
        borders="none",
        header_fill="D9D9D9",
        number_column="N°",
        header_repeat=False,
        fit_width=False,
        running_header=False,
    ),
)


CALC_REGISTRY: dict[str, CalcVariant] = {v.name: v for v in CALC_VARIANTS}


# --- fonts and measures ----------------------------------------------------------------------


@cache
def font_file(family: str) -> str | None:
    """The regular face fontconfig serves for `family`, or None if it would substitute."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", family],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return None
    if len(found) < 2 or family not in found[0].split(","):
        return None
    return found[1]


@cache
def _measure_font(family: str) -> str:
    """A reportlab name for the family's TrueType file (registered once)."""
    name = "calc-" + family.replace(" ", "")
    path = font_file(family)
    if path is None:
        raise FontMissing(f"font family {family!r} is not installed")
    registerFont(TTFont(name, path))
    return name


def _wrapped_lines(text: str, width: float, font: str, size: float, bold: bool) -> int:
    """How many lines `text` takes wrapped at word boundaries into `width` points."""
    if not text:
        return 1
    face = _measure_font(font)
    scale = 1.06 if bold else 1.0  # the bold face is about this much wider
    lines, used = 1, 0.0
    space = stringWidth(" ", face, size) * scale
    for word in text.split():
        w = stringWidth(word, face, size) * scale
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used = used + space + w if used else w
        if w > width:  # a word wider than the cell is broken inside
            lines += math.floor(w / width)
            used = w % width
    return lines


def _text_height(text: str, width: float, v: CalcVariant, bold: bool = False) -> float:
    """Points a cell needs for `text` wrapped in `width` points (padding included)."""
    lines = _wrapped_lines(text, width - CELL_PADDING, v.font, v.size, bold)
    return (lines * v.size * LINE_FACTOR + CELL_PADDING) * ROW_SLACK


# --- the workbook -----------------------------------------------------------------------------


class CalcBuilder:
    """Builds one CalcVariant of a truth into an openpyxl Workbook."""

    def __init__(self, variant: CalcVariant, truth: dict) -> None:
        self.v = variant
        self.truth = truth
        self.year = truth["document"].get("year") or ""
        self.book = Workbook()
        self.side = Side(style=variant.border_style, color="000000")
        page_w, page_h = PAGE_POINTS[variant.page]
        printable = (page_w if variant.orientation == "portrait" else page_h) - 144 * variant.margin
        self.total_units = printable / POINTS_PER_WIDTH_UNIT * 0.97
        self.widths_pt = [
            w / sum(self.columns_widths()) * self.total_units * POINTS_PER_WIDTH_UNIT
            for w in self.columns_widths()
        ]

    def columns_widths(self) -> tuple[float, ...]:
        assert len(self.v.widths) == len(self.fields()), "one width per printed column"
        return self.v.widths

    def fields(self) -> list[str]:
        fields = list(LEAF_FIELDS)
        if self.v.number_column:
            fields.insert(2, "activity_number")
        return fields

    def font(self, bold: bool = False, size: float | None = None) -> Font:
        return Font(name=self.v.font, size=size or self.v.size, bold=bold)

    def build(self) -> Workbook:
        first = self.book.active
        sheets = self.truth["sections"]
        if self.v.cover:
            self.cover(first)
            first = None
        if self.v.sheets == "one":
            ws = first or self.book.create_sheet()
            ws.title = "Plan"
            self._setup(ws)
            row = 1
            for k, section in enumerate(sheets):
                if k and self.v.section_break:
                    ws.row_breaks.append(Break(id=row - 1))
                elif k:
                    row += 1
                row = self.section(ws, section, row)
        else:
            for k, section in enumerate(sheets):
                ws = first if (k == 0 and first is not None) else self.book.create_sheet()
                ws.title = section["name"][:31]
                self._setup(ws)
                self.section(ws, section, 1)
        return self.book

    # page setup

    def _setup(self, ws) -> None:
        v = self.v
        ws.page_setup.orientation = v.orientation
        ws.page_setup.paperSize = PAPER[v.page]
        ws.page_margins.left = ws.page_margins.right = v.margin
        ws.page_margins.top = ws.page_margins.bottom = v.margin + 0.25
        ws.page_margins.header = ws.page_margins.footer = v.margin / 2
        if v.fit_width:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        ws.print_options.gridLines = v.gridlines or v.borders == "gridlines"
        ws.print_options.horizontalCentered = True
        for c, units in enumerate(self.columns_widths(), start=1):
            ws.column_dimensions[get_column_letter(c)].width = (
                units / sum(self.columns_widths()) * self.total_units
            )
        if v.running_header:
            ws.oddHeader.center.text = f"CONACOES — Plan de Trabajo {self.year}"
            ws.oddHeader.center.size = v.size + 1
            ws.oddHeader.center.font = f"{v.font},Bold"
        if v.page_numbers:
            ws.oddFooter.right.text = "Página &P de &N"
            ws.oddFooter.right.size = v.size

    def cover(self, ws) -> None:
        """The cover sheet: one wide column, the cover's lines centred, portrait."""
        ws.title = "Portada"
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = PAPER[self.v.page]
        ws.print_options.horizontalCentered = True
        ws.column_dimensions["A"].width = 80
        for k, (text, size, bold, before) in enumerate(cover_lines(self.truth), start=1):
            cell = ws.cell(row=k, column=1, value=text)
            cell.font = Font(name=self.v.font, size=size, bold=bold)
            cell.alignment = Alignment(horizontal="center", vertical="bottom", wrap_text=True)
            lines = _wrapped_lines(text, 80 * POINTS_PER_WIDTH_UNIT - 8, self.v.font, size, bold)
            ws.row_dimensions[k].height = before + lines * size * LINE_FACTOR * ROW_SLACK

    # one plan section

    def section(self, ws, section: dict, row: int) -> int:
        """Title rows, header, body and stamp from `row`; returns the next free row."""
        v = self.v
        n = len(self.fields())
        width = sum(self.widths_pt)
        titles = [
            f"Plan de Trabajo {self.year}",
            "Comisión Nacional contra la Explotación Sexual Comercial",
            section["heading_as_printed"],
        ]
        for text in titles:
            self._merged_row(ws, row, n, text, bold=True, size=v.size + 1, center=True)
            row += 1
        objective = f"Objetivo General: {section['general_objective']}"
        self._merged_row(ws, row, n, objective, bold=False, size=v.size + 1, center=False)
        ws.row_dimensions[row].height = (
            _text_height(objective, width, replace(v, size=v.size + 1)) + 6
        )
        row += 2
        header_top = row
        row = self.header(ws, section, row)
        if v.header_repeat and v.sheets == "section":
            ws.print_title_rows = f"{header_top}:{row - 1}"
        activities = section["activities"]
        body_top = row
        row = self.body(ws, activities, row)
        self._borders(ws, header_top, body_top, row - 1, n)
        return self.stamp(ws, section, row + 1)

    def _merged_row(self, ws, row: int, n: int, text: str, *, bold, size, center) -> None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n)
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = self.font(bold, size)
        cell.alignment = Alignment(
            horizontal="center" if center else "left", vertical="center", wrap_text=True
        )

    def header(self, ws, section: dict, row: int) -> int:
        v = self.v
        labels = list(v.labels or section["columns_as_printed"])
        if v.number_column:
            labels.insert(2, v.number_column)
        n = len(labels)
        fill = PatternFill("solid", fgColor=v.header_fill) if v.header_fill else None
        cells: list[tuple[int, int, str]] = []
        if v.group_label:
            for c in range(n - GROUPED):
                ws.merge_cells(start_row=row, start_column=c + 1, end_row=row + 1, end_column=c + 1)
                cells.append((row, c + 1, labels[c]))
            ws.merge_cells(start_row=row, start_column=n - GROUPED + 1, end_row=row, end_column=n)
            cells.append((row, n - GROUPED + 1, v.group_label))
            cells += [(row + 1, c + 1, labels[c]) for c in range(n - GROUPED, n)]
            rows = 2
        else:
            cells += [(row, c + 1, labels[c]) for c in range(n)]
            rows = 1
        tallest = max(
            _text_height(text, self.widths_pt[c - 1], v, bold=v.header_bold) for _, c, text in cells
        )
        for r in range(row, row + rows):
            ws.row_dimensions[r].height = tallest
            for c in range(1, n + 1):
                if fill:
                    ws.cell(row=r, column=c).fill = fill
        for r, c, text in cells:
            cell = ws.cell(row=r, column=c, value=text)
            cell.font = self.font(v.header_bold)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        return row + rows

    def cell_text(self, activity: dict, field_name: str) -> str:
        if field_name == "strategic_action":
            return number_text(activity["strategic_action_number"], activity["strategic_action"])
        if field_name == "objective":
            return number_text(activity["objective_number"], activity["objective"])
        if field_name == "activity_number":
            return f"{activity['activity_number']}." if activity["activity_number"] else ""
        if field_name == "activity" and not self.v.number_column:
            return number_text(activity["activity_number"], activity["activity"])
        return activity[field_name] or ""

    def body(self, ws, activities: list[dict], top: int) -> int:
        """One row per activity, each sized to its wrapped text; action and objective merged
        over their rows unless flat, the last row of a merge grown by what its text lacks."""
        v = self.v
        fields = self.fields()
        spanning = [] if v.spans == "flat" else [0, 1]
        keys = {0: _action_key, 1: _objective_key}
        heights = []
        for k, activity in enumerate(activities):
            row = top + k
            own = [
                _text_height(self.cell_text(activity, f), self.widths_pt[c], v)
                for c, f in enumerate(fields)
                if c not in spanning
            ]
            heights.append(max(own))
            for c, field_name in enumerate(fields):
                cell = ws.cell(row=row, column=c + 1)
                cell.font = self.font()
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                if c not in spanning:
                    cell.value = self.cell_text(activity, field_name) or None
        for c in spanning:
            for first, last in _groups([keys[c](a) for a in activities]):
                text = self.cell_text(activities[first], fields[c])
                cell = ws.cell(row=top + first, column=c + 1, value=text)
                cell.alignment = Alignment(vertical=v.span_valign, wrap_text=True)
                if last > first:
                    ws.merge_cells(
                        start_row=top + first,
                        start_column=c + 1,
                        end_row=top + last,
                        end_column=c + 1,
                    )
                need = _text_height(text, self.widths_pt[c], v)
                lack = need - sum(heights[first : last + 1])
                if lack > 0:
                    heights[last] += lack
        for k, height in enumerate(heights):
            ws.row_dimensions[top + k].height = round(height, 1)
        return top + len(activities)

    def _borders(self, ws, header_top: int, body_top: int, bottom: int, n: int) -> None:
        v = self.v
        if v.borders in ("gridlines", "none"):
            return
        s = self.side
        for r in range(header_top, bottom + 1):
            for c in range(1, n + 1):
                if v.borders == "all":
                    edges = {"left": s, "right": s, "top": s, "bottom": s}
                else:
                    edges = {
                        "left": s if c == 1 else None,
                        "right": s if c == n else None,
                        "top": s if r in (header_top, body_top) else None,
                        "bottom": s if r in (body_top - 1, bottom) else None,
                    }
                ws.cell(row=r, column=c).border = Border(**{k: e for k, e in edges.items() if e})

    def stamp(self, ws, section: dict, row: int) -> int:
        """The visible signature text under the section's table (when the truth has one)."""
        signature = section.get("signature")
        if self.v.stamp is None or not signature:
            return row
        when = dt.datetime.fromisoformat(signature["signed_at"])
        offset = when.strftime("%z")
        date = when.strftime("%Y.%m.%d %H:%M:%S ") + f"{offset[:3]}'{offset[3:]}'"
        row += 1
        cell = ws.cell(
            row=row, column=2, value=f"Firmado digitalmente por {signature['signer']} Fecha: {date}"
        )
        cell.font = Font(name=self.v.font, size=7)
        return row + 2


def build_xlsx(variant: CalcVariant, truth: dict, path: Path) -> Path:
    """The workbook to print; its font must be installed, or Calc would silently set the text
    in another one."""
    if font_file(variant.font) is None:
        raise FontMissing(f"font family {variant.font!r} is not installed")
    CalcBuilder(variant, truth).build().save(str(path))
    return path


def render_calc_variant(variant: CalcVariant, truth: dict, out_dir: Path) -> Path:
    """XLSX then PDF (LibreOffice Calc) in `out_dir`, both named after the variant."""
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = build_xlsx(variant, truth, out_dir / f"{variant.name}.xlsx")
    convert_many([xlsx], out_dir)
    pdf = out_dir / f"{variant.name}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {xlsx}")
    return pdf


# --- random layouts for held-out batches -----------------------------------------------------

NUMBER_LABELS = ("Nº", "N°", "No.")


def random_variant(rng: random.Random, index: int) -> CalcVariant:
    """A combination of every option, drawn by `rng` (fonts only among those installed)."""
    fonts = [f for f in FONTS if font_file(f) is not None] or ["Liberation Sans"]
    number_column = rng.choice((None, None, *NUMBER_LABELS))
    widths = [w * rng.uniform(0.85, 1.15) for w in (12, 12, 16, 11, 11, 13, 13, 12)]
    if number_column:
        widths.insert(2, rng.uniform(3.5, 5))
    sheets = rng.choice(("section", "section", "one"))
    borders = rng.choice(("all", "all", "outer", "gridlines", "none"))
    variant = CalcVariant(
        name=f"calc-random-{index:02d}",
        truth=rng.choice(("2023", "2024")),
        page=rng.choice(("letter", "a4", "legal")),
        orientation="portrait" if rng.random() < 0.12 else "landscape",
        font=rng.choice(fonts),
        size=rng.choice((7.0, 7.5, 8.0, 8.5, 9.0, 10.0)),
        widths=tuple(round(w, 2) for w in widths),
        margin=rng.choice((0.4, 0.5, 0.75, 1.0)),
        borders=borders,
        border_style=rng.choice(("thin", "thin", "hair", "medium")),
        header_fill=rng.choice((None, "DCE6F2", "D9D9D9", "FFF2CC")),
        header_bold=rng.random() < 0.8,
        group_label=rng.choice(("Evaluación", "Evaluación", None)),
        labels=rng.choice(LABEL_SETS),
        number_column=number_column,
        sheets=sheets,
        header_repeat=sheets == "section" and rng.random() < 0.7,
        section_break=rng.random() < 0.7,
        spans=rng.choice(("merged", "merged", "flat")),
        span_valign=rng.choice(("top", "top", "center", "bottom")),
        fit_width=rng.random() < 0.7,
        gridlines=borders == "gridlines" or rng.random() < 0.15,
        running_header=rng.random() < 0.6,
        page_numbers=rng.random() < 0.4,
        stamp=rng.choice(("line", "line", None)),
        cover=rng.random() < 0.6,
        content=rng.choice(("as-printed", "as-printed", "as-printed", "sparse", "long-row")),
    )
    return replace(variant, description=describe_options(variant, CalcVariant(name="")))


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if soffice() is None:
        print("LibreOffice (soffice) is not installed: nothing rendered")
        return 1
    return layout_command(argv, CALC_REGISTRY, render_calc_variant, COMMITTED, "variants-calc-out")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
