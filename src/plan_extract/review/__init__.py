"""Stage `review`: does the output deserve trust? Each check looks at evidence independent of
the stage that produced a value (the words read, where they are printed, the document's own
vocabulary, the numbering) and yields `Finding`s; `review_plan` gathers them into the plan's
`Review` (`needs_review` exactly when a finding of severity warning or error exists).

Checks (docs/review.md describes each, with what it catches and its measured recall):
`read_problem`, `unbacked_stamp`, `word_accounting`, `unassigned`, `numbering`, `cut_text`,
`cut_row_rest`, `reprinted_line`, `starts_mid_sentence`, `glued_words`, `split_word`,
`empty_activity`, `empty_cell`, `misplaced_piece`, `column_position`, `carried_word`,
`hyphen_line_end`, `engine_cell`, `running_line_in_cell`, `title_in_cell`, `stamp_in_cell`,
`row_between_cells`, `row_heading`, `detached_line`, `preamble_on_a_line`, `parent_block`,
`joined_cells`, `overprinted`, `header_words`, `past_table`; and the doubts a stage records and
the review keeps (`line_end_undecided`, `header_without_rows`, `unnamed_section`). Source
anomalies really printed (a duplicated number, a stale year, an empty cell with nothing printed
in it) are `plan-extract audit`'s business and never fire here.

Modules, lowest layer first: `joins`, `context`, `accounting`, `stray_words`, `hierarchy`,
`wording`, `line_ends`, `placement`, `indents`, `columns`, `parents`, `verdict`."""

from __future__ import annotations

from plan_extract.review.accounting import ACCOUNTING_FAULTS, WordAccount
from plan_extract.review.columns import (
    RULE_IN_LINE_SHARE,
    RULE_TOLERANCE,
    ColumnRules,
    RowRules,
    Rule,
    carried_word_findings,
)
from plan_extract.review.context import NEEDS_REVIEW_SEVERITIES, Line, SlashUsage, review_context
from plan_extract.review.hierarchy import numbering_findings
from plan_extract.review.indents import indented_line_findings, outdented_line_findings
from plan_extract.review.line_ends import (
    HYPHEN_LINE_END_SEVERITY,
    SETTLED_LINE_END,
    UNDECIDED_LINE_END,
    inner_split_findings,
    line_end_findings,
    line_end_label,
    settled_line_ends,
    unprinted_compound_findings,
)
from plan_extract.review.parents import parent_block_findings, placement_findings
from plan_extract.review.placement import row_between_cells_findings
from plan_extract.review.stray_words import (
    APART_FROM_THE_TABLES,
    ON_A_PAGE_WITHOUT_TABLES,
    header_word_findings,
    located_word_findings,
    overprinted_findings,
    past_table_findings,
    preamble_on_a_line_findings,
    row_heading_findings,
    running_line_findings,
    stamp_in_cell_findings,
    table_rows_in_furniture,
)
from plan_extract.review.verdict import (
    activity_checks,
    review_brief,
    review_line,
    review_markdown,
    review_plan,
    review_status,
    review_warning,
    shared_cell_findings,
)
from plan_extract.review.wording import (
    repeated_cell_findings,
    reprinted_line_findings,
    text_findings,
)

__all__ = [
    "ACCOUNTING_FAULTS",
    "APART_FROM_THE_TABLES",
    "HYPHEN_LINE_END_SEVERITY",
    "NEEDS_REVIEW_SEVERITIES",
    "ON_A_PAGE_WITHOUT_TABLES",
    "RULE_IN_LINE_SHARE",
    "RULE_TOLERANCE",
    "SETTLED_LINE_END",
    "UNDECIDED_LINE_END",
    "ColumnRules",
    "Line",
    "RowRules",
    "Rule",
    "SlashUsage",
    "WordAccount",
    "activity_checks",
    "carried_word_findings",
    "header_word_findings",
    "indented_line_findings",
    "inner_split_findings",
    "line_end_findings",
    "line_end_label",
    "located_word_findings",
    "numbering_findings",
    "outdented_line_findings",
    "overprinted_findings",
    "parent_block_findings",
    "past_table_findings",
    "placement_findings",
    "preamble_on_a_line_findings",
    "repeated_cell_findings",
    "reprinted_line_findings",
    "review_brief",
    "review_context",
    "review_line",
    "review_markdown",
    "review_plan",
    "review_status",
    "review_warning",
    "row_between_cells_findings",
    "row_heading_findings",
    "running_line_findings",
    "settled_line_ends",
    "shared_cell_findings",
    "stamp_in_cell_findings",
    "table_rows_in_furniture",
    "text_findings",
    "unprinted_compound_findings",
]
