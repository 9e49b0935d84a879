"""Stage `review`: does the output deserve trust? Each check looks at evidence independent of
the stage that produced a value (the words read, where they are printed, the document's own
vocabulary, the numbering) and yields `Finding`s; `review_plan` gathers them into the plan's
`Review` (`needs_review` exactly when a finding of severity warning or error exists).

Checks (docs/review.md describes each, with what it catches and its measured recall):
`read_problem`, `unbacked_stamp`, `word_accounting`, `unassigned`, `numbering`, `cut_text`,
`starts_mid_sentence`, `glued_words`, `split_word`, `empty_activity`, `empty_cell`,
`misplaced_piece`, `column_position`. Source anomalies really printed (a duplicated number, a
stale year, an empty cell with nothing printed in it) are `plan-extract audit`'s business and
never fire here."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise

from plan_extract.geometry import BBox
from plan_extract.models import (
    CONTRACT_FIELDS,
    TEXT_FIELDS,
    Activity,
    Finding,
    Plan,
    Review,
    Section,
    Severity,
)
from plan_extract.pdf.reader import PageContent, PdfContent, ReadProblem, Word
from plan_extract.pdf.text import group_lines
from plan_extract.tables.page_grid import Edge, PageGrid

PIECE_TOLERANCE = 0.5
"""Points a word's box may stick out of the provenance line it is matched to (boxes are
rounded to 0.01 pt, a line's box is its words' union)."""

LINE_BIN = 6.0
"""Points: provenance lines are indexed by the bands of this height they cross, so that a word
is compared only with the lines at its height."""

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
class WordAccount:
    """Where the words read ended up: `placed` counts them per kind of place (`field`,
    `unassigned`, and each furniture kind); `lost` were found in no place, `doubled` in more
    than one (two different cells, or a cell and the furniture)."""

    read: int = 0
    placed: Counter[str] = field(default_factory=Counter)
    lost: list[Word] = field(default_factory=list)
    doubled: list[tuple[Word, list[str]]] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.lost and not self.doubled and sum(self.placed.values()) == self.read

    def counts(self) -> dict[str, int]:
        """`Review.words`: read, each place, lost and doubled."""
        return {
            "read": self.read,
            **dict(sorted(self.placed.items())),
            "lost": len(self.lost),
            "doubled": len(self.doubled),
        }


def _word_key(page: int, bbox, text: str) -> WordKey:
    return (page, tuple(round(v, 2) for v in bbox), text)


def account_words(plan: Plan, pages: list[PageContent]) -> WordAccount:
    """Every word read, looked up in the output: in a contract field's provenance (a printed
    line whose box holds it and whose text has it; the same line repeated in several
    activities' merged cells is one place), in `furniture`, or in `unassigned`. Independent of
    the stages: it sees only the words read and the output."""
    records: dict[WordKey, list[str]] = defaultdict(list)
    for record in plan.furniture:
        records[_word_key(record.page, record.bbox, record.text)].append(record.kind)
    for word in plan.unassigned:
        records[_word_key(word.page, word.bbox, word.text)].append("unassigned")
    places_by_line: set[tuple] = set()
    for section, activity in plan.activities():
        for name, pieces in activity.provenance.items():
            for piece in pieces:
                places_by_line.add((section.name, name, piece.page, tuple(piece.bbox), piece.text))
    lines: dict[tuple[int, int], list[tuple]] = defaultdict(list)  # (page, y bin) → lines
    for place in places_by_line:
        _, _, page, bbox, _ = place
        for y_bin in range(int(bbox[1] // LINE_BIN), int(bbox[3] // LINE_BIN) + 1):
            lines[(page, y_bin)].append(place)
    account = WordAccount()
    used: Counter[WordKey] = Counter()
    for page in pages:
        for read_word in page.words:
            account.read += 1
            places = _places(read_word, records, used, lines)
            if not places:
                account.lost.append(read_word)
            elif len(places) > 1:
                account.doubled.append((read_word, places))
            else:
                account.placed[places[0]] += 1
    return account


def _places(word: Word, records, used: Counter, lines) -> list[str]:
    """The places one word was found in: a word-level record (each record takes one word of
    its page, box and text) and every provenance line at its height that holds it."""
    key = _word_key(word.page, word.bbox, word.text)
    places = []
    kinds = records.get(key, [])
    if used[key] < len(kinds):
        places.append(kinds[used[key]])
        used[key] += 1
    places += [
        "field"
        for place in lines.get((word.page, int(word.ymid // LINE_BIN)), [])
        if _inside(word, place[3]) and word.text in place[4].split(" ")
    ]
    return places


def _inside(word: Word, bbox) -> bool:
    x0, top, x1, bottom = bbox
    t = PIECE_TOLERANCE
    return (
        word.x0 >= x0 - t
        and word.x1 <= x1 + t
        and word.top >= top - t
        and word.bottom <= bottom + t
    )


def accounting_findings(account: WordAccount) -> list[Finding]:
    """A word read but found nowhere in the output, or in two places, is an `error`: the
    promise that nothing is lost is broken (one finding per page)."""
    findings = []
    lost: dict[int, list[str]] = defaultdict(list)
    for word in account.lost:
        lost[word.page].append(word.text)
    for page, texts in sorted(lost.items()):
        findings.append(
            Finding(
                check="word_accounting",
                severity="error",
                page=page,
                message=f"{len(texts)} words read but in no field, furniture or unassigned: "
                + _quote(texts),
            )
        )
    doubled: dict[int, list[str]] = defaultdict(list)
    for word, _ in account.doubled:
        doubled[word.page].append(word.text)
    for page, texts in sorted(doubled.items()):
        findings.append(
            Finding(
                check="word_accounting",
                severity="error",
                page=page,
                message=f"{len(texts)} words in more than one place: " + _quote(texts),
            )
        )
    return findings


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
"""A column's text extent runs from this quantile of its lines' left edges to the opposite
quantile of their right edges, so that a few misplaced lines do not widen it."""

MARGIN_BAND = (0.2, 0.88)
"""Share of the page height above (below) which an unplaced line sits in the top (bottom)
margin, where a running header or footer the furniture stage did not recognise is printed
(the same bands the furniture stage searches)."""

INSIDE_TABLE_REASONS = (
    "outside every column",
    "spanning cell",
    "is not in the vocabulary",
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
    line_ends: dict[tuple[int, float, str], Word] = field(default_factory=dict)
    """Every word by (page, right edge, text): the last word of a provenance line."""
    bigrams: frozenset[tuple[str, str]] = frozenset()
    """Keys of two words printed next to each other on one line."""
    grids: list[list[PageGrid]] = field(default_factory=list)
    """Each page's ruled tables as the generic table engine found them (`tables.finder`)."""
    line_end_spaces: bool = True
    """The producer writes a space where a line wraps between words (`PdfContent`): a line
    end without one is then the PDF's own evidence of a word broken there."""
    run_interior: frozenset[str] = frozenset()
    """Keys of words printed between two others within one run of a line (`_runs`: cells side
    by side parted): a stricter `interior`, where a cell's line-end word never counts."""

    def whole(self, key: str) -> bool:
        """A word the document prints whole: between two others on a line, and (a single
        letter) a Spanish one-letter word."""
        return key in self.interior and (len(key) > 1 or key in connectors())

    def whole_in_a_cell(self, key: str) -> bool:
        """`whole`, counting only words between two others of the same cell line: the
        evidence a glued join needs (a cell's line-end piece of a broken word sits between
        other cells' words on the page-wide line)."""
        return self.whole(key) and key in self.run_interior

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


