"""Column labels to fields: the vocabulary is data, and labels vary from template to template."""

from __future__ import annotations

import pytest

from plan_extract.plan.vocabulary import load_vocabulary


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Acción estratégica", "strategic_action"),
        ("Objetivos específicos", "objective"),
        ("Producto", "activity"),
        ("Medio de verificación", "verification"),
        ("N°", "activity_number"),
        # a known name with a qualifier
        ("Instituciones colaboradoras", "collaborators"),
        ("Metas 2024", "target"),
        ("Persona responsable", "responsible"),
        ("Indicadores de gestión", "indicator"),
        # words cut inside a narrow header cell, or glued where a line-end space was dropped
        ("Responsabl es", "responsible"),
        ("Institucio nes colaborado ras", "collaborators"),
        ("Medios deVerificación", "verification"),
        ("Objetivosespecíficos", "objective"),
        ("Acciónestratégica", "strategic_action"),
    ],
)
def test_label_names_its_field(label: str, field: str) -> None:
    assert load_vocabulary().column_field(label) == field


@pytest.mark.parametrize(
    "label",
    [
        "Presupuesto",  # nothing known
        "Colaboradores y responsables",  # two fields' names: which one is not for us to guess
        "Plazo no definido",  # a short alias ('no') names the number column only on its own
        "Colaborado resresponsables",  # spaces ignored, still two fields' names
    ],
)
def test_label_names_no_field(label: str) -> None:
    assert load_vocabulary().column_field(label) is None


def test_group_header_matches_with_spaces_ignored() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.is_group_header("Evaluación y seguimiento")
    assert vocabulary.is_group_header("Evaluacióny seguimiento")
    assert not vocabulary.is_group_header("Evaluación final")


def test_first_words_of_labels_open_their_fields() -> None:
    """A label's first word names the fields whose labels it starts, folded as any label is;
    the spellings of one label count as one column (`labels_named`)."""
    vocabulary = load_vocabulary()
    assert {"accion", "objetivo", "medios", "fuente", "n", "meta"} <= vocabulary.first_words()
    assert "verificacion" not in vocabulary.first_words()
    assert vocabulary.fields_opened_by("Línea") == {"strategic_action"}
    assert vocabulary.fields_opened_by("MEDIOS") == {"verification"}
    assert vocabulary.fields_opened_by("Presupuesto") == frozenset()
    assert vocabulary.labels_named(["Actividad", "Actividades", "Metas", "Presupuesto"]) == 3
