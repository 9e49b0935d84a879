"""`trace_plan` keeps every stage's intermediates, and `plan-extract debug` draws them: the
trace is the same run as `extract_plan` (same plan), with one entry per page and section."""

from __future__ import annotations

import json
import os

import pytest
from conftest import PLANS
from PIL import Image
from plan_cases import plan_of, same_case

from plan_extract.cli import main
from plan_extract.pipeline import trace_plan
from plan_extract.review import verdict

VARIANT = PLANS / "conacoes-2023" / "variants" / "carlito-a4-header-once-top-aligned.pdf"
TRUTH = PLANS / "conacoes-2023" / "truth.json"


@pytest.fixture(scope="module")
def trace():
    return trace_plan(VARIANT)


@same_case(VARIANT.stem)  # the worker that extracts it for the truth tests: plan_of is cached
def test_trace_holds_the_plan_of_the_same_run(trace) -> None:
    plan = plan_of(VARIANT)
    assert trace.plan is not None
    assert trace.plan.model_dump() == plan.model_dump()


@same_case(VARIANT.stem)  # the trace fixture made once, in the worker of the test above
def test_trace_has_one_reading_per_page_and_one_table_per_section(trace) -> None:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    pages = len(trace.content.pages)
    assert len(trace.grids) == len(trace.plan_pages) == pages
    assert len(trace.sections) == len(truth["sections"])
    rows = sum(len(section.rows) for section in trace.sections)
    activities = sum(len(s["activities"]) for s in truth["sections"])
    assert rows == activities
    # every page after the cover holds a plan table, read with the columns the truth names
    assert all(page.tables for page in trace.plan_pages[1:])
    fields = {c.field for page in trace.plan_pages for t in page.tables for c in t.model.columns}
    assert {"activity", "indicator", "verification"} <= fields


@same_case(VARIANT.stem)  # the trace fixture made once, in the worker of the tests above
def test_with_a_cpu_to_spare_the_review_runs_half_its_checks_in_a_helper(
    trace, tmp_path, monkeypatch
) -> None:
    """`review_plan(processes=2)` (the extract command's worker, a CPU free): the checks of
    `_apart_checks` run in a forked helper, and the review is the one of a single process,
    findings in the same order."""
    calls = tmp_path / "ruling"
    real = verdict.ruling_findings

    def ruling(context):
        with calls.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(context)

    monkeypatch.setattr(verdict, "ruling_findings", ruling)
    # Findings of both sides: a furniture record lost (the accounting, here) and a line's box
    # reaching across its column's rule (the rules, in the helper).
    plan = trace.plan.model_copy(deep=True)
    del plan.furniture[5]
    piece = plan.sections[1].activities[3].provenance["activity"][0]
    piece.bbox = (piece.bbox[0], piece.bbox[1], piece.bbox[2] + 150, piece.bbox[3])
    alone = verdict.review_plan(plan, trace.content, trace.grids)
    shared = verdict.review_plan(plan, trace.content, trace.grids, processes=2)
    assert {"word_accounting", "engine_cell"} <= {f.check for f in alone.findings}
    assert shared.model_dump() == alone.model_dump()
    here, helper = calls.read_text().split()
    assert here == str(os.getpid())
    assert helper != here


def test_debug_draws_the_page_with_its_marks(tmp_path, capsys) -> None:
    out = tmp_path / "page.png"
    assert main(["debug", str(VARIANT), "--page", "9", "--out", str(out), "--dpi", "50"]) == 0
    printed = capsys.readouterr().out
    with Image.open(out) as picture:
        width, height = picture.size
    assert width > height  # the plan is landscape
    counts = {
        line.split()[0]: int(line.split()[1]) for line in printed.splitlines()[1:] if line.strip()
    }
    assert counts["column"] >= 2 * 8  # both bounds of each of the plan's columns
    assert counts["row"] >= 1 and counts["spanning"] >= 1 and counts["furniture"] >= 1


def test_debug_refuses_a_page_out_of_range(tmp_path, capsys) -> None:
    assert main(["debug", str(VARIANT), "--page", "99", "--out", str(tmp_path / "x.png")]) == 2
    assert "--page must be between 1 and" in capsys.readouterr().err


def test_debug_reads_in_a_limited_worker_and_fails_in_one_line(tmp_path, capsys) -> None:
    """A file that is not a PDF: one line, exit 1, no picture, nothing raised here (the page
    is read in extract's worker, with its limits)."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf at all\n")
    out = tmp_path / "x.png"
    assert main(["debug", str(broken), "--page", "1", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{broken}: error: ")
    assert not out.exists()
