"""Split collaborators/responsible cells into canonical institutions via a gazetteer.

Cells name several bodies with or without separators ("PANI Ministerio Público y Ministerio de
Salud.", "DNI Consejo Participativo INAMU"), so splitting on punctuation is not enough. The
cell is tokenised (case, accents and punctuation ignored) and scanned left to right for the
longest alias of the gazetteer (`data/institutions.json`). Words no alias covers are kept
verbatim as unknown mentions, with a fuzzy suggestion that is reported but never applied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from plan_extract.models import InstitutionMention
from plan_extract.normalize import fold_keeping_offsets
from plan_extract.packaged import data_json

Role = Literal["collaborator", "responsible"]

SUGGESTION_CUTOFF = 85.0
"""Minimum rapidfuzz ratio (0-100) for an alias to be suggested for an unknown name."""

_WORD = re.compile(r"[^\W_]+")
_HARD_BREAK = re.compile(r"[,;/()\-–—.]")
_CLOSERS = ')”"’»'


@dataclass(frozen=True)
class Institution:
    """One gazetteer entry."""

    id: str
    acronym: str | None
    name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Entries plus the lookup tables the matcher needs."""

    entries: dict[str, Institution]
    phrases: dict[tuple[str, ...], str | None]
    """alias or filler words -> entry id (None for a filler, which names nobody)"""
    connectors: frozenset[str]
    none_markers: frozenset[tuple[str, ...]]
    longest: int
    """words in the longest phrase: the scan never looks further ahead"""


def _words(text: str) -> list[tuple[str, int, int]]:
    """Folded words of `text` with their spans in it."""
    return [(fold_keeping_offsets(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _key(text: str) -> tuple[str, ...]:
    return tuple(word for word, _, _ in _words(text))


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer file (default: the packaged one); refuse aliases claimed twice."""
    if path is None:
        return default_gazetteer()
    return _build(json.loads(path.read_text(encoding="utf-8")))


@cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once."""
    return _build(data_json("institutions.json"))


def _build(data: dict) -> Gazetteer:
    entries = {
        raw["id"]: Institution(
            id=raw["id"],
            acronym=raw.get("acronym"),
            name=raw["name"],
            kind=raw.get("kind", "institution"),
            parent=raw.get("parent"),
            aliases=tuple(raw.get("aliases", [])),
        )
        for raw in data["entries"]
    }
    phrases: dict[tuple[str, ...], str | None] = {}
    for entry in entries.values():
        for alias in (entry.name, *entry.aliases, *([entry.acronym] if entry.acronym else [])):
            key = _key(alias)
            if phrases.get(key, entry.id) != entry.id:
                raise ValueError(f"alias {alias!r} names both {phrases[key]} and {entry.id}")
            phrases[key] = entry.id
    for filler in data.get("fillers", []):
        phrases.setdefault(_key(filler), None)
    return Gazetteer(
        entries=entries,
        phrases=phrases,
        connectors=frozenset(fold_keeping_offsets(word) for word in data.get("connectors", [])),
        none_markers=frozenset(_key(marker) for marker in data.get("none_markers", [])),
        longest=max((len(key) for key in phrases), default=0),
    )


_Span = tuple[int, int, InstitutionMention]
"""A mention with the span of the cell text it was read from."""


def match_institutions(
    text: str, role: Role, gazetteer: Gazetteer | None = None
) -> list[InstitutionMention]:
    """Institutions named in one cell, in printed order, each at most once."""
    gaz = gazetteer or default_gazetteer()
    words = _words(text)
    if tuple(word for word, _, _ in words) in gaz.none_markers:
        return []
    found: list[_Span] = []
    leftover: list[int] = []  # indices of words no phrase covered, flushed as unknowns
    i = 0
    while i < len(words):
        for size in range(min(gaz.longest, len(words) - i), 0, -1):
            key = tuple(word for word, _, _ in words[i : i + size])
            if key in gaz.phrases:
                found += _unknowns(text, words, leftover, role, gaz)
                leftover = []
                if (entry_id := gaz.phrases[key]) is not None:
                    span = (words[i][1], words[i + size - 1][2])
                    found.append(_known(text, span, gaz.entries[entry_id], role))
                i += size
                break
        else:
            leftover.append(i)
            i += 1
    found += _unknowns(text, words, leftover, role, gaz)
    return [mention for _, _, mention in _merged(text, found)]


def _known(text: str, span: tuple[int, int], entry: Institution, role: Role) -> _Span:
    start, end = span
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    mention = InstitutionMention(
        role=role,
        text=text[start:end],
        institution_id=entry.id,
        name=entry.name,
        acronym=entry.acronym,
    )
    return start, end, mention


def _unknowns(
    text: str, words: list[tuple[str, int, int]], indices: list[int], role: Role, gaz: Gazetteer
) -> list[_Span]:
    """Unknown mentions from uncovered words: runs cut at punctuation, connectors trimmed."""
    runs: list[list[int]] = []
    for index in indices:
        previous = runs[-1][-1] if runs else None
        if (
            previous is not None
            and previous == index - 1
            and not _HARD_BREAK.search(text[words[previous][2] : words[index][1]])
        ):
            runs[-1].append(index)
        else:
            runs.append([index])
    found = []
    for run in runs:
        while run and words[run[0]][0] in gaz.connectors:
            run = run[1:]
        while run and words[run[-1]][0] in gaz.connectors:
            run = run[:-1]
        if run:
            start, end = words[run[0]][1], words[run[-1]][2]
            name = text[start:end]
            found.append(
                (
                    start,
                    end,
                    InstitutionMention(role=role, text=name, suggestion=suggest(name, gaz)),
                )
            )
    return found


def _merged(text: str, found: list[_Span]) -> list[_Span]:
    """Join adjacent mentions of one entry ('Patronato ... (PANI)'); drop later repeats."""
    out: list[_Span] = []
    for start, end, mention in found:
        entry_id = mention.institution_id
        if out and entry_id and out[-1][2].institution_id == entry_id:
            first = out[-1][0]
            out[-1] = (first, end, mention.model_copy(update={"text": text[first:end]}))
        elif entry_id is None or all(m.institution_id != entry_id for _, _, m in out):
            out.append((start, end, mention))
    return out


def suggest(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """Id of the alias closest to `name` by rapidfuzz ratio, if close enough; else None."""
    # imported here: only a name missing from the gazetteer asks for a suggestion, and
    # rapidfuzz is a twentieth of `extract`'s start-up imports
    from rapidfuzz import fuzz, process

    gaz = gazetteer or default_gazetteer()
    choices = {" ".join(key): entry_id for key, entry_id in gaz.phrases.items() if entry_id}
    best = process.extractOne(
        " ".join(_key(name)), list(choices), scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF
    )
    return choices[best[0]] if best else None
