"""Hostile and broken inputs: each gives exit status 1, one stderr line naming the file and the
reason, no traceback, and no output file. The PDFs are generated here (small and fast)."""

from __future__ import annotations

import os
import random
import signal
import sys
import zlib
from pathlib import Path

import pytest
from pdf_bytes import minimal_pdf
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen import canvas

from plan_extract.cli import main
from plan_extract.commands import extract as extract_command

PLAN = Path(__file__).parent / "data" / "plans" / "conacoes-2023" / "plan.pdf"


def run_cli(capfd, *args: str) -> tuple[int, str, str]:
    """Run the command in this process (its workers are forked from it); capfd also sees
    anything a worker writes straight to the file descriptors."""
    status = main(["extract", *args])
    captured = capfd.readouterr()
    return status, captured.out, captured.err


def assert_clean_failure(capfd, pdf: Path, out: Path, *reason: str, args: tuple = ()) -> str:
    status, stdout, stderr = run_cli(capfd, str(pdf), "--out", str(out), *args)
    assert status == 1
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"{pdf}: error: "), lines[0]
    for word in reason:
        assert word in lines[0], lines[0]
    assert "Traceback" not in stderr + stdout
    assert stdout == ""
    assert not out.exists() or list(out.iterdir()) == []
    return lines[0]


def text_pdf(path: Path, lines: list[str]) -> Path:
    page = canvas.Canvas(str(path), pagesize=letter)
    for i, line in enumerate(lines):
        page.drawString(72, 720 - 16 * i, line)
    page.save()
    return path


def table_pdf(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A ruled table with a plan-like header row (landscape, one page)."""
    page = canvas.Canvas(str(path), pagesize=landscape(letter))
    width = 700 / len(header)
    top = 540
    for r, cells in enumerate([header, *rows]):
        y = top - 30 * r
        page.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 9)
        for c, text in enumerate(cells):
            page.drawString(50 + c * width + 4, y - 18, text)
        page.line(50, y, 750, y)
    bottom = top - 30 * (len(rows) + 1)
    page.line(50, bottom, 750, bottom)
    for c in range(len(header) + 1):
        page.line(50 + c * width, top, 50 + c * width, bottom)
    page.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """Pages that are pictures of text: no text layer at all (what a scanner makes)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(picture).text((20, 80), "Plan Anual de Trabajo 2023", fill=0)
    page = canvas.Canvas(str(path), pagesize=letter)
    for _ in range(2):
        page.drawImage(ImageReader(picture), 50, 400, 500, 170)
        page.showPage()
    page.save()
    return path


@pytest.fixture(scope="module")
def encrypted_plan(tmp_path_factory) -> Path:
    """The real 2023 plan, AES-encrypted with a user password."""
    writer = PdfWriter(clone_from=PdfReader(PLAN))
    writer.encrypt("s3cret", algorithm="AES-128")
    path = tmp_path_factory.mktemp("encrypted") / "plan-encrypted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_not_a_pdf(tmp_path, capfd) -> None:
    pdf = tmp_path / "notes.pdf"
    pdf.write_text("Plan anual de trabajo\n" * 20, encoding="utf-8")
    assert_clean_failure(capfd, pdf, tmp_path / "out", "not a PDF")


def test_office_document_named_pdf(tmp_path, capfd) -> None:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"PK\x03\x04" + bytes(200))
    assert_clean_failure(capfd, pdf, tmp_path / "out", "not a PDF", "ZIP")


def test_empty_file(tmp_path, capfd) -> None:
    pdf = tmp_path / "empty.pdf"
    pdf.write_bytes(b"")
    assert_clean_failure(capfd, pdf, tmp_path / "out", "empty file")


def test_missing_file_and_directory(tmp_path, capfd) -> None:
    assert_clean_failure(capfd, tmp_path / "absent.pdf", tmp_path / "out", "no such file")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert_clean_failure(capfd, folder, tmp_path / "out", "directory")


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.999])
def test_truncated_pdf(tmp_path, capfd, fraction: float) -> None:
    """pdfminer would recover the last cut (the signature's tail is missing, the pages are
    all there) and extract a plan from a file that is not whole: refused instead."""
    data = PLAN.read_bytes()
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(data[: int(len(data) * fraction)])
    assert_clean_failure(capfd, pdf, tmp_path / "out", "truncated")


