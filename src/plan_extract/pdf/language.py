"""The plan's language, as evidence where geometry is silent: are two pieces across a line
end one word or two?

A producer that writes no space where a line wraps leaves a reader only the glyphs' places:
`de` / `capacitación` and `requerimient` / `os` look alike (a piece at the end of a line,
another at the start of the next). Spanish tells them apart: `decapacitación` is no word,
`requerimientos` is. The lexicon is the Spanish word frequencies of `wordfreq` (a maintained
package, 340 000 word forms with inflections, from several corpora); the document's own
vocabulary (words it prints whole, with a space on both sides) adds its names and acronyms
(`CONACOES`, `ESCNNA`) and is the first evidence for hyphens (`e-mentores`).

The decision compares the two readings as a unigram model does: the probability of the
joined word against the product of the two pieces' probabilities. A reading with a word
nobody knows loses to one made of known words; when both readings have an unknown word, or
their probabilities are close, the caller falls back on geometry and reports the line end
as undecided.

All lexicon loading is in this module (`spanish_lexicon`), loaded once per process, on first
use. Producers that write line-end spaces need it too: LibreOffice drops the one space that
does not fit before the cell's edge, and a full line without its space is read here.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import itertools
import math
import mmap
import os
import re
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Final, cast

from plan_extract.packaged import data_json

LANGUAGE = "es"
WORDLIST = "large"
"""wordfreq's list with every word form down to about one in 10⁸ words (the 'small' list
stops at one in 10⁶ and misses inflections such as `capacitaciones`)."""

DOCUMENT_WORD_LOG10 = -6.0
"""A word the document prints whole (a name, an acronym, a number) is at least as likely as
a word met once in a million: the document's own usage is strong evidence."""
WRAP_PRIOR_LOG10 = 3.0
"""How much less likely a word broken by a line is, when the whole word would have fitted on
a line of its own: a producer that wraps at spaces moves such a word whole to the next line,
and only one that breaks lines anywhere cuts it (`Progra` / `ma`, which the language still
tells: `programa` is ten million times as likely as `progra ma`)."""
PRINTED_WORD_LOG10 = -8.0
"""A token the document prints but never whole (see `Vocabulary.printed`) is as likely as
the rarest words of wordfreq's list (one in 10⁸): it beats a reading with a word nobody
knows (`Paniam` / `or`) or made of the list's noise (`conac` and `oes`, each about one in
10⁷), never two common words."""
ONE_LETTER_WORDS = frozenset("aeouyóé")
"""Spanish's words of one letter; the lexicon lists every letter (initials, symbols)."""
MARGIN_LOG10 = 1.0
"""One reading must be ten times as likely as the other to decide; closer (`porque` against
`por que`, `sobretodo` against `sobre todo`) is left to geometry and reported."""

OPENING_MARKS = "([{¿¡«“"
"""Marks that open a word: a piece starting with one never goes on the word before it."""

JOINERS = "-/"
"""Marks that join a compound's parts with no space (`e-mentores`, `y/o`,
`observadores/as`): a producer may end a line after one, inside the compound."""

_LETTERS = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(f"[{re.escape(JOINERS)}]")
_NUMBER = re.compile(r"[\d.,%/-]*\d[\d.,%/-]*")


class Reading(Enum):
    ONE_WORD = "one word"
    TWO_WORDS = "two words"
    PROBABLY_TWO = "two words, by the form alone"
    """Read as two words, but the evidence is weak: the caller reports it."""
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Unbroken:
    """The document's tokens printed where no line end meets them on one side: evidence
    that a piece at a line end ends (starts) a word there. Printings at line ends are no
    such evidence: LibreOffice cuts a word wider than its column at the column's edge, the
    same way in every cell that prints it (`Warnat` / `h` three times, `titucion` / `al`),
    or at the same glyph before other tails (`sistemati` / `ce`, `sistemati` / `zación`),
    so the piece of a cut word recurs, always at a line end."""

    ends: frozenset[str] = frozenset()
    """Tokens printed where no line end follows them: a word after them on their line, or
    nothing after them in their text (`CONACOES` last in a cell, before `ST` elsewhere)."""
    starts: frozenset[str] = frozenset()
    """Tokens printed where no line end precedes them."""