def review_context(
    plan: Plan,
    pages: list[PageContent],
    line_end_spaces: bool = True,
    grids: list[list[PageGrid]] | None = None,
) -> ReviewContext:
    bands: dict[int, list[Band]] = defaultdict(list)
    for section, activity in plan.activities():
        for page, (top, bottom) in _row_extents(activity).items():
            bands[page].append(Band(section.name, activity.activity_id, page, top, bottom))
    interior: set[str] = set()
    printed: set[str] = set()
    ends: dict[tuple[int, float, str], Word] = {}
    bigrams: set[tuple[str, str]] = set()
    run_interior: set[str] = set()
    for content_page in pages:
        for line in group_lines(content_page.words):
            printed.update(_key(w.text) for w in line)
            interior.update(_key(w.text) for w in line[1:-1])
            bigrams.update((_key(a.text), _key(b.text)) for a, b in pairwise(line))
            run_interior.update(_key(w.text) for run in _runs(line) for w in run[1:-1])
        ends.update(((w.page, w.bbox[2], w.text), w) for w in content_page.words)
    return ReviewContext(
        plan,
        pages,
        dict(bands),
        frozenset(interior),
        frozenset(printed),
        ends,
        frozenset(bigrams),
        grids or [],
        line_end_spaces,
        frozenset(run_interior),
    )


