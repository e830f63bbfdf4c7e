"""``pmaf run``: the monthly run from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmaf_lib.run.params import MAX_JOBS
from pmaf_lib.run.progress import NORMAL, QUIET, VERBOSE


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in ("html", "pdf")]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"expected html, pdf or html,pdf; got {text!r}")
    return formats


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 to {MAX_JOBS}; got {text!r}"
        )
    return jobs


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the month: execute and render every report",
        description="Execute the report notebooks for one month in parallel, render them to "
        "HTML and PDF, and publish outputs/<period>/ with index.html and manifest.json. "
        "Exit code 0: all reports ok; 1: some failed; 2: invalid input or parameters.",
    )
    parser.add_argument(
        "--period",
        default="latest",
        help="month to report (2025-09, Sep 2025) or 'latest' (default): the "
        "latest month where at least 90%% of monthly metrics have a value",
    )
    parser.add_argument("--params", type=Path, default=Path("params/monthly.yaml"))
    parser.add_argument("--data", type=Path, default=Path("data/sample"))
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--out", type=Path, default=Path("outputs"))
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        default=[],
        metavar="REPORT",
        help="only these reports: directorate:ASC, priority:1, portfolio "
        "(all portfolios), corporate_summary, directions_appendix",
    )
    parser.add_argument("--jobs", type=_jobs, help="parallel workers (default: params, else CPUs)")
    parser.add_argument("--formats", type=_formats, help="html, pdf or html,pdf")
    parser.add_argument("--renderer", choices=("auto", "nbconvert", "quarto"))
    parser.add_argument("--pdf-engine", choices=("auto", "chromium", "weasyprint"))
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true", help="warnings and errors only")
    noise.add_argument("--verbose", "-v", action="store_true", help="debug detail, kernel logs")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from pmaf_lib.run.monthly import RunRequest, run_month

    request = RunRequest(
        period=args.period,
        params_path=args.params,
        data_dir=args.data.resolve(),
        out_root=args.out.resolve(),
        notebooks_dir=args.notebooks,
        only=tuple(args.only),
        jobs=args.jobs,
        formats=args.formats,
        renderer=args.renderer,
        pdf_engine=args.pdf_engine,
        verbosity=QUIET if args.quiet else VERBOSE if args.verbose else NORMAL,
    )
    return run_month(request)