@dataclass(frozen=True)
class Vocabulary:
    """What the language knows: the lexicon's log10 frequencies, and the document's whole
    words (casefolded, outer punctuation stripped; see `pdf.text.whole_words`). Without a
    lexicon (`document_only`: tables of any language) only the document's words are known
    and line ends are left to geometry."""

    lexicon: Mapping[str, float] | None
    document: frozenset[str]
    printed: frozenset[str] = frozenset()
    """Every token the document prints, whole or not (`pdf.text.printed_words`): a word seen
    only at a line's start or end, where nothing says it is whole (`Paniamor`, `CONACOES` in
    narrow columns)."""
    unbroken: Unbroken = Unbroken()
    """The printed tokens the document prints where no line end meets them on one side
    (`pdf.text.unbroken_words`)."""

    @classmethod
    def document_only(cls, document: frozenset[str]) -> Vocabulary:
        return cls(None, document)

    def whole(self, word: str) -> bool:
        """The document prints `word` (as `key` lists it) whole: with a space on both sides
        (`document`), or where no line end meets it on either side (`unbroken`, at one
        printing each: in a narrow column without line-end spaces `Programa` is printed
        only first on a line before another word, and after a compound's hyphen)."""
        unbroken = self.unbroken
        return word in self.document or (word in unbroken.ends and word in unbroken.starts)

    def log10(self, word: str) -> float | None:
        """How likely `word` (casefolded, outer punctuation stripped) is as a whole word;
        None when neither the lexicon nor the document knows it."""
        known = (self.lexicon or {}).get(word)
        if stray_letter(word):
            known = None
        if word in self.document or _NUMBER.fullmatch(word):
            return max(known if known is not None else -math.inf, DOCUMENT_WORD_LOG10)
        return known


def stray_letter(word: str) -> bool:
    """A word of one letter that no Spanish word of one letter is (`ONE_LETTER_WORDS`): the
    lexicon lists every letter, but a letter on its own (`s`, `h`) is an initial or a broken
    word's end."""
    return len(word) == 1 and word.isalpha() and word.casefold() not in ONE_LETTER_WORDS


@cache
def spanish_lexicon() -> Mapping[str, float]:
    """word → log10 frequency, from wordfreq's Spanish list (loaded once per process), as a
    `CompactLexicon`: mapped from the file `lexicon_file` builds from wordfreq's list once per
    machine (and per version of that list), or built in memory when that file cannot be
    written. A dict of the same words took 36 MiB; the file is under 5 MiB, and a process
    reads only the pages its lookups touch."""
    source = wordlist_file()
    cached = lexicon_file(source) if source is not None else None
    if cached is not None:
        try:
            with cached.open("rb") as handle:
                return CompactLexicon(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):
            pass  # unreadable or not ours: build it again below
    data = compact_lexicon_bytes(frequency_buckets())
    if cached is not None:
        _write_atomically(cached, data)
    return CompactLexicon(data)


CBPACK_HEADER = {"format": "cB", "version": 1}
"""The header of wordfreq's word-list files ("cBpack", described in `wordfreq.read_cBpack`)."""


def wordlist_file() -> Path | None:
    """The list file wordfreq ships for `LANGUAGE` and `WORDLIST`, if wordfreq is installed
    and the file is there."""
    spec = importlib.util.find_spec("wordfreq")
    folder = spec.submodule_search_locations if spec is not None else None
    path = Path(next(iter(folder)), "data", f"{WORDLIST}_{LANGUAGE}.msgpack.gz") if folder else None
    return path if path is not None and path.is_file() else None


