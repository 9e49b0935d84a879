"""`plan-extract audit PLAN.pdf|PLAN.json --out DIR`: the plan's own anomalies.

Writes DIR/audit.json and DIR/audit.md: duplicate, missing, out-of-order and misfiled numbers,
stale deadlines, empty cells, unmeasurable targets and signatures that do not fit the approval.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plan_extract.audit import SEVERITIES, SIGNATURE_LEAD_DAYS, audit_plan, summary, write_audit
from plan_extract.commands.extract import describe_failure, load_plans, printable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit")
    parser.add_argument("plan", type=Path, metavar="PLAN", help=".pdf or .json")
    parser.add_argument("--out", type=Path, default=Path("output"), help="default: output")
    parser.add_argument(
        "--signature-lead-days",
        type=int,
        default=SIGNATURE_LEAD_DAYS,
        help="report signatures more than this many days before the approval "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when there is a finding of this severity or worse",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        [plan] = load_plans([args.plan])
        findings = audit_plan(plan, signature_lead_days=args.signature_lead_days)
        written = write_audit(plan, findings, args.out)
    except Exception as exc:  # report, do not dump a traceback on the user
        print(printable(f"audit: {args.plan}: error: {describe_failure(exc)}"), file=sys.stderr)
        if args.debug:
            raise
        return 1
    by = summary(findings)["by_severity"]
    print(
        f"{args.plan}: {len(findings)} findings ({by['error']} errors, {by['warning']} warnings, "
        f"{by['info']} notes) → {', '.join(map(str, written))}"
    )
    if args.fail_on:
        worst = SEVERITIES[: SEVERITIES.index(args.fail_on) + 1]
        return 1 if any(f.severity in worst for f in findings) else 0
    return 0
