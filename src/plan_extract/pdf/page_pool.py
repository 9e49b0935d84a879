"""A file's pages read by several processes at once: contiguous ranges of pages, the first read
by the calling process, each other one by a process forked for it, the results put back in page
order. And any work done by a forked helper while the caller does other work (`beside`: the
extract command's worker imports the stages while a helper reads the whole file, and runs half
the review's checks while a helper runs the other half, `review.verdict.review_plan`).

Reading is a third of an extraction and each page is read on its own, so with a free core the
wall time of reading falls by about the share the other processes take. Only where forking is
safe and cheap: on Linux (`fork` shares the imported reader and the open pypdf reader, nothing
is sent but the result), in a process with no other thread (a thread holding a lock at the fork
would leave the child waiting on it for ever). The extract command's worker is such a process;
it asks for as many readers as the CPUs left to it by `--jobs` (`ReadLimits.page_readers`).

Every guard of the sequential reading holds in each process: the per-page CPU limit
(`pdf/deadline.py` runs in whichever process reads the page), the address-space cap (inherited),
and the first error in page order is the one raised (each range stops at its first failing
page, and the ranges are taken in order). A helper dies with the process that forked it
(`PR_SET_PDEATHSIG`), so that a worker killed at `--timeout` leaves none behind, and the caller
kills and reaps every helper whatever happens to it.
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import gc
import logging
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

_T = TypeVar("_T")

MAX_PAGE_READERS = 4
"""Processes reading one file's pages at most, whatever the CPUs: beyond a few, forking and
sending the pages back cost more than the reading they share."""
PAGES_PER_READER = 4
"""Fewest pages worth a process of their own: a helper costs a fork, the document opened again
and its pages sent back (a few milliseconds), a plan page's reading 10-25 ms."""
MAX_SENT_RECORDS = 100
"""Log records a helper sends back at most (the extract command keeps five as notes): a
damaged file may make a library log for every object."""
_PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal a process receives when the thread that forked it ends."""


class PageReaderFailed(Exception):
    """A helper ended without sending its pages (a crash in the PDF library, a kill); the
    message is the one-line reason, naming the pages."""


def page_readers(cpus: int, parallel_files: int) -> int:
    """How many processes may read one file's pages when `parallel_files` files are extracted
    at once on `cpus` CPUs: the CPUs left to each file, never fewer than 1 nor more than
    `MAX_PAGE_READERS`, so that `--jobs` and the page readers together do not oversubscribe
    the machine."""
    return max(1, min(MAX_PAGE_READERS, cpus // max(1, parallel_files)))


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def page_ranges(count: int, readers: int) -> list[range]:
    """`count` pages as at most `readers` contiguous ranges of nearly equal length, each of at
    least `PAGES_PER_READER` pages (one range when forking is not possible here)."""
    if not can_fork():
        readers = 1
    parts = max(1, min(readers, count // PAGES_PER_READER))
    bounds = [count * k // parts for k in range(parts + 1)]
    return [range(bounds[k], bounds[k + 1]) for k in range(parts)]


def can_fork() -> bool:
    """Whether this process may fork a helper: on Linux, with no other thread (a thread
    holding a lock at the fork would leave the child waiting on it for ever)."""
    return (
        sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
    )


def read_in_ranges(
    ranges: list[range],
    here: Callable[[range], list[_T]],
    elsewhere: Callable[[range], list[_T]],
    meanwhile: Callable[[], object] | None = None,
) -> list[_T]:
    """`here(ranges[0])` in this process and `elsewhere(r)` for each other range in a forked
    helper, all at once; the results concatenated in range order. An exception of a range is
    raised once the ranges before it are done (the first failing page in order wins).
    `meanwhile()`, when given, runs here after `here`, while the helpers may still read."""
    with _helpers(ranges[1:], elsewhere) as helpers:
        results = here(ranges[0])
        if meanwhile is not None:
            meanwhile()
        for helper in helpers:
            results.extend(helper.result())
        return results


def beside(work: Callable[[], _T], meanwhile: Callable[[], object]) -> _T:
    """`work()` in a forked helper while this process does `meanwhile()` (the extract
    command's worker imports the stages while a helper reads the file, `extract_job`; the
    review runs half its checks in a helper, `review_plan`); the
    helper's result, or its exception raised here. What the helper logs is logged here too
    (the worker's handler keeps the libraries' warnings as notes). Where forking is not
    possible, `meanwhile()` then `work()` here. A helper that ends without an answer is a
    `PageReaderFailed`."""
    if not can_fork():
        meanwhile()
        return work()
    helper = _fork(partial(_logged, work))
    try:
        meanwhile()
        value, records = helper.result()
    finally:
        helper.stop()
    for record in records:
        logging.getLogger(record.name).handle(record)
    return cast(_T, value)


def _logged(work: Callable[[], _T]) -> tuple[_T, list[logging.LogRecord]]:
    """`work()` and the records logged meanwhile, to be sent (`_Records`)."""
    records = _Records()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        return work(), records.kept
    finally:
        root.removeHandler(records)


class _Records(logging.Handler):
    """Keeps the first `MAX_SENT_RECORDS` records a helper logs, each with its message
    formatted and its arguments and traceback dropped, so that it pickles (as
    `logging.handlers.QueueHandler.prepare` does)."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.kept) < MAX_SENT_RECORDS:
            sent = copy.copy(record)
            sent.msg = self.format(record)
            sent.args, sent.exc_info, sent.exc_text = None, None, None
            self.kept.append(sent)


