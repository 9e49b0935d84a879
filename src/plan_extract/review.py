"""Stage `review`: does the output deserve trust? Each check looks at evidence independent of
the stage that produced a value (the words read, where they are printed, the document's own
vocabulary, the numbering) and yields `Finding`s; `review_plan` gathers them into the plan's
`Review` (`needs_review` exactly when a finding of severity warning or error exists).

Checks (docs/review.md describes each, with what it catches and its measured recall):
`read_problem`, `unbacked_stamp`, `word_accounting`, `unassigned`, `numbering`, `cut_text`,
`starts_mid_sentence`, `glued_words`, `split_word`, `empty_activity`, `empty_cell`,
`misplaced_piece`, `column_position`, `hyphen_line_end`, `engine_cell`, `running_line_in_cell`,
`title_in_cell`, `row_between_cells`, `row_heading`, `detached_line`,
`preamble_on_a_line`, `parent_block`, `joined_cells`, `overprinted`.
Source anomalies really printed (a duplicated number, a
stale year, an empty cell with nothing printed in it) are `plan-extract audit`'s business and
never fire here."""

from __future__ import annotations

import ast
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, partial
from itertools import pairwise
from operator import attrgetter, itemgetter

from plan_extract.geometry import BBox, MergedText, flow_starts, overlap, page_extents
from plan_extract.models import (
    CONTRACT_FIELDS,
    NUMBERED_FIELDS,
    TEXT_FIELDS,
    Activity,
    Finding,
    FurnitureWord,
    Piece,
    Plan,
    Review,
    Section,
    Severity,
)
from plan_extract.numbering import dotted, sibling_steps
from plan_extract.packaged import data_json
from plan_extract.pdf import language
from plan_extract.pdf.language import Reading, Vocabulary, read_line_end
from plan_extract.pdf.reader import PageContent, PdfContent, ReadProblem, Word
from plan_extract.pdf.text import (
    CLOSING_MARKS,
    FULL_LINE_EM,
    LONE_WORD_FULL_EM,
    NARROWEST_SPACE_EM,
    WordsByHeight,
    group_lines,
    header_strangers,
    letter_widths,
    page_lines,
    split_item_number,
)
from plan_extract.tables.page_grid import Edge, PageGrid

PIECE_TOLERANCE = 0.5
"""Points a word's box may stick out of the provenance line it is matched to (boxes are
rounded to 0.01 pt, a line's box is its words' union)."""

NEEDS_REVIEW_SEVERITIES = frozenset({"warning", "error"})
"""Severities that make a document `needs_review`; `info` findings are kept but do not."""


def read_problem_findings(problems: Iterable[ReadProblem]) -> list[Finding]:
    """Every repair or loss the readers report is a `warning`: the words of that stream or
    object may be missing from the output."""
    return [
        Finding(check=f"read_problem:{p.code}", severity="warning", page=p.page, message=p.message)
        for p in problems
    ]


def unbacked_stamp_findings(plan: Plan, content: PdfContent) -> list[Finding]:
    """A visible signature stamp is the printed trace of a digital signature. A file that
    shows one, carries no digital signature at all, and says of itself that it was changed
    after it was first written (an incremental update, or an /ID whose parts differ, ISO
    32000-1 §14.4) is a copy that lost its signatures: flattened or re-saved without them, or
    an earlier revision cut from the signed file (which reads as a whole, valid document).
    Its sections' signatures cannot be trusted to be the signed document's. A file first
    written with its stamps (no change recorded) is an unsigned document and stays ok."""
    if content.signature_fields or not content.history.modified:
        return []
    return [
        _finding(
            "unbacked_stamp",
            "warning",
            f"the signature stamp of {signature.signer or 'an unnamed signer'} is backed by no "
            "digital signature in the file, which records changes after it was first written: "
            "a copy that lost its signatures, or an earlier revision of a signed file",
            section=section.name,
            page=signature.page,
        )
        for section in plan.sections
        if (signature := section.signature) is not None and signature.source == "stamp"
    ]


WordKey = tuple[int, BBox, str]


@dataclass
class PagesByHeight:
    """Each page's words by middle height (`text.WordsByHeight`), indexed when the page is
    first asked for (`of`): one index shared by the accounting (`_field_hits`) and the checks
    (`ReviewContext.words_between`), which look up the words of a printed line by height."""

    pages: list[PageContent]
    by_number: dict[int, PageContent] = field(init=False)
    indexes: dict[int, WordsByHeight] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_number = {page.number: page for page in self.pages}

    def of(self, number: int) -> WordsByHeight:
        """The index of page `number` (of no word for a page not read)."""
        if number not in self.indexes:
            page = self.by_number.get(number)
            self.indexes[number] = WordsByHeight(page.words if page is not None else [])
        return self.indexes[number]


ACCOUNTING_FAULTS = ("lost", "doubled", "misplaced")
"""`Review.words` counts of words not in their place (the others: `read`, and one count per
place, adding up to `read`)."""


@dataclass
class WordAccount:
    """Where the words read ended up: `placed` counts them per kind of place (`field`,
    `unassigned`, and each furniture kind); `lost` were found in no place, `doubled` in more
    than one (two different cells, or a cell and the furniture); `misplaced` (also counted in
    `placed`) are words of a table row recorded as preamble furniture
    (`table_rows_in_furniture`): in a place, but not one that may hold them."""

    read: int = 0
    placed: Counter[str] = field(default_factory=Counter)
    lost: list[Word] = field(default_factory=list)
    doubled: list[tuple[Word, list[str]]] = field(default_factory=list)
    misplaced: list[Word] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return (
            not self.lost
            and not self.doubled
            and not self.misplaced
            and sum(self.placed.values()) == self.read
        )

    def counts(self) -> dict[str, int]:
        """`Review.words`: read, each place, lost, doubled and misplaced."""
        return {
            "read": self.read,
            **dict(sorted(self.placed.items())),
            "lost": len(self.lost),
            "doubled": len(self.doubled),
            "misplaced": len(self.misplaced),
        }


def _word_key(page: int, bbox, text: str) -> WordKey:
    """Boxes are compared as the reader rounds them (`Word.bbox`, 0.01 pt), which is how
    every record copies them."""
    return (page, tuple(bbox), text)


def account_words(
    plan: Plan, pages: list[PageContent], heights: PagesByHeight | None = None
) -> WordAccount:
    """Every word read, looked up in the output: in a contract field's provenance (a printed
    line whose box holds it and whose text has it; the same line repeated in several
    activities' merged cells is one place), in `furniture`, or in `unassigned`. Independent of
    the stages: it sees only the words read and the output (`heights`: the review's index of
    them, made here when not given)."""
    records: dict[WordKey, list[str]] = defaultdict(list)
    for record in plan.furniture:
        records[_word_key(record.page, record.bbox, record.text)].append(record.kind)
    for word in plan.unassigned:
        records[_word_key(word.page, word.bbox, word.text)].append("unassigned")
    recorded: dict[int, set[str]] = defaultdict(set)  # a word's box is asked only there
    for page_number, _, text in records:
        recorded[page_number].add(text)
    in_fields = _field_hits(plan, heights or PagesByHeight(pages))
    account = WordAccount()
    used: Counter[WordKey] = Counter()
    in_one_field = 0  # the common case, counted apart from `placed` and added once
    for page in pages:
        account.read += len(page.words)
        texts = recorded.get(page.number, set())
        # Most words are in one field and no record: counted, not looked at one by one.
        others = [w for w in page.words if in_fields.get(w.seq) != 1 or w.text in texts]
        in_one_field += len(page.words) - len(others)
        for read_word in others:
            hits = in_fields.get(read_word.seq, 0)
            recorded_text = read_word.text in texts
            kind = None
            if recorded_text:
                key = _word_key(read_word.page, read_word.bbox, read_word.text)
                kinds = records.get(key, [])
                if used[key] < len(kinds):  # a record takes one word of its box and text
                    kind = kinds[used[key]]
                    used[key] += 1
            if kind is None and hits == 1:
                in_one_field += 1
            elif kind is not None and not hits:
                account.placed[kind] += 1
            elif kind is None and not hits:
                account.lost.append(read_word)
            else:
                places = [kind] if kind is not None else []
                account.doubled.append((read_word, [*places, *["field"] * hits]))
    if in_one_field:
        account.placed["field"] += in_one_field
    return account


def _field_hits(plan: Plan, heights: PagesByHeight) -> dict[int, int]:
    """How many provenance lines hold each word (by `Word.seq`): a line holds a word inside
    its box (to `PIECE_TOLERANCE`) whose text is one of its words. One place per section and
    field (a line in two fields is in two places; a merged cell's line repeated in its
    activities is one), and each printed line looks only at the words of its page whose
    middle height lies in its box (bisected from `heights`)."""
    places = {
        (section.name, name, piece.page, tuple(piece.bbox), piece.text)
        for section, activity in plan.activities()
        for name, pieces in activity.provenance.items()
        for piece in pieces
    }
    lines = Counter((page, bbox, text) for _, _, page, bbox, text in places)
    hits: dict[int, int] = {}
    t = PIECE_TOLERANCE
    for (page_number, bbox, text), count in lines.items():
        left, top, right, bottom = bbox[0] - t, bbox[1] - t, bbox[2] + t, bbox[3] + t
        tokens = set(text.split(" "))
        for word in heights.of(page_number).between(top, bottom):
            if (  # the text first: most words of the window are other cells' on the line
                word.text in tokens
                and word.x0 >= left
                and word.x1 <= right
                and word.top >= top
                and word.bottom <= bottom
            ):
                hits[word.seq] = hits.get(word.seq, 0) + count
    return hits


def accounting_findings(account: WordAccount) -> list[Finding]:
    """A word read but found nowhere in the output, or in two places, is an `error`: the
    promise that nothing is lost is broken (one finding per page and kind)."""
    lost = _per_page(account.lost, "words read but in no field, furniture or unassigned")
    doubled = _per_page([word for word, _ in account.doubled], "words in more than one place")
    misplaced = _per_page(account.misplaced, f"words {MISPLACED}")
    return lost + doubled + misplaced


MISPLACED = "of a table row recorded as a title, heading or general objective"


def _per_page(words: Iterable[Word], what: str) -> list[Finding]:
    """One `word_accounting` error per page holding any of `words`: how many, and which."""
    texts: dict[int, list[str]] = defaultdict(list)
    for word in words:
        texts[word.page].append(word.text)
    return [
        Finding(
            check="word_accounting",
            severity="error",
            page=page,
            message=f"{len(on_page)} {what}: " + _quote(on_page),
        )
        for page, on_page in sorted(texts.items())
    ]


QUOTE_WORDS = 12
"""Words of printed text quoted in a finding's message."""


def _quote(texts: list[str]) -> str:
    shown = " ".join(texts[:QUOTE_WORDS])
    return f"“{shown}{' …' if len(texts) > QUOTE_WORDS else ''}”"


ROW_FIELDS: tuple[str, ...] = tuple(
    f for f in CONTRACT_FIELDS if not f.startswith(("strategic_action", "objective"))
)
"""Fields printed in the activity's own row (not in a merged cell spanning several rows)."""

SPANNING_FIELDS: tuple[str, ...] = ("strategic_action", "objective")

BAND_MARGIN = 0.5
"""Lines (of the piece's own height) a piece must reach into another activity's row band to be
read as printed in that row: rows never overlap, but boxes of adjacent lines may touch."""

COLUMN_OVERLAP = 1.0
"""Ems a line may reach into a neighbouring column's text extent before it is out of place
(adjacent columns' texts never overlap; a gutter parts them)."""

COLUMN_QUANTILE = 0.1
"""A column's text extent runs to this quantile of its lines' right edges (counted from the
right: a ragged right edge), so that a few misplaced lines do not widen it."""

COLUMN_LEFT_QUANTILE = 0.5
"""A column's text extent starts at this quantile of its lines' left edges: cell text starts
at the cell's padding, so the median is where the column starts, even when many lines were
given words of the column to its left (a moved bound, justified long rows): a lower quantile
let those lines widen the column into its neighbour, and every line of the neighbour
'reached' into it (HTML layout 929-01: 24 exact activities flagged)."""

MARGIN_BAND = (0.2, 0.88)
"""Share of the page height above (below) which an unplaced line sits in the top (bottom)
margin, where a running header or footer the furniture stage did not recognise is printed
(the same bands the furniture stage searches)."""

INSIDE_TABLE_REASONS = (
    "outside every column",
    "spanning cell",
    "is not in the vocabulary",
    "above a table's header",
)
"""`UnassignedWord.reason` fragments of words that stood inside a table: table text lost."""


@dataclass(frozen=True)
class Band:
    """Where one activity's row-level cells are printed on one page."""

    section: str
    activity_id: str | None
    page: int
    top: float
    bottom: float


@dataclass(slots=True, eq=False)
class Line:
    """One printed line of one activity's field (a merged cell's line is one per activity
    that carries it). Slotted and compared by identity: thousands are made per review."""

    activity: Activity
    field: str
    piece: Piece


HEIGHT_WINDOW_SLACK = 1.0
"""Points added to the window of tops `ReviewContext.lines_at_height` bisects: the height of a
line, subtracted in floating point, may round below its own top; every line the window lets
in is tested exactly, so a wider window changes nothing but the work."""


@dataclass
class ReviewContext:
    """What every check may look at: the plan, the words read and the rows' bands."""

    plan: Plan
    pages: list[PageContent]
    bands: dict[int, list[Band]] = field(default_factory=dict)
    interior: frozenset[str] = frozenset()
    """Keys of words printed between two others on one line: whole words for sure."""
    printed: frozenset[str] = frozenset()
    """Keys of every word printed."""
    ends: dict[int, WordsByText] = field(default_factory=dict)
    """Per page, its words by text, made when the page is first asked (`line_end`: only a
    producer that writes line-end spaces is asked). The right edges are compared only for
    the words of a line's page and last word, not rounded for every word."""
    bigrams: frozenset[tuple[str, str]] = frozenset()
    """Keys of two words printed next to each other on one line."""
    grids: list[list[PageGrid]] = field(default_factory=list)
    """Each page's ruled tables as the generic table engine found them (`tables.finder`)."""
    line_end_spaces: bool = True
    """The producer writes a space where a line wraps between words (`PdfContent`): a line
    end without one is then the PDF's own evidence of a word broken there."""
    run_interior: frozenset[str] = frozenset()
    """Keys of words printed between two others of one cell: within one run of a line
    (`_runs`: cells side by side parted by a gap) and with no column's text starting between
    them (`_column_starts_between`: cells set closer than `RUN_GAP_EM`, held-out HTML
    1818-02's `Tecnológic`, a cell's line end an em from the next cell's `ación`): a stricter
    `interior`, where a cell's line-end word never counts."""
    extents: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    """Per section, each text field's column extent (`_column_extents`)."""
    lines: dict[tuple[str, int], list[Line]] = field(default_factory=dict)
    """Per (section, page), the lines of the section's values printed on that page."""
    heights: PagesByHeight | None = None
    """Per page, its words sorted by middle height (made when first asked, or the one the
    accounting used: `review_plan`)."""
    known: Vocabulary | None = None
    """The language, as the reading stage knows it (filled when first asked)."""
    interior_sorted: list[str] | None = None
    """`interior` in order, to find the words a piece starts (filled when first asked)."""
    cell_bigrams: frozenset[tuple[str, str]] = frozenset()
    """Keys of two words printed next to each other in one cell: no column's text starts
    between them (a page-wide line sets the end of one cell beside the next cell's start;
    a justified line may part two words of one cell by more than an em)."""
    spanning: dict[tuple[int, str], dict[int, list[tuple[float, float, str | None]]]] = field(
        default_factory=dict
    )
    """Per (section's place in the plan, spanning field), per page, the field's pieces as
    (top, bottom, activity id) in the activities' order (filled when first asked:
    `_word_targets` asks for every word no field took)."""
    starts: dict[tuple[str, int], tuple[list[float], list[tuple[int, Line]]]] = field(
        default_factory=dict
    )
    """Per (section, page), its `lines` sorted by left edge, each with its place in `lines`
    (filled when first asked: `lines_starting`)."""
    tops: dict[tuple[str, int], tuple[list[float], list[tuple[int, Line]], float]] = field(
        default_factory=dict
    )
    """Per (section, page), its `lines` sorted by top, each with its place in `lines`, and
    the tallest line's height (filled when first asked: `lines_at_height`)."""
    slash_binds: bool = False
    """The document's convention for a slash before a lower-case letter: printed glued to
    it on a line (`y/o`, `niños/as`), and never a word ending in a slash before a lower-case
    word on a line (`_slash_usage`)."""
    full_line_spaces: bool | None = None
    """`spaces_full_lines` (filled when first asked)."""
    kept_together: frozenset[tuple[str, str]] | None = None
    """`_kept_together` (filled when first asked: only an undecided hyphen line end asks)."""
    compounds_whole: bool | None = None
    """`_keeps_compounds_whole` (filled when first asked: only an undecided hyphen line end
    asks)."""
    heads: dict[int, list[float]] | None = None
    """Per page, the middle heights of its table-opening lines, sorted (`table_opened`)."""
    cut_lines: dict[str, list[tuple[int, int]]] | None = None
    """`_cut_lines` (filled when first asked: only a glued join with no word printed whole
    asks)."""
    fields: dict[str, dict[str, Extents]] = field(default_factory=dict)
    """Each activity's `_field_extents`, by its `activity_id` (unique in an enriched plan:
    `enrich` numbers repeated ids), filled when first asked: the bands, the placement, the
    merged cells' and the empty cells' checks all ask for every activity's."""
    column_starts: list[float] = field(default_factory=list)
    """The left edges of `extents`, every section's, sorted and each once: where a column's
    cell text starts."""
    value_extents: dict[int, list[tuple[tuple[float, float], Line]]] = field(default_factory=dict)
    """`_value_extents`, per page (filled as asked)."""
    values: dict[tuple[str, str], ValueLines] = field(default_factory=dict)
    """`value_lines`, by the activity's id and the field."""
    parted: dict[tuple[str, str], JoinDoubt | None] = field(default_factory=dict)
    """`_parted_verdict`, by the two words (filled as asked)."""

    def value_lines(self, activity: Activity, name: str) -> ValueLines:
        """The activity's value of `name` with its printed lines and where they meet, found
        once per review (each time for an activity with no id yet: a plan not enriched): the
        line-end checks, the inner-split check and `_cut_lines` all ask for it."""
        if activity.activity_id is None:
            return ValueLines(
                getattr(activity, name, None) or "", activity.provenance.get(name, [])
            )
        key = (activity.activity_id, name)
        if key not in self.values:
            self.values[key] = ValueLines(
                getattr(activity, name, None) or "", activity.provenance.get(name, [])
            )
        return self.values[key]

    def field_extents(self, activity: Activity) -> dict[str, Extents]:
        """`_field_extents` of an activity of this plan, computed once per review (each time
        for an activity with no id yet: a plan not enriched)."""
        key = activity.activity_id
        if key is None:
            return _field_extents(activity)
        if key not in self.fields:
            self.fields[key] = _field_extents(activity)
        return self.fields[key]

    def spanning_pieces(
        self, index: int, name: str, page: int
    ) -> list[tuple[float, float, str | None]]:
        """(top, bottom, activity id) of each piece of the spanning field `name` of the
        plan's `index`-th section on `page`, in the activities' order; computed once per
        section and field instead of a scan of every activity per word."""
        key = (index, name)
        if key not in self.spanning:
            by_page: dict[int, list[tuple[float, float, str | None]]] = defaultdict(list)
            for activity in self.plan.sections[index].activities:
                for piece in activity.provenance.get(name, []):
                    by_page[piece.page].append((piece.bbox[1], piece.bbox[3], activity.activity_id))
            self.spanning[key] = dict(by_page)
        return self.spanning[key].get(page, [])

    def lines_starting(self, section: str, page: int, x0: float) -> list[Line]:
        """The section's value lines on `page` starting at `x0` (`ALIGN_TOLERANCE`), in the
        order of `lines`: bisected from the lines sorted by left edge (a window twice the
        tolerance, the tolerance tested as written) instead of a scan of every line."""
        key = (section, page)
        if key not in self.starts:
            placed = sorted(
                enumerate(self.lines.get(key, [])), key=lambda item: item[1].piece.bbox[0]
            )
            self.starts[key] = ([line.piece.bbox[0] for _, line in placed], placed)
        lefts, placed = self.starts[key]
        window = placed[
            bisect_left(lefts, x0 - 2 * ALIGN_TOLERANCE) : bisect_right(
                lefts, x0 + 2 * ALIGN_TOLERANCE
            )
        ]
        return [
            line
            for _, line in sorted(window, key=itemgetter(0))
            if abs(line.piece.bbox[0] - x0) <= ALIGN_TOLERANCE
        ]

    def lines_at_height(self, section: str, page: int, y: float) -> list[Line]:
        """The section's value lines on `page` whose box holds height `y`, in the order of
        `lines`: bisected from the lines sorted by top (none that holds `y` starts more than
        the tallest line's height above it, `HEIGHT_WINDOW_SLACK` more for the rounding)
        instead of a scan of every line."""
        key = (section, page)
        if key not in self.tops:
            placed = sorted(
                enumerate(self.lines.get(key, [])), key=lambda item: item[1].piece.bbox[1]
            )
            tallest = max(
                (line.piece.bbox[3] - line.piece.bbox[1] for _, line in placed), default=0
            )
            self.tops[key] = ([line.piece.bbox[1] for _, line in placed], placed, tallest)
        tops, placed, tallest = self.tops[key]
        window = placed[
            bisect_left(tops, y - tallest - HEIGHT_WINDOW_SLACK) : bisect_right(tops, y)
        ]
        return [
            line
            for _, line in sorted(window, key=itemgetter(0))
            if line.piece.bbox[1] <= y <= line.piece.bbox[3]
        ]

    def row_extents(self, activity: Activity) -> Extents:
        """Per page, the vertical extent of an activity's row-level pieces."""
        return _merged_extents(self.field_extents(activity))

    def whole(self, key: str) -> bool:
        """A word the document prints whole: between two others on a line, and (a single
        letter) a Spanish one-letter word."""
        return key in self.interior and (len(key) > 1 or key in connectors())

    def whole_in_a_cell(self, key: str) -> bool:
        """`whole`, counting only words between two others of the same cell line: the
        evidence a glued join needs (a cell's line-end piece of a broken word sits between
        other cells' words on the page-wide line)."""
        return self.whole(key) and key in self.run_interior

    def cut_word(self, token: str) -> str | None:
        """The whole word of the document that `token`, a value's last word, is the start of,
        when `token` is itself no word: lower-case letters (at least `CUT_WORD_LETTERS`) that
        neither the lexicon nor the document knows, which a word the document prints whole
        begins with (named by a word of the lexicon among them, where one is). A cell's end
        cut off by a stage (held-out docx 2121 `01`: a row split by a page break prints its
        action's last piece, `ional`, alone under the repeated header, read as a header word,
        and the action ends `interinstituc` with no other sign). None where the token is a
        word, or starts none."""
        if len(token) < CUT_WORD_LETTERS or not (token.isalpha() and token.islower()):
            return None  # a piece cut off has no stop after it: `aprox.` is an abbreviation
        stem = _key(token)
        known = self.vocabulary()
        if known.log10(stem) is not None:
            return None
        if self.interior_sorted is None:
            self.interior_sorted = sorted(self.interior)
        words = self.interior_sorted
        at = bisect_right(words, stem)
        starting = []
        while at < len(words) and words[at].startswith(stem):
            starting.append(words[at])
            at += 1
        lexicon = known.lexicon or {}
        return next((w for w in starting if w in lexicon), starting[0] if starting else None)

    def vocabulary(self) -> Vocabulary:
        """The language as the reading stage knows it: the Spanish lexicon and the
        document's whole words (those between two others). The lexicon loads on first use,
        only when a word is in question."""
        if self.known is None:
            self.known = language.vocabulary(self.interior)
        return self.known

    def reads_apart(self, left: str, right: str) -> bool:
        """Whether the language (`vocabulary`, as `pdf.language` reads a line end) tells
        `left` / `right` across a line end as two words."""
        return read_line_end(left, right, self.vocabulary()) is Reading.TWO_WORDS

    def prints_compound(self, stem: str, tail: str) -> bool:
        """Whether a line prints the compound of a hyphen-ended `stem` and `tail`: the two
        apart on one line, or a word going on with letters after the stem's hyphen (the
        compound whole, or broken by a later line end)."""
        return (stem, tail) in self.bigrams or any(
            key.startswith(stem) and key[len(stem) : len(stem) + 1].isalpha()
            for key in self.printed
        )

    def column_right(self, piece: Piece) -> float:
        """The right edge of the widest text value line that `piece`'s page prints starting
        where `piece` starts (`ALIGN_TOLERANCE`), `piece` among them: the cell's text reaches
        at least that far."""
        widest = max(
            (
                line.piece.bbox[2]
                for section, page in self.lines
                if page == piece.page
                for line in self.lines_starting(section, page, piece.bbox[0])
            ),
            default=piece.bbox[2],
        )
        return max(widest, piece.bbox[2])

    def section_column_right(self, section: str, piece: Piece) -> float:
        """`column_right` over every page of `section`: the right edge of the widest text
        value line the section prints, on any page, starting where `piece` starts. A table
        broken over pages keeps its columns, so a line one page prints in a column is room
        that column has on the others (reportlab held-out 3333 `00`: `Fundación Paniamor-`
        fills a line of 4.1.6's cell on page 3, the page of 2.2.2's `Fundación` / `Paniamor-
        Programa` prints no line that wide)."""
        widest = max(
            (
                line.piece.bbox[2]
                for name, page in self.lines
                if name == section
                for line in self.lines_starting(name, page, piece.bbox[0])
            ),
            default=piece.bbox[2],
        )
        return max(widest, self.column_right(piece))

    def spaces_full_lines(self) -> bool:
        """Whether the producer writes a line's last space even where the line is full
        (`_spaces_full_lines`), so that a full line without one ends inside a word."""
        if self.full_line_spaces is None:
            self.full_line_spaces = _spaces_full_lines(self)
        return self.full_line_spaces

    def table_opened(self, page: int, top: float, bottom: float) -> bool:
        """Whether a line of a table's header or title rows (`TABLE_OPENING_KINDS`) stands
        on `page` between the heights `top` and `bottom`: the text above it and the text
        below it are of two tables (filled for every page when first asked)."""
        if self.heads is None:
            heads: dict[int, list[float]] = defaultdict(list)
            for record in self.plan.furniture:
                if record.kind in TABLE_OPENING_KINDS:
                    heads[record.page].append((record.bbox[1] + record.bbox[3]) / 2)
            self.heads = {page: sorted(middles) for page, middles in heads.items()}
        middles = self.heads.get(page, [])
        return bisect_right(middles, top) < bisect_left(middles, bottom)

    def printed_across(self, join: Join) -> bool:
        """Whether a line prints, inside one of its words, the letters on both sides of the
        glued `join`'s cut: the same word cut elsewhere at another place (`_cut_lines`)."""
        if self.cut_lines is None:
            self.cut_lines = _cut_lines(self)
        cut = len(join.left)
        return any(start < cut < end for start, end in self.cut_lines.get(_key(join.word), []))

    def keeps_compounds_whole(self) -> bool:
        """Whether the producer shows it breaks no line after the hyphen inside a word
        (`_keeps_compounds_whole`)."""
        if self.compounds_whole is None:
            self.compounds_whole = _keeps_compounds_whole(self)
        return self.compounds_whole

    def keeps_together(self, stem: str, tail: str) -> bool:
        """Whether the producer keeps the hyphen-ended `stem` and `tail`, a space between
        them, on one line where it could have broken after the stem (`_kept_together`)."""
        if self.kept_together is None:
            self.kept_together = _kept_together(self)
        return (stem, tail) in self.kept_together

    def line_end(self, piece: Piece, last: str) -> Word | None:
        """The word read that ends the value line `piece` with the text `last` (the line's
        last word): the one at the line's right edge."""
        if piece.page not in self.ends:
            self.ends[piece.page] = WordsByText(self._by_height(piece.page).words)
        right = round(piece.bbox[2], 2)
        # The last one read, where two of one page and text end at one edge.
        return next(
            (w for w in reversed(self.ends[piece.page].of(last)) if round(w.x1, 2) == right),
            None,
        )

    def words_between(self, page: int, top: float, bottom: float) -> list[Word]:
        """The words of a page whose middle height lies in [top, bottom]."""
        return self._by_height(page).between(top, bottom)

    def piece_words(self, piece: Piece) -> list[Word]:
        """The page's words that make up a value's printed line (inside its box, give or
        take `PIECE_TOLERANCE`), left to right."""
        box = piece.bbox
        return sorted(
            (
                w
                for w in self.words_between(piece.page, box[1], box[3])
                if box[0] - PIECE_TOLERANCE <= w.x0 and w.x1 <= box[2] + PIECE_TOLERANCE
            ),
            key=lambda w: w.x0,
        )

    def _by_height(self, page: int) -> WordsByHeight:
        if self.heights is None:
            self.heights = PagesByHeight(self.pages)
        return self.heights.of(page)

    def locate(self, page: int, top: float, bottom: float) -> Band | None:
        """The activity whose row band holds the middle of (top, bottom), else the nearest
        band on the page within one line height."""
        middle, height = (top + bottom) / 2, max(bottom - top, 1.0)
        bands = self.bands.get(page, [])
        inside = [b for b in bands if b.top <= middle <= b.bottom]
        if inside:
            return inside[0]
        near = [(min(abs(b.top - middle), abs(b.bottom - middle)), i) for i, b in enumerate(bands)]
        best = min(near, default=None)
        return bands[best[1]] if best is not None and best[0] <= 2 * height else None


