"""`plan-extract tables PDF [PDF…] --out DIR`: the ruled tables of any PDF, cell by cell.

Writes DIR/<stem>.tables.json (logical tables with their pages; every cell with its text, row,
column, spans and the page and box of each printed piece) and DIR/<stem>.table-<n>.csv per
table. `--engine camelot` uses camelot's lattice engine instead of the native one;
`--cross-check` runs both and writes DIR/<stem>.cross-check.json, every cell where they differ.
Each file is read in a worker process with the extract command's limits (time, memory, a
crash), so a hostile file costs one line and never the run.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from plan_extract.commands import add_reader_option
from plan_extract.commands.extract import (
    Job,
    Limits,
    Outcome,
    add_limit_options,
    plan_jobs,
    printable,
    run_jobs,
    task_outcome,
)
from plan_extract.export import json_text
from plan_extract.pdf.reader import TABLES_READER, ReadLimits, ReadProblem, read_pdf
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
    add_reader_option(parser, default=TABLES_READER)
    add_limit_options(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Each PDF in a worker of the extract command's (its time and memory limits, a crash is
    the file's failure), one at a time; the parent writes each file's outputs, all or none."""
    limits = Limits(
        read=ReadLimits(max_pages=args.max_pages),
        timeout=args.timeout,
        max_memory_mib=args.max_memory,
    )
    if not args.debug:  # the readers' repairs are gathered as problems by read_pdf
        logging.getLogger("playa").setLevel(logging.ERROR)
    task = TablesTask(args.engine, args.cross_check)
    batch, clashes = plan_jobs(args.pdfs, args.password, limits, args.debug, args.reader)
    batch = [replace(job, task=task) for job in batch]

    def report(outcome: Outcome) -> None:
        if outcome.error:
            print(printable(f"{outcome.path}: error: {outcome.error}"), file=sys.stderr)
            if args.debug and outcome.traceback:
                print(outcome.traceback.rstrip(), file=sys.stderr)
        elif not args.quiet:
            written = ", ".join(map(str, outcome.written))
            print(printable(f"{outcome.path}: {outcome.summary} → {written}"))

    for outcome in clashes:
        report(outcome)
    outcomes = clashes + run_jobs(batch, args.out, 1, report)
    return 1 if any(o.error for o in outcomes) else 0


@dataclass(frozen=True)
class TablesTask:
    """The command's work on one file, as a worker runs it (`Job.task`): the texts to write
    and the line to print, or the one-line reason it failed."""

    engine: str
    cross_check: bool

    def __call__(self, job: Job) -> Outcome:
        return task_outcome(job, self.texts)

    def texts(self, job: Job) -> tuple[dict[str, str], str]:
        content = read_pdf(job.path, job.password, job.limits.read, backend=job.reader)
        found = tables_of_content(content, self.engine, job.password)
        texts = {f"{job.stem}.tables.json": json_text(tables_document(found, content.problems))}
        for table in found.tables:
            texts[f"{job.stem}.table-{table.index}.csv"] = table_csv(table)
        note = f"{len(found.tables)} tables ({found.engine})"
        if content.problems:
            note += f", needs review: {len(content.problems)} read problems (damaged PDF)"
        if self.cross_check:
            second = "camelot" if self.engine == "native" else "native"
            other = tables_of_content(content, second, job.password)
            native, camelot = (found, other) if self.engine == "native" else (other, found)
            check = cross_check(native.tables, camelot.tables)
            texts[f"{job.stem}.cross-check.json"] = json_text(cross_check_document(check))
            note += (
                f", cross-check: {check.agreed}/{check.cells} cells agree "
                f"({100 * check.agreement:.1f}%), {len(check.disagreements)} disagreements"
            )
        return texts, note


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
