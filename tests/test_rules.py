"""The page's ruling as the eye sees it, from drawing objects described as pdfplumber does."""

from __future__ import annotations

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


def test_dots_at_crossings_are_not_rules() -> None:
    assert rules_of(line(100, 100, 101, 100), line(100, 200, 100, 201)) == PageRules([], [], [])
