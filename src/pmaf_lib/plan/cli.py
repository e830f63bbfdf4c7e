"""``pmaf validate``: check a data folder and list every problem, or summarise what it holds."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from pmaf_lib.errors import ExitCode
from pmaf_lib.plan.loader import read_data
from pmaf_lib.project import default_data_dir


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a council's data folder and list every problem",
        description="Check plan.yaml, reference.yaml, the metric register, targets, returns, "
        "milestone updates, benchmarks and assurance overrides. Exit 0 when valid, 2 when "
        "invalid, 4 on an internal error (a bug).",
    )
    parser.add_argument(
        "--data",
        help="the data folder (default: $PMAF_DATA, else data/ or data/sample/ here)",
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
    args.data = args.data or str(default_data_dir())
    council, report = read_data(args.data)
    if council is not None:
        from pmaf_lib.indicators.rebase_advice import rebase_advice  # the engine, only if valid

        report = replace(report, problems=report.problems + tuple(rebase_advice(council)))
    if args.format == "json":
        print(report.to_json())
    else:
        print(report.to_text())
        if report.summary:
            print()
            print(summary_text(report.summary))
    return ExitCode.OK if report.ok else ExitCode.INVALID
