"""Target and indicator parsing: hand-checked cells from the 2023/2024 plans and invented
tricky ones, then whole-plan properties (every target has a deadline unless it states none)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import PLANS

from plan_extract.enrich import enrich, targets_without_deadline
from plan_extract.models import Plan
from plan_extract.targets import parse_target, split_indicators


def c(
    comparator: str | None = None,
    quantity: int | None = None,
    quantity_text: str | None = None,
    unit: str | None = None,
    percent: float | None = None,
    deadline: dict[str, Any] | None = None,
    unparsed: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An expected commitment, in the shape of `Commitment.model_dump(exclude_none=True)`."""
    fields = {
        "comparator": comparator,
        "quantity": quantity,
        "quantity_text": quantity_text,
        "unit": unit,
        "percent": percent,
        "deadline": deadline,
    }
    return {**{k: v for k, v in fields.items() if v is not None}, "unparsed": list(unparsed)}


def d(text: str, due: str | None, year: int | None = None, **period: Any) -> dict[str, Any]:
    """An expected deadline; `period` is quarter=, semester=, month= or date=."""
    fields = {"text": text, "year": year, **period, "due": due}
    return {k: v for k, v in fields.items() if v is not None}


Q4_2023 = d("al cuarto trimestre 2023", "2023-12-31", 2023, quarter=4)
DEC31_2023 = d("al 31 de diciembre del 2023", "2023-12-31", 2023, date="2023-12-31")

