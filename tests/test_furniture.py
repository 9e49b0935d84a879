"""Signature stamps as page furniture (`plan.furniture`): the block of words around a stamp's
marker phrase, and what stays out of it."""

from __future__ import annotations

from plan_extract.pdf.reader import PageContent, Word
from plan_extract.pdf.text import line_text
from plan_extract.plan.furniture import _running_lines, _stamps, find_furniture
from plan_extract.plan.vocabulary import load_vocabulary
from plan_extract.tables.page_grid import Edge

GLYPH = 0.5
"""Em: a rough glyph width, enough for words' boxes to sit as printed."""


def line(text: str, x0: float, top: float, size: float, page: int = 1) -> list[Word]:
    out, x = [], x0
    for part in text.split():
        width = GLYPH * size * len(part)
        out.append(Word(part, x, top, x + width, top + size, page, size, False, True))
        x += width + GLYPH * size
    return out


def title_rows_page(page: int) -> PageContent:
    """A section's first page as its title rows open it: the running header, then two title
    rows at their heights (the slots a page header of its own text takes on other pages)."""
    lines = [
        line("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN", 296, 17.6, 7, page),
        line("Plan de Trabajo 2024", 380, 35.5, 8, page),
        line("Comisión Nacional contra la Explotación", 330, 44.7, 8, page),
    ]
    return PageContent(page, 842, 595, [w for ln in lines for w in ln])


def test_a_larger_title_set_close_under_a_one_line_stamp_is_no_part_of_it() -> None:
    # Sections run on: a browser sets the next section's title (8.5 pt) 6.5 pt under the
    # previous section's one-line stamp (7 pt), within the stamp's leading; the title
    # rows and the general objective under them are the section's, not the stamp's.
    stamp = line("Firmado digitalmente por GLORIANA EDUARTE Fecha: 2023.02.27 11:55:44", 68, 540, 7)
    title = line("Plan de Trabajo 2023", 256, 553.5, 8.5)
    title += line("SUBCOMISIÓN DE TRABAJO ATENCIÓN INTEGRAL", 164, 562, 8.5)
    page = PageContent(1, 595, 842, stamp + title)
    (found,) = _stamps(page, load_vocabulary(), [])
    assert {w.seq for w in found.words} == {w.seq for w in stamp}
    assert found.signer == "GLORIANA EDUARTE"


def test_a_stamp_block_keeps_its_lines_and_the_large_name_beside_them() -> None:
    # A block stamp: the small print over several lines, the signer's name set large beside
    # it on the same lines: all one stamp.
    small = line("Firmado digitalmente por", 300, 100, 6)
    small += line("GLORIANA EDUARTE", 300, 107, 6) + line("Fecha: 2024.02.27", 300, 114, 6)
    name = line("GLORIANA", 240, 100, 11) + line("EDUARTE", 240, 112, 11)
    page = PageContent(1, 595, 842, small + name)
    (found,) = _stamps(page, load_vocabulary(), [])
    assert {w.seq for w in found.words} == {w.seq for w in small + name}


