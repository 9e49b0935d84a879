"""Numbering consistent down the hierarchy."""

from __future__ import annotations

from plan_extract.models import (
    CONTRACT_FIELDS,
    NUMBERED_FIELDS,
    TEXT_FIELDS,
    Finding,
    Plan,
    Section,
)
from plan_extract.numbering import dotted, number_parts, sibling_steps
from plan_extract.pdf.text import split_item_number
from plan_extract.review.context import SPANNING_FIELDS, _finding, _first_page

SKIPPED_ROWS_FIELDS = ("strategic_action_number", "objective_number")
"""The number fields whose skipped number is evidence that rows are lost from the PDF
(LibreOffice dropped objective 3.1's table from held-out docx 3535 `04` and printed no word
of it: objective 3.2 first under action 3 is the only trace). No truth skips one (the two
real plans, the 249 documents of the fourteenth round's work batches); a skipped activity
number is a source fact of both real plans (2023: 2.1.2 and 2.2.2 with no .1; 2024: 2.3.8
too), in every document made from them, so it stays the audit's."""


def skipped_rows_findings(section: Section) -> list[Finding]:
    """An action or objective number that skips its siblings' count (`SKIPPED_ROWS_FIELDS`):
    the rows of the numbers skipped may be lost. It names no activity (the ones read are
    not wrong), the page of the first one after the gap. A section's first action is not
    doubted: a plan may number its actions across sections."""
    return [
        _finding(
            "numbering",
            "warning",
            f"{name} {dotted(step.number)} {step.where}: rows of {', '.join(step.missing)} "
            "may be lost",
            section.name,
            None,
            name,
            _first_page(step.activity),
        )
        for name in SKIPPED_ROWS_FIELDS
        for step in sibling_steps(section, name)
        if step.is_gap and (step.before or step.prefix)
    ]


def joined_cell_findings(section: Section) -> list[Finding]:
    """A merged cell's text with a line, after its first, that opens with a later sibling of
    the cell's own number (objective 2.2's text with a line `2.3.` in it): the next merged
    cell's text read into this one, and its rows with it. Every activity given that text is
    doubted, the ones numbered under the cell's own number too: their action or objective
    text is wrong (html Word/HTML 1219 `00`: objective 2.3's cell read into 2.2's across a
    page break; rows 2.3.x under 2.2 were flagged by their numbers, 2.2's own rows, with
    2.3's text in their objective, were not)."""
    findings = []
    for activity in section.activities:
        for name in SPANNING_FIELDS:
            own = number_parts(getattr(activity, NUMBERED_FIELDS[name]))
            if own is None:
                continue
            for piece in activity.provenance.get(name, [])[1:]:
                printed = number_parts(split_item_number(piece.text)[0])
                if printed is None or len(printed) != len(own) or printed[:-1] != own[:-1]:
                    continue
                if printed > own:
                    findings.append(
                        _finding(
                            "numbering",
                            "warning",
                            f"{name}: a line of its text opens with {dotted(printed)}, a later "
                            f"sibling of its number {dotted(own)}: the next merged cell's text "
                            "may have been read into this one",
                            section.name,
                            activity,
                            name,
                            piece.page,
                        )
                    )
                    break
    return findings


def numbering_findings(plan: Plan) -> list[Finding]:
    """An item number that is not one (words in a number field: a narrow number column
    given a merged cell's words), an activity's number one level under its objective's, an
    objective's one level under its action's (two numbers run together are deeper), within
    a section no number smaller than the one before (a repeated number is a source anomaly,
    left to the audit), no skipped action or objective number (`skipped_rows_findings`;
    a skipped activity number is left to the audit), and no merged cell's text with a line
    that opens with a later sibling's number (`joined_cell_findings`)."""
    findings = []
    for section in plan.sections:
        findings += skipped_rows_findings(section)
        findings += joined_cell_findings(section)
        previous: dict[str, tuple[int, ...]] = {}
        for activity in section.activities:
            action = number_parts(activity.strategic_action_number)
            objective = number_parts(activity.objective_number)
            number = number_parts(activity.activity_number)
            page = _first_page(activity)
            findings += [
                _finding(
                    "numbering",
                    "warning",
                    f"{name} “{value}” is not an item number",
                    section.name,
                    activity,
                    name,
                    page,
                )
                for name in CONTRACT_FIELDS
                if name not in TEXT_FIELDS
                and (value := getattr(activity, name))
                and number_parts(value) is None
            ]
            for child, parent, name in (
                (objective, action, "objective_number"),
                (number, objective, "activity_number"),
            ):
                if (
                    child is not None
                    and parent is not None
                    and (child[: len(parent)] != parent or len(child) != len(parent) + 1)
                ):
                    findings.append(
                        _finding(
                            "numbering",
                            "warning",
                            f"{name} {'.'.join(map(str, child))} is not under "
                            f"{'.'.join(map(str, parent))}",
                            section.name,
                            activity,
                            name,
                            page,
                        )
                    )
            for value, name in (
                (action, "strategic_action_number"),
                (objective, "objective_number"),
                (number, "activity_number"),
            ):
                if value is None:
                    continue
                if name in previous and value < previous[name]:
                    findings.append(
                        _finding(
                            "numbering",
                            "warning",
                            f"{name} {'.'.join(map(str, value))} after "
                            f"{'.'.join(map(str, previous[name]))}",
                            section.name,
                            activity,
                            name,
                            page,
                        )
                    )
                previous[name] = value
    return findings
