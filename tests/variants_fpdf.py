"""A third producer for held-out checks: the plan drawn by fpdf2, a PDF library none of the
extractor's stages was developed on.

fpdf2 (https://py-pdf.github.io/fpdf2/) lays a table out itself: its own line breaking, cell
padding, borders as line segments (or none, or rules between rows only), headings repeated
on each page or printed once, merged cells as `rowspan`, text left-aligned or justified, one
text object per line. It keeps a row, and the rows a merged cell spans, on one page (it moves
them to the next page whole), so a layout whose merged cell is taller than a page falls back
to flat cells (the action and objective printed on every row), which the option line says.

fpdf2 is not a dependency of the project: `tests/heldout.py --producer fpdf` renders these
layouts where it is installed (`pip install fpdf2`) and says so where it is not. The
layouts' truth is the same as the other producers' (`variants.load_truth`,
`variants.expected_truth`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from variants import (
    LEAF_FIELDS,
    PLAIN_LABELS,
    _groups,
    describe_options,
    number_text,
)
from variants_html import _action_key, _objective_key, cover_lines

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = ("DejaVuSans", "DejaVuSerif", "DejaVuSansCondensed", "DejaVuSerifCondensed")
PAGES = {"letter": (612.0, 792.0), "a4": (595.28, 841.89), "legal": (612.0, 1008.0)}
NUMBER_LABELS = ("Nº", "N°", "No.")
FALLBACK_FONT = "DejaVuSans"
"""The font fpdf2 draws a glyph the layout's font lacks with ('✓' of the 2024 plan, absent
from DejaVu Serif), as a word processor substitutes one."""


def installed() -> bool:
    """Whether fpdf2 can be imported (it is not a dependency of the project)."""
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class FpdfVariant:
    """One fpdf2 layout of the plan; the fields other producers share keep their names, so
    `variants.expected_truth` and `describe_options` read it as theirs."""

    name: str
    description: str = ""
    truth: str = "2023"
    page: str = "letter"
    orientation: str = "landscape"
    font: str = "DejaVuSans"
    size: float = 7.5
    widths: tuple[float, ...] = (12, 12, 16, 11, 11, 13, 13, 12)
    margin: float = 36.0
    borders: str = "ALL"
    """fpdf2's `borders_layout`: ALL, HORIZONTAL_LINES, NO_HORIZONTAL_LINES, MINIMAL,
    SINGLE_TOP_LINE or NONE."""
    header_fill: str | None = None
    header_bold: bool = True
    labels: tuple[str, ...] | None = None
    number_column: str | None = None
    header_repeat: bool = True
    table_per: str = "section"
    spans: str = "merged"
    align: str = "LEFT"
    line_height: float = 1.2
    padding: float = 2.0
    running_header: bool = False
    page_numbers: bool = False
    stamp: str | None = "line"
    cover: bool = True
    section_break: bool = True
    content: str = "as-printed"


def random_variant(rng: random.Random, index: int) -> FpdfVariant:
    """A combination of every option, drawn by `rng`."""
    number_column = rng.choice((None, None, *NUMBER_LABELS))
    widths = [w * rng.uniform(0.85, 1.15) for w in (12, 12, 16, 11, 11, 13, 13, 12)]
    if number_column:
        widths.insert(2, rng.uniform(3.5, 5))
    variant = FpdfVariant(
        name=f"fpdf-random-{index:02d}",
        truth=rng.choice(("2023", "2024")),
        page=rng.choice(("letter", "a4", "legal")),
        orientation="portrait" if rng.random() < 0.12 else "landscape",
        font=rng.choice(FONTS),
        size=rng.choice((6.5, 7.0, 7.5, 8.0, 8.5)),
        widths=tuple(round(w, 2) for w in widths),
        margin=rng.choice((28.0, 36.0, 54.0)),
        borders=rng.choice(("ALL", "ALL", "HORIZONTAL_LINES", "NO_HORIZONTAL_LINES", "MINIMAL")),
        header_fill=rng.choice((None, "#DCE6F2", "#D9D9D9")),
        header_bold=rng.random() < 0.8,
        labels=rng.choice((None, None, PLAIN_LABELS)),
        number_column=number_column,
        header_repeat=rng.random() < 0.6,
        table_per=rng.choice(("section", "section", "action", "objective")),
        spans=rng.choice(("merged", "merged", "flat")),
        align=rng.choice(("LEFT", "LEFT", "JUSTIFY")),
        line_height=rng.choice((1.1, 1.2, 1.35)),
        padding=rng.choice((1.5, 2.0, 3.0)),
        running_header=rng.random() < 0.4,
        page_numbers=rng.random() < 0.4,
        stamp=rng.choice(("line", None)),
        cover=rng.random() < 0.75,
        section_break=rng.random() < 0.7,
        content=rng.choice(("as-printed", "as-printed", "sparse")),
    )
    return replace(variant, description=describe_options(variant, FpdfVariant(name="")))


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


TOO_HIGH = "too high"
"""fpdf2's message for a row (with the rows its merged cells span) taller than a page."""


def render(variant: FpdfVariant, truth: dict, path: Path) -> FpdfVariant:
    """Draw the plan with fpdf2 into `path`; the layout drawn is returned: flat cells where
    a merged cell would be taller than a page (fpdf2 does not split one)."""
    try:
        _render(variant, truth, path)
    except ValueError as exc:
        if TOO_HIGH not in str(exc) or variant.spans == "flat":
            raise
        variant = replace(variant, spans="flat")
        variant = replace(variant, description=describe_options(variant, FpdfVariant(name="")))
        _render(variant, truth, path)
    return variant


