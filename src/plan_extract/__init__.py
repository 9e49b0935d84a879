"""plan-extract: signed PDF work plans -> verified, structured data."""

from pathlib import Path

from plan_extract.models import Activity, Document, Plan, Section

__all__ = ["Activity", "Document", "Plan", "Section", "extract", "load_plan"]


def extract(path: str, **options: object) -> Plan:
    """Extract a plan PDF into a `Plan` (see `plan_extract.pipeline.extract_plan`)."""
    from plan_extract.pipeline import extract_plan

    return extract_plan(path, **options)  # type: ignore[arg-type]


def load_plan(path: str | Path) -> Plan:
    """A `Plan` from a PDF (extracted) or from a JSON file written by `plan-extract extract`."""
    from plan_extract.pipeline import load_plan as _load

    return _load(path)
