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
import random
import sys
from dataclasses import replace
from pathlib import Path

from variants import layout_command
from variants_html import HtmlVariant, render_html_variant

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
    return render_html_variant(variant, truth, out_dir, print_pdf)


def random_variant(rng: random.Random, index: int) -> HtmlVariant:
    """The html producer's draw (same options from the same seed), named for this producer."""
    from variants_html import random_variant as html_variant

    variant = html_variant(rng, index)
    return replace(variant, name=f"weasy-random-{index:02d}")


WEASY_VARIANTS: tuple[HtmlVariant, ...] = (
    HtmlVariant(
        name="weasy-a4-serif-rows-split",
        description=(
            "A4 landscape, Liberation Serif 7, every cell ruled (collapsed), header repeated, "
            "merged action and objective cells, rows allowed to break across pages, sections "
            "run on, a running header and page numbers (held-out weasy 2323 `06`): WeasyPrint "
            "splits a row at a page's foot keeping only a leaf column's first lines there and "
            "moving the activity whole to the next page"
        ),
        truth="2024",
        page="a4",
        font="Liberation Serif",
        size=7.0,
        widths=(10.48, 11.3, 16.11, 11.69, 11.93, 13.77, 12.61, 11.98),
        padding=4.0,
        header_fill=None,
        line_height=1.3,
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
        page_numbers=True,
        section_break=False,
    ),
    HtmlVariant(
        name="weasy-a4-narrow-dotted-number-column",
        description=(
            "A4 landscape, Liberation Sans Narrow 8.5, dotted 2px rules, a number column, "
            "sparse content, a stamp block, sections run on (held-out weasy 2325 `07`): a "
            "row's one-line cells at a page's foot, its activity on the next page"
        ),
        truth="2024",
        page="a4",
        font="Liberation Sans Narrow",
        size=8.5,
        widths=(11.99, 11.64, 4.54, 17.89, 12.64, 12.45, 14.48, 12.71, 10.48),
        margin=28.0,
        border_style="dotted",
        border_width=2.0,
        border_color="#1F3864",
        padding=2.0,
        header_fill=None,
        header_bold=False,
        number_column="No.",
        line_height=1.0,
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
        page_numbers=True,
        stamp="block",
        section_break=False,
        content="sparse",
    ),
    HtmlVariant(
        name="weasy-a4-serif-box-separate-borders",
        description=(
            "A4 landscape, Liberation Serif 7.5, an outer box 2px wide, cell borders "
            "separate (not collapsed), a `Nº` column, a table per objective, justified, a "
            "running header and page numbers, no cover nor stamp (held-out weasy 4967 `09`): "
            "WeasyPrint paints each border as a ring, a box and its inside filled even-odd, "
            "once read as two fills that hid the header's bottom border, so a cut row's first "
            "line went into the header and the last page's columns shifted"
        ),
        truth="2024",
        font="Liberation Serif",
        size=7.5,
        widths=(12.47, 11.67, 3.76, 15.45, 12.1, 12.5, 11.91, 14.28, 11.62),
        borders="box",
        border_width=2.0,
        collapse=False,
        padding=4.0,
        header_fill=None,
        number_column="Nº",
        table_per="objective",
        align="justify",
        line_height=1.3,
        running_header=("COMISIÓN NACIONAL CONTRA LA EXPLOTACIÓN SEXUAL COMERCIAL", "{section}"),
        page_numbers=True,
        stamp=None,
        cover=False,
    ),
)
"""The committed layouts (tests/data/plans/weasy/), drawn by held-out batches and kept for
the row splits WeasyPrint makes (docs/variants.md, tenth round, branch `weasy`)."""
WEASY_REGISTRY: dict[str, HtmlVariant] = {v.name: v for v in WEASY_VARIANTS}


def main(argv: list[str]) -> int:
    return layout_command(argv, WEASY_REGISTRY, render, COMMITTED, "variants-weasy-out")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