def _row_extents(activity: Activity, skip: str | None = None) -> dict[int, tuple[float, float]]:
    """Per page, the vertical extent of the activity's row-level pieces (but `skip`'s)."""
    extents: dict[int, tuple[float, float]] = {}
    for name in ROW_FIELDS:
        if name == skip:
            continue
        for piece in activity.provenance.get(name, []):
            top, bottom = extents.get(piece.page, (piece.bbox[1], piece.bbox[3]))
            extents[piece.page] = (min(top, piece.bbox[1]), max(bottom, piece.bbox[3]))
    return extents


RUN_GAP_EM = 1.0
"""A gap wider than this many ems parts a page line into runs (cells side by side): a word at
a cell's line end is no interior word of the page-wide line it shares a height with."""


def _runs(line: list[Word]) -> list[list[Word]]:
    """A page line cut where the gap between two words exceeds `RUN_GAP_EM`."""
    runs: list[list[Word]] = [[]]
    for before, word in zip([None, *line], line, strict=False):
        if before is not None and word.x0 - before.x1 > RUN_GAP_EM * max(word.size, 1.0):
            runs.append([])
        runs[-1].append(word)
    return [run for run in runs if run]


def _key(text: str) -> str:
    return text.strip(".,;:()[]«»“”\"'‘’¿?¡!").casefold()


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
    row band they sit in: an inside-table word is table text no field took (`warning`), as is
    any other unassigned word except a line in the page's top or bottom margin (`info`: a
    running header or footer printed once)."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for lost in account.lost:
        band = context.locate(lost.page, lost.top, lost.bottom)
        if band is not None:
            groups[("word_accounting", "error", band, lost.page, "in no place")].append(lost.text)
    heights = {page.number: page.height for page in context.pages}
    for word in context.plan.unassigned:
        band = context.locate(word.page, word.bbox[1], word.bbox[3])
        inside = any(r in word.reason for r in INSIDE_TABLE_REASONS)
        height = heights.get(word.page)
        in_margin = height is not None and not (
            MARGIN_BAND[0] * height <= word.bbox[1] and word.bbox[3] <= MARGIN_BAND[1] * height
        )
        severity = "warning" if inside or not in_margin else "info"
        groups[("unassigned", severity, band, word.page, word.reason)].append(word.text)
    findings = []
    for (check, severity, band, page, reason), texts in groups.items():
        findings.append(
            Finding(
                check=check,
                severity=severity,
                section=band.section if band else None,
                activity_id=band.activity_id if band else None,
                page=page,
                message=f"{len(texts)} words {reason}: {_quote(texts)}",
            )
        )
    return findings


# --- numbering ----------------------------------------------------------------------------------


def _parts(number: str | None) -> tuple[int, ...] | None:
    if not number:
        return None
    try:
        return tuple(int(p) for p in number.split("."))
    except ValueError:
        return None


