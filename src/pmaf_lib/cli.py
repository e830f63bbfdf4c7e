"""The ``pmaf`` command line: each sub-command lives in the package that owns it."""

from __future__ import annotations

import argparse
import importlib
import sys

# (sub-command, module providing ``register(subparsers)``)
COMMANDS = (
    ("validate", "pmaf_lib.plan.cli"),
    ("sample", "pmaf_lib.sample.cli"),
    ("run", "pmaf_lib.run.cli"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmaf", description="Council performance management and assurance framework."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for _name, module in COMMANDS:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; every sub-command sets ``func`` returning the exit code."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
