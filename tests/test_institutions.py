"""Institution matching: cells from the plans and invented ones, the gazetteer's integrity, and
the list of names in the shared plans that no entry covers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLANS

from plan_extract.enrich import enrich, unknown_institutions
from plan_extract.institutions import default_gazetteer, load_gazetteer, match_institutions
from plan_extract.models import Plan

CELLS = [
    # --- from the plans ---
    (
        "PANI Ministerio Público y Ministerio de Salud.",
        [("PANI", "PANI"), ("MP", "Ministerio Público"), ("MS", "Ministerio de Salud")],
    ),
    (
        "Subcomisión de Promoción y Prevención CONATT MSP OIJ.",
        [
            ("CONACOES-SPP", "Subcomisión de Promoción y Prevención"),
            ("CONATT", "CONATT"),
            ("MSP", "MSP"),
            ("OIJ", "OIJ"),
        ],
    ),
    (
        "Subcomisión de Trabajo de Promoción y Prevención Subcomisión de Trabajo de Atención "
        "Integral a la Víctima.",
        [
            ("CONACOES-SPP", "Subcomisión de Trabajo de Promoción y Prevención"),
            ("CONACOES-SAIV", "Subcomisión de Trabajo de Atención Integral a la Víctima"),
        ],
    ),
    (
        "Fundación Paniamor- Programa Cultura Tecnológica”.",
        [("PANIAMOR-CT", "Fundación Paniamor- Programa Cultura Tecnológica”")],
    ),
    (
        "Fundación PANIAMOR – Programa “Seguras y Fuertes”.",
        [("PANIAMOR-SF", "Fundación PANIAMOR – Programa “Seguras y Fuertes”")],
    ),
    ("INAMU/ PLANOVI", [("INAMU", "INAMU"), ("PLANOVI", "PLANOVI")]),
    (
        "DNI Consejo Participativo INAMU",
        [("DNI", "DNI"), (None, "Consejo Participativo"), ("INAMU", "INAMU")],
    ),
    ("MJP Integrantes de Comisión", [("MJP", "MJP"), ("CONACOES", "Comisión")]),
    (
        "Integrantes y observadores/as de la Comisión de acuerdo a sus competencias de la "
        "subcomisión de Prevención y Promoción de la CONACOES.",
        [
            ("CONACOES", "Comisión"),
            ("CONACOES-SPP", "subcomisión de Prevención y Promoción de la CONACOES"),
        ],
    ),
    (
        "Ministerio de Justicia y Paz, Viceministerio de Paz.",
        [("MJP", "Ministerio de Justicia y Paz"), ("VMP", "Viceministerio de Paz")],
    ),
    (
        "Sub Comisión de Atención Integral a la víctima y Sub Comisión de Promoción y Prevención.",
        [
            ("CONACOES-SAIV", "Sub Comisión de Atención Integral a la víctima"),
            ("CONACOES-SPP", "Sub Comisión de Promoción y Prevención"),
        ],
    ),
    ("STCNNA ST CONACOES", [("ST-CNNA", "STCNNA"), ("ST-CONACOES", "ST CONACOES")]),
    (
        "Integrantes de la CONACOES y Secretaría Técnica de CONACOES.",
        [("CONACOES", "CONACOES"), ("ST-CONACOES", "Secretaría Técnica de CONACOES")],
    ),
    (
        "Unidad de Gestión Local y Articulación Local de la Gerencia Técnica del PANI.",
        [
            (
                "PANI-UGLAL",
                "Unidad de Gestión Local y Articulación Local de la Gerencia Técnica del PANI",
            )
        ],
    ),
    (
        "Equipo de Coordinación Interinstitucional CCP.",
        [("CCP-ECI", "Equipo de Coordinación Interinstitucional CCP")],
    ),
    (
        "Patronato Nacional de la Infancia (PANI)",
        [("PANI", "Patronato Nacional de la Infancia (PANI)")],
    ),
    ("MEP y Ministerio de Salud", [("MEP", "MEP"), ("MS", "Ministerio de Salud")]),
    ("No hay", []),
    ("", []),
    # --- invented ---
    ("PANI, INAMU y PANI", [("PANI", "PANI"), ("INAMU", "INAMU")]),
    ("ministerio de educacion publica", [("MEP", "ministerio de educacion publica")]),
    (
        "Ministerio de Ciencia y Tecnología; Foro Juvenil, OIJ",
        [
            (None, "Ministerio de Ciencia y Tecnología"),
            (None, "Foro Juvenil"),
            ("OIJ", "OIJ"),
        ],
    ),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS, ids=[c[:40] or "empty" for c, _ in CELLS])
def test_match_institutions(cell: str, expected: list[tuple[str | None, str]]) -> None:
    mentions = match_institutions(cell, "collaborator")
    assert [(m.institution_id, m.text) for m in mentions] == expected
    for mention in mentions:
        entry = default_gazetteer().entries.get(mention.institution_id or "")
        assert (mention.name, mention.acronym) == (
            (entry.name, entry.acronym) if entry else (None, None)
        )


def test_typo_gets_a_suggestion_but_stays_unknown() -> None:
    [mention] = match_institutions("Minsterio de Salud", "responsible")
    assert (mention.institution_id, mention.suggestion, mention.role) == (
        None,
        "MS",
        "responsible",
    )
    [mention] = match_institutions("Consejo Participativo", "responsible")
    assert mention.suggestion is None


def test_gazetteer_is_consistent() -> None:
    gazetteer = default_gazetteer()
    ids = set(gazetteer.entries)
    assert {e.parent for e in gazetteer.entries.values()} - {None} <= ids
    assert set(gazetteer.phrases.values()) - {None} == ids
    for required in ("PANI", "INAMU", "MSP", "OIJ", "ICT", "MREC", "MJP", "MEP", "MS", "MP"):
        assert required in ids
    for required in ("UNICEF", "DNI", "PANIAMOR", "WARNATH", "ST-CONACOES", "CONATT"):
        assert required in ids


def test_an_alias_claimed_by_two_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.json"
    entry = {"acronym": None, "kind": "institution", "parent": None}
    path.write_text(
        json.dumps(
            {
                "entries": [
                    {**entry, "id": "A", "name": "Instituto A", "aliases": ["IA"]},
                    {**entry, "id": "B", "name": "Instituto B", "aliases": ["ia"]},
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="names both A and B"):
        load_gazetteer(path)


def test_custom_gazetteer_is_used(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.json"
    path.write_text(
        json.dumps(
            {
                "entries": [
                    {"id": "FJ", "acronym": "FJ", "name": "Foro Juvenil", "aliases": []},
                ],
                "connectors": ["y"],
            }
        ),
        encoding="utf-8",
    )
    mentions = match_institutions("Foro Juvenil y PANI", "collaborator", load_gazetteer(path))
    assert [(m.institution_id, m.text) for m in mentions] == [
        ("FJ", "Foro Juvenil"),
        (None, "PANI"),
    ]


@pytest.mark.parametrize("plan", ["conacoes-2023", "plan-2024"])
def test_every_name_in_the_plans_is_known_or_listed(plan: str) -> None:
    path = PLANS / plan / "truth.json"
    enriched = enrich(Plan.model_validate(json.loads(path.read_text(encoding="utf-8"))))
    assert unknown_institutions(enriched) == ["Consejo Participativo"]
    for _, activity in enriched.activities():
        for role, cell in (
            ("collaborator", activity.collaborators),
            ("responsible", activity.responsible),
        ):
            names = [m for m in activity.institutions if m.role == role]
            assert bool(names) == (cell not in ("", "No hay")), (activity.activity_id, role)
