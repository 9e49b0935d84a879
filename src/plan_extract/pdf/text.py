"""Words → lines → text: the one place that decides how printed fragments become a string."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from operator import attrgetter
from typing import Protocol, TypeVar

from plan_extract.geometry import same_line
from plan_extract.packaged import data_json
from plan_extract.pdf.language import (
    Reading,
    Unbroken,
    Vocabulary,
    compound_parts,
    ends_in_joiner,
    key,
    read_line_end,
)
from plan_extract.pdf.reader import PageContent, Word

_READING_ORDER = attrgetter("page", "ymid", "x0")
_LEFT_EDGE = attrgetter("x0")
"""Sort keys of `group_lines`, which every stage calls (thousands of times a plan): read in C
rather than through a lambda a word."""


class _Printed(Protocol):
    @property
    def text(self) -> str: ...


_PrintedT = TypeVar("_PrintedT", bound=_Printed)


def header_strangers(
    words: Iterable[_PrintedT], others: Iterable[Iterable[str]]
) -> list[_PrintedT]:
    """The words of one page's column header that none of the `others` (the texts of the
    headers printed on other pages of the same table) prints: a header repeats its labels on
    every page, so such a word is no label but a cell's line set over the header (weasy 3401
    `06`: "mediante las", an overflowing objective's first line on the page printed across
    the header's bottom rule). The extraction gives such a word in the header band's slack
    back to its cell (`page_tables._cell_lines_past_band`); the review flags the rest
    (`review.header_word_findings`)."""
    printed = {text for other in others for text in other}
    return [w for w in words if w.text not in printed]


def group_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped into visual lines (per page), top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    last: list[Word] = []
    for word in sorted(words, key=_READING_ORDER):
        if last and same_line(last[0], word):
            last.append(word)
        else:
            last = [word]
            lines.append(last)
    return [sorted(line, key=_LEFT_EDGE) for line in lines]


def page_lines(page: PageContent) -> list[list[Word]]:
    """`group_lines` of every word of the page, grouped once and kept on the page: the
    furniture stage and the review both read every page's lines. Read only."""
    if page.grouped is None:
        page.grouped = group_lines(page.words)
    return page.grouped


HEIGHT_WINDOW_SLACK = 1.0
"""Points added to each side of the window of middles `WordsByHeight.near` bisects: a
distance subtracted in floating point may round across the reach; every word the window lets
in is tested as written, so a wider window changes nothing but the work."""


@dataclass
class WordsByHeight:
    """Words with their order by middle height (stable: words of one height keep theirs) and
    the middles to bisect, so that the words of a line or a band are found by bisection
    instead of a scan of every word: the header finder asks for the line of every label word
    of a page, the review for the words of every value line."""

    words: list[Word]
    order: list[int] = field(init=False)
    """The places in `words`, by middle height."""
    by_height: list[Word] = field(init=False)
    """The words in `order`."""
    middles: list[float] = field(init=False)
    """Their middle heights, in `order`."""

    def __post_init__(self) -> None:
        middles = [w.ymid for w in self.words]
        self.order = sorted(range(len(self.words)), key=middles.__getitem__)
        self.by_height = [self.words[i] for i in self.order]
        self.middles = [middles[i] for i in self.order]

    def between(self, top: float, bottom: float) -> list[Word]:
        """The words whose middle height lies in [top, bottom], by height."""
        return self.by_height[bisect_left(self.middles, top) : bisect_right(self.middles, bottom)]

    def near(self, y: float, reach: float) -> list[Word]:
        """The words whose middle height is less than `reach` from `y`, in their order."""
        window = self.order[
            bisect_left(self.middles, y - reach - HEIGHT_WINDOW_SLACK) : bisect_right(
                self.middles, y + reach + HEIGHT_WINDOW_SLACK
            )
        ]
        return [self.words[i] for i in sorted(window) if abs(self.words[i].ymid - y) < reach]


