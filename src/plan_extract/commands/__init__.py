"""One module per CLI sub-command; each exposes `register(subparsers)`."""

from __future__ import annotations

import argparse


def add_reader_option(parser: argparse.ArgumentParser) -> None:
    """`--reader pdfium|pdfplumber`, shared by the commands that read PDFs."""
    from plan_extract.pdf.reader import DEFAULT_READER, READERS

    parser.add_argument(
        "--reader",
        choices=READERS,
        default=DEFAULT_READER,
        help="PDF reader: pdfium (fast) or pdfplumber (the reference); a file pdfium cannot "
        "open is read with pdfplumber (default: %(default)s)",
    )
