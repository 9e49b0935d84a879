"""Decisions stitch.py takes from the geometry of a few blocks: where a template prints the
text of its merged cells (top, bottom), which decides the rows no block reaches."""

from __future__ import annotations

from plan_extract.pdf.language import vocabulary
from plan_extract.pdf.reader import Word
from plan_extract.pdf.text import join_lines, words_text
from plan_extract.plan.page_tables import Column, ColumnModel, PageTable, Row, SpanningCell
from plan_extract.plan.stitch import (
    block_alignment,
    column_right_limit,
    merged_misfits,
    stitch_section,
    stitch_sections,
)

SIZE = 9.0
MODEL = ColumnModel(
    (
        Column("strategic_action", "Acción estratégica", 0.0, 100.0, True),
        Column("objective", "Objetivo", 100.0, 200.0, True),
        Column("activity", "Actividad", 200.0, 300.0, False),
    )
)


def word(text: str, x0: float, top: float, page: int) -> Word:
    return Word(text, x0, top, x0 + 5 * len(text), top + SIZE, page, SIZE, False, None)


def block(column: int, text: str, top: float, bottom: float, page: int) -> SpanningCell:
    """An unruled block of text from `top` to `bottom` (its first and last line)."""
    lines = [
        word(text, column * 100 + 5, top, page),
        word("fin.", column * 100 + 5, bottom - SIZE, page),
    ]
    return SpanningCell(column, top, bottom, lines, False)


def page_table(page: int) -> PageTable:
    """Three rows whose cells print their text at the top (a padding under the row's top)
    while the merged cells of the first two print theirs at the bottom (a padding above the
    second row's bottom): the action's block and its objective's end level, start apart."""
    rows = [
        Row(
            95.0, 135.0, {2: [word("Realizar", 205, 100, page), word("reuniones.", 205, 110, page)]}
        ),
        Row(135.0, 210.0, {2: [word("Recopilar", 205, 140, page), word("datos.", 205, 150, page)]}),
        Row(
            210.0, 300.0, {2: [word("Socializar", 205, 215, page), word("datos.", 205, 280, page)]}
        ),
    ]
    spanning = {
        0: [
            block(0, "1. Articular", 150.0, 204.0, page),
            block(0, "2. Fortalecer", 250.0, 295.0, page),
        ],
        1: [
            block(1, "1.1. Fomentar", 180.0, 204.0, page),
            block(1, "2.1. Conocer", 270.0, 295.0, page),
        ],
    }
    return PageTable(page, MODEL, [], 90.0, 95.0, 300.0, rows, spanning, [], [])


def test_blocks_side_by_side_say_where_merged_text_is_printed() -> None:
    # The text beside each block neither starts nor ends level with it (the row cells print
    # theirs at the top, a padding away), so only the blocks side by side tell: their
    # bottoms are level and their tops are not, on every page.
    assert block_alignment([page_table(1), page_table(2)]) == "bottom"


def test_a_centred_block_takes_the_row_under_it_that_centres_it() -> None:
    # Merged text centred in its cell (no alignment decided): the objective's block lies
    # beside the first two of its three rows, centred on all three; the third row, at the
    # page's foot, is beside no block. It is the block's row, not the next page's cell's.
    def row(top: float, bottom: float, text: str) -> Row:
        return Row(
            top, bottom, {2: [word(text, 205, top + 5, 1), word("fin.", 205, bottom - 14, 1)]}
        )

    rows = [row(100.0, 190.0, "Directorio"), row(190.0, 240.0, "Campaña")]
    rows.append(row(240.0, 290.0, "Buenas"))
    objective = [block(1, "2.1. Fortalecer", 150.0, 240.0, 1)]
    table = PageTable(1, MODEL, [], 90.0, 100.0, 290.0, rows, {1: objective}, [], [])
    section = stitch_section([table], [], alignment=None)
    (group,) = section.spanning[1]
    assert group.rows == [0, 1, 2]
    # A block printed at the top of its cell does not take the rows under it.
    top = [block(1, "2.1. Fortalecer", 105.0, 185.0, 1)]
    table = PageTable(1, MODEL, [], 90.0, 100.0, 290.0, rows, {1: top}, [], [])
    groups = stitch_section([table], [], alignment=None).spanning[1]
    assert groups[0].rows == [0]


