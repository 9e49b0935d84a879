"""The pdfium backend of the reader: the same pages as the pdfplumber reader (chars in stream
order with the keys `reader._words` reads, and the drawing objects `rules.page_rules` reads),
from pdfium's C parser instead of pdfminer's Python one, about four times faster.

pdfplumber stays the reference (`read_pdf(..., backend="pdfplumber")`): every test PDF is read
with both and must give the same plan. What pdfium's text page does differently, and how each
difference is undone here so that the chars are pdfminer's:

- its chars come by position within a line; the char's text object, whose place in the page's
  object list is its place in the content stream, gives stream order back;
- a text object of blank glyphs only (a line-end space written as a command of its own) has
  zero width and is dropped: it comes back as a space at its place in the stream;
- the space after a line-end hyphen is deleted and the hyphen turned into U+0002: the hyphen
  comes back, and so does the space when the hyphen's text object reaches past the hyphen
  (blank glyphs have no ink, but their origin still widens the object's bounds);
- a glyph mapped to several letters (a ligature) is split into one char per letter, each with
  the glyph's box: consecutive pieces of one box are joined again;
- a text object repeating one of the five before it at almost the same place ("fake bold") is
  dropped: it comes back, as pdfminer keeps it (a glyph repeated inside one text object is
  dropped too, and not undone: no producer seen does that);
- its char boxes use the font file's ascent and descent (computed when the font descriptor
  gives none), pdfminer's the descriptor's /Descent and the font size: boxes are computed here
  as pdfminer does, from the char's origin, the descriptor (read with pypdf) and the size.

Coordinates are the pdfplumber reader's: measured from the MediaBox's top-left corner (x - the
box's left edge, `top` = the box's top edge - y), the page size being the MediaBox's; /Rotate
changes neither (pdfium reports user space, unrotated). pdfium's own coordinates are user space,
so a MediaBox whose corner is not (0, 0) would otherwise move every char and rule by it.
"""

from __future__ import annotations

import ctypes
import logging
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pypdfium2.raw as pdfium  # type: ignore[import-untyped]  # no stubs: ctypes bindings

from plan_extract.pdf import page_pool
from plan_extract.pdf.deadline import PageTimeout, page_deadline, page_timeout_message
from plan_extract.pdf.raw import Char, RawPage
from plan_extract.pdf.rules import page_rules

if TYPE_CHECKING:
    from pypdf import PdfReader

log = logging.getLogger(__name__)

BLANK_OBJECT_WIDTH = 0.01
"""Points: a text object narrower than this drew no ink (pdfium's own threshold for skipping
one): it holds blank glyphs, spaces."""
TRAILING_BLANK = 0.05
"""Points: a text object whose bounds reach this far past its last char's glyph box ends with
blank glyphs (the origin of a trailing space widens the bounds, its glyph does not)."""
FAKE_BOLD_OFFSET = 0.25
"""Em: a text object repeating a recent one (same text, same size) shifted by less than this
is an overprint ("fake bold"), which pdfium drops and pdfminer keeps."""
RECENT_OBJECTS = 5
"""Text objects pdfium compares an object with before dropping it as a repeat."""

_HYPHEN_MARK = "\x02"
"""What pdfium's text page puts in place of a hyphen it judged to end a line."""
_GENERATED = frozenset(" \r\n")
"""The only chars pdfium generates (a gap turned into a space, a line break)."""


_Kept = TypeVar("_Kept")


class PdfiumLimit(Exception):
    """A page over a cap (pages, drawing objects, time), or one that crashed the process
    reading it (`page_pool.PageReaderFailed`); the message is the one-line reason."""


class PdfiumCannotOpen(Exception):
    """pdfium refuses the file (pdfminer may still read it): the caller falls back."""