@dataclass
class _Helper:
    """A forked process, the pipe it sends its result through, and the pages it reads (None:
    the whole file)."""

    pid: int
    pipe: int
    pages: range | None = None
    reaped: bool = False

    def result(self) -> Any:
        """The helper's result, or its exception raised here. The result is unpickled before
        the helper is reaped: the kernel tears down the helper's copy of this process (about
        4 ms for a reader's) meanwhile, on the CPU it leaves."""
        chunks = []
        with os.fdopen(self.pipe, "rb") as pipe:
            self.pipe = -1
            while chunk := pipe.read(1 << 16):
                chunks.append(chunk)
        sent = pickle.loads(b"".join(chunks)) if chunks else None
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        if sent is None:
            raise PageReaderFailed(self._death(status))
        outcome, value = sent
        if outcome == "error":
            raise value
        return value

    def _death(self, status: int) -> str:
        span = "" if self.pages is None else f"pages {self.pages.start + 1}-{self.pages.stop}"
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = f"signal {number}"
            return f"the PDF crashed its reader ({name})" + (f" on {span}" if span else "")
        code = os.waitstatus_to_exitcode(status)
        return "the reader" + (f" of {span}" if span else "") + f" stopped with status {code}"

    def stop(self) -> None:
        """Kill and reap the helper if it is still there (an exception in the caller)."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if not self.reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.reaped = True


@contextlib.contextmanager
def _helpers(ranges: list[range], work: Callable[[range], list[_T]]) -> Iterator[list[_Helper]]:
    helpers: list[_Helper] = []
    try:
        for pages in ranges:
            helpers.append(_fork(partial(work, pages), pages))
        yield helpers
    finally:
        for helper in helpers:
            helper.stop()


def _fork(work: Callable[[], object], pages: range | None = None) -> _Helper:
    """A helper that sends back `work()` (or its exception); `pages`, those it reads, name it
    in the message of its death."""
    parent = os.getpid()
    readable, writable = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writable)
        return _Helper(pid, readable, pages)
    os.close(readable)  # the helper: from here on it only ever leaves through os._exit
    status = 0
    try:
        _die_with(parent)
        gc.freeze()  # what it inherited is not garbage: no collection walks (or copies) it
        try:
            payload = _dumps(("value", work()))
        except BaseException as exc:  # noqa: BLE001 -- any failure is sent to the caller, who raises it
            payload = _dumps(("error", exc))
        with os.fdopen(writable, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 -- the caller reports a helper that sent nothing
        status = 1
    finally:
        os._exit(status)


def _dumps(payload: tuple[str, Any]) -> bytes:
    try:
        return pickle.dumps(payload, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an exception that does not pickle: its one line still does
        if payload[0] != "error":
            raise
        return pickle.dumps(("error", RuntimeError(f"{type(payload[1]).__name__}: {exc}")))


def _die_with(parent: int) -> None:
    """Be killed when the process that forked this one ends (Linux's PR_SET_PDEATHSIG); if it
    has already ended, end now."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
