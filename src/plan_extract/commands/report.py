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
from plan_extract.commands import add_reader_option
from plan_extract.commands.extract import Job, describe_failure, printable, run_jobs
from plan_extract.enrich import enrich
from plan_extract.files import write_texts
from plan_extract.pdf.reader import ReadError
from plan_extract.report import REPORT_SUFFIX, locate_pdf, write_report


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
    add_reader_option(parser)
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.pdf and len(args.plans) > 1:
        print("report: --pdf names the PDF of one JSON plan", file=sys.stderr)
        return 2
    failures = 0
    for path in args.plans:
        try:
            written, note = _one(path, args)
        except Exception as exc:
            failures += 1
            print(printable(f"{path}: error: {describe_failure(exc)}"), file=sys.stderr)
            if args.debug:
                raise
            continue
        print(printable(f"{path}: {written}{note}"))
    return 1 if failures else 0


def _one(path: Path, args: argparse.Namespace) -> tuple[Path, str]:
    """Write one plan's review page: a PDF is read and extracted in a worker with the extract
    command's time and memory limits (a hostile file stops there, not in this process); a
    JSON plan is drawn over its PDF, found beside it or named by `--pdf`."""
    if path.suffix.lower() != ".json":
        job = Job(path, path.stem, args.password, reader=args.reader, report=True)
        [outcome] = run_jobs([job], None, 1, lambda _outcome: None)
        if outcome.error:
            raise ReadError(outcome.error)
        name = f"{path.stem}{REPORT_SUFFIX}"
        written = args.out / name
        write_texts(args.out, {name: outcome.texts[name]})
        return written, ""
    plan = enrich(load_plan(path))
    pdf = args.pdf or locate_pdf(path, plan)
    written = write_report(plan, pdf, args.out, path.stem, args.password)
    return written, "" if pdf else " (PDF not found: records and findings without pages)"
