"""``pmaf validate``: check a data folder and list every problem, or summarise what it holds."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import Any

from pmaf_lib.plan.loader import validate_data

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2
DEFAULT_DATA = "data/sample"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a council's data folder and list every problem",
        description="Check plan.yaml, reference.yaml, the metric register, targets, returns, "
        "milestone updates, benchmarks and assurance overrides. Exit 0 when valid, 2 when "
        "invalid, 1 on an internal error.",
    )
    parser.add_argument(
        "--data",
        default=os.environ.get("PMAF_DATA", DEFAULT_DATA),
        help=f"the data folder (default: $PMAF_DATA or {DEFAULT_DATA})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def summary_text(summary: dict[str, Any]) -> str:
    """The clean-data summary as a few readable lines."""
    freq = summary["metrics_by_frequency"]
    years = summary["financial_years"]
    return "\n".join(
        [
            f"{summary['council']}: {summary['plan']} ({years[0]} to {years[-1]}, "
            f"{len(years)} financial years)",
            f"  plan:      {summary['priorities']} priorities, {summary['outcomes']} outcomes, "
            f"{summary['deliverables']} deliverables, {summary['milestones']} milestones",
            f"  metrics:   {summary['metrics']} ({freq['monthly']} monthly, "
            f"{freq['quarterly']} quarterly, {freq['annual']} annual; "
            f"{summary['metrics_without_target']} without a target)",
            f"  reference: {summary['directorates']} directorates, {summary['portfolios']} "
            f"portfolios, {summary['directions']} improvement Directions",
            f"  data:      {summary['values']:,} values over {summary['months_of_history']} months "
            f"({summary['first_month']} to {summary['latest_month']}); "
            f"{summary['milestone_updates']:,} milestone updates; "
            f"{summary['benchmark_rows']:,} benchmark rows; {summary['files']} files",
        ]
    )


def run(args: argparse.Namespace) -> int:
    try:
        report = validate_data(args.data)
    except Exception:  # a bug, not bad data: say so and exit 1
        traceback.print_exc()
        print(f"pmaf validate: internal error while reading {args.data}", file=sys.stderr)
        return EXIT_INTERNAL
    if args.format == "json":
        print(report.to_json())
    else:
        print(report.to_text())
        if report.summary:
            print()
            print(summary_text(report.summary))
    return EXIT_OK if report.ok else EXIT_INVALID
