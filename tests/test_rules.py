"""The page's ruling as the eye sees it, from drawing objects described as pdfplumber does."""

from __future__ import annotations

import pytest

from plan_extract.pdf.rules import PageRules, Rule, page_rules

WIDTH, HEIGHT = 612.0, 792.0


def rect(x0, top, x1, bottom, stroke=False, fill=False, colour=None) -> dict:
    return {
        "object_type": "rect",
        "x0": x0,
        "top": top,
        "x1": x1,
        "bottom": bottom,
        "pts": [(x0, top), (x1, top), (x1, bottom), (x0, bottom)],
        "stroke": stroke,
        "fill": fill,
        "non_stroking_color": colour,
    }


def line(x0, top, x1, bottom) -> dict:
    return {"object_type": "line", "pts": [(x0, top), (x1, bottom)]}


def rules_of(*graphics: dict) -> PageRules:
    return page_rules(list(graphics), WIDTH, HEIGHT)


def test_stroked_rectangle_draws_its_four_sides() -> None:
    rules = rules_of(rect(50, 100, 250, 140, stroke=True))
    assert rules.horizontals == [Rule(100, 50, 250), Rule(140, 50, 250)]
    assert rules.verticals == [Rule(50, 100, 140), Rule(250, 100, 140)]


def test_thin_filled_bar_is_one_rule_and_segments_in_line_are_merged() -> None:
    rules = rules_of(
        rect(50, 99.5, 150, 100.5, fill=True, colour=(0,)),
        line(150, 100, 300, 100),
    )
    assert rules.horizontals == [Rule(100, 50, 300)]
    assert rules.verticals == []


def test_cells_shaded_one_by_one_draw_the_outline_and_hint_the_column_between() -> None:
    grey = (0.8, 0.8, 0.8)
    rules = rules_of(
        rect(50, 100, 150, 120, fill=True, colour=grey),
        rect(150, 100, 250, 120, fill=True, colour=grey),
    )
    assert rules.horizontals == [Rule(100, 50, 250), Rule(120, 50, 250)]
    assert rules.verticals == [Rule(50, 100, 120), Rule(250, 100, 120)]
    assert rules.hints == [Rule(150, 100, 120)]


def test_white_fills_and_the_page_background_draw_nothing() -> None:
    rules = rules_of(
        rect(0, 0, WIDTH, HEIGHT, fill=True, colour=(0.9,)),
        rect(50, 100, 150, 120, fill=True, colour=(1, 1, 1)),
        rect(50, 200, 150, 220, fill=True, colour=(0, 0, 0, 0)),
    )
    assert rules == PageRules([], [], [])


def test_rules_off_the_paper_are_printed_nowhere_and_one_running_off_it_ends_at_its_edge() -> None:
    """A browser paints the rest of a table cut by a page break on the page, below its foot
    (clipped away): those rows' rules are no cells of this page."""
    rules = rules_of(
        rect(50, 600, 250, 700, stroke=True),  # the cut row, on the page
        rect(50, 700, 250, 820, stroke=True),  # its rest: from the page's foot (792) on
        rect(50, 820, 250, 900, stroke=True),  # the next row, wholly below the foot
        line(-30, 650, 30, 650),  # runs off the left edge
    )
    assert rules.horizontals == [Rule(600, 50, 250), Rule(650, 0, 30), Rule(700, 50, 250)]
    assert rules.verticals == [Rule(50, 600, HEIGHT), Rule(250, 600, HEIGHT)]


def test_dots_at_crossings_are_not_rules() -> None:
    assert rules_of(line(100, 100, 101, 100), line(100, 200, 100, 201)) == PageRules([], [], [])


# Broken lines: Chromium paints a dashed or dotted border as one small filled shape per dash
# or dot (tests/variants_html.py, `border_style`); the geometry below is the one it prints
# for 1 px (0.75 pt) and 2 px (1.5 pt) borders, each cell's border restarting the pattern.