def phrase_runs(
    words: Iterable[Word], parted: Callable[[Word, Word], bool]
) -> list[list[list[Word]]]:
    """Each printed line (`group_lines`) cut into its phrases: runs of words set no further
    apart than a word space. A new phrase starts where `parted(left, right)` holds for two
    neighbours of a line: the caller says how wide a gap parts two columns (the table finder
    a fixed share of an em, `geometry.PHRASE_GAP_EM`; the plan reader the page's own word
    space where that is wider), the runs are cut here, once."""
    lines = []
    for line in group_lines(words):
        runs = [[line[0]]]
        for left, right in zip(line, line[1:], strict=False):
            if parted(left, right):
                runs.append([])
            runs[-1].append(right)
        lines.append(runs)
    return lines


def grow_connected(
    seed: list[Word], candidates: Iterable[Word], connected: Callable[[Word, Word], bool]
) -> list[Word]:
    """`seed` plus every candidate linked to it through a chain of `connected` pairs."""
    block = list(seed)
    ids = {w.seq for w in block}
    grown = True
    while grown:
        grown = False
        for word in candidates:
            if word.seq not in ids and any(connected(word, other) for other in block):
                block.append(word)
                ids.add(word.seq)
                grown = True
    return block


def line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


@dataclass(frozen=True)
class LineEnd:
    """A line end whose reading neither spaces nor language could decide: the last word of
    one line, the first of the next, and how it was read (by geometry)."""

    left: Word
    right: Word
    joined: bool


def join_lines(
    lines: list[list[Word]],
    right_limit: float | None = None,
    known: Vocabulary | None = None,
    doubts: list[LineEnd] | None = None,
    drawn_edge: float | None = None,
    column_space: float | None = None,
) -> str:
    """One string from a cell's lines: a line break becomes a space, except inside a word.

    A word was broken by the line (not by the author) when the producer wrote no space after
    it. Where producers write no spaces at line ends, the language decides (`known`: the
    lexicon with the document's own words, see `language`), and geometry where it cannot: a
    lone word filling the cell's width, or a trailing hyphen. Line ends read by geometry
    alone are appended to `doubts`. `drawn_edge`: where the cell's drawn right edge, less
    its padding, stops a line (`SectionTable.drawn_edge`), when the cell is ruled;
    `column_space`: the narrowest word space the cell's column prints (`column_word_space`)."""
    if not lines:
        return ""
    # Read from the last line end up: a word broken over three lines ('y' / 'organizacione' /
    # 's') is judged whole ('organizaciones') at the line end before it.
    joined = [False] * len(lines)
    head = lines[-1][0]  # the first word of line i, with the lines it runs on into
    for i in range(len(lines) - 1, 0, -1):
        before = lines[i - 1]
        joined[i] = join_decision(
            before, before[-1], head, right_limit, known, doubts, drawn_edge, column_space
        )
        if i + 1 < len(lines) and not joined[i + 1]:
            mid, nxt = lines[i], lines[i + 1][0]
            if len(mid) == 1 and _fragment_of_one_word(before[-1], mid[0], nxt, right_limit, known):
                joined[i] = joined[i + 1] = True
                if doubts is not None:  # both line ends are read now
                    cut = {before[-1].seq, mid[0].seq}
                    doubts[:] = [d for d in doubts if d.left.seq not in cut]
                head = replace(mid[0], text=mid[0].text + nxt.text)
        alone = len(before) == 1 and joined[i]
        head = replace(before[0], text=before[0].text + head.text) if alone else before[0]
    text = line_text(lines[0])
    for i in range(1, len(lines)):
        piece = line_text(lines[i])
        text += piece if joined[i] else " " + piece
    return text.strip()


