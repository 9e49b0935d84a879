"""diff.html and transcription.html: each difference shown on the page it was printed on.

A change of the year-over-year diff shows, per changed field, the crop of the OLD plan's page
beside the NEW plan's, with the changed words marked on the crops and in the text; fields that
differ only by the years rolling forward are folded away (a closed <details>). The
transcription audit shows the PDF's crop beside the sheet's value.

This module only consumes `diff.PlanDiff` and `transcription.TranscriptionReport`: whatever
those find is drawn, nothing is decided here.
"""

from __future__ import annotations

import difflib
import html
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from plan_extract.diff import ActivityChange, MetaChange, PlanDiff, WordOp, word_diff
from plan_extract.files import write_atomic
from plan_extract.geometry import BBox
from plan_extract.models import CONTRACT_FIELDS, Activity, Piece, Plan
from plan_extract.normalize import caseless_collapsed, printed_text
from plan_extract.report.evidence import union
from plan_extract.report.images import PageImage, Renderer
from plan_extract.report.page import html_document
from plan_extract.report.plan_report import activity_label, locate_pdf
from plan_extract.transcription import CellDifference, TranscriptionReport

DIFF_PAGE = "diff.html"
TRANSCRIPTION_PAGE = "transcription.html"
HIERARCHY_PREFIXES = ("strategic_action", "objective")
ROW_FIELDS = tuple(f for f in CONTRACT_FIELDS if not f.startswith(HIERARCHY_PREFIXES))
"""The fields printed in an activity's own row: the crop of an added or removed activity
covers these (the spanning action and objective cells would stretch it over many rows)."""
NUMBER_SUFFIX = "_number"
CROP_WORD_SLACK = 1.0
"""Points: a word belongs to a crop when its centre lies this close to the cell's pieces."""

CROP_ZOOM = 1.5
"""CSS pixels per point of a crop: a little larger than a page at 100 % (1.33), so that a cell's
words read easily."""

Side = str  # "old" or "new"


@dataclass(frozen=True)
class Crop:
    image: PageImage
    marks: tuple[BBox, ...]
    """Changed words, in page points."""


def changed_flags(ops: Iterable[WordOp], side: Side) -> list[bool]:
    """For each word of one side's value (as `printed_text(...).split()` counts them), whether
    the word diff marks it as changed."""
    flags: list[bool] = []
    for op in ops:
        words = (op.old if side == "old" else op.new).split()
        flags.extend([op.op != "equal"] * len(words))
    return flags


def _key(text: str) -> str:
    return caseless_collapsed(text).strip(".,;:()“”\"'«»")


def word_marks(words: list[tuple[str, BBox]], value: str, flags: list[bool]) -> list[BBox]:
    """Boxes of the printed words that the value's changed words align with (printed order
    against the value's word order: a word cut by a line break matches nothing, harmlessly)."""
    tokens = printed_text(value).split()
    matcher = difflib.SequenceMatcher(
        a=[_key(t) for t, _ in words], b=[_key(t) for t in tokens], autojunk=False
    )
    marks = []
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            if block.b + k < len(flags) and flags[block.b + k]:
                marks.append(words[block.a + k][1])
    return marks


def _inside(bbox: BBox, boxes: list[BBox]) -> bool:
    x = (bbox[0] + bbox[2]) / 2
    y = (bbox[1] + bbox[3]) / 2
    return any(
        b[0] - CROP_WORD_SLACK <= x <= b[2] + CROP_WORD_SLACK
        and b[1] - CROP_WORD_SLACK <= y <= b[3] + CROP_WORD_SLACK
        for b in boxes
    )


def crops(
    renderer: Renderer | None, pieces: list[Piece], value: str, flags: list[bool]
) -> list[Crop]:
    """One crop per page the pieces were printed on, with the changed words marked."""
    if renderer is None or not pieces:
        return []
    by_page: dict[int, list[BBox]] = defaultdict(list)
    for piece in pieces:
        by_page[piece.page].append(piece.bbox)
    printed: list[tuple[str, BBox]] = []
    for page, boxes in sorted(by_page.items()):
        printed += [(w.text, w.bbox) for w in renderer.words(page) if _inside(w.bbox, boxes)]
    marks = word_marks(printed, value, flags)
    result = []
    for page, boxes in sorted(by_page.items()):
        area = union(boxes)
        inside = tuple(m for m in marks if _inside(m, boxes))
        result.append(Crop(renderer.crop(page, area), inside))
    return result


