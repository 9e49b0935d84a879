"""The output schema. These pydantic models are the single source of truth for JSON, CSV and
the exported JSON Schema; every other stage produces or consumes them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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

BBox = tuple[float, float, float, float]


class Piece(BaseModel):
    """One printed fragment of a value: where it sits and what it says."""

    page: int = Field(description="1-based page number")
    bbox: BBox = Field(description="x0, top, x1, bottom in PDF points, origin top-left")
    text: str


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


class Plan(BaseModel):
    source: str | None = Field(None, description="file name of the PDF it was extracted from")
    document: Document = Field(default_factory=Document)
    sections: list[Section] = Field(default_factory=list)
    unassigned: list[UnassignedWord] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def activities(self) -> list[tuple[Section, Activity]]:
        return [(section, activity) for section in self.sections for activity in section.activities]
