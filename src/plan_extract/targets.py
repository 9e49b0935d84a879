"""Parse Spanish target and indicator cells into structured commitments.

Plans state targets in free prose ("Al menos 2 talleres de sensibilización realizados en el
cuarto trimestre 2023."). This module finds, per commitment, the comparator, the quantity, the
counted unit, a percentage and the deadline, and keeps the text it read them from. What looks
like data but fits no known form is returned in `unparsed` instead of being guessed. The
Spanish vocabulary lives in `data/targets_es.json`; nothing here knows a particular plan.
Deadlines are read by the shared date grammar (`plan_extract.dates`), which the audit uses too.

All matching runs on a *folded* copy of the text (lower case, accents stripped) that has the
same length as the original, so every span found maps straight back to the printed words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from plan_extract.dates import date_grammar, find_deadlines, phrase_alternation, spanish_vocabulary
from plan_extract.models import Commitment, Deadline
from plan_extract.normalize import YEAR, fold_keeping_offsets, printed_text

MASK = "\x00"
"""Fills consumed spans in the folded text, so later patterns cannot read through them."""


@dataclass(frozen=True)
class _Grammar:
    """Compiled patterns and lookup tables built from the vocabulary."""

    number_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    clause_split_re: re.Pattern[str]
    indicator_split_re: re.Pattern[str]
    data_word_re: re.Pattern[str]
    comparator_of: dict[str, str]
    number_of: dict[str, int]
    tens_of: dict[str, int]
    stop_words: frozenset[str]
    participle_suffixes: tuple[str, ...]
    articles: frozenset[str]
    coordinators: frozenset[str]
    abbreviations: frozenset[str]


@cache
def grammar() -> _Grammar:
    """Build the patterns once from `spanish_vocabulary()`."""
    vocab = spanish_vocabulary()
    comparator_of = {
        re.sub(r"\s+", " ", fold_keeping_offsets(phrase)): name
        for name, phrases in vocab["comparators"].items()
        for phrase in phrases
    }
    number_of = {fold_keeping_offsets(word): value for word, value in vocab["number_words"].items()}
    tens_of = {fold_keeping_offsets(word): value for word, value in vocab["tens_words"].items()}
    month_of = date_grammar().month_of

    comparator = rf"(?:(?P<comparator>{phrase_alternation(list(comparator_of))})\s+)"
    number_word = (
        rf"(?:{phrase_alternation(list(tens_of))})(?:\s+y\s+(?:{phrase_alternation(list(number_of))}))?"
        rf"|{phrase_alternation(list(number_of))}"
    )
    digits = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
    percent_sign = r"\s*(?:%|por\s+ciento)"
    number_re = (
        rf"(?<![\w\-./]){comparator}?(?<!cada\s)(?P<number>{digits}|(?:{number_word}))"
        rf"(?!\w)(?![.,]\d)(?!{percent_sign})"
    )
    percent_articles = phrase_alternation(vocab["percent_articles"])
    percent_re = (
        rf"(?<![\w\-./]){comparator}?(?:(?:{percent_articles})\s+)?"
        rf"(?P<percent>\d+(?:[.,]\d+)?){percent_sign}"
    )
    quantity_start = rf"(?:{comparator}?(?:{digits}|{number_word})(?!\w))"
    not_after_tens = "".join(rf"(?<!{re.escape(word)})" for word in tens_of)  # "treinta y dos"
    clause_split_re = rf"{not_after_tens}(?:\s*[,;]\s*|\s+)(?:y|e)\s+(?={quantity_start})"
    heads = phrase_alternation(vocab["indicator_heads"])
    indicator_split_re = rf"\s*,?\s+(?:y|e)\s+(?=(?:{heads})\s+de(?!\w))"
    data_words = phrase_alternation(vocab["data_words"] + list(month_of))
    data_word_re = rf"(?<!\w)(?:{data_words})(?!\w)|%|(?<![\w\-./])\d+(?:[.,]\d+)?(?![\w\-/])"
    return _Grammar(
        number_re=re.compile(number_re),
        percent_re=re.compile(percent_re),
        clause_split_re=re.compile(clause_split_re),
        indicator_split_re=re.compile(indicator_split_re),
        data_word_re=re.compile(data_word_re),
        comparator_of=comparator_of,
        number_of=number_of,
        tens_of=tens_of,
        stop_words=frozenset(fold_keeping_offsets(w) for w in vocab["unit_stop_words"]),
        participle_suffixes=tuple(vocab["participle_suffixes"]),
        articles=frozenset(vocab["articles"]),
        coordinators=frozenset(vocab["coordinators"]),
        abbreviations=frozenset(fold_keeping_offsets(w) for w in vocab["abbreviations"]),
    )


# --- splitting -------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a cell: '.', '!' or '?' before a capital, ';', bullets."""
    spans: list[tuple[int, int]] = []
    start = 0
    boundary = re.compile(r"(?<=[.!?])\s+(?=[¿¡\"“(]?[A-ZÁÉÍÓÚÑÜ])|\s*;\s*|\s*[•✓▪]\s*")
    for match in boundary.finditer(text):
        word_before = re.search(r"(\w+)\.$", text[start : match.start()])
        if word_before and fold_keeping_offsets(word_before.group(1)) in grammar().abbreviations:
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if re.search(r"\w", text[a:b])]


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Cut text[start:end] where `pattern` matches in the folded text."""
    cuts = [(start, start)]
    cuts += [
        (start + m.start(), start + m.end())
        for m in pattern.finditer(fold_keeping_offsets(text[start:end]))
    ]
    cuts.append((end, end))
    return [(cuts[i][1], cuts[i + 1][0]) for i in range(len(cuts) - 1)]


def split_indicators(text: str) -> list[str]:
    """The indicators of a cell: one per sentence, and 'Número de X y número de Y' split."""
    text = printed_text(text)
    pieces = [
        text[a:b].strip()
        for s_start, s_end in _sentences(text)
        for a, b in _split(text, s_start, s_end, grammar().indicator_split_re)
    ]
    return [piece for piece in pieces if piece]


# --- quantities ------------------------------------------------------------------------------


def _number_value(folded: str) -> int:
    g = grammar()
    words = folded.split()
    if words[0] in g.tens_of:
        return g.tens_of[words[0]] + (g.number_of[words[-1]] if len(words) > 1 else 0)
    if words[0] in g.number_of:
        return g.number_of[words[0]]
    return int(folded.replace(".", ""))


_TOKEN = re.compile(rf"{MASK}+|[^\W\d_][\w\-/]*|\d+|[^\w\s]")


def _unit_span(folded: str, start: int, skip_of: bool) -> tuple[int, int] | None:
    """Span of the counted noun phrase beginning at `start` in the folded clause.

    The head noun is always taken; the phrase then grows over adjectives, 'de' complements
    without an article and coordinated words, and stops at prepositions, relatives, verbs,
    participles, punctuation or a consumed span. `skip_of` drops a leading 'de (las)' as in
    '70 % de las instituciones'."""
    g = grammar()
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded, start)]
    i = 0
    if skip_of and tokens and tokens[0][0] in ("de", "del"):
        i = 2 if len(tokens) > 1 and tokens[1][0] in g.articles else 1

    def is_word(k: int) -> bool:
        return k < len(tokens) and tokens[k][0][0].isalpha() and tokens[k][0] not in g.stop_words

    if not is_word(i):
        return None
    first, last = i, i
    i += 1
    while i < len(tokens):
        word = tokens[i][0]
        if word in g.coordinators or word == "de":
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if not is_word(i + 1) or (word == "de" and nxt in g.articles):
                break
            if word in g.coordinators and g.number_re.match(folded, tokens[i + 1][1]):
                break
            last = i + 1
            i += 2
        elif word == ",":
            k = _list_continuation(tokens, i + 1, is_word)
            if k is None:
                break
            last, i = k, k + 1
        elif is_word(i) and not (tokens[i - 1][0] != "de" and word.endswith(g.participle_suffixes)):
            last, i = i, i + 1
        else:
            break
    return tokens[first][1], tokens[last][2]


def _list_continuation(
    tokens: list[tuple[str, int, int]], k: int, is_word: Callable[[int], bool]
) -> int | None:
    """Index of the last word of ', a, b y c' when such a list follows a comma, else None."""
    g = grammar()
    while is_word(k):
        if k + 1 < len(tokens) and tokens[k + 1][0] in g.coordinators and is_word(k + 2):
            return k + 2
        if not (k + 1 < len(tokens) and tokens[k + 1][0] == ","):
            return None
        k += 2
    return None


def _quantity(folded: str) -> tuple[dict[str, Any], list[tuple[int, int]]]:
    """The first quantity or percentage of a clause, with the spans it consumed.

    A year-like number ('del 2021 al 2022 analizados') is a quantity only when a noun follows
    it ('2000 personas'); otherwise it is left for `unparsed`."""
    g = grammar()
    candidates = [*g.percent_re.finditer(folded), *g.number_re.finditer(folded)]
    for match in sorted(candidates, key=lambda m: (m.start(), -m.end())):
        is_percent = "percent" in match.groupdict()
        unit = _unit_span(folded, match.end(), skip_of=is_percent)
        if not is_percent and YEAR.fullmatch(match.group("number")):
            head = folded[unit[0] : unit[1]].split()[0] if unit else ""
            if not head or head.endswith(g.participle_suffixes):
                continue
        comparator = match.group("comparator")
        fields: dict[str, Any] = {
            "comparator": g.comparator_of[re.sub(r"\s+", " ", comparator)] if comparator else None
        }
        if is_percent:
            fields["percent"] = float(match.group("percent").replace(",", "."))
            fields["comparator"] = fields["comparator"] or "percent"
        else:
            fields["quantity"] = _number_value(re.sub(r"\s+", " ", match.group("number")))
            fields["quantity_text"] = (match.start("number"), match.end("number"))
            fields["comparator"] = fields["comparator"] or "exactly"
        spans = [(match.start(), match.end())]
        if unit:
            fields["unit"] = unit
            spans.append(unit)
        return fields, spans
    return {}, []


# --- commitments -----------------------------------------------------------------------------


def _masked(folded: str, spans: list[tuple[int, int]]) -> str:
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


_PIECE = re.compile(rf"(?:[^{MASK},;:()\[\]“”\".]|\.(?=\d))+")
"""A stretch of unconsumed text between punctuation."""


def _unparsed(text: str, folded: str) -> list[str]:
    """Pieces of `text` left unconsumed (not MASK in `folded`) that still hold data words."""
    pieces = (
        text[m.start() : m.end()].strip(" -–")
        for m in _PIECE.finditer(folded)
        if grammar().data_word_re.search(m.group())
    )
    return [piece for piece in pieces if piece]


def parse_target(text: str) -> list[Commitment]:
    """Commitments of a target cell: one per sentence, or per quantity coordinated by 'y'.

    A deadline applies to every commitment of its sentence; a second deadline in the same
    sentence stays unconsumed and so is reported as unparsed."""
    text = printed_text(text)
    commitments: list[Commitment] = []
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        stated = find_deadlines(sentence)
        deadline = stated[0].deadline if stated else None
        spans = [(stated[0].start, stated[0].end)] if stated else []
        folded = _masked(fold_keeping_offsets(sentence), spans)
        for c_start, c_end in _split(sentence, 0, len(sentence), grammar().clause_split_re):
            commitments.append(
                _commitment(sentence[c_start:c_end], folded[c_start:c_end], deadline)
            )
    return commitments


def _commitment(clause: str, folded: str, deadline: Deadline | None) -> Commitment:
    """Parse one clause whose deadline span is already masked in `folded`."""
    fields, spans = _quantity(folded)
    for key in ("unit", "quantity_text"):
        if key in fields:
            start, end = fields[key]
            fields[key] = clause[start:end]
    return Commitment(
        text=clause.strip(),
        deadline=deadline,
        unparsed=_unparsed(clause, _masked(folded, spans)),
        **fields,
    )
