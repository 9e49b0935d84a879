"""The review (issue 11): every word read is accounted for, exact extractions are `ok` with no
doubt, wrong ones are `needs_review` with every wrong activity flagged, and the doubt is
visible in the command's output, the CSV, the review notes, diff and the transcription audit."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import faults
import pytest
from conftest import DATA, missing
from plan_cases import (
    CASES,
    REPORTED_CASES,
    assert_cut_text_reported,
    assert_words_accounted,
    case_params,
    extracted,
    same_case,
    same_pdf,
)
from plan_cases import plan_of as plan_of_pdf
from pypdf import PdfReader, PdfWriter
from variants import REGISTRY, FontMissing, Variant, expected_truth, load_truth, render_variant
from variants_docx import DOCX_REGISTRY

from plan_extract.cli import main
from plan_extract.export import plan_json
from plan_extract.models import Activity, Finding, FurnitureWord, Piece, Plan, Section, Severity
from plan_extract.pdf.text import group_lines
from plan_extract.pipeline import extract_plan
from plan_extract.plan import furniture, page_tables, pages, sections
from plan_extract.plan.sections import CUT_OFF_ROWS
from plan_extract.plan.stitch import stitch_section
from plan_extract.review import (
    NEEDS_REVIEW_SEVERITIES,
    ColumnRules,
    Line,
    Rule,
    line_end_findings,
    line_end_label,
    numbering_findings,
    repeated_cell_findings,
    reprinted_line_findings,
    review_context,
    shared_cell_findings,
    text_findings,
)
from plan_extract.review.columns import _ruled_column_findings


@cache
def reported(name: str) -> Plan:
    return extract_plan(REPORTED_CASES[name][0])


def plan_of(name: str) -> Plan:
    return extracted(name) if name in CASES else reported(name)


@pytest.mark.parametrize("name", [*case_params(), *REPORTED_CASES])
def test_every_word_read_is_accounted_for(name: str) -> None:
    assert_words_accounted(plan_of(name))


@same_case("plan-2023")
def test_the_accounting_counts_the_2023_plan_word_by_word() -> None:
    assert extracted("plan-2023").review.words == {
        "read": 4044,
        "column_header": 269,
        "cover": 60,
        "field": 3397,
        "general_objective": 81,
        "heading": 20,
        "running_header": 170,
        "stamp": 15,
        "title": 32,
        "lost": 0,
        "doubled": 0,
        "misplaced": 0,
    }


def test_a_stamp_under_a_table_does_not_swallow_its_last_lines() -> None:
    """carlito-a4 page 9: the table's last lines sat within a stamp's reach above its rule;
    they were taken as stamp words and appeared nowhere (issue 11)."""
    plan = plan_of("carlito-a4-header-once-top-aligned")
    stamp = " ".join(f.text for f in plan.furniture if f.kind == "stamp" and f.page == 9)
    assert "solicitando" not in stamp
    assert stamp.startswith("Firmado digitalmente")
    values = " ".join(a.activity for _, a in plan.activities())
    assert "solicitando la información estadística al MS" in values


@pytest.mark.parametrize("name", case_params())
def test_an_exact_extraction_is_ok_without_doubt(name: str) -> None:
    review = extracted(name).review
    assert review.status == "ok"
    assert [f for f in review.findings if f.severity in NEEDS_REVIEW_SEVERITIES] == []


def _score_review(plan: Plan, truth: Path) -> str:
    """`score_review.py`'s line; it must pass but for exact activities flagged only by an
    undecidable line end (`_undecidable_only`: info, listed where the doubt lies)."""
    status, printed = faults.review_scorer(truth, plan_json(plan))
    line = printed.strip()
    if status:
        found = re.search(
            r"review: (exact doc, status ok|wrong doc, status needs_review) \| wrong activities "
            r"flagged (\d+)/(\d+) \| exact activities flagged (\d+)/\d+$",
            line,
        )
        assert found and found[2] == found[3], line
        assert int(found[4]) <= _undecidable_only(plan), line
    return line


def _undecidable_only(plan: Plan) -> int:
    """Activities whose every finding is an `info` doubt nothing can settle."""
    kinds: dict[str | None, set[tuple[str, str]]] = {}
    for finding in plan.review.findings:
        kinds.setdefault(finding.activity_id, set()).add((finding.check, finding.severity))
    return sum(found == {("line_end_undecided", "info")} for found in kinds.values())


@pytest.mark.parametrize("name", [*case_params(), *REPORTED_CASES])
def test_the_review_scorer_passes(name: str) -> None:
    truth = {**CASES, **REPORTED_CASES}[name][1]
    line = _score_review(plan_of(name), truth)
    assert line.startswith("review: ")


DOCX_LAYOUTS = {path.stem: path for path in sorted((DATA / "plans" / "docx").glob("*.pdf"))}
"""Word layouts printed by LibreOffice (tests/variants_docx.py); several still extract wrongly."""


UNDECIDABLE_EXACT = {
    "docx-a4-tablegrid-serif-cantsplit-middle": 1,
    "docx-legal-horizontal-header-once-justified": 1,
    "docx-a4-box-justified-middle-cut-cell": 1,
    "docx-legal-box-group-header-flat-justified": 1,
    "docx-legal-unbordered-mono-justified-flat": 1,
    "docx-a4-box-serif-justified-cut-row-under-header": 1,
    "docx-a4-portrait-mono-box-cut-labels": 1,
}
"""Exact activities a Word layout's review may doubt: both 'Paniamor-' / 'Programa' line ends
of these layouts are undecidable (no space written, the language cannot tell, the compound
printed nowhere on one line: `hyphen_line_end`), and the plan writes one of them 'Paniamor-
Programa', the other 'Paniamor-Programa': both are doubted, one of them is right. In
docx-a4-tablegrid-serif-cantsplit-middle both fill their drawn cells with no space written
(LibreOffice drops the space after the hyphen that does not fit before the cell's edge): read
as one word, both doubted, the spaced one wrong and flagged. In
docx-legal-unbordered-mono-justified-flat the one 'Paniamor-' / 'Programa' line end is read
apart, right, with the stage's `info` doubt (the document prints the compound elsewhere, so
nothing decides it)."""


STATUS_WRONG: dict[str, str] = {}
"""Word layouts whose status the review does not get right yet, and why (none since
docx-legal-unbordered-mono-justified-flat's 'Personas-' / 'Explotación', read joined, is the
orthographic compound of two words of the lexicon: `_orthographic_compound`)."""


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=[same_pdf("docx", n)]
            + (
                [pytest.mark.xfail(reason=STATUS_WRONG[n], strict=False)]
                if n in STATUS_WRONG
                else []
            ),
        )
        for n in sorted(DOCX_LAYOUTS)
    ],
)
def test_the_status_is_right_on_the_word_layouts(name: str, tmp_path: Path) -> None:
    """Exact or not, the status says so, and no exact activity is doubted but an undecidable
    line end's (UNDECIDABLE_EXACT); the recall on these layouts is measured in
    docs/review.md, not pinned here."""
    variant = DOCX_REGISTRY[name]
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps(expected_truth(variant, load_truth(variant))), encoding="utf-8")
    _, printed = faults.review_scorer(truth, plan_json(plan_of_pdf(DOCX_LAYOUTS[name])))
    line = printed.strip().splitlines()[-1]
    found = re.search(
        r"review: (exact doc, status ok|wrong doc, status needs_review) \| wrong activities "
        r"flagged (\d+)/(\d+) \| exact activities flagged (\d+)/\d+$",
        line,
    )
    assert found, line
    assert int(found[4]) <= UNDECIDABLE_EXACT.get(name, 0), line


SPLIT_SPANS = "a4-condensed-rows-flat-spans-split-at-page-edges"
"""A generated layout whose merged cells, split over pages, repeat lines at the pages' edges
(tests/variants.py): the furniture stage took them for running lines once."""


def test_a_cell_line_taken_for_a_running_line_is_doubted(monkeypatch, tmp_path: Path) -> None:
    """The furniture stage's text-block rule undone (`furniture._continues`): cell lines at
    the pages' edges become running headers and footers, the merged cells lose them with no
    trace in `unassigned`, and the accounting still adds up (the words are furniture). The
    review must doubt every activity made wrong, by the lines' alignment with the cells."""
    variant = REGISTRY[SPLIT_SPANS]
    truth = load_truth(variant)
    pdf = render_variant(SPLIT_SPANS, truth, tmp_path / f"{SPLIT_SPANS}.pdf")
    truth_path = tmp_path / "truth.json"
    truth_path.write_text(json.dumps(expected_truth(variant, truth)), encoding="utf-8")
    monkeypatch.setattr(furniture, "_continues", lambda *_: False)
    plan = extract_plan(pdf)
    assert_words_accounted(plan)
    wrong, wrong_flagged, _, exact_flagged = faults.score(truth_path, plan_json(plan))
    assert wrong >= 4 and wrong_flagged == wrong, (wrong, wrong_flagged)
    assert exact_flagged <= 3, exact_flagged  # the cell below a head line may be doubted too
    assert plan.review.status == "needs_review"
    assert {f.check for f in plan.review.findings} >= {"running_line_in_cell"}


HEADING_AT_FOOT = "a4-horizontal-heading-at-page-foot"
"""A generated layout whose section titles stand at a page's foot, their general objectives
above the next page's header (tests/variants.py): the headings were once lost."""


def test_a_section_whose_heading_is_lost_is_doubted(monkeypatch, tmp_path: Path) -> None:
    """The page reading's rule undone (`pages._foot_opens`: the lines under a page's last
    table open the next table's preamble only where it has none): each section's heading,
    at a page's foot, goes to `unassigned` as words outside every table (`info`), its name
    is made up from its first page, and every field is still exact. The plan went out `ok`
    so; the section no printed line names is doubted now (`unnamed_section`)."""
    variant = REGISTRY[HEADING_AT_FOOT]
    truth = expected_truth(variant, load_truth(variant))
    pdf = render_variant(HEADING_AT_FOOT, load_truth(variant), tmp_path / "layout.pdf")
    monkeypatch.setattr(pages, "_foot_opens", lambda _foot, table, _vocabulary: not table.preamble)
    plan = extract_plan(pdf)
    assert_words_accounted(plan)
    names = [s.name for s in plan.sections]
    assert names[0] == truth["sections"][0]["name"]
    assert names[1:] != [s["name"] for s in truth["sections"][1:]]
    assert plan.review.status == "needs_review"
    doubted = [(f.check, f.severity, f.section) for f in plan.review.findings]
    assert [d for d in doubted if d[1] != "info"] == [
        ("unnamed_section", "warning", name) for name in names[1:]
    ]


CONTINUED_ABOVE_HEADER = "a4-grid-flat-spans-continued-above-header"
"""A generated layout whose merged cell runs on to the next page in a ruled row of its own
above that page's header (tests/variants.py): read once as a title row."""


def test_a_cell_row_taken_for_a_title_is_reported(monkeypatch, tmp_path: Path) -> None:
    """The reading's ruled-row and cell-rest rules undone (`page_tables._in_ruled_cells`,
    `_one_cell_rest`): the strategic action's last lines, run on to the next page above
    its header, are no longer joined to the table above. They used to become `title`
    furniture, the action cut with nothing in `unassigned` (the review had to find them from
    the page's rules, `title_in_cell`); lines of table text above a later table's header are
    no title (`sections.CUT_OFF_ROWS`): they are reported, and the review doubts the plan for
    them (a warning, inside a table). The action's next rows print it whole: the cut one is
    doubted on its own (`repeated_cell_findings`)."""
    variant = REGISTRY[CONTINUED_ABOVE_HEADER]
    truth = load_truth(variant)
    pdf = render_variant(CONTINUED_ABOVE_HEADER, truth, tmp_path / "layout.pdf")
    truth_path = tmp_path / "truth.json"
    truth_path.write_text(json.dumps(expected_truth(variant, truth)), encoding="utf-8")
    monkeypatch.setattr(page_tables, "_in_ruled_cells", lambda *_: False)
    monkeypatch.setattr(page_tables, "_one_cell_rest", lambda *_: False)
    plan = extract_plan(pdf)
    assert_words_accounted(plan)
    wrong, _, _, exact_flagged = faults.score(truth_path, plan_json(plan))
    assert wrong == 1
    assert exact_flagged == 0
    assert {w.reason for w in plan.unassigned} == {CUT_OFF_ROWS}
    assert_cut_text_reported(plan, expected_truth(variant, truth))
    assert plan.review.status == "needs_review"
    assert {(f.check, f.severity, f.field) for f in plan.review.findings} == {
        ("unassigned", "warning", "strategic_action"),
        ("cut_text", "warning", "strategic_action"),
    }


STRETCHED_ROW_LAYOUT = DATA / "plans" / "html" / "html-legal-portrait-dashed-box-justified.pdf"
"""A committed Chromium layout (justified, a two-word line whose whole slack is one space)
where three rows were once read as the next table's preamble (`title` furniture)."""


def test_table_rows_recorded_as_a_title_are_an_accounting_error(monkeypatch) -> None:
    """The reading's stretched-space rule undone (`page_tables.STRETCHED_SPACE_EM`): a
    justified line is taken for prose across the columns, the table ends there, and the rows
    after it become the next header's preamble; with the preamble's table text no longer
    told from titles (`page_tables._table_text_lines`, the stage's own fix of the loss,
    undone too, and `_goes_on_in_a_cell`, which reads the line as the cells' next line) they
    are title furniture, nothing in `unassigned`, the counts adding up
    (held-out HTML seed 1111, layout 03). The accounting must say that these
    words are not in their place: an `error`, and `misplaced` counted."""
    monkeypatch.setattr(page_tables, "STRETCHED_SPACE_EM", float("inf"))
    monkeypatch.setattr(page_tables, "_table_text_lines", lambda *_: [])  # heldout's fix too
    # and the browser branch's: a line at one cell's leading under cells is their next line
    monkeypatch.setattr(page_tables, "_goes_on_in_a_cell", lambda *_: False)
    plan = extract_plan(STRETCHED_ROW_LAYOUT)
    words = plan.review.words
    assert words["title"] >= 150, words  # the rows 2.3.7 to 2.3.9, lost to the preamble
    assert words["misplaced"] == words["title"], words
    errors = [f for f in plan.review.findings if f.check == "word_accounting"]
    assert errors and all(f.severity == "error" for f in errors)
    assert any(f.message.startswith(f"{words['title']} words of a table row") for f in errors)
    with pytest.raises(AssertionError):
        assert_words_accounted(plan)


BOTTOM_SET_UNRULED = Variant(
    name="legal-unruled-bottom-set-spans-2024",
    description="no rules, merged cells set against their rows' bottom, the 2024 plan",
    truth="2024",
    page="legal",
    font="DejaVuSans",
    size=9.0,
    rules="none",
    header_fill=None,
    span_valign="bottom",
    running_header=(
        "COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL",
        "Plan de Trabajo {year}",
        "{section}",
    ),
    stamp="block",
    row_gap=3.0,
    cell_pad=4.0,
)
"""Held-out random layout 56-0's options: the first row of the unnumbered section's second
action lies between the texts of actions 1 and 2 (and of objectives 1.1 and 2.1), above the
bottom-set text of its own, and is read under action 1."""


