"""Fault injection: make one stage of the pipeline wrong on purpose, then see whether the review
(`plan_extract.review`) notices. Measures the checks, not the extractor.

Each fault wraps one stage for one extraction (`inject`), chooses where to strike from a seeded
random generator, and leaves every other stage as it is:

- `drop_piece`: stitch loses the last line of one row cell;
- `misplace_piece`: stitch gives the last line of one row cell to the next row's cell;
- `glue_words`: records joins two lines of a cell without the space between them;
- `move_column_bound`: one column boundary moves a quarter of the column's width to the left;
- `cut_merged_text`: a merged action/objective cell whose text runs on over a page break is
  cut there (its two parts become two cells);
- `split_row`: stitch cuts one row in two between two lines of its tallest cell.

`python tests/faults.py [RUNS]` prints, per fault, the wrong activities that carry a finding
(recall) and the exact activities that carry one (false flags); docs/review.md quotes it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import random
import re
import runpy
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from plan_extract import pipeline
from plan_extract.export import plan_json
from plan_extract.pdf.reader import read_pdf
from plan_extract.pdf.text import group_lines
from plan_extract.plan import page_tables, records, sections, stitch
from plan_extract.plan.stitch import SectionTable, StitchedRow
from plan_extract.tables.finder import find_grids

PLANS = Path(__file__).parent / "data" / "plans"
SCORE_REVIEW = Path(__file__).parent / "data" / "score_review.py"
DOCUMENTS = {
    "plan-2023": (PLANS / "conacoes-2023" / "plan.pdf", PLANS / "conacoes-2023" / "truth.json"),
    "plan-2024": (PLANS / "plan-2024" / "plan.pdf", PLANS / "plan-2024" / "truth.json"),
}
SHIFT = 0.25
"""Share of a column's width its left boundary moves (`move_column_bound`)."""


@dataclass
class ReviewCounts:
    """A document's review as tests/data/score_review.py counts it: its status, the activities
    wrong, and which of them (and of the exact ones) carry a review finding."""

    status: str
    wrong: int
    wrong_flagged: int
    exact: int
    exact_flagged: int

    @property
    def status_right(self) -> bool:
        return self.status == ("ok" if self.wrong == 0 else "needs_review")


@dataclass
class Outcome(ReviewCounts):
    """One faulty extraction scored against the truth."""

    fault: str
    document: str
    seed: int


REVIEW_LINE = re.compile(
    r"status (?P<status>\S+) \| wrong activities flagged (?P<wrong_flagged>\d+)/(?P<wrong>\d+) "
    r"\| exact activities flagged (?P<exact_flagged>\d+)/(?P<exact>\d+)"
)


def score(truth: Path, plan: str) -> tuple[int, int, int, int]:
    """(wrong, wrong flagged, exact, exact flagged) as tests/data/score_review.py (the
    project's review scorer, kept verbatim) counts them for the plan's JSON text."""
    _, printed = review_scorer(truth, plan)
    found = REVIEW_LINE.search(printed)
    if found is None:
        raise RuntimeError(f"score_review.py said: {printed}")
    return tuple(int(found[name]) for name in ("wrong", "wrong_flagged", "exact", "exact_flagged"))


def review_scorer(truth: Path, plan: str) -> tuple[int, str]:
    """tests/data/score_review.py's exit status and printed text for the plan's JSON text."""
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        out = Path(tmp) / "out.json"
        out.write_text(plan, encoding="utf-8")
        return run_script(SCORE_REVIEW, str(truth), str(out))


def run_script(script: Path, *args: str) -> tuple[int, str]:
    """The exit status and printed text of `python SCRIPT ARGS...`, run in this process
    (`runpy`, the script as `__main__`, its own folder first on the import path:
    score_review.py imports score.py beside it). A Python process started for each of the
    suite's few dozen scorings cost more than the scoring itself."""
    printed = io.StringIO()
    argv, path = sys.argv, list(sys.path)
    sys.argv, sys.path[:0] = [str(script), *args], [str(script.parent)]
    status: object = 0
    try:
        with contextlib.redirect_stdout(printed):
            runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        status = exc.code
    finally:
        sys.argv, sys.path[:] = argv, path
    return (status if isinstance(status, int) else 1 if status else 0), printed.getvalue()


