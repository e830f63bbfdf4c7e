"""``pmaf template``: write the monthly return workbook for services to fill in."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID = 0, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "template",
        help="write the monthly return workbook services fill in",
        description="Write an .xlsx return for one month: one sheet per directorate, one row "
        "per metric due that month, context figures locked, input cells validated. Returned "
        "as filled, it is read from returns/ by pmaf validate and pmaf run.",
    )
    parser.add_argument("--period", required=True, help="the month, e.g. 2026-11 or Nov 2026")
    parser.add_argument(
        "--directorate",
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="only these directorates (default: all)",
    )
    parser.add_argument("--data", default=os.environ.get("PMAF_DATA", "data/sample"))
    parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pmaf_lib.intake.template import TemplateError, write_template
    from pmaf_lib.plan import ValidationFailed, load_council

    if args.out.suffix.lower() != ".xlsx":
        print(f"pmaf template: --out {args.out} must end in .xlsx", file=sys.stderr)
        return EXIT_INVALID
    try:
        council = load_council(args.data)
        counts = write_template(council, args.period, args.out, args.directorate)
    except ValidationFailed as exc:
        print(f"pmaf template: the data in {args.data} is not valid:", file=sys.stderr)
        print(exc.report.to_text(), file=sys.stderr)
        return EXIT_INVALID
    except TemplateError as exc:
        print(f"pmaf template: {exc}", file=sys.stderr)
        return EXIT_INVALID
    sheets = ", ".join(f"{name} ({n})" for name, n in counts.items())
    print(f"wrote {args.out}: {sum(counts.values())} metrics on {len(counts)} sheets: {sheets}")
    return EXIT_OK
