"""Stage `review`: does the output deserve trust? Each check looks at evidence independent of
the stage that produced a value and yields `Finding`s; `review_plan` gathers them into the
plan's `Review` (`needs_review` exactly when a finding of severity warning or error exists).

Checks so far: what the PDF readers repaired or lost (`read_problem`)."""

from __future__ import annotations

from collections.abc import Iterable

from plan_extract.models import Finding, Plan, Review
from plan_extract.pdf.reader import PdfContent, ReadProblem

NEEDS_REVIEW_SEVERITIES = frozenset({"warning", "error"})
"""Severities that make a document `needs_review`; `info` findings are kept but do not."""


def read_problem_findings(problems: Iterable[ReadProblem]) -> list[Finding]:
    """Every repair or loss the readers report is a `warning`: the words of that stream or
    object may be missing from the output."""
    return [
        Finding(check=f"read_problem:{p.code}", severity="warning", page=p.page, message=p.message)
        for p in problems
    ]


def review_status(findings: Iterable[Finding]) -> Review:
    findings = list(findings)
    doubtful = any(f.severity in NEEDS_REVIEW_SEVERITIES for f in findings)
    return Review(status="needs_review" if doubtful else "ok", findings=findings)


def review_plan(plan: Plan, content: PdfContent) -> Review:
    """All checks over an extracted (and enriched) plan and the content it was read from.
    Findings a stage already put in `plan.review.findings` (doubts it could not resolve, such
    as an undecidable line end) are kept."""
    findings = [*plan.review.findings, *read_problem_findings(content.problems)]
    return review_status(findings)
