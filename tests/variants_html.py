"""The plan as an HTML page printed by a browser (headless Chromium): a third producer.

`tests/variants.py` draws with reportlab and `tests/variants_docx.py` goes through
LibreOffice; plans are also typed into online editors and printed from a browser. This module
writes the same truth as one HTML document — a `<table>` per section (or per action or
objective) with `rowspan` action/objective cells, a one- or two-level header in `<thead>`
(which the browser repeats on every page the table reaches) or printed once, CSS borders of
several kinds (collapsed or separate; solid, double, dashed, dotted; every cell, row rules
only, an outer box, none), a font installed on the machine, `@page` sizes and orientation,
rows allowed to break across pages or held with `break-inside: avoid`, titles as paragraphs
or full-width rows, a running header and `Página N de M` in `@page` margin boxes, a cover,
signature stamp text — and prints it with `chromium --headless --print-to-pdf`. The layout of
lines, page breaks, fragmented rowspans and borders is then the browser's own (Blink and
Skia), not ours.

Each layout is an `HtmlVariant` (data only); its truth-driven options (`truth`, `content`,
`labels`, `number_column`, `stamp`, `cover`) mean what they mean in `tests/variants.Variant`,
so `variants.load_truth` and `variants.expected_truth` serve this producer too.
`random_variant(random.Random(seed), index)` draws a combination for held-out batches.

`python tests/variants_html.py OUTDIR [NAME…]` renders the registered layouts (HTML, PDF and
expected truth); `python tests/variants_html.py --committed` re-renders the PDFs the tests read
from `tests/data/plans/html/` (Chromium needed only for that).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from variants import (
    GROUPED,
    LEAF_FIELDS,
    FontMissing,
    _groups,
    describe_options,
    layout_command,
    number_text,
)
from variants_docx import LABEL_SETS, NUMBER_LABELS, installed_fonts

HERE = Path(__file__).parent
COMMITTED = HERE / "data" / "plans" / "html"
"""The PDFs `make test` reads: rendered once by this script, since Chromium is not needed to
run the tests."""

PAGE_CSS = {"letter": "letter", "a4": "A4", "legal": "legal"}
FONTS = (
    "Liberation Sans",
    "Liberation Serif",
    "Liberation Sans Narrow",
    "Liberation Mono",
    "DejaVu Sans",
    "DejaVu Serif",
    "DejaVu Sans Condensed",
)
"""Families a random layout may ask for; only those installed are drawn."""

PRINT_TIMEOUT = 120.0
"""Seconds Chromium may take to print one document (a plan prints in a few seconds)."""


@dataclass(frozen=True)
class HtmlVariant:
    """One browser layout of the plan. Every field is a choice a page author makes."""

    name: str
    description: str = ""
    truth: str = "2023"
    page: str = "letter"
    orientation: str = "landscape"
    """landscape | portrait: the table pages (the cover is always portrait)."""
    font: str = "Liberation Sans"
    size: float = 8.0
    """Body font size in points."""
    widths: tuple[float, ...] = (12, 12, 16, 11, 11, 13, 13, 12)
    """Relative column widths, one per printed column (the number column included)."""
    margin: float = 36.0
    """Page margins in points."""
    borders: str = "grid"
    """grid (every cell) | horizontal (rules between rows) | box (outer box and a rule under
    the header) | none."""
    border_style: str = "solid"
    """The CSS border-style of every rule: solid | double | dashed | dotted."""
    border_width: float = 0.75
    """Border width in CSS pixels (a pixel is 0.75 pt)."""
    border_color: str = "#000000"
    collapse: bool = True
    """border-collapse: collapse (one rule between cells) or separate (each cell its own box,
    `border-spacing` apart: two rules between cells)."""
    padding: float = 3.0
    """Cell padding in points."""
    header_fill: str | None = "#DCE6F2"
    header_bold: bool = True
    group_label: str | None = "Evaluación"
    """Label over indicator/target/verification (a two-level header); None for one level."""
    labels: tuple[str, ...] | None = None
    number_column: str | None = None
    header_repeat: bool = True
    """The header rows in `<thead>` (the browser repeats them on every page of the table) or
    as the first body rows (printed once)."""
    table_per: str = "section"
    """section | action | objective: where a new table (with its own header) starts."""
    row_split: bool = True
    """False sets `break-inside: avoid` on every body row."""
    spans: str = "merged"
    """merged (rowspan action/objective cells) | flat (repeated on each row)."""
    span_valign: str = "top"
    """top | middle | bottom: vertical-align of the rowspan cells."""
    align: str = "left"
    """left | justify: body cells."""
    line_height: float = 1.15
    title_rows: str = "above"
    """above (headings before the table) | inside (full-width rows opening the section's
    first table; only with a header that is not repeated)."""
    running_header: tuple[str, ...] = ()
    """Lines of an `@page` top margin box on table pages; {year} and {section} are filled in
    ({section} only where each plan section starts a new page)."""
    page_numbers: bool = False
    """`Página N de M` in the bottom-right margin box."""
    stamp: str | None = "line"
    """line (one paragraph) | block (the signer's name large beside the small print) | None."""
    cover: bool = True
    section_break: bool = True
    """Each plan section starts on a new page."""
    content: str = "as-printed"
    """as-printed | long-row | sparse, as in tests/variants.py."""


HTML_VARIANTS: tuple[HtmlVariant, ...] = (
    HtmlVariant(
        name="html-letter-grid-repeat-top",
        description=(
            "Letter, Liberation Sans 8, collapsed solid grid, shaded two-level header in "
            "<thead> (repeated by the browser), rows may break, rowspan cells top-aligned, "
            "running header with the section, line stamps, cover"
        ),
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
    ),
    HtmlVariant(
        name="html-a4-separate-double-serif-middle",
        description=(
            "2024, A4, DejaVu Serif 7.5, separate double borders (two rules between cells), "
            "header repeated, rows never split, rowspan cells centred, one table per action, "
            "page numbers, block stamps"
        ),
        truth="2024",
        page="a4",
        font="DejaVu Serif",
        size=7.5,
        border_style="double",
        border_width=3.0,
        collapse=False,
        row_split=False,
        span_valign="middle",
        table_per="action",
        page_numbers=True,
        stamp="block",
    ),
    HtmlVariant(
        name="html-legal-horizontal-dotted-header-once",
        description=(
            "Legal, Liberation Serif 8.5, dotted row rules only, one-level header printed "
            "once per section, Nº column, title rows inside the table, justified cells, "
            "no cover"
        ),
        page="legal",
        font="Liberation Serif",
        size=8.5,
        borders="horizontal",
        border_style="dotted",
        header_fill=None,
        group_label=None,
        header_repeat=False,
        number_column="Nº",
        widths=(12, 12, 4, 15, 11, 11, 12, 12, 11),
        title_rows="inside",
        align="justify",
        cover=False,
    ),
    HtmlVariant(
        name="html-legal-portrait-dashed-box-justified",
        description=(
            "portrait Legal, Liberation Sans Narrow 8, separate dashed outer box (read as no "
            "rules), Nº column, one table per action, justified cells, sparse cells: a "
            "justified line of two words (its whole slack in one space) beside a cell's "
            "last line"
        ),
        page="legal",
        orientation="portrait",
        font="Liberation Sans Narrow",
        widths=(10.91, 12.27, 4.15, 17.98, 12.03, 9.57, 13.55, 12.21, 12.41),
        margin=54.0,
        borders="box",
        border_style="dashed",
        border_width=0.5,
        border_color="#7F7F7F",
        collapse=False,
        padding=2.0,
        header_fill="#FFF2CC",
        group_label=None,
        number_column="Nº",
        table_per="action",
        align="justify",
        line_height=1.0,
        stamp=None,
        content="sparse",
    ),
    HtmlVariant(
        name="html-letter-unruled-centred-labels-sparse",
        description=(
            "2023, Letter landscape, Liberation Sans 7, no rules, centred labels of the "
            "second set, a `No.` column, a table per action with its header printed once and "
            "title rows inside, sparse content (held-out html 1317 `00`): no means of "
            "verification under the first header, so the gutter before that column was once "
            "put 10 pt inside it, past its text's flush-left edge, and carried to the next "
            "pages, where its lines' first words went to the target"
        ),
        size=7.0,
        widths=(11.34, 10.57, 4.02, 16.51, 11.0, 12.37, 11.61, 13.6, 10.89),
        margin=28.0,
        borders="none",
        border_style="dashed",
        header_fill=None,
        labels=LABEL_SETS[1],
        number_column="No.",
        header_repeat=False,
        table_per="action",
        row_split=False,
        span_valign="middle",
        line_height=1.3,
        title_rows="inside",
        running_header=("CONACOES — Plan de Trabajo {year}",),
        page_numbers=True,
        stamp="block",
        cover=False,
        content="sparse",
    ),
    HtmlVariant(
        name="html-a4-portrait-mono-unruled-long-rows",
        description=(
            "2023, A4 portrait, Liberation Mono 9, no rules, a `Nº` column, a table per "
            "objective, flat merged cells centred, justified, long rows, a running header, "
            "no cover nor stamp (held-out html 4969 `11`): the narrow columns cut words "
            "inside; page 3 read a cut row's first line into its header, as columns of their "
            "own, and the words of the two past the section's nine columns were in no field "
            "and not reported (the review's word accounting said so)"
        ),
        page="a4",
        orientation="portrait",
        font="Liberation Mono",
        size=9.0,
        widths=(12.49, 11.28, 4.84, 18.01, 10.66, 10.1, 13.14, 12.04, 11.62),
        borders="none",
        border_width=0.5,
        border_color="#1F3864",
        collapse=False,
        padding=4.0,
        header_fill=None,
        group_label=None,
        number_column="Nº",
        table_per="objective",
        spans="flat",
        span_valign="middle",
        align="justify",
        line_height=1.3,
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
        stamp=None,
        cover=False,
        content="long-row",
    ),
)
HTML_REGISTRY: dict[str, HtmlVariant] = {v.name: v for v in HTML_VARIANTS}


# --- Chromium -------------------------------------------------------------------------------


def chromium() -> str | None:
    """The Chromium binary, or None where it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path) -> Path:
    """HTML -> PDF with headless Chromium, in a profile of its own (concurrent runs never
    share state); no header or footer of the browser's own (the date, the file's URL)."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("Chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        subprocess.run(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=PRINT_TIMEOUT,
        )
    if not pdf.exists():
        raise RuntimeError(f"Chromium wrote no PDF for {html}")
    return pdf


