"""The line-end join model shared by the checks: one record per pair of pieces across a line end
(`Join`), its spans, and the pieces of a hyphenated stem."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise

from plan_extract.models import Piece, Severity
from plan_extract.pdf import language

_key = cache(language.key)
"""`pdf.language.key`, memoised: the review keys every word of every page, and a plan
prints the same few thousand words over and over."""


# --- checks over words no field took ---------------------------------------------------------


ALIGN_TOLERANCE = 1.0
"""Points within which two lines' left edges are one text block's (cell text starts at the
cell's padding; a running line set in the page margin does not start where a cell's text
does, to the point)."""


# --- numbering ----------------------------------------------------------------------------------


# --- text that is cut, starts mid-sentence, or glues words --------------------------------------


def _cell_key(value: str, pieces: list[Piece], texts: list[str]) -> tuple:
    """A value with its printed lines (`texts`: theirs, read once): the same for every
    activity that carries one merged cell, so that a check judges each cell once."""
    return (
        value,
        tuple([(p.page, tuple(p.bbox), text) for p, text in zip(pieces, texts, strict=True)]),
    )


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
        # Each piece's text read once: a pydantic model's attribute reads slower than a slot.
        texts = [piece.text for piece in self.pieces]
        self.key = _cell_key(self.value, self.pieces, texts)
        self.spans = _spans(self.value, texts)
        self.joins = _joins(self.value, self.spans)
        self.ends = [
            (before.rpartition(" ")[2], after.partition(" ")[0])
            for before, after in pairwise(texts)
        ]


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


def _spans(value: str, texts: list[str]) -> list[tuple[int, int] | None]:
    """Where each line's text (`texts`) stands in `value` (start and end offsets), found in
    order so that the same words elsewhere in it do not count; None for a line the value
    does not hold as printed."""
    spans: list[tuple[int, int] | None] = []
    position = 0
    for text in texts:
        start = value.find(text, position) if text else -1
        if start < 0:
            spans.append(None)
            continue
        position = start + len(text)
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


def _in_its_token(join: Join, value: str) -> Join:
    """A glued `join` with the token of `value` that holds it, cut where the two lines meet
    (`Join.head`, `Join.tail`); unchanged when the value holds no such token."""
    for token in value.split():
        at = token.find(join.last + join.first)
        if at >= 0:
            cut = at + len(join.last)
            return replace(join, head=token[:cut], tail=token[cut:])
    return join


# --- geometry: pieces in another row or column -------------------------------------------------


# --- a row's parent, from where its merged cells' texts are printed ----------------------------


HYPHEN_STEM = 3
"""Letters before a line-end hyphen for a word printed whole to count as a word (not 'e-')."""
