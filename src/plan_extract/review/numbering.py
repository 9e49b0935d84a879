"""Numbering consistent down the hierarchy."""

from __future__ import annotations

from plan_extract.models import CONTRACT_FIELDS, TEXT_FIELDS, Finding, Plan
from plan_extract.review.context import _finding, _first_page, _parts
from plan_extract.review.stray_words import skipped_rows_findings


def numbering_findings(plan: Plan) -> list[Finding]:
    """An item number that is not one (words in a number field: a narrow number column
    given a merged cell's words), an activity's number one level under its objective's, an
    objective's one level under its action's (two numbers run together are deeper), within
    a section no number smaller than the one before (a repeated number is a source anomaly,
    left to the audit), and no skipped action or objective number (`skipped_rows_findings`;
    a skipped activity number is left to the audit)."""
    findings = []
    for section in plan.sections:
        findings += skipped_rows_findings(section)
        previous: dict[str, tuple[int, ...]] = {}
        for activity in section.activities:
            action = _parts(activity.strategic_action_number)
            objective = _parts(activity.objective_number)
            number = _parts(activity.activity_number)
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
                and _parts(value) is None
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
