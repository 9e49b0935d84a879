"""Document metadata from the cover page, and each section's signature.

A section is signed by the visible stamp printed on one of its pages, else by a /Sig field whose
widget sits on one of its pages.
"""

from __future__ import annotations

import itertools

from plan_extract.models import Document, Signature
from plan_extract.normalize import YEAR, collapse_whitespace, vocabulary_key
from plan_extract.pdf.reader import PageContent, SignatureField, Word
from plan_extract.pdf.text import group_lines, line_text
from plan_extract.plan.furniture import Stamp
from plan_extract.plan.vocabulary import Vocabulary

BLOCK_SIZE_SLACK = 0.6
"""Points: lines whose font sizes differ by less than this are of one size (a cover's block
of text is set in one size; rounding and synthetic bold move it a little)."""
BLOCK_GAP_EM = 0.6
"""Em: a blank under a line narrower than this keeps the next line in its block (leading
only); a wider one is a blank line between blocks."""


def _block_text(lines: list[list[Word]]) -> str:
    """A cover block's lines joined by spaces, except after a hyphen with no space written
    (`CNNA 04-` / `2023`): covers are set line by line, so a missing space at another line
    end says nothing, even where the body writes them."""
    text = line_text(lines[0]) if lines else ""
    for before, line in itertools.pairwise(lines):
        hyphen_goes_on = before[-1].text.endswith("-") and before[-1].space_after is not True
        text += line_text(line) if hyphen_goes_on else " " + line_text(line)
    return text


def document_metadata(cover: PageContent | None, vocabulary: Vocabulary) -> Document:
    """Title, organization, year, country and approval from the cover's text blocks (their
    lines joined as cells' are: a line ending in a hyphen without a space goes on)."""
    if cover is None:
        return Document()
    blocks = _blocks(cover.words)
    texts = [collapse_whitespace(_block_text(block)) for block in blocks]
    title_at = next(
        (
            i
            for i, t in enumerate(texts)
            if any(m in vocabulary_key(t) for m in vocabulary.title_markers)
        ),
        None,
    )
    title = texts[title_at] if title_at is not None else None
    organization = texts[title_at - 1] if title_at else None
    approval = next(
        (
            t
            for t in texts
            if any(vocabulary_key(t).startswith(m) for m in vocabulary.approval_markers)
        ),
        None,
    )
    country = next(
        (c for t in texts for c in vocabulary.countries if vocabulary_key(t) == vocabulary_key(c)),
        None,
    )
    year_match = YEAR.search(title or "")
    return Document(
        title=title,
        organization=organization,
        year=int(year_match.group(0)) if year_match else None,
        country=country,
        approval=approval,
    )


def _blocks(words: list[Word]) -> list[list[list[Word]]]:
    """Lines grouped into blocks: same font size and no blank line between them."""
    blocks: list[list[list[Word]]] = []
    for line in group_lines(words):
        if blocks:
            last = blocks[-1][-1]
            gap = min(w.top for w in line) - max(w.bottom for w in last)
            same_size = abs(line[0].size - last[0].size) < BLOCK_SIZE_SLACK
            if same_size and gap < BLOCK_GAP_EM * line[0].size:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def section_signatures(
    starts: list[tuple[int, float]], stamps: list[Stamp], fields: list[SignatureField]
) -> list[Signature | None]:
    """Each section's signature; `starts` gives where each section begins (page, top).

    A stamp or a /Sig widget signs the section printed above it: the last one that begins
    before it, so a stamp on a page of its own, or above the next section's start on a
    shared page, goes to the section it closes. A field that is the same signing act
    (signer and time) as a visible stamp is not counted twice."""
    stamped = {(s.signer, s.signed_at) for s in stamps}
    signatures: list[Signature | None] = [None] * len(starts)

    def owner(page: int, top: float) -> int | None:
        before = [i for i, start in enumerate(starts) if start <= (page, top)]
        return before[-1] if before else None

    for field in fields:
        if (field.signer, field.signed_at) in stamped or field.page is None:
            continue
        index = owner(field.page, field.top if field.top is not None else float("inf"))
        if index is not None and signatures[index] is None:
            signatures[index] = Signature(
                signer=field.signer, signed_at=field.signed_at, source="field", page=field.page
            )
    for stamp in stamps:  # a visible stamp outranks a field
        top = min(w.top for w in stamp.words)
        index = owner(stamp.page, top)
        current = signatures[index] if index is not None else None
        if index is not None and (current is None or current.source == "field"):
            signatures[index] = Signature(
                signer=stamp.signer, signed_at=stamp.signed_at, source="stamp", page=stamp.page
            )
    return signatures
