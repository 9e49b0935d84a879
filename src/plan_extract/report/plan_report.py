"""`<stem>.report.html`: a plan's review page. Every page as printed with what the pipeline read
on it, every activity's record beside the pieces it was built from, and every finding (the
review's first, then the audit's) linked to the place it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plan_extract.audit import Finding as AuditFinding
from plan_extract.audit import audit_plan
from plan_extract.files import write_atomic
from plan_extract.models import CONTRACT_FIELDS, Finding, Plan
from plan_extract.pdf.reader import DEFAULT_READER, PdfContent, ReadLimits, read_pdf
from plan_extract.pipeline import Trace, plan_of_content
from plan_extract.report.evidence import Evidence, gather
from plan_extract.report.images import PageImage, Renderer
from plan_extract.report.page import html_document

REPORT_SUFFIX = ".report.html"
RECORD_EXCLUDE = frozenset({"provenance"})
"""The record shown is the activity's JSON without its provenance, which the page draws."""


@dataclass(frozen=True)
class Spot:
    """Where a finding points: an activity (position in plan order) and field, else a page."""

    activity: int | None = None
    field: str | None = None
    page: int | None = None


def locate_pdf(plan_path: str | Path, plan: Plan) -> Path | None:
    """The PDF a plan was read from: the path itself, else the plan's `source` or the JSON's
    stem beside the JSON file."""
    path = Path(plan_path)
    if path.suffix.lower() == ".pdf":
        return path
    names = [plan.source] if plan.source else []
    names.append(path.with_suffix(".pdf").name)
    for name in names:
        candidate = path.parent / name
        if candidate.is_file():
            return candidate
    return None


def activity_positions(plan: Plan) -> dict[str, int]:
    return {a.activity_id: n for n, (_, a) in enumerate(plan.activities()) if a.activity_id}


def section_offsets(plan: Plan) -> dict[str, int]:
    """Position of each section's first activity in plan order (first section of a name)."""
    offsets: dict[str, int] = {}
    position = 0
    for section in plan.sections:
        offsets.setdefault(section.name, position)
        position += len(section.activities)
    return offsets


def section_page(plan: Plan, name: str | None) -> int | None:
    section = next((s for s in plan.sections if s.name == name), None)
    return section.pages[0] if section and section.pages else None


def review_spot(finding: Finding, plan: Plan, positions: dict[str, int]) -> Spot:
    activity = positions.get(finding.activity_id) if finding.activity_id else None
    page = finding.page or section_page(plan, finding.section)
    return Spot(activity, finding.field, page)


def audit_spot(finding: AuditFinding, plan: Plan, offsets: dict[str, int]) -> Spot:
    activity = None
    if finding.row is not None and finding.section in offsets:
        activity = offsets[finding.section] + finding.row - 1
    return Spot(activity, finding.field, finding.page or section_page(plan, finding.section))


def finding_entry(source: str, finding: Finding | AuditFinding, spot: Spot) -> dict[str, Any]:
    return {
        "source": source,
        "severity": finding.severity,
        "check": finding.check,
        "message": finding.message,
        "section": finding.section,
        "activity": spot.activity,
        "field": spot.field,
        "page": spot.page,
    }


def findings_data(plan: Plan, audit: list[AuditFinding]) -> list[dict[str, Any]]:
    """The review's findings first (they decide whether the output needs review), then the
    audit's (the plan's own anomalies)."""
    positions = activity_positions(plan)
    offsets = section_offsets(plan)
    entries = [
        finding_entry("review", f, review_spot(f, plan, positions)) for f in plan.review.findings
    ]
    entries += [finding_entry("audit", f, audit_spot(f, plan, offsets)) for f in audit]
    return entries


def activity_label(number: str | None, text: str) -> str:
    return f"{number} {text}" if number else text


def report_data(plan: Plan, pages: list[PageImage], evidence: Evidence) -> dict[str, Any]:
    """Everything the page's script draws, in compact JSON (boxes as arrays)."""
    activities: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    for index, section in enumerate(plan.sections):
        members: list[int] = []
        sections.append({"name": section.name, "pages": section.pages, "activities": members})
        for activity in section.activities:
            position = len(activities)
            members.append(position)
            activities.append(
                {
                    "section": index,
                    "label": activity_label(activity.activity_number, activity.activity),
                    "id": activity.activity_id,
                    "pages": activity.pages,
                    "pieces": evidence.activity_pieces[position],
                    "record": activity.model_dump(mode="json", exclude=set(RECORD_EXCLUDE)),
                }
            )
    return {
        "title": plan.document.title or plan.source or "plan",
        "source": plan.source,
        "document": plan.document.model_dump(mode="json"),
        "status": plan.review.status,
        "fields": list(CONTRACT_FIELDS),
        "pages": [
            {"n": p.number, "w": round(p.width, 1), "h": round(p.height, 1), "img": p.uri}
            for p in pages
        ],
        "marks": [[m.page, *m.bbox, m.kind, m.text] for m in evidence.marks],
        "pieces": [
            {"p": c.page, "b": c.bbox, "f": c.field, "t": c.text, "a": c.activities, "l": c.linked}
            for c in evidence.pieces
        ],
        "sections": sections,
        "activities": activities,
        "findings": findings_data(plan, audit_plan(plan)),
    }


def report_html(
    plan: Plan,
    pdf: str | Path | None,
    password: str | None = None,
    content: PdfContent | None = None,
    trace: Trace | None = None,
) -> str:
    """The review page of `plan`; `content` is the PDF as already read (else it is read now);
    without the PDF, the records and findings without pages. `trace`: the run that extracted
    `plan`, whose grids and furniture are drawn as they were found (else found again)."""
    if content is None and pdf is not None:
        content = read_pdf(pdf, password=password)
    if trace is not None:
        evidence = gather(plan, content, trace.grids, trace.furniture)
    else:
        evidence = gather(plan, content)
    pages: list[PageImage] = []
    if content is not None:
        with Renderer(content.path, password) as renderer:
            pages = [renderer.page(n) for n in range(1, len(renderer) + 1)]
    data = report_data(plan, pages, evidence)
    return html_document(
        f"Review: {data['title']}", data, ("common.css", "report.css"), ("common.js", "report.js")
    )


def extract_with_report(
    pdf: str | Path,
    stem: str,
    password: str | None = None,
    limits: ReadLimits | None = None,
    reader: str = DEFAULT_READER,
) -> tuple[Plan, dict[str, str]]:
    """The plan of a PDF and its review page (output name → text), from one reading of the PDF
    (`extract --report`, whose workers hand their texts to the parent to write)."""
    trace = Trace(read_pdf(pdf, password=password, limits=limits, backend=reader))
    plan = plan_of_content(trace.content, trace)
    page = report_html(plan, pdf, password, trace.content, trace)
    return plan, {f"{stem}{REPORT_SUFFIX}": page}


def write_report(
    plan: Plan,
    pdf: str | Path | None,
    out_dir: str | Path,
    stem: str,
    password: str | None = None,
    content: PdfContent | None = None,
) -> Path:
    path = Path(out_dir) / f"{stem}{REPORT_SUFFIX}"
    write_atomic(path, report_html(plan, pdf, password, content))
    return path
