"""The page grid's drawn boundaries: what the plan stages read as the page's ruling."""

from __future__ import annotations

from plan_extract.tables.page_grid import Edge, PageGrid, rectangular_regions


def grid(drawn_rows, drawn_columns, pairs=()) -> PageGrid:
    xs, ys = [0.0, 100.0, 200.0], [0.0, 20.0, 40.0]
    owner = rectangular_regions(2, 2, list(pairs))
    filled = [[True, True], [True, True]]
    return PageGrid(1, xs, ys, owner, {}, filled, {}, drawn_rows, drawn_columns)


def test_full_lattice_draws_every_boundary_as_long_as_it_runs() -> None:
    full = grid([[True, True]] * 3, [[True, True, True]] * 2)
    edges = full.drawn_edges()
    assert Edge(0, 20, 200, 20) in edges  # one segment across both columns
    assert Edge(100, 0, 100, 40) in edges  # one segment down both rows
    assert len(edges) == 6


def test_merged_cell_and_text_decided_cuts_are_not_drawn() -> None:
    # the left column is one merged cell (no rule at y=20 over it); the right column's cut at
    # y=20 was decided by the text, so nothing draws it either
    merged = grid(
        [[True, True], [False, False], [True, True]],
        [[True, True, True], [True, True, True]],
        pairs=[(0, 2)],
    )
    horizontals = [e for e in merged.drawn_edges() if e.horizontal]
    assert sorted(e.y for e in horizontals) == [0, 40]


def test_a_grid_that_does_not_know_its_drawing_has_no_edges() -> None:
    unknown = grid(None, None)
    assert unknown.drawn_edges() == []


def test_a_body_ruled_only_horizontally_runs_on_past_a_narrow_gutter() -> None:
    # html held-out 1818 `01` (a ruled header, rules between body rows only, 2 pt padding):
    # a full line of one cell ends 4.7 pt before the next cell's text, less than a column
    # gap (0.6 em), on the column's drawn boundary. The words are parted there by the
    # header's rule, not one phrase across it: the rows under it are the table's.
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.pdf.rules import PageRules, Rule
    from plan_extract.tables.finder import find_page_grids

    def word(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, top, x0 + 5.0 * len(text), top + 8.5, 1, 8.5, False, None)

    xs = [60.0, 160.0, 260.0, 360.0]
    header = [word(t, x + 4, 104) for x, t in zip(xs, ["Meta", "Medios", "Notas"], strict=False)]
    first = [word(t, x + 4, 124) for x, t in zip(xs, ["Diez", "Actas", "Una"], strict=False)]
    full = word("sensibilización", 181.8, 154)  # ends at 256.8, the boundary at 260.0
    second = [word("Dos", 64, 154), full, word("de", 261.5, 154), word("los", 274.0, 154)]
    horizontals = [Rule(y, 60.0, 360.0) for y in (100.0, 120.0, 150.0, 200.0)]
    verticals = [Rule(x, 100.0, 120.0) for x in xs]
    page = PageContent(1, 612, 792, header + first + second, PageRules(horizontals, verticals))
    (grid,) = find_page_grids(page)
    assert grid.ys == [100.0, 120.0, 150.0, 200.0]


def test_a_merged_cell_s_border_beside_the_row_rules_does_not_break_their_stack() -> None:
    # html 2828 `11` (Chromium, rules between rows only, separate cell borders): a page
    # opens with the rest of a cut row, ruled off from the next row by the row cells'
    # borders (a double line across the row cells only; the merged objective's cell goes
    # on beside it). Under the next row the objective's own bottom border ends where the
    # row cells' rules start. It is the same table's: the page's first row rule is kept
    # (it broke the stack of rules, the rest and the next row read as one row).
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.pdf.rules import PageRules, Rule
    from plan_extract.tables.finder import find_page_grids

    def word(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, top, x0 + 5.0 * len(text), top + 8.5, 1, 8.5, False, None)

    rest = [word("sobre", 162, 40), word("seleccionadas", 452, 40)]
    row = [word("Desarrollar", 162, 66), word("Patronato", 352, 66), word("Pilotaje", 452, 66)]
    objective = [word("2.3.", 102, 137), word("Desarrollar", 102, 147)]
    last = [word("Socializar", 162, 137), word("Integrantes", 352, 137), word("Un", 452, 137)]
    horizontals = [Rule(y, 159.0, 558.0) for y in (59.6, 61.9, 130.9, 266.6, 268.9)]
    horizontals += [Rule(119.6, 99.0, 157.5), Rule(133.1, 99.0, 558.0)]
    page = PageContent(1, 612, 792, rest + row + objective + last, PageRules(horizontals, []))
    (grid,) = find_page_grids(page)
    assert abs(grid.ys[0] - 60.75) < 1.0


