"""The package's text normalisers (plan_extract.normalize), each on the cases that tell it
apart from the others."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plan_extract.normalize import (
    caseless_collapsed,
    caseless_unaccented,
    collapse_whitespace,
    fold_keeping_offsets,
    mask_years,
    printed_text,
    sheet_header_key,
    strip_accents,
    vocabulary_key,
)


def test_collapse_and_printed_text() -> None:
    assert collapse_whitespace("  Plan\n Anual\tde  Trabajo ") == "Plan Anual de Trabajo"
    decomposed = "Promocio\u0301n"  # o + combining acute, as some producers write it
    assert printed_text(decomposed) == "Promoción"
    assert printed_text(None) == ""
    assert printed_text(["PANI ", None, "MEP\n"]) == "PANI | | MEP"
    assert printed_text(2023) == "2023"


def test_caseless_forms_differ_in_what_they_forget() -> None:
    text = "Subcomisión de  Promoción"
    assert caseless_collapsed(text) == "subcomisión de promoción"  # accents kept
    assert caseless_unaccented(text) == "subcomision de promocion"
    assert strip_accents("Señal ﬁnal") == "Senal final"  # ñ loses its tilde, ﬁ splits
    assert caseless_unaccented("STRASSE Straße") == "strasse strasse"  # casefold, not lower


def test_vocabulary_key_drops_punctuation_but_keeps_percent() -> None:
    assert vocabulary_key("Meta (2023):") == "meta 2023"
    assert vocabulary_key("% de avance") == "% de avance"
    assert vocabulary_key("N.º") == "n o"


def test_sheet_header_key() -> None:
    assert sheet_header_key("Número de  actividad") == "numero_de_actividad"
    assert sheet_header_key("_numero-de_actividad_") == "numero_de_actividad"


def test_mask_years() -> None:
    assert mask_years("al cuarto trimestre 2023, folio 120234") == (
        "al cuarto trimestre YYYY, folio 120234"
    )
    assert mask_years("del 2021 al 2022", "####") == "del #### al ####"


@given(st.text())
def test_fold_keeping_offsets_keeps_every_offset(text: str) -> None:
    folded = fold_keeping_offsets(text)
    assert len(folded) == len(text)
    assert fold_keeping_offsets("Al 31 de DICIEMBRE, Sesión") == "al 31 de diciembre, sesion"
