"""Anomaly audit of one plan: what a reviewer should look at before trusting it.

Extraction keeps every value as printed, including the plan's own mistakes: duplicated or
skipped numbers, a number filed under the wrong objective, last year's deadline left in a
target, empty accountability cells, targets that commit to nothing measurable, and signatures
that do not fit the approval date. This module reports them; it never changes the plan.

Only deadlines are checked for stale years, not every year mention: plans legitimately talk
about past years ("incidencia de ESCNNA para el año 2022", "compendio del 2021 al 2022"). A
year is a deadline when it sits in a target or indicator *and* the shared date grammar
(`plan_extract.dates`, the one the target parser uses) reads it as a firm deadline: a period,
month or date with its year ("1° trimestre 2022", "primer cuatrimestre 2022"), or a year after
a time expression ("al finalizar", "al", "hasta", "durante", "antes de", "a más tardar").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from plan_extract.dates import calendar_dates, date_grammar, find_deadlines, phrase_alternation
from plan_extract.diff import dominant_year
from plan_extract.export import json_text
from plan_extract.files import write_texts
from plan_extract.models import TEXT_FIELDS, Activity, Plan, Section
from plan_extract.normalize import YEAR, caseless_unaccented, printed_text
from plan_extract.numbering import dotted, number_parts, sibling_steps

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# --- vocabulary (Spanish, folded: lower case, no accents) ----------------------------------------

END_WORDS: tuple[str, ...] = ("finalizar", "fin", "final", "finales", "cierre", "termino")
"""Words that state a time without a date ('al cierre'), for `has_time`."""
NUMBER_WORDS: tuple[str, ...] = (
    "un", "una", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
    "diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete",
    "dieciocho", "diecinueve", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta",
    "setenta", "ochenta", "noventa", "cien", "ciento", "mil", "todas", "todos", "ambos",
    "ambas", "varios", "varias",
)  # fmt: skip
QUANTITY_PHRASES: tuple[str, ...] = ("al menos", "como minimo", "minimo", "maximo", "por ciento")
PERIODIC_WORDS: tuple[str, ...] = ("anual", "anualmente", "semestral", "trimestral", "mensual",
                                   "al ano", "por ano", "cada ano")  # fmt: skip

SIGNATURE_LEAD_DAYS = 60
"""A signature more than this many days before the approval it belongs to is reported."""

DEADLINE_FIELDS: tuple[str, ...] = ("target", "indicator")
EMPTY_FIELD_SEVERITY: dict[str, Severity] = {
    "activity": "error",
    "responsible": "warning",
    "verification": "warning",
    "indicator": "warning",
    "target": "warning",
    "collaborators": "info",
}
BRACKET_PAIRS: tuple[tuple[str, str], ...] = (("(", ")"), ("“", "”"), ("«", "»"), ("[", "]"))


_PERIODS = phrase_alternation(list(date_grammar().period_of))
_MONTH = phrase_alternation(list(date_grammar().month_of))
_NUMBER_WORD = phrase_alternation(NUMBER_WORDS)
_QUANTITY_PHRASE = phrase_alternation(QUANTITY_PHRASES)
_QUANTITY = re.compile(rf"\d|%|\b(?:{_NUMBER_WORD})\b|\b(?:{_QUANTITY_PHRASE})\b")
_TIME = re.compile(
    rf"{YEAR.pattern}|\b(?:{_PERIODS})\b|\b(?:{_MONTH})\b"
    rf"|\b(?:{phrase_alternation(END_WORDS)})\b|\b(?:{phrase_alternation(PERIODIC_WORDS)})\b"
)


def deadline_years(text: str) -> list[int]:
    """Years that `text` sets as a deadline ("al cuarto trimestre 2023"), not data years."""
    return [
        stated.deadline.year
        for stated in find_deadlines(printed_text(text))
        if stated.firm and stated.deadline.year is not None
    ]


def has_quantity(text: str) -> bool:
    return bool(_QUANTITY.search(caseless_unaccented(text)))


def has_time(text: str) -> bool:
    return bool(_TIME.search(caseless_unaccented(text)))


def parse_spanish_dates(text: str) -> list[dt.date]:
    """Dates written "14 de noviembre de 2023" (as approvals are), in order."""
    return calendar_dates(printed_text(text))


def _parse_timestamp(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


# --- findings ---------------------------------------------------------------------------------


@dataclass
class Finding:
    severity: Severity
    check: str
    section: str | None
    activity_number: str | None
    activity: str | None
    row: int | None
    """1-based position of the activity within its section."""
    field: str | None
    page: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _page(activity: Activity, name: str | None) -> int | None:
    pieces = activity.provenance.get(name or "") or []
    if pieces:
        return min(p.page for p in pieces)
    return activity.pages[0] if activity.pages else None


def _finding(
    severity: Severity,
    check: str,
    section: Section,
    row: int | None,
    activity: Activity | None,
    name: str | None,
    message: str,
) -> Finding:
    return Finding(
        severity=severity,
        check=check,
        section=section.name,
        activity_number=activity.activity_number if activity else None,
        activity=activity.activity if activity else None,
        row=row,
        field=name,
        page=_page(activity, name) if activity else (section.pages[0] if section.pages else None),
        message=message,
    )


def check_numbering(section: Section) -> list[Finding]:
    """Duplicates, gaps, out-of-order numbers, and numbers that disagree with their parent."""
    out: list[Finding] = []
    acts = section.activities
    seen: dict[str, int] = {}
    for row, a in enumerate(acts, start=1):
        for name, value in (
            ("activity_number", a.activity_number),
            ("objective_number", a.objective_number),
            ("strategic_action_number", a.strategic_action_number),
        ):
            if value and number_parts(value) is None:
                out.append(
                    _finding(
                        "warning",
                        "malformed_number",
                        section,
                        row,
                        a,
                        name,
                        f"{name} {value!r} is not a dotted number",
                    )
                )
        if a.activity_number and a.activity_number in seen:
            out.append(
                _finding(
                    "error",
                    "duplicate_number",
                    section,
                    row,
                    a,
                    "activity_number",
                    f"activity number {a.activity_number} is used twice in the section "
                    f"(also row {seen[a.activity_number]}: "
                    f"{_short(acts[seen[a.activity_number] - 1].activity)})",
                )
            )
        elif a.activity_number:
            seen[a.activity_number] = row
        out += _parent_findings(section, row, a)

    out += _sequence_findings(section, "activity_number", "activity")
    out += _sequence_findings(section, "objective_number", "objective")
    out += _sequence_findings(section, "strategic_action_number", "strategic action")
    return out


def _parent_findings(section: Section, row: int, a: Activity) -> list[Finding]:
    out = []
    checks = (
        ("activity_number", a.activity_number, "objective", a.objective_number),
        ("objective_number", a.objective_number, "strategic action", a.strategic_action_number),
    )
    for name, child, parent_label, parent in checks:
        c, p = number_parts(child), number_parts(parent)
        if c is None or p is None:
            continue
        if c[:-1] != p:
            out.append(
                _finding(
                    "error",
                    "parent_mismatch",
                    section,
                    row,
                    a,
                    name,
                    f"{name.replace('_', ' ')} {child} does not belong to its "
                    f"{parent_label} {parent} (expected {parent}.x)",
                )
            )
    return out


def _sequence_findings(section: Section, name: str, label: str) -> list[Finding]:
    """Siblings (same prefix) should count 1, 2, 3 ... in reading order."""
    return [
        _finding(
            "warning",
            "numbering_gap" if step.is_gap else "numbering_order",
            section,
            step.row,
            step.activity,
            name,
            f"{label} {dotted(step.number)} {step.where}: {', '.join(step.missing)} missing"
            if step.is_gap
            else f"{label} {dotted(step.number)} {step.where}",
        )
        for step in sibling_steps(section, name)
    ]


def check_deadlines(section: Section, plan_year: int | None) -> list[Finding]:
    """Deadlines in targets and indicators that fall before the plan's own year."""
    if plan_year is None:
        return []
    out = []
    for row, a in enumerate(section.activities, start=1):
        for name in DEADLINE_FIELDS:
            stale = sorted({y for y in deadline_years(getattr(a, name)) if y < plan_year})
            if stale:
                years = ", ".join(map(str, stale))
                out.append(
                    _finding(
                        "warning",
                        "stale_deadline",
                        section,
                        row,
                        a,
                        name,
                        f"{name} has a deadline in {years}, before the plan year {plan_year}: "
                        f"{_short(getattr(a, name), 120)}",
                    )
                )
    return out


