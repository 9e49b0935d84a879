"""Transcription audit: compare a plan (its PDF, extracted) with a hand-typed sheet.

People retype plans into spreadsheets; this finds every cell where the sheet says something else
than the PDF, word by word, with the page the PDF value was printed on. Rows are paired by
reading order first and by content second, so a missing, extra or re-sorted row does not shift
every later row into a false difference.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plan_extract.diff import (
    WordOp,
    greedy_pairs,
    markdown_word_diff,
    similarity,
    word_diff,
)
from plan_extract.export import csv_text, json_text
from plan_extract.files import write_texts
from plan_extract.models import CONTRACT_FIELDS, Activity, Plan, Review
from plan_extract.normalize import printed_text, sheet_header_key
from plan_extract.review import review_brief, review_warning

SHEET_SUFFIXES: frozenset[str] = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"})
COMPARABLE_FIELDS: tuple[str, ...] = ("section", *CONTRACT_FIELDS)
"""Sheet columns that are compared; `pages` (and anything else) is read but not compared."""

ROW_PAIR_THRESHOLD = 0.5
"""Mean cell likeness above which a sheet row is the transcription of an activity."""


def is_sheet(path: str | Path) -> bool:
    return Path(path).suffix.casefold() in SHEET_SUFFIXES


def parse_column_map(spec: str | None) -> dict[str, str]:
    """`--columns`: "Sheet header=field,..." or a JSON file {"Sheet header": "field"}."""
    if not spec:
        return {}
    if spec.endswith(".json") and Path(spec).is_file():
        mapping = json.loads(Path(spec).read_text(encoding="utf-8"))
        pairs = list(mapping.items())
    else:
        pairs = []
        for item in spec.split(","):
            if not item.strip():
                continue
            if "=" not in item:
                raise ValueError(f"--columns item {item!r} is not HEADER=FIELD")
            header, name = item.rsplit("=", 1)
            pairs.append((header.strip(), name.strip()))
    out: dict[str, str] = {}
    for header, name in pairs:
        if name not in (*COMPARABLE_FIELDS, "pages"):
            raise ValueError(f"--columns: {name!r} is not one of {', '.join(COMPARABLE_FIELDS)}")
        out[sheet_header_key(header)] = name
    return out


@dataclass
class SheetRow:
    number: int
    """Row number as a spreadsheet shows it (the header is row 1)."""
    values: dict[str, str]
    """Compared field -> cell text."""


@dataclass
class Sheet:
    path: str
    columns: dict[str, str]
    """Compared field -> the header as typed in the sheet."""
    ignored_columns: list[str]
    rows: list[SheetRow]


def _cell_text(value: Any) -> str:
    """Spreadsheet values as the text a typist meant: 3.0 -> "3", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _read_table(path: Path, sheet_name: str | None) -> list[list[str]]:
    if path.suffix.casefold() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        worksheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        table = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
        workbook.close()
        return table
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.casefold() == ".tsv":
        dialect: Any = csv.excel_tab
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
    return [list(row) for row in csv.reader(text.splitlines(keepends=True), dialect)]


def read_sheet(
    path: str | Path, columns: dict[str, str] | None = None, sheet_name: str | None = None
) -> Sheet:
    """The sheet's rows, keyed by contract field (headers as our CSV names them, or mapped)."""
    path = Path(path)
    table = _read_table(path, sheet_name)
    skipped = 0  # blank rows above the header still count in the row numbers people see
    while skipped < len(table) and not any(cell.strip() for cell in table[skipped]):
        skipped += 1
    table = table[skipped:]
    if not table:
        raise ValueError(f"{path}: the sheet is empty")
    mapping = columns or {}
    header = table[0]
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for i, title in enumerate(header):
        key = sheet_header_key(title)
        name = mapping.get(key) or (key if key in COMPARABLE_FIELDS else None)
        if name in COMPARABLE_FIELDS and name not in index:
            index[name] = i
            names[name] = title
        elif title.strip():
            ignored.append(title)
    if "activity" not in index:
        raise ValueError(
            f"{path}: no 'activity' column among {header!r}; name the columns like the CSV "
            "output or map them with --columns 'Actividad=activity,...'"
        )
    rows: list[SheetRow] = []
    for n, raw in enumerate(table[1:], start=skipped + 2):
        if not any(cell.strip() for cell in raw):
            continue
        values = {f: (raw[i] if i < len(raw) else "") for f, i in index.items()}
        rows.append(SheetRow(n, values))
    ordered = {f: names[f] for f in COMPARABLE_FIELDS if f in names}
    return Sheet(str(path), ordered, ignored, rows)


