"""`pdf.ascii85.a85decode` decodes as pypdf's ASCII85 filter does, and fails where it fails."""

from __future__ import annotations

import base64
import random

import pytest
from pypdf.filters import ASCII85Decode

from plan_extract.pdf.ascii85 import a85decode

TEXT = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n\x00\x00\x00\x00\xff\xfe"
ENCODED = base64.a85encode(TEXT, wrapcol=10)


@pytest.mark.parametrize(
    ("data", "decoded"),
    [
        (ENCODED + b"~>", TEXT),
        (b"<~" + ENCODED + b"~>", TEXT),  # the framing of PostScript
        (b" \r\n" + ENCODED + b"\n~ \n>\n", TEXT),  # white space around and inside the end
        (ENCODED, TEXT),  # no end marker: decoded to the end
        (b"z~>", b"\x00" * 4),
        (b"9jqo^zBl~>", b"Man \x00\x00\x00\x00i"),  # z between groups; a tail of 2 is 1 byte
        (b"9jqo^B~>", b"Man "),  # a tail of one digit is no byte
        (b"~>", b""),
        (b"", b""),
    ],
)
def test_decodes_as_pypdf(data: bytes, decoded: bytes) -> None:
    assert a85decode(data) == decoded
    assert ASCII85Decode.decode(data) == decoded


@pytest.mark.parametrize(
    "data",
    [
        b"9jzqo^~>",  # z inside a group
        b"9jqo^v~>",  # v is no digit
        b"uuuuu~>",  # over 2**32 - 1
        b"9jqo^~>Bl",  # data after the end marker
        b"<~9jqo^",  # the start marker without the end
        b"9j\x0bqo^~>",  # vertical tab: white space to Python, not to PDF
    ],
)
def test_fails_where_pypdf_fails(data: bytes) -> None:
    with pytest.raises(ValueError):
        ASCII85Decode.decode(data)
    with pytest.raises(ValueError):
        a85decode(data)


def test_damaged_copies_decode_as_pypdf() -> None:
    """Random cuts, flipped bytes and stray markers in real encoded data: the same bytes or
    the same failure each time."""
    rnd = random.Random(85)
    alphabet = bytes(range(ord("!"), ord("u") + 1)) + b"z~<> \n\r\t\x00\x0c\x0bv"
    encoded = base64.a85encode(TEXT * 3 + bytes(rnd.randrange(256) for _ in range(300)))
    for _ in range(500):
        data = bytearray(encoded[: rnd.randrange(len(encoded) + 1)])
        for _ in range(rnd.randrange(3)):
            data.insert(rnd.randrange(len(data) + 1), rnd.choice(alphabet))
        data += rnd.choice([b"", b"~>", b" ~\n>", b"~", b">"])
        try:
            want: bytes | None = ASCII85Decode.decode(bytes(data))
        except ValueError:
            want = None
        try:
            got: bytes | None = a85decode(bytes(data))
        except ValueError:
            got = None
        assert got == want, bytes(data)
