"""Random layouts: `Variant`s of tests/variants.py with every option drawn by
`random.Random(seed)`, to find combinations nobody picked by hand (docs/variants.md).

`python tests/random_layouts.py OUTDIR SEED [COUNT]` renders COUNT layouts (default 10) with
their expected truths as OUTDIR/random-SEED-K.pdf and .truth.json; a combination the generator
cannot lay out (a merged cell taller than a page) or whose font is missing is skipped.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from pathlib import Path

from variants import (
    REGISTRY,
    FontMissing,
    Variant,
    expected_truth,
    load_truth,
    render_variant,
)

FONTS = ("Helvetica", "Times", "Courier", "DejaVuSans", "DejaVuSerif", "DejaVuSansCondensed")
RUNNING = (
    "COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL",
    "Plan de Trabajo {year}",
    "{section}",
)


def random_variant(rng: random.Random, name: str) -> Variant:
    rules = rng.choice(("grid", "grid", "horizontal", "box", "none"))
    number_column = rng.choice((None, None, "N°", "No."))
    widths = [12, 12, 16, 11, 11, 13, 13, 12]
    if number_column:
        widths.insert(2, 4)
    font = rng.choice(FONTS)
    return Variant(
        name=name,
        description=f"random layout {name}",
        truth=rng.choice(("2023", "2024")),
        page=rng.choice(("letter", "a4", "legal")),
        orientation=rng.choice(("landscape",) * 5 + ("portrait",)),
        font=font,
        size=rng.choice((6.5, 7.0, 7.5, 8.0, 8.5, 9.0)) if font != "Courier" else 6.5,
        widths=tuple(widths),
        rules=rules,
        header_fill=rng.choice((None, "#DCE6F2", "#D9D9D9")),
        group_label=rng.choice((None, "Evaluación")),
        number_column=number_column,
        header_repeat=rng.random() < 0.6,
        table_per=rng.choice(("section", "section", "action", "objective")),
        row_split=rng.random() < 0.6,
        spans=rng.choice(("merged", "merged", "flat")),
        span_valign=rng.choice(("top", "middle", "bottom")),
        title_rows=rng.choice(("inside", "above")) if rules == "grid" else "above",
        running_header=RUNNING if rng.random() < 0.4 else (),
        page_numbers=rng.random() < 0.4,
        stamp=rng.choice(("block", "line", None)),
        cover=rng.random() < 0.7,
        section_break=rng.random() < 0.6,
        trailing_spaces=rng.random() < 0.7,
        cell_pad=rng.choice((2.5, 3.0, 4.0)),
        row_gap=0.0 if rules in ("grid", "horizontal") else rng.choice((3.0, 4.0, 6.0)),
        content=rng.choice(("as-printed",) * 4 + ("sparse",)),
    )


def render_random(out: Path, seed: int, count: int) -> list[tuple[Path, Path]]:
    """Render up to `count` random layouts of `seed`: (pdf, truth) pairs."""
    rng = random.Random(seed)
    rendered = []
    out.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        name = f"random-{seed}-{k}"
        variant = random_variant(rng, name)
        REGISTRY[name] = variant
        truth = load_truth(variant)
        try:
            pdf = render_variant(name, truth, out / f"{name}.pdf")
        except (FontMissing, AssertionError, ValueError, IndexError, RuntimeError) as exc:
            print(f"{name}: not rendered ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        finally:
            REGISTRY.pop(name, None)
        truth_path = out / f"{name}.truth.json"
        truth_path.write_text(
            json.dumps(expected_truth(variant, truth), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        (out / f"{name}.variant.json").write_text(
            json.dumps(dataclasses.asdict(variant), ensure_ascii=False), encoding="utf-8"
        )
        rendered.append((pdf, truth_path))
    return rendered


def main(argv: list[str]) -> int:
    out, seed = Path(argv[0]), int(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 10
    for pdf, truth in render_random(out, seed, count):
        print(f"{pdf}:{truth}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