def test_random_bytes_after_pdf_header(tmp_path, capfd) -> None:
    noise = random.Random(6).randbytes(40_000)
    pdf = tmp_path / "noise.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + noise + b"\n%%EOF\n")
    assert_clean_failure(capfd, pdf, tmp_path / "out", "corrupt")


def test_broken_page_dictionary(tmp_path, capfd) -> None:
    """Found by fuzzing: pdfplumber's close re-read the broken page tree and raised past the
    error handling. The page's size is checked before pdfminer reads it."""
    pdf = tmp_path / "box.pdf"
    pdf.write_bytes(minimal_pdf(b"BT /F1 9 Tf (x) Tj ET", mediabox=b"[0 0 /X 792]"))
    assert_clean_failure(capfd, pdf, tmp_path / "out", "page 1 has no valid MediaBox")


def test_encrypted_pdf_needs_password(encrypted_plan, tmp_path, capfd) -> None:
    assert_clean_failure(capfd, encrypted_plan, tmp_path / "out", "encrypted", "--password")
    assert_clean_failure(
        capfd, encrypted_plan, tmp_path / "out", "wrong password", args=("--password", "nope")
    )


def test_password_opens_encrypted_pdf(encrypted_plan, tmp_path, capfd) -> None:
    status, stdout, stderr = run_cli(
        capfd, str(encrypted_plan), "--out", str(tmp_path), "--password", "s3cret"
    )
    # Re-saving the signed plan encrypted rewrote the bytes its signature covers: the plan is
    # read whole, and the review says the signed content changed (pdf/integrity.py).
    assert status == 3
    assert stderr.startswith(f"{encrypted_plan}: needs review: ")
    assert "content was changed or moved" in stderr
    assert "40 activities" in stdout
    assert (tmp_path / "plan-encrypted.json").exists()


def test_pdf_without_plan_tables_says_what_it_saw(tmp_path, capfd) -> None:
    pdf = text_pdf(tmp_path / "letter.pdf", ["Estimada comisión:", "Adjuntamos el informe."])
    line = assert_clean_failure(capfd, pdf, tmp_path / "out", "no plan table found")
    assert "1 pages" in line and "words" in line


def test_unrecognised_header_lists_the_headers_found(tmp_path, capfd) -> None:
    header = ["Acción estratégica", "Objetivo", "Actividad", "Responsable", "Plazo", "Costo"]
    rows = [["1. Uno", "1.1 Dos", "1.1.1 Tres", "Ministerio", "2023", "100"]] * 3
    pdf = table_pdf(tmp_path / "budget.pdf", header, rows)
    line = assert_clean_failure(capfd, pdf, tmp_path / "out", "unrecognised header layout")
    assert "'Plazo'" in line and "'Costo'" in line and "missing" in line


def test_image_only_pdf_asks_for_ocr(tmp_path, capfd) -> None:
    pdf = image_only_pdf(tmp_path / "scan.pdf")
    assert_clean_failure(capfd, pdf, tmp_path / "out", "no text layer", "OCR")


SCAN = Path(__file__).resolve().parents[2] / "shared" / "plans" / "conacoes-2023" / "scan.pdf"


@pytest.mark.skipif(not SCAN.exists(), reason="the shared scan is not here")
def test_the_shared_scan_asks_for_ocr(tmp_path, capfd) -> None:
    """The real scan of the 2023 plan (150 dpi images, no text layer)."""
    assert_clean_failure(capfd, SCAN, tmp_path / "out", "no text layer", "OCR")


def test_millions_of_drawing_operations_fail_fast(tmp_path, capfd) -> None:
    """Two million rectangles: refused from the raw content stream, before pdfminer would
    spend minutes and gigabytes on them (counting stops once past the cap)."""
    pdf = tmp_path / "drawing.pdf"
    pdf.write_bytes(minimal_pdf(b"0 0 1 1 re f\n" * 2_000_000))
    assert_clean_failure(
        capfd, pdf, tmp_path / "out", "page 1 has at least", "drawing operations", "--max-graphics"
    )


