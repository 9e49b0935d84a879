"""Stage 1 — read the PDF: words with positions, the ruling as the eye sees it (`rules`), and
signature fields.

Words are built from pdfplumber's chars in content-stream order so that we keep one fact that
layout analysis loses: whether the producer wrote a space after a word. A line that ends without
a space was broken inside a word ("requerimient" / "os", "E-" / "Mentores"), which is how the
record stage decides to re-join it without inventing a space.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

import pdfplumber
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTCurve
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import fix_fontname_bytes
from pypdf import PdfReader, PdfWriter
from pypdf.errors import LimitReachedError
from pypdf.generic import NameObject, NumberObject

from plan_extract.pdf.rules import PageRules, page_rules


class ReadError(Exception):
    """The file cannot be read as a PDF with a text layer; the message says why."""


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    size: float
    bold: bool
    space_after: bool | None
    """True/False when the producer writes spaces as chars; None when it never does."""

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))


@dataclass(frozen=True)
class SignatureField:
    """A /Sig form field: who signed (certificate CN or /Name) and when (/M)."""

    signer: str | None
    signed_at: str | None
    page: int | None
    top: float | None = None
    """Where the widget sits on its page (points from the top), when it has a rectangle."""


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    words: list[Word]
    rules: PageRules = field(default_factory=lambda: PageRules([], []))
    """The page's ruling as the eye sees it."""


@dataclass(frozen=True)
class ReadProblem:
    """Something the PDF libraries repaired, skipped or could not read (a decompression error,
    a dropped object, a repaired xref, an unreadable signature field): the output may then be
    incomplete, so the review reports each one."""

    code: str
    message: str
    page: int | None = None
    """1-based page it concerns, None for the whole file."""


@dataclass
class PdfContent:
    path: Path
    pages: list[PageContent]
    signature_fields: list[SignatureField] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    line_end_spaces: bool = True
    """The producer writes a space where a line wraps between words, so a line ending
    without one broke a word; False when it never does (words' `space_after` is then None
    at line ends)."""
    problems: list[ReadProblem] = field(default_factory=list)
    """What the readers repaired or lost while reading; each becomes a review finding."""


@dataclass(frozen=True)
class ReadLimits:
    """Resource caps so that a hostile file fails fast instead of exhausting the machine.

    pdfminer spends about 90 µs and 5 KB on each drawing object, so 50 000 objects on a page
    cost some 5 s and 250 MB; a real plan page has under 100. A page of a plan costs about
    80 ms and 2.5 MB (every page's chars are kept until all are read), so 300 pages fit the
    extract command's default time and memory limits (50 s, 1 GiB)."""

    max_pages: int = 300
    max_graphics_per_page: int = 50_000


def read_pdf(
    path: str | Path, password: str | None = None, limits: ReadLimits | None = None
) -> PdfContent:
    path = Path(path)
    limits = limits or ReadLimits()
    _check_header(path)
    _check_structure(path, password, limits)
    try:
        pdf = pdfplumber.open(_unrotated(path, password) or path, password=password or "")
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        _raise_exhaustion(exc)
        raise ReadError(_open_error_message(exc, password)) from exc
    try:
        raw_pages, metadata = _read_pages(pdf, limits, password)
    finally:
        _close(pdf)
    writes_spaces = _writes_spaces(raw_pages)
    pages = [
        PageContent(number, width, height, _words(chars, number, writes_spaces), rules)
        for number, (width, height, chars, rules) in enumerate(raw_pages, start=1)
    ]
    line_end_spaces = writes_spaces and _writes_line_end_spaces(pages)
    if writes_spaces and not line_end_spaces:
        pages = [replace(page, words=_forget_line_end_spaces(page.words)) for page in pages]
    return PdfContent(path, pages, _signature_fields(path, password), metadata, line_end_spaces)


