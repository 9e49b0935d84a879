"""A fifth producer for held-out checks: the HTML plan of `tests/variants_html.py` laid out
and written by WeasyPrint instead of Chromium.

WeasyPrint (https://weasyprint.org/) is a layout engine of its own in pure Python (text
shaped by Pango/HarfBuzz, the PDF written by its own pydyf): it draws every cell's borders
itself (collapsed borders resolved per cell edge), writes text as glyph runs, repeats a
`<thead>` on each page a table reaches, and splits rows and rowspans across pages in its own
way. None of the extractor's stages was developed on it.

The document is the html producer's, byte for byte (`variants_html.HtmlBuilder`, same
options, same truth), so a layout drawn from a seed here is the layout `--producer html`
draws from that seed, laid out by another engine. WeasyPrint ignores what it does not
support and says so in a warning; the html producer's CSS it does not honour is
`-webkit-print-color-adjust` (a Chromium property; WeasyPrint prints backgrounds anyway) —
nothing is adapted for it.

WeasyPrint is not a dependency of the project (it needs Pango and pulls a dozen packages):
`tests/heldout.py --producer weasy` renders where it is importable and says so where it is
not. `python tests/variants_weasy.py --committed` re-renders the PDFs under
`tests/data/plans/weasy/`, which `make test` reads without WeasyPrint.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from variants import load_truth, write_expected_truth
from variants_html import HtmlVariant, build_html

HERE = Path(__file__).parent
COMMITTED = HERE / "data" / "plans" / "weasy"
"""The PDFs `make test` reads: rendered once by this script (WeasyPrint is not needed to run
the tests)."""


def installed() -> bool:
    """Whether WeasyPrint can be imported (it is not a dependency of the project)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the package is there but Pango is not
        return False
    return True


def print_pdf(html: Path, pdf: Path) -> Path:
    """HTML -> PDF with WeasyPrint (its warnings about unsupported CSS silenced)."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    weasyprint.HTML(filename=str(html)).write_pdf(str(pdf))
    return pdf


def render(variant: HtmlVariant, truth: dict, out_dir: Path) -> Path:
    """HTML then PDF (WeasyPrint) in `out_dir`, both named after the variant."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = build_html(variant, truth, out_dir / f"{variant.name}.html")
    return print_pdf(html, out_dir / f"{variant.name}.pdf")


def random_variant(rng: random.Random, index: int) -> HtmlVariant:
    """The html producer's draw (same options from the same seed), named for this producer."""
    from variants_html import random_variant as html_variant

    variant = html_variant(rng, index)
    return replace(variant, name=f"weasy-random-{index:02d}")


WEASY_VARIANTS: tuple[HtmlVariant, ...] = ()
"""The committed layouts (tests/data/plans/weasy/), filled in below."""


def write_layout(variant: HtmlVariant, out_dir: Path) -> Path:
    """Render one layout and its expected truth into `out_dir`."""
    truth = load_truth(variant)
    pdf = render(variant, truth, out_dir)
    write_expected_truth(variant, truth, out_dir)
    return pdf


def render_committed() -> None:
    """Re-render the PDFs under tests/data/plans/weasy/."""
    COMMITTED.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for variant in WEASY_VARIANTS:
            pdf = write_layout(variant, Path(tmp))
            shutil.copy(pdf, COMMITTED / pdf.name)
            print(COMMITTED / pdf.name, os.path.getsize(pdf))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--committed"]:
        render_committed()
        return 0
    out = Path(argv[0] if argv else "variants-weasy-out")
    registry = {v.name: v for v in WEASY_VARIANTS}
    for name in argv[1:] or list(registry):
        print(write_layout(registry[name], out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
