"""The review pages without a browser: what the page's data says, that the file is
self-contained, and the commands that write it. The browser tests are in
test_report_browser.py."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DATA as DATA_DIR
from conftest import PLANS
from plan_cases import extracted, same_case

from plan_extract.audit import audit_plan
from plan_extract.cli import main
from plan_extract.diff import diff_plans, word_diff
from plan_extract.export import plan_json
from plan_extract.models import Finding
from plan_extract.report.diff_page import (
    changed_flags,
    diff_page_html,
    transcription_page_html,
    word_marks,
)
from plan_extract.report.evidence import cell_pieces
from plan_extract.report.plan_report import REPORT_SUFFIX, report_html
from plan_extract.transcription import audit_transcription, read_sheet

pytestmark = same_case("plan-2023")
"""Every test here reads the 2023 plan: they run in its PDF's group (`plan_cases.same_case`),
where it is extracted once and its report drawn once (`report_2023`)."""

PDF_2023 = PLANS / "conacoes-2023" / "plan.pdf"
PDF_2024 = PLANS / "plan-2024" / "plan.pdf"
DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


def page_data(text: str) -> dict:
    return json.loads(DATA.search(text).group(1).replace("<\\/", "</"))


@pytest.fixture(scope="module")
def report_2023() -> tuple[str, dict]:
    text = report_html(extracted("plan-2023"), PDF_2023)
    return text, page_data(text)


def test_report_is_self_contained(report_2023):
    text, data = report_2023
    # No address the browser could fetch: every picture is a data URI, nothing is linked.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text, re.I)
    assert "<link" not in text
    assert len(data["pages"]) == 17
    assert all(p["img"].startswith("data:image/jpeg;base64,") for p in data["pages"])
    assert len(text) < 5 * 1024 * 1024


def test_report_records_are_the_json(report_2023):
    _, data = report_2023
    written = json.loads(plan_json(extracted("plan-2023")))
    expected = [a for s in written["sections"] for a in s["activities"]]
    assert len(data["activities"]) == len(expected) == 40
    for shown, activity in zip(data["activities"], expected, strict=True):
        activity.pop("provenance")
        assert shown["record"] == activity


def test_every_printed_piece_is_drawn_with_its_activities(report_2023):
    _, data = report_2023
    plan = extracted("plan-2023")
    for position, (_, activity) in enumerate(plan.activities()):
        drawn = [data["pieces"][i] for i in data["activities"][position]["pieces"]]
        for name, pieces in activity.provenance.items():
            pages = {p.page for p in pieces}
            mine = [d for d in drawn if d["f"] == name]
            assert {d["p"] for d in mine} == pages
            assert all(position in d["a"] for d in mine)
            for piece in pieces:  # every printed line lies inside its drawn cell
                (cell,) = [d for d in mine if d["p"] == piece.page]
                x0, top, x1, bottom = cell["b"]
                assert x0 - 0.1 <= piece.bbox[0] and piece.bbox[2] <= x1 + 0.1
                assert top - 0.1 <= piece.bbox[1] and piece.bbox[3] <= bottom + 0.1


def test_cells_cut_by_a_page_break_are_linked():
    plan = extracted("plan-2023")
    pieces, per_activity = cell_pieces(plan)
    split = 0
    for position, (_, activity) in enumerate(plan.activities()):
        for name, printed in activity.provenance.items():
            pages = sorted({p.page for p in printed})
            if len(pages) < 2:
                continue
            split += 1
            mine = [pieces[i] for i in per_activity[position] if pieces[i].field == name]
            for cell in mine:
                assert sorted(pieces[o].page for o in cell.linked) == [
                    p for p in pages if p != cell.page
                ]
    assert split >= 4  # 2.2.2, 2.2.4, 2.3.7, 4.1.4 and 4.1.6 are cut in the 2023 plan


def test_grid_and_furniture_marks(report_2023):
    _, data = report_2023
    kinds = {}
    for mark in data["marks"]:
        kinds.setdefault(mark[5], set()).add(mark[0])
    # Every table page has its grid with merged (spanning) cells; the running header printed
    # on every page of the first section (see the truth's NOTES.md) and the visible
    # signature stamps of the 2023 plan are marked.
    sections = extracted("plan-2023").sections
    table_pages = {p for s in sections for p in s.pages}
    assert table_pages <= kinds["grid"]
    assert kinds["merged"]
    assert set(sections[0].pages) <= kinds["furniture"]
    stamp_pages = {
        s.signature.page
        for s in extracted("plan-2023").sections
        if s.signature and s.signature.source == "stamp"
    }
    assert stamp_pages and stamp_pages <= kinds["stamp"]


def test_findings_review_first_then_audit_with_their_spot():
    plan = extracted("plan-2023").model_copy(deep=True)
    _, activity = plan.activities()[7]
    plan.review.findings.append(
        Finding(
            check="word_accounting",
            severity="warning",
            section=plan.sections[0].name,
            activity_id=activity.activity_id,
            field="target",
            page=activity.provenance["target"][0].page,
            message="a test finding",
        )
    )
    data = page_data(report_html(plan, None))
    audit = audit_plan(plan)
    assert [f["source"] for f in data["findings"]] == ["review"] + ["audit"] * len(audit)
    assert data["findings"][0]["activity"] == 7 and data["findings"][0]["field"] == "target"
    assert data["pages"] == []  # without its PDF, records and findings only
    for entry, finding in zip(data["findings"][1:], audit, strict=True):
        assert entry["check"] == finding.check and entry["page"] == finding.page
        if entry["activity"] is not None:
            record = data["activities"][entry["activity"]]["record"]
            assert record["activity"] == finding.activity


def test_changed_words_are_marked_on_the_printed_words():
    ops = word_diff("Al menos seis talleres en 2023.", "Al menos ocho talleres en 2024.", 1)
    assert changed_flags(ops, "old") == [False, False, True, False, False, False]
    printed = [
        (w, (float(i), 0.0, i + 1.0, 1.0)) for i, w in enumerate(["Al", "menos", "seis", "talle-"])
    ]
    printed.append(("res", (9.0, 2.0, 10.0, 3.0)))
    marks = word_marks(printed, "Al menos seis talleres en 2023.", changed_flags(ops, "old"))
    assert marks == [(2.0, 0.0, 3.0, 1.0)]


def test_diff_page_shows_each_change_with_both_crops():
    diff = diff_plans(extracted("plan-2023"), extracted("plan-2024"))
    text = diff_page_html(diff, PDF_2023, PDF_2024)
    assert text.count('<section class="change') == len(diff.changes)
    for k, change in enumerate(diff.changes):
        section = text.split(f'id="change-{k}"', 1)[1].split("</section>", 1)[0]
        if change.kind == "changed":
            for name in change.fields:
                assert f'data-field="{name}"' in section
            assert 'class="side old"' in section and 'class="side new"' in section
        folded = [f for f in change.rollover_fields if f not in change.fields]
        assert ('class="rollover"' in section) == bool(folded)
    assert "<details" in text and " open" not in text  # rollover-only fields folded away


def test_report_command_and_extract_report(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(PDF_2024), "--out", str(out), "--report", "-q"]) == 0
    report = out / f"plan{REPORT_SUFFIX}"
    data = page_data(report.read_text(encoding="utf-8"))
    assert len(data["pages"]) == 20 and len(data["activities"]) == 41
    # From the JSON: the PDF is found beside it by its `source` name.
    (out / "plan.pdf").write_bytes(PDF_2024.read_bytes())
    again = tmp_path / "again"
    assert main(["report", str(out / "plan.json"), "--out", str(again)]) == 0
    assert len(page_data((again / f"plan{REPORT_SUFFIX}").read_text("utf-8"))["pages"]) == 20
    plain = tmp_path / "plain"
    assert main(["extract", str(PDF_2024), "--out", str(plain), "-q"]) == 0
    assert sorted(p.name for p in plain.iterdir()) == ["plan.csv", "plan.json"]


def test_report_command_reads_a_pdf_in_a_worker_and_draws_the_run_s_own_grid(tmp_path, capsys):
    """`report PLAN.pdf` extracts in a worker (the extract command's limits), and the page it
    writes is the one `extract --report` writes: the grid and furniture the run found."""
    out = tmp_path / "out"
    assert main(["report", str(PDF_2024), "--out", str(out)]) == 0
    data = page_data((out / f"plan{REPORT_SUFFIX}").read_text(encoding="utf-8"))
    assert len(data["pages"]) == 20 and len(data["activities"]) == 41
    kinds = {mark[5] for mark in data["marks"]}
    assert {"grid", "furniture", "stamp"} <= kinds
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00" * 64)
    assert main(["report", str(broken), "--out", str(out)]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith(f"{broken}: error: ")


def test_transcription_page_shows_the_pdf_crop_beside_the_sheet_value():
    plan = extracted("plan-2023")
    sheet = read_sheet(DATA_DIR / "transcription-2023-five-edits.csv", {})
    report = audit_transcription(plan, sheet)
    text = transcription_page_html(report, plan, PDF_2023)
    assert len(report.differences) == 5
    for k, difference in enumerate(report.differences):
        section = text.split(f'id="difference-{k}"', 1)[1].split("</section>", 1)[0]
        pages = [int(p) for p in re.findall(r'<figure class="crop" data-page="(\d+)"', section)]
        assert pages and pages[0] == difference.page  # the PDF's crop, on the cell's page
        assert f"sheet row {difference.row}" in section
        changed = [w.new for w in difference.words if w.op != "equal" and w.new]
        assert all(f"<ins>{word}</ins>" in section for word in changed)
