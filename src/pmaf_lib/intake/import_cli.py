"""``pmaf import MAPPING.yaml``: bring a council's own files into its data folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID = 0, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import source files (LGBF, Oflog, wide spreadsheets, ...) through a YAML mapping",
        description="Read the source files a mapping names and write returns/<name>.csv, "
        "benchmarks.csv and targets.csv rows into the data folder. --dry-run shows what would "
        "change (new, changed and removed values per metric and period) and writes nothing. "
        "See docs/importing.md. Exit 0 when imported (or nothing changed), 2 on errors.",
    )
    parser.add_argument("mapping", type=Path, help="the mapping file (YAML)")
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("PMAF_DATA", "data/sample"))
    )
    parser.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pmaf_lib.intake.importer import run_import

    report = run_import(args.mapping, args.data, dry_run=args.dry_run)
    print(report.to_text())
    return EXIT_OK if report.ok else EXIT_INVALID
