"""The plan in layouts the pipeline has never seen (tests/variants.py), rendered from a truth at
test time: every contract field must come back as the truth says, and nothing may be lost.

A variant the pipeline still gets wrong is marked xfail (strict) with the reason; the layout
itself was checked by eye to be readable without ambiguity. docs/variants.md lists them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import missing
from plan_cases import assert_sections_match, norm, pdf_cases, plan_of
from variants import REGISTRY, FontMissing, expected_truth, layout_variant, load_truth, render

from plan_extract.models import CONTRACT_FIELDS, Plan
from plan_extract.pdf.reader import ReadLimits
from plan_extract.pipeline import extract_plan
from plan_extract.review import ACCOUNTING_FAULTS

UNFLAGGED: dict[str, str] = {}
"""Layouts still wrong whose wrong activity no check can flag (docs/review.md); none today."""
KNOWN_FAILURES: dict[str, dict[str, str]] = {
    "fields": {},
    "sections": {},
    "unassigned": {},
    "document": {},
}


@pytest.fixture(scope="session")
def variant_plan(variant_pdf) -> Callable[[str], tuple[Plan, dict]]:
    """A variant rendered and extracted once per process (`variant_pdf`, `plan_of`, shared
    with the readers' agreement test): (plan, expected truth)."""

    def get(name: str) -> tuple[Plan, dict]:
        variant = REGISTRY[name]
        return plan_of(variant_pdf(name)), expected_truth(variant, load_truth(variant))

    return get


def cases(kind: str) -> list:
    """Every variant, marked xfail where the pipeline is known to get `kind` wrong."""
    return pdf_cases("variant", REGISTRY, KNOWN_FAILURES[kind])


@pytest.mark.parametrize("name", cases("fields"))
def test_every_activity_field_matches_truth(variant_plan, name: str) -> None:
    assert_fields_match(*variant_plan(name))


def assert_fields_match(plan: Plan, expected: dict) -> None:
    """Every contract field of every activity as the truth has it (up to `norm`)."""
    assert [s.name for s in plan.sections] == [s["name"] for s in expected["sections"]]
    differences = []
    for section, want_section in zip(plan.sections, expected["sections"], strict=True):
        assert len(section.activities) == len(want_section["activities"]), section.name
        pairs = zip(section.activities, want_section["activities"], strict=True)
        for i, (got, want) in enumerate(pairs):
            for field in CONTRACT_FIELDS:
                if norm(getattr(got, field)) != norm(want[field]):
                    differences.append(
                        f"{section.name} #{i} {field}: {getattr(got, field)!r} != {want[field]!r}"
                    )
    assert not differences, f"{len(differences)} fields differ:\n" + "\n".join(differences[:20])


@pytest.mark.parametrize("name", cases("sections"))
def test_sections_metadata_matches_truth(variant_plan, name: str) -> None:
    plan, expected = variant_plan(name)
    assert_sections_match(plan, expected)


@pytest.mark.parametrize("name", cases("document"))
def test_document_metadata_matches_truth(variant_plan, name: str) -> None:
    plan, expected = variant_plan(name)
    assert plan.document.model_dump() == expected["document"]


@pytest.mark.parametrize("name", cases("unassigned"))
def test_nothing_inside_a_table_is_lost(variant_plan, name: str) -> None:
    plan, _ = variant_plan(name)
    assert [(w.page, w.text, w.reason) for w in plan.unassigned][:20] == []


@pytest.mark.parametrize("name", pdf_cases("variant", REGISTRY))
def test_every_word_read_is_accounted_for(variant_plan, name: str) -> None:
    """Every word read is in a field, the furniture or `unassigned`, once (issue 11)."""
    plan, _ = variant_plan(name)
    words = plan.review.words
    places = {k: v for k, v in words.items() if k not in ("read", *ACCOUNTING_FAULTS)}
    assert [words[k] for k in ACCOUNTING_FAULTS] == [0, 0, 0], words
    assert words["read"] == sum(places.values()) > 0, words


@pytest.mark.parametrize("name", pdf_cases("variant", REGISTRY, UNFLAGGED))
def test_the_review_is_right_about_the_layout(variant_plan, name: str) -> None:
    """`ok` with no doubt exactly when every field is exact; otherwise every wrong activity
    carries a finding and no exact one does."""
    plan, expected = variant_plan(name)
    flagged = {f.activity_id for f in plan.review.findings if f.severity in ("warning", "error")}
    wrong = exact_flagged = 0
    got = [a for s in plan.sections for a in s.activities]
    want = [a for s in expected["sections"] for a in s["activities"]]
    assert len(got) == len(want)
    for activity, truth in zip(got, want, strict=True):
        exact = all(norm(getattr(activity, f)) == norm(truth[f]) for f in CONTRACT_FIELDS)
        wrong += not exact
        if exact:
            exact_flagged += activity.activity_id in flagged
        else:
            assert activity.activity_id in flagged, activity.activity_id
    assert exact_flagged == 0
    assert plan.review.status == ("ok" if wrong == 0 else "needs_review")


def test_dotted_rules_over_the_drawing_cap_extract_exactly(tmp_path: Path, monkeypatch) -> None:
    """Every rule dotted as WeasyPrint prints it (a clipping path of round dots, the bar
    filled through it): the dots' path segments on a page are over the drawing cap, but a
    clipping path draws nothing, and the plan reads as the bars do (issues 11 and 14: a
    WeasyPrint plan with dotted cell borders was refused)."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "useA85", 0)  # Flate alone, as WeasyPrint writes it
    variant = dataclasses.replace(REGISTRY["legal-cell-rects-justified-times"], rule_shape="dots")
    truth = load_truth(variant)
    try:
        pdf = render(variant, truth, tmp_path / "dotted.pdf")
    except FontMissing as exc:
        missing(str(exc))
    from pypdf import PdfReader

    segments = [
        len(re.findall(rb"[\d.] [mc](?=\s)", page.get_contents().get_data()))
        for page in PdfReader(pdf).pages
    ]
    assert max(segments) > ReadLimits().max_graphics_per_page
    plan, expected = extract_plan(pdf), expected_truth(variant, truth)
    assert_fields_match(plan, expected)
    assert_sections_match(plan, expected)
    assert plan.review.status == "ok", plan.review.findings[:3]


def test_the_layouts_print_the_hard_cases() -> None:
    """The generator really produces what the variants claim: merged-cell text printed on a
    later page than its first row and cut by a page break, rows cut only where allowed, titles
    cut where asked."""
    for variant in REGISTRY.values():
        try:
            layout = layout_variant(variant, load_truth(variant))
        except FontMissing:
            continue
        if not variant.row_split:
            assert layout.split_rows == 0, variant.name
        if variant.engine == "layout":  # platypus wraps its own way
            assert layout.ambiguous == [], variant.name
        if variant.title_cut is not None:  # a break really falls inside a section's title
            assert layout.titles_cut > 0, variant.name
    midspan = REGISTRY["letter-grid-midspan"]
    try:
        layout = layout_variant(midspan, load_truth(midspan))
    except FontMissing as exc:
        missing(str(exc))
    assert layout.split_rows > 0
    assert any(min(pages) > first for first, pages in layout.spans)
    assert any(len(set(pages)) > 1 for _, pages in layout.spans)