@dataclass
class WordsByText:
    """A page's words sorted by text (stable: the words of one text keep the page's order),
    so that the words of one text are found by bisection, with no key made per word."""

    words: list[Word]
    by_text: list[Word] = field(init=False)
    texts: list[str] = field(init=False)
    """The texts of `by_text`, in order."""

    def __post_init__(self) -> None:
        self.by_text = sorted(self.words, key=attrgetter("text"))
        self.texts = [w.text for w in self.by_text]

    def of(self, text: str) -> list[Word]:
        """The words that read `text`, in the page's order."""
        return self.by_text[bisect_left(self.texts, text) : bisect_right(self.texts, text)]


def review_context(
    plan: Plan,
    pages: list[PageContent],
    line_end_spaces: bool = True,
    grids: list[list[PageGrid]] | None = None,
    heights: PagesByHeight | None = None,
) -> ReviewContext:
    interior: set[str] = set()
    printed: set[str] = set()
    bigrams: set[tuple[str, str]] = set()
    run_interior: set[str] = set()
    cell_bigrams: set[tuple[str, str]] = set()
    extents = {section.name: _column_extents(section) for section in plan.sections}
    starts = sorted({x0 for columns in extents.values() for x0, _ in columns.values()})
    slashes = SlashUsage()
    for content_page in pages:
        for line in page_lines(content_page):
            keys = [_key(w.text) for w in line]
            printed.update(keys)
            if len(line) < 2:  # one word (a sixth of the lines): no neighbours
                slashes.read(line, [])
                continue
            interior.update(keys[1:-1])
            bigrams.update(pairwise(keys))
            # Two words side by side in one cell: no column's text starts between them.
            neighbours = list(pairwise(line))
            same_cell = [not _column_starts_between(starts, a, b) for a, b in neighbours]
            slashes.read(line, same_cell)
            # A word between two others of its cell and of its run (`_runs`).
            joined = [
                same and not _run_gap(a, b)
                for same, (a, b) in zip(same_cell, neighbours, strict=True)
            ]
            run_interior.update(
                [keys[i] for i in range(1, len(line) - 1) if joined[i - 1] and joined[i]]
            )
            cell_bigrams.update(
                [(keys[i], keys[i + 1]) for i, same in enumerate(same_cell) if same]
            )
    context = ReviewContext(
        plan,
        pages,
        {},
        frozenset(interior),
        frozenset(printed),
        {},
        frozenset(bigrams),
        grids or [],
        line_end_spaces,
        frozenset(run_interior),
        extents,
        _lines_by_page(plan),
        heights=heights,
        column_starts=starts,
        cell_bigrams=frozenset(cell_bigrams),
        slash_binds=slashes.glued > 0 and slashes.apart == 0,
    )
    bands: dict[int, list[Band]] = defaultdict(list)
    for section, activity in plan.activities():
        for page, (top, bottom) in context.row_extents(activity).items():
            bands[page].append(Band(section.name, activity.activity_id, page, top, bottom))
    context.bands = dict(bands)
    return context


_GLUED_SLASH = re.compile(r"\w/[^\W\d_]")
"""A word holding a slash glued to a letter on each side (`y/o`, `niños/as`)."""


@dataclass
class SlashUsage:
    """How a document prints a slash before a lower-case letter within its lines: glued to
    it (`y/o`, `observadores/as`) or apart (`niños/ as`), counted by `read`."""

    glued: int = 0
    apart: int = 0

    def read(self, line: list[Word], same_cell: list[bool]) -> None:
        """Count one page line's slashes; `same_cell[i]`: words i and i + 1 share a cell (a
        cell's line-end slash stands beside the next cell's first word)."""
        for i, word in enumerate(line):
            if "/" not in word.text:  # the cheap test first: most words hold no slash
                continue
            after = line[i + 1] if i + 1 < len(line) else None
            shared = i < len(same_cell) and same_cell[i]
            match = _GLUED_SLASH.search(word.text)
            if match and match.group()[-1].islower():
                self.glued += 1
            if word.text.endswith("/") and shared and after is not None:
                self.apart += after.text[:1].islower()


def _column_starts_between(starts: list[float], left: Word, right: Word) -> bool:
    """Whether a column's text starts (`starts`, sorted left edges) after `left` ends and
    where `right` starts (`ALIGN_TOLERANCE`): the two words are in two cells of a line."""
    i = bisect_right(starts, left.x1)
    return i < len(starts) and starts[i] <= right.x0 + ALIGN_TOLERANCE


def _lines_by_page(plan: Plan) -> dict[tuple[str, int], list[Line]]:
    lines: dict[tuple[str, int], list[Line]] = defaultdict(list)
    for section, activity in plan.activities():
        for name in TEXT_FIELDS:
            for piece in activity.provenance.get(name, []):
                lines[(section.name, piece.page)].append(Line(activity, name, piece))
    return dict(lines)


Extents = dict[int, tuple[float, float]]
"""Per page, a vertical extent (top, bottom)."""


def _field_extents(activity: Activity) -> dict[str, Extents]:
    """Per row-level field, per page, the vertical extent of its pieces."""
    extents: dict[str, Extents] = {}
    for name in ROW_FIELDS:
        for piece in activity.provenance.get(name, []):
            pages = extents.setdefault(name, {})
            top, bottom = pages.get(piece.page, (piece.bbox[1], piece.bbox[3]))
            pages[piece.page] = (min(top, piece.bbox[1]), max(bottom, piece.bbox[3]))
    return extents


def _merged_extents(fields: dict[str, Extents], skip: str | None = None) -> Extents:
    """The fields' extents (but `skip`'s) merged per page."""
    merged: Extents = {}
    for name, pages in fields.items():
        if name == skip:
            continue
        for page, (top, bottom) in pages.items():
            if page in merged:
                low, high = merged[page]
                merged[page] = (top if top < low else low, bottom if bottom > high else high)
            else:
                merged[page] = (top, bottom)
    return merged


RUN_GAP_EM = 1.0
"""A gap wider than this many ems parts a page line into runs (cells side by side): a word at
a cell's line end is no interior word of the page-wide line it shares a height with."""


def _runs(line: list[Word]) -> list[list[Word]]:
    """A page line cut where the gap between two words exceeds `RUN_GAP_EM`."""
    runs: list[list[Word]] = [[]]
    for before, word in zip([None, *line], line, strict=False):
        if before is not None and _run_gap(before, word):
            runs.append([])
        runs[-1].append(word)
    return [run for run in runs if run]


def _run_gap(before: Word, word: Word) -> bool:
    """Whether the gap between two neighbours of a line exceeds `RUN_GAP_EM`."""
    return word.x0 - before.x1 > RUN_GAP_EM * max(word.size, 1.0)


_key = cache(language.key)
"""`pdf.language.key`, memoised: the review keys every word of every page, and a plan
prints the same few thousand words over and over."""


def _finding(check, severity, message, section=None, activity=None, field_name=None, page=None):
    return Finding(
        check=check,
        severity=severity,
        section=section,
        activity_id=activity.activity_id if activity is not None else None,
        field=field_name,
        page=page,
        message=message,
    )


def _first_page(activity: Activity, names=CONTRACT_FIELDS) -> int | None:
    pages = [p.page for n in names for p in activity.provenance.get(n, [])]
    return min(pages, default=activity.pages[0] if activity.pages else None)


# --- checks over words no field took ---------------------------------------------------------


def located_word_findings(context: ReviewContext, account: WordAccount) -> list[Finding]:
    """Words lost by the accounting, and words in `unassigned`, placed on the activity whose
    row band they sit in, and on the merged cell printed nearest above or below them in
    their column (the words a merged cell lost at a page break sit under its last line, in
    no row of it): an inside-table word is table text no field took (`warning`), as is any
    other unassigned word except a line in the page's top or bottom margin on no value
    line's height (`info`: a running header or footer printed once), and a word outside
    every table, near no row or merged cell, and not printed as a table row
    (`_unassigned_rows`): `info`, page furniture the reading did not recognise, such as a
    signature block or a section's title lines set mid-page. A margin line that goes on
    with a cell's text across the page break (`_continued_cells`) is a warning on that cell."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for lost in account.lost:
        for target in _word_targets(context, lost.page, lost.bbox):
            groups[("word_accounting", "error", target, lost.page, "in no place")].append(lost.text)
    heights = {page.number: page.height for page in context.pages}
    rows = cache(lambda: _unassigned_rows(context))
    continued = _continued_cells(context)
    for word in context.plan.unassigned:
        cells = continued.get(_word_key(word.page, word.bbox, word.text))
        if cells:
            for target in cells:
                reason = f"{word.reason}, going on with this cell's text across the page break"
                groups[("unassigned", "warning", target, word.page, reason)].append(word.text)
            continue
        inside = any(r in word.reason for r in INSIDE_TABLE_REASONS)
        height = heights.get(word.page)
        in_margin = height is not None and not (
            MARGIN_BAND[0] * height <= word.bbox[1] and word.bbox[3] <= MARGIN_BAND[1] * height
        )
        running = in_margin and not _on_a_value_line(context, word.page, word.bbox)
        targets = _word_targets(context, word.page, word.bbox)
        apart = (
            word.reason == APART_FROM_THE_TABLES
            and not targets
            and _word_key(word.page, word.bbox, word.text) not in rows()
        )
        severity = "warning" if (inside or not running) and not apart else "info"
        for target in targets or [(None, None, None)]:
            groups[("unassigned", severity, target, word.page, word.reason)].append(word.text)
    findings = []
    for (check, severity, (section, activity_id, name), page, reason), texts in groups.items():
        findings.append(
            Finding(
                check=check,
                severity=severity,
                section=section,
                activity_id=activity_id,
                field=name,
                page=page,
                message=f"{len(texts)} words {reason}: {_quote(texts)}",
            )
        )
    return findings


def _continued_cells(context: ReviewContext) -> dict[WordKey, set[tuple]]:
    """Lines of `unassigned` words in a page's top (bottom) margin that start where the
    lowest (highest) value line of a column starts on the page before (after), to
    `ALIGN_TOLERANCE`: a cell's text run on past the page break, onto a page the tables do
    not reach (Word layout 979-05: an objective's last words `de ES y ESC.` atop the
    signature page, read as a running line printed once, the objective cut silently). A
    running line is set in the page margin, not where a cell's text starts to the point.
    Each word of such a line maps to the cell's (section, activity id, field)."""
    lines: dict[tuple[int, float], list] = defaultdict(list)
    heights = {page.number: page.height for page in context.pages}
    for word in context.plan.unassigned:
        height = heights.get(word.page)
        if height is None:
            continue
        if MARGIN_BAND[0] * height <= word.bbox[1] and word.bbox[3] <= MARGIN_BAND[1] * height:
            continue
        lines[(word.page, round(word.bbox[1]))].append(word)
    continued: dict[WordKey, set[tuple]] = {}
    for (page, top), words in lines.items():
        upper = top < heights[page] / 2
        x0 = min(w.bbox[0] for w in words)
        across = _line_across_the_break(context, page, x0, before=upper)
        if across is None:
            continue
        section, line = across
        target = (section, line.activity.activity_id, line.field)
        for word in words:
            continued.setdefault(_word_key(word.page, word.bbox, word.text), set()).add(target)
    return continued


APART_FROM_THE_TABLES = "on a table page, outside every table"
"""`UnassignedWord.reason` of a word a table page prints outside its tables."""


def _unassigned_rows(context: ReviewContext) -> set[WordKey]:
    """The words in `unassigned` as outside every table that read as table rows
    (`_table_row_words`: runs starting at two columns' cell-text left edges or more): rows
    the tables lost, not furniture."""
    apart = {
        _word_key(w.page, w.bbox, w.text)
        for w in context.plan.unassigned
        if w.reason == APART_FROM_THE_TABLES
    }
    starts = context.column_starts
    rows: set[WordKey] = set()
    for page in context.pages:
        held = _recorded_words(page, apart)
        if held:
            rows.update(_word_key(w.page, w.bbox, w.text) for w in _table_row_words(held, starts))
    return rows


def _on_a_value_line(context: ReviewContext, page: int, bbox) -> bool:
    """Whether a word stands on the height of a value line of its page (its middle within
    the line's box): a cell's word set past the table's found edge, not a running line
    printed in the margin above or below the table (held-out HTML 939-04: a verification
    line's last `y`)."""
    middle = (bbox[1] + bbox[3]) / 2
    return any(top <= middle <= bottom for (top, bottom), _ in _value_extents(context, page))


RUNNING_KINDS = frozenset({"running_header", "running_footer"})
"""Furniture kinds recognised by repetition at the page's edges (`plan/furniture.py`)."""

ALIGN_TOLERANCE = 1.0
"""Points within which two lines' left edges are one text block's (cell text starts at the
cell's padding; a running line set in the page margin does not start where a cell's text
does, to the point)."""

ALIGNED_GAP_EM = 1.0
"""Ems of vertical gap within which a line continues the text block above or below it (the
gap between two lines of one cell is well under a line height)."""


def running_line_findings(context: ReviewContext) -> list[Finding]:
    """A line recorded as a running header or footer that continues a cell's text: it starts
    where a provenance line of the same page starts (to `ALIGN_TOLERANCE`) and stands within
    `ALIGNED_GAP_EM` of it, above or below. Repetition at a page's edge is the furniture
    stage's evidence; a merged cell split over pages repeats too (`…prevención de la` at the
    foot of two pages, `ESCNNA` at their heads), and a one-off line in a running line's slot
    is taken with it, so its words leave the cell with no trace in `unassigned`. The doubt
    goes on the aligned line's field, on the row band holding the line and on the merged cell
    of its column nearest it. On a page no value line is printed on, the line is aligned
    across the page break instead (`_continued_across`)."""
    running: dict[tuple[int, str, float], list] = defaultdict(list)
    for record in context.plan.furniture:
        if record.kind in RUNNING_KINDS:
            running[(record.page, record.kind, round(record.bbox[1]))].append(record)
    groups: dict[tuple, tuple[str, str, str]] = {}
    for (page, kind, _), records in running.items():
        # The cell it continues may be the one the page break cut: a header's on the page
        # before (its last line in this column), a footer's on the page after (its first).
        aligned, targets = _cut_cell_targets(
            context, page, records, before=kind == "running_header"
        )
        where = "a line away"
        if not aligned:
            aligned = _continued_across(context, page, records, before=kind == "running_header")
            targets = list(
                dict.fromkeys(
                    (name, line.activity.activity_id, line.field) for name, line in aligned
                )
            )
            where = "across the page break"
        if not aligned:
            continue
        text = " ".join(r.text for r in sorted(records, key=lambda r: r.bbox[0]))
        for target in targets:
            groups[(target, page, kind)] = (text, aligned[0][1].piece.text, where)
    return [
        Finding(
            check="running_line_in_cell",
            severity="warning",
            section=section,
            activity_id=activity_id,
            field=name,
            page=page,
            message=f"“{text}”, recorded as a {kind.replace('_', ' ')}, continues a cell's text "
            f"(it starts where “{beside}” does, {where}): words of the cell may be missing",
        )
        for ((section, activity_id, name), page, kind), (text, beside, where) in groups.items()
    ]


