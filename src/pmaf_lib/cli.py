"""The ``pmaf`` command line: each sub-command lives in the package that owns it.

Exit codes are :class:`pmaf_lib.errors.ExitCode`: a :class:`~pmaf_lib.errors.PmafError` is
printed without a traceback and exits with its code; an ``OSError`` meaning the machine refused
(disk full, permission, read-only) exits 3; anything else is a bug: traceback, exit 4.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from pmaf_lib.errors import ExitCode, PmafError, is_refusal, refused

# (sub-command, module providing ``register(subparsers)``)
COMMANDS = (
    ("validate", "pmaf_lib.plan.cli"),
    ("sample", "pmaf_lib.sample.cli"),
    ("run", "pmaf_lib.run.cli"),
    ("import", "pmaf_lib.intake.import_cli"),
    ("template", "pmaf_lib.intake.template_cli"),
    ("init", "pmaf_lib.run.init_project"),
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
    try:
        return int(args.func(args) or 0)
    except PmafError as exc:
        return _fail(args.command, exc)
    except OSError as exc:
        if not is_refusal(exc):
            raise
        return _fail(args.command, refused("reading or writing files", exc))
    except KeyboardInterrupt:
        print(f"pmaf {args.command}: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception:  # a bug, not bad input: show where, and say so
        traceback.print_exc()
        print(f"pmaf {args.command}: internal error (a bug in pmaf)", file=sys.stderr)
        return ExitCode.INTERNAL


def _fail(command: str, exc: PmafError) -> int:
    print(f"pmaf {command}: {exc}", file=sys.stderr)
    return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
