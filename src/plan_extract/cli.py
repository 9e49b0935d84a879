"""Command line: `plan-extract COMMAND ...`. Each feature module registers its own command.

Errors are one line `plan-extract COMMAND: error: reason` and exit status 1; `--debug` (before
or after the command) shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("plan_extract.commands.extract", "extract plan PDFs into JSON and CSV"),
    "schema": ("plan_extract.commands.schema", "print the JSON Schema of the output"),
    "export": (
        "plan_extract.commands.export",
        "write enriched tables (CSV, Excel, Parquet) of plan PDFs or JSON files",
    ),
    "diff": (
        "plan_extract.commands.diff",
        "compare two plans (PDF or JSON), or a plan with a hand-typed sheet (CSV/XLSX)",
    ),
    "audit": (
        "plan_extract.commands.audit",
        "report a plan's anomalies (numbering, stale deadlines, empty cells...)",
    ),
    "tables": (
        "plan_extract.commands.tables",
        "extract the ruled tables of any PDF into JSON and one CSV per table",
    ),
    "report": (
        "plan_extract.commands.report",
        "write a self-contained HTML review page of a plan (PDF or JSON)",
    ),
    "debug": (
        "plan_extract.commands.debug",
        "draw what each stage found on one page (grids, columns, rows, furniture) as PNG",
    ),
}
"""Each sub-command: the module that exposes `register(subparsers)` (adding the command's
parser), and the line that lists it in `plan-extract --help`."""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: only the named command's module is imported (importing every
    command pulls pandas and more into a run that needs none of it). For help, a typo or no
    argv, no command module at all: each command is listed by name and help line."""
    parser = argparse.ArgumentParser(prog="plan-extract", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    subparsers = parser.add_subparsers(dest="command", required=True)
    wanted = _command_name(argv)
    if wanted in COMMANDS:
        importlib.import_module(COMMANDS[wanted][0]).register(subparsers)
        return parser
    for name, (_, help_line) in COMMANDS.items():
        subparsers.add_parser(name, help=help_line)
    return parser


def _command_name(argv: list[str] | None) -> str | None:
    """The first argument that is not an option (top-level options take no value)."""
    return next((a for a in argv or [] if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    command = args.command
    top_debug = "--debug" in argv[: argv.index(command)] if command in argv else False
    args.debug = top_debug or bool(getattr(args, "debug", False))
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print(f"plan-extract {command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `plan-extract … | head`: the reader left, nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        if args.debug:
            raise
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        print(
            f"plan-extract {command}: error: {detail} (--debug shows the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
