"""Size and time of the review pages: `<stem>.report.html` and diff.html.

Usage: python benchmarks/bench_report.py [PDF ...] [--repeat N] [--budget SECONDS] [--max-mb MB]

PDFs default to the 2023 (17 pages) and 2024 (20 pages) plans of tests/data. For each plan:
the report's own work given the PDF as read (grid and furniture, page pictures, data, HTML),
the whole `report PLAN.json` (reading the PDF again, as from a JSON file or `extract --report`),
and the file's size. Then diff.html of the two plans. Times are medians of wall-clock and CPU
(process) seconds: on a shared machine CPU time is the steadier figure. Exits 1 when a report
is over the size limit (default 5 MB) or its own work over the budget (default 3 s, the issue's
target) in CPU time; reading the PDF (pdfminer, about 0.12 s a page) is the extraction's cost
and is printed apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from plan_extract.diff import diff_plans
from plan_extract.pdf.reader import read_pdf
from plan_extract.pipeline import plan_of_content
from plan_extract.report.diff_page import diff_page_html
from plan_extract.report.plan_report import report_html

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "tests" / "data" / "plans"
DEFAULTS = [PLANS / "conacoes-2023" / "plan.pdf", PLANS / "plan-2024" / "plan.pdf"]


def timed(repeat: int, run: Callable[[], object]) -> tuple[float, float, object]:
    """(median wall seconds, median CPU seconds, last result) of `repeat` runs."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def bench_plan(pdf: Path, repeat: int, budget: float, max_mb: float) -> bool:
    content = read_pdf(pdf)
    plan = plan_of_content(content)
    wall, cpu, text = timed(repeat, lambda: report_html(plan, pdf, content=content))
    size = len(text.encode("utf-8")) / 1e6
    print(f"{pdf.parent.name}/{pdf.name} ({len(content.pages)} pages)")
    print(f"  report, PDF already read:     {wall:6.2f} s wall {cpu:6.2f} s CPU   {size:5.2f} MB")
    ok = size <= max_mb and cpu <= budget
    wall, cpu, _ = timed(repeat, lambda: report_html(plan, pdf))
    print(f"  report from the JSON:         {wall:6.2f} s wall {cpu:6.2f} s CPU (reads the PDF)")
    print(f"  budget {max_mb:.0f} MB, {budget:.1f} s CPU: {'ok' if ok else 'OVER'}")
    return ok


def bench_diff(old: Path, new: Path, repeat: int) -> None:
    diff = diff_plans(plan_of_content(read_pdf(old)), plan_of_content(read_pdf(new)))
    wall, cpu, text = timed(repeat, lambda: diff_page_html(diff, old, new))
    size = len(text.encode("utf-8")) / 1e6
    print(
        f"diff.html {old.parent.name} → {new.parent.name} ({len(diff.changes)} changes): "
        f"{wall:.2f} s wall {cpu:.2f} s CPU, {size:.2f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdfs", nargs="*", type=Path, metavar="PDF")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=3.0)
    parser.add_argument("--max-mb", type=float, default=5.0)
    args = parser.parse_args()
    pdfs = args.pdfs or DEFAULTS
    ok = all([bench_plan(pdf, args.repeat, args.budget, args.max_mb) for pdf in pdfs])
    if len(pdfs) >= 2:
        bench_diff(pdfs[0], pdfs[1], args.repeat)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