def printed_pieces(activity: Activity, name: str) -> list[Piece]:
    """Where a field was printed: its provenance; a number (`activity_number`...), printed at
    the head of its text's cell, shows that cell; an empty cell shows the activity's row."""
    pieces = activity.provenance.get(name, [])
    if not pieces and name.endswith(NUMBER_SUFFIX):
        pieces = activity.provenance.get(name.removesuffix(NUMBER_SUFFIX), [])
    return pieces or row_pieces(activity)


def row_pieces(activity: Activity) -> list[Piece]:
    return [p for f in ROW_FIELDS for p in activity.provenance.get(f, [])]


def _pct(value: float, whole: float) -> str:
    return f"{100 * value / whole:.3f}%"


def crop_html(crop: Crop) -> str:
    image = crop.image
    marks = "".join(
        f'<mark class="hit" style="left:{_pct(m[0] - image.x0, image.width)};'
        f"top:{_pct(m[1] - image.top, image.height)};"
        f'width:{_pct(m[2] - m[0], image.width)};height:{_pct(m[3] - m[1], image.height)}"></mark>'
        for m in crop.marks
    )
    return (
        f'<figure class="crop" data-page="{image.number}"><div class="shot">'
        f'<img src="{image.uri}" alt="page {image.number}" '
        f'style="width:{image.width * CROP_ZOOM:.0f}px">'
        f"{marks}</div><figcaption>p. {image.number}</figcaption></figure>"
    )


def text_html(ops: Iterable[WordOp], side: Side) -> str:
    """One side's value with its changed words marked (<del> on OLD, <ins> on NEW)."""
    tag = "del" if side == "old" else "ins"
    parts = []
    for op in ops:
        words = op.old if side == "old" else op.new
        if not words:
            continue
        escaped = html.escape(words)
        parts.append(escaped if op.op == "equal" else f"<{tag}>{escaped}</{tag}>")
    return " ".join(parts) or '<span class="muted">(empty)</span>'


def side_html(side: Side, label: str, crops_: list[Crop], text: str) -> str:
    figures = "".join(crop_html(c) for c in crops_) or '<p class="muted">no page crop</p>'
    return (
        f'<div class="side {side}"><div class="label">{html.escape(label)}</div>'
        f'{figures}<p class="text">{text}</p></div>'
    )


@dataclass
class Sides:
    """The two documents of a comparison: labels and renderers (None without a PDF)."""

    old_label: str
    new_label: str
    old: Renderer | None
    new: Renderer | None


def field_html(
    name: str, old: Activity | None, new: Activity | None, delta: int, sides: Sides, kind: str
) -> str:
    old_value = getattr(old, name) if old else ""
    new_value = getattr(new, name) if new else ""
    ops = word_diff(old_value, new_value, delta)
    parts = []
    for side, activity, value, renderer, label in (
        ("old", old, old_value, sides.old, sides.old_label),
        ("new", new, new_value, sides.new, sides.new_label),
    ):
        pieces = printed_pieces(activity, name) if activity else []
        shot = crops(renderer, pieces, value or "", changed_flags(ops, side))
        parts.append(side_html(side, label, shot, text_html(ops, side)))
    return (
        f'<div class="field {kind}" data-field="{name}"><h4>{html.escape(name)}</h4>'
        f'<div class="sides">{"".join(parts)}</div></div>'
    )


def row_html(activity: Activity, side: Side, sides: Sides) -> str:
    """An added or removed activity: its whole row on its side, nothing on the other."""
    renderer = sides.old if side == "old" else sides.new
    shot = crops(renderer, row_pieces(activity), "", [])
    label = sides.old_label if side == "old" else sides.new_label
    other = "new" if side == "old" else "old"
    other_label = sides.new_label if side == "old" else sides.old_label
    mine = side_html(side, label, shot, html.escape(activity.activity))
    missing = (
        f'<div class="side {other}"><div class="label">{html.escape(other_label)}</div>'
        f'<p class="muted">not in {html.escape(other_label)}</p></div>'
    )
    pair = mine + missing if side == "old" else missing + mine
    return f'<div class="field row"><div class="sides">{pair}</div></div>'


