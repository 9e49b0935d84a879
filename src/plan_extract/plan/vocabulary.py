"""The vocabulary (header names, section names, stamp phrases) loaded from data, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from plan_extract.normalize import vocabulary_key
from plan_extract.packaged import data_json

fold = vocabulary_key
"""The old name of `normalize.vocabulary_key`, kept while plan/page_tables.py and plan/stitch.py
(rewritten on other branches) still import it; new code imports `vocabulary_key`."""


MIN_CONTAINED_ALIAS = 4
"""Characters: shorter aliases (number-column labels) name a column only as the whole label."""


@dataclass(frozen=True)
class Vocabulary:
    columns: dict[str, tuple[str, ...]]
    spanning_columns: frozenset[str]
    required_columns: frozenset[str]
    group_headers: frozenset[str]
    general_objective_labels: tuple[str, ...]
    section_heading_markers: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    stamp_markers: tuple[str, ...]
    stamp_date_labels: tuple[str, ...]
    title_markers: tuple[str, ...]
    approval_markers: tuple[str, ...]
    countries: tuple[str, ...]

    def column_field(self, label: str) -> str | None:
        """Canonical field of a printed column label, or None when it is not a known column.

        A label that is no alias but holds the words of one ("Instituciones colaboradoras",
        "Metas 2024") names that alias's field, when only one field's aliases occur in it:
        templates qualify column names freely. Short aliases ("n", "no") must match whole."""
        folded = vocabulary_key(label)
        if field := self.alias_field(label):
            return field
        padded = f" {folded} "
        fields = {
            field
            for field, aliases in self.columns.items()
            for alias in aliases
            if len(alias) >= MIN_CONTAINED_ALIAS and f" {alias} " in padded
        }
        if len(fields) == 1:
            return fields.pop()
        return self._compact_column_field(folded)

    def alias_field(self, label: str) -> str | None:
        """The field whose alias the label is, whole (no qualifying words around it)."""
        folded = vocabulary_key(label)
        return next((f for f, aliases in self.columns.items() if folded in aliases), None)

    def _compact_column_field(self, folded: str) -> str | None:
        """The field of a label that matches an alias only with spaces ignored: a word cut
        inside a narrow header cell ("Responsabl es") or two words glued where the producer
        dropped the space at a line's end ("Medios deVerificación") still name the column.
        The whole label first, then an alias inside it, if only one field's aliases fit."""
        compact = _without_spaces(folded)
        for field, aliases in self.columns.items():
            if compact in {_without_spaces(a) for a in aliases}:
                return field
        fields = {
            field
            for field, aliases in self.columns.items()
            for alias in aliases
            if len(alias) >= MIN_CONTAINED_ALIAS and _without_spaces(alias) in compact
        }
        return fields.pop() if len(fields) == 1 else None

    def is_group_header(self, label: str) -> bool:
        """A label over several columns ("Evaluación"), with spaces ignored if need be."""
        folded = vocabulary_key(label)
        return folded in self.group_headers or _without_spaces(folded) in {
            _without_spaces(g) for g in self.group_headers
        }

    @cached_property
    def header_words(self) -> frozenset[str]:
        """Every single word that occurs in a column or group label. Kept once made: the
        header finder asks for them for every text it reads as a label (some 290 times on
        the 2024 plan, 2.5 ms built each time)."""
        words = {w for aliases in self.columns.values() for alias in aliases for w in alias.split()}
        words |= {w for label in self.group_headers for w in label.split()}
        return frozenset(words)

    @cached_property
    def _opened_fields(self) -> dict[str, frozenset[str]]:
        """Each word that starts a column label, with the fields whose labels it starts. Kept
        once made: the header finder asks `fields_opened_by` for every label it weighs (some
        1 400 times on the 2023 plan, 6 µs each when every alias was split again)."""
        opened: dict[str, set[str]] = {}
        for field, aliases in self.columns.items():
            for alias in aliases:
                opened.setdefault(alias.split()[0], set()).add(field)
        return {word: frozenset(fields) for word, fields in opened.items()}

    def first_words(self) -> frozenset[str]:
        """Words that start a column label: what a header row is recognised by."""
        return frozenset(self._opened_fields)

    def fields_opened_by(self, word: str) -> frozenset[str]:
        """The fields whose column labels start with `word` (a first word, `first_words`)."""
        return self._opened_fields.get(vocabulary_key(word), frozenset())

    def labels_named(self, first_words: Iterable[str]) -> int:
        """How many columns the first words of labels name: the spellings of one label
        ('Actividad', 'Actividades') name it once."""
        return len({self.fields_opened_by(word) for word in first_words})

    def section_name(self, heading: str) -> str | None:
        folded = vocabulary_key(heading)
        for name, keywords in self.sections:
            if all(k in folded for k in keywords):
                return name
        return None


def _without_spaces(text: str) -> str:
    return "".join(text.split())


@cache
def load_vocabulary() -> Vocabulary:
    raw = data_json("vocabulary.json")
    return Vocabulary(
        columns={
            field: tuple(vocabulary_key(a) for a in aliases)
            for field, aliases in raw["columns"].items()
        },
        spanning_columns=frozenset(raw["spanning_columns"]),
        required_columns=frozenset(raw["required_columns"]),
        group_headers=frozenset(vocabulary_key(g) for g in raw["group_headers"]),
        general_objective_labels=tuple(vocabulary_key(x) for x in raw["general_objective_labels"]),
        section_heading_markers=tuple(vocabulary_key(x) for x in raw["section_heading_markers"]),
        sections=tuple(
            (s["name"], tuple(vocabulary_key(k) for k in s["all_of"])) for s in raw["sections"]
        ),
        stamp_markers=tuple(vocabulary_key(x) for x in raw["signature_stamp"]["markers"]),
        stamp_date_labels=tuple(raw["signature_stamp"]["date_labels"]),
        title_markers=tuple(vocabulary_key(x) for x in raw["cover"]["title_markers"]),
        approval_markers=tuple(vocabulary_key(x) for x in raw["cover"]["approval_markers"]),
        countries=tuple(raw["cover"]["countries"]),
    )
