"""Stage 1 — read the PDF: words with positions, the ruling as the eye sees it (`rules`), and
signature fields.

Words are built from pdfplumber's chars in content-stream order so that we keep one fact that
layout analysis loses: whether the producer wrote a space after a word. A line that ends without
a space was broken inside a word ("requerimient" / "os", "E-" / "Mentores"), which is how the
record stage decides to re-join it without inventing a space.

pypdf (with the cryptography and PIL it loads) is imported by the functions that use it: the
stages import this module for its records (`Word`, `PdfContent`), and the extract command's
worker imports them while another process reads the file (`commands.extract.extract_job`).
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from plan_extract.geometry import BBox
from plan_extract.pdf.ascii85 import a85decode, ends_with_marker
from plan_extract.pdf.deadline import PageTimeout, page_deadline, page_timeout_message
from plan_extract.pdf.integrity import (
    FileHistory,
    ProblemLog,
    ReadProblem,
    SignedRange,
    certificate_signer,
    cut_update,
    nested_object_stream,
    reference_loop,
    signed_range,
    xref_chain,
)
from plan_extract.pdf.raw import Char, RawPage
from plan_extract.pdf.rules import PageRules, page_rules

if TYPE_CHECKING:  # the readers' libraries are imported where they run (see _read_with)
    import pdfplumber
    from pdfminer.layout import LTComponent, LTCurve
    from pypdf import PdfReader


class ReadError(Exception):
    """The file cannot be read as a PDF with a text layer; the message says why."""


_WORD_SEQUENCE = itertools.count()


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
    seq: int = field(default_factory=lambda: next(_WORD_SEQUENCE), compare=False)
    """The word's identity: unique in the process, increasing in reading order (pages in
    order, each page's words in stream order). Stages that must tell two words apart that look
    alike (the same text at the same place, printed twice) keep sets of `seq`, never `id()`;
    it takes no part in equality, so words read twice compare equal."""

    xmid: float = field(init=False, repr=False, compare=False)
    ymid: float = field(init=False, repr=False, compare=False)
    """The middles: the stages ask for them millions of times on a long plan. Computed when
    the word is made, not cached on first use (`functools.cached_property`): a cache added
    later, in whichever order the stages ask, turned each word's compact instance dict (keys
    shared by all words) into a dict of its own, about 0.7 KiB a word, which on a long plan
    was the largest memory the stages kept per page."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "xmid", (self.x0 + self.x1) / 2)
        object.__setattr__(self, "ymid", (self.top + self.bottom) / 2)

    @property
    def bbox(self) -> BBox:
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
    grouped: list[list[Word]] | None = field(default=None, init=False, repr=False, compare=False)
    """The words grouped into printed lines, once (`text.page_lines`): read only; not an
    init field, so a page copied with other words (`dataclasses.replace`) groups again."""


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
    history: FileHistory = field(default_factory=FileHistory)
    """Its revisions and whether its /ID records a change since it was first written."""


@dataclass(frozen=True)
class ReadLimits:
    """Resource caps so that a hostile file fails fast instead of exhausting the machine. Each
    is counted from the raw content streams before pdfminer interprets a page, on what pdfminer
    will really do (operators however they are written, every decoded byte).

    pdfminer spends about 90 µs and 5 KB on each drawing object, so 50 000 objects on a page
    cost some 5 s and 250 MB; a real plan page has under 100. A page of a plan costs about
    80 ms and 2.5 MB (every page's chars are kept until all are read), so 300 pages fit the
    extract command's default time and memory limits (50 s, 1 GiB)."""

    max_pages: int = 300
    max_graphics_per_page: int = 50_000
    """Drawings: inline images, forms' uses, and painted paths counted in rectangles' worth of
    points (`POINTS_PER_DRAWING`; a clipping path draws nothing). A rectangle costs pdfminer
    some 100 µs and 4.7 KiB, pdfium's reader 35 µs and 1.6 KiB, the most per point of any
    path, so a page at the cap costs at most some 5 s and 230 MiB, or 1.7 s and 80 MiB
    (`benchmarks/bench_drawings.py`)."""
    max_operators_per_page: int = 500_000
    """Every operator pdfminer executes (a `cm` or `q` costs some 10 µs); a plan page has about
    5 000, so the cap stops two million operators in a fraction of a second, not at 50 s."""
    max_text_bytes_per_page: int = 200_000
    """Bytes of shown strings (one char per byte at most): pdfminer builds an object of some
    100 µs per char, so 200 000 cost about 20 s; a dense plan page shows under 10 000."""
    max_content_bytes_per_page: int = 32 << 20
    """Decoded content of a page with its forms; a plan page has about 50 KB."""
    max_decoded_bytes: int = 256 << 20
    """Decoded streams of the whole file (contents, forms, fonts), however often a stream is
    reused: pypdf's cap of 75 MB applies per stream, so forty uses of one big stream would pass
    it forty times."""
    max_seconds_per_page: float | None = 15.0
    """CPU seconds to read one page (None: no limit; CPU, not wall time, so a busy machine
    does not refuse plain pages: `pdf/deadline.py`). A plan page takes about 80 ms and a page
    at the graphics cap some 5 s; a page that stalls the reader anyway is refused with its
    number, instead of the file running to the extract command's time limit (50 s)."""
    page_readers: int = 1
    """Processes that may read the file's pages at once (the pdfium reader: `page_pool`,
    where forking is safe, and only for pages enough to share). Not a bound on the file's
    work but on its CPUs: the extract command gives each file the CPUs `--jobs` leaves it
    (`page_pool.page_readers`); 1, the default, reads in the calling process alone."""


MAX_PAGE_SIDE = 14_400
"""The largest page side in user space units that ISO 32000-1 (Annex C) lets a producer
write; a bigger box is damage or an attack (a MediaBox of 1e30 makes layout code spin)."""


READERS = ("pdfium", "pdfplumber")
"""The two backends: pdfium (C, about four times faster) and pdfplumber/pdfminer, the reference
that the agreement test holds pdfium to (tests/test_readers.py)."""
DEFAULT_READER = "pdfium"
"""The reader of plans (`extract`, `export`, `report`, `debug`, `extract_plan`): on every plan
PDF of the tests the two readers give the same plan and the same review."""
TABLES_READER = "pdfplumber"
"""The reader of any PDF's tables (`tables`, `extract_tables`): on two third-party files pdfium
decodes text on its own terms (Arabic presentation forms turned into base letters, a ToUnicode
map that lowers some capitals ignored: tests/test_readers.py, KNOWN_DIFFERENCES), which costs
cells of the ICDAR ground truth, so the reference stays the default there."""


def read_pdf(
    path: str | Path,
    password: str | None = None,
    limits: ReadLimits | None = None,
    backend: str = DEFAULT_READER,
) -> PdfContent:
    """Words, rules and signature fields of each page, and every repair or loss the readers
    reported on the way (`problems`): a damaged file is either refused with one line
    (`ReadError`) or read with the damage named."""
    return content_of(read_file(path, password, limits, backend))


@dataclass
class ReadFile:
    """A file as read, before its words are made (`content_of`): what a process that reads
    the file sends to the one that extracts it (the extract command's worker: `extract_job`).
    The word drafts cost a third of the words to send, and the words, with their `seq`, are
    made in the process that uses them."""

    path: Path
    pages: list[_ReadPage]
    signature_fields: list[SignatureField]
    metadata: dict[str, str]
    problems: list[ReadProblem]
    history: FileHistory