@cache
def _read(path: Path):
    content = read_pdf(path)
    return content, find_grids(content.pages)


@contextlib.contextmanager
def _patched(module, name: str, replacement) -> Iterator[None]:
    original = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, original)


# --- the faults ---------------------------------------------------------------------------------


def _row_cells(table: SectionTable) -> list[tuple[int, int]]:
    """(row, column) of every row-level cell with two lines or more."""
    return [
        (r, c)
        for r, row in enumerate(table.rows)
        for c, words in row.cells.items()
        if not table.model.columns[c].spanning and len(group_lines(words)) >= 2
    ]


def _after_stitch(change: Callable[[SectionTable, random.Random], None], rng: random.Random):
    """Wrap `stitch_sections` so that `change` alters one section chosen at random, as the
    stage reads it (of the readings it tries, the one it keeps)."""
    original = stitch.stitch_sections
    target = rng.randrange(3)  # the plans have three sections

    def wrapped(*args, **kwargs):
        tables = original(*args, **kwargs)
        if target < len(tables):
            change(tables[target], rng)
        return tables

    return _patched(sections, "stitch_sections", wrapped)


def drop_piece(rng: random.Random):
    def change(table: SectionTable, rng: random.Random) -> None:
        r, c = rng.choice(_row_cells(table))
        lost = {w.seq for w in group_lines(table.rows[r].cells[c])[-1]}
        table.rows[r].cells[c] = [w for w in table.rows[r].cells[c] if w.seq not in lost]

    return _after_stitch(change, rng)


def misplace_piece(rng: random.Random):
    def change(table: SectionTable, rng: random.Random) -> None:
        choices = [(r, c) for r, c in _row_cells(table) if r + 1 < len(table.rows)]
        r, c = rng.choice(choices)
        moved = group_lines(table.rows[r].cells[c])[-1]
        ids = {w.seq for w in moved}
        table.rows[r].cells[c] = [w for w in table.rows[r].cells[c] if w.seq not in ids]
        table.rows[r + 1].cells.setdefault(c, []).extend(moved)

    return _after_stitch(change, rng)


def split_row(rng: random.Random):
    def change(table: SectionTable, rng: random.Random) -> None:
        r, c = rng.choice(_row_cells(table))
        row = table.rows[r]
        lines = group_lines(row.cells[c])
        cut_line = rng.randrange(1, len(lines))
        page = lines[cut_line][0].page
        y = (max(w.bottom for w in lines[cut_line - 1]) + min(w.top for w in lines[cut_line])) / 2
        below = {
            column: [w for w in words if w.page == page and w.ymid > y]
            for column, words in row.cells.items()
            if not table.model.columns[column].spanning
        }
        new = StitchedRow({k: v for k, v in below.items() if v}, list(row.extents), dict(row.spans))
        for column, words in below.items():
            ids = {w.seq for w in words}
            row.cells[column] = [w for w in row.cells[column] if w.seq not in ids]
        table.rows.insert(r + 1, new)
        for groups in table.spanning.values():
            for group in groups:
                group.rows = sorted(
                    {x + 1 if x > r else x for x in group.rows}
                    | ({r + 1} if r in group.rows else set())
                )

    return _after_stitch(change, rng)


def glue_words(rng: random.Random):
    """Records joins one cell's lines without a space at one line end (one cell in five of
    those with two lines or more, at least one)."""
    original = records.words_text
    state = {"glued": 0}

    def wrapped(words, *args, **kwargs):
        text = original(words, *args, **kwargs)
        lines = group_lines(words)
        if len(lines) < 2 or (state["glued"] and rng.random() > 0.2):
            return text
        k = rng.randrange(1, len(lines))
        parted = f"{lines[k - 1][-1].text} {lines[k][0].text}"
        if parted not in text:
            return text
        state["glued"] += 1
        return text.replace(parted, parted.replace(" ", ""), 1)

    return _patched(records, "words_text", wrapped)


