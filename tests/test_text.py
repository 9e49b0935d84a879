from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from plan_extract.pdf.language import (
    Reading,
    Unbroken,
    Vocabulary,
    compound_of_words,
    read_line_end,
    vocabulary,
)
from plan_extract.pdf.reader import Word
from plan_extract.pdf.text import (
    LineEnd,
    WordsByHeight,
    column_word_space,
    join_lines,
    printed_words,
    split_item_number,
    unbroken_words,
    whole_words,
    written_space_reach,
)


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
    only = Vocabulary.document_only
    assert join_lines(lines, right_limit=84, known=only(frozenset({"de"}))) == "funcionamiento de"
    both = frozenset({"de", "funcionamientode"})
    assert join_lines(lines, right_limit=84, known=only(both)) == "funcionamientode"


def spanish(*document: str) -> Vocabulary:
    return vocabulary(frozenset(document))


def test_the_language_reads_a_word_broken_by_a_full_line() -> None:
    # No spaces at line ends: geometry alone joins neither (the line holds two words).
    lines = [
        [word("de", 0, 0, None), word("requerimient", 15, 0, None)],
        [word("os", 0, 12, None)],
    ]
    assert join_lines(lines, right_limit=87) == "de requerimient os"
    assert join_lines(lines, right_limit=87, known=spanish()) == "de requerimientos"


def test_the_language_parts_two_words_that_a_lone_full_line_would_glue() -> None:
    lines = [[word("especializados", 0, 0, None)], [word("elaborados.", 0, 12, None)]]
    assert join_lines(lines, right_limit=84) == "especializadoselaborados."
    assert join_lines(lines, right_limit=84, known=spanish()) == "especializados elaborados."


def test_a_word_that_would_have_fitted_is_not_broken_by_a_wrap() -> None:
    # 'desensibilización' is a word, but a producer wrapping at spaces would have moved it
    # whole to the next line: 'de' / 'sensibilización' are two words.
    lines = [
        [word("acciones", 0, 0, None), word("de", 54, 0, None)],
        [word("sensibilización", 0, 12, None)],
    ]
    assert join_lines(lines, right_limit=66, known=spanish()) == "acciones de sensibilización"


def test_no_word_changes_case_across_a_line_end() -> None:
    lines = [[word("Secretaría", 0, 0, None)], [word("Técnica", 0, 12, None)]]
    assert join_lines(lines, right_limit=60, known=spanish()) == "Secretaría Técnica"
    lines = [[word("CONACOES", 0, 0, None)], [word("cumplan", 0, 12, None)]]
    assert join_lines(lines, right_limit=48, known=spanish()) == "CONACOES cumplan"


def test_a_hyphen_at_a_line_end_is_read_by_the_documents_usage() -> None:
    lines = [[word("E-", 0, 0, None)], [word("Mentores", 0, 12, None)]]
    assert join_lines(lines, right_limit=12, known=spanish()) == "E-Mentores"
    lines = [[word("Paniamor-", 0, 0, None)], [word("Programa", 0, 12, None)]]
    assert join_lines(lines, right_limit=54, known=spanish("paniamor-")) == "Paniamor- Programa"
    known = spanish("paniamor-programa")
    assert join_lines(lines, right_limit=54, known=known) == "Paniamor-Programa"


def test_an_undecidable_line_end_is_reported() -> None:
    # The document prints both 'Paniamor-' before a space and 'Paniamor-Programa': nothing
    # tells which this one is; it is read as a compound, and reported.
    lines = [[word("Paniamor-", 0, 0, None)], [word("Programa", 0, 12, None)]]
    doubts: list[LineEnd] = []
    known = spanish("paniamor-", "paniamor-programa")
    assert join_lines(lines, right_limit=54, known=known, doubts=doubts) == "Paniamor-Programa"
    assert [(d.left.text, d.right.text, d.joined) for d in doubts] == [
        ("Paniamor-", "Programa", True)
    ]


def test_a_hyphen_before_a_capital_joins_the_compound_and_is_reported() -> None:
    # The document prints neither 'Personas-' before a space nor the compound whole: after a
    # common word the hyphen joins a compound of titles (a name, 'Paniamor-', is parted from
    # the next phrase); the form alone decides, so the reading is reported.
    lines = [[word("Personas-", 0, 0, None)], [word("Explotación", 0, 12, None)]]
    doubts: list[LineEnd] = []
    text = join_lines(lines, right_limit=54, known=spanish(), doubts=doubts)
    assert text == "Personas-Explotación"
    assert [(d.left.text, d.right.text, d.joined) for d in doubts] == [
        ("Personas-", "Explotación", True)
    ]


def test_a_dropped_hanging_space_at_a_full_line_is_read_by_the_language() -> None:
    # LibreOffice writes the space at a wrapped line's end, except the one that does not fit
    # before the cell's edge: a full line without its space is read by the language.
    lines = [
        [word("funcionamiento", 0, 0, True), word("de", 90, 0, True), word("la", 108, 0, False)],
        [word("Subcomisión", 0, 12, True)],
    ]
    assert join_lines(lines, right_limit=120) == "funcionamiento de laSubcomisión"
    assert join_lines(lines, right_limit=120, known=spanish()) == (
        "funcionamiento de la Subcomisión"
    )
    # A word broken inside is still joined: the language knows it whole.
    broken = [
        [word("de", 0, 0, True), word("requerimient", 15, 0, False)],
        [word("os", 0, 12, True)],
    ]
    assert join_lines(broken, right_limit=87, known=spanish()) == "de requerimientos"


def test_a_missing_line_end_space_that_would_have_fitted_breaks_a_word() -> None:
    # The line stops short of the cell's edge: a space fitted, and none was written.
    lines = [[word("de", 0, 0, True), word("la", 15, 0, False)], [word("s", 0, 12, True)]]
    assert join_lines(lines, right_limit=120, known=spanish()) == "de las"


def test_a_hyphen_without_its_line_end_space_joins_a_compound() -> None:
    # A hyphen is a break of its own: a producer writing line-end spaces breaks
    # 'Paniamor- Programa' at the space (and writes it), 'Paniamor-Programa' at the hyphen.
    lines = [
        [word("Fundación", 0, 0, True), word("Paniamor-", 60, 0, False)],
        [word("Programa", 0, 12, True)],
    ]
    assert join_lines(lines, right_limit=114, known=spanish()) == "Fundación Paniamor-Programa"


