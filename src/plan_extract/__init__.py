"""plan-extract: signed PDF work plans -> verified, structured data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

    from plan_extract.models import Activity, Document, Plan, Section
    from plan_extract.pdf.reader import ReadLimits

__all__ = ["Activity", "Document", "Plan", "Section", "extract", "load_plan", "to_frames"]

_MODELS = frozenset({"Activity", "Document", "Plan", "Section"})


def __getattr__(name: str) -> object:
    """The models on first use: the command line imports this package for every command,
    `--help` included, and pydantic's models cost a tenth of a second to build."""
    if name in _MODELS:
        from plan_extract import models

        return getattr(models, name)
    raise AttributeError(f"module 'plan_extract' has no attribute {name!r}")


def extract(
    path: str | Path, password: str | None = None, limits: ReadLimits | None = None
) -> Plan:
    """Extract a plan PDF into a `Plan` (see `plan_extract.pipeline.extract_plan`)."""
    from plan_extract.pipeline import extract_plan

    return extract_plan(path, password=password, limits=limits)


def load_plan(path: str | Path) -> Plan:
    """A `Plan` from a PDF (extracted) or from a JSON file written by `plan-extract extract`."""
    from plan_extract.pipeline import load_plan as _load

    return _load(path)


def to_frames(plan: Plan) -> dict[str, pandas.DataFrame]:
    """Tidy tables (activities, targets, indicators, institutions) of `plan`, enriched first
    (see `plan_extract.tidy_export.plan_frames`)."""
    from plan_extract.tidy_export import plan_frames

    return plan_frames(plan)
