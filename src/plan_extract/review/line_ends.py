"""Line ends: whether two pieces across a line end are one word or two, decided from the document's
own vocabulary, the lexicon and the producer's habits."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from plan_extract.models import TEXT_FIELDS, Activity, Finding, Piece, Severity
from plan_extract.numbering import number_parts
from plan_extract.pdf import language
from plan_extract.pdf.text import CLOSING_MARKS, LONE_WORD_FULL_EM
from plan_extract.review.context import (
    NEEDS_REVIEW_SEVERITIES,
    _finding,
    _first_page,
    _full_line,
)
from plan_extract.review.joins import HYPHEN_STEM, Join, JoinDoubt, _binding, _in_its_token, _key

if TYPE_CHECKING:
    from plan_extract.review.context import ReviewContext
    from plan_extract.review.joins import ValueLines


HYPHEN_LINE_END_SEVERITY: Severity = "info"
"""A hyphen at a line end with no space written ('Paniamor-' / 'Programa') that the reading
stage could not decide, or that only the document's vocabulary judges, is an `info` note: the
plans print the same compound both ways ('Paniamor- Programa' and 'Paniamor-Programa' in one
document), so the form printed elsewhere decides nothing, and a warning would put exact
documents with such a line end under review. `unprinted_compound_findings` makes it a doubt
where the document prints the compound nowhere on one line, unless it is read joined and
both halves are words of the lexicon (`_orthographic_compound`, docs/review.md)."""


UNPRINTED_COMPOUND = (
    "a compound the document prints nowhere on one line: one word or two cannot be told"
)
"""Why `unprinted_compound_findings` doubts a hyphen line end the document gives no usage for
(and the language none: `_orthographic_compound`)."""


KEPT_WHOLE = (
    "read as one word where the producer keeps compounds whole on a line and this one fits"
    " a line: it broke at a space after the hyphen"
)
"""`hyphen_line_end`'s reason where the producer's breaks part the compound
(`_spaced_by_producer`) and the value glues it."""


KEPT_TOGETHER = (
    "read as two words, but the producer keeps the two on one line where it could break after "
    "the hyphen (`Paniamor- Programa` opening a line): a line it breaks there had no space"
)
"""Why `unprinted_compound_findings` doubts a hyphen line end read as two words that the
producer's own line breaks contradict (`_kept_together`)."""


ORTHOGRAPHIC_COMPOUND = (
    "both halves are words the lexicon knows, and Spanish writes such a compound with no space"
    " after its hyphen"
)
"""Why `settled_line_ends` settles a hyphen line end the document gives no usage for
(`_orthographic_compound`)."""


def unprinted_compound_findings(
    context: ReviewContext, stage_findings: Iterable[Finding]
) -> list[Finding]:
    """A hyphen line end the reading stage left undecided (`line_end_undecided`, a note:
    'Paniamor-' / 'Programa', no space written, the language cannot tell) is a doubt when
    the document prints that compound nowhere on one line, in either form: the reading is
    then a guess with nothing in the document behind it. Where the document prints it, its
    usage is on record, though the plans print one compound both ways, so it stays a note,
    unless the line end is read as two words where the producer shows it breaks no line
    after that hyphen's space (`_kept_together`: random layouts 89-2, 89-7, 89-10, 90-10
    read 'Paniamor-Programa' as 'Paniamor- Programa' with no finding but this note). Read
    joined with two words of the lexicon on its sides ('Personas-' / 'Explotación'), the
    language speaks where the document is silent: `settled_line_ends` settles it
    (`_orthographic_compound`)."""
    undecided = {
        (f.activity_id, f.field)
        for f in stage_findings
        if f.check == UNDECIDED_LINE_END and f.severity not in NEEDS_REVIEW_SEVERITIES
    }
    findings = []
    for section, activity in context.plan.activities():
        for name, pieces in activity.provenance.items():
            if (activity.activity_id, name) not in undecided:
                continue
            for before, after in pairwise(pieces):
                last, first = before.text.split(" ")[-1], after.text.split(" ")[0]
                if len(last) < 2 or not last.endswith("-") or not first:
                    continue
                if _orthographic_compound(context, activity, name, last, first):
                    continue  # settled (`settled_line_ends`)
                stem, tail = _key(last), _key(first)
                apart = f"{last} {first}" in (getattr(activity, name, None) or "")
                spaced = _spaced_by_producer(context, activity, name, last, first)
                if apart and context.keeps_together(stem, tail):
                    why = KEPT_TOGETHER
                elif spaced is not None:
                    if apart:
                        continue  # settled (`settled_line_ends`)
                    why = KEPT_WHOLE
                elif context.prints_compound(stem, tail):
                    continue
                else:
                    why = UNPRINTED_COMPOUND
                findings.append(
                    _finding(
                        "hyphen_line_end",
                        "warning",
                        f"{name}: “{last}” / “{first}” across a line end, {why}",
                        section.name,
                        activity,
                        name,
                        after.page,
                    )
                )
    return findings