def _fragment_of_one_word(
    last: Word, mid: Word, nxt: Word, right_limit: float | None, known: Vocabulary | None
) -> bool:
    """A line holding only a fragment nobody knows (`nterinstitucion`), between two full
    line ends: a word wider than the column, cut by a producer that fills the line where
    the word starts (platypus: `Coordinación I` / `nterinstitucion` / `al`), or cut twice
    (LibreOffice, a column narrower than half the word: `interins` / `titucion` / `al`).
    Each line end alone is undecided (two pieces of one word are no words), or read apart
    on the fragment alone (the line end below is read first, before the fragment is known
    to go on a word: `titucion` / `al`); the three pieces read as one word decide both.
    Not where the language reads the first line end alone as two words (`Fundación` /
    `PANIAMOR` / `–`, no word changes case; `y` / `sistematic` / `e`, where the letters
    spelled favour the word `y`). A fragment the lexicon lists as a word is one only where
    the first line end reads one word with it (`compe` / `tencia` / `s`, held-out docx 3939
    `03`: wordfreq lists `tencia`, one in 10^7.3, and `tencia` / `s` alone read apart).
    Three pieces that spell a word the lexicon or the document knows, around a fragment
    nobody knows, are that word however the first line end reads alone: the language reads
    a piece that is a rare word of the lexicon apart from a fragment on the letters alone, a
    close call (Word/HTML docx 1282 `02`: `Interi` / `nstitu` / `cional`, where wordfreq
    lists `interi` and `cional`, each one in 10^7 or rarer)."""
    if known is None or known.lexicon is None:
        return False
    if not (_full(last, right_limit) and _full(mid, right_limit)):
        return False
    whole = known.log10(key(last.text + mid.text + nxt.text))
    if known.log10(key(mid.text)) is None and whole is not None:
        return True
    first = read_line_end(last.text, mid.text, known)
    if first is Reading.TWO_WORDS:
        return False
    if known.log10(key(mid.text)) is not None and first is not Reading.ONE_WORD:
        return False
    return read_line_end(last.text + mid.text, nxt.text, known) is Reading.ONE_WORD


BINDS_TO_THE_WORD_BEFORE = ".,;:)]»”’/"
"""Marks that open a line only when the line break pushed them off the word before (closing
punctuation, and a slash: 'observadores' / '/as', a producer breaking before it), or when
the source prints a space before them ('2023 .', see `_wrapped_at_a_space`)."""
CLOSING_MARKS = BINDS_TO_THE_WORD_BEFORE.replace("/", "")
"""Marks that close what comes before them: never the start of a word. (A slash is left
out: a producer may break before one inside a word, 'observadores' / '/as'.)"""
FULL_LINE_EM = 0.6
"""A line whose last word ends within this share of the font size of the cell's right limit
is full: the next word could not have fitted."""
NARROWEST_SPACE_EM = 0.2
"""Em: a word space is at least this wide in the fonts plans are set in (Carlito 0.226,
Times 0.25, Liberation Sans 0.278, DejaVu Sans 0.318 em): the space a line of one word
needs room for (`line_space`)."""
SPACE_SLACK = 0.25
"""Points a word space may exceed the spaces beside it (rounding of glyph positions)."""