@dataclass
class CellDifference:
    row: int
    column: str
    field: str
    section: str
    activity_number: str | None
    activity: str
    pdf: str
    sheet: str
    page: int | None
    pages: list[int]
    words: list[WordOp]

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "section": self.section,
            "activity_number": self.activity_number,
            "activity": self.activity,
            "pdf": self.pdf,
            "sheet": self.sheet,
            "page": self.page,
            "pages": self.pages,
            "words": [w.to_dict() for w in self.words if w.op != "equal"],
        }


@dataclass
class TranscriptionReport:
    plan: str | None
    sheet: str
    fields: list[str]
    rows_compared: int
    cells_compared: int
    differences: list[CellDifference]
    missing: list[dict[str, Any]] = field(default_factory=list)
    """Plan activities that no sheet row transcribes."""
    extra: list[dict[str, Any]] = field(default_factory=list)
    """Sheet rows that transcribe no plan activity."""
    plan_review: Review = field(default_factory=Review)
    """The plan's own review: when it needs review, a difference may be an extraction error."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "sheet": self.sheet,
            "fields": self.fields,
            "summary": {
                "rows_compared": self.rows_compared,
                "cells_compared": self.cells_compared,
                "cells_different": len(self.differences),
                "missing_rows": len(self.missing),
                "extra_rows": len(self.extra),
            },
            "review": {
                "plan": review_brief(self.plan_review),
                "needs_review": self.plan_review.status != "ok",
            },
            "differences": [d.to_dict() for d in self.differences],
            "missing": self.missing,
            "extra": self.extra,
        }


def _plan_values(section: str, activity: Activity) -> dict[str, str]:
    return {"section": section, **{f: printed_text(v) for f, v in activity.contract().items()}}


def _row_likeness(a: dict[str, str], b: dict[str, str], fields: list[str]) -> float:
    return sum(similarity(a[f], b[f]) for f in fields) / len(fields)


def pair_rows(
    plan_rows: list[dict[str, str]], sheet_rows: list[dict[str, str]], fields: list[str]
) -> list[tuple[int, int]]:
    """Plan row -> sheet row: reading-order alignment, then best content match for leftovers."""

    def key(values: dict[str, str]) -> tuple[str, ...]:
        return tuple(printed_text(values.get(f)) for f in fields)

    matcher = difflib.SequenceMatcher(
        a=[key(r) for r in plan_rows], b=[key(r) for r in sheet_rows], autojunk=False
    )
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
        elif tag == "replace":
            scores = [
                (_row_likeness(plan_rows[i], sheet_rows[j], fields), i, j)
                for i in range(i1, i2)
                for j in range(j1, j2)
            ]
            pairs += [(i, j) for i, j, _ in greedy_pairs(scores, ROW_PAIR_THRESHOLD)]
    left = [i for i in range(len(plan_rows)) if i not in {p[0] for p in pairs}]
    right = [j for j in range(len(sheet_rows)) if j not in {p[1] for p in pairs}]
    scores = [
        (_row_likeness(plan_rows[i], sheet_rows[j], fields), i, j) for i in left for j in right
    ]
    pairs += [(i, j) for i, j, _ in greedy_pairs(scores, ROW_PAIR_THRESHOLD)]
    return sorted(pairs)


def _pages(activity: Activity, name: str) -> list[int]:
    """Pages the PDF printed this field on (its provenance), else the activity's pages."""
    pieces = activity.provenance.get(name) or []
    pages = sorted({p.page for p in pieces})
    return pages or list(activity.pages)


