"""Stage 4 — build activity records (and section metadata) from stitched section tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from plan_extract.models import (
    NUMBERED_FIELDS,
    Activity,
    FurnitureWord,
    Piece,
    Section,
    StageWarning,
    UnassignedWord,
)
from plan_extract.normalize import collapse_whitespace, vocabulary_key
from plan_extract.pdf.language import Vocabulary as Known
from plan_extract.pdf.reader import Word
from plan_extract.pdf.text import (
    LineEnd,
    bare_number,
    group_lines,
    line_text,
    split_item_number,
    words_text,
)
from plan_extract.plan.stitch import SectionTable, SpanGroup, StitchedRow, item_number
from plan_extract.plan.vocabulary import Vocabulary


@dataclass(frozen=True)
class LineEndDoubt:
    """A line end inside a field that neither spaces nor language could read."""

    activity: int
    """Index of the activity in its section."""
    field: str
    line_end: LineEnd


@dataclass
class BuiltSection:
    section: Section
    unassigned: list[UnassignedWord]
    warnings: list[StageWarning]
    doubts: list[LineEndDoubt] = field(default_factory=list)


def build_section(
    table: SectionTable,
    running_lines: list[list[Word]],
    vocabulary: Vocabulary,
    known: Known | None = None,
) -> BuiltSection:
    """One Section with its activities; plus words nobody took, warnings, and line ends read
    by geometry alone. `known` is the language and the document's whole words
    (`language.Vocabulary`), to tell a wrapped line from a word broken in two where the
    producer writes no line-end spaces."""
    model = table.model
    warnings: list[StageWarning] = []
    found = _heading_and_objective(table.heading_lines, running_lines, vocabulary)
    heading, general_objective = found.heading, found.general_objective
    name = (vocabulary.section_name(heading) if heading else None) or (
        collapse_whitespace(heading) if heading else f"Sección {table.pages[0]}"
    )
    activities: list[Activity] = []
    unknown_column_words: list[tuple[str, Word]] = list(table.unknown_words)
    previous_spans: dict[int, SpanGroup] = {}
    doubts: list[LineEndDoubt] = []
    taken: list[SpanGroup] = []
    edges = [table.drawn_edge(index) for index in range(len(model.columns))]
    spaces = [
        table.word_space(index) if edge is not None else None for index, edge in enumerate(edges)
    ]
    for row in table.rows:
        values: dict[str, str | None] = {}
        provenance: dict[str, list[Piece]] = {}
        for index, column in enumerate(model.columns):
            if column.spanning:
                group = _spanning_group(table, row, index, previous_spans)
                words = group.words if group else []
                if group:
                    previous_spans[index] = group
                    taken.append(group)
            else:
                words = row.cells.get(index, [])
            if not column.field:
                unknown_column_words.extend((column.label, w) for w in words)
                continue
            undecided: list[LineEnd] = []
            limit = table.right_limit(index)
            text = words_text(words, limit, known, undecided, edges[index], spaces[index])
            if column.field == "activity_number" and bare_number(text) is not None:
                undecided = []  # a number is one token: its line ends are no question
            doubts.extend(LineEndDoubt(len(activities), column.field, e) for e in undecided)
            _store(column.field, text, values)
            provenance[column.field] = _pieces(words)
        activity = Activity.model_validate({**values, "pages": row.pages, "provenance": provenance})
        activities.append(activity)
    unknown_labels = sorted({c.label for c in model.columns if not c.field})
    if unknown_labels:
        warnings.append(
            StageWarning(
                stage="records",
                code="unknown_column",
                section=name,
                page=table.pages[0],
                message=f"{name}: columns not in the vocabulary, reported as unassigned: "
                f"{unknown_labels}",
            )
        )
    unassigned = [
        UnassignedWord(
            page=w.page,
            bbox=w.bbox,
            text=w.text,
            reason=f"column {label!r} is not in the vocabulary",
        )
        for label, w in unknown_column_words
    ]
    unassigned += [
        UnassignedWord(page=w.page, bbox=w.bbox, text=w.text, reason="outside every column")
        for t in table.tables
        for w in t.outside
    ]
    unassigned += [
        UnassignedWord(
            page=w.page, bbox=w.bbox, text=w.text, reason="spanning cell that covers no row"
        )
        for w in table.orphans
    ]
    unassigned += [
        UnassignedWord(
            page=w.page, bbox=w.bbox, text=w.text, reason="spanning cell that no activity took"
        )
        for w in _untaken_span_words(table, taken)
    ]
    section = Section(
        name=name,
        heading_as_printed=collapse_whitespace(heading) if heading else None,
        general_objective=general_objective,
        columns_as_printed=[c.label for c in model.columns],
        pages=table.pages,
        activities=activities,
    )
    return BuiltSection(section, unassigned, warnings, doubts)


def _untaken_span_words(table: SectionTable, taken: list[SpanGroup]) -> list[Word]:
    """Words of spanning cells that cover rows but that no row's value was read from (each
    row takes one cell per column, so a second cell over the same rows goes unread)."""
    return [
        w
        for groups in table.spanning.values()
        for group in groups
        if group.rows and not any(group is t for t in taken)
        for w in group.words
    ]


def _store(field: str, text: str, values: dict[str, str | None]) -> None:
    if field == "activity_number":  # a number column of its own: "2.1.1." → "2.1.1"
        values[field] = bare_number(text) or text.rstrip(".").strip() or None
    elif field in NUMBERED_FIELDS:
        number, rest = split_item_number(text)
        key = NUMBERED_FIELDS[field]
        values[key] = number if number is not None else values.get(key)
        values[field] = rest
    else:
        values[field] = text


def _spanning_group(
    table: SectionTable, row: StitchedRow, index: int, previous: dict[int, SpanGroup]
) -> SpanGroup | None:
    """The row's cell in a spanning column. An empty one (text never printed over these rows)
    is looked up by the row's own number (4.1.1 → objective 4.1), else taken from the row above."""
    groups = table.spanning.get(index, [])
    group = groups[row.spans[index]] if index in row.spans else None
    if group is not None and group.words:
        return group
    number = item_number(row.cells, table.model)
    if number:
        level = 1 if table.model.columns[index].field == "strategic_action" else 2
        parent = ".".join(number.split(".")[:level])
        for candidate in groups:
            if candidate.words and split_item_number(words_text(candidate.words))[0] == parent:
                return candidate
    return previous.get(index, group)


