from __future__ import annotations

import pytest

from plan_extract.pdf.reader import Word
from plan_extract.pdf.text import join_lines, split_item_number, whole_words


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("2.1.1. Recopilar información", "2.1.1", "Recopilar información"),
        ("2.1 Conocer y divulgar", "2.1", "Conocer y divulgar"),
        ("2. Establecimiento", "2", "Establecimiento"),
        ("3.1.3.\nCapacitaciones", "3.1.3", "Capacitaciones"),
        ("10 sesiones de trabajo", None, "10 sesiones de trabajo"),
        ("Realizar reuniones", None, "Realizar reuniones"),
        ("2023 .", None, "2023 ."),
    ],
)
def test_split_item_number(text: str, number: str | None, rest: str) -> None:
    assert split_item_number(text) == (number, rest)


def word(text: str, x0: float, top: float, space_after: bool | None) -> Word:
    return Word(text, x0, top, x0 + 6 * len(text), top + 10, 1, 10.0, False, space_after)


def test_line_broken_inside_a_word_is_rejoined_without_space() -> None:
    lines = [
        [word("de", 0, 0, True), word("requerimient", 15, 0, False)],
        [word("os", 0, 12, True)],
    ]
    assert join_lines(lines) == "de requerimientos"


def test_ordinary_line_break_becomes_a_space() -> None:
    lines = [
        [word("Fundación", 0, 0, True), word("Paniamor-", 60, 0, True)],
        [word("Programa", 0, 12, True)],
    ]
    assert join_lines(lines) == "Fundación Paniamor- Programa"


def test_without_space_evidence_a_lone_word_filling_the_cell_is_rejoined() -> None:
    lines = [[word("publicacione", 0, 0, None)], [word("s", 0, 12, None)]]
    assert join_lines(lines, right_limit=72) == "publicaciones"
    assert join_lines(lines, right_limit=200) == "publicacione s"


def test_a_lone_long_word_is_not_rejoined_to_a_word_printed_whole_elsewhere() -> None:
    # A producer without line-end spaces (reportlab) and a narrow cell: 'funcionamiento'
    # fills the line as a broken word would, but 'de' is printed whole elsewhere in the
    # document and 'funcionamientode' never is.
    lines = [[word("funcionamiento", 0, 0, None)], [word("de", 0, 12, None)]]
    assert join_lines(lines, right_limit=84) == "funcionamientode"
    assert join_lines(lines, right_limit=84, whole=frozenset({"de"})) == "funcionamiento de"
    both = frozenset({"de", "funcionamientode"})
    assert join_lines(lines, right_limit=84, whole=both) == "funcionamientode"


def test_whole_words_are_those_with_a_space_on_both_sides() -> None:
    line = [
        word("la", 0, 0, True),
        word("articulación", 15, 0, True),
        word("inte", 90, 0, None),  # broken by the line: no space after it
        word("rinstitucional", 0, 12, True),  # a tail: first on its line
        word("CCP.", 90, 12, True),
    ]
    assert whole_words(line) == {"articulación", "ccp"}


def test_bullet_on_the_next_line_keeps_its_space() -> None:
    lines = [[word("a:", 0, 0, False)], [word("✓", 0, 12, True), word("Personal", 10, 12, True)]]
    assert join_lines(lines) == "a: ✓ Personal"


def test_punctuation_pushed_to_the_next_line_joins_unless_a_space_was_printed() -> None:
    assert (
        join_lines([[word("Reglamento", 0, 0, False)], [word(".", 0, 12, True)]]) == "Reglamento."
    )
    assert join_lines([[word("2023", 0, 0, True)], [word(".", 0, 12, True)]]) == "2023 ."


def test_a_break_after_punctuation_is_a_space_even_without_a_printed_one() -> None:
    assert join_lines([[word("Ltd.,", 0, 0, False)], [word("Plot", 0, 12, True)]]) == "Ltd., Plot"
