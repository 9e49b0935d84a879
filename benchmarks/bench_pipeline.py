"""Whole-process benchmark: plan-extract's full pipeline, with each of its two PDF readers
(pdfium, pdfplumber), beside camelot lattice's, pdfplumber's and tablers' bare table extraction
on the same PDFs, then a scaling run on long plans (~100 and ~300 pages), then the review's
share of an extraction, then where the pipeline's time goes.

Usage: python benchmarks/bench_pipeline.py [--shared DIR] [--repeat N] [--copies K,K]
                                           [--variants] [--no-scaling] [--no-profile] [--strict]
                                           [--scaling-readers pdfium[,pdfplumber]]

Every measurement is a fresh process, as a user runs it (imports included); the tools take turns
in each round (alternating runs, the order rotated every round) so that a busy machine slows them
alike, and the table shows medians. Memory is measured twice: the peak RSS of the largest process
(from wait4, free of cost) and, in one extra run per tool, the peak PSS summed over the process
tree (plan-extract runs a parent and a forked worker that share pages: PSS counts each page once).

The goals it reports (issue 14), for the pdfium reader: on both shared plans the whole process
≤ 0.12 × camelot lattice's and ≤ 0.45 × pdfplumber's `extract_tables`, measured in the same run;
peak memory ≤ 100 MiB on the 20-page plan; time per page at 100+ pages within 10 % of the 17-page
figure; memory per page at ~300 pages no higher than 0.85 MiB (the pdfplumber reader's figure
when the goal was set); the review (issue 11) adds at most 15 % to the extract command's whole
process (with against without it; the in-process share of `review_plan` is shown beside it). tablers
(Rust, on pdfium) is run when it is installed. `--strict` exits
1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
FALLBACK = ROOT / "tests" / "data"  # the same plans, copied for the tests

CAMELOT = """
import sys, camelot
camelot.read_pdf(sys.argv[1], pages="all", flavor="lattice")
"""
TABLERS = """
import sys, tablers
document = tablers.Document(sys.argv[1])
for page in document.pages():
    tablers.find_tables(page, extract_text=True)
"""
PDFPLUMBER = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
"""
IN_PROCESS = """
import json, sys, time
from plan_extract.pipeline import extract_plan
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    extract_plan(sys.argv[1], reader=sys.argv[3])
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    max_rss_mib: float = 0.0
    tree_pss_mib: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


READERS = ("pdfium", "pdfplumber")
OURS = {reader: f"ours ({reader})" for reader in READERS}


def tools(out_dir: str) -> dict[str, list[str]]:
    """name → command before the PDF argument; plan-extract writes into `out_dir`."""
    script = Path(sys.executable).with_name("plan-extract")
    extract = [str(script)] if script.exists() else [sys.executable, "-m", "plan_extract.cli"]
    commands = {
        # no time limit: a loaded machine must slow a long plan, not fail it
        OURS[reader]: [
            *extract,
            "extract",
            "--out",
            out_dir,
            "-q",
            "--timeout",
            "none",
            "--fail-on",  # a long plan made of copies breaks the signature: it needs review
            "error",
            "--reader",
            reader,
        ]
        for reader in READERS
    }
    commands["camelot lattice"] = [sys.executable, "-c", CAMELOT]
    commands["pdfplumber"] = [sys.executable, "-c", PDFPLUMBER]
    if importlib.util.find_spec("tablers") is not None:
        commands["tablers"] = [sys.executable, "-c", TABLERS]
    return commands


def run_once(command: list[str], pdf: Path, sample_memory: bool) -> tuple[float, float, float]:
    """(wall seconds, peak RSS of the largest process in MiB, peak tree PSS in MiB or 0)."""
    started = time.perf_counter()
    process = subprocess.Popen([*command, str(pdf)], stdout=subprocess.DEVNULL)
    sampler = _PssSampler(process.pid) if sample_memory else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … {pdf} failed with {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, sampler.peak_mib if sampler else 0.0


class _PssSampler(threading.Thread):
    """Polls the proportional set size of a process and all its descendants every 10 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mib, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = sum(_pss_kib(p) for p in _tree(self.pid))
            self.peak_mib = max(self.peak_mib, total / 1024)
            self._done.wait(0.01)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[index]}/task"):
                with open(f"/proc/{pids[index]}/task/{task}/children") as children:
                    pids.extend(int(c) for c in children.read().split())
        except OSError:
            pass
        index += 1
    return pids


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def compare(pdfs: list[Path], repeat: int) -> dict[Path, dict[str, Runs]]:
    results: dict[Path, dict[str, Runs]] = {pdf: {} for pdf in pdfs}
    with tempfile.TemporaryDirectory() as out:
        commands = tools(out)
        names = list(commands)
        for round_ in range(repeat + 1):  # the extra round samples PSS (slower), untimed
            sample = round_ == repeat
            for pdf in pdfs:
                shift = (round_ + pdfs.index(pdf)) % len(names)
                for name in names[shift:] + names[:shift]:
                    seconds, rss, pss = run_once(commands[name], pdf, sample)
                    runs = results[pdf].setdefault(name, Runs())
                    if sample:
                        runs.tree_pss_mib = pss
                    else:
                        runs.seconds.append(seconds)
                    runs.max_rss_mib = max(runs.max_rss_mib, rss)
    return results


