"""Damaged copies of the test PDFs, built here: each is either refused with one line or
extracted with `needs_review` and a finding naming the damage, never a shorter plan that
looks whole; legal oddities (a reversed MediaBox) extract as the original does. Also the
limits that count what pdfminer will do, option values and all-or-none writes."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from pdf_bytes import minimal_pdf, page_objects, pdf_of, pdf_with_object_stream
from pypdf import PdfReader, PdfWriter
from test_hostile import run_cli

from plan_extract.cli import main
from plan_extract.commands.extract import Job, Limits, extract_file
from plan_extract.models import CONTRACT_FIELDS
from plan_extract.pdf import reader as reader_module
from plan_extract.pdf.integrity import (
    MAX_PROBLEMS_PER_KIND,
    ProblemLog,
    ReadProblem,
    reference_loop,
)
from plan_extract.pdf.reader import PdfContent, ReadError, ReadLimits, read_pdf

DATA = Path(__file__).parent / "data" / "plans"
SIGNED = DATA / "plan-2024" / "plan.pdf"
UNSIGNED = DATA / "conacoes-2023" / "variants" / "dejavu-letter-line-borders.pdf"
NO_LIMITS = Limits(timeout=None, max_memory_mib=None)


def extract(path: Path) -> tuple[str, object]:
    """('failure', message), or (review status, plan dict)."""
    outcome = extract_file(Job(path, path.stem, limits=NO_LIMITS))
    if outcome.error:
        assert "\n" not in outcome.error and "internal error" not in outcome.error
        return "failure", outcome.error
    plan = json.loads(outcome.texts[f"{path.stem}.json"])
    return plan["review"]["status"], plan


def contract(plan: dict) -> list[dict]:
    return [
        {name: activity[name] for name in CONTRACT_FIELDS}
        for section in plan["sections"]
        for activity in section["activities"]
    ]


def problem_codes(plan: dict) -> set[tuple[str, int | None]]:
    return {(f["check"], f["page"]) for f in plan["review"]["findings"]}


@pytest.fixture(scope="module")
def originals() -> dict[Path, dict]:
    plans = {}
    for path in (SIGNED, UNSIGNED):
        status, plan = extract(path)
        assert status == "ok", plan
        plans[path] = plan
    return plans


def object_span(data: bytes, number: int) -> tuple[int, int]:
    """Start and end (after `endobj`) of object `number` as written in the file (the last
    definition: a later revision's wins)."""
    starts = [m.start() for m in re.finditer(rb"(?<![0-9])%d 0 obj" % number, data)]
    start = starts[-1]
    return start, data.index(b"endobj", start) + len(b"endobj")


def stream_span(data: bytes, number: int) -> tuple[int, int]:
    start, end = object_span(data, number)
    body = re.compile(rb"stream\r?\n").search(data, start).end()
    return body, data.rindex(b"endstream", body, end)


def content_object(path: Path, page: int) -> int:
    return PdfReader(path).pages[page - 1].get("/Contents").idnum


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- losses the readers repair silently --------------------------------------------------


def test_one_flipped_byte_in_a_content_stream_is_named_with_its_page(tmp_path) -> None:
    """pdfminer reads a content stream that no longer decompresses as empty: the page's
    words vanish. The page is named; nothing else is."""
    data = bytearray(UNSIGNED.read_bytes())
    start, end = stream_span(bytes(data), content_object(UNSIGNED, 3))
    data[(start + end) // 2] ^= 0x10
    status, plan = extract(write(tmp_path, "flipped.pdf", bytes(data)))
    assert status == "needs_review"
    pages = {page for check, page in problem_codes(plan) if check.startswith("read_problem:")}
    assert pages == {3}, plan["review"]["findings"]


def test_a_flate_stream_cut_behind_ascii85_is_named_with_its_page(tmp_path) -> None:
    """ReportLab writes each content stream as Flate then ASCII85: a Flate stream cut short
    inside that wrapping still decodes in part (pypdf and pdfminer keep what inflates and say
    nothing), and the page is named as a cut one; the whole stream is not. ASCII85 data
    without its end marker is read to its end, as pypdf does, and pypdf's warning kept."""
    text = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n" * 200
    packed = zlib.compress(text)
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"

    def read(name: str, flate: bytes, end: bytes = b"~>") -> list[tuple[str, int | None]]:
        wrapped = base64.a85encode(flate, wrapcol=72) + end
        objects = page_objects(b"", font)
        objects[3] = (
            b"<< /Length %d /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n" % len(wrapped)
            + wrapped
            + b"\nendstream"
        )
        content = read_pdf(write(tmp_path, name, pdf_of(objects)))
        return [(p.message, p.page) for p in content.problems]

    assert read("whole.pdf", packed) == []
    assert read("cut.pdf", packed[: len(packed) // 2]) == [(reader_module.CUT_STREAM_MESSAGE, 1)]
    unmarked = read("unmarked.pdf", packed, end=b"")
    assert unmarked == [("pypdf: Ignoring missing Ascii85 end marker.", 1)]


def test_one_flipped_byte_in_the_signed_plan_is_needs_review(tmp_path) -> None:
    """The issue's case: 25 of 41 activities, exit 0, nothing said. Now the stream's page
    and the broken signature are both findings."""
    data = bytearray(SIGNED.read_bytes())
    start, _end = stream_span(bytes(data), content_object(SIGNED, 4))
    data[start + 200] ^= 0x01
    status, plan = extract(write(tmp_path, "flipped.pdf", bytes(data)))
    assert status == "needs_review"
    checks = problem_codes(plan)
    assert ("read_problem:signature_coverage", None) in checks
    assert any(page == 4 for check, page in checks if check == "read_problem:stream_damaged")


def test_a_damaged_font_map_is_named(tmp_path) -> None:
    """A ToUnicode map that no longer decompresses garbles or drops letters in pdfminer."""
    reader = PdfReader(UNSIGNED)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    ref = next(
        font.get_object().raw_get("/ToUnicode")
        for font in fonts.values()
        if "/ToUnicode" in font.get_object()
    )
    data = bytearray(UNSIGNED.read_bytes())
    start, _end = stream_span(bytes(data), ref.idnum)
    data[start + 4 : start + 12] = b"\x00" * 8
    status, plan = extract(write(tmp_path, "font.pdf", bytes(data)))
    if status != "failure":
        assert status == "needs_review"
        assert any(c == "read_problem:stream_damaged" for c, _ in problem_codes(plan))


def test_a_font_program_that_decompresses_only_in_part_is_named_once(tmp_path, originals) -> None:
    """A flipped bit inside a font program's Flate data: pypdf keeps what inflates and says
    nothing, and the plan came out `ok` and different from the original (the campaign's one
    WRONG copy of the unsigned variant, seed 23). The font's stream is named once, with the
    first page that uses it, though every page uses it; the plan is `needs_review`. The
    original, whose fonts inflate whole, is `ok` (the fixture)."""
    reader = PdfReader(UNSIGNED)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    name, ref = next(
        (name, descriptor.raw_get("/FontFile2"))
        for name, font in fonts.items()
        for descendant in font.get_object().get("/DescendantFonts", [font])
        if "/FontFile2" in (descriptor := descendant.get_object().get("/FontDescriptor", {}))
    )
    font_ref = fonts.raw_get(name).idnum
    users = [p for p in reader.pages if font_ref in _font_refs(p)]
    assert len(users) == len(reader.pages) > 1
    data = bytearray(UNSIGNED.read_bytes())
    start, end = stream_span(bytes(data), ref.idnum)
    data[(start + end) // 2] ^= 0x01
    status, plan = extract(write(tmp_path, "font.pdf", bytes(data)))
    assert status == "needs_review"
    damaged = [
        (f["page"], f["message"])
        for f in plan["review"]["findings"]
        if f["check"] == "read_problem:stream_damaged"
    ]
    assert damaged == [(1, f"the FontFile2 of font {name} {reader_module.CUT_FONT_MESSAGE}")]
    clean = originals[UNSIGNED]["review"]["findings"]
    assert not [f for f in clean if f["check"].startswith("read_problem:")]


def _font_refs(page) -> set[int]:
    return {ref.idnum for ref in page["/Resources"]["/Font"].values()}


def test_a_missing_object_is_named(tmp_path) -> None:
    """An object whose header is damaged cannot be found; pdfminer reads it as null."""
    data = bytearray(UNSIGNED.read_bytes())
    number = content_object(UNSIGNED, 2)
    start, _ = object_span(bytes(data), number)
    data[start : start + 1] = b"x"
    status, plan = extract(write(tmp_path, "missing.pdf", bytes(data)))
    assert status in ("failure", "needs_review")
    if status == "needs_review":
        assert any(p == 2 for _, p in problem_codes(plan)), plan["review"]["findings"]


def test_page_tree_count_against_pages_read(tmp_path) -> None:
    """A /Count that says more pages than the tree holds: the file lost pages."""
    data = SIGNED.read_bytes()
    root_pages = PdfReader(SIGNED).trailer["/Root"].raw_get("/Pages").idnum
    start, end = object_span(data, root_pages)
    body = data[start:end]
    damaged = re.sub(rb"/Count 20\b", b"/Count 21", body)
    assert damaged != body
    status, plan = extract(write(tmp_path, "count.pdf", data[:start] + damaged + data[end:]))
    assert status == "needs_review"
    assert ("read_problem:page_count", None) in problem_codes(plan)


# --- truncation and cut-off signatures ----------------------------------------------------


def test_cut_and_closed_with_eof_is_reported(tmp_path) -> None:
    data = SIGNED.read_bytes()
    status, plan = extract(write(tmp_path, "cut.pdf", data[: len(data) - 2000] + b"\n%%EOF\n"))
    assert status in ("failure", "needs_review")
    if status == "needs_review":
        assert any("signature" in c or "xref" in c for c, _ in problem_codes(plan))


@pytest.mark.parametrize("keyword", [b"startxref", b"trailer"])
def test_blanked_last_trailer_or_startxref_is_reported(tmp_path, keyword) -> None:
    data = bytearray(SIGNED.read_bytes())
    at = data.rfind(keyword)
    end = data.rfind(b"%%EOF")
    data[at:end] = b" " * (end - at)
    status, plan = extract(write(tmp_path, "blank.pdf", bytes(data)))
    assert status in ("failure", "needs_review"), status
    if status == "needs_review":
        assert any("xref" in c or "signature" in c for c, _ in problem_codes(plan))


def first_revision(data: bytes) -> bytes:
    """The file as its first revision wrote it: up to and including the first %%EOF."""
    return data[: data.index(b"%%EOF") + len(b"%%EOF")]


def test_a_signed_plan_cut_at_its_first_revision_needs_review(tmp_path, originals) -> None:
    """The first revision is a valid PDF (the plan before it was signed) that reads whole:
    its printed stamp, with no digital signature left and an /ID that records a change after
    the file was first written, names the loss."""
    status, plan = extract(write(tmp_path, "first.pdf", first_revision(SIGNED.read_bytes())))
    assert status == "needs_review"
    assert contract(plan) == contract(originals[SIGNED])
    stamped = [
        s for s in originals[SIGNED]["sections"] if (s["signature"] or {}).get("source") == "stamp"
    ]
    assert stamped
    assert problem_codes(plan) == {("unbacked_stamp", s["signature"]["page"]) for s in stamped}


def test_a_stamped_unsigned_plan_first_written_so_stays_ok(originals) -> None:
    """The unsigned variant prints the same stamps, but its /ID records no change since it
    was first written: an unsigned document, ok (the fixture asserts the status)."""
    content = read_pdf(UNSIGNED)
    assert content.signature_fields == [] and not content.history.modified
    assert any(
        (s["signature"] or {}).get("source") == "stamp" for s in originals[UNSIGNED]["sections"]
    )


def test_an_update_cut_off_after_the_last_eof_is_refused(tmp_path) -> None:
    """Cut a few hundred bytes into the signing update: the last %%EOF is the first
    revision's, still within the file's last kilobyte."""
    data = SIGNED.read_bytes()
    cut = first_revision(data)
    with pytest.raises(ReadError, match=r"truncated PDF: .* incremental update that was cut off"):
        read_pdf(write(tmp_path, "cut.pdf", data[: len(cut) + 300]))


def signature_form(field: bytes) -> bytes:
    """A one-page PDF whose form holds one signature field (object 5, a widget on the page)."""
    objects = page_objects(b"BT ET", page_entries=b" /Annots [5 0 R]")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>"
    objects.append(
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approval) /Rect [100 100 300 150] "
        b"/P 3 0 R " + field + b" >>"
    )
    return pdf_of(objects)


def test_an_empty_signature_field_is_a_problem(tmp_path) -> None:
    content = read_pdf(write(tmp_path, "empty.pdf", signature_form(b"")))
    assert [(p.code, p.page) for p in content.problems] == [("signature_unsigned", 1)]
    assert "'Approval' has no value" in content.problems[0].message


def test_a_widget_whose_parent_field_is_signed_is_not_empty(tmp_path) -> None:
    """The value may sit on the parent field, the widget inheriting it."""
    parent = (
        b"<< /FT /Sig /T (Approval) /Kids [5 0 R] /V << /Type /Sig /M (D:20240101000000Z) >> >>"
    )
    pieces = page_objects(b"BT ET", page_entries=b" /Annots [5 0 R]")
    pieces[0] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>"
    pieces.append(
        b"<< /Type /Annot /Subtype /Widget /Rect [100 100 300 150] /P 3 0 R /Parent 6 0 R >>"
    )
    pieces.append(parent)
    content = read_pdf(write(tmp_path, "kids.pdf", pdf_of(pieces)))
    assert "signature_unsigned" not in {p.code for p in content.problems}


def test_an_update_after_signing_is_reported(tmp_path, originals) -> None:
    """A valid incremental update appended after the signature: the plan reads whole, but
    what it says was not all signed."""
    writer = PdfWriter(SIGNED, incremental=True)
    writer.add_metadata({"/Title": "Plan Anual de Trabajo 2024 (editado)"})
    path = tmp_path / "updated.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    status, plan = extract(path)
    assert status == "needs_review"
    assert ("read_problem:signature_coverage", None) in problem_codes(plan)
    assert contract(plan) == contract(originals[SIGNED])


# --- signatures, each on its own -----------------------------------------------------------


def signature_value(data: bytes) -> tuple[int, int]:
    reader = PdfReader(SIGNED)
    field = reader.trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object()
    return object_span(data, field.raw_get("/V").idnum)


def test_a_bad_signing_date_keeps_the_signer(tmp_path) -> None:
    data = SIGNED.read_bytes()
    start, end = signature_value(data)
    body = data[start:end]
    m = re.search(rb"/M \(([^)]*)\)", body)
    damaged = body[: m.start(1)] + b"X" * len(m.group(1)) + body[m.end(1) :]
    content = read_pdf(write(tmp_path, "date.pdf", data[:start] + damaged + data[end:]))
    [field] = content.signature_fields
    assert field.signer == "GLORIANA EDUARTE HERNANDEZ (FIRMA)"
    assert field.signed_at is None
    assert "signature_date" in {p.code for p in content.problems}


def test_annots_that_are_not_an_array_keep_the_signature(tmp_path) -> None:
    """`/Annots 5` on the signed page: the field is still found through the form."""
    data = SIGNED.read_bytes()
    reader = PdfReader(SIGNED)
    page = next(p for p in reader.pages if "/Annots" in p)
    number = page.indirect_reference.idnum
    start, end = object_span(data, number)
    body = data[start:end]
    m = re.search(rb"/Annots\s*\[[^\]]*\]", body)
    damaged = body[: m.start()] + b"/Annots 5".ljust(m.end() - m.start()) + body[m.end() :]
    content = read_pdf(write(tmp_path, "annots.pdf", data[:start] + damaged + data[end:]))
    assert [f.signer for f in content.signature_fields] == ["GLORIANA EDUARTE HERNANDEZ (FIRMA)"]
    assert "annotations" in {p.code for p in content.problems}


def test_an_unreadable_signature_field_is_a_problem(tmp_path) -> None:
    data = SIGNED.read_bytes()
    start, end = signature_value(data)
    body = data[start:end]
    damaged = body.replace(b"/ByteRange", b"/ByteRangX").replace(b"/Contents", b"/ContentX")
    damaged = re.sub(rb"<<", b"[ ", damaged, count=1)
    content = read_pdf(write(tmp_path, "sig.pdf", data[:start] + damaged + data[end:]))
    assert content.signature_fields == []
    assert {"signature_unreadable"} & {p.code for p in content.problems}


def test_encrypted_signed_plan_keeps_its_signer(tmp_path) -> None:
    """Re-saved with encryption: the signature value is stored unencrypted (as the standard
    says) and must be read raw; the re-save itself breaks the signature's coverage."""
    writer = PdfWriter(clone_from=PdfReader(SIGNED))
    writer.encrypt("s3cret", algorithm="AES-128")
    path = tmp_path / "encrypted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    content = read_pdf(path, password="s3cret")
    assert [f.signer for f in content.signature_fields] == ["GLORIANA EDUARTE HERNANDEZ (FIRMA)"]


def test_problems_held_while_the_signatures_are_read_early_are_logged_in_read_order() -> None:
    """The signatures are read while the page readers finish (`reader._EarlySignatures`):
    what they log is held back and released after the pages' own problems, deduplicated and
    capped as if logged then."""
    log = ProblemLog()
    log.add("stream_damaged", "page one", 1)
    with log.holding() as held:
        log.add("signature_coverage", "3 bytes  after")
        log.add("signature_coverage", "3 bytes after")  # the same once spaces are folded
        for n in range(MAX_PROBLEMS_PER_KIND + 1):
            log.add("annotations", f"annotation {n}", 2)
    assert log.finished() == [ReadProblem("stream_damaged", "page one", 1)]
    log.add("invisible_text", "page two", 2)
    log.release(held)
    assert [(p.code, p.page) for p in log.finished()] == [
        ("stream_damaged", 1),
        ("invisible_text", 2),
        ("signature_coverage", None),
        *[("annotations", 2)] * MAX_PROBLEMS_PER_KIND,
        ("more", None),
    ]


def test_the_signer_is_read_without_cryptographys_certificate_modules() -> None:
    """The signer's name is read with asn1crypto, which the digest check loads anyway:
    loading cryptography's PKCS#7 and X.509 modules as well cost some 40 ms of every signed
    file's run. (A fresh interpreter: the test process has imported everything.)"""
    code = (
        "import sys; from pathlib import Path; from plan_extract.pdf import reader; "
        "from plan_extract.pdf.integrity import ProblemLog; "
        "data = Path(sys.argv[1]).read_bytes(); log = ProblemLog(); "
        "fields = reader._signature_fields(reader._signature_reader(data, None, log), data, log); "
        "print([f.signer for f in fields]); "
        "print(sorted(m for m in ('cryptography.x509', "
        "'cryptography.hazmat.primitives.serialization.pkcs7') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SIGNED)], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["['GLORIANA EDUARTE HERNANDEZ (FIRMA)']", "[]"]


# --- geometry the standard allows ------------------------------------------------------------


def rewrite_boxes(source: Path, box) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        box(page)
    from io import BytesIO

    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_reversed_mediabox_extracts_as_the_original(tmp_path, originals) -> None:
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    def reverse(page) -> None:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        page[NameObject("/MediaBox")] = ArrayObject(FloatObject(v) for v in (x1, y1, x0, y0))

    status, plan = extract(write(tmp_path, "reversed.pdf", rewrite_boxes(UNSIGNED, reverse)))
    assert status == "ok"
    assert contract(plan) == contract(originals[UNSIGNED])


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize(
    ("box", "shift"),
    [(b"[612 792 0 0]", 0), (b"[100 100 712 892]", 100), (b"[712 892 100 100]", 100)],
)
def test_reversed_or_offset_boxes_read_as_the_page_at_the_origin(
    tmp_path, box, shift, backend
) -> None:
    """Words and rules are measured from the box's own top-left corner, whichever corners
    the producer wrote first and wherever the box sits: a stroked line and a filled bar
    (whose bounds pdfplumber shifts on their own) as much as the text."""
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"

    def page(offset: int, mediabox: bytes) -> PdfContent:
        content = b"BT /F1 9 Tf %d %d Td (Hello) Tj ET %d %d m %d %d l S %d %d 400 1 re f" % (
            72 + offset, 700 + offset, 72 + offset, 100 + offset, 500 + offset, 100 + offset,
            72 + offset, 690 + offset,
        )  # fmt: skip
        data = minimal_pdf(content, font, mediabox)
        return read_pdf(write(tmp_path, f"{offset}.pdf", data), backend=backend)

    expected, moved = page(0, b"[0 0 612 792]"), page(shift, box)
    assert [w.bbox for w in moved.pages[0].words] == [w.bbox for w in expected.pages[0].words]
    assert moved.pages[0].rules == expected.pages[0].rules
    assert (moved.pages[0].width, moved.pages[0].height) == (612, 792)
    assert moved.problems == []


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_a_user_unit_page_reads_in_points(tmp_path, backend) -> None:
    """A page drawn at half size with /UserUnit 2 (ISO 32000-1 §14.11.2) is the same page:
    words, rules and size as the page drawn in points, so that every threshold in points
    holds."""
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"

    def page(scale: float, entries: bytes) -> PdfContent:
        content = b"BT /F1 %g Tf %g %g Td (Hello) Tj ET %g %g m %g %g l S" % (
            9 * scale, 72 * scale, 700 * scale, 72 * scale, 100 * scale, 500 * scale, 100 * scale
        )  # fmt: skip
        box = b"[0 0 %g %g]" % (612 * scale, 792 * scale)
        data = pdf_of(page_objects(content, font, box, entries))
        return read_pdf(write(tmp_path, f"{scale}.pdf", data), backend=backend)

    expected, scaled = page(1, b""), page(0.5, b" /UserUnit 2")
    assert [w.text for w in scaled.pages[0].words] == ["Hello"]
    assert [w.bbox for w in scaled.pages[0].words] == [w.bbox for w in expected.pages[0].words]
    assert scaled.pages[0].words[0].size == pytest.approx(9)
    assert scaled.pages[0].rules == expected.pages[0].rules
    assert (scaled.pages[0].width, scaled.pages[0].height) == (612, 792)
    assert scaled.problems == []


@pytest.mark.parametrize(
    ("unit", "reason"),
    [(b"0", "invalid /UserUnit"), (b"-2", "invalid /UserUnit"), (b"1000000000", "points")],
)
def test_an_absurd_user_unit_is_refused(tmp_path, unit, reason) -> None:
    data = pdf_of(page_objects(b"BT ET", page_entries=b" /UserUnit " + unit))
    with pytest.raises(ReadError, match=f"page 1 .*{reason}"):
        read_pdf(write(tmp_path, "unit.pdf", data))


def test_absurd_page_size_is_refused_early(tmp_path) -> None:
    pdf = write(
        tmp_path,
        "huge.pdf",
        minimal_pdf(b"BT ET", mediabox=b"[0 0 1000000000000000000000000000000 792]"),
    )
    with pytest.raises(ReadError, match="over the 14400 per side"):
        read_pdf(pdf)


def test_missing_mediabox_is_named(tmp_path) -> None:
    data = minimal_pdf(b"BT ET").replace(b"/MediaBox [0 0 612 792]", b" " * 23)
    with pytest.raises(ReadError, match="page 1 has no valid MediaBox"):
        read_pdf(write(tmp_path, "nobox.pdf", data))


def test_font_size_zero_is_left_out_and_reported(tmp_path) -> None:
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    content = b"BT /F1 0 Tf 72 700 Td (Hidden) Tj ET BT /F1 9 Tf 72 600 Td (Shown) Tj ET"
    read = read_pdf(write(tmp_path, "zero.pdf", minimal_pdf(content, font)))
    assert [w.text for w in read.pages[0].words] == ["Shown"]
    assert [p.code for p in read.problems] == ["invisible_text"]


# --- limits counted as pdfminer works --------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"0 0 1 1re f\n" * 60_000, "drawing operations"),  # no space before the operator
        (b"1 0 0 1 0 0 cm\n" * 600_000, "operators"),
        (b"BT (" + b"x" * 300_000 + b") Tj ET", "bytes of text"),
    ],
)
def test_work_is_counted_however_written(tmp_path, content: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=f"page 1 has (at least )?[0-9]+ {reason}, over the limit"):
        read_pdf(write(tmp_path, "work.pdf", minimal_pdf(content)))


def stall(*_args, **_kwargs) -> None:
    """A page whose reading never ends (what a crafted page does to the reader)."""
    while True:
        pass


@pytest.mark.parametrize(
    ("backend", "page_reader"),
    [
        ("pdfplumber", "plan_extract.pdf.reader._page_chars_and_rules"),
        ("pdfium", "plan_extract.pdf.pdfium_reader._read_page"),
    ],
)
def test_a_page_over_its_time_limit_is_refused_with_its_number(
    tmp_path, monkeypatch, backend, page_reader
) -> None:
    """The worker's own clock stops a page that stalls the reader, long before the file's
    time limit: one line naming the page."""
    monkeypatch.setattr(page_reader, stall)
    pdf = write(tmp_path, "slow.pdf", minimal_pdf(b"BT ET"))
    limits = ReadLimits(max_seconds_per_page=0.5)
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"^page 1 took over 0.5 s to read, the limit per page"):
        read_pdf(pdf, limits=limits, backend=backend)
    assert time.monotonic() - started < 10


def test_one_stream_reused_many_times_counts_every_use(tmp_path) -> None:
    """A content array naming one 4 MiB stream forty times: pypdf's cap is per stream, the
    page's is on everything it decodes."""
    big = zlib.compress(b"% " + b"x" * (4 << 20) + b"\n")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [" + b" 4 0 R" * 40
        + b" ] >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(big) + big + b"\nendstream",
    ]  # fmt: skip
    with pytest.raises(ReadError, match="page 1: its streams decode to over 32 MiB"):
        read_pdf(write(tmp_path, "reused.pdf", pdf_of(objects)))


def test_reference_loop_is_refused(tmp_path) -> None:
    pdf = minimal_pdf(b"BT ET")
    looped = pdf.replace(b"/Contents 4 0 R", b"/Contents 5 0 R")
    looped = looped.replace(b"trailer", b"5 0 obj\n6 0 R\nendobj\n6 0 obj\n5 0 R\nendobj\ntrailer")
    with pytest.raises(ReadError, match="refers to itself"):
        read_pdf(write(tmp_path, "loop.pdf", looped))


@pytest.mark.parametrize(
    ("data", "loop"),
    [
        (b"5 0 obj\n6 0 R\nendobj\n6 0 obj\n5 0 R\nendobj", "object 5 refers to itself"),
        # no space between one object's end and the next one's number; bodies spaced alike
        (b"12 0 obj<<>>endobj 5 0 obj\r\n6 0 R endobj6 0 obj 5 0 R\nendobj", "object 5"),
        (b"7 0 obj 7 0 R endobj", "object 7 refers to itself through 1 references"),
        # the same bodies after no object number are no objects: nothing to follow
        (b"5 0 xobj 6 0 R endobj 6 0 obj 5 1 R endobj", None),
        (b"x5 0obj 6 0 R endobj 6 0 obj 5 0 R endobj", None),
    ],
)
def test_objects_that_only_refer_to_each_other_are_found(data: bytes, loop: str | None) -> None:
    found = reference_loop(data)
    assert found == loop if loop is None else found is not None and found.startswith(loop)


def test_an_object_stream_inside_an_object_stream_is_refused(tmp_path) -> None:
    """pdfminer recursed until Python's stack ran out ('nested too deeply'); the entry is
    named instead, and the same file written properly reads."""
    font = b"<< /Font << /F1 5 0 R >> >>"
    objects = page_objects(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", font)
    helvetica = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    good = write(tmp_path, "good.pdf", pdf_with_object_stream(objects, helvetica))
    assert [w.text for w in read_pdf(good).pages[0].words] == ["Hello"]
    bad = write(tmp_path, "bad.pdf", pdf_with_object_stream(objects, helvetica, nested=True))
    for backend in ("pdfplumber", "pdfium"):
        with pytest.raises(ReadError, match=r"object stream 6, which .* lists as stored in itself"):
            read_pdf(bad, backend=backend)


def test_prev_loop_is_named_as_such(tmp_path) -> None:
    pdf = minimal_pdf(b"BT ET")
    xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    looped = pdf.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)
    with pytest.raises(ReadError, match="cross-reference chain loops"):
        read_pdf(write(tmp_path, "prev.pdf", looped))


# --- option values and writes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--timeout", "nan"),
        ("--max-memory", "0"),
        ("--max-memory", "-5"),
        ("--jobs", "-1"),
        ("--max-pages", "0"),
    ],
)
def test_limit_values_are_validated(tmp_path, capsys, option) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["extract", str(UNSIGNED), "--out", str(tmp_path), *option])
    assert stop.value.code == 2
    assert option[0] in capsys.readouterr().err