def read_file(
    path: str | Path,
    password: str | None = None,
    limits: ReadLimits | None = None,
    backend: str = DEFAULT_READER,
) -> ReadFile:
    """`read_pdf` up to the words: the checks, each page's word drafts and rules, the
    signatures and the problems."""
    path = Path(path)
    limits = limits or ReadLimits()
    log = ProblemLog()
    with log.capturing():
        data = _check_header(path)
        revisions = _check_raw_structure(data)
        structure = _check_structure(data, password, limits, log)
        declared = structure.declared_pages if structure is not None else None
        # pdfium ignores /UserUnit: a scaled page is read from pdfplumber's normalised copy
        scaled = structure is not None and structure.scaled
        vetted = backend if declared is not None and not scaled else "pdfplumber"
        pypdf_reader = structure.reader if structure is not None else None
        early = _EarlySignatures(pypdf_reader, data, log) if pypdf_reader is not None else None
        read, metadata = _read_with(
            vetted, path, password, limits, log, pypdf_reader, early.read if early else None
        )
        for number, page in enumerate(read, start=1):
            if page.unsized:
                log.add("invisible_text", _unsized_message(page.unsized), number)
        if vetted == "pdfium" and structure is not None:  # pdfminer names these itself
            for number in structure.cut_pages:
                log.add("stream_damaged", CUT_STREAM_MESSAGE, number)
        if declared is not None and declared != len(read):
            log.add(
                "page_count",
                f"the page tree declares {declared} pages but {len(read)} were read",
            )
        reader = pypdf_reader or _signature_reader(data, password, log)
        if early is not None and early.done:
            signatures = early.result()
        else:
            signatures = _signature_fields(reader, data, log) if reader is not None else []
        history = FileHistory(max(1, revisions), _identifier_changed(reader))
    return ReadFile(path, read, signatures, metadata, log.finished(), history)


@dataclass
class _EarlySignatures:
    """The signature fields, read while this process waits for its page readers (pdfium's
    `meanwhile`: the signatures take about 15 ms of a 17-page plan, which the wait hides).
    What the read logs is held back and released, and what it raises is raised, where
    `read_file` reads the signatures when nothing reads them early (`result`): the problems
    keep their order and a failing page still fails first."""

    reader: PdfReader
    data: bytes
    log: ProblemLog
    done: bool = False
    fields: list[SignatureField] = field(default_factory=list)
    held: list[tuple[str, str, int | None]] = field(default_factory=list)
    error: Exception | None = None

    def read(self) -> None:
        with self.log.holding() as held:
            try:
                self.fields = _signature_fields(self.reader, self.data, self.log)
            except Exception as exc:  # raised by `result`, after the pages' own failures
                self.error = exc
        self.held, self.done = held, True

    def result(self) -> list[SignatureField]:
        self.log.release(self.held)
        if self.error is not None:
            raise self.error
        return self.fields


def content_of(read: ReadFile) -> PdfContent:
    """The words of a file read (`read_file`), page by page, and the rest as read."""
    writes_spaces = _writes_spaces(read.pages)
    pages = [
        PageContent(
            number,
            page.width,
            page.height,
            [_word(draft, number, writes_spaces) for draft in page.words],
            page.rules,
        )
        for number, page in enumerate(read.pages, start=1)
    ]
    line_end_spaces = writes_spaces and _writes_line_end_spaces(pages)
    if writes_spaces and not line_end_spaces:
        pages = [replace(page, words=_forget_line_end_spaces(page.words)) for page in pages]
    return PdfContent(
        read.path,
        pages,
        read.signature_fields,
        read.metadata,
        line_end_spaces,
        read.problems,
        read.history,
    )


def _read_with(
    backend: str,
    path: Path,
    password: str | None,
    limits: ReadLimits,
    log: ProblemLog,
    vetted_by: PdfReader | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[_ReadPage], dict[str, str]]:
    """Each page's words and rules (`_digest`: its chars are dropped as soon as it is read)
    and the metadata, from `backend`. pdfium
    reads only what the structure check has vetted (`vetted_by`, the pypdf reader that check
    opened, which also gives pdfium's reader the fonts' descents; pdfplumber reads a file pypdf
    could not count); a file pdfium cannot open goes to pdfplumber, with a warning (a note
    under --verbose). pdfium runs `meanwhile()`, when given, once it has read this process's
    own pages, while its page readers finish theirs (`_EarlySignatures`)."""
    if backend not in READERS:
        raise ValueError(f"unknown reader {backend!r}; choose from {', '.join(READERS)}")
    if backend == "pdfium" and vetted_by is not None:
        from plan_extract.pdf import pdfium_reader

        try:
            return pdfium_reader.read_pages(
                path,
                password,
                vetted_by,
                limits.max_pages,
                limits.max_graphics_per_page,
                limits.max_seconds_per_page,
                _digest,
                limits.page_readers,
                meanwhile,
            )
        except pdfium_reader.PdfiumLimit as exc:
            raise ReadError(str(exc)) from exc
        except pdfium_reader.PdfiumCannotOpen as exc:
            logging.getLogger(__name__).warning("%s; read with pdfplumber instead", exc)
    import pdfplumber  # here: pdfminer, pdfplumber and PIL are a fifth of a pdfium run's imports

    try:
        pdf = pdfplumber.open(_normalised(path, password) or path, password=password or "")
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        _raise_exhaustion(exc)
        raise ReadError(_open_error_message(exc, password)) from exc
    try:
        _watch_objects(pdf, log)
        return _read_pages(pdf, limits, password, log)
    finally:
        _close(pdf)