def test_a_line_read_into_a_column_across_its_neighbour_sets_no_right_limit() -> None:
    # html held-out 1616 `11` (Chromium, 9 pt, the action column 57-107 pt, the objective's
    # text from 113.3): on one page the general objective's last line ('intersectorial.',
    # 54.0-125.3) was read into the action column. Its width made the column's right limit
    # 125.3, no line of the column was full, and every word the column cuts stayed cut
    # ('funcionam' / 'iento'). A cell's text never runs into its neighbour's.
    extents = [
        {0: (56.955, 106.446), 1: (113.3, 166.1)},
        {0: (56.982, 107.148), 1: (113.3, 167.1)},
        {0: (57.0, 106.887), 1: (113.3, 166.9)},
        {0: (54.0, 125.326), 1: (113.3, 166.4)},
        {0: (57.0, 106.32), 1: (113.3, 162.4)},
    ]
    assert column_right_limit(extents, 0) == 107.148
    assert column_right_limit(extents, 1) == 167.1
    assert column_right_limit([extents[3]], 0) == 125.326  # nothing else to go by

    def at(text: str, top: float, x1: float, space_after: bool | None) -> Word:
        return Word(text, 57.0, top, x1, top + SIZE, 7, SIZE, False, space_after)

    lines = [
        [at("Articular", 198.0, 97.7, None)],
        [at("el", 208.5, 65.2, None)],
        [at("funcionam", 219.0, 104.9, None)],
        [
            at("iento", 229.5, 80.0, True),
            Word("de", 82.9, 229.5, 93.9, 229.5 + SIZE, 7, SIZE, False, True),
            Word("la", 96.8, 229.5, 105.0, 229.5 + SIZE, 7, SIZE, False, None),
        ],
    ]
    known = vocabulary(frozenset())
    limit = column_right_limit(extents, 0)
    assert join_lines(lines, right_limit=limit, known=known) == "Articular el funcionamiento de la"


def activity_row(top: float, bottom: float, text: str, page: int) -> Row:
    """A row whose activity cell prints `text` at its top."""
    return Row(top, bottom, {2: [word(text, 205, top + 5, page)]})


def table(page: int, header_top: float, rows: list[Row], blocks: list[SpanningCell]) -> PageTable:
    """A page table under a header at `header_top`, from its first row's top to its last
    row's bottom, with the action column's `blocks`."""
    header = [word("Actividad", 205, header_top, page)]
    return PageTable(
        page, MODEL, header, header_top, rows[0].top, rows[-1].bottom, rows, {0: blocks}, [], []
    )


def test_rows_opening_a_table_under_another_on_the_page_are_in_its_first_cell() -> None:
    # docx held-out 1414 `03` (LibreOffice, one table per action, no alignment decided): the
    # next action's table opens under the last one on the same page; its first row reaches
    # no block (the action's text is printed lower, beside the other rows). A merged cell
    # never runs from one table into the next: the row is the new action's, not action 1's.
    first = table(
        9,
        80.0,
        [activity_row(99.0, 163.0, "Reuniones ordinarias.", 9)],
        [block(0, "1. Articular", 99.0, 136.0, 9)],
    )
    rows = [
        activity_row(191.0, 312.0, "Directorio interinstitucional.", 9),
        activity_row(312.0, 389.0, "Campaña de divulgación.", 9),
        activity_row(389.0, 472.0, "Buenas prácticas.", 9),
    ]
    second = table(9, 170.0, rows, [block(0, "2. Fortalecer", 325.0, 471.0, 9)])
    groups = stitch_section([first, second], [], alignment=None).spanning[0]
    assert [g.rows for g in groups] == [[0], [1, 2, 3]]


def test_rows_opening_a_table_whose_first_cell_prints_on_the_next_page_are_in_that_cell() -> None:
    # held-out ReportLab 4951 `07` (one table per action, unruled, merged text set at the
    # bottom): action 3's table opens at page 7's foot under action 2's, one row there and
    # none of the action's text; the text is printed on page 8, beside the next row, and
    # the row at page 7's foot was read under action 2. The opening rows of a table are in
    # its first cell wherever that cell prints its text, on its page or the next.
    first = table(
        7,
        80.0,
        [activity_row(99.0, 163.0, "Campaña.", 7), activity_row(163.0, 300.0, "Buenas.", 7)],
        [block(0, "2. Fortalecer", 200.0, 300.0, 7)],
    )
    opened = table(7, 420.0, [activity_row(440.0, 520.0, "Reporte de los datos.", 7)], [])
    rows = [
        activity_row(100.0, 140.0, "estadística al MS.", 8),  # the cut row's rest
        activity_row(140.0, 200.0, "Creación de un protocolo.", 8),
    ]
    following = table(8, 80.0, rows, [block(0, "3. Garantizar", 150.0, 200.0, 8)])
    section = stitch_section([first, opened, following], [], alignment="bottom")
    assert len(section.rows) == 4
    groups = section.spanning[0]
    assert [(words_text(g.words)[:2], g.rows) for g in groups] == [("2.", [0, 1]), ("3.", [2, 3])]


