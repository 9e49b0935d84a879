"""Held-out batches: random layouts from a seed, per producer, extracted and scored.

The layouts the tests check were fixed one by one, so they say little about layouts nobody
has looked at. A held-out batch draws N combinations of every option with
`random.Random(seed)`, renders each with a producer, extracts it, and scores the output with
the project's scorers (`tests/data/score.py`, `tests/data/score_review.py`), as an unseen plan
would be scored. Six producers:

- `reportlab`: `tests/variants.py` (one reportlab canvas, or platypus);
- `docx`: `tests/variants_docx.py` (python-docx converted by LibreOffice; skipped with a
  message where LibreOffice is not installed);
- `html`: `tests/variants_html.py` (an HTML table printed by headless Chromium; skipped with
  a message where Chromium is not installed);
- `fpdf`: `tests/variants_fpdf.py` (the table laid out by the fpdf2 library, not a
  dependency of the project; skipped with a message where it is not installed);
- `calc`: `tests/variants_calc.py` (a workbook written by openpyxl and printed by LibreOffice
  Calc; skipped with a message where LibreOffice is not installed);
- `weasy`: `tests/variants_weasy.py` (the html producer's document laid out by WeasyPrint,
  not a dependency either; skipped with a message where it is not importable).

Render and score a fresh seed BEFORE any change, record it, fix in general terms, then judge
on a seed that was never looked at. Results are written to docs/variants.md by hand.

    .venv/bin/python tests/heldout.py --seed 11 --count 20 [--producer docx|html] [--out DIR]
        [--verbose]

Prints one row per layout (fields line, review line, options) and a summary per producer;
`--verbose` also prints the scorer's differences for every layout that is not exact. Each
layout's PDF, expected truth, output JSON and verbose score stay in `--out`.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import variants as rl  # noqa: E402
import variants_calc as vc  # noqa: E402
import variants_docx as wd  # noqa: E402
import variants_fpdf as vf  # noqa: E402
import variants_html as wh  # noqa: E402
import variants_weasy as ww  # noqa: E402

from plan_extract.export import plan_json  # noqa: E402
from plan_extract.pipeline import extract_plan  # noqa: E402

sys.path.insert(0, str(HERE / "data"))
import score as scorer  # noqa: E402

SCORE = HERE / "data" / "score.py"
SCORE_REVIEW = HERE / "data" / "score_review.py"
PRODUCERS = ("reportlab", "docx", "html", "fpdf", "calc", "weasy")
DRAWS = {
    "docx": wd.random_variant,
    "html": wh.random_variant,
    "fpdf": vf.random_variant,
    "calc": vc.random_variant,
    "weasy": ww.random_variant,
}
PRINTERS = {"html": wh.print_pdf, "weasy": ww.print_pdf}
"""The producers that print the HTML document (`variants_html`), by the engine that prints it."""
RL_FONTS = (
    "Helvetica",
    "Times",
    "Courier",
    "DejaVuSans",
    "DejaVuSerif",
    "DejaVuSansCondensed",
    "DejaVuSerifCondensed",
)


def random_reportlab(rng: random.Random, index: int) -> rl.Variant:
    """A combination of every option of tests/variants.Variant, drawn by `rng`."""
    number_column = rng.choice((None, None, "Nº", "N°", "No."))
    widths = [w * rng.uniform(0.85, 1.15) for w in (12, 12, 16, 11, 11, 13, 13, 12)]
    if number_column:
        widths.insert(2, rng.uniform(3.5, 5))
    rules = rng.choice(("grid", "grid", "horizontal", "box", "none"))
    variant = rl.Variant(
        name=f"reportlab-random-{index:02d}",
        description="",
        truth=rng.choice(("2023", "2024")),
        page=rng.choice(("letter", "a4", "legal")),
        orientation="portrait" if rng.random() < 0.12 else "landscape",
        font=rng.choice(RL_FONTS),
        size=rng.choice((6.5, 7.0, 7.5, 8.0, 8.5, 9.0)),
        widths=tuple(round(w, 2) for w in widths),
        margin=rng.choice((28.0, 36.0)),
        rules=rules,
        rule_width=rng.choice((0.3, 0.5, 0.8)),
        rule_color=rng.choice(("#000000", "#7F7F7F")),
        header_fill=rng.choice((None, "#DCE6F2", "#D9D9D9")),
        group_label=rng.choice(("Evaluación", "Evaluación", None)),
        labels=rng.choice(wd.LABEL_SETS),
        number_column=number_column,
        header_repeat=rng.random() < 0.6,
        table_per=rng.choice(("section", "section", "action", "objective")),
        row_split=rng.random() < 0.6,
        spans=rng.choice(("merged", "merged", "flat")),
        span_valign=rng.choice(("top", "middle", "bottom")),
        title_rows=rng.choice(("inside", "above")),
        running_header=rng.choice(
            ((), ("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"))
        ),
        page_numbers=rng.random() < 0.4,
        stamp=rng.choice(("block", "line", None)),
        cover=rng.random() < 0.75,
        section_break=rng.random() < 0.7,
        trailing_spaces=rng.random() < 0.7,
        row_gap=6.0 if rules == "none" else 0.0,
        content=rng.choice(("as-printed", "as-printed", "as-printed", "sparse", "long-row")),
        engine="platypus" if rng.random() < 0.1 else "layout",
    )
    if variant.engine == "platypus" and number_column:  # platypus prints no number column
        variant = replace(
            variant, number_column=None, widths=variant.widths[:2] + variant.widths[3:]
        )
    return replace(
        variant, description=rl.describe_options(variant, rl.Variant(name="", description=""))
    )


@dataclass
class Outcome:
    """One layout of a batch: where it is, and what the scorers said."""

    producer: str
    name: str
    options: str
    rendered: bool = False
    error: str | None = None
    fields_line: str = ""
    review_line: str = ""
    exact: bool = False
    review_ok: bool = False
    verbose: str = ""
    dropped: list[str] = field(default_factory=list)
    """Truth activities the rendered PDF does not print (`dropped_activities`): the producer
    lost them, so no reading can be exact; the layout is still scored (the review should say
    that rows are missing), and the report names them."""
    unspaced: str = ""
    """Fields exact once all whitespace is removed: what is left when words glued or parted
    at line ends are forgiven (the line-end class), i.e. the structural errors."""


def _write_truth(variant, out: Path) -> dict:
    truth = rl.load_truth(variant)
    expected = rl.expected_truth(variant, truth)
    (out / f"{variant.name}.truth.json").write_text(plan_json_text(expected), encoding="utf-8")
    return truth


def plan_json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def render_batch(producer: str, seed: int, count: int, out: Path) -> list[Outcome]:
    """Draw `count` layouts from `seed` and render them into `out` (PDF + expected truth)."""
    rng = random.Random(seed)
    draw = DRAWS.get(producer, random_reportlab)
    layouts = [draw(rng, i) for i in range(count)]
    outcomes = []
    # Documents LibreOffice converts in one run (DOCX, or XLSX for Calc).
    office_files: list[tuple[Outcome, Path]] = []
    for variant in layouts:
        outcome = Outcome(producer, variant.name, variant.description)
        outcomes.append(outcome)
        try:
            truth = _write_truth(variant, out)
            if producer == "reportlab":
                rl.render(variant, truth, out / f"{variant.name}.pdf")
                outcome.rendered = True
            elif producer in PRINTERS:
                wh.render_html_variant(variant, truth, out, PRINTERS[producer])
                outcome.rendered = True
            elif producer == "fpdf":
                drawn = vf.render(variant, truth, out / f"{variant.name}.pdf")
                outcome.options = drawn.description
                outcome.rendered = True
            elif producer == "calc":
                office_files.append(
                    (outcome, vc.build_xlsx(variant, truth, out / f"{variant.name}.xlsx"))
                )
            else:
                office_files.append(
                    (outcome, wd.build_docx(variant, truth, out / f"{variant.name}.docx"))
                )
        except Exception as exc:  # noqa: BLE001 - a layout the producer cannot draw is reported, not fatal
            outcome.error = f"not rendered: {type(exc).__name__}: {exc}"
    if office_files:
        wd.convert_many([path for _, path in office_files], out)
        for outcome, path in office_files:
            outcome.rendered = path.with_suffix(".pdf").exists()
            if not outcome.rendered:
                outcome.error = "not rendered: LibreOffice wrote no PDF"
    for outcome in outcomes:
        if outcome.rendered:
            outcome.dropped = dropped_activities(
                out / f"{outcome.name}.pdf", out / f"{outcome.name}.truth.json"
            )
    return outcomes


DROPPED_PAIR_SHARE = 0.5
"""A truth activity counts as not printed when fewer than this share of the word pairs of its
activity text occur in the PDF's text (read with pdfium, in content-stream order, lines joined
with and without a space, so a word cut at a line end still makes its pair)."""


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"\w+", text.lower())
    return set(itertools.pairwise(words))


def dropped_activities(pdf: Path, truth_path: Path) -> list[str]:
    """The truth activities (as `section: number`) whose text the rendered PDF does not print.

    A producer can lose content without an error: LibreOffice, given rows that may not break
    across pages, left four rows of a section's last table out of the PDF (held-out docx seed
    2323 `04`). The truth then describes rows the PDF does not hold: no reading can be exact,
    and only the review can say that rows are missing. Checked with pdfium's own text,
    independent of the extractor; the report names them."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        raw = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    lines = raw.replace("\r", "").split("\n")
    printed = _word_pairs(" ".join(lines)) | _word_pairs("".join(lines))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    dropped = []
    for section in truth["sections"]:
        for activity in section["activities"]:
            pairs = _word_pairs(activity.get("activity") or "")
            if len(pairs) >= 3 and len(pairs & printed) < DROPPED_PAIR_SHARE * len(pairs):
                dropped.append(f"{section['name']}: {activity.get('activity_number')}")
    return dropped