def print_table(results: dict[Path, dict[str, Runs]]) -> list[tuple[str, bool]]:
    goals = []
    print(
        f"{'PDF':<38} {'pages':>5}  {'tool':<18}{'median s':>9}{'min s':>8}"
        f"{'RSS MiB':>9}{'PSS MiB':>9}{'× camelot':>10}{'× pdfplumber':>13}"
    )
    for pdf, by_tool in results.items():
        label = f"{pdf.parent.name}/{pdf.name}"
        count = pages(pdf)
        camelot = by_tool["camelot lattice"].median
        plumber = by_tool["pdfplumber"].median
        for i, (name, runs) in enumerate(by_tool.items()):
            head = f"{label:<38} {count:>5}" if i == 0 else " " * 44
            pss = f"{runs.tree_pss_mib:9.0f}" if runs.tree_pss_mib is not None else " " * 9
            print(
                f"{head}  {name:<18}{runs.median:9.2f}{min(runs.seconds):8.2f}"
                f"{runs.max_rss_mib:9.0f}{pss}{runs.median / camelot:9.2f}×"
                f"{runs.median / plumber:12.2f}×"
            )
        ours = by_tool[OURS["pdfium"]]
        if pdf.parent.name != "variants":
            ratio = ours.median / camelot
            goals.append((f"{label}: {ratio:.2f}× camelot lattice (goal ≤ 0.12×)", ratio <= 0.12))
            ratio = ours.median / plumber
            goals.append((f"{label}: {ratio:.2f}× pdfplumber (goal ≤ 0.45×)", ratio <= 0.45))
        if count == 20:
            peak = max(ours.max_rss_mib, ours.tree_pss_mib or 0)
            goals.append((f"{label}: peak {peak:.0f} MiB (goal ≤ 100 MiB)", peak <= 100))
    return goals


def long_plan(plan: Path, copies: int, folder: Path) -> Path:
    """The plan's pages `copies` times over, as one PDF (sections repeat; tables stay real)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(copies):
        writer.append(str(plan))
    path = folder / f"plan-x{copies}.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def in_process(pdf: Path, repeat: int, reader: str) -> float:
    """Median seconds of extract_plan alone (imports and process start excluded)."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(pdf), str(repeat), reader],
        capture_output=True,
        text=True,
        check=True,
    )
    return statistics.median(json.loads(done.stdout.splitlines()[-1]))


MEMORY_PER_PAGE_GOAL = 0.85
"""MiB a page at ~300 pages: the pdfplumber reader's figure when issue 14 set the goal."""


