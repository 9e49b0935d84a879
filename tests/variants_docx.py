"""The plan as a Word document (python-docx) converted by LibreOffice: a second producer.

`tests/variants.py` draws every layout with one reportlab canvas, so the layouts it makes share
that producer's habits: how it writes words, spaces and rules, where it cuts a row. Real plans
are typed in Word or LibreOffice and exported to PDF, so this module builds the same truth as
a DOCX with real Word tables (vertically merged action/objective cells, a two-level header,
header rows marked to repeat with `w:tblHeader`, rows allowed to break across pages or held
with `w:cantSplit`, borders per cell, per table or none, section headings and general
objective paragraphs, a running page header, a cover, signature stamp text) and converts it
with `soffice --headless --convert-to pdf`: the layout of lines, page breaks, merged cells and
borders is then LibreOffice's own, not ours.

Each layout is a `DocxVariant` (data only); its truth-driven options (`truth`, `content`,
`labels`, `number_column`, `stamp`, `cover`) mean what they mean in `tests/variants.Variant`,
so `variants.load_truth` and `variants.expected_truth` serve both producers.
`random_variant(random.Random(seed), index)` draws a combination for held-out batches.

`python tests/variants_docx.py OUTDIR [NAME…]` renders the registered layouts (PDF, DOCX and
expected truth); `python tests/variants_docx.py --committed` re-renders the PDFs the tests read
from `tests/data/plans/docx/` (LibreOffice needed only for that).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from variants import (
    GROUPED,
    LEAF_FIELDS,
    PLAIN_LABELS,
    FontMissing,
    _groups,
    describe_options,
    layout_command,
    number_text,
)

HERE = Path(__file__).parent
COMMITTED = HERE / "data" / "plans" / "docx"
"""The PDFs `make test` reads: rendered once by this script, since LibreOffice is not needed
to run the tests."""

PAGE_POINTS = {"letter": (612.0, 792.0), "a4": (595.3, 841.9), "legal": (612.0, 1008.0)}
"""Portrait (width, height) in points."""

FONTS = (
    "Liberation Sans",
    "Liberation Serif",
    "Liberation Sans Narrow",
    "Liberation Mono",
    "DejaVu Sans",
    "DejaVu Serif",
    "DejaVu Sans Condensed",
    "Carlito",
)
"""Families a random layout may ask for; only those installed are drawn (`installed_fonts`)."""

VALIGN = {
    "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
    "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
    "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
}
BORDER_SIDES = ("top", "left", "bottom", "right")
TABLE_BORDERS = {
    "table": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "horizontal": ("top", "bottom", "insideH"),
    "box": ("top", "left", "bottom", "right"),
    "none": (),
}
"""Which `w:tblBorders` edges each table-level border style draws (`cell` draws none there)."""


@dataclass(frozen=True)
class DocxVariant:
    """One Word layout of the plan. Every field is a choice a Word user makes."""

    name: str
    description: str = ""
    truth: str = "2023"
    page: str = "letter"
    orientation: str = "landscape"
    """landscape | portrait: the table pages (the cover is always portrait)."""
    font: str = "Liberation Sans"
    size: float = 8.0
    widths: tuple[float, ...] = (12, 12, 16, 11, 11, 13, 13, 12)
    """Relative column widths, one per printed column (the number column included)."""
    margin: float = 36.0
    """Page margins in points."""
    borders: str = "cell"
    """cell (every cell's own w:tcBorders) | table (w:tblBorders with inside rules) |
    horizontal (top, bottom and between rows) | box (outer box and a rule under the header) |
    none."""
    border_eighths: int = 4
    """Border width in eighths of a point (Word's unit)."""
    border_color: str = "000000"
    header_fill: str | None = "DCE6F2"
    header_bold: bool = True
    group_label: str | None = "Evaluación"
    """Label over indicator/target/verification (a two-level header); None for one level."""
    labels: tuple[str, ...] | None = None
    number_column: str | None = None
    header_repeat: bool = True
    """Header rows marked w:tblHeader (repeated on every page the table reaches)."""
    table_per: str = "section"
    """section | action | objective: where a new table (with its own header) starts."""
    row_split: bool = True
    """False marks every body row w:cantSplit (a row is never cut by a page break)."""
    spans: str = "merged"
    """merged (vertically merged action/objective cells) | flat (repeated on each row)."""
    span_valign: str = "top"
    """top | middle | bottom: vertical alignment of the merged cells."""
    align: str = "left"
    """left | justify: body cell paragraphs."""
    space_after: float = 0.0
    """Points after each paragraph (Word's own Normal style since 2007 has 8; python-docx's
    template 0): in a table it is the only blank between rows that have no border."""
    line_spacing: float = 1.0
    """Line spacing as a multiple (1.0, Word's 1.08, 1.15)."""
    title_rows: str = "above"
    """above (paragraphs before the table) | inside (full-width rows opening the section's
    first table; only with a header that is not repeated, since Word repeats only the rows
    at the top of a table)."""
    running_header: tuple[str, ...] = ()
    """Lines of the page header on table pages; {year} and {section} are filled in ({section}
    only where each plan section starts a new page)."""
    page_numbers: bool = False
    """A footer `Página N de M` with Word fields."""
    stamp: str | None = "line"
    """line (one paragraph) | block (the signer's name large beside the small print, in a
    borderless table) | None."""
    cover: bool = True
    section_break: bool = True
    """Each plan section starts on a new page (its own Word section)."""
    content: str = "as-printed"
    """as-printed | long-row | sparse, as in tests/variants.py."""


LABEL_SETS = (None, PLAIN_LABELS)
"""Header label sets: the template's own (None), or the plain labels."""

DOCX_VARIANTS: tuple[DocxVariant, ...] = (
    DocxVariant(
        name="docx-letter-cellgrid-repeat-top",
        description=(
            "Letter, Liberation Sans 8, borders on every cell, shaded two-level header "
            "repeated (w:tblHeader), rows may break across pages, merged cells top-aligned, "
            "running header with the section, line stamps, cover"
        ),
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
    ),
    DocxVariant(
        name="docx-a4-tablegrid-serif-cantsplit-middle",
        description=(
            "A4, Liberation Serif 8.5, table borders (w:tblBorders), header repeated, rows "
            "never split (w:cantSplit), merged cells centred, one table per action, "
            "page numbers, block stamps"
        ),
        truth="2024",
        page="a4",
        font="Liberation Serif",
        size=8.5,
        borders="table",
        row_split=False,
        span_valign="middle",
        table_per="action",
        page_numbers=True,
        stamp="block",
    ),
    DocxVariant(
        name="docx-legal-horizontal-header-once-justified",
        description=(
            "Legal, DejaVu Sans 7.5, horizontal rules only, one-level header printed once per "
            "section (no w:tblHeader), rows may break, justified cells, merged cells "
            "top-aligned, title rows inside the table, no cover"
        ),
        page="legal",
        font="DejaVu Sans",
        size=7.5,
        borders="horizontal",
        header_fill=None,
        group_label=None,
        header_repeat=False,
        align="justify",
        title_rows="inside",
        cover=False,
    ),
    DocxVariant(
        name="docx-a4-box-flat-number-column",
        description=(
            "A4, Liberation Sans Narrow 8, outer box and header rule only, separate Nº column, "
            "action and objective repeated on every row, header repeated, one table per "
            "objective, sections run on"
        ),
        page="a4",
        font="Liberation Sans Narrow",
        borders="box",
        number_column="Nº",
        widths=(12, 12, 4, 15, 11, 11, 12, 12, 11),
        spans="flat",
        table_per="objective",
        section_break=False,
        stamp=None,
    ),
    DocxVariant(
        name="docx-letter-unbordered-bottom-sparse",
        description=(
            "Letter, DejaVu Serif 7.5, no borders, shaded header repeated, merged cells "
            "bottom-aligned, sparse cells, rows may break"
        ),
        truth="2024",
        font="DejaVu Serif",
        size=7.5,
        borders="none",
        header_fill="D9D9D9",
        span_valign="bottom",
        content="sparse",
    ),
    DocxVariant(
        name="docx-a4-box-justified-middle-cut-cell",
        description=(
            "A4, Liberation Sans Narrow 7, outer box only (1 pt), header printed once, plain "
            "labels, merged cells centred and cut by page breaks (their rest centred on the "
            "next page, under rows no text reaches), justified cells, 8 pt after each "
            "paragraph, no cover (2024)"
        ),
        truth="2024",
        page="a4",
        font="Liberation Sans Narrow",
        size=7.0,
        widths=(12.26, 11.38, 14.36, 10.72, 9.55, 11.52, 11.95, 12.65),
        margin=28.0,
        borders="box",
        border_eighths=8,
        header_bold=False,
        labels=LABEL_SETS[1],
        header_repeat=False,
        span_valign="middle",
        align="justify",
        space_after=8.0,
        cover=False,
    ),
    DocxVariant(
        name="docx-legal-box-group-header-flat-justified",
        description=(
            "2024, Legal, DejaVu Sans Condensed 7.5, outer box only (1 pt), two-level header "
            "unshaded printed once (its rule under the group's labels only, across part of "
            "the table), action and objective on every row, one table per action, title "
            "rows inside, justified cells, 8 pt after each paragraph, long rows, running "
            "header with the section"
        ),
        truth="2024",
        page="legal",
        font="DejaVu Sans Condensed",
        size=7.5,
        widths=(11.0, 13.77, 17.09, 10.56, 12.04, 14.8, 12.99, 12.33),
        borders="box",
        border_eighths=8,
        header_fill=None,
        header_repeat=False,
        table_per="action",
        spans="flat",
        span_valign="bottom",
        align="justify",
        space_after=8.0,
        title_rows="inside",
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
        content="long-row",
    ),
    DocxVariant(
        name="docx-legal-unbordered-mono-justified-flat",
        description=(
            "2024, Legal, Liberation Mono 9, no borders, plain labels, one table per action, "
            "action and objective on every row, justified cells (a stretched space leaves a "
            "label word such as 'metas' a phrase of its own on the first body line, right "
            "under the header: read once as a label, the header took the body's first line "
            "and the layout failed), 1.15 line spacing, running header with the section, "
            "sparse cells (held-out seed 1313, layout 10)"
        ),
        truth="2024",
        page="legal",
        font="Liberation Mono",
        size=9.0,
        widths=(11.13, 12.81, 16.02, 10.07, 11.09, 14.21, 12.95, 12.61),
        margin=28.0,
        borders="none",
        border_eighths=6,
        border_color="1F3864",
        header_fill=None,
        group_label=None,
        labels=LABEL_SETS[1],
        table_per="action",
        spans="flat",
        align="justify",
        line_spacing=1.15,
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
        content="sparse",
    ),
    DocxVariant(
        name="docx-legal-mono-horizontal-run-on-line-stamp",
        description=(
            "2023, Legal, Liberation Mono, row rules only, plain unbold header, a `Nº` "
            "column, sections run on (no page break), page numbers, line stamps: the next "
            "section's title rows start a paragraph under the stamp's small print, once "
            "read as the rest of the stamp (held-out seed 1313, layout 08)"
        ),
        page="legal",
        font="Liberation Mono",
        widths=(11.05, 12.07, 4.66, 18.04, 9.49, 10.42, 13.69, 14.68, 11.49),
        margin=28.0,
        borders="horizontal",
        header_bold=False,
        group_label=None,
        number_column="Nº",
        page_numbers=True,
        section_break=False,
    ),
    DocxVariant(
        name="docx-a4-box-serif-justified-cut-row-under-header",
        description=(
            "2023, A4, DejaVu Serif, an outer box only (1/4 pt) with no rule under the "
            "header's left columns, a two-level header, flat merged cells set at the bottom, "
            "justified, long rows cut by page breaks: a cut row opens the next page 1.6 em "
            "under the repeated labels, its merged texts' first lines label words all "
            "('estratégicas de' under 'Acción estratégica'), once read as the labels' second "
            "lines and the file failed (held-out seed 4967, layout 10)"
        ),
        page="a4",
        font="DejaVu Serif",
        widths=(13.49, 12.56, 14.74, 11.97, 10.31, 13.05, 13.4, 12.32),
        margin=54.0,
        borders="box",
        border_eighths=2,
        border_color="1F3864",
        header_fill=None,
        spans="flat",
        span_valign="bottom",
        align="justify",
        line_spacing=1.15,
        stamp="block",
        content="long-row",
    ),
    DocxVariant(
        name="docx-a4-portrait-mono-box-cut-labels",
        description=(
            "2023, A4 portrait, Liberation Mono 7.5, an outer box only, a table per "
            "objective, justified, 8 pt after each paragraph, no cover, no stamp: the "
            "narrow header cells cut labels inside their words (`Medios de` / `Verifica` / "
            "`ción`), the first piece level with the lowest labels; the label was once read "
            "as `Medios de` and its column lost, 165/440 (held-out seed 4967, layout 09)"
        ),
        page="a4",
        orientation="portrait",
        font="Liberation Mono",
        size=7.5,
        widths=(11.67, 11.59, 17.6, 12.5, 10.08, 14.28, 12.59, 10.82),
        margin=72.0,
        borders="box",
        border_eighths=8,
        header_fill=None,
        table_per="objective",
        align="justify",
        space_after=8.0,
        stamp=None,
        cover=False,
    ),
)
DOCX_REGISTRY: dict[str, DocxVariant] = {v.name: v for v in DOCX_VARIANTS}


# --- LibreOffice and fonts ---------------------------------------------------------------


def soffice() -> str | None:
    """The LibreOffice binary, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@cache
def installed_fonts() -> frozenset[str]:
    """Font families fontconfig knows (LibreOffice substitutes the rest silently)."""
    try:
        listing = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return frozenset()
    return frozenset(f.strip() for line in listing.splitlines() for f in line.split(","))


CONVERT_TIMEOUT = 120.0
"""Seconds LibreOffice may take per document (a plan converts in a few seconds, plus about
ten for LibreOffice to start)."""


def convert_many(documents: list[Path], out_dir: Path) -> None:
    """DOCX -> PDF with LibreOffice, all in one run (it starts once), in a profile of its own
    so concurrent runs never share state."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, documents),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERT_TIMEOUT * (1 + len(documents)),
        )


def convert(docx: Path, out_dir: Path) -> Path:
    """One DOCX -> PDF."""
    convert_many([docx], out_dir)
    pdf = out_dir / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return pdf


# --- WordprocessingML helpers ---------------------------------------------------------------


def _element(tag: str, **attrs: str) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _border(side: str, v: DocxVariant, *, width: int | None = None) -> OxmlElement:
    return _element(
        f"w:{side}",
        val="single",
        sz=str(width or v.border_eighths),
        space="0",
        color=v.border_color,
    )


def _nil(side: str) -> OxmlElement:
    return _element(f"w:{side}", val="nil")


def _cell_borders(cell, edges: dict[str, bool], v: DocxVariant) -> None:
    """Set each side of one cell explicitly (drawn or nil)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = _element("w:tcBorders")
        tc_pr.append(borders)
    for side in BORDER_SIDES:
        if side in edges:
            old = borders.find(qn(f"w:{side}"))
            if old is not None:
                borders.remove(old)
            borders.append(_border(side, v) if edges[side] else _nil(side))


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_element("w:shd", val="clear", color="auto", fill=fill))


def _row_flag(row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(_element(f"w:{tag}"))


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) LibreOffice fills in on each page."""
    simple = _element("w:fldSimple", instr=instruction)
    run = _element("w:r")
    text = _element("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _style_fonts(document, family: str, size: float, after: float, spacing: float) -> None:
    normal = document.styles["Normal"]
    normal.font.name = family
    normal.font.size = Pt(size)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), family)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = spacing


