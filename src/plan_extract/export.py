"""Stage 7 — write a Plan as JSON (document → sections → activities) and CSV (one row per
activity). Files are written to a temporary name and renamed, so a failure leaves no partial
output behind (`files.write_texts`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from plan_extract.files import write_texts
from plan_extract.models import CONTRACT_FIELDS, Plan
from plan_extract.review import activity_checks, review_markdown

CSV_COLUMNS: tuple[str, ...] = (
    "section",
    *CONTRACT_FIELDS,
    "pages",
    "needs_review",
    "review_checks",
)
"""`needs_review` is `true` on a row a warning/error finding names, and on every row when
one names no activity; `review_checks` lists the checks that fired on it (space-separated)."""


def plan_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def plan_csv(plan: Plan) -> str:
    per_activity, unlocated = activity_checks(plan.review)

    def checks(activity) -> list[str]:
        own = per_activity.get(activity.activity_id, [])
        return [*own, *(c for c in unlocated if c not in own)]

    rows = (
        {
            "section": section.name,
            **activity.contract(),
            "pages": " ".join(map(str, activity.pages)),
            "needs_review": "true" if checks(activity) else "false",
            "review_checks": " ".join(checks(activity)),
        }
        for section, activity in plan.activities()
    )
    return csv_text(CSV_COLUMNS, ({k: "" if v is None else v for k, v in r.items()} for r in rows))


def csv_text(columns: Iterable[str], rows: Iterable[dict]) -> str:
    """CSV of dict rows; keys outside `columns` are left out."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def plan_texts(plan: Plan, stem: str) -> dict[str, str]:
    """The output files of one plan: `<stem>.json`, `<stem>.csv`, and `<stem>.review.md` when
    the plan needs review."""
    texts = {f"{stem}.json": plan_json(plan), f"{stem}.csv": plan_csv(plan)}
    if plan.review.status != "ok":
        texts[f"{stem}.review.md"] = review_markdown(plan)
    return texts


def write_plan(plan: Plan, out_dir: Path, stem: str) -> list[Path]:
    """Write DIR/<stem>.json and DIR/<stem>.csv (and DIR/<stem>.review.md when doubtful)."""
    return write_texts(out_dir, plan_texts(plan, stem))
