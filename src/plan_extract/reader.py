"""Stage 1 — read the PDF: words with positions, ruling edges, and signature fields.

Words are built from pdfplumber's chars in content-stream order so that we keep one fact that
layout analysis loses: whether the producer wrote a space after a word. A line that ends without
a space was broken inside a word ("requerimient" / "os", "E-" / "Mentores"), which is how the
record stage decides to re-join it without inventing a space.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pdfplumber
from pypdf import PdfReader


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
class Edge:
    """A ruling segment: a stroked line or one side of a rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class SignatureField:
    """A /Sig form field: who signed (certificate CN or /Name) and when (/M)."""

    signer: str | None
    signed_at: str | None
    page: int | None


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    words: list[Word]
    edges: list[Edge]


@dataclass
class PdfContent:
    path: Path
    pages: list[PageContent]
    signature_fields: list[SignatureField] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadLimits:
    """Resource caps so that a hostile file fails fast instead of exhausting the machine."""

    max_pages: int = 500
    max_graphics_per_page: int = 50_000


def read_pdf(
    path: str | Path, password: str | None = None, limits: ReadLimits | None = None
) -> PdfContent:
    path = Path(path)
    limits = limits or ReadLimits()
    _check_header(path)
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise ReadError(_open_error_message(exc)) from exc
    with pdf:
        if len(pdf.pages) > limits.max_pages:
            raise ReadError(
                f"{len(pdf.pages)} pages, over the limit of {limits.max_pages} (--max-pages)"
            )
        try:
            raw_pages = [_page_chars_and_edges(page, limits) for page in pdf.pages]
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"corrupt PDF content: {exc}") from exc
        metadata = {
            k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str | bytes)
        }
    writes_spaces = _writes_spaces(raw_pages)
    pages = [
        PageContent(number, width, height, _words(chars, number, writes_spaces), edges)
        for number, (width, height, chars, edges) in enumerate(raw_pages, start=1)
    ]
    return PdfContent(path, pages, _signature_fields(path, password), metadata)


def _check_header(path: Path) -> None:
    if not path.exists():
        raise ReadError("no such file")
    if path.stat().st_size == 0:
        raise ReadError("empty file")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise ReadError("not a PDF (no %PDF- header)")


def _open_error_message(exc: Exception) -> str:
    name = type(exc).__name__
    if "Password" in name or "password" in str(exc).lower():
        return "encrypted PDF: give the password with --password"
    return (
        f"corrupt or truncated PDF ({name}: {exc})"
        if str(exc)
        else f"corrupt or truncated PDF ({name})"
    )


def _page_chars_and_edges(page: pdfplumber.page.Page, limits: ReadLimits):
    graphics = len(page.objects.get("line", [])) + len(page.objects.get("rect", []))
    graphics += len(page.objects.get("curve", []))
    if graphics > limits.max_graphics_per_page:
        raise ReadError(
            f"page {page.page_number} has {graphics} drawing objects, over the limit of "
            f"{limits.max_graphics_per_page} (--max-graphics)"
        )
    page_area = float(page.width) * float(page.height)
    edges = []
    for edge in page.edges:
        # Filled cell backgrounds count: their sides bound header cells in rule-less layouts.
        if _is_page_background(edge, page_area):
            continue
        edges.append(
            Edge(float(edge["x0"]), float(edge["top"]), float(edge["x1"]), float(edge["bottom"]))
        )
    chars = [c for c in page.chars if c.get("upright", True)]
    return float(page.width), float(page.height), chars, _merge_collinear(_dedupe(edges))


def _is_page_background(edge: dict, page_area: float) -> bool:
    return edge.get("object_type") == "rect" and _area(edge) > 0.9 * page_area


def _area(edge: dict) -> float:
    # pdfplumber gives a rect's edges the rect's own size only through 'pts'; re-derive it.
    xs = [x for x, _ in edge.get("pts", [])]
    ys = [y for _, y in edge.get("pts", [])]
    return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs and ys else 0.0


def _dedupe(edges: list[Edge]) -> list[Edge]:
    seen: set[tuple[int, int, int, int]] = set()
    unique = []
    for edge in edges:
        key = (round(edge.x0), round(edge.top), round(edge.x1), round(edge.bottom))
        if key not in seen:
            seen.add(key)
            unique.append(edge)
    return unique


def _merge_collinear(edges: list[Edge], gap: float = 2.0) -> list[Edge]:
    """Join segments that continue each other on one line: cell borders drawn cell by cell
    are one rule across the table."""
    merged: list[Edge] = []
    for horizontal in (True, False):
        lines: dict[int, list[Edge]] = {}
        for edge in (e for e in edges if e.horizontal == horizontal):
            lines.setdefault(round(edge.y if horizontal else edge.x), []).append(edge)
        for group in lines.values():
            group.sort(key=lambda e: e.x0 if horizontal else e.top)
            current = group[0]
            for edge in group[1:]:
                start, end = (edge.x0, current.x1) if horizontal else (edge.top, current.bottom)
                if start <= end + gap:
                    current = Edge(
                        min(current.x0, edge.x0),
                        min(current.top, edge.top),
                        max(current.x1, edge.x1),
                        max(current.bottom, edge.bottom),
                    )
                else:
                    merged.append(current)
                    current = edge
            merged.append(current)
    return merged


def _writes_spaces(raw_pages) -> bool:
    total = spaces = 0
    for _, _, chars, _ in raw_pages:
        total += len(chars)
        spaces += sum(1 for c in chars if c["text"].isspace())
    return total > 0 and spaces / total > 0.02


def _words(chars: list[dict], page: int, writes_spaces: bool) -> list[Word]:
    """Group chars (in stream order) into words; a word ends at a space or a jump in position."""
    words: list[Word] = []
    current: list[dict] = []

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
            same_line = abs(char["top"] - prev["top"]) < 0.5 * size
            adjacent = -0.5 * size < char["x0"] - prev["x1"] < 0.2 * size
            if not (same_line and adjacent):
                flush(False)
        current.append(char)
    flush(None)  # the page's last word: whether a space follows is unknown
    return words


_LIGATURES = frozenset("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")


def _is_bullet(text: str) -> bool:
    return len(text) == 1 and unicodedata.category(text) in ("So", "Sm") and text not in "+<=>|~%"


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
        page_of = {
            page.indirect_reference.idnum: number
            for number, page in enumerate(reader.pages, start=1)
            if page.indirect_reference
        }
        fields = []
        for number, page in enumerate(reader.pages, start=1):
            for annot_ref in page.get("/Annots") or []:
                annot = annot_ref.get_object()
                if annot.get("/FT") != "/Sig" or "/V" not in annot:
                    continue
                value = annot["/V"].get_object()
                signer = _certificate_signer(value.get("/Contents")) or _text(value.get("/Name"))
                when = _text(value.get("/M"))
                fields.append(
                    SignatureField(
                        signer,
                        pdf_date_to_iso(when) if when else None,
                        page_of.get(page.indirect_reference.idnum, number)
                        if page.indirect_reference
                        else number,
                    )
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