def _orthographic_compound(
    context: ReviewContext, activity: Activity, name: str, last: str, first: str
) -> bool:
    """Whether the hyphen line end `last` / `first` of the activity's field is read joined
    where nothing but the language speaks: the document prints the compound nowhere on one
    line (`ReviewContext.prints_compound`), the producer's breaks do not read it
    (`_spaced_by_producer`), and its two halves are words of the lexicon
    (`language.compound_of_words`: `Personas-Explotación`). The joined reading is then the
    orthographic form, not a guess: a note. A reading apart (`Personas- Explotación`), or
    halves the lexicon does not know (`Paniamor-` / `Programa`, which the plans print both
    ways), stay doubts."""
    value = getattr(activity, name, None) or ""
    return (
        f"{last}{first}" in value
        and f"{last} {first}" not in value
        and _spaced_by_producer(context, activity, name, last, first) is None
        and not context.prints_compound(_key(last), _key(first))
        and language.compound_of_words(last, first, context.vocabulary())
    )


def _chosen_break(context: ReviewContext, before: Piece, after: Piece) -> bool:
    """Whether the line end between the hyphen-ended word ending `before` and the word
    opening `after` is a break the producer chose, not a cut of a word wider than the line:
    the two, as one word, fit on a line of the cell (within the widest line the page prints
    in the column), or the line leaves room for a glyph more (`text.LONE_WORD_FULL_EM`: a cut
    fills its line up to the glyph that does not fit)."""
    last, first = context.piece_words(before)[-1:], context.piece_words(after)[:1]
    if not last or not first:
        return False
    right = context.column_right(before)
    width = (last[0].x1 - last[0].x0) + (first[0].x1 - first[0].x0)
    return width <= right - before.bbox[0] or right - last[0].x1 >= LONE_WORD_FULL_EM * last[0].size


def _hyphen_line_end(
    activity: Activity, name: str, left: str, right: str
) -> tuple[Piece, Piece] | None:
    """The two lines of the activity's field that the line end `left` / `right` parts."""
    for before, after in pairwise(activity.provenance.get(name, [])):
        if before.text.split(" ")[-1] == left and after.text.split(" ")[0] == right:
            return before, after
    return None


def _spaced_by_producer(
    context: ReviewContext, activity: Activity, name: str, left: str, right: str
) -> bool | None:
    """How the producer's breaks read a hyphen line end with no space written ('Paniamor-' /
    'Programa'): where it keeps compounds whole (`_keeps_compounds_whole`) and did not cut a
    word wider than the line there (`_chosen_break`), the line broke at a space after the
    hyphen (True); None where they do not tell."""
    if not left.endswith("-") or not context.keeps_compounds_whole():
        return None
    lines = _hyphen_line_end(activity, name, left, right)
    if lines is None or not _chosen_break(context, *lines):
        return None
    return True


