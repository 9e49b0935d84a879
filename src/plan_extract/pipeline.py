"""The stages in order, and nothing else: read → ruled tables (the generic engine) →
furniture → the plan's reading of each page (`plan.pages`) → sections (`plan.sections`:
stitch, records, signatures) → enrich → review → Plan. Each stage is a function of typed
records; `trace_plan` keeps them all."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from plan_extract.collector import fewer_collections
from plan_extract.enrich import enrich
from plan_extract.models import Finding, Plan, Section, UnassignedWord
from plan_extract.pdf import language
from plan_extract.pdf.reader import (
    DEFAULT_READER,
    PdfContent,
    ReadError,
    ReadLimits,
    read_pdf,
)
from plan_extract.pdf.text import printed_words, unbroken_words, whole_words
from plan_extract.plan.furniture import Furniture, find_furniture
from plan_extract.plan.metadata import document_metadata
from plan_extract.plan.page_tables import HeaderFragment, PlanPage
from plan_extract.plan.pages import read_plan_pages
from plan_extract.plan.records import furniture_words
from plan_extract.plan.sections import SectionDoubt, build_sections
from plan_extract.plan.stitch import SectionTable
from plan_extract.plan.vocabulary import load_vocabulary
from plan_extract.review import (
    APART_FROM_THE_TABLES,
    HYPHEN_LINE_END_SEVERITY,
    ON_A_PAGE_WITHOUT_TABLES,
    UNDECIDED_LINE_END,
    line_end_label,
    review_plan,
)
from plan_extract.tables.finder import find_grids
from plan_extract.tables.page_grid import PageGrid


class NoPlanTables(ReadError):
    """The PDF reads fine but holds no plan table."""


@dataclass
class Trace:
    """Every intermediate of one run of the stages, kept to be looked at or drawn
    (`plan-extract debug`), as pdfplumber keeps its table finder's edges and cells. Filled
    stage by stage: after a failure it holds what the stages before it found."""

    content: PdfContent
    grids: list[list[PageGrid]] = field(default_factory=list)
    """Per page, the generic engine's ruled tables."""
    furniture: Furniture | None = None
    plan_pages: list[PlanPage] = field(default_factory=list)
    """Per page, the plan's reading of it: header, columns, rows, spanning cells."""
    sections: list[SectionTable] = field(default_factory=list)
    """Per section, its page tables stitched into one table."""
    plan: Plan | None = None


def extract_plan(
    path: str | Path,
    password: str | None = None,
    limits: ReadLimits | None = None,
    reader: str = DEFAULT_READER,
) -> Plan:
    """The plan in a PDF; `reader` names the PDF backend ("pdfium" or "pdfplumber")."""
    with fewer_collections():
        content = read_pdf(path, password=password, limits=limits, backend=reader)
        return plan_of_content(content, processes=limits.page_readers if limits else 1)


def trace_plan(
    path: str | Path,
    password: str | None = None,
    limits: ReadLimits | None = None,
    reader: str = DEFAULT_READER,
) -> Trace:
    """`extract_plan` that keeps every intermediate (`Trace`); `trace.plan` is the plan."""
    with fewer_collections():
        trace = Trace(read_pdf(path, password=password, limits=limits, backend=reader))
        plan_of_content(trace.content, trace)
    return trace


def plan_of_content(content: PdfContent, trace: Trace | None = None, processes: int = 1) -> Plan:
    """The plan of a PDF already read: a caller that needs the content too (the review page
    draws its pages) reads the file once. `trace`, when given, receives the intermediates.
    `processes`: how many the stages may use at once (`ReadLimits.page_readers`: the CPUs
    left to this file); the review runs half its checks in a helper when it may
    (`review_plan`)."""
    trace = trace or Trace(content)
    vocabulary = load_vocabulary()
    if not any(page.words for page in content.pages):
        raise ReadError(no_text_message(content))
    lattices = trace.grids = find_grids(content.pages)
    furniture = trace.furniture = find_furniture(content.pages, vocabulary, lattices)
    pages = read_plan_pages(content.pages, lattices, vocabulary, furniture)
    trace.plan_pages = pages.readings
    if not pages.tables:
        words = sum(len(page.words) for page in content.pages)
        raise NoPlanTables(
            f"no plan table found ({len(content.pages)} pages, {words} words, "
            "no header row naming the plan's columns)"
        )
    plan = Plan(source=content.path.name, document=document_metadata(pages.cover, vocabulary))
    # Where wrapped lines end in a space, a line end without one says a word broke there,
    # unless the line is full (a producer may drop the space that does not fit); there, and
    # where producers write no line-end spaces, the language and the document's words decide.
    every_word = [w for page in content.pages for w in page.words]
    known = language.vocabulary(
        whole_words(every_word), printed_words(every_word), unbroken_words(every_word)
    )
    built = build_sections(pages.tables, furniture, content.signature_fields, vocabulary, known)
    trace.sections = built.stitched
    plan.sections = built.sections
    plan.warnings.extend(built.warnings)
    plan.unassigned.extend(built.unassigned)
    plan.unassigned.extend(
        UnassignedWord(page=w.page, bbox=w.bbox, text=w.text, reason=APART_FROM_THE_TABLES)
        for w in pages.stray
    )
    plan.unassigned.extend(
        UnassignedWord(page=w.page, bbox=w.bbox, text=w.text, reason=ON_A_PAGE_WITHOUT_TABLES)
        for w in pages.tableless
    )
    layout = [*furniture.records(content.pages), *pages.headers, *built.furniture]
    if pages.cover is not None:
        cover_words = (w for w in pages.cover.words if w.seq not in furniture.word_ids)
        layout.extend(furniture_words(cover_words, "cover"))
    plan.furniture = sorted(layout, key=lambda r: (r.page, r.bbox[1], r.bbox[0]))
    plan = enrich(plan)
    plan.review.findings.extend(_line_end_findings(plan, built.doubts))
    plan.review.findings.extend(_unheaded_findings(pages.unheaded))
    plan.review.findings.extend(_unnamed_findings(plan.sections))
    plan.review = review_plan(plan, content, lattices, processes)
    trace.plan = plan
    return plan