def join_decision(
    line: list[Word],
    last: Word,
    nxt: Word,
    right_limit: float | None,
    known: Vocabulary | None,
    doubts: list[LineEnd] | None = None,
    drawn_edge: float | None = None,
    column_space: float | None = None,
) -> bool:
    """Whether the line ending in `last` and the next line starting with `nxt` are read as
    one word (True) or two."""
    if nxt.text[0] in BINDS_TO_THE_WORD_BEFORE:
        # punctuation pushed to the next line, unless a space was written or only one could
        # explain the break
        return last.space_after is not True and not _wrapped_at_a_space(line, nxt, right_limit)
    if last.text.endswith("/") and last.space_after is False:
        return True  # 'observadores/' / 'as': no space after the slash, where one is written
    if _cut_before_a_hyphen(line, nxt, right_limit):
        if doubts is not None:  # geometry alone reads it: reported
            doubts.append(LineEnd(last, nxt, True))
        return True
    if not nxt.text[0].isalnum():
        return False  # a line opening with a bullet or symbol starts a new item
    if last.text[-1] in ",;:." and nxt.text[0].isalpha():
        return False  # after punctuation the break is between words, spaces printed or not
    if last.space_after is True:
        return False  # the producer wrote the space that parts two words
    full = _full(last, right_limit)
    unspaced = last.space_after is False
    joiner = ends_in_joiner(last.text)
    hyphen = joiner and last.text.endswith("-")
    if unspaced and (hyphen or not full):
        # The producer writes line-end spaces and wrote none here, where one would have
        # fitted, or after a hyphen: a hyphen is a break of its own ('Paniamor-' /
        # 'Programa' breaks the compound there; 'Paniamor- Programa' would break at the
        # space and write it), unless the cell's drawn edge left no room for that space.
        return not hyphen or _unspaced_hyphen(line, nxt, drawn_edge, column_space, known, doubts)
    speaks = known is not None and known.lexicon is not None
    if speaks and known is not None and (joiner or full or _lone_word_cut(line, right_limit)):
        # Only a full line can end inside a word (a producer that breaks words where the
        # room runs out fills the line first); a line ends after a hyphen or a slash
        # wherever. A full line's missing space is no evidence either way: LibreOffice
        # writes the space at a wrapped line's end except the one that does not fit before
        # the cell's edge.
        fits = fits_alone(line, nxt, right_limit)
        cut = 0.0 if fits else lone_word_cut_odds(line, nxt, right_limit)
        reading = read_line_end(last.text, nxt.text, known, fits, cut)
        if reading in (Reading.ONE_WORD, Reading.TWO_WORDS):
            return reading is Reading.ONE_WORD
        # Undecided, a hyphen or a slash binds the words on its two sides (`y/` / `o`).
        joined = reading is not Reading.PROBABLY_TWO and (
            unspaced or joiner or _broken_by_geometry(line, last, nxt, right_limit, known)
        )
        if doubts is not None:
            doubts.append(LineEnd(last, nxt, joined))
        return joined
    return (
        unspaced
        or _cut_short_of_a_letter(last, nxt, right_limit, known)
        or _broken_by_geometry(line, last, nxt, right_limit, known)
    )


def _unspaced_hyphen(
    line: list[Word],
    nxt: Word,
    drawn_edge: float | None,
    column_space: float | None,
    known: Vocabulary | None,
    doubts: list[LineEnd] | None,
) -> bool:
    """A hyphen ending a line with no space written after it is read as one word, and
    reported where the space may have been dropped (`_space_dropped`)."""
    if doubts is not None and _space_dropped(line, nxt, drawn_edge, column_space, known):
        doubts.append(LineEnd(line[-1], nxt, True))
    return True


def _space_dropped(
    line: list[Word],
    nxt: Word,
    drawn_edge: float | None,
    column_space: float | None,
    known: Vocabulary | None,
) -> bool:
    """A hyphen ending a line with no space written after it, by a producer that writes
    line-end spaces, may still have had one: LibreOffice drops the space that does not fit
    before the cell's edge, and breaks 'Paniamor- Programa' at its space where
    'Paniamor-Programa' breaks after its hyphen, so where the hyphen fills the cell the
    page reads the same either way (Writer, Word/HTML 1089 `01`: read glued, with no
    doubt). The cell's drawn edge says so (`drawn_edge`: the room before it is narrower
    than the line's space, `line_space`, with `SPACE_SLACK` for rounding), unless the
    language reads one word there (a code, 'VE-' / '01'). The widest line of the column
    is no such evidence: it has no room by construction, wherever the cell's edge lies.
    A line of one word shows no space of its own: the column's lines show the face's
    (`column_space`, `line_space`; held-out docx 4141 `09`: `Paniamor-` alone in a column of
    Liberation Mono, whose space is 0.6 em, 3.2 pt short of the edge, read glued with no
    doubt against the 1.8 pt `NARROWEST_SPACE_EM` allows)."""
    last = line[-1]
    if drawn_edge is None or drawn_edge - last.x1 + SPACE_SLACK >= line_space(line, column_space):
        return False
    return not (
        known is not None
        and known.lexicon is not None
        and read_line_end(last.text, nxt.text, known) is Reading.ONE_WORD
    )


def line_space(line: list[Word], column_space: float | None = None) -> float:
    """The width of a space on the line: its narrowest gap between words (a justified line's
    are stretched alike), or, where it is one word, the narrowest space its column prints
    (`column_space`, `column_word_space`), never less than `NARROWEST_SPACE_EM` of its size."""
    gaps = [b.x0 - a.x1 for a, b in pairwise(line) if b.x0 > a.x1]
    if gaps:
        return min(gaps)
    return max(NARROWEST_SPACE_EM * line[-1].size, column_space or 0.0)


