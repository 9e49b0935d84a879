"""Transcription audit: a hand-typed sheet against the plan, cell by cell."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import DATA, TRUTH_2023
from openpyxl import Workbook
from plan_cases import extracted, same_case

from plan_extract.cli import main
from plan_extract.models import Plan
from plan_extract.transcription import (
    audit_transcription,
    parse_column_map,
    read_sheet,
)

TRUTH_CSV = DATA / "plans" / "conacoes-2023" / "truth.csv"
FIVE_EDITS = DATA / "transcription-2023-five-edits.csv"

# The five cells changed in FIVE_EDITS: (sheet row, field, as printed, as typed).
POLICE = "Al menos {} capacitaciones dirigidas a los cuerpos policiales, al cuarto trimestre 2023."
WORKSHOPS = "Al menos tres talleres de sensibilización desarrollados, al cuarto trimestre {}."
EDITS = {
    (8, "responsible", "Grupo Warnath", "Grupo Warnat"),
    (15, "target", POLICE.format("seis"), POLICE.format("seiz")),
    (19, "target", WORKSHOPS.format(2022), WORKSHOPS.format(2023)),
    (24, "activity_number", "4.1.4", "4.1.5"),
    (41, "verification", "", "Minutas de las sesiones 2023"),
}


def load(path: Path) -> Plan:
    return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))


def cells(report) -> set[tuple]:
    return {(d.row, d.field, d.pdf, d.sheet) for d in report.differences}


def truth_rows() -> list[dict[str, str]]:
    with TRUTH_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_five_edited_cells_are_exactly_the_differences() -> None:
    report = audit_transcription(load(TRUTH_2023), read_sheet(FIVE_EDITS))
    assert cells(report) == EDITS
    assert report.rows_compared == 40 and report.cells_compared == 40 * 12
    assert report.missing == [] and report.extra == []
    by_field = {d.field: d for d in report.differences if d.field != "target"}
    assert by_field["activity_number"].activity.startswith("Desarrollar el Módulo “Masculinidades")
    words = [w.to_dict() for w in by_field["responsible"].words if w.op != "equal"]
    assert words == [{"op": "replace", "old": "Warnath", "new": "Warnat"}]


def test_faithful_sheet_has_no_differences() -> None:
    report = audit_transcription(load(TRUTH_2023), read_sheet(TRUTH_CSV))
    assert report.differences == [] and report.missing == [] and report.extra == []


def test_missing_extra_and_reordered_rows_do_not_shift_the_comparison(tmp_path: Path) -> None:
    rows = truth_rows()
    rows[3], rows[4] = rows[4], rows[3]  # re-sorted
    dropped = rows.pop(10)
    rows.insert(20, {**rows[0], "activity": "Fila de notas que no es una actividad.", "target": ""})
    rows[30]["indicator"] = rows[30]["indicator"] + " (sic)"
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = audit_transcription(load(TRUTH_2023), read_sheet(path))
    assert [(d.row, d.field) for d in report.differences] == [(32, "indicator")]
    assert [m["activity"] for m in report.missing] == [dropped["activity"]]
    assert [e["row"] for e in report.extra] == [22]


def test_xlsx_with_spanish_headers_mapped_by_columns(tmp_path: Path) -> None:
    spanish = {
        "section": "Subcomisión",
        "activity_number": "N.º",
        "activity": "Actividad",
        "responsible": "Responsable",
        "target": "Meta",
    }
    workbook = Workbook()
    workbook.active.title = "Notas"
    workbook.active.append(["Transcripción del plan, ver hoja Plan"])
    sheet = workbook.create_sheet("Plan")
    sheet.append([])  # blank rows above the header are skipped
    sheet.append(list(spanish.values()))
    for i, r in enumerate(truth_rows()):
        values = [r[f] for f in spanish]
        if i == 1:
            values[4] = values[4].replace("segundo", "tercer")
        sheet.append(values)
    path = tmp_path / "sheet.xlsx"
    workbook.save(path)
    mapping = parse_column_map("Subcomisión=section,N.º=activity_number,Actividad=activity,"
                               "Responsable=responsible,Meta=target")  # fmt: skip
    report = audit_transcription(load(TRUTH_2023), read_sheet(path, mapping, "Plan"))
    assert report.fields == list(spanish)
    assert report.cells_compared == 40 * 5
    # row 1 blank, row 2 header, the second activity on row 4
    assert [(d.row, d.column, d.field) for d in report.differences] == [(4, "Meta", "target")]
    assert [(w.old, w.new) for w in report.differences[0].words if w.op != "equal"] == [
        ("segundo", "tercer")
    ]


def test_semicolon_csv_and_header_spelling(tmp_path: Path) -> None:
    rows = truth_rows()
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Section", "Activity Number", "Activity", "Pages"])
        for r in rows:
            writer.writerow([r["section"], r["activity_number"], r["activity"], "1"])
    sheet = read_sheet(path)
    assert list(sheet.columns) == ["section", "activity_number", "activity"]
    assert sheet.ignored_columns == ["Pages"]
    assert audit_transcription(load(TRUTH_2023), sheet).differences == []


def test_bad_column_map_and_sheet_without_activity(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not one of"):
        parse_column_map("Meta=goal")
    path = tmp_path / "sheet.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no 'activity' column"):
        read_sheet(path)


@same_case("plan-2023")  # the plan's group: extracted once (plan_cases)
def test_differences_name_the_pdf_page() -> None:
    plan = extracted("plan-2023")
    report = audit_transcription(plan, read_sheet(FIVE_EDITS))
    assert cells(report) == EDITS
    activities = {a.activity: a for _, a in plan.activities()}
    for d in report.differences:
        assert d.page is not None and d.page in activities[d.activity].pages


def test_cli_transcription_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(TRUTH_2023), str(FIVE_EDITS), "--out", str(tmp_path)]) == 0
    assert "5 of 480 cells differ" in capsys.readouterr().out
    data = json.loads((tmp_path / "transcription.json").read_text(encoding="utf-8"))
    assert data["summary"]["cells_different"] == 5
    assert {(d["row"], d["field"]) for d in data["differences"]} == {(r, f) for r, f, _, _ in EDITS}
    with (tmp_path / "transcription.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 5
    md = (tmp_path / "transcription.md").read_text(encoding="utf-8")
    assert "Grupo ~~Warnath~~ **Warnat**" in md