def line_end_label(left: str, right: str) -> str:
    """How a stage's `line_end_undecided` finding names its line end (its message starts
    with this): the review finds the line end again by it."""
    return f"{left!r} / {right!r}"


_QUOTED = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""
"""A Python `repr` of a string, in single or double quotes."""


_LABEL = re.compile(rf"^({_QUOTED}) / ({_QUOTED})")
"""`line_end_label`'s two quoted words at a message's start."""


def line_end_words(message: str) -> tuple[str, str] | None:
    """The two words a message starting with `line_end_label` names, as the stage read them
    (the right one may already join a later line end: 'ST' / 'CONACOES' of the lines
    `ST`, `CONACOE`, `S`); None for another message."""
    match = _LABEL.match(message)
    if match is None:
        return None
    left, right = (ast.literal_eval(group) for group in match.groups())
    return (left, right) if isinstance(left, str) and isinstance(right, str) else None


def settled_line_ends(context: ReviewContext, stage_findings: list[Finding]) -> list[Finding]:
    """The stage's undecided line ends (not a hyphen's: `unprinted_compound_findings`) that
    the document itself decides: its lines print the reading taken (the two words side by
    side, or the joined word between two others, `_decided_by_document`) and never the other
    one, or, for an item number broken over two lines ('2.3.' / '4.'), the numbering does
    (`_numbering_confirms`); a hyphen's, read apart where the producer keeps compounds whole
    (`_spaced_by_producer`), or read joined as the orthographic compound of two words
    (`_orthographic_compound`). Those become notes (`info`); the others are kept as they are.
    The language could not tell (`desensibilización` and `de sensibilización` are both
    Spanish); the document's usage can."""
    if not any(f.check == UNDECIDED_LINE_END for f in stage_findings):
        return list(stage_findings)
    parted: set[tuple[str, str]] = set()
    activities: dict[str | None, Activity] = {}
    for _, activity in context.plan.activities():
        activities[activity.activity_id] = activity
        for name in activity.provenance:
            lines = context.value_lines(activity, name)
            for (last, first), joined in zip(lines.ends, lines.joins, strict=True):
                if joined is False:
                    parted.add((_key(last), _key(first)))
    # The words each doubt names, as the stage read them (`line_end_label` starts its message).
    doubted_ends = [
        (f, line_end_words(f.message) if f.check == UNDECIDED_LINE_END else None)
        for f in stage_findings
    ]
    undecided = {
        (_key(words[0]), _key(words[1]))
        for finding, words in doubted_ends
        if words is not None and finding.check == UNDECIDED_LINE_END
    }
    edges = WordEdges.of(context, parted - undecided)
    settled = []
    for finding, words in doubted_ends:
        if finding.check != UNDECIDED_LINE_END or words is None:
            settled.append(finding)
            continue
        doubted = activities.get(finding.activity_id)
        value = (getattr(doubted, finding.field or "", None) or "") if doubted else ""
        if finding.severity == "info":
            settled.append(_settled_hyphen(context, finding, doubted, *words))
            continue
        if _decided_by_document(
            context, edges, *words, finding.message, value
        ) and not _lone_hyphen_line_open(context, doubted, finding.field, words[1]):
            settled.append(
                _note(finding, "the document prints that reading on one line, and never the other")
            )
        elif doubted is not None and _numbering_confirms(doubted, finding.field or ""):
            settled.append(
                _note(finding, "the numbering confirms it (a number under its parent's)")
            )
        else:
            settled.append(finding)
    return settled


def _settled_hyphen(
    context: ReviewContext, finding: Finding, doubted: Activity | None, left: str, right: str
) -> Finding:
    """The stage's `info` note on the hyphen line end `left` / `right`, settled where the
    producer's breaks read it apart (`_spaced_by_producer`) or the language reads it joined
    (`_orthographic_compound`); as it is otherwise."""
    if doubted is None:
        return finding
    name = finding.field or ""
    value = getattr(doubted, name, None) or ""
    if f"{left} {right}" in value and _spaced_by_producer(context, doubted, name, left, right):
        return _note(
            finding, "the producer keeps compounds whole on a line, and this one fits a line"
        )
    if _orthographic_compound(context, doubted, name, left, right):
        return _note(finding, ORTHOGRAPHIC_COMPOUND)
    return finding