def text_row(band: tuple[float, float], text: tuple[float, float], first: str, page: int) -> Row:
    """A row on `band` (top, bottom) whose activity is printed from `text`'s top to its
    bottom, starting with the word `first`."""
    lines = [word(first, 205, text[0], page), word("fin.", 205, text[1] - SIZE, page)]
    return Row(band[0], band[1], {2: lines})


def test_merged_cells_are_read_under_the_alignment_their_texts_fit() -> None:
    # reportlab held-out 1818 `10` (a table per action, merged text set at the bottom of its
    # cell, unnumbered rows): no block gives the votes evidence, so no alignment is decided
    # and the rows are stitched as centred; the next page's table opens with a row beside no
    # block (action 3's text is printed beside its second row), and it was read under the
    # action of the page before. Read at the bottom, every text ends level with its rows.
    action_1 = table(
        8,
        80.0,
        [text_row((100.0, 160.0), (105.0, 155.0), "Reuniones.", 8)],
        [block(0, "1. Articular", 120.0, 155.0, 8)],
    )
    rows = [
        text_row((t, t + 60.0), (t + 5, t + 55), "Directorio.", 8) for t in (190.0, 250.0, 310.0)
    ]
    action_2 = table(8, 170.0, rows, [block(0, "2. Fortalecer", 300.0, 365.0, 8)])
    rows = [
        text_row((100.0, 160.0), (105.0, 155.0), "Reporte.", 9),
        text_row((160.0, 220.0), (165.0, 215.0), "Protocolo.", 9),
    ]
    action_3 = table(9, 80.0, rows, [block(0, "3. Garantizar", 170.0, 215.0, 9)])
    (section,) = stitch_sections([[action_1, action_2, action_3]], votes=None)
    assert [(g.words[0].text, g.rows) for g in section.spanning[0]] == [
        ("1. Articular", [0]),
        ("2. Fortalecer", [1, 2, 3]),
        ("3. Garantizar", [4, 5]),
    ]
    assert max(merged_misfits([section], "bottom")) < 1.0
    # Stitched as centred, as the votes left it, the row went to action 2.
    centred = stitch_section([action_1, action_2, action_3], [], alignment=None)
    assert [g.rows for g in centred.spanning[0]] == [[0], [1, 2, 3, 4], [5]]


def test_the_rest_of_a_merged_cell_a_page_break_splits_goes_with_its_first_piece() -> None:
    # docx held-out 2121 `07` (LibreOffice, merged text centred, unnumbered rows as read):
    # action 3's cell and its first row are split by a page break. The row's rest opens the
    # next page, and the action's rest ('brindando respuestas…') is printed beside the next
    # row. Chance votes said `top`: read so, the row's rest reached no text below it and the
    # action's rest became a cell of its own. Read centred, as its texts fit, it is one.
    rows = [
        text_row((140.0, 211.0), (140.0, 208.0), "Reuniones", 7),
        text_row((211.0, 363.0), (214.0, 361.0), "Directorio", 7),
        text_row((363.0, 417.0), (366.0, 414.0), "Campaña", 7),
        text_row((417.0, 510.0), (420.0, 507.0), "Buenas", 7),
        text_row((510.0, 571.0), (513.0, 571.0), "Reporte", 7),
    ]
    blocks = [
        block(0, "1. Articular", 140.0, 208.0, 7),
        block(0, "2. Fortalecer", 287.0, 434.0, 7),
        block(0, "3. Garantizar", 513.0, 571.0, 7),
    ]
    first = table(7, 120.0, rows, blocks)
    rows = [
        text_row((67.0, 117.0), (67.0, 114.0), "atención,", 8),
        text_row((117.0, 274.0), (120.0, 169.0), "Creación", 8),
    ]
    second = table(8, 50.0, rows, [block(0, "brindando respuestas", 148.0, 186.0, 8)])
    (section,) = stitch_sections([[first, second]], votes="top")
    assert [(g.words[0].text, g.rows) for g in section.spanning[0]] == [
        ("1. Articular", [0]),
        ("2. Fortalecer", [1, 2, 3]),
        ("3. Garantizar", [4, 5]),
    ]
    # Read at the top, as the votes said, the rest reaches a row of its own, but it goes on
    # mid-sentence without a number: the cut cell's rest all the same (`_join_column`).
    top = stitch_section([first, second], [], alignment="top").spanning[0]
    assert [g.rows for g in top] == [[0], [1, 2, 3], [4, 5]]


