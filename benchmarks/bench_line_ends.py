"""The line-end decision measured on its own: every word pair across a line end in the test
PDFs whose truth is known, the decision the pipeline took, and what the truth prints.

A pair is the last word of a cell's line and the first word of its next line. The truth
says "one word" when it prints the two pieces as one token (`requerimient` + `os`,
`E-` + `Mentores`), "two words" when it prints them as consecutive tokens (`de` +
`capacitación`, `Paniamor-` + `Programa`); a pair the truth prints both ways or neither is
not counted. Pairs whose producer writes a space at line ends are counted apart: there the
space decides, except at a full line without one (LibreOffice drops the space that does not
fit before the cell's edge), which the language reads.

    .venv/bin/python benchmarks/bench_line_ends.py [--variants DIR]... [--errors]

Each `DIR` holds PDFs with their truth beside them (`NAME.pdf`, `NAME.truth.json`), at any
depth: variants rendered by `python tests/variants.py DIR`, or held-out batches of
`tests/heldout.py --out DIR` (`DIR/producer/seed-N/`); without one only the shared PDFs
under tests/data and the committed renderings of the other producers under
tests/data/plans/{docx,calc,html,weasy} are measured. The figures are given per PDF, then
per producer (the name's first part: `weasy-random-01` is `weasy`'s; the committed PDFs are
`committed`) and class of line end (`KINDS`: plain, after a hyphen, at a slash).
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
from plan_extract.pipeline import extract_plan  # noqa: E402

PLANS = ROOT / "tests" / "data" / "plans"


def cases(variants: list[Path]) -> list[tuple[str, Path, Path]]:
    found = [
        ("plan-2023", PLANS / "conacoes-2023" / "plan.pdf", PLANS / "conacoes-2023" / "truth.json"),
        ("plan-2024", PLANS / "plan-2024" / "plan.pdf", PLANS / "plan-2024" / "truth.json"),
    ]
    for pdf in sorted((PLANS / "conacoes-2023" / "variants").glob("*.pdf")):
        found.append((pdf.stem, pdf, PLANS / "conacoes-2023" / "truth.json"))
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


def measure(pdf: Path, truth: dict, errors: list[str]) -> Counter:
    """Count the pairs of one PDF: (spaces written?, truth, decision, `kind`) → n; wrong
    decisions are appended to `errors`."""
    seen: dict[tuple, tuple[bool, str, str, bool]] = {}
    original = getattr(text_module, DECISION)

    def recording(line, last, nxt, *args):
        joined = original(line, last, nxt, *args)
        key = (last.page, last.x0, last.top, nxt.page, nxt.x0, nxt.top)
        # The records stage joins the contract fields' cells, with the column's right limit
        # (and the document's words or language); other stages join text only to read item
        # numbers or labels, without them: the records' decision is the one counted.
        if args and args[0] is not None:
            seen[key] = (last.space_after is not None, _norm(last.text), _norm(nxt.text), joined)
        return joined

    setattr(text_module, DECISION, recording)
    try:
        extract_plan(pdf)
    finally:
        setattr(text_module, DECISION, original)
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=Path, action="append", default=[])
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    args = parser.parse_args(argv)
    total: Counter = Counter()
    by_producer: dict[str, Counter] = {}
    found = [
        (name, pdf, json.loads(path.read_text(encoding="utf-8")))
        for name, pdf, path in cases(args.variants)
    ]
    others = committed_cases()
    committed = {name for name, _, _ in cases([])} | {name for name, _, _ in others}
    for name, pdf, truth in found + others:
        errors: list[str] = []
        counts = measure(pdf, truth, errors)
        total.update(counts)
        by_producer.setdefault(producer(name, name in committed), Counter()).update(counts)
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
    print(table(by_producer))
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
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
