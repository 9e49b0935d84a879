"""The document's page tables as sections: split where a new section starts, each section's
tables stitched into one (`stitch`), read into activities (`records`), with its signature
(`metadata`) and the words its preamble and headers hold (recorded as furniture).

`pipeline` calls `build_sections` once; what it returns is every section and everything
the stages found on the way, as one record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_extract.models import FurnitureWord, Section, StageWarning, UnassignedWord
from plan_extract.pdf.language import Vocabulary as Known
from plan_extract.pdf.reader import SignatureField
from plan_extract.plan.furniture import Furniture
from plan_extract.plan.metadata import section_signatures
from plan_extract.plan.page_tables import PageTable
from plan_extract.plan.records import (
    LineEndDoubt,
    build_section,
    furniture_words,
    preamble_furniture,
)
from plan_extract.plan.stitch import SectionTable, block_alignment, split_sections, stitch_sections
from plan_extract.plan.vocabulary import Vocabulary

CUT_OFF_ROWS = "table text above a table's header that no row took"
"""`UnassignedWord.reason` of a later table's preamble lines that read as cells, not as a
title: rows the page reading could not join to the table above (their words would otherwise
pass for a title row and be lost)."""


@dataclass(frozen=True)
class SectionDoubt:
    """A line end no evidence could read, in the section at index `section`."""

    section: int
    doubt: LineEndDoubt


@dataclass
class PlanSections:
    sections: list[Section] = field(default_factory=list)
    stitched: list[SectionTable] = field(default_factory=list)
    """Per section, its page tables stitched into one."""
    unassigned: list[UnassignedWord] = field(default_factory=list)
    warnings: list[StageWarning] = field(default_factory=list)
    furniture: list[FurnitureWord] = field(default_factory=list)
    """Headings, general objectives, column headers and title rows of every section."""
    doubts: list[SectionDoubt] = field(default_factory=list)


def build_sections(
    tables: list[PageTable],
    furniture: Furniture,
    signature_fields: list[SignatureField],
    vocabulary: Vocabulary,
    known: Known | None,
) -> PlanSections:
    """Every section of the document, in order. `known` is the vocabulary that decides line
    ends the spaces leave open: where the producer writes no space there, or at a full line
    (a dropped hanging space); None: the spaces and geometry alone decide."""
    built = PlanSections()
    groups = split_sections(tables, vocabulary, furniture.running)
    readings = stitch_sections(groups, block_alignment(tables))
    starts = [(g[0].page, g[0].header_top) for g in groups]
    signatures = section_signatures(starts, furniture.stamps, signature_fields)
    for section_tables, stitched, signature in zip(groups, readings, signatures, strict=True):
        first = section_tables[0]
        running = furniture.running.get(first.page, [])
        built.stitched.append(stitched)
        one = build_section(stitched, running, vocabulary, known)
        section = one.section
        section.signature = signature
        built.doubts.extend(SectionDoubt(len(built.sections), d) for d in one.doubts)
        built.furniture.extend(
            preamble_furniture(stitched.heading_lines, running, vocabulary, section.name)
        )
        for table in section_tables:
            built.furniture.extend(
                furniture_words(table.header_words, "column_header", section.name)
            )
            if table is not first:
                cells = {w.seq for w in table.preamble_cells}
                titles = [w for w in table.preamble if w.seq not in cells]
                built.furniture.extend(furniture_words(titles, "title", section.name))
                built.unassigned.extend(
                    UnassignedWord(page=w.page, bbox=w.bbox, text=w.text, reason=CUT_OFF_ROWS)
                    for w in table.preamble_cells
                )
        built.sections.append(section)
        built.unassigned.extend(one.unassigned)
        built.warnings.extend(one.warnings)
    return built
