"""What a page's drawings cost each reader: the numbers `ReadLimits.max_graphics_per_page` and
`reader.POINTS_PER_DRAWING` are argued from (docs/robustness.md, fifteenth round, `dotted`).

Usage: python benchmarks/bench_drawings.py [--count N]

Writes one-page PDFs of N drawings of each kind (tests/pdf_bytes.py) and reads each with both
readers in a fresh process, the caps lifted: CPU seconds and peak RSS beyond an empty page's,
per drawing and per point (the points pdfminer keeps of the path), and the drawings the
pre-check counts for the page. Kinds: unit squares (`re f`), round dots as Chromium paints
them (a move and eight curves, `f`), one polyline (a move and 9N lines, `S`), and the
squares of the first kind in clipping paths (`re W n`, as WeasyPrint clips a dotted border).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdf_bytes import minimal_pdf  # noqa: E402

from plan_extract.pdf.reader import ReadLimits, _count_work  # noqa: E402

READ = r"""
import resource, sys, time
from pathlib import Path
from plan_extract.pdf.reader import ReadLimits, read_pdf
lifted = ReadLimits(max_graphics_per_page=10**9, max_operators_per_page=10**9,
                    max_seconds_per_page=None)
start = time.process_time()
read_pdf(Path(sys.argv[1]), limits=lifted, backend=sys.argv[2])
print(time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def kinds(n: int) -> dict[str, tuple[bytes, int]]:
    """Each kind's content stream and the points pdfminer keeps of it."""

    def at(i: int) -> tuple[int, int]:
        return i % 600, i // 600 * 2 % 780

    def dot(i: int) -> bytes:
        x, y = at(i)
        eighth = b"%d %d %d %d %d %d c " % (x, y + 1, x + 1, y + 1, x + 1, y)
        return b"%d %d m " % (x + 1, y) + eighth * 8 + b"f\n"

    return {
        "squares (re f)": (b"".join(b"%d %d 1 1 re f\n" % at(i) for i in range(n)), 4 * n),
        "round dots (m 8c f)": (b"".join(dot(i) for i in range(n)), 25 * n),
        "polyline (m, 9N l, S)": (
            b"0 0 m\n" + b"".join(b"%d %d l\n" % at(i) for i in range(9 * n)) + b"S\n",
            9 * n + 1,
        ),
        "clipping squares (re W n)": (
            b"".join(b"q %d %d 1 1 re W n Q\n" % at(i) for i in range(n)),
            4 * n,
        ),
    }


def read(pdf: Path, reader: str) -> tuple[float, int]:
    env = {"PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", READ, str(pdf), reader], capture_output=True, text=True, env=env
    )
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="drawings of each kind")
    n = parser.parse_args().count
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.pdf"
        empty.write_bytes(minimal_pdf(b"q Q\n"))
        base = {reader: read(empty, reader) for reader in ("pdfium", "pdfplumber")}
        for name, (content, points) in kinds(n).items():
            pdf = Path(folder) / "page.pdf"
            pdf.write_bytes(minimal_pdf(content))
            lifted = ReadLimits(max_graphics_per_page=10**9, max_operators_per_page=10**9)
            work = _count_work(content, lifted)
            print(f"{name}: N={n}, {points} points, counted {work.drawings} drawings")
            for reader, (base_seconds, base_rss) in base.items():
                seconds, rss = read(pdf, reader)
                seconds, kib = seconds - base_seconds, rss - base_rss
                print(
                    f"  {reader:10s} {seconds:6.2f} s {kib / 1024:6.0f} MiB | per drawing "
                    f"{seconds / n * 1e6:6.1f} us {kib / n:5.2f} KiB | per point "
                    f"{seconds / points * 1e6:5.1f} us {kib / points:5.2f} KiB"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