def _unrotated(path: Path, password: str | None) -> io.BytesIO | None:
    """A copy with every page's /Rotate removed, when any page has one: a landscape table
    stored as a rotated portrait page is upright text in the page's own space, and the
    layout analysis reads upright text only."""
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt(password or "")
        if not any(page.rotation % 360 for page in reader.pages):
            return None
        writer = PdfWriter()
        for page in reader.pages:
            page[NameObject("/Rotate")] = NumberObject(0)
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        buffer.seek(0)
        return buffer
    except Exception:  # unreadable here means unreadable below, where the error is reported
        return None


Char = dict[str, Any]
"""A char as the reader keeps it: text, fontname, size, upright and its box (`_page_objects`)."""
RawPage = tuple[float, float, list[Char], PageRules]
"""One page as read: width, height, its upright chars and its rules."""


def _read_pages(
    pdf: pdfplumber.PDF, limits: ReadLimits, password: str | None
) -> tuple[list[RawPage], dict[str, str]]:
    """Each page's size, chars and rules, and the document metadata; the page cap and the
    drawing cap apply, and a page pdfminer cannot read is one line naming it."""
    try:
        pdf_pages = pdf.pages
    except Exception as exc:
        _raise_exhaustion(exc)
        raise ReadError(_open_error_message(exc, password)) from exc
    if len(pdf_pages) > limits.max_pages:
        raise ReadError(
            f"{len(pdf_pages)} pages, over the limit of {limits.max_pages} (--max-pages)"
        )
    raw_pages: list[RawPage] = []
    for page in pdf_pages:
        try:
            raw_pages.append(_page_chars_and_rules(page, limits))
        except ReadError:
            raise
        except Exception as exc:
            _raise_exhaustion(exc)
            raise ReadError(
                f"corrupt PDF content on page {page.page_number} ({_describe(exc)})"
            ) from exc
        finally:
            page.close()  # drop pdfminer's layout objects: memory stays one page deep
    metadata = {k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str | bytes)}
    return raw_pages, metadata


def _close(pdf: pdfplumber.PDF) -> None:
    """pdfplumber's close walks the page tree again, and raises on the very damage that made
    reading fail: close the file whatever happens."""
    try:
        pdf.close()
    except Exception:
        if not pdf.stream_is_external:
            pdf.stream.close()


# --- hostile and broken files -------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (DOCX, XLSX, ODT…)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (DOC, XLS)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
)


def _check_header(path: Path) -> None:
    """Refuse what is plainly not a whole PDF before any parser sees it: pdfminer recovers
    a truncated file silently, which would turn a cut-off plan into a short one."""
    try:
        if path.is_dir():
            raise ReadError("is a directory, not a PDF")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 1024))
            tail = handle.read()
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("cannot read the file (permission denied)") from None
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from None
    if size == 0:
        raise ReadError("empty file (0 bytes)")
    if b"%PDF-" not in head:
        kind = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
        if kind is None and head.lstrip()[:1] == b"<":
            kind = "HTML or XML"
        raise ReadError(
            f"not a PDF (no %PDF- header; looks like {kind})"
            if kind
            else "not a PDF (no %PDF- header)"
        )
    if b"%%EOF" not in tail:
        raise ReadError(f"truncated PDF: no %%EOF marker at the end ({size} bytes)")


def _check_structure(path: Path, password: str | None, limits: ReadLimits) -> None:
    """Page count, encryption and each page's drawing operators, read from the raw content
    streams (C zlib and a regex) before pdfminer interprets anything: pdfminer would spend
    minutes and gigabytes on a page with millions of drawing operations before any cap on its
    objects could look at them. pypdf also caps decompression (no zip bombs)."""
    try:
        reader = PdfReader(path)
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(password or ""):
            raise ReadError(_encrypted_message(password))
        count = len(reader.pages)
    except ReadError:
        raise
    except Exception:
        return  # pdfminer's own open decides whether the file is readable, and says why
    if count > limits.max_pages:
        raise ReadError(f"{count} pages, over the limit of {limits.max_pages} (--max-pages)")
    for number in range(1, count + 1):
        try:
            page = reader.pages[number - 1]
            operations = _drawing_operations(page, page.get("/Resources"), {}, ())
        except LimitReachedError as exc:
            raise ReadError(
                f"page {number}: a content stream decompresses past pypdf's limit ({exc})"
            ) from exc
        except ReadError as exc:
            raise ReadError(f"page {number}: {exc}") from exc
        except RecursionError as exc:
            raise ReadError(f"page {number}: drawings nested too deeply") from exc
        except Exception:
            continue  # not ours to judge: pdfminer reports real corruption in its own words
        if operations > limits.max_graphics_per_page:
            raise ReadError(
                f"page {number} has {operations} drawing operations, over the limit of "
                f"{limits.max_graphics_per_page} (--max-graphics)"
            )


