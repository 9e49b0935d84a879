"""Table benchmark: strict cell accuracy on the 26 ICDAR 2013 tables of ../shared/external and
on a fixed seed of the random table generator (tests/table_generator.py).

Usage: python benchmarks/bench_tables.py [--external DIR] [--verbose] [--others]
       [--engines native,camelot,pdfplumber] [--generated FOLDER]

Strict = the expected cell's text is the extracted cell's text at the same row and column, after
whitespace folding (runs of whitespace → one space, ends stripped). Each expected table is scored
against every table an engine finds on its page, and the best one counts; a table's accuracy is
matched cells / expected cells, and the total is the mean over the tables (the ICDAR convention;
the cell-weighted figure is printed beside it). Three engines run in the same process:
plan-extract's native engine (the page's rows of each logical table), camelot 2.0 lattice and
pdfplumber's `extract_tables`, both with defaults. Skips ICDAR with a note when the external
data is absent.

The generated batch is rendered into a temporary folder (reportlab always; LibreOffice from DOCX
when `soffice` is installed) and scored per producer: strict cells (cell-weighted) and tables
exact, each truth table against the logical table that matches most of its cells; camelot's and
pdfplumber's per-page tables are stacked across pages first (`stacked`), as their users would.
`--generated FOLDER` scores an existing batch (tests/table_generator.py OUT --seed N) only.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from plan_extract.tables.logical import extract_tables

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = ROOT.parent / "shared" / "external"
sys.path.insert(0, str(ROOT / "tests"))
import table_generator  # noqa: E402  (the random table generator lives beside the tests)

GENERATED_SEED = 2026
"""The fixed seed of the generated batch that `make bench-tables` scores."""
GENERATED_COUNT = 8
"""Documents per producer in that batch."""

Grid = list[list[str]]


def fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def matched(expected: Grid, found: Grid) -> int:
    return sum(
        1
        for r, row in enumerate(expected)
        for c, cell in enumerate(row)
        if r < len(found) and c < len(found[r]) and fold(found[r][c]) == fold(cell)
    )


def native(pdf: Path, page: int, cache: dict[Path, list]) -> list[Grid]:
    if pdf not in cache:
        cache[pdf] = extract_tables(pdf).tables
    grids = []
    for table in cache[pdf]:
        rows = [row for row, p in zip(table.grid(), table.row_pages, strict=True) if p == page]
        if rows:
            grids.append(rows)
    return grids


def camelot_lattice(pdf: Path, page: int, cache: dict) -> list[Grid]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(pdf), pages=str(page), flavor="lattice")
    return [t.df.values.tolist() for t in tables]


def pdfplumber_tables(pdf: Path, page: int, cache: dict) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        tables = document.pages[page - 1].extract_tables()
    return [[[cell or "" for cell in row] for row in table] for table in tables]


ENGINES: dict[str, Callable[[Path, int, dict], list[Grid]]] = {
    "native": native,
    "camelot": camelot_lattice,
    "pdfplumber": pdfplumber_tables,
}


def cases(external: Path, icdar: bool) -> list[tuple[str, dict, Grid]]:
    """The expected tables of the ICDAR 2013 ground truth, or all the others."""
    index = json.loads((external / "expected" / "INDEX.json").read_text(encoding="utf-8"))
    return [
        (key, entry, json.loads((external / "expected" / f"{key}.json").read_text("utf-8")))
        for key, entry in index.items()
        if entry["source"].startswith("ICDAR") == icdar
    ]


def show_misses(expected: Grid, found: list[Grid]) -> None:
    best = max(found, key=lambda g: matched(expected, g), default=[])
    for r, row in enumerate(expected):
        for c, cell in enumerate(row):
            got = best[r][c] if r < len(best) and c < len(best[r]) else None
            if got is None or fold(got) != fold(cell):
                shown = None if got is None else fold(got)
                print(f"      [{r},{c}] expected {fold(cell)!r} got {shown!r}")


def score(
    external: Path, chosen: list[tuple[str, dict, Grid]], verbose: bool, names: list[str]
) -> float:
    """One line per expected table, then each engine's totals; returns the native mean."""
    accuracy: dict[str, list[float]] = {name: [] for name in names}
    cells: dict[str, int] = dict.fromkeys(names, 0)
    seconds: dict[str, float] = dict.fromkeys(names, 0.0)
    caches: dict[str, dict] = {name: {} for name in names}
    width = max(len(key) for key, _, _ in chosen)
    print(f"{'table':<{width}} {'page':>4} {'shape':>6} " + " ".join(f"{n:>10}" for n in names))
    for key, entry, expected in chosen:
        pdf = external / "pdfs" / entry["pdf"]
        size = sum(len(row) for row in expected)
        line = f"{key:<{width}} {entry['page']:>4} {len(expected):>3}x{len(expected[0]):<2} "
        found_native: list[Grid] = []
        for name in names:
            started = time.perf_counter()
            found = ENGINES[name](pdf, entry["page"], caches[name])
            seconds[name] += time.perf_counter() - started
            best = max((matched(expected, g) for g in found), default=0)
            accuracy[name].append(best / size)
            cells[name] += best
            line += f" {100 * best / size:9.1f}%"
            if name == "native":
                found_native = found
        print(line)
        if verbose and accuracy["native"][-1] < 1:
            show_misses(expected, found_native)
    total = sum(len(row) for _, _, expected in chosen for row in expected)
    print(f"\n{len(chosen)} tables, {total} cells")
    for name in names:
        print(
            f"{name:<11} strict {100 * statistics.mean(accuracy[name]):5.1f}% (mean of tables), "
            f"{100 * cells[name] / total:5.1f}% of cells, {seconds[name]:5.1f} s"
        )
    return statistics.mean(accuracy["native"]) if "native" in names else 0.0