def numbering_findings(plan: Plan) -> list[Finding]:
    """An activity's number under its objective's, an objective's under its action's, and
    within a section no number smaller than the one before (a repeated number is a source
    anomaly, left to the audit; so is a gap)."""
    findings = []
    for section in plan.sections:
        previous: dict[str, tuple[int, ...]] = {}
        for activity in section.activities:
            action = _parts(activity.strategic_action_number)
            objective = _parts(activity.objective_number)
            number = _parts(activity.activity_number)
            page = _first_page(activity)
            for child, parent, name in (
                (objective, action, "objective_number"),
                (number, objective, "activity_number"),
            ):
                if child is not None and parent is not None and child[: len(parent)] != parent:
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
    data = json.loads(resources.files("plan_extract.data").joinpath("review_es.json").read_text())
    return frozenset(data["connectors"])


def text_findings(context: ReviewContext) -> list[Finding]:
    """A value that ends with a connector word or a hyphen (cut before its sentence ended:
    a merged cell cut at a page break, a row split in two), a row cell that starts with a
    lower-case letter (the rest of a cut row; an activity cell counts only without a printed
    number of its own: an author may start it in lower case after the number), an empty
    activity text."""
    findings = []
    for section, activity in context.plan.activities():
        for name in TEXT_FIELDS:
            value = (getattr(activity, name) or "").strip()
            page = _first_page(activity, (name,))
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
                if name in SPANNING_FIELDS and _section_fills(section, name):
                    findings.append(
                        _finding(
                            "empty_cell",
                            "warning",
                            f"{name} is empty; most activities of the section have one",
                            section.name,
                            activity,
                            name,
                            _first_page(activity),
                        )
                    )
                continue
            last = value.split()[-1]
            if (_key(last) in connectors() and last[-1].isalpha()) or last.endswith("-"):
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
            own_number = name != "activity" or activity.activity_number is None
            if name in ROW_FIELDS and value[0].islower() and own_number:
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


SPAN_FILLED = 0.75
"""Share of a section's activities with a strategic action (objective) above which one
without is doubted: a merged cell covers every row of a plan."""


def _section_fills(section: Section, name: str) -> bool:
    filled = [bool(getattr(a, name)) for a in section.activities]
    return sum(filled) >= SPAN_FILLED * len(filled) > 0


HYPHEN_LINE_END_SEVERITY: Severity = "info"
"""A hyphen at a line end with no space written ('Paniamor-' / 'Programa') is kept as an `info`
finding, not a warning: the plans print the same compound both ways ('Paniamor- Programa' and
'Paniamor-Programa' in one document), so no evidence in the PDF decides it, and a warning
would put every exact document with such a line end under review (docs/review.md)."""


def line_end_findings(context: ReviewContext) -> list[Finding]:
    """Where a value joins two printed lines, judge the join by evidence the joining did not
    weigh the same way. A producer that writes spaces at line ends says itself that a space
    followed the line's last word: the value must not glue it to the next. Otherwise the
    document's own vocabulary judges: two words glued into one that the document never
    prints, while it prints each half whole (`glued_words`), or a space put inside a word
    the document prints whole, one of whose halves it never prints whole (`split_word`)."""
    findings = []
    split_at_line_end: set[tuple[str | None, str]] = set()
    for section, activity in context.plan.activities():
        for name, pieces in activity.provenance.items():
            value = getattr(activity, name, None) or ""
            for before, after in pairwise(pieces):
                last = before.text.split(" ")[-1]
                first = after.text.split(" ")[0]
                if not last or not first:
                    continue
                check = _join_verdict(context, before, last, first, value)
                if check is None:
                    continue
                split_at_line_end.add((activity.activity_id, name))
                shown = last + first if check == "glued_words" else f"{last} {first}"
                findings.append(
                    _finding(
                        check,
                        HYPHEN_LINE_END_SEVERITY if last.endswith("-") else "warning",
                        f"{name}: “{shown}” joins the lines “…{before.text[-40:]}” and "
                        f"“{after.text[:40]}…”",
                        section.name,
                        activity,
                        name,
                        after.page,
                    )
                )
    return findings


