"""Text that is cut, starts mid-sentence, or glues cells: checks over a value's words."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING

from plan_extract.models import (
    NUMBERED_FIELDS,
    TEXT_FIELDS,
    Activity,
    Finding,
    Plan,
    Section,
)
from plan_extract.numbering import number_parts
from plan_extract.pdf.language import ends_mid_sentence, key
from plan_extract.pdf.text import split_item_number
from plan_extract.review.context import ROW_FIELDS, SPANNING_FIELDS, _finding, _first_page

if TYPE_CHECKING:
    from plan_extract.review.context import Line, ReviewContext


ENDING_MARKS = ".;:!?)]»”’\"'"
"""Marks a value that ends its sentence ends with (a stop, or a closing mark after one)."""
STOPPED_COLUMN_SHARE = 0.75
"""Share of a row column's values that end with one of `ENDING_MARKS` for a value of it
that does not, ending at the page's foot, to be doubted (`_unstopped_at_foot`). The kept
truths end 77–82 % of their activity, indicator and target texts so, a third to a half of
their merged texts and collaborators: only the first are judged."""
STOPPED_COLUMN_VALUES = 5
"""The fewest values of a column that make its share (`STOPPED_COLUMN_SHARE`) evidence."""
FOOT_REACH_LINES = 1.5
"""How near the body's foot (in the value's own line heights) a value's last line ends for
it to end at the page's foot: a line and its leading."""