def _continued_across(
    context: ReviewContext, page: int, records: list, *, before: bool
) -> list[tuple[str, Line]]:
    """On a page no value line is printed on (a signature page after the tables), the value
    line across the page break that a running line's words start where (`ALIGN_TOLERANCE`):
    the cell's text run on past the break, as `_continued_cells` finds it for words in
    `unassigned` (random 72-1: an objective's tail `para el combate de la` / `ESC.` atop the
    signature page, taken for a running header, the objective cut silently)."""
    if any(on_page == page for _, on_page in context.lines):
        return []
    across = _line_across_the_break(context, page, min(r.bbox[0] for r in records), before=before)
    return [across] if across is not None else []


def _cut_cell_targets(
    context: ReviewContext, page: int, records: list, *, before: bool
) -> tuple[list[tuple[str, Line]], list[tuple]]:
    """Where the words of furniture `records` (one printed line) may have been cut from: the
    value lines of their page that start where they start (`ALIGN_TOLERANCE`), stand within
    `ALIGNED_GAP_EM` of them and whose column the line does not overrun into another's
    (`_reached_column`), returned first; and, as (section, activity_id, field) targets,
    those lines' fields, the nearest aligned line across the page break (the last on the page
    before when `before`, else the first on the page after) and the row band and merged cell
    under the line (`_word_targets`)."""
    x0, x1 = min(r.bbox[0] for r in records), max(r.bbox[2] for r in records)
    top, bottom = min(r.bbox[1] for r in records), max(r.bbox[3] for r in records)
    # A line reaching into another column's text is no line of a cell starting where it
    # does (Word 1059 `08`: a centred running header starting where a column's text does).
    aligned = [
        (name, line)
        for name, line in _aligned_lines(context, page, x0)
        if _within_a_line((top, bottom), (line.piece.bbox[1], line.piece.bbox[3]))
        and _reached_column(line.field, (x0, top, x1, bottom), context.extents[name]) is None
    ]
    near = list(aligned)
    across = _line_across_the_break(context, page, x0, before=before)
    if across is not None and before:
        # A head line above a row cell's first line, where the row's other cells start too,
        # is no line of that row: it goes on with the cell the break cut (random 72-1).
        near = [(name, line) for name, line in aligned if not _opens_its_row(context, line)]
    if across is not None and (before or not any(_piece_above(line, top) for _, line in near)):
        # Text runs downward: a foot line under a cell's line of its page goes on with that
        # cell, not with the first cell of the page after (random 76-5).
        near.append(across)
    # In order, each once (a dict, not a set: the findings' order must not depend on hashing).
    targets = dict.fromkeys((name, line.activity.activity_id, line.field) for name, line in near)
    if near != [across] or not before:
        targets.update(dict.fromkeys(_word_targets(context, page, (x0, top, x0, bottom))))
    return aligned, list(targets)


def _piece_above(line: Line, top: float) -> bool:
    """Whether a value line stands above the height `top` (its bottom no lower)."""
    return line.piece.bbox[3] <= top + ALIGN_TOLERANCE


def _opens_its_row(context: ReviewContext, line: Line) -> bool:
    """Whether a cell's line is the first of its row on its page: the row's band (every
    row-level cell's lines there) starts at its height, to `ALIGN_TOLERANCE`."""
    extent = context.row_extents(line.activity).get(line.piece.page)
    return extent is not None and abs(extent[0] - line.piece.bbox[1]) <= ALIGN_TOLERANCE


def _line_across_the_break(
    context: ReviewContext, page: int, x0: float, *, before: bool
) -> tuple[str, Line] | None:
    """(section name, line) of the value line starting at `x0` nearest `page` across its
    break: the lowest on the page before when `before`, else the highest on the page after;
    None where no line starts there."""
    across = _aligned_lines(context, page - 1 if before else page + 1, x0)
    if not across:
        return None
    return max(across, key=lambda a: a[1].piece.bbox[3] * (1 if before else -1))


def _aligned_lines(context: ReviewContext, page: int, x0: float) -> list[tuple[str, Line]]:
    """(section name, line) of every value line on `page` starting at `x0`."""
    return [
        (section.name, line)
        for section in context.plan.sections
        for line in context.lines_starting(section.name, page, x0)
    ]


TITLE_CELL_RULES = 2
"""Inner vertical rules (inside the table's width, the outer sides aside) that must cross a
`title` line's height for it to stand in a row of ruled cells: a title row inside a grid is
one cell across, crossed by none."""


OVERPRINT_SHARE = 0.5
"""Share of the narrower of two words on one line that the other covers across, above which
the two are printed one over the other: words set side by side touch at most (a kerned pair
overlaps by a fraction of a glyph)."""


def overprinted_findings(context: ReviewContext) -> list[Finding]:
    """Two different words printed one over the other on one line: the page shows at most
    one of them, the other clipped away or painted over, and a reader of text takes both
    (LibreOffice draws the last line of a header label cut in a narrow cell, `ras` of
    `colaborado` / `ras`, over the first line of the cell under it, clipped to the header
    row: held-out docx 2302 `00`, `ras` read into the collaborators of 14 activities, 7 of
    them with no other doubt). The value line holding either word is doubted. The same text
    twice at one place (a producer's fake bold) is one word."""
    findings: dict[tuple[str, str | None, str], Finding] = {}
    for page in context.pages:
        names = [s.name for s in context.plan.sections if (s.name, page.number) in context.lines]
        for line in page_lines(page) if names else []:  # each line left to right
            for left, right in pairwise(line):
                narrower = min(left.x1 - left.x0, right.x1 - right.x0)
                covered = min(left.x1, right.x1) - right.x0
                if left.text == right.text or covered <= OVERPRINT_SHARE * narrower:
                    continue
                for name in names:
                    for word in (left, right):
                        for value_line in context.lines_at_height(name, page.number, word.ymid):
                            x0, _, x1, _ = value_line.piece.bbox
                            key = (name, value_line.activity.activity_id, value_line.field)
                            if not x0 <= word.xmid <= x1 or key in findings:
                                continue
                            findings[key] = _finding(
                                "overprinted",
                                "warning",
                                f"{value_line.field}: “{right.text}” is printed over "
                                f"“{left.text}”: the page shows one of them, the reading "
                                "holds both",
                                name,
                                value_line.activity,
                                value_line.field,
                                page.number,
                            )
    return list(findings.values())


def title_in_cell_findings(context: ReviewContext) -> list[Finding]:
    """A line recorded as `title` furniture that stands in a row of ruled cells: the page's
    drawn vertical rules (`PageContent.rules`, the reader's, not the table stages') cross its
    height inside the table's width, as they cross a table row and never a title row; or,
    ruled or not, that is set as a line of a merged column (`_in_merged_column`). Its
    words are a cell's, cut from it with no trace in `unassigned` (a merged cell's text run
    on to the next page, read as a title above that page's header). The doubt goes on the
    value line aligned with it (the cut cell's last line on the page before, for a line in
    the page's upper half, on the page after for one in its lower half; a line away on its
    own page), and on the row band and merged cell nearest it."""
    titles: dict[tuple[int, float], list] = defaultdict(list)
    for record in context.plan.furniture:
        if record.kind == "title":
            titles[(record.page, round(record.bbox[1]))].append(record)
    span = _table_span(context)
    groups: dict[tuple, tuple[str, int]] = {}
    for (page, _), records in titles.items():
        top, bottom = min(r.bbox[1] for r in records), max(r.bbox[3] for r in records)
        ruled = span is not None and (
            _inner_rules_across(context.pages[page - 1], top, bottom, span) >= TITLE_CELL_RULES
        )
        if not ruled and not _in_merged_column(context, records):
            continue
        upper = top < context.pages[page - 1].height / 2
        _, targets = _cut_cell_targets(context, page, records, before=upper)
        text = " ".join(r.text for r in sorted(records, key=lambda r: r.bbox[0]))
        for target in targets:
            groups[(target, page)] = (text, len(records))
    return [
        Finding(
            check="title_in_cell",
            severity="warning",
            section=section,
            activity_id=activity_id,
            field=name,
            page=page,
            message=f"“{text}”, recorded as a title, stands in a table cell (ruled, or "
            f"set as a merged column's line): {count} words of a cell may be missing from it",
        )
        for ((section, activity_id, name), page), (text, count) in groups.items()
    ]


def preamble_on_a_line_findings(context: ReviewContext) -> list[Finding]:
    """A word recorded as preamble furniture (title, heading, general objective) that
    stands on a value line's height, within a run gap (`RUN_GAP_EM`) of its words: a word
    of that cell's line (random layout 69-1: the `la` of `Un documento con la`, set past the
    table's found right edge, recorded as a title; the verification lost it, silent). A
    preamble line spans the page above the table; it shares no height with a cell's line.
    The doubt goes on the line's activity and field."""
    found: dict[tuple, list[str]] = defaultdict(list)
    for record in context.plan.furniture:
        if record.kind not in PREAMBLE_KINDS:
            continue
        x0, top, x1, bottom = record.bbox
        middle, gap = (top + bottom) / 2, RUN_GAP_EM * (bottom - top)
        for section in context.plan.sections:
            for line in context.lines_at_height(section.name, record.page, middle):
                box = line.piece.bbox
                if box[0] - gap <= x1 and x0 <= box[2] + gap:
                    target = (section.name, line.activity.activity_id, line.field, record.page)
                    found[target].append(record.text)
    return [
        Finding(
            check="preamble_on_a_line",
            severity="warning",
            section=section,
            activity_id=activity_id,
            field=name,
            page=page,
            message=f"{name}: {_quote(texts)}, recorded as a title, heading or general "
            "objective, stands on one of this cell's lines: words of the cell may be missing",
        )
        for (section, activity_id, name, page), texts in found.items()
    ]


def _in_merged_column(context: ReviewContext, records: list) -> bool:
    """Whether a title line is set as a line of a merged (strategic action, objective)
    column of its section: it starts where that column's lines start (`ALIGN_TOLERANCE`)
    and ends inside its text extent. A title row spans the table or is centred over it;
    unruled, this is the evidence that it is a merged cell's text run on past its rows."""
    x0, x1 = min(r.bbox[0] for r in records), max(r.bbox[2] for r in records)
    em = max(r.bbox[3] - r.bbox[1] for r in records)
    extents = context.extents.get(records[0].section or "", {})
    return any(
        abs(x0 - extents[name][0]) <= ALIGN_TOLERANCE
        and x1 <= extents[name][1] + COLUMN_OVERLAP * em
        for name in SPANNING_FIELDS
        if name in extents
    )


def _table_span(context: ReviewContext) -> tuple[float, float] | None:
    """The x range of the plan's table: from the leftmost column's text to the rightmost's,
    over every section (`ReviewContext.extents`)."""
    ranges = [extent for extents in context.extents.values() for extent in extents.values()]
    if not ranges:
        return None
    return min(x0 for x0, _ in ranges), max(x1 for _, x1 in ranges)


def _inner_rules_across(page: PageContent, top: float, bottom: float, span) -> int:
    """How many drawn vertical rules cross the height (top, bottom) strictly inside `span`."""
    return sum(
        1
        for rule in page.rules.verticals
        if span[0] < rule.pos < span[1] and rule.start <= top and rule.end >= bottom
    )


PREAMBLE_KINDS = frozenset({"title", "heading", "general_objective"})
"""Furniture kinds read from the lines above a table's header (`plan/pages.py`)."""

TABLE_ROW_COLUMNS = 2
"""Columns a preamble line must print a run in, each starting where that column's cell text
starts (`ALIGN_TOLERANCE`), to be a table row: a title, heading or general objective is one
run (centred, or prose from the margin), a row prints its cells side by side."""


def table_rows_in_furniture(context: ReviewContext) -> list[Word]:
    """The words of table rows recorded as preamble furniture: a preamble line (its words of
    `PREAMBLE_KINDS`) whose runs (`_runs`) start at the left edges of `TABLE_ROW_COLUMNS`
    columns or more (`ReviewContext.extents`, from the output's value lines), and a preamble
    line a line away from such a row (`ALIGNED_GAP_EM`) with a run starting at one: the cell
    lines run on below or above it. Rows read as the preamble of the next table (a line taken
    for prose across the columns ended the table) leave the fields with no trace in
    `unassigned`, and the accounting would add up; these words are in the wrong place. So
    is a preamble line with a run starting at a column's left edge a line away from a value
    line of its page (`_value_extents`): a cell's line printed past the table's found bottom
    (weasy 3401 `06`: a collaborator alone under the last row, read as a title)."""
    preamble = {
        _word_key(r.page, r.bbox, r.text)
        for r in context.plan.furniture
        if r.kind in PREAMBLE_KINDS
    }
    starts = context.column_starts
    if not preamble or not starts:
        return []
    misplaced: list[Word] = []
    for page in context.pages:
        held = _recorded_words(page, preamble)
        if held:
            values = [extent for extent, _ in _value_extents(context, page.number)]
            misplaced += _table_row_words(held, starts, values)
    return misplaced


def _recorded_words(page: PageContent, keys: set[WordKey]) -> list[Word]:
    """The words of `page` whose `_word_key` is among `keys` (records of the output), in
    the page's order; a word's box is rounded only where its page and text are recorded."""
    texts = {text for number, _, text in keys if number == page.number}
    return [w for w in page.words if w.text in texts and _word_key(w.page, w.bbox, w.text) in keys]


def _value_extents(context: ReviewContext, page: int) -> list[tuple[tuple[float, float], Line]]:
    """Each value line printed on `page` (any section's), with its vertical extent, in the
    order of `ReviewContext.lines`: made once per page, when first asked (a check asks once
    per word it weighs), not once per call."""
    if page not in context.value_extents:
        context.value_extents[page] = [
            ((line.piece.bbox[1], line.piece.bbox[3]), line)
            for (_, on_page), lines in context.lines.items()
            if on_page == page
            for line in lines
        ]
    return context.value_extents[page]


def past_table_findings(context: ReviewContext, misplaced: list[Word]) -> list[Finding]:
    """Words of table rows recorded as preamble furniture (`table_rows_in_furniture`) that
    stand a line away (`ALIGNED_GAP_EM`) from a value line of their page: a cell's line set
    past the table's found bottom (or above its top), read as a title; the accounting's
    `misplaced` error names the page, not the row (weasy 3401 `06`: a collaborator alone
    under the page's last row, in no field, carried no finding). The line may end the cell
    of the nearest value line's row or start the cell of the row after it (before it, for a
    line above): of the two rows, the one whose cell in the word's column (`_column_at`) is
    empty is doubted; both are when neither or both are (a warning on each)."""
    where = {
        id(activity): (section, index)
        for section in context.plan.sections
        for index, activity in enumerate(section.activities)
    }
    groups: dict[tuple[int, int], tuple[Section, Activity, str | None, int, list[str]]] = {}
    for word in misplaced:
        extent = (word.top, word.bottom)
        near = [
            (max(top - word.bottom, word.top - bottom), top, line)
            for (top, bottom), line in _value_extents(context, word.page)
            if _within_a_line(extent, (top, bottom))
        ]
        if not near:
            continue
        _, top, line = min(near, key=itemgetter(0))
        section, index = where[id(line.activity)]
        beside = index + 1 if word.top > top else index - 1
        rows = [section.activities[i] for i in (index, beside) if 0 <= i < len(section.activities)]
        column = _column_at(context, section.name, word.xmid)
        empty = [row for row in rows if column is not None and not getattr(row, column)]
        for row in empty if len(empty) == 1 else rows:
            key = (id(row), word.page)
            groups.setdefault(key, (section, row, column, word.page, []))[4].append(word.text)
    return [
        _finding(
            "past_table",
            "warning",
            f"{len(words)} words printed a line from a row, where a column's text starts, "
            f"read as page furniture and in no field ({_quote(words)}): "
            + (f"the {column} cell may have lost them" if column else "a cell may have lost them"),
            section.name,
            row,
            column,
            page,
        )
        for section, row, column, page, words in groups.values()
    ]


def row_heading_findings(context: ReviewContext, misplaced: list[Word]) -> list[Finding]:
    """A section whose heading holds words of table rows (`table_rows_in_furniture`) is no
    section the plan prints: rows read as a preamble opened it, so its activities are cut
    from the section and merged cells above them, whose words went into that preamble
    (held-out HTML 989-08: seven activities of three such sections, their strategic actions
    and objectives cut, carried no finding; the accounting's `misplaced` error names a page,
    not them). A warning on each of its activities."""
    keys = {_word_key(w.page, w.bbox, w.text) for w in misplaced}
    words: dict[str, list[str]] = defaultdict(list)
    for record in context.plan.furniture:
        if (
            record.kind == "heading"
            and record.section is not None
            and _word_key(record.page, record.bbox, record.text) in keys
        ):
            words[record.section].append(record.text)
    return [
        _finding(
            "row_heading",
            "warning",
            f"the section's heading holds {len(words[section.name])} words of table rows "
            f"({_quote(words[section.name])}): this activity may belong to the section "
            "before, its merged cells may have lost words",
            section.name,
            activity,
            None,
            _first_page(activity),
        )
        for section in context.plan.sections
        if section.name in words
        for activity in section.activities
    ]


HEADER_PAGES_COMPARED = 2
"""Other pages of its section a column header must be printed on before a word of one page's
header that none of them prints is doubted: a header repeats its labels on every page, and two
other pages agreeing tell which page's header is the odd one."""


def header_word_findings(context: ReviewContext) -> list[Finding]:
    """A word read as one page's column header that the header printed on the section's other
    pages (`HEADER_PAGES_COMPARED` or more) never prints is no label: a cell's line set over
    the header (an overflowing merged cell's first line on the page, printed across the
    header's bottom rule, weasy 3401 `06`: "mediante las" of three objectives). The words are
    in their place for the accounting, so nothing else sees them. A warning on the cell
    printed first under the word in its column on that page (`_cell_under`), or on the section
    when no column holds it."""
    pages: dict[str, dict[int, list[FurnitureWord]]] = defaultdict(lambda: defaultdict(list))
    for record in context.plan.furniture:
        if record.kind == "column_header" and record.section is not None:
            pages[record.section][record.page].append(record)
    findings = []
    for section, headers in pages.items():
        if len(headers) <= HEADER_PAGES_COMPARED:
            continue
        texts = {page: {r.text for r in records} for page, records in headers.items()}
        for page, records in sorted(headers.items()):
            others = [other for number, other in headers.items() if number != page]
            odd = [
                r
                for r in header_strangers(
                    records, (t for other, t in texts.items() if other != page)
                )
                if not _clipped_rest(r, records, others)
            ]
            targets: dict[int, tuple[Line | None, list[str]]] = {}
            for record in odd:
                under = _cell_under(context, section, page, record.bbox)
                targets.setdefault(id(under), (under, []))[1].append(record.text)
            findings += [
                _finding(
                    "header_words",
                    "warning",
                    f"{len(words)} words read as the column header on this page only "
                    f"({_quote(words)}): the header on the section's other pages does not "
                    "print them; a cell's line set over the header may have lost them",
                    section,
                    under.activity if under else None,
                    under.field if under else None,
                    page,
                )
                for under, words in targets.values()
            ]
    return findings


CLIPPED_REST_LEADING_EM = 0.5
"""Em (a word box's height): a header word this close under the one above it, overlapping
it, is that label cell's next line (`_clipped_rest`)."""


def _clipped_rest(
    record: FurnitureWord, records: list[FurnitureWord], others: list[list[FurnitureWord]]
) -> bool:
    """`record` is the next line of a label cell that the header on every other page ends
    above: the word right over it in its cell is printed there too, with nothing of the
    header under it. A header row repeated with less height than its labels need is clipped
    at its bottom rule (Word/HTML 1079 docx `07`: 'colaborado' / 'ras' on each section's
    first page, 'colaborado' alone on the others); a cell's line overprinting the header
    is no line of a label's cell."""
    x0, top, x1, bottom = record.bbox
    reach = CLIPPED_REST_LEADING_EM * (bottom - top)
    above = [
        q
        for q in records
        if 0 <= top - q.bbox[3] < reach and overlap(q.bbox[0], q.bbox[2], x0, x1) > 0
    ]
    return any(all(_lowest_in_cell(q, other) for other in others) for q in above)


def _lowest_in_cell(word: FurnitureWord, records: list[FurnitureWord]) -> bool:
    """A page's header prints `word`'s text at its x with no header word under it."""
    x0, _, x1, _ = word.bbox
    same = [r for r in records if r.text == word.text and overlap(r.bbox[0], r.bbox[2], x0, x1) > 0]
    return bool(same) and not any(
        r.bbox[1] > s.bbox[3] and overlap(r.bbox[0], r.bbox[2], s.bbox[0], s.bbox[2]) > 0
        for s in same
        for r in records
    )


def _cell_under(context: ReviewContext, section: str, page: int, bbox) -> Line | None:
    """The section's value line printed first on `page` below `bbox`, in the column whose
    extent holds `bbox`'s middle; None when none does."""
    name = _column_at(context, section, (bbox[0] + bbox[2]) / 2)
    below = [
        line
        for line in context.lines.get((section, page), [])
        if line.field == name and line.piece.bbox[1] >= bbox[1]
    ]
    return min(below, key=lambda line: line.piece.bbox[1], default=None)


def _column_at(context: ReviewContext, section: str, x: float) -> str | None:
    """The section's text field whose column extent (`ReviewContext.extents`) holds `x`."""
    extents = context.extents.get(section, {}).items()
    return next((name for name, (x0, x1) in extents if x0 <= x <= x1), None)


