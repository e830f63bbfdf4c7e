"""``pmaf run``: validate, plan, evaluate once, execute and render in parallel, publish atomically.

Exit codes (:class:`pmaf_lib.errors.ExitCode`): 0 every report succeeded, 1 some failed, 2
invalid input or parameters (nothing is executed), 3 the machine refused (disk full, permission,
read-only, another run holds the lock), 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pmaf_lib.errors import (
    ExitCode,
    InvalidRun,
    MachineRefused,
    PmafError,
    is_refusal,
    refused,
)
from pmaf_lib.intake.outputs import read_log as read_import_log
from pmaf_lib.periods import Frequency, PeriodError, parse_period
from pmaf_lib.plan.cli import summary_text
from pmaf_lib.plan.latest import NoCompletePeriod, latest_complete_month
from pmaf_lib.render.pdf import PdfEngine, resolve_pdf_engine
from pmaf_lib.render.quarto import quarto_available
from pmaf_lib.report.chart_cache import CACHE_ENV
from pmaf_lib.run import output_tree, scratch, upstream
from pmaf_lib.run.executor import execute_tasks, plan_tasks, workers_started_early
from pmaf_lib.run.index_page import write_index
from pmaf_lib.run.jobs import RunPlan, build_run_plan, check_notebook_parameters
from pmaf_lib.run.manifest import build_manifest, write_manifest
from pmaf_lib.run.open_data import publish_open_data
from pmaf_lib.run.params import RunParams, load_params
from pmaf_lib.run.progress import LOG, NORMAL, Progress, configure_logging, summary_table
from pmaf_lib.run.schedule import longest_first
from pmaf_lib.run.worker import JobResult, RenderSettings, Task

EXIT_OK, EXIT_FAILED, EXIT_INVALID = ExitCode.OK, ExitCode.REPORTS_FAILED, ExitCode.INVALID
EXIT_ENVIRONMENT, EXIT_INTERRUPTED = ExitCode.ENVIRONMENT, ExitCode.INTERRUPTED
NOTHING_LOST = "nothing was published and the previous run is unchanged"
EVALUATION_FILE = "evaluation.pkl"


@dataclass(frozen=True, slots=True)
class RunRequest:
    """A ``pmaf run`` invocation; ``None`` options fall back to the params file."""

    period: str = "latest"
    params_path: Path = Path("params/monthly.yaml")
    data_dir: Path = Path("data/sample")
    out_root: Path = Path("outputs")
    notebooks_dir: Path = Path("notebooks")
    only: tuple[str, ...] = ()
    jobs: int | None = None
    formats: tuple[str, ...] | None = None
    renderer: Literal["auto", "nbconvert", "quarto"] | None = None
    pdf_engine: PdfEngine | None = None
    verbosity: int = NORMAL
    # None: the embedded process pool; "local-dask" or a Dask scheduler address
    scheduler: str | None = None
    # a new kernel for every report instead of one kept per worker (run/kernels.py)
    fresh_kernels: bool = False


def resolve_period(text: str, council: object) -> str:
    """``latest`` or a month in any notation -> canonical month id."""
    if text == "latest":
        try:
            return latest_complete_month(
                upstream.monthly_metric_ids(council), upstream.reported_values(council)
            )
        except NoCompletePeriod as exc:
            raise InvalidRun(f"--period latest: {exc}") from None
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise InvalidRun(f"--period: {exc}") from None
    if period.frequency is not Frequency.MONTHLY:
        raise InvalidRun(f"--period: {text!r} is not a month (e.g. 2025-09)")
    first, last = data_months(council)
    if not first <= str(period) <= last:
        raise InvalidRun(
            f"--period {period}: the data covers {first} to {last} (the months with monthly "
            "returns); choose a month in that range, or 'latest'"
        )
    return str(period)


def data_months(council: object) -> tuple[str, str]:
    """First and last month holding a monthly return with a value (canonical ids sort by date)."""
    values = upstream.reported_values(council).dropna(subset=["value"])
    months = [
        p
        for p in values["period"].astype(str).unique()
        if parse_period(p).frequency is Frequency.MONTHLY
    ]
    if not months:
        raise InvalidRun("--period: the data holds no monthly returns with a value")
    return min(months), max(months)


def _settings(request: RunRequest, params: RunParams, build: Path) -> RenderSettings:
    formats = request.formats or tuple(params.formats)
    renderer = request.renderer or params.renderer
    if renderer == "quarto" and not quarto_available():
        raise InvalidRun("--renderer quarto: quarto is not on PATH")
    if renderer == "auto":
        renderer = "quarto" if quarto_available() else "nbconvert"
    pdf_engine = resolve_pdf_engine(request.pdf_engine or params.pdf_engine)
    return RenderSettings(
        out_dir=build,
        work_dir=build / ".work",
        formats=tuple(f for f in ("html", "pdf") if f in formats),
        renderer=renderer,
        pdf_engine=pdf_engine,
        timeout=params.timeout,
        kernel_stderr=request.verbosity > NORMAL,
        reuse_kernels=not request.fresh_kernels,
        pdf_reports=params.pdf_reports
        if params.pdf_reports == "all"
        else tuple(params.pdf_reports),
    )


def prepare_run(
    request: RunRequest, up: upstream.Upstream, params: RunParams | None = None
) -> tuple[RunParams, object, RunPlan]:
    """Everything checked before anything runs (``params``: already read from the request's
    params file); raises an :class:`InvalidInput`."""
    params = params or load_params(request.params_path)
    council, report = up.read_data(request.data_dir)
    if council is None or not report.ok:
        raise InvalidRun(f"{request.data_dir}: the data is not valid:\n{report.to_text()}")
    LOG.info("%s", report.to_text())
    if getattr(report, "summary", None):
        LOG.info("%s", summary_text(report.summary))
    period = resolve_period(request.period, council)
    plan = build_run_plan(
        params,
        council=params.council_name or upstream.council_name(council),
        scopes=upstream.council_scopes(council),
        period=period,
        notebooks_dir=request.notebooks_dir.resolve(),
        data_dir=request.data_dir.resolve(),
        only=request.only,
        whole_plan=upstream.whole_plan_reports(council),
    )
    check_notebook_parameters(plan.jobs)
    return params, council, plan


def kernel_environment(period: str) -> dict[str, str]:
    """Fixed hash seed and build date for the kernels, so reruns give identical reports."""
    end = parse_period(period).end
    epoch = int(dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC).timestamp())
    return {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": str(epoch)}


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the job) unwinds like Ctrl-C, so clean-up runs."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def now_stamp() -> str:
    return dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class StagedRun:
    """A council's month, checked and evaluated, building in its temporary folder."""

    request: RunRequest
    params: RunParams
    council: object
    plan: RunPlan  # jobs carry the evaluation cache
    build: Path
    settings: RenderSettings
    kernel_env: dict[str, str]
    started: str
    clock: float
    open_data: list[dict[str, str]]  # scorecard.csv/json written into the build

    def tasks(self, scratch_env: dict[str, str] | None = None) -> list[Task]:
        """The reports to run; ``scratch_env`` points kernels' leftovers at the run's scratch."""
        return plan_tasks(self.plan, self.settings, {**(scratch_env or {}), **self.kernel_env})


