"""Anomaly audit: every anomaly NOTES.md lists for the 2023 plan, and nothing on ordinary rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TRUTH_2023, TRUTH_2024
from plan_cases import extracted, same_case

from plan_extract.audit import (
    Finding,
    audit_plan,
    deadline_years,
    has_quantity,
    has_time,
    parse_spanish_dates,
)
from plan_extract.cli import main
from plan_extract.models import Activity, Document, Plan, Section, Signature

PROMO = "Subcomisión de Promoción y Prevención"
ATENCION = "Subcomisión de Atención Integral a la Víctima"
DEFENSA = "Subcomisión de Defensa y Protección de Derechos"


def load(path: Path) -> Plan:
    return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))


def keys(findings: list[Finding], *severities: str) -> set[tuple]:
    return {
        (f.check, f.section, f.activity_number, f.field)
        for f in findings
        if not severities or f.severity in severities
    }


# Every anomaly NOTES.md lists for the 2023 plan (errors and warnings)...
EXPECTED_2023 = {
    ("duplicate_number", PROMO, "4.1.6", "activity_number"),
    ("stale_deadline", PROMO, "3.1.2", "target"),
    ("stale_deadline", PROMO, "3.1.3", "target"),
    ("numbering_gap", DEFENSA, "2.1.2", "activity_number"),
    ("numbering_gap", DEFENSA, "2.2.2", "activity_number"),
    ("empty_field", DEFENSA, "3.2.2", "responsible"),
    ("empty_field", DEFENSA, "3.2.2", "verification"),
    ("signature_before_approval", PROMO, None, "signature"),
    ("signature_before_approval", ATENCION, None, "signature"),
}
# ...and the notes: the empty collaborators, the unclosed quote and parentheses, the unsigned
# section.
EXPECTED_2023_INFO = {
    ("empty_field", DEFENSA, "3.2.2", "collaborators"),
    ("unbalanced_brackets", PROMO, "2.2.2", "responsible"),
    ("unbalanced_brackets", PROMO, "2.3.3", "indicator"),
    ("unbalanced_brackets", PROMO, "2.3.3", "target"),
    ("unsigned_section", DEFENSA, None, "signature"),
}


def test_2023_audit_reports_every_noted_anomaly_and_nothing_else() -> None:
    findings = audit_plan(load(TRUTH_2023))
    assert keys(findings, "error", "warning") == EXPECTED_2023
    assert keys(findings, "info") == EXPECTED_2023_INFO
    assert len(findings) == len(EXPECTED_2023) + len(EXPECTED_2023_INFO)


def test_2023_findings_say_what_is_wrong() -> None:
    findings = audit_plan(load(TRUTH_2023))
    by_key = {(f.check, f.activity_number, f.field): f for f in findings}
    duplicate = by_key[("duplicate_number", "4.1.6", "activity_number")]
    assert duplicate.severity == "error"
    assert duplicate.activity.startswith("Desarrollar Módulo “Ecompa”")  # the second one
    assert "row 25" in duplicate.message
    stale = by_key[("stale_deadline", "3.1.3", "target")]
    assert "2022" in stale.message and "2023" in stale.message
    gap = by_key[("numbering_gap", "2.1.2", "activity_number")]
    assert "2.1.1 missing" in gap.message
    signature = next(f for f in findings if f.check == "signature_before_approval")
    assert "2023-02-27" in signature.message and "2023-11-14" in signature.message
    assert "260 days" in signature.message


def test_data_years_are_not_deadlines() -> None:
    # The 2023 plan's intended past years: data about 2022, a compendium from 2021 to 2022.
    assert deadline_years("Documento de incidencia de ESCNNA para el año 2022.") == []
    assert (
        deadline_years("Conocer la información sobre incidencia de ESCNNA para el año 2022") == []
    )
    assert deadline_years("Minutas de las sesiones 2023") == []
    # Deadline phrases as plans print them.
    assert deadline_years("Al menos tres talleres, al cuarto trimestre 2022.") == [2022]
    assert deadline_years("Que al 31 de diciembre del 2023 se hayan realizado") == [2023]
    assert deadline_years("En el primer semestre del 2023 contar con el mapeo") == [2023]
    assert deadline_years("10 sesiones al finalizar el último trimestre del 2023.") == [2023]
    assert deadline_years("Mínimo 10 sesiones de trabajo al finalizar el 2023.") == [2023]
    assert deadline_years("sesiones realizadas durante el 2023.") == [2023]
    assert deadline_years("Un documento en segundo trimestre de 2023 con número") == [2023]
    assert deadline_years("a más tardar en diciembre de 2021") == [2021]


def test_quantity_and_time_vocabulary() -> None:
    assert has_quantity("Al menos 2 talleres") and has_quantity("Un documento consolidado")
    assert has_quantity("Contar con el 80% de asistencia") and has_quantity("tres CCP")
    assert not has_quantity("Sensibilizar a la población sobre la ESCNNA.")
    assert has_time("Una campaña nacional anual") and has_time("14 sesiones al año")
    assert not has_time("Fortalecer la articulación interinstitucional.")
    assert parse_spanish_dates("Sesión 04-2023 del 14 de noviembre de 2023.")[0].isoformat() == (
        "2023-11-14"
    )


def test_2024_audit_finds_the_gap_left_by_a_removed_activity() -> None:
    findings = audit_plan(load(TRUTH_2024))
    assert ("numbering_gap", PROMO, "2.3.9", "activity_number") in keys(findings)
    # The 2022 deadlines rolled into 2023 and are still a year behind the 2024 plan.
    assert ("stale_deadline", PROMO, "3.1.2", "target") in keys(findings)
    assert ("empty_field", DEFENSA, "3.2.2", "responsible") not in keys(findings)


def plan_with(activities: list[Activity], **document: object) -> Plan:
    section = Section(name="Subcomisión de Prueba", activities=activities)
    return Plan(document=Document(year=2025, **document), sections=[section])


def row(number: str | None, **values: str) -> Activity:
    parts = number.split(".") if number else ["1", "1"]
    base = {
        "strategic_action_number": parts[0],
        "objective_number": ".".join(parts[:2]),
        "activity_number": number,
        "activity": f"Actividad {number}",
        "collaborators": "PANI",
        "responsible": "Subcomisión",
        "indicator": "Número de talleres",
        "target": "Al menos 2 talleres al cuarto trimestre 2025.",
        "verification": "Listas de asistencia",
    }
    return Activity(**{**base, **values})


def test_parent_mismatch_and_out_of_order_numbers() -> None:
    plan = plan_with(
        [
            row("1.1.1"),
            row("1.1.3"),
            row("1.1.2"),
            row("4.1.1", objective_number="3.2", strategic_action_number="3"),
        ]
    )
    found = keys(audit_plan(plan))
    assert ("numbering_gap", "Subcomisión de Prueba", "1.1.3", "activity_number") in found
    assert ("numbering_order", "Subcomisión de Prueba", "1.1.2", "activity_number") in found
    assert ("parent_mismatch", "Subcomisión de Prueba", "4.1.1", "activity_number") in found
    # 3.2 under action 3 is fine, but the objective skips 3.1 and the actions skip 2.
    assert ("numbering_gap", "Subcomisión de Prueba", "4.1.1", "objective_number") in found
    assert ("numbering_gap", "Subcomisión de Prueba", "4.1.1", "strategic_action_number") in found


def test_clean_rows_have_no_findings() -> None:
    plan = plan_with([row("1.1.1"), row("1.1.2"), row("1.2.1"), row("2.1.1"), row(None)])
    assert audit_plan(plan) == []


def test_unmeasurable_target_stale_indicator_and_late_signature() -> None:
    plan = plan_with(
        [
            row("1.1.1", target="Sensibilizar a la población sobre la trata."),
            row("1.1.2", indicator="Talleres realizados durante el 2024"),
        ],
        approval="Aprobado en la sesión del 10 de enero de 2025.",
    )
    plan.sections[0].signature = Signature(signed_at="2025-02-01T10:00:00-06:00", page=3)
    findings = audit_plan(plan)
    assert keys(findings) == {
        ("target_unmeasurable", "Subcomisión de Prueba", "1.1.1", "target"),
        ("stale_deadline", "Subcomisión de Prueba", "1.1.2", "indicator"),
        ("signature_after_approval", "Subcomisión de Prueba", None, "signature"),
    }
    late = next(f for f in findings if f.check == "signature_after_approval")
    assert late.page == 3 and "22 days after" in late.message


@same_case("plan-2023")  # the plan's group: extracted once (plan_cases)
def test_findings_carry_pdf_pages() -> None:
    findings = audit_plan(extracted("plan-2023"))
    assert keys(findings) == EXPECTED_2023 | EXPECTED_2023_INFO
    assert all(f.page for f in findings)


@pytest.mark.parametrize("fail_on, code", [(None, 0), ("error", 1), ("info", 1)])
def test_cli_writes_json_and_markdown(tmp_path: Path, fail_on: str | None, code: int) -> None:
    argv = ["audit", str(TRUTH_2023), "--out", str(tmp_path)]
    if fail_on:
        argv += ["--fail-on", fail_on]
    assert main(argv) == code
    report = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert report["summary"]["by_severity"] == {"error": 1, "warning": 8, "info": 5}
    first = report["findings"][0]
    assert set(first) == {
        "severity",
        "check",
        "section",
        "activity_number",
        "activity",
        "row",
        "field",
        "page",
        "message",
    }
    md = (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert "## Subcomisión de Defensa y Protección de Derechos" in md
    assert "2.1.1 missing" in md