def _lone_hyphen_line_open(
    context: ReviewContext, activity: Activity | None, field: str | None, right: str
) -> bool:
    """Whether the doubted line end opens a line that holds a hyphen alone, whose own line end
    carries no written-space fact (`Word.space_after` is None): the doubt on the line end
    before the hyphen is then the only finding the value's next line end gets. A hyphen
    binding to the word before it (`_binding_hyphen`) settles the first line end
    (`Paniamor` / `-`), not the second (`-` / `Programa`): the plans print that compound
    with and without a space after the hyphen, and a producer that writes no space facts
    leaves the second undecided (held-out docx 3333 `03`: the truth's `Paniamor-Programa`
    read as `Paniamor- Programa`, its doubt settled by the first line end's binding, the
    activity silent)."""
    if activity is None or not field or right != "-":
        return False
    for piece in activity.provenance.get(field, []):
        if piece.text == right:
            word = context.line_end(piece, right)
            if word is None or word.space_after is None:
                return True
    return False


@dataclass(frozen=True)
class WordEdges:
    """Keys of words the document prints ending a word and starting one: side by side in a
    cell's line (`ReviewContext.cell_bigrams`), or across a line end the values part with a
    space that no stage doubted (a long word in a narrow column opens every line it is on,
    `de` / `sensibilización`, so it is printed after another word on no line)."""

    ends: frozenset[str]
    starts: frozenset[str]

    @classmethod
    def of(cls, context: ReviewContext, parted: set[tuple[str, str]]) -> WordEdges:
        pairs = context.cell_bigrams | parted
        return cls(frozenset(a for a, _ in pairs), frozenset(b for _, b in pairs))


UNDECIDED_LINE_END = "line_end_undecided"
"""The check of a line end the reading stage could not decide (`pipeline`'s doubts): a
warning, or `HYPHEN_LINE_END_SEVERITY` after a hyphen."""


SETTLED_LINE_END = "line_end_settled"
"""The check a stage's undecided line end becomes when the document settles it: a note."""


def _note(finding: Finding, why: str) -> Finding:
    update = {"check": SETTLED_LINE_END, "severity": "info", "message": f"{finding.message}; {why}"}
    return finding.model_copy(update=update)


NUMBER_PARENTS = {
    "activity_number": "objective_number",
    "objective_number": "strategic_action_number",
}
"""Each item number's parent in the plan's hierarchy."""


def _numbering_confirms(activity: Activity, name: str) -> bool:
    """Whether the activity's number in field `name`, read across a line end, is one level
    under its parent's number: a narrow number column breaks '2.3.4.' as '2.3.' / '4.', and
    only the joined reading is a number at all, the one the hierarchy expects."""
    parent = NUMBER_PARENTS.get(name)
    if parent is None:
        return False
    number, above = number_parts(getattr(activity, name)), number_parts(getattr(activity, parent))
    return (
        number is not None
        and above is not None
        and len(number) == len(above) + 1
        and number[: len(above)] == above
    )


