from __future__ import annotations

import pickle

from pdf_bytes import minimal_pdf

from plan_extract.pdf.reader import (
    _words,
    content_of,
    pdf_date_to_iso,
    read_file,
    read_pdf,
)


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
    sent = pickle.loads(pickle.dumps(read_file(pdf), pickle.HIGHEST_PROTOCOL))
    made = content_of(sent)
    assert made == here
    assert [w.text for w in made.pages[0].words] == ["Plan", "anual"]
    assert min(w.seq for w in made.pages[0].words) > max(w.seq for w in here.pages[0].words)
