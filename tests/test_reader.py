from __future__ import annotations

import pickle

import pytest
from pdf_bytes import minimal_pdf

from plan_extract.pdf.reader import (
    READERS,
    ReadError,
    ReadLimits,
    _words,
    content_of,
    pdf_date_to_iso,
    read_file,
    read_pdf,
)
from plan_extract.pdf.rules import Rule


def chars(text: str, top: float = 0.0) -> list[dict]:
    return [
        {"text": ch, "x0": 5.0 * i, "x1": 5.0 * i + 5, "top": top, "bottom": top + 10, "size": 10.0}
        for i, ch in enumerate(text)
    ]


def test_words_remember_whether_a_space_followed() -> None:
    words = _words(chars("de requerimient") + chars("os.", top=12), page=1, writes_spaces=True)
    assert [(w.text, w.space_after) for w in words] == [
        ("de", True),
        ("requerimient", False),
        ("os.", None),  # the page's last word: unknown
    ]


def test_check_marks_are_words_but_math_signs_stay_in_the_text() -> None:
    assert [w.text for w in _words(chars("a:✓Personal"), 1, True)] == ["a:", "✓", "Personal"]
    assert [w.text for w in _words(chars("(≥18"), 1, True)] == ["(≥18"]


def test_ligatures_are_unfolded() -> None:
    assert [w.text for w in _words(chars("conﬁanza"), 1, True)] == ["confianza"]


def test_pdf_dates_become_iso_with_offset() -> None:
    assert pdf_date_to_iso("D:20230227115544-06'00'") == "2023-02-27T11:55:44-06:00"
    assert pdf_date_to_iso("D:20230309192304Z") == "2023-03-09T19:23:04+00:00"


def test_a_file_read_elsewhere_gives_the_words_of_a_file_read_here(tmp_path) -> None:
    """The extract command's reading helper sends the file as read (`read_file`: word drafts,
    rules, signatures, problems) and the worker makes the words (`content_of`): the same
    words as `read_pdf`'s, with `seq`s made in the process that uses them, after its own."""
    pdf = tmp_path / "two.pdf"
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    pdf.write_bytes(minimal_pdf(b"BT /F1 9 Tf 72 700 Td (Plan anual) Tj ET", font))
    here = read_pdf(pdf)
    read = read_file(pdf)
    sent = pickle.loads(pickle.dumps(read, pickle.HIGHEST_PROTOCOL))
    assert sent.pages == read.pages  # the drafts (sent as columns), rules and counts
    assert {type(draft) for draft in sent.pages[0].words} == {type(read.pages[0].words[0])}
    made = content_of(sent)
    assert made == here
    assert [w.text for w in made.pages[0].words] == ["Plan", "anual"]
    assert min(w.seq for w in made.pages[0].words) > max(w.seq for w in here.pages[0].words)


HELVETICA = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


@pytest.mark.parametrize("reader", READERS)
def test_a_clipping_path_draws_nothing(tmp_path, reader: str) -> None:
    """A dotted border as WeasyPrint prints it: a clipping path of round dots (`m` and four
    `c` each, ended by `W n`), the bar filled through it. Its points are past the drawing
    cap but draw nothing: the page is read, with the bar as its rule; painted, the same dots
    are over the cap (200 dots of 13 points, 650 rectangles' worth)."""
    dots = b"".join(
        b"%d 700 m %d 701 %d 701 %d 701 c %d 701 %d 700 %d 700 c %d 699 %d 699 %d 699 c "
        b"%d 699 %d 700 %d 700 c h\n" % ((x,) * 13)
        for x in range(72, 472, 2)
    )
    text = b"BT /F1 9 Tf 72 680 Td (Plan anual) Tj ET\n"
    limits = ReadLimits(max_graphics_per_page=500)
    clipped = tmp_path / "clipped.pdf"
    clipped.write_bytes(minimal_pdf(text + b"q " + dots + b"W n 72 699.5 400 1 re f Q", HELVETICA))
    page = read_pdf(clipped, limits=limits, backend=reader).pages[0]
    assert [w.text for w in page.words] == ["Plan", "anual"]
    assert (page.rules.horizontals, page.rules.verticals) == ([Rule(92.0, 72.0, 472.0)], [])
    painted = tmp_path / "painted.pdf"
    painted.write_bytes(minimal_pdf(text + dots + b"f", HELVETICA))
    with pytest.raises(ReadError, match="page 1 has 650 drawing operations, over the limit"):
        read_pdf(painted, limits=limits, backend=reader)


@pytest.mark.parametrize("reader", READERS)
def test_a_drawing_is_a_rectangles_worth_of_points(tmp_path, reader: str) -> None:
    """Chromium paints each round dot of a dotted border as a move and eight curves (25
    points): 60 dots, 540 path operators, are 375 rectangles' worth, under a cap of 500
    (a 4 px dotted page has 6 000 dots and 54 000 such operators); 501 rectangles are over."""
    eighth = b"%d 701 %d 701 %d 700 c "
    dots = b"".join(
        b"%d 700 m " % (x + 2) + b"".join(eighth % (x, x, x) for _ in range(8)) + b"f\n"
        for x in range(72, 552, 8)
    )
    text = b"BT /F1 9 Tf 72 680 Td (Plan anual) Tj ET\n"
    limits = ReadLimits(max_graphics_per_page=500)
    pdf = tmp_path / "dots.pdf"
    pdf.write_bytes(minimal_pdf(text + dots, HELVETICA))
    assert [w.text for w in read_pdf(pdf, limits=limits, backend=reader).pages[0].words] == [
        "Plan",
        "anual",
    ]
    squares = tmp_path / "squares.pdf"
    squares.write_bytes(minimal_pdf(text + b"0 0 1 1 re f\n" * 501, HELVETICA))
    with pytest.raises(ReadError, match="page 1 has 501 drawing operations, over the limit"):
        read_pdf(squares, limits=limits, backend=reader)


def test_an_n_inside_a_string_or_comment_ends_no_path(tmp_path) -> None:
    """Rectangles painted after a string or comment holding `n` (pdfminer reads neither as an
    operator) are counted before parsing, as they are drawn: a fake end of path would let
    them past the cap until both readers had built them all."""
    text = b"BT /F1 9 Tf 72 680 Td (Plan anual) Tj ET\n"
    limits = ReadLimits(max_graphics_per_page=500)
    for hiding in (b"(W n)", b"<6e> n", b"%n\n"):
        pdf = tmp_path / "hidden.pdf"
        pdf.write_bytes(minimal_pdf(text + (b"0 0 1 1 re " + hiding + b" f\n") * 501, HELVETICA))
        with pytest.raises(ReadError, match="page 1 has 501 drawing operations, over the limit"):
            read_pdf(pdf, limits=limits)


def test_a_page_without_words_is_sent_as_read(tmp_path) -> None:
    pdf = tmp_path / "blank.pdf"
    pdf.write_bytes(minimal_pdf(b"0 0 m 100 0 l S", HELVETICA))
    read = read_file(pdf)
    sent = pickle.loads(pickle.dumps(read, pickle.HIGHEST_PROTOCOL))
    assert read.pages[0].words == [] and sent.pages == read.pages