def test_merged_cells_are_measured_against_their_rows_bands_not_their_text() -> None:
    # held-out Calc 4545 `00` (LibreOffice Calc, fixed row heights, row cells' text at the
    # top of each row, merged text centred on its cell): measured against the rows' text,
    # each merged text stood lower than their middle, and nearer their last text's bottom,
    # so the bottom reading won and gave an objective the row above its text. A merged cell
    # is set against its rows' cells, whose boxes their bands are: centred on them, it fits.
    rows = [
        text_row((t, t + 100.0), (t + 5.0, t + 35.0), "Directorio.", 1)
        for t in (100.0, 200.0, 300.0, 400.0)
    ]
    blocks = [block(0, "1. Articular", 190.0, 210.0, 1), block(0, "2. Fortalecer", 390.0, 410.0, 1)]
    (section,) = stitch_sections([[table(1, 80.0, rows, blocks)]], votes=None)
    assert [(g.words[0].text, g.rows) for g in section.spanning[0]] == [
        ("1. Articular", [0, 1]),
        ("2. Fortalecer", [2, 3]),
    ]
    assert merged_misfits([section], None) == [0.0, 0.0]
    assert min(merged_misfits([section], "bottom")) > 5.0


def test_a_row_with_more_columns_than_the_sections_first_table_is_measured() -> None:
    # docx held-out 2222 `06`: a later table of a section read with more columns than its
    # first (whose model the section keeps); its row counts wherever its text is read (its
    # band, `_flow_extents`, ends with its text, level with the block).
    wide = Row(
        100.0, 155.0, {2: [word("Reuniones.", 205, 105, 1)], 3: [word("Actas.", 305, 146, 1)]}
    )
    wide_table = table(1, 80.0, [wide], [block(0, "1. Articular", 120.0, 155.0, 1)])
    (section,) = stitch_sections([[wide_table]], votes=None)
    assert merged_misfits([section], "bottom") == [0.0]


def headed_page(model: ColumnModel, number: int, rows: list[Row]) -> PageTable:
    """Page `number`'s table of `rows` under `model`, below a one-label header at 40 pt, with
    no merged cells."""
    header = [word("Actividad", 205, 40, number)]
    return PageTable(number, model, header, 40.0, rows[0].top, rows[-1].bottom, rows, {}, [], [])


def row_cells(
    model: ColumnModel, texts: tuple[str, ...], top: float, page: int
) -> dict[int, list[Word]]:
    """One row's cells: the words of each text in `model`'s columns from the third on (after
    two merged ones), none where a text is empty."""
    return {
        c: [word(t, model.columns[c].x0 + 5, top + 5, page) for t in text.split()]
        for c, text in enumerate(texts, start=2)
        if text
    }


def test_a_row_cut_before_its_activity_takes_the_next_pages_first_row() -> None:
    # WeasyPrint (held-out weasy 2323 `01`): a page break splits a row; the activity cell's
    # lines move to the next page together, the row's one-line indicator stays at the foot.
    # The next page's first row, capitalised, its indicator blank, is the rest of that row.
    model = ColumnModel((*MODEL.columns, Column("indicator", "Indicador", 300.0, 400.0, False)))

    def cells(activity: str, indicator: str, top: float, number: int) -> dict[int, list[Word]]:
        texts = {2: activity, 3: indicator}
        return {c: [word(t, c * 100 + 5, top + 5, number)] for c, t in texts.items() if t}

    first = headed_page(
        model,
        4,
        [
            Row(60.0, 250.0, cells("Reuniones.", "Actas.", 60, 4)),
            Row(250.0, 300.0, cells("", "Protocolo.", 250, 4)),
        ],
    )
    second = headed_page(
        model,
        5,
        [
            Row(60.0, 120.0, cells("Creación.", "", 60, 5)),
            Row(120.0, 200.0, cells("Reporte.", "Informe.", 120, 5)),
        ],
    )
    section = stitch_section([first, second], [], alignment=None)
    read = [{c: [w.text for w in ws] for c, ws in r.cells.items()} for r in section.rows]
    assert read == [
        {2: ["Reuniones."], 3: ["Actas."]},
        {3: ["Protocolo."], 2: ["Creación."]},
        {2: ["Reporte."], 3: ["Informe."]},
    ]


def test_a_row_whose_cells_stop_mid_sentence_takes_the_next_pages_first_row() -> None:
    # Word/HTML 1279 docx `07` (no item numbers in the section): a page break splits a row;
    # its activity and its responsible stop on a connector (`…integral de`, `…a la`), and
    # the next page's first row goes on in those columns with capitals (`NNA víctimas…`,
    # `Víctima`), its other cells blank (half of them: not most). It is the rest of the
    # row above, not an activity of its own: read so, the activity was lost in two.
    model = ColumnModel(
        (
            *MODEL.columns[:2],
            Column("activity", "Actividad", 200.0, 300.0, False),
            Column("collaborators", "Colaboradores", 300.0, 400.0, False),
            Column("responsible", "Responsable", 400.0, 500.0, False),
            Column("indicator", "Indicador", 500.0, 600.0, False),
        )
    )

    first = headed_page(
        model,
        8,
        [
            Row(
                60.0,
                250.0,
                row_cells(model, ("Reporte.", "CONACOES", "Subcomisión.", "Mapeo."), 60, 8),
            ),
            Row(
                250.0,
                300.0,
                row_cells(model, ("Creación de", "UNICEF", "Subcomisión a la", "Hecho."), 250, 8),
            ),
        ],
    )
    second = headed_page(
        model,
        9,
        [
            Row(60.0, 120.0, row_cells(model, ("NNA víctimas.", "", "Víctima", ""), 60, 9)),
            Row(
                120.0,
                200.0,
                row_cells(model, ("Directorio.", "Warnath", "Subcomisión.", "Lista."), 120, 9),
            ),
        ],
    )
    section = stitch_section([first, second], [], alignment=None)
    read = [" | ".join(words_text(r.cells.get(c, [])) for c in range(2, 6)) for r in section.rows]
    assert read == [
        "Reporte. | CONACOES | Subcomisión. | Mapeo.",
        "Creación de NNA víctimas. | UNICEF | Subcomisión a la Víctima | Hecho.",
        "Directorio. | Warnath | Subcomisión. | Lista.",
    ]