def column_word_space(lines: list[list[Word]]) -> float | None:
    """The narrowest space between two words of one line over a column's lines (`line_space`
    of its lines of two words or more): the space of the face the column is set in, which a
    line of one word does not show. None where no line holds two words."""
    return min((line_space(line) for line in lines if len(line) > 1), default=None)


def written_space_reach(lines: list[list[Word]]) -> float | None:
    """How far right the line-end spaces the producer wrote reach: a line's last word's
    right edge plus the line's space (`line_space`), over the lines of two words or more
    with a space written after their last word. LibreOffice writes a line-end space only
    where it fits before the cell's edge: the edge lies at least that far (Calc pads a
    cell less on its right than on its left)."""
    written = [line for line in lines if len(line) > 1 and line[-1].space_after]
    return max((line[-1].x1 + line_space(line) for line in written), default=None)


def _cut_before_a_hyphen(line: list[Word], nxt: Word, right_limit: float | None) -> bool:
    """A lone word filling its line to the cell's edge (`_lone_word_cut`), with no space
    written after it, and the next line opening with a hyphen, alone or before its word
    (`Paniamor` / `-` / `Programa`, `Paniamor` / `-Programa`): LibreOffice cuts a word wider
    than its column at the column's edge, here right before the compound's hyphen. A hyphen
    opens no item (a bullet stands apart from its text) and a dash that parts two words is
    printed with spaces, but nothing else tells, so the caller reports the line end."""
    opens = nxt.text[0] == "-" and (len(nxt.text) == 1 or nxt.text[1].isalpha())
    return opens and line[-1].space_after is not True and _lone_word_cut(line, right_limit)


def _wrapped_at_a_space(line: list[Word], nxt: Word, right_limit: float | None) -> bool:
    """A closing mark opens the next line although the word before it and the mark, as one
    word, would have fitted on a line of their own: a producer wrapping at spaces moves
    such a word whole and cuts one only when it is wider than a line, so the break was at a
    space the source printed before the mark (`trimestre 2023 .`), written or not. Not a
    slash: producers break before one (`observadores` / `/as`)."""
    return nxt.text[0] in CLOSING_MARKS and fits_alone(line, nxt, right_limit)


def fits_alone(line: list[Word], nxt: Word, right_limit: float | None) -> bool:
    """The line's last word and the next line's first, as one word, would fit on a line
    (with the room a full line may leave, `FULL_LINE_EM`, to spare)."""
    if right_limit is None:
        return False
    last = line[-1]
    width = (last.x1 - last.x0) + (nxt.x1 - nxt.x0)
    return width < right_limit - min(line[0].x0, nxt.x0) - FULL_LINE_EM * last.size


def lone_word_cut_odds(line: list[Word], nxt: Word, right_limit: float | None) -> float:
    """The log10 odds that geometry gives a cut inside a word over a break at a space, for a
    line of one word that fills the cell (`_full`): a producer cutting a word wider than
    the line always fills it, while a whole word ends at the limit by chance only. The
    room a whole word leaves is anywhere below the next word's width (the next word did
    not fit there), so it is under `FULL_LINE_EM` that width / `FULL_LINE_EM` times less
    often than a cut fills the line (Chromium's monospaced `“Masculinidad` / `es,` in a
    column of exactly its 13 glyphs, where `masculinidades` against `masculinidad es` is a
    close call for the lexicon). Justification stretches no line without a space, so a
    lone word's end is its own. 0 for any other line."""
    if len(line) != 1 or right_limit is None or not _full(line[0], right_limit):
        return 0.0
    room = FULL_LINE_EM * line[0].size
    return max(0.0, math.log10((nxt.x1 - nxt.x0) / room))


LONE_WORD_FULL_EM = 1.0
"""A line holding one word cut inside ends where the word's next glyph would not fit: up to
a wide glyph short of the cell's right limit (justification stretches no line without a
space, so such a line stays short where the cell's other lines reach the limit)."""


