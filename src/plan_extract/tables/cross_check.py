"""Cross-check: the native engine's cells against camelot's, cell by cell, by position.

Two engines that find rules differently (drawing operators vs. a rendered image) rarely make the
same mistake, so a cell where they agree is likely right and a cell where they differ deserves
an auditor's eye. Cells are paired by where they are printed, not by row and column numbers
(the engines may count spacing rows or columns differently): camelot's text for a native cell is
the text of every camelot cell whose centre lies inside it, on the same page. Texts are compared
without whitespace, since the engines join a cell's lines differently; camelot cells that fall
in no native cell are reported too (a table or a row the native engine missed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_extract.geometry import boxes_overlap
from plan_extract.normalize import collapse_whitespace
from plan_extract.tables.logical import Table, TablePiece


@dataclass
class Disagreement:
    table: int | None
    """Native table index; None for camelot text outside every native cell."""
    row: int | None
    col: int | None
    pages: list[int]
    native: str
    camelot: str
    kind: str
    """'text': camelot has cells there, with other text; 'span': camelot's cells there are
    merged or split otherwise (a camelot cell overlaps this one, none is centred in it); 'no
    camelot cell': camelot found no table there; 'no native cell': camelot text where the
    native engine has no cell."""


@dataclass
class CrossCheck:
    cells: int
    """Native cells compared."""
    agreed: int
    spacing_only: int = 0
    """Agreeing cells whose texts differ in whitespace only (how a line break was joined)."""
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.agreed / self.cells if self.cells else 1.0


def cross_check(native: list[Table], camelot: list[Table]) -> CrossCheck:
    others = [piece for table in camelot for cell in table.cells for piece in cell.pieces]
    used: set[int] = set()
    result = CrossCheck(0, 0)
    for table in native:
        for cell in table.cells:
            inside = [
                (k, other)
                for piece in cell.pieces
                for k, other in enumerate(others)
                if other.page == piece.page and _centre_inside(other, piece)
            ]
            used.update(k for k, _ in inside)
            texts = [other.text for _, other in sorted(inside, key=lambda e: _reading(e[1]))]
            theirs = collapse_whitespace(" ".join(t for t in texts if t))
            result.cells += 1
            if _squash(cell.text) == _squash(theirs):
                result.agreed += 1
                result.spacing_only += collapse_whitespace(cell.text) != theirs
                continue
            kind = "text" if inside else _missing_kind(cell.pieces, others)
            pages = sorted({p.page for p in cell.pieces})
            result.disagreements.append(
                Disagreement(table.index, cell.row, cell.col, pages, cell.text, theirs, kind)
            )
    for k, other in enumerate(others):
        if k not in used and other.text.strip():
            result.disagreements.append(
                Disagreement(
                    None,
                    None,
                    None,
                    [other.page],
                    "",
                    collapse_whitespace(other.text),
                    "no native cell",
                )
            )
    return result


def _missing_kind(pieces: list[TablePiece], others: list[TablePiece]) -> str:
    overlaps = any(
        o.page == p.page and boxes_overlap(o.bbox, p.bbox) for p in pieces for o in others
    )
    return "span" if overlaps else "no camelot cell"


def _centre_inside(piece: TablePiece, frame: TablePiece, slack: float = 1.0) -> bool:
    x0, top, x1, bottom = frame.bbox
    cx = (piece.bbox[0] + piece.bbox[2]) / 2
    cy = (piece.bbox[1] + piece.bbox[3]) / 2
    return x0 - slack <= cx <= x1 + slack and top - slack <= cy <= bottom + slack


def _reading(piece: TablePiece) -> tuple[int, float, float]:
    return (piece.page, piece.bbox[1], piece.bbox[0])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
