"""The line-end decision measured on its own: every word pair across a line end in the test
PDFs whose truth is known, the decision the pipeline took, and what the truth prints.

A pair is the last word of a cell's line and the first word of its next line. The truth
says "one word" when it prints the two pieces as one token (`requerimient` + `os`,
`E-` + `Mentores`), "two words" when it prints them as consecutive tokens (`de` +
`capacitación`, `Paniamor-` + `Programa`); a pair the truth prints both ways or neither is
not counted. Pairs whose producer writes a space at line ends are counted apart: there the
space decides, except at a full line without one (LibreOffice drops the space that does not
fit before the cell's edge), which the language reads.

    .venv/bin/python benchmarks/bench_line_ends.py [--variants DIR]... [--only] [--errors]

Each `DIR` holds PDFs with their truth beside them (`NAME.pdf`, `NAME.truth.json`), at any
depth: variants rendered by `python tests/variants.py DIR`, or held-out batches of
`tests/heldout.py --out DIR` (`DIR/producer/seed-N/`); without one only the shared PDFs
under tests/data and the committed renderings of the other producers under
tests/data/plans/{docx,calc,html,weasy} are measured. The figures are given per PDF, then
per producer (the name's first part: `weasy-random-01` is `weasy`'s; the committed PDFs are
`committed`) and class of line end (`KINDS`: plain, after a hyphen, at a slash), twice: over
the pairs the truth prints one way only, as above, and over every pair of a cell whose
letters are a truth value's, the truth read at that occurrence (`occurrence_readings`: it
judges `Paniamor-` / `Programa` too). `--only`: the `--variants` PDFs alone.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from heldout import PRODUCERS  # noqa: E402

from plan_extract.models import CONTRACT_FIELDS  # noqa: E402
from plan_extract.pdf import text as text_module  # noqa: E402
from plan_extract.pdf.reader import Word  # noqa: E402
from plan_extract.pdf.text import line_text, split_item_number  # noqa: E402
from plan_extract.pipeline import extract_plan  # noqa: E402

PLANS = ROOT / "tests" / "data" / "plans"


def cases(variants: list[Path], committed: bool = True) -> list[tuple[str, Path, Path]]:
    """The PDFs with their truth: the shared plans and variants (unless not `committed`),
    and every PDF of the `variants` folders with a truth beside it."""
    found: list[tuple[str, Path, Path]] = []
    if committed:
        truth_2023 = PLANS / "conacoes-2023" / "truth.json"
        found.append(("plan-2023", PLANS / "conacoes-2023" / "plan.pdf", truth_2023))
        found.append(
            ("plan-2024", PLANS / "plan-2024" / "plan.pdf", PLANS / "plan-2024" / "truth.json")
        )
        for pdf in sorted((PLANS / "conacoes-2023" / "variants").glob("*.pdf")):
            found.append((pdf.stem, pdf, truth_2023))
    for folder in variants:
        for pdf in sorted(folder.rglob("*.pdf")):
            if pdf.with_suffix(".truth.json").exists():
                found.append((pdf.stem, pdf, pdf.with_suffix(".truth.json")))
    return found


KINDS = ("plain", "hyphen", "slash")
"""The classes of line end counted apart: a hyphen ending the line, a slash ending it or
opening the next (`y/` / `o`, `observadores` / `/as`), any other."""


def kind(left: str, right: str) -> str:
    if left.endswith("-"):
        return "hyphen"
    return "slash" if "/" in (left[-1:], right[:1]) else "plain"


def producer(name: str, committed: bool) -> str:
    """Who made a PDF: `committed`, a held-out producer (the name's first part), or the
    reportlab canvas of `tests/variants.py`, whose names say the layout only."""
    first = name.split("-")[0]
    return "committed" if committed else first if first in PRODUCERS else "reportlab"


def misread(counts: Counter) -> tuple[int, int]:
    """Of counted pairs: one word read as two, two words read as one."""
    one_two = sum(v for k, v in counts.items() if k[1:3] == ("one", "two"))
    two_one = sum(v for k, v in counts.items() if k[1:3] == ("two", "one"))
    return one_two, two_one


def committed_cases() -> list[tuple[str, Path, dict]]:
    """The committed renderings of the other producers (LibreOffice Writer and Calc,
    Chromium, WeasyPrint: `tests/variants_docx.py --committed` and its kin), each with the
    truth its layout was built from."""
    import variants_calc
    import variants_docx
    import variants_html
    import variants_weasy
    from variants import expected_truth, load_truth

    return [
        (name, module.COMMITTED / f"{name}.pdf", expected_truth(variant, load_truth(variant)))
        for module, registry in (
            (variants_docx, variants_docx.DOCX_REGISTRY),
            (variants_calc, variants_calc.CALC_REGISTRY),
            (variants_html, variants_html.HTML_REGISTRY),
            (variants_weasy, variants_weasy.WEASY_REGISTRY),
        )
        for name, variant in registry.items()
        if (module.COMMITTED / f"{name}.pdf").exists()
    ]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def truth_forms(truth: dict) -> tuple[set[str], set[tuple[str, str]]]:
    """Every token the truth prints, and every pair of consecutive tokens."""
    tokens: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for section in truth["sections"]:
        for activity in section["activities"]:
            for field in CONTRACT_FIELDS:
                words = _norm(str(activity.get(field) or "")).split()
                tokens.update(words)
                pairs.update(itertools.pairwise(words))
    return tokens, pairs


DECISION = "join_decision" if hasattr(text_module, "join_decision") else "_broken_inside_word"
"""The function deciding one line end (named so before the language model came)."""


def truth_values(truth: dict) -> dict[str, str]:
    """Every contract field's value the truth prints, by its letters without spaces."""
    return {
        _unspaced(value): value
        for section in truth["sections"]
        for activity in section["activities"]
        for field in CONTRACT_FIELDS
        if (value := _norm(" ".join(str(activity.get(field) or "").split())))
    }


def _unspaced(text: str) -> str:
    return "".join(text.split())


def occurrence_readings(cell: str, values: dict[str, str]) -> list[str] | None:
    """What the truth prints at each place of a cell's text where letters meet: after the
    n-th non-space character, "two" (a space) or "one" (none); None where the cell's letters
    are no truth value's (a row or a column read wrong, not a line end)."""
    letters = _unspaced(cell)
    value = values.get(letters)
    if value is None:
        number, rest = split_item_number(cell)
        value = values.get(_unspaced(rest)) if number is not None else None
        if value is not None:  # the item number the cell opens with is no field's
            value = "x" * len(_unspaced(cell[: len(cell) - len(rest)])) + " " + value
    if value is None:
        return None
    readings = []
    for i, char in enumerate(value):
        if not char.isspace():
            readings.append("two" if value[i + 1 : i + 2].isspace() else "one")
    return readings


def measure(pdf: Path, truth: dict, errors: list[str], by_occurrence: Counter) -> Counter:
    """Count the pairs of one PDF: (spaces written?, truth, decision, `kind`) → n; wrong
    decisions are appended to `errors`. `by_occurrence` counts the same keys with the truth
    read at each occurrence: the value of the truth whose letters the cell's text holds
    says whether a space stands there (`occurrence_readings`), so every pair of a cell read
    right but for its spaces is counted, `Paniamor-` / `Programa` too, where the truth
    prints both forms; the cells of no truth value are counted under `unmatched`."""
    seen: dict[tuple, tuple[bool, str, str, bool]] = {}
    cells: dict[tuple, tuple[list[list[Word]], str]] = {}
    original = getattr(text_module, DECISION)
    original_join = text_module.join_lines

    def recording(line, last, nxt, *args):
        joined = original(line, last, nxt, *args)
        key = (last.page, last.x0, last.top, nxt.page, nxt.x0, nxt.top)
        # The records stage joins the contract fields' cells, with the column's right limit
        # (and the document's words or language); other stages join text only to read item
        # numbers or labels, without them: the records' decision is the one counted.
        if args and args[0] is not None:
            seen[key] = (last.space_after is not None, _norm(last.text), _norm(nxt.text), joined)
        return joined

    def recording_cells(lines, right_limit=None, *args):
        text = original_join(lines, right_limit, *args)
        if right_limit is not None and len(lines) > 1:
            cells[tuple((w.page, w.x0, w.top) for w in lines[0] + lines[-1])] = (lines, text)
        return text

    setattr(text_module, DECISION, recording)
    text_module.join_lines = recording_cells
    try:
        extract_plan(pdf)
    finally:
        setattr(text_module, DECISION, original)
        text_module.join_lines = original_join
    count_occurrences(pdf.stem, list(cells.values()), truth, by_occurrence, errors)
    tokens, pairs = truth_forms(truth)
    counts: Counter = Counter()
    for spaced, left, right, joined in seen.values():
        one, two = left + right in tokens, (left, right) in pairs
        if one == two:
            continue
        reading = ("one" if one else "two", "one" if joined else "two")
        counts[(spaced, *reading, kind(left, right))] += 1
        if one != joined:
            errors.append(f"{pdf.stem}: {left!r} + {right!r} is {'one' if one else 'two'}")
    return counts


def count_occurrences(
    name: str,
    cells: list[tuple[list[list[Word]], str]],
    truth: dict,
    by_occurrence: Counter,
    errors: list[str],
) -> None:
    """Count each line end of the recorded `cells` (lines, text read) against the truth at
    its occurrence (`occurrence_readings`); wrong readings are appended to `errors`."""
    values = truth_values(truth)
    for lines, text in cells:
        readings = occurrence_readings(_norm(text), values)
        if readings is None:
            by_occurrence["unmatched"] += 1
            continue
        done = 0  # letters of the lines before
        for before, after in itertools.pairwise(lines):
            done += len(_unspaced(_norm(line_text(before))))
            if done > len(readings):
                break
            left, right = _norm(before[-1].text), _norm(after[0].text)
            spaced = before[-1].space_after is not None
            joined = _joined_at(text, done)
            reading = readings[done - 1]
            by_occurrence[(spaced, reading, "one" if joined else "two", kind(left, right))] += 1
            if (reading == "one") != joined:
                errors.append(f"{name} (at its occurrence): {left!r} + {right!r} is {reading}")


def _joined_at(text: str, letters: int) -> bool:
    """Whether `text` prints no space after its `letters`-th non-space character."""
    seen = 0
    for i, char in enumerate(text):
        if not char.isspace():
            seen += 1
            if seen == letters:
                return not text[i + 1 : i + 2].isspace()
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=Path, action="append", default=[])
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    parser.add_argument("--only", action="store_true", help="measure the --variants only")
    args = parser.parse_args(argv)
    total: Counter = Counter()
    by_producer: dict[str, Counter] = {}
    by_occurrence: dict[str, Counter] = {}
    found = [
        (name, pdf, json.loads(path.read_text(encoding="utf-8")))
        for name, pdf, path in cases(args.variants, not args.only)
    ]
    others = committed_cases()
    committed = {name for name, _, _ in cases([])} | {name for name, _, _ in others}
    for name, pdf, truth in found + (others if not args.only else []):
        errors: list[str] = []
        maker = producer(name, name in committed)
        counts = measure(pdf, truth, errors, by_occurrence.setdefault(maker, Counter()))
        total.update(counts)
        by_producer.setdefault(maker, Counter()).update(counts)
        parts = []
        for spaced, label in ((False, "without line-end spaces"), (True, "with")):
            part = Counter({k: v for k, v in counts.items() if k[0] == spaced})
            parts.append(f"{part.total()} pairs {label}, {sum(misread(part))} wrong")
        print(f"{name}: {'; '.join(parts)}")
        if args.errors:
            print("".join(f"    {e}\n" for e in errors), end="")
    for spaced in (False, True):
        part = Counter({k: v for k, v in total.items() if k[0] == spaced})
        one_two, two_one = misread(part)
        label = "with line-end spaces" if spaced else "without line-end spaces"
        print(
            f"{label}: {part.total()} pairs, {one_two + two_one} wrong "
            f"(one word read as two: {one_two}, two words read as one: {two_one})"
        )
    print("\nPairs the truth prints one way only:\n")
    print(table(by_producer))
    print("\nEvery pair, the truth read at its occurrence:\n")
    print(table(by_occurrence))
    return 0


def table(by_producer: dict[str, Counter]) -> str:
    """A Markdown table: per producer and `kind`, the pairs counted and the wrong ones (one
    word read as two / two words read as one)."""
    rows = ["| producer | " + " | ".join(KINDS) + " |", "| --- |" + " --- |" * len(KINDS)]
    for name, counts in sorted(by_producer.items()):
        cells = []
        for k in KINDS:
            part = Counter({key: v for key, v in counts.items() if key[3] == k})
            one_two, two_one = misread(part)
            cells.append(f"{part.total()}, {one_two + two_one} wrong ({one_two}/{two_one})")
        unmatched = f" ({counts['unmatched']} cells unmatched)" if counts["unmatched"] else ""
        rows.append(f"| {name}{unmatched} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