def test_a_row_whose_number_moved_to_the_next_page_takes_its_first_row() -> None:
    # WeasyPrint (held-out weasy 3131 `07`): a page break splits a row; its two-line number
    # cell (`2.3` / `.2.`) moves to the next page whole, the activity's first lines stay at
    # the foot. The next page's first row prints the number and goes on mid-sentence in most
    # of its cells: it is the rest of the row above, not an item of its own.
    model = ColumnModel(
        (
            *MODEL.columns[:2],
            Column("activity_number", "N°", 200.0, 230.0, False),
            Column("activity", "Actividad", 230.0, 300.0, False),
            Column("collaborators", "Colaboradores", 300.0, 400.0, False),
            Column("indicator", "Indicador", 400.0, 500.0, False),
        )
    )

    first = headed_page(
        model,
        2,
        [
            Row(
                60.0,
                250.0,
                row_cells(model, ("2.3.1.", "Socializar.", "Secretaría.", "Diagnóstico."), 60, 2),
            ),
            Row(
                250.0,
                300.0,
                row_cells(model, ("", "Identificar", "Secretaría", "Documento"), 250, 2),
            ),
        ],
    )
    second = headed_page(
        model,
        3,
        [
            Row(
                60.0,
                120.0,
                row_cells(model, ("2.3.2.", "brindan.", "de CONACOES.", "que brindan."), 60, 3),
            ),
            Row(
                120.0,
                200.0,
                row_cells(model, ("2.3.3.", "realizar.", "Secretaría.", "Lista."), 120, 3),
            ),
        ],
    )
    section = stitch_section([first, second], [], alignment=None)
    read = [" | ".join(words_text(r.cells.get(c, [])) for c in range(2, 6)) for r in section.rows]
    assert read == [
        "2.3.1. | Socializar. | Secretaría. | Diagnóstico.",
        "2.3.2. | Identificar brindan. | Secretaría de CONACOES. | Documento que brindan.",
        "2.3.3. | realizar. | Secretaría. | Lista.",
    ]


def test_a_cell_s_lines_left_at_the_foot_under_the_row_above_go_to_the_next_page_s_row() -> None:
    # WeasyPrint (held-out weasy 2626 `10`, a box without row rules): splitting 2.2.4 at the
    # page's end, it keeps its one-line responsible at the foot and moves its other cells
    # whole to the next page. That line starts below where every cell of 2.2.3 has ended, a
    # blank above it: not 2.2.3's (whose cells share its height) but the next row's, which
    # opens the next page without a responsible.
    model = ColumnModel(
        (
            Column("activity_number", "N°", 200.0, 230.0, False),
            Column("activity", "Actividad", 230.0, 300.0, False),
            Column("responsible", "Responsable", 300.0, 400.0, False),
        )
    )

    foot = Row(
        60.0,
        300.0,
        {
            0: [word("2.2.3.", 205, 65, 2)],
            1: [word("Promover", 235, 65, 2), word("acciones.", 235, 75, 2)],
            2: [word("Subcomisión", 305, 65, 2), word("Grupo", 305, 285, 2)],
        },
    )
    opening = Row(
        60.0, 120.0, {0: [word("2.2.4.", 205, 65, 3)], 1: [word("Desarrollar.", 235, 65, 3)]}
    )
    section = stitch_section(
        [headed_page(model, 2, [foot]), headed_page(model, 3, [opening])], [], alignment=None
    )
    read = [" | ".join(words_text(r.cells.get(c, [])) for c in range(3)) for r in section.rows]
    assert read == ["2.2.3. | Promover acciones. | Subcomisión", "2.2.4. | Desarrollar. | Grupo"]
    assert section.rows[1].pages == [2, 3]


