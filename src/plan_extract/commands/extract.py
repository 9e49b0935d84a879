"""`plan-extract extract PDF [PDF…] --out DIR`: each PDF → DIR/<stem>.json and DIR/<stem>.csv.

A bad file never stops the batch: each failure is one line `FILE: error: reason`, the run ends
with a summary and exits 1 if any file failed. A file that was written but whose review found
reasons to doubt it prints `FILE: needs review: N findings (first: …)`, gets DIR/<stem>.review.md
beside its outputs, and the run exits 3 (unless `--fail-on error`).

Exit status: 0 every file written and ok; 1 a file failed; 3 every file written, one needs review.

Each file is extracted in a worker process of its own, because that is the only way to stop a
hostile file for sure: the parent kills a worker past the time limit (a signal handler cannot
interrupt a long C call), the worker's address space is capped (a MemoryError or a crash is that
file's failure, not the run's), and `--jobs N` is the same machinery with N workers. Workers
send back the finished texts and only the parent writes them, atomically: a killed worker leaves
no partial file behind.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import gc
import logging
import math
import multiprocessing
import os
import signal
import sys
import time
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from plan_extract.collector import fewer_collections
from plan_extract.commands import add_reader_option
from plan_extract.files import write_texts
from plan_extract.pdf.page_pool import PageReaderFailed, beside, page_readers, usable_cpus
from plan_extract.pdf.reader import (
    DEFAULT_READER,
    ReadError,
    ReadLimits,
    content_of,
    read_file,
)

if TYPE_CHECKING:
    from plan_extract.models import Plan

EXIT_FAILED = 1
"""A file could not be extracted (its line says why)."""
EXIT_NEEDS_REVIEW = 3
"""Every file was written, but the review doubts one (`--fail-on review`, the default)."""

DEFAULT_TIMEOUT = 50.0
"""Seconds per file. A plan page takes about 80 ms, so the 300 pages of ReadLimits fit (about
25 s); a hostile file is stopped well inside a minute."""
DEFAULT_MAX_MEMORY = 1024
"""MiB of address space a worker may map beyond what it starts with (about 150 MiB): a 20-page
plan needs some 70 MiB more, a 300-page one some 700 MiB."""


@dataclass(frozen=True)
class Limits:
    read: ReadLimits = field(default_factory=ReadLimits)
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds per file; None for no limit."""
    max_memory_mib: int | None = DEFAULT_MAX_MEMORY
    """Address space a worker may add to what it starts with; None for no limit."""


@dataclass(frozen=True)
class Job:
    path: Path
    stem: str
    password: str | None = None
    limits: Limits = field(default_factory=Limits)
    debug: bool = False
    reader: str = DEFAULT_READER
    report: bool = False
    """Also write the review page, DIR/<stem>.report.html (plan_extract.report)."""
    task: Callable[[Job], Outcome] | None = None
    """What the worker does with the file, returning the texts to write; None extracts the
    plan (`extract_file`). Other commands that read PDFs (`tables`) run in the same hardened
    worker this way. A module-level function or a dataclass instance, so that it can be sent
    to a spawned worker."""


@dataclass
class Outcome:
    """What became of one file. `texts` (output name → content) are written by the parent."""

    path: Path
    texts: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    traceback: str | None = None
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    review: str = ""
    """`needs review: …` when the plan's review doubts it, else empty."""


NO_LIMIT = "none"
"""How a limit is lifted on the command line: a number of 0 or less is a usage error, because
'0 seconds' reads as 'stop at once' as easily as 'never stop'."""


def _positive(kind: type, allow_none: bool = False) -> Callable[[str], float | int | None]:
    """An argparse type: a finite number above zero (or 'none' where a limit may be lifted)."""

    def parse(text: str):
        if allow_none and text.strip().lower() == NO_LIMIT:
            return None
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or value <= 0:
            lifted = f" ('{NO_LIMIT}' for no limit)" if allow_none else ""
            raise argparse.ArgumentTypeError(f"{text!r}: must be above 0{lifted}")
        return value

    return parse


