"""The plan PDFs with ground truth that the extraction tests run on."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

import pytest
from conftest import PLANS, TRUTH_2023, TRUTH_2024

from plan_extract.models import CONTRACT_FIELDS, Plan
from plan_extract.pdf.reader import DEFAULT_READER
from plan_extract.pipeline import extract_plan

CASES: dict[str, tuple[Path, Path]] = {
    "plan-2023": (PLANS / "conacoes-2023" / "plan.pdf", TRUTH_2023),
    "carlito-legal-horizontal": (
        PLANS / "conacoes-2023" / "variants" / "carlito-legal-horizontal.pdf",
        TRUTH_2023,
    ),
    "dejavu-a4-boxonly": (
        PLANS / "conacoes-2023" / "variants" / "dejavu-a4-boxonly.pdf",
        TRUTH_2023,
    ),
    "plan-2024": (PLANS / "plan-2024" / "plan.pdf", TRUTH_2024),
    **{
        name: (PLANS / "conacoes-2023" / "variants" / f"{name}.pdf", TRUTH_2023)
        for name in (
            "times-legal-cell-rects-justified",
            "carlito-a4-header-once-top-aligned",
            "dejavu-letter-line-borders",
        )
    },
}
"""The three layouts from other producers reported as extracted wrongly (issue 12) are exact
since the reader, page-table, furniture and line-end fixes of that issue."""

REPORTED_CASES: dict[str, tuple[Path, Path]] = {}
"""Layouts reported as extracted wrongly, not yet exact; they join CASES once they are."""


def plan_of(pdf: Path, reader: str = DEFAULT_READER) -> Plan:
    """`pdf` extracted with `reader`, once per test process. The readers' agreement test
    (tests/test_readers.py) and the truth tests of each producer (test_variants*.py,
    test_pipeline.py) read the same files: extracting a PDF is what the suite spends its time
    on, so each file and reader is extracted once and every test asserts on that one plan.
    The tests of one file carry the same `same_pdf` mark so that xdist (`--dist loadgroup`,
    pyproject.toml) runs them in one process, where this cache holds. The cache's key is
    the resolved path and the reader named in full: `functools.cache` keys `plan_of(pdf)` and
    `plan_of(pdf, "pdfium")` apart, and the truth tests (the default reader) and the readers'
    test (each reader named) extracted every file with pdfium twice."""
    return _extracted(Path(pdf).resolve(), reader)


@cache
def _extracted(pdf: Path, reader: str) -> Plan:
    return extract_plan(pdf, reader=reader)


def same_pdf(kind: str, name: str) -> pytest.MarkDecorator:
    """The xdist group of every test that extracts the PDF `name` of `kind` (a variant, a
    Word or HTML layout): they run in one worker, which extracts the file once (`plan_of`)."""
    return pytest.mark.xdist_group(f"{kind}:{name}")


def pdf_cases(kind: str, names: Iterable[str], known: Mapping[str, str] | None = None) -> list:
    """Each PDF `name` of `kind` as a test parameter in its file's group (`same_pdf`), a
    strict xfail where `known` gives the reason it is still read wrongly."""
    known = known or {}
    return [
        pytest.param(
            name,
            marks=[same_pdf(kind, name)]
            + ([pytest.mark.xfail(reason=known[name], strict=True)] if name in known else []),
        )
        for name in names
    ]


def case_params(names: Iterable[str] = CASES) -> list:
    """The shared cases `names` as test parameters, each in its PDF's group (`same_pdf`): the
    truth, review and readers' tests of one shared plan run in one worker, which extracts it
    once per reader (`plan_of`), not once in each worker that runs one of them."""
    return pdf_cases("plan", names)


def same_case(name: str) -> pytest.MarkDecorator:
    """The group of `case_params(name)`, for a test that reads the shared case `name`."""
    return same_pdf("plan", name)


@cache
def rotated(name: str) -> Plan:
    """The shared case `name` with every page stored rotated (/Rotate 90: a landscape table
    kept as a portrait page), extracted with the default reader once per test process: the
    pipeline's test and the readers' test of that case both read it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(CASES[name][0]).pages:
        page.rotate(90)
        writer.add_page(page)
    with tempfile.TemporaryDirectory(prefix="rotated-") as folder:
        pdf = Path(folder) / "rotated.pdf"
        with pdf.open("wb") as handle:
            writer.write(handle)
        return extract_plan(pdf)


def extracted(name: str) -> Plan:
    return plan_of(CASES[name][0])


@cache
def truth(name: str) -> dict:
    return json.loads(CASES[name][1].read_text(encoding="utf-8"))


def norm(value: object) -> str:
    """A value as the truth comparisons see it: NFC, runs of white space as one space."""
    return re.sub(
        r"\s+", " ", unicodedata.normalize("NFC", "" if value is None else str(value))
    ).strip()