@dataclass(frozen=True)
class _PageBox:
    """The page's MediaBox, unrotated: where its top-left corner sits in user space, and its
    size. Every coordinate the reader gives is measured from that corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class _TextObject:
    """One text object of the page, in stream order, with what its chars share."""

    handle: int
    order: int
    left: float
    bottom: float
    right: float
    top: float
    fontname: str
    descent: float
    """Descent below the baseline per unit of font size (negative), as pdfminer reads it."""
    size: float
    """Font size times the vertical scale of the text's matrix: the height of a char's box."""
    upright: bool
    level: bool
    """Its baseline is horizontal: every char of it sits on the first one's."""
    clip: tuple[float, float, float, float] | None = None
    """The box (x0, top, x1, bottom, from the page box's top-left corner) that holds the
    object's clipping path, or None where it is not clipped (or sits in a form, whose
    clipping pdfium gives in the form's space)."""


def read_pages(
    path: Path,
    password: str | None,
    fonts_from: PdfReader,
    max_pages: int,
    max_graphics: int,
    seconds_per_page: float | None,
    keep: Callable[[RawPage], _Kept],
    readers: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[_Kept], dict[str, str]]:
    """What `keep` makes of each page's (width, height, chars, rules), as the pdfplumber
    reader gives them, and the document's metadata; `keep` runs on each page as soon as it is
    read, so that its chars need not outlive it. `fonts_from` is pypdf's reader of the same
    file (opened by the structure check), for the fonts' descents. Up to `readers` processes
    read the pages at once (`page_pool`: contiguous ranges, each process opening the document
    itself), with the same result; `meanwhile()`, when given, runs once this process has read
    its own pages (`page_pool.read_in_ranges`). Raises `PdfiumCannotOpen` when pdfium cannot
    load the file, `PdfiumLimit` for a file over a cap (`seconds_per_page` among them)."""
    document = _load_document(path, password)
    try:
        count = pdfium.FPDF_GetPageCount(document)
        if count > max_pages:
            raise PdfiumLimit(f"{count} pages, over the limit of {max_pages} (--max-pages)")
        descents = _FontDescents(fonts_from)

        def read(document: Any, pages: range) -> list[_Kept]:
            return _read_range(document, pages, descents, max_graphics, seconds_per_page, keep)

        def elsewhere(pages: range) -> list[_Kept]:
            own = _load_document(path, password)
            try:
                return read(own, pages)
            finally:
                pdfium.FPDF_CloseDocument(own)

        ranges = page_pool.page_ranges(count, readers)
        try:
            kept = page_pool.read_in_ranges(ranges, partial(read, document), elsewhere, meanwhile)
        except page_pool.PageReaderFailed as exc:
            raise PdfiumLimit(str(exc)) from exc
        return kept, _metadata(document)
    finally:
        pdfium.FPDF_CloseDocument(document)


def _load_document(path: Path, password: str | None) -> Any:
    document = pdfium.FPDF_LoadDocument(os.fsencode(path), (password or "").encode("utf-8"))
    if not document:
        raise PdfiumCannotOpen(f"pdfium cannot open the file (error {pdfium.FPDF_GetLastError()})")
    return document


def _read_range(
    document: Any,
    pages: range,
    descents: _FontDescents,
    max_graphics: int,
    seconds_per_page: float | None,
    keep: Callable[[RawPage], _Kept],
) -> list[_Kept]:
    """What `keep` makes of each page of `pages` (0-based indices), in order."""
    kept: list[_Kept] = []
    for index in pages:
        page = pdfium.FPDF_LoadPage(document, index)
        if not page:
            raise PdfiumCannotOpen(f"pdfium cannot load page {index + 1}")
        try:
            with page_deadline(seconds_per_page):
                raw = _read_page(page, index + 1, descents, max_graphics)
            kept.append(keep(raw))
        except PageTimeout:
            raise PdfiumLimit(page_timeout_message(index + 1, seconds_per_page)) from None
        finally:
            pdfium.FPDF_ClosePage(page)
    return kept


def _read_page(page: Any, number: int, descents: _FontDescents, max_graphics: int) -> RawPage:
    frame = _page_box(page)
    texts, graphics = _page_objects(page, frame, descents)
    if len(graphics) > max_graphics:
        raise PdfiumLimit(
            f"page {number} has {len(graphics)} drawing objects, over the limit of "
            f"{max_graphics} (--max-graphics)"
        )
    chars = _chars(page, texts, frame)
    width, height = frame.width, frame.height
    return RawPage(width, height, chars, page_rules(graphics, width, height))