def frequency_buckets() -> list[list[str]]:
    """wordfreq's Spanish list as `wordfreq.get_frequency_list` gives it (a list of buckets,
    bucket i the words of i centibels, each sorted), read from the file wordfreq ships without
    importing wordfreq: its import (ftfy, langcodes and regex, for tokenising and matching
    language tags, none of which a lookup needs) costs about 0.3 s of CPU, more than reading
    the list (0.1 s) or building the lexicon from it (0.2 s). The file is a gzipped msgpack
    list, a header then the buckets; a file that is not there or not in that format (another
    wordfreq version) is read through wordfreq itself. tests/test_text.py holds the two
    equal."""
    path = wordlist_file()
    if path is not None:
        import msgpack  # type: ignore[import-untyped]  # no stubs; wordfreq's own reader

        with gzip.open(path, "rb") as handle:
            header, *buckets = msgpack.load(handle, raw=False)
        if header == CBPACK_HEADER:
            return cast(list[list[str]], buckets)
    from wordfreq import get_frequency_list  # its own reading, whatever its format

    return get_frequency_list(LANGUAGE, WORDLIST)


LEXICON_MAGIC = f"plan-extract lexicon 1 {sys.byteorder}".encode().ljust(32, b" ")
"""The first bytes of a compact lexicon: its format's version and the byte order of its
arrays (written in the machine's own order, so that they map without conversion)."""
_COUNT = struct.Struct("=I")
_OFFSETS: Final = "I"
_BUCKETS: Final = "H"
"""Array types: a word's byte offset in the file (< 4 GiB) and its bucket (< 65 536)."""


def compact_lexicon_bytes(buckets: list[list[str]]) -> bytes:
    """The compact lexicon of wordfreq's buckets: `LEXICON_MAGIC`, the number of words n, the
    n + 1 offsets in the file where each word starts (the last one where the words end), each
    word's bucket, then the words in UTF-8, one after the other, in code point order (which is
    UTF-8's byte order: the bytes compare as the words do, so a lookup is a binary search).
    A word listed in two buckets keeps the last, as the dict this replaces did."""
    bucket_of: dict[str, int] = {}
    for index, bucket in enumerate(buckets):
        bucket_of.update(zip(bucket, itertools.repeat(index)))
    words = sorted(bucket_of)
    encoded = [word.encode("utf-8", "surrogatepass") for word in words]
    header = len(LEXICON_MAGIC) + _COUNT.size
    offsets = array(_OFFSETS, [0]) * (len(words) + 1)
    position = header + offsets.itemsize * len(offsets) + array(_BUCKETS).itemsize * len(words)
    for i, word in enumerate(encoded):
        offsets[i] = position
        position += len(word)
    offsets[len(words)] = position
    indexes = array(_BUCKETS, (bucket_of[word] for word in words))
    return b"".join(
        [LEXICON_MAGIC, _COUNT.pack(len(words)), offsets.tobytes(), indexes.tobytes(), *encoded]
    )


def bucket_log10(index: int) -> float:
    """The log10 frequency of wordfreq's bucket `index` (10^(-index/100), its centibels): the
    same float as log10 of the frequency wordfreq gives."""
    return math.log10(10 ** (-index / 100))


