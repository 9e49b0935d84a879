"""ASCII85 decoding of a PDF stream (the `/ASCII85Decode` filter), as pypdf decodes it but in
a few passes of C code over the whole data instead of a Python loop over its bytes.

ReportLab writes every content stream as Flate then ASCII85. The pre-check decoded each one's
ASCII85 layer twice, in pypdf's `get_data` and again to see whether the Flate stream behind it
is whole (`reader._inflates_whole`), both times with Python's `base64.a85decode`, which steps
through the data a byte at a time: most of the pre-check of a ReportLab plan. Now the layer is
decoded here, once (`reader._ascii85_decoded`), four times faster (docs/robustness.md,
fifteenth round, branch `a85`)."""

from __future__ import annotations

import struct
from typing import NamedTuple

WHITE_SPACE = b"\x00\t\n\x0c\r "
"""PDF's white-space bytes (ISO 32000-1, table 1), the ones pypdf skips in ASCII85 data."""
_END = b"~>"
_START = b"<~"
_DIGITS = bytes(range(ord("!"), ord("u") + 1))
"""The 85 digits, `!` (0) to `u` (84)."""
_DIGIT_VALUE = bytes((byte - ord("!")) % 256 for byte in range(256))
"""Each digit's value, by its byte (`bytes.translate` table)."""
_ZERO_GROUP = b"!!!!!"
"""The five digits of four zero bytes, which `z` stands for."""
_GROUP = 5
"""Digits to a group; a group is four bytes."""


class _Framed(NamedTuple):
    body: bytes
    """The data between the markers."""
    ended: bool
    """The data closes with the `~>` end marker."""


def _framed(data: bytes) -> _Framed:
    """ASCII85 data without its markers, as pypdf takes them off."""
    data = data.strip(WHITE_SPACE)
    if len(data) > 2 and data.endswith(b">"):
        data = data[:-1].rstrip(WHITE_SPACE) + data[-1:]
    if not data.endswith(_END):
        return _Framed(data, False)
    return _Framed(
        data[len(_START) : -len(_END)] if data.startswith(_START) else data[: -len(_END)], True
    )


def ends_with_marker(data: bytes) -> bool:
    """The data closes with the `~>` end marker (pypdf warns of one missing, and decodes the
    data to its end)."""
    return _framed(data).ended


def a85decode(data: bytes) -> bytes:
    """The bytes of ASCII85 data framed as pypdf frames it: white space around it dropped, the
    `~>` end marker (white space inside it allowed) and a `<~` before it taken off, data
    without the end marker decoded to its end. A last group of n < 5 digits is n - 1 bytes.
    ValueError where `base64.a85decode` raises one (a byte that is no digit, `z` inside a
    group, a group over 2**32 - 1); the message may differ."""
    digits = _framed(data).body.translate(None, WHITE_SPACE)
    if b"z" in digits:
        runs = digits.split(b"z")
        if any(len(run) % _GROUP for run in runs[:-1]):
            raise ValueError("z inside an Ascii85 group")
        digits = _ZERO_GROUP.join(runs)
    if digits.translate(None, _DIGITS):
        raise ValueError("a byte that is no Ascii85 digit")
    padding = -len(digits) % _GROUP
    values = (digits + b"u" * padding).translate(_DIGIT_VALUE)
    columns = [values[i::_GROUP] for i in range(_GROUP)]
    try:
        decoded = struct.pack(
            f">{len(columns[0])}I",
            *[
                ((((a * 85 + b) * 85 + c) * 85 + d) * 85 + e)
                for a, b, c, d, e in zip(*columns, strict=True)
            ],
        )
    except struct.error:
        raise ValueError("Ascii85 overflow") from None
    return decoded[: len(decoded) - padding]