@pytest.mark.parametrize(
    "option", [("--max-pages", "0"), ("--max-pages", "-3"), ("--timeout", "0")]
)
def test_tables_limit_values_are_validated(tmp_path, capsys, option) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["tables", str(UNSIGNED), "--out", str(tmp_path), *option])
    assert stop.value.code == 2
    assert option[0] in capsys.readouterr().err


def test_none_lifts_a_limit(tmp_path, capfd) -> None:
    status, stdout, _ = run_cli(
        capfd, str(UNSIGNED), "--out", str(tmp_path), "--timeout", "none", "--max-memory", "none"
    )
    assert status == 0, stdout


def test_a_failed_write_keeps_the_previous_outputs(tmp_path, capfd) -> None:
    """plan.csv is a folder: the run fails and the old plan.json stays as it was."""
    out = tmp_path / "out"
    out.mkdir()
    stem = UNSIGNED.stem
    (out / f"{stem}.json").write_text("previous\n", encoding="utf-8")
    (out / f"{stem}.csv").mkdir()
    status, _, stderr = run_cli(capfd, str(UNSIGNED), "--out", str(out))
    assert status == 1
    assert "cannot write" in stderr and len(stderr.splitlines()) == 1
    assert (out / f"{stem}.json").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.csv", f"{stem}.json"]