def stacked(pages: list[tuple[int, list[Grid]]]) -> list[Grid]:
    """Per-page tables stacked into logical ones, as a user of a per-page tool would: a page's
    first table continues the previous page's last one when it has as many columns, its
    leading rows equal to the table's first rows (a repeated header) dropped."""
    tables: list[Grid] = []
    last_page = None
    for page, grids in pages:
        for k, grid in enumerate(grids):
            if not grid:
                continue
            previous = tables[-1] if tables else None
            if k == 0 and previous and last_page == page - 1 and len(previous[0]) == len(grid[0]):
                skip = 0
                while skip < len(grid) and skip < len(previous) and grid[skip] == previous[skip]:
                    skip += 1
                previous.extend(grid[skip:])
            else:
                tables.append([list(row) for row in grid])
        last_page = page if grids else last_page
    return tables


def generated_tables(name: str, pdf: Path) -> list[Grid]:
    """The logical tables an engine finds in a whole generated document."""
    if name == "native":
        return [table.grid() for table in extract_tables(pdf).tables]
    if name == "camelot":
        import camelot

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = camelot.read_pdf(str(pdf), pages="all", flavor="lattice")
        by_page: dict[int, list[Grid]] = {}
        for table in found:
            by_page.setdefault(int(table.page), []).append(table.df.values.tolist())
        return stacked(sorted(by_page.items()))
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        pages = [
            (n, [[[c or "" for c in row] for row in t] for t in page.extract_tables()])
            for n, page in enumerate(document.pages, start=1)
        ]
    return stacked(pages)


def score_generated(folder: Path, names: list[str], verbose: bool) -> None:
    """Strict cells and exact tables per producer and engine on a generated batch."""
    records = sorted(folder.glob("*.json"))
    producers = sorted({json.loads(r.read_text("utf-8"))["producer"] for r in records})
    for producer in producers:
        print(f"\n{producer}")
        for name in names:
            total = table_generator.Score()
            started = time.perf_counter()
            for path in records:
                record = json.loads(path.read_text("utf-8"))
                if record["producer"] != producer:
                    continue
                total.add(
                    table_generator.score(record, generated_tables(name, path.with_suffix(".pdf")))
                )
            print(f"  {name:<11} {total.line()}  {time.perf_counter() - started:5.1f} s")
            if verbose and name == "native":
                for miss in total.misses:
                    print(f"      {miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=EXTERNAL)
    parser.add_argument("--verbose", action="store_true", help="list the native engine's misses")
    parser.add_argument(
        "--others",
        action="store_true",
        help="also score the other fixtures (expectations recorded by camelot, tabula-java or "
        "pdfplumber with their own settings: not neutral)",
    )
    parser.add_argument("--generated", type=Path, help="score this generated batch folder only")
    parser.add_argument("--engines", default=",".join(ENGINES))
    args = parser.parse_args(argv)
    names = args.engines.split(",")
    if args.generated:
        score_generated(args.generated, names, args.verbose)
        return 0
    for noisy in ("pdfminer", "pypdf", "playa"):  # malformed objects in the fixtures
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if not (args.external / "expected" / "INDEX.json").exists():
        print(f"bench-tables: ICDAR skipped, no external table data at {args.external}")
    else:
        print("ICDAR 2013 ground truth")
        score(args.external, cases(args.external, icdar=True), args.verbose, names)
        if args.others:
            print("\nOther fixtures (tool-recorded expectations)")
            score(args.external, cases(args.external, icdar=False), args.verbose, names)
    producers = [p for p in table_generator.PRODUCERS if p != "docx" or shutil.which("soffice")]
    print(
        f"\nGenerated tables (tests/table_generator.py, seed {GENERATED_SEED}, "
        f"{GENERATED_COUNT} documents per producer: {', '.join(producers)})"
    )
    if "docx" not in producers:
        print("  docx skipped: LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        table_generator.render_batch(
            Path(folder), GENERATED_SEED, GENERATED_COUNT, tuple(producers)
        )
        score_generated(Path(folder), names, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