def inner_split_findings(context: ReviewContext) -> list[Finding]:
    """Two neighbouring words of a value that the document prints elsewhere as one word,
    one of them never printed whole (`split_word`: 'Progra ma' where it prints 'Programa'; a
    reader may part a word at a wide gap inside a line)."""
    findings = []
    for section, activity in context.plan.activities():
        for name in TEXT_FIELDS:
            tokens = (getattr(activity, name) or "").split()
            for a, b in pairwise(tokens):
                glued = _key(a + b)
                if not (_has_letter(_key(a)) and _has_letter(_key(b))):
                    continue
                if context.whole(glued) and not (context.whole(_key(a)) and context.whole(_key(b))):
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
                    break
    return findings


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _join_verdict(context: ReviewContext, before, last: str, first: str, value: str):
    glued, parted = last + first, f"{last} {first}"
    is_glued = glued in value and parted not in value
    is_parted = parted in value and glued not in value
    slash = "/" in (last[-1], first[0])  # 'observadores/' 'as': a slash binds, no space
    if (
        is_parted
        and not slash
        and _has_letter(_key(last))
        and _has_letter(_key(first))
        and context.whole(_key(glued))
        and not (context.whole(_key(last)) and context.whole(_key(first)))
    ):
        return "split_word"  # whatever the spaces say: 'Progra ma' beside 'Programa'
    if context.line_end_spaces:
        if slash:
            return None
        word = context.line_ends.get((before.page, round(before.bbox[2], 2), last))
        if word is None or word.space_after is None:
            return None
        # A space written after the line's last word parts two words. None written is no
        # evidence by itself (a hard return inside the cell writes none; LibreOffice drops
        # the space that does not fit before the cell edge): the vocabulary rule below judges.
        if is_glued and word.space_after:
            return "glued_words"
    if slash:  # '… observadores' '/as …' parted: a slash opens no word
        return "split_word" if is_parted and first.startswith("/") else None
    if not is_glued or _key(glued) in context.printed:
        return None
    if last.endswith("-"):
        # After a hyphen the join is the producer's convention ('e-' 'learning'): the same
        # two words printed apart on one line elsewhere say it was a space, or a word of
        # HYPHEN_STEM letters or more before the hyphen that the document prints whole.
        apart = (_key(last), _key(first)) in context.bigrams
        stem = sum(ch.isalpha() for ch in last) >= HYPHEN_STEM
        whole = (
            stem and context.whole_in_a_cell(_key(last)) and context.whole_in_a_cell(_key(first))
        )
        return "glued_words" if apart or whole else None
    if context.whole_in_a_cell(_key(last)) and context.whole_in_a_cell(_key(first)):
        return "glued_words"
    return None


# --- geometry: pieces in another row or column -------------------------------------------------


def placement_findings(context: ReviewContext) -> list[Finding]:
    """A row cell's line printed in another activity's row band (`misplaced_piece`: flagged
    on both activities), a line reaching into a neighbouring column's text extent
    (`column_position`), and an empty cell whose column holds printed words in the row's band
    (`empty_cell`; an empty cell with nothing printed in it is a source fact)."""
    findings = []
    by_id = {a.activity_id: (s, a) for s, a in context.plan.activities()}
    for section in context.plan.sections:
        extents = _column_extents(section)
        for activity in section.activities:
            for name in ROW_FIELDS:
                pieces = activity.provenance.get(name, [])
                own = _row_extents(activity, skip=name)
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
            findings += _column_findings(section, activity, extents)
            findings += _empty_cell_findings(context, section, activity, extents)
    return findings


HYPHEN_STEM = 3
"""Letters before a line-end hyphen for a word printed whole to count as a word (not 'e-')."""

RULE_TOLERANCE = 1.0
"""Points a line may overlap a rule it does not cross (boxes include the glyphs' bearings)."""

RULED_SHARE = 0.5
"""Share of vertically adjacent activities a page's rules part in a column for that column's
rows to count as ruled (box-only and horizontal-only layouts part none or all)."""