def scaling(
    plan: Path, copies: list[int], repeat: int, readers: tuple[str, ...] = READERS
) -> list[tuple[str, bool]]:
    """The plan and its pages repeated `copies` times, with each of `readers`: whole-process
    and in-process time per page, peak RSS and the memory each extra page costs."""
    goals = []
    with tempfile.TemporaryDirectory() as folder:
        pdfs = [plan] + [long_plan(plan, k, Path(folder)) for k in copies]
        counts = {pdf: pages(pdf) for pdf in pdfs}
        print(f"\nscaling: {plan.name} ({counts[plan]} pages) repeated {copies} times")
        print(
            f"  {'reader':<12}{'pages':>6}{'whole s':>9}{'ms/page':>9}{'extract s':>11}"
            f"{'ms/page':>9}{'RSS MiB':>9}{'MiB/page':>10}"
        )
        for reader in readers:
            with tempfile.TemporaryDirectory() as out:
                command = tools(out)[OURS[reader]]
                whole = {pdf: Runs() for pdf in pdfs}
                for _ in range(repeat):
                    for pdf in pdfs:
                        seconds, rss, _ = run_once(command, pdf, sample_memory=False)
                        whole[pdf].seconds.append(seconds)
                        whole[pdf].max_rss_mib = max(whole[pdf].max_rss_mib, rss)
            inner = {pdf: in_process(pdf, repeat, reader) for pdf in pdfs}
            base = inner[plan] / counts[plan]
            for pdf in pdfs:
                count = counts[pdf]
                extra = (whole[pdf].max_rss_mib - whole[plan].max_rss_mib) / max(
                    1, count - counts[plan]
                )
                print(
                    f"  {reader:<12}{count:>6}{whole[pdf].median:9.2f}"
                    f"{1000 * whole[pdf].median / count:9.1f}{inner[pdf]:11.2f}"
                    f"{1000 * inner[pdf] / count:9.1f}{whole[pdf].max_rss_mib:9.0f}"
                    f"{extra if pdf is not plan else 0:10.2f}"
                )
                if reader != "pdfium" or pdf is plan:
                    continue
                per_page = (inner[pdf] / count) / base
                goals.append(
                    (
                        f"pdfium: time per page at {count} vs {counts[plan]} pages: "
                        f"{per_page:.2f}× (goal within 10 %)",
                        abs(per_page - 1) <= 0.1,
                    )
                )
                if count >= 250:
                    goals.append(
                        (
                            f"pdfium: memory per page at {count} pages: {extra:.2f} MiB "
                            f"(goal ≤ {MEMORY_PER_PAGE_GOAL})",
                            extra <= MEMORY_PER_PAGE_GOAL,
                        )
                    )
    return goals


def profile(pdf: Path) -> None:
    """Self time by module for one extraction (pyinstrument), and the slowest functions."""
    print(f"\nprofile of the pipeline on {pdf.parent.name}/{pdf.name}:")
    subprocess.run([sys.executable, "-c", PROFILE, str(pdf)], check=True)


PROFILE = """
import sys
from collections import Counter
from pyinstrument import Profiler
from plan_extract.pipeline import extract_plan

extract_plan(sys.argv[1], reader="pdfium")  # warm: caches and lazy imports
profiler = Profiler()
profiler.start()
extract_plan(sys.argv[1], reader="pdfium")
profiler.stop()
PACKAGES = ("pdfminer/", "pdfplumber/", "pypdfium2", "pypdf/", "pydantic", "rapidfuzz")
by_module, by_function = Counter(), Counter()


def module_of(path, caller):
    # builtins and the standard library count for the package that called them
    if "plan_extract/" in path:
        return "plan_extract." + path.split("plan_extract/", 1)[1][:-3].replace("/", ".")
    return next((p.rstrip("/") for p in PACKAGES if p in path), caller)


def walk(frame, caller="other"):
    # self time = own time minus the real callees' (pyinstrument's [self] leaves are the rest)
    real = [child for child in frame.children if not child.is_synthetic]
    spent = frame.time - sum(child.time for child in real)
    module = module_of(frame.file_path or "", caller)
    by_module[module] += spent
    by_function[module + ":" + frame.function] += spent
    for child in real:
        walk(child, module)


root = profiler.last_session.root_frame()
walk(root)
print(f"  one extraction under the profiler: {root.time:.2f} s; self time by module:")
for name, spent in by_module.most_common(10):
    print(f"  {100 * spent / root.time:5.1f} %  {name}")
print("  slowest functions (self time):")
for name, spent in by_function.most_common(10):
    print(f"  {100 * spent / root.time:5.1f} %  {name}")
"""


