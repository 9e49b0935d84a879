"""The output schema. These pydantic models are the single source of truth for JSON, CSV and
the exported JSON Schema; every other stage produces or consumes them. They import nothing
else from the package (the tidy tables are `plan_extract.to_frames(plan)`), so any module can
import them without a cycle."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from plan_extract.geometry import BBox

CONTRACT_FIELDS: tuple[str, ...] = (
    "strategic_action_number",
    "strategic_action",
    "objective_number",
    "objective",
    "activity_number",
    "activity",
    "collaborators",
    "responsible",
    "indicator",
    "target",
    "verification",
)
"""Field names shared with the ground truth; never rename, only add."""

TEXT_FIELDS: tuple[str, ...] = tuple(f for f in CONTRACT_FIELDS if not f.endswith("_number"))
"""The contract fields that hold cell text (the others hold printed item numbers)."""

NUMBERED_FIELDS: dict[str, str] = {
    name: f"{name}_number" for name in TEXT_FIELDS if f"{name}_number" in CONTRACT_FIELDS
}
"""The text fields printed with an item number of their own, and that number's field
(`strategic_action` → `strategic_action_number`, `objective`, `activity`)."""


class Piece(BaseModel):
    """One printed fragment of a value: where it sits and what it says."""

    page: int = Field(description="1-based page number")
    bbox: BBox = Field(description="x0, top, x1, bottom in PDF points, origin top-left")
    text: str


Comparator = Literal["at_least", "at_most", "exactly", "more_than", "less_than", "percent"]


class Deadline(BaseModel):
    """When a target is due, as written and as a resolved period (filled by `enrich`)."""

    text: str = Field(description="the words stating the deadline, as printed")
    year: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    semester: int | None = Field(None, ge=1, le=2)
    month: int | None = Field(None, ge=1, le=12)
    date: dt.date | None = Field(None, description="a calendar date printed as such")
    due: dt.date | None = Field(
        None, description="last day of the stated period; null when no year is printed"
    )


class Commitment(BaseModel):
    """One measurable promise inside a target cell; `text` is the part it was parsed from."""

    text: str
    comparator: Comparator | None = Field(None, description="null when no quantity is stated")
    quantity: int | None = None
    quantity_text: str | None = Field(None, description="the number as printed: '10', 'cuatro'")
    unit: str | None = Field(None, description="what is counted: 'sesiones de trabajo'")
    percent: float | None = None
    deadline: Deadline | None = None
    unparsed: list[str] = Field(
        default_factory=list, description="fragments that look like data but were not parsed"
    )


class InstitutionMention(BaseModel):
    """One institution named in a collaborators/responsible cell, matched to the gazetteer."""

    role: Literal["collaborator", "responsible"]
    text: str = Field(description="the name as printed")
    institution_id: str | None = Field(None, description="gazetteer id; null when unknown")
    name: str | None = None
    acronym: str | None = None
    suggestion: str | None = Field(
        None, description="closest gazetteer id for an unknown name (fuzzy); never applied"
    )


class Activity(BaseModel):
    """One activity row of a plan, with its strategic action and objective resolved."""

    model_config = ConfigDict(extra="forbid")

    strategic_action_number: str | None = None
    strategic_action: str = ""
    objective_number: str | None = None
    objective: str = ""
    activity_number: str | None = None
    activity: str = ""
    collaborators: str = ""
    responsible: str = ""
    indicator: str = ""
    target: str = ""
    verification: str = ""
    pages: list[int] = Field(default_factory=list)
    provenance: dict[str, list[Piece]] = Field(
        default_factory=dict, description="contract field -> printed pieces it was built from"
    )
    activity_id: str | None = Field(
        None, description="stable key 'section-slug:number:hash' (see docs/data-exports.md)"
    )
    indicators: list[str] = Field(default_factory=list, description="`indicator` split")
    targets: list[Commitment] = Field(default_factory=list, description="`target` parsed")
    institutions: list[InstitutionMention] = Field(default_factory=list)

    def contract(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in CONTRACT_FIELDS}


class Signature(BaseModel):
    signer: str | None = None
    signed_at: str | None = Field(None, description="ISO 8601 with UTC offset")
    source: str | None = Field(None, description="'stamp' (visible text) or 'field' (/Sig)")
    page: int | None = None


class Section(BaseModel):
    name: str = Field(description="canonical section name")
    heading_as_printed: str | None = None
    general_objective: str | None = None
    columns_as_printed: list[str] = Field(default_factory=list)
    signature: Signature | None = None
    pages: list[int] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)


class Document(BaseModel):
    title: str | None = None
    organization: str | None = None
    year: int | None = None
    country: str | None = None
    approval: str | None = None


class UnassignedWord(BaseModel):
    """A word inside a table region that no output field took: reported, never dropped."""

    page: int
    bbox: BBox
    text: str
    reason: str


FurnitureKind = Literal[
    "running_header",
    "running_footer",
    "page_number",
    "stamp",
    "clipped_line",
    "title",
    "cover",
    "heading",
    "general_objective",
    "column_header",
]
METADATA_KINDS: frozenset[str] = frozenset(
    {"cover", "heading", "general_objective", "column_header"}
)
"""Furniture kinds whose words are section or document metadata (the rest is page furniture:
running lines, page numbers, signature stamps, title rows)."""


class FurnitureWord(BaseModel):
    """A word printed outside the activity cells that the pipeline recognised: page furniture
    (running header/footer, page number, signature stamp, title row) or the words the section
    and document metadata were read from (cover, heading, general objective, column headers).
    Kept so that every word read can be accounted for and inspected."""

    page: int
    bbox: BBox
    text: str
    kind: FurnitureKind
    section: str | None = Field(None, description="canonical section name, when one applies")


Severity = Literal["info", "warning", "error"]


class Finding(BaseModel):
    """One reason to doubt (part of) an extraction, found by a check independent of the stage
    that produced the value. `warning` and `error` make the document `needs_review`."""

    check: str = Field(description="the check that fired, e.g. 'word_accounting'")
    severity: Severity
    section: str | None = Field(None, description="canonical section name, when one applies")
    activity_id: str | None = Field(None, description="the activity it concerns, when one")
    field: str | None = Field(None, description="the contract field it concerns, when one")
    page: int | None = Field(None, description="1-based page, when one applies")
    message: str


class Review(BaseModel):
    """Whether the output can be trusted: `needs_review` exactly when a finding (severity
    `warning` or `error`) exists. Observations of severity `info` (a line end the document
    settles, words in a page margin) are kept apart in `notes`, so that every entry of
    `findings` is a reason to check the value it names; an `info` doubt that no evidence can
    settle on a named activity's field (a hyphen line end printed both ways in the plans)
    stays in `findings`, without making the document `needs_review`."""

    status: Literal["ok", "needs_review"] = "ok"
    findings: list[Finding] = Field(default_factory=list)
    notes: list[Finding] = Field(
        default_factory=list, description="findings of severity info that need no check"
    )
    words: dict[str, int] = Field(
        default_factory=dict,
        description="word accounting: 'read' (every word of every page), then how many ended "
        "in each place ('field', 'unassigned', each furniture kind), 'lost' (in no place) and "
        "'doubled' (in two); read equals the sum of the places when nothing is lost",
    )


WarningStage = Literal["records", "enrich", "unknown"]


class StageWarning(BaseModel):
    """Something a stage worked around rather than did: a column whose label is not in the
    vocabulary (its words go to `unassigned`), an institution not in the gazetteer, a target
    part not parsed. A note for whoever keeps the vocabularies, not a doubt about a value
    (doubts are `review` findings). Outputs written before warnings were typed held plain
    strings; they are read back as stage `unknown`, code `untyped`."""

    stage: WarningStage = Field(description="the stage that raised it")
    code: str = Field(description="what happened, e.g. 'unknown_column', 'unparsed_target'")
    section: str | None = Field(None, description="canonical section name, when one applies")
    activity_id: str | None = Field(None, description="the activity it concerns, when one")
    page: int | None = Field(None, description="1-based page, when one applies")
    message: str

    def __str__(self) -> str:
        return f"{self.stage}: {self.message}"


class Plan(BaseModel):
    source: str | None = Field(None, description="file name of the PDF it was extracted from")
    document: Document = Field(default_factory=Document)
    sections: list[Section] = Field(default_factory=list)
    unassigned: list[UnassignedWord] = Field(default_factory=list)
    furniture: list[FurnitureWord] = Field(
        default_factory=list,
        description="words outside the activity cells: page furniture and metadata sources",
    )
    warnings: list[StageWarning] = Field(default_factory=list)
    review: Review = Field(default_factory=Review)

    @field_validator("warnings", mode="before")
    @classmethod
    def _typed_warnings(cls, value: object) -> object:
        """Plain-string warnings of older outputs, read as untyped ones (so last year's JSON
        still loads for `diff`)."""
        if not isinstance(value, list):
            return value
        return [
            {"stage": "unknown", "code": "untyped", "message": w} if isinstance(w, str) else w
            for w in value
        ]

    def activities(self) -> list[tuple[Section, Activity]]:
        return [(section, activity) for section in self.sections for activity in section.activities]