def _page_box(page: Any) -> _PageBox:
    """The MediaBox, unrotated (pdfplumber's page once /Rotate is removed), whichever two
    opposite corners the producer wrote."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if pdfium.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        xs, ys = (left.value, right.value), (bottom.value, top.value)
        return _PageBox(min(xs), max(ys), max(xs) - min(xs), max(ys) - min(ys))
    width, height = pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)
    if pdfium.FPDFPage_GetRotation(page) % 2:
        width, height = height, width
    return _PageBox(0.0, height, width, height)


def _fast(function: Any, restype: Any, *argtypes: Any) -> Any:
    """`function` declared with plain addresses: pypdfium2's generated binding checks the type
    of every pointer argument, about 7 µs a call, and a page has thousands of chars; declared
    this way a call costs about 1 µs."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _INT = ctypes.c_void_p, ctypes.c_int
_get_unicode = _fast(pdfium.FPDFText_GetUnicode, ctypes.c_uint, _P, _INT)
_get_text = _fast(pdfium.FPDFText_GetText, _INT, _P, _INT, _INT, _P)
_get_text_object = _fast(pdfium.FPDFText_GetTextObject, _P, _P, _INT)
_is_generated = _fast(pdfium.FPDFText_IsGenerated, _INT, _P, _INT)
_get_loose_box = _fast(pdfium.FPDFText_GetLooseCharBox, _INT, _P, _INT, _P)
_get_origin = _fast(pdfium.FPDFText_GetCharOrigin, _INT, _P, _INT, _P, _P)
_get_box = _fast(pdfium.FPDFText_GetCharBox, _INT, _P, _INT, _P, _P, _P, _P)
_get_object = _fast(pdfium.FPDFPage_GetObject, _P, _P, _INT)
_object_type = _fast(pdfium.FPDFPageObj_GetType, _INT, _P)
_form_count = _fast(pdfium.FPDFFormObj_CountObjects, _INT, _P)
_form_object = _fast(pdfium.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_get_matrix = _fast(pdfium.FPDFPageObj_GetMatrix, _INT, _P, _P)
_get_bounds = _fast(pdfium.FPDFPageObj_GetBounds, _INT, _P, _P, _P, _P, _P)
_text_font = _fast(pdfium.FPDFTextObj_GetFont, _P, _P)
_text_font_size = _fast(pdfium.FPDFTextObj_GetFontSize, _INT, _P, _P)
_font_name = _fast(pdfium.FPDFFont_GetBaseFontName, ctypes.c_size_t, _P, _P, ctypes.c_size_t)
_draw_mode = _fast(pdfium.FPDFPath_GetDrawMode, _INT, _P, _P, _P)
_fill_colour = _fast(pdfium.FPDFPageObj_GetFillColor, _INT, _P, _P, _P, _P, _P)
_segment_count = _fast(pdfium.FPDFPath_CountSegments, _INT, _P)
_segment = _fast(pdfium.FPDFPath_GetPathSegment, _P, _P, _INT)
_segment_type = _fast(pdfium.FPDFPathSegment_GetType, _INT, _P)
_segment_point = _fast(pdfium.FPDFPathSegment_GetPoint, _INT, _P, _P, _P)
_segment_closes = _fast(pdfium.FPDFPathSegment_GetClose, _INT, _P)
_clip_path = _fast(pdfium.FPDFPageObj_GetClipPath, _P, _P)
_clip_path_count = _fast(pdfium.FPDFClipPath_CountPaths, _INT, _P)
_clip_segment_count = _fast(pdfium.FPDFClipPath_CountPathSegments, _INT, _P, _INT)
_clip_segment = _fast(pdfium.FPDFClipPath_GetPathSegment, _P, _P, _INT, _INT)


def _out(kind: Any, count: int) -> tuple[list[Any], list[int]]:
    """`count` output variables of a ctypes `kind` and their addresses."""
    values = [kind() for _ in range(count)]
    return values, [ctypes.addressof(v) for v in values]


_FLOATS, _FLOATS_AT = _out(ctypes.c_float, 4)
_INTS, _INTS_AT = _out(ctypes.c_int, 2)
_UINTS, _UINTS_AT = _out(ctypes.c_uint, 4)
"""Output variables of pdfium's getters, made once: making ctypes values costs more than the
call that fills them, and a page has thousands of paths and text objects. Each getter's results
are read before the next call (the reader runs in one thread); `_zeroed` clears them first
where a getter's failure goes unchecked, so that it reads 0 as a fresh variable would."""


def _zeroed(values: list[Any]) -> list[Any]:
    for value in values:
        value.value = 0
    return values


# --- page objects: text objects in stream order, paths as pdfplumber's graphics -------------

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _page_objects(
    page: Any, frame: _PageBox, descents: _FontDescents
) -> tuple[dict[int, _TextObject], list[dict[str, Any]]]:
    """The page's text objects by handle (with their stream order) and its paths as
    pdfplumber's line/rect/curve dicts, forms included."""
    texts: dict[int, _TextObject] = {}
    graphics: list[dict[str, Any]] = []
    fonts: dict[int, str] = {}
    address = _address(page)
    count = pdfium.FPDFPage_CountObjects(page)

    def page_object(index: int) -> int:
        return int(_get_object(address, index))

    top_level = {page_object(index) for index in range(count)}

    for obj, matrix in _walk(page_object, count, _IDENTITY):
        kind = _object_type(obj)
        if kind == pdfium.FPDF_PAGEOBJ_TEXT:
            texts[obj] = _text_object(obj, len(texts), fonts, descents)
            if obj in top_level:
                texts[obj] = replace(texts[obj], clip=_clip_box(obj, frame))
        elif kind == pdfium.FPDF_PAGEOBJ_PATH:
            graphics.extend(_path_graphics(obj, matrix, frame))
    return texts, graphics


def _walk(get: Callable[[int], int], count: int, outer: _Matrix) -> Iterator[tuple[int, _Matrix]]:
    """Page objects (addresses) in stream order, descending into forms; each with the matrix
    from its own space to the page's (a path's points are in its own space)."""
    for index in range(count):
        obj = get(index)
        matrix = _compose(_object_matrix(obj), outer)
        if _object_type(obj) == pdfium.FPDF_PAGEOBJ_FORM:
            yield from _walk(_form_member(obj), _form_count(obj), matrix)
        else:
            yield obj, matrix


def _form_member(form: int) -> Callable[[int], int]:
    def member(index: int) -> int:
        return int(_form_object(form, index))

    return member


_MATRIX = pdfium.FS_MATRIX()
_MATRIX_AT = ctypes.addressof(_MATRIX)
"""The output variable of `_object_matrix`, made once (as `_FLOATS`)."""


def _object_matrix(obj: int) -> _Matrix:
    if not _get_matrix(obj, _MATRIX_AT):
        return _IDENTITY
    m = _MATRIX
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _text_object(
    obj: int, order: int, fonts: dict[int, str], descents: _FontDescents
) -> _TextObject:
    _zeroed(_FLOATS)
    _get_bounds(obj, *_FLOATS_AT)
    left, bottom, right, top = (v.value for v in _FLOATS)
    font = _text_font(obj)
    if font not in fonts:
        fonts[font] = _base_font_name(font)
    _zeroed(_FLOATS)
    _text_font_size(obj, _FLOATS_AT[0])
    size = _FLOATS[0].value
    a, b, c, d, _, _ = _object_matrix(obj)
    return _TextObject(
        handle=obj,
        order=order,
        left=left,
        bottom=bottom,
        right=right,
        top=top,
        fontname=fonts[font],
        descent=descents.get(fonts[font]),
        size=abs(size * d) if b == 0 and c == 0 else abs(size * (a * d - b * c)) ** 0.5,
        upright=a * d > 0 and b * c <= 0,
        level=b == 0 and c == 0,
    )


def _clip_box(obj: int, frame: _PageBox) -> tuple[float, float, float, float] | None:
    """The box around the object's clipping path, in the page box's top-down coordinates:
    the intersection of its paths' boxes (each holds its path, curves within their control
    points). None where the object is not clipped."""
    clip = _clip_path(obj)
    paths = _clip_path_count(clip) if clip else -1
    if paths <= 0:
        return None
    x0, y0, x1, y1 = -math.inf, -math.inf, math.inf, math.inf
    x, y = _zeroed(_FLOATS[:2])
    for path in range(paths):
        xs, ys = [], []
        for index in range(_clip_segment_count(clip, path)):
            _segment_point(_clip_segment(clip, path, index), *_FLOATS_AT[:2])
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            x0, y0, x1, y1 = max(x0, min(xs)), max(y0, min(ys)), min(x1, max(xs)), min(y1, max(ys))
    if x0 == -math.inf:
        return None
    return (x0 - frame.left, frame.top - y1, x1 - frame.left, frame.top - y0)


def _shown_by_clip(chars: list[Char], obj: _TextObject) -> list[Char]:
    """The chars the object's clipping path (`_TextObject.clip`) shows, each read on the one
    page where most of it prints, and standing where it shows. LibreOffice Calc prints a
    merged cell that a page break cuts by drawing its whole text on each page it reaches,
    clipped to the cell's part there: read unclipped, the lines of the other page stood over
    the header, in the margins or past the page's edge and doubled the cell's text. A line
    the break cuts shows part on each page: it is read where its middle is, its box cut to
    the clip (under print titles, the part above the clip is the header's place, and a box
    reaching there took the line into the header). A glyph wholly clipped away is not
    printed. A clip too short (or narrow) to show the glyph whole prints what it shows
    nowhere else: a text frame's last line cut by the frame's edge (the time of a Writer
    signature stamp, a fifth of its height showing) is read, its box whole."""
    if obj.clip is None:
        return chars
    x0, top, x1, bottom = obj.clip
    shown = []
    for c in chars:
        if not (c["x1"] > x0 and c["x0"] < x1 and c["bottom"] > top and c["top"] < bottom):
            continue
        holds = bottom - top >= c["bottom"] - c["top"] and x1 - x0 >= c["x1"] - c["x0"]
        if not holds:
            shown.append(c)
        elif x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom:
            cut = c["top"] < top or c["bottom"] > bottom
            shown.append(
                {**c, "top": max(c["top"], top), "bottom": min(c["bottom"], bottom)} if cut else c
            )
    return shown


def _base_font_name(font: int) -> str:
    length = _font_name(font, None, 0)
    if length <= 1:
        return ""
    buffer = ctypes.create_string_buffer(length)
    _font_name(font, ctypes.addressof(buffer), length)
    return buffer.value.decode("utf-8", "replace")


def _path_graphics(obj: int, matrix: _Matrix, frame: _PageBox) -> list[dict[str, Any]]:
    """A path object as pdfminer would paint it: one line, rect or curve per subpath (its
    points being the segments' end points, a closing segment returning to the start), with
    pdfplumber's keys and coordinates."""
    if not _draw_mode(obj, *_INTS_AT):
        return []
    fill_mode, stroked = (v.value for v in _INTS)
    fill = fill_mode != pdfium.FPDF_FILLMODE_NONE
    evenodd = fill_mode == pdfium.FPDF_FILLMODE_ALTERNATE
    if not fill and not stroked:
        return []
    color = _fill_color(obj) if fill else None
    a, b, c, d, e, f = matrix
    e, f = e - frame.left, f - frame.top  # from the box's top-left corner, y still upwards
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    ops = ""
    points: list[tuple[float, float]] = []
    x, y = _zeroed(_FLOATS[:2])
    point_at = _FLOATS_AT[:2]
    bezier = 0
    for index in range(_segment_count(obj)):
        segment = _segment(obj, index)
        kind = _segment_type(segment)
        _segment_point(segment, *point_at)
        point = (a * x.value + c * y.value + e, -(b * x.value + d * y.value + f))
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            if ops:
                subpaths.append((ops, points))
            ops, points, bezier = "m", [point], 0
            continue
        if kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:  # a control point: pdfminer keeps only the curve's end
                continue
            ops += "c"
        else:
            ops += "l"
        points.append(point)
        if _segment_closes(segment):
            ops += "h"
            points.append(points[0])
    if ops:
        subpaths.append((ops, points))
    return [
        _graphic(shape, pts, bool(stroked), fill, color, evenodd)
        for shape, pts in subpaths
        if len(pts) > 1
    ]


def _graphic(
    shape: str,
    points: list[tuple[float, float]],
    stroke: bool,
    fill: bool,
    color: tuple[float, float, float] | None,
    evenodd: bool = False,
) -> dict[str, Any]:
    """pdfminer's reading of one subpath (`converter.paint_path`): a single segment is a line,
    four sides of an upright box closed on the start a rect, anything else a curve."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-1]  # a redundant "l" before the close
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    kind = "curve"
    if shape in ("ml", "mlh"):
        kind = "line"
    elif shape in ("mlllh", "mllll") and points[0] == points[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        ):
            kind = "rect"
            points = [
                (min(xs), min(ys)),
                (max(xs), min(ys)),
                (max(xs), max(ys)),
                (min(xs), max(ys)),
            ]
    return {
        "object_type": kind,
        "x0": min(xs),
        "top": min(ys),
        "x1": max(xs),
        "bottom": max(ys),
        "pts": points,
        "stroke": stroke,
        "fill": fill,
        "evenodd": evenodd,
        "non_stroking_color": color,
    }


def _fill_color(obj: int) -> tuple[float, float, float] | None:
    if not _fill_colour(obj, *_UINTS_AT):
        return None
    r, g, b, _ = (v.value for v in _UINTS)
    return (r / 255, g / 255, b / 255)


# --- chars -----------------------------------------------------------------------------------


@dataclass
class _ObjectChars:
    """What pdfium's text page gives of one text object: its chars as pdfminer's char dicts."""

    source: _TextObject
    chars: list[Char] = field(default_factory=list)
    hyphen_ink: float | None = None
    """Right edge of the ink of the last hyphen among `chars`, at `hyphen_at`."""
    hyphen_at: int = -1

    @property
    def ends_in_hyphen(self) -> bool:
        """The last char is a hyphen (`hyphen_ink` is its ink's right edge)."""
        return self.hyphen_at == len(self.chars) - 1


def _chars(page: Any, texts: dict[int, _TextObject], frame: _PageBox) -> list[Char]:
    """The page's upright chars in stream order, as pdfminer would give them."""
    textpage = pdfium.FPDFText_LoadPage(page)
    if not textpage:
        return []
    try:
        by_object = _textpage_chars(textpage, texts, frame)
    finally:
        pdfium.FPDFText_ClosePage(textpage)
    chars: list[Char] = []
    ordered = sorted(texts.values(), key=lambda t: t.order)
    for position, obj in enumerate(ordered):
        if not obj.upright:
            continue
        found = by_object.get(obj.handle)
        if found is not None and found.chars:
            shown = _shown_by_clip(found.chars, obj)
            if not shown:
                continue
            chars.extend(shown)
            if (
                found.ends_in_hyphen
                and found.hyphen_ink is not None
                and obj.right - found.hyphen_ink > TRAILING_BLANK
            ):
                chars.append(_space(obj, found.chars[-1]["x1"], frame))
        elif obj.right - obj.left < BLANK_OBJECT_WIDTH:
            chars.extend(_shown_by_clip([_space(obj, obj.left - frame.left, frame)], obj))
        else:
            recent = ordered[max(0, position - RECENT_OBJECTS) : position]
            chars.extend(_shown_by_clip(_repeat(obj, recent, by_object), obj))
    return chars


def _textpage_chars(
    textpage: Any, texts: dict[int, _TextObject], frame: _PageBox
) -> dict[int, _ObjectChars]:
    """Each text object's chars from pdfium's text page (in the page's order within the
    object). Generated spaces and line breaks are left out, a line-end hyphen mark is a hyphen
    again, and the pieces of one glyph are joined. The box is pdfminer's: from the baseline
    down by the font's descent, up by the font size; x from the glyph's origin to its advance."""
    by_object: dict[int, _ObjectChars] = {}
    page = _address(textpage)
    box, x, y = pdfium.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    ink = (ctypes.c_double * 4)()
    box_at, x_at, y_at = ctypes.addressof(box), ctypes.addressof(x), ctypes.addressof(y)
    ink_at = [ctypes.addressof(ink) + k * ctypes.sizeof(ctypes.c_double) for k in range(4)]
    loose = memoryview(box).cast("B").cast("f")  # FS_RECTF: left, top, right, bottom
    # the per-char calls and constants as locals: this loop runs once per char of the file
    is_generated, text_object = _is_generated, _get_text_object
    get_loose_box, get_origin, generated = _get_loose_box, _get_origin, _GENERATED
    current: _ObjectChars | None = None
    current_handle = None
    page_left, page_top = frame.left, frame.top
    for index, text in enumerate(_page_text(page, pdfium.FPDFText_CountChars(textpage))):
        if text in generated and is_generated(page, index):
            continue
        handle = text_object(page, index)
        if handle != current_handle:
            current_handle, current = handle, by_object.get(handle)
            if current is None and handle in texts:
                current = by_object[handle] = _ObjectChars(texts[handle])
        if current is None:
            continue
        obj = current.source
        get_loose_box(page, index, box_at)
        chars = current.chars
        x0, x1 = loose[0] - page_left, loose[2] - page_left
        if chars:
            last = chars[-1]
            if last["x0"] == x0 and last["x1"] == x1:
                last["text"] += text  # a piece of the same glyph (a ligature)
                continue
        if obj.level and chars:
            baseline_top, baseline_bottom = last["top"], last["bottom"]
        else:
            get_origin(page, index, x_at, y_at)
            bottom = y.value + obj.descent * obj.size
            baseline_top, baseline_bottom = page_top - (bottom + obj.size), page_top - bottom
        if text == "-" or text == _HYPHEN_MARK:
            text = "-"
            _get_box(page, index, *ink_at)
            current.hyphen_ink, current.hyphen_at = ink[1], len(chars)
        chars.append(
            {
                "text": text,
                "fontname": obj.fontname,
                "size": obj.size,
                "upright": True,
                "x0": x0,
                "x1": x1,
                "top": baseline_top,
                "bottom": baseline_bottom,
            }
        )
    return by_object


_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_HYPHEN_MARK = "\ufffe"
"""What the page's text (`FPDFText_GetText`) holds where the char itself is `_HYPHEN_MARK`."""


def _page_text(textpage: int, count: int) -> str:
    """The text page's chars, one per char index, as `FPDFText_GetUnicode` gives them: the
    page's whole text in one call (a call a char costs about 0.6 µs, some 20 ms on a plan of
    30 000 chars), which holds U+FFFE where the char is a hyphen mark (that char is asked for
    itself). Where the text does not map one to one onto the char indices (a char outside the
    BMP is two UTF-16 units; pdfium leaves non-printing chars out of its text), char by char.
    On the 576 pages of the test and shared PDFs the two agree but for the hyphen marks."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = _get_text(textpage, 0, count, ctypes.addressof(buffer)) if count else 0
    text = buffer.raw[: max(0, written - 1) * 2].decode("utf-16-le", "surrogatepass")
    if len(text) != count or _SURROGATE.search(text):
        return "".join(chr(_get_unicode(textpage, index)) for index in range(count))
    if _TEXT_HYPHEN_MARK not in text:
        return text
    marks = [index for index, char in enumerate(text) if char == _TEXT_HYPHEN_MARK]
    chars = list(text)
    for index in marks:
        chars[index] = chr(_get_unicode(textpage, index))
    return "".join(chars)


def _space(obj: _TextObject, x: float, frame: _PageBox) -> Char:
    """A space at `x` (from the box's left edge) with the text object's font and height."""
    return {
        "text": " ",
        "fontname": obj.fontname,
        "size": obj.size,
        "upright": True,
        "x0": x,
        "x1": x,
        "top": frame.top - obj.top,
        "bottom": frame.top - obj.bottom,
    }


def _repeat(
    obj: _TextObject, recent: list[_TextObject], by_object: dict[int, _ObjectChars]
) -> list[Char]:
    """The chars of a text object pdfium dropped as repeating a recent one (an overprint for
    "fake bold"): that object's chars, moved by the offset between the two."""
    limit = FAKE_BOLD_OFFSET * obj.size
    for other in reversed(recent):
        found = by_object.get(other.handle)
        if found is None or not found.chars or other.size != obj.size:
            continue
        dx, dy = obj.left - other.left, obj.bottom - other.bottom
        same_extent = abs((obj.right - obj.left) - (other.right - other.left)) < limit
        if same_extent and max(abs(dx), abs(dy)) < limit:
            return [
                {
                    **c,
                    "x0": c["x0"] + dx,
                    "x1": c["x1"] + dx,
                    "top": c["top"] - dy,
                    "bottom": c["bottom"] - dy,
                }
                for c in found.chars
            ]
    return []


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


# --- fonts and metadata ---------------------------------------------------------------------


class _FontDescents:
    """Each font's descent as pdfminer reads it (pdfium has only the font file's, or computes
    one where the descriptor gives zero): the descriptor's /Descent forced negative, the AFM
    value for the standard 14 fonts, a Type 3 font's FontBBox bottom in its FontMatrix; keyed by
    the base font name without its subset tag, as pdfium names fonts."""

    def __init__(self, reader: PdfReader) -> None:
        self._descents: dict[str, float] = {}
        try:
            seen: set[int] = set()
            for page in reader.pages:
                self._collect(page.get("/Resources"), seen, depth=0)
        except Exception as exc:  # noqa: BLE001 -- any pypdf failure on an untrusted file: boxes then shift by the descent only, and the log says so
            log.warning("font descents unreadable (%s): char boxes may shift", exc)

    def get(self, name: str) -> float:
        return self._descents.get(name, 0.0)

    def _collect(self, resources: Any, seen: set[int], depth: int) -> None:
        resources = _resolve(resources)
        if not hasattr(resources, "get") or depth > 8:
            return
        key = id(resources)
        if key in seen:
            return
        seen.add(key)
        for font in (_resolve(resources.get("/Font")) or {}).values():
            self._add(_resolve(font))
        for xobject in (_resolve(resources.get("/XObject")) or {}).values():
            xobject = _resolve(xobject)
            if hasattr(xobject, "get") and xobject.get("/Subtype") == "/Form":
                self._collect(xobject.get("/Resources"), seen, depth + 1)

    def _add(self, font: Any) -> None:
        if not hasattr(font, "get"):
            return
        base = str(font.get("/BaseFont", ""))[1:]
        names = {base}
        spec = font
        if font.get("/Subtype") == "/Type0":
            descendants = _resolve(font.get("/DescendantFonts")) or []
            spec = _resolve(descendants[0]) if descendants else font
            names.add(str(spec.get("/BaseFont", ""))[1:])
        descent = _descent(spec, base)
        for name in names:
            self._descents.setdefault(name.split("+", 1)[-1], descent)


def _descent(spec: Any, base: str) -> float:
    subtype = spec.get("/Subtype")
    if subtype == "/Type3":
        bbox = _resolve(spec.get("/FontBBox")) or [0, 0, 0, 0]
        matrix = _resolve(spec.get("/FontMatrix")) or [0.001] * 4
        return float(bbox[1]) * float(matrix[3])
    if subtype in ("/Type1", "/TrueType", "/MMType1") and "+" not in base:
        from pdfminer.fontmetrics import FONT_METRICS  # a subset (ABCDEF+) is never standard

        if base in FONT_METRICS:
            metrics: dict[str, Any] = FONT_METRICS[base][0]
            return -abs(float(metrics.get("Descent", 0))) / 1000
    descriptor = _resolve(spec.get("/FontDescriptor"))
    if not hasattr(descriptor, "get"):
        return 0.0
    return -abs(float(_resolve(descriptor.get("/Descent", 0)) or 0)) / 1000


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


_METADATA_KEYS = (
    "Title",
    "Author",
    "Subject",
    "Keywords",
    "Creator",
    "Producer",
    "CreationDate",
    "ModDate",
)


def _metadata(document: Any) -> dict[str, str]:
    metadata = {}
    for key in _METADATA_KEYS:
        length = pdfium.FPDF_GetMetaText(document, key.encode(), None, 0)
        if length <= 2:
            continue
        buffer = ctypes.create_string_buffer(length)
        pdfium.FPDF_GetMetaText(document, key.encode(), buffer, length)
        metadata[key] = buffer.raw[: length - 2].decode("utf-16-le", "replace")
    return metadata