# --- the document ---------------------------------------------------------------------------


class DocxBuilder:
    """Builds one DocxVariant of a truth into a python-docx Document."""

    def __init__(self, variant: DocxVariant, truth: dict) -> None:
        self.v = variant
        self.truth = truth
        self.year = truth["document"].get("year") or ""
        self.doc = Document()
        _style_fonts(
            self.doc, variant.font, variant.size, variant.space_after, variant.line_spacing
        )
        self.first_section = True

    # pages

    def _page(self, section, portrait: bool) -> None:
        width, height = PAGE_POINTS[self.v.page]
        if portrait or self.v.orientation == "portrait":
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Pt(width), Pt(height)
        else:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Pt(height), Pt(width)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Pt(self.v.margin))
        section.header_distance = Pt(self.v.margin / 2)
        section.footer_distance = Pt(self.v.margin / 2)

    def _new_section(self, plan_section: dict | None) -> None:
        """A Word section for table pages: its page size, running header and footer."""
        if self.first_section and not self.v.cover:
            section = self.doc.sections[0]
        else:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.first_section = False
        self._page(section, portrait=False)
        header = section.header
        header.is_linked_to_previous = False
        heading = plan_section["heading_as_printed"] if plan_section else None
        lines = [
            line.format(year=self.year, section=heading)
            for line in self.v.running_header
            if heading is not None or "{section}" not in line
        ]
        paragraphs = header.paragraphs
        for k, text in enumerate(lines):
            paragraph = paragraphs[0] if k == 0 else header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = True
        footer = section.footer
        footer.is_linked_to_previous = False
        if self.v.page_numbers:
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run("Página ")
            _field(paragraph, "PAGE")
            paragraph.add_run(" de ")
            _field(paragraph, "NUMPAGES")

    def cover(self) -> None:
        """The cover, as the real plan's: organization, title, authors, approval, country."""
        doc = self.truth["document"]
        section = self.doc.sections[0]
        self._page(section, portrait=True)
        org = doc["organization"].split(" (")[0]

        def para(text: str, size: float, bold: bool, before: float) -> None:
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(before)
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)

        para(doc["organization"], 14, True, 150)
        para(doc["title"], 22, True, 60)
        para("Elaborado por:", 10, True, 60)
        para(f"Subcomisiones de la {org}", 10, False, 4)
        para(doc["approval"], 9, False, 40)
        para(doc["country"], 12, True, 80)

    def build(self) -> Document:
        if self.v.cover:
            self.cover()
        if not self.v.section_break:
            self._new_section(None)
        for k, section in enumerate(self.truth["sections"]):
            if self.v.section_break:
                self._new_section(section)
            elif k:
                self.doc.add_paragraph()
            self.section(section)
        # python-docx's template opens with no empty paragraph; Word needs one after a table
        # that ends a section, which add_section provides.
        return self.doc

    # one plan section

    def title_lines(self, section: dict) -> list[str]:
        return [
            f"Plan de Trabajo {self.year}",
            "Comisión Nacional contra la Explotación Sexual Comercial",
            section["heading_as_printed"],
        ]

    def objective_text(self, section: dict) -> str:
        return f"Objetivo General: {section['general_objective']}"

    def section(self, section: dict) -> None:
        v = self.v
        titles_inside = v.title_rows == "inside" and not v.header_repeat
        if not titles_inside:
            for text in self.title_lines(section):
                paragraph = self.doc.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(text)
                run.bold = True
                run.font.size = Pt(v.size + 1)
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(4)
            paragraph.paragraph_format.space_after = Pt(6)
            paragraph.add_run(self.objective_text(section)).font.size = Pt(v.size + 1)
        activities = section["activities"]
        key = {
            "section": lambda _activity: 0,
            "action": _action_key,
            "objective": _objective_key,
        }[v.table_per]
        chunks = _groups([key(a) for a in activities])
        for k, (first, last) in enumerate(chunks):
            if k:
                self.doc.add_paragraph().paragraph_format.space_after = Pt(6)
            self.table(section, activities[first : last + 1], titles=titles_inside and k == 0)
        self.stamp(section)

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

    def table(self, section: dict, activities: list[dict], titles: bool) -> None:
        v = self.v
        labels = list(v.labels or section["columns_as_printed"])
        if v.number_column:
            labels.insert(2, v.number_column)
        fields = self.fields()
        n = len(fields)
        assert len(v.widths) == n, "one width per printed column"
        title_rows = [*self.title_lines(section), self.objective_text(section)] if titles else []
        header_rows = 2 if v.group_label else 1
        table = self.doc.add_table(rows=len(title_rows) + header_rows + len(activities), cols=n)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        self._widths(table)
        self._table_borders(table)
        rows = table.rows
        self._title_rows(rows, title_rows)
        top = len(title_rows)
        self._header(rows[top : top + header_rows], labels)
        self._body(rows[top + header_rows :], activities, fields)
        if v.borders == "cell":
            for row in rows:
                for cell in row.cells:
                    _cell_borders(cell, dict.fromkeys(BORDER_SIDES, True), v)
        elif v.borders == "box":  # the rule under the header
            for cell in rows[top + header_rows - 1].cells:
                _cell_borders(cell, {"bottom": True}, v)

    def _title_rows(self, rows, texts: list[str]) -> None:
        """Titles, then the general objective, each one cell over every column."""
        for k, text in enumerate(texts):
            cell = rows[k].cells[0].merge(rows[k].cells[-1])
            paragraph = cell.paragraphs[0]
            objective = k == len(texts) - 1
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT if objective else WD_ALIGN_PARAGRAPH.CENTER
            )
            run = paragraph.add_run(text)
            run.bold = not objective
            run.font.size = Pt(self.v.size + 1)
            _row_flag(rows[k], "cantSplit")

    def _body(self, body, activities: list[dict], fields: list[str]) -> None:
        """One row per activity; action and objective merged over their rows unless flat."""
        v = self.v
        spanning = [] if v.spans == "flat" else [0, 1]
        keys = {0: _action_key, 1: _objective_key}
        for row, activity in zip(body, activities, strict=True):
            if not v.row_split:
                _row_flag(row, "cantSplit")
            for c, field_name in enumerate(fields):
                if c not in spanning:
                    self._write(row.cells[c], self.cell_text(activity, field_name))
        for c in spanning:
            for first, last in _groups([keys[c](a) for a in activities]):
                cell = body[first].cells[c]
                if last > first:
                    cell = cell.merge(body[last].cells[c])
                self._write(cell, self.cell_text(activities[first], fields[c]))
                cell.vertical_alignment = VALIGN[v.span_valign]

    def _write(self, cell, text: str) -> None:
        paragraph = cell.paragraphs[0]
        if self.v.align == "justify":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.add_run(text)

    def _widths(self, table) -> None:
        """Fixed column widths over the text block (LibreOffice reads w:tblGrid and w:tcW)."""
        v = self.v
        width, height = PAGE_POINTS[v.page]
        page_width = width if v.orientation == "portrait" else height
        total = page_width - 2 * v.margin
        widths = [Pt(w * total / sum(v.widths)) for w in v.widths]
        tbl_pr = table._tbl.tblPr
        tbl_pr.append(_element("w:tblLayout", type="fixed"))
        for column, w in zip(table.columns, widths, strict=True):
            column.width = w
            for cell in column.cells:
                cell.width = w

    def _table_borders(self, table) -> None:
        v = self.v
        borders = _element("w:tblBorders")
        drawn = TABLE_BORDERS.get(v.borders, ())
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_border(side, v) if side in drawn else _nil(side))
        table._tbl.tblPr.append(borders)

    def _header(self, rows, labels: list[str]) -> None:
        v = self.v
        n = len(labels)
        for row in rows:
            _row_flag(row, "cantSplit")
            if v.header_repeat:
                _row_flag(row, "tblHeader")
        cells: list[tuple[object, str]] = []
        if v.group_label:
            top, leaves = rows
            for c in range(n - GROUPED):
                cells.append((top.cells[c].merge(leaves.cells[c]), labels[c]))
            group = top.cells[n - GROUPED].merge(top.cells[n - 1])
            cells.append((group, v.group_label))
            cells += [(leaves.cells[c], labels[c]) for c in range(n - GROUPED, n)]
        else:
            cells += [(rows[0].cells[c], labels[c]) for c in range(n)]
        for cell, text in cells:
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = v.header_bold
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if v.header_fill:
                _shade(cell, v.header_fill)

    def stamp(self, section: dict) -> None:
        """The visible signature text after the section's tables (when the truth has one)."""
        signature = section.get("signature")
        if self.v.stamp is None or not signature:
            return
        signer = signature["signer"]
        when = dt.datetime.fromisoformat(signature["signed_at"])
        offset = when.strftime("%z")
        date = when.strftime("%Y.%m.%d %H:%M:%S ") + f"{offset[:3]}'{offset[3:]}'"
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_before = Pt(18)
        if self.v.stamp == "line":
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(40)
            paragraph.add_run(f"Firmado digitalmente por {signer} Fecha: {date}").font.size = Pt(7)
            return
        name = signer.split()
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        nil = _element("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            nil.append(_nil(side))
        table._tbl.tblPr.append(nil)
        # A signature's visible stamp is one appearance drawn in one place: never cut by a
        # page break (LibreOffice would carry its last lines to the next page's top).
        _row_flag(table.rows[0], "cantSplit")
        left, right = table.rows[0].cells
        for cell, w in ((left, 110), (right, 150)):
            cell.width = Pt(w)
        for k, word in enumerate(name):
            paragraph = left.paragraphs[0] if k == 0 else left.add_paragraph()
            paragraph.add_run(word).font.size = Pt(11)
        words = [" ".join(name[i : i + 2]) for i in range(0, len(name), 2)]
        lines = ["Firmado digitalmente por", *words, f"Fecha: {date[:10]}", date[11:]]
        for k, text in enumerate(lines):
            paragraph = right.paragraphs[0] if k == 0 else right.add_paragraph()
            paragraph.add_run(text).font.size = Pt(7)


def _action_key(a: dict) -> tuple:
    return (a["strategic_action_number"], a["strategic_action"])


def _objective_key(a: dict) -> tuple:
    return (*_action_key(a), a["objective_number"], a["objective"])


def build_docx(variant: DocxVariant, truth: dict, path: Path) -> Path:
    """The DOCX to render; its font must be installed, or LibreOffice would silently set the
    text in another one."""
    if installed_fonts() and variant.font not in installed_fonts():
        raise FontMissing(f"font family {variant.font!r} is not installed")
    DocxBuilder(variant, truth).build().save(str(path))
    return path


def render_docx_variant(variant: DocxVariant, truth: dict, out_dir: Path) -> Path:
    """DOCX then PDF (LibreOffice) in `out_dir`, both named after the variant."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docx = build_docx(variant, truth, out_dir / f"{variant.name}.docx")
    return convert(docx, out_dir)


# --- random layouts for held-out batches -----------------------------------------------------

NUMBER_LABELS = ("Nº", "N°", "No.")


def random_variant(rng: random.Random, index: int) -> DocxVariant:
    """A combination of every option, drawn by `rng` (fonts only among those installed)."""
    fonts = [f for f in FONTS if not installed_fonts() or f in installed_fonts()]
    number_column = rng.choice((None, None, *NUMBER_LABELS))
    base = [12, 12, 16, 11, 11, 13, 13, 12]
    widths = [w * rng.uniform(0.85, 1.15) for w in base]
    if number_column:
        widths.insert(2, rng.uniform(3.5, 5))
    header_repeat = rng.random() < 0.6
    variant = DocxVariant(
        name=f"docx-random-{index:02d}",
        truth=rng.choice(("2023", "2024")),
        page=rng.choice(("letter", "a4", "legal")),
        orientation="portrait" if rng.random() < 0.12 else "landscape",
        font=rng.choice(fonts),
        size=rng.choice((7.0, 7.5, 8.0, 8.5, 9.0)),
        widths=tuple(round(w, 2) for w in widths),
        margin=rng.choice((28.0, 36.0, 54.0, 72.0)),
        borders=rng.choice(("cell", "table", "horizontal", "box", "none")),
        border_eighths=rng.choice((2, 4, 6, 8)),
        border_color=rng.choice(("000000", "000000", "7F7F7F", "1F3864")),
        header_fill=rng.choice((None, "DCE6F2", "D9D9D9", "FFF2CC")),
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
        space_after=rng.choice((0.0, 0.0, 4.0, 8.0)),
        line_spacing=rng.choice((1.0, 1.0, 1.08, 1.15)),
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
    return replace(variant, description=describe_options(variant, DocxVariant(name="")))


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    return layout_command(argv, DOCX_REGISTRY, render_docx_variant, COMMITTED, "variants-docx-out")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