class CompactLexicon(Mapping[str, float]):
    """wordfreq's words and their log10 frequencies in one buffer (`compact_lexicon_bytes`),
    looked up by binary search: about 20 comparisons of short byte strings a word, which the
    few hundred line ends of a plan never notice."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        header = len(LEXICON_MAGIC) + _COUNT.size
        if len(data) < header or data[: len(LEXICON_MAGIC)] != LEXICON_MAGIC:
            raise ValueError("not a compact lexicon of this format and byte order")
        (count,) = _COUNT.unpack_from(data, len(LEXICON_MAGIC))
        buckets_at = header + array(_OFFSETS).itemsize * (count + 1)
        words_at = buckets_at + array(_BUCKETS).itemsize * count
        if len(data) < words_at:
            raise ValueError("a compact lexicon cut short")
        view = memoryview(data)
        self._data = data
        self._offsets = view[header:buckets_at].cast(_OFFSETS)
        self._buckets = view[buckets_at:words_at].cast(_BUCKETS)
        if self._offsets[0] != words_at or self._offsets[count] != len(data):
            raise ValueError("a compact lexicon cut short")

    def _index(self, word: str) -> int | None:
        target = word.encode("utf-8", "surrogatepass")
        data, offsets = self._data, self._offsets
        low, high = 0, len(self._buckets)
        while low < high:
            middle = (low + high) // 2
            if data[offsets[middle] : offsets[middle + 1]] < target:
                low = middle + 1
            else:
                high = middle
        if low < len(self._buckets) and data[offsets[low] : offsets[low + 1]] == target:
            return low
        return None

    def __getitem__(self, word: str) -> float:
        index = self._index(word) if isinstance(word, str) else None
        if index is None:
            raise KeyError(word)
        return bucket_log10(self._buckets[index])

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._index(word) is not None

    def __iter__(self) -> Iterator[str]:
        data, offsets = self._data, self._offsets
        for i in range(len(self._buckets)):
            yield bytes(data[offsets[i] : offsets[i + 1]]).decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._buckets)


def lexicon_file(source: Path) -> Path:
    """Where the compact lexicon of wordfreq's list file `source` is kept: the user's cache
    folder (`$XDG_CACHE_HOME`, by default ~/.cache), named after the list file's path, size
    and time and this format, so that another wordfreq version builds its own."""
    stat = source.stat()
    stamp = f"{LEXICON_MAGIC!r}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(stamp.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "plan-extract")
    return folder / f"lexicon-{LANGUAGE}-{WORDLIST}-{digest}.bin"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed into place (processes building
    it at once each write a whole file); a folder that cannot be written leaves the lexicon in
    memory, for this process only."""
    written: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            written = Path(handle.name)
            handle.write(data)
        os.replace(written, path)
    except OSError:
        if written is not None:
            written.unlink(missing_ok=True)


class _LazyLexicon(Mapping[str, float]):
    """The Spanish lexicon, loaded at the first word looked up: most documents decide every
    line end by the spaces their producer writes and never ask. Mapping the compact file is
    cheap, but the first use on a machine builds it from wordfreq's list (most of a second,
    longer than reading a 20-page plan, and some 50 MiB while it lasts)."""

    def __getitem__(self, word: str) -> float:
        return spanish_lexicon()[word]

    def __iter__(self) -> Iterator[str]:
        return iter(spanish_lexicon())

    def __len__(self) -> int:
        return len(spanish_lexicon())


def vocabulary(
    document: frozenset[str],
    printed: frozenset[str] = frozenset(),
    unbroken: Unbroken = Unbroken(),
) -> Vocabulary:
    return Vocabulary(_LazyLexicon(), document, printed, unbroken)


@cache
def plan_names() -> frozenset[str]:
    """The one-word names the plans print (`institutions.json`: each institution's acronym
    and its one-word aliases, `PLANOVI`, `CONACOES`), as `key` lists them. Where neither
    the lexicon nor the document knows either reading of a line end (the joined word and a
    piece), the joined word being such a name reads it as one word (`_read_by_letters`): a
    narrow column cuts a name wider than itself at the cell's edge and may print it nowhere
    else (held-out Calc 4953 `09`: `PLANOV` / `I`, a line end left undecided on an exact
    document). Only there: a reading the lexicon or the document decides stays theirs."""
    entries = data_json("institutions.json")["entries"]
    printed = (name for e in entries for name in (e["acronym"], *e["aliases"]) if name)
    return frozenset(key(name) for name in printed if len(name.split()) == 1)


def key(text: str) -> str:
    """A word as the lexicon and the document's vocabulary list it."""
    return text.strip(".,;:()[]«»“”\"'‘’¿?¡!").casefold()


@cache
def connectors() -> frozenset[str]:
    """Words a sentence does not end with (`y`, `de`, `la`…), as `key` lists them: data
    (`review_es.json`)."""
    return frozenset(data_json("review_es.json")["connectors"])


