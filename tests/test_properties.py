"""Property-based tests of the stitch and record stages on generated grids, and a fuzz test of
the whole extraction on mutated bytes of the real plan.

The generator writes a plan (actions → objectives → activities with their cells), lays it out
on pages the way a word processor does — rows cut by page breaks, merged action/objective cells
running over several pages with their text printed on any one of them, activity numbers missing
— as the `PageTable`s the grid stage produces, and checks that stitching and records give back
exactly the plan. The layouts stay inside what the stitcher can tell apart (see `_layout`): an
unnumbered row at the top of a page, for instance, is a cut row's continuation by design.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plan_extract.commands.extract import Job, Limits, extract_file
from plan_extract.pdf.reader import ReadLimits, Word
from plan_extract.plan.page_tables import Column, ColumnModel, PageTable, Row, SpanningCell
from plan_extract.plan.records import build_section
from plan_extract.plan.stitch import stitch_section
from plan_extract.plan.vocabulary import load_vocabulary

SIZE = 8.0
LINE = 10.0
TOP = 100.0
WORDS = ("plan", "meta", "red", "taller", "informe", "sesiones", "datos", "guía", "apoyo", "niñez")
COLUMNS = (
    ("strategic_action", 0.0, 100.0, True),
    ("objective", 100.0, 200.0, True),
    ("activity", 200.0, 400.0, False),
    ("responsible", 400.0, 500.0, False),
    ("indicator", 500.0, 600.0, False),
    ("target", 600.0, 700.0, False),
)
MODEL = ColumnModel(tuple(Column(f, f.title(), x0, x1, span) for f, x0, x1, span in COLUMNS))
LEAF = (2, 3, 4, 5)
PER_LINE = 3


@dataclass
class Item:
    """One activity of the generated plan."""

    action: int
    objective: int
    number: str | None
    cells: dict[int, list[str]]
    """leaf column → words (the activity's words without its number)"""
    pieces: list[tuple[int, float, float, dict[int, list[list[str]]]]] = field(default_factory=list)
    """(page, top, bottom, column → lines) of each printed piece of the row"""


@dataclass
class Generated:
    tables: list[PageTable]
    items: list[Item]
    actions: dict[int, list[str]]
    objectives: dict[tuple[int, int], list[str]]


def words_of(draw, low: int, high: int, capital: bool = False) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high))
    if capital and chosen:
        chosen[0] = chosen[0].capitalize()
    return chosen


def wrap(tokens: list[str], per_line: int = PER_LINE) -> list[list[str]]:
    return [tokens[i : i + per_line] for i in range(0, len(tokens), per_line)]


def place(
    tokens_by_line: list[list[str]], column: int, page: int, top: float, last_word: str | None
) -> list[Word]:
    """Words of a cell's lines; the producer writes a space after every word but the cell's
    last (as LibreOffice does), which is how line breaks become spaces."""
    placed = []
    for n, line in enumerate(tokens_by_line):
        for i, text in enumerate(line):
            x0 = COLUMNS[column][1] + 2 + 32 * i
            y = top + 2 + n * LINE
            is_last = n == len(tokens_by_line) - 1 and i == len(line) - 1 and last_word is not None
            placed.append(
                Word(text, x0, y, x0 + 30, y + SIZE, page, SIZE, False, None if is_last else True)
            )
    return placed


@st.composite
def plans(draw, numbered: bool) -> Generated:
    items: list[Item] = []
    actions: dict[int, list[str]] = {}
    objectives: dict[tuple[int, int], list[str]] = {}
    for a in range(1, draw(st.integers(1, 3)) + 1):
        actions[a] = words_of(draw, 1, 8)
        for o in range(1, draw(st.integers(1, 3)) + 1):
            objectives[(a, o)] = words_of(draw, 1, 8)
            for k in range(1, draw(st.integers(1, 4)) + 1):
                cells = {
                    2: words_of(draw, 1, 14, capital=True),
                    3: words_of(draw, 1, 5),
                    4: words_of(draw, 1, 10),
                    5: words_of(draw, 1, 8),
                }
                items.append(Item(a, o, f"{a}.{o}.{k}" if numbered else None, cells))
    capacity = draw(st.integers(3, 24))  # lines of body per page: small pages break a lot
    cut_rows = draw(st.booleans())
    _layout(items, capacity, cut_rows)
    first_on_page = {id(item.pieces[0]) for item in items if item.pieces[0][1] == TOP}
    for item in items:
        # An unnumbered row opening a page reads as the continuation of a cut row: keep the
        # numbers there, drop some elsewhere.
        drop = draw(st.integers(0, 3)) == 0
        if numbered and drop and id(item.pieces[0]) not in first_on_page:
            item.number = None
    tables = _tables(items, actions, objectives, draw)
    if numbered:
        pieces = [p for item in items for p in item.pieces]
        numbered_pieces = [
            item.pieces[0] for item in items if item.number is not None and item.pieces
        ]
        assume(len(numbered_pieces) >= 0.5 * len(pieces))
    return Generated(tables, items, actions, objectives)