def _run(script: Path, truth: Path, pred: Path, *extra: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, str(script), str(truth), str(pred), *extra],
        capture_output=True,
        text=True,
        cwd=script.parent,
    )
    return done.returncode, done.stdout.strip()


def score(outcome: Outcome, out: Path) -> None:
    """Extract one rendered layout and score its output (an error scores as no output)."""
    pdf = out / f"{outcome.name}.pdf"
    truth = out / f"{outcome.name}.truth.json"
    pred = out / f"{outcome.name}.out.json"
    try:
        pred.write_text(plan_json(extract_plan(pdf)), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001 - a failed extraction is that layout's score
        outcome.error = f"extraction failed: {type(exc).__name__}: {exc}"
        (out / f"{outcome.name}.error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        pred.write_text("{}", encoding="utf-8")
    code, text = _run(SCORE, truth, pred, "--verbose")
    outcome.verbose = text
    outcome.fields_line = text.splitlines()[-1] if text else ""
    outcome.exact = code == 0
    outcome.unspaced = unspaced_score(truth, pred)
    (out / f"{outcome.name}.score.txt").write_text(text + "\n", encoding="utf-8")
    if outcome.error is None:
        code, text = _run(SCORE_REVIEW, truth, pred)
        outcome.review_line = text
        outcome.review_ok = code == 0


def unspaced_score(truth_path: Path, pred_path: Path) -> str:
    """`exact/total` over the contract fields, aligned as score.py aligns them, comparing
    texts with every space removed."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pred = json.loads(pred_path.read_text(encoding="utf-8"))

    def bare(value: object) -> str:
        return "".join(scorer.norm(value).split())

    t, p = scorer.activities(truth), scorer.activities(pred)
    matcher = difflib.SequenceMatcher(
        a=[bare(a.get("activity"))[:100] for _, a in t],
        b=[bare(a.get("activity"))[:100] for _, a in p],
        autojunk=False,
    )
    pairs = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
    exact = sum(
        bare(ta.get(f)) == bare(p[pairs[i]][1].get(f) if i in pairs else None)
        for i, (_, ta) in enumerate(t)
        for f in scorer.FIELDS
    )
    return f"{exact}/{len(t) * len(scorer.FIELDS)}"


def report(outcomes: list[Outcome], verbose: bool) -> None:
    for producer in PRODUCERS:
        batch = [o for o in outcomes if o.producer == producer]
        if not batch:
            continue
        rendered = [o for o in batch if o.rendered]
        exact = [o for o in rendered if o.exact]
        reviewed = [o for o in rendered if o.review_ok]
        print(
            f"\n## {producer}: {len(exact)}/{len(rendered)} rendered layouts exact "
            f"({len(batch) - len(rendered)} not rendered), review right on "
            f"{len(reviewed)}/{len(rendered)}"
        )
        for o in batch:
            mark = "EXACT" if o.exact else ("-----" if not o.rendered else "WRONG")
            print(f"{mark} {o.name}: {o.error or o.fields_line}")
            if o.rendered and not o.exact:
                print(f"      without spaces: {o.unspaced} fields exact")
            if o.dropped:
                print(
                    f"      the PDF prints no text of {len(o.dropped)} truth activities "
                    f"(the producer lost them): {', '.join(o.dropped)}"
                )
            if o.rendered and o.review_line:
                print(f"      {o.review_line}")
            print(f"      options: {o.options}")
            if verbose and o.rendered and not o.exact:
                body = o.verbose.splitlines()
                diffs = [line for line in body[:-12] if line.strip()]
                print("\n".join("      | " + line for line in diffs[:60]))
                if len(diffs) > 60:
                    print(f"      | … {len(diffs) - 60} more lines")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--producer", choices=(*PRODUCERS, "both"), default="both")
    parser.add_argument("--out", type=Path, help="keep the files here (default: a temp dir)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    producers = PRODUCERS if args.producer == "both" else (args.producer,)
    if "docx" in producers and wd.soffice() is None:
        print("docx producer skipped: LibreOffice (soffice) is not installed")
        producers = tuple(p for p in producers if p != "docx")
    if "calc" in producers and wd.soffice() is None:
        print("calc producer skipped: LibreOffice Calc (soffice) is not installed")
        producers = tuple(p for p in producers if p != "calc")
    if "html" in producers and wh.chromium() is None:
        print("html producer skipped: Chromium is not installed")
        producers = tuple(p for p in producers if p != "html")
    if "fpdf" in producers and not vf.installed():
        print("fpdf producer skipped: fpdf2 is not installed (pip install fpdf2)")
        producers = tuple(p for p in producers if p != "fpdf")
    if "weasy" in producers and not ww.installed():
        print("weasy producer skipped: WeasyPrint is not installed (pip install weasyprint)")
        producers = tuple(p for p in producers if p != "weasy")
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        root = args.out or Path(tmp)
        outcomes: list[Outcome] = []
        for producer in producers:
            out = root / producer / f"seed-{args.seed}"
            out.mkdir(parents=True, exist_ok=True)
            batch = render_batch(producer, args.seed, args.count, out)
            for outcome in batch:
                if outcome.rendered:
                    score(outcome, out)
            outcomes += batch
        print(f"# held-out batch, seed {args.seed}, {args.count} layouts per producer")
        report(outcomes, args.verbose)
    rendered = [o for o in outcomes if o.rendered]
    return 0 if rendered and all(o.exact for o in rendered) else 1


if __name__ == "__main__":
    sys.exit(main())
