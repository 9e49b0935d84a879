"""Page pictures for the review pages: PDF pages rendered by pdfium (pypdfium2, which comes with
pdfplumber) and embedded as JPEG data URIs, so that a report is one file that needs no network
and no PDF viewer.

JPEG at a screen resolution keeps a 20-page plan to a few megabytes; PNG of the same pages is
several times larger, for text that stays readable either way.
"""

from __future__ import annotations

import base64
import io
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # no stubs or py.typed
from PIL import Image

from plan_extract.geometry import BBox
from plan_extract.report.evidence import union

PAGE_DPI = 96
"""Resolution of whole pages: body text of a plan (8-10 pt) stays legible at 100 % zoom."""
CROP_DPI = 144
"""Resolution of the crops of the diff page: a cell is small, so it is shown larger."""
JPEG_QUALITY = 62
"""Text on white stays crisp enough to read; higher qualities double the size for no gain."""
CROP_MARGIN = 6.0
"""Points of page around a crop, so the cell's rules show."""
POINTS_PER_INCH = 72.0
PICTURE_CACHE = 4
"""Page pictures kept for crops: a page at CROP_DPI takes about 6 MB."""


@dataclass(frozen=True)
class PrintedWord:
    """A word as pdfium reads it (for highlighting inside a crop, where only its box matters)."""

    text: str
    bbox: BBox


@dataclass(frozen=True)
class PageImage:
    number: int
    """1-based page number."""
    width: float
    """Page size in points, as the overlays' coordinates count them."""
    height: float
    uri: str
    """data:image/jpeg;base64,…"""
    x0: float = 0.0
    top: float = 0.0
    """Where the picture's top-left corner sits on the page (points): 0, 0 for a whole page."""


def jpeg_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


class Renderer:
    """Renders pages of one PDF on demand. The last few pictures are kept for crops (changes
    come in reading order, so neighbours share pages); a whole page is never kept, so a long
    plan's report needs the memory of one page at a time."""

    def __init__(self, pdf: str | Path, password: str | None = None) -> None:
        self.document = pdfium.PdfDocument(str(pdf), password=password)
        self._cache: OrderedDict[tuple[int, float], Image.Image] = OrderedDict()
        self._words: dict[int, list[PrintedWord]] = {}

    def __len__(self) -> int:
        return len(self.document)

    def close(self) -> None:
        self.document.close()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def render(self, number: int, dpi: float) -> Image.Image:
        page = self.document[number - 1]
        page.set_rotation(0)  # the reader reads rotated pages in their own space, too
        picture = page.render(scale=dpi / POINTS_PER_INCH).to_pil()
        page.close()
        return picture

    def picture(self, number: int, dpi: float) -> Image.Image:
        """A page's picture from the small cache of recent pictures."""
        key = (number, dpi)
        if key in self._cache:
            self._cache.move_to_end(key)
        else:
            self._cache[key] = self.render(number, dpi)
            while len(self._cache) > PICTURE_CACHE:
                self._cache.popitem(last=False)
        return self._cache[key]

    def page(self, number: int, dpi: float = PAGE_DPI) -> PageImage:
        picture = self.render(number, dpi)
        scale = dpi / POINTS_PER_INCH
        return PageImage(number, picture.width / scale, picture.height / scale, jpeg_uri(picture))

    def crop(self, number: int, bbox: BBox, dpi: float = CROP_DPI) -> PageImage:
        """The part of a page around `bbox` (points, origin top-left), with a margin."""
        picture = self.picture(number, dpi)
        scale = dpi / POINTS_PER_INCH
        x0, top, x1, bottom = (
            max(0.0, bbox[0] - CROP_MARGIN),
            max(0.0, bbox[1] - CROP_MARGIN),
            min(picture.width / scale, bbox[2] + CROP_MARGIN),
            min(picture.height / scale, bbox[3] + CROP_MARGIN),
        )
        box = (int(x0 * scale), int(top * scale), int(x1 * scale) + 1, int(bottom * scale) + 1)
        return PageImage(number, x1 - x0, bottom - top, jpeg_uri(picture.crop(box)), x0, top)

    def words(self, number: int) -> list[PrintedWord]:
        """The page's words with their boxes (points, origin top-left), in pdfium's order."""
        if number not in self._words:
            page = self.document[number - 1]
            page.set_rotation(0)
            height = page.get_height()
            text = page.get_textpage()
            words: list[PrintedWord] = []
            chars: list[str] = []
            boxes: list[BBox] = []
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char.strip():
                    chars.append(char)
                    left, bottom, right, top = text.get_charbox(i)
                    boxes.append((left, height - top, right, height - bottom))
                    continue
                if chars:
                    words.append(_word(chars, boxes))
                    chars, boxes = [], []
            if chars:
                words.append(_word(chars, boxes))
            text.close()
            page.close()
            self._words[number] = words
        return self._words[number]


def _word(chars: list[str], boxes: list[BBox]) -> PrintedWord:
    return PrintedWord("".join(chars), union(boxes))
