"""Text normalisation: every way the package compares text, each under its own name.

Comparisons need different forgetting. A printed value is compared as printed but not as laid
out (`printed_text`); vocabulary matches forget case, accents and punctuation
(`vocabulary_key`); the target parser forgets case and accents but must keep every character's
offset, so that what it finds maps back to the printed words (`fold_keeping_offsets`); the
audit's time and quantity words forget case and accents only (`caseless_unaccented`); sheet
headers also forget spaces, dashes and underscores (`sheet_header_key`). Years are masked when
two plan years must pair (`mask_years`).

This module imports nothing from the package: every layer (pdf/, tables/, plan/, the rest) may
use it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
"""A four-digit year of the 20th or 21st century, not part of a longer number."""

_SPACES = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space, ends stripped."""
    return _SPACES.sub(" ", text).strip()


def printed_text(value: object) -> str:
    """What was printed, not how it was laid out: NFC, whitespace collapsed, None as "",
    a list or tuple as its items joined by " | "."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = " | ".join(printed_text(v) for v in value)
    return collapse_whitespace(unicodedata.normalize("NFC", str(value)))


def caseless_collapsed(text: str) -> str:
    """Whitespace collapsed and lower case; accents kept (cell texts compared across pages)."""
    return collapse_whitespace(text).lower()


def strip_accents(text: str) -> str:
    """Compatibility decomposition (NFKD) without the combining marks: 'Promoción' ->
    'Promocion', 'ﬁ' -> 'fi'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def caseless_unaccented(text: str) -> str:
    """`printed_text`, case-folded, accents stripped: the form the audit's Spanish words are
    written in. Word boundaries stay where they were."""
    return strip_accents(printed_text(text).casefold())


VOCABULARY_KEYS_KEPT = 8192
"""Texts whose `vocabulary_key` is kept: the stages match the same header labels, cell texts
and stamp lines against the vocabularies again and again (a 20-page plan asks for some 6 800
keys of 1 500 texts, about 45 ms computed each time)."""


@lru_cache(maxsize=VOCABULARY_KEYS_KEPT)
def vocabulary_key(text: str) -> str:
    """Lower case, no accents, punctuation as spaces ('%' kept), spaces collapsed: the form
    every vocabulary entry (column labels, section names, stamp phrases) is matched in."""
    stripped = strip_accents(text).lower()
    return collapse_whitespace(re.sub(r"[^\w\s%]", " ", stripped))


def sheet_header_key(text: object) -> str:
    """A sheet's column header regardless of case, accents, spaces, dashes and underscores:
    'Número de actividad', 'numero_de-actividad' -> 'numero_de_actividad'."""
    folded = strip_accents(str(text).casefold())
    return re.sub(r"[\s_\-]+", "_", folded).strip("_")


def fold_keeping_offsets(text: str) -> str:
    """Lower case without accents, one character per input character, so that a span found in
    the folded text is the same span of the original. A character whose lower case is longer
    than one character ('İ') keeps its unaccented form, unlowered."""
    return "".join(map(_fold_char, text))


FOLDED_CHARS_KEPT = 4096
"""Characters whose `fold_keeping_offsets` form is kept: a plan's text uses a few hundred
distinct characters, folded one by one (enrich folds some 20 000 of them on the 2024 plan,
about 3 ms of its 13 computed each time); bounded, since a hostile file may use any."""


@lru_cache(maxsize=FOLDED_CHARS_KEPT)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


def mask_years(text: str, placeholder: str = "YYYY") -> str:
    """Every `YEAR` replaced by `placeholder`, so that two plan years of a text compare equal."""
    return YEAR.sub(placeholder, text)