def ends_mid_sentence(value: str) -> bool:
    """The value's last word is a connector (`y`, `de`…), alone or as the last part of a
    slashed pair (`y/o`, `de/la`), or ends with a hyphen or a slash: a sentence does not end
    there (a cell cut by a page break, its rest in the next page's row)."""
    words = value.split()
    if not words:
        return False
    last = words[-1]
    if last.endswith(("-", "/")):
        return True
    tail = last.rsplit("/", 1)[-1]
    return key(tail) in connectors() and tail[-1:].isalpha()


def read_line_end(
    left: str, right: str, known: Vocabulary, fits: bool = False, cut_odds: float = 0.0
) -> Reading:
    """Whether `left` (the last word of a line) and `right` (the first of the next) are one
    word or two, for a producer that writes no space where a line wraps. `fits`: the two
    pieces together would have fitted on a line of their own (see `WRAP_PRIOR_LOG10`).
    `cut_odds`: the log10 odds of a cut inside a word that the line's geometry gives
    (`pdf.text.lone_word_cut_odds`), weighed where both readings are known words."""
    if left.endswith("-"):
        return _read_hyphen(left, right, known)
    if ends_in_joiner(left):  # a slash after a word: 'y/' / 'o'
        return _read_slash(left, right, known)
    if right[:1] in OPENING_MARKS or _case_changes(left, right):
        # '(e-learning': an opening mark starts a word; 'Secretaría' / 'Técnica': no word
        # turns to capitals
        return Reading.TWO_WORDS
    a, b = key(left), key(right)
    if not any(c.isalnum() for c in a) or not any(c.isalnum() for c in b):
        return Reading.TWO_WORDS  # a dash or a symbol standing alone is a word of its own
    if known.whole(a + b) and not (known.whole(a) and known.whole(b)):
        return Reading.ONE_WORD  # the document prints it whole ('observadores/as')
    # Of a compound ('Paniamor-Progr' / 'ama', 'observadores/a' / 's') only the parts that
    # meet at the line end are in question.
    a, b = compound_parts(a)[-1], compound_parts(b)[0]
    if not a or not b:
        return Reading.UNDECIDED
    joined = known.log10(a + b)
    joined_known = joined is not None
    if joined is None and a + b in known.printed:
        # A word the document prints, but only where nothing says it is whole (`Paniamor`
        # first on a line, `CONACOES` in narrow columns): as likely as the rarest word.
        joined = PRINTED_WORD_LOG10
    first = _piece_log10(a, known.unbroken.ends, known, joined_known)
    second = _piece_log10(b, known.unbroken.starts, known, joined_known)
    apart = None if first is None or second is None else first + second
    if joined is None or apart is None:
        # One reading has a word nobody knows: the other, if it is all known words, wins
        # ('requerimient' / 'os'); if both have one ('y' / 'organizacione', the rest of which
        # is on the next line), a word that would have fitted tells: it is two; else, when
        # one piece is a word, the letters the unknown words spell (`_spelled`).
        if joined is not None:
            return Reading.ONE_WORD
        if apart is not None or fits:
            return Reading.TWO_WORDS
        return _read_by_letters(Pieces(left, right, a, b), first, second)
    if fits:
        joined -= WRAP_PRIOR_LOG10
    joined += cut_odds
    return _likelier(joined, apart, a + b in known.printed)


def _piece_log10(
    piece: str, unbroken: frozenset[str], known: Vocabulary, joined_known: bool
) -> float | None:
    """How likely a piece at a line end is as a word of its own: the lexicon's or the
    document's word, or a token the document prints at another place with no line end on
    this side (`unbroken`: `Unbroken.ends` for the piece ending the line, `Unbroken.starts`
    for the one opening the next), as likely as the rarest word (`PRINTED_WORD_LOG10`).
    Narrow columns without line-end spaces print an acronym whole (`CONACOES`) only at a
    line's start or end, where nothing says it is whole; the piece of a word a line cut is
    printed at line ends only, however often the same cut recurs.

    A piece known only so is no word against the lexicon's or the document's word the two
    pieces make (`joined_known`: `interinstituci` / `onal` where `interinstituci` is
    printed before a word elsewhere, `interinstitucional` is a word)."""
    found = known.log10(piece)
    if found is None and piece in unbroken and not joined_known:
        return PRINTED_WORD_LOG10
    return found


