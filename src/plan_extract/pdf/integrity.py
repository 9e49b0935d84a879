"""Evidence that a PDF was damaged, gathered while it is read: what the libraries repaired or
lost (their warnings, objects pdfminer could not find, a cross-reference table it rebuilt),
what the file declares against what was read (page count, signature coverage), and checks of
its raw structure that the parsers would otherwise loop or recurse on.

pdfminer recovers from most damage silently (a stream that does not decompress becomes empty,
an object that cannot be parsed becomes null, a broken xref is rebuilt by scanning), which is
how a flipped byte turned into a plan with fewer activities and no word of warning. Each repair
seen here becomes a `ReadProblem` with its page, and the review makes the plan `needs_review`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

MAX_PROBLEMS = 40
"""Problems kept per file: a badly damaged file repeats the same repair on every page, and a
reader needs the first few and a count, not thousands of lines."""

MAX_PROBLEMS_PER_KIND = 3
"""Problems kept per code and page: garbage in one stream makes pdfminer log dozens of
different complaints, which must not crowd out the file's other problems."""

LIBRARY_LOGGERS = ("pdfminer", "pypdf", "pdfplumber")
"""Loggers whose warnings are repairs or losses (pdfminer logs an undefined font, a missing
MediaBox or data lost while decompressing at WARNING; pypdf a broken xref or stream)."""

MAX_REVISIONS = 1000
"""Incremental updates followed through /Prev; a real document has a handful (one per
signature or edit). pdfminer reads the chain recursively and exhausts Python's stack at about
1,500, so more are refused with their count rather than as a 'deep recursion'."""