_DELIMITER = rb"\x00\t\n\x0c\r \[\]()<>{}/%"
_DRAWING_OPERATOR = re.compile(
    rb"(?<![^" + _DELIMITER + rb"])(?:re|m|l|c|v|y|BI)(?![^" + _DELIMITER + rb"])"
)
_DO = re.compile(rb"/([^" + _DELIMITER + rb"]+)[\x00\t\n\x0c\r ]*Do(?![^" + _DELIMITER + rb"])")
_MAX_FORM_DEPTH = 12


def _drawing_operations(
    owner: object, resources: object, done: dict[int, int], path: tuple[int, ...]
) -> int:
    """Path-building operators (each becomes one line, rect or curve in pdfminer) and images
    in a page or form's content, counting a form's drawings once per use."""
    data = _content_bytes(owner)
    total = len(_DRAWING_OPERATOR.findall(data))
    uses: dict[bytes, int] = {}
    for name in _DO.findall(data):
        uses[name] = uses.get(name, 0) + 1
    if not uses:
        return total
    xobjects = _resolve(_resolve(resources).get("/XObject") if resources is not None else None)
    for name, times in uses.items():
        total += times  # the Do itself: an image, or a form's box
        ref = xobjects.get("/" + name.decode("latin-1")) if xobjects is not None else None
        form = _resolve(ref)
        if form is None or form.get("/Subtype") != "/Form":
            continue
        key = getattr(ref, "idnum", id(form))
        if key in path:
            raise ReadError(f"form XObject /{name.decode('latin-1')} draws itself")
        if len(path) >= _MAX_FORM_DEPTH:
            raise ReadError(f"forms nested over {_MAX_FORM_DEPTH} deep")
        if key not in done:
            done[key] = _drawing_operations(
                form, form.get("/Resources", resources), done, (*path, key)
            )
        total += times * done[key]
    return total


def _content_bytes(owner: Any) -> bytes:
    """Decoded content of a page (its /Contents, one stream or an array) or of a form."""
    if hasattr(owner, "get_data") and not hasattr(owner, "get_contents"):
        return cast(bytes, owner.get_data())
    contents = _resolve(owner.get("/Contents"))
    if contents is None:
        return b""
    if isinstance(contents, list):
        return b"\n".join(_resolve(part).get_data() for part in contents)
    return cast(bytes, contents.get_data())


def _resolve(value: Any) -> Any:
    """The object a pypdf indirect reference points to; any other value as it is."""
    return value.get_object() if hasattr(value, "get_object") else value


def _encrypted_message(password: str | None) -> str:
    return (
        "encrypted PDF: wrong password (--password)"
        if password
        else "encrypted PDF: give the password with --password"
    )


def _open_error_message(exc: Exception, password: str | None = None) -> str:
    cause = _unwrap(exc)
    if isinstance(cause, PDFPasswordIncorrect):
        return _encrypted_message(password)
    if isinstance(cause, PDFEncryptionError):
        return f"encrypted PDF that cannot be opened ({_describe(cause)})"
    return f"corrupt or truncated PDF ({_describe(cause)})"