def test_a_hyphen_filling_its_drawn_cell_with_no_space_is_read_glued_and_reported() -> None:
    # LibreOffice drops the space that does not fit before the cell's drawn edge: where the
    # hyphen fills the cell, 'Paniamor- Programa' and 'Paniamor-Programa' print alike
    # (Writer, Word/HTML 1089 `01`, read glued with no doubt). Read as one word, and
    # reported; where the edge leaves a space's room, or no rule draws it, the page decides.
    lines = [
        [word("Fundación", 0, 0, True), word("Paniamor-", 60, 0, False)],
        [word("Programa", 0, 12, True)],
    ]
    for edge, reported in ((115.0, True), (120.0, False), (None, False)):
        doubts: list[LineEnd] = []
        text = join_lines(lines, right_limit=114, known=spanish(), doubts=doubts, drawn_edge=edge)
        assert text == "Fundación Paniamor-Programa"
        expected = [("Paniamor-", "Programa", True)] if reported else []
        assert [(d.left.text, d.right.text, d.joined) for d in doubts] == expected
    # A code the language reads as one word wherever it is broken: nothing to report.
    lines = [[word("Protocolo", 0, 0, True), word("VE-", 60, 0, False)], [word("01", 0, 12, True)]]
    doubts = []
    text = join_lines(lines, right_limit=78, known=spanish(), doubts=doubts, drawn_edge=78)
    assert (text, doubts) == ("Protocolo VE-01", [])


def test_a_lone_hyphen_word_nearer_its_drawn_edge_than_the_columns_space_is_reported() -> None:
    # A line of one word shows no space of its own. Held-out docx 4141 `09`: `Paniamor-`
    # alone in a column set in Liberation Mono (a space is 0.6 em, 5.4 pt at 9 pt), 3.2 pt
    # short of the drawn edge: LibreOffice could have dropped the space there, and
    # 'Paniamor- Programa' (the truth) was read glued with no doubt against the 0.2 em a
    # space is at least. The column's lines of two words show the face's space.
    column = [
        [word("de", 0, 0, True), word("la", 18, 0, True)],  # a 6 pt space
        [word("Paniamor-", 0, 12, False)],
        [word("Programa", 0, 24, True)],
    ]
    assert column_word_space(column) == 6.0
    cell = column[1:]
    for space, reported in ((6.0, True), (None, False), (4.0, False)):
        doubts: list[LineEnd] = []
        text = join_lines(
            cell, right_limit=54, known=spanish(), doubts=doubts, drawn_edge=58, column_space=space
        )
        assert text == "Paniamor-Programa"
        expected = [("Paniamor-", "Programa", True)] if reported else []
        assert [(d.left.text, d.right.text, d.joined) for d in doubts] == expected
    # A line of two words has a space of its own, whatever the column's.
    cell = [
        [word("a", 0, 0, True), word("Paniamor-", 8, 0, False)],
        [word("Programa", 0, 12, True)],
    ]
    doubts = []
    join_lines(
        cell, right_limit=62, known=spanish(), doubts=doubts, drawn_edge=66, column_space=6.0
    )
    assert doubts == []


def test_the_written_line_end_spaces_say_how_far_a_cell_reaches() -> None:
    # LibreOffice writes a line-end space only where it fits before the cell's edge: the
    # edge lies at least as far as the last word plus the line's own space (6 pt here).
    # A line of one word, or one whose space was not written, says nothing.
    lines = [
        [word("de", 0, 0, True), word("la", 18, 0, True)],  # 'la' ends at 30, space to 36
        [word("Fundación", 0, 12, True), word("Paniamor-", 60, 12, False)],
        [word("Programa", 0, 24, True)],
    ]
    assert written_space_reach(lines) == 36
    assert written_space_reach(lines[1:]) is None


def test_a_word_broken_over_three_lines_is_judged_whole() -> None:
    lines = [
        [word("instituciones", 0, 0, None), word("y", 78, 0, None)],
        [word("organizacione", 0, 12, None)],
        [word("s", 0, 24, None)],
    ]
    text = join_lines(lines, right_limit=84, known=spanish())
    assert text == "instituciones y organizaciones"


def test_a_word_wider_than_the_column_cut_where_it_starts_is_judged_whole() -> None:
    # reportlab held-out 1414 `09` (platypus, DejaVu Serif Condensed 9 pt): platypus cuts a
    # word wider than the column from where it starts, filling that line: 'Coordinación I'
    # / 'nterinstitucion' / 'al CCP'. Glyph boxes as read from that PDF.
    def at(text: str, x0: float, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 9, 1, 9.0, False, space_after)

    lines = [
        [at("Coordinación", 338.18, 434.76, 392.97, True), at("I", 395.53, 434.76, 398.73, None)],
        [at("nterinstitucion", 338.18, 445.56, 398.73, None)],
        [at("al", 338.18, 456.36, 345.59, True), at("CCP", 348.16, 456.36, 365.99, None)],
    ]
    doubts: list[LineEnd] = []
    known = spanish("al", "ccp")
    text = join_lines(lines, right_limit=401.35, known=known, doubts=doubts)
    assert text == "Coordinación Interinstitucional CCP"
    assert doubts == []


def test_a_lone_word_cut_inside_may_end_a_glyph_short_of_the_limit() -> None:
    # docx held-out 1414 `00` (LibreOffice, justified, no line-end spaces): the cell's lines
    # of several words reach 386.8 pt; 'Interinstitucio', cut because the word is wider than
    # the column, stops 5.7 pt (0.63 em) short, where its next glyph would not fit.
    def at(text: str, x0: float, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 9, 1, 9.0, False, space_after)

    lines = [
        [at("Equipo", 316.0, 173.2, 345.0, True), at("de", 375.65, 173.2, 386.76, None)],
        [at("Coordinación", 316.0, 183.7, 376.86, None)],
        [at("Interinstitucio", 316.0, 194.2, 381.07, None)],
        [at("nal", 316.0, 204.7, 329.97, True), at("CCP", 332.88, 204.7, 352.62, None)],
    ]
    text = join_lines(lines, right_limit=386.785, known=spanish("equipo", "ccp"))
    assert text == "Equipo de Coordinación Interinstitucional CCP"


