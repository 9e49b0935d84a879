"""The review measured on random layouts (`tests/random_layouts.py`): per seed, every layout
rendered, extracted and scored with the project's scorers: fields (`tests/data/score.py`) and
the review (`tests/data/score_review.py`: status right, wrong activities flagged, exact
activities flagged). docs/review.md quotes the totals.

    .venv/bin/python tests/review_layouts.py OUTDIR SEED [SEED …] [--count 12] [--verbose]
        [--rendered]

Score seeds before a change, fix in general terms, then judge on seeds never looked at.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from faults import ReviewCounts
from faults import score as review_score
from random_layouts import render_random

from plan_extract.export import plan_json
from plan_extract.pdf.reader import ReadError
from plan_extract.pipeline import extract_plan
from plan_extract.plan.page_tables import LayoutError

SCORE = Path(__file__).parent / "data" / "score.py"


@dataclass
class LayoutScore(ReviewCounts):
    """One layout's extraction scored: its fields line and the review's counts."""

    name: str
    fields: str


FAILED = "failed"
"""The status of a layout whose extraction raised the typed error `extract` reports as a failed
file (exit 1, one line): loud, so never a silent wrong, but no review to score either."""


def score_layout(pdf: Path, truth: Path, verbose: bool = False) -> LayoutScore:
    try:
        plan = extract_plan(pdf)
    except (ReadError, LayoutError) as exc:
        return LayoutScore(
            status=FAILED,
            wrong=0,
            wrong_flagged=0,
            exact=0,
            exact_flagged=0,
            name=pdf.stem,
            fields=f"FAILED: {type(exc).__name__}: {exc}",
        )
    out = pdf.with_suffix(".out.json")
    out.write_text(plan_json(plan), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCORE), str(truth), str(out), *(["--verbose"] if verbose else [])],
        capture_output=True,
        text=True,
        cwd=SCORE.parent,
        check=False,
    )
    if verbose and done.returncode:
        print(done.stdout)
    fields = done.stdout.strip().splitlines()[-1]
    wrong, wrong_flagged, exact, exact_flagged = review_score(truth, plan_json(plan))
    return LayoutScore(
        status=plan.review.status,
        wrong=wrong,
        wrong_flagged=wrong_flagged,
        exact=exact,
        exact_flagged=exact_flagged,
        name=pdf.stem,
        fields=fields,
    )


def _kept(out: Path, seed: int) -> list[Path]:
    """The layouts of `seed` an earlier run rendered into `out`, in the order drawn."""
    pdfs = out.glob(f"random-{seed}-*.pdf")
    return sorted(pdfs, key=lambda pdf: int(pdf.stem.rsplit("-", 1)[1]))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--rendered", action="store_true", help="score the layouts already in OUT, not rendering"
    )
    args = parser.parse_args(argv)
    scores = []
    for seed in args.seeds:
        rendered = (
            [(pdf, pdf.with_suffix("").with_suffix(".truth.json")) for pdf in _kept(args.out, seed)]
            if args.rendered
            else render_random(args.out, seed, args.count)
        )
        for pdf, truth in rendered:
            layout = score_layout(pdf, truth, args.verbose)
            scores.append(layout)
            if layout.status == FAILED:
                print(f"{layout.name}: {layout.fields}", flush=True)
                continue
            mark = "right" if layout.status_right else "WRONG"
            print(
                f"{layout.name}: {layout.fields} | status {layout.status} ({mark}) | wrong "
                f"flagged {layout.wrong_flagged}/{layout.wrong} | exact flagged "
                f"{layout.exact_flagged}/{layout.exact}",
                flush=True,
            )
    failed = [s for s in scores if s.status == FAILED]
    scored = [s for s in scores if s.status != FAILED]
    wrong = sum(s.wrong for s in scored)
    exact = sum(s.exact for s in scored)
    print(
        f"seeds {' '.join(map(str, args.seeds))}: {len(scores)} layouts, "
        f"{len(failed)} failed loudly (no output), "
        f"{sum(s.wrong == 0 for s in scored)} exact; status right "
        f"{sum(s.status_right for s in scored)}/{len(scored)}; wrong activities flagged "
        f"{sum(s.wrong_flagged for s in scores)}/{wrong}; exact activities flagged "
        f"{sum(s.exact_flagged for s in scores)}/{exact}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
