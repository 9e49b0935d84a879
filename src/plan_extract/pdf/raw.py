"""What a PDF backend hands the reader: one record per page, whichever library read it.

Both backends (`reader`'s pdfminer/pdfplumber one and `pdfium_reader`) produce `RawPage`s;
`reader.read_pdf` turns them into `PageContent` (words, line-end facts) the same way for both,
so the two readers differ only in how they get here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plan_extract.pdf.rules import PageRules

Char = dict[str, Any]
"""A char as the backends keep it: text, fontname, size, upright and its box (x0, top, x1,
bottom in points, origin top-left), in the content stream's order."""


@dataclass(frozen=True)
class RawPage:
    """One page as read: its size in points (upright), its upright chars and its rules."""

    width: float
    height: float
    chars: list[Char]
    rules: PageRules