def test_a_name_cut_where_it_starts_is_read_by_the_documents_printed_tokens() -> None:
    # reportlab held-out 1515 `06` (platypus, Times 8.5 pt): 'Paniamor-Programa' is wider
    # than the column, so platypus cuts it from where it starts: 'Fundación Paniam' /
    # 'or-Programa'. Neither reading is all words ('paniam', 'paniamor' are nobody's), but
    # the document prints 'Paniamor' first on a line elsewhere (before ' – Programa').
    def at(text: str, x0: float, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 8.5, 6, 8.5, False, space_after)

    lines = [
        [at("Fundación", 431.34, 274.64, 467.23, True), at("Paniam", 469.35, 274.64, 494.85, None)],
        [at("or-Programa", 431.34, 284.84, 474.3, None)],
    ]
    elsewhere = [
        at("Paniamor", 431.34, 392.84, 463.94, True),
        at("–", 466.04, 392.84, 470.29, None),
    ]
    # (Without it, the letters tell: `_spelled`, 'paniam' + the English 'or' spell more
    # than 'paniamor'.)
    known = vocabulary(frozenset({"fundación"}), printed_words([*lines[0], *lines[1], *elsewhere]))
    assert join_lines(lines, right_limit=497.2, known=known) == "Fundación Paniamor-Programa"


def test_a_printed_token_outweighs_the_lexicons_noise() -> None:
    # docx held-out 1414 `08` (LibreOffice, no line-end spaces, narrow columns): 'CONACOES'
    # is printed only first or last on lines, never whole, and cut 'CONAC' / 'OES'
    # elsewhere; wordfreq lists both pieces (each about one in 10⁷ words), not the name.
    assert read_line_end("CONAC", "OES", spanish()) is Reading.TWO_WORDS
    printed = vocabulary(frozenset(), frozenset({"conacoes"}))
    assert read_line_end("CONAC", "OES", printed) is Reading.ONE_WORD
    # ... never against two common words: 'dela' printed somewhere is no reason to glue.
    assert read_line_end("de", "la", vocabulary(frozenset(), frozenset({"dela"}))) is (
        Reading.TWO_WORDS
    )


def test_an_acronym_the_document_prints_elsewhere_is_a_word_at_a_line_end() -> None:
    # html held-out 1818 `07` (Chromium, no line-end spaces, 9 pt, a column 48 pt wide):
    # 'CONACOES' fills a line before 'ST de', and is printed whole at many other places,
    # but always first or last on a line, so never with a written space on both sides.
    # The lexicon knows neither 'conacoes' nor 'conacoesst'; an acronym's letters spell no
    # word, so the line end was left to geometry, which glued 'CONACOESST'.
    def at(text: str, x0: float, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 9.0, 11, 9.0, False, space_after)

    lines = [
        [at("de", 254.215, 291.75, 264.331, True), at("la", 266.896, 291.75, 274.105, None)],
        [at("CONACOES", 254.215, 300.75, 299.952, None)],
        [at("ST", 254.215, 309.75, 264.331, True), at("de", 266.86, 309.75, 276.976, None)],
        [at("CONACOES", 254.215, 318.75, 299.952, None)],
    ]
    every = [w for line in lines for w in line]
    printed = printed_words(every)
    once = vocabulary(frozenset({"de"}), printed)
    assert join_lines(lines, right_limit=302.9, known=once) == "de la CONACOESST de CONACOES"
    known = vocabulary(frozenset({"de"}), printed, unbroken_words(every))
    assert join_lines(lines, right_limit=302.9, known=known) == "de la CONACOES ST de CONACOES"
    # A piece printed at this line end only is no evidence: 'CONAC' / 'OES' stays one word
    # where the document prints 'CONACOES' (`test_a_printed_token_outweighs_...`).
    cut = [[at("CONAC", 254.215, 300.75, 283.0, None)], [at("OES", 254.215, 309.75, 270.0, None)]]
    pieces = [w for line in cut for w in line]
    known = vocabulary(frozenset(), printed_words([*pieces, *every]), unbroken_words(pieces))
    assert join_lines(cut, right_limit=283.5, known=known) == "CONACOES"


def test_an_acronym_cut_a_wide_letter_short_of_the_limit_is_joined_by_the_language() -> None:
    # reportlab held-out 2424 `10` (9 pt, a narrow column): ReportLab cuts 'CONACOES' where
    # the room runs out, after 'ST de CO', and leaves 5.5 pt before the cell's limit, the
    # capital 'N' it could not fit (more than `FULL_LINE_EM`, 5.4 pt). The document prints
    # 'CONACOES' whole elsewhere, so the language reads one word.
    def at(text: str, x0: float, top: float, x1: float) -> Word:
        return Word(text, x0, top, x1, top + 9.0, 4, 9.0, False, None)

    lines = [
        [
            at("ST", 260.3, 100.0, 272.3),
            at("de", 274.8, 100.0, 284.4),
            at("CO", 286.8, 100.0, 300.3),
        ],
        [at("NACOES", 260.3, 110.8, 299.0)],
    ]
    known = spanish("conacoes", "st", "de")
    assert join_lines(lines, right_limit=305.8) == "ST de CO NACOES"
    assert join_lines(lines, right_limit=305.8, known=known) == "ST de CONACOES"
    # Where the language does not read one word, the line end stays geometry's: two words.
    apart = [lines[0], [at("MSP", 260.3, 110.8, 280.0)]]
    assert join_lines(apart, right_limit=305.8, known=known) == "ST de CO MSP"