MAX_REFERENCE_CHAIN = 32
"""An object whose whole body is a reference to another: pdfminer follows such chains without
a cycle check (a loop hangs it), and no producer writes more than one or two."""


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
class ProblemLog:
    """Collects problems, deduplicated and capped; `page` is the page being read, so that a
    library warning logged while reading it is attributed to it."""

    problems: list[ReadProblem] = field(default_factory=list)
    page: int | None = None
    more: int = 0
    _seen: set[tuple[str, str, int | None]] = field(default_factory=set)
    _held: list[tuple[str, str, int | None]] | None = None
    _last: list[tuple[str, str, int | None]] = field(default_factory=list)

    def add(self, code: str, message: str, page: int | None = None) -> None:
        if self._held is not None:
            self._held.append((code, message, page))
            return
        message = " ".join(message.split())
        key = (code, message, page)
        if key in self._seen:
            return
        self._seen.add(key)
        same_kind = sum(1 for p in self.problems if (p.code, p.page) == (code, page))
        if len(self.problems) >= MAX_PROBLEMS or same_kind >= MAX_PROBLEMS_PER_KIND:
            self.more += 1
            return
        self.problems.append(ReadProblem(code, message, page))

    def add_last(self, code: str, message: str, page: int | None = None) -> None:
        """A problem that takes its place in the log after every other problem of the read
        (`finished`), so that the caps never leave another one out for it: evidence of damage
        that may have changed no word (a font program that does not inflate whole)."""
        self._last.append((code, message, page))

    def finished(self) -> list[ReadProblem]:
        last, self._last = self._last, []
        for code, message, page in last:
            self.add(code, message, page)
        if self.more:
            return [*self.problems, ReadProblem("more", f"{self.more} more problems not listed")]
        return list(self.problems)

    @contextlib.contextmanager
    def holding(self) -> Iterator[list[tuple[str, str, int | None]]]:
        """Problems added meanwhile (library warnings among them) are kept back, in order, in
        the list it yields, to be added by `release` where they belong in the log's order: a
        part of the reading done early, while the process waits for its page readers."""
        held: list[tuple[str, str, int | None]] = []
        previous, self._held = self._held, held
        try:
            yield held
        finally:
            self._held = previous

    def release(self, held: list[tuple[str, str, int | None]]) -> None:
        """Add the problems `holding` kept back, as if they were added now."""
        for code, message, page in held:
            self.add(code, message, page)

    @contextlib.contextmanager
    def on_page(self, number: int | None) -> Iterator[None]:
        previous, self.page = self.page, number
        try:
            yield
        finally:
            self.page = previous

    @contextlib.contextmanager
    def capturing(self) -> Iterator[None]:
        """Route the PDF libraries' warnings (logged or `warnings.warn`) here while reading;
        they do not reach the terminal."""
        handler = _Collect(self)
        saved = []
        for name in LIBRARY_LOGGERS:
            logger = logging.getLogger(name)
            saved.append((logger, logger.level, logger.propagate))
            logger.addHandler(handler)
            logger.setLevel(logging.WARNING)
            logger.propagate = False
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = self._show_warning
            try:
                yield
            finally:
                for logger, level, propagate in saved:
                    logger.removeHandler(handler)
                    logger.setLevel(level)
                    logger.propagate = propagate

    def _show_warning(
        self,
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        del lineno, file, line  # where the library warned is not the reader's concern
        module = filename.replace("\\", "/")
        if any(f"/{name}/" in module for name in LIBRARY_LOGGERS):
            self.add(_code(str(message)), f"{category.__name__}: {message}", self.page)


class _Collect(logging.Handler):
    def __init__(self, log: ProblemLog) -> None:
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a library's malformed log call must not break the read
            text = str(record.msg)
        library = record.name.split(".")[0]
        self.log.add(_code(text), f"{library}: {text}", self.log.page)


_CODES = (
    ("decompress", "stream_damaged"),
    ("xref", "xref_repaired"),
    ("startxref", "xref_repaired"),
    ("trailer", "xref_repaired"),
    ("mediabox", "page_box"),
    ("font", "font"),
)


def _code(message: str) -> str:
    lowered = message.lower()
    return next((code for word, code in _CODES if word in lowered), "library_warning")


# --- the raw structure ---------------------------------------------------------------------

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_PREV = re.compile(rb"/Prev\s+(\d+)")
_TRAILER_END = re.compile(rb"startxref|endobj")


def xref_chain(data: bytes) -> list[int]:
    """Offsets of the cross-reference sections from the last `startxref` back through /Prev;
    raises ValueError when the chain loops or is longer than MAX_REVISIONS."""
    ends = list(_STARTXREF.finditer(data))
    if not ends:
        return []
    offset = int(ends[-1].group(1))
    chain: list[int] = []
    while True:
        if offset in chain:
            raise ValueError(
                f"the cross-reference chain loops: /Prev {offset} points back to a section "
                f"already read ({len(chain)} sections in the loop)"
            )
        chain.append(offset)
        if len(chain) > MAX_REVISIONS:
            raise ValueError(
                f"over {MAX_REVISIONS} incremental updates (/Prev chain); refused rather than "
                "read to the end"
            )
        if not 0 <= offset < len(data):
            return chain
        end = _TRAILER_END.search(data, offset)
        previous = _PREV.search(data, offset, end.start() if end else len(data))
        if previous is None:
            return chain
        offset = int(previous.group(1))


_UPDATE_SYNTAX = re.compile(rb"(?<![0-9])\d+\s+\d+\s+obj\b|\bxref\b|\btrailer\b|\bstartxref\b")


def cut_update(data: bytes) -> str | None:
    """A description of an incremental update cut off after the last `%%EOF`, or None.

    An update is appended whole (objects, xref, trailer, `%%EOF`); objects or xref keywords
    after the last marker are the start of one that did not reach its end. The parsers read
    the file as it was before that update (an earlier revision, a signature lost) without a
    word. Whitespace or padding after the marker, which some producers write, is not one."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return None
    tail = data[end + len(b"%%EOF") :]
    if not _UPDATE_SYNTAX.search(tail):
        return None
    return (
        f"{len(tail)} bytes after the last %%EOF begin an incremental update that was cut off "
        "before its end"
    )


@dataclass(frozen=True)
class FileHistory:
    """What the file says of its own history (ISO 32000-1 §7.5.6 and §14.4): its revisions
    (the original and each incremental update), and whether its /ID records a change after the
    file was first written (the standard sets both identifiers to the same value when a file
    is first written, and changes the second at every update)."""

    revisions: int = 1
    identifier_changed: bool = False

    @property
    def modified(self) -> bool:
        """The file was changed after it was first written: updated in place, or rewritten."""
        return self.revisions > 1 or self.identifier_changed


_REFERENCE_BODY = re.compile(rb"obj\s*(\d+)\s+(\d+)\s+R\s*endobj")
"""An object's body that is a reference alone, from its `obj` keyword. It opens with a
literal, which the regex engine finds by a fast scan; the object's number and generation
are read before it (`_OBJECT_NUMBER`) only where it matches. Searched whole, from the
number on, the pattern was tried at every digit of the file: 7 ms of the 2023 plan's
316 KB, against 0.4 ms this way."""
_OBJECT_NUMBER = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+\Z")
"""The number and generation that end right before an object's `obj` keyword."""


def reference_loop(data: bytes) -> str | None:
    """A description of objects whose bodies only refer to one another in a loop or a chain
    longer than MAX_REFERENCE_CHAIN (pdfminer would follow it for ever), or None."""
    target = {}
    after = 0  # where the last body ended: an object's number lies after it
    for body in _REFERENCE_BODY.finditer(data):
        number = _OBJECT_NUMBER.search(data, after, body.start())
        after = body.end()
        if number is not None:
            key = (int(number.group(1)), int(number.group(2)))
            target[key] = (int(body.group(1)), int(body.group(2)))
    for start in target:
        seen = [start]
        current = start
        while current in target:
            current = target[current]
            if current in seen:
                return f"object {start[0]} refers to itself through {len(seen)} references"
            seen.append(current)
            if len(seen) > MAX_REFERENCE_CHAIN:
                return f"object {start[0]} is a chain of over {MAX_REFERENCE_CHAIN} references"
    return None


def nested_object_stream(compressed: dict[int, Any]) -> str | None:
    """A description of an object stream that the cross-reference stream lists as stored in
    an object stream (itself or another), or None. `compressed` maps each compressed object's
    number to (its object stream's number, index), as pypdf reads them. The standard keeps
    streams out of object streams (ISO 32000-1 §7.5.7); pdfminer follows such an entry into
    endless recursion."""
    for number, place in compressed.items():
        container = place[0] if isinstance(place, tuple | list) and place else None
        if container in compressed:
            outer = compressed[container][0]
            inner = "itself" if outer == container else f"object stream {outer}"
            return (
                f"object {number} is stored in object stream {container}, which the "
                f"cross-reference stream lists as stored in {inner}"
            )
    return None


# --- signatures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedRange:
    """What a signature's /ByteRange says it covers, checked against the file's bytes."""

    end: int
    """Where the signed bytes end (offset + length of the second range)."""
    contents: bytes | None
    """The signature value read raw from the gap between the ranges (never decrypted); None
    when the gap does not hold a hex string."""
    problem: str | None
    """Why the file no longer matches what was signed, or None."""


def signed_range(byte_range: Any, data: bytes) -> SignedRange:
    """Check a /ByteRange [a b c d] against the file: it must start at 0, end within the file,
    and frame the hex string of the signature value; then the digest in the signature must be
    that of the bytes it covers."""
    try:
        a, b, c, d = (int(v) for v in byte_range)
    except (TypeError, ValueError):
        return SignedRange(0, None, f"its /ByteRange is not four numbers ({byte_range!r})")
    size = len(data)
    if a != 0 or b <= 0 or c <= b or d < 0:
        return SignedRange(c + d, None, f"its /ByteRange {[a, b, c, d]} is malformed")
    if c + d > size:
        return SignedRange(
            c + d,
            None,
            f"it covers {c + d} bytes but the file has {size}: the file was cut after signing",
        )
    gap = data[b:c]
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        return SignedRange(
            c + d, None, "its /ByteRange no longer frames the signature value: the signed "
            "content was changed or moved"
        )  # fmt: skip
    try:
        contents = bytes.fromhex(gap[1:-1].decode("ascii"))
    except ValueError:
        return SignedRange(c + d, None, "the signature value is not a hex string")
    signed = data[a : a + b] + data[c : c + d]
    return SignedRange(c + d, contents, _digest_problem(contents.rstrip(b"\x00"), signed))


def certificate_signer(contents: object) -> str | None:
    """Common name of the first certificate that has one in a PKCS#7 (CMS) signature blob;
    None when the blob is not a signature or names no one. Read with asn1crypto, which the
    digest check (`_digest_problem`) uses too: one ASN.1 library for the signature, where
    loading cryptography's PKCS#7 and X.509 modules cost some 40 ms of every signed file's
    run."""
    if not isinstance(contents, bytes | bytearray):
        return None
    try:
        from asn1crypto import cms  # type: ignore[import-untyped]

        info = cms.ContentInfo.load(bytes(contents).rstrip(b"\x00"), strict=False)
        certificates = info["content"]["certificates"]
        for choice in certificates:
            if choice.name != "certificate":
                continue
            for rdn in choice.chosen.subject.chosen:
                for attribute in rdn:
                    if attribute["type"].native == "common_name":
                        return str(attribute["value"].native)
    except Exception:  # a blob asn1crypto cannot read: no signer named
        return None
    return None


def _digest_problem(contents: bytes, signed: bytes) -> str | None:
    """None when the digest the signature carries is that of the signed bytes (the signature
    itself, the certificate's trust, is not judged here: only that the bytes are the ones
    signed). An unparseable or unknown signature format is not a mismatch."""
    try:
        from asn1crypto import cms

        info = cms.ContentInfo.load(contents, strict=False)
        signed_data = info["content"]
        signer = signed_data["signer_infos"][0]
        algorithm = signer["digest_algorithm"]["algorithm"].native
        attributes = signer["signed_attrs"]
        declared = None
        if attributes.native is not None:
            for attribute in attributes:
                if attribute["type"].native == "message_digest":
                    declared = attribute["values"][0].native
        embedded = signed_data["encap_content_info"]["content"].native
    except Exception:  # a format asn1crypto cannot read: nothing to compare against
        return None
    try:
        digest = hashlib.new(algorithm, signed).digest()
    except (ValueError, TypeError):
        return None
    if embedded is not None:  # adbe.pkcs7.sha1: the signed content is the file's SHA-1
        matches = embedded == hashlib.sha1(signed).digest()
    elif declared is not None:
        matches = declared == digest
    else:
        return None
    if matches:
        return None
    return "the bytes it covers no longer match its digest: the signed content was changed"