def _normalised(path: Path, password: str | None) -> io.BytesIO | None:
    """A copy that layout analysis reads as the standard means it, when any page needs one:
    every /Rotate removed (a landscape table stored as a rotated portrait page is upright text
    in the page's own space, and the layout analysis reads upright text only), and a MediaBox
    or CropBox written with its corners in another order (legal, ISO 32000-1 §7.9.5) rewritten
    lower-left first; a page with a /UserUnit (ISO 32000-1 §14.11.2) scaled to points."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject, RectangleObject

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt(password or "")
        if not any(_needs_normalising(page) for page in reader.pages):
            return None
        writer = PdfWriter()
        for page in reader.pages:
            page[NameObject("/Rotate")] = NumberObject(0)
            for box in ("/MediaBox", "/CropBox"):
                corners = _box(page, box)
                if corners is not None:
                    page[NameObject(box)] = RectangleObject(corners)
            added = writer.add_page(page)
            unit = _user_unit(added)
            if unit != 1:  # read in points, as every threshold in points expects
                added.scale_by(unit)
                del added[NameObject("/UserUnit")]
        buffer = io.BytesIO()
        writer.write(buffer)
        buffer.seek(0)
        return buffer
    except Exception:  # unreadable here means unreadable below, where the error is reported
        return None


def _box(page: Any, name: str) -> BBox | None:
    """The page's box, lower-left corner first (the standard lets a producer write any two
    opposite corners); the MediaBox may be inherited, a CropBox absent gives None."""
    value = _resolve(page.get(name)) if name in page else None
    if value is None and name == "/MediaBox":
        value = page.mediabox  # inherited from the page tree; raises when there is none
    if value is None:
        return None
    x0, y0, x1, y1 = (float(_resolve(v)) for v in value)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _raw_box(page: Any, name: str) -> tuple[float, ...] | None:
    value = _resolve(page.get(name)) if name in page else None
    return None if value is None else tuple(float(_resolve(v)) for v in value)


def _user_unit(page: Any) -> float:
    """The page's /UserUnit (ISO 32000-1 §14.11.2): the size of its units in points; 1 when
    absent."""
    return float(_resolve(page.get("/UserUnit", 1)))


def _needs_normalising(page: Any) -> bool:
    if page.rotation % 360 or _user_unit(page) != 1:
        return True
    for name in ("/MediaBox", "/CropBox"):
        corners = _raw_box(page, name)
        if corners is not None and _box(page, name) != corners:
            return True
    return False


def _watch_objects(pdf: pdfplumber.PDF, log: ProblemLog) -> None:
    """pdfminer turns an object it cannot find or parse into null, and rebuilds a broken
    cross-reference table by scanning the file, both without a word: report either."""
    from pdfminer.pdfdocument import PDFObjectNotFound, PDFXRefFallback

    document = pdf.doc
    if any(isinstance(xref, PDFXRefFallback) for xref in document.xrefs):
        log.add(
            "xref_rebuilt",
            "the cross-reference table is damaged; pdfminer rebuilt it by scanning the file, "
            "so objects may be missing or stale",
        )
    getobj = document.getobj

    def watched(objid: int) -> Any:
        try:
            return getobj(objid)
        except PDFObjectNotFound:
            log.add("object_missing", f"object {objid} is missing or cannot be parsed", log.page)
            raise

    document.getobj = watched  # type: ignore[method-assign]  # this document only


def _read_pages(
    pdf: pdfplumber.PDF, limits: ReadLimits, password: str | None, log: ProblemLog
) -> tuple[list[_ReadPage], dict[str, str]]:
    """Each page's size, chars and rules, and the document metadata; the page cap and the
    drawing cap apply, and a page pdfminer cannot read is one line naming it. What pdfminer
    logs while reading a page is that page's problem."""
    try:
        pdf_pages = pdf.pages
    except Exception as exc:
        _raise_exhaustion(exc)
        raise ReadError(_open_error_message(exc, password)) from exc
    if len(pdf_pages) > limits.max_pages:
        raise ReadError(
            f"{len(pdf_pages)} pages, over the limit of {limits.max_pages} (--max-pages)"
        )
    read: list[_ReadPage] = []
    for page in pdf_pages:
        try:
            with log.on_page(page.page_number), page_deadline(limits.max_seconds_per_page):
                raw = _page_chars_and_rules(page, limits)
            read.append(_digest(raw))
        except PageTimeout:
            raise ReadError(
                page_timeout_message(page.page_number, limits.max_seconds_per_page)
            ) from None
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
    return read, metadata


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


def _check_header(path: Path) -> bytes:
    """The file's bytes, after refusing what is plainly not a whole PDF before any parser
    sees it: pdfminer recovers a truncated file silently, which would turn a cut-off plan into
    a short one."""
    try:
        if path.is_dir():
            raise ReadError("is a directory, not a PDF")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("cannot read the file (permission denied)") from None
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from None
    size = len(data)
    if size == 0:
        raise ReadError("empty file (0 bytes)")
    head, tail = data[:1024], data[-1024:]
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
    cut = cut_update(tail)
    if cut:
        raise ReadError(f"truncated PDF: {cut} ({size} bytes)")
    return data


def _check_raw_structure(data: bytes) -> int:
    """Structures the parsers follow without bounds, refused from the raw bytes: a /Prev
    chain that loops or has thousands of updates (pdfminer recurses through it), and objects
    that only refer to one another in a loop (pdfminer resolves such a chain for ever).
    Returns the number of cross-reference sections (revisions) the chain holds."""
    try:
        chain = xref_chain(data)
    except ValueError as exc:
        raise ReadError(f"corrupt PDF structure: {exc}") from None
    loop = reference_loop(data)
    if loop:
        raise ReadError(f"corrupt PDF structure: {loop}")
    return len(chain)


@dataclass(frozen=True)
class _Structure:
    """What the structure check learnt of a file pypdf could read."""

    declared_pages: int | None
    """The page tree's /Count (None when it cannot be read)."""
    scaled: bool
    """A page has a /UserUnit other than 1."""
    cut_pages: tuple[int, ...]
    """Pages with a content stream that decompresses only in part (a flipped bit): pypdf and
    pdfium keep what inflates without a word, pdfminer logs the loss."""
    reader: PdfReader
    """pypdf's reader of the file, decrypted: opened once, it serves the signature fields and
    the pdfium reader's font descents too (each opening parses the cross-reference table and
    the page tree again, which on a damaged file means scanning all of it)."""


def _check_structure(
    data: bytes, password: str | None, limits: ReadLimits, log: ProblemLog
) -> _Structure | None:
    """Page count, encryption, page sizes and each page's work, read from the raw content
    streams (C zlib and regexes) before pdfminer interprets anything: pdfminer would spend
    minutes and gigabytes on a page with millions of operators before any cap on its objects
    could look at them. Every stream a page uses (contents, forms, fonts) is decoded here, so a
    stream that no longer decompresses is named with its page, where pdfminer would read it
    as empty. None when pypdf cannot read the file."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(password or ""):
            raise ReadError(_encrypted_message(password))
        nested = nested_object_stream(reader.xref_objStm)
        if nested:
            raise ReadError(f"corrupt PDF structure: {nested}")
        count = len(reader.pages)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("corrupt PDF structure: the page tree is nested too deeply") from None
    except Exception as exc:
        _raise_exhaustion(exc)
        log.add("structure", f"pypdf cannot read the file's structure ({_describe(exc)})")
        return None  # pdfminer's own open decides whether the file is readable, and says why
    if count > limits.max_pages:
        raise ReadError(f"{count} pages, over the limit of {limits.max_pages} (--max-pages)")
    budget = _Budget(limits)
    cut_pages = []
    fonts_checked: set[int | None] = set()
    for number in range(1, count + 1):
        with log.on_page(number):
            _check_page(reader, number, budget, log, fonts_checked)
        if budget.page_cut:
            cut_pages.append(number)
    scaled = any(_user_unit(page) != 1 for page in reader.pages)
    return _Structure(_declared_pages(reader), scaled, tuple(cut_pages), reader)


@dataclass
class _Budget:
    """Decoded bytes counted against ReadLimits, per page and for the whole file."""

    limits: ReadLimits
    file_bytes: int = 0
    page_bytes: int = 0
    page_cut: bool = False
    """A content stream of the page decompresses only in part (see `_inflates_whole`)."""

    def spend(self, size: int) -> None:
        self.page_bytes += size
        self.file_bytes += size
        if self.page_bytes > self.limits.max_content_bytes_per_page:
            raise ReadError(
                f"its streams decode to over {self.limits.max_content_bytes_per_page >> 20} MiB"
            )
        if self.file_bytes > self.limits.max_decoded_bytes:
            raise ReadError(
                f"the file's streams decode to over {self.limits.max_decoded_bytes >> 20} MiB "
                "in all"
            )


@dataclass
class _Work:
    """What pdfminer will do for a page's content, counted from its bytes."""

    drawings: int = 0
    operators: int = 0
    text_bytes: int = 0
    partial: bool = False
    """Counting stopped at a cap: the counts are lower bounds."""

    def add(self, other: _Work, times: int = 1) -> None:
        self.drawings += times * other.drawings
        self.operators += times * other.operators
        self.text_bytes += times * other.text_bytes
        self.partial = self.partial or other.partial


