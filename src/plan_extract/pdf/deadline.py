"""A time limit per page, inside the process that reads it.

The extract command's worker is killed at the file's time limit from outside (a long C call
cannot be interrupted from within). Reading a page is Python (pdfminer) or a Python loop over
pdfium's short calls, so an interval timer's signal interrupts it between bytecodes: a page
that stalls the reader is refused with its number long before the whole file's limit, and the
next file does not wait for it.

The timer counts the process's CPU time (`ITIMER_PROF`), not the wall clock: on a machine
busy with other work a plain page waits for a CPU without spending any, and a wall-clock
limit refused plain files there (seen with a load average of 6 to 10 on 2 CPUs). What stalls
a reader burns CPU; a file that waits on anything else is still stopped by the worker's kill
at the file's wall-clock limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class PageTimeout(BaseException):
    """A page took longer than its limit. A BaseException, so that the readers' own broad
    `except Exception` repairs cannot swallow it."""


def page_timeout_message(number: int, seconds: float | None) -> str:
    """The one line that refuses a page past its limit."""
    return (
        f"page {number} took over {seconds:g} s to read, the limit per page (too complex, or "
        "crafted to stall the reader)"
    )


@contextlib.contextmanager
def page_deadline(seconds: float | None) -> Iterator[None]:
    """Raise PageTimeout in the block once the process has spent `seconds` of CPU in it.
    Inert where no interval timer can be set (not the main thread, no SIGPROF on the
    platform), when `seconds` is None, or when a CPU timer is already running (a profiler's
    or the caller's own, which is left alone)."""
    if seconds is None:
        yield
        return
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        del signum, frame
        raise PageTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