UNKNOWN_WORD_LOG10 = -8.0
"""A word nobody knows is at most as likely as the rarest word of the list, before its
letters are spelled (`LETTER_LOG10`)."""
LETTER_LOG10 = -1.2
"""Each letter of a word nobody knows costs the odds of one letter among the alphabet's,
as a spelling model that knows no words reads it (Spanish letters carry about 4 bits,
10^-1.2): of two readings that each hold an unknown word, the one spelling fewer unknown
letters with a known word beside them wins (`sistematice` / `buenas`: the subjunctive
`sistematice` is not in wordfreq's list, `buenas` is one in 10^3.8, and gluing them spells
six more unknown letters)."""


@dataclass(frozen=True)
class Pieces:
    """A line end's two pieces as printed (`left`, `right`) and the parts that meet there
    as the lexicon lists them (`a`, `b`)."""

    left: str
    right: str
    a: str
    b: str


def _read_by_letters(pieces: Pieces, first: float | None, second: float | None) -> Reading:
    """Both readings hold a word nobody knows (the joined word, and one piece): the letters
    the unknown words spell decide (`_spelled`). Pieces of a name, or of a word, that nobody
    knows, and an acronym (`STCNNA` / `ST`: its letters spell no word), stay undecided,
    unless the joined word is a name the plans print (`plan_names`), or, the joined word no
    name, both pieces are (held-out fpdf 4959 `05`: `CONATT` / `MSP`, two acronyms of the
    gazetteer printed once, across a line end, undecided: a warning on an exact document)."""
    names = plan_names()
    if pieces.a + pieces.b in names:
        return Reading.ONE_WORD
    if pieces.a in names and pieces.b in names:
        return Reading.TWO_WORDS
    if (first is None and second is None) or _acronym(pieces.left) or _acronym(pieces.right):
        return Reading.UNDECIDED
    joined = _spelled(pieces.a + pieces.b, None)
    return _likelier(joined, _spelled(pieces.a, first) + _spelled(pieces.b, second), False)


def _spelled(word: str, known: float | None) -> float:
    """`known` (the word's log10 frequency), or, for a word nobody knows, the odds of
    spelling it letter by letter (`UNKNOWN_WORD_LOG10`, `LETTER_LOG10`)."""
    return known if known is not None else UNKNOWN_WORD_LOG10 + LETTER_LOG10 * len(word)


def _likelier(joined: float, apart: float, joined_printed: bool) -> Reading:
    """The likelier reading by `MARGIN_LOG10`. A close call (`fortalecer las` against the
    clitic `fortalecerlas`, `de sensibilización` against `desensibilización`, `proporcionar
    a` against `proporcionara`) is two words unless the document prints the joined form
    somewhere: a line wraps between words far more often than inside one, which a producer
    cuts only where it is wider than a line. (The document's tokens, not its whole words:
    the readers tell spaces apart differently in justified lines, and agree on tokens.)"""
    if joined - apart > MARGIN_LOG10:
        return Reading.ONE_WORD
    if apart - joined > MARGIN_LOG10 or not joined_printed:
        return Reading.TWO_WORDS
    return Reading.UNDECIDED


def _read_slash(left: str, right: str, known: Vocabulary) -> Reading:
    """A slash at a line end: inside a compound (`y/` / `o`, `observadores/` / `as`), or
    ending a word before a space (the truth prints `INAMU/ PLANOVI`)? A producer breaking
    after a slash (WeasyPrint, Chromium without line-end spaces) prints both alike. The
    document's own usage decides, as for a hyphen (`_read_hyphen`): it prints the compound
    (anywhere: a narrow column may print `y/o` only at line ends, where nothing says it is
    whole), or the word with its slash before a space; when it prints both, nothing can
    tell. When it prints neither, the form: a slash before a lowercase letter joins a
    word's alternatives (`y/o`, `observadores/as`), undecided, which the caller joins and
    reports (the review confirms it where the document glues every such slash,
    `review.SlashUsage`); before a capital it parts two names, as the plans print
    `INAMU/ PLANOVI`."""
    stem = key(left)
    joined = stem + key(right)
    compound = joined in known.printed or joined in known.document
    slash_ends_word = stem in known.document
    if compound != slash_ends_word:
        return Reading.ONE_WORD if compound else Reading.TWO_WORDS
    if compound or right[:1].islower():
        return Reading.UNDECIDED
    return Reading.TWO_WORDS


