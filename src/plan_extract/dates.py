"""Spanish dates and deadlines: the one grammar the target parser and the audit share.

A deadline is a time expression, optionally led by a preposition ("al", "hasta", "a más
tardar en"): an ordinal period ("cuarto trimestre", "1° semestre", "primer cuatrimestre",
"último mes"), a day of a month ("31 de diciembre"), a numeric date ("30/06/2024",
"2024-03-31"), a month ("setiembre del 2023"), each with an optional year, or a bare year after
a lead ("durante el 2023"). The words (months, ordinals, periods with their length in months,
leads, year words, articles) are data, in `data/targets_es.json`; this module only arranges
them into patterns.

A bare year is a deadline only after a lead, and not in a range ('del 2021 al 2022'). Some
leads ("para", "en", "a") also introduce the year a datum refers to ("incidencia de ESCNNA
para el año 2022"); a bare year after one of them is a deadline the target parser takes (a
target sentence commits to something, so its year is when) but not a *firm* one: the audit
reports stale deadlines from firm ones only.

Matching runs on `fold_keeping_offsets` of the text (same length, so spans are the printed
words).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from plan_extract.models import Deadline
from plan_extract.normalize import fold_keeping_offsets
from plan_extract.packaged import data_json

MONTHS_IN_YEAR = 12


@cache
def spanish_vocabulary() -> dict[str, Any]:
    """The Spanish vocabulary file (targets, indicators and dates), loaded once."""
    data: dict[str, Any] = data_json("targets_es.json")
    return data


def phrase_alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of folded phrases, longest first, any whitespace between words."""
    folded = sorted({fold_keeping_offsets(phrase) for phrase in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in p.split()) for p in folded)


@dataclass(frozen=True)
class Period:
    """A named part of the year: how many months it spans and which `Deadline` field numbers
    it ('quarter', 'semester', 'month'; None when the model has no field for it, as for a
    cuatrimestre, which then resolves to its `due` date only)."""

    months: int
    field: str | None


@dataclass(frozen=True)
class DateGrammar:
    """Compiled deadline patterns, each flagged firm or not, and the word tables."""

    patterns: tuple[tuple[re.Pattern[str], bool], ...]
    ordinal_of: dict[str, int]
    """Folded ordinal -> its number; 0 for 'último' (the last period of the year)."""
    period_of: dict[str, Period]
    month_of: dict[str, int]


@dataclass(frozen=True)
class StatedDeadline:
    """A deadline found in a text: its span there, its value, and whether it is firm."""

    start: int
    end: int
    deadline: Deadline
    firm: bool


