"""A hostile-input campaign: damage a plan PDF in many ways and classify what the extractor
makes of each damaged copy.

Usage: python benchmarks/campaign.py [PDF …] [--seed N] [--count N] [--keep DIR] [--timeout S]

Each mutant is extracted as the `extract` command does (a worker process with the default
limits) and classified against the original's output:
  failure      one clear line on the error channel, no output written
  needs_review written, `review.status` is `needs_review` (findings name the damage)
  identical    written, `ok`, every contract field and signature as the original's
  WRONG        written, `ok`, and something differs: the defect the campaign hunts
Failures that ran to the time limit are also counted apart ("timed out"). Prints one line per
WRONG or timed-out case, a table of counts per mutation kind and the slowest case; exits 1 on
any WRONG. `--timeout` raises the per-file limit on a machine too loaded for the default one
to tell a slow file from a busy CPU (a file that hangs runs to any limit).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from plan_extract.commands.extract import Job, Limits, run_jobs
from plan_extract.models import CONTRACT_FIELDS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDFS = [ROOT / "tests" / "data" / "plans" / "plan-2024" / "plan.pdf"]


def flip_one(data: bytearray, rng: random.Random) -> str:
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(8)
    return f"bit at {at}"


def flip_many(data: bytearray, rng: random.Random) -> str:
    count = rng.randint(2, 30)
    for _ in range(count):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return f"{count} bytes"


def noise(data: bytearray, rng: random.Random) -> str:
    at, length = rng.randrange(len(data)), rng.randint(1, 400)
    data[at : at + length] = rng.randbytes(min(length, len(data) - at))
    return f"{length} at {at}"


def delete(data: bytearray, rng: random.Random) -> str:
    at, length = rng.randrange(len(data)), rng.randint(1, 400)
    del data[at : at + length]
    return f"{length} at {at}"


def duplicate(data: bytearray, rng: random.Random) -> str:
    at, length = rng.randrange(len(data)), rng.randint(1, 400)
    data[at:at] = data[at : at + length]
    return f"{length} at {at}"


def cut_and_close(data: bytearray, rng: random.Random) -> str:
    at = rng.randrange(len(data))
    data[at:] = b"\n%%EOF\n"
    return f"at {at}"


def cut_at_revision(data: bytearray, rng: random.Random) -> str:
    ends = [m.end() for m in re.finditer(rb"%%EOF", data)][:-1]
    if not ends:
        return cut_and_close(data, rng)
    at = rng.choice(ends)
    del data[at:]
    return f"at the %%EOF at {at}"


def zero_tail(data: bytearray, rng: random.Random) -> str:
    """Blank the last trailer dictionary or the last startxref number."""
    which = rng.choice([rb"trailer", rb"startxref"])
    at = data.rfind(which)
    end = data.find(b"%%EOF", at)
    data[at:end] = b" " * (end - at) if rng.random() < 0.5 else b"0" * (end - at)
    return which.decode()


KINDS = {
    "flip one bit": flip_one,
    "flip bytes": flip_many,
    "noise run": noise,
    "delete run": delete,
    "duplicate run": duplicate,
    "cut + %%EOF": cut_and_close,
    "cut at a revision": cut_at_revision,
    "blank trailer/startxref": zero_tail,
}


def digest(plan: dict) -> dict:
    """What must not change silently: every contract field and each section's signature."""
    return {
        "sections": [
            {
                "name": s["name"],
                "signature": s.get("signature"),
                "activities": [{f: a.get(f) for f in CONTRACT_FIELDS} for a in s["activities"]],
            }
            for s in plan["sections"]
        ]
    }


def classify(outcome, out: Path, stem: str, original: dict) -> str:
    if outcome.error:
        return "failure" if "\n" not in outcome.error else "WRONG (multi-line error)"
    plan = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    if plan.get("review", {}).get("status") == "needs_review":
        return "needs_review"
    found = digest(plan)
    if found == original:
        return "identical"
    same_fields = [s["activities"] for s in found["sections"]] == [
        s["activities"] for s in original["sections"]
    ]
    return "WRONG (a signature differs)" if same_fields else "WRONG"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=80, help="mutants per PDF")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="copy WRONG mutants here")
    parser.add_argument(
        "--timeout", type=float, default=Limits().timeout, help="seconds per file (default: 50)"
    )
    args = parser.parse_args()
    counts: dict[str, Counter] = defaultdict(Counter)
    wrong = 0
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for pdf in args.pdfs:
            limits = Limits(timeout=args.timeout)
            base = run_jobs([Job(pdf, "original", limits=limits)], tmp, 1, lambda _: None)[0]
            if base.error:
                print(f"{pdf}: the original fails: {base.error}")
                return 1
            original = digest(json.loads((tmp / "original.json").read_text(encoding="utf-8")))
            rng = random.Random(args.seed)
            jobs, labels = [], {}
            source = pdf.read_bytes()
            for n in range(args.count):
                kind = rng.choice(list(KINDS))
                data = bytearray(source)
                where = KINDS[kind](data, rng)
                path = tmp / f"mutant-{n}.pdf"
                path.write_bytes(bytes(data))
                jobs.append(Job(path, path.stem, limits=limits))
                labels[path] = (kind, where)
            results = []
            run_jobs(jobs, tmp, args.jobs, results.append)
            for outcome in results:
                kind, where = labels[outcome.path]
                slowest = max(slowest, (outcome.seconds, f"{pdf.name} {outcome.path.name}: {kind}"))
                verdict = classify(outcome, tmp, outcome.path.stem, original)
                counts[kind][verdict.split(" ")[0]] += 1
                if outcome.error and "time limit" in outcome.error:
                    counts[kind]["timed out"] += 1  # also a failure: could counting stop it?
                    print(f"{pdf.name} {outcome.path.name}: {kind} ({where}): ran to the limit")
                if verdict.startswith("WRONG"):
                    wrong += 1
                    print(f"{pdf.name} {outcome.path.name}: {kind} ({where}): {verdict}")
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        (args.keep / f"{pdf.stem}-{args.seed}-{outcome.path.name}").write_bytes(
                            outcome.path.read_bytes()
                        )
    columns = ("failure", "needs_review", "identical", "WRONG", "timed out")
    print(f"{'kind':<26}" + "".join(f"{c:>14}" for c in columns))
    for kind in KINDS:
        if counts[kind]:
            print(f"{kind:<26}" + "".join(f"{counts[kind][c]:>14}" for c in columns))
    total = sum(counts.values(), Counter())
    print(f"{'total':<26}" + "".join(f"{total[c]:>14}" for c in columns))
    print(f"slowest: {slowest[0]:.1f} s ({slowest[1]})")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
