"""Stage 7 — write a Plan as JSON (document → sections → activities) and CSV (one row per
activity). Files are written to a temporary name and renamed, so a failure leaves no partial
output behind."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from plan_extract.models import CONTRACT_FIELDS, Plan

CSV_COLUMNS: tuple[str, ...] = ("section", *CONTRACT_FIELDS, "pages")


def plan_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def plan_csv(plan: Plan) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for section, activity in plan.activities():
        row = {
            "section": section.name,
            **activity.contract(),
            "pages": " ".join(map(str, activity.pages)),
        }
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_plan(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write DIR/<stem>.json and DIR/<stem>.csv; both texts are built before either is written."""
    outputs = {out_dir / f"{stem}.json": plan_json(plan), out_dir / f"{stem}.csv": plan_csv(plan)}
    for path, text in outputs.items():
        write_atomic(path, text)
    return list(outputs)
