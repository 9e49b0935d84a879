"""The plan from a fifth producer: a workbook (openpyxl) printed by LibreOffice Calc.

The PDFs under tests/data/plans/calc/ were rendered by `tests/variants_calc.py --committed`
(LibreOffice is not needed to run these tests); each is scored against the truth its layout
was built from. A layout the pipeline still gets wrong is an xfail (strict) with its
diagnosis, so a fix shows as an unexpected pass and the mark must then go. docs/variants.md
has the measured scores and the held-out batches (tests/heldout.py --producer calc).

Calc prints a merged cell that a page break cuts by drawing the cell's whole text on each
page it reaches, clipped to the part of the cell on that page: the committed layouts cut
merged action/objective cells so, under print titles and without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from plan_cases import (
    assert_activities_found,
    assert_activities_placed,
    assert_fields_match,
    assert_sections_match,
    assert_words_accounted,
    field_differences,
    pdf_cases,
    plan_of,
)
from pypdf import PdfReader
from variants import expected_truth, load_truth
from variants_calc import CALC_REGISTRY, COMMITTED, CalcBuilder

from plan_extract.models import Plan

KNOWN_FAILURES: dict[str, dict[str, str]] = {
    "fields": {},
    "found": {},
    "hierarchy": {},
    "sections": {},
    "unassigned": {},
    "document": {},
}


@pytest.fixture(scope="session")
def calc_plan() -> Callable[[str], tuple[Plan, dict]]:
    """A committed PDF extracted once per process (`plan_of`): (plan, expected truth)."""

    def get(name: str) -> tuple[Plan, dict]:
        variant = CALC_REGISTRY[name]
        return plan_of(COMMITTED / f"{name}.pdf"), expected_truth(variant, load_truth(variant))

    return get


def cases(kind: str) -> list:
    return pdf_cases("calc", CALC_REGISTRY, KNOWN_FAILURES[kind])


def test_every_registered_layout_is_committed() -> None:
    assert sorted(p.stem for p in COMMITTED.glob("*.pdf")) == sorted(CALC_REGISTRY)


def test_the_pdfs_come_from_calc() -> None:
    """The committed files are LibreOffice Calc's output, not another producer's."""
    for path in COMMITTED.glob("*.pdf"):
        info = PdfReader(path).metadata
        assert (info.creator, info.producer.split()[0]) == ("Calc", "LibreOffice"), path.name


@pytest.mark.parametrize("name", cases("fields"))
def test_every_activity_field_matches_truth(calc_plan, name: str) -> None:
    plan, expected = calc_plan(name)
    assert_fields_match(plan, expected)


@pytest.mark.parametrize("name", pdf_cases("calc", CALC_REGISTRY))
def test_every_word_read_is_accounted_for(calc_plan, name: str) -> None:
    """Issue 11's promise on every layout, however wrong its fields: each word read is in a
    field, the metadata, the furniture or `unassigned`, once."""
    assert_words_accounted(calc_plan(name)[0])


@pytest.mark.parametrize("name", cases("found"))
def test_every_activity_is_found(calc_plan, name: str) -> None:
    plan, expected = calc_plan(name)
    assert_activities_found(plan, expected)


@pytest.mark.parametrize("name", cases("hierarchy"))
def test_every_activity_is_found_under_its_action_and_objective(calc_plan, name: str) -> None:
    plan, expected = calc_plan(name)
    assert_activities_placed(plan, expected)


@pytest.mark.parametrize("name", cases("sections"))
def test_sections_metadata_matches_truth(calc_plan, name: str) -> None:
    plan, expected = calc_plan(name)
    assert_sections_match(plan, expected)


@pytest.mark.parametrize("name", cases("document"))
def test_document_metadata_matches_truth(calc_plan, name: str) -> None:
    plan, expected = calc_plan(name)
    assert plan.document.model_dump() == expected["document"]


@pytest.mark.parametrize("name", cases("unassigned"))
def test_nothing_inside_a_table_is_lost(calc_plan, name: str) -> None:
    plan, _ = calc_plan(name)
    assert [(w.page, w.text, w.reason) for w in plan.unassigned][:20] == []


@pytest.mark.parametrize("name", pdf_cases("calc", CALC_REGISTRY))
def test_the_review_says_ok_only_of_an_exact_extraction(calc_plan, name: str) -> None:
    plan, expected = calc_plan(name)
    exact = not field_differences(plan, expected)
    assert plan.review.status == ("ok" if exact else "needs_review")


def test_the_workbooks_hold_what_the_options_say() -> None:
    """The producer really writes what the layouts claim (no LibreOffice needed): merged
    action/objective cells, print titles, the page setup, grid lines, header and footer,
    the cover sheet."""
    titled = CALC_REGISTRY["calc-letter-outer-titles-number-cut-under-header"]
    book = CalcBuilder(titled, load_truth(titled)).build()
    assert len(book.sheetnames) == 3 and "Portada" not in book.sheetnames
    sheet = book.worksheets[0]
    assert sheet.print_title_rows and sheet.page_setup.orientation == "landscape"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_options.gridLines
    assert any(r.min_col == 1 and r.max_row > r.min_row for r in sheet.merged_cells.ranges)
    assert "Plan de Trabajo" in sheet.oddHeader.center.text
    once = CALC_REGISTRY["calc-legal-unbordered-sheets-header-once-tall-rows"]
    book = CalcBuilder(once, load_truth(once)).build()
    assert book.sheetnames[0] == "Portada" and len(book.sheetnames) == 4
    sheet = book.worksheets[1]
    assert not sheet.print_title_rows and not sheet.print_options.gridLines
    assert not any(c.border.left.style for row in sheet.iter_rows() for c in row)
    assert any(r.min_col == 1 and r.max_row > r.min_row for r in sheet.merged_cells.ranges)
    one = replace(once, sheets="one", section_break=True, page_numbers=True)
    book = CalcBuilder(one, load_truth(one)).build()
    assert book.sheetnames == ["Portada", "Plan"] and len(book.worksheets[1].row_breaks.brk) == 2
    assert "&P" in book.worksheets[1].oddFooter.right.text