def change_html(index: int, change: ActivityChange, diff: PlanDiff, sides: Sides) -> str:
    delta = 0 if diff.strict_years else diff.rollover_years
    activity = change.new or change.old
    title = activity_label(activity.activity_number, activity.activity) if activity else ""
    body: list[str] = []
    if change.kind == "changed":
        body += [
            field_html(f, change.old, change.new, delta, sides, "changed") for f in change.fields
        ]
        folded = [f for f in change.rollover_fields if f not in change.fields]
        if folded:
            inner = "".join(
                field_html(f, change.old, change.new, 0, sides, "rollover") for f in folded
            )
            body.append(
                f'<details class="rollover"><summary>{len(folded)} field(s) differ only by '
                f"the years moving forward (+{diff.rollover_years}): "
                f"{html.escape(', '.join(folded))}</summary>{inner}</details>"
            )
    elif change.kind == "added" and change.new:
        body.append(row_html(change.new, "new", sides))
    elif change.old:
        body.append(row_html(change.old, "old", sides))
    fields = f" · {', '.join(change.fields)}" if change.fields else ""
    return (
        f'<section class="change {change.kind}" id="change-{index}" data-kind="{change.kind}" '
        f'data-section="{html.escape(change.section)}">'
        f'<h3><span class="kind">{change.kind}</span> {html.escape(change.section)} · '
        f"{html.escape(title)}{html.escape(fields)}</h3>{''.join(body)}</section>"
    )


def meta_html(change: MetaChange, delta: int) -> str:
    ops = word_diff(_flat(change.old), _flat(change.new), delta)
    where = change.section or "document"
    return (
        f'<li class="meta {change.kind}"><b>{html.escape(where)}</b> · '
        f"{html.escape(change.field)} ({change.kind}): {text_html(ops, 'old')} → "
        f"{text_html(ops, 'new')}</li>"
    )


def _flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _renderer(plan: Plan, path: str | Path | None) -> Renderer | None:
    pdf = locate_pdf(path, plan) if path is not None else None
    return Renderer(pdf) if pdf is not None else None


def _label(plan: Plan, fallback: str) -> str:
    return str(plan.document.year or plan.source or fallback)


def changes_document(
    title: str, header: str, heading: str, entries: list[tuple[str, str, str]]
) -> str:
    """A page of changes: `header` (HTML), then a numbered list linking to each entry (anchor,
    list label, the entry's HTML) under `heading`, then the entries."""
    links = "".join(
        f'<li><a href="#{anchor}" data-target="{anchor}">{html.escape(label)}</a></li>'
        for anchor, label, _ in entries
    )
    body = (
        f"<header>{header}<h2>{html.escape(heading)} ({len(entries)})</h2>"
        f'<ol class="toc">{links}</ol></header>'
        f'<main id="changes">{"".join(item for _, _, item in entries)}</main>'
    )
    return html_document(
        title, {"changes": len(entries)}, ("common.css", "diff.css"), ("common.js", "diff.js"), body
    )


def diff_page_html(diff: PlanDiff, old_path: str | Path | None, new_path: str | Path | None) -> str:
    sides = Sides(
        f"OLD {_label(diff.old, 'old')}",
        f"NEW {_label(diff.new, 'new')}",
        _renderer(diff.old, old_path),
        _renderer(diff.new, new_path),
    )
    try:
        changes = [change_html(k, c, diff, sides) for k, c in enumerate(diff.changes)]
    finally:
        for renderer in (sides.old, sides.new):
            if renderer is not None:
                renderer.close()
    delta = 0 if diff.strict_years else diff.rollover_years
    summary = diff.summary()
    rollover = diff.rollover
    folded = (
        ""
        if diff.strict_years
        else f'<details class="rollover-summary"><summary>Folded away: {rollover.activity_fields} '
        f"field(s) of {rollover.activities} activities, {rollover.section_fields} section and "
        f"{rollover.document_fields} document field(s) differ only by the years moving forward "
        f"(+{diff.rollover_years})</summary><p>By field: "
        f"{html.escape(', '.join(f'{k} {v}' for k, v in sorted(rollover.by_field.items())))}"
        "</p></details>"
    )
    meta = [meta_html(m, delta) for m in diff.document_changes + diff.section_changes]
    header = (
        f"<h1>{html.escape(sides.old_label)} → {html.escape(sides.new_label)}</h1>"
        f"<p>{summary['changed']} changed, {summary['added']} added, {summary['removed']} removed, "
        f"{summary['unchanged']} unchanged activities.</p>{folded}"
        f'<h2>Document and section changes ({len(meta)})</h2><ul class="meta">{"".join(meta)}</ul>'
    )
    entries = [
        (f"change-{k}", f"{c.kind} · {c.section} · {_short_label(c)}", item)
        for k, (c, item) in enumerate(zip(diff.changes, changes, strict=True))
    ]
    return changes_document(
        f"Diff: {sides.old_label} → {sides.new_label}", header, "Activity changes", entries
    )


