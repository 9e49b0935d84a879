"""Command line: `plan-extract COMMAND ...`. Each feature module registers its own command."""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that expose `register(subparsers)`; each adds one sub-command.
COMMAND_MODULES: tuple[str, ...] = (
    "plan_extract.commands.extract",
    "plan_extract.commands.schema",
    "plan_extract.commands.export",
    "plan_extract.commands.diff",
    "plan_extract.commands.audit",
    "plan_extract.commands.tables",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plan-extract", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
