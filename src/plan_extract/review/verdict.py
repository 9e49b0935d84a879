"""The review's verdict: every check run over an extracted plan (`review_plan`), the status, and
the one-line, brief and markdown summaries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from plan_extract.models import Activity, Finding, Plan, Review
from plan_extract.pdf.page_pool import beside, can_fork
from plan_extract.pdf.reader import PdfContent
from plan_extract.review.accounting import (
    WordAccount,
    account_words,
    accounting_findings,
    read_problem_findings,
    unbacked_stamp_findings,
)
from plan_extract.review.columns import carried_word_findings, ruling_findings
from plan_extract.review.context import (
    NEEDS_REVIEW_SEVERITIES,
    SPANNING_FIELDS,
    PagesByHeight,
    ReviewContext,
    review_context,
)
from plan_extract.review.hierarchy import numbering_findings
from plan_extract.review.indents import indented_line_findings, outdented_line_findings
from plan_extract.review.line_ends import (
    UNDECIDED_LINE_END,
    inner_split_findings,
    line_end_findings,
    settled_line_ends,
    unprinted_compound_findings,
)
from plan_extract.review.parents import parent_block_findings, placement_findings
from plan_extract.review.placement import row_between_cells_findings
from plan_extract.review.stray_words import (
    header_word_findings,
    located_word_findings,
    overprinted_findings,
    past_table_findings,
    preamble_on_a_line_findings,
    row_heading_findings,
    running_line_findings,
    stamp_in_cell_findings,
    table_rows_in_furniture,
    title_in_cell_findings,
)
from plan_extract.review.wording import (
    repeated_cell_findings,
    reprinted_line_findings,
    text_findings,
)
from plan_extract.tables.page_grid import PageGrid


def doubtful(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that make a document `needs_review`."""
    return [f for f in findings if f.severity in NEEDS_REVIEW_SEVERITIES]


def review_line(review: Review) -> str:
    """`needs review: N findings (first: …)`, the one line `extract` prints for a doubtful
    file; empty for a file that is ok."""
    shown = doubtful(review.findings)
    if review.status == "ok" or not shown:
        return ""
    first = shown[0]
    where = f"page {first.page}, " if first.page is not None else ""
    return f"needs review: {len(shown)} findings (first: {where}{first.check}: {first.message})"


def activity_checks(review: Review) -> tuple[dict[str, list[str]], list[str]]:
    """The checks (warning or error) that fired on each activity id, and those that name no
    activity (a doubt that cannot be located concerns every activity)."""
    per_activity: dict[str, list[str]] = defaultdict(list)
    unlocated: list[str] = []
    for finding in doubtful(review.findings):
        target = per_activity[finding.activity_id] if finding.activity_id else unlocated
        if finding.check not in target:
            target.append(finding.check)
    return dict(per_activity), unlocated


def review_brief(review: Review) -> dict[str, object]:
    """A plan's review as the diff and transcription reports carry it: its status and how
    many findings make it doubtful."""
    return {"status": review.status, "findings": len(doubtful(review.findings))}


def review_warning(sides: dict[str, Review]) -> str:
    """The sentence a comparison adds when a side needs review: a difference may then be an
    extraction error rather than a change. Empty when every side is ok."""
    doubted = [
        f"{name} needs review ({len(doubtful(r.findings))} findings)"
        for name, r in sides.items()
        if r.status != "ok"
    ]
    if not doubted:
        return ""
    return "; ".join(doubted) + ": a difference may be an extraction error"


def review_markdown(plan: Plan) -> str:
    """`<stem>.review.md`: the findings grouped by section, each with its page, activity and
    the printed text it quotes, so that a person can check them against the PDF."""
    review = plan.review
    lines = [f"# Review of {plan.source or 'the plan'}: {review.status}", ""]
    shown = doubtful(review.findings)
    lines.append(
        f"{len(shown)} findings make it doubtful (warning or error); "
        f"{len(review.notes)} notes are for information."
        if shown
        else "No finding makes it doubtful."
    )
    numbers = {a.activity_id: a.activity_number for _, a in plan.activities()}
    groups: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in [*review.findings, *review.notes]:
        groups[finding.section].append(finding)
    for section in [*[s.name for s in plan.sections], None]:
        if section not in groups:
            continue
        lines += ["", f"## {section or 'Whole document'}", ""]
        for f in sorted(groups.pop(section), key=lambda f: (f.page or 0, f.activity_id or "")):
            where = [f"page {f.page}" if f.page is not None else "", f.field or ""]
            if f.activity_id:
                number = numbers.get(f.activity_id)
                where.insert(0, f"activity {number}" if number else f"`{f.activity_id}`")
            place = ", ".join(w for w in where if w)
            lines.append(f"- **{f.severity}** `{f.check}` ({place}): {f.message}")
    for section, findings in groups.items():  # sections the plan no longer names
        lines += ["", f"## {section}", ""]
        lines += [f"- **{f.severity}** `{f.check}`: {f.message}" for f in findings]
    return "\n".join(lines) + "\n"


UNSETTLED_CHECKS = frozenset({UNDECIDED_LINE_END})
"""Checks whose `info` findings are doubts nothing can settle, on a named activity's field:
a hyphen line end the producer wrote no space at and the language cannot read
('Paniamor-' / 'Programa': the plans print that compound both ways). They stay `info`
(an exact document is not sent to review for them) but are listed among the findings, on
the activity and field, so that a consumer checking values sees where the doubt lies."""


def _unsettled(finding: Finding) -> bool:
    return (
        finding.check in UNSETTLED_CHECKS
        and finding.activity_id is not None
        and finding.field is not None
    )


