"""Word accounting: every word read ends in exactly one place (`account_words`), and reader
problems and unbacked signature stamps."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from plan_extract.geometry import BBox
from plan_extract.models import Finding, Plan
from plan_extract.pdf.reader import PageContent, PdfContent, ReadProblem, Word
from plan_extract.review.context import (
    PIECE_TOLERANCE,
    PagesByHeight,
    ReviewContext,
    _finding,
    _quote,
    review_context,
)


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
    plan: Plan, pages: list[PageContent], context: ReviewContext | None = None
) -> WordAccount:
    """Every word read, looked up in the output: in a contract field's provenance (a printed
    line whose box holds it and whose text has it; the same line repeated in several
    activities' merged cells is one place), in `furniture`, or in `unassigned`. Independent of
    the stages: it sees only the words read and the output (`context`: the review's index of
    them, `ReviewContext.heights`, and of the provenance, `ReviewContext.provenance`; made
    here when not given)."""
    records: dict[WordKey, list[str]] = defaultdict(list)
    for record in plan.furniture:
        records[_word_key(record.page, record.bbox, record.text)].append(record.kind)
    for word in plan.unassigned:
        records[_word_key(word.page, word.bbox, word.text)].append("unassigned")
    recorded: dict[int, set[str]] = defaultdict(set)  # a word's box is asked only there
    for page_number, _, text in records:
        recorded[page_number].add(text)
    in_fields = _field_hits(plan, context or review_context(plan, pages))
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


def _field_hits(plan: Plan, context: ReviewContext) -> dict[int, int]:
    """How many provenance lines hold each word (by `Word.seq`): a line holds a word inside
    its box (to `PIECE_TOLERANCE`) whose text is one of its words. One place per section and
    field (a line in two fields is in two places; a merged cell's line repeated in its
    activities is one), and each printed line looks only at the words of its page whose
    middle height lies in its box (bisected from the context's `heights`)."""
    places: set[tuple[str, str, int, BBox, str]] = set()
    for section in plan.sections:
        section_name = section.name
        for activity in section.activities:
            for printed in context.provenance(activity).values():
                places.update((section_name, ln.field, ln.page, ln.box, ln.text) for ln in printed)
    heights = context.heights or PagesByHeight(context.pages)
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