def audit_transcription(plan: Plan, sheet: Sheet) -> TranscriptionReport:
    """Every sheet cell that differs from the plan (whitespace and Unicode form aside)."""
    fields = list(sheet.columns)
    plan_items = [(s.name, a) for s, a in plan.activities()]
    plan_rows = [_plan_values(name, a) for name, a in plan_items]
    sheet_rows = [{f: printed_text(r.values.get(f)) for f in fields} for r in sheet.rows]
    pairs = pair_rows(plan_rows, sheet_rows, fields)
    differences: list[CellDifference] = []
    for i, j in pairs:
        section, activity = plan_items[i]
        row = sheet.rows[j]
        for name in fields:
            pdf_value, sheet_value = plan_rows[i][name], sheet_rows[j][name]
            if pdf_value == sheet_value:
                continue
            pages = _pages(activity, name)
            differences.append(
                CellDifference(
                    row=row.number,
                    column=sheet.columns[name],
                    field=name,
                    section=section,
                    activity_number=activity.activity_number,
                    activity=activity.activity,
                    pdf=pdf_value,
                    sheet=sheet_value,
                    page=pages[0] if pages else None,
                    pages=pages,
                    words=word_diff(pdf_value, sheet_value),
                )
            )
    paired_plan = {i for i, _ in pairs}
    paired_sheet = {j for _, j in pairs}
    missing = [
        {
            "section": plan_items[i][0],
            "activity_number": plan_items[i][1].activity_number,
            "activity": plan_items[i][1].activity,
            "pages": list(plan_items[i][1].pages),
        }
        for i in range(len(plan_items))
        if i not in paired_plan
    ]
    extra = [
        {"row": sheet.rows[j].number, **sheet_rows[j]}
        for j in range(len(sheet_rows))
        if j not in paired_sheet
    ]
    return TranscriptionReport(
        plan_review=plan.review,
        plan=plan.source,
        sheet=sheet.path,
        fields=fields,
        rows_compared=len(pairs),
        cells_compared=len(pairs) * len(fields),
        differences=differences,
        missing=missing,
        extra=extra,
    )


def render_markdown(report: TranscriptionReport) -> str:
    s = report.to_dict()["summary"]
    lines = [
        f"# Transcription audit: {report.sheet} against {report.plan or 'the plan'}",
        "",
        f"- {s['cells_different']} of {s['cells_compared']} cells differ "
        f"({s['rows_compared']} rows, fields: {', '.join(report.fields)}).",
        f"- {s['missing_rows']} plan activities have no sheet row; "
        f"{s['extra_rows']} sheet rows match no activity.",
        *(
            [f"- **Extraction doubtful**: {review_warning({'the PDF': report.plan_review})}."]
            if report.plan_review.status != "ok"
            else []
        ),
        "",
        "Legend: ~~as in the PDF~~ **as typed in the sheet**.",
        "",
    ]
    if report.differences:
        lines += ["| row | column | activity | page | difference |", "|---|---|---|---|---|"]
        for d in report.differences:
            label = d.activity_number or _short(d.activity)
            lines.append(
                f"| {d.row} | {_cell(d.column)} | {_cell(label)} | {d.page or ''} | "
                f"{_cell(markdown_word_diff(d.words))} |"
            )
        lines.append("")
    if report.missing:
        lines += ["## Activities missing from the sheet", ""]
        lines += [f"- {m['activity_number'] or ''} {_short(m['activity'])}" for m in report.missing]
        lines.append("")
    if report.extra:
        lines += ["## Sheet rows that match no activity", ""]
        lines += [f"- row {e['row']}: {_short(e.get('activity', ''))}" for e in report.extra]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _short(text: str, width: int = 70) -> str:
    text = printed_text(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


CSV_COLUMNS = ("row", "column", "field", "section", "activity_number", "page", "pdf", "sheet")


def write_report(report: TranscriptionReport, out_dir: str | Path) -> list[Path]:
    """transcription.json, .md and .csv (one row per differing cell) in `out_dir` (atomic)."""
    return write_texts(
        out_dir,
        {
            "transcription.json": json_text(report.to_dict()),
            "transcription.md": render_markdown(report),
            "transcription.csv": csv_text(CSV_COLUMNS, (d.to_dict() for d in report.differences)),
        },
    )
