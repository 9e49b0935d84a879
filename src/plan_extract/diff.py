"""Year-over-year comparison of two plans.

Activities are paired inside their section by exact text first, then by a similarity score over
the whole record, so an edited, renumbered or moved activity is one "changed" record instead of
a remove+add pair. A difference that vanishes when every year is moved forward by the plan-year
step (a *rollover*: "cuarto trimestre 2023" -> "cuarto trimestre 2024") is not a change: it is
only tallied, unless the caller asks for strict years.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from plan_extract.export import csv_text, json_text
from plan_extract.files import write_texts
from plan_extract.models import CONTRACT_FIELDS, Activity, Document, Plan, Section
from plan_extract.normalize import YEAR, mask_years, printed_text
from plan_extract.review import review_brief, review_warning

"""A calendar year as printed in plans (1900-2099), not part of a longer number."""

CONTENT_FIELDS: tuple[str, ...] = (
    "collaborators",
    "responsible",
    "indicator",
    "target",
    "verification",
)
"""Fields that describe an activity besides its text and position; used to pair records."""

PAIR_THRESHOLD = 0.5
"""Minimum record score for two non-identical activities to be the same activity.

Measured on the 2023 plan with word-level likeness: an activity whose text was rewritten
entirely (everything else kept) scores at least 0.52 before the numbering bonus (0.67 with it);
activities of other sections score 0.31 at the 99th percentile, so a replacement that takes the
old number and objective (+0.15) stays below; sibling activities score 0.48 at the 99th
percentile (near-duplicate siblings up to 0.65), which only matters when both are left over.
"""
NUMBER_BONUS = 0.1
OBJECTIVE_BONUS = 0.05

SECTION_FIELDS: tuple[str, ...] = ("heading_as_printed", "general_objective", "columns_as_printed")
DOCUMENT_FIELDS: tuple[str, ...] = ("title", "organization", "year", "country", "approval")

Kind = Literal["added", "removed", "changed"]
Comparison = Literal["same", "rollover", "changed"]


# --- text -------------------------------------------------------------------------------------


def shift_years(text: str, delta: int) -> str:
    """Text with every year moved by `delta` (what a pure rollover of it would print)."""
    if not delta:
        return text
    return YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def compare_values(old: object, new: object, delta: int) -> Comparison:
    """ "same", "rollover" (differs only by years moved forward by `delta`) or "changed".

    Year by year, not by substitution: a year may stay (a data year such as "datos del 2022"),
    or move by exactly the plan-year step; any other difference is a change.
    """
    a, b = printed_text(old), printed_text(new)
    if a == b:
        return "same"
    if not delta:
        return "changed"
    parts_a, parts_b = YEAR.split(a), YEAR.split(b)
    if len(parts_a) != len(parts_b):
        return "changed"
    for i, (x, y) in enumerate(zip(parts_a, parts_b, strict=True)):
        if i % 2 == 0:
            if x != y:
                return "changed"
        elif int(y) - int(x) not in (0, delta):
            return "changed"
    return "rollover"


def similarity(a: object, b: object) -> float:
    """0..1 likeness of two printed values, ignoring years, case and layout."""
    x, y = mask_years(printed_text(a)).casefold(), mask_years(printed_text(b)).casefold()
    if not x and not y:
        return 1.0
    return fuzz.ratio(x, y) / 100.0


_TOKEN = re.compile(r"\w+|[^\w\s]")


def word_similarity(a: object, b: object) -> float:
    """0..1 likeness by words (years folded, case ignored).

    Word level, not character level, because unrelated Spanish sentences share so many
    letters that their character likeness is ~0.45, while one edited word in ten costs 0.1.
    """
    x = _TOKEN.findall(mask_years(printed_text(a)).casefold())
    y = _TOKEN.findall(mask_years(printed_text(b)).casefold())
    if not x and not y:
        return 1.0
    return Indel.normalized_similarity(x, y)


@dataclass(frozen=True)
class WordOp:
    """One step of a word-level diff: equal, delete, insert or replace."""

    op: str
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


def word_diff(old: object, new: object, delta: int = 0) -> list[WordOp]:
    """Word-level edit script; with `delta`, a year that only rolled over counts as equal."""
    a, b = printed_text(old).split(), printed_text(new).split()
    keys_a = [shift_years(w, delta) for w in a]
    matcher = difflib.SequenceMatcher(a=keys_a, b=b, autojunk=False)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(WordOp(tag, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return ops


def markdown_word_diff(ops: Iterable[WordOp]) -> str:
    """~~removed~~ and **added** words inline, the rest as printed."""
    out: list[str] = []
    for op in ops:
        if op.op == "equal":
            out.append(_md_escape(op.new))
            continue
        if op.old:
            out.append(f"~~{_md_escape(op.old)}~~")
        if op.new:
            out.append(f"**{_md_escape(op.new)}**")
    return " ".join(out) if out else "*(empty)*"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_~|<>\[\]])", r"\\\1", text)


# --- year step --------------------------------------------------------------------------------


def dominant_year(plan: Plan) -> int | None:
    """The plan's year as printed most often in its title, targets and indicators."""
    texts = [plan.document.title or ""]
    texts += [a.target + " " + a.indicator for _, a in plan.activities()]
    counts = Counter(int(y) for text in texts for y in YEAR.findall(text))
    return counts.most_common(1)[0][0] if counts else None


