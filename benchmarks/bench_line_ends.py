"""The line-end decision measured on its own: every word pair across a line end in the test
PDFs whose truth is known, the decision the pipeline took, and what the truth prints.

A pair is the last word of a cell's line and the first word of its next line. The truth
says "one word" when it prints the two pieces as one token (`requerimient` + `os`,
`E-` + `Mentores`), "two words" when it prints them as consecutive tokens (`de` +
`capacitación`, `Paniamor-` + `Programa`); a pair the truth prints both ways or neither is
not counted. Pairs whose producer writes a space at line ends are counted apart: there the
space decides, except at a full line without one (LibreOffice drops the space that does not
fit before the cell's edge), which the language reads.

    .venv/bin/python benchmarks/bench_line_ends.py [--variants DIR]

`DIR` holds variants rendered by `python tests/variants.py DIR` (PDF + truth); without it
only the shared PDFs under tests/data and the committed LibreOffice renderings under
tests/data/plans/docx are measured.
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

from plan_extract.models import CONTRACT_FIELDS  # noqa: E402
from plan_extract.pdf import text as text_module  # noqa: E402
from plan_extract.pipeline import extract_plan  # noqa: E402

PLANS = ROOT / "tests" / "data" / "plans"


def cases(variants: Path | None) -> list[tuple[str, Path, Path]]:
    found = [
        ("plan-2023", PLANS / "conacoes-2023" / "plan.pdf", PLANS / "conacoes-2023" / "truth.json"),
        ("plan-2024", PLANS / "plan-2024" / "plan.pdf", PLANS / "plan-2024" / "truth.json"),
    ]
    for pdf in sorted((PLANS / "conacoes-2023" / "variants").glob("*.pdf")):
        found.append((pdf.stem, pdf, PLANS / "conacoes-2023" / "truth.json"))
    if variants is not None:
        for pdf in sorted(variants.glob("*.pdf")):
            found.append((pdf.stem, pdf, pdf.with_suffix(".truth.json")))
    return found


def docx_cases() -> list[tuple[str, Path, dict]]:
    """The committed LibreOffice renderings (`tests/variants_docx.py --committed`), each with
    the truth its layout was built from."""
    from variants import expected_truth, load_truth
    from variants_docx import COMMITTED, DOCX_REGISTRY

    return [
        (name, COMMITTED / f"{name}.pdf", expected_truth(variant, load_truth(variant)))
        for name, variant in DOCX_REGISTRY.items()
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
    """Count the pairs of one PDF: (spaces written?, truth, decision) → n; wrong decisions
    are appended to `errors`."""
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
        counts[(spaced, "one" if one else "two", "one" if joined else "two")] += 1
        if one != joined:
            errors.append(f"{pdf.stem}: {left!r} + {right!r} is {'one' if one else 'two'}")
    return counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=Path, default=None)
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    args = parser.parse_args(argv)
    total: Counter = Counter()
    found = [
        (name, pdf, json.loads(path.read_text(encoding="utf-8")))
        for name, pdf, path in cases(args.variants)
    ]
    for name, pdf, truth in found + docx_cases():
        errors: list[str] = []
        counts = measure(pdf, truth, errors)
        total.update(counts)
        parts = []
        for spaced, label in ((False, "without line-end spaces"), (True, "with")):
            part = {k: v for k, v in counts.items() if k[0] == spaced}
            wrong = sum(v for k, v in part.items() if k[1] != k[2])
            parts.append(f"{sum(part.values())} pairs {label}, {wrong} wrong")
        print(f"{name}: {'; '.join(parts)}")
        if args.errors:
            print("".join(f"    {e}\n" for e in errors), end="")
    for spaced in (False, True):
        part = {k: v for k, v in total.items() if k[0] == spaced}
        wrong = sum(v for k, v in part.items() if k[1] != k[2])
        label = "with line-end spaces" if spaced else "without line-end spaces"
        print(
            f"{label}: {sum(part.values())} pairs, {wrong} wrong "
            f"(one word read as two: {part.get((spaced, 'one', 'two'), 0)}, "
            f"two words read as one: {part.get((spaced, 'two', 'one'), 0)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
