"""Small PDFs written byte by byte, for tests that need a structure no producer would write (a
reference loop, a stream reused forty times, an empty signature field): the objects as given,
with a correct cross-reference table and trailer."""

from __future__ import annotations

import zlib


def pdf_of(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of the given object bodies, numbered from 1 (1 is the catalog), with a correct
    xref; `trailer` adds entries to the trailer dictionary (an /ID, say)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        b" " + trailer if trailer else b"",
        xref,
    )
    return bytes(out)


def stream_object(data: bytes, entries: bytes = b"") -> bytes:
    """The body of a Flate-compressed stream object holding `data`."""
    packed = zlib.compress(data)
    return (
        b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n" % (len(packed), entries)
        + packed
        + b"\nendstream"
    )


def page_objects(
    content: bytes,
    resources: bytes = b"<< >>",
    mediabox: bytes = b"[0 0 612 792]",
    page_entries: bytes = b"",
) -> list[bytes]:
    """Catalog, page tree, one page and its content stream (objects 1 to 4)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox "
        + mediabox
        + b" /Contents 4 0 R /Resources "
        + resources
        + page_entries
        + b" >>",
        stream_object(content),
    ]


def minimal_pdf(
    content: bytes, resources: bytes = b"<< >>", mediabox: bytes = b"[0 0 612 792]"
) -> bytes:
    """A one-page PDF whose page draws `content` (Flate-compressed), with a correct xref."""
    return pdf_of(page_objects(content, resources, mediabox))


def pdf_with_object_stream(
    objects: list[bytes], compressed: list[bytes], nested: bool = False
) -> bytes:
    """A PDF 1.5 file: `objects` numbered from 1 as plain objects, then `compressed` (numbered
    on from them) inside one object stream, with a cross-reference stream to find them all.
    `nested` damages the cross-reference stream: it lists the object stream as stored in
    itself."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    first_inner = len(objects) + 1
    header = bytearray()
    inner = bytearray()
    for index, body in enumerate(compressed):
        header += b"%d %d " % (first_inner + index, len(inner))
        inner += body + b"\n"
    container = first_inner + len(compressed)
    offsets_container = len(out)
    out += (
        b"%d 0 obj\n" % container
        + stream_object(
            bytes(header) + bytes(inner),
            b" /Type /ObjStm /N %d /First %d" % (len(compressed), len(header)),
        )
        + b"\nendobj\n"
    )
    xref_number = container + 1
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    rows += [b"\x01" + o.to_bytes(4, "big") + b"\x00\x00" for o in offsets]
    rows += [
        b"\x02" + container.to_bytes(4, "big") + i.to_bytes(2, "big")
        for i in range(len(compressed))
    ]
    if nested:
        rows.append(b"\x02" + container.to_bytes(4, "big") + b"\x00\x00")
    else:
        rows.append(b"\x01" + offsets_container.to_bytes(4, "big") + b"\x00\x00")
    xref_at = len(out)
    rows.append(b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00")
    out += (
        b"%d 0 obj\n" % xref_number
        + stream_object(
            b"".join(rows), b" /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % (xref_number + 1)
        )
        + b"\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