def _render(variant: FpdfVariant, truth: dict, path: Path) -> None:
    from fpdf import FPDF

    v = variant
    width, height = PAGES[v.page]
    if v.orientation == "landscape":
        width, height = height, width
    year = truth["document"].get("year") or ""
    state = {"section": ""}

    class Plan(FPDF):
        def header(self) -> None:
            if v.running_header and state["section"]:
                self.set_font(v.font, "B", v.size + 1)
                self.cell(
                    0,
                    v.size * 1.6,
                    "COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL",
                    align="C",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
                self.cell(
                    0, v.size * 1.6, state["section"], align="C", new_x="LMARGIN", new_y="NEXT"
                )
                self.ln(v.size)

        def footer(self) -> None:
            if v.page_numbers:
                self.set_y(-v.margin * 0.8)
                self.set_font(v.font, "", v.size)
                self.cell(0, v.size * 1.4, f"Página {self.page_no()} de {{nb}}", align="R")

    pdf = Plan(unit="pt", format=(width, height))
    pdf.set_margins(v.margin, v.margin, v.margin)
    pdf.set_auto_page_break(True, margin=v.margin)
    for family in dict.fromkeys((v.font, FALLBACK_FONT)):
        for style, suffix in (("", ""), ("B", "-Bold")):
            pdf.add_font(family, style, str(FONT_DIR / f"{family}{suffix}.ttf"))
    pdf.set_fallback_fonts([FALLBACK_FONT])
    pdf.set_font(v.font, "", v.size)
    if v.cover:
        _cover(pdf, v, truth)
    for k, section in enumerate(truth["sections"]):
        state["section"] = section["heading_as_printed"]
        if k == 0 or v.section_break:
            pdf.add_page()
        else:
            pdf.ln(v.size * 3)
        _section(pdf, v, section, year)
    pdf.output(str(path))


def _cover(pdf, v: FpdfVariant, truth: dict) -> None:
    pdf.add_page()
    for text, size, bold, before in cover_lines(truth):
        pdf.ln(before)
        pdf.set_font(v.font, "B" if bold else "", size)
        pdf.multi_cell(0, size * 1.3, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _cell_text(v: FpdfVariant, activity: dict, name: str) -> str:
    if name == "strategic_action":
        return number_text(activity["strategic_action_number"], activity["strategic_action"])
    if name == "objective":
        return number_text(activity["objective_number"], activity["objective"])
    if name == "activity_number":
        return f"{activity['activity_number']}." if activity["activity_number"] else ""
    if name == "activity" and not v.number_column:
        return number_text(activity["activity_number"], activity["activity"])
    return activity[name] or ""


def _section(pdf, v: FpdfVariant, section: dict, year: object) -> None:
    titles = [
        f"Plan de Trabajo {year}",
        "Comisión Nacional contra la Explotación Sexual Comercial",
        section["heading_as_printed"],
    ]
    for text in titles:
        pdf.set_font(v.font, "B", v.size + 2)
        pdf.multi_cell(0, (v.size + 2) * 1.4, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(v.font, "", v.size + 1)
    pdf.multi_cell(
        0,
        (v.size + 1) * 1.3,
        f"Objetivo General: {section['general_objective']}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(v.size)
    labels = list(v.labels or section["columns_as_printed"])
    fields = list(LEAF_FIELDS)
    if v.number_column:
        labels.insert(2, v.number_column)
        fields.insert(2, "activity_number")
    assert len(v.widths) == len(fields), "one width per printed column"
    activities = section["activities"]
    key = {"section": lambda _a: 0, "action": _action_key, "objective": _objective_key}
    for first, last in _groups([key[v.table_per](a) for a in activities]):
        _table(pdf, v, labels, fields, activities[first : last + 1])
        pdf.ln(v.size)
    signature = section.get("signature")
    if v.stamp and signature:
        when = dt.datetime.fromisoformat(signature["signed_at"])
        offset = when.strftime("%z")
        date = when.strftime("%Y.%m.%d %H:%M:%S ") + f"{offset[:3]}'{offset[3:]}'"
        pdf.set_font(v.font, "", v.size)
        pdf.multi_cell(
            0,
            v.size * 1.3,
            f"Firmado digitalmente por {signature['signer']} Fecha: {date}",
            new_x="LMARGIN",
            new_y="NEXT",
        )


def _table(pdf, v: FpdfVariant, labels, fields, activities) -> None:
    from fpdf.fonts import FontFace

    spanning = {} if v.spans == "flat" else {0: _action_key, 1: _objective_key}
    starts: dict[int, dict[int, int]] = {c: {} for c in spanning}
    for c, key in spanning.items():
        for first, last in _groups([key(a) for a in activities]):
            starts[c][first] = last - first + 1
    heading = FontFace(
        emphasis="BOLD" if v.header_bold else None,
        fill_color=_rgb(v.header_fill) if v.header_fill else None,
    )
    pdf.set_font(v.font, "", v.size)
    with pdf.table(
        col_widths=v.widths,
        text_align=v.align,
        line_height=v.size * v.line_height,
        borders_layout=v.borders,
        headings_style=heading,
        repeat_headings=1 if v.header_repeat else 0,
        padding=v.padding,
        v_align="TOP",
    ) as table:
        row = table.row()
        for label in labels:
            row.cell(label, align="CENTER")
        for i, activity in enumerate(activities):
            row = table.row()
            for c, name in enumerate(fields):
                if c in spanning:
                    if i in starts[c]:
                        row.cell(_cell_text(v, activity, name), rowspan=starts[c][i])
                else:
                    row.cell(_cell_text(v, activity, name))