def check_cells(section: Section) -> list[Finding]:
    """Empty accountability cells, unmeasurable targets and unbalanced brackets or quotes."""
    out = []
    for row, a in enumerate(section.activities, start=1):
        for name, severity in EMPTY_FIELD_SEVERITY.items():
            if not printed_text(getattr(a, name)):
                out.append(
                    _finding(severity, "empty_field", section, row, a, name, f"{name} is empty")
                )
        target = printed_text(a.target)
        if target and not has_quantity(target) and not has_time(target):
            out.append(
                _finding(
                    "warning",
                    "target_unmeasurable",
                    section,
                    row,
                    a,
                    "target",
                    f"target states neither a quantity nor a deadline: {_short(target, 120)}",
                )
            )
        for name in TEXT_FIELDS:
            text = printed_text(getattr(a, name))
            for opening, closing in BRACKET_PAIRS:
                opened, closed = text.count(opening), text.count(closing)
                if opened != closed:
                    out.append(
                        _finding(
                            "info",
                            "unbalanced_brackets",
                            section,
                            row,
                            a,
                            name,
                            f"{name} has {opened} '{opening}' but {closed} '{closing}'",
                        )
                    )
    return out


def check_signatures(plan: Plan, lead_days: int = SIGNATURE_LEAD_DAYS) -> list[Finding]:
    """Signatures dated after the approval or long before it; unsigned sections if any is signed."""
    out: list[Finding] = []
    approvals = parse_spanish_dates(plan.document.approval or "")
    approval = approvals[-1] if approvals else None
    signed_any = any(s.signature and s.signature.signed_at for s in plan.sections)
    for section in plan.sections:
        signature = section.signature
        signed = _parse_timestamp(signature.signed_at if signature else None)
        page = signature.page if signature and signature.page else None
        if signed is None:
            if signed_any:
                out.append(
                    Finding(
                        "info",
                        "unsigned_section",
                        section.name,
                        None,
                        None,
                        None,
                        "signature",
                        page or (section.pages[-1] if section.pages else None),
                        "section shows no signature while other sections are signed",
                    )
                )
            continue
        if approval is None:
            continue
        days = (approval - signed).days
        if days < 0:
            message = f"signed {signed.isoformat()}, {-days} days after the approval ({approval})"
            out.append(_signature_finding(section, page, "signature_after_approval", message))
        elif days > lead_days:
            message = (
                f"signed {signed.isoformat()}, {days} days before the approval ({approval}); "
                "the approved text may not be the signed one"
            )
            out.append(_signature_finding(section, page, "signature_before_approval", message))
    return out


