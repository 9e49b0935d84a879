"""`plan-extract tables PDF [PDF…] --out DIR`: the ruled tables of any PDF, cell by cell.

Writes DIR/<stem>.tables.json (logical tables with their pages; every cell with its text, row,
column, spans and the page and box of each printed piece) and DIR/<stem>.table-<n>.csv per
table. `--engine camelot` uses camelot's lattice engine instead of the native one;
`--cross-check` runs both and writes DIR/<stem>.cross-check.json, every cell where they differ.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from plan_extract.commands import add_reader_option
from plan_extract.commands.extract import describe_failure, printable
from plan_extract.export import json_text, write_texts
from plan_extract.pdf.reader import ReadLimits, ReadProblem, read_pdf
from plan_extract.tables.cross_check import CrossCheck, cross_check
from plan_extract.tables.logical import ENGINES, TableSet, table_csv, tables_of_content


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tables")
    parser.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    parser.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder (default: output)"
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default="native", help="table engine (default: native)"
    )
    parser.add_argument(
        "--cross-check",
        action="store_true",
        help="also run the other engine and report every cell where the two disagree",
    )
    parser.add_argument("--password", help="password of encrypted PDFs")
    add_reader_option(parser)
    parser.add_argument(
        "--max-pages",
        type=int,
        default=ReadLimits.max_pages,
        help="refuse longer PDFs (default: %(default)s)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    limits = ReadLimits(max_pages=args.max_pages)
    if not args.debug:  # the readers' repairs are gathered as problems by read_pdf
        logging.getLogger("playa").setLevel(logging.ERROR)
    failures = 0
    for pdf in args.pdfs:
        try:
            written, note = _one(pdf, args, limits)
        except Exception as exc:  # one bad file must not stop the batch
            failures += 1
            print(printable(f"{pdf}: error: {describe_failure(exc)}"), file=sys.stderr)
            if args.debug:
                raise
            continue
        if not args.quiet:
            print(printable(f"{pdf}: {note} → {', '.join(map(str, written))}"))
    return 1 if failures else 0


def _one(pdf: Path, args: argparse.Namespace, limits: ReadLimits) -> tuple[list[Path], str]:
    content = read_pdf(pdf, password=args.password, limits=limits, backend=args.reader)
    found = tables_of_content(content, args.engine, args.password)
    texts = {f"{pdf.stem}.tables.json": json_text(tables_document(found, content.problems))}
    for table in found.tables:
        texts[f"{pdf.stem}.table-{table.index}.csv"] = table_csv(table)
    note = f"{len(found.tables)} tables ({found.engine})"
    if content.problems:
        note += f", needs review: {len(content.problems)} read problems (damaged PDF)"
    if args.cross_check:
        second = "camelot" if args.engine == "native" else "native"
        other = tables_of_content(content, second, args.password)
        native, camelot = (found, other) if args.engine == "native" else (other, found)
        check = cross_check(native.tables, camelot.tables)
        texts[f"{pdf.stem}.cross-check.json"] = json_text(cross_check_document(check))
        note += (
            f", cross-check: {check.agreed}/{check.cells} cells agree "
            f"({100 * check.agreement:.1f}%), {len(check.disagreements)} disagreements"
        )
    return write_texts(args.out, texts), note


def tables_document(found: TableSet, problems: Iterable[ReadProblem] = ()) -> dict:
    """The tables, and what the readers repaired or lost on the way (`problems`, each with
    its page): a damaged file's tables may be incomplete."""
    return {
        "source": found.source,
        "engine": found.engine,
        "problems": [asdict(p) for p in problems],
        "tables": [asdict(t) for t in found.tables],
    }


def cross_check_document(check: CrossCheck) -> dict:
    return {
        "cells": check.cells,
        "agreed": check.agreed,
        "agreement": round(check.agreement, 4),
        "spacing_only": check.spacing_only,
        "disagreements": [asdict(d) for d in check.disagreements],
    }
