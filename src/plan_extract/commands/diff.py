"""`plan-extract diff OLD NEW --out DIR`: what changed from one plan year to the next.

OLD and NEW are plan PDFs or extracted JSON files: DIR/diff.json, diff.md and diff.csv. When NEW
is a hand-typed sheet (.csv, .tsv, .xlsx), the command is a transcription audit instead: every
cell of the sheet that differs from the plan, with its PDF page, in DIR/transcription.json, .md
and .csv.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_extract.commands.extract import describe_failure, load_plans, printable
from plan_extract.diff import PAIR_THRESHOLD, diff_plans, write_diff
from plan_extract.models import Plan
from plan_extract.report.diff_page import write_diff_page, write_transcription_page
from plan_extract.review import review_warning
from plan_extract.transcription import (
    audit_transcription,
    is_sheet,
    parse_column_map,
    read_sheet,
    write_report,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="plan .pdf or .json")
    parser.add_argument(
        "new", type=Path, metavar="NEW", help="plan .pdf or .json, or a sheet .csv/.tsv/.xlsx"
    )
    parser.add_argument("--out", type=Path, default=Path("output"), help="default: output")
    parser.add_argument(
        "--strict-years",
        action="store_true",
        help="report differences that are only the years moving forward as changes",
    )
    parser.add_argument(
        "--years-delta",
        type=int,
        default=None,
        help="plan-year step for the rollover (default: NEW's year minus OLD's year)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=PAIR_THRESHOLD,
        help="record likeness (0-1) above which two activities are the same (default: %(default)s)",
    )
    parser.add_argument(
        "--columns",
        help="sheet columns to fields: 'Actividad=activity,Meta=target' or a .json file",
    )
    parser.add_argument("--sheet", help="worksheet name of an .xlsx (default: the first)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def load_pair(old: Path, new: Path) -> tuple[Plan, Plan]:
    """Both plans; two PDFs are extracted in parallel (extraction dominates the run time), each
    in a worker with the extract command's limits."""
    first, second = load_plans([old, new])
    return first, second


def run(args: argparse.Namespace) -> int:
    try:
        if is_sheet(args.new):
            return _transcription(args)
        old, new = load_pair(args.old, args.new)
        diff = diff_plans(
            old, new, strict_years=args.strict_years, delta=args.years_delta,
            threshold=args.threshold,
        )  # fmt: skip
        written = write_diff(diff, args.out)
        written.append(write_diff_page(diff, args.old, args.new, args.out))
    except Exception as exc:  # report, do not dump a traceback on the user
        print(printable(f"diff: error: {describe_failure(exc)}"), file=sys.stderr)
        if args.debug:
            raise
        return 1
    s = diff.summary()
    rolled = "" if args.strict_years else f", {diff.rollover.activity_fields} rollover-only fields"
    print(
        f"{args.old} → {args.new}: {s['changed']} changed, {s['added']} added, "
        f"{s['removed']} removed, {s['unchanged']} unchanged activities; "
        f"{s['section_changes']} section and {s['document_changes']} document changes "
        f"(years +{diff.rollover_years}{rolled}) → {', '.join(map(str, written))}"
    )
    if diff.review_warning():
        print(f"{args.old} → {args.new}: {diff.review_warning()}", file=sys.stderr)
    return 0


def _transcription(args: argparse.Namespace) -> int:
    [plan] = load_plans([args.old])
    sheet = read_sheet(args.new, parse_column_map(args.columns), args.sheet)
    report = audit_transcription(plan, sheet)
    written = write_report(report, args.out)
    written.append(write_transcription_page(report, plan, args.old, args.out))
    s = report.to_dict()["summary"]
    print(
        f"{args.new} against {args.old}: {s['cells_different']} of {s['cells_compared']} cells "
        f"differ, {s['missing_rows']} missing and {s['extra_rows']} extra rows → "
        f"{', '.join(map(str, written))}"
    )
    warning = review_warning({str(args.old): report.plan_review})
    if warning:
        print(f"{args.new} against {args.old}: {warning}", file=sys.stderr)
    return 0