def _signature_finding(section: Section, page: int | None, check: str, message: str) -> Finding:
    return Finding("warning", check, section.name, None, None, None, "signature", page, message)


def audit_plan(plan: Plan, *, signature_lead_days: int = SIGNATURE_LEAD_DAYS) -> list[Finding]:
    """All findings, in reading order (document, then each section's rows)."""
    plan_year = plan.document.year or dominant_year(plan)
    findings: list[Finding] = []
    for section in plan.sections:
        found = check_numbering(section) + check_deadlines(section, plan_year)
        found += check_cells(section)
        findings += sorted(found, key=lambda f: (f.row or 0, SEVERITIES.index(f.severity)))
    signature_findings = check_signatures(plan, signature_lead_days)
    order = {s.name: i for i, s in enumerate(plan.sections)}
    findings += signature_findings
    findings.sort(key=lambda f: order.get(f.section or "", -1))  # stable: rows stay in order
    return findings


def _short(text: str, width: int = 60) -> str:
    text = printed_text(text)
    return text if len(text) <= width else text[: width - 1] + "…"


# --- output -----------------------------------------------------------------------------------


def summary(findings: list[Finding]) -> dict[str, Any]:
    return {
        "findings": len(findings),
        "by_severity": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
        "by_check": dict(sorted(Counter(f.check for f in findings).items())),
    }


def audit_report(plan: Plan, findings: list[Finding]) -> dict[str, Any]:
    return {
        "source": plan.source,
        "document": plan.document.model_dump(),
        "summary": summary(findings),
        "findings": [f.to_dict() for f in findings],
    }


def render_markdown(plan: Plan, findings: list[Finding]) -> str:
    s = summary(findings)
    sev = s["by_severity"]
    title = plan.document.title or plan.source or "plan"
    lines = [
        f"# Audit: {title}",
        "",
        f"{s['findings']} findings: {sev['error']} errors, {sev['warning']} warnings, "
        f"{sev['info']} notes.",
        "",
    ]
    grouped: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        grouped[f.section].append(f)
    for name, items in grouped.items():
        lines += [f"## {name or 'Document'}", ""]
        lines += ["| severity | activity | field | page | finding |", "|---|---|---|---|---|"]
        for f in items:
            who = f.activity_number or (f"row {f.row}" if f.row else "")
            if f.activity and not f.activity_number:
                who = f"row {f.row}: {_short(f.activity, 40)}"
            lines.append(
                f"| {f.severity} | {_cell(who)} | {f.field or ''} | {f.page or ''} | "
                f"{_cell(f.message)} |"
            )
        lines.append("")
    if not findings:
        lines.append("No findings.")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_audit(plan: Plan, findings: list[Finding], out_dir: str | Path) -> list[Path]:
    """audit.json and audit.md in `out_dir` (atomic)."""
    return write_texts(
        out_dir,
        {
            "audit.json": json_text(audit_report(plan, findings)),
            "audit.md": render_markdown(plan, findings),
        },
    )