def test_a_million_clipping_paths_fail_fast(tmp_path, capfd) -> None:
    """A million rectangles that only clip (`W n`) draw nothing, but cost pdfminer what any
    operator costs: refused by the operator cap, as fast."""
    pdf = tmp_path / "clipping.pdf"
    pdf.write_bytes(minimal_pdf(b"0 0 1 1 re W n\n" * 1_000_000))
    line = assert_clean_failure(capfd, pdf, tmp_path / "out", "page 1 has", "operators")
    assert "drawing" not in line


def test_drawings_repeated_through_a_form_count_every_use(tmp_path, capfd) -> None:
    """A form of 1000 rectangles drawn 1000 times is a million rectangles too."""
    form = b"0 0 1 1 re f\n" * 1000
    form_stream = zlib.compress(form)
    content = b"/F1 Do\n" * 1000
    pdf_bytes = minimal_pdf(content, b"<< /XObject << /F1 5 0 R >> >>")
    # append the form as object 5 in an incremental update
    body = (
        b"5 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d "
        b"/Filter /FlateDecode >>\nstream\n"
        % len(form_stream)
        + form_stream
        + b"\nendstream\nendobj\n"
    )
    start = len(pdf_bytes)
    previous_xref = int(pdf_bytes.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    xref = start + len(body)
    update = (
        body
        + b"xref\n5 1\n%010d 00000 n \n" % start
        + b"trailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (previous_xref, xref)
    )
    pdf = tmp_path / "forms.pdf"
    pdf.write_bytes(pdf_bytes + update)
    assert_clean_failure(capfd, pdf, tmp_path / "out", "drawing operations", "--max-graphics")


def test_page_cap(tmp_path, capfd) -> None:
    assert_clean_failure(
        capfd, PLAN, tmp_path / "out", "17 pages", "--max-pages", args=("--max-pages", "5")
    )


def test_time_limit_kills_the_worker(tmp_path, capfd) -> None:
    assert_clean_failure(
        capfd, PLAN, tmp_path / "out", "time limit of 0.05 s exceeded", args=("--timeout", "0.05")
    )


linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers inherit a patched pipeline by fork"
)


@linux_only
def test_memory_limit_stops_the_worker(tmp_path, capfd, monkeypatch) -> None:
    """A file whose extraction wants 3 GiB, in a worker allowed 64 MiB more than it starts
    with: the worker's allocation fails, the run reports it and goes on."""
    monkeypatch.setattr(extract_command, "extract_job", lambda *_a, **_k: bytearray(3 << 30))
    assert_clean_failure(
        capfd,
        PLAN,
        tmp_path / "out",
        "memory limit of 64 MiB exceeded",
        args=("--max-memory", "64"),
    )


@linux_only
def test_crashing_reader_is_one_files_failure(tmp_path, capfd, monkeypatch) -> None:
    monkeypatch.setattr(
        extract_command, "extract_job", lambda *_a, **_k: os.kill(os.getpid(), signal.SIGSEGV)
    )
    assert_clean_failure(capfd, PLAN, tmp_path / "out", "crashed", "SIGSEGV")


@linux_only
def test_unexpected_exception_is_an_internal_error_line(tmp_path, capfd, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(extract_command, "extract_job", broken)
    assert_clean_failure(capfd, PLAN, tmp_path / "out", "internal error (IndexError", "--debug")


def test_debug_shows_the_traceback(tmp_path, capfd) -> None:
    pdf = tmp_path / "noise.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    status, _, stderr = run_cli(capfd, str(pdf), "--out", str(tmp_path / "out"), "--debug")
    assert status == 1
    assert stderr.startswith(f"{pdf}: error: corrupt")
    assert "Traceback" in stderr


def test_no_temporary_files_left_after_failures(tmp_path, capfd) -> None:
    out = tmp_path / "out"
    out.mkdir()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(PLAN.read_bytes()[:1000])
    run_cli(capfd, str(bad), str(PLAN), "--out", str(out), "--timeout", "0.05")
    assert sorted(os.listdir(out)) == []
