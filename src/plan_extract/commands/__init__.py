"""One module per CLI sub-command; each exposes `register(subparsers)`."""

from __future__ import annotations

import argparse


def add_reader_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """`--reader pdfium|pdfplumber`, shared by the commands that read PDFs; `default` is
    `pdf.reader.DEFAULT_READER` unless given."""
    from plan_extract.pdf.reader import DEFAULT_READER, READERS

    parser.add_argument(
        "--reader",
        choices=READERS,
        default=default or DEFAULT_READER,
        help="PDF reader: pdfium (fast) or pdfplumber (the reference); a file pdfium cannot "
        "open is read with pdfplumber (default: %(default)s)",
    )