def text_findings(context: ReviewContext) -> list[Finding]:
    """A value that ends with a connector word or a hyphen (cut before its sentence ended:
    a merged cell cut at a page break, a row split in two), or without the stop its column
    ends with, at the page's foot (`_unstopped_at_foot`); a cell that starts with a
    lower-case letter (the rest of a cut row or merged cell; a cell with a printed number of
    its own counts only without it: `_numberless`), an empty activity text; and the row
    after a row cut mid-sentence by a page break, which may be its rest (`_cut_row_rests`)."""
    findings = _cut_row_rests(context.plan) + _unstopped_at_foot(context)
    above: dict[tuple[str, str], tuple[str, Activity]] = {}  # the column's last merged cell
    for section, activity in context.plan.activities():
        for name in TEXT_FIELDS:
            value = _value(activity, name)
            if name in SPANNING_FIELDS and value:
                findings += _joined_cell_findings(section.name, activity, name, above)
            if name == "activity" and not value:
                findings.append(
                    _finding(
                        "empty_activity",
                        "warning",
                        "the activity has no text",
                        section.name,
                        activity,
                        name,
                        _first_page(activity),
                    )
                )
                continue
            if not value:
                if name in SPANNING_FIELDS and _mostly_filled(context.plan, section, name):
                    findings.append(
                        _finding(
                            "empty_cell",
                            "warning",
                            f"{name} is empty; most activities of the section or plan have one",
                            section.name,
                            activity,
                            name,
                            _first_page(activity),
                        )
                    )
                continue
            if ends_mid_sentence(value):
                findings.append(
                    _finding(
                        "cut_text",
                        "warning",
                        f"{name} ends mid-sentence: “…{value[-60:]}”",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                )
            elif (cut := context.cut_word(value.split()[-1])) is not None:
                findings.append(
                    _finding(
                        "cut_text",
                        "warning",
                        f"{name} ends in “{value.split()[-1]}”, no word, the start of "
                        f"“{cut}” printed elsewhere: its cell may be cut (“…{value[-60:]}”)",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                )
            resumed = _resumed_mid_sentence(context.provenance(activity).get(name, []))
            if resumed is not None:
                findings.append(
                    _finding(
                        "starts_mid_sentence",
                        "warning",
                        f"{name}: “{resumed[1]}” goes on in lower case after “{resumed[0]}”, "
                        "a full stop: the text of another cell may have been joined to it",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                )
            if value[0].islower() and _numberless(activity, name):
                findings.append(
                    _finding(
                        "starts_mid_sentence",
                        "warning",
                        f"{name} starts mid-sentence: “{value[:60]}…”",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                )
    return findings


def _unstopped_at_foot(context: ReviewContext) -> list[Finding]:
    """A row cell whose last line ends at the foot of the page's body (the lowest a table
    line reaches on pages of that height, within `FOOT_REACH_LINES`), on a page that holds
    no other row's cells, without the stop that ends most values of its column
    (`STOPPED_COLUMN_SHARE`), and not already doubted as ending mid-sentence: a row taller
    than the page, cut at its foot, its rest on no later page (LibreOffice clips a row
    taller than a page: held-out docx 4959 `03`, 2.1.2's activity ending `…divulgar la
    información`, its last 53 characters never printed, silent) or read into another row.
    A row sharing its page ends at the foot by chance (the same document's 2.1.2 of another
    section, whose target ends `…del Reglamento de la CONACOES` as printed, 6 pt over the
    foot)."""
    plan = context.plan
    feet: dict[float, float] = {}
    rows_on: dict[int, list[Line]] = defaultdict(list)  # each page's row-level lines
    for (_, page), lines in context.lines.items():
        height = _page_height(context, page)
        feet[height] = max(feet.get(height, -math.inf), *(ln.bottom for ln in lines))
        rows_on[page] += [ln for ln in lines if ln.field in ROW_FIELDS]
    judged = [name for name in TEXT_FIELDS if name in ROW_FIELDS]
    values = {name: [_value(a, name) for _, a in plan.activities()] for name in judged}
    stopped = [
        name
        for name, texts in values.items()
        if len(filled := [t for t in texts if t]) >= STOPPED_COLUMN_VALUES
        and sum(t[-1] in ENDING_MARKS for t in filled) >= STOPPED_COLUMN_SHARE * len(filled)
    ]
    findings = []
    for section, activity in plan.activities():
        for name in stopped:
            value = _value(activity, name)
            lines = context.provenance(activity).get(name, [])
            if not value or not lines or value[-1] in ENDING_MARKS or ends_mid_sentence(value):
                continue
            last = max(lines, key=lambda ln: (ln.page, ln.bottom))
            foot = feet.get(_page_height(context, last.page), math.inf)
            if last.bottom < foot - FOOT_REACH_LINES * (last.bottom - last.top):
                continue
            if any(ln.activity is not activity for ln in rows_on[last.page]):
                continue  # a row that shares its page is no row taller than the page
            findings.append(
                _finding(
                    "cut_text",
                    "warning",
                    f"{name} ends at the foot of page {last.page} without the stop that ends "
                    f"most of its column's values (“…{value[-60:]}”): the page break may have "
                    "cut its row, the rest printed nowhere or read into another row",
                    section.name,
                    activity,
                    name,
                    last.page,
                )
            )
    return findings


def _page_height(context: ReviewContext, page: int) -> float:
    """The height of a page the context holds (0 for one it does not)."""
    content = context.page_content(page)
    return content.height if content is not None else 0.0


def _value(activity: Activity, name: str) -> str:
    """The activity's text of field `name`, stripped ("" for none)."""
    return (getattr(activity, name) or "").strip()


def _cut_row_rests(plan: Plan) -> list[Finding]:
    """Each activity without a number of its own that opens a page after an activity whose
    row's own cells end mid-sentence (`ends_mid_sentence`) on an earlier page: the row the
    page break cut goes on there, and this row may be its rest, read as an activity of its
    own (Word/HTML 1279 docx `07`, unnumbered rows: `…la atención integral de` / `NNA
    víctimas…` read as two activities, the first flagged `cut_text`, its rest silent). The
    finding names the cut activity: where the rest of it went. A row printing its own item
    number opens an item (the cut row's number stays with its first part): fault injection's
    `move_column_bound` on the 2024 plan left 2.1.2's activity ending on `la`, and 2.2.2,
    exact, opening the next page, was doubted."""
    findings = []
    for section in plan.sections:
        for before, after in pairwise(section.activities):
            if after.activity_number:
                continue
            cut = [
                name
                for name in ROW_FIELDS
                if name in TEXT_FIELDS and ends_mid_sentence(getattr(before, name) or "")
            ]
            foot = max((p.page for n in cut for p in before.provenance.get(n, [])), default=None)
            opens = _first_page(after, ROW_FIELDS)
            if foot is None or opens is None or opens <= foot:
                continue
            ends = "; ".join(f"{n} “…{(getattr(before, n) or '')[-40:]}”" for n in cut)
            findings.append(
                _finding(
                    "cut_row_rest",
                    "warning",
                    f"this row opens page {opens} after activity {_named(before)}, whose "
                    f"cells end mid-sentence at the foot of page {foot} ({ends}): it may be "
                    "the rest of that row, cut by the page break, read as an activity of "
                    "its own",
                    section.name,
                    after,
                    cut[0],
                    opens,
                )
            )
    return findings


def _named(activity: Activity) -> str:
    """An activity as a finding's message names it: its number, else its text's start."""
    if activity.activity_number:
        return activity.activity_number
    return f"“{(activity.activity or '')[:40]}…”"


SPANNING_DEPTHS = {"strategic_action": 1, "objective": 2}
"""Levels of the item number each merged column prints its cells with (`3.`, `2.1.`)."""


def _joined_cell_findings(
    section: str, activity: Activity, name: str, above: dict[tuple[str, str], tuple[str, Activity]]
) -> list[Finding]:
    """Two merged cells of one column read as one, or one read as two. A merged cell's line
    after its first that starts with an item number of the column's level and a capital
    (`2.2. Desarrollar…` inside objective 2.1: held-out HTML 1029-03) starts the next cell:
    no plan's merged cell cites one of its siblings' numbers at a line start. And a merged
    cell starting in lower case without its number (the rest of the cell above it, cut at a
    page break: `costarricense, brindando…`, the same batch) leaves that cell cut: the doubt
    goes to the column's cell above too (its `starts_mid_sentence` stays the lower cell's),
    and to every row that shares it (`shared_cell_findings`). `above` holds each column's
    last cell read, by (section, field), updated here."""
    findings = []
    value = _value(activity, name)
    for piece in activity.provenance.get(name, [])[1:]:
        number, rest = split_item_number(piece.text)
        parts = number_parts(number)
        if parts and len(parts) == SPANNING_DEPTHS[name] and rest[:1].isupper():
            findings.append(
                _finding(
                    "joined_cells",
                    "warning",
                    f"{name}: the line “{piece.text}” starts with an item number of its own "
                    "column's level: the next merged cell may have been joined to this one",
                    section,
                    activity,
                    name,
                    piece.page,
                )
            )
            break
    previous = above.get((section, name))
    cut = previous is not None and previous[0] != value and value[0].islower()
    if previous is not None and cut and _numberless(activity, name):
        findings.append(
            _finding(
                "cut_text",
                "warning",
                f"{name}: the next merged cell of its column starts mid-sentence "
                f"(“{value[:40]}…”): this one may be cut, its rest read as that cell",
                section,
                previous[1],
                name,
                _first_page(previous[1], (name,)),
            )
        )
    if previous is None or previous[0] != value:
        above[(section, name)] = (value, activity)
    return findings


def repeated_cell_findings(plan: Plan) -> list[Finding]:
    """A merged cell (strategic action, objective) whose text is the start of another text
    read in the same column of its section under the same item number, the other going on
    with more words: the same cell printed twice (a merged cell a table repeats after a page
    break, or one the producer prints on every row) reads alike each time, so the shorter
    reading lost its end. Held-out docx 2929-02, silent: strategic action 3 cut at the foot of
    page 11 after `…desde un enfoque`, its last line (`interinstitucional.`) opening page 12
    where the running header stands and read as it, while the rows of page 12 print the
    action whole. The rest must go on with the sentence, its first letter in lower case: a
    rest holding no letter (a full stop one printing lacks) is no lost word, and one opening
    in capitals is the next cell joined to the longer reading (held-out Word 1089-06:
    `…y sus derechos Desarrollar procesos…`), whose doubt is that reading's, not a loss of
    the shorter one (a lost last word in capitals, an acronym, goes unseen here). The doubt
    goes to every activity reading the shorter text."""
    findings = []
    for section in plan.sections:
        readings: dict[tuple[str, str | None], dict[str, list[Activity]]] = defaultdict(dict)
        for activity in section.activities:
            for name in SPANNING_FIELDS:
                if value := _value(activity, name):
                    number = getattr(activity, NUMBERED_FIELDS[name])
                    readings[(name, number)].setdefault(value, []).append(activity)
        for (name, _), texts in readings.items():
            for value, activities in texts.items():
                whole = next((t for t in texts if _goes_on(value, t)), None)
                if whole is None:
                    continue
                where = _first_page(texts[whole][0], (name,))
                findings += [
                    _finding(
                        "cut_text",
                        "warning",
                        f"{name} “…{value[-40:]}” is the start of the same cell read whole "
                        f"on page {where}, “…{whole[len(value) - 20 :]}”: its end was lost",
                        section.name,
                        activity,
                        name,
                        _first_page(activity, (name,)),
                    )
                    for activity in activities
                ]
    return findings


REPRINTED_LINE_MIN_WORDS = 2
"""The fewest words the end of a line before a page break and the start of the line after it
must share to be one line printed twice, unless they are the whole line before the break
(`reprinted_line_findings`): one word alike across a break may be the source's own (`de` /
`de`), a run of two or more is the same printed line read twice."""


def reprinted_line_findings(plan: Plan) -> list[Finding]:
    """A value whose line before a page break ends with the words that open its line after
    the break (the whole line before it, or `REPRINTED_LINE_MIN_WORDS` words at least): one
    printed line read on both pages. A producer that repeats a merged cell's text on the next
    page clips it at the table's foot on the first, and a line cut by that clip, still on the
    paper, is read there as well as in the repeat (held-out Calc 4817-09: strategic action 3
    read `…de las instituciones que instituciones que representan.` on its four rows, status
    `ok`). The same words across a line end on one page are left alone: a sentence may say a
    word twice, a page break does not reprint it. Over 977 saved outputs of earlier batches it
    fires on that document's four rows and on one already doubted row, nowhere else."""
    findings = []
    for section, activity in plan.activities():
        for name, pieces in activity.provenance.items():
            for before, after in pairwise(pieces):
                if before.page == after.page:
                    continue
                shared = _reprinted_words(before.text, after.text)
                if shared:
                    findings.append(
                        _finding(
                            "reprinted_line",
                            "warning",
                            f"{name}: “{shared}” ends its lines on page {before.page} and opens "
                            f"them again on page {after.page}: one printed line read twice",
                            section.name,
                            activity,
                            name,
                            after.page,
                        )
                    )
    return findings


def _reprinted_words(before: str, after: str) -> str | None:
    """The longest run of words ending `before` that opens `after` (compared as the lexicon
    lists words, `language.key`), when it is the whole of `before` or
    `REPRINTED_LINE_MIN_WORDS` words at least; None otherwise."""
    ends, opens = before.split(), after.split()
    for count in range(min(len(ends), len(opens)), 0, -1):
        if count < len(ends) and count < REPRINTED_LINE_MIN_WORDS:
            return None
        if [key(w) for w in ends[-count:]] == [key(w) for w in opens[:count]]:
            return " ".join(ends[-count:])
    return None


def _goes_on(value: str, other: str) -> bool:
    """Whether `other` is `value` followed by more of its sentence: its first letter after
    `value` is in lower case (`repeated_cell_findings`)."""
    rest = other[len(value) :] if other.startswith(value) else ""
    return next((ch.islower() for ch in rest if ch.isalpha()), False)


def _numberless(activity: Activity, name: str) -> bool:
    """Whether a cell's text stands without a printed number of its own: an author may start
    it in lower case after the number (the 2023 plan's `3.2.2. realizar…`), never without
    one. A merged cell counts as a row's cell (random 71-10: an objective's second half,
    `adolescentes afectados…`, read as the objective of two rows, without its number)."""
    number = NUMBERED_FIELDS.get(name)
    return number is None or getattr(activity, number) is None


def _resumed_mid_sentence(pieces: list[Line]) -> tuple[str, str] | None:
    """The first line end of a value where a line ending a sentence (a full stop) is followed
    by a line starting in lower case, as (that line's end, the next line's start): a sentence
    never goes on in lower case after its full stop, but a row's cells are joined to the
    rest of another row's cut by a page break (held-out HTML 949-01: `…con la ESNNA.` /
    `coordinaciones para la…`). A line holding only an item number (`3.2.2.`, the cell's
    printed number set on a line of its own) ends with the number's full stop, no sentence's
    (held-out HTML 1818-02: `3.2.2.` / `realizar un…`, as the 2023 plan prints it)."""
    for index, (before, after) in enumerate(pairwise(pieces)):
        last, first = before.text.rstrip(), after.text.lstrip()
        if not (last.endswith(".") and first[:1].islower()):  # most line ends: asked first
            continue
        if index == 0 and split_item_number(last) == (last.rstrip("."), ""):
            continue
        return last[-30:], first[:30]
    return None


SPAN_FILLED = 0.75
"""Share of a section's (or the whole plan's) activities with a strategic action (objective)
above which one without is doubted: a merged cell covers every row of a plan."""


def _mostly_filled(plan: Plan, section: Section, name: str) -> bool:
    """Whether most activities of the section, or of the plan, have a value for `name`. The
    plan counts too: a table row misread as a section heading opens a 'section' of activities
    cut off from their merged cells, where none has one."""
    return any(
        sum(filled) >= SPAN_FILLED * len(filled) > 0
        for filled in (
            [bool(getattr(a, name)) for a in section.activities],
            [bool(getattr(a, name)) for _, a in plan.activities()],
        )
    )