def _check_page(
    reader: PdfReader,
    number: int,
    budget: _Budget,
    log: ProblemLog,
    fonts_checked: set[int | None],
) -> None:
    """One page's box, streams and work; a limit passed is a ReadError naming the page, a
    stream that cannot be decoded a problem of the page. `fonts_checked`: the font streams of
    the file's earlier pages (`_decode_font_streams`)."""
    from pypdf.errors import LimitReachedError

    budget.page_bytes, budget.page_cut = 0, False
    limits = budget.limits
    page = reader.pages[number - 1]
    _check_page_box(page, number)
    try:
        work = _page_work(page, page.get("/Resources"), {}, (), budget)
        _decode_font_streams(page.get("/Resources"), budget, log, set(), fonts_checked)
    except LimitReachedError as exc:
        raise ReadError(
            f"page {number}: a content stream decompresses past pypdf's limit ({exc})"
        ) from exc
    except ReadError as exc:
        raise ReadError(f"page {number}: {exc}") from exc
    except RecursionError as exc:
        raise ReadError(f"page {number}: drawings nested too deeply") from exc
    except Exception as exc:
        _raise_exhaustion(exc)
        log.add("stream_damaged", f"its content cannot be decoded ({_describe(exc)})", number)
        return
    caps = (
        (work.drawings, limits.max_graphics_per_page, "drawing operations", "--max-graphics"),
        (work.operators, limits.max_operators_per_page, "operators", None),
        (work.text_bytes, limits.max_text_bytes_per_page, "bytes of text", None),
    )
    for value, cap, what, flag in caps:
        if value > cap:
            hint = f" ({flag})" if flag else ""
            least = "at least " if work.partial else ""
            raise ReadError(
                f"page {number} has {least}{value} {what}, over the limit of {cap}{hint}"
            )


def _check_page_box(page: Any, number: int) -> None:
    """Refuse a page without a size, or larger than the standard allows, before any layout
    code sees it (pdfminer would assume US Letter for the one, and spin on the other). A page
    with a /UserUnit is read in points (its units times the UserUnit), so that size is held to
    the same bound."""
    try:
        corners = _box(page, "/MediaBox")
    except Exception as exc:
        _raise_exhaustion(exc)
        raise ReadError(f"page {number} has no valid MediaBox ({_describe(exc)})") from None
    if corners is None:
        raise ReadError(f"page {number} has no MediaBox")
    x0, y0, x1, y1 = corners
    if not all(math.isfinite(v) for v in corners) or max(x1 - x0, y1 - y0) > MAX_PAGE_SIDE:
        raise ReadError(
            f"page {number} is {x1 - x0:g} x {y1 - y0:g} units, over the {MAX_PAGE_SIDE} per "
            "side that the PDF standard allows"
        )
    try:
        unit = _user_unit(page)
    except (TypeError, ValueError):
        unit = math.nan
    if not (math.isfinite(unit) and unit > 0):
        raise ReadError(f"page {number} has an invalid /UserUnit ({page.get('/UserUnit')!r})")
    if max(x1 - x0, y1 - y0) * unit > MAX_PAGE_SIDE:
        raise ReadError(
            f"page {number} is {(x1 - x0) * unit:g} x {(y1 - y0) * unit:g} points (/UserUnit "
            f"{unit:g}), over the {MAX_PAGE_SIDE} per side read here"
        )


def _declared_pages(reader: PdfReader) -> int | None:
    """The /Count of the page tree's root, None when it cannot be read."""
    try:
        return int(_resolve(_resolve(reader.trailer["/Root"])["/Pages"])["/Count"])
    except Exception:
        return None


_DELIMITER = rb"\x00\t\n\x0c\r \[\]()<>{}/%"
_NUMBER_END = rb"0-9.+\-"
_TOKEN_START = rb"(?<![^" + _DELIMITER.replace(b"/", b"") + _NUMBER_END + rb"].)"
"""After an operator's first byte: the byte before it (if any) is a delimiter or ends a number.
The patterns below open with the first byte and look back from it, not with a look-behind:
a pattern that opens with a set of bytes lets the regex engine skip to the bytes of that set,
one that opens with a look-behind tries it at every byte of the stream. The same matches in
half the time (docs/robustness.md, twelfth round, branch `revspeed`)."""
_PATH_OPERATOR = re.compile(
    rb"[rmlcvyBSsfFbn]" + _TOKEN_START + rb"(?:(?<=r)e|(?<=B)I|(?<=[fBb])\*?|(?<=[mlcvySsFn]))"
    rb"(?![^" + _DELIMITER + rb"])"
)
"""The operators that make and end paths, also when written straight after a number (`0 0 1
1re`), as pdfminer's lexer splits them: path construction (`_PATH_POINTS`), painting (`S s
f F f* B B* b b*`), `n` (end the path unpainted) and inline images (`BI`)."""
_PATH_POINTS = {b"re": 4, b"m": 1, b"l": 1, b"c": 3, b"v": 2, b"y": 2}
"""The points pdfminer keeps of each path construction operator (ISO 32000-1, table 59; `re`
is a move, three lines and a close). A painted path costs pdfminer by its points: some 15 to
28 µs and 0.5 to 1.2 KB each, the rectangle's the dearest (docs/robustness.md, fifteenth
round, branch `dotted`)."""
POINTS_PER_DRAWING = 4
"""A drawing, as `ReadLimits.max_graphics_per_page` counts it before parsing: a rectangle's
worth of painted points, so that a line segment is a quarter of one and a Bézier curve three
quarters. Chromium paints a round dot of a dotted border as a move and eight curves (six
drawings); counted one per operator, a page of 4 px dotted cell borders (6 000 dots, 54 000
operators) was over a cap meant for 50 000 rectangles, which cost pdfminer twice as much."""
_UNPAINTED = b"n"
"""Ends a path without painting it (ISO 32000-1, table 60): after `W` or `W*` the path only
clips (WeasyPrint prints a dotted border as one clipping path of a round dot per pitch, then
fills a frame through it: 12 000 dots on a page of 1 px dotted cell borders). Neither reader
makes a drawing object of such a path: pdfium keeps it as a clip, pdfminer drops it
(`do_n`); its operators cost what other operators cost, and count among them."""
_PATH_BODY = re.compile(rb"[-+.0-9\x00\t\n\x0c\r recmlvyhW*]*")
"""What lies between a path's first construction operator and its `n`: the bytes of
numbers, white space and the operators that build or clip a path. An `n` after anything
else (a string, a comment, an inline image's data, where the regexes see tokens pdfminer
does not) ends no path here: its path counts as painted, so that a fake `n` cannot hide
drawings."""
_OPERATOR = re.compile(
    rb"[A-Za-z\x27\x22]" + _TOKEN_START + rb"(?:(?<=[A-Za-z])[A-Za-z0-9*]{0,2})?"
    rb"(?![^" + _DELIMITER + rb"])"
)
"""Any operator token: a letter and up to two letters, digits or `*`, or a quote (an upper
bound: short words inside strings count too)."""
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>")
_DO = re.compile(rb"/([^" + _DELIMITER + rb"]+)[\x00\t\n\x0c\r ]*Do(?![^" + _DELIMITER + rb"])")
_MAX_FORM_DEPTH = 12


