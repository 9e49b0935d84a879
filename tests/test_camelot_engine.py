"""The camelot engine and the cross-check of the native engine against it."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

import pytest
from test_tables import PLAN_2023, XS, Sheet, draw_table, external, rows_at, two_pages, write_pdf

from plan_extract.cli import main
from plan_extract.tables.cross_check import cross_check
from plan_extract.tables.logical import Table, extract_tables


@cache
def both(path: Path) -> tuple[list[Table], list[Table]]:
    return extract_tables(path).tables, extract_tables(path, "camelot").tables


def test_camelot_engine_gives_the_same_lattice(tmp_path: Path) -> None:
    rows = [["Region", "Sales", "", ""], ["", "2022", "2023", "2024"], ["North", "10", "11", "12"]]
    sheet = Sheet()
    draw_table(sheet, XS, rows_at(100, 3), rows, spans=((0, 0, 1, 0), (0, 1, 0, 3)))
    (table,) = extract_tables(write_pdf(tmp_path / "t.pdf", [sheet]), "camelot").tables
    assert table.grid() == rows
    sales = next(c for c in table.cells if c.text == "Sales")
    assert sales.col_span == 3 and sales.pieces[0].page == 1
    assert [round(v) for v in sales.pieces[0].bbox] == [160, 100, 460, 120]


# The two cross-checks of the whole 2023 plan are consistency runs against a third-party
# engine (camelot renders every page: about 80 s, the suite's slowest test): `make
# check-camelot` runs them, `make test` deselects them (pyproject.toml, marker `consistency`).
# The small PDF below takes the same path (both engines, cells paired, a misread reported).


@pytest.mark.consistency
def test_cross_check_of_the_2023_plan() -> None:
    native, camelot = both(PLAN_2023)
    assert [(t.pages, t.n_rows, t.n_cols) for t in camelot] == [
        (t.pages, t.n_rows, t.n_cols) for t in native
    ]
    check = cross_check(native, camelot)
    # every cell of the nine tables, all agreeing; camelot cannot rejoin words broken at a
    # line end ("requerimient os"), which shows as spacing only
    assert (check.cells, check.agreed, check.disagreements) == (421, 421, [])
    assert 10 <= check.spacing_only <= 40


@pytest.mark.consistency
def test_cross_check_reports_a_misread_cell() -> None:
    native, camelot = both(PLAN_2023)
    misread = copy.deepcopy(native)
    target = next(c for c in misread[0].cells if c.text == "Minutas 2023")
    target.text = "Minutas 2022"
    (disagreement,) = cross_check(misread, camelot).disagreements
    assert (disagreement.table, disagreement.row, disagreement.col) == (1, target.row, 7)
    assert (disagreement.native, disagreement.camelot, disagreement.kind) == (
        "Minutas 2022",
        "Minutas 2023",
        "text",
    )


def test_cross_check_of_a_small_table_reports_a_misread_cell(tmp_path: Path) -> None:
    native, camelot = both(write_pdf(tmp_path / "stock.pdf", two_pages()))
    assert [(t.pages, t.n_rows, t.n_cols) for t in camelot] == [([1, 2], 6, 4)]
    assert [(t.pages, t.n_rows, t.n_cols) for t in native] == [([1, 2], 6, 4)]
    check = cross_check(native, camelot)
    assert (check.cells, check.agreed, check.disagreements) == (21, 21, [])
    misread = copy.deepcopy(native)
    target = next(c for c in misread[0].cells if c.text == "Washer")
    target.text = "Washers"
    (disagreement,) = cross_check(misread, camelot).disagreements
    assert (disagreement.table, disagreement.row, disagreement.col) == (1, target.row, 1)
    assert (disagreement.native, disagreement.camelot, disagreement.kind) == (
        "Washers",
        "Washer",
        "text",
    )
    assert disagreement.pages == [2]


def test_cross_check_flags_camelot_merging_rows_without_vertical_rules() -> None:
    native, camelot = both(external("eu-018.pdf"))
    check = cross_check(native, camelot)
    rows = {(d.table, d.row) for d in check.disagreements}
    # the ruled two-row headers agree; camelot reads each body row, ruled only horizontally,
    # as one cell, so every body row of both tables is flagged
    assert rows == {(1, r) for r in range(2, 7)} | {(2, r) for r in range(2, 10)}
    assert {d.kind for d in check.disagreements} == {"text", "span"}
    assert 0.15 < check.agreement < 0.25


def test_command_cross_check_with_camelot_as_the_main_engine(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "stock.pdf", two_pages())
    out = tmp_path / "out"
    assert (
        main(["tables", str(pdf), "--out", str(out), "--engine", "camelot", "--cross-check"]) == 0
    )
    assert json.loads((out / "stock.tables.json").read_text("utf-8"))["engine"] == "camelot"
    check = json.loads((out / "stock.cross-check.json").read_text("utf-8"))
    assert check["cells"] == check["agreed"] > 20 and check["disagreements"] == []
