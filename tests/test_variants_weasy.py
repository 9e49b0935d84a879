"""The plan from a fifth producer: the html producer's document laid out by WeasyPrint.

The PDFs under tests/data/plans/weasy/ were rendered by `tests/variants_weasy.py --committed`
(WeasyPrint is not needed to run these tests); each is scored against the truth its layout
was built from. Both are layouts whose rows WeasyPrint splits at a page's foot in its own way
(a leaf column's first lines kept there, the activity moved whole to the next page): the
stitching (`stitch._head_cut`) and the table's open bottom (`page_tables._in_open_cell`)
read them. A layout the pipeline still gets wrong is an xfail (strict) with its diagnosis.
docs/variants.md has the held-out batches (tests/heldout.py --producer weasy).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from plan_cases import (
    assert_activities_found,
    assert_activities_placed,
    assert_sections_match,
    assert_words_accounted,
    field_differences,
    hyphen_blind,
    pdf_cases,
    plan_of,
)
from test_variants_html import HYPHEN
from variants import expected_truth, load_truth
from variants_weasy import COMMITTED, WEASY_REGISTRY

from plan_extract.models import Plan

KNOWN_FAILURES: dict[str, dict[str, str]] = {
    "fields": {
        "weasy-a4-serif-rows-split": HYPHEN,
        "weasy-a4-narrow-dotted-number-column": HYPHEN,
        "weasy-a4-serif-box-separate-borders": HYPHEN,
    },
    "found": {},
    "hierarchy": {},
    "sections": {},
    "unassigned": {},
}


@pytest.fixture(scope="session")
def weasy_plan() -> Callable[[str], tuple[Plan, dict]]:
    """A committed PDF extracted once per process (`plan_of`): (plan, expected truth)."""

    def get(name: str) -> tuple[Plan, dict]:
        variant = WEASY_REGISTRY[name]
        return plan_of(COMMITTED / f"{name}.pdf"), expected_truth(variant, load_truth(variant))

    return get


def cases(kind: str) -> list:
    return pdf_cases("weasy", WEASY_REGISTRY, KNOWN_FAILURES[kind])


def test_every_registered_layout_is_committed() -> None:
    assert sorted(p.stem for p in COMMITTED.glob("*.pdf")) == sorted(WEASY_REGISTRY)


def test_the_pdfs_come_from_weasyprint() -> None:
    """The committed files are WeasyPrint's (pydyf's) output, not another producer's."""
    from pypdf import PdfReader

    for path in COMMITTED.glob("*.pdf"):
        metadata = PdfReader(path).metadata
        assert metadata is not None and (metadata.producer or "").startswith("WeasyPrint")


@pytest.mark.parametrize("name", cases("fields"))
def test_every_activity_field_matches_truth(weasy_plan, name: str) -> None:
    differences = field_differences(*weasy_plan(name))
    assert not differences, f"{len(differences)} fields differ:\n" + "\n".join(differences[:20])


@pytest.mark.parametrize("name", pdf_cases("weasy", WEASY_REGISTRY))
def test_only_hyphen_line_ends_differ(weasy_plan, name: str) -> None:
    """Every field but the undecidable hyphen line ends is exact: the split rows are read
    whole (their cells at the page's foot and on the next page in one activity)."""
    plan, expected = weasy_plan(name)
    assert field_differences(plan, expected, same=hyphen_blind) == []


@pytest.mark.parametrize("name", pdf_cases("weasy", WEASY_REGISTRY))
def test_every_word_read_is_accounted_for(weasy_plan, name: str) -> None:
    """Issue 11's promise on every layout, however wrong its fields: each word read is in a
    field, the metadata, the furniture or `unassigned`, once."""
    assert_words_accounted(weasy_plan(name)[0])


@pytest.mark.parametrize("name", cases("found"))
def test_every_activity_is_found(weasy_plan, name: str) -> None:
    assert_activities_found(*weasy_plan(name))


@pytest.mark.parametrize("name", cases("hierarchy"))
def test_every_activity_is_found_under_its_action_and_objective(weasy_plan, name: str) -> None:
    assert_activities_placed(*weasy_plan(name))


@pytest.mark.parametrize("name", cases("sections"))
def test_sections_metadata_matches_truth(weasy_plan, name: str) -> None:
    assert_sections_match(*weasy_plan(name))


@pytest.mark.parametrize("name", cases("unassigned"))
def test_nothing_inside_a_table_is_lost(weasy_plan, name: str) -> None:
    plan, _ = weasy_plan(name)
    assert [(w.page, w.text, w.reason) for w in plan.unassigned][:20] == []


@pytest.mark.parametrize("name", pdf_cases("weasy", WEASY_REGISTRY))
def test_a_wrong_extraction_is_flagged(weasy_plan, name: str) -> None:
    """Whatever the fields score, a plan that is not exact must not say `ok`."""
    plan, expected = weasy_plan(name)
    exact = not field_differences(plan, expected)
    assert plan.review.status == ("ok" if exact else "needs_review")