REVIEW_GROWTH_GOAL = 0.15
"""The review (issue 11) may add at most this share to the extraction without it."""

WITHOUT_REVIEW = """
import sys
import plan_extract.commands.extract as command
from plan_extract import cli

import_stages = command._import_stages
mode, pdf, out = sys.argv[1:4]


def stages_without_review():
    import_stages()
    if mode == "without":
        import plan_extract.pipeline as pipeline

        pipeline.review_plan = lambda plan, content, grids=None, processes=1: plan.review


command._import_stages = stages_without_review  # the worker imports the stages through it
sys.argv = ["plan-extract", "extract", pdf, "--out", out, "-q", "--fail-on", "error"]
sys.exit(cli.main())
"""
"""`plan-extract extract` as the command runs it, with its review (`with`) or with the
review replaced by the stages' own findings (`without`): the whole process's growth."""


def review_share(pdfs: list[Path], repeat: int) -> list[tuple[str, bool]]:
    """What the review (issue 11) adds to an extraction, per PDF. The goal is judged on the
    time a user waits: the whole `plan-extract extract` process with its review against the
    same process without it (alternating runs, `2 * repeat` of each, medians), as the command
    runs it on this machine (its review's checks in two processes when a CPU is free,
    `review_plan`). Shown beside it, for the review's own cost: the time of `review_plan`
    within a warm in-process extraction, against the rest of that extraction, with the
    command's processes and on one CPU (medians of `repeat` runs). That in-process share
    leaves out the process's start, its imports and its writing, and is the stricter figure.

    The process without the review still imports the review's modules (the pipeline imports
    them), so their import time (`_review_import_seconds`) is charged to the review in full,
    as if it were all on the process's critical path: an upper bound of the growth."""
    print("\nreview (issue 11): what the review adds to an extraction")
    goals = []
    imports = _review_import_seconds(repeat)
    print(f"  importing the review's modules: {1000 * imports:.0f} ms (median of {repeat})")
    with tempfile.TemporaryDirectory() as out:
        for pdf in pdfs:
            growth = _whole_process_growth(pdf, 2 * repeat, out, imports)
            in_process = ", ".join(
                f"{label} {100 * _in_process_share(pdf, repeat, processes):.1f} %"
                for label, processes in (("as the command runs it", None), ("on one CPU", 1))
            )
            print(f"    review_plan within a warm in-process extraction: {in_process}")
            goals.append(
                (
                    f"review on {pdf.parent.name}: the whole process {100 * growth:+.1f} % "
                    f"(goal ≤ {100 * REVIEW_GROWTH_GOAL:.0f} %)",
                    growth <= REVIEW_GROWTH_GOAL,
                )
            )
    return goals


REVIEW_MODULES = "plan_extract.review"
"""The package whose modules' import time the review is charged (`_review_import_seconds`)."""


def _review_import_seconds(repeat: int) -> float:
    """Median over `repeat` fresh interpreters of the summed self import times
    (`python -X importtime`) of the review's modules, imported as the pipeline imports them."""
    totals = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import plan_extract.pipeline"],
            check=True,
            capture_output=True,
            text=True,
        )
        microseconds = 0
        for line in done.stderr.splitlines():
            fields = line.removeprefix("import time:").split("|")
            if len(fields) == 3 and fields[2].strip().startswith(REVIEW_MODULES):
                microseconds += int(fields[0])
        totals.append(microseconds / 1e6)
    return statistics.median(totals)