def _raise_exhaustion(exc: BaseException) -> None:
    """Running out of memory or stack is the caller's limit at work, not a corrupt file."""
    cause = _unwrap(exc)
    if isinstance(cause, MemoryError | RecursionError):
        raise cause


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exception as the first argument of PdfminerException."""
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _describe(exc: BaseException) -> str:
    """'Type: message' on one line, short enough for a one-line error report."""
    exc = _unwrap(exc)
    detail = " ".join(str(exc).split())
    if len(detail) > 160:
        detail = detail[:157] + "…"
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _page_chars_and_rules(page: pdfplumber.page.Page, limits: ReadLimits) -> RawPage:
    chars, graphics = _page_objects(page)
    if len(graphics) > limits.max_graphics_per_page:
        raise ReadError(
            f"page {page.page_number} has {len(graphics)} drawing objects, over the limit of "
            f"{limits.max_graphics_per_page} (--max-graphics)"
        )
    chars = [c for c in chars if c["upright"]]
    width, height = float(page.width), float(page.height)
    return width, height, chars, page_rules(graphics, width, height)


def _page_objects(page: pdfplumber.page.Page) -> tuple[list[Char], list[dict[str, Any]]]:
    """The page's chars with only the keys the reader uses, and its lines, rects and curves as
    pdfplumber gives them, from one pdfminer layout. pdfplumber's generic conversion of each
    char (25 attributes, colours resolved) is a third of the reading time and most of its
    memory, and only 8 of them are read here."""
    chars: list[Char] = []
    graphics: list[dict[str, Any]] = []
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)

    def walk(items: Iterable[LTComponent]) -> None:
        for obj in items:
            if isinstance(obj, LTChar):
                fontname = obj.fontname
                if isinstance(fontname, bytes):
                    fontname = fix_fontname_bytes(fontname)
                chars.append(
                    {
                        "text": obj.get_text(),
                        "fontname": fontname,
                        "size": obj.size,
                        "upright": obj.upright,
                        "x0": obj.x0 + mb_x0,
                        "x1": obj.x1 + mb_x0,
                        "top": height - obj.y1 + mb_top,
                        "bottom": height - obj.y0 + mb_top,
                    }
                )
            elif isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTCurve):  # lines and rects are curves too
                graphics.append(page.process_object(obj))

    walk(page.layout._objs)
    return chars, graphics


SAME_LINE_EM = 0.5
"""Chars whose tops differ by less than this share of the font size are on one line."""
GLYPH_GAP_EM = 0.2
"""A gap up to this share of the font size (kerning, tracking) still joins two glyphs of one
word; wider without a space written, the stream has jumped elsewhere."""


def _line_ends(words: list[Word]) -> list[int]:
    """Indices of words after which the stream leaves the line it prints: to another line,
    back to the left, or on along the same baseline past a gap no space was written for (the
    next cell of a table row, printed as a text object of its own)."""
    return [
        i
        for i, (word, following) in enumerate(zip(words, words[1:], strict=False))
        if abs(following.top - word.top) > SAME_LINE_EM * word.size
        or following.x0 < word.x0
        or (word.space_after is False and following.x0 - word.x1 >= GLYPH_GAP_EM * word.size)
    ]


def _writes_line_end_spaces(pages: list[PageContent]) -> bool:
    """Some producers write spaces between words but never where a line wraps; there a
    missing space says nothing about a word broken in two."""
    ends = [page.words[i].space_after for page in pages for i in _line_ends(page.words)]
    return bool(ends) and sum(1 for e in ends if e) / len(ends) > 0.3


def _forget_line_end_spaces(words: list[Word]) -> list[Word]:
    ends = set(_line_ends(words))
    return [replace(w, space_after=None) if i in ends else w for i, w in enumerate(words)]


def _writes_spaces(raw_pages: list[RawPage]) -> bool:
    total = spaces = 0
    for _, _, chars, _ in raw_pages:
        total += len(chars)
        spaces += sum(1 for c in chars if c["text"].isspace())
    return total > 0 and spaces / total > 0.02


def _words(chars: list[Char], page: int, writes_spaces: bool) -> list[Word]:
    """Group chars (in stream order) into words; a word ends at a space or a jump in position."""
    words: list[Word] = []
    current: list[Char] = []

    def flush(space_after: bool | None) -> None:
        if not current:
            return
        text = "".join(c["text"] for c in current)
        fonts = {c.get("fontname", "") for c in current}
        words.append(
            Word(
                text=text,
                x0=min(c["x0"] for c in current),
                top=min(c["top"] for c in current),
                x1=max(c["x1"] for c in current),
                bottom=max(c["bottom"] for c in current),
                page=page,
                size=max(c["size"] for c in current),
                bold=any("bold" in f.lower() for f in fonts),
                space_after=space_after if writes_spaces else None,
            )
        )
        current.clear()

    for char in chars:
        if char["text"] in _LIGATURES:  # "ﬁ" is two letters to every reader of the data
            char = {**char, "text": unicodedata.normalize("NFKC", char["text"])}
        if char["text"].isspace() or not char["text"]:
            flush(True)
            continue
        if _is_bullet(char["text"]):  # a bullet glyph is its own word, whatever the spacing
            flush(False)
            current.append(char)
            flush(True)
            continue
        if current:
            prev = current[-1]
            size = max(prev["size"], 1.0)
            same_line = abs(char["top"] - prev["top"]) < SAME_LINE_EM * size
            adjacent = -0.5 * size < char["x0"] - prev["x1"] < GLYPH_GAP_EM * size
            if not (same_line and adjacent):
                flush(False)
        current.append(char)
    flush(None)  # the page's last word: whether a space follows is unknown
    return words


_LIGATURES = frozenset("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")


def _is_bullet(text: str) -> bool:
    """Bullets, check marks, geometric shapes, dingbats and symbol-font glyphs; signs that
    belong to text ("≥", "°" of "N°") are not."""
    if len(text) != 1:
        return False
    code = ord(text)
    return (
        text in "•◦▪▫‣⁃∙"
        or 0x25A0 <= code <= 0x25FF
        or 0x2610 <= code <= 0x2612
        or 0x2700 <= code <= 0x27BF
        or unicodedata.category(text) == "Co"
    )


_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-Z])(\d{2})?'?(\d{2})?'?)?"
)


def pdf_date_to_iso(value: str) -> str | None:
    """'D:20230227115544-06'00'' -> '2023-02-27T11:55:44-06:00'."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    if sign in ("+", "-"):
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        moment = moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    elif sign == "Z":
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


