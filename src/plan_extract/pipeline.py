"""The stages in order: read → furniture → ruled tables (the generic engine) → plan grids →
stitch → records → metadata → Plan."""

from __future__ import annotations

import json
from pathlib import Path

from plan_extract.enrich import enrich
from plan_extract.models import Plan, UnassignedWord
from plan_extract.pdf.reader import PdfContent, ReadError, ReadLimits, Word, read_pdf
from plan_extract.pdf.text import group_lines, whole_words
from plan_extract.plan.furniture import find_furniture
from plan_extract.plan.metadata import document_metadata, section_signatures
from plan_extract.plan.page_tables import ColumnModel, PageTable, below_last_table, find_page_grid
from plan_extract.plan.records import build_section
from plan_extract.plan.stitch import block_alignment, split_sections, stitch_section
from plan_extract.plan.vocabulary import load_vocabulary
from plan_extract.review import review_plan
from plan_extract.tables.finder import find_grids


class NoPlanTables(ReadError):
    """The PDF reads fine but holds no plan table."""


def extract_plan(
    path: str | Path, password: str | None = None, limits: ReadLimits | None = None
) -> Plan:
    vocabulary = load_vocabulary()
    content = read_pdf(path, password=password, limits=limits)
    if not any(page.words for page in content.pages):
        raise ReadError(no_text_message(content))
    lattices = find_grids(content.pages)
    furniture = find_furniture(content.pages, vocabulary, lattices)
    tables: list[PageTable] = []
    model: ColumnModel | None = None
    cover = None
    pending = None
    stray: list[Word] = []
    trailing: list[Word] = []
    for page, page_lattices in zip(content.pages, lattices, strict=True):
        grid = find_page_grid(page, page_lattices, vocabulary, model, furniture.word_ids, pending)
        pending = grid.pending_header
        if grid.tables and grid.tables[0].header_words and not grid.tables[0].preamble:
            # A title left at the foot of the page before, its table moved to this one.
            grid.tables[0].preamble, trailing = trailing, []
        stray.extend(trailing)
        trailing = below_last_table(grid)
        kept = {id(w) for w in trailing}
        stray.extend(w for w in grid.stray if id(w) not in kept)
        if grid.tables:
            tables.extend(grid.tables)
            model = grid.tables[-1].model
        elif model is None and cover is None and page.words:
            cover = page
    stray.extend(trailing)
    if not tables:
        words = sum(len(page.words) for page in content.pages)
        raise NoPlanTables(
            f"no plan table found ({len(content.pages)} pages, {words} words, "
            "no header row naming the plan's columns)"
        )
    plan = Plan(source=Path(path).name, document=document_metadata(cover, vocabulary))
    # Where wrapped lines end in a space, a line end without one says a word broke there.
    whole = (
        frozenset()
        if content.line_end_spaces
        else whole_words(w for page in content.pages for w in page.words)
    )
    alignment = block_alignment(tables)
    groups = split_sections(tables, vocabulary, furniture.running)
    starts = [(g[0].page, g[0].header_top) for g in groups]
    signatures = section_signatures(starts, furniture.stamps, content.signature_fields)
    for section_tables, signature in zip(groups, signatures, strict=True):
        first = section_tables[0]
        stitched = stitch_section(section_tables, group_lines(first.preamble), alignment)
        section, unassigned, warnings = build_section(
            stitched, furniture.running.get(first.page, []), vocabulary, whole
        )
        section.signature = signature
        plan.sections.append(section)
        plan.unassigned.extend(unassigned)
        plan.warnings.extend(warnings)
    plan.unassigned.extend(
        UnassignedWord(
            page=w.page, bbox=w.bbox, text=w.text, reason="on a table page, outside every table"
        )
        for w in stray
    )
    plan = enrich(plan)
    plan.review = review_plan(plan, content)
    return plan


def no_text_message(content: PdfContent) -> str:
    """Why no word was read: a damaged file (the readers reported losses) is not a scan."""
    if content.problems:
        first = content.problems[0]
        where = f" on page {first.page}" if first.page else ""
        more = len(content.problems) - 1
        return (
            f"no text could be read: the PDF is damaged ({first.message}{where}"
            + (f"; {more} more problems" if more else "")
            + ")"
        )
    return "image-only PDF: no text layer (OCR is needed first)"


def load_plan(path: str | Path) -> Plan:
    """A Plan from a PDF (extracted now) or from a JSON file written by the extract command."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))
    return extract_plan(path)


__all__ = ["NoPlanTables", "UnassignedWord", "extract_plan", "load_plan"]