def _lone_word_cut(line: list[Word], right_limit: float | None) -> bool:
    """The line is one word ending within a glyph of the cell's right limit: it may be cut
    inside (LibreOffice's `Interinstitucio` / `nal` in a justified cell, 0.63 em short)."""
    return (
        len(line) == 1
        and right_limit is not None
        and _full(line[-1], right_limit, LONE_WORD_FULL_EM)
    )


def _full(last: Word, right_limit: float | None, slack_em: float = FULL_LINE_EM) -> bool:
    """The line reaches the cell's right limit (within `slack_em` of the font size): the next
    piece could not have fitted."""
    return right_limit is None or last.x1 >= right_limit - slack_em * last.size


def _cut_short_of_a_letter(
    last: Word, nxt: Word, right_limit: float | None, known: Vocabulary | None
) -> bool:
    """A line short of full (`_full`) ends inside a word where the room it leaves before the
    cell's limit is narrower than the next line's first letter (`_first_letter_width`) and
    the language reads the two pieces as one word. A producer that cuts a word
    where the room runs out leaves the letter it could not fit, which for wide capitals is
    more than `FULL_LINE_EM`: ReportLab's 'CO' / 'NACOES' at 9 pt leaves 5.5 pt, and the
    document prints 'CONACOES' whole; 'funciona' / 'miento' at 7.5 pt leaves 6 pt, less
    than the 'm' (`_first_letter_width`). Elsewhere the line end is geometry's, as before."""
    if right_limit is None or not nxt.text or known is None or known.lexicon is None:
        return False
    if right_limit - last.x1 >= _first_letter_width(nxt):
        return False
    return read_line_end(last.text, nxt.text, known) is Reading.ONE_WORD


def _first_letter_width(word: Word) -> float:
    """The width of the word's first letter, estimated from the word's printed width: its
    share of the word in a proportional font's widths (`letter_widths`: 'm' is wide, 'i'
    narrow), or the mean letter where a glyph is not listed. Never less than the mean."""
    widths = letter_widths()
    mean = (word.x1 - word.x0) / len(word.text)
    if not all(c in widths for c in word.text):
        return mean
    share = widths[word.text[0]] / sum(widths[c] for c in word.text)
    return max(mean, (word.x1 - word.x0) * share)


@cache
def letter_widths() -> dict[str, int]:
    """Advance widths of the Latin letters in a proportional font (Helvetica's, in
    thousandths of an em; `data/letter_widths.json`): their proportions are alike across
    the sans and serif faces producers use."""
    return dict(data_json("letter_widths.json")["widths"])


def _broken_by_geometry(
    line: list[Word], last: Word, nxt: Word, right_limit: float | None, known: Vocabulary | None
) -> bool:
    if last.text.endswith("-") and len(last.text) > 1:
        return True
    if len(line) > 1 or right_limit is None or not _full(last, right_limit):
        return False
    # A lone word filling the cell: broken, unless the document prints the next word whole
    # and never the two as one word ('funcionamiento' / 'de', not 'capacitacion' / 'es.').
    whole = known.document if known is not None else frozenset()
    return not (key(nxt.text) in whole and key(last.text + nxt.text) not in whole)


def wrapped_between_words(last: Word, nxt: Word, whole: frozenset[str]) -> bool:
    """A line ending in `last` and going on with `nxt` broke between two words, whatever the
    spaces say: the document prints both whole and never the two as one word (producers that
    write a space at most line ends but drop it at some). A trailing hyphen keeps its word
    joined to the next line's ('Paniamor-' / 'Programa')."""
    return (
        not last.text.endswith("-")
        and key(last.text) in whole
        and key(nxt.text) in whole
        and key(last.text + nxt.text) not in whole
    )


def whole_words(words: Iterable[Word]) -> frozenset[str]:
    """The document's words printed with a space on both sides (the space before may end the
    line above, `_follows_a_space`): whole words, never a part of a word a line broke (a
    broken word's tail is followed by a space, its head by none)."""
    whole = set()
    ordered = list(words)
    for before, word in zip(ordered, ordered[1:], strict=False):
        if before.space_after and word.space_after and _follows_a_space(before, word):
            whole.add(key(word.text))
    return frozenset(whole)