@cache
def date_grammar() -> DateGrammar:
    """Build the patterns once from `spanish_vocabulary()`."""
    vocab = spanish_vocabulary()
    ordinal_of = {fold_keeping_offsets(w): value for w, value in vocab["ordinals"].items()}
    ordinal_of.update({fold_keeping_offsets(w): 0 for w in vocab["last_words"]})
    month_of = {fold_keeping_offsets(w): value for w, value in vocab["months"].items()}
    period_of = {
        fold_keeping_offsets(w): Period(spec["months"], spec.get("field"))
        for w, spec in vocab["periods"].items()
    }

    leads = vocab["deadline_leads"] + vocab["weak_deadline_leads"]
    lead = rf"(?:(?:{phrase_alternation(leads)})\s+)"
    firm_lead = rf"(?:(?:{phrase_alternation(vocab['deadline_leads'])})\s+)"
    weak_lead = rf"(?:(?:{phrase_alternation(vocab['weak_deadline_leads'])})\s+)"
    article = rf"(?:(?:{phrase_alternation(vocab['articles'])})\s+)?"
    of = r"(?:(?:de|del)\s+)?"
    year_word = rf"(?:(?:{phrase_alternation(vocab['year_words'])})\s+{of})?"
    year = r"(?P<year>(?:19|20)\d{2})(?!\d)"
    of_year = rf"(?:\s*,?\s*{of}{article}{year_word}{year})"
    ordinal = rf"(?P<ordinal>{phrase_alternation(list(ordinal_of))})"
    period = rf"(?P<period>{phrase_alternation(list(period_of))})"
    month = rf"(?P<month>{phrase_alternation(list(month_of))})"
    bare_year = rf"{article}{year_word}{year}"
    patterns = (
        (rf"(?<!\w){lead}?{article}{ordinal}\s+{period}(?!\w){of_year}?", True),
        (rf"(?<!\w){lead}?{article}(?P<day>\d{{1,2}})\s+de\s+{month}(?!\w){of_year}?", True),
        (rf"(?<![\w/]){lead}?{article}(?P<day>\d{{1,2}})/(?P<month_number>\d{{1,2}})/{year}", True),
        (
            rf"(?<![\w-]){lead}?{article}{year}-(?P<month_number>\d{{2}})-(?P<day>\d{{2}})(?!\d)",
            True,
        ),
        (rf"(?<!\w){lead}?{article}(?:mes\s+de\s+)?{month}(?!\w){of_year}", True),
        (rf"(?<!\w)(?<!\d\s){firm_lead}{bare_year}", True),  # (?<!\d\s): not "del 2021 al 2022"
        (rf"(?<!\w)(?<!\d\s){weak_lead}{bare_year}", False),
    )
    return DateGrammar(
        patterns=tuple((re.compile(p), firm) for p, firm in patterns),
        ordinal_of=ordinal_of,
        period_of=period_of,
        month_of=month_of,
    )


def find_deadlines(text: str) -> list[StatedDeadline]:
    """The deadlines stated in `text`, in order, none overlapping another: at each place the
    longest expression wins; an expression naming no real date ('31 de febrero de 2023', a
    fifth quarter) is dropped, and nothing shorter is read in its place."""
    folded = fold_keeping_offsets(text)
    g = date_grammar()
    found = [(m, firm) for p, firm in g.patterns for m in p.finditer(folded)]
    found.sort(key=lambda item: (item[0].start(), -item[0].end()))
    chosen: list[tuple[re.Match[str], bool]] = []
    for match, firm in found:
        if not chosen or match.start() >= chosen[-1][0].end():
            chosen.append((match, firm))
    stated = []
    for match, firm in chosen:
        deadline = _deadline(text, match)
        if deadline is not None:
            stated.append(StatedDeadline(match.start(), match.end(), deadline, firm))
    return stated


def calendar_dates(text: str) -> list[dt.date]:
    """The calendar dates `text` prints ("14 de noviembre de 2023", "30/06/2024"), in order."""
    return [s.deadline.date for s in find_deadlines(text) if s.deadline.date is not None]


def _deadline(text: str, match: re.Match[str]) -> Deadline | None:
    """A `Deadline` from a pattern match; None when the date does not exist."""
    g = date_grammar()
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    numbered: dict[str, int] = {}
    last_month = MONTHS_IN_YEAR
    date = None
    if groups.get("period"):
        period = g.period_of[groups["period"]]
        count = MONTHS_IN_YEAR // period.months
        number = g.ordinal_of[groups["ordinal"]] or count
        if number > count:
            return None
        if period.field:
            numbered[period.field] = number
        last_month = number * period.months
    if groups.get("month"):
        numbered["month"] = last_month = g.month_of[groups["month"]]
    if groups.get("month_number"):
        numbered["month"] = last_month = int(groups["month_number"])
    if groups.get("day"):
        if year is None:
            return None
        try:
            date = dt.date(year, numbered.pop("month", 0), int(groups["day"]))
        except ValueError:
            return None
    return Deadline(
        text=text[match.start() : match.end()],
        year=year,
        date=date,
        due=_due(year, last_month, date),
        **numbered,
    )


def _due(year: int | None, last_month: int, date: dt.date | None) -> dt.date | None:
    """Last day of the stated period: the date itself, else the last day of its last month."""
    if date is not None:
        return date
    if year is None:
        return None
    return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
