"""The garbage collector's pace while a plan is extracted. Apart from the stages (`pipeline`), so
that the extract command's worker sets it before it reads the file and imports them
(`commands.extract.extract_file`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

GC_YOUNG_OBJECTS = 50_000
"""Allocations (less deallocations) of container objects between two collections of the
youngest generation while a plan is extracted (Python's default: 700). An extraction makes
millions of short-lived records that form no cycles, and each collection of the oldest
generation walks every object alive: with the default the collector took about 6 % of the
2024 plan's extraction (62 ms) and 11 % of the 102-page plan's (958 ms, 679 of them in six
full collections), a share growing with the pages; with this threshold 192 ms at 102 pages
(measured with `gc.callbacks`, in process). Cycles are still collected, a little later."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The youngest generation collected every `GC_YOUNG_OBJECTS` allocations while the
    block runs; the caller's thresholds are restored after it."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_YOUNG_OBJECTS), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