# --- the document ---------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """A CSS string literal; lines parted by `\\A` (with `white-space: pre` on the box)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


class HtmlBuilder:
    """Builds one HtmlVariant of a truth into an HTML document."""

    def __init__(self, variant: HtmlVariant, truth: dict) -> None:
        self.v = variant
        self.truth = truth
        self.year = truth["document"].get("year") or ""

    # style

    def rule(self) -> str:
        v = self.v
        return f"{v.border_width}px {v.border_style} {v.border_color}"

    def css(self) -> str:
        v = self.v
        rule = self.rule()
        cells = {
            "grid": f"border: {rule};",
            "horizontal": f"border-top: {rule}; border-bottom: {rule};",
            "box": "",
            "none": "",
        }[v.borders]
        table = f"border: {rule};" if v.borders == "box" else ""
        spacing = "border-collapse: collapse;" if v.collapse else "border-collapse: separate;"
        if not v.collapse:
            spacing += " border-spacing: 2px;"
        orientation = "landscape" if v.orientation == "landscape" else "portrait"
        pages = [
            f"@page {{ size: {PAGE_CSS[v.page]} {orientation}; margin: {v.margin}pt; "
            f"{self.margin_boxes(self.v.running_header and self.header_lines(None))} }}",
            f"@page cover {{ size: {PAGE_CSS[v.page]} portrait; }}",
        ]
        for k, section in enumerate(self.truth["sections"]):
            if v.section_break and v.running_header:
                boxes = self.margin_boxes(self.header_lines(section["heading_as_printed"]))
                pages.append(f"@page section{k} {{ {boxes} }}")
        body_valign = "top"
        return "\n".join(
            [
                *pages,
                f"body {{ font-family: '{v.font}'; font-size: {v.size}pt; margin: 0; "
                f"line-height: {v.line_height}; }}",
                ".cover { page: cover; text-align: center; break-after: page; }",
                ".cover p { margin: 0; }",
                f".title {{ text-align: center; font-weight: bold; font-size: {v.size + 1}pt;"
                " margin: 0; }",
                f".objective {{ font-size: {v.size + 1}pt; margin: 4pt 0 6pt 0; }}",
                ".section-break { break-before: page; }",
                f"table.plan {{ width: 100%; table-layout: fixed; {spacing} {table} "
                "margin-bottom: 6pt; }",
                f"table.plan td, table.plan th {{ padding: {v.padding}pt; {cells} "
                f"vertical-align: {body_valign}; text-align: {v.align}; "
                "overflow-wrap: break-word; }",
                "table.plan th { text-align: center; vertical-align: middle; "
                f"font-weight: {'bold' if v.header_bold else 'normal'};"
                + (f" background: {v.header_fill};" if v.header_fill else "")
                + " }",
                "table.plan th.hlast { border-bottom: " + rule + "; }"
                if v.borders == "box"
                else "",
                f"table.plan td.span {{ vertical-align: {v.span_valign}; }}",
                "table.plan tr.body { break-inside: avoid; }" if not v.row_split else "",
                f"table.plan td.titlerow {{ text-align: center; font-weight: bold; "
                f"font-size: {v.size + 1}pt; }}",
                "table.plan td.titlerow.objectiverow { text-align: left; font-weight: normal; }",
                "* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }",
                ".stamp { margin-top: 18pt; margin-left: 40pt; font-size: 7pt; }",
                # A signature's visible stamp is one appearance drawn in one place: never
                # cut by a page break (as in variants_docx).
                ".stampblock { margin-top: 18pt; border-collapse: collapse; break-inside: avoid; }",
                ".stampblock td { vertical-align: top; padding: 0 6pt 0 0; }",
                ".stampname { font-size: 11pt; }",
                ".stampsmall { font-size: 7pt; }",
            ]
        )

    def header_lines(self, heading: str | None) -> str:
        return "\n".join(
            line.format(year=self.year, section=heading)
            for line in self.v.running_header
            if heading is not None or "{section}" not in line
        )

    def margin_boxes(self, header: str) -> str:
        boxes = []
        if header:
            boxes.append(
                f"@top-center {{ content: {_css_string(header)}; white-space: pre; "
                f"font: bold {self.v.size}pt '{self.v.font}'; }}"
            )
        if self.v.page_numbers:
            boxes.append(
                '@bottom-right { content: "Página " counter(page) " de " counter(pages); '
                f"font: {self.v.size}pt '{self.v.font}'; }}"
            )
        return " ".join(boxes)

    # body

    def build(self) -> str:
        parts = []
        if self.v.cover:
            parts.append(self.cover())
        for k, section in enumerate(self.truth["sections"]):
            parts.append(self.section(k, section))
        return (
            "<!DOCTYPE html>\n<html lang='es'><head><meta charset='utf-8'>"
            f"<title>Plan de Trabajo {escape(str(self.year))}</title>"
            f"<style>\n{self.css()}\n</style></head>\n<body>\n"
            + "\n".join(parts)
            + "\n</body></html>\n"
        )

    def cover(self) -> str:
        lines = cover_lines(self.truth)
        body = "".join(
            f"<p style='font-size: {size}pt; font-weight: {'bold' if bold else 'normal'}; "
            f"margin-top: {before}pt'>{escape(text)}</p>"
            for text, size, bold, before in lines
        )
        return f"<div class='cover'>{body}</div>"

    def title_lines(self, section: dict) -> list[str]:
        return [
            f"Plan de Trabajo {self.year}",
            "Comisión Nacional contra la Explotación Sexual Comercial",
            section["heading_as_printed"],
        ]

    def objective_text(self, section: dict) -> str:
        return f"Objetivo General: {section['general_objective']}"

    def section(self, k: int, section: dict) -> str:
        v = self.v
        classes = []
        style = ""
        if v.section_break and (k or v.cover):
            classes.append("section-break")
        if v.section_break and v.running_header:
            style = f" style='page: section{k}'"
        titles_inside = v.title_rows == "inside" and not v.header_repeat
        parts = []
        if not titles_inside:
            parts += [f"<p class='title'>{escape(t)}</p>" for t in self.title_lines(section)]
            parts.append(f"<p class='objective'>{escape(self.objective_text(section))}</p>")
        elif not v.section_break and k:
            parts.append("<p>&nbsp;</p>")
        activities = section["activities"]
        key = {
            "section": lambda _activity: 0,
            "action": _action_key,
            "objective": _objective_key,
        }[v.table_per]
        for j, (first, last) in enumerate(_groups([key(a) for a in activities])):
            parts.append(
                self.table(section, activities[first : last + 1], titles=titles_inside and not j)
            )
        parts.append(self.stamp(section))
        return f"<div class='{' '.join(classes)}'{style}>" + "\n".join(parts) + "</div>"

    def fields(self) -> list[str]:
        fields = list(LEAF_FIELDS)
        if self.v.number_column:
            fields.insert(2, "activity_number")
        return fields

    def cell_text(self, activity: dict, field_name: str) -> str:
        if field_name == "strategic_action":
            return number_text(activity["strategic_action_number"], activity["strategic_action"])
        if field_name == "objective":
            return number_text(activity["objective_number"], activity["objective"])
        if field_name == "activity_number":
            return f"{activity['activity_number']}." if activity["activity_number"] else ""
        if field_name == "activity" and not self.v.number_column:
            return number_text(activity["activity_number"], activity["activity"])
        return activity[field_name] or ""

    def header_rows(self, labels: list[str]) -> list[str]:
        n = len(labels)
        last = " class='hlast'"
        if not self.v.group_label:
            return ["<tr>" + "".join(f"<th{last}>{escape(t)}</th>" for t in labels) + "</tr>"]
        top = "".join(f"<th rowspan='2'{last}>{escape(t)}</th>" for t in labels[: n - GROUPED])
        top += f"<th colspan='{GROUPED}'>{escape(self.v.group_label)}</th>"
        leaves = "".join(f"<th{last}>{escape(t)}</th>" for t in labels[n - GROUPED :])
        return [f"<tr>{top}</tr>", f"<tr>{leaves}</tr>"]

    def table(self, section: dict, activities: list[dict], titles: bool) -> str:
        v = self.v
        labels = list(v.labels or section["columns_as_printed"])
        if v.number_column:
            labels.insert(2, v.number_column)
        fields = self.fields()
        n = len(fields)
        assert len(v.widths) == n, "one width per printed column"
        total = sum(v.widths)
        cols = "".join(f"<col style='width: {100 * w / total:.3f}%'>" for w in v.widths)
        title_rows = [
            f"<tr><td class='titlerow' colspan='{n}'>{escape(t)}</td></tr>"
            for t in self.title_lines(section)
        ]
        title_rows.append(
            f"<tr><td class='titlerow objectiverow' colspan='{n}'>"
            f"{escape(self.objective_text(section))}</td></tr>"
        )
        header = self.header_rows(labels)
        body = self.body_rows(activities, fields)
        if v.header_repeat:
            head = "<thead>" + "".join(header) + "</thead>"
            rows = body
        else:
            head = ""
            rows = (title_rows if titles else []) + header + body
        return (
            f"<table class='plan'><colgroup>{cols}</colgroup>{head}<tbody>"
            + "\n".join(rows)
            + "</tbody></table>"
        )

    def body_rows(self, activities: list[dict], fields: list[str]) -> list[str]:
        """One row per activity; action and objective a rowspan over their rows unless flat."""
        spanning = {} if self.v.spans == "flat" else {0: _action_key, 1: _objective_key}
        starts: dict[int, dict[int, int]] = {c: {} for c in spanning}
        for c, key in spanning.items():
            for first, last in _groups([key(a) for a in activities]):
                starts[c][first] = last - first + 1
        rows = []
        for i, activity in enumerate(activities):
            cells = []
            for c, field_name in enumerate(fields):
                text = escape(self.cell_text(activity, field_name))
                if c in spanning:
                    if i in starts[c]:
                        cells.append(f"<td class='span' rowspan='{starts[c][i]}'>{text}</td>")
                else:
                    cells.append(f"<td>{text}</td>")
            rows.append("<tr class='body'>" + "".join(cells) + "</tr>")
        return rows

    def stamp(self, section: dict) -> str:
        """The visible signature text after the section's tables (when the truth has one)."""
        signature = section.get("signature")
        if self.v.stamp is None or not signature:
            return ""
        signer = signature["signer"]
        when = dt.datetime.fromisoformat(signature["signed_at"])
        offset = when.strftime("%z")
        date = when.strftime("%Y.%m.%d %H:%M:%S ") + f"{offset[:3]}'{offset[3:]}'"
        if self.v.stamp == "line":
            return f"<p class='stamp'>Firmado digitalmente por {escape(signer)} Fecha: {date}</p>"
        name = signer.split()
        words = [" ".join(name[i : i + 2]) for i in range(0, len(name), 2)]
        small = ["Firmado digitalmente por", *words, f"Fecha: {date[:10]}", date[11:]]
        return (
            "<table class='stampblock'><tr><td class='stampname'>"
            + "<br>".join(map(escape, name))
            + "</td><td class='stampsmall'>"
            + "<br>".join(map(escape, small))
            + "</td></tr></table>"
        )


