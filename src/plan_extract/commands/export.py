"""`plan-extract export PLAN.pdf|PLAN.json [...] --out DIR --format csv,xlsx,parquet`.

Enriches each plan (parsed targets, split indicators, institutions, activity ids) and writes
its tidy tables: DIR/<stem>.xlsx, DIR/<stem>/<table>.csv, DIR/<stem>/<table>.parquet and,
with `json`, the enriched DIR/<stem>.json. Names no gazetteer entry covers are listed on
stderr. A failing file is reported and the others are still written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_extract.commands.extract import describe_failure, load_plans, printable
from plan_extract.enrich import enrich, unknown_institutions
from plan_extract.tidy_export import FORMATS, write_tables

DEFAULT_FORMATS = "csv,xlsx,parquet"


def _formats(value: str) -> list[str]:
    formats = [part.strip() for part in value.split(",") if part.strip()]
    if not formats or any(f not in FORMATS for f in formats):
        raise argparse.ArgumentTypeError(f"{value!r}: choose from {', '.join(FORMATS)}")
    return formats


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export")
    parser.add_argument("plans", nargs="+", type=Path, metavar="PLAN", help=".pdf or .json")
    parser.add_argument("--out", type=Path, default=Path("output"), help="default: output")
    parser.add_argument(
        "--format",
        type=_formats,
        default=DEFAULT_FORMATS,
        help=f"comma-separated, from {', '.join(FORMATS)} (default: {DEFAULT_FORMATS})",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    failures = 0
    for path in args.plans:
        try:
            [plan] = load_plans([path])
            plan = enrich(plan)
            written = write_tables(plan, args.out, path.stem, args.format)
        except Exception as exc:  # one bad file must not stop the batch
            failures += 1
            print(printable(f"{path}: error: {describe_failure(exc)}"), file=sys.stderr)
            if args.debug:
                raise
            continue
        print(f"{path}: {', '.join(str(p) for p in written)}")
        for name in unknown_institutions(plan):
            print(f"{path}: institution not in the gazetteer: {name!r}", file=sys.stderr)
    return 1 if failures else 0