def test_a_word_cut_short_of_a_wide_first_letter_is_joined_by_the_language() -> None:
    # reportlab held-out 2323 `10` (DejaVu Sans Condensed 7.5 pt, platypus, no rules): the
    # line 'el funciona' stops 6 pt short of the column's widest line, the 'm' of 'miento'
    # it could not fit (wider than the mean letter of 'miento', 3.9 pt, and than
    # `FULL_LINE_EM`, 4.5 pt). 'funcionamiento' is far likelier than 'funciona miento'.
    def at(text: str, x0: float, x1: float, top: float) -> Word:
        return Word(text, x0, top, x1, top + 7.5, 2, 7.5, False, None)

    lines = [[at("el", 42.0, 48.9, 100.0), at("funciona", 50.8, 79.2, 100.0)]]
    cut = [*lines, [at("miento", 42.0, 65.6, 109.0)]]
    assert join_lines(cut, right_limit=85.24, known=spanish()) == "el funcionamiento"
    # The same room before a narrow first letter is a wrap between words, read by geometry.
    wrapped = [*lines, [at("inmediatamente", 42.0, 92.0, 109.0)]]
    assert join_lines(wrapped, right_limit=85.24, known=spanish()) == "el funciona inmediatamente"


def mono8(text: str, x0: float, top: float, space_after: bool | None, page: int = 8) -> Word:
    """A word of Liberation Mono 8 pt as LibreOffice sets it: every glyph 4.8 pt wide."""
    return Word(text, x0, top, x0 + 4.8 * len(text), top + 8.0, page, 8.0, False, space_after)


def cut_cell(x0: float, top: float, *lines: str) -> list[list[Word]]:
    """A cell of one word a line, 10.4 pt apart; a line ending inside a word (no trailing
    space in `lines`) gets no space written after it, as LibreOffice writes them."""
    return [
        [mono8(text.strip(), x0, top + 10.4 * n, text.endswith(" ") or n == len(lines) - 1)]
        for n, text in enumerate(lines)
    ]


def test_a_piece_printed_only_at_line_ends_is_no_word_however_often_it_recurs() -> None:
    # docx 2303 `04` (LibreOffice, Liberation Mono 8 pt, columns of 7 to 14 glyphs):
    # 'Interinstitucional' is cut twice in a 7-glyph column, 'Interin' / 'stituci' /
    # 'onal', in both cells that print it, and once in a 14-glyph column,
    # 'Interinstituci' / 'onal'. 'stituci' recurs, always ending a line: it was read as a
    # token of the document, 'stituci' / 'onal' as two words, and the cell as
    # 'Interinstituci onal' (the language spells 'stitucional' likelier than 'stituci'
    # apart from 'onal').
    lines = ("Equipo ", "de ", "Coordin", "ación ", "Interin", "stituci", "onal ", "CCP.")
    first = cut_cell(324.8, 347.1, *lines)
    second = cut_cell(278.7, 482.3, *lines)
    wider = cut_cell(199.3, 600.0, "Interinstituci", "onal ", "y")
    every = [w for cell in (first, second, wider) for line in cell for w in line]
    unbroken = unbroken_words(every)
    assert "stituci" not in unbroken.ends and "interinstituci" not in unbroken.ends
    assert "ccp" in unbroken.ends and "equipo" in unbroken.starts  # the cell's first and last
    known = vocabulary(whole_words(every), printed_words(every), unbroken)
    doubts: list[LineEnd] = []
    text = join_lines(first, right_limit=358.4, known=known, doubts=doubts)
    assert text == "Equipo de Coordinación Interinstitucional CCP."
    assert doubts == []


def test_a_word_cut_twice_is_judged_whole_when_its_first_cut_is_read_by_geometry() -> None:
    # docx 2303 `04`: an 8-glyph column cuts 'interinstitucional' twice, 'interins' /
    # 'titucion' / 'al'. Read from the last line end up, 'titucion' / 'al' is two words on
    # the fragment alone (the letters spelled are a close call); 'interins' / 'titucion',
    # two pieces nobody knows, is undecided and joined by geometry; the three pieces read
    # as one word decide both line ends.
    cell = cut_cell(77.5, 437.7, "la ", "articula", "ción ", "interins", "titucion", "al")
    every = [
        w
        for cells in (cell, cut_cell(77.5, 600.0, "interins", "titucion", "al"))
        for line in cells
        for w in line
    ]
    known = vocabulary(whole_words(every), printed_words(every), unbroken_words(every))
    doubts: list[LineEnd] = []
    text = join_lines(cell, right_limit=115.9, known=known, doubts=doubts)
    assert text == "la articulación interinstitucional"
    assert doubts == []


def test_a_fragment_is_not_glued_to_a_word_the_language_reads_apart_from_it() -> None:
    # The case the lead met in docx 2222 `00` (LibreOffice, justified, no line-end spaces):
    # 'y' ends a full line (justified lines all are), 'sistematic' fills the next, 'e'
    # opens the third. Where 'sistematic' / 'e' reads as two words (here: the document
    # prints 'sistematic' before a word elsewhere), the lone unknown 'sistematic' was taken
    # for a fragment of one word with both neighbours, 'ysistematice'; but 'y' / 'sistematic'
    # alone reads as two words ('y' is one), so the fragment does not go on 'y'.
    def at(text: str, x0: float, top: float) -> Word:
        return mono8(text, x0, top, None)

    lines = [
        [at("describa", 0.0, 0.0), at("y", 43.2, 0.0)],
        [at("sistematic", 0.0, 10.4)],
        [at("e", 0.0, 20.8), at("buenas", 9.6, 20.8)],
    ]
    known = vocabulary(frozenset(), unbroken=Unbroken(ends=frozenset({"sistematic"})))
    assert read_line_end("sistematic", "e", known) is Reading.TWO_WORDS
    assert read_line_end("y", "sistematic", known) is Reading.TWO_WORDS
    text = join_lines(lines, right_limit=48.0, known=known)
    assert text == "describa y sistematic e buenas"


