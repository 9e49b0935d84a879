"""Stage `review`: does the output deserve trust? Each check looks at evidence independent of
the stage that produced a value and yields `Finding`s; `review_plan` gathers them into the
plan's `Review` (`needs_review` exactly when a finding of severity warning or error exists).

Checks so far: what the PDF readers repaired or lost (`read_problem`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from plan_extract.models import Finding, Plan, Review
from plan_extract.pdf.reader import PageContent, PdfContent, ReadProblem, Word

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


WordKey = tuple[int, tuple[float, float, float, float], str]


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
    lines: dict[int, dict[tuple, str]] = defaultdict(dict)
    for section, activity in plan.activities():
        for name, pieces in activity.provenance.items():
            for piece in pieces:
                place = (section.name, name, piece.page, tuple(piece.bbox), piece.text)
                lines[piece.page][place] = name
    account = WordAccount()
    used: Counter[WordKey] = Counter()
    for page in pages:
        for word in page.words:
            account.read += 1
            key = _word_key(word.page, word.bbox, word.text)
            places = []
            kinds = records.get(key, [])
            if used[key] < len(kinds):
                places.append(kinds[used[key]])
                used[key] += 1
            places += [
                "field"
                for place in lines.get(word.page, {})
                if _inside(word, place[3]) and word.text in place[4].split(" ")
            ]
            if not places:
                account.lost.append(word)
            elif len(places) > 1:
                account.doubled.append((word, places))
            else:
                account.placed[places[0]] += 1
    return account


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


def review_status(findings: Iterable[Finding]) -> Review:
    findings = list(findings)
    doubtful = any(f.severity in NEEDS_REVIEW_SEVERITIES for f in findings)
    return Review(status="needs_review" if doubtful else "ok", findings=findings)


def review_plan(plan: Plan, content: PdfContent) -> Review:
    """All checks over an extracted (and enriched) plan and the content it was read from.
    Findings a stage already put in `plan.review.findings` (doubts it could not resolve, such
    as an undecidable line end) are kept."""
    findings = [
        *plan.review.findings,
        *read_problem_findings(content.problems),
        *accounting_findings(account_words(plan, content.pages)),
    ]
    return review_status(findings)