def _table_row_words(
    words: list[Word], starts: list[float], values: Iterable[tuple[float, float]] = ()
) -> list[Word]:
    """The words of `words` (one page's) that read as table rows: a line whose runs
    (`_runs`) start at the left edges (`starts`, sorted) of `TABLE_ROW_COLUMNS` columns or
    more, or whose run starting at one stands a line away (`ALIGNED_GAP_EM`) from a value
    line of the page (`values`, vertical extents), and a line a line away from such a row
    with a run starting at one: the cell lines run on below or above it. A run counts once:
    one column's left edge may differ by under a point between sections, two `starts` near
    one x (Calc held-out 2392 `07`: a title starting where one column's text does read as a
    row)."""
    lines = []
    for line in group_lines(words):
        if line:
            aligned = sum(
                any(abs(run[0].x0 - x0) <= ALIGN_TOLERANCE for x0 in starts) for run in _runs(line)
            )
            lines.append((line, aligned))
    values = list(values)
    rows = [
        aligned >= TABLE_ROW_COLUMNS or (aligned > 0 and _near_a_value(_extent(line), values))
        for line, aligned in lines
    ]
    grown = True
    while grown:  # rows grow by a line at a time, up and down
        grown = False
        for i, (line, aligned) in enumerate(lines):
            if rows[i] or not aligned:
                continue
            if any(
                rows[j] and _a_line_apart(line, lines[j][0])
                for j in (i - 1, i + 1)
                if 0 <= j < len(lines)
            ):
                rows[i] = grown = True
    return [w for (line, _), row in zip(lines, rows, strict=True) if row for w in line]


def _near_a_value(extent: tuple[float, float], values: list[tuple[float, float]]) -> bool:
    """Whether a printed line's vertical extent stands within a line of any of `values`
    (`_within_a_line`; the line's extent measured once, not once per value)."""
    return any(_within_a_line(extent, value) for value in values)


def _a_line_apart(words: list[Word], other: list[Word]) -> bool:
    """Whether two printed lines stand within `ALIGNED_GAP_EM` of each other."""
    return _within_a_line(_extent(words), _extent(other))


def _extent(words: list[Word]) -> tuple[float, float]:
    """A printed line's vertical extent (top, bottom)."""
    return (min(w.top for w in words), max(w.bottom for w in words))


def _within_a_line(extent: tuple[float, float], other: tuple[float, float]) -> bool:
    """Whether a line's vertical extent (top, bottom) and another's stand within
    `ALIGNED_GAP_EM` of the first line's height of each other, above or below."""
    (top, bottom), (other_top, other_bottom) = extent, other
    return max(other_top - bottom, top - other_bottom) <= ALIGNED_GAP_EM * (bottom - top)


MERGED_CELL_REACH = 3.0
"""Line heights below (above) a merged cell's nearest line within which a word no field took
is doubted on that cell: the next line of its text would sit there."""


def _word_targets(context: ReviewContext, page: int, bbox) -> list[tuple]:
    """(section, activity id, field) a word no field took casts doubt on: the row band
    holding it (field None), and the merged cell of its column printed nearest above or
    below it; none when neither is near."""
    band = context.locate(page, bbox[1], bbox[3])
    targets: list[tuple[str | None, str | None, str | None]] = []
    if band is not None:
        targets.append((band.section, band.activity_id, None))
    height = max(bbox[3] - bbox[1], 1.0)
    x, middle = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for index, section in enumerate(context.plan.sections):
        extents = context.extents.get(section.name, {})
        for name in SPANNING_FIELDS:
            x0, x1 = extents.get(name, (0.0, -1.0))
            if not x0 <= x <= x1:
                continue
            near = [
                (max(0.0, top - middle, middle - bottom), activity_id)
                for top, bottom, activity_id in context.spanning_pieces(index, name, page)
            ]
            gap, activity_id = min(near, default=(None, None))
            if gap is not None and gap <= MERGED_CELL_REACH * height:
                targets.append((section.name, activity_id, name))
    return targets


# --- numbering ----------------------------------------------------------------------------------


def _parts(number: str | None) -> tuple[int, ...] | None:
    if not number:
        return None
    try:
        return tuple(int(p) for p in number.split("."))
    except ValueError:
        return None


SKIPPED_ROWS_FIELDS = ("strategic_action_number", "objective_number")
"""The number fields whose skipped number is evidence that rows are lost from the PDF
(LibreOffice dropped objective 3.1's table from held-out docx 3535 `04` and printed no word
of it: objective 3.2 first under action 3 is the only trace). No truth skips one (the two
real plans, the 249 documents of the fourteenth round's work batches); a skipped activity
number is a source fact of both real plans (2023: 2.1.2 and 2.2.2 with no .1; 2024: 2.3.8
too), in every document made from them, so it stays the audit's."""


def skipped_rows_findings(section: Section) -> list[Finding]:
    """An action or objective number that skips its siblings' count (`SKIPPED_ROWS_FIELDS`):
    the rows of the numbers skipped may be lost. It names no activity (the ones read are
    not wrong), the page of the first one after the gap. A section's first action is not
    doubted: a plan may number its actions across sections."""
    return [
        _finding(
            "numbering",
            "warning",
            f"{name} {dotted(step.number)} {step.where}: rows of {', '.join(step.missing)} "
            "may be lost",
            section.name,
            None,
            name,
            _first_page(step.activity),
        )
        for name in SKIPPED_ROWS_FIELDS
        for step in sibling_steps(section, name)
        if step.is_gap and (step.before or step.prefix)
    ]


def numbering_findings(plan: Plan) -> list[Finding]:
    """An item number that is not one (words in a number field: a narrow number column
    given a merged cell's words), an activity's number one level under its objective's, an
    objective's one level under its action's (two numbers run together are deeper), within
    a section no number smaller than the one before (a repeated number is a source anomaly,
    left to the audit), and no skipped action or objective number (`skipped_rows_findings`;
    a skipped activity number is left to the audit)."""
    findings = []
    for section in plan.sections:
        findings += skipped_rows_findings(section)
        previous: dict[str, tuple[int, ...]] = {}
        for activity in section.activities:
            action = _parts(activity.strategic_action_number)
            objective = _parts(activity.objective_number)
            number = _parts(activity.activity_number)
            page = _first_page(activity)
            findings += [
                _finding(
                    "numbering",
                    "warning",
                    f"{name} “{value}” is not an item number",
                    section.name,
                    activity,
                    name,
                    page,
                )
                for name in CONTRACT_FIELDS
                if name not in TEXT_FIELDS
                and (value := getattr(activity, name))
                and _parts(value) is None
            ]
            for child, parent, name in (
                (objective, action, "objective_number"),
                (number, objective, "activity_number"),
            ):
                if (
                    child is not None
                    and parent is not None
                    and (child[: len(parent)] != parent or len(child) != len(parent) + 1)
                ):
                    findings.append(
                        _finding(
                            "numbering",
                            "warning",
                            f"{name} {'.'.join(map(str, child))} is not under "
                            f"{'.'.join(map(str, parent))}",
                            section.name,
                            activity,
                            name,
                            page,
                        )
                    )
            for value, name in (
                (action, "strategic_action_number"),
                (objective, "objective_number"),
                (number, "activity_number"),
            ):
                if value is None:
                    continue
                if name in previous and value < previous[name]:
                    findings.append(
                        _finding(
                            "numbering",
                            "warning",
                            f"{name} {'.'.join(map(str, value))} after "
                            f"{'.'.join(map(str, previous[name]))}",
                            section.name,
                            activity,
                            name,
                            page,
                        )
                    )
                previous[name] = value
    return findings


# --- text that is cut, starts mid-sentence, or glues words --------------------------------------


@cache
def connectors() -> frozenset[str]:
    return frozenset(data_json("review_es.json")["connectors"])


