"""Tidy tables, their CSV/XLSX/Parquet files, the JSON Schema and the schema/export commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import PLANS, TRUTH_2023, TRUTH_2024, require_module

import plan_extract
from plan_extract.cli import main
from plan_extract.commands.schema import json_schema
from plan_extract.enrich import activity_hash, enrich, section_slug
from plan_extract.models import Activity, Plan, Section
from plan_extract.tidy_export import (
    COLUMNS,
    plan_frames,
    read_csv,
    read_parquet,
    read_xlsx,
    write_csv,
    write_parquet,
    write_tables,
    write_xlsx,
)


def _truth(path: Path) -> Plan:
    return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return plan_frames(_truth(TRUTH_2023))


def _assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert list(left) == list(right) == list(COLUMNS)
    for name in COLUMNS:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True)


def test_tables_shape_and_keys(frames: dict[str, pd.DataFrame]) -> None:
    assert {name: frame.shape for name, frame in frames.items()} == {
        "activities": (40, 15),
        "targets": (41, 16),
        "indicators": (43, 3),
        "institutions": (97, 9),
    }
    ids = frames["activities"]["activity_id"]
    assert ids.is_unique
    for name in ("targets", "indicators", "institutions"):
        assert set(frames[name]["activity_id"]) <= set(ids)
    for name, columns in COLUMNS.items():
        assert {c: str(t) for c, t in frames[name].dtypes.items()} == columns


def test_table_values(frames: dict[str, pd.DataFrame]) -> None:
    targets = frames["targets"]
    attention = targets[targets["activity_id"].str.startswith("subcomision-de-atencion")]
    first = attention[attention["activity_id"] == attention["activity_id"].iloc[0]]
    assert first[["target_index", "comparator", "quantity", "unit", "percent"]].to_dict(
        "records"
    ) == [
        {
            "target_index": 1,
            "comparator": "at_least",
            "quantity": 10,
            "unit": "sesiones de trabajo",
            "percent": None,
        },
        {
            "target_index": 2,
            "comparator": "percent",
            "quantity": None,
            "unit": "asistencia",
            "percent": 80.0,
        },
    ]
    assert first["deadline_due"].iloc[0] == pd.Timestamp("2023-12-31")
    assert pd.isna(first["deadline_due"].iloc[1])
    institutions = frames["institutions"]
    unknown = institutions[~institutions["known"]]
    assert unknown["text"].tolist() == ["Consejo Participativo", "Consejo Participativo"]
    row = institutions[institutions["institution_id"] == "MREC"].iloc[0]
    assert (row["role"], row["name"]) == (
        "responsible",
        "Ministerio de Relaciones Exteriores y Culto",
    )


def test_activity_ids_are_stable_across_a_year_rollover() -> None:
    old = {a.activity_id for _, a in enrich(_truth(TRUTH_2023)).activities()}
    new = [a for _, a in enrich(_truth(TRUTH_2024)).activities()]
    assert all(re.fullmatch(r"[a-z0-9-]+:(\d+(\.\d+)*|-):[0-9a-f]{6}", a.activity_id) for a in new)
    moved = [(a.activity_number, a.activity[:30]) for a in new if a.activity_id not in old]
    # expected-diff-from-2023.json: two activities added, Ecompa renumbered 4.1.6 -> 4.1.7
    assert moved == [
        ("2.3.10", "Elaborar una guía práctica par"),
        ("4.1.7", "Desarrollar Módulo “Ecompa” co"),
        (None, "Campaña de divulgación del dir"),
    ]


def test_activity_id_parts() -> None:
    section = Section(name="Subcomisión de Atención Integral a la Víctima")
    assert section_slug(section.name) == "subcomision-de-atencion-integral-a-la-victima"
    assert activity_hash("Informe  2023") == activity_hash("informe 2024")
    assert activity_hash("Informe 2023") != activity_hash("Informe 2023 final")
    twins = [Activity(activity_number="1.1.1", activity="Igual"), Activity(activity="Igual")]
    plan = enrich(Plan(sections=[section.model_copy(update={"activities": twins * 2})]))
    slug = section_slug(section.name)
    h = activity_hash("Igual")
    assert [a.activity_id for _, a in plan.activities()] == [
        f"{slug}:1.1.1:{h}",
        f"{slug}:-:{h}",
        f"{slug}:1.1.1:{h}-2",
        f"{slug}:-:{h}-2",
    ]


def test_enrich_is_idempotent_and_to_frames_delegates() -> None:
    plan = _truth(TRUTH_2024)
    once = enrich(plan)
    assert enrich(once) == once
    assert plan.activities()[0][1].targets == []  # the input is not modified
    _assert_same(plan_extract.to_frames(plan), plan_frames(once))


def test_enrich_warnings_are_typed_and_old_string_warnings_still_load() -> None:
    """Each warning names its stage, code, section and activity; a JSON written before the
    warnings were typed (plain strings) still loads, for `diff` against last year."""
    plan = enrich(_truth(TRUTH_2023))
    unknown = [w for w in plan.warnings if w.code == "unknown_institution"]
    assert unknown, "the 2023 plan names institutions the gazetteer does not hold"
    first = unknown[0]
    assert first.stage == "enrich"
    section, activity = next(
        (s, a) for s, a in plan.activities() if a.activity_id == first.activity_id
    )
    assert first.section == section.name
    assert first.page == (activity.pages[0] if activity.pages else None)  # the truth has none
    assert str(first) == f"enrich: {first.message}"
    assert len(plan.warnings) == len(set(map(str, plan.warnings)))  # once each
    old = json.loads(plan.model_dump_json())
    old["warnings"] = [str(w) for w in plan.warnings]
    loaded = Plan.model_validate(old)
    assert [(w.stage, w.code, w.message) for w in loaded.warnings] == [
        ("unknown", "untyped", str(w)) for w in plan.warnings
    ]


def test_xlsx_opens_with_openpyxl_and_round_trips(
    frames: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    path = write_xlsx(frames, tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == list(COLUMNS)
    for name, columns in COLUMNS.items():
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert [cell.value for cell in sheet[1]] == list(columns)
        assert sheet.max_row == len(frames[name]) + 1
    _assert_same(read_xlsx(path), frames)


def test_csv_and_parquet_round_trip(frames: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    write_csv(frames, tmp_path / "csv")
    write_parquet(frames, tmp_path / "parquet")
    _assert_same(read_csv(tmp_path / "csv"), frames)
    _assert_same(read_parquet(tmp_path / "parquet"), frames)


def test_hostile_text_and_an_empty_plan_round_trip(tmp_path: Path) -> None:
    activity = Activity(
        activity='=HYPERLINK("x")', target="Al menos 2 talleres, 3; 4", pages=[3, 4]
    )
    plans = [Plan(), Plan(sections=[Section(name="S", activities=[activity])])]
    for i, plan in enumerate(plans):
        frames = plan_frames(plan)
        path = write_xlsx(frames, tmp_path / f"{i}.xlsx")
        _assert_same(read_xlsx(path), frames)
        write_csv(frames, tmp_path / str(i))
        _assert_same(read_csv(tmp_path / str(i)), frames)
    cell = openpyxl.load_workbook(tmp_path / "1.xlsx")["activities"]["I2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


def test_json_output_validates_against_the_exported_schema() -> None:
    jsonschema = require_module("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in (TRUTH_2023, TRUTH_2024):
        plan = enrich(_truth(path))
        jsonschema.validate(json.loads(plan.model_dump_json()), schema)
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    broken = json.loads(enrich(_truth(TRUTH_2023)).model_dump_json())
    broken["sections"][0]["activities"][0]["targets"][0]["comparator"] = "roughly"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_extracted_pdf_validates_against_the_exported_schema() -> None:
    jsonschema = require_module("jsonschema")
    plan = enrich(plan_extract.extract(str(PLANS / "conacoes-2023" / "plan.pdf")))
    jsonschema.validate(json.loads(plan.model_dump_json()), json_schema())


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json_schema()
    targets = printed["$defs"]["Activity"]["properties"]["targets"]
    assert targets["items"] == {"$ref": "#/$defs/Commitment"}


def test_export_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", str(TRUTH_2023), "--out", str(tmp_path), "--format", "xlsx,csv,json"])
    assert code == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")) == [
        "truth.json",
        "truth.xlsx",
        "truth/activities.csv",
        "truth/indicators.csv",
        "truth/institutions.csv",
        "truth/targets.csv",
    ]
    assert "'Consejo Participativo'" in capsys.readouterr().err
    saved = Plan.model_validate_json((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert saved == enrich(_truth(TRUTH_2023))
    _assert_same(read_xlsx(tmp_path / "truth.xlsx"), plan_frames(saved))
    assert main(["export", str(tmp_path / "missing.json"), "--out", str(tmp_path)]) == 1


def test_write_tables_refuses_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_tables(Plan(), tmp_path, "x", ["xls"])