UTC = UTC


def _signature_fields(path: Path, password: str | None) -> list[SignatureField]:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt(password or "")
        fields = []
        for number, page in enumerate(reader.pages, start=1):
            for annot_ref in page.get("/Annots") or []:
                annot = annot_ref.get_object()
                if annot.get("/FT") != "/Sig" or "/V" not in annot:
                    continue
                value = annot["/V"].get_object()
                signer = _certificate_signer(value.get("/Contents")) or _text(value.get("/Name"))
                when = _text(value.get("/M"))
                rect = annot.get("/Rect")
                top = float(page.mediabox.top) - float(max(rect[1], rect[3])) if rect else None
                fields.append(
                    SignatureField(signer, pdf_date_to_iso(when) if when else None, number, top)
                )
        return fields
    except Exception:  # an unreadable signature dictionary is not fatal for table extraction
        return []


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _certificate_signer(contents: object) -> str | None:
    """Common name of the signing certificate in a PKCS#7 signature blob."""
    if not isinstance(contents, bytes | bytearray):
        return None
    try:
        from cryptography.hazmat.primitives.serialization import pkcs7
        from cryptography.x509.oid import NameOID

        certificates = pkcs7.load_der_pkcs7_certificates(bytes(contents).rstrip(b"\x00"))
    except Exception:
        return None
    for certificate in certificates:
        names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        if names:
            return str(names[0].value)
    return None