def test_names_with_newlines_and_escape_codes_stay_one_printable_line(tmp_path, capfd) -> None:
    name = "bad\nname\x1b[31m\udcff.pdf"
    path = tmp_path / name
    path.write_bytes(b"not a pdf")
    status, _, stderr = run_cli(capfd, str(path), "--out", str(tmp_path / "out"))
    assert status == 1
    [line] = stderr.splitlines()
    assert "bad\\nname\\x1b[31m\\xff.pdf: error: not a PDF" in line


def test_a_name_too_long_for_the_file_system_is_one_line(tmp_path, capfd) -> None:
    source = tmp_path / "short.pdf"
    source.write_bytes(UNSIGNED.read_bytes())
    long_stem = "x" * 251  # 251 + ".json" is over the usual 255-byte limit
    link = tmp_path / "dir"
    link.mkdir()
    target = link / (long_stem + ".pdf")
    try:
        target.symlink_to(source)
    except OSError:
        pytest.skip("the file system refuses the long name itself")
    status, _, stderr = run_cli(capfd, str(target), "--out", str(tmp_path / "out"))
    assert status == 1
    [line] = stderr.splitlines()
    assert "cannot write" in line
    assert list((tmp_path / "out").iterdir()) == []


# --- every command that reads a PDF ------------------------------------------------------------