def _job_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: 0 (one per CPU) or more")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    parser.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder (default: output)"
    )
    parser.add_argument("--password", help="password of encrypted PDFs")
    add_reader_option(parser)
    parser.add_argument(
        "--fail-on",
        choices=("review", "error"),
        default="review",
        help="exit 3 when a written file needs review ('review', the default), or only 1 when "
        "a file failed ('error': the doubt is still printed and written)",
    )
    parser.add_argument(
        "--report", action="store_true", help="also write DIR/<stem>.report.html, the review page"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        default=1,
        help="files extracted in parallel; 0 for one per CPU (default: %(default)s)",
    )
    add_limit_options(parser)
    parser.add_argument(
        "--max-graphics",
        type=_positive(int),
        default=ReadLimits.max_graphics_per_page,
        help="refuse pages with more drawing objects, paths counted in rectangles' worth of "
        "points (default: %(default)s)",
    )
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="also print warnings and limits"
    )
    # SUPPRESS keeps `plan-extract --debug extract …` working: a subparser default would
    # overwrite the top-level flag.
    parser.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    parser.set_defaults(run=run)


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """--timeout, --max-memory (the worker's limits) and --max-pages, validated alike, for
    every command that reads PDFs in workers."""
    parser.add_argument(
        "--max-pages",
        type=_positive(int),
        default=ReadLimits.max_pages,
        help="refuse longer PDFs (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float, allow_none=True),
        default=DEFAULT_TIMEOUT,
        help=f"seconds allowed per file, '{NO_LIMIT}' for no limit (default: %(default)g)",
    )
    parser.add_argument(
        "--max-memory",
        type=_positive(int, allow_none=True),
        default=DEFAULT_MAX_MEMORY,
        metavar="MIB",
        help=f"memory a file may take in MiB, '{NO_LIMIT}' for no limit (default: %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    debug = bool(getattr(args, "debug", False))
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    # the CPUs that parallel files leave each file read its pages (`page_pool`)
    readers = page_readers(usable_cpus(), min(jobs, len(args.pdfs)))
    limits = Limits(
        read=ReadLimits(
            max_pages=args.max_pages,
            max_graphics_per_page=args.max_graphics,
            page_readers=readers,
        ),
        timeout=args.timeout,
        max_memory_mib=args.max_memory,
    )
    if len(args.pdfs) > 1:  # loaded once here, so that every forked worker starts warm
        _import_reader(args.reader)
    if args.verbose:
        print(
            f"limits: {_describe_limits(limits)}; {jobs} parallel job(s); reader {args.reader}"
            f" ({readers} page reader(s) a file)"
        )
    batch, clashes = plan_jobs(args.pdfs, args.password, limits, debug, args.reader)
    batch = [replace(job, report=args.report) for job in batch]
    with _reporter(len(args.pdfs), args.quiet, args.verbose, debug) as (report, tick):
        for outcome in clashes:
            report(outcome)
        outcomes = clashes + run_jobs(batch, args.out, jobs, report, tick)
    failed = [o for o in outcomes if o.error]
    doubtful = [o for o in outcomes if not o.error and o.review]
    if len(outcomes) > 1 and not args.quiet:
        done = len(outcomes) - len(failed)
        note = f", {len(failed)} failed" if failed else ""
        note += f", {len(doubtful)} need review" if doubtful else ""
        print(printable(f"{done} of {len(outcomes)} files extracted into {args.out}{note}"))
    if failed:
        return EXIT_FAILED
    return EXIT_NEEDS_REVIEW if doubtful and args.fail_on == "review" else 0


def plan_jobs(
    paths: list[Path],
    password: str | None,
    limits: Limits,
    debug: bool,
    reader: str = DEFAULT_READER,
) -> tuple[list[Job], list[Outcome]]:
    """One job per file; a file whose output name is already taken in this run fails rather
    than silently overwrite the other's output."""
    jobs: list[Job] = []
    clashes: list[Outcome] = []
    taken: dict[str, Path] = {}
    for path in paths:
        first = taken.setdefault(path.stem, path)
        if first is not path:
            clashes.append(
                Outcome(path, error=f"output {path.stem}.json is already that of {first}")
            )
            continue
        jobs.append(Job(path, path.stem, password, limits, debug, reader))
    return jobs, clashes


def extract_file(job: Job) -> Outcome:
    """Extract one file in this process; every failure becomes the outcome's one-line error."""
    started = time.perf_counter()
    outcome = Outcome(job.path)
    try:
        if job.report:  # imported only when asked: plain extraction pays nothing for it
            from plan_extract.report import extract_with_report

            plan, page = extract_with_report(
                job.path, job.stem, job.password, job.limits.read, reader=job.reader
            )
        else:
            plan, page = extract_job(job), {}
        from plan_extract.export import plan_texts  # imported while the file was read
        from plan_extract.review import review_line

        outcome.texts = {**plan_texts(plan, job.stem), **page}
        outcome.review = review_line(plan.review)
    except Exception as exc:  # an unexpected failure is still one file's failure
        outcome.error = failure_message(exc, job.limits)
        if job.debug:
            outcome.traceback = "".join(traceback.format_exception(exc))
    else:
        activities = sum(len(s.activities) for s in plan.sections)
        outcome.summary = f"{len(plan.sections)} sections, {activities} activities"
        if plan.unassigned:
            outcome.summary += f", {len(plan.unassigned)} unassigned words"
        outcome.notes.extend(str(w) for w in plan.warnings)
    outcome.seconds = time.perf_counter() - started
    return outcome


def extract_job(job: Job) -> Plan:
    """`pipeline.extract_plan` of the job's file. A worker that starts without the stages (a
    single file's: the command's process imports neither them nor the reader's libraries)
    reads the file in a helper (`page_pool.beside`: the checks, the pages with their own
    page readers, the signatures; the words are made here, `read_file`) while it imports the
    stages: the two imports, each about a sixth of a short plan's run, take two CPUs at once.
    With one page reader (`--jobs` takes the CPUs) it imports the stages first, then reads."""
    with fewer_collections():
        read = partial(read_file, job.path, job.password, job.limits.read, job.reader)
        if "plan_extract.pipeline" in sys.modules or job.limits.read.page_readers < 2:
            _import_stages()
            content = content_of(read())
        else:
            try:
                content = content_of(beside(read, _import_stages))
            except PageReaderFailed as exc:  # the helper crashed (pdfium) or was killed
                raise ReadError(str(exc)) from exc
        from plan_extract.pipeline import plan_of_content

        return plan_of_content(content, processes=job.limits.read.page_readers)


def _import_reader(reader: str) -> None:
    """The libraries that read a file with `reader`: pypdf (the structure check, the
    signatures) and, for pdfium, its bindings."""
    import pypdf  # noqa: F401

    if reader == "pdfium":
        import plan_extract.pdf.pdfium_reader  # noqa: F401


def _import_stages() -> None:
    """What a worker needs after the reading: the stages, the models, the review, the
    output formats, and the data enriching loads once (`enrich.load_resources`). A process
    that froze what it inherited (a worker: `_tune_collector`) freezes these too: they live
    as long as it does, and no collection need walk them."""
    import plan_extract.export
    import plan_extract.pipeline  # noqa: F401
    from plan_extract.enrich import load_resources

    load_resources()
    if gc.get_freeze_count():
        gc.freeze()


def task_outcome(job: Job, work: Callable[[Job], tuple[dict[str, str], str]]) -> Outcome:
    """A command's work on one file (its texts to write and the line to print) in this
    process, as `extract_file` does it: every failure becomes the outcome's one-line error."""
    started = time.perf_counter()
    outcome = Outcome(job.path)
    try:
        outcome.texts, outcome.summary = work(job)
    except Exception as exc:
        outcome.error = failure_message(exc, job.limits)
        if job.debug:
            outcome.traceback = "".join(traceback.format_exception(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


def failure_message(exc: Exception, limits: Limits) -> str:
    """One line for an exception raised while a worker read a file."""
    if _says_why(exc):
        return describe_failure(exc)
    if isinstance(exc, MemoryError):
        limit = limits.max_memory_mib
        return f"memory limit of {limit} MiB exceeded (--max-memory)" if limit else "out of memory"
    if isinstance(exc, RecursionError):
        return "structure nested too deeply to read (RecursionError)"
    detail = _one_line(f"{type(exc).__name__}: {exc}")
    return f"internal error ({detail}); rerun with --debug for the traceback"


def load_plans(paths: list[Path], limits: Limits | None = None, parallel: int = 2) -> list[Plan]:
    """Plans for the commands that read plans (`diff`, `audit`, `export`): each PDF is
    extracted in a worker with the extract command's limits, as `extract` does (a hostile
    file is stopped, not run to exhaustion in the caller's process); a JSON file is loaded.
    A file that fails raises ReadError with its one-line reason."""
    from plan_extract.models import Plan
    from plan_extract.pipeline import load_plan

    pdfs = list(dict.fromkeys(p for p in paths if p.suffix.lower() != ".json"))
    jobs = [Job(path, path.stem, limits=limits or Limits()) for path in pdfs]
    outcomes = {o.path: o for o in run_jobs(jobs, None, parallel, lambda _outcome: None)}
    plans = []
    for path in paths:
        outcome = outcomes.get(path)
        if outcome is None:
            plans.append(load_plan(path))
        elif outcome.error:
            raise ReadError(outcome.error)
        else:
            plans.append(Plan.model_validate_json(outcome.texts[f"{path.stem}.json"]))
    return plans


def run_jobs(
    jobs: list[Job],
    out_dir: Path | None,
    parallel: int,
    report: Callable[[Outcome], None],
    tick: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Run each job in a worker process, at most `parallel` at a time, killing any worker past
    its time limit; write each success into `out_dir` (all or none) and report every outcome
    as it comes. Without `out_dir` nothing is written and each outcome keeps its texts.
    `tick` is called at least ten times a second (a progress bar's clock)."""
    context = _context()
    queue = deque(jobs)
    running: dict[Connection, tuple[Job, multiprocessing.process.BaseProcess, float]] = {}
    outcomes: list[Outcome] = []
    warm = False
    try:
        while queue or running:
            while queue and len(running) < max(1, parallel):
                job = queue.popleft()
                receiver, sender = context.Pipe(duplex=False)
                worker = context.Process(target=_worker, args=(sender, job), daemon=True)
                worker.start()
                sender.close()  # the parent keeps no writer: EOF means the worker is gone
                running[receiver] = (job, worker, time.monotonic())
            warm = warm or _warm_for(queue)
            sentinels = [worker.sentinel for _, worker, _ in running.values()]
            ready = set(wait([*running, *sentinels], _nap(running)))
            if tick is not None:
                tick()
            now = time.monotonic()
            for receiver, (job, worker, started) in list(running.items()):
                timeout = job.limits.timeout
                if receiver in ready or worker.sentinel in ready:
                    outcome = _received(receiver) or _reaped(worker, job)
                elif timeout is not None and now - started > timeout:
                    worker.kill()
                    worker.join()
                    outcome = Outcome(
                        job.path, error=f"time limit of {timeout:g} s exceeded (--timeout)"
                    )
                else:
                    continue
                receiver.close()
                del running[receiver]
                outcome.seconds = now - started
                try:
                    if out_dir is not None:
                        if not outcome.error:
                            _write(outcome, out_dir)
                            if job.task is None:
                                _drop_stale_review(outcome, job.stem, out_dir)
                        outcome.texts = {}  # written: a long batch must not keep every file
                finally:  # a worker that answered is reaped once its files are written
                    worker.join()
                outcomes.append(outcome)
                report(outcome)
    finally:  # interrupted: no worker outlives the run
        for receiver, (_, worker, _) in running.items():
            worker.kill()
            worker.join()
            receiver.close()
    return outcomes


def _warm_for(queue: deque[Job]) -> bool:
    """Import the stages here if a job still waiting will extract a plan, and say whether
    this was the time: the workers still to come are forked from this process and start
    with them, as the first ones import them while they read (`extract_job`)."""
    if not queue:
        return False
    if any(job.task is None for job in queue):
        _import_stages()
    return True


def _nap(running: dict) -> float:
    """How long to wait for a worker: until the nearest deadline, and at most a tenth of a
    second so that the progress bar keeps moving."""
    now = time.monotonic()
    waits = [
        started + job.limits.timeout - now
        for job, _, started in running.values()
        if job.limits.timeout is not None
    ]
    return max(0.0, min([0.1, *waits]))


def _received(receiver: Connection) -> Outcome | None:
    """A worker's outcome, or None when it ended without one. The worker is not reaped here:
    one that answered ends at once (`_worker`), and the kernel's teardown of its address
    space (2-3 ms for a plan's worker) runs while this process writes the files it sent
    (`run_jobs`)."""
    with contextlib.suppress(EOFError, OSError):
        if receiver.poll():
            outcome = receiver.recv()
            if isinstance(outcome, Outcome):
                return outcome
    return None


def _reaped(worker: multiprocessing.process.BaseProcess, job: Job) -> Outcome:
    """The outcome of a worker that ended without an answer: reaped, and why, in words."""
    worker.join()
    return Outcome(job.path, error=_death(worker.exitcode, job))


def _death(exitcode: int | None, job: Job) -> str:
    """Why a worker ended without an answer, in words."""
    limit = job.limits.max_memory_mib
    if exitcode == _EXIT_OUT_OF_MEMORY:
        return f"memory limit of {limit} MiB exceeded (--max-memory)" if limit else "out of memory"
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return "worker killed (SIGKILL: out of memory?); try --max-memory or fewer --jobs"
        return f"the PDF crashed its reader ({name})"
    hint = f" (memory limit of {limit} MiB?)" if limit else ""
    return f"worker stopped with status {exitcode} and no result{hint}; --debug shows why"


def _write(outcome: Outcome, out_dir: Path) -> None:
    """Write the file's outputs all or none (`write_texts`): on failure the previous run's
    outputs stay as they were."""
    try:
        outcome.written = write_texts(out_dir, outcome.texts)
    except OSError as exc:
        target = exc.filename or out_dir
        outcome.error = f"cannot write {target} ({exc.strerror or exc})"


def _drop_stale_review(outcome: Outcome, stem: str, out_dir: Path) -> None:
    """A file that is ok now must not keep the review notes of an earlier, doubtful run."""
    if not outcome.error and not outcome.review:
        (out_dir / f"{stem}.review.md").unlink(missing_ok=True)


_EXIT_OUT_OF_MEMORY = 3
_EXIT_FAILED = 4


def _worker(sender: Connection, job: Job) -> None:
    """Body of a worker process: cap memory, silence library chatter, extract, send back.

    It never returns normally: `os._exit` skips multiprocessing's own error printing, so the
    only voice a worker has is its outcome or its exit status."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C for everyone
        if not job.debug:  # C libraries and Python's last words must not break the one line
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            faulthandler.disable()  # a crash is reported by the parent, from the exit status
        _cap_memory(job.limits.max_memory_mib)
        _tune_collector()
        notes = _capture_library_warnings(job.debug)
        outcome = (job.task or extract_file)(job)
        outcome.notes.extend(notes)
        sender.send(outcome)
    except MemoryError:
        status = _EXIT_OUT_OF_MEMORY
    except BaseException:
        status = _EXIT_FAILED
        if job.debug:
            traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sender.close()
        os._exit(status)


def _tune_collector() -> None:
    """What the worker inherited from the parent (the imported reader, never garbage) is
    frozen out of every collection (`gc.freeze`, before the first one, so that no collection
    walks those objects or writes to the parent's pages), and so are the stages it imports
    while it reads (`_import_stages`); the extraction itself collects less often
    (`collector.fewer_collections`)."""
    gc.freeze()


def _cap_memory(mib: int | None) -> None:
    """Cap the worker's address space at what it maps now plus `mib`: a worker forked from a
    big process (a test run with camelot loaded) starts with more mapped than a lean CLI. A
    crashing worker writes no core file either (a hostile PDF is not worth gigabytes of disk)."""
    try:
        import resource
    except ImportError:  # not on Windows: the time limit still applies
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if mib is None:
        return
    limit = _mapped_bytes() + mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _mapped_bytes() -> int:
    """The process's current address space (VmSize), 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _capture_library_warnings(debug: bool) -> list[str]:
    """pdfminer and pypdf log repairs of broken files (and Python's last-resort handler would
    print them): keep them as notes for --verbose instead, so an error stays one line."""
    notes: list[str] = []
    if debug:
        return notes

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if len(notes) < 5:
                notes.append(f"{record.name}: {_one_line(record.getMessage())}")

    root = logging.getLogger()
    root.handlers[:] = [Collect(logging.WARNING)]
    warnings.simplefilter("ignore")
    return notes


def _context():
    """fork where it is safe and cheap (Linux: workers inherit the imported reader, and the
    stages once a batch has imported them: `_warm_for`), spawn elsewhere. The parent starts
    no threads (the progress bar refreshes from the loop)."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def describe_failure(exc: BaseException) -> str:
    """One line for a failure of a command that reads plans: a ReadError's own reason, or
    the exception's type and message."""
    if _says_why(exc):
        return _one_line(str(exc))
    return _one_line(f"{type(exc).__name__}: {exc}")


def _says_why(exc: BaseException) -> bool:
    """The exception's message is its one-line reason (the reader's or the plan stages')."""
    if isinstance(exc, ReadError):
        return True
    # a LayoutError exists only once its module is imported: no import on a failure's path
    page_tables = sys.modules.get("plan_extract.plan.page_tables")
    return page_tables is not None and isinstance(exc, page_tables.LayoutError)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 600 else text[:597] + "…"


def printable(text: str) -> str:
    """`text` as one printable line: a file name may hold newlines, terminal escape codes or
    bytes that are not UTF-8 (kept by Python as lone surrogates); each is shown escaped
    (`\\n`, `\\x1b`, `\\xff`) so that a failure stays one line and cannot drive the terminal."""
    return "".join(char if char.isprintable() else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def _describe_limits(limits: Limits) -> str:
    timeout = f"{limits.timeout:g} s" if limits.timeout else "no time limit"
    memory = f"{limits.max_memory_mib} MiB" if limits.max_memory_mib else "no memory limit"
    return (
        f"{timeout} and {memory} per file, {limits.read.max_pages} pages, "
        f"{limits.read.max_graphics_per_page} drawing objects per page"
    )


# --- reporting ----------------------------------------------------------------------------


@contextlib.contextmanager
def _reporter(
    total: int, quiet: bool, verbose: bool, debug: bool
) -> Iterator[tuple[Callable[[Outcome], None], Callable[[], None] | None]]:
    """A function that reports one outcome, and one that moves the clock: plain lines (stdout
    for successes, stderr for failures), under a progress bar when both streams are a
    terminal."""
    progress = None
    if total > 1 and not quiet and sys.stdout.isatty() and sys.stderr.isatty():
        progress = _progress_bar(total)

    def emit(text: str, error: bool) -> None:
        if progress is not None:
            progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr if error else sys.stdout, flush=True)

    def report(outcome: Outcome) -> None:
        if outcome.error:
            emit(printable(f"{outcome.path}: error: {outcome.error}"), error=True)
            if debug and outcome.traceback:
                emit(outcome.traceback.rstrip(), error=True)
        else:
            _report_written(outcome, quiet, emit)
        if verbose:
            for note in outcome.notes:
                emit(printable(f"  {outcome.path}: note: {note}"), error=False)
        if progress is not None:
            progress.advance(progress.task_ids[0])
            progress.refresh()

    if progress is None:
        yield report, None
        return
    with progress:
        yield report, progress.refresh


def _report_written(outcome: Outcome, quiet: bool, emit: Callable[[str, bool], None]) -> None:
    """A written file's line, and its doubt: shown even with --quiet."""
    if not quiet:
        outputs = ", ".join(str(p) for p in outcome.written)
        line = f"{outcome.path}: {outcome.summary} → {outputs} ({outcome.seconds:.1f}s)"
        emit(printable(line), False)
    if outcome.review:
        emit(printable(f"{outcome.path}: {outcome.review}"), True)


def _progress_bar(total: int):
    from rich.console import Console  # only on a terminal: plain runs need no rich
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,  # no refresh thread: workers are forked from this process
        redirect_stdout=False,
        redirect_stderr=False,
    )
    progress.add_task("extracting", total=total)
    return progress