def _decided_by_document(
    context: ReviewContext, edges: WordEdges, left: str, right: str, message: str, value: str = ""
) -> bool:
    """Whether the reading the stage's message reports is the one the document prints and the
    other reading is printed nowhere: two words side by side in a cell's line, or the left
    one where a word ends and the right one where a word starts; the joined word between two
    others on a line, or a slash before a lower-case word where the document always glues
    a slash to the lower-case letter after it (`ReviewContext.slash_binds`).
    Side by side counts within a cell only: a page-wide line sets one
    cell's last word beside the next cell's first (`CONACOE` of a cell broken as `CONACOE` /
    `S`, beside another cell's broken `s de la`).
    A hyphen opening the right one binds to the left one where the document prints no
    hyphen between two words (`_binding_hyphen`).
    The joined word is judged as the token of `value` (the field as read) that holds it: a
    word cut over three lines (`in` / `terinstituciona` / `l`, held-out reportlab 2424 `00`)
    is the document's `interinstitucional`, where its last two pieces join into no word."""
    apart = (_key(left), _key(right)) in context.cell_bigrams
    joined_key = _key(_in_its_token(Join(left, right, True, False), value).word)
    whole = context.whole(joined_key)
    if message.endswith(f"read as {f'{left}{right}'!r}"):
        # A slash before a lower-case word, where the document glues a slash to the
        # lower-case letter after it on every line that prints one ('observadores/' / 'as').
        slashed = left.endswith("/") and right[:1].islower() and context.slash_binds
        return (whole or slashed or _binding_hyphen(context, right)) and not apart
    # Two words: printed side by side, or the left one ending a word and the right one
    # starting one elsewhere (`WordEdges`: 'Desarrollar las', 'sistematice' / 'buenas'), while
    # the joined word is printed nowhere.
    ends_a_word, starts_a_word = _key(left) in edges.ends, _key(right) in edges.starts
    return (apart or (ends_a_word and starts_a_word)) and joined_key not in context.printed


def line_end_findings(context: ReviewContext) -> list[Finding]:
    """Where a value joins two printed lines, judge the join by evidence the joining did not
    weigh the same way. A producer that writes spaces at line ends says itself that a space
    followed the line's last word: the value must not glue it to the next. Otherwise the
    document's own vocabulary judges: two words glued into one that the document never
    prints, while it prints each half whole (`glued_words`), or a space put inside a word
    the document prints whole, one of whose halves it never prints whole (`split_word`)."""
    findings = []
    judged: dict[tuple, list[tuple[JoinDoubt, str, Piece, Piece]]] = {}
    for section, activity in context.plan.activities():
        for name, pieces in activity.provenance.items():
            if len(pieces) < 2:  # one line: no line end to judge
                continue
            lines = context.value_lines(activity, name)
            if lines.key not in judged:  # a merged cell's lines are every activity's
                judged[lines.key] = _join_doubts(context, lines)
            for doubt, shown, before, after in judged[lines.key]:
                findings.append(
                    _finding(
                        doubt.check,
                        doubt.severity,
                        f"{name}: “{shown}” joins the lines “…{before.text[-40:]}” and "
                        f"“{after.text[:40]}…”",
                        section.name,
                        activity,
                        name,
                        after.page,
                    )
                )
    return findings


def _join_doubts(
    context: ReviewContext, lines: ValueLines
) -> list[tuple[JoinDoubt, str, Piece, Piece]]:
    """The doubtful joins of one value's printed lines: the doubt, the words as joined, and
    the two lines."""
    doubts = []
    for (before, after), (last, first), joined in zip(
        pairwise(lines.pieces), lines.ends, lines.joins, strict=True
    ):
        if not last or not first:
            continue
        doubt = _join_verdict(context, before, last, first, lines.value, joined)
        if doubt is not None:
            shown = last + first if doubt.check == "glued_words" else f"{last} {first}"
            doubts.append((doubt, shown, before, after))
    return doubts