def plan_year_delta(old: Plan, new: Plan) -> int:
    """How many years the new plan moved forward: document years, else the dominant years."""
    old_year = old.document.year or dominant_year(old)
    new_year = new.document.year or dominant_year(new)
    if old_year is None or new_year is None:
        return 0
    return new_year - old_year


# --- pairing ----------------------------------------------------------------------------------


def record_score(old: Activity, new: Activity) -> float:
    """How likely two activities are one activity: text, descriptive fields, numbering."""
    text = word_similarity(old.activity, new.activity)
    rest = sum(word_similarity(getattr(old, f), getattr(new, f)) for f in CONTENT_FIELDS)
    score = 0.5 * text + 0.5 * rest / len(CONTENT_FIELDS)
    if old.activity_number and old.activity_number == new.activity_number:
        score += NUMBER_BONUS
    if old.objective_number and old.objective_number == new.objective_number:
        score += OBJECTIVE_BONUS
    return score


def greedy_pairs(
    scores: Iterable[tuple[float, int, int]], threshold: float
) -> list[tuple[int, int, float]]:
    """Best-first one-to-one assignment of (score, left, right) candidates above threshold."""
    taken_left: set[int] = set()
    taken_right: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for score, i, j in sorted(scores, key=lambda s: (-s[0], abs(s[1] - s[2]), s[1], s[2])):
        if score < threshold or i in taken_left or j in taken_right:
            continue
        taken_left.add(i)
        taken_right.add(j)
        pairs.append((i, j, score))
    return pairs


def pair_activities(
    old: Sequence[Activity], new: Sequence[Activity], threshold: float = PAIR_THRESHOLD
) -> list[tuple[int, int, float]]:
    """(old index, new index, score) of activities that are the same activity in both plans.

    Identical text (years folded) pairs first, preferring the same number then the nearest
    position, so duplicates and renumberings resolve; the rest pair best-first by record score.
    """

    def key(a: Activity) -> str:
        return mask_years(printed_text(a.activity)).casefold()

    by_text: dict[str, list[int]] = {}
    for i, activity in enumerate(old):
        by_text.setdefault(key(activity), []).append(i)
    pairs: list[tuple[int, int, float]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for j, activity in enumerate(new):
        candidates = [i for i in by_text.get(key(activity), []) if i not in used_old]
        if not candidates or not key(activity):
            continue
        i = min(
            candidates,
            key=lambda c: (old[c].activity_number != activity.activity_number, abs(c - j)),
        )
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, 1.0))
    rest = [
        (record_score(old[i], new[j]), i, j)
        for i in range(len(old))
        if i not in used_old
        for j in range(len(new))
        if j not in used_new
    ]
    pairs += greedy_pairs(rest, threshold)
    return sorted(pairs, key=lambda p: p[1])


def pair_sections(old: Sequence[Section], new: Sequence[Section]) -> list[tuple[int, int]]:
    """Sections are the same section when their canonical names (or headings) agree."""
    scores = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            score = max(
                similarity(a.name, b.name),
                similarity(a.heading_as_printed, b.heading_as_printed)
                if a.heading_as_printed and b.heading_as_printed
                else 0.0,
            )
            scores.append((score, i, j))
    return sorted(((i, j) for i, j, _ in greedy_pairs(scores, 0.8)), key=lambda p: p[1])


# --- the diff ---------------------------------------------------------------------------------


@dataclass
class ActivityChange:
    kind: Kind
    section: str
    old: Activity | None
    new: Activity | None
    fields: list[str] = field(default_factory=list)
    rollover_fields: list[str] = field(default_factory=list)
    score: float | None = None
    old_index: int | None = None
    new_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "section": self.section,
            "old": activity_record(self.old),
            "new": activity_record(self.new),
            "fields": self.fields,
            "old_activity": self.old.activity if self.old else None,
            "new_activity": self.new.activity if self.new else None,
            "rollover_fields": self.rollover_fields,
            "similarity": None if self.score is None else round(self.score, 3),
        }