def objective_table(page: int, rows: list[Row], blocks: list[SpanningCell]) -> PageTable:
    """A page table under a header at 40, from its first row's top to its last row's bottom,
    with the objective column's `blocks`."""
    header = [word("Actividad", 205, 40, page)]
    return PageTable(
        page, MODEL, header, 40.0, rows[0].top, rows[-1].bottom, rows, {1: blocks}, [], []
    )


def test_a_cut_merged_cell_s_rest_centred_under_a_row_no_block_reaches_is_joined() -> None:
    # WeasyPrint (weasy 3453 `02`, unnumbered rows, merged text centred): objective 2.1 is
    # cut after `…a través de` at a page's foot; the next page opens with the rest of the cut
    # row, which no block reaches, and prints `la articulación intersectorial.` centred on
    # the cell's rows there, beside the second. Going on mid-sentence, with no number, it is
    # the cut cell's rest, not a cell of its own (the row under it, which no block reaches
    # either, is left to the records' reading of an empty merged cell).
    first = objective_table(
        7,
        [activity_row(60.0, 150.0, "Reuniones.", 7), activity_row(150.0, 300.0, "Directorio", 7)],
        [block(1, "1.1. Fomentar", 70.0, 140.0, 7), block(1, "2.1. Fortalecer", 160.0, 299.0, 7)],
    )
    rows = [activity_row(60.0, 100.0, "versión papel", 8)]
    rows += [activity_row(100.0, 160.0, "Campaña.", 8), activity_row(160.0, 250.0, "Buenas.", 8)]
    rest = block(1, "la articulación", 112.0, 148.0, 8)
    second = objective_table(8, rows, [rest])
    section = stitch_section([first, second], [], alignment=None)
    cells = [[w.text for w in g.words] for g in section.spanning[1]]
    assert [g.rows for g in section.spanning[1]][:2] == [[0], [1, 2]]
    assert cells[1] == ["2.1. Fortalecer", "fin.", "la articulación", "fin."]


def test_a_cell_moved_whole_with_the_number_does_not_count_against_the_cut() -> None:
    # WeasyPrint (weasy held-out 3737 `06`): a page break splits 4.1.1's row; its number
    # and its one-line verification move to the next page whole, its other cells part at
    # the break. On the next page the cut cells go on mid-sentence, some at a capitalised
    # name ('Participativo INAMU', 'Trabajo de Promoción'); the verification starts at its
    # beginning. Only the cut cells tell where the row goes on: it is the rest of the row.
    model = ColumnModel(
        (
            *MODEL.columns[:2],
            Column("activity_number", "N°", 200.0, 230.0, False),
            Column("activity", "Actividad", 230.0, 300.0, False),
            Column("collaborators", "Colaboradores", 300.0, 400.0, False),
            Column("responsible", "Responsable", 400.0, 500.0, False),
            Column("indicator", "Indicador", 500.0, 600.0, False),
            Column("target", "Meta", 600.0, 700.0, False),
            Column("verification", "Medios", 700.0, 800.0, False),
        )
    )

    whole = ("3.1.3.", "Capacitar.", "Grupo.", "Grupo.", "Número.", "Diez.", "Lista.")
    cut = ("", "Incorporar", "DNI", "Subcomisión", "Cantidad", "Al menos", "")
    rest = ("4.1.1.", "los NNA.", "Participativo.", "Trabajo.", "con NNA.", "año.", "Lista.")
    next_row = ("4.1.2.", "Realizar.", "PANI.", "Grupo.", "Número.", "Una.", "Actas.")
    first = headed_page(
        model,
        7,
        [
            Row(60.0, 250.0, row_cells(model, whole, 60, 7)),
            Row(250.0, 300.0, row_cells(model, cut, 250, 7)),
        ],
    )
    second = headed_page(
        model,
        8,
        [
            Row(60.0, 120.0, row_cells(model, rest, 60, 8)),
            Row(120.0, 200.0, row_cells(model, next_row, 120, 8)),
        ],
    )
    section = stitch_section([first, second], [], alignment=None)
    read = [" | ".join(words_text(r.cells.get(c, [])) for c in range(2, 9)) for r in section.rows]
    assert read == [
        " | ".join(whole),
        "4.1.1. | Incorporar los NNA. | DNI Participativo. | Subcomisión Trabajo. | "
        "Cantidad con NNA. | Al menos año. | Lista.",
        " | ".join(next_row),
    ]