def _line_end_findings(plan: Plan, doubts: list[SectionDoubt]) -> list[Finding]:
    """Each line end that neither spaces nor the language could read, as a review warning on
    its activity and field (identified after enrichment gave activities their ids)."""
    findings = []
    for placed in doubts:
        section, doubt = plan.sections[placed.section], placed.doubt
        end = doubt.line_end
        reading = (
            f"{end.left.text}{end.right.text}"
            if end.joined
            else (f"{end.left.text} {end.right.text}")
        )
        findings.append(
            Finding(
                check=UNDECIDED_LINE_END,
                severity=HYPHEN_LINE_END_SEVERITY if end.left.text.endswith("-") else "warning",
                section=section.name,
                activity_id=section.activities[doubt.activity].activity_id,
                field=doubt.field,
                page=end.left.page,
                message=(
                    f"{line_end_label(end.left.text, end.right.text)} across a line end: one "
                    f"word or two? The producer writes no space there and the language cannot "
                    f"tell; read as {reading!r}"
                ),
            )
        )
    return findings


HEADER_WITHOUT_ROWS = "header_without_rows"
"""`Finding.check` of a table header that heads no row (`page_tables._heads_nothing`)."""


def _unheaded_findings(headers: list[HeaderFragment]) -> list[Finding]:
    """Each header at a page's foot that heads no row (the next page opens with a header of
    its own, or no table follows it), as a warning on its page: rows may be missing from the
    PDF (a producer that lost them), which no value extracted can show."""
    return [
        Finding(
            check=HEADER_WITHOUT_ROWS,
            severity="warning",
            page=header.words[0].page,
            message=(
                "a column header at the page's foot heads no row: the next page opens with "
                "a header of its own, or no table follows it. Rows the producer lost, or a "
                "header printed alone and repeated"
            ),
        )
        for header in headers
        if header.words
    ]


UNNAMED_SECTION = "unnamed_section"
"""`Finding.check` of a section no printed line names (`_unnamed_findings`)."""


def _unnamed_findings(sections: list[Section]) -> list[Finding]:
    """Each section whose heading no line printed gave, neither its preamble nor a running
    header (`heading_as_printed` None): its name is made up from its first page
    (`records.build_section`), so its heading was lost (left outside every table, or read
    into the section before), and no value read shows it. A warning on the section's first
    page: Word/HTML 1139 html `00` and held-out docx 3535 `10` went out `ok` with a section
    named `Sección 7` / `Sección 10`, their heading left at a page's foot."""
    return [
        Finding(
            check=UNNAMED_SECTION,
            severity="warning",
            section=section.name,
            page=section.pages[0] if section.pages else None,
            message=(
                f"no printed line names this section, so its name {section.name!r} is made "
                "up: its heading was lost (left outside the tables, or read into the section "
                "before)"
            ),
        )
        for section in sections
        if section.heading_as_printed is None
    ]


def no_text_message(content: PdfContent) -> str:
    """Why no word was read: a damaged file (the readers reported losses) is not a scan."""
    if content.problems:
        first = content.problems[0]
        where = f" on page {first.page}" if first.page else ""
        more = len(content.problems) - 1
        return (
            f"no text could be read: the PDF is damaged ({first.message}{where}"
            + (f"; {more} more problems" if more else "")
            + ")"
        )
    return "image-only PDF: no text layer (OCR is needed first)"


def load_plan(path: str | Path) -> Plan:
    """A Plan from a PDF (extracted now) or from a JSON file written by the extract command."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))
    return extract_plan(path)


__all__ = [
    "NoPlanTables",
    "Trace",
    "UnassignedWord",
    "extract_plan",
    "load_plan",
    "plan_of_content",
    "trace_plan",
]