@dataclass
class MetaChange:
    """A change of a section's (or the document's) own data: objective, columns, signature."""

    kind: Kind
    section: str | None
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "section": self.section,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class RolloverTally:
    """Differences that were only the years moving forward (not changes unless strict)."""

    activity_fields: int = 0
    activities: int = 0
    section_fields: int = 0
    document_fields: int = 0
    by_field: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "activity_fields": self.activity_fields,
            "activities": self.activities,
            "section_fields": self.section_fields,
            "document_fields": self.document_fields,
            "by_field": dict(sorted(self.by_field.items())),
        }


@dataclass
class PlanDiff:
    old: Plan
    new: Plan
    rollover_years: int
    strict_years: bool
    changes: list[ActivityChange]
    section_changes: list[MetaChange]
    document_changes: list[MetaChange]
    rollover: RolloverTally
    unchanged: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.document.model_dump(),
            "new": self.new.document.model_dump(),
            "old_source": self.old.source,
            "new_source": self.new.source,
            "rollover_years": self.rollover_years,
            "strict_years": self.strict_years,
            "summary": self.summary(),
            "review": {
                "old": review_brief(self.old.review),
                "new": review_brief(self.new.review),
                "needs_review": self.review_warning() != "",
            },
            "rollover": self.rollover.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
            "section_changes": [c.to_dict() for c in self.section_changes],
            "document_changes": [c.to_dict() for c in self.document_changes],
        }

    def review_warning(self) -> str:
        """Non-empty when either plan's extraction needs review."""
        return review_warning({"old": self.old.review, "new": self.new.review})

    def summary(self) -> dict[str, int]:
        counts = Counter(c.kind for c in self.changes)
        return {
            "added": counts["added"],
            "removed": counts["removed"],
            "changed": counts["changed"],
            "unchanged": self.unchanged,
            "section_changes": len(self.section_changes),
            "document_changes": len(self.document_changes),
        }


def activity_record(activity: Activity | None) -> dict[str, Any] | None:
    """The contract fields of an activity plus its pages (provenance is left to extract)."""
    if activity is None:
        return None
    return {**activity.contract(), "pages": list(activity.pages)}


def _compare_fields(
    old: Any, new: Any, names: Iterable[str], delta: int, strict: bool
) -> tuple[list[str], list[str]]:
    """(changed field names, rolled-over field names); strict turns rollovers into changes."""
    changed: list[str] = []
    rolled: list[str] = []
    for name in names:
        verdict = compare_values(getattr(old, name), getattr(new, name), delta)
        if verdict == "changed" or (verdict == "rollover" and strict):
            changed.append(name)
        if verdict == "rollover":
            rolled.append(name)
    return changed, rolled


def diff_plans(
    old: Plan,
    new: Plan,
    *,
    strict_years: bool = False,
    delta: int | None = None,
    threshold: float = PAIR_THRESHOLD,
) -> PlanDiff:
    """Every added, removed and changed activity, section datum and document datum."""
    step = plan_year_delta(old, new) if delta is None else delta
    tally = RolloverTally()
    changes: list[ActivityChange] = []
    section_changes: list[MetaChange] = []
    unchanged = 0

    section_pairs = pair_sections(old.sections, new.sections)
    paired_old = {i for i, _ in section_pairs}
    paired_new = {j for _, j in section_pairs}
    for i, a in enumerate(old.sections):
        if i not in paired_old:
            section_changes.append(MetaChange("removed", a.name, "section", a.name, None))
            changes += [
                ActivityChange("removed", a.name, act, None, old_index=k)
                for k, act in enumerate(a.activities)
            ]
    for j, b in enumerate(new.sections):
        if j not in paired_new:
            section_changes.append(MetaChange("added", b.name, "section", None, b.name))
            changes += [
                ActivityChange("added", b.name, None, act, new_index=k)
                for k, act in enumerate(b.activities)
            ]

    for i, j in section_pairs:
        a, b = old.sections[i], new.sections[j]
        section_changes += _section_meta_changes(a, b, step, strict_years, tally)
        pairs = pair_activities(a.activities, b.activities, threshold)
        matched_old = {p[0] for p in pairs}
        matched_new = {p[1] for p in pairs}
        for oi, nj, score in pairs:
            old_act, new_act = a.activities[oi], b.activities[nj]
            fields, rolled = _compare_fields(old_act, new_act, CONTRACT_FIELDS, step, strict_years)
            if rolled:
                tally.activities += 1
                tally.activity_fields += len(rolled)
                tally.by_field.update(rolled)
            if fields:
                changes.append(
                    ActivityChange(
                        "changed", b.name, old_act, new_act, fields, rolled, score, oi, nj
                    )
                )
            else:
                unchanged += 1
        changes += [
            ActivityChange("removed", a.name, act, None, old_index=k)
            for k, act in enumerate(a.activities)
            if k not in matched_old
        ]
        changes += [
            ActivityChange("added", b.name, None, act, new_index=k)
            for k, act in enumerate(b.activities)
            if k not in matched_new
        ]

    order = {s.name: n for n, s in enumerate(new.sections)}
    order.update(
        {s.name: len(order) + n for n, s in enumerate(old.sections) if s.name not in order}
    )
    changes.sort(key=lambda c: (order.get(c.section, 0), _position(c)))
    document_changes = _document_changes(old.document, new.document, step, strict_years, tally)
    return PlanDiff(
        old, new, step, strict_years, changes, section_changes, document_changes, tally, unchanged
    )


