"""`plan-extract report PLAN.pdf|PLAN.json [...] --out DIR`: DIR/<stem>.report.html.

One self-contained HTML file per plan (page images, styles and script inline; it opens offline
in any current browser): every page with the table grid as read, each activity's cells coloured
by field, furniture, stamps and unassigned words marked; a searchable list of sections and
activities, each showing its record and highlighting its pieces on every page; the review and
audit findings, each linked to its place. For a JSON file, the PDF is looked for beside it (its
`source` name or the same stem) unless `--pdf` names it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_extract import load_plan
from plan_extract.enrich import enrich
from plan_extract.models import Plan
from plan_extract.pdf.reader import PdfContent, read_pdf
from plan_extract.pipeline import plan_of_content
from plan_extract.report import locate_pdf, write_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML review page of plan PDFs or JSON files",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plans", nargs="+", type=Path, metavar="PLAN", help=".pdf or .json")
    parser.add_argument("--out", type=Path, default=Path("output"), help="default: output")
    parser.add_argument("--pdf", type=Path, help="the PDF of a single JSON plan")
    parser.add_argument("--password", help="password of encrypted PDFs")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.pdf and len(args.plans) > 1:
        print("report: --pdf names the PDF of one JSON plan", file=sys.stderr)
        return 2
    failures = 0
    for path in args.plans:
        try:
            plan, pdf, content = _load(path, args)
            written = write_report(plan, pdf, args.out, path.stem, args.password, content)
        except Exception as exc:  # one bad file must not stop the batch
            failures += 1
            print(f"{path}: error: {type(exc).__name__}: {exc}", file=sys.stderr)
            if args.debug:
                raise
            continue
        note = "" if pdf else " (PDF not found: records and findings without pages)"
        print(f"{path}: {written}{note}")
    return 1 if failures else 0


def _load(path: Path, args: argparse.Namespace) -> tuple[Plan, Path | None, PdfContent | None]:
    """The plan, its PDF and, for a PDF, the content read once for both the plan and the page."""
    if path.suffix.lower() != ".json":
        content = read_pdf(path, password=args.password)
        return plan_of_content(content), path, content
    plan = enrich(load_plan(path))
    return plan, args.pdf or locate_pdf(path, plan), None