def truncated(tmp_path: Path) -> Path:
    data = UNSIGNED.read_bytes()
    return write(tmp_path, "cut.pdf", data[: len(data) // 2])


def one_line_failure(capfd, argv: list[str], *words: str) -> str:
    status = main(argv)
    captured = capfd.readouterr()
    assert status == 1
    [line] = captured.err.splitlines()
    assert "Traceback" not in captured.err + captured.out
    for word in words:
        assert word in line, line
    return line


def test_audit_export_and_diff_refuse_a_damaged_pdf_in_one_line(tmp_path, capfd) -> None:
    cut = truncated(tmp_path)
    bomb = write(tmp_path, "bomb.pdf", minimal_pdf(b"0 0 1 1re f\n" * 60_000))
    out = str(tmp_path / "out")
    one_line_failure(capfd, ["audit", str(cut), "--out", out], "truncated PDF")
    one_line_failure(capfd, ["export", str(bomb), "--out", out], "drawing operations")
    one_line_failure(capfd, ["diff", str(UNSIGNED), str(cut), "--out", out], "truncated PDF")
    assert not (tmp_path / "out").exists()


def test_tables_names_the_damage(tmp_path, capfd) -> None:
    data = bytearray(UNSIGNED.read_bytes())
    start, end = stream_span(bytes(data), content_object(UNSIGNED, 3))
    data[(start + end) // 2] ^= 0x10
    pdf = write(tmp_path, "flipped.pdf", bytes(data))
    status = main(["tables", str(pdf), "--out", str(tmp_path / "out")])
    stdout = capfd.readouterr().out
    assert status == 0
    assert "needs review" in stdout
    document = json.loads((tmp_path / "out" / "flipped.tables.json").read_text(encoding="utf-8"))
    assert {p["page"] for p in document["problems"]} == {3}


def test_tables_reads_each_file_in_a_worker_with_the_limits(tmp_path, capfd, monkeypatch) -> None:
    """A file that stalls the reader is killed at --timeout (the worker is forked from this
    process, stall and all), one line; the next file is still read and written."""
    stalled = write(tmp_path, "stalled.pdf", minimal_pdf(b"BT ET"))
    good = write(tmp_path, "good.pdf", minimal_pdf(b"0 0 m 100 100 l S"))
    original = reader_module._page_chars_and_rules

    def stall_on(page, *args):
        if "stalled" in str(getattr(page.pdf.stream, "name", "")):
            stall()
        return original(page, *args)

    monkeypatch.setattr(reader_module, "_page_chars_and_rules", stall_on)
    out = tmp_path / "out"
    status = main(["tables", str(stalled), str(good), "--out", str(out), "--timeout", "3"])
    captured = capfd.readouterr()
    assert status == 1, captured
    [line] = captured.err.splitlines()
    assert line == f"{stalled}: error: time limit of 3 s exceeded (--timeout)"
    assert sorted(p.name for p in out.iterdir()) == ["good.tables.json"]


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_text_wholly_off_the_page_is_not_read(tmp_path, backend) -> None:
    """A glyph drawn outside the page box prints nowhere (LibreOffice Calc draws the whole
    text of a merged cell cut by a page break on each page, the other page's lines off the
    paper); a glyph the page edge cuts is printed in part, and read."""
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    content = (
        b"BT /F1 9 Tf 72 -40 Td (Below) Tj ET BT /F1 9 Tf 72 830 Td (Above) Tj ET "
        b"BT /F1 9 Tf -200 400 Td (Left) Tj ET BT /F1 9 Tf 700 400 Td (Right) Tj ET "
        b"BT /F1 9 Tf 72 600 Td (Shown) Tj ET BT /F1 9 Tf 72 -3 Td (Edge) Tj ET"
    )
    read = read_pdf(write(tmp_path, "off.pdf", minimal_pdf(content, font)), backend=backend)
    assert sorted(w.text for w in read.pages[0].words) == ["Edge", "Shown"]
    assert read.problems == []


def test_text_clipped_away_is_not_read(tmp_path) -> None:
    """pdfium's reader honours a text object's clipping path: a line wholly clipped away is
    not printed; a line the clip cuts is read where its middle shows, its box cut to the
    clip (LibreOffice Calc draws a merged cell cut by a page break whole on both pages, each
    clipped to its part); a clip too short to show a glyph whole prints what it shows
    nowhere else, and is read with its box whole."""
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    content = (
        b"q 72 500 200 30 re W n "
        b"BT /F1 10 Tf 80 510 Td (Inside) Tj ET BT /F1 10 Tf 80 600 Td (Hidden) Tj ET "
        b"BT /F1 10 Tf 80 530 Td (Beyond) Tj ET BT /F1 10 Tf 80 522 Td (Cut) Tj ET Q "
        b"q 72 300 200 3 re W n BT /F1 10 Tf 80 295 Td (Thin) Tj ET Q "
        b"BT /F1 10 Tf 80 700 Td (Unclipped) Tj ET"
    )
    read = read_pdf(write(tmp_path, "clip.pdf", minimal_pdf(content, font)), backend="pdfium")
    words = {w.text: w for w in read.pages[0].words}
    assert sorted(words) == ["Cut", "Inside", "Thin", "Unclipped"]
    clip_top = 792 - 530  # the clip's top edge, from the page's top
    assert words["Cut"].top == pytest.approx(clip_top, abs=0.1)
    assert words["Thin"].bottom - words["Thin"].top == pytest.approx(10, abs=0.01)


def test_a_problem_added_last_leaves_no_other_out_of_the_caps() -> None:
    """A damaged font is logged last (`ProblemLog.add_last`): a problem of the same kind and
    page logged after it, such as a content stream cut short, keeps its place in the capped
    log, and the font's takes what room is left or goes to the count."""
    log = ProblemLog()
    log.add_last("stream_damaged", "the FontFile2 of font /F1 decompresses only in part", 1)
    for n in range(MAX_PROBLEMS_PER_KIND):
        log.add("stream_damaged", f"stream {n}", 1)
    assert log.finished() == [
        *[ReadProblem("stream_damaged", f"stream {n}", 1) for n in range(MAX_PROBLEMS_PER_KIND)],
        ReadProblem("more", "1 more problems not listed"),
    ]
