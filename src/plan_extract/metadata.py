"""Document metadata from the cover page, and each section's signature.

A section is signed by the visible stamp printed on one of its pages, else by a /Sig field whose
widget sits on one of its pages.
"""

from __future__ import annotations

import re

from plan_extract.furniture import Stamp
from plan_extract.models import Document, Signature
from plan_extract.reader import PageContent, SignatureField, Word
from plan_extract.text import collapse, group_lines, line_text
from plan_extract.vocabulary import Vocabulary, fold

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def document_metadata(cover: PageContent | None, vocabulary: Vocabulary) -> Document:
    """Title, organization, year, country and approval from the cover's text blocks."""
    if cover is None:
        return Document()
    blocks = _blocks(cover.words)
    texts = [collapse(" ".join(line_text(line) for line in block)) for block in blocks]
    title_at = next(
        (i for i, t in enumerate(texts) if any(m in fold(t) for m in vocabulary.title_markers)),
        None,
    )
    title = texts[title_at] if title_at is not None else None
    organization = texts[title_at - 1] if title_at else None
    approval = next(
        (t for t in texts if any(fold(t).startswith(m) for m in vocabulary.approval_markers)), None
    )
    country = next((c for t in texts for c in vocabulary.countries if fold(t) == fold(c)), None)
    year_match = _YEAR.search(title or "")
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
            same_size = abs(line[0].size - last[0].size) < 0.6
            if same_size and gap < 0.6 * line[0].size:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def section_signatures(
    sections: list[range], stamps: list[Stamp], fields: list[SignatureField]
) -> list[Signature | None]:
    """Each section's signature. A section's pages run up to the next section, since a stamp
    may sit on a page of its own after the table. A visible stamp signs the section it is
    printed in; a /Sig field signs the section its widget sits in, unless it is the same
    signing act (signer and time) as a stamp already placed."""
    stamped = {(s.signer, s.signed_at) for s in stamps}
    signatures: list[Signature | None] = []
    for pages in sections:
        stamp = next((s for s in stamps if s.page in pages), None)
        field = next(
            (f for f in fields if f.page in pages and (f.signer, f.signed_at) not in stamped), None
        )
        if stamp is not None:
            signatures.append(
                Signature(
                    signer=stamp.signer, signed_at=stamp.signed_at, source="stamp", page=stamp.page
                )
            )
        elif field is not None:
            signatures.append(
                Signature(
                    signer=field.signer, signed_at=field.signed_at, source="field", page=field.page
                )
            )
        else:
            signatures.append(None)
    return signatures