def test_a_bottom_aligned_block_does_not_reach_up_into_a_row_begun_on_the_page_before() -> None:
    # Word/HTML 1219 `02` (LibreOffice, unruled, merged text set at the bottom of its cell,
    # unnumbered rows): objective 2.1's cell, cut by the page break, prints its text at the
    # top of its first piece; its last row's rest opens the next page, above objective 3.1's
    # row, whose text ends level with that row's bottom. Read at the bottom, 3.1 reached up
    # into the rest: the row was read under 3.1. A row begun on the page before is in a cell
    # the page break cut, never in a whole block of this page.
    rows = [
        text_row((161.0, 265.0), (162.0, 264.0), "Reuniones", 10),
        text_row((265.0, 465.0), (266.0, 400.0), "Directorio", 10),
        text_row((465.0, 538.0), (466.0, 538.0), "Buenas", 10),
    ]
    spanning = {
        0: [
            block(0, "1. Articular", 161.0, 264.0, 10),
            block(0, "2. Fortalecer", 266.0, 516.0, 10),
        ],
        1: [
            block(1, "1.1. Fomentar", 192.0, 264.0, 10),
            block(1, "2.1. Fortalecer", 266.0, 401.0, 10),
        ],
    }
    header = [word("Actividad", 205, 140.0, 10)]
    first = PageTable(10, MODEL, header, 140.0, 161.0, 538.0, rows, spanning, [], [])
    rows = [
        text_row((71.0, 112.0), (72.0, 110.0), "nuevas", 11),
        text_row((112.0, 260.0), (113.0, 258.0), "Reporte", 11),
        text_row((260.0, 417.0), (261.0, 330.0), "Creación", 11),
    ]
    spanning = {
        0: [block(0, "3. Garantizar", 260.0, 416.0, 11)],
        1: [
            block(1, "3.1. Crear", 176.0, 259.0, 11),
            block(1, "3.2. Proporcionar", 260.0, 416.0, 11),
        ],
    }
    second = PageTable(11, MODEL, [], 71.0, 71.0, 417.0, rows, spanning, [], [])
    section = stitch_section([first, second], [], alignment="bottom")
    assert [r.pages for r in section.rows] == [[10], [10], [10, 11], [11], [11]]
    # The rest's row reaches no block on either page: an empty cell after 2.1's, which the
    # records take from the row above (`records._spanning_group`): 2.1, as printed.
    assert [(words_text(g.words)[:4], g.rows) for g in section.spanning[1]] == [
        ("1.1.", [0]),
        ("2.1.", [1]),
        ("", [2]),
        ("3.1.", [3]),
        ("3.2.", [4]),
    ]
    assert [(g.words[0].text, g.rows) for g in section.spanning[0] if g.words] == [
        ("1. Articular", [0]),
        ("2. Fortalecer", [1, 2]),
        ("3. Garantizar", [3, 4]),
    ]


def test_a_cut_cell_s_rest_set_at_the_bottom_reaches_up_into_the_cut_row_s_rest() -> None:
    # docx 1219 `04` (LibreOffice, unruled, merged text set at the bottom): action 3's cell
    # is cut by the page break after its first row's first lines; its rest, without a
    # number, is set at the bottom of the next page's piece, beside the second row, under
    # the first row's rest. That rest is the cut cell's: one cell over both rows.
    rows = [
        text_row((300.0, 404.0), (301.0, 400.0), "Directorio", 7),
        text_row((404.0, 470.0), (405.0, 468.0), "Buenas", 7),
        text_row((525.0, 556.0), (526.0, 555.0), "Reporte", 7),
    ]
    blocks = [
        block(0, "2. Fortalecer", 326.0, 460.0, 7),
        block(0, "3. Garantizar", 525.0, 545.0, 7),
    ]
    first = table(7, 280.0, rows, blocks)
    rows = [
        text_row((94.0, 160.0), (95.0, 158.0), "boleta", 8),
        text_row((160.0, 268.0), (161.0, 230.0), "Creación", 8),
    ]
    second = PageTable(
        8, MODEL, [], 94.0, 94.0, 268.0, rows, {0: [block(0, "ESCNNA en", 196.0, 257.0, 8)]}, [], []
    )
    section = stitch_section([first, second], [], alignment="bottom")
    assert [r.pages for r in section.rows] == [[7], [7], [7, 8], [8]]
    assert [(words_text(g.words)[:13], g.rows) for g in section.spanning[0]] == [
        ("2. Fortalecer", [0, 1]),
        ("3. Garantizar", [2, 3]),
    ]