def test_a_word_cut_right_before_its_hyphen_is_joined_and_reported() -> None:
    # docx 2306 `10` (LibreOffice, Liberation Mono 8 pt, an 8-glyph column): 'Paniamor-'
    # and 'Paniamor-Programa' are wider than the column and cut at its edge, right before
    # the hyphen: 'Paniamor' / '-' / 'Programa'. A line opening with a symbol was read as a
    # new item, 'Paniamor - Programa'; the hyphen goes on the word the edge cut, and only
    # geometry says so: reported.
    def cell(after_hyphen: bool) -> list[list[Word]]:
        return [
            [mono8("Fundació", 321.8, 115.9, False)],
            [mono8("n", 321.8, 125.0, True)],
            [mono8("Paniamor", 321.8, 134.0, False)],
            [mono8("-", 321.8, 143.1, after_hyphen)],
            [mono8("Programa", 321.8, 152.1, True)],
        ]

    doubts: list[LineEnd] = []
    text = join_lines(cell(True), right_limit=360.2, known=spanish(), doubts=doubts)
    assert text == "Fundación Paniamor- Programa"
    assert [(d.left.text, d.right.text, d.joined) for d in doubts] == [("Paniamor", "-", True)]
    assert join_lines(cell(False), right_limit=360.2, known=spanish()) == (
        "Fundación Paniamor-Programa"
    )
    # A line short of the edge ends where a word does: a hyphen opening the next is a dash.
    short = [[mono8("Grupo", 321.8, 134.0, False)], [mono8("-", 321.8, 143.1, True)]]
    assert join_lines(short, right_limit=360.2, known=spanish()) == "Grupo -"


def test_a_stem_cut_before_two_tails_is_no_word() -> None:
    # docx 2303 `04`: the same column cuts 'sistematización' and 'sistematice' after the
    # same nine glyphs; 'sistemati' recurring before 'zación' made 'sistemati' / 'ce' two
    # words ('ce' is a word of the lexicon).
    cells = [
        cut_cell(373.9, 632.3, "sistemati", "zación "),
        cut_cell(373.9, 150.0, "describa ", "y ", "sistemati", "ce ", "buenas"),
    ]
    every = [w for cell in cells for line in cell for w in line]
    known = vocabulary(whole_words(every), printed_words(every), unbroken_words(every))
    assert join_lines(cells[1], right_limit=417.1, known=known) == ("describa y sistematice buenas")
    assert read_line_end("sistemati", "ce", known) is Reading.ONE_WORD


def test_a_fragment_after_a_line_end_read_apart_stays_apart() -> None:
    # html 2121 `02` (Chromium, no line-end spaces, a column one word wide): 'Fundación' /
    # 'PANIAMOR' / '–' each fills a line. The middle line, a name the lexicon does not know,
    # was taken for a fragment of one word ('FundaciónPANIAMOR–': the document prints the
    # dash between two words elsewhere, so 'fundaciónpaniamor' spelled apart from it
    # was the unlikelier reading), although no word turns to capitals there and a dash
    # alone is a word of its own.
    def at(text: str, x0: float, top: float, x1: float) -> Word:
        return Word(text, x0, top, x1, top + 8.5, 3, 8.4975, False, None)

    lines = [
        [at("Fundación", 318.387, 701.753, 357.393)],
        [at("PANIAMOR", 318.387, 711.503, 358.798)],
        [at("–", 318.387, 721.253, 322.202)],
        [at("Programa", 318.387, 731.003, 355.282)],
    ]
    elsewhere = [at("Paniamor", 60.0, 100.0, 95.0), at("–", 98.0, 100.0, 102.0)]
    every = [*(w for line in lines for w in line), *elsewhere, at("Programa", 105.0, 100.0, 140.0)]
    known = vocabulary(frozenset(), printed_words(every), unbroken_words(every))
    assert join_lines(lines, right_limit=358.901, known=known) == "Fundación PANIAMOR – Programa"
    assert read_line_end("FundaciónPANIAMOR", "–", known) is Reading.TWO_WORDS


def test_a_lone_word_filling_its_line_is_likelier_cut_than_ending_there() -> None:
    # html held-out 1818 `02` (Chromium, Liberation Mono 8.5 pt, no line-end spaces): the
    # column holds 13 glyphs; '“Masculinidades,' (16) is cut after its 13th, '“Masculinidad'
    # / 'es,'. The lexicon makes it a close call ('masculinidades' 10^-6.95 against
    # 10^-5.74 · 10^-1.98), which was read as two words; a whole word ending exactly at the
    # limit is the unlikely reading of that line.
    def at(text: str, x0: float, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 8.5, 6, 8.4975, False, space_after)

    lines = [
        [at("el", 185.379, 547.253, 195.576, True), at("Módulo", 200.674, 547.253, 231.265, None)],
        [at("“Masculinidad", 185.379, 557.003, 251.659, None)],
        [at("es,", 185.379, 566.753, 200.674, None)],
        [
            at("juventudes", 185.379, 576.503, 236.364, True),
            at("y", 241.462, 576.503, 246.561, None),
        ],
    ]
    text = join_lines(lines, right_limit=251.66, known=spanish("es", "y"))
    assert text == "el Módulo “Masculinidades, juventudes y"
    # The same line ending two glyphs short of the limit ends where a whole word does.
    short = [lines[0], [replace(lines[1][0], x1=241.46)], *lines[2:]]
    text = join_lines(short, right_limit=251.66, known=spanish("es", "y"))
    assert text == "el Módulo “Masculinidad es, juventudes y"


@pytest.mark.parametrize(
    ("left", "right", "reading"),
    [
        ("requerimient", "os", Reading.ONE_WORD),
        ("de", "capacitación", Reading.TWO_WORDS),
        ("Progra", "ma", Reading.ONE_WORD),
        ("trimestre", "2023.", Reading.TWO_WORDS),
        ("VIH-", "SIDA,", Reading.ONE_WORD),
        ("–", "Programa", Reading.TWO_WORDS),
        ("Personas-", "Explotación", Reading.UNDECIDED),
        ("Paniamor-", "Programa", Reading.PROBABLY_TWO),
        ("e-", "learning", Reading.ONE_WORD),
    ],
)
def test_read_line_end(left: str, right: str, reading: Reading) -> None:
    assert read_line_end(left, right, spanish()) is reading


@pytest.mark.parametrize(
    ("left", "right", "words"),
    [
        ("Personas-", "Explotación", True),  # the orthographic compound of two words
        ("teórico-", "práctico,", True),
        ("Paniamor-", "Programa", False),  # a name the lexicon does not know
        ("ST-", "CONACOES", False),
        ("s-", "Programa", False),  # a letter on its own is no word
        ("Personas", "Explotación", False),  # no hyphen
        ("Personas-", "-", False),
    ],
)
def test_a_hyphen_line_end_between_two_words_of_the_lexicon(
    left: str, right: str, words: bool
) -> None:
    assert compound_of_words(left, right, spanish()) is words