def _layout(items: list[Item], capacity: int, cut_rows: bool) -> None:
    """Rows top to bottom; a row that does not fit is cut at the page break (when `cut_rows`
    and at least one line fits) or moved whole to the next page."""
    page, used = 1, 0
    for item in items:
        lines = {c: wrap(item.cells[c]) for c in LEAF}
        height = max(len(v) for v in lines.values())
        while height > 0:
            room = capacity - used
            if height <= room:
                item.pieces.append(_piece(page, used, height, lines))
                used += height
                break
            if (cut_rows and room >= 1 and height > 1) or used == 0:  # or taller than a page
                head = {c: v[:room] for c, v in lines.items()}
                item.pieces.append(_piece(page, used, room, head))
                lines = {c: v[room:] for c, v in lines.items()}
                height -= room
            page, used = page + 1, 0


def _piece(page: int, used: int, height: int, lines: dict[int, list[list[str]]]):
    top = TOP + used * LINE
    return (page, top, top + height * LINE, lines)


def _tables(items: list[Item], actions, objectives, draw) -> list[PageTable]:  # noqa: C901 - one generator drawing a whole layout
    pages = sorted({p[0] for item in items for p in item.pieces})
    rows: dict[int, list[Row]] = {p: [] for p in pages}
    for item in items:
        for n, (page, top, bottom, lines) in enumerate(item.pieces):
            cells = {}
            for column, column_lines in lines.items():
                tokens = list(column_lines)
                if column == 2 and n == 0 and item.number is not None:
                    tokens = [[item.number + ".", *tokens[0]], *tokens[1:]] if tokens else []
                last = item.cells[column][-1] if item.cells[column] else None
                is_final = n == len(item.pieces) - 1 or all(
                    not later[3].get(column) for later in item.pieces[n + 1 :]
                )
                words = place(tokens, column, page, top, last if is_final else None)
                if words:
                    cells[column] = words
            rows[page].append(Row(top, bottom, cells))
    spanning: dict[int, dict[int, list[SpanningCell]]] = {p: {0: [], 1: []} for p in pages}
    for column, key_of, texts, label in (
        (0, lambda i: (i.action,), actions, lambda k: f"{k[0]}."),
        (1, lambda i: (i.action, i.objective), objectives, lambda k: f"{k[0]}.{k[1]}"),
    ):
        groups: dict[tuple, list[tuple[int, float, float]]] = {}
        for item in items:
            for page, top, bottom, _ in item.pieces:
                groups.setdefault(key_of(item), []).append((page, top, bottom))
        for key, extents in groups.items():
            text = [label(key), *texts[key[0] if column == 0 else key]]
            by_page: dict[int, tuple[float, float]] = {}
            for page, top, bottom in extents:
                low, high = by_page.get(page, (top, bottom))
                by_page[page] = (min(low, top), max(high, bottom))
            cell_pages = sorted(by_page)
            # The merged cell's text sits on any of its pages, but a cell opening a page
            # prints it there: an empty first piece would read as the previous cell going on.
            opens_page = by_page[cell_pages[0]][0] == TOP and len(cell_pages) > 1
            text_page = cell_pages[0] if opens_page else draw(st.sampled_from(cell_pages))
            for page in cell_pages:
                top, bottom = by_page[page]
                words = place(wrap(text, 2), column, page, top, "") if page == text_page else []
                spanning[page][column].append(SpanningCell(column, top, bottom, words, True))
    repeat_header = draw(st.booleans())
    tables = []
    for page in pages:
        header = [Word("Actividad", 210, 70, 250, 78, page, SIZE, True, None)]
        bottom = max(r.bottom for r in rows[page])
        tables.append(
            PageTable(
                page=page,
                model=MODEL,
                header_words=header if page == pages[0] or repeat_header else [],
                header_top=60.0,
                top=TOP,
                bottom=bottom,
                rows=rows[page],
                spanning=spanning[page],
                preamble=[],
                outside=[],
            )
        )
    return tables


def check_records(generated: Generated) -> None:
    stitched = stitch_section(generated.tables, [])
    built = build_section(stitched, [], load_vocabulary())
    section, unassigned, warnings = built.section, built.unassigned, built.warnings
    assert (unassigned, warnings) == ([], [])
    assert len(section.activities) == len(generated.items)
    for got, item in zip(section.activities, generated.items, strict=True):
        expected = {
            "strategic_action_number": str(item.action),
            "strategic_action": " ".join(generated.actions[item.action]),
            "objective_number": f"{item.action}.{item.objective}",
            "objective": " ".join(generated.objectives[(item.action, item.objective)]),
            "activity_number": item.number,
            "activity": " ".join(item.cells[2]),
            "responsible": " ".join(item.cells[3]),
            "indicator": " ".join(item.cells[4]),
            "target": " ".join(item.cells[5]),
        }
        assert {k: getattr(got, k) for k in expected} == expected
        assert got.pages == sorted({p[0] for p in item.pieces})


SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never flakes on a new one
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(plans(numbered=True))
def test_numbered_rows_cut_by_page_breaks_come_back_whole(generated: Generated) -> None:
    check_records(generated)


@SETTINGS
@given(plans(numbered=False))
def test_unnumbered_plan_comes_back_whole(generated: Generated) -> None:
    """Like the 2023 plan: no activity numbers at all, so a page's first row continues the
    cut row above only when it starts mid-sentence or leaves a cell blank."""
    check_records(generated)


def printed_words(tables: list[PageTable]) -> tuple[list[int], list[int]]:
    """Ids of the words in row cells, and in spanning cells, of the page tables."""
    rows = [id(w) for t in tables for r in t.rows for ws in r.cells.values() for w in ws]
    spans = [id(w) for t in tables for cs in t.spanning.values() for c in cs for w in c.words]
    return sorted(rows), sorted(spans)


@SETTINGS
@given(plans(numbered=True))
def test_stitching_keeps_every_word_once(generated: Generated) -> None:
    rows, spans = printed_words(generated.tables)
    stitched = stitch_section(generated.tables, [])
    kept = [id(w) for row in stitched.rows for words in row.cells.values() for w in words]
    assert sorted(kept) == rows
    spans_kept = [id(w) for groups in stitched.spanning.values() for g in groups for w in g.words]
    assert sorted(spans_kept) == spans
    assert stitched.orphans == []


@settings(SETTINGS, max_examples=25)
@given(plans(numbered=True))
def test_stitching_leaves_the_page_tables_unchanged(generated: Generated) -> None:
    before = printed_words(generated.tables)
    stitch_section(generated.tables, [])
    assert printed_words(generated.tables) == before


# --- fuzz: mutated bytes of the real plan ---------------------------------------------------

PLAN = Path(__file__).parent / "data" / "plans" / "conacoes-2023" / "plan.pdf"


@pytest.fixture(scope="module")
def short_plan(tmp_path_factory) -> bytes:
    """The plan's first three pages (a cover and two table pages), so each try is quick."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(PLAN).pages[:3]:
        writer.add_page(page)
    path = tmp_path_factory.mktemp("fuzz") / "short.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path.read_bytes()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One of: flip bytes, overwrite a run with noise, delete or duplicate a run, or cut the
    file and close it with %%EOF (so that the cut is not simply refused as truncated)."""
    data = bytearray(data)
    kind = rng.randrange(5)
    at = rng.randrange(len(data))
    length = rng.randint(1, 400)
    if kind == 0:
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:
        data[at : at + length] = rng.randbytes(min(length, len(data) - at))
    elif kind == 2:
        del data[at : at + length]
    elif kind == 3:
        data[at:at] = data[at : at + length]
    else:
        data = data[:at] + b"\n%%EOF\n"
    return bytes(data)


def test_mutated_pdfs_give_clean_errors_or_plans(short_plan, tmp_path) -> None:
    """Every mutation ends in a plan or one of the named errors: never an internal error, a
    traceback or a hang (24 mutations, seeded)."""
    rng = random.Random(2023)
    limits = Limits(read=ReadLimits(), timeout=None, max_memory_mib=None)
    outcomes = []
    for n in range(24):
        path = tmp_path / f"mutant-{n}.pdf"
        path.write_bytes(mutate(short_plan, rng))
        outcome = extract_file(Job(path, path.stem, limits=limits))
        assert outcome.error is None or "internal error" not in outcome.error, outcome.error
        assert outcome.error is None or "\n" not in outcome.error
        assert bool(outcome.texts) == (outcome.error is None)
        outcomes.append(outcome.error is None)
    assert 0 < sum(outcomes) < len(outcomes)  # the mutations hit both kinds of file


RULE_XS = st.sampled_from((10.0, 90.5, 140.0, 225.25, 300.0))
RULE_SPANS = st.tuples(st.floats(0, 500), st.floats(0, 120))


@given(
    st.lists(st.tuples(RULE_XS, RULE_SPANS), max_size=30),
    st.floats(0, 320),
    st.floats(0, 640),
)
def test_column_rules_find_the_nearest_rule_through_a_line_s_middle(rules, x, y) -> None:
    """`ColumnRules.column` (rules grouped by position, their runs bisected) against its plain
    definition: the nearest rule on each side of the line's middle whose span holds the
    middle's height, ends included."""
    from plan_extract.review.columns import ColumnRules, Rule

    drawn = [Rule(rx, top, top + length) for rx, (top, length) in rules]
    through = [r.x for r in drawn if r.top <= y <= r.bottom]
    left = max((rx for rx in through if rx <= x), default=None)
    right = min((rx for rx in through if rx > x), default=None)
    assert ColumnRules(drawn).column((x, y, x, y)) == (left, right)
