"""Time `plan-extract diff`: the comparison itself, and end to end from two PDFs.

Usage: python benchmarks/bench_diff.py [OLD NEW] [--repeat N] [--budget SECONDS]

OLD and NEW default to the 2023 (17 pages) and 2024 (20 pages) plans of tests/data; the 2024
plan is also diffed against itself (two 20-page PDFs). Prints one line per measurement and
exits 1 when an end-to-end run exceeds the budget (default 3 s, the issue's target).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plan_extract import load_plan
from plan_extract.commands.diff import load_pair
from plan_extract.diff import diff_plans, write_diff

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "tests" / "data" / "plans"
DEFAULT_OLD = PLANS / "conacoes-2023" / "plan.pdf"
DEFAULT_NEW = PLANS / "plan-2024" / "plan.pdf"


def pages(path: Path) -> str:
    if path.suffix.lower() != ".pdf":
        return "json"
    from pypdf import PdfReader

    return f"{len(PdfReader(path).pages)} p"


def best_of(repeat: int, run) -> tuple[float, float]:
    """(median, min) seconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def bench_pair(old: Path, new: Path, repeat: int, budget: float) -> bool:
    label = (
        f"{old.parent.name}/{old.name} ({pages(old)}) → {new.parent.name}/{new.name} ({pages(new)})"
    )
    plans = (load_plan(old), load_plan(new))
    median, _ = best_of(max(repeat, 20), lambda: diff_plans(*plans))
    print(f"{label}\n  diff of extracted plans:      {median * 1000:8.1f} ms (median)")
    with tempfile.TemporaryDirectory() as out:

        def end_to_end() -> None:
            write_diff(diff_plans(*load_pair(old, new)), out)

        median, fastest = best_of(repeat, end_to_end)
        print(f"  extract both + diff + write:  {median:8.2f} s  (min {fastest:.2f} s)")
        started = time.perf_counter()
        command = [sys.executable, "-m", "plan_extract.cli", "diff", str(old), str(new)]
        subprocess.run([*command, "--out", out], check=True, capture_output=True)
        cli = time.perf_counter() - started
        print(f"  CLI (new process, imports):   {cli:8.2f} s")
    ok = median <= budget
    print(f"  budget {budget:.1f} s: {'ok' if ok else 'OVER'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, metavar="OLD NEW")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=3.0)
    args = parser.parse_args()
    if args.paths and len(args.paths) != 2:
        parser.error("give OLD and NEW, or nothing for the bundled plans")
    pairs = (
        [tuple(args.paths)]
        if args.paths
        else [(DEFAULT_OLD, DEFAULT_NEW), (DEFAULT_NEW, DEFAULT_NEW)]
    )
    ok = all([bench_pair(old, new, args.repeat, args.budget) for old, new in pairs])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
