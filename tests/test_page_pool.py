"""Pages read by several processes at once (`pdf/page_pool.py`): the same pages in the same
order as one process reads them, every guard holding in each process, no helper left behind."""

from __future__ import annotations

import faulthandler
import logging
import os
import pickle
import signal
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from plan_extract.pdf import page_pool, pdfium_reader
from plan_extract.pdf.page_pool import (
    MAX_PAGE_READERS,
    PAGES_PER_READER,
    PageReaderFailed,
    beside,
    page_ranges,
    page_readers,
    read_in_ranges,
)
from plan_extract.pdf.reader import ReadError, ReadLimits, read_pdf

DATA = Path(__file__).parent / "data"
PLAN_2024 = DATA / "plans" / "plan-2024" / "plan.pdf"  # 20 pages

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="pages are read by forked processes on Linux only"
)


def test_ranges_cover_the_pages_in_order_in_near_equal_parts() -> None:
    for count in range(0, 41):
        for readers in range(1, 6):
            ranges = page_ranges(count, readers)
            assert [i for r in ranges for i in r] == list(range(count))
            assert len(ranges) == max(1, min(readers, count // PAGES_PER_READER))
            lengths = [len(r) for r in ranges]
            assert max(lengths) - min(lengths) <= 1
            if len(ranges) > 1:
                assert min(lengths) >= PAGES_PER_READER


def test_readers_share_the_cpus_that_parallel_files_leave() -> None:
    assert page_readers(cpus=2, parallel_files=1) == 2
    assert page_readers(cpus=2, parallel_files=2) == 1  # --jobs 2 takes both CPUs
    assert page_readers(cpus=8, parallel_files=3) == 2
    assert page_readers(cpus=1, parallel_files=4) == 1
    assert page_readers(cpus=64, parallel_files=1) == MAX_PAGE_READERS


def _pids(pages: range) -> list[tuple[int, int]]:
    return [(index, os.getpid()) for index in pages]


def test_each_range_but_the_first_is_read_by_a_helper_and_results_keep_page_order() -> None:
    ranges = page_ranges(12, 3)
    found = read_in_ranges(ranges, _pids, _pids)
    assert [index for index, _ in found] == list(range(12))
    pids = [dict(found)[r.start] for r in ranges]
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3
    for pid in pids[1:]:  # reaped: no helper outlives the call
        assert not Path(f"/proc/{pid}").exists()


class Refused(Exception):
    pass


def _refuse_from(first: int):
    def read(pages: range) -> list[int]:
        for index in pages:
            if index >= first:
                raise Refused(f"page {index + 1}")
        return list(pages)

    return read


def test_a_helpers_failure_is_raised_in_the_caller_once_the_pages_before_it_are_read() -> None:
    ranges = page_ranges(12, 3)  # 0-3, 4-7, 8-11
    with pytest.raises(Refused, match=r"^page 10$"):
        read_in_ranges(ranges, _refuse_from(9), _refuse_from(9))


def test_the_first_failing_page_in_order_wins() -> None:
    ranges = page_ranges(12, 3)
    with pytest.raises(Refused, match=r"^page 6$"):  # pages 6 and 10 both fail: 6 is first
        read_in_ranges(ranges, _refuse_from(99), _refuse_from(5))
    with pytest.raises(Refused, match=r"^page 2$"):  # the caller's own range fails first
        read_in_ranges(ranges, _refuse_from(1), _refuse_from(5))


def test_meanwhile_runs_once_the_callers_range_is_read_while_the_helpers_still_read(
    tmp_path,
) -> None:
    """`meanwhile` (the signatures, `reader._EarlySignatures`) runs before the helpers'
    results are awaited: each helper here waits until it has run (at most 30 s)."""
    marker = tmp_path / "meanwhile"

    def after_meanwhile(pages: range) -> list[bool]:
        for _ in range(3000):
            if marker.exists():
                return [True for _ in pages]
            time.sleep(0.01)
        return [False for _ in pages]

    found = read_in_ranges(
        page_ranges(12, 3), lambda pages: [True for _ in pages], after_meanwhile, marker.touch
    )
    assert found == [True] * 12


def _crash(pages: range) -> list[int]:
    if pages.start == 4:
        faulthandler.disable()  # pytest's traceback dump would only add noise here
        os.kill(os.getpid(), signal.SIGSEGV)
    return list(pages)


def test_a_helper_that_crashes_is_one_line_naming_its_pages() -> None:
    with pytest.raises(PageReaderFailed, match=r"crashed its reader \(SIGSEGV\) on pages 5-8$"):
        read_in_ranges(page_ranges(12, 3), list, _crash)


def test_helpers_are_killed_when_the_caller_fails(tmp_path) -> None:
    def linger(pages: range) -> list[int]:
        (tmp_path / str(os.getpid())).write_text("")
        time.sleep(60)
        return list(pages)

    def fail(_pages: range) -> list[int]:
        while len(list(tmp_path.iterdir())) < 2:  # both helpers started
            time.sleep(0.01)
        raise Refused("first range")

    started = time.monotonic()
    with pytest.raises(Refused):
        read_in_ranges(page_ranges(12, 3), fail, linger)
    assert time.monotonic() - started < 30
    for pid in (int(p.name) for p in tmp_path.iterdir()):
        assert not Path(f"/proc/{pid}").exists()


def _content(readers: int) -> bytes:
    content = read_pdf(PLAN_2024, limits=ReadLimits(page_readers=readers))
    pages = [
        (
            page.number,
            page.width,
            page.height,
            [(w.text, w.bbox, w.size, w.bold, w.space_after) for w in page.words],
            page.rules,
        )
        for page in content.pages
    ]
    facts = (content.signature_fields, content.metadata, content.line_end_spaces)
    return pickle.dumps((pages, *facts, content.problems))


def test_the_plan_read_by_three_processes_is_the_plan_read_by_one(monkeypatch) -> None:
    forks = []
    fork = page_pool._fork
    monkeypatch.setattr(page_pool, "_fork", lambda *args: forks.append(1) or fork(*args))
    alone = _content(1)
    assert not forks
    assert _content(3) == alone
    assert len(forks) == 2


def test_a_page_past_its_time_limit_in_a_helper_is_refused_with_its_number(monkeypatch) -> None:
    read_page = pdfium_reader._read_page

    def stall_on_15(page, number, *args):
        while number == 15:
            pass
        return read_page(page, number, *args)

    monkeypatch.setattr(pdfium_reader, "_read_page", stall_on_15)
    limits = ReadLimits(max_seconds_per_page=0.5, page_readers=2)  # pages 1-10 and 11-20
    with pytest.raises(ReadError, match=r"^page 15 took over 0.5 s to read, the limit per page"):
        read_pdf(PLAN_2024, limits=limits)


def test_a_page_over_its_cap_in_a_later_range_does_not_hide_an_earlier_one(monkeypatch) -> None:
    read_page = pdfium_reader._read_page

    def refuse(page, number, *args):
        if number in (3, 15):
            raise pdfium_reader.PdfiumLimit(f"page {number} has too many drawing objects")
        return read_page(page, number, *args)

    monkeypatch.setattr(pdfium_reader, "_read_page", refuse)
    with pytest.raises(ReadError, match=r"^page 3 has too many"):
        read_pdf(PLAN_2024, limits=ReadLimits(page_readers=2))


def test_beside_does_the_work_in_a_helper_while_the_caller_does_its_own() -> None:
    done: list[int] = []
    helper = beside(os.getpid, lambda: done.append(os.getpid()))
    assert done == [os.getpid()]
    assert helper != os.getpid()
    assert not Path(f"/proc/{helper}").exists()  # reaped


def test_where_it_cannot_fork_beside_does_the_callers_work_first_then_the_work_here(
    monkeypatch,
) -> None:
    monkeypatch.setattr(page_pool, "can_fork", lambda: False)
    order: list[str] = []
    assert beside(lambda: order.append("work") or os.getpid(), lambda: order.append("own")) == (
        os.getpid()
    )
    assert order == ["own", "work"]


def test_what_the_helper_logs_beside_is_logged_in_the_caller(caplog) -> None:
    def work() -> int:
        logging.getLogger("plan_extract.pdf.reader").warning("%s; read with %s", "cannot", "X")
        return os.getpid()

    with caplog.at_level(logging.WARNING):
        helper = beside(work, lambda: None)
    [record] = [r for r in caplog.records if r.name == "plan_extract.pdf.reader"]
    assert (record.getMessage(), record.process) == ("cannot; read with X", helper)


def test_beside_raises_the_helpers_exception_or_its_death_in_one_line() -> None:
    with pytest.raises(Refused, match=r"^page 2$"):
        beside(partial(_refuse_from(1), range(3)), lambda: None)
    with pytest.raises(PageReaderFailed, match=r"^the PDF crashed its reader \(SIGSEGV\)$"):
        beside(partial(_crash, range(4, 8)), lambda: None)