def test_a_word_nobody_knows_beside_a_known_word_is_read_by_its_letters() -> None:
    # docx held-out 1717 `01` (LibreOffice, DejaVu Serif 9 pt, portrait): 'sistematice' (a
    # subjunctive wordfreq does not list) fills a line before 'buenas', with no space
    # written (LibreOffice drops the one that does not fit before the cell's edge). Both
    # readings hold a word nobody knows; gluing spells six more unknown letters for
    # nothing, so the known word stands apart. Geometry glued them.
    def at(text: str, x0: float, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 9.0, 10, 9.0, False, space_after)

    lines = [
        [at("describa", 396.5, 139.3, 435.533, True), at("y", 438.341, 139.3, 443.435, True)],
        [at("sistematice", 396.5, 150.6, 448.286, False)],
        [at("buenas", 396.5, 161.9, 429.098, True)],
        [at("prácticas.", 396.5, 173.2, 441.32, None)],
    ]
    text = join_lines(lines, right_limit=449.0, known=spanish())
    assert text == "describa y sistematice buenas prácticas."
    assert read_line_end("sistematice", "y", spanish()) is Reading.TWO_WORDS

    # docx held-out 1414 `08`: 'de Agentes' / 'ementores' / '(e-' / 'learning,' in a
    # narrow column, no line-end spaces; the lone unknown 'ementores' between two full lines
    # was tried as a fragment of one word with the next line, whose '(' was stripped: an
    # opening mark starts a word.
    def narrow(text: str, x0: float, top: float, x1: float) -> Word:
        return Word(text, x0, top, x1, top + 9.0, 6, 9.0, False, None)

    cell = [
        [narrow("de", 433.6, 351.0, 442.087), narrow("Agentes", 444.886, 351.0, 474.352)],
        [narrow("ementores", 433.6, 362.9, 470.545)],
        [narrow("(e-", 433.6, 374.8, 443.581)],
        [narrow("learning,", 433.6, 386.7, 465.307)],
    ]
    assert join_lines(cell, right_limit=474.37, known=spanish()) == (
        "de Agentes ementores (e-learning,"
    )
    assert read_line_end("Agentesementores", "(e-", spanish()) is Reading.TWO_WORDS
    # An acronym's letters spell no word (html 1717 `01`: 'STCNNA' / 'ST', two acronyms the
    # 2024 plan prints side by side): left undecided, to geometry, as before.
    assert read_line_end("STCNNA", "ST", spanish()) is Reading.UNDECIDED


def test_a_plans_name_cut_at_a_line_end_is_one_word_where_nothing_else_tells() -> None:
    # Held-out Calc 4953 `09` (no line-end spaces, a narrow column): `INAMU/ PLANOVI`, the
    # name wider than the column, cut `PLANOV` / `I` and printed nowhere else. Neither the
    # lexicon nor the document knows either reading: undecided, a warning on an exact
    # document. The gazetteer lists `PLANOVI` (`plan_names`): one word.
    assert read_line_end("PLANOV", "I", spanish()) is Reading.ONE_WORD
    # Pieces whose joined word is no name stay undecided, as before ...
    assert read_line_end("PLANOV", "X", spanish()) is Reading.UNDECIDED
    # ... and a reading the lexicon decides stays the lexicon's (`STCNNA` / `ST`, the 2024
    # plan's two acronyms side by side, is no name joined).
    assert read_line_end("STCNNA", "ST", spanish()) is Reading.UNDECIDED
    # Held-out fpdf 4959 `05`: `CONATT` / `MSP`, two names of the gazetteer printed once,
    # across a line end: two words (undecided before, a warning on an exact document).
    assert read_line_end("CONATT", "MSP", spanish()) is Reading.TWO_WORDS


def test_a_close_call_is_two_words_unless_the_document_prints_the_joined_form() -> None:
    # The clitic 'fortalecerlas' is about as likely as 'fortalecer' + 'las' (docx held-out
    # 1414 `01`, 1515 `05`), 'proporcionara' as 'proporcionar' + 'a' (1515 `02`): a line
    # wraps between words far more often than inside one.
    assert read_line_end("Fortalecer", "las", spanish()) is Reading.TWO_WORDS
    assert read_line_end("Proporcionar", "a", spanish()) is Reading.TWO_WORDS
    assert read_line_end("de", "sensibilización", spanish()) is Reading.TWO_WORDS
    printed = vocabulary(frozenset(), frozenset({"fortalecerlas"}))
    assert read_line_end("Fortalecer", "las", printed) is Reading.UNDECIDED


def test_a_word_opening_a_line_after_a_written_line_end_space_is_whole() -> None:
    # docx held-out 1515 `02` (LibreOffice, portrait A4, narrow columns): 'CONACOES' is
    # never printed between two spaces of one line, only first on a line after a line end
    # where the space was written; elsewhere it is cut, 'CONAC' / 'OES'.
    lines = [
        word("como", 0, 0, True),
        word("instancia", 30, 0, True),
        word("de", 90, 0, True),  # the line wrapped between words: the space is written
        word("CONACOES", 0, 12, True),
        word("en", 54, 12, True),
        word("CONAC", 0, 24, False),  # cut: no space where the line ends
        word("OES.", 0, 36, None),
    ]
    assert whole_words(lines) == {"instancia", "de", "conacoes", "en"}
    known = spanish(*whole_words(lines))
    cut = [[word("CONAC", 0, 24, False)], [word("OES.", 0, 36, None)]]
    assert join_lines(cut, right_limit=31, known=known) == "CONACOES."


def test_bullet_on_the_next_line_keeps_its_space() -> None:
    lines = [[word("a:", 0, 0, False)], [word("✓", 0, 12, True), word("Personal", 10, 12, True)]]
    assert join_lines(lines) == "a: ✓ Personal"


def test_punctuation_pushed_to_the_next_line_joins_unless_a_space_was_printed() -> None:
    assert (
        join_lines([[word("Reglamento", 0, 0, False)], [word(".", 0, 12, True)]]) == "Reglamento."
    )
    assert join_lines([[word("2023", 0, 0, True)], [word(".", 0, 12, True)]]) == "2023 ."


