"""The enrich stage: derive structured data from the text fields of an extracted plan.

`enrich(plan)` returns a new Plan whose activities carry a stable `activity_id`, their
`indicators` split, their `targets` parsed into commitments and their `collaborators` and
`responsible` matched to the institution gazetteer. It reads only the contract text fields,
so it can run on a fresh extraction or on a saved JSON, and running it twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re

from plan_extract.dates import date_grammar
from plan_extract.institutions import Gazetteer, default_gazetteer, match_institutions
from plan_extract.models import Activity, Plan, Section, StageWarning
from plan_extract.normalize import fold_keeping_offsets, mask_years, printed_text
from plan_extract.targets import grammar, parse_target, split_indicators


def section_slug(name: str) -> str:
    """'Subcomisión de Promoción y Prevención' -> 'subcomision-de-promocion-y-prevencion'."""
    return re.sub(r"[^a-z0-9]+", "-", fold_keeping_offsets(name)).strip("-") or "section"


def activity_hash(text: str) -> str:
    """Six hex digits of SHA-1 over the activity text, normalised so that whitespace, case and
    the year numbers (rolled forward every plan) do not change it."""
    normal = mask_years(printed_text(text).casefold(), "####")
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:6]


def activity_id(section: Section, activity: Activity) -> str:
    """'section-slug:number:hash'; the number is '-' when the plan prints none."""
    number = activity.activity_number or "-"
    return f"{section_slug(section.name)}:{number}:{activity_hash(activity.activity)}"


def enrich(plan: Plan, gazetteer: Gazetteer | None = None) -> Plan:
    """A copy of `plan` with ids, indicators, targets and institutions filled in.

    Ids repeated within the plan (same section, number and text) get '-2', '-3'... in
    document order. Unknown institutions and unparsed target fragments are added to
    `warnings` (once each). The copies are shallow: what enrich leaves as it was (provenance,
    pages, unassigned words) is shared with `plan`, not copied (a deep copy of every activity
    cost as much as the rest of the stage)."""
    seen: dict[str, int] = {}
    warnings = list(plan.warnings)
    sections = []
    for section in plan.sections:
        activities = []
        for activity in section.activities:
            base = activity_id(section, activity)
            seen[base] = seen.get(base, 0) + 1
            enriched = activity.model_copy(
                update={
                    "activity_id": base if seen[base] == 1 else f"{base}-{seen[base]}",
                    "indicators": split_indicators(activity.indicator),
                    "targets": parse_target(activity.target),
                    "institutions": [
                        *match_institutions(activity.collaborators, "collaborator", gazetteer),
                        *match_institutions(activity.responsible, "responsible", gazetteer),
                    ],
                },
            )
            warnings += [w for w in _warnings(section, enriched) if w not in warnings]
            activities.append(enriched)
        sections.append(section.model_copy(update={"activities": activities}))
    return plan.model_copy(update={"sections": sections, "warnings": warnings})


def load_resources() -> None:
    """Load what enriching reads once per process: the gazetteer, the target and date grammars
    (patterns built from the vocabulary) and the fuzzy matcher that suggests a known name for
    an unknown one (`institutions.suggest`). The extract command's worker does it while a
    helper reads the file (`commands.extract._import_stages`), so that its plan does not
    wait for them: the 2024 plan's first enrichment took 28 ms with them, 11 without."""
    import rapidfuzz.fuzz
    import rapidfuzz.process  # noqa: F401

    default_gazetteer()
    grammar()
    date_grammar()


def _warnings(section: Section, activity: Activity) -> list[StageWarning]:
    """What enrich could not match or parse in `activity`, each a typed warning."""

    def warning(code: str, message: str) -> StageWarning:
        page = activity.pages[0] if activity.pages else None
        return StageWarning(
            stage="enrich",
            code=code,
            section=section.name,
            activity_id=activity.activity_id,
            page=page,
            message=f"{activity.activity_id}: {message}",
        )

    unknown = [
        warning("unknown_institution", f"{m.role} not in the gazetteer: {m.text!r}")
        for m in activity.institutions
        if m.institution_id is None
    ]
    unparsed = [
        warning("unparsed_target", f"target part not parsed: {piece!r}")
        for commitment in activity.targets
        for piece in commitment.unparsed
    ]
    return unknown + unparsed


def unknown_institutions(plan: Plan) -> list[str]:
    """Names in the collaborators/responsible cells that no gazetteer entry covers, sorted,
    each once (`plan` must be enriched)."""
    return sorted(
        {
            mention.text
            for _, activity in plan.activities()
            for mention in activity.institutions
            if mention.institution_id is None
        }
    )


def targets_without_deadline(plan: Plan) -> list[Activity]:
    """Activities whose target states no deadline in any of its commitments (`plan` enriched)."""
    return [
        activity
        for _, activity in plan.activities()
        if not any(commitment.deadline for commitment in activity.targets)
    ]