def ruling_findings(context: ReviewContext) -> list[Finding]:
    """The generic table engine's drawn rules (independent of the plan's column model and row
    stitching) against the values: a line of a value that crosses a drawn column rule
    (`engine_cell`: text of two cells read as one), and two activities whose lines share a
    ruled cell, on a page where drawn rules part the column's other rows (`engine_cell`:
    one printed row read as two)."""
    findings = []
    for section in context.plan.sections:
        for page_number, grids in enumerate(context.grids, start=1):
            for grid in grids:
                edges = grid.drawn_edges()
                verticals = [e for e in edges if not e.horizontal]
                horizontals = [e for e in edges if e.horizontal]
                findings += _crossing_findings(section, page_number, verticals)
                findings += _shared_cell_findings(section, grid, page_number, horizontals)
                findings += _ruled_column_findings(section, grid, page_number, verticals)
    return findings


def _crossing_findings(section: Section, page: int, verticals: list[Edge]) -> list[Finding]:
    findings = []
    for activity in section.activities:
        for name in TEXT_FIELDS:
            for piece in activity.provenance.get(name, []):
                if piece.page != page:
                    continue
                x0, top, x1, bottom = piece.bbox
                middle = (top + bottom) / 2
                if any(
                    x0 + RULE_TOLERANCE < e.x < x1 - RULE_TOLERANCE and e.top < middle < e.bottom
                    for e in verticals
                ):
                    findings.append(
                        _finding(
                            "engine_cell",
                            "warning",
                            f"{name}: “{piece.text}” crosses a column rule",
                            section.name,
                            activity,
                            name,
                            page,
                        )
                    )
                    break
    return findings