def ends_in_joiner(text: str) -> bool:
    """A word (not a mark standing alone) ends in a compound's joiner (`JOINERS`):
    `Paniamor-`, `y/`."""
    return len(text) > 1 and text[-1] in JOINERS


def compound_parts(token: str) -> list[str]:
    """A compound's parts (`paniamor-programa` → `paniamor`, `programa`; `observadores/as`
    → `observadores`, `as`); a part is empty where the token starts or ends with a joiner."""
    return _COMPOUND.split(token)


def compound_of_words(left: str, right: str, known: Vocabulary) -> bool:
    """Whether a hyphen line end's two halves (`Personas-` / `Explotación`: the parts that
    meet there, `compound_parts`) are each a word the lexicon lists, a letter on its own
    aside (`stray_letter`). Spanish writes a compound of two words with its hyphen between
    them and no space on either side (RAE: `teórico-práctico`, `franco-alemán`), so the
    joined reading of such a line end is the orthographic one; a hyphen before a space is a
    slip. A half the lexicon does not know (a name: `Paniamor-`) says nothing either way."""
    lexicon = known.lexicon
    if lexicon is None or not left.endswith("-"):
        return False
    halves = compound_parts(key(left)[:-1])[-1], compound_parts(key(right))[0]
    return all(half in lexicon and not stray_letter(half) for half in halves)


def _acronym(token: str) -> bool:
    """The token's letters are capitals, more than one (`ST`, `CNNA`, `STCNNA`)."""
    letters = "".join(_LETTERS.findall(token))
    return len(letters) > 1 and letters.isupper()


def _case_changes(left: str, right: str) -> bool:
    """A lowercase letter ends `left` and a capital starts `right` (`Secretaría` /
    `Técnica`), or an acronym ends `left` and a lowercase letter starts `right` (`CONACOES`
    / `cumplan`): no word changes case so."""
    last = _LETTERS.findall(left)
    first = _LETTERS.findall(right)
    if not (last and first):
        return False
    tail, head = last[-1], first[0]
    return (tail[-1].islower() and head[0].isupper()) or (
        len(tail) > 1 and tail.isupper() and head[0].islower()
    )


def _read_hyphen(left: str, right: str, known: Vocabulary) -> Reading:
    """A hyphen at a line end: inside a compound (`E-` / `Mentores`, `VIH-` / `SIDA`), or
    ending a word before a space (`Paniamor-` / `Programa`)? The document's own usage
    decides: it prints the compound whole, or the word with its hyphen before a space; when
    it prints both, nothing can tell. When it prints neither, the form and the lexicon: a
    hyphen between a lowercase letter and a capital after a name the lexicon does not know
    most often parts the name from the next phrase (`Paniamor- Programa`), so that reading
    is reported; after a common word it joins a compound of titles
    (`Personas-Explotación`), as a hyphen otherwise joins the words on its two sides; that
    reading is reported too, the evidence being the form alone."""
    stem = key(left)
    compound = stem + key(right) in known.document
    hyphen_ends_word = stem in known.document
    if compound and hyphen_ends_word:
        return Reading.UNDECIDED
    if compound or hyphen_ends_word:
        return Reading.TWO_WORDS if hyphen_ends_word else Reading.ONE_WORD
    if not _case_changes(left, right):
        return Reading.ONE_WORD
    common = known.lexicon is not None and stem.rstrip("-") in known.lexicon
    return Reading.UNDECIDED if common else Reading.PROBABLY_TWO