def marks_along(y, x0, x1, length, gap, width, colour=(0.5, 0.5, 0.5), vertical=False) -> list:
    """Filled marks `length` long and `width` wide every `length + gap` points from x0 to
    x1 along a line at y (down a line at x = y when `vertical`), as Chromium paints them."""
    marks, x = [], x0
    while x + length <= x1 + 1e-6:
        box = (y - width / 2, x, y + width / 2, x + length) if vertical else None
        box = box or (x, y - width / 2, x + length, y + width / 2)
        marks.append(rect(*box, fill=True, colour=colour))
        x += length + gap
    return marks


def dot(x, y, diameter, colour=(0,)) -> dict:
    """A round dot as pdfplumber describes a filled circle: a curve through its four
    extremes (the control points dropped)."""
    r = diameter / 2
    return {
        "object_type": "curve",
        "x0": x - r,
        "top": y - r,
        "x1": x + r,
        "bottom": y + r,
        "pts": [(x + r, y), (x, y + r), (x - r, y), (x, y - r), (x + r, y)],
        "stroke": False,
        "fill": True,
        "non_stroking_color": colour,
    }


def test_a_dashed_border_is_one_rule_across_the_cells_restarting_its_dashes() -> None:
    """2 px dashed: dashes 4.5 pt long, 1.5 pt wide, about 2.9 pt apart; the second cell's
    pattern starts 6 pt (four widths) after the first cell's last dash."""
    first = marks_along(100, 36, 200, 4.5, 2.9, 1.5)
    second = marks_along(100, first[-1]["x1"] + 6, 400, 4.5, 2.9, 1.5)
    side = marks_along(36.75, 100.75, 300, 4.5, 2.9, 1.5, vertical=True)
    rules = rules_of(*first, *second, *side)
    assert rules.horizontals == [Rule(100, 36, second[-1]["x1"])]
    assert rules.verticals == [Rule(36.75, 100.75, side[-1]["bottom"])]


def test_a_dotted_border_is_one_rule_and_its_corner_dot_ends_both_lines() -> None:
    """1 px dotted: squares 0.75 pt wide, 0.75 pt apart (each shorter than a rule), the next
    cell's dots 2.25 pt on; the corner dot belongs to the row rule and the column rule."""
    row = marks_along(100, 50, 150, 0.75, 0.75, 0.75, colour=(0,))
    row += marks_along(100, row[-1]["x1"] + 2.25, 250, 0.75, 0.75, 0.75, colour=(0,))
    column = marks_along(50.375, 100.375 + 0.75, 180, 0.75, 0.75, 0.75, colour=(0,), vertical=True)
    rules = rules_of(*row, *column)
    assert len(rules.horizontals) == 1
    assert (rules.horizontals[0].start, rules.horizontals[0].end) == (50, row[-1]["x1"])
    assert len(rules.verticals) == 1
    assert rules.verticals[0].pos == 50.375
    assert (rules.verticals[0].start, rules.verticals[0].end) == (99.625, column[-1]["bottom"])


def test_round_dots_in_a_row_are_a_rule() -> None:
    rules = rules_of(*(dot(60 + 3 * k, 200, 1.5) for k in range(20)))
    assert rules.horizontals == [Rule(200, 59.25, 117.75)]
    assert rules.verticals == []


def test_marks_join_only_within_a_few_widths_on_one_line_of_one_ink_and_width() -> None:
    """Dots 8 widths apart (a row of bullets), dashes of another colour or another width
    continuing a line, and a lone dot draw no broken line."""
    black, red = (0, 0, 0), (1, 0, 0)
    apart = marks_along(100, 50, 150, 0.75, 6, 0.75, colour=black)
    left = marks_along(200, 50, 100, 4.5, 3, 1.5, colour=black)
    other_ink = marks_along(200, left[-1]["x1"] + 3, 150, 4.5, 3, 1.5, colour=red)
    thinner = marks_along(300, 50, 100, 2.25, 1.5, 0.75, colour=black)
    wider = marks_along(300, thinner[-1]["x1"] + 1.5, 150, 4.5, 3, 1.5, colour=black)
    rules = rules_of(*apart, *left, *other_ink, *thinner, *wider, dot(400, 400, 1.5))
    assert [(r.pos, r.start, r.end) for r in rules.horizontals] == [
        (200, 50, left[-1]["x1"]),
        (200, other_ink[0]["x0"], other_ink[-1]["x1"]),
        (300, 50, thinner[-1]["x1"]),
        (300, wider[0]["x0"], wider[-1]["x1"]),
    ]
    assert rules.verticals == []


