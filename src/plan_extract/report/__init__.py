"""Review pages: self-contained HTML files showing every value, finding and change on the PDF
page it came from (`plan-extract report`, `extract --report`, and `diff`'s diff.html)."""

from plan_extract.report.plan_report import (
    REPORT_SUFFIX,
    extract_with_report,
    locate_pdf,
    report_html,
    write_report,
)

__all__ = ["REPORT_SUFFIX", "extract_with_report", "locate_pdf", "report_html", "write_report"]