def workers_for(request: RunRequest, params: RunParams) -> int:
    return request.jobs or params.jobs or os.cpu_count() or 1


def stage_run(
    request: RunRequest, params: RunParams, council: object, plan: RunPlan, up: upstream.Upstream
) -> StagedRun:
    """Start the build folder and evaluate the month into it (call with the period lock held)."""
    out_root = request.out_root.resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    for note in output_tree.recover_stale_builds(out_root, plan.period):
        LOG.info(note)
    for folder in scratch.remove_stale():
        LOG.info("removed %s left by an interrupted run", folder)
    build = output_tree.start_build(out_root, plan.period)
    try:
        settings = _settings(request, params, build)
        started, clock = now_stamp(), time.perf_counter()
        settings.work_dir.mkdir()
        evaluation_path = settings.work_dir / EVALUATION_FILE
        LOG.info("evaluating %s for %s", plan.council, plan.period)
        rebase = {"auto_rebase": True} if params.auto_rebase else {}
        inputs = up.evaluate(council, plan.period, **rebase)
        with evaluation_path.open("wb") as handle:
            pickle.dump(inputs, handle, pickle.HIGHEST_PROTOCOL)
        open_data = publish_open_data(build, inputs, plan.council)
    except BaseException:
        output_tree.discard_build(build)
        raise
    kernel_env = {**kernel_environment(plan.period), CACHE_ENV: str(settings.work_dir / "charts")}
    return StagedRun(
        request, params, council, plan.with_evaluation_cache(evaluation_path), build, settings,
        kernel_env, started, clock, open_data,
    )  # fmt: skip


