"""What the review page draws over each page: the table grid as the engine read it, the
furniture and stamps the plan set aside, the words no field took, and every activity's cells.

The grid and the furniture are not in the output JSON, so they are recomputed here by the same
stages the pipeline runs (`tables.finder.find_grids`, `plan.furniture.find_furniture`) over a
fresh read of the PDF: the page shows what the pipeline saw, without the pipeline having to keep
its intermediates for a report nobody asked for. The cells come from the activities'
provenance, so they show exactly the printed pieces each value was built from.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from plan_extract.geometry import BBox
from plan_extract.models import Piece, Plan
from plan_extract.pdf.reader import PdfContent, Word
from plan_extract.pdf.text import group_lines, line_text
from plan_extract.plan.furniture import Furniture, find_furniture
from plan_extract.plan.vocabulary import load_vocabulary
from plan_extract.tables.finder import find_grids
from plan_extract.tables.page_grid import PageGrid

BBOX_DECIMALS = 1
"""Points are rounded to a tenth in the page's data: finer than a screen pixel at the report's
resolution, and it keeps the file small."""


@dataclass(frozen=True)
class Mark:
    """One rectangle on one page that is not an activity's cell."""

    page: int
    bbox: BBox
    kind: str
    """'grid' (a cell of the engine's grid), 'merged' (a grid cell spanning several rows or
    columns), 'furniture' (running header/footer, page number), 'stamp' (a visible signature
    stamp) or 'unassigned' (a word inside a table that no field took)."""
    text: str = ""


@dataclass
class CellPiece:
    """The part of one field's cell printed on one page: the union of the printed lines the
    value was built from there. A spanning cell (strategic action, objective) is one piece
    shared by every activity under it."""

    page: int
    bbox: BBox
    field: str
    text: str
    activities: list[int] = dataclasses.field(default_factory=list)
    """Positions (in `Plan.activities()` order) of the activities this piece belongs to."""
    linked: list[int] = dataclasses.field(default_factory=list)
    """Indices of the pieces of the same cell on other pages (a cell cut by a page break)."""


@dataclass
class Evidence:
    marks: list[Mark]
    pieces: list[CellPiece]
    activity_pieces: list[list[int]]
    """For each activity (plan order), the indices of its pieces."""


def _rounded(bbox: tuple[float, ...]) -> BBox:
    x0, top, x1, bottom = (round(v, BBOX_DECIMALS) for v in bbox)
    return (x0, top, x1, bottom)


def union(boxes: list[BBox]) -> BBox:
    return _rounded(
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    )


def grid_marks(grid: PageGrid) -> list[Mark]:
    """Each printed cell (region) of an engine grid; a region of several elementary cells is a
    merged cell."""
    sizes: dict[int, int] = defaultdict(int)
    for row in grid.owner:
        for region in row:
            sizes[region] += 1
    return [
        Mark(
            grid.page,
            _rounded(grid.region_bbox(region)),
            "merged" if size > 1 else "grid",
            grid.texts.get(region, ""),
        )
        for region, size in sizes.items()
    ]


def _line_marks(lines: list[list[Word]], kind: str) -> list[Mark]:
    return [
        Mark(line[0].page, union([w.bbox for w in line]), kind, line_text(line)) for line in lines
    ]


def page_marks(
    content: PdfContent,
    grids: list[list[PageGrid]] | None = None,
    furniture: Furniture | None = None,
) -> list[Mark]:
    """The grid, furniture and stamps of every page, as the pipeline's own stages find them:
    `grids` and `furniture` as a traced run kept them (`pipeline.Trace`), else found now (a
    plan loaded from JSON)."""
    lattices = grids if grids is not None else find_grids(content.pages)
    if furniture is None:
        furniture = find_furniture(content.pages, load_vocabulary(), lattices)
    marks = [m for grids in lattices for grid in grids for m in grid_marks(grid)]
    stamped = {w.seq for stamp in furniture.stamps for w in stamp.words}
    for stamp in furniture.stamps:
        marks.extend(_line_marks(group_lines(list(stamp.words)), "stamp"))
    for page in content.pages:
        other = [w for w in page.words if w.seq in furniture.word_ids and w.seq not in stamped]
        marks.extend(_line_marks(group_lines(other), "furniture"))
    return marks


def unassigned_marks(plan: Plan) -> list[Mark]:
    return [
        Mark(w.page, _rounded(w.bbox), "unassigned", f"{w.text} ({w.reason})")
        for w in plan.unassigned
    ]


def cell_pieces(plan: Plan) -> tuple[list[CellPiece], list[list[int]]]:
    """Every activity's cells, one piece per field and page; the same printed piece (a spanning
    cell) is stored once with all its activities; pieces of one cell on several pages are
    linked to each other."""
    pieces: list[CellPiece] = []
    by_key: dict[tuple[str, int, BBox], int] = {}
    per_activity: list[list[int]] = []
    for position, (_, activity) in enumerate(plan.activities()):
        mine: list[int] = []
        for name, printed in activity.provenance.items():
            pages: dict[int, list[Piece]] = defaultdict(list)
            for piece in printed:
                pages[piece.page].append(piece)
            cell: list[int] = []
            for page, lines in sorted(pages.items()):
                bbox = union([p.bbox for p in lines])
                key = (name, page, bbox)
                if key not in by_key:
                    text = " ".join(p.text for p in lines)
                    by_key[key] = len(pieces)
                    pieces.append(CellPiece(page, bbox, name, text))
                index = by_key[key]
                if position not in pieces[index].activities:
                    pieces[index].activities.append(position)
                cell.append(index)
            for index in cell:
                others = [o for o in cell if o != index and o not in pieces[index].linked]
                pieces[index].linked.extend(others)
            mine.extend(cell)
        per_activity.append(mine)
    return pieces, per_activity


def gather(
    plan: Plan,
    content: PdfContent | None,
    grids: list[list[PageGrid]] | None = None,
    furniture: Furniture | None = None,
) -> Evidence:
    """All overlays of the review page; without the PDF's content, only what the plan holds.
    `grids` and `furniture`: the run's own, when the plan was extracted with them kept."""
    marks = page_marks(content, grids, furniture) if content is not None else []
    marks.extend(unassigned_marks(plan))
    pieces, per_activity = cell_pieces(plan)
    return Evidence(marks, pieces, per_activity)
