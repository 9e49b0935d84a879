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