def test_a_carried_boundary_in_a_narrow_gutter_fits_the_text() -> None:
    # html 1099 `03` (2 pt of padding, no vertical rules): on a continuation page an
    # objective's full line ends 1.5 pt before the activity's text. The previous page's
    # boundary between them falls in that gap: the text fits those columns (they were
    # refused, and the action and objective columns read as one merged column).
    from plan_extract.pdf.reader import Word
    from plan_extract.tables.finder import _fits_text

    def word(text: str, x0: float, top: float = 100.0) -> Word:
        return Word(text, x0, top, x0 + 5.0 * len(text), top + 8.5, 1, 8.5, False, None)

    xs = [0.0, 156.0, 271.5, 420.0]
    line = [word("cumplan con", 160.0), word("desarrollo", 220.0), word("3.2.2.", 272.5)]
    assert line[1].x1 < 271.5 < line[2].x0 and line[2].x0 - line[1].x1 < 5.1
    assert _fits_text(line, xs)
    # A word across the boundary does not fit it (a new table with columns of its own).
    assert not _fits_text([word("coordinación", 250.0)], xs)


def test_a_row_rule_running_from_a_merged_cell_s_side_to_the_table_s_bounds_a_column() -> None:
    # html and weasy held-out 3939 `00` (dashed borders between rows only, no vertical
    # rules): one action over two objectives, the only row rule under the objective
    # running from the action's side to the table's right side; the signature stamp's two
    # lines, inside the table's box, cross the gutter between the action's and the
    # objective's text. That rule's end is the column's side: the objectives are parted
    # there (the rule was drawn from the next boundary on, objective 3.2 read into 3.1).
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.pdf.rules import PageRules, Rule
    from plan_extract.tables.finder import find_page_grids

    def word(text: str, x0: float, top: float, size: float = 7.5) -> Word:
        return Word(text, x0, top, x0 + 3.5 * len(text), top + size, 1, size, False, None)

    action = [word("Garantizar", 40, 105), word("atención", 40, 115), word("integral", 40, 125)]
    first = [word("3.1.", 125, 105), word("Crear", 141, 105), word("mecanismo", 125, 115)]
    second = [word("3.2.", 125, 155), word("Proporcionar", 125, 165)]
    activities = [word("Reporte", 205, 105), word("Creación", 205, 155)]
    stamp = [word("GLORIANA", 40, 215, 11.0), word("Firmado", 98, 215), word("por", 126, 215)]
    stamp += [word("EDUARTE", 40, 227, 11.0), word("GLORIANA", 98, 225), word("EDUARTE", 133, 225)]
    horizontals = [Rule(y, 36.0, 300.0) for y in (100.0, 200.0, 240.0)]
    horizontals.append(Rule(150.0, 120.8, 300.0))
    words = action + first + second + activities + stamp
    page = PageContent(1, 612, 792, words, PageRules(horizontals, []))
    (grid,) = find_page_grids(page)
    assert any(abs(x - 120.8) < 1.0 for x in grid.xs)
    assert any(e.horizontal and e.y == 150.0 and e.x0 < 121.0 for e in grid.drawn_edges())


def test_a_double_rule_s_second_line_drawing_a_merged_cell_s_top_closes_its_column() -> None:
    # html Word/HTML 1219 `00` (Chromium, separate cell borders, rules between rows only):
    # at a page's last row the row cells' bottom border runs across the row cells alone,
    # and the next row's top border, 2.25 pt under it, also across the objective whose
    # merged cell starts there. That second line is the only rule over the objective's
    # column: the boundary is drawn there (it was skipped as the double rule's repeat, and
    # objective 2.2's cell ran on into 2.3's).
    from plan_extract.pdf.reader import PageContent, Word
    from plan_extract.pdf.rules import PageRules, Rule
    from plan_extract.tables.finder import find_page_grids

    def word(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, top, x0 + 5.0 * len(text), top + 8.5, 1, 8.5, False, None)

    xs = [40.0, 99.0, 159.0, 360.0, 558.0]
    labels = ["Acción", "Objetivo", "Actividad", "Meta"]
    header = [word(t, x + 3, 104) for x, t in zip(xs, labels, strict=False)]
    first = [
        word(t, x + 3, 125)
        for x, t in zip(xs, ["Fortalecer", "2.2.", "Realizar", "Una"], strict=False)
    ]
    second = [word("Promover", 162, 160), word("Tres", 363, 160)]
    third = [word("2.3.", 102, 210), word("Socializar", 162, 210), word("Diez", 363, 210)]
    horizontals = [Rule(y, 40.0, 558.0) for y in (100.0, 120.0)]
    horizontals += [Rule(y, 159.0, 558.0) for y in (150.0, 152.25, 200.0)]
    horizontals += [Rule(192.0, 99.0, 157.5), Rule(202.25, 99.0, 558.0)]
    verticals = [Rule(x, 100.0, 120.0) for x in xs]
    words = header + first + second + third
    page = PageContent(1, 612, 792, words, PageRules(horizontals, verticals))
    (grid,) = find_page_grids(page)
    assert abs(grid.ys[-1] - 201.1) < 0.1
    assert grid.drawn_rows is not None
    assert grid.drawn_rows[-1] == [False, True, True, True]
    # The repeat of a double rule that draws nothing more is left out, as before.
    assert all(abs(y - 152.25) > 1.0 for y in grid.ys)
