"""Generic tables on documents from the random table generator (`table_generator.py`), scored
strictly against the truth written from their source: a small set committed in
tests/data/tables, printed by reportlab and by LibreOffice from DOCX, so that the test needs
neither producer. Seed 3 came first; seeds 505 and 2026 add what they showed: group labels over
horizontally ruled columns, printed within one of the columns they span or reaching into the
gutter beside them (reportlab-505-0, reportlab-505-11, docx-505-0); a table under another one
of the same width, or at the top of the next page, that has columns of its own
(reportlab-505-1, reportlab-2026-7); a one-row continuation whose cells are parted only by
their shading (docx-505-0); words LibreOffice wraps without a space in narrow columns, a
number among them (docx-505-9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from table_generator import Score, score

from plan_extract.tables.logical import extract_tables

TABLES = Path(__file__).parent / "data" / "tables"
DOCUMENTS = sorted(p.stem for p in TABLES.glob("*.json"))


def scored(name: str) -> Score:
    record = json.loads((TABLES / f"{name}.json").read_text(encoding="utf-8"))
    found = extract_tables(TABLES / f"{name}.pdf").tables
    return score(record, [table.grid() for table in found])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_table_is_read_exactly(name: str) -> None:
    result = scored(name)
    assert result.tables >= 1
    assert result.misses == []
    assert (result.matched, result.exact) == (result.cells, result.tables)


def test_row_pages_follow_the_source() -> None:
    # reportlab's page flow is this generator's own, so the page of every row is known
    for name in (n for n in DOCUMENTS if n.startswith("reportlab")):
        record = json.loads((TABLES / f"{name}.json").read_text(encoding="utf-8"))
        found = extract_tables(TABLES / f"{name}.pdf").tables
        for truth, table in zip(record["tables"], found, strict=True):
            assert table.row_pages == truth["row_pages"], name
