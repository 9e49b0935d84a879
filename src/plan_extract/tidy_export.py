"""Tidy tables of an enriched plan, and their CSV, Excel and Parquet files.

Four long-format tables share the key `activity_id` (see `plan_extract.enrich`):
activities (one row per activity), targets (one per parsed commitment), indicators (one per
split indicator) and institutions (one per institution mention). Column names and dtypes are
declared once in `COLUMNS`, so every format reads back to frames equal to `plan_frames`.
Empty text is stored as missing, because CSV and Excel cannot tell '' from a blank cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter
from pandas.api.types import pandas_dtype

from plan_extract.enrich import enrich
from plan_extract.models import CONTRACT_FIELDS, Activity, Plan

_DATE = "datetime64[s]"

COLUMNS: dict[str, dict[str, str]] = {
    "activities": {
        "activity_id": "string",
        "position": "Int64",
        "section": "string",
        **dict.fromkeys(CONTRACT_FIELDS, "string"),
        "pages": "string",
    },
    "targets": {
        "activity_id": "string",
        "target_index": "Int64",
        "text": "string",
        "comparator": "string",
        "quantity": "Int64",
        "quantity_text": "string",
        "unit": "string",
        "percent": "Float64",
        "deadline_text": "string",
        "deadline_year": "Int64",
        "deadline_quarter": "Int64",
        "deadline_semester": "Int64",
        "deadline_month": "Int64",
        "deadline_date": _DATE,
        "deadline_due": _DATE,
        "unparsed": "string",
    },
    "indicators": {
        "activity_id": "string",
        "indicator_index": "Int64",
        "text": "string",
    },
    "institutions": {
        "activity_id": "string",
        "role": "string",
        "mention_index": "Int64",
        "text": "string",
        "institution_id": "string",
        "acronym": "string",
        "name": "string",
        "known": "boolean",
        "suggestion": "string",
    },
}
"""Table name -> column -> pandas dtype. Index columns count from 1 within an activity."""

FORMATS: tuple[str, ...] = ("csv", "xlsx", "parquet", "json")
UNPARSED_SEPARATOR = " | "


def plan_frames(plan: Plan) -> dict[str, pd.DataFrame]:
    """The four tidy tables of `plan`, enriched first so they always match its text."""
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for position, (section, activity) in enumerate(enrich(plan).activities(), start=1):
        rows["activities"].append(_activity_row(position, section.name, activity))
        rows["targets"] += _target_rows(activity)
        rows["indicators"] += [
            {"activity_id": activity.activity_id, "indicator_index": i, "text": text}
            for i, text in enumerate(activity.indicators, start=1)
        ]
        rows["institutions"] += [
            {
                "activity_id": activity.activity_id,
                "mention_index": i,
                **mention.model_dump(),
                "known": mention.institution_id is not None,
            }
            for i, mention in enumerate(activity.institutions, start=1)
        ]
    return {name: _typed(pd.DataFrame(rows[name]), name) for name in COLUMNS}


def _activity_row(position: int, section: str, activity: Activity) -> dict:
    return {
        "activity_id": activity.activity_id,
        "position": position,
        "section": section,
        **activity.contract(),
        "pages": ";".join(str(page) for page in activity.pages),
    }


def _target_rows(activity: Activity) -> list[dict]:
    rows = []
    for i, commitment in enumerate(activity.targets, start=1):
        deadline = commitment.deadline
        row = {
            "activity_id": activity.activity_id,
            "target_index": i,
            **commitment.model_dump(exclude={"deadline", "unparsed"}),
            "unparsed": UNPARSED_SEPARATOR.join(commitment.unparsed),
        }
        if deadline is not None:
            row.update({f"deadline_{key}": value for key, value in deadline.model_dump().items()})
        rows.append(row)
    return rows


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """`frame` with exactly the declared columns and dtypes; '' becomes missing."""
    columns = COLUMNS[table]
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for column, dtype in columns.items():
        values = frame[column] if column in frame else pd.Series([None] * len(frame))
        values = values.reset_index(drop=True)
        typed: pd.Series
        if dtype == "string":
            typed = values.astype("string").replace({"": pd.NA})
        elif dtype == "boolean":
            typed = values.map(_boolean, na_action="ignore").astype("boolean")
        elif dtype == _DATE:
            typed = pd.to_datetime(values).astype(pandas_dtype(_DATE))
        else:
            typed = pd.to_numeric(values).astype(pandas_dtype(dtype))
        out[column] = typed
    return out


def _boolean(value: object) -> bool:
    """Booleans as read back from any format (bool, 1.0/0.0, 'True'/'False')."""
    return value in (True, 1, "True", "true", "TRUE", "1")


# --- files -----------------------------------------------------------------------------------


def write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """One sheet per table, header row frozen and filtered, columns sized to their content.

    Text that starts with '=' is stored as text, never as a formula."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl", datetime_format="YYYY-MM-DD") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for index, column in enumerate(sheet.iter_cols(), start=1):
                for cell in column:
                    if cell.data_type == "f":
                        cell.data_type = "s"
                longest = max(len(str(cell.value or "")) for cell in column)
                sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, 60)
    return path


def read_xlsx(path: Path) -> dict[str, pd.DataFrame]:
    """Frames back from `write_xlsx`, typed as `plan_frames` returns them."""
    sheets = pd.read_excel(path, sheet_name=list(COLUMNS), dtype=object, engine="openpyxl")
    return {name: _typed(sheets[name], name) for name in COLUMNS}


def write_csv(frames: dict[str, pd.DataFrame], directory: Path) -> list[Path]:
    """DIRECTORY/<table>.csv, UTF-8, empty field for missing."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.csv" for name in frames]
    for path, frame in zip(paths, frames.values(), strict=True):
        frame.to_csv(path, index=False, date_format="%Y-%m-%d")
    return paths


def read_csv(directory: Path) -> dict[str, pd.DataFrame]:
    """Frames back from `write_csv`."""
    return {
        name: _typed(
            pd.read_csv(
                directory / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""]
            ),
            name,
        )
        for name in COLUMNS
    }


def write_parquet(frames: dict[str, pd.DataFrame], directory: Path) -> list[Path]:
    """DIRECTORY/<table>.parquet (pyarrow)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.parquet" for name in frames]
    for path, frame in zip(paths, frames.values(), strict=True):
        frame.to_parquet(path, index=False)
    return paths


def read_parquet(directory: Path) -> dict[str, pd.DataFrame]:
    """Frames back from `write_parquet`."""
    return {name: _typed(pd.read_parquet(directory / f"{name}.parquet"), name) for name in COLUMNS}


def write_tables(plan: Plan, out_dir: Path, stem: str, formats: Iterable[str]) -> list[Path]:
    """Write the enriched plan in each format: OUT/<stem>.xlsx, OUT/<stem>.json, and the
    tables as OUT/<stem>/<table>.csv and OUT/<stem>/<table>.parquet."""
    formats = list(formats)
    if unknown := [f for f in formats if f not in FORMATS]:
        raise ValueError(f"unknown format(s) {unknown}; choose from {', '.join(FORMATS)}")
    frames = plan_frames(plan)
    written: list[Path] = []
    if "xlsx" in formats:
        written.append(write_xlsx(frames, out_dir / f"{stem}.xlsx"))
    if "csv" in formats:
        written += write_csv(frames, out_dir / stem)
    if "parquet" in formats:
        written += write_parquet(frames, out_dir / stem)
    if "json" in formats:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{stem}.json"
        path.write_text(enrich(plan).model_dump_json(indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