def _position(change: ActivityChange) -> float:
    """Where a change sits in reading order: new position, or just after its old neighbour."""
    if change.new_index is not None:
        return float(change.new_index)
    return (change.old_index or 0) - 0.5


def _section_meta_changes(
    a: Section, b: Section, delta: int, strict: bool, tally: RolloverTally
) -> list[MetaChange]:
    out: list[MetaChange] = []
    fields, rolled = _compare_fields(a, b, SECTION_FIELDS, delta, strict)
    tally.section_fields += len(rolled)
    for name in fields:
        out.append(_meta(b.name, name, getattr(a, name), getattr(b, name)))
    sa, sb = a.signature, b.signature
    if sa is None and sb is None:
        return out
    if sa is None or sb is None:
        dump_a = sa.model_dump() if sa else None
        dump_b = sb.model_dump() if sb else None
        out.append(_meta(b.name, "signature", dump_a, dump_b))
        return out
    fields, rolled = _compare_fields(sa, sb, ("signer", "signed_at"), delta, strict)
    tally.section_fields += len(rolled)
    for name in fields:
        out.append(_meta(b.name, f"signature.{name}", getattr(sa, name), getattr(sb, name)))
    return out


def _document_changes(
    a: Document, b: Document, delta: int, strict: bool, tally: RolloverTally
) -> list[MetaChange]:
    fields, rolled = _compare_fields(a, b, DOCUMENT_FIELDS, delta, strict)
    tally.document_fields += len(rolled)
    return [_meta(None, name, getattr(a, name), getattr(b, name)) for name in fields]


def _meta(section: str | None, name: str, old: Any, new: Any) -> MetaChange:
    empty_old, empty_new = not printed_text(old), not printed_text(new)
    kind: Kind = "added" if empty_old and not empty_new else "removed" if empty_new else "changed"
    return MetaChange(kind, section, name, old, new)


# --- output -----------------------------------------------------------------------------------


def _label(activity: Activity | None) -> str:
    """The activity's number, or its objective's when the plan prints none."""
    if activity is None:
        return ""
    if activity.activity_number:
        return activity.activity_number
    return f"(objective {activity.objective_number})" if activity.objective_number else "(s/n)"


def _doubt_lines(warning: str) -> list[str]:
    return [f"- **Extraction doubtful**: {warning}.", ""] if warning else [""]