def test_a_stamp_s_lines_set_a_paragraph_apart_are_the_stamp_s_down_to_its_date() -> None:
    # held-out docx 4949 `06` (a block stamp of Word paragraphs at the top of the page after
    # a section's table): 7 pt lines 16.6 pt apart, 9.5 pt of blank between, more than the
    # stamp's own leading (`_near`); only the marker line was the stamp's, and the signer's
    # name, the date and the time, in the responsible column's width, were read as the rest
    # of the table's last row on the page before (its responsible `… Tecnológica. GLORIANA
    # EDUARTE HERNANDEZ (FIRMA) Fecha: 2024.02.27 11:55:44 -06'00'`).
    name = [
        w
        for k, text in enumerate(["GLORIANA", "EDUARTE", "HERNANDEZ", "(FIRMA)"])
        for w in line(text, 72.1, 70.2 + 21.4 * k, 11)
    ]
    texts = [
        "Firmado digitalmente por",
        "GLORIANA EDUARTE",
        "HERNANDEZ (FIRMA)",
        "Fecha: 2024.02.27",
        "11:55:44 -06'00'",
    ]
    small = [w for k, text in enumerate(texts) for w in line(text, 396.1, 70.9 + 16.6 * k, 7)]
    title = line("Plan de Trabajo 2024", 339.1, 174.2, 9.5)
    page = PageContent(1, 792, 612, name + small + title)
    (found,) = _stamps(page, load_vocabulary(), [])
    assert {w.seq for w in found.words} == {w.seq for w in name + small}
    assert found.signer == "GLORIANA EDUARTE HERNANDEZ (FIRMA)"
    assert found.signed_at == "2024-02-27T11:55:44-06:00"
    # Lines in the stamp's print under its marker that bring no date are not the stamp's
    # (a table's cells set in the same print right under a one-line marker).
    cells = [
        w for k in range(1, 5) for w in line("Reuniones ordinarias", 396.1, 70.9 + 16.6 * k, 7)
    ]
    page = PageContent(1, 792, 612, name + small[:3] + cells)
    (found,) = _stamps(page, load_vocabulary(), [])
    assert {w.seq for w in found.words} == {w.seq for w in name + small[:3]}


def test_a_cells_last_lines_in_the_slots_of_title_rows_are_no_running_lines() -> None:
    # Two section title rows open pages 1 and 2 (recurring at the same heights on
    # consecutive pages). Page 3 opens with a merged cell's last three lines, justified
    # in its column: the first two sit at the title rows' heights, the third does not; the
    # three are one text block, the cell's, not a page header of the page's own text.
    pages = [title_rows_page(n) for n in (1, 2)]
    rest = [
        line("inserción de metas y/o", 140.4, 36.3, 7, 3),
        line("acciones para el combate", 140.4, 44.4, 7, 3),
        line("de la ESC.", 140.4, 52.4, 7, 3),
    ]
    header = line("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN", 296, 17.6, 7, 3)
    pages.append(PageContent(3, 842, 595, header + [w for ln in rest for w in ln]))
    running = _running_lines(pages, frozenset(), [[], [], []], [set(), set(), set()])
    assert [line_text(ln) for ln in running[3]] == ["COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN"]
    assert len(running[1]) == 3


def test_a_cut_rows_last_line_at_the_head_of_the_last_page_is_no_running_line() -> None:
    # Word/HTML 1079 docx `01`: the plan's last page holds only a row cut by the page break,
    # its last line ('CONACOES', the second of its target cell) the page's lowest, at the
    # height of a cell's line on the page before. Walking up from the page's foot it read
    # as a running footer's line, and was recorded as a running header (upper half): lost
    # from its cell. A line in the upper half is no footer.
    header = "COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN"
    before = [
        line(header, 296, 35.8, 7, 1),
        line("Objetivo General: Fortalecer el abordaje", 72, 80, 7, 1),
        line("CONACOES", 610, 109, 7, 1),
        line("Integrantes de la", 610, 130, 7, 1),
        line("Subcomisión de Trabajo", 610, 140, 7, 1),
    ]
    last = [
        line(header, 296, 35.8, 7, 2),
        line("ESC. conforma la CONACOES.", 167, 99.3, 7, 2),
        line("CONACOES", 610, 109, 7, 2),
    ]
    pages = [
        PageContent(n, 842, 595, [w for ln in lines for w in ln])
        for n, lines in ((1, before), (2, last))
    ]
    running = _running_lines(pages, frozenset(), [[], []], [set(), set()])
    assert [line_text(ln) for ln in running[2]] == [header]