def printed_words(words: Iterable[Word]) -> frozenset[str]:
    """Every token the document prints, whole or not, and the parts of its compounds
    (`Paniamor-` gives `paniamor-` and `paniamor`), as `key` lists them."""
    return frozenset(token for word in words for token in printed_tokens(word))


def unbroken_words(words: Iterable[Word]) -> Unbroken:
    """The tokens (and parts of compounds) the document prints with no line end after them,
    and with none before them (`language.Unbroken`): a word and the next one across a line
    end are consecutive printed words, the second opening the line below the first's
    (`opens_next_line`). A compound's inner parts meet no line end (`Paniamor-` /
    `Programa` gives `paniamor` ending a word before its hyphen)."""
    ordered = list(words)
    ends: set[str] = set()
    starts: set[str] = set()
    for i, word in enumerate(ordered):
        token = key(word.text)
        parts = compound_parts(token)
        ends_line = i + 1 < len(ordered) and opens_next_line(word, ordered[i + 1])
        opens_line = i > 0 and opens_next_line(ordered[i - 1], word)
        ends.update(part for part in (parts[:-1] if ends_line else [token, *parts]) if part)
        starts.update(part for part in (parts[1:] if opens_line else [token, *parts]) if part)
    return Unbroken(frozenset(ends), frozenset(starts))


def printed_tokens(word: Word) -> set[str]:
    """A printed word's token (`key`) and the parts of its compound (`Paniamor-` gives
    `paniamor-` and `paniamor`), each once."""
    token = key(word.text)
    return {token, *(part for part in compound_parts(token) if part)}


NEXT_LINE_EM = 2.0
"""How far below a line's words (in font sizes) the next line of the same text starts."""


def _follows_a_space(before: Word, word: Word) -> bool:
    """`word` starts where the space written after `before` ends a word: further along the
    same line, or at the start of the next line (a producer that writes a space at a wrapped
    line's end broke the line between two words there; readers forget line-end spaces when
    a producer does not write them at most line ends, `reader._forget_line_end_spaces`).
    In a narrow column most words open or close a line, so the next line's first word is
    often the only place where a word (`CONACOES`) is seen whole."""
    if same_line(before, word):
        return before.x1 <= word.x0
    return opens_next_line(before, word)


def opens_next_line(before: Word, word: Word) -> bool:
    """`word`, printed after `before`, opens the line below `before`'s (within
    `NEXT_LINE_EM`): the two meet across a line end."""
    return (
        not same_line(before, word)
        and word.page == before.page
        and 0 < word.top - before.top <= NEXT_LINE_EM * before.size
    )


def words_text(
    words: Iterable[Word],
    right_limit: float | None = None,
    known: Vocabulary | None = None,
    doubts: list[LineEnd] | None = None,
    drawn_edge: float | None = None,
    column_space: float | None = None,
) -> str:
    return join_lines(group_lines(words), right_limit, known, doubts, drawn_edge, column_space)


_ITEM_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(\.?)(?=\s|$)")


def split_item_number(text: str) -> tuple[str | None, str]:
    """'2.1.1. Recopilar…' → ('2.1.1', 'Recopilar…'); a bare '10 sesiones' is not a number."""
    text = text.strip()
    match = _ITEM_NUMBER.match(text)
    if not match or ("." not in match.group(1) and not match.group(2)):
        return None, text
    return match.group(1), text[match.end() :].strip()


def starts_with_item_number(text: str) -> bool:
    return split_item_number(text)[0] is not None


_BARE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.?")


def bare_number(text: str) -> str | None:
    """A number column's cell as the item number it prints ('2.1.1.' → '2.1.1'), or None
    when it holds more than a number. A narrow column wraps the number ('2.1.' / '1.', '2.'
    / '1.' / '1'): one token, so the spaces its line breaks became are dropped."""
    token = "".join(text.split())
    return token.rstrip(".") if _BARE_NUMBER.fullmatch(token) else None


def number_depth(text: str) -> int:
    """Levels of an item number ('2.1.1.' → 3); 0 for text that is no bare number."""
    number = bare_number(text)
    return len(number.split(".")) if number else 0