def text_findings(context: ReviewContext) -> list[Finding]:
    """A value that ends with a connector word or a hyphen (cut before its sentence ended:
    a merged cell cut at a page break, a row split in two), a cell that starts with a
    lower-case letter (the rest of a cut row or merged cell; a cell with a printed number of
    its own counts only without it: `_numberless`), an empty activity text."""
    findings = []
    above: dict[tuple[str, str], tuple[str, Activity]] = {}  # the column's last merged cell
    for section, activity in context.plan.activities():
        for name in TEXT_FIELDS:
            value = (getattr(activity, name) or "").strip()
            page = _first_page(activity, (name,))
            if name in SPANNING_FIELDS and value:
                findings += _joined_cell_findings(section.name, activity, name, above)
            if name == "activity" and not value:
                findings.append(
                    _finding(
                        "empty_activity",
                        "warning",
                        "the activity has no text",
                        section.name,
                        activity,
                        name,
                        _first_page(activity),
                    )
                )
                continue
            if not value:
                if name in SPANNING_FIELDS and _mostly_filled(context.plan, section, name):
                    findings.append(
                        _finding(
                            "empty_cell",
                            "warning",
                            f"{name} is empty; most activities of the section or plan have one",
                            section.name,
                            activity,
                            name,
                            _first_page(activity),
                        )
                    )
                continue
            if _ends_mid_sentence(value):
                findings.append(
                    _finding(
                        "cut_text",
                        "warning",
                        f"{name} ends mid-sentence: “…{value[-60:]}”",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
            elif (cut := context.cut_word(value.split()[-1])) is not None:
                findings.append(
                    _finding(
                        "cut_text",
                        "warning",
                        f"{name} ends in “{value.split()[-1]}”, no word, the start of "
                        f"“{cut}” printed elsewhere: its cell may be cut (“…{value[-60:]}”)",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
            resumed = _resumed_mid_sentence(activity.provenance.get(name, []))
            if resumed is not None:
                findings.append(
                    _finding(
                        "starts_mid_sentence",
                        "warning",
                        f"{name}: “{resumed[1]}” goes on in lower case after “{resumed[0]}”, "
                        "a full stop: the text of another cell may have been joined to it",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
            if value[0].islower() and _numberless(activity, name):
                findings.append(
                    _finding(
                        "starts_mid_sentence",
                        "warning",
                        f"{name} starts mid-sentence: “{value[:60]}…”",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
    return findings


SPANNING_DEPTHS = {"strategic_action": 1, "objective": 2}
"""Levels of the item number each merged column prints its cells with (`3.`, `2.1.`)."""


def _joined_cell_findings(
    section: str, activity: Activity, name: str, above: dict[tuple[str, str], tuple[str, Activity]]
) -> list[Finding]:
    """Two merged cells of one column read as one, or one read as two. A merged cell's line
    after its first that starts with an item number of the column's level and a capital
    (`2.2. Desarrollar…` inside objective 2.1: held-out HTML 1029-03) starts the next cell:
    no plan's merged cell cites one of its siblings' numbers at a line start. And a merged
    cell starting in lower case without its number (the rest of the cell above it, cut at a
    page break: `costarricense, brindando…`, the same batch) leaves that cell cut: the doubt
    goes to the column's cell above too (its `starts_mid_sentence` stays the lower cell's),
    and to every row that shares it (`shared_cell_findings`). `above` holds each column's
    last cell read, by (section, field), updated here."""
    findings = []
    value = (getattr(activity, name) or "").strip()
    for piece in activity.provenance.get(name, [])[1:]:
        number, rest = split_item_number(piece.text)
        parts = _parts(number)
        if parts and len(parts) == SPANNING_DEPTHS[name] and rest[:1].isupper():
            findings.append(
                _finding(
                    "joined_cells",
                    "warning",
                    f"{name}: the line “{piece.text}” starts with an item number of its own "
                    "column's level: the next merged cell may have been joined to this one",
                    section,
                    activity,
                    name,
                    piece.page,
                )
            )
            break
    previous = above.get((section, name))
    cut = previous is not None and previous[0] != value and value[0].islower()
    if previous is not None and cut and _numberless(activity, name):
        findings.append(
            _finding(
                "cut_text",
                "warning",
                f"{name}: the next merged cell of its column starts mid-sentence "
                f"(“{value[:40]}…”): this one may be cut, its rest read as that cell",
                section,
                previous[1],
                name,
                _first_page(previous[1], (name,)),
            )
        )
    if previous is None or previous[0] != value:
        above[(section, name)] = (value, activity)
    return findings


def repeated_cell_findings(plan: Plan) -> list[Finding]:
    """A merged cell (strategic action, objective) whose text is the start of another text
    read in the same column of its section under the same item number, the other going on
    with more words: the same cell printed twice (a merged cell a table repeats after a page
    break, or one the producer prints on every row) reads alike each time, so the shorter
    reading lost its end. Held-out docx 2929-02, silent: strategic action 3 cut at the foot of
    page 11 after `…desde un enfoque`, its last line (`interinstitucional.`) opening page 12
    where the running header stands and read as it, while the rows of page 12 print the
    action whole. The rest must go on with the sentence, its first letter in lower case: a
    rest holding no letter (a full stop one printing lacks) is no lost word, and one opening
    in capitals is the next cell joined to the longer reading (held-out Word 1089-06:
    `…y sus derechos Desarrollar procesos…`), whose doubt is that reading's, not a loss of
    the shorter one (a lost last word in capitals, an acronym, goes unseen here). The doubt
    goes to every activity reading the shorter text."""
    findings = []
    for section in plan.sections:
        readings: dict[tuple[str, str | None], dict[str, list[Activity]]] = defaultdict(dict)
        for activity in section.activities:
            for name in SPANNING_FIELDS:
                if value := (getattr(activity, name) or "").strip():
                    number = getattr(activity, NUMBERED_FIELDS[name])
                    readings[(name, number)].setdefault(value, []).append(activity)
        for (name, _), texts in readings.items():
            for value, activities in texts.items():
                whole = next((t for t in texts if _goes_on(value, t)), None)
                if whole is None:
                    continue
                where = _first_page(texts[whole][0], (name,))
                findings += [
                    _finding(
                        "cut_text",
                        "warning",
                        f"{name} “…{value[-40:]}” is the start of the same cell read whole "
                        f"on page {where}, “…{whole[len(value) - 20 :]}”: its end was lost",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                    for activity in activities
                ]
    return findings


def _goes_on(value: str, other: str) -> bool:
    """Whether `other` is `value` followed by more of its sentence: its first letter after
    `value` is in lower case (`repeated_cell_findings`)."""
    rest = other[len(value) :] if other.startswith(value) else ""
    return next((ch.islower() for ch in rest if ch.isalpha()), False)


def _numberless(activity: Activity, name: str) -> bool:
    """Whether a cell's text stands without a printed number of its own: an author may start
    it in lower case after the number (the 2023 plan's `3.2.2. realizar…`), never without
    one. A merged cell counts as a row's cell (random 71-10: an objective's second half,
    `adolescentes afectados…`, read as the objective of two rows, without its number)."""
    number = NUMBERED_FIELDS.get(name)
    return number is None or getattr(activity, number) is None


def _resumed_mid_sentence(pieces: list[Piece]) -> tuple[str, str] | None:
    """The first line end of a value where a line ending a sentence (a full stop) is followed
    by a line starting in lower case, as (that line's end, the next line's start): a sentence
    never goes on in lower case after its full stop, but a row's cells are joined to the
    rest of another row's cut by a page break (held-out HTML 949-01: `…con la ESNNA.` /
    `coordinaciones para la…`). A line holding only an item number (`3.2.2.`, the cell's
    printed number set on a line of its own) ends with the number's full stop, no sentence's
    (held-out HTML 1818-02: `3.2.2.` / `realizar un…`, as the 2023 plan prints it)."""
    for index, (before, after) in enumerate(pairwise(pieces)):
        last, first = before.text.rstrip(), after.text.lstrip()
        if not (last.endswith(".") and first[:1].islower()):  # most line ends: asked first
            continue
        if index == 0 and split_item_number(last) == (last.rstrip("."), ""):
            continue
        return last[-30:], first[:30]
    return None


CUT_WORD_LETTERS = 3
"""Fewest letters of a value's last word that `ReviewContext.cut_word` judges: shorter
pieces start too many words to say anything."""


def _ends_mid_sentence(value: str) -> bool:
    """The value's last word is a connector (`y`, `de`…), alone or as the last part of a
    slashed pair (`y/o`, `de/la`), or ends with a hyphen or a slash: a sentence does not end
    there."""
    last = value.split()[-1]
    if last.endswith(("-", "/")):
        return True
    tail = last.rsplit("/", 1)[-1]
    return _key(tail) in connectors() and tail[-1:].isalpha()


SPAN_FILLED = 0.75
"""Share of a section's (or the whole plan's) activities with a strategic action (objective)
above which one without is doubted: a merged cell covers every row of a plan."""


def _mostly_filled(plan: Plan, section: Section, name: str) -> bool:
    """Whether most activities of the section, or of the plan, have a value for `name`. The
    plan counts too: a table row misread as a section heading opens a 'section' of activities
    cut off from their merged cells, where none has one."""
    return any(
        sum(filled) >= SPAN_FILLED * len(filled) > 0
        for filled in (
            [bool(getattr(a, name)) for a in section.activities],
            [bool(getattr(a, name)) for _, a in plan.activities()],
        )
    )


HYPHEN_LINE_END_SEVERITY: Severity = "info"
"""A hyphen at a line end with no space written ('Paniamor-' / 'Programa') that the reading
stage could not decide, or that only the document's vocabulary judges, is an `info` note: the
plans print the same compound both ways ('Paniamor- Programa' and 'Paniamor-Programa' in one
document), so the form printed elsewhere decides nothing, and a warning would put exact
documents with such a line end under review. `unprinted_compound_findings` makes it a doubt
where the document prints the compound nowhere on one line (docs/review.md)."""


UNPRINTED_COMPOUND = (
    "a compound the document prints nowhere on one line: one word or two cannot be told"
)
"""Why `unprinted_compound_findings` doubts a hyphen line end the document gives no usage for."""
KEPT_WHOLE = (
    "read as one word where the producer keeps compounds whole on a line and this one fits"
    " a line: it broke at a space after the hyphen"
)
"""`hyphen_line_end`'s reason where the producer's breaks part the compound
(`_spaced_by_producer`) and the value glues it."""

KEPT_TOGETHER = (
    "read as two words, but the producer keeps the two on one line where it could break after "
    "the hyphen (`Paniamor- Programa` opening a line): a line it breaks there had no space"
)
"""Why `unprinted_compound_findings` doubts a hyphen line end read as two words that the
producer's own line breaks contradict (`_kept_together`)."""


def unprinted_compound_findings(
    context: ReviewContext, stage_findings: Iterable[Finding]
) -> list[Finding]:
    """A hyphen line end the reading stage left undecided (`line_end_undecided`, a note:
    'Paniamor-' / 'Programa', no space written, the language cannot tell) is a doubt when
    the document prints that compound nowhere on one line, in either form: the reading is
    then a guess with nothing in the document behind it. Where the document prints it, its
    usage is on record, though the plans print one compound both ways, so it stays a note,
    unless the line end is read as two words where the producer shows it breaks no line
    after that hyphen's space (`_kept_together`: random layouts 89-2, 89-7, 89-10, 90-10
    read 'Paniamor-Programa' as 'Paniamor- Programa' with no finding but this note)."""
    undecided = {
        (f.activity_id, f.field)
        for f in stage_findings
        if f.check == UNDECIDED_LINE_END and f.severity not in NEEDS_REVIEW_SEVERITIES
    }
    findings = []
    for section, activity in context.plan.activities():
        for name, pieces in activity.provenance.items():
            if (activity.activity_id, name) not in undecided:
                continue
            for before, after in pairwise(pieces):
                last, first = before.text.split(" ")[-1], after.text.split(" ")[0]
                if len(last) < 2 or not last.endswith("-") or not first:
                    continue
                stem, tail = _key(last), _key(first)
                apart = f"{last} {first}" in (getattr(activity, name, None) or "")
                spaced = _spaced_by_producer(context, activity, name, last, first)
                if apart and context.keeps_together(stem, tail):
                    why = KEPT_TOGETHER
                elif spaced is not None:
                    if apart:
                        continue  # settled (`settled_line_ends`)
                    why = KEPT_WHOLE
                elif context.prints_compound(stem, tail):
                    continue
                else:
                    why = UNPRINTED_COMPOUND
                findings.append(
                    _finding(
                        "hyphen_line_end",
                        "warning",
                        f"{name}: “{last}” / “{first}” across a line end, {why}",
                        section.name,
                        activity,
                        name,
                        after.page,
                    )
                )
    return findings


FULL_LINE_SPACES = 3
"""Full lines ending a word for sure (after a stop or a comma) a producer must write a space
after, with none left without one, before a full line's missing space is taken for a cut
(`_spaces_full_lines`)."""


def _spaces_full_lines(context: ReviewContext) -> bool:
    """Whether the producer writes the space after a line's last word even where the line is
    full: every text value line that ends a word for sure (its last word closes with a stop or a
    comma, never a value's last line) and reaches its column's widest line on the page
    (`FULL_LINE_EM`) has its space written, and there are at least `FULL_LINE_SPACES` of
    them. LibreOffice drops the space that does not fit before the cell's edge; a producer
    that keeps it leaves a full line without one only where it cut a word (random 89-8:
    `subcomision` / `es`, a word wider than its column, read right and doubted because the
    document prints both halves whole)."""
    written = 0
    for _, activity in context.plan.activities():
        for name in TEXT_FIELDS:  # an item number cut after a stop ('4.1.' / '6.') is no end
            for piece in activity.provenance.get(name, [])[:-1]:
                last = piece.text.rpartition(" ")[2]
                if not last or last[-1] not in ",;:.":
                    continue
                word = context.line_end(piece, last)
                if word is None or word.space_after is None:
                    continue
                if not _full_line(context, piece, word):
                    continue
                if not word.space_after:
                    return False
                written += 1
    return written >= FULL_LINE_SPACES


KEPT_TOGETHER_SLACK_EM = 0.01
"""Ems by which a hyphen-ended word put at the end of the line above may overrun the room its
column shows and still count as fitting there (`_kept_together`). The room's evidence can be
the same words set on one line of another cell of the column (reportlab held-out 3535 `10`:
4.1.6's `Fundación Paniamor-`, 632.60 pt, for 2.2.2's `Fundación` / `Paniamor- Programa`,
632.60 pt needed): equal but for the boxes' rounding to 0.01 pt."""


def _kept_together(context: ReviewContext) -> frozenset[tuple[str, str]]:
    """Keys of a hyphen-ended word and the word after it, a space between them, that a value
    prints opening one of its lines where the hyphen-ended word would have fitted at the end
    of the value's line above: that line's right edge, the line's gap between the two words
    and the first word's width within the widest line the section prints in that column, on
    any page (`section_column_right`: a column is at least that wide), give or take
    `KEPT_TOGETHER_SLACK_EM`. The producer moved both to the next line rather than
    break after the hyphen's space: it breaks no line there ('Fundación' / 'Paniamor-
    Programa' where 'Fundación Paniamor-' fits), so where its lines part the two words with
    no space written, the text had none (`unprinted_compound_findings`)."""
    kept: set[tuple[str, str]] = set()
    for section, activity in context.plan.activities():
        for pieces in activity.provenance.values():
            for above, piece in pairwise(pieces):
                first, _, rest = piece.text.partition(" ")
                if len(first) < 2 or not first.endswith("-") or not rest:
                    continue
                if above.page != piece.page or abs(above.bbox[0] - piece.bbox[0]) > ALIGN_TOLERANCE:
                    continue
                opening = context.piece_words(piece)[:2]
                if len(opening) < 2 or opening[0].text != first:
                    continue
                stem, after = opening
                room = context.section_column_right(section.name, piece)
                need = above.bbox[2] + (after.x0 - stem.x1) + (stem.x1 - stem.x0)
                if need <= room + KEPT_TOGETHER_SLACK_EM * stem.size:
                    kept.add((_key(first), _key(rest.partition(" ")[0])))
    return frozenset(kept)


COMPOUND_ROOM_EM = 1.0
"""Ems of room a line must leave, beyond a word space and the estimated width of the
hyphen-ended stem of the compound opening the next line, for the producer to have kept the
compound whole where it could have broken after its hyphen (`_keeps_compounds_whole`). The
stem's width is estimated from the compound's (`_width_share`); on the judged batches at hand
(held-out 3131 and 2929, six producers, Word/HTML 1119) the producers that break after a
hyphen leave at most 0.31 em so estimated; fpdf2 (which breaks only at spaces) leaves up to
2.4 em, over 1 em on 13 of its 65 such lines in held-out 3131, 2929 and 2727 (a wide margin:
a wrong 'whole' would settle a wrong reading)."""


def _keeps_compounds_whole(context: ReviewContext) -> bool:
    """Whether a value prints a compound (`X-Y`: `HYPHEN_STEM` letters or more before the
    hyphen, a letter after it) opening one of its lines where the stem `X-` would have fitted
    at the end of the line above, with a word space before it and `COMPOUND_ROOM_EM` to
    spare, within the widest line the page prints in that column: the producer moved the
    whole compound rather than break after its hyphen. Such a producer breaks a line after a
    hyphen only where a space follows it (or where it cuts a word wider than the line), the
    converse of `_kept_together` (held-out fpdf 3131 and 2929: `Trata de` / `Personas-
    Explotación`, `Fundación` / `Paniamor-Programa` with room for the stem above)."""
    for _, activity in context.plan.activities():
        for pieces in activity.provenance.values():
            for above, piece in pairwise(pieces):
                if above.page != piece.page or abs(above.bbox[0] - piece.bbox[0]) > ALIGN_TOLERANCE:
                    continue
                opening = context.piece_words(piece)[:1]
                if not opening:
                    continue
                word = opening[0]
                stem, hyphen, tail = word.text.partition("-")
                if not hyphen or sum(ch.isalpha() for ch in stem) < HYPHEN_STEM:
                    continue
                if not (stem.isalpha() and tail[:1].isalpha()):
                    continue
                width = (word.x1 - word.x0) * _width_share(word.text, len(stem) + 1)
                room = context.column_right(piece) - above.bbox[2]
                if room >= width + (NARROWEST_SPACE_EM + COMPOUND_ROOM_EM) * word.size:
                    return True
    return False


def _width_share(text: str, length: int) -> float:
    """The share of `text`'s printed width its first `length` characters take, by the
    letters' widths in a proportional face (`text.letter_widths`; a character not listed
    counts as the mean letter)."""
    widths = letter_widths()
    mean = sum(widths.values()) / len(widths)
    total = sum(widths.get(ch, mean) for ch in text)
    return sum(widths.get(ch, mean) for ch in text[:length]) / total


def _chosen_break(context: ReviewContext, before: Piece, after: Piece) -> bool:
    """Whether the line end between the hyphen-ended word ending `before` and the word
    opening `after` is a break the producer chose, not a cut of a word wider than the line:
    the two, as one word, fit on a line of the cell (within the widest line the page prints
    in the column), or the line leaves room for a glyph more (`text.LONE_WORD_FULL_EM`: a cut
    fills its line up to the glyph that does not fit)."""
    last, first = context.piece_words(before)[-1:], context.piece_words(after)[:1]
    if not last or not first:
        return False
    right = context.column_right(before)
    width = (last[0].x1 - last[0].x0) + (first[0].x1 - first[0].x0)
    return width <= right - before.bbox[0] or right - last[0].x1 >= LONE_WORD_FULL_EM * last[0].size


def _hyphen_line_end(
    activity: Activity, name: str, left: str, right: str
) -> tuple[Piece, Piece] | None:
    """The two lines of the activity's field that the line end `left` / `right` parts."""
    for before, after in pairwise(activity.provenance.get(name, [])):
        if before.text.split(" ")[-1] == left and after.text.split(" ")[0] == right:
            return before, after
    return None


def _spaced_by_producer(
    context: ReviewContext, activity: Activity, name: str, left: str, right: str
) -> bool | None:
    """How the producer's breaks read a hyphen line end with no space written ('Paniamor-' /
    'Programa'): where it keeps compounds whole (`_keeps_compounds_whole`) and did not cut a
    word wider than the line there (`_chosen_break`), the line broke at a space after the
    hyphen (True); None where they do not tell."""
    if not left.endswith("-") or not context.keeps_compounds_whole():
        return None
    lines = _hyphen_line_end(activity, name, left, right)
    if lines is None or not _chosen_break(context, *lines):
        return None
    return True


def line_end_label(left: str, right: str) -> str:
    """How a stage's `line_end_undecided` finding names its line end (its message starts
    with this): the review finds the line end again by it."""
    return f"{left!r} / {right!r}"


_QUOTED = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""
"""A Python `repr` of a string, in single or double quotes."""
_LABEL = re.compile(rf"^({_QUOTED}) / ({_QUOTED})")
"""`line_end_label`'s two quoted words at a message's start."""


def line_end_words(message: str) -> tuple[str, str] | None:
    """The two words a message starting with `line_end_label` names, as the stage read them
    (the right one may already join a later line end: 'ST' / 'CONACOES' of the lines
    `ST`, `CONACOE`, `S`); None for another message."""
    match = _LABEL.match(message)
    if match is None:
        return None
    left, right = (ast.literal_eval(group) for group in match.groups())
    return (left, right) if isinstance(left, str) and isinstance(right, str) else None


def settled_line_ends(context: ReviewContext, stage_findings: list[Finding]) -> list[Finding]:
    """The stage's undecided line ends (not a hyphen's: `unprinted_compound_findings`) that
    the document itself decides: its lines print the reading taken (the two words side by
    side, or the joined word between two others, `_decided_by_document`) and never the other
    one, or, for an item number broken over two lines ('2.3.' / '4.'), the numbering does
    (`_numbering_confirms`). Those become notes (`info`); the others are kept as they are.
    The language could not tell (`desensibilización` and `de sensibilización` are both
    Spanish); the document's usage can."""
    if not any(f.check == UNDECIDED_LINE_END for f in stage_findings):
        return list(stage_findings)
    parted: set[tuple[str, str]] = set()
    activities: dict[str | None, Activity] = {}
    for _, activity in context.plan.activities():
        activities[activity.activity_id] = activity
        for name in activity.provenance:
            lines = context.value_lines(activity, name)
            for (last, first), joined in zip(lines.ends, lines.joins, strict=True):
                if joined is False:
                    parted.add((_key(last), _key(first)))
    # The words each doubt names, as the stage read them (`line_end_label` starts its message).
    doubted_ends = [
        (f, line_end_words(f.message) if f.check == UNDECIDED_LINE_END else None)
        for f in stage_findings
    ]
    undecided = {
        (_key(words[0]), _key(words[1]))
        for finding, words in doubted_ends
        if words is not None and finding.check == UNDECIDED_LINE_END
    }
    edges = WordEdges.of(context, parted - undecided)
    settled = []
    for finding, words in doubted_ends:
        if finding.check != UNDECIDED_LINE_END or words is None:
            settled.append(finding)
            continue
        doubted = activities.get(finding.activity_id)
        value = (getattr(doubted, finding.field or "", None) or "") if doubted else ""
        if finding.severity == "info":
            left, right = words
            if (
                doubted is not None
                and f"{left} {right}" in value
                and _spaced_by_producer(context, doubted, finding.field or "", left, right)
            ):
                why = "the producer keeps compounds whole on a line, and this one fits a line"
                settled.append(_note(finding, why))
            else:
                settled.append(finding)
            continue
        if _decided_by_document(
            context, edges, *words, finding.message, value
        ) and not _lone_hyphen_line_open(context, doubted, finding.field, words[1]):
            settled.append(
                _note(finding, "the document prints that reading on one line, and never the other")
            )
        elif doubted is not None and _numbering_confirms(doubted, finding.field or ""):
            settled.append(
                _note(finding, "the numbering confirms it (a number under its parent's)")
            )
        else:
            settled.append(finding)
    return settled


def _lone_hyphen_line_open(
    context: ReviewContext, activity: Activity | None, field: str | None, right: str
) -> bool:
    """Whether the doubted line end opens a line that holds a hyphen alone, whose own line end
    carries no written-space fact (`Word.space_after` is None): the doubt on the line end
    before the hyphen is then the only finding the value's next line end gets. A hyphen
    binding to the word before it (`_binding_hyphen`) settles the first line end
    (`Paniamor` / `-`), not the second (`-` / `Programa`): the plans print that compound
    with and without a space after the hyphen, and a producer that writes no space facts
    leaves the second undecided (held-out docx 3333 `03`: the truth's `Paniamor-Programa`
    read as `Paniamor- Programa`, its doubt settled by the first line end's binding, the
    activity silent)."""
    if activity is None or not field or right != "-":
        return False
    for piece in activity.provenance.get(field, []):
        if piece.text == right:
            word = context.line_end(piece, right)
            if word is None or word.space_after is None:
                return True
    return False


@dataclass(frozen=True)
class WordEdges:
    """Keys of words the document prints ending a word and starting one: side by side in a
    cell's line (`ReviewContext.cell_bigrams`), or across a line end the values part with a
    space that no stage doubted (a long word in a narrow column opens every line it is on,
    `de` / `sensibilización`, so it is printed after another word on no line)."""

    ends: frozenset[str]
    starts: frozenset[str]

    @classmethod
    def of(cls, context: ReviewContext, parted: set[tuple[str, str]]) -> WordEdges:
        pairs = context.cell_bigrams | parted
        return cls(frozenset(a for a, _ in pairs), frozenset(b for _, b in pairs))


UNDECIDED_LINE_END = "line_end_undecided"
"""The check of a line end the reading stage could not decide (`pipeline`'s doubts): a
warning, or `HYPHEN_LINE_END_SEVERITY` after a hyphen."""
SETTLED_LINE_END = "line_end_settled"
"""The check a stage's undecided line end becomes when the document settles it: a note."""


def _note(finding: Finding, why: str) -> Finding:
    update = {"check": SETTLED_LINE_END, "severity": "info", "message": f"{finding.message}; {why}"}
    return finding.model_copy(update=update)


NUMBER_PARENTS = {
    "activity_number": "objective_number",
    "objective_number": "strategic_action_number",
}
"""Each item number's parent in the plan's hierarchy."""


def _numbering_confirms(activity: Activity, name: str) -> bool:
    """Whether the activity's number in field `name`, read across a line end, is one level
    under its parent's number: a narrow number column breaks '2.3.4.' as '2.3.' / '4.', and
    only the joined reading is a number at all, the one the hierarchy expects."""
    parent = NUMBER_PARENTS.get(name)
    if parent is None:
        return False
    number, above = _parts(getattr(activity, name)), _parts(getattr(activity, parent))
    return (
        number is not None
        and above is not None
        and len(number) == len(above) + 1
        and number[: len(above)] == above
    )


def _decided_by_document(
    context: ReviewContext, edges: WordEdges, left: str, right: str, message: str, value: str = ""
) -> bool:
    """Whether the reading the stage's message reports is the one the document prints and the
    other reading is printed nowhere: two words side by side in a cell's line, or the left
    one where a word ends and the right one where a word starts; the joined word between two
    others on a line, or a slash before a lower-case word where the document always glues
    a slash to the lower-case letter after it (`ReviewContext.slash_binds`).
    Side by side counts within a cell only: a page-wide line sets one
    cell's last word beside the next cell's first (`CONACOE` of a cell broken as `CONACOE` /
    `S`, beside another cell's broken `s de la`).
    A hyphen opening the right one binds to the left one where the document prints no
    hyphen between two words (`_binding_hyphen`).
    The joined word is judged as the token of `value` (the field as read) that holds it: a
    word cut over three lines (`in` / `terinstituciona` / `l`, held-out reportlab 2424 `00`)
    is the document's `interinstitucional`, where its last two pieces join into no word."""
    apart = (_key(left), _key(right)) in context.cell_bigrams
    joined_key = _key(_in_its_token(Join(left, right, True, False), value).word)
    whole = context.whole(joined_key)
    if message.endswith(f"read as {f'{left}{right}'!r}"):
        # A slash before a lower-case word, where the document glues a slash to the
        # lower-case letter after it on every line that prints one ('observadores/' / 'as').
        slashed = left.endswith("/") and right[:1].islower() and context.slash_binds
        return (whole or slashed or _binding_hyphen(context, right)) and not apart
    # Two words: printed side by side, or the left one ending a word and the right one
    # starting one elsewhere (`WordEdges`: 'Desarrollar las', 'sistematice' / 'buenas'), while
    # the joined word is printed nowhere.
    ends_a_word, starts_a_word = _key(left) in edges.ends, _key(right) in edges.starts
    return (apart or (ends_a_word and starts_a_word)) and joined_key not in context.printed


def line_end_findings(context: ReviewContext) -> list[Finding]:
    """Where a value joins two printed lines, judge the join by evidence the joining did not
    weigh the same way. A producer that writes spaces at line ends says itself that a space
    followed the line's last word: the value must not glue it to the next. Otherwise the
    document's own vocabulary judges: two words glued into one that the document never
    prints, while it prints each half whole (`glued_words`), or a space put inside a word
    the document prints whole, one of whose halves it never prints whole (`split_word`)."""
    findings = []
    judged: dict[tuple, list[tuple[JoinDoubt, str, Piece, Piece]]] = {}
    for section, activity in context.plan.activities():
        for name, pieces in activity.provenance.items():
            if len(pieces) < 2:  # one line: no line end to judge
                continue
            lines = context.value_lines(activity, name)
            if lines.key not in judged:  # a merged cell's lines are every activity's
                judged[lines.key] = _join_doubts(context, lines)
            for doubt, shown, before, after in judged[lines.key]:
                findings.append(
                    _finding(
                        doubt.check,
                        doubt.severity,
                        f"{name}: “{shown}” joins the lines “…{before.text[-40:]}” and "
                        f"“{after.text[:40]}…”",
                        section.name,
                        activity,
                        name,
                        after.page,
                    )
                )
    return findings


def _join_doubts(
    context: ReviewContext, lines: ValueLines
) -> list[tuple[JoinDoubt, str, Piece, Piece]]:
    """The doubtful joins of one value's printed lines: the doubt, the words as joined, and
    the two lines."""
    doubts = []
    for (before, after), (last, first), joined in zip(
        pairwise(lines.pieces), lines.ends, lines.joins, strict=True
    ):
        if not last or not first:
            continue
        doubt = _join_verdict(context, before, last, first, lines.value, joined)
        if doubt is not None:
            shown = last + first if doubt.check == "glued_words" else f"{last} {first}"
            doubts.append((doubt, shown, before, after))
    return doubts


def inner_split_findings(context: ReviewContext) -> list[Finding]:
    """Two neighbouring words of a value that the document prints elsewhere as one word,
    one of them never printed whole (`split_word`: 'Progra ma' where it prints 'Programa'; a
    reader may part a word at a wide gap inside a line)."""
    findings = []
    split: dict[tuple, tuple[str, str] | None] = {}
    for section, activity in context.plan.activities():
        for name in TEXT_FIELDS:
            lines = context.value_lines(activity, name)
            if lines.key not in split:  # a merged cell's lines are every activity's
                split[lines.key] = _inner_split(context, lines)
            pair = split[lines.key]
            if pair is not None:
                a, b = pair
                findings.append(
                    _finding(
                        "split_word",
                        "warning",
                        f"{name}: “{a} {b}” where the document prints “{a}{b}”",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                )
    return findings


def _cell_key(value: str, pieces: list[Piece]) -> tuple:
    """A value with its printed lines: the same for every activity that carries one merged
    cell, so that a check judges each cell once."""
    return (value, tuple([(p.page, tuple(p.bbox), p.text) for p in pieces]))


@dataclass(slots=True, eq=False)
class ValueLines:
    """One activity's value of one field with its printed lines and where they meet, found
    once per review (`ReviewContext.value_lines`): the line-end checks, the inner-split
    check and the index of cut words all read it instead of finding the lines in the value
    again."""

    value: str
    pieces: list[Piece]
    key: tuple = field(init=False)
    """`_cell_key`: the same for every activity that carries one merged cell."""
    spans: list[tuple[int, int] | None] = field(init=False)
    """`_spans`: where each line's text stands in the value."""
    joins: list[bool | None] = field(init=False)
    """`_joins`: for each two consecutive lines, glued (True), parted (False) or unknown."""
    ends: list[tuple[str, str]] = field(init=False)
    """For each two consecutive lines, the first one's last word and the second one's first
    (either empty where its line has none)."""

    def __post_init__(self) -> None:
        self.key = _cell_key(self.value, self.pieces)
        self.spans = _spans(self.value, self.pieces)
        self.joins = _joins(self.value, self.spans)
        self.ends = [
            (before.text.rpartition(" ")[2], after.text.partition(" ")[0])
            for before, after in pairwise(self.pieces)
        ]


def _inner_split(context: ReviewContext, lines: ValueLines) -> tuple[str, str] | None:
    """The first two neighbouring words of `value` the document prints as one word, one of
    them never printed whole, unless the value's lines part them at a line end the producer
    chose (`_chosen_break`: the line leaves room for a glyph more, where a cut fills its line;
    Word 1109 `03`: `Sub` / `Comisión` in a column 32 pt wide, `Sub` ending 18 pt short of
    it, read right beside a `SubComisión` printed elsewhere)."""
    chosen: set[int] | None = None  # found once, when a pair first gets that far
    for i, (a, b) in enumerate(pairwise(lines.value.split())):
        if not context.whole(_key(a + b)):  # the cheap test first: most pairs stop here
            continue
        if not (_has_letter(_key(a)) and _has_letter(_key(b))):
            continue
        if context.whole(_key(a)) and context.whole(_key(b)):
            continue
        if chosen is None:
            chosen = _chosen_line_ends(context, lines)
        if _token_end(lines.value, i) not in chosen:
            return a, b
    return None


def _token_end(value: str, i: int) -> int:
    """The offset in `value` after its `i`-th word (words parted by white space, as
    `str.split` parts them)."""
    return list(re.finditer(r"\S+", value))[i].end()


def _chosen_line_ends(context: ReviewContext, lines: ValueLines) -> set[int]:
    """Where in the value (the offset after a line's text) a line end the value parts with a
    space is a break the producer chose (`_chosen_break`), not a cut of a word."""
    return {
        span[1]
        for (before, after), span, joined in zip(
            pairwise(lines.pieces), lines.spans[:-1], lines.joins, strict=True
        )
        if span is not None and joined is False and _chosen_break(context, before, after)
    }


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


@dataclass(frozen=True)
class JoinDoubt:
    """A line end the value joined against the evidence: the check and how sure it is."""

    check: str
    severity: Severity = "warning"


_GLUED_BY_GAP = {"": True, " ": False}
"""What a value writes between two lines' texts: nothing (glued) or one space (parted)."""


def _joins(value: str, spans: list[tuple[int, int] | None]) -> list[bool | None]:
    """For each two consecutive lines of a value, whether the value joins them without a
    space (True), with one (False), or cannot be told (None: a line whose text the value
    does not hold as printed, such as an item number split off), from where the lines stand
    in it (`_spans`: found in order, so that the same pair of words elsewhere in it does not
    count)."""
    joins: list[bool | None] = []
    for this, following in pairwise(spans):
        gap = value[this[1] : following[0]] if this is not None and following is not None else None
        joins.append(_GLUED_BY_GAP.get(gap) if gap is not None else None)
    return joins


def _spans(value: str, pieces: list[Piece]) -> list[tuple[int, int] | None]:
    """Where each line's text stands in `value` (start and end offsets), found in order so
    that the same words elsewhere in it do not count; None for a line the value does not
    hold as printed."""
    spans: list[tuple[int, int] | None] = []
    position = 0
    for piece in pieces:
        start = value.find(piece.text, position) if piece.text else -1
        if start < 0:
            spans.append(None)
            continue
        position = start + len(piece.text)
        spans.append((start, position))
    return spans


@dataclass(slots=True)
class Join:
    """How a value joins one line's last word to the next line's first (made for every line
    end of a plan: slotted, its two tests computed once)."""

    last: str
    first: str
    glued: bool
    """Written without a space between them."""
    parted: bool
    """Written with one."""
    head: str = ""
    tail: str = ""
    """The value's token that holds a glued join, cut at the line end (`_in_its_token`):
    a word cut over three lines is judged whole (`Interin` / `stituci` / `onal`, the join
    `stituci` / `onal` of `Interinstitucional`); empty: `last` and `first`."""
    slash: bool = field(init=False)
    """A slash binds: 'observadores/' 'as'."""
    binds: bool = field(init=False)
    """A slash or a hyphen at the line end binds the two."""

    def __post_init__(self) -> None:
        self.slash, self.binds = _binding(self.last, self.first)

    @property
    def left(self) -> str:
        return self.head or self.last

    @property
    def right(self) -> str:
        return self.tail or self.first

    @property
    def word(self) -> str:
        return self.left + self.right


def _binding(last: str, first: str) -> tuple[bool, bool]:
    """`Join.slash` and `Join.binds` of a line end between the words `last` and `first`."""
    slash = "/" in (last[-1], first[0])
    return slash, slash or last.endswith("-")


def _join_verdict(
    context: ReviewContext,
    before,
    last: str,
    first: str,
    value: str,
    joined: bool | None = None,
) -> JoinDoubt | None:
    if joined is False and not _binding(last, first)[1]:
        # Most line ends: two words parted by a space, neither a slash nor a hyphen between
        # them, which neither the written spaces nor the vocabulary doubt (`_spaced_verdict`
        # and `_vocabulary_verdict` judge only a glued join or a binding mark): only a word
        # split in two is in question, judged without a `Join`.
        return _parted_verdict(context, last, first)
    glued, parted = last + first, f"{last} {first}"
    if joined is None:  # the lines were not found in order: the pair's sole form decides
        join = Join(last, first, glued in value and parted not in value, parted in value)
        join = replace(join, parted=join.parted and glued not in value)
    else:
        join = Join(last, first, joined, not joined)
    if join.glued:
        join = _in_its_token(join, value)
    if join.parted and (doubt := _split_verdict(context, last, first, join.slash)) is not None:
        return doubt
    if join.parted and not join.binds:
        return None  # as above
    if _pushed_mark(before, join) or _case_break(join):
        return JoinDoubt("glued_words")
    if context.line_end_spaces:
        return _spaced_verdict(context, before, join)
    return _vocabulary_verdict(context, join)


def _parted_verdict(context: ReviewContext, last: str, first: str) -> JoinDoubt | None:
    """`_split_verdict` of a line end a value parts with a space, with no slash or hyphen at
    it: the document's words alone decide, so each pair of words is judged once per review
    (`ReviewContext.parted`; a plan ends many lines with the same word before the same
    word)."""
    key = (last, first)
    if key not in context.parted:
        context.parted[key] = _split_verdict(context, last, first, slash=False)
    return context.parted[key]


def _split_verdict(context: ReviewContext, last: str, first: str, slash: bool) -> JoinDoubt | None:
    """A line end the value parts with a space (`last` / `first`) that splits one word."""
    if (
        not slash
        and context.whole(_key(last + first))
        and _has_letter(_key(last))
        and _has_letter(_key(first))
        and not (context.whole(_key(last)) and context.whole(_key(first)))
    ):
        return JoinDoubt("split_word")  # whatever the spaces say: 'Progra ma' beside 'Programa'
    if _cut_acronym(context, last, first):
        return JoinDoubt("split_word")  # 'CO' / 'NACOES' where the document prints 'CONACOES'
    if _stray_letter(first):
        return JoinDoubt("split_word")  # 'Warnat' / 'h': the letter ends a word cut in two
    return None


def _printed_join(context: ReviewContext, join: Join) -> bool:
    """The document prints the glued word: the value's token that holds the join, or the
    two lines' words glued, or (`ReviewContext.printed_across`) the letters on both sides of
    the cut on one line, where another line end cuts the same word at another place (held-out
    docx 2727 `11`: `sistemat` / `ice` in one column, `sistematic` / `e` in the next: neither
    line end is a space, whatever the language makes of `sistematice`)."""
    return any(
        _key(word) in context.printed for word in (join.word, join.last + join.first)
    ) or context.printed_across(join)


def _cut_lines(context: ReviewContext) -> dict[str, list[tuple[int, int]]]:
    """For each token that the plan's values join across a line end with no space (by its
    key), where the two lines' words meeting there stand in it: start and end offsets of the
    line's last word and of the next line's first. A word a line end cuts at one place is
    printed on one line across any other place it is cut."""
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for _, activity in context.plan.activities():
        for name in activity.provenance:
            lines = context.value_lines(activity, name)
            for (last, first), joined in zip(lines.ends, lines.joins, strict=True):
                if not (joined and last and first):
                    continue
                join = _in_its_token(Join(last, first, True, False), lines.value)
                cut = len(join.left)
                if join.left.endswith(last) and join.right.startswith(first):
                    spans[_key(join.word)] |= {(cut - len(last), cut), (cut, cut + len(first))}
    return {word: sorted(found) for word, found in spans.items()}


def _in_its_token(join: Join, value: str) -> Join:
    """A glued `join` with the token of `value` that holds it, cut where the two lines meet
    (`Join.head`, `Join.tail`); unchanged when the value holds no such token."""
    for token in value.split():
        at = token.find(join.last + join.first)
        if at >= 0:
            cut = at + len(join.last)
            return replace(join, head=token[:cut], tail=token[cut:])
    return join


def _cut_acronym(context: ReviewContext, last: str, first: str) -> bool:
    """Two capitals-only pieces across a line end, read as two words, that the document
    prints as one token elsewhere while it prints neither piece whole: an acronym a narrow
    column cut at its edge (held-out reportlab 2424 `10`: `CO` / `NACOES` beside `CONACOES`,
    two activities with no finding; judged, then changed). An acronym is no word of the
    lexicon, and a narrow column prints it alone on its line, never between two others of
    its cell, so `ReviewContext.whole` cannot vouch for it: the printed tokens do. A piece
    printed between two words of one cell is a word of its own (`whole_in_a_cell`; a
    page-wide line sets a cell's first word between other cells' words)."""
    left, right = _key(last), _key(first)
    return (
        last.isalpha()
        and last.isupper()
        and first.strip(".,;:").isalpha()
        and first.strip(".,;:").isupper()
        and left + right in context.printed
        and not (context.whole_in_a_cell(left) or context.whole_in_a_cell(right))
    )


def _stray_letter(first: str) -> bool:
    """A line's first word that is one lower-case letter and no Spanish word (`h` of
    `Warnat` / `h`, `s` of `ementore` / `s`, held-out Word 2222-00, silent on four
    activities). LibreOffice cuts a word wider than its column at the cell's edge with no
    hyphen; when every cell prints that word cut the same way, both pieces recur in the
    document (the language counts a piece as a word only where it is printed away from a
    line end, `language.Unbroken`, and then reads such a cut undecided or one word). Parted
    from the line before, such a letter stands alone in the value: none of the kept truths,
    and none of about 200 judged outputs, holds one after a word except these cuts. The
    one-letter words are the language's (`language.stray_letter`); a capital may be an
    initial."""
    return first.islower() and language.stray_letter(first)


def _case_break(join: Join) -> bool:
    """A glued join of a line ending in a lower-case letter and a line starting with a capital
    (`Fundación` / `PANIAMOR`, held-out HTML 1029-04, a column one word wide): no word of
    the plans changes from lower to upper case inside (none of the kept truths does), so
    the line end parted two words."""
    return join.glued and join.last[-1:].islower() and join.first[:1].isupper()


def _pushed_mark(before: Piece, join: Join) -> bool:
    """A closing mark that opens a line, glued by the value to the last word of a line of
    several words (the source's 'trimestre 2023 .' read '2023.'). A producer breaks inside a
    word only when the word is wider than the column, and such a word then fills its line
    alone ('participación' / ','); a line of several words ends at a space, so a space stood
    before the mark. The reading stage glues a closing mark wherever no space was written,
    which is a guess there: producers that write none at line ends say nothing either way,
    and one that writes them drops the space that does not fit before the cell edge
    (LibreOffice: Word layout 979-01's '2024 .'), so a space written as missing is no
    evidence either: the line's word count is (docs/review.md, seventh pass)."""
    return join.glued and join.first[:1] in CLOSING_MARKS and " " in before.text.strip()


def _spaced_verdict(context: ReviewContext, before, join: Join) -> JoinDoubt | None:
    """A producer that writes line-end spaces: what it wrote after the line's last word."""
    word = context.line_end(before, join.last)
    if word is None or word.space_after is None:
        return None
    if join.binds and join.parted and not word.space_after:
        # A slash or hyphen binds: a line ends right after one without a space only inside
        # a word ('observadores' '/as'; no hard return follows a hyphen).
        return JoinDoubt("split_word")
    # A space written after the line's last word parts two words. None written is no
    # evidence by itself (a hard return inside the cell writes none; LibreOffice drops the
    # space that does not fit before the cell edge): the language and the vocabulary judge.
    if join.glued and word.space_after and not _one_word_anyway(join):
        return JoinDoubt("glued_words")
    if join.binds:
        return None
    if join.glued and context.spaces_full_lines() and _full_line(context, before, word):
        return None  # the producer keeps a full line's last space: none written is a cut
    if (
        join.glued
        and not _printed_join(context, join)
        and not _binding_hyphen(context, join.first)
        and context.reads_apart(join.left, join.right)
    ):
        # The join was made on the missing space alone (the reading stage asks the language
        # only where a producer never writes line-end spaces): the language, evidence the
        # stage did not weigh, reads two words ('de' / 'género').
        return JoinDoubt("glued_words")
    return _vocabulary_verdict(context, join)


def _full_line(context: ReviewContext, piece: Piece, word: Word) -> bool:
    """Whether the value line `piece`, ending in `word`, reaches its column's widest line on
    its page (`FULL_LINE_EM`)."""
    return word.x1 >= context.column_right(piece) - FULL_LINE_EM * word.size


def _binding_hyphen(context: ReviewContext, first: str) -> bool:
    """A hyphen opening a line (alone, or before its word: `Paniamor` / `-` / `Programa`,
    `Paniamor` / `-Programa`) in a document that prints no hyphen as a word of its own
    between two others of one cell (`ReviewContext.run_interior`: a page-wide line sets a
    narrow cell's lone hyphen between other cells' words): a dash parting two words is
    printed with spaces, so such a hyphen
    was pushed off the word before it (LibreOffice cutting a word wider than its column
    right before the hyphen, `text._cut_before_a_hyphen`: held-out docx 3131 `09` and 2727
    `11`, read right and doubted as `glued_words` and by the stage, three line ends in the
    batches at hand, all glued in the truth)."""
    return first[:1] == "-" and _key("-") not in context.run_interior


def _one_word_anyway(join: Join) -> bool:
    """A glued join that holds whatever space the PDF wrote at the line end: the next line
    opens with punctuation (',' '.' never start a word: 'sensibilización' / ', al cuarto')."""
    return not join.first[:1].isalnum()


def _vocabulary_verdict(context: ReviewContext, join: Join) -> JoinDoubt | None:
    """The document's own vocabulary: two words glued into one it never prints while it
    prints both halves whole in a cell; after a slash, a part opening with one."""
    last, first = join.last, join.first
    if join.slash:  # '… observadores' '/as …' parted: a slash opens no word
        return JoinDoubt("split_word") if join.parted and first.startswith("/") else None
    if not join.glued or _printed_join(context, join):
        return None
    if last.endswith("-"):
        # After a hyphen the join is the producer's convention ('e-' 'learning'): the same
        # two words printed apart on one line elsewhere say it was a space, or a word of
        # HYPHEN_STEM letters or more before the hyphen that the document prints whole. The
        # plans print one compound both ways, so this evidence is a note, not a doubt.
        apart = (_key(last), _key(first)) in context.bigrams
        stem = sum(ch.isalpha() for ch in last) >= HYPHEN_STEM
        whole = (
            stem and context.whole_in_a_cell(_key(last)) and context.whole_in_a_cell(_key(first))
        )
        return JoinDoubt("glued_words", HYPHEN_LINE_END_SEVERITY) if apart or whole else None
    if context.whole_in_a_cell(_key(last)) and context.whole_in_a_cell(_key(first)):
        return JoinDoubt("glued_words")
    return None


# --- geometry: pieces in another row or column -------------------------------------------------

SPAN_ALIGN_TOLERANCE = 1.0
"""Line heights within which a merged cell's first (last) line sits level with its first
(last) row's text: the cell's text set against the rows' top (bottom)."""

SPAN_ALIGN_SHARE = 0.75
"""Share of a document's telling merged cells (of two rows or more, on one page: set against
one edge of their rows, their text short of the other, or in their middle) that must sit
against the same edge for that to be how the document sets them. On the random layouts of
seeds 50-58, bottom- and top-set documents score 0.86 or more, middle-set ones 0.44 or
less."""


@dataclass
class SpanPlacement:
    """One merged cell as read, on one page: its text's extent and the rows given to it."""

    section: str
    name: str
    page: int
    top: float
    bottom: float
    line: float
    """The height of one of its lines."""
    rows: list[tuple[Activity, float, float]]
    """Each activity given the cell, with its row text's extent on the page, top to bottom."""
    whole: bool = True
    """The cell's text is all on this page (its alignment with its rows can be judged)."""

    def gaps(self) -> tuple[float, float]:
        """In line heights: from the first row's text top to the cell's, and from the
        cell's text bottom to the last row's."""
        first, last = self.rows[0], self.rows[-1]
        return (self.top - first[1]) / self.line, (last[2] - self.bottom) / self.line


def row_between_cells_findings(context: ReviewContext) -> list[Finding]:
    """A row read under the merged cells above it that belongs to the cells below it. Where
    most merged cells sit against their last row's bottom (`SPAN_ALIGN_SHARE`: bottom-set
    spans), a row printed between two cells' texts, in both merged columns (strategic action
    and objective), below the texts of the cells it was given and above those of the next
    cells of its page, belongs to the next ones: a bottom-set cell's text ends with its last
    row, and an unruled table read top-down gives the first row of a bottom-set action to
    the action above. Against the top, the converse (a row above the texts of the cells it
    was given, below the previous ones'). Both columns must say so: a producer that sets a
    merged cell's text in its first row (LibreOffice) leaves rows below one cell's text, but
    not between two cells' texts in both columns (`row_between_cells`)."""
    spans = _span_placements(context)
    # A cell is set against one edge when its text reaches that edge of its rows and stops
    # short of the other, in their middle when it stops short of both by as much; most of
    # the cells that tell must be set against the same edge.
    gaps = [span.gaps() for span in spans if span.whole and len(span.rows) > 1]
    tolerance = SPAN_ALIGN_TOLERANCE
    tops = sum(top <= tolerance < bottom for top, bottom in gaps)
    bottoms = sum(bottom <= tolerance < top for top, bottom in gaps)
    middles = sum(min(g) > tolerance and abs(g[0] - g[1]) <= tolerance for g in gaps)
    if max(tops, bottoms) < SPAN_ALIGN_SHARE * (tops + bottoms + middles) or tops == bottoms:
        return []
    against_bottom = bottoms > tops
    columns: dict[tuple[str, str, int], list[SpanPlacement]] = defaultdict(list)
    for span in spans:
        columns[(span.section, span.name, span.page)].append(span)
    between: dict[str | None, set[str]] = defaultdict(set)
    doubted: dict[str | None, tuple[Activity, SpanPlacement]] = {}
    for column in columns.values():
        for above, below in pairwise(column):
            given = above if against_bottom else below
            for activity, top, bottom in given.rows:
                if above.rows and below.rows and top > above.bottom and bottom < below.top:
                    between[activity.activity_id].add(given.name)
                    doubted[activity.activity_id] = (activity, given)
    edge, other = ("bottom", "next") if against_bottom else ("top", "previous")
    # The doubt is the row's, not the cells' texts: no field named, so that it is not copied
    # to the other rows of those cells (`shared_cell_findings`).
    return [
        _finding(
            "row_between_cells",
            "warning",
            f"this row lies between two merged cells' texts in both merged columns, and the "
            f"document sets merged cells against their rows' {edge}: its strategic action "
            f"and objective may be the {other} ones",
            span.section,
            activity,
            None,
            span.page,
        )
        for activity_id, names in between.items()
        if names == set(SPANNING_FIELDS)
        for activity, span in [doubted[activity_id]]
    ]


def _span_placements(context: ReviewContext) -> list[SpanPlacement]:
    """Every merged cell as read, per page where its text is printed: consecutive activities
    carrying the same printed lines; its rows are those of its activities on that page."""
    spans: list[SpanPlacement] = []
    for section in context.plan.sections:
        rows = [context.row_extents(activity) for activity in section.activities]
        for name in SPANNING_FIELDS:
            current: dict[int, SpanPlacement] = {}
            key = None
            for activity, extents in zip(section.activities, rows, strict=True):
                pieces = activity.provenance.get(name, [])
                lines = tuple((p.page, tuple(p.bbox)) for p in pieces)
                if not lines:
                    current, key = {}, None
                    continue
                if lines != key:
                    current, key = {}, lines
                    pages = {p.page for p in pieces}
                    for page in sorted(pages):
                        on_page = [p for p in pieces if p.page == page]
                        current[page] = SpanPlacement(
                            section.name,
                            name,
                            page,
                            min(p.bbox[1] for p in on_page),
                            max(p.bbox[3] for p in on_page),
                            min(p.bbox[3] - p.bbox[1] for p in on_page) or 1.0,
                            [],
                            whole=len(pages) == 1,
                        )
                        spans.append(current[page])
                for page, (top, bottom) in extents.items():
                    if page in current:
                        current[page].rows.append((activity, top, bottom))
    return spans


# --- a row's parent, from where its merged cells' texts are printed ----------------------------

PARENT_FIT_LINES = 2.0
"""Line heights within which a merged cell's text sits where its document sets merged cells
against the rows given to it (level with their top, their bottom, or as far from both):
cell padding, a row gap and a last row stretched by a taller single-row cell part a text
from its rows' edge by up to a line and a half on the kept outputs."""

PARENT_MISFIT_LINES = 4.0
"""Line heights beyond which a merged cell's text standing away from where its document's
alignment puts it against its rows is a row given to the wrong cell, not the spread of
padding and stretched rows: a row holds a line or more, and the rows misread at a parent's
edge hold several."""

ALIGNMENTS = ("top", "bottom", "middle")


@dataclass(frozen=True)
class FlowRow:
    """An activity given a merged cell, with its row text's extent on each page in flow
    coordinates (`_flow`)."""

    activity: Activity
    pages: dict[int, tuple[float, float]]
    """Page → (top, bottom) of the row's text there."""


@dataclass
class ParentBlock:
    """One merged cell as read (consecutive activities carrying the same printed lines of a
    spanning field): its text's extent and the rows given to it, in flow coordinates (the
    pages' value lines laid end to end: `_flow`)."""

    section: str
    name: str
    top: float
    bottom: float
    line: float
    text_pages: set[int]
    rows: list[FlowRow] = field(default_factory=list)

    def fit(self, alignment: str, rows: list[FlowRow]) -> float:
        """How far the text stands from where `alignment` sets it against `rows`, at best
        (`MergedText.fit`: the geometry the stitching stage chooses its reading by)."""
        text = MergedText(self.top, self.bottom, frozenset(self.text_pages))
        return text.fit(alignment, [row.pages for row in rows])

    def setting(self) -> str | None:
        """How this cell's text is set against its rows, when it tells (two rows or more):
        level with one edge (`SPAN_ALIGN_TOLERANCE` lines) and short of the other, or short
        of both by as much (`PARENT_FIT_LINES`), measured over all the rows' pages."""
        if len(self.rows) < 2:
            return None
        tolerance = SPAN_ALIGN_TOLERANCE * self.line
        tops = [top for row in self.rows for top, _ in row.pages.values()]
        bottoms = [bottom for row in self.rows for _, bottom in row.pages.values()]
        above, below = self.top - min(tops), max(bottoms) - self.bottom
        if above <= tolerance < below:
            return "top"
        if below <= tolerance < above:
            return "bottom"
        even = abs(above - below) <= PARENT_FIT_LINES * self.line
        return "middle" if min(above, below) > tolerance and even else None


def _flow(plan: Plan) -> Callable[[int, float], float]:
    """Flow coordinates (`flow_starts`): each page's value lines, from the highest top to
    the lowest bottom, laid after the page before's, so that a merged cell and its rows can
    be measured across a page break."""
    start = flow_starts(
        page_extents(
            (piece.page, piece.bbox[1], piece.bbox[3])
            for _, activity in plan.activities()
            for pieces in activity.provenance.values()
            for piece in pieces
        )
    )
    return lambda page, y: start.get(page, 0.0) + y


def _parent_columns(context: ReviewContext) -> list[list[ParentBlock]]:
    """Per section and spanning field, runs of merged cells as read, one after the other
    (an activity without the field ends a run), with their rows in flow coordinates."""
    flow = _flow(context.plan)
    columns: list[list[ParentBlock]] = []
    for section in context.plan.sections:
        for name in SPANNING_FIELDS:
            key = None
            for activity in section.activities:
                pieces = activity.provenance.get(name, [])
                lines = tuple((p.page, tuple(p.bbox)) for p in pieces)
                if not lines:
                    key = None
                    continue
                if lines != key:
                    block = ParentBlock(
                        section.name,
                        name,
                        min(flow(p.page, p.bbox[1]) for p in pieces),
                        max(flow(p.page, p.bbox[3]) for p in pieces),
                        min(p.bbox[3] - p.bbox[1] for p in pieces) or 1.0,
                        {p.page for p in pieces},
                    )
                    if key is None:
                        columns.append([])
                    columns[-1].append(block)
                    key = lines
                extents = {
                    page: (flow(page, top), flow(page, bottom))
                    for page, (top, bottom) in context.row_extents(activity).items()
                }
                if extents:
                    columns[-1][-1].rows.append(FlowRow(activity, extents))
    return [[block for block in column if block.rows] for column in columns]


def _span_alignment(blocks: Iterable[ParentBlock]) -> str | None:
    """How the document sets its merged cells against their rows: `top`, `bottom` or
    `middle` when `SPAN_ALIGN_SHARE` of the cells that tell (`ParentBlock.setting`) agree."""
    settings = Counter(setting for block in blocks if (setting := block.setting()) is not None)
    best = max(ALIGNMENTS, key=settings.__getitem__)
    telling = settings.total()
    return best if telling and settings[best] >= SPAN_ALIGN_SHARE * telling else None


@dataclass
class RowMove:
    """Rows that, given to the next (previous) merged cell of their column, leave both cells'
    texts where the document sets them."""

    rows: list[FlowRow]
    given: ParentBlock
    to: str
    """`next` or `previous`."""


def _row_moves(above: ParentBlock, below: ParentBlock, alignment: str) -> RowMove | None:
    """The rows at the border of two merged cells one after the other that belong to the
    other cell: neither text sits where `alignment` sets it (beyond `PARENT_MISFIT_LINES`)
    against its rows, both do (within `PARENT_FIT_LINES`) once the last rows of the one
    above, printed wholly below its text, go to the one below, or the first rows of the one
    below, printed wholly above its text, to the one above."""
    reach = PARENT_MISFIT_LINES
    if all(b.fit(alignment, b.rows) <= reach * b.line for b in (above, below)):
        return None
    moves = []
    for k in range(1, len(above.rows)):
        moved = above.rows[-k:]
        if min(top for row in moved for top, _ in row.pages.values()) < above.bottom:
            break
        fits = (above.fit(alignment, above.rows[:-k]), below.fit(alignment, moved + below.rows))
        moves.append((sum(fits), fits, RowMove(moved, above, "next")))
    for k in range(1, len(below.rows)):
        moved = below.rows[:k]
        if max(bottom for row in moved for _, bottom in row.pages.values()) > below.top:
            break
        fits = (above.fit(alignment, above.rows + moved), below.fit(alignment, below.rows[k:]))
        moves.append((sum(fits), fits, RowMove(moved, below, "previous")))
    good = [
        (total, move)
        for total, fits, move in moves
        if fits[0] <= PARENT_FIT_LINES * above.line and fits[1] <= PARENT_FIT_LINES * below.line
    ]
    return min(good, key=itemgetter(0))[1] if good else None


def parent_block_findings(context: ReviewContext) -> list[Finding]:
    """A row read under the wrong strategic action or objective, seen from where the merged
    cells' texts are printed, never from the item numbers (a stage that reads a row's parent
    from the numbers makes them agree, and the numbering check then has nothing to see:
    random 78-7). In a document that sets its merged cells against their rows' top, bottom
    or middle (`_span_alignment`), two merged cells one after the other in a column whose
    texts do not both sit so against the rows given to them, and both do once the rows at
    their border printed beyond one cell's text go to the other: those rows are doubted
    (`parent_block`).

    The stitching stage measures the same geometry (`MergedText`), but only to choose one
    of three whole-document readings (`stitch.stitch_sections`); this check judges each
    pair of neighbouring cells and moves rows one by one, so a row misread under the chosen
    reading still stands beyond its cell's text. The numbering check stays the evidence
    neither reads."""
    columns = _parent_columns(context)
    alignment = _span_alignment(block for column in columns for block in column)
    if alignment is None:
        return []
    findings = []
    for column in columns:
        for above, below in pairwise(column):
            move = _row_moves(above, below, alignment)
            if move is None:
                continue
            findings += [
                _finding(
                    "parent_block",
                    "warning",
                    f"this row is printed beyond the text of the merged "
                    f"{move.given.name.replace('_', ' ')} it was given; given to the "
                    f"{move.to} one, both texts sit against their rows as the document sets "
                    f"its merged cells ({alignment})",
                    move.given.section,
                    row.activity,
                    None,
                    _first_page(row.activity),
                )
                for row in move.rows
            ]
    return findings


def placement_findings(context: ReviewContext) -> list[Finding]:
    """A row cell's line printed in another activity's row band (`misplaced_piece`: flagged
    on both activities), a line reaching into a neighbouring column's text extent
    (`column_position`), and an empty cell whose column holds printed words in the row's band
    (`empty_cell`; an empty cell with nothing printed in it is a source fact)."""
    findings = []
    by_id = {a.activity_id: (s, a) for s, a in context.plan.activities()}
    for section in context.plan.sections:
        extents = context.extents[section.name]
        reach: dict[tuple, str | None] = {}  # a merged cell's line is judged once
        apart = _columns_apart(extents)
        for index, activity in enumerate(section.activities):
            fields = context.field_extents(activity)
            following = (
                section.activities[index + 1] if index + 1 < len(section.activities) else None
            )
            for name in ROW_FIELDS:
                pieces = activity.provenance.get(name, [])
                if not pieces:
                    continue
                own = _merged_extents(fields, skip=name)
                findings += _detached_block_findings(
                    context, section.name, activity, name, pieces, own, following
                )
                for piece in pieces:
                    margin = BAND_MARGIN * (piece.bbox[3] - piece.bbox[1])
                    middle = (piece.bbox[1] + piece.bbox[3]) / 2
                    top, bottom = own.get(piece.page, (middle, middle))
                    if top - margin <= middle <= bottom + margin:
                        continue
                    for band in context.bands.get(piece.page, []):
                        if band.activity_id == activity.activity_id:
                            continue
                        if band.top < middle < band.bottom:
                            other = by_id.get(band.activity_id, (section, None))[1]
                            for target in (activity, other):
                                findings.append(
                                    _finding(
                                        "misplaced_piece",
                                        "warning",
                                        f"{name}: “{piece.text}” is printed in another row",
                                        section.name,
                                        target,
                                        name,
                                        piece.page,
                                    )
                                )
                            break
            findings += _column_findings(context, section, activity, extents, reach, apart)
            findings += _empty_cell_findings(context, section, activity, extents)
    return findings


def _detached_block_findings(
    context: ReviewContext,
    section: str,
    activity: Activity,
    name: str,
    pieces: list[Piece],
    own: Extents,
    following: Activity | None = None,
) -> list[Finding]:
    """A row cell's lines that stand, on a page, wholly above or below the rest of its row
    there (`own`: the row's other fields), more than `ALIGNED_GAP_EM` line heights away: a
    row's cells share its height (top-, middle- or bottom-set, a cell's text lies within
    the row's), so such lines are another text taken into the cell (held-out Word 989-05:
    the title block's `Plan de Trabajo 2024` under a row's continuation on the next page,
    read as the row's empty collaborators cell). A cell all of whose lines are on pages
    after the last one of the row's other cells is apart too: the row ended with them (a
    cell taller than them would start on their page, whatever its vertical alignment). A
    page where the row has no other field tells nothing else.

    Below the row, its other cells ending above the text is enough (`_blocks_below`): a
    cell's lines, or a lower block of them, more than a line apart from the lines above it
    (`_within_a_line`), that start where the row's other cells have all ended are such a
    text too (held-out weasy 2323 `11`, unruled: a split row's one-line cell `ICT`, left at
    a page's foot under the row above while the row's other cells went to the next page,
    read into the row above); the row after it (`following`) is doubted too, as the row
    such lines may belong to, unless a table's header or title line stands between those
    lines and the row's cells on the page (`ReviewContext.table_opened`: held-out ReportLab
    2929 `02`, a two-level header's group label `Evaluación` read into the last row of the
    table above; the next table's first row, under its header, is exact)."""
    findings = []
    pages = sorted({p.page for p in pieces})
    for page in pages:
        block = sorted((p for p in pieces if p.page == page), key=lambda p: p.bbox[1])
        bottom = max(p.bbox[3] for p in block)
        gap = ALIGNED_GAP_EM * min(p.bbox[3] - p.bbox[1] for p in block)
        after = bool(own) and page == pages[0] and page > max(own)
        above = page in own and bottom < own[page][0] - gap
        lower = [] if after or above or page not in own else _blocks_below(block, own[page][1])
        if lower:
            block = lower
        elif not (after or above):
            continue
        text = _quote([p.text for p in block])[1:-1]
        findings.append(
            _finding(
                "detached_line",
                "warning",
                f"{name}: “{text}” stands apart from the rest of its row on the page: text "
                "from outside the cell may have been taken into it",
                section,
                activity,
                name,
                page,
            )
        )
        if lower and following is not None and not _opened_above(context, block, following):
            findings.append(
                _finding(
                    "detached_line",
                    "warning",
                    f"{name}: “{text}”, read into the row above, stands apart from it: it "
                    "may be this row's (a row cut by a page break)",
                    section,
                    following,
                    name,
                    page,
                )
            )
    return findings


def _opened_above(context: ReviewContext, block: list[Piece], row: Activity) -> bool:
    """Whether a table's header or title line stands between a block of lines (sorted by top)
    and where `row`'s cells start on the block's page."""
    page = block[-1].page
    starts = _merged_extents(context.field_extents(row)).get(page)
    return starts is not None and context.table_opened(page, block[-1].bbox[3], starts[0])


def _blocks_below(lines: list[Piece], limit: float) -> list[Piece]:
    """A cell's lines (sorted by top) of its blocks (`_text_blocks`) that start below
    `limit`, the bottom of the row's other cells: whatever the row's vertical alignment, a
    cell of it starts before the others have all ended."""
    if lines[-1].bbox[1] <= limit:  # most cells: no line starts below the limit
        return []
    return [p for b in _text_blocks(lines) if b[0].bbox[1] > limit for p in b]


def _text_blocks(pieces: list[Piece]) -> list[list[Piece]]:
    """Lines (sorted by top) in blocks: a line within a line of the one above
    (`_within_a_line`) goes on its block."""
    blocks: list[list[Piece]] = []
    for piece in pieces:
        extent = (piece.bbox[1], piece.bbox[3])
        last = blocks[-1][-1] if blocks else None
        if last is not None and _within_a_line((last.bbox[1], last.bbox[3]), extent):
            blocks[-1].append(piece)
        else:
            blocks.append([piece])
    return blocks


def _left_of(x0: float, name: str) -> Callable[[Line], bool]:
    """Accepts a line of another field than `name` that ends left of `x0`."""
    return lambda other: other.field != name and other.piece.bbox[2] <= x0


def _hangs_from_a_bullet(line: Line, flush: set[tuple[int, tuple]]) -> bool:
    """Whether an indented line continues a list item: the last line of its cell before it
    (in reading order, across a page break) that starts at the column's edge (`flush`: page
    and box) opens with a glyph that is no letter or digit (`✓`, `-`, `•`), its text hanging
    under the item's first word."""
    head = ""
    for piece in line.activity.provenance.get(line.field, []):
        if piece is line.piece:
            break
        if (piece.page, tuple(piece.bbox)) in flush:
            head = piece.text.lstrip()
    return bool(head) and not head[0].isalnum()


LEFT_SET_SHARE = 0.9
"""Share of a column's lines over the plan that must start at its left edge
(`ALIGN_TOLERANCE`) for the column to be set flush left (or justified): then every line of
it starts there."""


def indented_line_findings(context: ReviewContext) -> list[Finding]:
    """A line of a flush-left column (`LEFT_SET_SHARE` of its lines over the plan start at
    their section's left edge of it) starting more than an em right of that edge: its first
    words went to the cell beside it (justified cells a narrow gap apart: held-out HTML
    949-03, `trimestre de el` / `año 2023.`), unless it hangs under a list item's bullet
    (`_hangs_from_a_bullet`). The line's activity is doubted, and the cell beside it on the
    left (`_beside_findings`)."""
    names = [section.name for section in context.plan.sections]
    by_name: dict[str, list[Line]] = defaultdict(list)
    for (section_name, _), page_lines_ in context.lines.items():
        by_name[section_name] += page_lines_
    by_field: dict[str, dict[str, list[Line]]] = defaultdict(dict)  # in the plan's order
    for section_name in dict.fromkeys(names):
        for line in by_name.get(section_name, []):
            by_field[line.field].setdefault(section_name, []).append(line)
    findings = []
    for name, lines in by_field.items():
        findings += _indented_field_findings(context, name, lines, names)
    return findings


def _indented_field_findings(
    context: ReviewContext, name: str, lines: dict[str, list[Line]], names: list[str]
) -> list[Finding]:
    """`indented_line_findings` of one field, its `lines` per section name. A plan may
    repeat a section's name: each section counts (and is doubted on) every line of its name,
    so each name's lines are weighed by how many sections bear it, and each line is looked
    at once, not once per section (which made the check grow with sections x pages)."""
    weight = Counter(names)
    # How far right of its column's left edge (in its section's extents) each line starts.
    offsets = {
        section: [line.piece.bbox[0] - context.extents[section][name][0] for line in of_section]
        for section, of_section in lines.items()
    }
    edge = {
        (line.piece.page, tuple(line.piece.bbox))
        for section, of_section in lines.items()
        for line, offset in zip(of_section, offsets[section], strict=True)
        if abs(offset) <= ALIGN_TOLERANCE
    }
    placed = sum(weight[section] * len(of_section) for section, of_section in lines.items())
    flush = sum(
        weight[section] * sum(abs(offset) <= ALIGN_TOLERANCE for offset in offsets[section])
        for section in lines
    )
    if flush < LEFT_SET_SHARE * placed:
        return []
    flagged = {
        section: [
            finding
            for line, offset in zip(of_section, offsets[section], strict=True)
            for finding in _indented_findings(context, section, name, line, offset, edge)
        ]
        for section, of_section in lines.items()
    }
    return [finding.model_copy() for section in names for finding in flagged.get(section, [])]


def _indented_findings(
    context: ReviewContext,
    section: str,
    name: str,
    line: Line,
    offset: float,
    edge: set[tuple[int, tuple]],
) -> list[Finding]:
    """`indented_line_findings` of one line of field `name`, `offset` right of its column's
    left edge (none unless it starts more than an em right and hangs from no bullet)."""
    box = line.piece.bbox
    if offset <= box[3] - box[1] or _hangs_from_a_bullet(line, edge):
        return []
    return [
        _finding(
            "column_position",
            "warning",
            f"{name}: “{line.piece.text}” starts an em right of its column's left edge",
            section,
            line.activity,
            name,
            line.piece.page,
        ),
        *_beside_findings(
            "column_position",
            f"“{line.piece.text}” of {name} starts right of its column's edge",
            section,
            context.lines.get((section, line.piece.page), []),
            line.piece,
            _left_of(box[0], name),
        ),
    ]


def outdented_line_findings(context: ReviewContext) -> list[Finding]:
    """A line of a cell that starts more than an em left of its column's left edge (its
    section's extent) or of another line of its own cell, and holds a word starting at that
    edge (`ALIGN_TOLERANCE`; at a cell's own edge, a gutter before it, `_gutter_before`):
    the column's text starts inside the line, so the words before
    that word were printed in the cell on the left and the column bound cut that cell's line
    (fpdf held-out 2727 `01`: justified short words pushed to the responsible's right edge
    moved the bound into the responsible column, and `Paniamor- Programa` /
    `sensibilización` gave `Programa` to the indicator, with no other finding). A cell's
    own lines tell its edge where the section's do not: where the bound cut the cell on the
    left on most rows (a section that repeats one justified responsible, its 'de', 'y' in
    the indicator's lines), the median line of the column starts left of the column's text
    too (html held-out 3131 `00`, before the column finder saw that gutter: 'Cultura de
    formación.', its `de` where the cell's first line starts). Words before the edge that
    hold no letter (a bullet, a dash) may hang out of a column's text. The line's activity
    is doubted, and the cell beside it on the left (`_beside_findings`)."""
    findings = []
    for (section, page), lines in context.lines.items():
        cells: dict[tuple[int, str], list[float]] = defaultdict(list)
        for line in lines:
            cells[(id(line.activity), line.field)].append(line.piece.bbox[0])
        rightmost = {cell: max(lefts) for cell, lefts in cells.items()}  # a cell's latest start
        for line in lines:
            box = line.piece.bbox
            em = box[3] - box[1]
            column = context.extents[section][line.field][0]
            cell = (id(line.activity), line.field)
            # Most lines: at their column's edge and at their cell's, told without the list.
            if box[0] >= column - em and box[0] >= rightmost[cell] - em:
                continue
            own = [x for x in cells[cell] if box[0] < x - em]
            words = context.piece_words(line.piece)
            at = next(
                (
                    i
                    for i, w in enumerate(words)
                    if i > 0
                    and (
                        (box[0] < column - em and abs(w.x0 - column) <= ALIGN_TOLERANCE)
                        or (
                            any(abs(w.x0 - x) <= ALIGN_TOLERANCE for x in own)
                            and _gutter_before(words, i)
                        )
                    )
                ),
                None,
            )
            if at is None or not any(_has_letter(w.text) for w in words[:at]):
                continue
            findings += [
                _finding(
                    "column_position",
                    "warning",
                    f"{line.field}: “{line.piece.text}” starts left of its column's edge, "
                    f"where “{words[at].text}” starts: words of the cell beside it",
                    section,
                    line.activity,
                    line.field,
                    page,
                ),
                *_beside_findings(
                    "column_position",
                    f"a line of {line.field} beside it starts inside this cell's line",
                    section,
                    lines,
                    line.piece,
                    _left_of(box[0], line.field),
                ),
            ]
    return findings


def _gutter_before(words: list[Word], i: int) -> bool:
    """The gap before `words[i]` is no word space of its line: it differs from each other
    gap of the line by more than `GUTTER_SPACE_SLACK` (there is at least one). A line's
    word spaces are alike, a justified line's stretched by one amount; the gutter between
    two cells' words on one line is not one of them. A line of a cell whose continuation
    lines hang indented (a bullet list: 'el Código de Conducta' beside 'instituciones y',
    indented under '✓ Personal') may hold a word at that indent a word space on."""
    gaps = [b.x0 - a.x1 for a, b in pairwise(words)]
    before = gaps.pop(i - 1)
    return bool(gaps) and all(abs(before - gap) > GUTTER_SPACE_SLACK for gap in gaps)


GUTTER_SPACE_SLACK = 0.5
"""Points by which a gutter between two cells on one line differs from the line's word
spaces: its spaces are alike to a tenth of a point or so (glyph advances and a justified
line's one stretch), a gutter is a cell's padding apart (4 pt and more where its words are
one phrase with the next cell's)."""


HYPHEN_STEM = 3
"""Letters before a line-end hyphen for a word printed whole to count as a word (not 'e-')."""

RULE_TOLERANCE = 1.0
"""Points a line may overlap a rule it does not cross (boxes include the glyphs' bearings)."""

RULED_SHARE = 0.5
"""Share of vertically adjacent activities a page's rules part in a column for that column's
rows to count as ruled (box-only and horizontal-only layouts part none or all)."""


@dataclass(frozen=True)
class Rule:
    """A drawn vertical rule of a grid: where it stands and how far it runs."""

    x: float
    top: float
    bottom: float


@dataclass
class ColumnRules:
    """A grid's drawn vertical rules, in the grid's order (`rules`) and by position
    (`by_x`, `xs`: stable, so rules at one position keep that order), so that a line looks
    only at the rules beside it instead of every rule of the grid."""

    rules: list[Rule]
    by_x: list[Rule] = field(init=False)
    xs: list[float] = field(init=False)
    order: list[int] = field(init=False)
    """The place in `rules` of each rule of `by_x`."""

    def __post_init__(self) -> None:
        self.order = sorted(range(len(self.rules)), key=lambda i: self.rules[i].x)
        self.by_x = [self.rules[i] for i in self.order]
        self.xs = [rule.x for rule in self.by_x]

    def crossed(self, x0: float, x1: float, middle: float) -> list[float]:
        """Where the rules stand that run through height `middle` strictly between `x0`
        and `x1`, in the grid's order."""
        low, high = bisect_right(self.xs, x0), bisect_left(self.xs, x1)
        if low >= high:  # most lines: inside one column
            return []
        return [
            self.rules[i].x
            for i in sorted(self.order[low:high])
            if self.rules[i].top < middle < self.rules[i].bottom
        ]

    def column(self, bbox) -> tuple[float | None, float | None]:
        """The drawn column rules left and right of a line's middle (None where none is
        drawn): the nearest rule on each side that runs through the line's middle height."""
        x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
        split = bisect_right(self.xs, x)  # rules at x or left of it, then right of it
        left = right = None
        for i in range(split - 1, -1, -1):
            if self.by_x[i].top <= y <= self.by_x[i].bottom:
                left = self.by_x[i].x
                break
        for i in range(split, len(self.by_x)):
            if self.by_x[i].top <= y <= self.by_x[i].bottom:
                right = self.by_x[i].x
                break
        return left, right


def ruling_findings(context: ReviewContext) -> list[Finding]:
    """The generic table engine's drawn rules (independent of the plan's column model and row
    stitching) against the values: a line of a value that crosses a drawn column rule
    (`engine_cell`: text of two cells read as one), and two activities whose lines share a
    ruled cell, on a page where drawn rules part the column's other rows (`engine_cell`:
    one printed row read as two)."""
    findings = []
    for page_number, grids in enumerate(context.grids, start=1):
        names = [
            section.name
            for section in context.plan.sections
            if (section.name, page_number) in context.lines
        ]
        for grid in grids if names else []:
            edges = grid.drawn_edges()
            verticals = ColumnRules([Rule(e.x, e.top, e.bottom) for e in edges if not e.horizontal])
            horizontals = [e for e in edges if e.horizontal]
            drawn = [
                Edge(rule.start, rule.pos, rule.end, rule.pos)
                for rule in context.pages[page_number - 1].rules.horizontals
            ]
            by_name: dict[str, list[Finding]] = {}
            for name in names:
                if name not in by_name:
                    by_name[name] = _grid_findings(
                        name,
                        context.lines[(name, page_number)],
                        grid,
                        verticals,
                        RowRules(horizontals, drawn, partial(context.table_opened, page_number)),
                    )
                findings += [finding.model_copy() for finding in by_name[name]]
    return findings


@dataclass
class RowRules:
    """The horizontal rules a ruled cell's rows are judged by: the generic engine's grid
    edges, and every horizontal rule the reader found drawn on the page (`drawn`). The grid
    may keep a rule under one column only where the page draws it under every cell (held-
    out HTML 1029-05: the double border between two strategic actions, cell by cell, kept
    under the first column), and two rows a drawn rule parts are two cells whatever the
    grid kept."""

    grid: list[Edge]
    drawn: list[Edge]
    opened: Callable[[float, float], bool] = lambda _top, _bottom: False
    """Whether a table's header or title line stands between two heights of the page
    (`ReviewContext.table_opened`): two cells with one between them are rows of two tables."""


TABLE_OPENING_KINDS = frozenset({"column_header", *PREAMBLE_KINDS})
"""Furniture kinds printed where a table starts (its header row, the title rows above it). The
generic engine takes tables stacked on a page for one grid (one table per strategic action,
each boxed, the header's rule under it): the rules around a header part the last row of one
table from the first of the next, and say nothing about whether either table rules its rows
(held-out HTML 3131 `03` and `07`, box-only tables: each table's rows unruled, the pairs
across the headers parted, half the pairs parted in all)."""


def _grid_findings(
    section: str, lines: list[Line], grid: PageGrid, verticals: ColumnRules, rows: RowRules
) -> list[Finding]:
    """`ruling_findings` of one section's lines on one grid. Sections of one name (a plan
    repeating its sections) share their lines and so their findings: computed once per
    name, not once per section (each section's lines are those of its name on the page)."""
    inside = _inside_grid(lines, grid.bbox)
    return [
        *_crossing_findings(section, lines, verticals),
        *_shared_cell_findings(section, inside, rows),
        *_ruled_column_findings(section, lines, inside, verticals),
    ]


def _crossing_findings(section: str, lines: list[Line], verticals: ColumnRules) -> list[Finding]:
    findings = []
    doubted: set[tuple[str | None, str]] = set()
    for line in lines:
        x0, top, x1, bottom = line.piece.bbox
        crossed = verticals.crossed(x0 + RULE_TOLERANCE, x1 - RULE_TOLERANCE, (top + bottom) / 2)
        if not crossed:  # most lines: asked first, the doubted ones are few
            continue
        key = (line.activity.activity_id, line.field)
        if key in doubted:
            continue
        doubted.add(key)
        text = line.piece.text
        findings.append(
            _finding(
                "engine_cell",
                "warning",
                f"{line.field}: “{text}” crosses a column rule",
                section,
                line.activity,
                line.field,
                line.piece.page,
            )
        )
        findings += _beside_findings(
            "engine_cell",
            f"beside “{text}”, which crosses a column rule",
            section,
            lines,
            line.piece,
            _across_rule(line.piece, crossed[0]),
        )
    return findings


def _across_rule(piece: Piece, rule: float) -> Callable[[Line], bool]:
    """The lines across a crossed rule from most of a line: the line's smaller part is the
    text it took from (or gave to) the cell on that side."""
    if rule - piece.bbox[0] < piece.bbox[2] - rule:
        return lambda other: other.piece.bbox[2] <= rule + RULE_TOLERANCE
    return lambda other: other.piece.bbox[0] >= rule - RULE_TOLERANCE


def _ruled_column_findings(
    section: str, lines: list[Line], inside: list[Line], verticals: ColumnRules
) -> list[Finding]:
    """A line of a field printed between other column rules than most lines of that field
    in the same grid (a column bound read in the wrong place moves words across a rule)."""
    findings = []
    by_box: dict[tuple, tuple[float | None, float | None]] = {}  # a merged line recurs
    by_field: dict[str, list[tuple[Line, tuple[float | None, float | None]]]] = defaultdict(list)
    for line in inside:
        box = tuple(line.piece.bbox)
        if box not in by_box:
            by_box[box] = verticals.column(box)
        by_field[line.field].append((line, by_box[box]))

    for name in TEXT_FIELDS:
        of_field = by_field.get(name, [])
        counts = Counter(column for _, column in of_field if None not in column)
        if not counts:
            continue
        usual = counts.most_common(1)[0][0]
        for line, column in of_field:
            if None in column or _holds_column(column, usual):
                continue
            findings.append(
                _finding(
                    "engine_cell",
                    "warning",
                    f"{name}: “{line.piece.text}” is printed in another ruled column",
                    section,
                    line.activity,
                    name,
                    line.piece.page,
                )
            )
            findings += _beside_findings(
                "engine_cell",
                f"“{line.piece.text}” of {name} is printed in this cell's ruled column",
                section,
                lines,
                line.piece,
                _in_ruled_column(column, verticals),
            )
    return findings


def _holds_column(
    column: tuple[float | None, float | None], usual: tuple[float | None, float | None]
) -> bool:
    """Whether the drawn rules around a line hold the field's usual ruled column whole: the
    same column, or a wider one where a rule of it is not drawn beside this line (LibreOffice
    leaves out the left border of the first activity on a page where the merged cells to its
    left continue: held-out docx 2323 `06`, an exact row doubted). A missing rule moves no
    word; only rules that cut into the usual column are evidence of a misplaced line."""
    if column == usual:  # most lines: the same column, told without the bounds
        return True
    left, right = _open_bounds(column)
    usual_left, usual_right = _open_bounds(usual)
    return left <= usual_left + RULE_TOLERANCE and right >= usual_right - RULE_TOLERANCE


def _open_bounds(column: tuple[float | None, float | None]) -> tuple[float, float]:
    """A ruled column's bounds, a side with no rule drawn (None) open to infinity."""
    left, right = column
    return (-math.inf if left is None else left, math.inf if right is None else right)


def _in_ruled_column(column: tuple, verticals: ColumnRules) -> Callable[[Line], bool]:
    """Lines printed between the same drawn column rules as `column`."""
    return lambda line: verticals.column(line.piece.bbox) == column


def _of_field(name: str) -> Callable[[Line], bool]:
    return lambda line: line.field == name


RULE_IN_LINE_SHARE = 0.5
"""Share of a line's height by which a rule between two cells may lie inside the box of the
line next to it: a glyph box (the font's ascent and descent) overshoots the ink, and a cell
set without padding has its first line's box cross the rule above it; no rule runs through
a line's middle."""


def _parted(a: tuple, b: tuple, horizontals: list[Edge], reach: float = RULE_TOLERANCE) -> bool:
    """Whether a drawn horizontal rule runs between two vertical extents, under both lines,
    to `reach` into either."""
    (a_x0, a_top, a_x1, a_bottom), (b_x0, b_top, b_x1, b_bottom) = a, b
    upper_bottom, lower_top = min(a_bottom, b_bottom), max(a_top, b_top)
    x0, x1 = max(a_x0, b_x0), min(a_x1, b_x1)
    return any(
        upper_bottom - reach <= e.y <= lower_top + reach
        and e.x0 <= x0 + RULE_TOLERANCE
        and e.x1 >= x1 - RULE_TOLERANCE
        for e in horizontals
    )


def _inside_grid(lines: list[Line], area: BBox) -> list[Line]:
    """The lines whose box's middle lies in a grid's `area` (`PageGrid.bbox`)."""
    x0, top, x1, bottom = area
    return [
        line
        for line in lines
        if x0 <= (line.piece.bbox[0] + line.piece.bbox[2]) / 2 <= x1
        and top <= (line.piece.bbox[1] + line.piece.bbox[3]) / 2 <= bottom
    ]


def _shared_cell_findings(section: str, inside: list[Line], rules: RowRules) -> list[Finding]:
    """Only rows of one table inside one grid count: a box-only table draws no rule between
    its rows, and the rules between two tables say nothing about the rows of either (two
    cells with a header or title line between them, `RowRules.opened`, are of two tables,
    whether or not the engine took the tables for one grid). The grid's rules
    tell whether the column's rows are ruled; a pair of rows the page draws a rule between
    (`RowRules.drawn`) is parted even where the grid lost that rule."""
    horizontals = rules.grid
    findings = []
    by_field: dict[str, list[Line]] = defaultdict(list)
    for line in inside:
        by_field[line.field].append(line)
    for name in ROW_FIELDS:
        pieces: dict[str | None, list[Piece]] = defaultdict(list)
        owners: dict[str | None, Activity] = {}
        for line in by_field.get(name, []):
            pieces[line.activity.activity_id].append(line.piece)
            owners[line.activity.activity_id] = line.activity
        cells = [
            (
                owners[key],
                (
                    min(p.bbox[0] for p in group),
                    min(p.bbox[1] for p in group),
                    max(p.bbox[2] for p in group),
                    max(p.bbox[3] for p in group),
                ),
            )
            for key, group in pieces.items()
        ]
        cells.sort(key=lambda item: item[1][1])
        pairs = [(a, b) for a, b in pairwise(cells) if not rules.opened(a[1][3], b[1][1])]
        height = min((p.bbox[3] - p.bbox[1] for group in pieces.values() for p in group), default=0)
        reach = max(RULE_TOLERANCE, RULE_IN_LINE_SHARE * height)
        parted = [_parted(a[1], b[1], horizontals, reach) for a, b in pairs]
        if not pairs or sum(parted) < RULED_SHARE * len(pairs):
            continue
        for ((first, a), (second, b)), apart in zip(pairs, parted, strict=True):
            if apart or _parted(a, b, rules.drawn, reach):
                continue
            for activity in (first, second):
                findings.append(
                    _finding(
                        "engine_cell",
                        "warning",
                        f"{name}: two activities read from one ruled cell",
                        section,
                        activity,
                        name,
                        inside[0].piece.page,
                    )
                )
    return findings


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _column_extents(section: Section) -> dict[str, tuple[float, float]]:
    """Per text field, the x extent of its lines across the section (robust quantiles). A
    column's right end is measured over its lines that stop short of the next column's text
    (its left edge, the more robust end, plus `COLUMN_OVERLAP` ems), when any do: a line
    reaching into the next column is out of place, and where a moved bound gave many lines
    words of the next column (a tenth of a small section's lines, held-out HTML and WeasyPrint
    3131 `08`: a target cell ending `…mapeo de Documentos`) they widened the column into
    its neighbour, and every correct line of the neighbour 'reached' into it."""
    lines: dict[str, list] = defaultdict(list)
    for activity in section.activities:
        for name in TEXT_FIELDS:
            lines[name].extend(activity.provenance.get(name, []))
    lefts = {
        name: _quantile([p.bbox[0] for p in pieces], COLUMN_LEFT_QUANTILE)
        for name, pieces in lines.items()
        if pieces
    }
    extents = {}
    for name, left in lefts.items():
        ends = [p.bbox[2] for p in lines[name]]
        after = [x0 for x0 in lefts.values() if x0 > left]
        if after:
            nearest = min(after)
            short = [
                p.bbox[2]
                for p in lines[name]
                if p.bbox[2] - nearest <= COLUMN_OVERLAP * (p.bbox[3] - p.bbox[1])
            ]
            ends = short or ends
        extents[name] = (left, _quantile(ends, 1 - COLUMN_QUANTILE))
    return extents


def _reached_column(name: str, bbox, extents, apart: frozenset[str] = frozenset()) -> str | None:
    """The first other column whose text extent the line reaches more than
    `COLUMN_OVERLAP` ems into. A line inside its own column's extent, where that column
    overlaps no other (`apart`: `_columns_apart`), reaches into none: no other is looked at."""
    left, right = bbox[0], bbox[2]
    reach = COLUMN_OVERLAP * (bbox[3] - bbox[1])
    if name in apart and reach >= 0 and extents[name][0] <= left and right <= extents[name][1]:
        return None
    for other, (x0, x1) in extents.items():
        # the overlap of the two extents, written out: this runs for every line of a plan
        if other != name and (x1 if x1 < right else right) - (x0 if x0 > left else left) > reach:
            return other
    return None


def _columns_apart(extents: dict[str, tuple[float, float]]) -> frozenset[str]:
    """The columns whose text extent overlaps no other column's (adjacent columns' texts
    never do: a gutter parts them)."""
    return frozenset(
        name
        for name, (a0, a1) in extents.items()
        if all(
            min(a1, x1) - max(a0, x0) <= 0 for other, (x0, x1) in extents.items() if other != name
        )
    )


def _column_findings(
    context: ReviewContext,
    section: Section,
    activity: Activity,
    extents,
    reached: dict,
    apart: frozenset[str],
) -> list[Finding]:
    """`reached` memoises `_reached_column` per (field, page, box) over the section; `apart`
    is `_columns_apart` of the section's `extents`."""
    findings = []
    for name in TEXT_FIELDS:
        for piece in activity.provenance.get(name, []):
            key = (name, piece.page, tuple(piece.bbox))
            if key not in reached:
                reached[key] = _reached_column(name, piece.bbox, extents, apart)
            other = reached[key]
            if other is None:
                continue
            findings.append(
                _finding(
                    "column_position",
                    "warning",
                    f"{name}: “{piece.text}” reaches into the {other} column",
                    section.name,
                    activity,
                    name,
                    piece.page,
                )
            )
            findings += _beside_findings(
                "column_position",
                f"“{piece.text}” of {name} reaches into this column",
                section.name,
                context.lines.get((section.name, piece.page), []),
                piece,
                _of_field(other),
            )
    return findings


def _beside_findings(
    check: str,
    message: str,
    section: str,
    lines: list[Line],
    piece: Piece,
    accept: Callable[[Line], bool],
) -> list[Finding]:
    """A line printed across a column boundary took words from, or gave words to, the cell
    printed beside it: that cell is doubted too, on every activity that carries it (a merged
    cell is in several). The cell is the nearest of the page's `lines` (of another cell)
    that `accept`s (a side of a rule, a named column), on the line's own height if one is
    there, else within one line height."""
    em = piece.bbox[3] - piece.bbox[1]
    middle = (piece.bbox[1] + piece.bbox[3]) / 2
    near = []
    for line in lines:
        box = line.piece.bbox
        if box == piece.bbox or not accept(line):
            continue
        dy = max(0.0, box[1] - middle, middle - box[3])
        dx = max(0.0, box[0] - piece.bbox[2], piece.bbox[0] - box[2])
        if dy <= em:
            near.append(((dy > 0, dx), tuple(box), line))
    if not near:
        return []
    nearest = min(near, key=lambda n: n[0])[1]
    return [
        _finding(
            check,
            "warning",
            f"{line.field}: {message}",
            section,
            line.activity,
            line.field,
            piece.page,
        )
        for _, box, line in near
        if box == nearest
    ]


def _empty_cell_findings(
    context: ReviewContext, section: Section, activity: Activity, extents
) -> list[Finding]:
    findings = []
    rows = context.row_extents(activity)
    for name in ROW_FIELDS:
        if getattr(activity, name) or name not in extents:
            continue
        x0, x1 = extents[name]
        for page, (top, bottom) in rows.items():
            words = [w for w in context.words_between(page, top, bottom) if x0 <= w.xmid <= x1]
            if words:
                findings.append(
                    _finding(
                        "empty_cell",
                        "warning",
                        f"{name} is empty but its column prints "
                        + _quote([w.text for w in words])
                        + " in this row",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
                break
    return findings


def doubtful(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that make a document `needs_review`."""
    return [f for f in findings if f.severity in NEEDS_REVIEW_SEVERITIES]


def review_line(review: Review) -> str:
    """`needs review: N findings (first: …)`, the one line `extract` prints for a doubtful
    file; empty for a file that is ok."""
    shown = doubtful(review.findings)
    if review.status == "ok" or not shown:
        return ""
    first = shown[0]
    where = f"page {first.page}, " if first.page is not None else ""
    return f"needs review: {len(shown)} findings (first: {where}{first.check}: {first.message})"


def activity_checks(review: Review) -> tuple[dict[str, list[str]], list[str]]:
    """The checks (warning or error) that fired on each activity id, and those that name no
    activity (a doubt that cannot be located concerns every activity)."""
    per_activity: dict[str, list[str]] = defaultdict(list)
    unlocated: list[str] = []
    for finding in doubtful(review.findings):
        target = per_activity[finding.activity_id] if finding.activity_id else unlocated
        if finding.check not in target:
            target.append(finding.check)
    return dict(per_activity), unlocated


def review_brief(review: Review) -> dict[str, object]:
    """A plan's review as the diff and transcription reports carry it: its status and how
    many findings make it doubtful."""
    return {"status": review.status, "findings": len(doubtful(review.findings))}


def review_warning(sides: dict[str, Review]) -> str:
    """The sentence a comparison adds when a side needs review: a difference may then be an
    extraction error rather than a change. Empty when every side is ok."""
    doubted = [
        f"{name} needs review ({len(doubtful(r.findings))} findings)"
        for name, r in sides.items()
        if r.status != "ok"
    ]
    if not doubted:
        return ""
    return "; ".join(doubted) + ": a difference may be an extraction error"


def review_markdown(plan: Plan) -> str:
    """`<stem>.review.md`: the findings grouped by section, each with its page, activity and
    the printed text it quotes, so that a person can check them against the PDF."""
    review = plan.review
    lines = [f"# Review of {plan.source or 'the plan'}: {review.status}", ""]
    shown = doubtful(review.findings)
    lines.append(
        f"{len(shown)} findings make it doubtful (warning or error); "
        f"{len(review.notes)} notes are for information."
        if shown
        else "No finding makes it doubtful."
    )
    numbers = {a.activity_id: a.activity_number for _, a in plan.activities()}
    groups: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in [*review.findings, *review.notes]:
        groups[finding.section].append(finding)
    for section in [*[s.name for s in plan.sections], None]:
        if section not in groups:
            continue
        lines += ["", f"## {section or 'Whole document'}", ""]
        for f in sorted(groups.pop(section), key=lambda f: (f.page or 0, f.activity_id or "")):
            where = [f"page {f.page}" if f.page is not None else "", f.field or ""]
            if f.activity_id:
                number = numbers.get(f.activity_id)
                where.insert(0, f"activity {number}" if number else f"`{f.activity_id}`")
            place = ", ".join(w for w in where if w)
            lines.append(f"- **{f.severity}** `{f.check}` ({place}): {f.message}")
    for section, findings in groups.items():  # sections the plan no longer names
        lines += ["", f"## {section}", ""]
        lines += [f"- **{f.severity}** `{f.check}`: {f.message}" for f in findings]
    return "\n".join(lines) + "\n"


UNSETTLED_CHECKS = frozenset({UNDECIDED_LINE_END})
"""Checks whose `info` findings are doubts nothing can settle, on a named activity's field:
a hyphen line end the producer wrote no space at and the language cannot read
('Paniamor-' / 'Programa': the plans print that compound both ways). They stay `info`
(an exact document is not sent to review for them) but are listed among the findings, on
the activity and field, so that a consumer checking values sees where the doubt lies."""


def _unsettled(finding: Finding) -> bool:
    return (
        finding.check in UNSETTLED_CHECKS
        and finding.activity_id is not None
        and finding.field is not None
    )


def review_status(findings: Iterable[Finding]) -> Review:
    """Doubts (warning, error) in `findings` decide the status; `info` goes to `notes`, but
    for the doubts nothing can settle (`UNSETTLED_CHECKS`), which stay among the findings."""
    findings = list(findings)
    doubts = [f for f in findings if f.severity in NEEDS_REVIEW_SEVERITIES or _unsettled(f)]
    notes = [f for f in findings if f.severity not in NEEDS_REVIEW_SEVERITIES and not _unsettled(f)]
    status = "needs_review" if doubtful(doubts) else "ok"
    return Review(status=status, findings=doubts, notes=notes)


def review_plan(
    plan: Plan, content: PdfContent, grids: list[list[PageGrid]] | None = None
) -> Review:
    """All checks over an extracted (and enriched) plan and the content it was read from.
    Findings a stage already put in `plan.review.findings` (doubts it could not resolve, such
    as an undecidable line end) are kept."""
    heights = PagesByHeight(content.pages)  # one index of the words for every check
    account = account_words(plan, content.pages, heights)
    context = review_context(plan, content.pages, content.line_end_spaces, grids, heights)
    account.misplaced = table_rows_in_furniture(context)
    findings = [
        *settled_line_ends(context, plan.review.findings),
        *read_problem_findings(content.problems),
        *unbacked_stamp_findings(plan, content),
        *accounting_findings(account),
        *located_word_findings(context, account),
        *row_heading_findings(context, account.misplaced),
        *header_word_findings(context),
        *past_table_findings(context, account.misplaced),
        *running_line_findings(context),
        *title_in_cell_findings(context),
        *overprinted_findings(context),
        *preamble_on_a_line_findings(context),
        *numbering_findings(plan),
        *text_findings(context),
        *repeated_cell_findings(plan),
        *line_end_findings(context),
        *unprinted_compound_findings(context, plan.review.findings),
        *inner_split_findings(context),
        *placement_findings(context),
        *row_between_cells_findings(context),
        *parent_block_findings(context),
        *indented_line_findings(context),
        *outdented_line_findings(context),
        *ruling_findings(context),
    ]
    review = review_status([*findings, *shared_cell_findings(plan, findings)])
    review.words = account.counts()
    return review


def shared_cell_findings(plan: Plan, findings: list[Finding]) -> list[Finding]:
    """A doubt about one activity's merged cell (strategic action, objective) is a doubt
    about every activity that carries the same printed lines read as the same value: each
    gets the finding too."""
    owners: dict[tuple, list[Activity]] = defaultdict(list)
    by_id: dict[str | None, Activity] = {}
    for section, activity in plan.activities():
        by_id[activity.activity_id] = activity
        for name in SPANNING_FIELDS:
            for piece in activity.provenance.get(name, []):
                owners[(section.name, name, piece.page, tuple(piece.bbox))].append(activity)
    shared = []
    known = {(f.activity_id, f.check, f.field, f.page, f.message) for f in findings}
    for finding in findings:
        doubted = by_id.get(finding.activity_id)
        if doubted is None or finding.field not in SPANNING_FIELDS:
            continue
        others = {
            other.activity_id: other
            for piece in doubted.provenance.get(finding.field, [])
            for other in owners[(finding.section, finding.field, piece.page, tuple(piece.bbox))]
            if other is not doubted
            and getattr(other, finding.field) == getattr(doubted, finding.field)
        }
        number = doubted.activity_number or doubted.activity_id
        for other_id in others:
            key = (other_id, finding.check, finding.field, finding.page, finding.message)
            if key in known:  # the same doubt is already the other activity's own
                continue
            known.add(key)
            shared.append(
                finding.model_copy(
                    update={
                        "activity_id": other_id,
                        "message": f"{finding.message} (a merged cell shared with activity "
                        f"{number})",
                    }
                )
            )
    return shared