def test_a_row_read_under_the_cells_above_a_bottom_set_span_is_doubted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row given the previous strategic action and objective (49-1, 50-4, 56-0, 58-2)
    carries a finding (`row_between_cells`), and no exact activity does. The stage now reads
    it right (the reading whose merged texts fit their rows, `stitch.stitch_sections`), so
    the misreading is made as the stage made it before: stitched under the alignment the
    votes decide (`block_alignment`) alone. The review must still see it."""

    def votes_reading(groups: list, votes: str | None) -> list:
        return [stitch_section(g, group_lines(g[0].preamble), votes) for g in groups]

    monkeypatch.setattr(sections, "stitch_sections", votes_reading)
    REGISTRY[BOTTOM_SET_UNRULED.name] = BOTTOM_SET_UNRULED
    try:
        truth = load_truth(BOTTOM_SET_UNRULED)
        try:
            pdf = render_variant(BOTTOM_SET_UNRULED.name, truth, tmp_path / "layout.pdf")
        except FontMissing as exc:
            missing(str(exc))
    finally:
        REGISTRY.pop(BOTTOM_SET_UNRULED.name)
    truth_path = tmp_path / "truth.json"
    truth_path.write_text(json.dumps(expected_truth(BOTTOM_SET_UNRULED, truth)), encoding="utf-8")
    plan = extract_plan(pdf)
    wrong, wrong_flagged, _, exact_flagged = faults.score(truth_path, plan_json(plan))
    assert wrong >= 1 and wrong_flagged == wrong, (wrong, wrong_flagged)
    assert exact_flagged == 0
    assert "row_between_cells" in {f.check for f in plan.review.findings}


def test_a_clipped_merged_text_does_not_tell_the_setting() -> None:
    """Held-out Calc 4545 `00`, read right (LibreOffice Calc: merged text centred on its
    cell, printed again, clipped, on each page a page break cuts it to): a row between two
    merged cells' texts in both columns was doubted as bottom-set, the setting two cells
    told: an objective ending level with its rows by chance, and an action whose last line,
    clipped at the page's foot (5.2 pt of 10), did. A clipped text does not tell
    (`CLIPPED_HEIGHT_SHARE`), and one cell is no setting (`SPAN_ALIGN_WHOLE_CELLS`);
    unclipped, the two cells still tell it."""
    from plan_extract.review import row_between_cells_findings

    def row(index: int, top: float, action: list, objective: list) -> Activity:
        activity = _activity(None, "", "")
        activity.activity_id = f"s:{index}"
        activity.provenance = {
            "activity": [Piece(page=1, bbox=(300, top, 400, top + 30), text="Realizar.")],
            "strategic_action": [Piece(page=1, bbox=(50, a, 150, b), text="A") for a, b in action],
            "objective": [Piece(page=1, bbox=(170, a, 280, b), text="O") for a, b in objective],
        }
        return activity

    loose = [(115.0, 125.0), (125.0, 135.0)]  # at neither edge nor the middle of its rows
    for last, doubted in (((320.0, 330.0), {"s:1"}), ((320.0, 325.0), set())):
        cells = [  # rows' tops, the action's lines, the objective's
            ((100, 140), loose, loose),
            ((180, 220), [(195.0, 205.0), (205.0, 215.0)], [(230.0, 240.0), (240.0, 250.0)]),
            ((260, 300), [(310.0, 320.0), last], [(275.0, 285.0), (285.0, 295.0)]),
        ]
        rows = [
            row(2 * k + i, top, action, objective)
            for k, (tops, action, objective) in enumerate(cells)
            for i, top in enumerate(tops)
        ]
        plan = Plan(sections=[Section(name="s", activities=rows)])
        found = {f.activity_id for f in row_between_cells_findings(review_context(plan, []))}
        assert found == doubted


def test_rows_under_a_cell_set_in_its_first_row_are_not_doubted() -> None:
    """Merged cells set against their rows' bottom, one row read under the previous action
    (doubted); and the LibreOffice setting, a merged cell's text in its first row with rows
    below it: those rows lie below one cell's text but not between two cells' texts in both
    merged columns (the objective's text beside them), and are not doubted."""

    row = _placed_row
    bottom_set = [
        row("1.1.1", 100, (150, 170), (150, 170)),
        row("1.1.2", 140, (150, 170), (150, 170)),
        row("2.1.1", 180, (150, 170), (150, 170)),  # action 2's first row, read under 1
        row("2.1.2", 220, (230, 250), (230, 250)),
        row("3.1.1", 260, (310, 330), (310, 330)),
        row("3.1.2", 300, (310, 330), (310, 330)),
        row("4.1.1", 340, (390, 410), (390, 410)),
        row("4.1.2", 380, (390, 410), (390, 410)),
        row("5.1.1", 420, (470, 490), (470, 490)),
        row("5.1.2", 460, (470, 490), (470, 490)),
    ]
    first_row_set = [  # most cells bottom-set, action 1 set in its first row
        row("1.1.1", 100, (100, 130), (170, 210)),
        row("1.1.2", 140, (100, 130), (170, 210)),  # below action 1's text, beside 1.1's
        row("1.1.3", 180, (100, 130), (170, 210)),
        row("2.1.1", 220, (290, 330), (290, 330)),
        row("2.1.2", 260, (290, 330), (290, 330)),
        row("2.1.3", 300, (290, 330), (290, 330)),
        row("3.1.1", 340, (410, 450), (410, 450)),
        row("3.1.2", 380, (410, 450), (410, 450)),
        row("3.1.3", 420, (410, 450), (410, 450)),
    ]
    from plan_extract.review import row_between_cells_findings

    for rows, doubted in ((bottom_set, {"s:2.1.1"}), (first_row_set, set())):
        plan = Plan(sections=[Section(name="s", activities=rows)])
        found = {f.activity_id for f in row_between_cells_findings(review_context(plan, []))}
        assert found == doubted


def test_rows_under_the_rest_of_a_cell_a_page_break_cuts_are_not_doubted() -> None:
    """Held-out html and Calc 4963 `05` (merged cells set against their rows' bottom): the
    page break cuts action 3 and objective 3.1; Chromium prints their texts' rest at the top
    of page 4, over rows 3.1.2 and 3.1.3, which stay theirs below it. 3.1.3, between that
    rest and action 4's text in both columns, was doubted on an exact document. A cut cell's
    text on a page does not say where its rows there end."""
    from plan_extract.review import row_between_cells_findings

    row = _placed_row
    rows = _two_bottom_set_cells()
    rows += _cut_cell_rows(
        (("3.1.1", 1, 440), ("3.1.2", 2, 64), ("3.1.3", 2, 116)), (450, 480), (60, 80)
    )
    rows += [
        row("4.1.1", 170, (220, 240), (220, 240), page=2, text_page=2),
        row("4.1.2", 210, (220, 240), (220, 240), page=2, text_page=2),
    ]
    plan = Plan(sections=[Section(name="s", activities=rows)])
    assert row_between_cells_findings(review_context(plan, [])) == []


def test_a_row_under_a_cut_cells_rest_given_to_a_cell_set_at_a_later_row_is_doubted() -> None:
    """Held-out html 4969 `06` (Chromium, merged cells set against their rows' bottom): the
    page break cuts action 3 and objective 3.1, whose texts' rest Chromium prints at the top
    of page 2; the row under that rest, 3.1's last, was read into action 4, whose text
    starts level with the top of a later row (4.1.1) and stops far short of its last row's
    bottom: set at the top, as Chromium prints a cell the next page break cuts, so the rows
    above it are not its. Silent on a wrong document. Where the next action's text is set at
    its rows' bottom, as the document sets them, the row is read as the next cell's, without
    a doubt (`test_rows_under_the_rest_of_a_cell_a_page_break_cuts_are_not_doubted`)."""

    row = _placed_row
    for action_text, doubted in (((170, 200), {"s:4.1.0"}), ((220, 240), set())):
        rows = _two_bottom_set_cells()
        rows += _cut_cell_rows((("3.1.1", 1, 440), ("3.1.2", 2, 40)), (450, 480), (40, 60))
        rows += [
            row(number, top, action_text, (220, 240), page=2, text_page=2)
            for number, top in (("4.1.0", 100), ("4.1.1", 170), ("4.1.2", 210))
        ]
        assert _rows_doubted(rows) == doubted, action_text


def test_an_unnumbered_row_under_a_cut_cells_rest_is_doubted_where_cut_cells_outvote() -> None:
    """Held-out html 4969 `09` (Chromium, merged cells set at their rows' bottom, rows without
    numbers): the rest of action 2 and objective 2.1 at the top of page 2, and under it a row
    of theirs read into action 3, whose text stands at its rows' bottom as the document sets
    them. With no number, nothing but that geometry places the row, and it says nothing:
    doubted. A numbered row is placed by its number and not doubted. The document's setting
    is told by its uncut cells where the cut ones, printed from their top, outvote them."""

    def unnumbered(activity: Activity, index: int) -> Activity:
        activity.activity_number = None
        activity.activity_id = f"s:-:{index}"
        return activity

    row = _placed_row
    for numbered, doubted in ((False, {"s:-:7"}), (True, set())):
        rows = _two_bottom_set_cells()
        # three cut cells set at their first row's top on page 1, as Chromium prints them
        for number, top in (("5.1.1", 400), ("5.1.2", 440), ("5.1.3", 480)):
            cut = row(number, top, (400, 420), (400, 420))
            cut.provenance["activity"].append(
                Piece(page=3, bbox=(300, 40, 400, 70), text="Realizar.")
            )
            rows.append(cut)
        rows += _cut_cell_rows((("3.1.1", 1, 520), ("3.1.2", 2, 40)), (530, 560), (40, 60))
        between = row("4.1.0", 100, (220, 240), (220, 240), page=2, text_page=2)
        rows += [
            between if numbered else unnumbered(between, 7),
            row("4.1.1", 170, (220, 240), (220, 240), page=2, text_page=2),
            row("4.1.2", 210, (220, 240), (220, 240), page=2, text_page=2),
        ]
        assert _rows_doubted(rows) == doubted, numbered


def _two_bottom_set_cells() -> list[Activity]:
    """Actions 1 and 2 on page 1, each one objective of two rows, their texts set at the
    bottom of their rows: the template of the `row_between_cells` tests."""
    row = _placed_row
    return [
        row("1.1.1", 100, (150, 170), (150, 170)),
        row("1.1.2", 140, (150, 170), (150, 170)),
        row("2.1.1", 220, (270, 290), (270, 290)),
        row("2.1.2", 260, (270, 290), (270, 290)),
    ]


def _cut_cell_rows(
    rows: tuple[tuple[str, int, float], ...],
    first: tuple[float, float],
    rest: tuple[float, float],
) -> list[Activity]:
    """The rows (number, page, top) of action 3 and objective 3.1, a cell the break after
    page 1 cuts: their texts over `first` on page 1 and their rest over `rest` on page 2."""
    activities = []
    for number, page, top in rows:
        cut = _activity(number, "3.1", "3")
        cut.provenance = {
            "activity": [Piece(page=page, bbox=(300, top, 400, top + 30), text="Realizar.")],
            "strategic_action": _text_lines(50, first) + _text_lines(50, rest, 2),
            "objective": _text_lines(170, first) + _text_lines(170, rest, 2),
        }
        activities.append(cut)
    return activities


def _rows_doubted(rows: list[Activity]) -> set[str | None]:
    """The activities `row_between_cells` doubts in a one-section plan of `rows`."""
    from plan_extract.review import row_between_cells_findings

    plan = Plan(sections=[Section(name="s", activities=rows)])
    return {f.activity_id for f in row_between_cells_findings(review_context(plan, []))}


def _text_lines(x0: float, extent: tuple[float, float], page: int = 1) -> list[Piece]:
    """A merged cell's text from `x0` over `extent` (top, bottom) on `page`, in lines 10 pt
    tall."""
    return [
        Piece(page=page, bbox=(x0, y, x0 + 100, y + 10), text="Fortalecer")
        for y in range(int(extent[0]), int(extent[1]), 10)
    ]


def _placed_row(
    number: str,
    top: float,
    action: tuple[float, float],
    objective: tuple[float, float],
    page: int = 1,
    text_page: int = 1,
) -> Activity:
    """Activity `number` whose row text starts at `top` on `page`, its strategic action's and
    objective's texts over `action` and `objective` (top, bottom) on `text_page`."""
    activity = _activity(number, number.rsplit(".", 1)[0], number.split(".")[0])
    activity.provenance = {
        "activity": [Piece(page=page, bbox=(300, top, 400, top + 30), text="Realizar.")],
        "strategic_action": _text_lines(50, action, text_page),
        "objective": _text_lines(170, objective, text_page),
    }
    return activity


def _merged_cell_row(index: int, parts, field: str, text: str, lines) -> Activity:
    """An activity printed over `parts` (page, top, bottom) whose merged `field` cell's text
    stands on `lines` (page, top), one line each, for the parent_block tests."""
    activity = _activity(None, "", "")
    activity.activity_id = f"s:{index}"
    activity.provenance = {
        "activity": [
            Piece(page=page, bbox=(300, top, 400, bottom), text="Realizar.")
            for page, top, bottom in parts
        ],
        field: [Piece(page=page, bbox=(50, top, 150, top + 10), text=text) for page, top in lines],
    }
    return activity


def test_a_row_read_under_the_next_merged_cell_is_doubted_without_numbers() -> None:
    """Random 78-7 (merged cells set in the middle of their rows, unnumbered activities): the
    last row of one objective read under the next. Nothing in the numbers tells (a stage
    that reads the parent from the numbers makes them agree); the objectives' texts do:
    neither sits in the middle of the rows it was given, and both do once the row goes
    back (`parent_block`). Read right, nothing is doubted."""

    def row(index: int, objective: int) -> Activity:
        activity = _activity(None, "", "")
        activity.activity_id = f"s:{index}"
        top = 100 + 60 * index
        text = 180 + 180 * objective  # each objective's text in the middle of its 3 rows
        activity.provenance = {
            "activity": [Piece(page=1, bbox=(300, top, 400, top + 50), text="Realizar.")],
            "strategic_action": [Piece(page=1, bbox=(50, 360, 150, 370), text="Acción.")],
            "objective": [Piece(page=1, bbox=(170, text, 280, text + 10), text=f"O{objective}")],
        }
        return activity

    from plan_extract.review import parent_block_findings

    right = [row(index, index // 3) for index in range(9)]
    misread = [row(index, 1 if index == 2 else index // 3) for index in range(9)]
    for rows, doubted in ((misread, {"s:2"}), (right, set())):
        plan = Plan(sections=[Section(name="s", activities=rows)])
        found = {f.activity_id for f in parent_block_findings(review_context(plan, []))}
        assert found == doubted


def test_a_row_drawn_in_one_cell_with_the_row_above_is_not_doubted_as_the_next_one_s() -> None:
    """Held-out Word/HTML 1291 docx `01` (LibreOffice, every cell ruled, merged cells set at
    their rows' bottom): objective 3.1's text, in a table the page break cut, was set at its
    first row's top; its second row, below the text, fit the next objective's cell (on the
    next page, set at its rows' bottom) and was doubted on an exact layout. The page draws
    a rule between the two rows under their activity cells and none under the objective's
    text: one drawn cell. Without that rule's evidence (an unruled page) it is doubted."""
    from plan_extract.pdf.reader import PageContent
    from plan_extract.pdf.rules import PageRules, Rule
    from plan_extract.review import parent_block_findings

    def cell(first: int, text: str, tops: list[float], lines: list[float]) -> list[Activity]:
        """Rows at `tops` (20 pt of text each) under one objective printed at `lines`."""
        return [
            _merged_cell_row(
                first + k, [(1, top, top + 20)], "objective", text, [(1, y) for y in lines]
            )
            for k, top in enumerate(tops)
        ]

    rows = [
        *cell(0, "O1", [100, 140], [150]),  # whole cells set at their rows' bottom
        *cell(2, "O2", [180, 220], [230]),
        *cell(4, "O3", [260, 300], [310]),
        *cell(6, "O4", [340, 380], [340]),  # set at its first row's top
        *cell(8, "O5", [440, 480], [490]),  # the next one, set at its rows' bottom
    ]
    plan = Plan(sections=[Section(name="s", activities=rows)])

    def doubted(rules: list[Rule]) -> set[str | None]:
        page = PageContent(1, 842, 595, [])
        page.rules = PageRules(rules, [])
        return {f.activity_id for f in parent_block_findings(review_context(plan, [page]))}

    assert doubted([]) == {"s:7"}
    between = Rule(370.0, 160.0, 800.0)  # under row 6's activity cell, not the objective's
    assert doubted([between]) == set()
    assert doubted([Rule(370.0, 40.0, 800.0)]) == {"s:7"}  # across the objective too


def test_cut_merged_cells_outvoting_the_whole_ones_leave_the_setting_untold() -> None:
    """Word/HTML 1219 `02`, exact but `needs_review` (LibreOffice, merged text set at the
    bottom of its cell): a merged cell cut by a page break prints its text at the top of its
    first piece whatever the template sets, and such cells outvoted the whole ones, set at
    the bottom. Read as top-set, a whole cell's first row, above its text, fit the cut cell
    before it: an exact row doubted. Where the whole cells agree on another setting than
    all the cells, the document does not tell (`_span_alignment`)."""
    from plan_extract.review import parent_block_findings

    cut = [  # (rows, the action's lines): each cell's last row runs on to the next page
        ([[(1, 100, 250)], [(1, 260, 500), (2, 100, 150)]], [(1, 100), (1, 112)]),
        ([[(2, 160, 400)], [(2, 410, 500), (3, 100, 150)]], [(2, 160), (2, 172)]),
        ([[(3, 160, 300)], [(3, 310, 500), (4, 100, 150)]], [(3, 160), (3, 172)]),
    ]
    whole = ([[(4, 160, 300)], [(4, 310, 450)]], [(4, 310), (4, 440)])  # at its bottom
    rows = [
        _merged_cell_row(2 * k + i, parts, "strategic_action", f"A{k + 1}", lines)
        for k, (cell_rows, lines) in enumerate([*cut, whole])
        for i, parts in enumerate(cell_rows)
    ]
    plan = Plan(sections=[Section(name="s", activities=rows)])
    assert parent_block_findings(review_context(plan, [])) == []


def test_a_lone_whole_cell_does_not_set_the_document_against_the_cut_ones() -> None:
    """Fault injection's `split_row` on the 2024 plan: one row split in two made its one-row
    objective a two-row cell set in their middle, the document's only telling cell no page
    break cuts, against twelve cut cells at their first part's top. Taken as the document's
    setting, `parent_block` doubted 12 exact rows. One whole cell is no template
    (`SPAN_ALIGN_WHOLE_CELLS`): the document does not tell, as where the whole cells
    disagree with all of them; two whole cells agreeing do tell."""
    from plan_extract.review.parents import _parent_columns, _span_alignment

    cut = [  # (rows, the objective's lines): each cell's last row runs on to the next page
        ([[(1, 100, 250)], [(1, 260, 500), (2, 100, 150)]], [(1, 100), (1, 112)]),
        ([[(2, 160, 400)], [(2, 410, 500), (3, 100, 150)]], [(2, 160), (2, 172)]),
        ([[(3, 160, 300)], [(3, 310, 500), (4, 100, 150)]], [(3, 160), (3, 172)]),
    ]
    split = ([[(4, 160, 170)], [(4, 173, 300)]], [(4, 225)])  # one row read as two
    middle = ([[(5, 100, 200)], [(5, 210, 300)]], [(5, 195)])  # a second whole cell
    for cells, setting in (([*cut, split], None), ([*cut, split, middle], "middle")):
        rows = [
            _merged_cell_row(2 * k + i, parts, "objective", f"O{k + 1}", lines)
            for k, (cell_rows, lines) in enumerate(cells)
            for i, parts in enumerate(cell_rows)
        ]
        plan = Plan(sections=[Section(name="s", activities=rows)])
        columns = _parent_columns(review_context(plan, []))
        assert _span_alignment(block for column in columns for block in column) == setting


def test_rows_of_a_cut_cell_read_under_the_next_whole_one_are_doubted() -> None:
    """Held-out weasy 4545 `04`, silent (WeasyPrint, merged text set at the bottom of its
    cell; a cell cut by a page break set at its first part's top): the two rows of objective
    2.1 printed on the next page were read under 3.1, whose one row's text it is set against.
    The cut cells outvoted the whole ones, so all the cells did not tell the document's
    setting and the check stood aside; the whole cells do tell it, and a cut cell may be
    set from its top whatever the setting (`MergedText.fit`), so the whole cells' setting is
    the document's (`_span_alignment`). Moving the first row back or both fit alike: both
    are doubted (`_row_moves`). Read right, nothing is."""
    from plan_extract.review import parent_block_findings

    cells = [  # (rows, the objective's lines): cut cells at their top, whole ones at the foot
        ([[(1, 100, 250)], [(1, 260, 500), (2, 100, 150)]], [(1, 100), (1, 112)]),
        ([[(2, 160, 400)], [(2, 410, 500), (3, 100, 150)]], [(2, 160), (2, 172)]),
        ([[(3, 160, 250)], [(3, 260, 350)]], [(3, 328), (3, 340)]),
        ([[(3, 360, 500)], [(4, 100, 180)], [(4, 190, 260)]], [(3, 360), (3, 372)]),
        ([[(4, 270, 400)]], [(4, 378), (4, 390)]),
        ([[(4, 410, 480)], [(4, 490, 560)]], [(4, 538), (4, 550)]),
    ]
    rows = [parts for cell_rows, _ in cells for parts in cell_rows]
    right = [k for k, (cell_rows, _) in enumerate(cells) for _ in cell_rows]
    misread = [4 if index in (7, 8) else k for index, k in enumerate(right)]
    for given, doubted in ((misread, {"s:7", "s:8"}), (right, set())):
        activities = [
            _merged_cell_row(index, parts, "objective", f"O{k}", cells[k][1])
            for index, (parts, k) in enumerate(zip(rows, given, strict=True))
        ]
        plan = Plan(sections=[Section(name="s", activities=activities)])
        found = {f.activity_id for f in parent_block_findings(review_context(plan, []))}
        assert found == doubted


def test_merged_cells_are_set_against_their_rows_ruled_bands_not_their_text() -> None:
    """Held-out Calc 4953 `09`, exact but `needs_review`: LibreOffice Calc rules its rows,
    prints each row's text at its top and centres a merged cell's text on the cell. Against
    the rows' text, two whole objectives centred on two rows each ended level with their
    last row's text by chance, and the document read as bottom-set; four exact rows of a
    cut objective were doubted. Against the rows' ruled bands (`_row_bands`) every cell is
    in its rows' middle: the document is middle-set, nothing exact is doubted, and a row
    read under the wrong objective is (as bottom-set, it was not)."""
    from plan_extract.review import parent_block_findings
    from plan_extract.review.parents import _parent_columns, _span_alignment
    from plan_extract.tables.page_grid import PageGrid

    heights = [40, 30, 40, 30, 40, 40, 30]  # each row's text, at the top of a 100 pt row
    parts = [[(1, 100 * k + 105, 100 * k + 105 + h)] for k, h in enumerate(heights)]
    texts = {0: 170, 1: 370, 2: 620}  # each objective's six lines, centred on its rows
    lines = {cell: [(1, top + 10 * i) for i in range(6)] for cell, top in texts.items()}
    ys = [100.0 * k for k in range(1, 9)]  # every row ruled, 100 pt to 800 pt
    grid = PageGrid(1, [40.0, 160.0, 420.0], ys, [[0, 1]] * 7, {}, [[True, True]] * 7)
    right = [0, 0, 1, 1, 2, 2, 2]
    misread = [0, 0, 1, 1, 1, 2, 2]  # the first row of the third objective under the second
    for given, doubted in ((right, set()), (misread, {"s:4"})):
        rows = [
            _merged_cell_row(index, parts[index], "objective", f"O{cell}", lines[cell])
            for index, cell in enumerate(given)
        ]
        plan = Plan(sections=[Section(name="s", activities=rows)])
        context = review_context(plan, [], grids=[[grid]])
        columns = _parent_columns(context)
        assert _span_alignment(block for column in columns for block in column) == "middle"
        assert {f.activity_id for f in parent_block_findings(context)} == doubted


def test_a_merged_text_taller_than_its_one_row_is_set_from_the_row_top() -> None:
    """Reportlab 3333 `07`, exact but `needs_review`: a section's first strategic action has
    one row, its text (four lines) taller than the row's (three lines), so the text sets the
    row's height and stands from its top; measured as set in the middle (as the document sets
    its other merged cells), it stood 34 pt off, and giving the next action's first five rows
    to it fit by chance (from their top, as a cell cut by a page break may be set): five rows
    doubted. A text as tall as its rows' texts or taller sets their height: no misfit
    (`ParentBlock.sets_height`). The document's geometry, its pages' value lines end to end."""
    from plan_extract.review import parent_block_findings

    starts = {1: 0.0, 2: 411.3, 3: 905.6}  # where each page's value lines start, end to end

    def piece(page: int, top: float, bottom: float, x0: float, text: str) -> Piece:
        shift = 50 - starts[page]
        return Piece(page=page, bbox=(x0, top + shift, x0 + 100, bottom + shift), text=text)

    def row(index: int, parts, action: str, text: tuple[int, float, float, int]) -> Activity:
        page, top, bottom, count = text  # the action's text: `count` lines of 7 pt
        lines = [top + (bottom - 7 - top) * k / (count - 1) for k in range(count)]
        activity = _activity(None, "", "")
        activity.activity_id = f"s:{index}"
        activity.provenance = {
            "activity": [piece(page, top, bottom, 300, "Realizar.") for page, top, bottom in parts],
            "strategic_action": [piece(page, y, y + 7, 50, action) for y in lines],
        }
        return activity

    second = [
        [(1, 81.9, 123.0)], [(1, 129.6, 315.9)], [(1, 322.4, 355.1)],
        [(1, 361.6, 411.3), (2, 411.3, 447.2)], [(2, 453.7, 512.0)], [(2, 518.5, 559.7)],
        [(2, 566.2, 624.4)], [(2, 631.0, 672.1)], [(2, 678.7, 711.3)], [(2, 717.8, 759.0)],
        [(2, 765.5, 832.3)], [(2, 838.9, 905.6)], [(3, 905.6, 946.8)], [(3, 953.3, 1003.0)],
        [(3, 1009.6, 1042.2)],
    ]  # fmt: skip
    rows = [row(0, [(1, 0.0, 41.2)], "A1", (1, 4.3, 71.1, 4))]
    rows += [row(i + 1, parts, "A2", (2, 514.9, 607.3, 6)) for i, parts in enumerate(second)]
    plan = Plan(sections=[Section(name="s", activities=rows)])
    assert parent_block_findings(review_context(plan, [])) == []


def test_a_merged_text_is_measured_with_its_cells_padding_at_a_page_break() -> None:
    """Calc 3333 `00`, exact but `needs_review`: a strategic action centred on its cell, the
    cell's rows running from page 1 to page 2, its last row on page 1 stretched below its
    text to the table's foot. Laid end to end by their value lines alone, the pages lost the
    blank and the padding at the break, and the text stood 50 pt off its rows' middle (past
    `PARENT_MISFIT_LINES`). Laid by the ruled row boundaries around them, it stands where
    the document sets it."""
    from plan_extract.review.parents import _parent_columns
    from plan_extract.review.placement import PARENT_FIT_LINES
    from plan_extract.tables.page_grid import PageGrid

    def row(index: int, page: int, top: float, bottom: float, action: tuple) -> Activity:
        activity = _activity(None, "", "")
        activity.activity_id = f"s:{index}"
        activity.provenance = {
            "activity": [Piece(page=page, bbox=(300, top, 400, bottom), text="Realizar.")],
            "strategic_action": [
                Piece(page=1, bbox=(50, y, 150, y + 8), text=action[0]) for y in action[1:]
            ],
        }
        return activity

    first, second = ("A1", 92, 100), ("A2", 243, 251, 259)  # each centred on its cell
    rows = [row(0, 1, 70, 90, first), row(1, 1, 110, 130, first)]
    rows += [row(2, 1, 150, 170, second), row(3, 1, 190, 290, second)]
    rows.append(row(4, 2, 70, 90, second))  # the cell's last row, on the next page
    plan = Plan(sections=[Section(name="s", activities=rows)])

    def grid(page: int, ys: list[float]) -> PageGrid:
        n = len(ys) - 1
        return PageGrid(page, [40, 160, 420], ys, [[0, 1]] * n, {}, [[True, True]] * n)

    grids = [[grid(1, [40, 60, 100, 140, 180, 330])], [grid(2, [40, 60, 100])]]
    for given, fits in ((grids, True), (None, False)):
        (column,) = _parent_columns(review_context(plan, [], grids=given))
        cell = column[-1]
        assert [r.activity.activity_id for r in cell.rows] == ["s:2", "s:3", "s:4"]
        assert (cell.fit("middle", cell.rows) <= PARENT_FIT_LINES * cell.line) == fits


# --- the checks on hand-made plans ---------------------------------------------------------------


def _activity(number: str | None, objective_number: str, action: str, **values) -> Activity:
    return Activity(
        strategic_action_number=action,
        objective_number=objective_number,
        activity_number=number,
        activity=values.pop("activity", "Realizar talleres."),
        responsible="CONACOES",
        activity_id=f"s:{number}",
        **values,
    )


def _line_end_doubt(
    activity_id: str | None,
    field: str,
    left: str,
    right: str,
    reading: str,
    severity: Severity = "warning",
    page: int = 1,
) -> Finding:
    """The reading stage's `line_end_undecided` warning (or, for a hyphen, `info` note) on
    one line end, worded as the stage words it (`pipeline`): `line_end_label` first, the
    reading taken last."""
    return Finding(
        check="line_end_undecided",
        severity=severity,
        section="s",
        activity_id=activity_id,
        field=field,
        page=page,
        message=f"{line_end_label(left, right)} across a line end: read as {reading!r}",
    )


def test_numbering_doubts_a_number_under_another_parent_but_not_a_repeated_one() -> None:
    section = Section(
        name="s",
        activities=[
            _activity("4.1.5", "4.1", "4"),
            _activity("4.1.6", "4.1", "4"),
            _activity("4.1.6", "4.1", "4"),  # printed twice in the 2023 plan: the audit's
            _activity("3.1.1", "3.1", "2"),  # objective 3.1 is not under action 2
            _activity("2.1.1", "2.1", "2"),  # going backwards
        ],
    )
    findings = numbering_findings(Plan(sections=[section]))
    assert [(f.activity_id, f.field) for f in findings] == [
        ("s:3.1.1", "objective_number"),
        ("s:3.1.1", "strategic_action_number"),
        ("s:3.1.1", "objective_number"),
        ("s:3.1.1", "activity_number"),
        ("s:2.1.1", "objective_number"),
        ("s:2.1.1", "activity_number"),
    ]


def test_numbering_doubts_a_skipped_objective_or_action_but_not_a_skipped_activity() -> None:
    """Held-out docx 3535 `04`: LibreOffice dropped objective 3.1's table and printed no word
    of its rows; objective 3.2 first under action 3 is their only trace. A skipped activity
    number is the real plans' own (2023: 2.1.2 with no 2.1.1), and a section opening at action
    2 may go on from the one before: both stay the audit's."""
    section = Section(
        name="s",
        activities=[
            _activity("2.1.2", "2.1", "2", pages=[3]),
            _activity("2.2.2", "2.2", "2", pages=[3]),
            _activity("3.2.1", "3.2", "3", pages=[4]),
            _activity("3.2.2", "3.2", "3", pages=[4]),
            _activity("5.1.1", "5.1", "5", pages=[5]),
        ],
    )
    findings = numbering_findings(Plan(sections=[section]))
    assert [
        (f.severity, f.section, f.activity_id, f.field, f.page, f.message) for f in findings
    ] == [
        (
            "warning",
            "s",
            None,
            "strategic_action_number",
            5,
            "strategic_action_number 5 comes after 3: rows of 4 may be lost",
        ),
        (
            "warning",
            "s",
            None,
            "objective_number",
            4,
            "objective_number 3.2 is the first of 3: rows of 3.1 may be lost",
        ),
    ]


def test_numbering_doubts_every_row_of_a_merged_cell_that_prints_a_later_sibling_s_number() -> None:
    """Html Word/HTML 1219 `00`: objective 2.3's cell read into 2.2's across a page break.
    Rows 2.3.x under 2.2 are doubted by their numbers; 2.2's own rows, whose objective text
    holds 2.3's, by the line `2.3.` in it. An earlier number in a cell's text (the objective
    names another) and a line of another level (a date, a list) are not doubted."""

    def lines(*texts: str) -> list[Piece]:
        return [
            Piece(page=3, bbox=(140.0, 100.0 + 9 * k, 210.0, 108.0 + 9 * k), text=t)
            for k, t in enumerate(texts)
        ]

    joined = lines("2.2. Desarrollar", "procesos de", "2.3.", "Desarrollar procesos")
    own = lines("2.1. Conocer y", "2.1. divulgar", "1. la información")
    action = lines("2. Establecer", "estructuras", "3.")
    section = Section(
        name="s",
        activities=[
            _activity("2.1.1", "2.1", "2", provenance={"objective": own}),
            _activity("2.2.1", "2.2", "2", provenance={"objective": joined}),
            _activity("2.3.1", "2.2", "2", provenance={"objective": joined}),
            _activity("2.3.2", "2.3", "2", provenance={"strategic_action": action}),
        ],
    )
    numbering = numbering_findings(Plan(sections=[section]))
    findings = [f for f in numbering if f.field in ("objective", "strategic_action")]
    assert [(f.activity_id, f.field) for f in findings] == [
        ("s:2.2.1", "objective"),
        ("s:2.3.1", "objective"),
        ("s:2.3.2", "strategic_action"),
    ]
    assert findings[0].message == (
        "objective: a line of its text opens with 2.3, a later sibling of its number 2.2: "
        "the next merged cell's text may have been read into this one"
    )


def test_numbering_doubts_words_or_numbers_run_together_in_a_number_field() -> None:
    """Held-out Word 949-02 and 949-03 (a narrow number column): a merged cell's connectors
    read into the number column (`de las y/o a y`), and six numbers read as one."""
    section = Section(
        name="s",
        activities=[
            _activity("2.3.3", "2.3", "2"),
            _activity("2.3.4.2.3.5.2.3.6", "2.3", "2"),
            _activity("de 2.3.7", "2.3", "2"),
            _activity("2.3.8", "2.3", "2"),
        ],
    )
    findings = numbering_findings(Plan(sections=[section]))
    assert {(f.activity_id, f.field) for f in findings} == {
        ("s:2.3.4.2.3.5.2.3.6", "activity_number"),
        ("s:de 2.3.7", "activity_number"),
        (None, "objective_number"),  # this piece of a section opens at 2.3: 2.1, 2.2 skipped
    }


def test_text_cut_or_started_mid_sentence_is_doubted() -> None:
    section = Section(
        name="s",
        activities=[
            _activity("1.1.1", "1.1", "1", objective="Crear un mecanismo de monitoreo y"),
            _activity(None, "1.1", "1", activity="solicitando la información estadística."),
            _activity("1.1.2", "1.1", "1", activity="realizar un pronunciamiento."),
            _activity("1.1.3", "1.1", "1", activity=""),
            _activity("1.2.1", "1.2", "1", objective="Coordinar con instituciones y/o"),
            _activity("1.2.2", "1.2", "1", objective="Informar a niños/as y sus familias."),
        ],
    )
    plan = Plan(sections=[section])
    found = {(f.check, f.activity_id) for f in text_findings(review_context(plan, []))}
    assert found == {
        ("cut_text", "s:1.1.1"),
        ("cut_text", "s:1.2.1"),
        ("starts_mid_sentence", "s:None"),
        ("empty_activity", "s:1.1.3"),
    }  # 1.1.2 prints its own number before a lower-case start: the author's choice


def test_the_row_opening_a_page_after_a_row_cut_mid_sentence_is_doubted() -> None:
    """Word/HTML 1279 docx `07`, unnumbered rows: a row cut by a page break read as two
    activities, the first ending mid-sentence (`cut_text`), its rest, capitalised, silent.
    The row opening the next page after a cut row names it; a row opening the next page
    after a whole one, one on the cut row's own page, or one printing its own item number
    is not doubted."""

    def row(activity: str, responsible: str, page: int, top: float, number=None) -> Activity:
        row = _activity(number, "3.2", "3", activity=activity)
        row.responsible, row.activity_id = responsible, f"s:{activity[:8]}"
        row.provenance = {
            name: [Piece(page=page, bbox=(x, top, x + 100, top + 8), text=text)]
            for name, x, text in (("activity", 200, activity), ("responsible", 400, responsible))
        }
        return row

    section = Section(
        name="s",
        activities=[
            row("Reporte de datos.", "Subcomisión.", 8, 100),
            row(
                "Creación de un protocolo para la atención integral de", "Subcomisión a la", 8, 500
            ),
            row("NNA víctimas y en riesgo.", "Víctima", 9, 80),
            row("Directorio de servicios.", "Grupo Warnath", 9, 200),
            row("Mapeo de", "Integrantes.", 9, 400),
            row("Buenas prácticas para la", "Subcomisión.", 9, 500),
            row("Mapeo de servicios.", "Subcomisión.", 10, 80, number="3.2.1"),
        ],
    )
    findings = text_findings(review_context(Plan(sections=[section]), []))
    rests = [f for f in findings if f.check == "cut_row_rest"]
    assert [(f.activity_id, f.field, f.page) for f in rests] == [("s:NNA víct", "activity", 9)]
    assert "after activity “Creación de un protocolo para la atenció…”" in rests[0].message
    assert "page 8" in rests[0].message


def test_a_row_cell_ending_at_the_page_s_foot_without_its_column_s_stop_is_doubted() -> None:
    """Held-out docx 4959 `03` (LibreOffice, rows that may not break): a row taller than a
    page is clipped at the page's foot, 2.1.2's activity ending `…divulgar la información`
    and its rest printed nowhere; silent. A row cell ending at the foot of the body without
    the stop most of its column's values end with is doubted; one ending at the foot with
    its stop, one ending without it above the foot, one ending at the foot beside another
    row on its page, and a column that mostly ends without stops (the collaborators here)
    are not."""

    def row(number: str, page: int, bottom: float, activity: str, collaborators: str) -> Activity:
        row = _activity(number, "2.1", "2", activity=activity, collaborators=collaborators)
        row.provenance = {
            name: [Piece(page=page, bbox=(x, bottom - 8, x + 100, bottom), text=text)]
            for name, x, text in (
                ("activity", 200, activity),
                ("collaborators", 320, collaborators),
            )
        }
        return row

    rows = [
        row("2.1.1", 1, 300, "Realizar talleres.", "INAMU"),
        row("2.1.2", 2, 575, "Socializar y divulgar la información", "PANI"),
        row("2.1.3", 3, 575, "Elaborar un informe.", "MEP"),
        row("2.1.4", 4, 200, "Reuniones de seguimiento", "CCSS"),
        row("2.1.5", 4, 320, "Mapeo de servicios.", "OIJ"),
        row("2.1.6", 4, 440, "Charlas en escuelas.", "ICT"),
        row("2.1.7", 5, 200, "Guía para docentes.", "MEP"),
        row("2.1.8", 5, 575, "Campaña en redes sociales", "Subcomisión de Promoción"),
        row("2.1.9", 6, 200, "Foro regional.", "PANI"),
        row("2.1.10", 6, 320, "Informe anual.", "PANI"),
        row("2.1.11", 6, 440, "Directorio de servicios.", "PANI"),
        row("2.1.12", 6, 560, "Protocolo de atención.", "PANI"),
    ]
    findings = text_findings(
        review_context(Plan(sections=[Section(name="s", activities=rows)]), [])
    )
    assert [(f.check, f.activity_id, f.field, f.page) for f in findings] == [
        ("cut_text", "s:2.1.2", "activity", 2)
    ]


def test_a_merged_cell_starting_in_lower_case_without_its_number_is_doubted() -> None:
    """Random 71-10, silent: an objective's merged cell cut in two, its second half
    (`adolescentes afectados…`) read as the objective of two rows, without the objective's
    number. A merged cell starts mid-sentence as a row's cell does; printed after its own
    number, a lower-case start is the author's."""
    section = Section(
        name="s",
        activities=[
            _activity("2.1.1", "2.1", "2", objective="Fortalecer la atención de niñas, niños y"),
            _activity("2.1.2", None, "2", objective="adolescentes afectados por la ESCNNA."),
            _activity("2.2.1", "2.2", "2", objective="promover la articulación."),
            _activity(
                "2.2.2",
                "2.2",
                None,
                objective="Promover la articulación.",
                strategic_action="fortalecimiento institucional.",
            ),
        ],
    )
    plan = Plan(sections=[section])
    found = {(f.check, f.activity_id, f.field) for f in text_findings(review_context(plan, []))}
    assert found == {
        ("cut_text", "s:2.1.1", "objective"),
        ("starts_mid_sentence", "s:2.1.2", "objective"),
        ("starts_mid_sentence", "s:2.2.2", "strategic_action"),
    }


def test_two_merged_cells_read_as_one_or_one_as_two_doubt_the_cells_above() -> None:
    """Held-out HTML 1029-03, silent on three activities: objective 2.1 read with the next
    objective's `2.2. Desarrollar…` joined to it (a line of a merged cell starting with an
    item number of its column's level and a capital: `joined_cells`), and a strategic
    action cut at a page break, its rest (`costarricense, brindando…`) read as the next
    row's cell: the lower cell starts mid-sentence, and the cell above it, cut, is doubted
    too, on every row that shares it."""
    objective = [
        "Conocer la incidencia de ESCNNA para el año",
        "2022",
        "2.2. Desarrollar procesos de",
        "divulgación.",
    ]
    action = ["Garantizar la atención integral en", "todo el territorio nacional"]

    def row(number: str | None, **values) -> Activity:
        activity = _activity(number, "2.1" if number else None, "2" if number else None, **values)
        activity.provenance = {
            name: [
                Piece(page=1, bbox=(x, 100 + 10 * i, x + 100, 108 + 10 * i), text=text)
                for i, text in enumerate(lines)
            ]
            for name, x, lines in (("objective", 170, objective), ("strategic_action", 50, action))
            if values.get(name) == " ".join(lines)
        }
        return activity

    joined = {"objective": " ".join(objective), "strategic_action": " ".join(action)}
    section = Section(
        name="s",
        activities=[
            row("2.1.1", **joined),
            row("2.1.2", **joined),
            row(None, objective="Otro objetivo.", strategic_action="costarricense, brindando."),
        ],
    )
    plan = Plan(sections=[section])
    findings = text_findings(review_context(plan, []))
    found = {(f.check, f.activity_id, f.field) for f in findings}
    found |= {(f.check, f.activity_id, f.field) for f in shared_cell_findings(plan, findings)}
    assert found == {
        ("joined_cells", "s:2.1.1", "objective"),
        ("joined_cells", "s:2.1.2", "objective"),
        ("cut_text", "s:2.1.1", "strategic_action"),
        ("cut_text", "s:2.1.2", "strategic_action"),
        ("starts_mid_sentence", "s:None", "strategic_action"),
    }


def test_a_merged_cell_read_shorter_than_its_own_repetition_is_cut() -> None:
    """Held-out docx 2929-02, silent: strategic action 3 cut at the foot of a page after
    `…desde un enfoque`, its last line (`interinstitucional.`) read as the running header of
    the next page, whose rows print the action whole. The shorter reading of one cell, the
    longer going on in lower case, lost its end; a longer reading going on in capitals is the
    next cell joined to it (Word 1089-06), a full stop alone no lost word, and an action of
    another number no repetition."""
    action = "Garantizar la atención integral de víctimas, brindando respuestas desde un enfoque"
    objective = "Sensibilizar sobre la temática de ESCNNA y sus derechos"
    section = Section(
        name="s",
        activities=[
            _activity("3.1.1", "3.1", "3", strategic_action=action, objective=objective),
            _activity("3.1.2", "3.1", "3", strategic_action=action, objective=objective),
            _activity(
                "3.1.3",
                "3.1",
                "3",
                strategic_action=action,
                objective=f"{objective} Desarrollar procesos de divulgación.",
            ),
            _activity("3.2.1", "3.2", "3", strategic_action=f"{action} interinstitucional."),
            _activity("3.2.2", "3.2", "3", strategic_action=f"{action} interinstitucional."),
            _activity("4.1.1", "4.1", "4", strategic_action="Fortalecer la red."),
            _activity("4.1.2", "4.1", "4", strategic_action="Fortalecer la red"),
            _activity("5.1.1", "5.1", "5", strategic_action="Fortalecer la red de apoyo."),
        ],
    )
    findings = repeated_cell_findings(Plan(sections=[section]))
    assert {(f.check, f.activity_id, f.field) for f in findings} == {
        ("cut_text", "s:3.1.1", "strategic_action"),
        ("cut_text", "s:3.1.2", "strategic_action"),
        ("cut_text", "s:3.1.3", "strategic_action"),
    }


def test_a_line_read_on_both_sides_of_a_page_break_is_doubted() -> None:
    """Held-out Calc 4817 `09`, silent: the strategic action's text printed again on the next
    page, its line clipped at the first page's table foot read there as well, so the value
    says `instituciones que` twice. A line before the break whose words open the line after
    it (the whole line, or two words at least) is doubted; one word alike across a break, and
    words said twice across a line end on one page, are not."""

    def cut(index: int, lines: list[tuple[int, str]]) -> Activity:
        activity = _activity(f"3.1.{index}", "3.1", "3")
        activity.provenance = {
            "strategic_action": [
                Piece(page=page, bbox=(50, 100 + 10 * k, 150, 110 + 10 * k), text=text)
                for k, (page, text) in enumerate(lines)
            ]
        }
        return activity

    section = Section(
        name="s",
        activities=[
            cut(
                1,
                [
                    (10, "así como de las"),
                    (10, "instituciones que"),
                    (11, "instituciones que"),
                    (11, "representan."),
                ],
            ),
            cut(2, [(10, "de las personas que"), (11, "conforman la CONACOES, así")]),
            cut(3, [(10, "del plan de"), (11, "de capacitación.")]),
            cut(4, [(10, "de las instituciones que"), (10, "instituciones que representan.")]),
        ],
    )
    findings = reprinted_line_findings(Plan(sections=[section]))
    assert [(f.check, f.activity_id, f.page) for f in findings] == [
        ("reprinted_line", "s:3.1.1", 11)
    ]
    assert "“instituciones que”" in findings[0].message


def test_a_signature_stamp_read_into_a_cell_is_doubted() -> None:
    """Held-out Word 4949-06, silent on 4.1.7: a stamp at the top of the page after the
    section's table, its signer's and date's lines in the responsible column, read as the rest
    of the section's last row. A value holding a stamp's date and time (on lines of their own)
    is doubted on the date's page; a cell that prints a date without the stamp's time is not."""
    from plan_extract.review import stamp_in_cell_findings

    def row(number: str, lines: list[tuple[int, str]]) -> Activity:
        activity = _activity(number, "4.1", "4")
        activity.provenance = {
            "responsible": [
                Piece(page=page, bbox=(396, 100 + 10 * k, 460, 108 + 10 * k), text=text)
                for k, (page, text) in enumerate(lines)
            ]
        }
        return activity

    stamped = [
        (14, "Cultura"),
        (14, "Tecnológica."),
        (15, "GLORIANA EDUARTE"),
        (15, "HERNANDEZ (FIRMA)"),
        (15, "Fecha: 2024.02.27"),
        (15, "11:55:44 -06'00'"),
    ]
    dated = [(3, "Informe al 2023.02.27"), (3, "Secretaría Técnica")]
    plan = Plan(
        sections=[Section(name="s", activities=[row("4.1.7", stamped), row("4.1.1", dated)])]
    )
    findings = stamp_in_cell_findings(review_context(plan, []))
    assert [(f.check, f.activity_id, f.field, f.page) for f in findings] == [
        ("stamp_in_cell", "s:4.1.7", "responsible", 15)
    ]


def test_a_word_carried_across_the_gutter_is_doubted() -> None:
    """Held-out Calc 4949-02, two activities wrong with no finding: a lone `y` opening an
    activity line read as the end of the objective line beside it. The objective line ends
    4.5 pt past where the activity column's lines start, and the activity line beside it
    starts 6.8 pt late: both cells are doubted. An objective line ending short of the edge
    beside a late (indented) activity line, and one past the edge beside an activity line
    that starts on time, are not."""
    from plan_extract.review import carried_word_findings

    def row(objective_end: float, activity_start: float) -> Activity:
        """The first objective line ends at `objective_end`, the activity line beside it
        starts at `activity_start`; the other lines start at their column's edge."""
        objective = [(objective_end, "1.1. Fomentar la y"), (171.4, "asistencia y")]
        activity = [
            (activity_start, 283.9, "participación de las"),
            (203.6, 289.9, "instituciones que conforman"),
            (203.6, 310.7, "instituciones que"),
        ]
        found = _activity("1.1.1", "1.1", "1")
        found.provenance = {
            "objective": [
                Piece(page=7, bbox=(126.9, top, x1, top + 7.5), text=text)
                for (x1, text), top in zip(objective, (100.0, 109.0), strict=True)
            ],
            "activity": [
                Piece(page=7, bbox=(x0, top, x1, top + 7.5), text=text)
                for (x0, x1, text), top in zip(activity, (100.0, 109.0, 118.0), strict=True)
            ],
        }
        return found

    expected = {("carried_word", "objective", 7), ("carried_word", "activity", 7)}
    for activity, found in (
        (row(208.1, 210.4), expected),  # carried: past the edge, beside a late line
        (row(199.0, 210.4), set()),  # short of the edge, beside an indented line
        (row(208.1, 203.6), set()),  # past the edge, beside a line on time
    ):
        plan = Plan(sections=[Section(name="s", activities=[activity])])
        findings = carried_word_findings(review_context(plan, []))
        assert {(f.check, f.field, f.page) for f in findings} == found


def test_a_line_end_glued_from_lower_to_upper_case_is_doubted() -> None:
    """Held-out HTML 1029-04, silent on three activities: a column one word wide printed
    `Fundación` / `PANIAMOR` / `–` / `Programa…`, read `FundaciónPANIAMOR–`; no word changes
    from lower to upper case inside, so the glued line end parted two words
    (`glued_words`). `Paniamor` / `Programa` parted and `Explota` / `ción` glued are no
    doubt of this kind."""
    lines = [("Fundación", "PANIAMOR"), ("Fundación", "Paniamor"), ("Explota", "ción")]
    activities = []
    for index, (last, first) in enumerate(lines):
        activity = _activity(f"1.1.{index + 1}", "1.1", "1")
        activity.responsible = last + first
        activity.provenance = {
            "responsible": [
                Piece(page=1, bbox=(300, 100 + 40 * index, 360, 108 + 40 * index), text=last),
                Piece(page=1, bbox=(300, 110 + 40 * index, 360, 118 + 40 * index), text=first),
            ]
        }
        activities.append(activity)
    activities[1].responsible = "Fundación Paniamor"
    plan = Plan(sections=[Section(name="s", activities=activities)])
    found = {(f.check, f.activity_id) for f in line_end_findings(review_context(plan, []))}
    assert ("glued_words", "s:1.1.1") in found
    assert not {activity_id for _, activity_id in found} & {"s:1.1.2", "s:1.1.3"}


def _parted_line_ends(name: str, lines: list[tuple[str, str]]) -> Plan:
    """A plan of one activity per (last, first) pair: its field `name` holds the two words
    parted by a space, printed on two lines of one cell (activities `s:1.1.1`, `s:1.1.2`…)."""
    activities = []
    for index, (last, first) in enumerate(lines):
        activity = _activity(f"1.1.{index + 1}", "1.1", "1")
        setattr(activity, name, f"{last} {first}")
        activity.provenance = {
            name: [
                Piece(page=1, bbox=(300, 100 + 40 * index, 360, 108 + 40 * index), text=last),
                Piece(page=1, bbox=(300, 110 + 40 * index, 360, 118 + 40 * index), text=first),
            ]
        }
        activities.append(activity)
    return Plan(sections=[Section(name="s", activities=activities)])


def test_a_lone_letter_opening_a_line_after_a_word_is_a_split_word() -> None:
    """Held-out Word 2222-00, silent on four activities: LibreOffice cut `Warnath`, wider
    than its column, at the cell's edge with no hyphen, the same way in every cell, and the
    line end read `Warnat h`. A lower-case letter that is no Spanish word, standing alone at
    a line's start after a word, is a doubt (`split_word`); a one-letter word (`y`) is not."""
    plan = _parted_line_ends("responsible", [("Warnat", "h"), ("acciones", "y")])
    found = {(f.check, f.activity_id) for f in line_end_findings(review_context(plan, []))}
    assert ("split_word", "s:1.1.1") in found
    assert not {activity_id for _, activity_id in found} & {"s:1.1.2"}


def test_rows_parted_by_a_rule_the_grid_lost_are_not_one_ruled_cell() -> None:
    """Held-out HTML 1029-05, 12 exact activities doubted: the page draws the border between
    two strategic actions under every cell, the engine's grid kept it under the first column
    only, and the verification cells on either side read as one ruled cell. A rule the page
    draws between two rows parts them whatever the grid kept; without it, they stay one
    ruled cell."""
    from plan_extract.review import Line, RowRules
    from plan_extract.review.columns import _shared_cell_findings
    from plan_extract.tables.page_grid import Edge

    activities = [_activity(f"1.1.{index}", "1.1", "1") for index in range(1, 5)]
    inside = [
        Line(activity, "verification", Piece(page=1, bbox=(860, top, 960, top + 8), text="Acta."))
        for activity, top in zip(activities, (100, 140, 180, 220), strict=True)
    ]
    grid = [Edge(860, y, 970, y) for y in (130, 210)]  # the rule at 170 lost
    for drawn, doubted in (([Edge(860, 170, 970, 170)], set()), ([], {"s:1.1.2", "s:1.1.3"})):
        found = _shared_cell_findings("s", inside, RowRules(grid, drawn))
        assert {f.activity_id for f in found} == doubted


def test_rows_of_two_tables_a_grid_holds_say_nothing_of_ruled_rows() -> None:
    """Held-out HTML 3131 `03` and `07`, 17 exact activities doubted: one boxed table per
    strategic action, stacked on a page and taken by the engine for one grid; each table's
    rows unruled, the last row of one table and the first of the next parted by the box and
    the header's rule. Those two rows are of two tables (a header line between them): they
    do not make the column ruled, and the unruled rows of one table are no doubt. The same
    rows in one ruled table, a rule lost between two of them, are."""
    from plan_extract.review import Line, RowRules
    from plan_extract.review.columns import _shared_cell_findings
    from plan_extract.tables.page_grid import Edge

    activities = [_activity(f"1.{index}.1", f"1.{index}", "1") for index in range(1, 4)]
    inside = [
        Line(activity, "verification", Piece(page=1, bbox=(860, top, 960, top + 8), text="Acta."))
        for activity, top in zip(activities, (100, 160, 200), strict=True)
    ]
    grid = [Edge(860, y, 970, y) for y in (115, 125, 150)]  # box bottom, box top, header rule
    header = RowRules(grid, [], lambda top, bottom: top < 137.0 < bottom)  # the header line
    assert _shared_cell_findings("s", inside, header) == []
    found = _shared_cell_findings("s", inside, RowRules(grid, []))
    assert {f.activity_id for f in found} == {"s:1.2.1", "s:1.3.1"}


def test_a_sentence_going_on_in_lower_case_after_its_full_stop_is_doubted() -> None:
    """Held-out HTML 949-01: the rest of a row cut by a page break joined to the row above
    it, `…con la ESNNA.` / `coordinaciones para la…` across a line end; a new sentence in
    upper case after a full stop, or a lower-case line after a line with no full stop, is
    no doubt."""

    def lines(*texts: str) -> list[Piece]:
        return [
            Piece(page=1, bbox=(10, 10 * i, 90, 10 * i + 8), text=t) for i, t in enumerate(texts)
        ]

    joined = _activity("2.3.5", "2.3", "2", indicator="Número de actividades con la ESNNA.")
    joined.provenance = {
        "indicator": lines("Número de actividades", "con la ESNNA.", "coordinaciones")
    }
    two_sentences = _activity("2.3.6", "2.3", "2", verification="Minutas. Listas de asistencia")
    two_sentences.provenance = {"verification": lines("Minutas.", "Listas de asistencia")}
    plan = Plan(sections=[Section(name="s", activities=[joined, two_sentences])])
    found = {(f.check, f.activity_id) for f in text_findings(review_context(plan, []))}
    assert found == {("starts_mid_sentence", "s:2.3.5")}


def test_an_item_number_on_a_line_of_its_own_ends_no_sentence() -> None:
    """Held-out HTML 1818-02, exact but doubted: a narrow activity column sets the printed
    number on a line of its own, `3.2.2.` / `realizar un…`; the full stop is the number's.
    A full stop after words, before a lower-case line, is still a doubt."""
    numbered = _activity("3.2.2", "3.2", "3", activity="3.2.2. realizar un encuentro.")
    numbered.provenance = {
        "activity": [
            Piece(page=1, bbox=(10, 10, 40, 18), text="3.2.2."),
            Piece(page=1, bbox=(10, 20, 90, 28), text="realizar un"),
            Piece(page=1, bbox=(10, 30, 90, 38), text="encuentro."),
        ]
    }
    joined = _activity("3.2.3", "3.2", "3", activity="Un taller. realizar")
    joined.provenance = {
        "activity": [
            Piece(page=1, bbox=(10, 50, 90, 58), text="Un taller."),
            Piece(page=1, bbox=(10, 60, 90, 68), text="realizar"),
        ]
    }
    plan = Plan(sections=[Section(name="s", activities=[numbered, joined])])
    found = {(f.check, f.activity_id) for f in text_findings(review_context(plan, []))}
    assert found == {("starts_mid_sentence", "s:3.2.3")}


def test_a_line_starting_right_of_a_flush_left_column_is_doubted() -> None:
    """Held-out HTML 949-03 (justified cells a narrow gap apart): the target's line took the
    verification's first word (`trimestre de el` / `año 2023.`), and the verification line
    starts right of where every other line of its column starts. Both cells are doubted; a
    line hanging under a list item's bullet (the 2023 plan's `✓ Personal de las` /
    `instituciones`) is not."""
    from plan_extract.review import indented_line_findings

    def activity(number: str, y: float, target: tuple, verification: tuple) -> Activity:
        doubted = _activity(number, "2.1", "2")
        doubted.provenance = {
            "target": [Piece(page=1, bbox=(433, y, target[0], y + 7), text=target[1])],
            "verification": [
                Piece(page=1, bbox=(verification[0], y, 550, y + 7), text=verification[1])
            ],
        }
        return doubted

    rows = [
        activity(f"2.1.{i}", 20 * i, (490, "Un documento"), (500, "Minutas")) for i in range(1, 30)
    ]
    rows.append(activity("2.1.12", 260, (507, "trimestre de el"), (509, "año 2023.")))
    listed = activity("2.1.13", 280, (490, "Un documento"), (500, "✓ Personal de las"))
    listed.provenance["verification"].append(
        Piece(page=1, bbox=(509, 288, 550, 295), text="instituciones")  # hangs from ✓
    )
    rows.append(listed)
    across = activity("2.1.14", 300, (490, "Un documento"), (500, "✓ Empresas y"))
    across.provenance["verification"].append(
        Piece(page=2, bbox=(509, 40, 550, 47), text="colaboradores")  # the item's head on page 1
    )
    rows.append(across)
    plan = Plan(sections=[Section(name="s", activities=rows)])
    found = {(f.activity_id, f.field) for f in indented_line_findings(review_context(plan, []))}
    assert found == {("s:2.1.12", "verification"), ("s:2.1.12", "target")}


def test_lines_reaching_into_the_next_column_do_not_widen_their_own() -> None:
    """Held-out HTML and WeasyPrint 3131 `08` (a small section, justified cells): a moved
    bound gave two target lines of one activity the verification's first words (`…mapeo
    de Documentos`), a tenth of the section's target lines; the target's extent reached
    into the verification column, and every correct verification line of the section was
    doubted as reaching into the target. The lines reaching into the next column are still
    doubted, with the cell beside them; the other activities are not."""
    from plan_extract.review.columns import _column_findings, _columns_apart

    def activity(number: str, y: float, target: list[tuple], verification: list[tuple]) -> Activity:
        row = _activity(number, "1.1", "1")
        row.provenance = {
            "target": [Piece(page=1, bbox=(727, y + 8 * i, x1, y + 8 * i + 8), text=t)
                       for i, (x1, t) in enumerate(target)],
            "verification": [Piece(page=1, bbox=(x0, y + 8 * i, 950, y + 8 * i + 8), text=t)
                             for i, (x0, t) in enumerate(verification)],
        }  # fmt: skip
        return row

    rows = [
        activity(f"1.1.{i}", 40 * i, [(838, "Minimo 10 sesiones")], [(844.5, "Minutas")])
        for i in range(1, 10)
    ]
    moved = [(892.5, "Contar con un mapeo de Documentos"), (892.5, "las que solicitud.")]
    rows.append(activity("1.1.10", 400, moved, [(940.6, "de")]))
    section = Section(name="s", activities=rows)
    context = review_context(Plan(sections=[section]), [])
    extents = context.extents["s"]
    apart, reached = _columns_apart(extents), {}
    found = {
        finding.activity_id
        for row in rows
        for finding in _column_findings(context, section, row, extents, reached, apart)
    }
    assert found == {"s:1.1.10"}


def test_a_line_holding_its_columns_left_edge_after_words_left_of_it_is_doubted() -> None:
    """Fpdf held-out 2727 `01` (justified, no column rules): the column finder put the
    responsible / indicator bound inside the responsible's lines, and its line `Paniamor-
    Programa` gave `Programa` to the indicator, read `Programa sensibilización`, where
    `sensibilización` starts at the indicator's left edge; nothing doubted it. The column's
    text starting inside the line is the evidence: both cells are doubted. A bullet hung left
    of the edge (no letter before it) is no doubt, nor a line that starts at the edge."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import outdented_line_findings

    words: list[Word] = []

    def printed(text: str, x0: float, x1: float, y: float) -> None:
        words.append(Word(text, x0, y, x1, y + 7.5, 1, 7.5, False, None))

    def activity(number: str, y: float, responsible: list, indicator: list) -> Activity:
        row = _activity(number, "2.1", "2")
        row.provenance = {}
        for name, cell in (("responsible", responsible), ("indicator", indicator)):
            for text, x0, x1 in cell:
                printed(text, x0, x1, y)
            text = " ".join(t for t, _, _ in cell)
            box = (cell[0][1], y, cell[-1][2], y + 7.5)
            row.provenance[name] = [Piece(page=1, bbox=box, text=text)]
        return row

    rows = [
        activity(f"2.1.{i}", 10 * i, [("Subcomisión", 454.7, 503.3)], [("Número", 539.9, 570)])
        for i in range(1, 20)
    ]
    cut = [("Programa", 498.3, 531.0), ("sensibilización", 539.9, 595.6)]
    rows.append(activity("2.1.20", 200, [("Paniamor-", 454.7, 493.7)], cut))
    bullet = [("•", 533.0, 536.0), ("Listas", 539.9, 560.0)]
    rows.append(activity("2.1.21", 210, [("Fundación", 454.7, 494.8)], bullet))
    plan = Plan(sections=[Section(name="s", activities=rows)])
    context = review_context(plan, [PageContent(1, 792, 612, words)])
    found = {(f.activity_id, f.field) for f in outdented_line_findings(context)}
    assert found == {("s:2.1.20", "indicator"), ("s:2.1.20", "responsible")}


def test_a_flush_left_column_s_line_starting_half_an_em_early_is_doubted() -> None:
    """Held-out Calc 4961 `06` (outer border only): the activity's `y` after `las
    instituciones`, 3.2 pt after it, was read as the first word of the collaborators' line
    `y CONACOES.`, 0.85 em left of that column's edge, where `CONACOES.` starts; silent, an
    em being the bar. In a column whose lines all start at its edge, half an em is: both
    cells are doubted. A line 0.3 em early is no doubt, nor the same 0.85 em in a column
    whose lines start anywhere (centred)."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import outdented_line_findings

    def found(lefts: list[float], early: float) -> set[tuple[str | None, str | None]]:
        words: list[Word] = []

        def activity(number: str, y: float, activity_line: list, collaborators: list) -> Activity:
            row = _activity(number, "1.1", "1")
            row.provenance = {}
            for name, cell in (("activity", activity_line), ("collaborators", collaborators)):
                words.extend(Word(t, x0, y, x1, y + 10, 1, 10.0, False, None) for t, x0, x1 in cell)
                box = (cell[0][1], y, cell[-1][2], y + 10)
                text = " ".join(t for t, _, _ in cell)
                row.provenance[name] = [Piece(page=1, bbox=box, text=text)]
            return row

        rows = [
            activity(f"1.1.{i}", 12 * i, [("Realizar", 229.2, 270.0)], [("PANI", x, x + 25)])
            for i, x in enumerate(lefts, start=1)
        ]
        moved = [("y", early, early + 5.5), ("CONACOES.", 321.5, 381.4)]
        rows.append(activity("1.1.20", 300, [("las instituciones", 229.2, 309.8)], moved))
        plan = Plan(sections=[Section(name="s", activities=rows)])
        context = review_context(plan, [PageContent(1, 792, 612, words)])
        return {(f.activity_id, f.field) for f in outdented_line_findings(context)}

    flush = [321.5] * 19
    assert found(flush, 313.0) == {("s:1.1.20", "collaborators"), ("s:1.1.20", "activity")}
    assert found(flush, 318.5) == set()
    centred = [321.5 + 7 * (i % 5) for i in range(19)]
    assert found(centred, 313.0) == set()


def test_a_line_holding_its_cells_own_left_edge_after_words_left_of_it_is_doubted() -> None:
    """Html held-out 3131 `00` (Chromium, justified, a 4 pt gutter): the column finder put
    the responsible / indicator bound inside the responsible's lines, and a section that
    prints 'Subcomisión de Trabajo de Promoción y Prevención' on most rows gave most of the
    indicator's lines a 'de' or 'y' left of its text, so the column's median line starts
    there too. One cell had its line 'Programa Cultura' cut: 'Cultura de formación.', where
    `de` starts at the cell's first line's edge; no finding doubted it. The cell's own lines
    tell its edge: both cells are doubted, where a gutter, no word space, parts the words
    before it. A line starting at an edge of its own is no doubt."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import outdented_line_findings

    words: list[Word] = []

    def activity(number: str, y: float, cells: dict[str, list[list]]) -> Activity:
        row = _activity(number, "2.1", "2")
        row.provenance = {}
        for name, lines in cells.items():
            row.provenance[name] = []
            for k, line in enumerate(lines):
                top = y + 9 * k
                words.extend(
                    Word(t, x0, top, x1, top + 7.5, 1, 7.5, False, None) for t, x0, x1 in line
                )
                box = (line[0][1], top, line[-1][2], top + 7.5)
                text = " ".join(t for t, _, _ in line)
                row.provenance[name].append(Piece(page=1, bbox=box, text=text))
        return row

    rows = [
        activity(
            f"2.1.{i}",
            30 * i,
            {
                "responsible": [[("Subcomisión", 431.3, 473.1), ("de", 487.7, 495.2)]],
                "indicator": [[("de", 487.7, 495.2), ("Número", 499.2, 525.4)]],
            },
        )
        for i in range(1, 20)
    ]
    responsible = [[("Fundación", 431.3, 465.1)], [("Paniamor", 431.3, 462.0)]]
    responsible.append([("Programa", 431.3, 462.4)])
    indicator = [[("Número", 499.2, 525.4), ("centros", 532.7, 555.8)]]
    indicator.append([("–", 491.2, 495.3), ("que", 499.2, 510.7)])
    indicator.append(
        [("Cultura", 471.2, 495.2), ("de", 499.2, 506.7), ("formación.", 508.7, 543.6)]
    )
    rows.append(activity("2.1.20", 600, {"responsible": responsible, "indicator": indicator}))
    # A bullet list's lines hang indented: a line may hold a word at that indent, a word
    # space on, which starts no cell (dejavu-letter-line-borders 2.3.4, 'el Código').
    bullets = [[("el", 240.0, 247.6), ("Código", 250.3, 279.7), ("de", 282.4, 293.1)]]
    bullets.append([("✓", 240.0, 247.1), ("Personal", 249.8, 286.2)])
    bullets.append([("instituciones", 249.8, 303.6), ("y", 306.3, 311.4)])
    rows.append(activity("2.1.21", 700, {"activity": bullets}))
    plan = Plan(sections=[Section(name="s", activities=rows)])
    context = review_context(plan, [PageContent(1, 792, 612, words)])
    found = {(f.activity_id, f.field) for f in outdented_line_findings(context)}
    assert found == {("s:2.1.20", "indicator"), ("s:2.1.20", "responsible")}


def test_a_word_past_the_table_edge_on_a_value_line_is_a_doubt_even_in_the_margin() -> None:
    """Held-out HTML 939-04: a verification line's last `y`, set past the table's found right
    edge, went to `unassigned` as outside every table; in the page's top band it was taken
    for a running line printed once (`info`), and the activity missing it had no finding. On
    the height of a value line it is a cell's word: a warning on that row. A word in the top
    band on no value line's height stays `info`."""
    from plan_extract.models import UnassignedWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import WordAccount, located_word_findings

    doubted = _activity("4.1.2", "4.1", "4", verification="Guanacaste Puntarenas.")
    doubted.provenance = {
        "verification": [
            Piece(page=1, bbox=(729, 98, 783, 107), text="Guanacaste"),
            Piece(page=1, bbox=(729, 110, 789, 119), text="Puntarenas."),
        ]
    }
    reason = "on a table page, outside every table"
    plan = Plan(
        sections=[Section(name="s", activities=[doubted])],
        unassigned=[
            UnassignedWord(page=1, bbox=(788.7, 98.2, 794.1, 107.2), text="y", reason=reason),
            UnassignedWord(page=1, bbox=(300, 20, 340, 29), text="CONACOES", reason=reason),
        ],
    )
    context = review_context(plan, [PageContent(1, 1008, 612, [])])
    found = {
        (f.severity, f.activity_id, f.message.split(": ")[-1])
        for f in located_word_findings(context, WordAccount())
    }
    assert ("warning", "s:4.1.2", "“y”") in found
    assert ("info", None, "“CONACOES”") in found
    assert not any(severity == "warning" and "CONACOES" in text for severity, _, text in found)


def test_a_margin_line_going_on_with_a_cell_across_the_page_break_is_a_doubt() -> None:
    """Held-out Word 979-05, silent: a merged objective's last words (`de ES y ESC.`) ran on
    to the top of the signature page, where no table is; read as a running line printed
    once (`info`), the objective lost them with no doubt. Set where the objective's lines
    start on the page before, they go on with that cell: a warning on it. A line in the
    same margin set elsewhere stays `info`."""
    from plan_extract.models import UnassignedWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import WordAccount, located_word_findings

    cut = _activity("3.2.1", "3.2", "3", objective="Proporcionar una guía a NNA víctimas y riesgo")
    cut.provenance = {
        "objective": [
            Piece(page=1, bbox=(174.2, 534.9, 233.0, 541.9), text="atienden a NNA"),
            Piece(page=1, bbox=(174.2, 542.9, 245.6, 549.9), text="víctimas y riesgo"),
        ],
        "activity": [Piece(page=1, bbox=(260, 534.9, 330, 541.9), text="Realizar talleres.")],
    }
    reason = "on a page without a table"
    words = [("de", 174.2, 182.6), ("ES", 186.8, 195.2), ("y", 199.4, 203.6)]
    plan = Plan(
        sections=[Section(name="s", activities=[cut])],
        unassigned=[
            *(
                UnassignedWord(page=2, bbox=(x0, 53.6, x1, 60.6), text=text, reason=reason)
                for text, x0, x1 in words
            ),
            UnassignedWord(page=2, bbox=(300, 20, 340, 27), text="CONACOES", reason=reason),
        ],
    )
    pages = [PageContent(1, 792, 612, []), PageContent(2, 792, 612, [])]
    found = {
        (f.severity, f.activity_id, f.field, f.message.split(": ")[-1])
        for f in located_word_findings(review_context(plan, pages), WordAccount())
    }
    assert ("warning", "s:3.2.1", "objective", "“de ES y”") in found
    assert ("info", None, None, "“CONACOES”") in found
    assert not any(severity == "warning" and "CONACOES" in text for severity, *_, text in found)


def test_a_signature_block_on_a_page_without_tables_is_furniture_a_lost_row_is_not() -> None:
    """Word 1199-04, exact but `needs_review`: a signature stamp on a page with no table,
    its last line (`11:55:44 -06'00'`) set past the top margin's band, was a warning, while
    the same stamp on a table page, outside every table, was `info`. Words outside every
    table are page furniture on a page without a table too, unless they read as a table row
    (runs starting where two columns' cell text starts): those are rows the tables lost."""
    from plan_extract.models import UnassignedWord
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import ON_A_PAGE_WITHOUT_TABLES, WordAccount, located_word_findings

    row = _activity("3.2.1", "3.2", "3", objective="Atender a NNA víctimas")
    row.provenance = {
        "objective": [Piece(page=1, bbox=(174.2, 534.9, 245.6, 541.9), text="Atender a NNA")],
        "activity": [Piece(page=1, bbox=(260, 534.9, 330, 541.9), text="Realizar talleres.")],
    }
    printed = [
        ("GLORIANA", 396.1, 432.2, 300.0),
        ("HERNANDEZ", 396.1, 439.6, 316.0),
        ("11:55:44", 396.1, 423.3, 332.0),
        ("Evaluar", 174.2, 200.0, 400.0),
        ("Talleres", 260.0, 290.0, 400.0),
    ]
    words = [Word(t, x0, top, x1, top + 7.0, 2, 7.0, False, None) for t, x0, x1, top in printed]
    plan = Plan(
        sections=[Section(name="s", activities=[row])],
        unassigned=[
            UnassignedWord(
                page=2,
                bbox=(w.x0, w.top, w.x1, w.bottom),
                text=w.text,
                reason=ON_A_PAGE_WITHOUT_TABLES,
            )
            for w in words
        ],
    )
    pages = [PageContent(1, 792, 612, []), PageContent(2, 792, 612, words)]
    found = {
        (f.severity, f.message.split(": ")[-1])
        for f in located_word_findings(review_context(plan, pages), WordAccount())
    }
    assert found == {("info", "“GLORIANA HERNANDEZ 11:55:44”"), ("warning", "“Evaluar Talleres”")}


def test_a_running_line_going_on_with_a_cell_on_a_page_without_tables_is_a_doubt() -> None:
    """Random 72-1, silent: an objective's last words (`para el combate de la` / `ESC.`) ran
    on to the top of the signature page, where no table is, and the furniture stage took
    them for a running header; the objective lost them with no trace in `unassigned`. Set
    where the objective's lines start on the page before, the line goes on with that cell:
    a warning on it. A running header set elsewhere on that page is no doubt."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import running_line_findings

    cut = _activity("3.2.2", "3.2", "3", objective="Promover la articulación para la")
    cut.provenance = {
        "objective": [
            Piece(page=1, bbox=(127.2, 530.9, 200.0, 537.9), text="Promover la"),
            Piece(page=1, bbox=(127.2, 538.9, 210.0, 545.9), text="articulación para la"),
        ],
        "activity": [Piece(page=1, bbox=(246, 530.9, 330, 537.9), text="Realizar talleres.")],
    }

    def line(top: float, *placed: tuple[str, float, float]) -> list[FurnitureWord]:
        return [
            FurnitureWord(page=2, bbox=(x0, top, x1, top + 7), text=t, kind="running_header")
            for t, x0, x1 in placed
        ]

    plan = Plan(
        sections=[Section(name="s", activities=[cut])],
        furniture=[
            *line(81.0, ("combate", 127.4, 160.0), ("de", 164.0, 172.0)),
            *line(40.0, ("CONACOES", 300.0, 340.0)),
        ],
    )
    pages = [PageContent(1, 612, 792, []), PageContent(2, 612, 792, [])]
    found = {
        (f.activity_id, f.field, f.message.split(",")[0])
        for f in running_line_findings(review_context(plan, pages))
    }
    assert found == {("s:3.2.2", "objective", "“combate de”")}


def test_a_running_line_printed_on_every_page_goes_on_with_no_cell_across_a_break() -> None:
    """Random 148-7, exact but `needs_review`: the running header `COMISIÓN NACIONAL…`,
    printed in the same place on every page, started on the signature page (no table)
    where an activity's last line starts at the foot of the page before, and was taken for
    that cell's text run on past the break. A line the document prints the same, in the
    same place, on another page is its running line (`_printed_elsewhere`): no doubt. The
    same line printed on the signature page only is one (random 72-1)."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import running_line_findings

    cut = _activity("4.1.2", "4.1", "4", activity="Campaña de ES y ESC.")
    lines = ((211.1, 530.9, "Campaña"), (211.1, 541.9, "de ES y ESC."), (400, 530.9, "CONACOES"))
    pieces = [Piece(page=1, bbox=(x0, top, x0 + 60, top + 9), text=t) for x0, top, t in lines]
    cut.provenance = {"activity": pieces[:2], "responsible": pieces[2:]}

    def header(page: int) -> list[FurnitureWord]:
        placed = (("COMISIÓN", 211.1, 267.0), ("NACIONAL", 270.1, 326.1))
        return [
            FurnitureWord(page=page, bbox=(x0, 38.2, x1, 47.2), text=t, kind="running_header")
            for t, x0, x1 in placed
        ]

    pages = [PageContent(1, 792, 612, []), PageContent(2, 792, 612, [])]
    for printed, doubted in ((header(2), {"s:4.1.2"}), ([*header(1), *header(2)], set())):
        plan = Plan(sections=[Section(name="s", activities=[cut])], furniture=printed)
        found = {f.activity_id for f in running_line_findings(review_context(plan, pages))}
        assert found == doubted


def test_a_cell_line_taken_for_the_page_number_is_doubted() -> None:
    """Held-out ReportLab 4951-07, two activities wrong with no finding: an objective's last
    line, `2023` under `para el año` at the page's foot, was recorded as the page's number.
    A page number that starts where a cell's line of its page starts, a line under it, goes
    on with that cell; one set apart in the margin does not, and a page number on a page
    without tables is not aligned across the break."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import running_line_findings

    cut = _activity("2.1.1", "2.1", "2", objective="Conocer la incidencia para el año")
    cut.provenance = {
        "objective": [
            Piece(page=1, bbox=(104.2, 697.8, 139.3, 704.3), text="la incidencia"),
            Piece(page=1, bbox=(104.2, 705.8, 147.1, 712.3), text="para el año"),
        ],
        "activity": [Piece(page=1, bbox=(246, 697.8, 330, 704.3), text="Realizar talleres.")],
    }

    def number(page: int, text: str, x0: float, top: float) -> FurnitureWord:
        return FurnitureWord(
            page=page, bbox=(x0, top, x0 + 16, top + 6), text=text, kind="page_number"
        )

    plan = Plan(
        sections=[Section(name="s", activities=[cut])],
        furniture=[
            number(1, "2023", 104.0, 714.0),
            number(1, "1", 300.0, 760.0),
            number(2, "2", 104.0, 760.0),
        ],
    )
    pages = [PageContent(1, 612, 792, []), PageContent(2, 612, 792, [])]
    found = {
        (f.activity_id, f.field, f.message.split(",")[0])
        for f in running_line_findings(review_context(plan, pages))
    }
    assert found == {("s:2.1.1", "objective", "“2023”")}


def test_a_running_line_is_doubted_on_the_cell_it_goes_on_with_only() -> None:
    """Random 72-1 and 76-5, exact activities doubted: a head line (`zapatos”.`) above the
    first line of the page's first row, where that row's other cells start too, is no line
    of that row: it goes on with the cell the page break cut, on the page before. A foot
    line (`ESCNNA`) under a cell's line of its page goes on with that cell, not with the
    first cell of the page after: text runs downward."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import running_line_findings

    def row(number: str, page: int, top: float, **lines: str) -> Activity:
        activity = _activity(number, "3.1", "3")
        activity.provenance = {
            name: [Piece(page=page, bbox=(x0, top, x0 + 60, top + 7), text=text)]
            for name, (x0, text) in {
                "objective": (105.0, lines.get("objective", "3.1. Desarrollar")),
                "activity": (246.0, lines.get("activity", "Realizar talleres")),
                "responsible": (446.0, "CONACOES"),
            }.items()
        }
        return activity

    cut = row("3.1.2", 1, 530.0, activity="metodología en tus")
    below = row("3.1.3", 2, 102.0, activity="Capacitaciones, asistencia")
    above_foot = row("3.1.4", 2, 720.0, objective="promoción de")
    next_page = row("3.1.5", 3, 66.0)
    plan = Plan(
        sections=[Section(name="s", activities=[cut, below, above_foot, next_page])],
        furniture=[
            FurnitureWord(
                page=2, bbox=(246.0, 89.0, 290.0, 96.0), text="zapatos”.", kind="running_header"
            ),
            FurnitureWord(
                page=2, bbox=(105.0, 728.0, 140.0, 735.0), text="ESCNNA", kind="running_footer"
            ),
        ],
    )
    pages = [PageContent(n, 612, 792, []) for n in (1, 2, 3)]
    found = {
        (f.activity_id, f.message.split(",")[0])
        for f in running_line_findings(review_context(plan, pages))
    }
    assert found == {("s:3.1.2", "“zapatos”.”"), ("s:3.1.4", "“ESCNNA”")}


def test_a_section_headed_by_words_of_table_rows_doubts_its_activities() -> None:
    """Held-out HTML 989-08: table rows read as a preamble opened sections the plan never
    printed ('distintas instituciones Subcomisión de…'); the accounting said so by page,
    while the seven activities filed under them, their merged cells cut, carried no finding.
    Each activity of a section whose heading holds words of table rows is doubted; a
    section whose heading is no table row is not."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import row_heading_findings, table_rows_in_furniture

    def row(number: str, page: int, top: float) -> Activity:
        activity = _activity(number, "1.1", "1")
        activity.provenance = {
            "activity": [
                Piece(page=page, bbox=(100, top, 200, top + 8), text="Realizar talleres.")
            ],
            "responsible": [Piece(page=page, bbox=(300, top, 360, top + 8), text="CONACOES")],
        }
        return activity

    heading = [
        Word("Desarrollar", 100, 50, 150, 58, 2, 8.0, False, None),
        Word("una", 152, 50, 170, 58, 2, 8.0, False, None),
        Word("Subcomisión", 300, 50, 350, 58, 2, 8.0, False, None),
    ]
    true_heading = [Word("Defensa", 400, 50, 440, 58, 3, 8.0, False, None)]
    furniture = [
        FurnitureWord(page=w.page, bbox=w.bbox, text=w.text, kind="heading", section=name)
        for name, words in (("fake", heading), ("real", true_heading))
        for w in words
    ]
    plan = Plan(
        sections=[
            Section(name="first", activities=[row("1.1.1", 1, 100)]),
            Section(name="fake", activities=[row("1.1.2", 2, 100), row("1.1.3", 2, 120)]),
            Section(name="real", activities=[row("2.1.1", 3, 100)]),
        ],
        furniture=furniture,
    )
    pages = [
        PageContent(1, 792, 612, []),
        PageContent(2, 792, 612, heading),
        PageContent(3, 792, 612, true_heading),
    ]
    context = review_context(plan, pages)
    findings = row_heading_findings(context, table_rows_in_furniture(context))
    assert [(f.section, f.activity_id, f.severity) for f in findings] == [
        ("fake", "s:1.1.2", "warning"),
        ("fake", "s:1.1.3", "warning"),
    ]


def test_a_cell_line_standing_apart_from_its_row_is_a_doubt() -> None:
    """Held-out Word 989-05: a row went on to the next page (its responsible, indicator and
    target lines at the page's top), and the title block's `Plan de Trabajo 2024`, printed
    two lines below them, was read as the row's empty collaborators cell, silent. A row's
    cells share its height, so a cell's lines wholly below the rest of its row on a page are
    doubted, as are a cell's lines all on a page after the row's other cells ended; a cell
    taller than the others, its lines running on below theirs, is not."""
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import placement_findings

    def piece(page: int, x0: float, top: float, text: str) -> Piece:
        return Piece(page=page, bbox=(x0, top, x0 + 60, top + 9), text=text)

    def checks(collaborators: list[Piece]) -> list[str]:
        activity = _activity("4.1.7", "4.1", "4", collaborators="x", target="y")
        activity.provenance = {
            "activity": [piece(4, 250, 536, "Desarrollar Módulo")],
            "collaborators": collaborators,
            "target": [piece(4, 643, 536, "Al menos 4"), piece(5, 643, 49, "los procesos de")],
            "indicator": [piece(4, 545, 536, "Número de"), piece(5, 545, 49, "procesos.")],
        }
        plan = Plan(sections=[Section(name="s", activities=[activity])])
        context = review_context(plan, [PageContent(n, 842, 595, []) for n in range(1, 7)])
        return [f.check for f in placement_findings(context) if f.check == "detached_line"]

    assert checks([piece(5, 384, 84, "Plan de Trabajo 2024")]) == ["detached_line"]
    # a cell whose lines are all on a page after the row's other cells ended
    assert checks([piece(6, 384, 84, "Plan de Trabajo 2024")]) == ["detached_line"]
    tall = [piece(4, 384, 536 + 9 * i, f"line {i}") for i in range(4)]
    assert checks([*tall, piece(5, 384, 49, "CONACOES"), piece(5, 384, 58, "e INAMU")]) == []
    assert checks([*tall, piece(5, 384, 49, "CONACOES"), piece(6, 384, 49, "e INAMU")]) == []


def test_a_cell_moved_whole_past_the_break_beside_its_row_s_own_action_is_no_doubt() -> None:
    """Held-out WeasyPrint 4833 `09` (flat cells: the action and objective printed in every
    row; widows and orphans kept): a row split at page 2's foot, its three-line target moved
    whole to page 3, where the row's action and objective go on; `detached_line` doubted the
    target, all its lines on a page after the row's other row-level cells, an exact layout
    sent to review. A hierarchy cell of the row alone on that page says the row goes on
    there; a merged cell shared with other rows says nothing of this row. Held-out
    WeasyPrint 4963 `05` (merged cells): the same move, the row last on page 2, its target
    opening page 3's body over the next row: no doubt either (`_moved_past_the_break`).
    Beside the next row's cells, and the row's merged cell shared, the block is doubted."""
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import placement_findings

    def piece(page: int, x0: float, top: float, text: str) -> Piece:
        return Piece(page=page, bbox=(x0, top, x0 + 60, top + 9), text=text)

    def checks(shared: bool, next_top: float = 100) -> list[str]:
        rows = []
        for number, top in (("2.2.4", 540), ("2.3.1", next_top)):
            activity = _activity(number, number[:3], "2", target="x")
            page = 2 if number == "2.2.4" else 3
            activity.provenance = {
                "activity": [piece(page, 250, top, "Desarrollar")],
                "strategic_action": [piece(page, 40, top, f"2. Establecimiento {number}")],
            }
            rows.append(activity)
        cut, after = rows
        cut.provenance["target"] = [piece(3, 643, 49 + 9 * i, "Un pilotaje") for i in range(3)]
        cut.provenance["strategic_action"].append(piece(3, 40, 49, "estratégicas de"))
        if shared:  # one merged action over both rows, its rest on page 3
            after.provenance["strategic_action"] = list(cut.provenance["strategic_action"])
        plan = Plan(sections=[Section(name="s", activities=rows)])
        context = review_context(plan, [PageContent(n, 842, 595, []) for n in range(1, 5)])
        return [f.activity_id for f in placement_findings(context) if f.check == "detached_line"]

    assert checks(shared=False) == []
    assert checks(shared=True) == []
    assert checks(shared=False, next_top=58) == []
    assert checks(shared=True, next_top=58) == ["s:2.2.4"]


def _piece_on_2(top: float, text: str, x0: float = 426) -> Piece:
    """A one-line piece 60 pt wide on page 2 (the detached-block tests' cells)."""
    return Piece(page=2, bbox=(x0, top, x0 + 60, top + 8), text=text)


def _detached_rows(
    responsible: list[Piece], after: Activity, furniture: list[FurnitureWord] | None = None
) -> list[str]:
    """The activities `detached_line` doubts, of a row 2.3.3 at page 2's foot (three
    activity lines, four indicator lines from 478 pt, its `responsible` pieces) and the row
    `after` it, with the plan's `furniture`."""
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import placement_findings

    above = _activity("2.3.3", "2.3", "2", indicator="y")
    above.provenance = {
        "activity": [_piece_on_2(478 + 9.7 * i, "Realizar", 225) for i in range(3)],
        "indicator": [_piece_on_2(478 + 9.7 * i, "Número", 511) for i in range(4)],
        "responsible": responsible,
    }
    plan = Plan(sections=[Section(name="s", activities=[above, after])])
    plan.furniture = furniture or []
    context = review_context(plan, [PageContent(n, 595, 842, []) for n in range(1, 4)])
    return [f.activity_id for f in placement_findings(context) if f.check == "detached_line"]


def test_a_cell_s_lower_block_apart_from_its_lines_and_below_its_row_is_a_doubt() -> None:
    """Held-out weasy 2323 `11` (unruled): WeasyPrint split a row at a page's foot, its
    one-line responsible `ICT` left there, its other cells moved to the next page; `ICT`
    was read into the row above, below that row's text and a blank line under the cell's
    own lines, silent on both rows. A cell's lines follow each other within a line: a block
    apart from them, starting below the rest of the row, is doubted on the row and the row
    after it. A cell running on below the others without a blank is not."""
    piece = _piece_on_2

    def doubted(responsible: list[Piece]) -> list[str]:
        after = _activity("2.3.4", "2.3", "2", activity="Talleres")
        after.provenance = {"activity": [Piece(page=3, bbox=(225, 60, 285, 68), text="x")]}
        return _detached_rows(responsible, after)

    cell = [piece(478 + 9.7 * i, "Fundación") for i in range(3)]
    assert doubted([*cell, piece(524, "ICT")]) == ["s:2.3.3", "s:2.3.4"]
    # judged weasy 2327 `07`: the other cells end less than a line above the block
    assert doubted([*cell, piece(519, "MREC")]) == ["s:2.3.3", "s:2.3.4"]
    # judged weasy 2327 `11`: the row above has no such cell of its own, the block is all
    assert doubted([piece(519, "UNICEF")]) == ["s:2.3.3", "s:2.3.4"]
    assert doubted([*cell, piece(478 + 9.7 * 3, "Tecnológica"), piece(478 + 9.7 * 4, "ICT")]) == []


def test_a_block_read_into_a_row_above_a_table_header_doubts_no_row_under_the_header() -> None:
    """Held-out ReportLab 2929 `02` (one table per objective, unruled, a two-level header):
    the next table's group label `Evaluación`, printed above its header, was read into the
    last row of the table above, and the next table's first row, under that header, was
    doubted too as the row the block may belong to: 8 exact activities flagged. Text above a
    table's header is no row's under it; the row it was read into stays doubted, and
    without the header both rows are."""

    def doubted(furniture: list[FurnitureWord]) -> list[str]:
        after = _activity("2.4.1", "2.4", "2", activity="Talleres")
        after.provenance = {"activity": [_piece_on_2(560, "Talleres", 225)]}
        return _detached_rows([_piece_on_2(524, "Evaluación")], after, furniture)

    header = FurnitureWord(page=2, bbox=(426, 540, 470, 548), text="Metas", kind="column_header")
    assert doubted([header]) == ["s:2.3.3"]
    assert doubted([]) == ["s:2.3.3", "s:2.4.1"]


def test_a_preamble_word_on_a_cell_line_is_a_doubt() -> None:
    """Random layout 69-1: the `la` of `Un documento con la`, set past the table's found
    right edge, was recorded as a title, and the verification read `Un documento con
    identificación`, silent (held-out HTML 979-02/08 lost connectors so: `Minutas de
    sesiones`). A preamble word on a value line's height, within a run gap of its words, is
    the cell's: a warning on it. A title above the table is not."""
    from plan_extract.models import FurnitureWord
    from plan_extract.review import preamble_on_a_line_findings

    doubted = _activity("2.2.2", "2.2", "2", verification="Un documento con identificación")
    doubted.provenance = {
        "verification": [
            Piece(page=10, bbox=(716.0, 81.1, 791.54, 90.1), text="Un documento con"),
            Piece(page=10, bbox=(716.0, 92.08, 780.53, 101.08), text="identificación"),
        ]
    }

    def title(x0: float, top: float, text: str) -> FurnitureWord:
        return FurnitureWord(
            page=10, bbox=(x0, top, x0 + 7, top + 9), text=text, kind="title", section="s"
        )

    plan = Plan(
        sections=[Section(name="s", activities=[doubted])],
        furniture=[title(794.04, 81.1, "la"), title(300, 40, "Plan")],
    )
    findings = preamble_on_a_line_findings(review_context(plan, []))
    assert [(f.activity_id, f.field, f.severity) for f in findings] == [
        ("s:2.2.2", "verification", "warning")
    ]
    assert "“la”" in findings[0].message


def test_words_apart_from_every_row_are_no_doubt_unless_printed_as_a_row() -> None:
    """Held-out Word 959-09, exact but `needs_review`: a signature block and a section's
    title lines set mid-page, unrecognised, went to `unassigned` as outside every table, a
    warning. Near no row and no merged cell, and not printed as a table row (runs starting
    at two columns' cell-text left edges, as `table_rows_in_furniture` reads a row), they
    are furniture: `info`. A lost row printed there, or words beside a row, stay a doubt."""
    from plan_extract.models import UnassignedWord
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import APART_FROM_THE_TABLES, WordAccount, located_word_findings

    def row(number: str, top: float) -> Activity:
        activity = _activity(number, "1.1", "1")
        activity.provenance = {
            "activity": [Piece(page=1, bbox=(100, top, 200, top + 8), text="Realizar talleres.")],
            "responsible": [Piece(page=1, bbox=(300, top, 360, top + 8), text="CONACOES")],
        }
        return activity

    def severities(printed: list[Word], rows: list[Activity]) -> set[str]:
        unassigned = [
            UnassignedWord(page=1, bbox=w.bbox, text=w.text, reason=APART_FROM_THE_TABLES)
            for w in printed
        ]
        plan = Plan(sections=[Section(name="s", activities=rows)], unassigned=unassigned)
        context = review_context(plan, [PageContent(1, 792, 612, printed)])
        return {f.severity for f in located_word_findings(context, WordAccount())}

    rows = [row(f"1.1.{n}", 80 + 20 * n) for n in range(1, 5)]
    signature = [
        Word("GLORIANA", 396, 406, 432, 413, 1, 7.0, False, None),
        Word("EDUARTE", 434, 406, 467, 413, 1, 7.0, False, None),
    ]
    lost_row = [
        Word("Realizar", 100, 400, 130, 408, 1, 7.0, False, None),
        Word("foros.", 132, 400, 150, 408, 1, 7.0, False, None),
        Word("INAMU", 300, 400, 330, 408, 1, 7.0, False, None),
    ]
    assert severities(signature, rows) == {"info"}
    assert severities(lost_row, rows) == {"warning"}
    assert severities(signature, [*rows, row("1.1.5", 400)]) == {"warning"}  # beside a row


def test_a_line_of_another_row_is_doubted_on_both_activities() -> None:
    def row(number: str, top: float, extra: list[Piece] = ()) -> Activity:
        activity = _activity(number, "1.1", "1")
        activity.provenance = {
            "activity": [Piece(page=1, bbox=(100, top, 200, top + 8), text="Realizar talleres.")],
            "responsible": [Piece(page=1, bbox=(300, top, 380, top + 8), text="CONACOES"), *extra],
        }
        return activity

    stray = Piece(page=1, bbox=(300, 40, 380, 48), text="CONACOES")  # printed in row 1.1.2
    plan = Plan(
        sections=[Section(name="s", activities=[row("1.1.1", 10, [stray]), row("1.1.2", 40)])]
    )
    from plan_extract.review import placement_findings

    found = {(f.check, f.activity_id) for f in placement_findings(review_context(plan, []))}
    # the stray, a block apart under its row's other cells, is a detached line on both too
    assert found == {
        (check, number)
        for check in ("misplaced_piece", "detached_line")
        for number in ("s:1.1.1", "s:1.1.2")
    }


def test_a_line_end_the_document_decides_is_a_note() -> None:
    """'de' / 'sensibilización' (no space written; `desensibilización` is Spanish too): the
    stage's doubt is settled where the document prints 'de sensibilización' on one line and
    never the joined word; 'CONACOE' / 'S' read as 'CONACOES', printed whole elsewhere, too,
    even where a page-wide line sets a cell's 'CONACOE' beside the next cell's 'S' (held-out
    53-3: 25 exact activities doubted); 'sistematice' / 'buenas' read as two words, each
    printed whole in a cell, the joined word nowhere. A reading the document does not print
    stays a warning."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends

    def words(y: float, *texts: str, gap: float = 4) -> list[Word]:
        return [
            Word(t, 10 + (50 + gap) * i, y, 60 + (50 + gap) * i, y + 8, 1, 8.0, False, True)
            for i, t in enumerate(texts)
        ]

    page = PageContent(
        1,
        600,
        800,
        [
            *words(100, "la", "de", "sensibilización", "y"),
            *words(120, "la", "CONACOES", "y"),
            # one cell's last word beside the next cell's first (the responsible column's)
            *words(140, "CONACOE", "S", gap=10),
            *words(160, "que", "sistematice", "las", "buenas", "y"),
        ],
    )
    activity = _activity("1.1.1", "1.1", "1")
    activity.provenance = {
        "activity": [
            Piece(page=1, bbox=(10, 10, 100, 18), text="Talleres de"),
            Piece(page=1, bbox=(10, 20, 100, 28), text="sensibilización con la"),
            Piece(page=1, bbox=(10, 30, 100, 38), text="CONACOE"),
            Piece(page=1, bbox=(10, 40, 100, 48), text="S y"),
            Piece(page=1, bbox=(10, 50, 100, 58), text="la"),
            Piece(page=1, bbox=(10, 60, 100, 68), text="y"),
            Piece(page=1, bbox=(10, 70, 100, 78), text="sistematice"),
            Piece(page=1, bbox=(10, 80, 100, 88), text="buenas y"),
        ],
        "responsible": [Piece(page=1, bbox=(70, 10, 120, 18), text="CONACOES")],
    }
    plan = Plan(sections=[Section(name="s", activities=[activity])])

    def doubt(left: str, right: str, reading: str) -> Finding:
        return _line_end_doubt("s:1.1.1", "activity", left, right, reading)

    stage = [
        doubt("de", "sensibilización", "de sensibilización"),
        doubt("CONACOE", "S", "CONACOES"),
        doubt("la", "y", "lay"),  # the document prints 'lay' nowhere: still a doubt
        doubt("sistematice", "buenas", "sistematice buenas"),  # each printed whole in a cell
    ]
    settled = settled_line_ends(review_context(plan, [page]), stage)
    assert [f.severity for f in settled] == ["info", "info", "warning", "info"]


def test_a_cell_line_end_beside_the_next_cell_is_no_whole_word() -> None:
    """Held-out HTML 1818-02 (narrow monospace columns, overflow-wrap): `Tecnológic` / `a”.`
    rightly glued, yet doubted on five exact activities: the cell's broken `Tecnológic`
    stood an em from the next cell's `ación` on the page line, within one run, and counted as
    a word printed whole in a cell. A column's text starting between two words parts them
    into two cells; two words of one cell still judge a glue ('de' / 'capacitación')."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import line_end_findings

    def line(y: float, *placed: tuple[str, float, float]) -> list[Word]:
        return [Word(t, x0, y, x1, y + 8, 1, 8.0, False, None) for t, x0, x1 in placed]

    page = PageContent(
        1,
        600,
        800,
        [
            # the activity cell's broken word, 5 pt from the responsible cell's line
            *line(100, ("Cultura", 10, 45), ("Tecnológic", 50, 95), ("ación", 100, 125)),
            *line(120, ("ir", 10, 18), ("a", 22, 27), ("la", 31, 40)),
            *line(140, ("la", 10, 18), ("de", 22, 32), ("capacitación", 36, 90)),
            *line(160, ("sin", 10, 25), ("capacitación", 29, 83), ("y", 87, 92)),
        ],
    )
    activity = _activity(
        "1.1.1", "1.1", "1", activity="Cultura Tecnológica", collaborators="decapacitación"
    )
    activity.provenance = {
        "activity": [
            Piece(page=1, bbox=(10, 10, 95, 18), text="Cultura Tecnológic"),
            Piece(page=1, bbox=(10, 20, 15, 28), text="a"),
        ],
        "collaborators": [
            Piece(page=1, bbox=(100, 10, 110, 18), text="de"),
            Piece(page=1, bbox=(100, 20, 154, 28), text="capacitación"),
        ],
    }
    plan = Plan(sections=[Section(name="s", activities=[activity])])
    context = review_context(plan, [page], line_end_spaces=False)
    found = {(f.check, f.field) for f in line_end_findings(context)}
    assert found == {("glued_words", "collaborators")}


def test_a_slash_before_a_lower_case_word_is_settled_by_the_document_s_usage() -> None:
    """Held-out HTML 1818-06, exact but doubted: 'observadores/' / 'as', no space written,
    the language cannot tell. A document that glues a slash to the lower-case letter after
    it on every line printing one (`y/o`), and never prints a word ending in a slash before
    a lower-case word in a cell, settles the joined reading; one that prints `niños/ as`
    apart does not. A cell's line-end slash beside the next cell's word says nothing."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends

    def line(y: float, *placed: tuple[str, float, float]) -> list[Word]:
        return [Word(t, x0, y, x1, y + 8, 1, 8.0, False, None) for t, x0, x1 in placed]

    activity = _activity("3.1.1", "3.1", "3")
    activity.responsible = "Integrantes y observadores/as"
    activity.provenance = {
        "responsible": [
            Piece(page=1, bbox=(10, 10, 90, 18), text="Integrantes y observadores/"),
            Piece(page=1, bbox=(10, 20, 20, 28), text="as"),
        ],
        "activity": [Piece(page=1, bbox=(100, 10, 190, 18), text="Realizar talleres.")],
    }
    plan = Plan(sections=[Section(name="s", activities=[activity])])
    stage = [_line_end_doubt("s:3.1.1", "responsible", "observadores/", "as", "observadores/as")]
    glued = line(100, ("talleres", 10, 40), ("y/o", 44, 56), ("foros", 60, 80))
    # a cell's line-end slash beside the next column's first word: no usage
    beside = line(120, ("jóvenes/", 10, 60), ("realizar", 100, 130))
    apart = line(140, ("niños/", 10, 40), ("as", 44, 52), ("y", 56, 60))
    severities = [
        [f.severity for f in settled_line_ends(review_context(plan, [page]), stage)]
        for page in (
            PageContent(1, 600, 800, [*glued, *beside]),
            PageContent(1, 600, 800, [*glued, *apart]),
        )
    ]
    assert severities == [["info"], ["warning"]]


def test_a_line_end_named_with_a_word_the_stage_already_joined_is_settled() -> None:
    """Random 74-4, exact but doubted: the lines `STCNNA ST`, `CONACOE`, `S`; the stage
    joined `CONACOE` / `S` first, then named its undecided line end 'ST' / 'CONACOES', which
    no two printed lines end and start with, so the review never found it, though the
    document settles it (`ST de`, `la CONACOES` in cells, `STCONACOES` nowhere)."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends

    def line(y: float, *texts: str) -> list[Word]:
        return [
            Word(t, 10 + 40 * i, y, 46 + 40 * i, y + 8, 1, 8.0, False, None)
            for i, t in enumerate(texts)
        ]

    activity = _activity("2.1.2", "2.1", "2", collaborators="STCNNA ST CONACOES")
    activity.provenance = {
        "collaborators": [
            Piece(page=1, bbox=(10, 10, 60, 18), text="STCNNA ST"),
            Piece(page=1, bbox=(10, 20, 50, 28), text="CONACOE"),
            Piece(page=1, bbox=(10, 30, 16, 38), text="S"),
        ]
    }
    plan = Plan(sections=[Section(name="s", activities=[activity])])
    stage = [_line_end_doubt("s:2.1.2", "collaborators", "ST", "CONACOES", "ST CONACOES")]
    page = PageContent(1, 600, 800, [*line(100, "la", "ST", "de"), *line(120, "la", "CONACOES")])
    settled = settled_line_ends(review_context(plan, [page]), stage)
    assert [(f.check, f.severity) for f in settled] == [("line_end_settled", "info")]


def test_a_hyphen_alone_on_its_line_settles_the_line_end_before_it_not_after() -> None:
    """LibreOffice cuts `Paniamor-Programa` (and the plans' other `Paniamor- Programa`) in a
    narrow column as `Paniamor` / `-` / `Programa`. The hyphen opening a line binds to the
    word before (`_binding_hyphen`), which settles the stage's doubt on `Paniamor` / `-`;
    but that doubt is the only finding the value gets, and the line end after the hyphen is
    open where the producer writes no space fact there: the doubt stays (held-out docx
    3333 `03`, silent otherwise). Where the hyphen's line end carries one (written or not),
    it is settled as before (held-out docx 3131 `09`, exact)."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends

    def severities(space_after: bool | None) -> list[str]:
        activity = _activity("2.2.2", "2.2", "2")
        activity.responsible = "Fundación Paniamor- Programa Cultura."
        activity.provenance = {
            "responsible": [
                Piece(page=1, bbox=(10, 10, 50, 18), text="Fundación"),
                Piece(page=1, bbox=(10, 20, 46, 28), text="Paniamor"),
                Piece(page=1, bbox=(10, 30, 13, 38), text="-"),
                Piece(page=1, bbox=(10, 40, 48, 48), text="Programa"),
                Piece(page=1, bbox=(10, 50, 44, 58), text="Cultura."),
            ]
        }
        words = [
            Word("Fundación", 10, 10, 50, 18, 1, 8.0, False, None),
            Word("Paniamor", 10, 20, 46, 28, 1, 8.0, False, None),
            Word("-", 10, 30, 13, 38, 1, 8.0, False, space_after),
            Word("Programa", 10, 40, 48, 48, 1, 8.0, False, None),
            Word("Cultura.", 10, 50, 44, 58, 1, 8.0, False, None),
        ]
        plan = Plan(sections=[Section(name="s", activities=[activity])])
        stage = [_line_end_doubt("s:2.2.2", "responsible", "Paniamor", "-", "Paniamor-")]
        page = PageContent(1, 600, 800, words)
        return [f.severity for f in settled_line_ends(review_context(plan, [page]), stage)]

    assert severities(None) == ["warning"]
    assert severities(True) == ["info"]
    assert severities(False) == ["info"]


def test_a_word_opening_lines_after_an_undoubted_space_starts_a_word() -> None:
    """Held-out HTML 979: 'de' / 'sensibilización' (no space written) in narrow columns, where
    the long word opens every line it is on: printed after another word on no line, the
    document seemed silent, and 28 exact activities of three layouts were doubted. A line end
    the values part with a space and no stage doubted ('la' / 'sensibilización') says the
    word starts one: the doubt is settled. The doubted line end itself, parted the same way
    in another cell, says nothing."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends

    page = PageContent(
        1,
        600,
        800,
        [Word(t, 10 + 54 * i, 100, 60 + 54 * i, 108, 1, 8.0, False, True)
         for i, t in enumerate(("con", "la", "de", "y"))],
    )  # fmt: skip

    def activity(number: str, text: str, lines: list[str]) -> Activity:
        row = _activity(number, "1.1", "1", indicator=text)
        row.provenance = {
            "indicator": [
                Piece(page=1, bbox=(10, 10 + 10 * i, 100, 18 + 10 * i), text=line)
                for i, line in enumerate(lines)
            ]
        }
        return row

    doubted = activity("1.1.1", "Talleres de sensibilización", ["Talleres de", "sensibilización"])
    twin = activity("1.1.2", "Foros de sensibilización", ["Foros de", "sensibilización"])
    other = activity("1.1.3", "Con la sensibilización", ["Con la", "sensibilización"])
    stage = [
        _line_end_doubt(row.activity_id, "indicator", "de", "sensibilización", "de sensibilización")
        for row in (doubted, twin)
    ]

    def severities(rows: list[Activity]) -> list[str]:
        plan = Plan(sections=[Section(name="s", activities=rows)])
        return [f.severity for f in settled_line_ends(review_context(plan, [page]), stage)]

    assert severities([doubted, twin]) == ["warning", "warning"]
    assert severities([doubted, twin, other]) == ["info", "info"]


def test_an_undecidable_hyphen_line_end_is_a_finding_on_its_activity_but_no_doubt() -> None:
    """'Paniamor-' / 'Programa' with no space written: the plans print the compound both
    ways, so nothing settles it (random layouts 56-9, 57-1, 59-5/6/7, 60-1, 61-3: wrong and
    silent, the stage's note in `notes` on no finding). The note is a finding on its activity
    and field, of severity info: listed where a consumer looks for doubts, the status `ok`.
    A line end the document settles is a note (`line_end_settled`), and a margin line no
    finding."""
    from plan_extract.review import SETTLED_LINE_END, review_status

    def stage(check: str, field: str | None, activity: str | None = "s:1.1.1") -> Finding:
        return Finding(
            check=check,
            severity="info",
            section="s",
            activity_id=activity,
            field=field,
            page=3,
            message="'Paniamor-' / 'Programa' across a line end",
        )

    undecided = stage("line_end_undecided", "collaborators")
    settled = stage(SETTLED_LINE_END, "activity")
    margin = stage("unassigned", None, None)
    review = review_status([undecided, settled, margin])
    assert review.status == "ok"
    assert review.findings == [undecided]
    assert review.notes == [settled, margin]
    warned = review_status([undecided, stage("line_end_undecided", None)])
    assert [f.field for f in warned.findings] == ["collaborators"]


def test_a_number_broken_over_a_line_end_is_settled_by_the_numbering() -> None:
    """A narrow number column breaks '2.3.4.' as '2.3.' / '4.' (no space written): the
    stage's doubt is settled where the joined number sits one level under the objective's,
    and stays a doubt where it does not (Word layout 919-07 flagged 15 exact activities so)."""
    from plan_extract.review import settled_line_ends

    def activity(number: str, objective: str) -> Activity:
        row = _activity(number, objective, "2")
        row.provenance = {
            "activity_number": [
                Piece(page=1, bbox=(10, 10, 30, 18), text=number[:4]),
                Piece(page=1, bbox=(10, 20, 30, 28), text=f"{number[4:]}."),
            ]
        }
        return row

    rows = [activity("2.3.4", "2.3"), activity("2.1.5", "2.3")]
    plan = Plan(sections=[Section(name="s", activities=rows)])
    stage = [
        _line_end_doubt(
            row.activity_id,
            "activity_number",
            row.activity_number[:4],
            f"{row.activity_number[4:]}.",
            f"{row.activity_number}.",
        )
        for row in rows
    ]
    settled = settled_line_ends(review_context(plan, []), stage)
    assert [f.severity for f in settled] == ["info", "warning"]


def test_a_line_opening_with_punctuation_is_glued_whatever_space_was_written() -> None:
    """'sensibilización' / ', al cuarto' with a space written after the line's last word
    (random layouts 53-11, 55-9: two exact layouts doubted): punctuation never opens a word,
    so the value's 'sensibilización,' is no glued pair of words; 'de' / 'la' glued is."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review.line_ends import _join_verdict

    last = Word("sensibilización", 10, 10, 90, 18, 1, 8.0, False, True)
    de = Word("de", 10, 30, 30, 38, 1, 8.0, False, True)
    page = PageContent(1, 600, 800, [last, de])
    context = review_context(Plan(sections=[]), [page])
    # the word broken inside fills its line alone, as a word wider than the column does
    before = Piece(page=1, bbox=last.bbox, text="sensibilización")
    assert (
        _join_verdict(context, before, "sensibilización", ",", "… sensibilización, al", True)
        is None
    )
    before = Piece(page=1, bbox=de.bbox, text="talleres de")
    doubt = _join_verdict(context, before, "de", "la", "… dela", True)
    assert doubt is not None and doubt.check == "glued_words"


def test_a_piece_set_between_other_cells_words_vouches_for_no_reading_of_a_line_end() -> None:
    """Word/HTML 1307 docx `02` (LibreOffice, a narrow objective column): `subcomisiones` is
    cut at the cell's edge, `subcomision` / `es`, and the page-wide line sets the piece
    between `como` and `Derechos`, the words of the cells beside it. Counted as a word the
    document prints whole, `subcomision` / `es` read as two words (a close call against the
    rare `subcomisiones`), and the exact value was doubted as glued. Printed between two
    words of its own cell, the piece is a word and the glued join is doubted."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review.line_ends import _join_verdict

    def line(top: float, *cells: tuple[str, float]) -> list[Word]:
        return [
            Word(text, x0, top, x0 + 4.5 * len(text), top + 8.5, 1, 8.5, False, True)
            for text, x0 in cells
        ]

    cut = Word("subcomision", 115.2, 376, 168.75, 384.5, 1, 8.5, False, False)
    words = [*line(366, ("las", 130.4), ("presentaciones.", 191.4)), cut]
    words += line(376, ("como", 20.0), ("Derechos", 183.6))
    words += line(386, ("es", 115.2), ("de", 127.3), ("la", 140.4))
    context = review_context(Plan(sections=[]), [PageContent(1, 1008, 612, words)])
    before = Piece(page=1, bbox=cut.bbox, text="subcomision")
    value = "… CONACOES y a las subcomisiones de la CONACOES."
    assert _join_verdict(context, before, "subcomision", "es", value, True) is None

    inside = line(396, ("la", 115.2), ("subcomision", 126.0), ("sesiona", 176.0))
    context = review_context(Plan(sections=[]), [PageContent(1, 1008, 612, words + inside)])
    doubt = _join_verdict(context, before, "subcomision", "es", value, True)
    assert doubt is not None and doubt.check == "glued_words"


def test_a_word_cut_over_three_lines_is_judged_whole() -> None:
    """docx 2304 `02` (LibreOffice, Liberation Mono 8 pt, a column of 8 glyphs):
    'interinstitucional,' is cut twice, 'interins' / 'titucion' / 'al,'; the reading joins
    the three. Judged alone, 'titucion' / 'al,' read as two words (a close call of the
    letters spelled), and the exact value was doubted as glued; the value's token,
    'interinstitucional,', is a word."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review.line_ends import _join_verdict

    cut = Word("titucion", 431.7, 10, 470.1, 18, 1, 8.0, False, False)
    page = PageContent(1, 600, 800, [cut])
    context = review_context(Plan(sections=[]), [page])
    before = Piece(page=1, bbox=cut.bbox, text="titucion")
    value = "servicios interinstitucional, de las provincias"
    assert _join_verdict(context, before, "titucion", "al,", value, True) is None
    doubt = _join_verdict(context, before, "titucion", "al,", "servicios titucional, de", True)
    assert doubt is not None and doubt.check == "glued_words"


def test_a_closing_mark_pushed_off_a_line_of_several_words_had_a_space_before_it() -> None:
    """The source's 'trimestre 2023 .' breaks before the lone '.', in a producer that writes
    no line-end spaces: the reading glues it ('2023.') with nothing to go on (random layouts
    59-10, 61-5, 61-11 silent). A line of several words ends at a space, so a space stood
    before the mark: the glued value is doubted. A word broken inside, wider than its column,
    fills its line alone ('participación' / ','): not doubted. A space written as missing
    (`space_after` False) is no evidence: LibreOffice drops the line-end space that does not
    fit before the cell edge (Word layout 979-01's 'trimestre 2024 .' read '2024.', silent)."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review.line_ends import _join_verdict

    year = Word("2023", 40, 10, 60, 18, 1, 8.0, False, None)
    alone = Word("participación", 10, 30, 90, 38, 1, 8.0, False, None)
    unspaced = Word("2024", 40, 50, 60, 58, 1, 8.0, False, False)
    page = PageContent(1, 600, 800, [year, alone, unspaced])
    context = review_context(Plan(sections=[]), [page], line_end_spaces=False)

    def verdict(word: Word, line: str, mark: str):
        before = Piece(page=1, bbox=word.bbox, text=line)
        return _join_verdict(context, before, word.text, mark, f"{line}{mark}", True)

    doubt = verdict(year, "al cuarto trimestre 2023", ".")
    assert doubt is not None and doubt.check == "glued_words"
    assert doubt.severity == "warning"
    assert verdict(alone, "participación", ",") is None
    context.line_end_spaces = True
    doubt = verdict(unspaced, "al cuarto trimestre 2024", ".")
    assert doubt is not None and doubt.check == "glued_words"
    assert verdict(alone, "participación", ",") is None


def test_a_rule_a_cell_line_box_touches_still_parts_two_cells() -> None:
    """A cell set without padding has its first line's box cross the rule above it by a
    point or so (the font's ascent): the rule still parts the two cells, and two activities
    are not doubted as read from one ruled cell (Word layout 929-01)."""
    from plan_extract.review import RULE_IN_LINE_SHARE, RULE_TOLERANCE
    from plan_extract.review.columns import _parted
    from plan_extract.tables.page_grid import Edge

    upper, lower = (704.6, 343.7, 749.6, 369.5), (704.6, 425.2, 763.1, 469.3)
    rule = [Edge(72.0, 426.4, 769.9, 426.4)]
    assert not _parted(upper, lower, rule)  # within RULE_TOLERANCE only: the old reading
    assert _parted(upper, lower, rule, max(RULE_TOLERANCE, RULE_IN_LINE_SHARE * 7.5))
    assert not _parted(upper, lower, [Edge(72.0, 440.0, 769.9, 440.0)], RULE_IN_LINE_SHARE * 7.5)


# --- visible ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doubtful_pdf(tmp_path_factory) -> Path:
    """The first four pages of the 2023 plan: a real plan whose last table is cut mid-row, so
    its review doubts it whatever layout fixes land."""
    path = tmp_path_factory.mktemp("doubtful") / "cut-2023.pdf"
    writer = PdfWriter()
    for page in PdfReader(CASES["plan-2023"][0]).pages[:4]:
        writer.add_page(page)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@cache
def doubtful_plan(path: Path) -> Plan:
    return extract_plan(path)


def test_extract_shows_the_doubt_and_exits_3(tmp_path, doubtful_pdf, capfd) -> None:
    ok_pdf = CASES["dejavu-a4-boxonly"][0]
    status = main(["extract", str(doubtful_pdf), str(ok_pdf), "--out", str(tmp_path), "-q"])
    assert status == 3
    err = capfd.readouterr().err.splitlines()
    count = len(doubtful_plan(doubtful_pdf).review.findings)
    assert len(err) == 1
    assert err[0].startswith(f"{doubtful_pdf}: needs review: {count} findings (first: page ")
    stem = doubtful_pdf.stem
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{stem}.json", f"{stem}.csv", f"{stem}.review.md", "dejavu-a4-boxonly.json",
         "dejavu-a4-boxonly.csv"]
    )  # fmt: skip
    notes = (tmp_path / f"{stem}.review.md").read_text(encoding="utf-8")
    assert notes.startswith(f"# Review of {stem}.pdf: needs_review")
    assert "## " in notes  # findings grouped by section
    with (tmp_path / f"{stem}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    doubted = {
        r["activity_number"]: r["review_checks"] for r in rows if r["needs_review"] == "true"
    }
    assert doubted and all(doubted.values())
    assert {r["needs_review"] for r in rows} == {"true", "false"}


def test_fail_on_error_keeps_the_status_of_failures_only(tmp_path, doubtful_pdf, capfd) -> None:
    assert main(["extract", str(doubtful_pdf), "--out", str(tmp_path), "--fail-on", "error"]) == 0
    count = len(doubtful_plan(doubtful_pdf).review.findings)
    assert f"needs review: {count} findings" in capfd.readouterr().err
    # an earlier run's notes go when the file is ok
    (tmp_path / "plan.review.md").write_text("stale", encoding="utf-8")
    assert main(["extract", str(CASES["plan-2023"][0]), "--out", str(tmp_path), "-q"]) == 0
    assert not (tmp_path / "plan.review.md").exists()


def test_diff_and_transcription_say_when_a_side_needs_review(tmp_path, doubtful_pdf, capfd) -> None:
    old = tmp_path / "old.json"
    old.write_text(plan_json(extracted("plan-2023")), encoding="utf-8")
    new = tmp_path / "new.json"
    doubtful = doubtful_plan(doubtful_pdf)
    count = len(doubtful.review.findings)
    new.write_text(plan_json(doubtful), encoding="utf-8")
    assert main(["diff", str(old), str(new), "--out", str(tmp_path / "diff")]) == 0
    err = capfd.readouterr().err
    assert err == (
        f"{old} → {new}: new needs review ({count} findings): a difference may be an extraction "
        "error\n"
    )
    data = json.loads((tmp_path / "diff" / "diff.json").read_text(encoding="utf-8"))
    assert data["review"] == {
        "old": {"status": "ok", "findings": 0},
        "new": {"status": "needs_review", "findings": count},
        "needs_review": True,
    }
    sheet = DATA / "transcription-2023-five-edits.csv"
    assert main(["diff", str(new), str(sheet), "--out", str(tmp_path / "audit")]) == 0
    err = capfd.readouterr().err
    assert f"needs review ({count} findings): a difference may be an extraction error" in err
    data = json.loads((tmp_path / "audit" / "transcription.json").read_text(encoding="utf-8"))
    assert data["review"]["needs_review"] is True


# --- fault injection ----------------------------------------------------------------------------


def test_injected_faults_are_flagged() -> None:
    """Each stage made wrong on purpose (tests/faults.py) on the 2023 plan, three seeds each:
    the status is right every time; over all faults at least 95 % of the wrong activities
    carry a finding (each fault at least 90 %) and at most 2 % of the exact ones do.
    docs/review.md has the figures over both plans."""
    totals = {"wrong": 0, "wrong_flagged": 0, "exact": 0, "exact_flagged": 0}
    for fault in faults.FAULTS:
        wrong = flagged = 0
        for seed in (0, 1, 2):
            outcome = faults.run(fault, "plan-2023", seed)
            assert outcome.status_right, outcome  # a fault with no effect leaves it exact
            wrong, flagged = wrong + outcome.wrong, flagged + outcome.wrong_flagged
            for name in totals:
                totals[name] += getattr(outcome, name)
        assert wrong > 0 and flagged >= 0.9 * wrong, (fault, flagged, wrong)
    assert totals["wrong_flagged"] >= 0.95 * totals["wrong"], totals
    assert totals["exact_flagged"] <= 0.02 * totals["exact"], totals


def test_a_line_whose_column_misses_a_rule_but_holds_the_usual_one_is_not_doubted() -> None:
    # Held-out docx 2323 `06` (LibreOffice): on a page where the merged cells to its left
    # continue, the first activity's left border is not drawn; its lines sit between the
    # objective's left rule and the activity's right rule, a column holding the usual one.
    # A missing rule moves no word. A line between rules that cut into the usual column
    # (the next column over) is still doubted.
    verticals = [Rule(139.0, 54.0, 404.0), Rule(343.0, 54.0, 404.0)]
    verticals += [Rule(225.0, 89.0, 404.0), Rule(432.0, 54.0, 404.0)]
    first, second = _activity("2.3.2", "2.3", "2"), _activity("2.3.3", "2.3", "2")

    def line(activity: Activity, x0: float, top: float) -> Line:
        return Line(activity, "activity", Piece(page=3, bbox=(x0, top, x0 + 80, top + 7), text="x"))

    usual = [line(second, 230.0, top) for top in (90.0, 99.0, 108.0, 117.0)]
    wider = [line(first, 230.0, 55.0), line(first, 230.0, 63.0)]
    lines = usual + wider
    rules = ColumnRules(verticals)
    assert _ruled_column_findings("s", lines, lines, rules) == []
    moved = [line(first, 350.0, 100.0)]
    findings = _ruled_column_findings("s", lines + moved, lines + moved, rules)
    assert {f.activity_id for f in findings if f.check == "engine_cell"} >= {"s:2.3.2"}


def test_a_value_ending_in_the_start_of_a_word_the_document_prints_is_cut() -> None:
    # Held-out docx 2121 `01` (LibreOffice, flat cells): a row split by a page break prints
    # its action's last piece, `ional`, alone under the repeated header; read as a header
    # word, it leaves the action ending `interinstituc`, no word, the start of one the
    # document prints whole elsewhere. A last word the language knows is no doubt, nor a
    # piece that starts no word of the document.
    from plan_extract.pdf.reader import PageContent, Word

    def line(text: str, top: float) -> list[Word]:
        return [
            Word(part, 10.0 + 60 * i, top, 60.0 + 60 * i, top + 7, 1, 7.0, False, None)
            for i, part in enumerate(text.split())
        ]

    printed = line("la articulación interinstitucional del sistema", 100.0)
    action = "Fortalecer los servicios a través de la articulación interinstituc"
    section = Section(
        name="s",
        activities=[
            _activity("1.1.1", "1.1", "1", strategic_action=action),
            _activity("1.1.2", "1.1", "1", strategic_action="Fortalecer el sistema"),
            _activity("1.1.3", "1.1", "1", strategic_action="Fortalecer la articulación xyzq"),
        ],
    )
    plan = Plan(sections=[section])
    context = review_context(plan, [PageContent(1, 792, 612, printed)])
    found = {(f.check, f.activity_id) for f in text_findings(context) if "ends in" in f.message}
    assert found == {("cut_text", "s:1.1.1")}


def test_a_word_printed_over_another_is_doubted_where_the_value_holds_it() -> None:
    # Held-out docx 2302 `00` (LibreOffice): the last line of a header label cut in a narrow
    # cell, `ras`, is drawn over the first line of the cell under it, clipped to the header
    # row; a reader of text takes both, and `ras` went into 14 collaborators values, half of
    # them with no other doubt. The same text twice at one place (fake bold) is no doubt.
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import overprinted_findings

    def word(text: str, x0: float, x1: float, top: float) -> Word:
        return Word(text, x0, top, x1, top + 8.5, 1, 8.5, False, None)

    cell = [word("Secretaría", 341.2, 386.2, 103.7), word("ras", 361.2, 376.0, 103.9)]
    bold = [word("Técnica", 341.2, 375.0, 114.0), word("Técnica", 341.5, 375.3, 114.0)]
    activities = [_activity("2.1.2", "2.1", "2"), _activity("2.1.3", "2.1", "2")]
    activities[0].provenance = {
        "collaborators": [Piece(page=1, bbox=(341.2, 103.7, 386.2, 112.4), text="Secretaría ras")]
    }
    activities[1].provenance = {
        "collaborators": [Piece(page=1, bbox=(341.2, 114.0, 375.3, 122.5), text="Técnica")]
    }
    plan = Plan(sections=[Section(name="s", activities=activities)])
    context = review_context(plan, [PageContent(1, 792, 612, cell + bold)])
    found = {(f.check, f.activity_id, f.field) for f in overprinted_findings(context)}
    assert found == {("overprinted", "s:2.1.2", "collaborators")}


def test_an_acronym_cut_at_a_narrow_column_edge_is_a_split_word() -> None:
    """Held-out reportlab 2424 `10` (judged, then changed): a narrow column cut `CONACOES`
    at its edge, read `CO NACOES`, two activities with no finding. Capitals-only pieces
    across a line end that the document prints as one token elsewhere, neither printed whole
    in a cell, are a doubt; two acronyms the document never prints glued (`ST` /
    `CONACOES`) are not."""
    from plan_extract.pdf.reader import PageContent, Word

    plan = _parted_line_ends("collaborators", [("CO", "NACOES"), ("ST", "CONACOES")])
    printed = [Word("CONACOES", 500, 300, 540, 308, 1, 8.0, False, None)]
    context = review_context(plan, [PageContent(1, 792, 612, printed)])
    found = {(f.check, f.activity_id) for f in line_end_findings(context)}
    assert ("split_word", "s:1.1.1") in found
    assert not {activity_id for _, activity_id in found} & {"s:1.1.2"}


def _kept_and_broken_findings(
    above: str, above_x1: float, broken_page: int, broken_x1: float
) -> list[tuple[str, str | None, str]]:
    """`unprinted_compound_findings` on two cells of a responsible column 300 pt from the
    left: 1.1.1 opens a line with 'Paniamor- Programa' (34 pt, a 3 pt space, 38 pt) under
    `above` on page 1, and 1.1.2 prints 'Fundación Paniamor-' (to `broken_x1`) / 'Programa'
    on `broken_page` with no space written, read 'Paniamor- Programa' (the stage's note)."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import unprinted_compound_findings

    kept = _activity("1.1.1", "1.1", "1")
    kept.responsible = f"{above} Paniamor- Programa Cultura."
    kept.provenance = {
        "responsible": [
            Piece(page=1, bbox=(300, 100, above_x1, 108), text=above),
            Piece(page=1, bbox=(300, 110, 375, 118), text="Paniamor- Programa"),
            Piece(page=1, bbox=(300, 120, 330, 128), text="Cultura."),
        ]
    }
    broken = _activity("1.1.2", "1.1", "1")
    broken.responsible = "Fundación Paniamor- Programa Cultura."
    broken.provenance = {
        "responsible": [
            Piece(page=broken_page, bbox=(300, 200, broken_x1, 208), text="Fundación Paniamor-"),
            Piece(page=broken_page, bbox=(300, 210, 370, 218), text="Programa Cultura."),
        ]
    }
    plan = Plan(sections=[Section(name="s", activities=[kept, broken])])
    words = [
        Word("Paniamor-", 300, 110, 334, 118, 1, 8.0, False, None),
        Word("Programa", 337, 110, 375, 118, 1, 8.0, False, None),
    ]
    note = _line_end_doubt(
        "s:1.1.2", "responsible", "Paniamor-", "Programa", "Paniamor- Programa", "info", broken_page
    )
    pages = [PageContent(page, 792, 612, words if page == 1 else []) for page in (1, 2)]
    context = review_context(plan, pages)
    return [
        (f.check, f.activity_id, f.severity) for f in unprinted_compound_findings(context, [note])
    ]


def test_a_hyphen_line_end_read_apart_where_the_producer_keeps_the_two_together_is_doubted():
    """Random layouts 89-2, 89-7, 89-10, 90-10 (silent): 'Paniamor-Programa' broken after its
    hyphen, no space written, read 'Paniamor- Programa' with only a note, while another cell
    of the document opens a line with 'Paniamor- Programa' under a line ('Fundación') that
    had room for 'Paniamor-': its producer breaks no line after a hyphen's space, so the
    line end had none. A doubt there; a note where the line above had no room (nothing
    shown about the producer's breaks)."""
    assert _kept_and_broken_findings("Fundación", 340, 1, 378) == [
        ("hyphen_line_end", "s:1.1.2", "warning")
    ]
    assert _kept_and_broken_findings("Fundación Nacional", 360, 1, 378) == []


def test_room_for_a_hyphen_ended_word_is_what_the_column_prints_on_any_page_of_the_section():
    """Reportlab held-out 3333 `00`, 3535 `10` and random 116-11 (silent): 2.2.2 opens a line
    with 'Paniamor- Programa' under 'Fundación', and 4.1.6, on a later page, prints
    'Fundación Paniamor-' / 'Programa' with no space written, read 'Paniamor- Programa' (the
    truth: 'Paniamor-Programa'). 2.2.2's page prints no line in that column as wide as
    'Fundación Paniamor-'; 4.1.6's line is the column's room on every page of the section
    (3535 `10`: 632.60 pt needed, 632.60 pt printed, equal but for the rounding)."""
    # 341.05 + 3 + 34 = 378.05 pt needed: a line of 378 pt shows the room, one of 377 pt not
    assert _kept_and_broken_findings("Fundación", 341.05, 2, 378) == [
        ("hyphen_line_end", "s:1.1.2", "warning")
    ]
    assert _kept_and_broken_findings("Fundación", 341.05, 2, 377) == []


def test_a_hyphen_line_end_where_the_producer_keeps_compounds_whole_is_decided():
    """Held-out fpdf 3131 and 2929 (exact, each with an exact activity flagged): fpdf2
    breaks lines only at spaces, so 'Paniamor-' / 'Programa' with no space written is
    'Paniamor- Programa', but the stage's `info` doubt stayed among the findings. The page
    shows it: another cell opens a line with 'Personas-Explotación' under 'Trata de', which
    had room for 'Personas-'; the producer moved the compound whole. Read apart, the doubt
    is settled; read glued, it is wrong (a warning); with no such line, it stays a doubt."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends, unprinted_compound_findings

    def word(text: str, x0: float, x1: float, top: float) -> Word:
        return Word(text, x0, top, x1, top + 8, 1, 8.0, False, None)

    def review(above: str, above_x1: float, responsible: str) -> tuple[list, list]:
        kept = _activity("1.1.1", "1.1", "1", activity=f"{above} Personas-Explotación")
        kept.provenance = {
            "activity": [
                Piece(page=1, bbox=(300, 100, above_x1, 108), text=above),
                Piece(page=1, bbox=(300, 110, 390, 118), text="Personas-Explotación"),
            ]
        }
        broken = _activity("1.1.2", "1.1", "1")
        broken.responsible = responsible
        broken.provenance = {
            "responsible": [
                Piece(page=1, bbox=(300, 200, 378, 208), text="Fundación Paniamor-"),
                Piece(page=1, bbox=(300, 210, 370, 218), text="Programa Cultura."),
            ]
        }
        plan = Plan(sections=[Section(name="s", activities=[kept, broken])])
        words = [
            word("Personas-Explotación", 300, 390, 110),
            word("Fundación", 300, 338, 200),
            word("Paniamor-", 341, 378, 200),
            word("Programa", 300, 336, 210),
            word("Cultura.", 339, 370, 210),
        ]
        reading = " ".join(responsible.split()[1:-1])
        note = _line_end_doubt("s:1.1.2", "responsible", "Paniamor-", "Programa", reading, "info")
        context = review_context(plan, [PageContent(1, 792, 612, words)])
        settled = [(f.check, f.severity) for f in settled_line_ends(context, [note])]
        doubts = [(f.check, f.severity) for f in unprinted_compound_findings(context, [note])]
        return settled, doubts

    apart = "Fundación Paniamor- Programa Cultura."
    assert review("Trata de", 335, apart) == ([("line_end_settled", "info")], [])
    glued = "Fundación Paniamor-Programa Cultura."
    assert review("Trata de", 335, glued)[1] == [("hyphen_line_end", "warning")]
    # no room for 'Personas-' after 'Trata de la': the producer's breaks are not shown
    assert review("Trata de la", 352, apart)[0] == [("line_end_undecided", "info")]


def test_a_word_cut_past_its_hyphen_shows_the_producer_keeps_compounds_whole():
    """Held-out reportlab 4141 `00` (exact, needs_review by one warning): platypus breaks
    lines at spaces only and cuts a word wider than the line wherever the line is full, so
    4.1.6 prints `Fundación Pa` / `niamor-Progr` / `ama` (9 pt Courier-like, 5.4 pt a
    glyph, a column of 12). A producer that breaks after a hyphen would have broken after
    `niamor-`: this one does not, so 2.2.2's `Paniamor-` / `Programa`, a line with room to
    spare, broke at a space. Read apart, the doubt is settled; read glued, it is wrong; with
    the compound cut before its hyphen instead, the page shows nothing and the doubt stays."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends, unprinted_compound_findings

    glyph = 5.4

    def word(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, top, x0 + glyph * len(text), top + 9, 1, 9.0, False, None)

    def line(texts: list[str], top: float) -> tuple[Piece, list[Word]]:
        words, x = [], 300.0
        for text in texts:
            words.append(word(text, x, top))
            x = words[-1].x1 + glyph
        box = (300.0, top, words[-1].x1, top + 9)
        return Piece(page=1, bbox=box, text=" ".join(texts)), words

    def review(cut: list[list[str]], responsible: str) -> tuple[list, list]:
        kept = _activity("4.1.6", "4.1", "4")
        printed = [line(texts, 100 + 11 * i) for i, texts in enumerate(cut)]
        kept.responsible = "".join(p.text for p, _ in printed)
        kept.provenance = {"responsible": [p for p, _ in printed]}
        broken = _activity("2.2.2", "2.2", "2")
        broken.responsible = responsible
        lines = [line(["Fundación"], 200), line(["Paniamor-"], 211), line(["Programa"], 222)]
        broken.provenance = {"responsible": [p for p, _ in lines]}
        plan = Plan(sections=[Section(name="s", activities=[kept, broken])])
        words = [w for _, ws in printed + lines for w in ws]
        reading = " ".join(responsible.split()[1:])
        note = _line_end_doubt("s:2.2.2", "responsible", "Paniamor-", "Programa", reading, "info")
        context = review_context(plan, [PageContent(1, 792, 612, words)])
        settled = [(f.check, f.severity) for f in settled_line_ends(context, [note])]
        doubts = [(f.check, f.severity) for f in unprinted_compound_findings(context, [note])]
        return settled, doubts

    past = [["Fundación", "Pa"], ["niamor-Progr"], ["ama"]]
    apart, glued = "Fundación Paniamor- Programa", "Fundación Paniamor-Programa"
    assert review(past, apart) == ([("line_end_settled", "info")], [])
    assert review(past, glued)[1] == [("hyphen_line_end", "warning")]
    # a line short of full is no cut that had to be made there: the page shows nothing
    short = [["Fundación", "Pa"], ["niamor-Pro"], ["grama"]]
    assert review(short, apart) == (
        [("line_end_undecided", "info")],
        [("hyphen_line_end", "warning")],
    )


def _compound_line_end_review(left: str, right: str, reading: str) -> tuple[list, list]:
    """`settled_line_ends` and `unprinted_compound_findings` on one activity whose value
    prints `Trata de {left}` / `{right} Sexual.` (the stage's `info` note on that line end,
    read as `reading`), the compound printed nowhere else and no other cell to show the
    producer's breaks."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends, unprinted_compound_findings

    def word(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, top, x0 + 5 * len(text), top + 8, 1, 8.0, False, None)

    row = _activity("4.1.5", "4.1", "4", activity=f"Trata de {reading} Sexual.")
    above, below = f"Trata de {left}", f"{right} Sexual."
    row.provenance = {
        "activity": [
            Piece(page=1, bbox=(100, 100, 100 + 5 * len(above), 108), text=above),
            Piece(page=1, bbox=(100, 110, 100 + 5 * len(below), 118), text=below),
        ]
    }
    plan = Plan(sections=[Section(name="s", activities=[row])])
    words = [word("Trata", 100, 100), word("de", 130, 100), word(left, 145, 100)]
    words += [word(right, 100, 110), word("Sexual.", 100 + 5 * len(right) + 5, 110)]
    note = _line_end_doubt("s:4.1.5", "activity", left, right, reading, "info")
    context = review_context(plan, [PageContent(1, 792, 612, words)])
    settled = [(f.check, f.severity) for f in settled_line_ends(context, [note])]
    doubts = [(f.check, f.severity) for f in unprinted_compound_findings(context, [note])]
    return settled, doubts


def test_a_hyphen_line_end_of_two_words_of_the_lexicon_read_joined_is_a_note():
    """Judge 2 of the fifteenth round: six exact documents (html 4747 `07`, reportlab 4747
    `05` and `09`, weasy 4747 `07`, Word/HTML 1279 html `00` and `08`) needed review for one
    warning: 'Personas-' / 'Explotación' across a line end, no space written, the compound
    printed nowhere on one line, read 'Personas-Explotación' (right). Spanish writes a
    compound of two words with no space after its hyphen, and the lexicon knows both halves:
    the joined reading is the orthographic form, settled to a note. Read apart, or with a
    half the lexicon does not know ('Paniamor-'), it stays a doubt."""
    settled = [("line_end_settled", "info")]
    undecided, doubt = [("line_end_undecided", "info")], [("hyphen_line_end", "warning")]
    joined = _compound_line_end_review("Personas-", "Explotación", "Personas-Explotación")
    assert joined == (settled, [])
    apart = _compound_line_end_review("Personas-", "Explotación", "Personas- Explotación")
    assert apart == (undecided, doubt)
    named = _compound_line_end_review("Paniamor-", "Programa", "Paniamor-Programa")
    assert named == (undecided, doubt)


def test_a_word_cut_over_three_lines_is_settled_by_the_whole_word_the_document_prints():
    """Held-out reportlab 2424 `00` (exact, needs_review): a narrow column cut
    'interinstitucional' as 'in' / 'terinstituciona' / 'l', read right, but the stage's doubt
    on the last line end stayed a warning: 'terinstitucional' is no word. The joined reading
    is judged as the value's token that holds it, which the document prints whole; without
    that whole word elsewhere the doubt stays."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import settled_line_ends

    row = _activity("1.1.1", "1.1", "1", strategic_action="la articulación interinstitucional")
    row.provenance = {
        "strategic_action": [
            Piece(page=1, bbox=(100, 100, 160, 108), text="la articulación in"),
            Piece(page=1, bbox=(100, 110, 160, 118), text="terinstituciona"),
            Piece(page=1, bbox=(100, 120, 104, 128), text="l"),
        ]
    }
    plan = Plan(sections=[Section(name="s", activities=[row])])
    doubt = _line_end_doubt(
        "s:1.1.1", "strategic_action", "terinstituciona", "l", "terinstitucional"
    )

    def severity(line: list[str]) -> str:
        words = [
            Word(text, 300 + 80 * k, 400, 370 + 80 * k, 408, 1, 8.0, False, None)
            for k, text in enumerate(line)
        ]
        context = review_context(plan, [PageContent(1, 792, 612, words)])
        return settled_line_ends(context, [doubt])[0].severity

    assert severity(["Protocolo", "Interinstitucional", "para"]) == "info"
    assert severity(["Protocolo", "Nacional", "para"]) == "warning"


def test_a_hyphen_pushed_off_a_cut_word_binds_where_no_dash_stands_between_words():
    """Held-out docx 3131 `09` (exact, needs_review): LibreOffice cut `Paniamor-`, wider
    than a narrow column, right before its hyphen (`Paniamor` / `-` / `Programa`), read
    right, and doubted by the stage and as `glued_words` (the language reads `Paniamor`
    and `-` as two words). A document that prints no hyphen between two words of a cell
    parts no words with one: the hyphen binds to the word before. Where it prints a dash
    so (`Grupo - Uno`), the doubt stays. The hyphen's own line end writes its space, as
    there: where it writes no space fact, that line end stays open and so does the doubt
    (`test_a_hyphen_alone_on_its_line_settles_the_line_end_before_it_not_after`)."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import line_end_findings, settled_line_ends

    row = _activity("1.1.1", "1.1", "1")
    row.responsible = "Fundación Paniamor- Programa"
    row.provenance = {
        "responsible": [
            Piece(page=1, bbox=(100, 100, 135, 108), text="Fundación"),
            Piece(page=1, bbox=(100, 110, 136, 118), text="Paniamor"),
            Piece(page=1, bbox=(100, 120, 103, 128), text="-"),
            Piece(page=1, bbox=(100, 130, 136, 138), text="Programa"),
        ]
    }
    plan = Plan(sections=[Section(name="s", activities=[row])])
    doubt = _line_end_doubt("s:1.1.1", "responsible", "Paniamor", "-", "Paniamor-")

    def checks(line: list[tuple[str, float, float]]) -> list[tuple[str, str]]:
        words = [Word(text, x0, 400, x1, 408, 1, 8.0, False, None) for text, x0, x1 in line]
        words += [
            Word("Paniamor", 100, 110, 136, 118, 1, 8.0, False, None),
            Word("-", 100, 120, 103, 128, 1, 8.0, False, True),
        ]
        context = review_context(plan, [PageContent(1, 792, 612, words)], line_end_spaces=True)
        found = [*settled_line_ends(context, [doubt]), *line_end_findings(context)]
        return [(f.check, f.severity) for f in found]

    assert checks([("Grupo", 300, 330), ("Uno", 333, 350), ("Dos", 353, 370)]) == [
        ("line_end_settled", "info")
    ]
    doubted = checks([("Grupo", 300, 330), ("-", 333, 336), ("Uno", 339, 360)])
    assert ("line_end_undecided", "warning") in doubted


def test_a_running_header_reaching_into_the_next_column_is_no_line_of_a_cell() -> None:
    """Word 1059 `08` (exact, needs_review): the centred running header `CONACOES — Plan de
    Trabajo 2023` starts where the collaborators column's text does, a line above the first
    row, and runs on over the responsible column: no line of a collaborators cell. A line
    within the column is still doubted (a cell line taken for a running line)."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent
    from plan_extract.review import running_line_findings

    def row(number: str, page: int, tops: list[float]) -> Activity:
        activity = _activity(number, "4.1", "4")
        activity.provenance = {
            name: [
                Piece(page=page, bbox=(x0, top, x0 + 48.0, top + 7.5), text="Subcomisión de")
                for top in tops
            ]
            for name, x0 in (("collaborators", 341.3), ("responsible", 418.3))
        }
        return activity

    def found(header_x1: float) -> set[str | None]:
        plan = Plan(
            sections=[
                Section(
                    name="s",
                    activities=[row("4.1.5", 1, [560.0, 569.2]), row("4.1.6", 2, [28.8, 38.0])],
                )
            ],
            furniture=[
                FurnitureWord(
                    page=2,
                    bbox=(341.0, 13.8, header_x1, 21.3),
                    text="CONACOES — Plan de Trabajo 2023",
                    kind="running_header",
                )
            ],
        )
        pages = [PageContent(n, 792, 612, []) for n in (1, 2)]
        return {f.activity_id for f in running_line_findings(review_context(plan, pages))}

    assert found(451.2) == set()
    assert found(389.0) != set()


def test_a_full_line_without_its_space_is_a_cut_where_the_producer_keeps_full_lines_spaces():
    """Random 89-8 (exact, needs_review): `subcomision`, wider than its column, cut at the
    cell's edge with no space written (`subcomision` / `es`), read right, and doubted
    (`glued_words`) because the document prints both halves whole. Its producer writes the
    space after every full line that ends a word for sure: a full line without one ends
    inside a word. Where a full line after a comma lacks its space too (LibreOffice drops
    the space that does not fit), the doubt stays."""
    from plan_extract.pdf.reader import PageContent, Word

    cells = [["Coordinar,", "subcomision", "es de la red."]] + [["Talleres,", "charlas."]] * 3

    def found(dropped: bool) -> set[tuple[str, str | None]]:
        rows, words = [], []
        for k, lines in enumerate(cells):
            row = _activity(f"1.1.{k + 1}", "1.1", "1")
            row.activity = " ".join(lines).replace("subcomision es", "subcomisiones")
            row.provenance = {  # a number column's line ends with a stop, no text line beside
                "activity": [],
                "activity_number": [
                    Piece(page=1, bbox=(20, 100.0 + 40 * k, 34, 108.0 + 40 * k), text="1.1."),
                    Piece(page=1, bbox=(20, 110.0 + 40 * k, 28, 118.0 + 40 * k), text=f"{k + 1}."),
                ],
            }
            for i, text in enumerate(lines):
                top, right = 100.0 + 40 * k + 10 * i, 160.0 - k * 0.5 - i * 0.25
                row.provenance["activity"].append(
                    Piece(page=1, bbox=(100, top, right, top + 8), text=text)
                )
                space = text != "subcomision" and not (dropped and k == 1)
                words.append(Word(text, 100, top, right, top + 8, 1, 8.0, False, space))
            rows.append(row)
        words += [  # both halves printed whole in one cell: words a quarter em apart
            Word(text, 300 + 52 * i, 600, 350 + 52 * i, 608, 1, 8.0, False, True)
            for i, text in enumerate(["las", "subcomision", "de", "es", "la"])
        ]
        words += [
            Word("1.1.", 20, 100.0 + 40 * k, 34, 108.0 + 40 * k, 1, 8.0, False, True)
            for k in range(4)
        ]
        plan = Plan(sections=[Section(name="s", activities=rows)])
        context = review_context(plan, [PageContent(1, 792, 612, words)], line_end_spaces=True)
        return {(f.check, f.activity_id) for f in line_end_findings(context)}

    assert found(dropped=False) == set()
    assert ("glued_words", "s:1.1.1") in found(dropped=True)


def test_a_title_starting_where_one_columns_text_does_is_no_table_row() -> None:
    # Calc held-out 2392 `07` (gridlines, title rows in ruled cells over each section's
    # table): the title 'Plan de Trabajo 2023', one run, started where the collaborators'
    # text does; the column's left edge differs by under a point between two sections
    # (263.7 and 264.5), and both edges were counted, as two columns: the title was read as
    # a table row recorded as a title (an exact layout sent to review). A row prints runs
    # in two columns; one run counts once.
    from plan_extract.pdf.reader import Word
    from plan_extract.review.stray_words import _table_row_words

    starts = [47.4, 52.6, 194.1, 196.3, 263.7, 264.5, 322.7, 323.1]

    def run(text: str, x0: float, top: float) -> list[Word]:
        words, x = [], x0
        for part in text.split():
            words.append(Word(part, x, top, x + 5.0 * len(part), top + 9.0, 8, 9.0, False, True))
            x += 5.0 * len(part) + 2.3
        return words

    title = run("Plan de Trabajo 2023", 264.4, 57.5)
    assert _table_row_words(title, starts) == []
    row = run("Reuniones", 194.1, 200.0) + run("ST-CONACOES", 264.4, 200.0)
    assert _table_row_words(row, starts) == row


# --- cell words read as the header's or past the table's bottom (issue 11) ---------------------


def _cell(index: int, **pieces: list[Piece]) -> Activity:
    activity = _activity(f"1.1.{index}", "1.1", "1")
    activity.activity_id = f"s:{index}"
    activity.provenance = dict(pieces)
    return activity


def _header_words(page: int, *words: tuple[str, float, float]) -> list[FurnitureWord]:
    """Column header records of section "s" on `page`: (text, x0, top), 40 x 9 pt each."""
    return [
        FurnitureWord(
            page=page,
            bbox=(x, top, x + 40, top + 9),
            text=text,
            kind="column_header",
            section="s",
        )
        for text, x, top in words
    ]


def test_header_words_the_other_pages_do_not_print_are_doubted_on_the_cell_under_them() -> None:
    """Weasy 3401 `06`: a merged objective's first line on page 3 overflowed over the header's
    bottom rule and was read as header words ("mediante las"); the accounting added up and
    nothing was doubted. The header's labels repeat on each page; the odd page's extra words
    are doubted on the cell printed first under them in their column."""
    from plan_extract.review import header_word_findings

    labels = (("Objetivos", 160.0, 108.0), ("Actividades", 350.0, 108.0))
    objective = [Piece(page=3, bbox=(157, 135, 254, 144), text="herramientas tecnológicas")]
    rows = [
        _cell(
            1,
            objective=objective,
            activity=[Piece(page=3, bbox=(302, 135, 450, 144), text="Realizar talleres.")],
        ),
        _cell(
            2,
            objective=objective,
            activity=[Piece(page=3, bbox=(302, 160, 450, 169), text="Realizar foros.")],
        ),
    ]

    def found(odd: tuple[tuple[str, float, float], ...]) -> set[tuple]:
        furniture = [w for page in (1, 2, 4) for w in _header_words(page, *labels)]
        furniture += _header_words(3, *labels, *odd)
        plan = Plan(sections=[Section(name="s", activities=rows)], furniture=furniture)
        return {
            (f.activity_id, f.field, f.page, f.severity)
            for f in header_word_findings(review_context(plan, []))
        }

    assert found(()) == set()
    overflow = (("mediante", 157.0, 80.6), ("las", 199.0, 80.6))
    assert found(overflow) == {("s:1", "objective", 3, "warning")}


def test_a_label_cells_next_line_the_other_pages_headers_clip_is_not_doubted() -> None:
    """Word/HTML 1079 docx `07`: Writer repeats the header row with less height than its
    labels need and clips it at its bottom rule: each section's first page prints
    'colaborado' / 'ras', its other pages 'colaborado' alone, nothing under it. 'ras' is the
    label cell's next line, not a cell's line set over the header (three false warnings on
    exact activities). A word the other pages print under 'colaborado' still tells an odd
    line under it."""
    from plan_extract.review import header_word_findings

    labels = (("Instituciones", 360.0, 100.0), ("colaborado", 360.0, 111.3))
    rows = [_cell(1, activity=[Piece(page=1, bbox=(302, 135, 450, 144), text="Realizar.")])]

    def found(first: tuple, rest: tuple) -> set[tuple]:
        furniture = _header_words(1, *first)
        furniture += [w for page in (2, 3, 4) for w in _header_words(page, *rest)]
        plan = Plan(sections=[Section(name="s", activities=rows)], furniture=furniture)
        return {(f.page, f.severity) for f in header_word_findings(review_context(plan, []))}

    rest = (("ras", 380.0, 122.6),)
    assert found(labels + rest, labels) == set()
    # The other pages print a line under 'colaborado': their header is not cut there.
    assert found(labels + rest, (*labels, ("de", 370.0, 122.6))) == {(1, "warning")}


def test_a_cell_line_past_the_tables_bottom_read_as_a_title_is_doubted() -> None:
    """Weasy 3401 `06` page 7: the collaborator "UNICEF" of the row the page break pushed to
    page 8, printed alone under page 7's last row (its top 8 pt under that row's last line, a
    9 pt line), past the table's found bottom, was recorded as a title: in no field, and the
    accounting added up. A preamble line starting where a column's text does, a line from a
    value line, is a table row's, doubted on the row (of the last one and the next) whose
    cell in its column is empty, on both when that does not tell; a title set further down
    is not."""
    from plan_extract.models import FurnitureWord
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import past_table_findings, table_rows_in_furniture

    def row(index: int, page: int, top: float, collaborators: str) -> Activity:
        pieces = [Piece(page=page, bbox=(456.6, top, 490, top + 9), text=collaborators)]
        activity = _cell(
            index,
            activity=[Piece(page=page, bbox=(302, top, 450, top + 9), text="Realizar.")],
            collaborators=pieces if collaborators else [],
        )
        activity.collaborators = collaborators
        return activity

    def found(top: float, last: str) -> tuple[list[str], set[tuple]]:
        rows = [row(1, 1, 500.0, "PANI"), row(2, 1, 520.0, "PANI"), row(3, 2, 100.0, last)]
        rows[1].provenance["target"] = [Piece(page=1, bbox=(776, 539.2, 800, 548.2), text="2024.")]
        word = Word("UNICEF", 456.6, top, 490.1, top + 9, 1, 9.0, False, True)
        page = PageContent(number=1, width=990, height=612, words=[word])
        title = FurnitureWord(page=1, bbox=word.bbox, text="UNICEF", kind="title", section="s")
        plan = Plan(sections=[Section(name="s", activities=rows)], furniture=[title])
        context = review_context(plan, [page])
        misplaced = table_rows_in_furniture(context)
        findings = past_table_findings(context, misplaced)
        return [w.text for w in misplaced], {(f.activity_id, f.field) for f in findings}

    assert found(556.3, "") == (["UNICEF"], {("s:3", "collaborators")})
    both = {("s:2", "collaborators"), ("s:3", "collaborators")}
    assert found(556.3, "MEP") == (["UNICEF"], both)
    assert found(580.0, "") == ([], set())


def test_a_split_word_at_a_line_end_the_producer_chose_is_no_doubt() -> None:
    """Word/HTML 1109 docx `03` (exact values, four activities flagged): a column 32 pt wide
    prints `Sub` / `Comisió` / `n de`, read `Sub Comisión de`, right, while another cell
    prints `SubComisión` whole. `inner_split_findings` doubted the pair on the vocabulary
    alone, but the line `Sub` ends 18 pt short of its column: a producer cuts a word only
    where it is wider than the line, and a cut fills the line (`_chosen_break`). There the
    line end was a space. Where the line is full, the doubt stays."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import inner_split_findings

    def word(text: str, x0: float, x1: float, top: float) -> Word:
        return Word(text, x0, top, x1, top + 9, 1, 9.0, False, None)

    def doubted(sub_x1: float) -> list[tuple[str, str | None, str | None]]:
        activity = _activity("1.1.1", "1.1", "1")
        activity.responsible = "Sub Comisión de Atención"
        activity.provenance = {
            "responsible": [
                Piece(page=1, bbox=(317, 100, sub_x1, 109), text="Sub"),
                Piece(page=1, bbox=(317, 112, 347.5, 121), text="Comisió"),
                Piece(page=1, bbox=(317, 124, 349.3, 133), text="n de"),
                Piece(page=1, bbox=(317, 136, 349.0, 145), text="Atención"),
            ]
        }
        plan = Plan(sections=[Section(name="s", activities=[activity])])
        words = [
            word("Sub", sub_x1 - 14, sub_x1, 100),
            word("Comisió", 317, 347.5, 112),
            word("n", 317, 321.5, 124),
            word("de", 340, 349.3, 124),
            word("Atención", 317, 349.0, 136),
            # another cell prints the compound whole, between two words of its line
            word("la", 100, 108, 300),
            word("SubComisión", 111, 160, 300),
            word("de", 163, 172, 300),
        ]
        context = review_context(plan, [PageContent(1, 792, 612, words)])
        return [(f.check, f.activity_id, f.field) for f in inner_split_findings(context)]

    assert doubted(331.0) == []  # 18 pt (2 em) to spare after 'Sub': a chosen break
    assert doubted(349.0) == [("split_word", "s:1.1.1", "responsible")]  # a full line


def test_a_word_cut_at_two_places_settles_each_glued_line_end() -> None:
    """Held-out docx 2727 `11` (exact, one activity flagged): `sistemat` / `ice` in one
    column and `sistematic` / `e` in the next, both read `sistematice`, right. The language
    reads `sistemat` / `ice` as two words (`sistematice` is no word it knows), so the join
    was doubted (`glued_words`). But the next column prints `sistematic` on one line: the
    letters on both sides of the first cut stand in one word, so no space was there. Here
    `con` / `tenido` (both printed whole in a cell) is settled by another cell's `conte` /
    `nido`; the same cut twice settles nothing."""
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.review import line_end_findings

    def line(y: float, *placed: tuple[str, float, float]) -> list[Word]:
        return [Word(t, x0, y, x1, y + 8, 1, 8.0, False, None) for t, x0, x1 in placed]

    page = PageContent(
        1,
        600,
        800,
        [
            *line(300, ("a", 10, 15), ("con", 19, 34), ("la", 38, 46)),
            *line(320, ("el", 10, 18), ("tenido", 22, 50), ("y", 54, 59)),
        ],
    )

    def found(other: tuple[str, str]) -> set[tuple[str, str | None, str | None]]:
        cut = _activity("1.1.1", "1.1", "1", collaborators="contenido")
        cut.provenance = {
            "collaborators": [
                Piece(page=1, bbox=(100, 10, 115, 18), text="con"),
                Piece(page=1, bbox=(100, 20, 128, 28), text="tenido"),
            ]
        }
        elsewhere = _activity("1.1.2", "1.1", "1", collaborators="contenido")
        elsewhere.provenance = {
            "collaborators": [
                Piece(page=1, bbox=(100, 50, 123, 58), text=other[0]),
                Piece(page=1, bbox=(100, 60, 120, 68), text=other[1]),
            ]
        }
        plan = Plan(sections=[Section(name="s", activities=[cut, elsewhere])])
        context = review_context(plan, [page], line_end_spaces=False)
        return {(f.check, f.activity_id, f.field) for f in line_end_findings(context)}

    assert found(("conte", "nido")) == set()
    doubt = ("glued_words", "s:1.1.1", "collaborators")
    assert found(("con", "tenido")) == {doubt, ("glued_words", "s:1.1.2", "collaborators")}


def test_line_end_finds_the_word_an_index_of_every_word_finds() -> None:
    """`ReviewContext.line_end` (each page's words by text, `WordsByText`, the right edges
    rounded only for the text asked) answers as the index of every word by (page, right edge
    rounded to 0.01 pt, text) that it replaced: the same word, the last one read where
    several of one page and text end at one rounded edge, none where no word does. Seeded
    words on two pages: repeated texts, right edges a rounding apart."""
    import random

    from plan_extract.pdf.reader import PageContent, Word

    rng = random.Random(11)
    texts = ["de", "la", "y", "Programa", "ESC."]
    edges = [100.0, 100.004, 100.006, 250.5, 250.499, 250.51]
    pages = [
        PageContent(
            number,
            792,
            612,
            [
                Word(rng.choice(texts), x1 - 20, top, x1, top + 9, number, 9.0, False, True)
                for _ in range(300)
                for x1 in [rng.choice(edges)]
                for top in [rng.randrange(0, 60) * 12.5]
            ],
        )
        for number in (1, 2)
    ]
    every = {(w.page, round(w.x1, 2), w.text): w for page in pages for w in page.words}
    context = review_context(Plan(sections=[]), pages)
    for number in (1, 2, 3):
        for x1 in [*edges, 99.0]:
            for text in [*texts, "sensibilización"]:
                piece = Piece(page=number, bbox=(80.0, 0.0, x1, 9.0), text=f"… {text}")
                assert context.line_end(piece, text) is every.get((number, round(x1, 2), text))


def test_a_merged_text_that_fills_its_rows_does_not_tell_how_the_document_sets_them() -> None:
    """Calc 4810 `00` (merged cells centred in their rows, `span_valign='center'`): the
    centred texts stop short of both edges of their rows' texts by unequal amounts (a row
    is as tall as its tallest cell, not its text), so none tells; a text as tall as its rows
    (Calc stretches the last row to fit it) ends level with the last row's text and starts
    a line and a half below the first's. That one cell read as bottom-set, the document
    as setting merged cells against their rows' bottom, and a centred action's last row,
    below its text, was doubted (`row_between_cells`) on an exact document. A text within
    `PARENT_FIT_LINES` of both edges of its rows fills them: it tells no setting."""

    def row(number: str, top: float, cell: tuple[float, float]) -> Activity:
        return _placed_row(number, top, cell, cell)

    filled = (115, 170)  # 1.5 lines under the first row's top, level with the last's bottom
    centred = (230, 260)  # 5 lines under the first row's top, 3.5 over the last's bottom
    rows = [
        row("1.1.1", 100, filled),
        row("1.1.2", 140, filled),
        row("2.1.1", 180, centred),
        row("2.1.2", 220, centred),
        row("2.1.3", 265, centred),  # below its action's centred text, above the next's
        row("3.1.1", 300, (320, 360)),  # 2 lines under, 5 over
        row("3.1.2", 340, (320, 360)),
        row("3.1.3", 380, (320, 360)),
    ]
    from plan_extract.review import row_between_cells_findings

    plan = Plan(sections=[Section(name="s", activities=rows)])
    assert row_between_cells_findings(review_context(plan, [])) == []


def test_texts_level_with_their_page_s_last_row_where_a_page_break_cuts_them_set_nothing() -> None:
    """Calc 4820 `00` (merged cells centred in the whole cell, `span_valign='center'`): a
    cell whose rows run onto the next page has its text in its middle, which can be level
    with the last row of the page it is printed on. Three such cells read as bottom-set,
    the document as setting its merged cells against their rows' bottom, and a row between
    a centred cell's text and the next one's was doubted (`row_between_cells`) on an exact
    document. `SPAN_ALIGN_WHOLE_CELLS` of the agreeing cells must be cells no page break
    cuts: these rows tell nothing of their cells' last rows."""

    def row(number: str, page: int, top: float, cell: tuple[float, float], text_page: int):
        return _placed_row(number, top, cell, cell, page, text_page)

    level = (130, 170)  # 3 lines under the first row's top, level with the page's last row
    rows = [
        row("1.1.1", 1, 100, level, 1),
        row("1.1.2", 1, 140, level, 1),
        row("1.1.3", 2, 40, level, 1),  # the cell goes on over the next page's first row
        row("2.1.1", 2, 100, level, 2),
        row("2.1.2", 2, 140, level, 2),
        row("2.1.3", 3, 40, level, 2),
        row("3.1.1", 4, 100, (115, 145), 4),  # centred: 1.5 lines under, 6.5 over
        row("3.1.2", 4, 140, (115, 145), 4),
        row("3.1.3", 4, 180, (115, 145), 4),  # below its cell's text, above the next's
        row("4.1.1", 4, 220, (235, 255), 4),  # 1.5 lines under, 3.5 over
        row("4.1.2", 4, 260, (235, 255), 4),
    ]
    from plan_extract.review import row_between_cells_findings

    plan = Plan(sections=[Section(name="s", activities=rows)])
    assert row_between_cells_findings(review_context(plan, [])) == []