def cover_lines(truth: dict) -> list[tuple[str, int, bool, int]]:
    """The cover page's lines as (text, size in points, bold, space before in points): the
    organisation, the title, who made it, the approval, the country (what the plan's cover
    prints and `plan.metadata` reads)."""
    doc = truth["document"]
    org = doc["organization"].split(" (")[0]
    return [
        (doc["organization"], 14, True, 150),
        (doc["title"], 22, True, 60),
        ("Elaborado por:", 10, True, 60),
        (f"Subcomisiones de la {org}", 10, False, 4),
        (doc["approval"], 9, False, 40),
        (doc["country"], 12, True, 80),
    ]


def _action_key(a: dict) -> tuple:
    return (a["strategic_action_number"], a["strategic_action"])


def _objective_key(a: dict) -> tuple:
    return (*_action_key(a), a["objective_number"], a["objective"])


def build_html(variant: HtmlVariant, truth: dict, path: Path) -> Path:
    """The HTML to print; its font must be installed, or the browser would silently set the
    text in another one."""
    if installed_fonts() and variant.font not in installed_fonts():
        raise FontMissing(f"font family {variant.font!r} is not installed")
    path.write_text(HtmlBuilder(variant, truth).build(), encoding="utf-8")
    return path


def render_html_variant(
    variant: HtmlVariant,
    truth: dict,
    out_dir: Path,
    printer: Callable[[Path, Path], Path] | None = None,
) -> Path:
    """HTML then PDF in `out_dir`, both named after the variant; printed by Chromium
    (`print_pdf`) unless another `printer` is given (WeasyPrint: `variants_weasy`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = build_html(variant, truth, out_dir / f"{variant.name}.html")
    return (printer or print_pdf)(html, out_dir / f"{variant.name}.pdf")


# --- random layouts for held-out batches -----------------------------------------------------


def random_variant(rng: random.Random, index: int) -> HtmlVariant:
    """A combination of every option, drawn by `rng` (fonts only among those installed)."""
    fonts = [f for f in FONTS if not installed_fonts() or f in installed_fonts()]
    number_column = rng.choice((None, None, *NUMBER_LABELS))
    widths = [w * rng.uniform(0.85, 1.15) for w in (12, 12, 16, 11, 11, 13, 13, 12)]
    if number_column:
        widths.insert(2, rng.uniform(3.5, 5))
    header_repeat = rng.random() < 0.6
    border_style = rng.choice(("solid", "solid", "solid", "double", "dashed", "dotted"))
    variant = HtmlVariant(
        name=f"html-random-{index:02d}",
        truth=rng.choice(("2023", "2024")),
        page=rng.choice(("letter", "a4", "legal")),
        orientation="portrait" if rng.random() < 0.12 else "landscape",
        font=rng.choice(fonts),
        size=rng.choice((7.0, 7.5, 8.0, 8.5, 9.0)),
        widths=tuple(round(w, 2) for w in widths),
        margin=rng.choice((28.0, 36.0, 54.0)),
        borders=rng.choice(("grid", "grid", "horizontal", "box", "none")),
        border_style=border_style,
        border_width=3.0 if border_style == "double" else rng.choice((0.5, 0.75, 1.0, 2.0)),
        border_color=rng.choice(("#000000", "#000000", "#7F7F7F", "#1F3864")),
        collapse=rng.random() < 0.75,
        padding=rng.choice((2.0, 3.0, 4.0)),
        header_fill=rng.choice((None, "#DCE6F2", "#D9D9D9", "#FFF2CC")),
        header_bold=rng.random() < 0.8,
        group_label=rng.choice(("Evaluación", "Evaluación", None)),
        labels=rng.choice(LABEL_SETS),
        number_column=number_column,
        header_repeat=header_repeat,
        table_per=rng.choice(("section", "section", "action", "objective")),
        row_split=rng.random() < 0.6,
        spans=rng.choice(("merged", "merged", "flat")),
        span_valign=rng.choice(("top", "top", "middle", "bottom")),
        align=rng.choice(("left", "left", "justify")),
        line_height=rng.choice((1.0, 1.15, 1.3)),
        title_rows="inside" if not header_repeat and rng.random() < 0.4 else "above",
        running_header=rng.choice(
            (
                (),
                ("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
                ("CONACOES — Plan de Trabajo {year}",),
            )
        ),
        page_numbers=rng.random() < 0.4,
        stamp=rng.choice(("line", "block", None)),
        cover=rng.random() < 0.75,
        section_break=rng.random() < 0.7,
        content=rng.choice(("as-printed", "as-printed", "as-printed", "sparse", "long-row")),
    )
    return replace(variant, description=describe_options(variant, HtmlVariant(name="")))


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    return layout_command(argv, HTML_REGISTRY, render_html_variant, COMMITTED, "variants-html-out")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