def mono(text: str, x0: float, top: float, space_after: bool | None) -> Word:
    """A word set in Liberation Mono 9 pt, as LibreOffice places it: 5.4 pt a glyph."""
    return Word(text, x0, top, x0 + 5.4 * len(text), top + 9, 1, 9.0, False, space_after)


def test_a_mark_that_would_have_fitted_with_its_word_was_wrapped_at_a_space() -> None:
    # docx held-out 1515 `05` (LibreOffice, Liberation Mono 9 pt): the source's 'trimestre
    # 2024 .' fills a cell's line with 'trimestre 2024'; the space before the full stop does
    # not fit and is not written, and the full stop opens the next line. '2024.' as one word
    # would have fitted on a line of its own, so a producer wrapping at spaces would have
    # moved it whole: the break was at the space.
    lines = [
        [mono("trimestre", 592.5, 266.2, True), mono("2024", 646.5, 266.2, False)],
        [mono(".", 592.5, 277.9, None)],
    ]
    assert join_lines(lines, right_limit=668.1, known=spanish()) == "trimestre 2024 ."
    # Without the cell's limit nothing says the two would have fitted: pushed off the word.
    assert join_lines(lines) == "trimestre 2024."
    # A word wider than the cell is cut anywhere, before its full stop too.
    cut = [[mono("interinstitucional", 592.5, 0, None)], [mono(".", 592.5, 12, None)]]
    assert join_lines(cut, right_limit=592.5 + 5.4 * 18, known=spanish()) == "interinstitucional."


def test_a_slash_pushed_to_the_next_line_joins_the_word_before() -> None:
    lines = [[word("observadores", 0, 0, False)], [word("/as", 0, 12, True)]]
    assert join_lines(lines, right_limit=72) == "observadores/as"
    lines = [[word("observadores", 0, 0, None)], [word("/as", 0, 12, None)]]
    assert join_lines(lines, right_limit=72, known=spanish()) == "observadores/as"
    # ... and where the producer writes line-end spaces, a slash ending a line without one
    # binds the next line's word, without a doubt (after no space evidence, 'INAMU/' /
    # 'PLANOVI' is left to the rest of the decision)
    lines = [[word("observadores/", 0, 0, False)], [word("as", 0, 12, True)]]
    doubts: list[LineEnd] = []
    assert join_lines(lines, right_limit=78, known=spanish(), doubts=doubts) == "observadores/as"
    assert doubts == []


def test_a_line_ending_after_a_slash_is_read_by_the_documents_usage() -> None:
    # WeasyPrint breaks a line after a slash and writes no space at line ends (weasy 3131
    # `01`: 'metas y/' / 'o acciones', where the document prints 'y/o' on another line).
    lines = [
        [word("metas", 0, 0, True), word("y/", 36, 0, None)],
        [word("o", 0, 12, True), word("acciones", 12, 12, None)],
    ]
    printed = vocabulary(frozenset(), printed=frozenset({"y/o"}))
    doubts: list[LineEnd] = []
    assert join_lines(lines, right_limit=48, known=printed, doubts=doubts) == "metas y/o acciones"
    assert doubts == []
    # The document prints 'y/' before a space: two words, as printed.
    assert join_lines(lines, right_limit=48, known=spanish("y/")) == "metas y/ o acciones"
    # It prints neither: a slash before a lowercase letter joins, and is reported (the review
    # confirms it where the document glues every slash so).
    assert join_lines(lines, right_limit=48, known=spanish(), doubts=doubts) == "metas y/o acciones"
    assert [(d.left.text, d.right.text, d.joined) for d in doubts] == [("y/", "o", True)]
    # Before a capital it parts two names, as the plans print 'INAMU/ PLANOVI'; a slash
    # standing alone is a word of its own ('a / b').
    doubts.clear()
    names = [[word("INAMU/", 0, 0, None)], [word("PLANOVI", 0, 12, None)]]
    assert join_lines(names, right_limit=48, known=spanish(), doubts=doubts) == "INAMU/ PLANOVI"
    assert doubts == []
    spaced = [[word("uno", 0, 0, True), word("/", 24, 0, None)], [word("otro", 0, 12, None)]]
    assert join_lines(spaced, right_limit=30, known=spanish(), doubts=doubts) == "uno / otro"
    assert doubts == []


def test_a_word_the_document_prints_unbroken_on_both_sides_is_read_whole() -> None:
    # reportlab 3131 `04`: 'Paniamor- Programa' cut at the column's edge as 'Program' / 'a'.
    # 'programa' would have fitted on the next line, which leaves the lexicon's odds
    # (against the English 'program' and 'a') too close to call; the document prints
    # 'Programa' before a word on its line and after a compound's hyphen, nowhere next to a
    # line end on both sides, and never 'Program': one word.
    lines = [
        [word("Paniamor-", 0, 0, True), word("Program", 60, 0, None)],
        [word("a", 0, 12, True), word("Cultura", 12, 12, None)],
    ]
    printed = frozenset({"paniamor-", "program", "a", "cultura", "programa"})
    seen = Unbroken(ends=frozenset({"programa"}), starts=frozenset({"programa"}))
    known = vocabulary(frozenset({"cultura"}), printed, seen)
    assert join_lines(lines, right_limit=102, known=known) == "Paniamor- Programa Cultura"
    # Printed only first on its lines (`Unbroken.ends`), nothing says it is whole: reported.
    seen = Unbroken(ends=frozenset({"programa"}))
    doubts: list[LineEnd] = []
    text = join_lines(
        lines, right_limit=102, known=vocabulary(frozenset(), printed, seen), doubts=doubts
    )
    assert text == "Paniamor- Program a Cultura"
    assert [(d.left.text, d.right.text, d.joined) for d in doubts] == [("Program", "a", False)]


def test_a_break_after_punctuation_is_a_space_even_without_a_printed_one() -> None:
    assert join_lines([[word("Ltd.,", 0, 0, False)], [word("Plot", 0, 12, True)]]) == "Ltd., Plot"


