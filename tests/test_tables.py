"""Generic table extraction (`plan_extract.tables.logical`): layouts drawn on purpose, our
own plan PDFs,
and a few third-party PDFs from ../shared/external when present."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from conftest import PLANS, SHARED
from plan_cases import CASES, extracted
from reportlab.pdfgen import canvas

from plan_extract.cli import main
from plan_extract.models import TEXT_FIELDS
from plan_extract.normalize import collapse_whitespace
from plan_extract.pdf.text import split_item_number
from plan_extract.tables.logical import Table, extract_tables

EXTERNAL = SHARED / "external" / "pdfs"
PAGE_HEIGHT = 792.0


# --- drawn layouts ------------------------------------------------------------------------


@dataclass
class Sheet:
    """One page to draw: texts at (x, top) and rules, in points from the top-left."""

    texts: list[tuple[float, float, str]] = field(default_factory=list)
    horizontals: list[tuple[float, float, float]] = field(default_factory=list)
    """(y, x0, x1)"""
    verticals: list[tuple[float, float, float]] = field(default_factory=list)
    """(x, top, bottom)"""


def draw_table(
    sheet: Sheet,
    xs: list[float],
    ys: list[float],
    rows: list[list[str]],
    spans: tuple[tuple[int, int, int, int], ...] = (),
    ruled_rows: set[int] | None = None,
    sides: bool = True,
) -> None:
    """A table with a rule around every cell, except inside merged cells (`spans`: first row,
    first column, last row, last column) and, when `ruled_rows` is given, except the inner
    vertical rules of the other rows (and their sides too, unless `sides`)."""
    covered = {
        (i, j): span
        for span in spans
        for i in range(span[0], span[2] + 1)
        for j in range(span[1], span[3] + 1)
    }
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text:
                sheet.texts.append((xs[j] + 4, ys[i] + 4, text))
    for i in range(len(ys)):
        for j in range(len(xs) - 1):
            above, below = covered.get((i - 1, j)), covered.get((i, j))
            if not (above and above is below):
                sheet.horizontals.append((ys[i], xs[j], xs[j + 1]))
    for j in range(len(xs)):
        for i in range(len(ys) - 1):
            left, right = covered.get((i, j - 1)), covered.get((i, j))
            drawn = ruled_rows is None or i in ruled_rows or (sides and j in (0, len(xs) - 1))
            if not (left and left is right) and drawn:
                sheet.verticals.append((xs[j], ys[i], ys[i + 1]))


def write_pdf(path: Path, sheets: list[Sheet]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=(612, PAGE_HEIGHT))
    for sheet in sheets:
        pdf.setFont("Helvetica", 9)
        for x, top, text in sheet.texts:
            pdf.drawString(x, PAGE_HEIGHT - top - 8, text)
        for y, x0, x1 in sheet.horizontals:
            pdf.line(x0, PAGE_HEIGHT - y, x1, PAGE_HEIGHT - y)
        for x, top, bottom in sheet.verticals:
            pdf.line(x, PAGE_HEIGHT - top, x, PAGE_HEIGHT - bottom)
        pdf.showPage()
    pdf.save()
    return path


XS = [60.0, 160.0, 260.0, 360.0, 460.0]


def rows_at(top: float, count: int, height: float = 20.0) -> list[float]:
    return [top + k * height for k in range(count + 1)]


def cell(table: Table, text: str):
    return next(c for c in table.cells if c.text == text)


def test_lattice_with_merged_cells(tmp_path: Path) -> None:
    rows = [
        ["Region", "Sales", "", ""],
        ["", "2022", "2023", "2024"],
        ["North", "10", "11", "12"],
        ["South", "20", "21", "22"],
    ]
    sheet = Sheet()
    draw_table(sheet, XS, rows_at(100, 4), rows, spans=((0, 0, 1, 0), (0, 1, 0, 3)))
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [sheet])).tables
    assert table.grid() == rows
    region, sales = cell(table, "Region"), cell(table, "Sales")
    assert (region.row_span, region.col_span, sales.row_span, sales.col_span) == (2, 1, 1, 3)
    (piece,) = sales.pieces
    assert piece.page == 1 and piece.bbox == (160.0, 100.0, 460.0, 120.0)


def test_horizontal_rules_only_take_columns_from_text_alignment(tmp_path: Path) -> None:
    rows = [["Name", "Town", "Count"], ["Ana Mora", "San José", "12"], ["Luis", "Cartago", "7"]]
    sheet = Sheet()
    for i, y in enumerate(rows_at(100, 3)):
        sheet.horizontals.append((y, XS[0], XS[3]))
        if i < 3:
            sheet.texts.extend((x + 4, y + 4, text) for x, text in zip(XS, rows[i], strict=False))
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [sheet])).tables
    assert table.grid() == rows


def test_ruled_header_over_a_body_ruled_only_horizontally(tmp_path: Path) -> None:
    rows = [["Country", "n", "% Pos", "Note"], ["Austria", "109", "0.9", "-"]]
    rows += [["Germany", "123", "0.8", "new"], ["Spain", "36", "0", "-"]]
    sheet = Sheet()
    draw_table(sheet, XS, rows_at(100, 4), rows, ruled_rows={0})
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [sheet])).tables
    assert table.grid() == rows
    assert all(c.col_span == 1 for c in table.cells)


def test_unruled_title_row_spans_the_table(tmp_path: Path) -> None:
    rows = [["", "Regional sales in thousands", "", ""], ["North", "10", "11", "12"]]
    sheet = Sheet()
    draw_table(sheet, XS, rows_at(100, 2), rows, ruled_rows={1})
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [sheet])).tables
    title = cell(table, "Regional sales in thousands")
    assert (title.row, title.col, title.col_span) == (0, 0, 4)


def test_a_note_row_inside_the_box_makes_no_column(tmp_path: Path) -> None:
    # row_span_1 (camelot's fixtures): a source note printed inside the table's outer box, in
    # a last row of its own with no inner rule, its label apart from its text; the gap between
    # them drew an extra column through the whole ruled table: a boundary the text tells in a
    # table with vertical rules must part the phrases of more than one line
    rows = [["Plan", "County", "Name", "Totals"], ["GMC", "Sacramento", "Health Net", "126"]]
    rows += [["COHS", "Marin", "Partnership", "36"], ["", "", "", ""]]
    sheet = Sheet()
    ys = rows_at(100, 4)
    draw_table(sheet, XS, ys, rows, spans=((3, 0, 3, 3),))
    sheet.texts += [(64, ys[3] + 4, "Source:"), (110, ys[3] + 4, "Data Warehouse")]
    sheet.texts.append((420, ys[3] + 4, "12/14/15"))
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [sheet])).tables
    assert table.grid()[:3] == rows[:3]
    assert table.grid()[3] == ["Source: Data Warehouse", "", "", "12/14/15"]


def two_pages(second_title: str | None = None, second_rules: bool = True) -> list[Sheet]:
    """A table cut by a page break, its header repeated, a running header on both pages."""
    header = ["Group", "Item", "Qty", "Note"]
    first, second = (
        Sheet([(60, 40, "ACME quarterly report")]),
        Sheet([(60, 40, "ACME quarterly report")]),
    )
    draw_table(
        first,
        XS,
        rows_at(100, 4),
        [header, ["Tools", "Saw", "3", "-"], ["Parts", "Bolt", "40", "-"], ["", "Nut", "50", "x"]],
        spans=((2, 0, 3, 0),),
    )
    if second_title:
        second.texts.append((60, 70, second_title))
    rows = [header, ["", "Washer", "70", "-"], ["", "Pin", "8", "y"]]
    ruled = None if second_rules else set()
    draw_table(second, XS, rows_at(100, 3), rows, ((1, 0, 2, 0),), ruled, sides=second_rules)
    return [first, second]


def test_continued_table_drops_repeated_header_and_follows_merged_cell(tmp_path: Path) -> None:
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", two_pages())).tables
    assert table.pages == [1, 2] and table.repeated_header_rows == 1
    assert [row[1] for row in table.grid()] == ["Item", "Saw", "Bolt", "Nut", "Washer", "Pin"]
    assert table.row_pages == [1, 1, 1, 1, 2, 2]
    parts = cell(table, "Parts")
    assert (parts.row, parts.row_span) == (2, 4)
    assert [p.page for p in parts.pieces] == [1, 2]


def test_repeated_header_under_a_title_row_inside_the_frame(tmp_path: Path) -> None:
    header = ["Group", "Item", "Qty", "Note"]
    first, second = Sheet(), Sheet()
    rows = [["Stock 2023", "", "", ""], header, ["Tools", "Saw", "3", "-"]]
    draw_table(first, XS, rows_at(100, 3), rows, ruled_rows={1, 2})
    draw_table(second, XS, rows_at(100, 2), [header, ["Parts", "Nut", "50", "x"]])
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [first, second])).tables
    assert table.repeated_header_rows == 1
    assert [row[0] for row in table.grid()] == ["Stock 2023", "Group", "Tools", "Parts"]


def test_title_above_the_next_page_table_starts_a_new_table(tmp_path: Path) -> None:
    tables = extract_tables(write_pdf(tmp_path / "t.pdf", two_pages("Table 2. Stock"))).tables
    assert [t.pages for t in tables] == [[1], [2]]
    assert tables[1].repeated_header_rows == 0 and tables[1].grid()[0][0] == "Group"


def test_continuation_without_vertical_rules_takes_the_previous_columns(tmp_path: Path) -> None:
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", two_pages(second_rules=False))).tables
    assert table.pages == [1, 2] and table.n_cols == 4
    assert table.grid()[-2:] == [["", "Washer", "70", "-"], ["", "Pin", "8", "y"]]


def test_command_writes_json_and_one_csv_per_table(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "stock.pdf", two_pages("Table 2. Stock"))
    assert main(["tables", str(pdf), "--out", str(tmp_path / "out"), "-q"]) == 0
    document = json.loads((tmp_path / "out" / "stock.tables.json").read_text(encoding="utf-8"))
    assert document["engine"] == "native" and len(document["tables"]) == 2
    first = document["tables"][0]
    assert set(first) >= {"index", "pages", "n_rows", "n_cols", "cells"}
    assert set(first["cells"][0]) == {"row", "col", "row_span", "col_span", "text", "pieces"}
    assert set(first["cells"][0]["pieces"][0]) == {"page", "bbox", "text"}
    with (tmp_path / "out" / "stock.table-2.csv").open(encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1] == ["", "Washer", "70", "-"]


def test_command_reports_a_bad_file_and_goes_on(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    good = write_pdf(tmp_path / "good.pdf", two_pages())
    assert main(["tables", str(bad), str(good), "--out", str(tmp_path / "out")]) == 1
    assert "bad.pdf: error: not a PDF" in capsys.readouterr().err
    assert (tmp_path / "out" / "good.tables.json").exists()


# --- our plan PDFs ------------------------------------------------------------------------

PLAN_2023 = PLANS / "conacoes-2023" / "plan.pdf"
CARLITO = PLANS / "conacoes-2023" / "variants" / "carlito-legal-horizontal.pdf"
BOX_ONLY = PLANS / "conacoes-2023" / "variants" / "dejavu-a4-boxonly.pdf"
TRUTH_FIELDS = ("collaborators", "responsible", "indicator", "target", "verification")


@cache
def tables_of(path: Path) -> list[Table]:
    return extract_tables(path).tables


def truth_cells_found(tables: list[Table]) -> tuple[int, int]:
    """How many of the truth's single-cell fields are exactly a cell's text."""
    texts = {collapse_whitespace(c.text) for t in tables for c in t.cells}
    truth = json.loads((PLANS / "conacoes-2023" / "truth.json").read_text(encoding="utf-8"))
    values = [
        collapse_whitespace(activity[name])
        for section in truth["sections"]
        for activity in section["activities"]
        for name in TRUTH_FIELDS
        if activity[name]
    ]
    return sum(v in texts for v in values), len(values)


def test_plan_2023_tables_are_stitched_across_pages() -> None:
    tables = tables_of(PLAN_2023)
    assert len(tables) == 9 and {t.n_cols for t in tables} == {8}
    longest = max(tables, key=lambda t: t.n_rows)
    assert longest.pages == [2, 3, 4, 5, 6, 7, 8] and longest.repeated_header_rows == 2
    # the header is kept once per table, not once per page
    assert sum(c.text == "Acción estratégica" for c in longest.cells) == 1
    action = next(c for c in longest.cells if c.text.startswith("2. Establecimiento"))
    assert action.col == 0 and [p.page for p in action.pieces] == [2, 3, 4, 5, 6]
    evaluation = cell(longest, "Evaluación")
    assert (evaluation.col, evaluation.col_span) == (5, 3)


def test_plan_2023_cells_hold_the_truth() -> None:
    found, total = truth_cells_found(tables_of(PLAN_2023))
    # the misses are rows cut by page breaks, which this generic extraction leaves cut
    assert (found, total) == (174, 197)
    texts = {c.text for t in tables_of(PLAN_2023) for c in t.cells}
    assert "Documento de requerimientos de capacitaciones." in texts  # word broken by a line


def test_horizontal_only_variant_keeps_eight_columns_on_rule_less_pages() -> None:
    tables = tables_of(CARLITO)
    assert {t.n_cols for t in tables} == {8}
    # page 5 has no vertical rule at all: its rows take the columns of page 4's table
    on_page_5 = [c for t in tables for c in t.cells if c.pieces[0].page == 5 and c.text]
    activity = next(c for c in on_page_5 if c.text.startswith("2.3.5."))
    assert activity.col == 2
    assert "Lista de asistencia" in {c.text for c in on_page_5 if c.row == activity.row}
    found, total = truth_cells_found(tables)
    assert found >= 180 and total == 197


def test_box_only_variant_takes_rows_from_the_text() -> None:
    # no rule between cells at all: columns from the shaded header cells, rows where the
    # cells of a row start their text side by side
    tables = tables_of(BOX_ONLY)
    assert {t.n_cols for t in tables} == {8}
    assert tables[0].pages == [2, 3, 4, 5, 6, 7]
    found, total = truth_cells_found(tables)
    assert found >= 145 and total == 197


# --- third-party PDFs (../shared/external) --------------------------------------------------


def external(name: str) -> Path:
    path = EXTERNAL / name
    if not path.exists():
        pytest.skip(f"no {path} (shared external data absent)")
    return path


def test_eu_018_ruled_header_and_horizontal_only_body() -> None:
    tables = extract_tables(external("eu-018.pdf")).tables
    assert [(t.n_rows, t.n_cols) for t in tables] == [(7, 13), (10, 13)]
    grid = tables[0].grid()
    assert grid[0][:5] == ["Country", "Sample unit", "Sample size", "2007", ""]
    assert (
        grid[2] == ["Austria", "Single", "25g", "109", "0.9", "93", "1.1", "89", "1.1"] + ["-"] * 4
    )
    unit = cell(tables[0], "Sample unit")
    assert unit.row_span == 2 and cell(tables[0], "2007").col_span == 2


def test_us_007_section_rows_span_the_table() -> None:
    table = next(t for t in extract_tables(external("us-007.pdf")).tables if t.pages == [2])
    section = cell(table, "Language, Literacy, and Pre-Writing")
    assert (section.col, section.col_span) == (0, table.n_cols) and table.n_cols == 5


def test_eu_004_double_rules_make_no_empty_columns() -> None:
    table = next(t for t in extract_tables(external("eu-004.pdf")).tables if t.pages == [11])
    assert table.n_cols == 7
    assert table.grid()[0][1:] == [
        *("1997", "1995*", "1992*", "1990**", "1980**"),
        "By leading retailers (1993/4)",
    ]


# --- the plan is built on this layer --------------------------------------------------------


@pytest.mark.parametrize("case", ["plan-2023", "plan-2024", "carlito-legal-horizontal"])
def test_plan_fields_printed_on_one_page_are_cells_of_this_layer(case: str) -> None:
    # The plan stages read the same page grids; where a value sits in one cell on one page,
    # both layers must read exactly the same text (item numbers aside, which the plan splits).
    texts: set[str] = set()
    for table in tables_of(CASES[case][0]):
        for c in table.cells:
            texts.update(
                {collapse_whitespace(c.text), collapse_whitespace(split_item_number(c.text)[1])}
            )
    compared, differing = 0, []
    for _, activity in extracted(case).activities():
        for name in TEXT_FIELDS:
            value, pieces = getattr(activity, name), activity.provenance.get(name, [])
            if value and len({p.page for p in pieces}) == 1:
                compared += 1
                if collapse_whitespace(value) not in texts:
                    differing.append((activity.activity_number, name, value))
    assert compared >= 280
    assert differing == []