def move_column_bound(rng: random.Random):
    original = page_tables._column_model
    state: dict[str, int] = {}

    def wrapped(*args, **kwargs):
        model = original(*args, **kwargs)
        columns = list(model.columns)
        k = state.setdefault("column", rng.randrange(1, len(columns)))
        k = min(k, len(columns) - 1)
        left, right = columns[k - 1], columns[k]
        x = right.x0 - SHIFT * (left.x1 - left.x0)
        columns[k - 1] = dataclasses.replace(left, x1=x)
        columns[k] = dataclasses.replace(right, x0=x)
        return dataclasses.replace(model, columns=tuple(columns))

    return _patched(page_tables, "_column_model", wrapped)


def cut_merged_text(rng: random.Random):
    """`_same_cell` answers 'another cell' for one merged cell whose text continues on the
    next page (the n-th such join, chosen at random)."""
    original = stitch._same_cell
    state = {"seen": 0, "target": rng.randrange(4)}

    def wrapped(before, after, rows, model):
        same = original(before, after, rows, model)
        if same and before.words and after.words:
            state["seen"] += 1
            if state["seen"] - 1 == state["target"]:
                return False
        return same

    return _patched(stitch, "_same_cell", wrapped)


FAULTS: dict[str, Callable[[random.Random], contextlib.AbstractContextManager]] = {
    "drop_piece": drop_piece,
    "misplace_piece": misplace_piece,
    "glue_words": glue_words,
    "move_column_bound": move_column_bound,
    "cut_merged_text": cut_merged_text,
    "split_row": split_row,
}


def run(fault: str, document: str, seed: int) -> Outcome:
    """Extract `document` with `fault` injected (seeded), and score its review."""
    pdf, truth_path = DOCUMENTS[document]
    content, grids = _read(pdf)
    rng = random.Random(seed)
    with (
        _patched(pipeline, "read_pdf", lambda *_a, **_k: content),
        _patched(pipeline, "find_grids", lambda _pages: grids),
        FAULTS[fault](rng),
    ):
        plan = pipeline.extract_plan(pdf)
    wrong, wrong_flagged, exact, exact_flagged = score(truth_path, plan_json(plan))
    return Outcome(
        status=plan.review.status,
        wrong=wrong,
        wrong_flagged=wrong_flagged,
        exact=exact,
        exact_flagged=exact_flagged,
        fault=fault,
        document=document,
        seed=seed,
    )


def measure(runs: int) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for fault in FAULTS:
        t = totals.setdefault(fault, dict.fromkeys(("runs", "no_effect", "status_right",
                                                   "wrong", "wrong_flagged", "exact",
                                                   "exact_flagged"), 0))  # fmt: skip
        for document in DOCUMENTS:
            for seed in range(runs):
                try:
                    outcome = run(fault, document, seed)
                except Exception as exc:  # noqa: BLE001 (a fault may make the pipeline fail loudly: fine)
                    print(f"{fault} {document} {seed}: extraction failed ({exc})")
                    continue
                t["runs"] += 1
                t["no_effect"] += outcome.wrong == 0
                t["status_right"] += outcome.status_right
                for name in ("wrong", "wrong_flagged", "exact", "exact_flagged"):
                    t[name] += getattr(outcome, name)
                if outcome.wrong_flagged < outcome.wrong or outcome.exact_flagged:
                    print(f"  {fault} {document} seed {seed}: {outcome}")
    return totals


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 5
    totals = measure(runs)
    print("| fault | runs | status right | wrong activities flagged | exact activities flagged |")
    print("| --- | --- | --- | --- | --- |")
    for fault, t in totals.items():
        recall = t["wrong_flagged"] / max(1, t["wrong"])
        false = t["exact_flagged"] / max(1, t["exact"])
        print(
            f"| `{fault}` | {t['runs']} | {t['status_right']}/{t['runs']} | "
            f"{t['wrong_flagged']}/{t['wrong']} ({recall:.1%}) | "
            f"{t['exact_flagged']}/{t['exact']} ({false:.1%}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