def _page_work(
    owner: object,
    resources: object,
    done: dict[int, _Work],
    path: tuple[int, ...],
    budget: _Budget,
) -> _Work:
    """Operators, drawings and shown text of a page or form's content, counting a form's
    content once per use."""
    data = _content_bytes(owner, budget)
    work = _count_work(data, budget.limits)
    uses: dict[bytes, int] = {}
    for name in _DO.findall(data):
        uses[name] = uses.get(name, 0) + 1
    if not uses:
        return work
    xobjects = _resolve(_resolve(resources).get("/XObject") if resources is not None else None)
    for name, times in uses.items():
        work.drawings += times  # the Do itself: an image, or a form's box
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
            done[key] = _page_work(
                form, form.get("/Resources", resources), done, (*path, key), budget
            )
        work.add(done[key], times)
    return work


_COUNT_CHUNK = 1 << 18
"""Content is counted a quarter MiB at a time, and counting stops once a cap is passed: a
stream of two million operators is refused after its first chunk."""


def _count_work(data: bytes, limits: ReadLimits) -> _Work:
    """Drawings, operators and shown text in `data`, chunk by chunk (each chunk ends at a
    line break, so that a token is rarely cut), stopping early once over a cap. Drawings are
    inline images and the points of painted paths (`POINTS_PER_DRAWING` to a drawing); the
    points of a path ended by `n`, a clipping path, draw nothing (`_UNPAINTED`)."""
    work = _Work()
    images = painted = pending = 0  # pending: the points of a path not yet painted or ended
    path_start = 0  # where the pending path's first construction operator is
    start = 0
    while start < len(data):
        end = data.find(b"\n", start + _COUNT_CHUNK)
        end = len(data) if end < 0 else end + 1
        chunk = data[start:end]
        for match in _PATH_OPERATOR.finditer(data, start, end):
            operator = match.group()
            if operator in _PATH_POINTS:
                path_start = match.start() if pending == 0 else path_start
                pending += _PATH_POINTS[operator]
            elif operator == b"BI":
                images += 1
            elif pending:
                clips = operator == _UNPAINTED and _PATH_BODY.fullmatch(
                    data, path_start, match.start()
                )
                painted += 0 if clips else pending
                pending = 0
        work.drawings = images + -(-painted // POINTS_PER_DRAWING)
        work.operators += len(_OPERATOR.findall(chunk))
        work.text_bytes += sum(
            len(s) if s[:1] == b"(" else len(s) // 2 for s in _STRING.findall(chunk)
        )
        if (
            work.drawings > limits.max_graphics_per_page
            or work.operators > limits.max_operators_per_page
            or work.text_bytes > limits.max_text_bytes_per_page
        ):
            work.partial = end < len(data)
            break
        start = end
    return work


def _content_bytes(owner: Any, budget: _Budget) -> bytes:
    """Decoded content of a page (its /Contents, one stream or an array) or of a form, each
    part counted against the budget before the next is decoded."""
    if hasattr(owner, "get_data") and not hasattr(owner, "get_contents"):
        parts = [owner]
    else:
        contents = _resolve(owner.get("/Contents"))
        if contents is None:
            return b""
        parts = [
            _resolve(part) for part in (contents if isinstance(contents, list) else [contents])
        ]
    decoded = []
    for part in map(_ascii85_decoded, parts):
        part_data = cast(bytes, part.get_data())
        budget.spend(len(part_data))
        budget.page_cut = budget.page_cut or not _inflates_whole(part)
        decoded.append(part_data)
    return b"\n".join(decoded)


def _ascii85_decoded(stream: Any) -> Any:
    """A stream whose first filter is ASCII85 as a copy with that layer decoded here, once
    and in C passes (`ascii85.a85decode`), whose one filter left, if any, pypdf decodes and
    `_inflates_whole` checks. ReportLab writes every content stream as Flate then ASCII85;
    pypdf's ASCII85 decoding steps through the data a byte at a time in Python, and the check
    decoded it again: the two were most of the pre-check of a ReportLab plan
    (docs/robustness.md, fifteenth round, branch `a85`). The stream as it is, for pypdf to
    decode and name what it finds, when it has /DecodeParms or more than two filters, when its
    data is empty, lacks the end marker (pypdf warns of that) or does not decode."""
    from pypdf.generic import DecodedStreamObject, EncodedStreamObject, NameObject

    if not isinstance(stream, EncodedStreamObject):
        return stream  # not a stream with filters: pypdf names what is wrong with it
    filters = _resolve(stream.get("/Filter"))
    chain = [_resolve(name) for name in (filters if isinstance(filters, list) else [filters])]
    data = getattr(stream, "_data", None)
    if (
        chain[0] != "/ASCII85Decode"
        or len(chain) > 2
        or "/DecodeParms" in stream
        or not isinstance(data, bytes)
        or not data
        or not ends_with_marker(data)
    ):
        return stream
    try:
        inner = a85decode(data)
    except ValueError:
        return stream
    copy = EncodedStreamObject() if len(chain) > 1 else DecodedStreamObject()
    if len(chain) > 1:
        copy[NameObject("/Filter")] = chain[1]
    copy._data = inner  # set_data would encode it again
    return copy


CUT_STREAM_MESSAGE = "a content stream is damaged: it decompresses only in part, text is lost"


def _inflates_whole(stream: Any) -> bool:
    """A Flate stream decompresses to its end without error (through the ASCII filters a
    producer may put before it). pypdf's decoder keeps what it can inflate of a damaged stream
    and says nothing, and pdfium does the same: the page then silently loses the text after
    the damage. Other filters are not checked here."""
    filters = _resolve(stream.get("/Filter"))
    data = getattr(stream, "_data", None)
    if filters is None or not isinstance(data, bytes):
        return True
    for name in filters if isinstance(filters, list) else [filters]:
        name = str(_resolve(name))
        if name in ("/FlateDecode", "/Fl"):
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(data)
            except zlib.error:
                return False
            if not inflater.eof:
                return False
        elif name in _TEXT_FILTERS:
            try:
                data = _TEXT_FILTERS[name](data)
            except Exception:  # pypdf decoded it already: this copy only serves the check
                return True
        else:
            return True
    return True


def _ascii_hex(data: bytes) -> bytes:
    from pypdf.filters import ASCIIHexDecode

    return ASCIIHexDecode.decode(data)


_TEXT_FILTERS = {
    "/ASCII85Decode": a85decode,
    "/A85": a85decode,
    "/ASCIIHexDecode": _ascii_hex,
    "/AHx": _ascii_hex,
}
"""The filters that may come before /FlateDecode in a content stream's chain, each with its
decoder: pypdf's for ASCIIHex, for ASCII85 `ascii85.a85decode` (the same bytes and the same
failures as pypdf's). An ASCII85 stream `_ascii85_decoded` decodes reaches the check with
that layer decoded already."""


_FONT_STREAMS = ("/FontFile", "/FontFile2", "/FontFile3", "/ToUnicode")


def _decode_font_streams(
    resources: Any,
    budget: _Budget,
    log: ProblemLog,
    done: set[int | None],
    checked: set[int | None],
) -> None:
    """Decode every font program and ToUnicode map the page's fonts use (pdfminer reads text
    through them: a damaged one silently loses or garbles letters). A stream that fails is a
    problem of the page; each stream is decoded once per page (`done`), its bytes counted
    against the page's budget. A stream that decodes but does not inflate whole
    (`_inflates_whole`: pypdf keeps what inflates of a damaged Flate stream and says nothing)
    is a problem of the first page that uses it, once per file (`checked`: the streams of the
    file's earlier pages): the same font on every page is one damage. It is logged last
    (`ProblemLog.add_last`): the log keeps a few problems of a kind per page, and a damaged
    font, which may change no word, must not leave out a problem that names lost text."""
    from pypdf.errors import LimitReachedError

    for font in _font_streams(resources, log):
        ident = getattr(font.ref, "idnum", None)
        if ident in done:
            continue
        done.add(ident)
        try:
            stream = _resolve(font.ref)
            budget.spend(len(stream.get_data()))
        except (ReadError, LimitReachedError):
            raise
        except Exception as exc:
            log.add(
                "stream_damaged", f"{font.label} cannot be decoded ({_describe(exc)})", log.page
            )
            continue
        if ident not in checked:
            checked.add(ident)
            if not _inflates_whole(stream):
                log.add_last("stream_damaged", f"{font.label} {CUT_FONT_MESSAGE}", log.page)


class _FontStream(NamedTuple):
    """A font program or ToUnicode map of a font a page uses."""

    font: str
    """The font's name in the page's resources."""
    key: str
    """Its key in the font or descriptor (`_FONT_STREAMS`)."""
    ref: Any
    """The stream, or the reference to it."""

    @property
    def label(self) -> str:
        return f"the {self.key[1:]} of font {self.font}"


def _font_streams(resources: Any, log: ProblemLog) -> Iterator[_FontStream]:
    """The font programs and ToUnicode maps of the fonts in `resources`; a font that is
    missing is a problem of the page."""
    resources = _resolve(resources)
    fonts = _resolve(resources.get("/Font")) if resources is not None else None
    for name, ref in (fonts or {}).items():
        font = _resolve(ref)
        if font is None:
            log.add("object_missing", f"font {name} is missing", log.page)
            continue
        descendants = [_resolve(d) for d in _resolve(font.get("/DescendantFonts")) or []]
        holders = [font, *descendants]
        holders += [_resolve(h.get("/FontDescriptor")) for h in list(holders)]
        for holder in holders:
            for key in _FONT_STREAMS:
                stream_ref = holder.get(key) if holder is not None else None
                if stream_ref is not None:
                    yield _FontStream(name, key, stream_ref)


CUT_FONT_MESSAGE = "decompresses only in part: the text read through it may be wrong"
"""What a font program or ToUnicode map that does not inflate whole is reported with, after
the stream's name (a damaged font garbles or drops letters, or changes none)."""


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
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

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
    """Upright chars and the ruling of one page (chars of no size are left out by
    `_sized`, for both readers)."""
    chars, graphics = _page_objects(page)
    if len(graphics) > limits.max_graphics_per_page:
        raise ReadError(
            f"page {page.page_number} has {len(graphics)} drawing objects, over the limit of "
            f"{limits.max_graphics_per_page} (--max-graphics)"
        )
    chars = [c for c in chars if c["upright"]]
    width, height = float(page.width), float(page.height)
    return RawPage(width, height, chars, page_rules(graphics, width, height))


@dataclass(frozen=True)
class _ReadPage:
    """A page as the reader keeps it once read: its chars grouped into word drafts and
    counted, the chars themselves dropped at once. Held as dicts until every page was read,
    they were most of the memory of a long file (about 0.7 MiB a page of a plan, where its
    words take a tenth of that); the words are made when every page is in (`_word`: whether
    the producer writes spaces is a fact of the whole file)."""

    width: float
    height: float
    words: list[_WordDraft]
    rules: PageRules
    chars: int
    """Chars of the page with a size (`_has_size`)."""
    spaces: int
    """Of those, the blank ones."""
    unsized: int
    """Chars of no size (a font size of 0, or coordinates that are not numbers): invisible
    on paper, they would break every size-relative measure, so they are left out and
    reported, since a producer does not write them."""

    def __reduce__(self) -> tuple[Callable[..., _ReadPage], tuple[Any, ...]]:
        """Pickled with its drafts as columns of plain values. A page is pickled once or
        twice on its way to the process that makes its words (a page reader, the reading
        helper, the extract command's worker), and a named tuple is pickled and unpickled
        through Python code, about 1 µs a draft each way; columns are pickled in C (the 2023
        plan's 4 044 drafts: 4.6 ms dumped and 2.9 ms loaded as named tuples, 0.8 and 2.1 ms
        as columns, the drafts made again included)."""
        columns = tuple(zip(*self.words, strict=True))
        state = (
            self.width,
            self.height,
            columns,
            self.rules,
            self.chars,
            self.spaces,
            self.unsized,
        )
        return _page_of_columns, state


def _page_of_columns(
    width: float,
    height: float,
    columns: tuple[tuple[Any, ...], ...],
    rules: PageRules,
    chars: int,
    spaces: int,
    unsized: int,
) -> _ReadPage:
    """A page unpickled (`_ReadPage.__reduce__`): its drafts made again from their columns."""
    drafts = list(map(_DRAFT_OF_VALUES, zip(*columns, strict=True)))
    return _ReadPage(width, height, drafts, rules, chars, spaces, unsized)


def _digest(raw: RawPage) -> _ReadPage:
    """What the reader keeps of a page just read (`_ReadPage`); both backends call it on each
    page as soon as it is read."""
    sized = [c for c in raw.chars if _has_size(c)]
    spaces = sum(1 for c in sized if c["text"].isspace())
    return _ReadPage(
        raw.width,
        raw.height,
        _word_drafts([c for c in sized if _on_page(c, raw.width, raw.height)]),
        raw.rules,
        len(sized),
        spaces,
        len(raw.chars) - len(sized),
    )


def _on_page(char: Char, width: float, height: float) -> bool:
    """Some of the char's box lies on the page: a glyph wholly off the page prints nowhere.
    A spreadsheet prints a merged cell that a page break cuts by drawing its whole text on
    each page the cell reaches, clipped to the part there (LibreOffice Calc): the lines that
    belong to the other page stand above the page's top or below its foot, off the paper,
    and read as text they doubled the cell's words or made rows of their own. Not reported:
    a producer does this as a matter of course, and nothing printed is left out."""
    top: float = char["top"]
    bottom: float = char["bottom"]
    x0: float = char["x0"]
    x1: float = char["x1"]
    return bottom > 0 and top < height and x1 > 0 and x0 < width


def _unsized_message(count: int) -> str:
    return f"{count} characters of no size (font size 0) were left out"


def _has_size(char: Char) -> bool:
    """A size above 0 and a finite box (one test per value, no generator: this runs once per
    char of the file)."""
    isfinite = math.isfinite
    return (
        char["size"] > 0
        and isfinite(char["size"])
        and isfinite(char["x0"])
        and isfinite(char["x1"])
        and isfinite(char["top"])
        and isfinite(char["bottom"])
    )


def _page_objects(page: pdfplumber.page.Page) -> tuple[list[Char], list[dict[str, Any]]]:
    """The page's chars with only the keys the reader uses, and its lines, rects and curves as
    pdfplumber gives them, from one pdfminer layout. pdfplumber's generic conversion of each
    char (25 attributes, colours resolved) is a third of the reading time and most of its
    memory, and only 8 of them are read here.

    Coordinates are measured from the page box's own top-left corner, as the page width and
    height are: a MediaBox whose origin is not (0, 0) (legal, `[100 100 712 892]`) reads as the
    same page drawn at the origin. pdfplumber shifts its drawings by the box's origin instead,
    so their points and bounds are shifted back (chars are read from pdfminer, unshifted)."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve
    from pdfplumber.page import fix_fontname_bytes

    chars: list[Char] = []
    graphics: list[dict[str, Any]] = []
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)

    def graphic(obj: LTCurve) -> dict[str, Any]:
        found = page.process_object(obj)
        if mb_x0 or mb_top:  # its points and its bounds, which `rules.page_rules` both reads
            found["pts"] = [(x - mb_x0, y - mb_top) for x, y in found["pts"]]
            for key, shift in (("x0", mb_x0), ("x1", mb_x0), ("top", mb_top), ("bottom", mb_top)):
                found[key] -= shift
        return found

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
                        "x0": obj.x0,
                        "x1": obj.x1,
                        "top": height - obj.y1,
                        "bottom": height - obj.y0,
                    }
                )
            elif isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTCurve):  # lines and rects are curves too
                graphics.append(graphic(obj))

    walk(page.layout._objs)
    return chars, graphics


GLYPH_SAME_LINE_EM = 0.5
"""Chars whose tops differ by less than this share of the font size are on one line."""
GLYPH_GAP_EM = 0.2
"""A gap up to this share of the font size (kerning, tracking) still joins two glyphs of one
word; wider without a space written, the stream has jumped elsewhere."""

GLYPH_OVERLAP_EM = 0.5
"""A glyph may start up to this share of the font size left of the previous one's right edge
and still follow it in one word (kerned pairs, overlapping fake-bold copies); further back,
the stream has gone back to another place on the line."""


def _line_ends(words: list[Word]) -> list[int]:
    """Indices of words after which the stream leaves the line it prints: to another line,
    back to the left, or on along the same baseline past a gap no space was written for (the
    next cell of a table row, printed as a text object of its own)."""
    return [
        i
        for i, (word, following) in enumerate(zip(words, words[1:], strict=False))
        if abs(following.top - word.top) > GLYPH_SAME_LINE_EM * word.size
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


SPACE_CHAR_SHARE = 0.02
"""A producer writes spaces as chars when more than this share of a file's chars are spaces.
Prose has a space for about every six chars (some 15 %); a producer that positions every
word instead writes none, or only a stray few (a space inside a title string), far below 2 %."""


def _writes_spaces(pages: list[_ReadPage]) -> bool:
    """Whether the file's producer writes its spaces as chars (`SPACE_CHAR_SHARE`): only then
    does a missing space char say something about a line end."""
    total = sum(page.chars for page in pages)
    spaces = sum(page.spaces for page in pages)
    return total > 0 and spaces / total > SPACE_CHAR_SHARE


class _Glyph(NamedTuple):
    """A char as the word builder keeps it while its word grows: read from the char's dict
    once, and a tuple, so that a finished word's box is one transpose (`zip(*glyphs)`)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    fontname: str


class _WordDraft(NamedTuple):
    """A word as `_word_drafts` measures it on its page; `_word` makes it a `Word` once the
    whole file is read. `space_after`: a space char follows (True), another word or a jump
    follows (False), the page ends (None)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    space_after: bool | None


_DRAFT_OF_VALUES: Callable[[Iterable[Any]], _WordDraft] = partial(tuple.__new__, _WordDraft)
"""A draft of its values in field order, made in C (`_WordDraft._make` runs Python code)."""


def _word(draft: _WordDraft, page: int, writes_spaces: bool) -> Word:
    """The word of a draft; whether a space follows it is known only where the producer
    writes spaces as chars (`writes_spaces`), None elsewhere."""
    return Word(
        text=draft.text,
        x0=draft.x0,
        top=draft.top,
        x1=draft.x1,
        bottom=draft.bottom,
        page=page,
        size=draft.size,
        bold=draft.bold,
        space_after=draft.space_after if writes_spaces else None,
    )


def _word_drafts(chars: list[Char]) -> list[_WordDraft]:
    """Group chars (in stream order) into words; a word ends at a space or a jump in position.
    The loop runs once per char of the file (some 40 000 on a plan), so it reads each char's
    keys once (into a `_Glyph`) and measures a word's box in one pass when the word ends."""
    words: list[_WordDraft] = []
    current: list[_Glyph] = []

    def flush(space_after: bool | None) -> None:
        if not current:
            return
        texts, x0s, tops, x1s, bottoms, sizes, fonts = zip(*current, strict=True)
        words.append(
            _WordDraft(
                "".join(texts),
                min(x0s),
                min(tops),
                max(x1s),
                max(bottoms),
                max(sizes),
                any("bold" in f.lower() for f in set(fonts)),
                space_after,
            )
        )
        current.clear()

    # the previous glyph's top, right edge and size (at least 1) as locals: read for every char
    prev_top = prev_x1 = prev_size = 0.0
    for char in chars:
        text = char["text"]
        if text in _LIGATURES:  # "ﬁ" is two letters to every reader of the data
            text = unicodedata.normalize("NFKC", text)
        if not text or text.isspace():
            flush(True)
            continue
        glyph = _Glyph(
            text,
            char["x0"],
            char["top"],
            char["x1"],
            char["bottom"],
            char["size"],
            char.get("fontname", ""),
        )
        if text >= _FIRST_BULLET and _is_bullet(text):  # a bullet is a word, whatever the spacing
            flush(False)
            current.append(glyph)
            flush(True)
            continue
        if current:
            same_line = abs(glyph.top - prev_top) < GLYPH_SAME_LINE_EM * prev_size
            adjacent = -GLYPH_OVERLAP_EM * prev_size < glyph.x0 - prev_x1 < GLYPH_GAP_EM * prev_size
            if not (same_line and adjacent):
                flush(False)
        current.append(glyph)
        prev_top, prev_x1 = glyph.top, glyph.x1
        prev_size = 1.0 if glyph.size < 1.0 else glyph.size  # max(size, 1.0), without the call
    flush(None)  # the page's last word: whether a space follows is unknown
    return words


def _words(chars: list[Char], page: int, writes_spaces: bool) -> list[Word]:
    """The words of one page's chars (`_word_drafts`, then `_word`)."""
    return [_word(draft, page, writes_spaces) for draft in _word_drafts(chars)]


_LIGATURES = frozenset("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
_FIRST_BULLET = "\u2022"
"""The lowest code point `_is_bullet` accepts (•): every char below it is not a bullet."""


def _is_bullet(text: str) -> bool:
    """Bullets, check marks, geometric shapes, dingbats and symbol-font glyphs; signs that
    belong to text ("≥", "°" of "N°") are not."""
    if len(text) != 1 or text < _FIRST_BULLET:  # letters, digits, punctuation: at once
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


MAX_FORM_FIELDS = 10_000
"""Form fields walked in search of signatures (through /Kids); a real form has dozens."""


def _signature_reader(data: bytes, password: str | None, log: ProblemLog) -> PdfReader | None:
    """pypdf's reader of the file for its signature fields and trailer; None, with a problem,
    when it cannot open the file."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt(password or "")
    except Exception as exc:
        _raise_exhaustion(exc)
        log.add("signature_unreadable", f"signature fields cannot be read ({_describe(exc)})")
        return None
    return reader


def _identifier_changed(reader: PdfReader | None) -> bool:
    """The two parts of the trailer's /ID differ: the file was changed after it was first
    written (ISO 32000-1 §14.4). False when there is no /ID or it cannot be read."""
    try:
        ids = _resolve(reader.trailer.get("/ID")) if reader is not None else None
        if not isinstance(ids, list) or len(ids) != 2:
            return False
        first, second = (getattr(_resolve(v), "original_bytes", None) for v in ids)
    except Exception as exc:
        _raise_exhaustion(exc)
        return False
    return first is not None and second is not None and first != second


def _signature_fields(reader: PdfReader, data: bytes, log: ProblemLog) -> list[SignatureField]:
    """Every /Sig field with a value, each read on its own: a field that cannot be read, or
    whose /ByteRange no longer matches the file (cut, or changed after signing), is a problem
    naming it, never a silent loss of the others. The signature value is read raw from the
    file's bytes at its /ByteRange, where the standard leaves it unencrypted. A signature
    field without a value is a problem too: the file was prepared for a signature that it
    does not carry (never signed, or an earlier revision cut from the signed file)."""
    pages = _widget_pages(reader, log)
    fields: list[SignatureField] = []
    ranges: list[tuple[str, SignedRange]] = []
    for ref, annot in _sig_fields(reader, pages, log):
        number, page, _ = pages.get(getattr(ref, "idnum", -1), (None, None, None))
        name = _field_name(annot)
        try:
            value = _resolve(annot["/V"])
            byte_range = value.get("/ByteRange")
            checked = signed_range(byte_range, data) if byte_range is not None else None
            candidates = [
                checked.contents if checked else None,
                _raw_contents(data, reader, annot.raw_get("/V")) if reader.is_encrypted else None,
                value.get("/Contents"),  # decrypted: right when the producer encrypted it
            ]
            signer = next(filter(None, map(certificate_signer, candidates)), None) or _text(
                value.get("/Name")
            )
            when = _text(value.get("/M"))
            signed_at = pdf_date_to_iso(when) if when else None
            if when and signed_at is None:
                log.add("signature_date", f"signature {name}: /M {when!r} is not a date", number)
            rect = annot.get("/Rect")
            top = None
            if rect and page is not None:
                top = float(page.mediabox.top) - float(max(_resolve(rect[1]), _resolve(rect[3])))
        except Exception as exc:
            _raise_exhaustion(exc)
            log.add("signature_unreadable", f"signature {name} cannot be read ({_describe(exc)})")
            continue
        fields.append(SignatureField(signer, signed_at, number, top))
        if checked is not None:
            ranges.append((name, checked))
    _check_signed_ranges(ranges, len(data), log)
    return fields


_RAW_CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f\s]*)>")


def _raw_contents(data: bytes, reader: PdfReader, ref: object) -> bytes | None:
    """The signature value as written in the file: in an encrypted file the standard leaves
    it unencrypted, and pypdf would decrypt it into noise."""
    offset = reader.xref.get(getattr(ref, "generation", 0), {}).get(getattr(ref, "idnum", -1))
    if not isinstance(offset, int):
        return None
    end = data.find(b"endobj", offset)
    match = _RAW_CONTENTS.search(data, offset, end if end > 0 else len(data))
    if match is None:
        return None
    try:
        return bytes.fromhex(match.group(1).decode("ascii"))
    except ValueError:
        return None


def _check_signed_ranges(ranges: list[tuple[str, SignedRange]], size: int, log: ProblemLog) -> None:
    """Each signature's own damage, and bytes after the last signed byte that no signature
    covers: the file was changed after it was last signed."""
    for name, checked in ranges:
        if checked.problem:
            log.add("signature_coverage", f"signature {name}: {checked.problem}")
    covered = max((checked.end for _, checked in ranges), default=None)
    if covered is not None and covered < size:
        log.add(
            "signature_coverage",
            f"{size - covered} bytes after the last signature's coverage: the file was changed "
            "after it was signed",
        )


WidgetPage = tuple[int | None, Any, Any]
"""Where a widget annotation sits: page number, page, and the annotation's reference."""


def _widget_pages(reader: PdfReader, log: ProblemLog) -> dict[int, WidgetPage]:
    """Annotation object number → (page number, page, reference), page by page; a page whose /Annots
    cannot be read is a problem and the others are still read."""
    found: dict[int, WidgetPage] = {}
    try:
        pages = list(reader.pages)
    except Exception as exc:
        _raise_exhaustion(exc)
        log.add("page_tree", f"the page tree cannot be walked for signatures ({_describe(exc)})")
        return found
    for number, page in enumerate(pages, start=1):
        try:
            annots = _resolve(page.get("/Annots"))
            if annots is None:
                continue
            if not isinstance(annots, list):
                raise TypeError(f"/Annots is {type(annots).__name__}, not an array")
            for ref in annots:
                if hasattr(ref, "idnum"):
                    found[ref.idnum] = (number, page, ref)
        except Exception as exc:
            _raise_exhaustion(exc)
            log.add("annotations", f"annotations cannot be read ({_describe(exc)})", number)
    return found


def _sig_fields(
    reader: PdfReader, pages: dict[int, WidgetPage], log: ProblemLog
) -> Iterator[tuple[Any, Any]]:
    """(reference, field) of each signed /Sig field: the form's fields through /Kids, then any
    widget on a page that the form does not list."""
    seen: set[int] = set()
    pending: list[Any] = []
    try:
        acroform = _resolve(_resolve(reader.trailer["/Root"]).get("/AcroForm"))
        pending = list(_resolve(acroform.get("/Fields")) or []) if acroform else []
    except Exception as exc:
        _raise_exhaustion(exc)
        log.add("signature_unreadable", f"the form's fields cannot be read ({_describe(exc)})")
    pending += [ref for _, _, ref in pages.values()]
    while pending and len(seen) < MAX_FORM_FIELDS:
        ref = pending.pop(0)
        ident = getattr(ref, "idnum", None)
        if ident is not None:
            if ident in seen:
                continue
            seen.add(ident)
        try:
            node = _resolve(ref)
            if not hasattr(node, "get"):
                continue
            pending.extend(_resolve(node.get("/Kids")) or [])
            if _inherited(node, "/FT") != "/Sig":
                continue
            if "/V" in node:
                yield ref, node
            elif "/Kids" not in node and _inherited(node, "/V") is None:
                number = pages.get(ident if ident is not None else -1, (None, None, None))[0]
                log.add(
                    "signature_unsigned",
                    f"signature field {_field_name(node)} has no value: the file was prepared "
                    "for a signature it does not carry (never signed, or an earlier revision "
                    "cut from a signed file)",
                    number,
                )
        except Exception as exc:
            _raise_exhaustion(exc)
            log.add("signature_unreadable", f"form field {ident} cannot be read ({_describe(exc)})")


def _inherited(node: Any, key: str) -> object:
    """A field's entry (/FT, /V), inherited from its parent fields as the standard allows."""
    for _ in range(_MAX_FORM_DEPTH):
        if node is None:
            return None
        if key in node:
            return node[key]
        node = _resolve(node.get("/Parent"))
    return None


def _field_name(annot: Any) -> str:
    name = annot.get("/T")
    return repr(str(name)) if name is not None else "(unnamed)"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


__all__ = [
    "PageContent",
    "PdfContent",
    "ReadError",
    "ReadLimits",
    "ReadProblem",
    "SignatureField",
    "Word",
    "pdf_date_to_iso",
    "read_pdf",
]