def test_a_repeated_cells_last_lines_at_two_pages_feet_are_no_running_footer() -> None:
    # Flat (unmerged) hierarchy cells repeat the action on every row: its last lines end
    # two consecutive pages at the same heights, every line in the footer band recurring;
    # the action's text above them, out of the band, says they are the cell's.
    def page(number: int) -> PageContent:
        texts = ["para la", "prevención y", "protección ante", "situaciones de ESC,"]
        texts += ["dirigidas a", "NNA"]
        cell = [line(text, 34, 520 + 9.5 * i, 7, number) for i, text in enumerate(texts)]
        footer = line("CONACOES", 380, 580, 7, number)
        return PageContent(number, 842, 595, [w for ln in [*cell, footer] for w in ln])

    running = _running_lines([page(1), page(2)], frozenset(), [[], []], [set(), set()])
    assert [line_text(ln) for ln in running[1]] == ["CONACOES"]


def test_glyph_pieces_of_a_line_clipped_at_a_pages_foot_are_furniture() -> None:
    # A browser cuts a cell's line at the page break, prints it whole at the top of the next
    # page and, clipped at this page's foot, the glyphs that reach above the cut: `ó` of
    # 'prevención', the stems of `d` and `l` of 'de la', each a word of its own; a word
    # whose every glyph reaches above the cut ('dé') is a piece too.
    last = line("promoción y", 40.7, 558.3, 8)
    pieces = [
        Word(text, x, 574.0, x + 4.5 * len(text), 582.0, 1, 8, False, None)
        for text, x in (("ó", 75.8), ("d", 88.3), ("l", 100.7), ("dé", 212.0))
    ]
    before = PageContent(1, 792, 612, last + pieces)
    head = line("prevención de la", 40.7, 34.0, 8, 2) + line("ESCNNA", 40.7, 42.0, 8, 2)
    head += line("se dé respuesta", 200.0, 34.0, 8, 2)
    after = PageContent(2, 792, 612, head)
    found = find_furniture([before, after], load_vocabulary())
    assert [w.text for w in found.clipped] == ["ó", "d", "l", "dé"]
    assert {w.seq for w in pieces} <= found.word_ids
    # A last line of whole words, even ones the next page prints, is the page's text.
    whole = line("de la", 88.3, 574.0, 8)
    kept = find_furniture([PageContent(1, 792, 612, last + whole), after], load_vocabulary())
    assert not kept.clipped


def test_glyph_pieces_of_a_line_clipped_at_a_pages_top_are_furniture() -> None:
    # html held-out 1919 `07`: the mirror of the above. Chromium keeps a cell's line at the
    # page's foot ('más alto riesgo para la'), the break cutting through its descenders, and
    # prints at the next page's top the tails of `g` and `p`, each a word: as a line of that
    # page they stood above the rest of the cut cell, which was lost.
    last = line("más alto riesgo para la", 224.7, 560.0, 7)
    riesgo, para = last[2], last[3]
    tails = [
        Word(text, x, 20.0, x + 4.5, 27.0, 2, 7, False, None)
        for text, x in (("g", riesgo.x0 + 4 * (riesgo.x1 - riesgo.x0) / 6), ("p", para.x0))
    ]
    rest = line("ESCNNA, mediante la", 224.7, 26.8, 7, 2)
    before = PageContent(1, 842, 595, line("Realizar procesos", 224.7, 540.0, 7) + last)
    found = find_furniture([before, PageContent(2, 842, 595, tails + rest)], load_vocabulary())
    assert [w.text for w in found.clipped] == ["g", "p"]
    # The rest of the cell opening the page is text, pieces or none above it.
    alone = find_furniture([before, PageContent(2, 842, 595, rest)], load_vocabulary())
    assert not alone.clipped and not {w.seq for w in rest} & alone.word_ids