def _whole_process_growth(pdf: Path, runs: int, out: str, imports: float) -> float:
    """Median whole-process time of the extract command with its review over without it,
    minus one, the review charged its modules' import time `imports` as well; the two take
    turns (the order swapped every round)."""
    seconds: dict[str, list[float]] = {"with": [], "without": []}
    for round_number in range(runs):
        modes = ("with", "without") if round_number % 2 == 0 else ("without", "with")
        for mode in modes:
            command = [sys.executable, "-c", WITHOUT_REVIEW, mode, str(pdf), out]
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            seconds[mode].append(time.perf_counter() - started)
    with_review = statistics.median(seconds["with"])
    without = statistics.median(seconds["without"]) - imports
    print(
        f"  {pdf.parent.name}/{pdf.name}: extract {with_review:.3f} s with the review, "
        f"{without + imports:.3f} s without it (medians of {runs} alternating runs), "
        f"{without:.3f} s without its imports too: {100 * (with_review / without - 1):+.1f} %"
    )
    return with_review / without - 1


REVIEW_SHARE = """
import json, sys, time
from plan_extract import pipeline
from plan_extract.pdf.page_pool import page_readers, usable_cpus
from plan_extract.pdf.reader import ReadLimits

spent = []
review_plan = pipeline.review_plan


def timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return review_plan(*args, **kwargs)
    finally:
        spent.append(time.perf_counter() - started)


pipeline.review_plan = timed
processes = int(sys.argv[3]) or page_readers(usable_cpus(), 1)  # 0: as the command, one file
limits = ReadLimits(page_readers=processes)
pipeline.extract_plan(sys.argv[1], limits=limits, reader="pdfium")  # warm: caches, imports
spent.clear()
totals = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    pipeline.extract_plan(sys.argv[1], limits=limits, reader="pdfium")
    totals.append(time.perf_counter() - started)
print(json.dumps({"total": totals, "review": spent}))
"""


def _in_process_share(pdf: Path, repeat: int, processes: int | None) -> float:
    """Median time of `review_plan` within a warm in-process extraction over the rest of it,
    with `processes` for the stages (None: as the extract command gives one file)."""
    done = subprocess.run(
        [sys.executable, "-c", REVIEW_SHARE, str(pdf), str(repeat), str(processes or 0)],
        check=True,
        capture_output=True,
        text=True,
    )
    runs = json.loads(done.stdout)
    total, review = statistics.median(runs["total"]), statistics.median(runs["review"])
    return review / (total - review)


def compile_package() -> None:
    """Byte-compile the package first, as pip does for an installed one: an editable install
    under PYTHONDONTWRITEBYTECODE (set on the development machine) would otherwise compile its
    modules from source in every process, some 0.2 s that camelot and pdfplumber, installed in
    site-packages with their bytecode, never pay."""
    compileall.compile_dir(ROOT / "src", quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data folder")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool and PDF")
    parser.add_argument(
        "--copies",
        default="6,17",
        help="copies of the 17-page plan in the long ones (default: 6,17 = 102 and 289 pages)",
    )
    parser.add_argument(
        "--scaling-readers",
        default=",".join(READERS),
        help="readers of the scaling runs (default: pdfium,pdfplumber; the goals are pdfium's)",
    )
    parser.add_argument("--variants", action="store_true", help="also time the two layout variants")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    compile_package()
    base = args.shared if (args.shared / "plans").is_dir() else FALLBACK
    plans = base / "plans"
    pdfs = [plans / "conacoes-2023" / "plan.pdf", plans / "plan-2024" / "plan.pdf"]
    if args.variants:
        pdfs += [
            plans / "conacoes-2023" / "variants" / "carlito-legal-horizontal.pdf",
            plans / "conacoes-2023" / "variants" / "dejavu-a4-boxonly.pdf",
        ]
    print(
        f"{len(pdfs)} PDFs from {base}, {args.repeat} alternating runs each, {os.cpu_count()} CPUs"
    )
    goals = print_table(compare(pdfs, args.repeat))
    if not args.no_scaling:
        copies = [int(k) for k in args.copies.split(",") if k]
        readers = tuple(r for r in args.scaling_readers.split(",") if r in READERS)
        goals += scaling(pdfs[0], copies, args.repeat, readers)
    goals += review_share(pdfs, args.repeat)
    if not args.no_profile:
        profile(pdfs[1])
    print("\ngoals:")
    for text, met in goals:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    return 1 if args.strict and not all(met for _, met in goals) else 0


if __name__ == "__main__":
    sys.exit(main())