def _short_label(change: ActivityChange) -> str:
    activity = change.new or change.old
    if activity is None:
        return ""
    label = activity_label(activity.activity_number, activity.activity)
    return label if len(label) <= 80 else label[:79] + "…"


def write_diff_page(
    diff: PlanDiff, old_path: str | Path | None, new_path: str | Path | None, out_dir: str | Path
) -> Path:
    path = Path(out_dir) / DIFF_PAGE
    write_atomic(path, diff_page_html(diff, old_path, new_path))
    return path


# --- transcription ----------------------------------------------------------------------------


def _activity_finder(plan: Plan) -> Callable[[CellDifference], Activity | None]:
    index: dict[tuple[str, str | None, str], Activity] = {}
    for section, activity in plan.activities():
        index.setdefault((section.name, activity.activity_number, activity.activity), activity)

    def find(difference: CellDifference) -> Activity | None:
        return index.get((difference.section, difference.activity_number, difference.activity))

    return find


def difference_html(
    index: int, difference: CellDifference, activity: Activity | None, renderer: Renderer | None
) -> str:
    ops = difference.words or word_diff(difference.pdf, difference.sheet)
    pieces = printed_pieces(activity, difference.field) if activity else []
    shot = crops(renderer, pieces, difference.pdf, changed_flags(ops, "old"))
    pdf_side = side_html("old", "PDF", shot, text_html(ops, "old"))
    sheet_label = f"sheet row {difference.row}, column {difference.column!r}"
    sheet_side = (
        f'<div class="side new"><div class="label">{html.escape(sheet_label)}</div>'
        f'<p class="text">{text_html(ops, "new")}</p></div>'
    )
    number = difference.activity_number or ""
    return (
        f'<section class="change changed" id="difference-{index}" data-field="{difference.field}">'
        f"<h3>{html.escape(difference.section)} · {html.escape(number)} "
        f"{html.escape(difference.activity[:80])} · {html.escape(difference.field)}</h3>"
        f'<div class="field"><div class="sides">{pdf_side}{sheet_side}</div></div></section>'
    )


def transcription_page_html(
    report: TranscriptionReport, plan: Plan, plan_path: str | Path | None
) -> str:
    find = _activity_finder(plan)
    renderer = _renderer(plan, plan_path)
    try:
        items = [difference_html(k, d, find(d), renderer) for k, d in enumerate(report.differences)]
    finally:
        if renderer is not None:
            renderer.close()
    s = report.to_dict()["summary"]
    header = (
        f"<h1>Transcription audit: {html.escape(Path(report.sheet).name)} against "
        f"{html.escape(report.plan or 'the plan')}</h1>"
        f"<p>{s['cells_different']} of {s['cells_compared']} cells differ; "
        f"{s['missing_rows']} plan rows missing from the sheet, {s['extra_rows']} extra sheet "
        "rows.</p>"
    )
    entries = [
        (f"difference-{k}", f"{d.section} · {d.activity_number or d.row} · {d.field}", item)
        for k, (d, item) in enumerate(zip(report.differences, items, strict=True))
    ]
    return changes_document("Transcription audit", header, "Differences", entries)


def write_transcription_page(
    report: TranscriptionReport, plan: Plan, plan_path: str | Path | None, out_dir: str | Path
) -> Path:
    path = Path(out_dir) / TRANSCRIPTION_PAGE
    write_atomic(path, transcription_page_html(report, plan, plan_path))
    return path