def _ruled_column(bbox, verticals: list[Edge]) -> tuple[float | None, float | None]:
    """The drawn column rules left and right of a line's middle (None where none is drawn)."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    crossing = [e.x for e in verticals if e.top <= y <= e.bottom]
    left = max((c for c in crossing if c <= x), default=None)
    right = min((c for c in crossing if c > x), default=None)
    return left, right


def _ruled_column_findings(
    section: Section, grid: PageGrid, page: int, verticals: list[Edge]
) -> list[Finding]:
    """A line of a field printed between other column rules than most lines of that field
    in the same grid (a column bound read in the wrong place moves words across a rule)."""
    findings = []
    for name in TEXT_FIELDS:
        lines = [
            (activity, piece, _ruled_column(piece.bbox, verticals))
            for activity in section.activities
            for piece in activity.provenance.get(name, [])
            if piece.page == page and _inside_grid(piece.bbox, grid)
        ]
        columns = Counter(column for _, _, column in lines if None not in column)
        if not columns:
            continue
        usual = columns.most_common(1)[0][0]
        for activity, piece, column in lines:
            if None not in column and column != usual:
                findings.append(
                    _finding(
                        "engine_cell",
                        "warning",
                        f"{name}: “{piece.text}” is printed in another ruled column",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
    return findings


def _parted(a: tuple, b: tuple, horizontals: list[Edge]) -> bool:
    """Whether a drawn horizontal rule runs between two vertical extents, under both lines."""
    (a_x0, a_top, a_x1, a_bottom), (b_x0, b_top, b_x1, b_bottom) = a, b
    upper_bottom, lower_top = min(a_bottom, b_bottom), max(a_top, b_top)
    x0, x1 = max(a_x0, b_x0), min(a_x1, b_x1)
    return any(
        upper_bottom - RULE_TOLERANCE <= e.y <= lower_top + RULE_TOLERANCE
        and e.x0 <= x0 + RULE_TOLERANCE
        and e.x1 >= x1 - RULE_TOLERANCE
        for e in horizontals
    )


def _inside_grid(bbox, grid: PageGrid) -> bool:
    x0, top, x1, bottom = grid.bbox
    middle = (bbox[1] + bbox[3]) / 2
    return x0 <= (bbox[0] + bbox[2]) / 2 <= x1 and top <= middle <= bottom


def _shared_cell_findings(
    section: Section, grid: PageGrid, page: int, horizontals: list[Edge]
) -> list[Finding]:
    """Only rows inside one grid count: a box-only table draws no rule between its rows,
    and the rules between two tables say nothing about the rows of either."""
    findings = []
    for name in ROW_FIELDS:
        cells = []  # (activity, extent of its lines of `name` in this grid)
        for activity in section.activities:
            pieces = [
                p
                for p in activity.provenance.get(name, [])
                if p.page == page and _inside_grid(p.bbox, grid)
            ]
            if pieces:
                extent = (
                    min(p.bbox[0] for p in pieces),
                    min(p.bbox[1] for p in pieces),
                    max(p.bbox[2] for p in pieces),
                    max(p.bbox[3] for p in pieces),
                )
                cells.append((activity, extent))
        cells.sort(key=lambda item: item[1][1])
        pairs = list(pairwise(cells))
        parted = [_parted(a[1], b[1], horizontals) for a, b in pairs]
        if not pairs or sum(parted) < RULED_SHARE * len(pairs):
            continue
        for ((first, _), (second, _)), apart in zip(pairs, parted, strict=True):
            if apart:
                continue
            for activity in (first, second):
                findings.append(
                    _finding(
                        "engine_cell",
                        "warning",
                        f"{name}: two activities read from one ruled cell",
                        section.name,
                        activity,
                        name,
                        page,
                    )
                )
    return findings


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _column_extents(section: Section) -> dict[str, tuple[float, float]]:
    """Per text field, the x extent of its lines across the section (robust quantiles)."""
    lines: dict[str, list] = defaultdict(list)
    for activity in section.activities:
        for name in TEXT_FIELDS:
            lines[name].extend(activity.provenance.get(name, []))
    return {
        name: (
            _quantile([p.bbox[0] for p in pieces], COLUMN_QUANTILE),
            _quantile([p.bbox[2] for p in pieces], 1 - COLUMN_QUANTILE),
        )
        for name, pieces in lines.items()
        if pieces
    }


def _column_findings(section: Section, activity: Activity, extents) -> list[Finding]:
    findings = []
    for name in TEXT_FIELDS:
        for piece in activity.provenance.get(name, []):
            em = piece.bbox[3] - piece.bbox[1]
            for other, (x0, x1) in extents.items():
                if other == name:
                    continue
                reach = min(piece.bbox[2], x1) - max(piece.bbox[0], x0)
                if reach > COLUMN_OVERLAP * em:
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
                    break
    return findings


def _empty_cell_findings(
    context: ReviewContext, section: Section, activity: Activity, extents
) -> list[Finding]:
    findings = []
    rows = _row_extents(activity)
    for name in ROW_FIELDS:
        if getattr(activity, name) or name not in extents:
            continue
        x0, x1 = extents[name]
        for page, (top, bottom) in rows.items():
            words = [
                w
                for w in context.pages[page - 1].words
                if top <= w.ymid <= bottom and x0 <= w.xmid <= x1
            ]
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


def review_status(findings: Iterable[Finding]) -> Review:
    """Doubts (warning, error) in `findings` decide the status; `info` goes to `notes`."""
    findings = list(findings)
    doubts = [f for f in findings if f.severity in NEEDS_REVIEW_SEVERITIES]
    notes = [f for f in findings if f.severity not in NEEDS_REVIEW_SEVERITIES]
    return Review(status="needs_review" if doubts else "ok", findings=doubts, notes=notes)


def review_plan(
    plan: Plan, content: PdfContent, grids: list[list[PageGrid]] | None = None
) -> Review:
    """All checks over an extracted (and enriched) plan and the content it was read from.
    Findings a stage already put in `plan.review.findings` (doubts it could not resolve, such
    as an undecidable line end) are kept."""
    account = account_words(plan, content.pages)
    context = review_context(plan, content.pages, content.line_end_spaces, grids)
    findings = [
        *plan.review.findings,
        *read_problem_findings(content.problems),
        *unbacked_stamp_findings(plan, content),
        *accounting_findings(account),
        *located_word_findings(context, account),
        *numbering_findings(plan),
        *text_findings(context),
        *line_end_findings(context),
        *inner_split_findings(context),
        *placement_findings(context),
        *ruling_findings(context),
    ]
    review = review_status(findings)
    review.words = account.counts()
    return review