def inner_split_findings(context: ReviewContext) -> list[Finding]:
    """Two neighbouring words of a value that the document prints elsewhere as one word,
    one of them never printed whole (`split_word`: 'Progra ma' where it prints 'Programa'; a
    reader may part a word at a wide gap inside a line)."""
    findings = []
    split: dict[tuple, tuple[str, str] | None] = {}
    for section, activity in context.plan.activities():
        for name in TEXT_FIELDS:
            lines = context.value_lines(activity, name)
            if lines.key not in split:  # a merged cell's lines are every activity's
                split[lines.key] = _inner_split(context, lines)
            pair = split[lines.key]
            if pair is not None:
                a, b = pair
                findings.append(
                    _finding(
                        "split_word",
                        "warning",
                        f"{name}: “{a} {b}” where the document prints “{a}{b}”",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                )
    return findings


def _inner_split(context: ReviewContext, lines: ValueLines) -> tuple[str, str] | None:
    """The first two neighbouring words of `value` the document prints as one word, one of
    them never printed whole, unless the value's lines part them at a line end the producer
    chose (`_chosen_break`: the line leaves room for a glyph more, where a cut fills its line;
    Word 1109 `03`: `Sub` / `Comisión` in a column 32 pt wide, `Sub` ending 18 pt short of
    it, read right beside a `SubComisión` printed elsewhere)."""
    chosen: set[int] | None = None  # found once, when a pair first gets that far
    for i, (a, b) in enumerate(pairwise(lines.value.split())):
        if not context.whole(_key(a + b)):  # the cheap test first: most pairs stop here
            continue
        if not (_has_letter(_key(a)) and _has_letter(_key(b))):
            continue
        if context.whole(_key(a)) and context.whole(_key(b)):
            continue
        if chosen is None:
            chosen = _chosen_line_ends(context, lines)
        if _token_end(lines.value, i) not in chosen:
            return a, b
    return None


def _token_end(value: str, i: int) -> int:
    """The offset in `value` after its `i`-th word (words parted by white space, as
    `str.split` parts them)."""
    return list(re.finditer(r"\S+", value))[i].end()


def _chosen_line_ends(context: ReviewContext, lines: ValueLines) -> set[int]:
    """Where in the value (the offset after a line's text) a line end the value parts with a
    space is a break the producer chose (`_chosen_break`), not a cut of a word."""
    return {
        span[1]
        for (before, after), span, joined in zip(
            pairwise(lines.pieces), lines.spans[:-1], lines.joins, strict=True
        )
        if span is not None and joined is False and _chosen_break(context, before, after)
    }


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _join_verdict(
    context: ReviewContext,
    before,
    last: str,
    first: str,
    value: str,
    joined: bool | None = None,
) -> JoinDoubt | None:
    if joined is False and not _binding(last, first)[1]:
        # Most line ends: two words parted by a space, neither a slash nor a hyphen between
        # them, which neither the written spaces nor the vocabulary doubt (`_spaced_verdict`
        # and `_vocabulary_verdict` judge only a glued join or a binding mark): only a word
        # split in two is in question, judged without a `Join`.
        return _parted_verdict(context, last, first)
    glued, parted = last + first, f"{last} {first}"
    if joined is None:  # the lines were not found in order: the pair's sole form decides
        join = Join(last, first, glued in value and parted not in value, parted in value)
        join = replace(join, parted=join.parted and glued not in value)
    else:
        join = Join(last, first, joined, not joined)
    if join.glued:
        join = _in_its_token(join, value)
    if join.parted and (doubt := _split_verdict(context, last, first, join.slash)) is not None:
        return doubt
    if join.parted and not join.binds:
        return None  # as above
    if _pushed_mark(before, join) or _case_break(join):
        return JoinDoubt("glued_words")
    if context.line_end_spaces:
        return _spaced_verdict(context, before, join)
    return _vocabulary_verdict(context, join)


def _parted_verdict(context: ReviewContext, last: str, first: str) -> JoinDoubt | None:
    """`_split_verdict` of a line end a value parts with a space, with no slash or hyphen at
    it: the document's words alone decide, so each pair of words is judged once per review
    (`ReviewContext.parted`; a plan ends many lines with the same word before the same
    word)."""
    key = (last, first)
    if key not in context.parted:
        context.parted[key] = _split_verdict(context, last, first, slash=False)
    return context.parted[key]


def _split_verdict(context: ReviewContext, last: str, first: str, slash: bool) -> JoinDoubt | None:
    """A line end the value parts with a space (`last` / `first`) that splits one word."""
    if (
        not slash
        and context.whole(_key(last + first))
        and _has_letter(_key(last))
        and _has_letter(_key(first))
        and not (context.whole(_key(last)) and context.whole(_key(first)))
    ):
        return JoinDoubt("split_word")  # whatever the spaces say: 'Progra ma' beside 'Programa'
    if _cut_acronym(context, last, first):
        return JoinDoubt("split_word")  # 'CO' / 'NACOES' where the document prints 'CONACOES'
    if _stray_letter(first):
        return JoinDoubt("split_word")  # 'Warnat' / 'h': the letter ends a word cut in two
    return None


def _printed_join(context: ReviewContext, join: Join) -> bool:
    """The document prints the glued word: the value's token that holds the join, or the
    two lines' words glued, or (`ReviewContext.printed_across`) the letters on both sides of
    the cut on one line, where another line end cuts the same word at another place (held-out
    docx 2727 `11`: `sistemat` / `ice` in one column, `sistematic` / `e` in the next: neither
    line end is a space, whatever the language makes of `sistematice`)."""
    return any(
        _key(word) in context.printed for word in (join.word, join.last + join.first)
    ) or context.printed_across(join)


def _cut_acronym(context: ReviewContext, last: str, first: str) -> bool:
    """Two capitals-only pieces across a line end, read as two words, that the document
    prints as one token elsewhere while it prints neither piece whole: an acronym a narrow
    column cut at its edge (held-out reportlab 2424 `10`: `CO` / `NACOES` beside `CONACOES`,
    two activities with no finding; judged, then changed). An acronym is no word of the
    lexicon, and a narrow column prints it alone on its line, never between two others of
    its cell, so `ReviewContext.whole` cannot vouch for it: the printed tokens do. A piece
    printed between two words of one cell is a word of its own (`whole_in_a_cell`; a
    page-wide line sets a cell's first word between other cells' words)."""
    left, right = _key(last), _key(first)
    return (
        last.isalpha()
        and last.isupper()
        and first.strip(".,;:").isalpha()
        and first.strip(".,;:").isupper()
        and left + right in context.printed
        and not (context.whole_in_a_cell(left) or context.whole_in_a_cell(right))
    )


def _stray_letter(first: str) -> bool:
    """A line's first word that is one lower-case letter and no Spanish word (`h` of
    `Warnat` / `h`, `s` of `ementore` / `s`, held-out Word 2222-00, silent on four
    activities). LibreOffice cuts a word wider than its column at the cell's edge with no
    hyphen; when every cell prints that word cut the same way, both pieces recur in the
    document (the language counts a piece as a word only where it is printed away from a
    line end, `language.Unbroken`, and then reads such a cut undecided or one word). Parted
    from the line before, such a letter stands alone in the value: none of the kept truths,
    and none of about 200 judged outputs, holds one after a word except these cuts. The
    one-letter words are the language's (`language.stray_letter`); a capital may be an
    initial."""
    return first.islower() and language.stray_letter(first)


def _case_break(join: Join) -> bool:
    """A glued join of a line ending in a lower-case letter and a line starting with a capital
    (`Fundación` / `PANIAMOR`, held-out HTML 1029-04, a column one word wide): no word of
    the plans changes from lower to upper case inside (none of the kept truths does), so
    the line end parted two words."""
    return join.glued and join.last[-1:].islower() and join.first[:1].isupper()


def _pushed_mark(before: Piece, join: Join) -> bool:
    """A closing mark that opens a line, glued by the value to the last word of a line of
    several words (the source's 'trimestre 2023 .' read '2023.'). A producer breaks inside a
    word only when the word is wider than the column, and such a word then fills its line
    alone ('participación' / ','); a line of several words ends at a space, so a space stood
    before the mark. The reading stage glues a closing mark wherever no space was written,
    which is a guess there: producers that write none at line ends say nothing either way,
    and one that writes them drops the space that does not fit before the cell edge
    (LibreOffice: Word layout 979-01's '2024 .'), so a space written as missing is no
    evidence either: the line's word count is (docs/review.md, seventh pass)."""
    return join.glued and join.first[:1] in CLOSING_MARKS and " " in before.text.strip()


def _spaced_verdict(context: ReviewContext, before, join: Join) -> JoinDoubt | None:
    """A producer that writes line-end spaces: what it wrote after the line's last word."""
    word = context.line_end(before, join.last)
    if word is None or word.space_after is None:
        return None
    if join.binds and join.parted and not word.space_after:
        # A slash or hyphen binds: a line ends right after one without a space only inside
        # a word ('observadores' '/as'; no hard return follows a hyphen).
        return JoinDoubt("split_word")
    # A space written after the line's last word parts two words. None written is no
    # evidence by itself (a hard return inside the cell writes none; LibreOffice drops the
    # space that does not fit before the cell edge): the language and the vocabulary judge.
    if join.glued and word.space_after and not _one_word_anyway(join):
        return JoinDoubt("glued_words")
    if join.binds:
        return None
    if join.glued and context.spaces_full_lines() and _full_line(context, before, word):
        return None  # the producer keeps a full line's last space: none written is a cut
    if (
        join.glued
        and not _printed_join(context, join)
        and not _binding_hyphen(context, join.first)
        and context.reads_apart(join.left, join.right)
    ):
        # The join was made on the missing space alone (the reading stage asks the language
        # only where a producer never writes line-end spaces): the language, evidence the
        # stage did not weigh, reads two words ('de' / 'género').
        return JoinDoubt("glued_words")
    return _vocabulary_verdict(context, join)


def _binding_hyphen(context: ReviewContext, first: str) -> bool:
    """A hyphen opening a line (alone, or before its word: `Paniamor` / `-` / `Programa`,
    `Paniamor` / `-Programa`) in a document that prints no hyphen as a word of its own
    between two others of one cell (`ReviewContext.inside_a_cell`: a page-wide line sets a
    narrow cell's lone hyphen between other cells' words): a dash parting two words is
    printed with spaces, so such a hyphen
    was pushed off the word before it (LibreOffice cutting a word wider than its column
    right before the hyphen, `text._cut_before_a_hyphen`: held-out docx 3131 `09` and 2727
    `11`, read right and doubted as `glued_words` and by the stage, three line ends in the
    batches at hand, all glued in the truth)."""
    return first[:1] == "-" and not context.inside_a_cell(_key("-"))


def _one_word_anyway(join: Join) -> bool:
    """A glued join that holds whatever space the PDF wrote at the line end: the next line
    opens with punctuation (',' '.' never start a word: 'sensibilización' / ', al cuarto')."""
    return not join.first[:1].isalnum()


def _vocabulary_verdict(context: ReviewContext, join: Join) -> JoinDoubt | None:
    """The document's own vocabulary: two words glued into one it never prints while it
    prints both halves whole in a cell; after a slash, a part opening with one."""
    last, first = join.last, join.first
    if join.slash:  # '… observadores' '/as …' parted: a slash opens no word
        return JoinDoubt("split_word") if join.parted and first.startswith("/") else None
    if not join.glued or _printed_join(context, join):
        return None
    if last.endswith("-"):
        # After a hyphen the join is the producer's convention ('e-' 'learning'): the same
        # two words printed apart on one line elsewhere say it was a space, or a word of
        # HYPHEN_STEM letters or more before the hyphen that the document prints whole. The
        # plans print one compound both ways, so this evidence is a note, not a doubt.
        apart = (_key(last), _key(first)) in context.bigrams
        stem = sum(ch.isalpha() for ch in last) >= HYPHEN_STEM
        whole = (
            stem and context.whole_in_a_cell(_key(last)) and context.whole_in_a_cell(_key(first))
        )
        return JoinDoubt("glued_words", HYPHEN_LINE_END_SEVERITY) if apart or whole else None
    if context.whole_in_a_cell(_key(last)) and context.whole_in_a_cell(_key(first)):
        return JoinDoubt("glued_words")
    return None