def test_a_cells_last_word_in_a_ruled_table_at_a_title_rows_height_is_no_running_line() -> None:
    # A title row opens pages 1 and 2 (recurring at one height); page 3 opens with the
    # last word of a cell cut by the page break, at that height, inside the table's ruled
    # columns: a table row, not a page header of the page's own text.
    pages = [
        PageContent(n, 842, 595, line("Plan de Trabajo 2023", 382, 35.5, 8, n)) for n in (1, 2)
    ]
    last = line("aprobación", 631.2, 36.5, 7, 3)
    pages.append(PageContent(3, 842, 595, last))
    columns = [Edge(x - 0.2, 36.8, x + 0.2, 217.7) for x in (214.1, 539.8, 625.7, 718.7, 805.8)]
    running = _running_lines(pages, frozenset(), [[], [], columns], [set(), set(), set()])
    assert 3 not in running
    assert len(running[1]) == 1


def test_a_cut_headers_last_label_lines_are_no_clipped_line() -> None:
    # A header cut by the page break ends a page with the last lines of two labels, 'n'
    # ('verificació' / 'n') and 'es' ('Institucion' / 'es'); the next page opens with the
    # header's rest, whose words hold those letters elsewhere than over them.
    last = [
        Word("es", 300.0, 580.0, 308.0, 588.0, 1, 8, False, None),
        Word("n", 551.6, 580.0, 555.6, 588.0, 1, 8, False, None),
    ]
    before = PageContent(1, 792, 612, line("Línea estratégica", 40, 560, 8) + last)
    head = line("colaboradoras", 290.0, 26.0, 8, 2) + line("Fuentes", 545.0, 26.0, 8, 2)
    found = find_furniture([before, PageContent(2, 792, 612, head)], load_vocabulary())
    assert not found.clipped
    # One piece alone is no clipped line, wherever its letter stands.
    alone = PageContent(1, 792, 612, line("Línea", 40, 560, 8) + last[1:])
    head = line("Fuentes", 535.6, 26.0, 8, 2)
    found = find_furniture([alone, PageContent(2, 792, 612, head)], load_vocabulary())
    assert not found.clipped


def test_a_cells_last_lines_over_the_next_rows_cell_in_title_slots_are_no_running_lines() -> None:
    # Word/HTML 1099 docx `04` (no borders, no header over the continued page): a cell's
    # last two lines open page 3 in the last column, both at the heights of title rows
    # that open pages 1 and 2; under them, a line's spacing down, the next row starts, its
    # verification cell flush with them but its page line opening far left, in the number
    # column. The cell's lines were read as a page header and lost ('instituciones
    # seleccionadas.'): the block they open runs on into that row's cell.
    pages = [title_rows_page(n) for n in (1, 2)]
    rest = [line("instituciones", 682.9, 35.5, 7, 3), line("seleccionadas.", 682.9, 44.8, 7, 3)]
    row = line("4.1.6.", 223.2, 54.0, 7, 3) + line("Desarrollar Módulo", 254.5, 54.0, 7, 3)
    row += line("Lista de asistencia", 682.9, 54.0, 7, 3)
    header = line("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN", 296, 17.6, 7, 3)
    pages.append(PageContent(3, 842, 595, header + [w for ln in rest for w in ln] + row))
    running = _running_lines(pages, frozenset(), [[], [], []], [set(), set(), set()])
    assert [line_text(ln) for ln in running[3]] == ["COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN"]


def test_a_running_header_over_a_cell_starting_at_its_left_edge_stays_a_running_line() -> None:
    # Word/HTML 1089 docx `05` (no borders): the running header 'SUBCOMISION DE PROMOCION
    # Y PREVENICION', recurring on consecutive pages, stood a line's spacing over the
    # first row, one of whose cells started at its left edge by chance; it was read as
    # that cell's first line, and reported as words outside every table.
    def page(number: int) -> PageContent:
        header = line("SUBCOMISION DE PROMOCION Y PREVENICION", 306.6, 26.1, 7, number)
        row = line("Realizar reuniones", 223.2, 35.0, 7, number)
        row += line("Secretaría Técnica", 306.6, 35.0, 7, number)
        row += line("Número de sesiones", 400.0, 35.0, 7, number)
        return PageContent(number, 842, 595, header + row)

    running = _running_lines([page(1), page(2)], frozenset(), [[], []], [set(), set()])
    assert [line_text(ln) for ln in running[2]] == ["SUBCOMISION DE PROMOCION Y PREVENICION"]