def test_a_stroke_with_a_dash_array_is_one_rule() -> None:
    """reportlab's `setDash` and LibreOffice's dashed or dotted borders: one path, its dash
    pattern in the graphics state (pdfplumber's `dash`), read as the line it strokes."""
    dashed = line(50, 100, 300, 100) | {"dash": ([3, 1], 0)}
    assert rules_of(dashed).horizontals == [Rule(100, 50, 300)]


def test_the_dots_of_two_dotted_lines_side_by_side_draw_no_rules_across_them() -> None:
    """html held-out 1111 `05`: separate 1 px dotted borders, 2 px apart. The sides of two
    cells side by side are two dotted lines 2.25 pt apart, each dot of one beside a dot of
    the other (1.5 pt, two widths, between them): each pair is no rule across the lines."""
    black = (0, 0, 0)
    left = marks_along(115.9, 100, 200, 0.75, 0.75, 0.75, colour=black, vertical=True)
    right = marks_along(118.15, 100, 200, 0.75, 0.75, 0.75, colour=black, vertical=True)
    upper = marks_along(300, 50, 150, 0.75, 0.75, 0.75, colour=black)
    lower = marks_along(302.25, 50, 150, 0.75, 0.75, 0.75, colour=black)
    rules = rules_of(*left, *right, *upper, *lower)
    assert [(r.pos, r.start, r.end) for r in rules.verticals] == [
        (pytest.approx(115.9), 100, left[-1]["bottom"]),
        (pytest.approx(118.15), 100, right[-1]["bottom"]),
    ]
    assert [(r.pos, r.start, r.end) for r in rules.horizontals] == [
        (pytest.approx(300), 50, upper[-1]["x1"]),
        (pytest.approx(302.25), 50, lower[-1]["x1"]),
    ]


def test_a_border_wider_than_a_rule_draws_its_lines_with_wide_marks() -> None:
    """Chromium's borders of 3 px and more (tests/dots rendered at 3, 4, 6 and 8 px): 4 px
    dotted, round dots 3 pt wide 5.71 pt apart; 3 px dotted, squares 2.25 pt wide one width
    apart; 6 px dashed, dashes 9 pt long and 4.5 pt wide, 5.25 pt apart, each cell's pattern
    restarting on the last cell's corner mark. Each mark is thicker than a rule (`MIN_RULE`),
    so each drew its own short sides as a fill, or nothing (a round dot)."""
    round_dots = [dot(60 + 5.71 * k, 100, 3.0) for k in range(20)]
    squares = marks_along(200, 50, 150, 2.25, 2.25, 2.25, colour=(0,))
    first = marks_along(300, 50, 150, 9, 5.25, 4.5, colour=(0.2, 0.2, 0.2))
    second = marks_along(300, first[-1]["x1"] - 4.5, 250, 9, 5.25, 4.5, colour=(0.2, 0.2, 0.2))
    column = marks_along(50, 300, 400, 9, 5.25, 4.5, colour=(0.2, 0.2, 0.2), vertical=True)
    rules = rules_of(*round_dots, *squares, *first, *second, *column)
    assert [(r.pos, r.start, r.end) for r in rules.horizontals] == [
        (100, 58.5, round_dots[-1]["x1"]),
        (200, 50, squares[-1]["x1"]),
        (300, 50, second[-1]["x1"]),
    ]
    assert [(r.pos, r.start, r.end) for r in rules.verticals] == [(50, 300, column[-1]["bottom"])]