def render_markdown(diff: PlanDiff) -> str:
    """A readable summary grouped by section, with word-level highlights of changed text."""
    s = diff.summary()
    old_name = diff.old.document.title or diff.old.source or "old"
    new_name = diff.new.document.title or diff.new.source or "new"
    lines = [
        f"# Diff: {_md_escape(old_name)} → {_md_escape(new_name)}",
        "",
        f"- Activities: {s['changed']} changed, {s['added']} added, {s['removed']} removed, "
        f"{s['unchanged']} unchanged.",
        f"- Year rollover: +{diff.rollover_years} "
        + (
            "(strict: year changes are reported as changes)."
            if diff.strict_years
            else f"— {diff.rollover.activity_fields} activity fields in "
            f"{diff.rollover.activities} activities, {diff.rollover.section_fields} section "
            f"fields and {diff.rollover.document_fields} document fields differ only by the "
            "year moving forward; not reported as changes (`--strict-years` shows them)."
        ),
        *(
            [f"- **Extraction doubtful**: {diff.review_warning()}.", ""]
            if diff.review_warning()
            else [""]
        ),
        "Legend: ~~removed words~~ **added words**.",
        "",
    ]
    if diff.document_changes:
        lines += ["## Document", ""]
        for m in diff.document_changes:
            lines.append(f"- **{m.field}** ({m.kind}): {_meta_md(m, diff)}")
        lines.append("")
    sections = [s.name for s in diff.new.sections]
    sections += [s.name for s in diff.old.sections if s.name not in sections]
    for name in sections:
        metas = [m for m in diff.section_changes if m.section == name]
        acts = [c for c in diff.changes if c.section == name]
        lines += [f"## {_md_escape(name)}", ""]
        if not metas and not acts:
            lines += ["No changes.", ""]
            continue
        for m in metas:
            lines.append(f"- Section **{m.field}** ({m.kind}): {_meta_md(m, diff)}")
        if metas:
            lines.append("")
        for c in acts:
            lines += _change_md(c, diff)
    return "\n".join(lines).rstrip() + "\n"


def _meta_md(m: MetaChange, diff: PlanDiff) -> str:
    delta = 0 if diff.strict_years else diff.rollover_years
    return markdown_word_diff(word_diff(_flat(m.old), _flat(m.new), delta))


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    return printed_text(value)


def _change_md(c: ActivityChange, diff: PlanDiff) -> list[str]:
    delta = 0 if diff.strict_years else diff.rollover_years
    if c.kind == "added" and c.new is not None:
        return [
            f"### Added {_label(c.new)}: {_md_escape(c.new.activity)}",
            "",
            *[f"- {f}: {_md_escape(printed_text(getattr(c.new, f)))}" for f in CONTENT_FIELDS],
            "",
        ]
    if c.kind == "removed" and c.old is not None:
        return [
            f"### Removed {_label(c.old)}: {_md_escape(c.old.activity)}",
            "",
            *[f"- {f}: {_md_escape(printed_text(getattr(c.old, f)))}" for f in CONTENT_FIELDS],
            "",
        ]
    assert c.old is not None and c.new is not None
    number = _label(c.old)
    if _label(c.new) != number:
        number = f"{number} → {_label(c.new)}"
    out = [f"### Changed {number}: {_md_escape(c.new.activity)}", ""]
    for f in c.fields:
        ops = word_diff(getattr(c.old, f), getattr(c.new, f), delta)
        out.append(f"- **{f}**: {markdown_word_diff(ops)}")
    return [*out, ""]


CSV_COLUMNS: tuple[str, ...] = (
    "kind",
    "section",
    "old_activity_number",
    "new_activity_number",
    "activity",
    "field",
    "old_value",
    "new_value",
    "old_pages",
    "new_pages",
)


def csv_rows(diff: PlanDiff) -> list[dict[str, str]]:
    """One row per changed field (and one per added/removed activity or section datum)."""
    rows: list[dict[str, str]] = []
    for c in diff.changes:
        base = {
            "kind": c.kind,
            "section": c.section,
            "old_activity_number": (c.old.activity_number or "") if c.old else "",
            "new_activity_number": (c.new.activity_number or "") if c.new else "",
            "activity": shown.activity if (shown := c.new or c.old) else "",
            "old_pages": ";".join(map(str, c.old.pages)) if c.old else "",
            "new_pages": ";".join(map(str, c.new.pages)) if c.new else "",
        }
        if c.kind != "changed":
            rows.append({**base, "field": "", "old_value": "", "new_value": ""})
            continue
        for f in c.fields:
            old_value, new_value = printed_text(getattr(c.old, f)), printed_text(getattr(c.new, f))
            rows.append({**base, "field": f, "old_value": old_value, "new_value": new_value})
    for m in [*diff.section_changes, *diff.document_changes]:
        rows.append(
            {
                "kind": m.kind,
                "section": m.section or "",
                "old_activity_number": "",
                "new_activity_number": "",
                "activity": "",
                "field": m.field,
                "old_value": _flat(m.old),
                "new_value": _flat(m.new),
                "old_pages": "",
                "new_pages": "",
            }
        )
    return rows


def write_diff(diff: PlanDiff, out_dir: str | Path) -> list[Path]:
    """diff.json, diff.md and diff.csv in `out_dir` (atomic); returns the written paths."""
    return write_texts(
        out_dir,
        {
            "diff.json": json_text(diff.to_dict()),
            "diff.md": render_markdown(diff),
            "diff.csv": csv_text(CSV_COLUMNS, csv_rows(diff)),
        },
    )
