"""The Spanish date grammar (plan_extract.dates) that the target parser and the audit share:
they read the same deadlines, including the two cases on which their old grammars disagreed."""

from __future__ import annotations

import datetime as dt

import pytest

from plan_extract.audit import deadline_years, parse_spanish_dates
from plan_extract.dates import calendar_dates, find_deadlines
from plan_extract.targets import parse_target


def _target_deadline(text: str) -> dict[str, object] | None:
    deadline = parse_target(text)[0].deadline
    return deadline.model_dump(exclude_none=True) if deadline else None


@pytest.mark.parametrize(
    ("text", "deadline", "audit_years"),
    [
        # Stale to the old audit, no deadline to the old target parser:
        (
            "Dos informes al primer cuatrimestre 2022.",
            {"text": "al primer cuatrimestre 2022", "year": 2022, "due": dt.date(2022, 4, 30)},
            [2022],
        ),
        # A deadline to the old target parser, nothing to the old audit:
        (
            "Un taller en el 1° trimestre 2022.",
            {
                "text": "en el 1° trimestre 2022",
                "year": 2022,
                "quarter": 1,
                "due": dt.date(2022, 3, 31),
            },
            [2022],
        ),
        (
            "Tres sesiones al último bimestre del 2023.",
            {"text": "al último bimestre del 2023", "year": 2023, "due": dt.date(2023, 12, 31)},
            [2023],
        ),
        (
            "Un informe en el segundo mes de 2024.",
            {
                "text": "en el segundo mes de 2024",
                "year": 2024,
                "month": 2,
                "due": dt.date(2024, 2, 29),
            },
            [2024],
        ),
        (
            "Un informe al cierre del periodo 2023.",
            {"text": "al cierre del periodo 2023", "year": 2023, "due": dt.date(2023, 12, 31)},
            [2023],
        ),
        (
            "Diez visitas a fines del 2022.",
            {"text": "a fines del 2022", "year": 2022, "due": dt.date(2022, 12, 31)},
            [2022],
        ),
        # A bare year after a weak lead is the target's deadline, not a firm one for the audit:
        (
            "Documento de incidencia de ESCNNA para el año 2022.",
            {"text": "para el año 2022", "year": 2022, "due": dt.date(2022, 12, 31)},
            [],
        ),
        ("Compendio del 2021 al 2022 analizado.", None, []),  # a range, not a deadline
        ("Un informe al quinto trimestre 2023.", None, []),  # no such quarter
        ("Un informe al 31 de febrero de 2023.", None, []),  # no such day
    ],
)
def test_targets_and_audit_read_the_same_deadlines(
    text: str, deadline: dict[str, object] | None, audit_years: list[int]
) -> None:
    assert _target_deadline(text) == deadline
    assert deadline_years(text) == audit_years


def test_firmness_is_the_only_difference() -> None:
    text = "Sesiones en 2022 y al cuarto trimestre 2023, durante el 2024."
    found = [(s.deadline.year, s.firm) for s in find_deadlines(text)]
    assert found == [(2022, False), (2023, True), (2024, True)]
    assert deadline_years(text) == [2023, 2024]


def test_calendar_dates_of_an_approval() -> None:
    approval = (
        "Aprobado por el Consejo Nacional de la Niñez y la Adolescencia en la Sesión "
        "Extraordinaria CNNA 04-2023 del 14 de noviembre de 2023."
    )
    assert calendar_dates(approval) == [dt.date(2023, 11, 14)]
    assert parse_spanish_dates(approval) == [dt.date(2023, 11, 14)]
    assert calendar_dates("del 30/06/2024 al 2024-07-15") == [
        dt.date(2024, 6, 30),
        dt.date(2024, 7, 15),
    ]