def test_the_lexicon_is_read_as_wordfreq_reads_it() -> None:
    """The language module reads wordfreq's list file itself (wordfreq's import costs more
    than the list): the same buckets as wordfreq's own reading, and the lexicon built from
    them gives wordfreq's frequencies."""
    from wordfreq import get_frequency_list, word_frequency

    from plan_extract.pdf.language import LANGUAGE, WORDLIST, frequency_buckets, spanish_lexicon

    assert frequency_buckets() == get_frequency_list(LANGUAGE, WORDLIST)
    lexicon = spanish_lexicon()
    for word in ("de", "capacitación", "requerimientos", "paniamor"):
        expected = word_frequency(word, LANGUAGE, WORDLIST)  # rounded to 3 significant digits
        got = 10 ** lexicon[word] if word in lexicon else 0.0
        assert got == pytest.approx(expected, rel=5e-3)


def test_the_compact_lexicon_holds_every_word_at_its_frequency() -> None:
    """The compact lexicon lists wordfreq's words, all of them and nothing else, each at its
    bucket's frequency (every word listed; the lookups sampled across every bucket)."""
    from plan_extract.pdf.language import bucket_log10, frequency_buckets, spanish_lexicon

    buckets = frequency_buckets()
    lexicon = spanish_lexicon()
    assert list(lexicon) == sorted(word for bucket in buckets for word in bucket)
    for index, bucket in enumerate(buckets):
        for word in bucket[::29] + bucket[-1:]:
            assert lexicon[word] == bucket_log10(index)
    assert lexicon["de"] == pytest.approx(-1.19) and lexicon["capacitación"] < lexicon["de"]
    for stranger in ("decapacitación", "requerimient", "", "de ", "\udc80"):
        assert stranger not in lexicon and lexicon.get(stranger) is None


def test_the_compact_lexicon_is_built_once_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first use writes the compact file into the cache folder; a file that is not one
    (cut short, another format) is built again rather than read."""
    import mmap

    from plan_extract.pdf import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = language.wordlist_file()
    assert source is not None
    cached = language.lexicon_file(source)
    assert cached.parent.parent == tmp_path
    cached.parent.mkdir(parents=True)
    cached.write_bytes(language.LEXICON_MAGIC + b"\xff\xff\xff\x7f")  # claims 2³¹ words
    language.spanish_lexicon.cache_clear()
    try:
        built = language.spanish_lexicon()
        assert built["requerimientos"] > built["requerimiento"] - 3
        language.spanish_lexicon.cache_clear()
        mapped = language.spanish_lexicon()
        assert isinstance(mapped, language.CompactLexicon)
        assert isinstance(mapped._data, mmap.mmap)  # read from the file written above
        assert len(mapped) == len(built) > 300_000
        assert mapped["requerimientos"] == built["requerimientos"]
    finally:
        language.spanish_lexicon.cache_clear()


def test_words_by_height_finds_what_a_scan_of_every_word_finds() -> None:
    """`WordsByHeight` answers as the scans it replaces (the header finder's line of a word,
    the review's words of a band), words in the same order: lines at equal heights, repeated
    heights and middles exactly a reach away included."""
    import random

    rng = random.Random(7)
    words = [
        Word(f"w{i}", x0, top, x0 + 30, top + size, 1, size, False, True)
        for i in range(300)
        for x0 in [rng.choice([10.0, 50.0, 90.0])]
        for size in [rng.choice([8.0, 9.0, 10.5])]
        for top in [rng.choice([100.0, 112.5, 125.0]) + rng.randrange(0, 400) / 4]
    ]
    index = WordsByHeight(words)
    for word in words:
        for reach in (0.4 * word.size, 2.5, 12.5):
            scan = [w for w in words if abs(w.ymid - word.ymid) < reach]
            assert index.near(word.ymid, reach) == scan
        top, bottom = word.top, word.bottom
        scan = sorted((w for w in words if top <= w.ymid <= bottom), key=lambda w: w.ymid)
        assert index.between(top, bottom) == scan


def test_a_word_cut_twice_round_a_fragment_the_lexicon_lists_is_judged_whole() -> None:
    # held-out docx 3939 `03` (LibreOffice, a 6-glyph column, no line-end space after a cut):
    # 'competencias' cut twice, 'compe' / 'tencia' / 's de la'. wordfreq lists 'tencia'
    # (one in 10^7.3), so it was no fragment nobody knows; 'tencia' / 's' alone reads
    # apart ('s' a word the document prints, 'tencias' none), and the cell read 'competencia
    # s de la'. 'compe' / 'tencia' reads one word: the three pieces are judged whole.
    def at(text: str, top: float, x0: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, x0, top, x1, top + 9, 8, 9.0, False, space_after)

    lines = [
        [at("compe", 549.9, 319.0, 349.02, False)],
        [at("tencia", 560.4, 319.0, 346.95, False)],
        [at("s", 570.9, 319.0, 323.62, True), at("de", 570.9, 326.49, 337.5, True)],
    ]
    doubts: list[LineEnd] = []
    text = join_lines(lines, right_limit=350.55, known=spanish("s", "de"), doubts=doubts)
    assert text == "competencias de"
    assert doubts == []


def test_a_word_cut_twice_is_judged_whole_where_its_first_piece_is_a_rare_word() -> None:
    # Word/HTML docx 1282 `02` (LibreOffice, Liberation Mono, justified, a 6-glyph column):
    # 'Interinstitucional' is cut twice, 'Interi' / 'nstitu' / 'cional'. The lexicon lists
    # 'interi' and 'cional' as rare words (one in 10^7.5 and 10^7), about what their
    # letters cost spelled as an unknown word's: each line end alone is a close call by the
    # letters, read as two words, so the first was no fragment's, and the cell read
    # 'Interi nstitu cional' with no doubt. The three pieces spell a word the lexicon knows.
    cell = cut_cell(
        316.7, 300.0, "Equipo ", "de ", "Coordi", "nación ", "Interi", "nstitu", "cional ", "CCP"
    )
    every = [w for line in cell for w in line]
    known = vocabulary(whole_words(every), printed_words(every), unbroken_words(every))
    assert read_line_end("Interi", "nstitu", known) is Reading.TWO_WORDS
    assert read_line_end("nstitu", "cional", known) is Reading.TWO_WORDS
    doubts: list[LineEnd] = []
    text = join_lines(cell, right_limit=347.2, known=known, doubts=doubts)
    assert text == "Equipo de Coordinación Interinstitucional CCP"
    assert doubts == []
