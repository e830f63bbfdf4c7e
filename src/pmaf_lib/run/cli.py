"""``pmaf run``: the monthly run from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pmaf_lib.run.params import MAX_JOBS
from pmaf_lib.run.progress import NORMAL, QUIET, VERBOSE

if TYPE_CHECKING:
    from pmaf_lib.run.monthly import RunRequest


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


def _scheduler(text: str) -> str:
    from pmaf_lib.run.dask_engine import SchedulerError, check_scheduler

    try:
        return check_scheduler(text)
    except SchedulerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _shard(text: str) -> tuple[int, int]:
    from pmaf_lib.run.shards import ShardError, parse_shard

    try:
        return parse_shard(text)
    except ShardError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
    parser.add_argument(
        "--params",
        type=Path,
        help="run definition (default: params/monthly.yaml here, else pmaf's defaults)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        metavar="DIR",
        help="the council's data folder (default: $PMAF_DATA, else data/ or data/sample/ here); "
        "several folders (councils/*/) run as one batch, each published in OUT/<folder name>/",
    )
    parser.add_argument(
        "--batch",
        type=Path,
        metavar="FILE",
        help="YAML list of councils ({data: DIR, params: FILE, name: NAME}) run as one batch",
    )
    parser.add_argument(
        "--shard",
        type=_shard,
        metavar="i/N",
        help="run only every N-th report from the i-th into OUT/<period>.shard-i-of-N/; "
        "then pmaf assemble publishes the month",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        help="report notebooks (default: notebooks/ here, else the ones shipped with pmaf)",
    )
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
    parser.add_argument(
        "--scheduler",
        type=_scheduler,
        metavar="local-dask|tcp://HOST:PORT|tls://HOST:PORT",
        help="run the reports on Dask (pip install 'pmaf[dask]'; docs/scaling.md) instead of "
        "the embedded process pool",
    )
    parser.add_argument("--formats", type=_formats, help="html, pdf or html,pdf")
    parser.add_argument("--renderer", choices=("auto", "nbconvert", "quarto"))
    parser.add_argument("--pdf-engine", choices=("auto", "chromium", "weasyprint"))
    parser.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a new kernel for every report (default: each worker keeps its kernel and "
        "gives every report a new session in it)",
    )
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true", help="warnings and errors only")
    noise.add_argument("--verbose", "-v", action="store_true", help="debug detail, kernel logs")
    parser.set_defaults(func=_run)
    assemble = subparsers.add_parser(
        "assemble",
        help="publish a month from the shards of pmaf run --shard i/N",
        description="Check that every shard of the month is present and that all agree (input "
        "hashes, software, git commit, parameters), then write the index and manifest and "
        "publish OUT/<period>/ atomically. Exit 0: all reports ok; 1: some failed; 2: a shard "
        "missing or disagreeing (nothing published).",
    )
    assemble.add_argument("--from", dest="shards", type=Path, help="shard folders' parent "
                          "(default: --out)")  # fmt: skip
    assemble.add_argument("--out", type=Path, default=Path("outputs"))
    assemble.add_argument("--period", help="the month, when shards of several are present")
    assemble.set_defaults(func=_assemble)


def _run(args: argparse.Namespace) -> int:
    from pmaf_lib import project
    from pmaf_lib.errors import InvalidRun
    from pmaf_lib.run.monthly import RunRequest, run_month

    folders = args.data or [project.default_data_dir()]
    batch = args.batch is not None or len(folders) > 1
    if batch and args.shard:
        raise InvalidRun("--shard runs one council; not with a batch (--data DIR...)")
    request = RunRequest(
        period=args.period,
        params_path=args.params or project.default_params(),
        data_dir=folders[0].resolve(),
        out_root=args.out.resolve(),
        notebooks_dir=args.notebooks or project.default_notebooks(),
        only=tuple(args.only),
        jobs=args.jobs,
        formats=args.formats,
        renderer=args.renderer,
        pdf_engine=args.pdf_engine,
        verbosity=QUIET if args.quiet else VERBOSE if args.verbose else NORMAL,
        scheduler=args.scheduler,
        fresh_kernels=args.fresh_kernels,
    )
    if batch:
        return _run_batch(args, request, folders)
    if args.shard:
        from pmaf_lib.run.shards import run_shard

        return run_shard(request, args.shard)
    return run_month(request)


def _run_batch(args: argparse.Namespace, request: RunRequest, folders: list[Path]) -> int:
    from pmaf_lib.run.batch import councils_from_folders, read_batch_file, run_batch

    councils = (
        read_batch_file(args.batch)
        if args.batch
        else councils_from_folders(folders, request.params_path)
    )
    return run_batch(request, councils)


def _assemble(args: argparse.Namespace) -> int:
    from pmaf_lib.run.shards import assemble

    return assemble(args.shards or args.out, args.out, args.period)
