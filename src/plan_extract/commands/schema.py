"""`plan-extract schema`: print the JSON Schema of the output, generated from the models.

Other tools validate `plan-extract` JSON against it; it is never written by hand, so it cannot
drift from what the pipeline produces.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plan_extract.models import Plan

SCHEMA_ID = "https://plan-extract.invalid/schema/plan.json"
"""A stable `$id` naming the document type; not a URL to fetch."""


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a `Plan` as written by `extract` and `export`."""
    schema = Plan.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("schema")
    parser.add_argument("--out", type=Path, help="write to this file instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