TARGETS = [
    # --- from the plans, hand-checked ---
    (
        "10 sesiones de trabajo al finalizar el último trimestre del 2023.",
        [
            c(
                "exactly",
                10,
                "10",
                "sesiones de trabajo",
                deadline=d(
                    "al finalizar el último trimestre del 2023", "2023-12-31", 2023, quarter=4
                ),
            )
        ],
    ),
    (
        "Un documento consolidado en segundo trimestre de 2023 con número de situaciones "
        "referidas por ESCNNA.",
        [
            c(
                "exactly",
                1,
                "Un",
                "documento",
                deadline=d("en segundo trimestre de 2023", "2023-06-30", 2023, quarter=2),
            )
        ],
    ),
    (
        "Una campaña nacional anual para la prevención, promoción y detección de la ESCNNA.",
        [c("exactly", 1, "Una", "campaña nacional anual")],
    ),
    (
        "Al menos 2 talleres de sensibilización realizados en el cuarto trimestre 2023.",
        [
            c(
                "at_least",
                2,
                "2",
                "talleres de sensibilización",
                deadline=d("en el cuarto trimestre 2023", "2023-12-31", 2023, quarter=4),
            )
        ],
    ),
    (
        "Tres acciones de divulgación, sensibilización y promoción al tercer trimestre 2023.",
        [
            c(
                "exactly",
                3,
                "Tres",
                "acciones de divulgación, sensibilización y promoción",
                deadline=d("al tercer trimestre 2023", "2023-09-30", 2023, quarter=3),
            )
        ],
    ),
    (
        "Al menos dos cursos de Agentes ementores (e-learning, al cuarto trimestre 2023.",
        [c("at_least", 2, "dos", "cursos de Agentes ementores", deadline=Q4_2023)],
    ),
    (
        "Número de personas sensibilizadas al cuarto trimestre 2023.",
        [c(deadline=Q4_2023)],
    ),
    (
        "Al menos cuatro actividad de capacitación y sensibilización sobre las temáticas "
        "relacionadas con la ESNNA, al cuarto trimestre 2023.",
        [
            c(
                "at_least",
                4,
                "cuatro",
                "actividad de capacitación y sensibilización",
                deadline=Q4_2023,
            )
        ],
    ),
    (
        "Al menos seis capacitaciones dirigidas a los cuerpos policiales, "
        "al cuarto trimestre 2023.",
        [c("at_least", 6, "seis", "capacitaciones", deadline=Q4_2023)],
    ),
    (
        "Al menos tres talleres de sensibilización desarrollados, al cuarto trimestre 2022.",
        [
            c(
                "at_least",
                3,
                "tres",
                "talleres de sensibilización",
                deadline=d("al cuarto trimestre 2022", "2022-12-31", 2022, quarter=4),
            )
        ],
    ),
    (
        "Al menos 14 sesiones al año con personas menores de edad.",
        [c("at_least", 14, "14", "sesiones", unparsed=("al año con personas menores de edad",))],
    ),
    (
        "Al menos tres CCP capacitados, al cuarto trimestre 2023.",
        [c("at_least", 3, "tres", "CCP", deadline=Q4_2023)],
    ),
    (
        "Al menos cuatro capacitaciones formativas y de sensibilización, "
        "al cuarto trimestre 2023 .",
        [
            c(
                "at_least",
                4,
                "cuatro",
                "capacitaciones formativas y de sensibilización",
                deadline=Q4_2023,
            )
        ],
    ),
    (
        "Al menos 4 centros educativos participan en los procesos de formación.",
        [c("at_least", 4, "4", "centros educativos")],
    ),
    (
        "Mínimo 10 sesiones de trabajo al finalizar el 2023. Contar con el 80% de asistencia.",
        [
            c(
                "at_least",
                10,
                "10",
                "sesiones de trabajo",
                deadline=d("al finalizar el 2023", "2023-12-31", 2023),
            ),
            c("percent", percent=80.0, unit="asistencia"),
        ],
    ),
    (
        "Un 70% de las instituciones realizan revisión aprobación y socialización del directorio "
        "de servicios interinstitucional, de las provincias de Guanacaste y Puntarenas en versión "
        "papel y digital, al finalizar el cuarto trimestre del 2023.",
        [
            c(
                "percent",
                percent=70.0,
                unit="instituciones",
                deadline=d(
                    "al finalizar el cuarto trimestre del 2023", "2023-12-31", 2023, quarter=4
                ),
            )
        ],
    ),
    (
        "Que al 31 de diciembre del 2023 se hayan realizado al menos 10 sesiones ordinarias.",
        [c("at_least", 10, "10", "sesiones ordinarias", deadline=DEC31_2023)],
    ),
    (
        "Que al 31 de diciembre del 2023 se dé respuesta al 100% de las solicitudes recibidas",
        [c("percent", percent=100.0, unit="solicitudes", deadline=DEC31_2023)],
    ),
    (
        "Al 31 de diciembre del 2023 desarrollar al menos una capacitación",
        [
            c(
                "at_least",
                1,
                "una",
                "capacitación",
                deadline=d("Al 31 de diciembre del 2023", "2023-12-31", 2023, date="2023-12-31"),
            )
        ],
    ),
    (
        "En el primer semestre del 2023 contar con el mapeo de las instituciones y organizaciones "
        "que conforman la CONACOES.",
        [c(deadline=d("En el primer semestre del 2023", "2023-06-30", 2023, semester=1))],
    ),
    (
        "Al 31 de diciembre del 2023 socializar el pronunciamiento con cada uno de las "
        "instituciones y organizaciones que conforman la CONACOES",
        [c(deadline=d("Al 31 de diciembre del 2023", "2023-12-31", 2023, date="2023-12-31"))],
    ),
    (
        "Al menos 40 centros reciben el directorio al cuarto trimestre del 2024.",
        [
            c(
                "at_least",
                40,
                "40",
                "centros",
                deadline=d("al cuarto trimestre del 2024", "2024-12-31", 2024, quarter=4),
            )
        ],
    ),
    # --- invented, tricky ---
    (
        "Al menos 2 talleres y 3 capacitaciones al cuarto trimestre 2023.",
        [
            c("at_least", 2, "2", "talleres", deadline=Q4_2023),
            c("exactly", 3, "3", "capacitaciones", deadline=Q4_2023),
        ],
    ),
    (
        "Treinta y cinco centros al 30/06/2024",
        [
            c(
                "exactly",
                35,
                "Treinta y cinco",
                "centros",
                deadline=d("al 30/06/2024", "2024-06-30", 2024, date="2024-06-30"),
            )
        ],
    ),
    (
        "Máximo 5 reuniones en el II semestre de 2024.",
        [
            c(
                "at_most",
                5,
                "5",
                "reuniones",
                deadline=d("en el II semestre de 2024", "2024-12-31", 2024, semester=2),
            )
        ],
    ),
    (
        "Más de veinticinco personas capacitadas a setiembre del 2023",
        [
            c(
                "more_than",
                25,
                "veinticinco",
                "personas",
                deadline=d("a setiembre del 2023", "2023-09-30", 2023, month=9),
            )
        ],
    ),
    (
        "Al menos el 80% de las personas participantes al finalizar el primer semestre 2024",
        [
            c(
                "at_least",
                percent=80.0,
                unit="personas participantes",
                deadline=d("al finalizar el primer semestre 2024", "2024-06-30", 2024, semester=1),
            )
        ],
    ),
    (
        "Un 12,5 % de reducción de casos durante el 2024",
        [
            c(
                "percent",
                percent=12.5,
                unit="reducción de casos",
                deadline=d("durante el 2024", "2024-12-31", 2024),
            )
        ],
    ),
    (
        "1.500 personas sensibilizadas a más tardar el 15 de marzo de 2024",
        [
            c(
                "exactly",
                1500,
                "1.500",
                "personas",
                deadline=d(
                    "a más tardar el 15 de marzo de 2024", "2024-03-15", 2024, date="2024-03-15"
                ),
            )
        ],
    ),
    (  # a date that does not exist is reported, not guessed
        "Al menos 3 talleres al 31 de febrero del 2023",
        [c("at_least", 3, "3", "talleres", unparsed=("al 31 de febrero del 2023",))],
    ),
    (  # no year printed: the quarter is kept, the due date is not invented
        "Al menos 10 sesiones al cuarto trimestre",
        [c("at_least", 10, "10", "sesiones", deadline=d("al cuarto trimestre", None, quarter=4))],
    ),
    (  # a second deadline in one sentence is reported
        "Al menos 4 talleres al tercer trimestre 2023 y al cuarto trimestre 2023",
        [
            c(
                "at_least",
                4,
                "4",
                "talleres",
                deadline=d("al tercer trimestre 2023", "2023-09-30", 2023, quarter=3),
                unparsed=("y al cuarto trimestre 2023",),
            )
        ],
    ),
    (
        "Cuatro capacitaciones (una por trimestre) en 2024",
        [
            c(
                "exactly",
                4,
                "Cuatro",
                "capacitaciones",
                deadline=d("en 2024", "2024-12-31", 2024),
                unparsed=("una por trimestre",),
            )
        ],
    ),
    (  # a year range is neither a deadline nor a quantity
        "Informe de casos del 2021 al 2022",
        [c(unparsed=("Informe de casos del 2021 al 2022",))],
    ),
    (
        "Al menos 2000 personas alcanzadas antes del 2024-03-31.",
        [
            c(
                "at_least",
                2000,
                "2000",
                "personas",
                deadline=d("antes del 2024-03-31", "2024-03-31", 2024, date="2024-03-31"),
            )
        ],
    ),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), TARGETS, ids=[t[:40] for t, _ in TARGETS])