def assert_sections_match(plan: Plan, expected: dict) -> None:
    """Each section's name, printed heading, general objective, column labels and signature
    as the truth has them."""
    assert len(plan.sections) == len(expected["sections"])
    for got, want in zip(plan.sections, expected["sections"], strict=True):
        assert got.name == want["name"]
        assert norm(got.heading_as_printed) == norm(want["heading_as_printed"])
        assert norm(got.general_objective) == norm(want["general_objective"])
        assert got.columns_as_printed == want["columns_as_printed"]
        signature = got.signature and (got.signature.signer, got.signature.signed_at)
        wanted = want["signature"] and (want["signature"]["signer"], want["signature"]["signed_at"])
        assert signature == wanted, got.name


HIERARCHY_FIELDS = (
    "strategic_action_number",
    "strategic_action",
    "objective_number",
    "objective",
    "activity_number",
)
"""The fields that place an activity: its item number and the merged cells above it."""


def assert_activities_found(plan: Plan, expected: dict) -> None:
    """Every activity of the truth found, in order, by its number: no row lost or split."""
    got = [norm(a.activity_number) for s in plan.sections for a in s.activities]
    assert got == [
        norm(a["activity_number"]) for s in expected["sections"] for a in s["activities"]
    ]


def assert_activities_placed(plan: Plan, expected: dict) -> None:
    """Every activity of the truth found, in order, under its whole action and objective:
    rows lost at a page break and merged cells cut by one show here even on a layout whose
    fields fail for another reason (a line-end hyphen)."""
    assert_activities_found(plan, expected)
    assert_fields_match(plan, expected, HIERARCHY_FIELDS)


def field_differences(
    plan: Plan,
    expected: dict,
    fields: Iterable[str] = CONTRACT_FIELDS,
    same: Callable[[object], str] = norm,
) -> list[str]:
    """Activity by activity, the `fields` where the plan and the truth differ, compared by
    `same` (`norm`: whitespace and Unicode form aside); one line instead when the numbers of
    activities differ. Empty: the extraction is exact in those fields."""
    got = [a for s in plan.sections for a in s.activities]
    want = [a for s in expected["sections"] for a in s["activities"]]
    if len(got) != len(want):
        return [f"{len(got)} activities read, {len(want)} in the truth"]
    return [
        f"#{i} {field}: {getattr(g, field)!r} != {w[field]!r}"
        for i, (g, w) in enumerate(zip(got, want, strict=True))
        for field in fields
        if same(getattr(g, field)) != same(w[field])
    ]


def assert_words_accounted(plan: Plan) -> None:
    """Every word read is in exactly one place (`review.words`): no fault of the accounting,
    the places adding up to the words read, and no `word_accounting` finding."""
    from plan_extract.review import ACCOUNTING_FAULTS

    words = plan.review.words
    places = {k: v for k, v in words.items() if k not in ("read", *ACCOUNTING_FAULTS)}
    assert [words[k] for k in ACCOUNTING_FAULTS] == [0] * len(ACCOUNTING_FAULTS), words
    assert words["read"] == sum(places.values()) > 0, words
    assert not [f for f in plan.review.findings if f.check == "word_accounting"]


def hyphen_blind(value: object) -> str:
    """A field as `norm` reads it, with no space beside a hyphen, dash or slash: what is left
    when the undecidable hyphen line ends ('Paniamor-' / 'Programa') are forgiven."""
    return re.sub(r"\s*([-–/])\s*", r"\1", norm(value))


def assert_fields_match(
    plan: Plan, expected: dict, fields: Iterable[str] = CONTRACT_FIELDS
) -> None:
    """Each activity's `fields` equal the truth's, activity by activity (as many activities),
    the differing ones listed."""
    differences = field_differences(plan, expected, fields)
    assert not differences, f"{len(differences)} fields differ:\n" + "\n".join(differences[:20])


def assert_cut_text_reported(plan: Plan, expected: dict) -> None:
    """A field that lost the end of its text (the extracted words a prefix of the truth's)
    lost no word silently: the missing words are in `unassigned` (issue 11's promise; a
    cut-off row once passed for a title row above the next table's header)."""
    got = [a for s in plan.sections for a in s.activities]
    want = [a for s in expected["sections"] for a in s["activities"]]
    reported = Counter(w.text for w in plan.unassigned)
    silent = []
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        for field in CONTRACT_FIELDS:
            have, should = norm(getattr(g, field)).split(), norm(w[field]).split()
            if have and len(have) < len(should) and should[: len(have)] == have:
                missing = Counter(should[len(have) :]) - reported
                if missing:
                    silent.append(f"#{i} {field}: {sorted(missing.elements())}")
    assert not silent, "words lost without a report:\n" + "\n".join(silent[:20])