def test_a_stamp_recurring_at_one_height_on_consecutive_pages_is_recorded_as_a_stamp() -> None:
    # Calc held-out 2828 `03`: each section's signature line under its table, moved to the
    # next page under the repeated header, stood at the same height on consecutive pages:
    # recorded as a running header, it was doubted as a cell's text run on across the
    # page break (an exact layout sent to review). The stamp is the stamp's.
    def page(number: int) -> PageContent:
        text = "Firmado digitalmente por GLORIANA EDUARTE Fecha: 2023.02.27"
        return PageContent(number, 1008, 612, line(text, 90, 98, 6, number))

    pages = [page(1), page(2)]
    furniture = find_furniture(pages, load_vocabulary())
    assert furniture.running  # the line recurs, as a running line would
    assert {r.kind for r in furniture.records(pages)} == {"stamp"}


def test_a_cells_last_lines_recurring_where_they_run_into_a_cell_are_no_running_lines() -> None:
    # Held-out docx 2929 `02`: two merged strategic actions, each cut by a page break, end
    # alike (`…interinstitucion` / `al`), their rests opening pages 1 and 2 at the same
    # heights. On page 1 the rest runs on, a line's spacing down, into the next row's cell
    # at its left edge: the cell's lines there. On page 2 the repeated table header stands
    # far under it: the rest was read as the page's running header, the action's last
    # word lost, with no doubt. A recurrence with the cell's lines is none.
    def page(number: int, below: list[Word]) -> PageContent:
        header = line("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN", 244, 35.5, 8.5, number)
        rest = line("interinstitucion", 77.5, 72.2, 8.5, number)
        rest += line("al." if number == 2 else "al", 77.5, 82.7, 8.5, number)
        return PageContent(number, 792, 612, header + rest + below)

    row = line("2. Fortalecer", 77.5, 93.2, 8.5, 1) + line("2.1. Fortalecer la", 156, 93.2, 8.5, 1)
    labels = line("Instituciones", 350, 111.2, 8.5, 2) + line("Evaluación", 577, 111.2, 8.5, 2)
    pages = [page(1, row), page(2, labels)]
    running = _running_lines(pages, frozenset(), [[], []], [set(), set()])
    assert [line_text(ln) for ln in running[2]] == ["COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN"]
    assert [line_text(ln) for ln in running[1]] == ["COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN"]


def test_a_cells_last_lines_at_two_pages_feet_under_its_row_are_no_running_footer() -> None:
    # Held-out html 3535 `02` (rules between rows only): a target cell's last lines,
    # 'cuarto trimestre' / '2024.', end pages 1 and 2 at one height, in the footer band,
    # under the cell's line 'learning, al'; that line's page line opens far left, in the
    # activity column, beside the row's other cells. Read by whole page lines the block
    # ended there and the lines were a running footer: the target lost its end, and a
    # cell's line at that height on another page ('formación.') went with them. The
    # block is the column's.
    def page(number: int, top: float, last: list[str]) -> PageContent:
        row = line("sexual en línea.", 204.9, top - 9, 7, number)
        row += line("trimestre 2024.", 500.5, top - 9, 7, number)
        row += line("learning, al", 591.0, top - 9, 7, number)
        cell = [line(text, 591.0, top + 8.25 * i, 7, number) for i, text in enumerate(last)]
        footer = line("CONACOES", 380, 580, 7, number)
        return PageContent(number, 792, 612, [w for ln in [row, *cell, footer] for w in ln])

    pages = [page(1, 543.5, ["cuarto trimestre", "2024."]), page(2, 539.8, ["cuarto trimestre"])]
    pages.append(page(3, 539.0, ["formación."]))
    running = _running_lines(pages, frozenset(), [[], [], []], [set(), set(), set()])
    assert {n: [line_text(ln) for ln in lines] for n, lines in running.items()} == {
        n: ["CONACOES"] for n in (1, 2, 3)
    }