def test_a_cut_cell_s_rest_that_starts_with_a_number_is_joined() -> None:
    # Word 4350 `01` (LibreOffice, merged text at the bottom, unnumbered rows): objective
    # 3.1's row is cut by a page break after `…la boleta VE-`; on the next page the row's
    # rest opens the table (`vulnerabilidad identificada.`) and the objective's rest `01.`
    # is printed at the foot of that piece. It starts like a cell numbered 01, but it covers
    # only the row the cut cell covers, and a row has one cell per column: it is the cut
    # cell's rest, not a cell no row takes.
    first = objective_table(
        6,
        [activity_row(60.0, 150.0, "Reuniones.", 6), activity_row(150.0, 300.0, "Reporte", 6)],
        [block(1, "2.1. Fortalecer", 70.0, 145.0, 6), block(1, "3.1. Crear", 160.0, 299.0, 6)],
    )
    rest = SpanningCell(1, 82.0, 91.0, [word("01.", 105, 82, 7)], False)
    rows = [activity_row(60.0, 95.0, "vulnerabilidad identificada.", 7)]
    rows += [activity_row(95.0, 200.0, "Creación", 7)]
    second = objective_table(7, rows, [rest, block(1, "3.2. Proporcionar", 100.0, 199.0, 7)])
    section = stitch_section([first, second], [], alignment="bottom")
    cells = [words_text(g.words) for g in section.spanning[1]]
    assert [g.rows for g in section.spanning[1]] == [[0], [1], [2]]
    assert cells == ["2.1. Fortalecer fin.", "3.1. Crear fin. 01.", "3.2. Proporcionar fin."]


def test_a_cut_row_whose_merged_cells_moved_whole_to_the_next_page_takes_them() -> None:
    # WeasyPrint (judge weasy 4545 `02`, a row per activity, its action and objective
    # repeated in every row): a page break splits activity 3.1.2's row; its one-line cells
    # stay at the foot, its action's and objective's cells move whole to the next page.
    # Read at the top, the block above reached down over the row's blank foot: the row was
    # read under 3.1.1's cells and its own action's words were left to no activity.
    model = ColumnModel((*MODEL.columns, Column("indicator", "Indicador", 300.0, 400.0, False)))

    def cells(activity: str, indicator: str, top: float, number: int) -> dict[int, list[Word]]:
        texts = {2: activity, 3: indicator}
        return {c: [word(t, c * 100 + 5, top + 5, number)] for c, t in texts.items() if t}

    def merged(page: int, *tops: float) -> dict[int, list[SpanningCell]]:
        return {
            0: [block(0, "3. Fortalecer", top, top + 80.0, page) for top in tops],
            1: [block(1, "3.1. Desarrollar", top, top + 80.0, page) for top in tops],
        }

    header = [word("Actividad", 205, 40, 4)]
    rows = [Row(60.0, 200.0, cells("Solicitar", "Lista.", 60, 4))]
    rows.append(Row(200.0, 220.0, cells("", "Lista.", 200, 4)))
    first = PageTable(4, model, header, 40.0, 60.0, 220.0, rows, merged(4, 65.0), [], [])
    rows = [Row(60.0, 160.0, cells("Realizar", "", 60, 5))]
    rows.append(Row(160.0, 260.0, cells("Capacitar", "Lista.", 160, 5)))
    header = [word("Actividad", 205, 40, 5)]
    second = PageTable(5, model, header, 40.0, 60.0, 260.0, rows, merged(5, 65.0, 165.0), [], [])
    section = stitch_section([first, second], [], alignment="top")
    assert [r.pages for r in section.rows] == [[4], [4, 5], [5]]
    for column in (0, 1):
        assert [(g.words[0].page, g.rows) for g in section.spanning[column]] == [
            (4, [0]),
            (5, [1]),
            (5, [2]),
        ]
        assert [r.spans[column] for r in section.rows] == [0, 1, 2]


def test_a_cut_header_alone_at_a_page_s_foot_does_not_set_the_section_s_columns() -> None:
    # held-out WeasyPrint 4951 `04` (header cells of one and two lines, vertically centred,
    # cut by the page break): the one-line labels at page 6's foot named five of nine
    # columns (the four the vocabulary requires among them) and were read as a header with
    # no rows; page 7 opens with the two-line labels, read as its rest, and its rows in all
    # nine columns. The section kept the foot's five, and every row's cells, keyed by the
    # nine, were read in the wrong fields or none (352/451).
    cut = ColumnModel(
        (
            Column("activity", "Actividades", 200.0, 300.0, False),
            Column("responsible", "Responsables", 300.0, 400.0, False),
        )
    )
    whole = ColumnModel(
        (*MODEL.columns, Column("responsible", "Responsables", 300.0, 400.0, False))
    )
    foot = PageTable(
        6, cut, [word("Actividades", 205, 560, 6)], 560.0, 570.0, 570.0, [], {}, [], []
    )
    cells = {2: [word("Reuniones.", 205, 100, 7)], 3: [word("Secretaría.", 305, 100, 7)]}
    opened = PageTable(
        7,
        whole,
        [word("Objetivo", 105, 40, 7)],
        40.0,
        95.0,
        140.0,
        [Row(95.0, 140.0, cells)],
        {},
        [],
        [],
    )
    section = stitch_section([foot, opened], [])
    assert section.model is whole
    (row,) = section.rows
    assert {section.model.columns[c].field for c in row.cells} == {"activity", "responsible"}