def _pieces(words: list[Word]) -> list[Piece]:
    pieces = []
    for line in group_lines(words):
        x0, top = min(w.x0 for w in line), min(w.top for w in line)
        x1, bottom = max(w.x1 for w in line), max(w.bottom for w in line)
        pieces.append(
            Piece(
                page=line[0].page,
                bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
                text=line_text(line),
            )
        )
    return pieces


@dataclass(frozen=True)
class HeadingLines:
    """Which of a section's preamble lines hold its heading and its general objective (the
    others are title rows). `heading` may come from a running header line instead, when no
    preamble line names the section; `heading_at` is then None."""

    heading: str | None
    heading_at: int | None
    general_objective: str | None
    objective_from: int | None


def _heading_and_objective(
    heading_lines: list[list[Word]], running_lines: list[list[Word]], vocabulary: Vocabulary
) -> HeadingLines:
    """The section heading is the heading-like line nearest above the general objective."""
    lines = [line_text(line) for line in heading_lines]
    objective_at = next(
        (
            i
            for i, text in enumerate(lines)
            if any(
                vocabulary_key(text).startswith(label)
                for label in vocabulary.general_objective_labels
            )
        ),
        None,
    )
    general_objective = None
    if objective_at is not None:
        text = " ".join(lines[objective_at:])
        general_objective = (
            collapse_whitespace(text.split(":", 1)[1]) if ":" in text else collapse_whitespace(text)
        )
    before = lines[:objective_at] if objective_at is not None else lines
    heading_at = next(
        (
            i
            for i in reversed(range(len(before)))
            if any(m in vocabulary_key(before[i]) for m in vocabulary.section_heading_markers)
        ),
        None,
    )
    heading = before[heading_at] if heading_at is not None else None
    if heading is None:
        heading = next(
            (
                line_text(line)
                for line in running_lines
                if any(
                    m in vocabulary_key(line_text(line)) for m in vocabulary.section_heading_markers
                )
            ),
            None,
        )
    return HeadingLines(heading, heading_at, general_objective, objective_at)


def preamble_furniture(
    heading_lines: list[list[Word]],
    running_lines: list[list[Word]],
    vocabulary: Vocabulary,
    section: str,
) -> list[FurnitureWord]:
    """The words of a section's preamble lines, each as what it was read as: the heading,
    the general objective, or a title row."""
    found = _heading_and_objective(heading_lines, running_lines, vocabulary)
    records = []
    for i, line in enumerate(heading_lines):
        kind = "title"
        if found.objective_from is not None and i >= found.objective_from:
            kind = "general_objective"
        elif i == found.heading_at:
            kind = "heading"
        records.extend(furniture_words(line, kind, section))
    return records


def furniture_words(words: Iterable[Word], kind: str, section: str | None = None):
    """`FurnitureWord` records of `words`, one per word."""
    return [
        FurnitureWord(page=w.page, bbox=w.bbox, text=w.text, kind=kind, section=section)
        for w in words
    ]
