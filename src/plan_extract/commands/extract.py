"""`plan-extract extract PDF [PDF…] --out DIR`: each PDF → DIR/<stem>.json and DIR/<stem>.csv.

A bad file never stops the batch: each failure is one line naming the file and the reason, and
the run exits non-zero if any file failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from plan_extract.export import write_plan
from plan_extract.grid import LayoutError
from plan_extract.pipeline import extract_plan
from plan_extract.reader import ReadError, ReadLimits


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("extract", help="extract plan PDFs into JSON and CSV")
    parser.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    parser.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder (default: output)"
    )
    parser.add_argument("--password", help="password of encrypted PDFs")
    parser.add_argument(
        "--max-pages",
        type=int,
        default=ReadLimits.max_pages,
        help="refuse longer PDFs (default: %(default)s)",
    )
    parser.add_argument(
        "--max-graphics",
        type=int,
        default=ReadLimits.max_graphics_per_page,
        help="refuse pages with more drawing objects (default: %(default)s)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    limits = ReadLimits(max_pages=args.max_pages, max_graphics_per_page=args.max_graphics)
    failures = 0
    for pdf in args.pdfs:
        started = time.perf_counter()
        try:
            plan = extract_plan(pdf, password=args.password, limits=limits)
            written = write_plan(plan, args.out, pdf.stem)
        except (ReadError, LayoutError) as exc:
            failures += 1
            print(f"{pdf}: error: {exc}", file=sys.stderr)
            if args.debug:
                raise
            continue
        except Exception as exc:  # an unexpected failure of one file must not stop the batch
            failures += 1
            print(
                f"{pdf}: error: internal error ({type(exc).__name__}: {exc}); rerun with --debug",
                file=sys.stderr,
            )
            if args.debug:
                raise
            continue
        if not args.quiet:
            count = sum(len(s.activities) for s in plan.sections)
            note = f", {len(plan.unassigned)} unassigned words" if plan.unassigned else ""
            print(
                f"{pdf}: {len(plan.sections)} sections, {count} activities{note} → "
                f"{', '.join(str(p) for p in written)} ({time.perf_counter() - started:.1f}s)"
            )
    if len(args.pdfs) > 1 and not args.quiet:
        print(f"{len(args.pdfs) - failures} of {len(args.pdfs)} files extracted")
    return 1 if failures else 0