def review_status(findings: Iterable[Finding]) -> Review:
    """Doubts (warning, error) in `findings` decide the status; `info` goes to `notes`, but
    for the doubts nothing can settle (`UNSETTLED_CHECKS`), which stay among the findings."""
    findings = list(findings)
    doubts = [f for f in findings if f.severity in NEEDS_REVIEW_SEVERITIES or _unsettled(f)]
    notes = [f for f in findings if f.severity not in NEEDS_REVIEW_SEVERITIES and not _unsettled(f)]
    status = "needs_review" if doubtful(doubts) else "ok"
    return Review(status=status, findings=doubts, notes=notes)


def review_plan(
    plan: Plan,
    content: PdfContent,
    grids: list[list[PageGrid]] | None = None,
    processes: int = 1,
) -> Review:
    """All checks over an extracted (and enriched) plan and the content it was read from.
    Findings a stage already put in `plan.review.findings` (doubts it could not resolve, such
    as an undecidable line end) are kept. With `processes` > 1 (a CPU free for this file:
    the extract command's worker), the checks that read the context alone (`_apart_checks`)
    run in a helper forked once the context is built (`page_pool.beside`: it inherits the
    context) while this process counts the words and runs the others (`_rest_checks`): the
    same findings in the same order, about half the checks' time off the critical path."""
    heights = PagesByHeight(content.pages)  # one index of the words for every check
    context = review_context(plan, content.pages, content.line_end_spaces, grids, heights)
    if processes > 1 and can_fork():
        rest: list[_Rest] = []
        apart = beside(
            lambda: _apart_checks(context),
            lambda: rest.append(_rest_checks(plan, content, context)),
        )
        here = rest[0]
    else:
        here = _rest_checks(plan, content, context)
        apart = _apart_checks(context)
    findings = [
        *apart.settled,
        *here.first,
        *apart.line_ends,
        *apart.placement,
        *here.later,
        *apart.ruling,
    ]
    review = review_status([*findings, *shared_cell_findings(plan, findings)])
    review.words = here.account.counts()
    return review


@dataclass
class _Apart:
    """The findings of the checks that read the review's context alone and take about half
    of the checks' time (on the shared plans: the line ends 12-14 ms, the rules 8-9,
    placement 4-5 of 40-45): the ones `review_plan` may run in a helper."""

    settled: list[Finding]
    line_ends: list[Finding]
    """`line_end_findings`, `unprinted_compound_findings`, `inner_split_findings`."""
    placement: list[Finding]
    ruling: list[Finding]


def _apart_checks(context: ReviewContext) -> _Apart:
    plan = context.plan
    return _Apart(
        settled=settled_line_ends(context, plan.review.findings),
        line_ends=[
            *line_end_findings(context),
            *unprinted_compound_findings(context, plan.review.findings),
            *inner_split_findings(context),
        ],
        placement=placement_findings(context),
        ruling=ruling_findings(context),
    )


@dataclass
class _Rest:
    """The word account and the findings of the other checks, in their order around
    `_Apart`'s."""

    account: WordAccount
    first: list[Finding]
    later: list[Finding]


def _rest_checks(plan: Plan, content: PdfContent, context: ReviewContext) -> _Rest:
    account = account_words(plan, content.pages, context)
    account.misplaced = table_rows_in_furniture(context)
    first = [
        *read_problem_findings(content.problems),
        *unbacked_stamp_findings(plan, content),
        *accounting_findings(account),
        *located_word_findings(context, account),
        *row_heading_findings(context, account.misplaced),
        *header_word_findings(context),
        *past_table_findings(context, account.misplaced),
        *running_line_findings(context),
        *title_in_cell_findings(context),
        *stamp_in_cell_findings(context),
        *overprinted_findings(context),
        *preamble_on_a_line_findings(context),
        *numbering_findings(plan),
        *text_findings(context),
        *repeated_cell_findings(plan),
        *reprinted_line_findings(plan),
    ]
    later = [
        *row_between_cells_findings(context),
        *parent_block_findings(context),
        *indented_line_findings(context),
        *outdented_line_findings(context),
        *carried_word_findings(context),
    ]
    return _Rest(account, first, later)


def shared_cell_findings(plan: Plan, findings: list[Finding]) -> list[Finding]:
    """A doubt about one activity's merged cell (strategic action, objective) is a doubt
    about every activity that carries the same printed lines read as the same value: each
    gets the finding too."""
    owners: dict[tuple, list[Activity]] = defaultdict(list)
    by_id: dict[str | None, Activity] = {}
    for section, activity in plan.activities():
        by_id[activity.activity_id] = activity
        for name in SPANNING_FIELDS:
            for piece in activity.provenance.get(name, []):
                owners[(section.name, name, piece.page, tuple(piece.bbox))].append(activity)
    shared = []
    known = {(f.activity_id, f.check, f.field, f.page, f.message) for f in findings}
    for finding in findings:
        doubted = by_id.get(finding.activity_id)
        if doubted is None or finding.field not in SPANNING_FIELDS:
            continue
        others = {
            other.activity_id: other
            for piece in doubted.provenance.get(finding.field, [])
            for other in owners[(finding.section, finding.field, piece.page, tuple(piece.bbox))]
            if other is not doubted
            and getattr(other, finding.field) == getattr(doubted, finding.field)
        }
        number = doubted.activity_number or doubted.activity_id
        for other_id in others:
            key = (other_id, finding.check, finding.field, finding.page, finding.message)
            if key in known:  # the same doubt is already the other activity's own
                continue
            known.add(key)
            shared.append(
                finding.model_copy(
                    update={
                        "activity_id": other_id,
                        "message": f"{finding.message} (a merged cell shared with activity "
                        f"{number})",
                    }
                )
            )
    return shared