def execute_staged(
    staged: list[StagedRun], workers: int, scheduler: str | None
) -> list[list[JobResult]]:
    """Every staged run's reports over one executor; each run's results in plan order."""
    verbosity = staged[0].request.verbosity
    with scratch.scratch_environment() as leftovers:
        tasks = [task for run in staged for task in run.tasks(leftovers)]
        LOG.info("running %d reports with %d workers", len(tasks), workers)
        progress = Progress(
            len(tasks), interactive=verbosity >= NORMAL and configure_logging(verbosity)
        )
        order = longest_first(tasks)
        try:
            started = execute_tasks([tasks[i] for i in order], workers, progress, scheduler)
        finally:
            progress.close()
    position = {i: p for p, i in enumerate(order)}
    results = [started[position[i]] for i in range(len(tasks))]  # back in plan order
    split, start = [], 0
    for run in staged:
        split.append(results[start : start + len(run.plan.jobs)])
        start += len(run.plan.jobs)
    return split


def finish_run(staged: StagedRun, results: list[JobResult]) -> output_tree.Publication:
    """Index, manifest, then the atomic publication of a staged run's build."""
    build, plan = staged.build, staged.plan
    try:
        output_tree.discard_build(staged.settings.work_dir)
        write_index(build, plan, results)
        manifest = build_manifest(
            plan=plan, results=results, build=build, inputs=upstream.input_files(staged.council),
            params=staged.params.model_dump(mode="json"), settings=staged.settings,
            started=staged.started, finished=now_stamp(), wall_s=time.perf_counter() - staged.clock,
            code_dir=Path.cwd(),
        )  # fmt: skip
        manifest["open_data"] = staged.open_data
        manifest["imports"] = read_import_log(staged.request.data_dir)
        write_manifest(build, manifest)
        output_tree.fsync_tree(build)
        out_root = staged.request.out_root.resolve()
        publication = output_tree.publish(build, out_root, plan.period)
    except BaseException:
        output_tree.discard_build(build)
        raise
    return publication


def report_publication(
    staged: StagedRun, results: list[JobResult], publication: output_tree.Publication
) -> int:
    """Tell the operator where the month landed; the exit code."""
    if staged.request.verbosity >= NORMAL:
        print(summary_table(staged.plan.jobs, results))
    failed = sum(r.status != "ok" for r in results)
    if publication.published:
        if publication.previous_moved_to:
            LOG.info("previous run kept in %s", publication.previous_moved_to)
        print(f"index: {publication.location / 'index.html'}")
    else:
        LOG.warning(
            "the published %s is better than this run; it is kept, and this run is in %s",
            staged.request.out_root.resolve() / staged.plan.period,
            publication.location,
        )
        print(f"index (not published): {(publication.location / 'index.html').resolve()}")
    return EXIT_FAILED if failed else EXIT_OK


def _execute_and_publish(
    request: RunRequest, params: RunParams, council: object, plan: RunPlan, up: upstream.Upstream
) -> int:
    staged = stage_run(request, params, council, plan, up)
    try:
        (results,) = execute_staged([staged], workers_for(request, params), request.scheduler)
    except BaseException:
        output_tree.discard_build(staged.build)
        raise
    return report_publication(staged, results, finish_run(staged, results))


def run_month(request: RunRequest, up: upstream.Upstream | None = None) -> int:
    """Run one month end to end; the exit code."""
    configure_logging(request.verbosity)
    up = up or upstream.pmaf_upstream()
    try:
        with terminate_as_interrupt():
            params = load_params(request.params_path)
            with workers_started_early(request.scheduler, workers_for(request, params)):
                params, council, plan = prepare_run(request, up, params)
                with output_tree.period_lock(request.out_root, plan.period):
                    return _execute_and_publish(request, params, council, plan, up)
    except MachineRefused as exc:  # raised by a report's worker
        print(f"pmaf run: {exc}; {NOTHING_LOST}", file=sys.stderr)
        return exc.exit_code
    except PmafError as exc:
        print(f"pmaf run: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        if not is_refusal(exc):
            raise
        error = refused(f"writing the outputs in {request.out_root}", exc)
        print(
            f"pmaf run: {error}; {NOTHING_LOST}",
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("pmaf run: interrupted; the published outputs are unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