def test_wide_marks_far_apart_or_few_draw_no_line() -> None:
    """Square bullets 3 pt wide down a list at 12 pt lines (three widths apart), and two
    wide dots side by side, are no broken line: each is the fill it is, whose sides are no
    longer than it."""
    bullets = [rect(60, 100 + 12 * k, 63, 103 + 12 * k, fill=True, colour=(0,)) for k in range(5)]
    pair = marks_along(300, 50, 56, 2.25, 2.25, 2.25, colour=(0,))
    rules = rules_of(*bullets, *pair)
    assert rules.horizontals
    assert all(r.end - r.start <= 3 for r in rules.horizontals + rules.verticals)


def test_a_shaded_cells_side_under_a_wide_dotted_border_is_not_cut_between_the_dots() -> None:
    """A shaded header row under a 3 px dotted border (the shading's edge 0.4 pt below the
    dots' middle): painted after the shading, the dots hid its side at each dot, which read
    as 2.25 pt pieces (no grid framed the table: its last column ended at its text, the
    words right of that unassigned). A mark of a broken line is a piece of a rule, as a
    thin mark is, and hides nothing."""
    shading = rect(50, 100, 250, 120.6, fill=True, colour=(0.85, 0.85, 0.85))
    dots = marks_along(120.2, 50, 250, 2.25, 2.25, 2.25, colour=(0,))
    rules = rules_of(shading, *dots)
    assert [(r.pos, r.start, r.end) for r in rules.horizontals] == [
        (100, 50, 250),
        (pytest.approx(120.2), 50, dots[-1]["x1"]),
        (120.6, 50, 250),
    ]


def evenodd(shape: dict) -> dict:
    return {**shape, "evenodd": True}


def test_an_even_odd_ring_draws_the_sides_it_inks() -> None:
    """WeasyPrint's separate cell border: a box and its inside filled even-odd, one path of two
    rectangles (two consecutive fills, as the readers give them). A bottom border 1.5 pt wide
    inks one side; read as two fills, the inside of the border's colour hid it."""
    black = (0.0, 0.0, 0.0)
    box = evenodd(rect(39, 37.5, 124, 76, fill=True, colour=black))
    inside = evenodd(rect(39, 37.5, 124, 74.5, fill=True, colour=black))
    assert rules_of(box, inside).horizontals == [Rule(75.25, 39, 124)]
    assert rules_of(box, inside).verticals == []
    # a ring 2 pt wide on every side: four sides, each a rule along its middle
    box = evenodd(rect(36, 36, 576, 162, fill=True, colour=black))
    inside = evenodd(rect(38, 38, 574, 160, fill=True, colour=black))
    rules = rules_of(inside, box)
    assert rules.horizontals == [Rule(37, 36, 576), Rule(161, 36, 576)]
    assert rules.verticals == [Rule(37, 38, 160), Rule(575, 38, 160)]


def test_nested_even_odd_fills_that_are_no_ring_stay_fills() -> None:
    """A producer that fills every rectangle even-odd, each its own path: a short bar inside a
    longer one of one column rule is the rule, not a ring (the shared variant
    times-legal-cell-rects-justified); a box far inside another, or of another colour, is a
    second fill; the same rectangle twice is one fill."""
    black = (0.0, 0.0, 0.0)
    bars = [
        evenodd(rect(172.3, 56.4, 172.8, 260.9, fill=True, colour=black)),
        evenodd(rect(172.3, 56.4, 172.8, 158.9, fill=True, colour=black)),
    ]
    assert rules_of(*bars).verticals == [Rule(172.55, 56.4, 260.9)]
    grey, blue = (0.8, 0.8, 0.8), (0.2, 0.3, 0.9)
    far = [
        evenodd(rect(50, 100, 250, 200, fill=True, colour=grey)),
        evenodd(rect(80, 120, 220, 180, fill=True, colour=grey)),
    ]
    outline = [Rule(100, 50, 250), Rule(200, 50, 250)]
    assert rules_of(*far).horizontals == outline
    other = [far[0], evenodd(rect(51, 101, 249, 199, fill=True, colour=blue))]
    plain = [{**shape, "evenodd": False} for shape in other]
    assert rules_of(*other) == rules_of(*plain)
    same = [far[0], far[0]]
    assert rules_of(*same).horizontals == outline