def test_a_cells_last_line_at_a_pages_foot_in_a_footers_slot_is_no_running_footer() -> None:
    # A running footer recurs at one height on pages 1 and 2; on page 3 a target's last
    # line, 'formación.', stands at that height, under its cell's line 'procesos de' (whose
    # page line opens far left, in another column): the cell's line, not a footer of the
    # page's own text (held-out html 3535 `02`, where its slot came from cells' lines).
    # Taken into the slot, it is still no outer line: its block runs on, in its column,
    # into the body.
    def page(number: int, cell: bool) -> PageContent:
        words = line("Plan Anual de Trabajo", 380, 539.0, 7, number) if not cell else []
        if cell:
            words = line("educativos que", 500.5, 530.8, 7, number)
            words += line("procesos de", 591.0, 530.8, 7, number)
            words += line("formación.", 591.0, 539.0, 7, number)
        return PageContent(number, 792, 612, words + line("Página", 692, 588.5, 7, number))

    pages = [page(1, False), page(2, False), page(3, True)]
    running = _running_lines(pages, frozenset(), [[], [], []], [set(), set(), set()])
    assert [line_text(ln) for ln in running[3]] == ["Página"]
    assert [line_text(ln) for ln in running[1]] == ["Plan Anual de Trabajo", "Página"]


def test_a_two_line_labels_first_line_beside_the_header_row_is_no_running_line() -> None:
    # Reportlab 4141 `08`: the header repeated on every page of a section, at one height,
    # centres its labels in the row: 'Instituciones' / 'colaboradoras' stand half a line
    # above and below the one-line labels. 'Instituciones' (no label word of the
    # vocabulary) recurs at one height on consecutive pages, but shares part of its
    # height with the labels' line: a label cell's line, no running line.
    def page(number: int) -> PageContent:
        lines = [
            line("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN", 343, 38, 9, number),
            line("Instituciones", 478, 69.5, 9, number),
            line("Línea estratégica", 64, 75, 9, number) + line("Actividades", 350, 75, 9, number),
            line("colaboradoras", 475, 80.5, 9, number),
        ]
        return PageContent(number, 1008, 612, [w for ln in lines for w in ln])

    vocabulary = load_vocabulary()
    pages = [page(n) for n in (1, 2, 3)]
    running = _running_lines(pages, vocabulary.header_words, [[], [], []], [set(), set(), set()])
    assert {n: [line_text(ln) for ln in lines] for n, lines in running.items()} == {
        n: ["COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN"] for n in (1, 2, 3)
    }


def test_a_number_line_at_a_height_no_other_page_numbers_at_is_a_cell_s() -> None:
    # held-out ReportLab 4951 `07` (Courier 6.5 pt, no rules, rows may run to the page's
    # foot): an objective's last line `2023`, under `para el año`, stood 79 pt above the
    # page's foot, in the page-number band, and was recorded as page 2's number beside
    # `Página 2 de 10`; the objective lost its year. Pages are numbered at one height.
    def page(number: int, foot: list[Word]) -> PageContent:
        cells = line("Conocer y divulgar la información para el año", 104.2, 700, 6.5, number)
        numbered = line(f"Página {number} de 3", 508.8, 753.55, 8, number)
        return PageContent(number, 612, 792, cells + foot + numbered)

    year = line("2023", 104.2, 713.7, 6.5, 2)
    pages = [page(1, []), page(2, year), page(3, [])]
    furniture = find_furniture(pages, load_vocabulary())
    assert {w.seq for w in year}.isdisjoint(furniture.word_ids)
    assert [line_text([w for w in furniture.numbers if w.page == 2])] == ["Página 2 de 3"]
    # A lone document page keeps every number line in its bands.
    alone = PageContent(1, 612, 792, line("2023", 104.2, 713.7, 6.5, 1))
    assert find_furniture([alone], load_vocabulary()).numbers == alone.words