def test_parse_target(text: str, expected: list[dict[str, Any]]) -> None:
    parsed = parse_target(text)
    assert [p.model_dump(mode="json", exclude_none=True, exclude={"text"}) for p in parsed] == (
        expected
    )
    for commitment in parsed:
        assert commitment.text in text  # the original words stay next to the parsed form


def test_two_targets_in_one_cell_keep_their_own_text() -> None:
    cell = "Mínimo 10 sesiones de trabajo al finalizar el 2023. Contar con el 80% de asistencia."
    assert [p.text for p in parse_target(cell)] == [
        "Mínimo 10 sesiones de trabajo al finalizar el 2023.",
        "Contar con el 80% de asistencia.",
    ]


INDICATORS = [
    (
        "Cantidad de sesiones realizadas. Porcentaje de asistencia de las instituciones miembros.",
        [
            "Cantidad de sesiones realizadas.",
            "Porcentaje de asistencia de las instituciones miembros.",
        ],
    ),
    (
        "Número de solicitudes recibidas y número de solicitudes atendidas",
        ["Número de solicitudes recibidas", "número de solicitudes atendidas"],
    ),
    (
        "Documento consolidado socializado y divulgado con número de situaciones referidas por "
        "ESCNNA.",
        [
            "Documento consolidado socializado y divulgado con número de situaciones referidas "
            "por ESCNNA."
        ],
    ),
    (
        "Número de sesiones de trabajo, sean ordinarias o extraordinarias.",
        ["Número de sesiones de trabajo, sean ordinarias o extraordinarias."],
    ),
    (
        "Promoción, difusión e implementación del Código e-mentores con al menos siete empresas",
        ["Promoción, difusión e implementación del Código e-mentores con al menos siete empresas"],
    ),
    ("Porcentaje de avance; número de reuniones", ["Porcentaje de avance", "número de reuniones"]),
    ("Informe No. 3 aprobado. Número de actas", ["Informe No. 3 aprobado.", "Número de actas"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), INDICATORS, ids=[t[:40] for t, _ in INDICATORS])
def test_split_indicators(text: str, expected: list[str]) -> None:
    assert split_indicators(text) == expected


def _plan(name: str) -> Plan:
    path = PLANS / name / "truth.json"
    return enrich(Plan.model_validate(json.loads(path.read_text(encoding="utf-8"))))


STATE_NO_DEADLINE = [
    ("2.2.1", "Una campaña nacional anual para la prevención, promoción y detección de la ESCNNA."),
    (
        "2.3.1",
        "Elaborado un diagnóstico de necesidades de capacitación de las personas involucradas en "
        "el abordaje, atención y resolución de los casos de explotación sexual.",
    ),
    (
        "2.3.2",
        "Un documento de los servicios que brindan las organizaciones no gubernamentales que "
        "trabajan la ESNNA.",
    ),
    ("4.1.1", "Al menos 14 sesiones al año con personas menores de edad."),
]
LAST = "Al menos 4 centros educativos participan en los procesos de formación."


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ("conacoes-2023", [*STATE_NO_DEADLINE, ("4.1.6", LAST)]),
        ("plan-2024", [*STATE_NO_DEADLINE, ("4.1.7", LAST)]),
    ],
)
def test_every_target_has_a_deadline_unless_it_states_none(
    plan: str, expected: list[tuple[str, str]]
) -> None:
    missing = targets_without_deadline(_plan(plan))
    assert [(a.activity_number, a.target) for a in missing] == expected


@pytest.mark.parametrize(("plan", "year"), [("conacoes-2023", 2023), ("plan-2024", 2024)])
def test_plan_wide_target_facts(plan: str, year: int) -> None:
    activities = [a for _, a in _plan(plan).activities()]
    commitments = [(a, c) for a in activities for c in a.targets]
    assert len(commitments) == len(activities) + 1  # only Atención's first cell holds two
    # The stale years NOTES.md lists (3.1.2 and 3.1.3) are the only deadlines off the plan year.
    off_year = [(a.activity_number, c.deadline.year) for a, c in commitments if c.deadline]
    off_year = [(number, y) for number, y in off_year if y != year]
    assert off_year == [("3.1.2", year - 1), ("3.1.3", year - 1)]
    unparsed = [(a.activity_number, c.unparsed) for a, c in commitments if c.unparsed]
    assert unparsed == [("4.1.1", ["al año con personas menores de edad"])]
    unquantified = [a.activity_number for a, c in commitments if c.comparator is None]
    assert unquantified == ["2.3.4", "3.1.3", "1.3.1", "3.1.1", "3.2.1", "3.2.2"]
