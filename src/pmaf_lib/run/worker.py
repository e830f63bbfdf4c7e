"""What one worker does for one report: execute the notebook, then render it.

Runs inside a ``ProcessPoolExecutor`` worker process or a one-thread Dask worker
(:mod:`pmaf_lib.run.dask_engine`). A notebook gets ``timeout`` seconds in all: each
cell is limited by papermill's ``execution_timeout`` and a watchdog kills the kernel when the
whole notebook overruns, so a hung report fails on its own and the worker moves on. A failed
notebook's executed copy is kept with the failing cell's error in it.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pmaf_lib.errors import is_refusal, refused
from pmaf_lib.render.lean_imports import skip_slow_format_checks
from pmaf_lib.render.page import ReportPage
from pmaf_lib.run import kernels
from pmaf_lib.run.jobs import ReportJob, report_kind

Status = Literal["ok", "failed"]
ENGINE_NAME = "pmaf"


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """How every report of a run is produced (renderer and PDF engine already resolved)."""

    out_dir: Path
    work_dir: Path
    formats: tuple[str, ...]
    renderer: Literal["nbconvert", "quarto"]
    pdf_engine: Literal["chromium", "weasyprint"]
    timeout: int
    kernel_stderr: bool = False
    # keep the worker's kernel from one report to the next (run/kernels.py); False: fresh ones
    reuse_kernels: bool = True
    # the kinds of report (params' `pdf_reports`) printed to PDF when formats has pdf
    pdf_reports: tuple[str, ...] | Literal["all"] = "all"

    def for_job(self, job: ReportJob) -> RenderSettings:
        """These settings for ``job``: without the PDF when its kind is not printed (then with
        the HTML, which every report keeps)."""
        printed = self.pdf_reports == "all" or report_kind(job) in self.pdf_reports
        if printed or "pdf" not in self.formats:
            return self
        return replace(self, formats=("html",))


@dataclass(slots=True)
class JobResult:
    """Outcome of one report; ``files`` maps ``notebook``/``html``/``pdf`` to file names."""

    name: str
    status: Status
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Task:
    """One report to produce: the job, its page furniture, how to render it, and the kernel's
    environment (fixed hash seed, build date, the run's chart cache)."""

    job: ReportJob
    page: ReportPage
    settings: RenderSettings
    kernel_env: dict[str, str]
    # True: this worker stops at the HTML and the run's printers make the PDF (print_task)
    defer_pdf: bool = False


@cache
def _engine() -> str:
    """Register (once per process) papermill's nbclient engine, keeping partial notebooks.

    With ``request_save_on_cell_execute=False`` papermill writes the executed notebook only when
    the run ends normally or a cell raises; a killed or timed-out kernel would lose it.
    """
    import nbformat
    from papermill.engines import NBClientEngine, papermill_engines

    class KeepPartialEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, partial_path=None, **kwargs):
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except BaseException:
                if partial_path:
                    nbformat.write(nb_man.nb, partial_path)
                raise

    papermill_engines.register(ENGINE_NAME, KeepPartialEngine)
    return ENGINE_NAME


def prepare_process(kernel_stderr: bool = False) -> None:
    """What every worker needs once: fast nbformat imports, kernel stderr hidden unless asked."""
    skip_slow_format_checks()
    kernels.WATCH.quiet = not kernel_stderr


def init_worker(kernel_stderr: bool = False) -> None:
    """Process-pool worker start-up: :func:`prepare_process`, Ctrl-C left to the parent."""
    prepare_process(kernel_stderr)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _note_failure(notebook: Path, message: str) -> None:
    """Put the reason at the top of an executed notebook that stopped without a cell error."""
    import nbformat

    if not notebook.exists():
        return
    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_markdown_cell(f"**pmaf: this report failed.** {message}")
    cell.metadata["tags"] = ["pmaf-failure"]
    nb.cells.insert(0, cell)
    nbformat.write(nb, notebook)


# What jupyter_client/nbclient say when a kernel never came up (e.g. two kernels starting at the
# same moment raced for a port): worth one more try rather than failing the report.
KERNEL_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
KERNEL_START_ATTEMPTS = 2


def kernel_never_started(exc: BaseException) -> bool:
    return any(marker in str(exc) for marker in KERNEL_START_FAILURES)


def _execute(
    job: ReportJob,
    executed: Path,
    timeout: int,
    reuse_kernel: bool,
    attempts: int = KERNEL_START_ATTEMPTS,
) -> str | None:
    """Run the notebook with papermill; the error text, or None when it succeeded.

    ``reuse_kernel``: run it in the worker's kept kernel (:mod:`pmaf_lib.run.kernels`), else in
    a kernel of its own. A kernel that never started is retried (``attempts`` in all); any
    other failure is final.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    folder = job.notebook.parent
    kernels.WATCH.started.clear()
    kernel: dict[str, Any] = (
        {"km": kernels.kept_kernel(folder, os.environ)}
        if reuse_kernel
        # the report is complete once the last cell has run: stop its kernel at once rather
        # than waiting ~0.6 s for a graceful shutdown
        else {"kernel_manager_class": kernels.WatchedKernelManager, "shutdown_kernel": "immediate"}
    )
    timed_out = threading.Event()

    def expire() -> None:
        timed_out.set()
        kernels.kill_kernels()

    watchdog = threading.Timer(timeout, expire)
    watchdog.daemon = True
    watchdog.start()
    error: str | None = None
    stopped = retry = False  # stopped: failed outside a cell (no cell error to show)
    try:
        papermill.execute_notebook(
            str(job.notebook),
            str(executed),
            parameters=job.parameters,
            progress_bar=False,
            request_save_on_cell_execute=False,
            kernel_name="python3",
            cwd=str(folder),
            execution_timeout=timeout,
            engine_name=_engine(),
            partial_path=str(executed),
            **kernel,
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue} (cell [{exc.exec_count}])"
    except Exception as exc:  # timeouts, dead kernels, papermill errors: the report fails alone
        if (refusal := machine_refusal(exc)) is not None:
            if reuse_kernel:
                kernels.report_done(succeeded=False)
            raise refused(f"writing {executed}", refusal) from None
        stopped = True
        retry = attempts > 1 and not timed_out.is_set() and kernel_never_started(exc)
        error = (
            f"stopped after the {timeout} s timeout"
            if timed_out.is_set() or isinstance(exc, TimeoutError)
            else f"{type(exc).__name__}: {exc}"
        )
    finally:
        watchdog.cancel()
    if reuse_kernel:
        kernels.report_done(succeeded=error is None)
    if retry:
        return _execute(job, executed, timeout, reuse_kernel, attempts - 1)
    if stopped:
        _note_failure(executed, error)
    return error


def html_source(name: str, settings: RenderSettings) -> Path:
    """Where a report's HTML is written; without the html format it is scratch for the PDF."""
    html = settings.out_dir / f"{name}.html"
    return html if "html" in settings.formats else settings.work_dir / html.name


def prints_separately(settings: RenderSettings) -> bool:
    """Whether the PDF is printed from the HTML in a step of its own (not by Quarto)."""
    return settings.renderer == "nbconvert" and "pdf" in settings.formats


def _render(
    job: ReportJob,
    executed: Path,
    page: ReportPage,
    settings: RenderSettings,
    result: JobResult,
    defer_pdf: bool = False,
) -> None:
    html = settings.out_dir / f"{job.name}.html"
    pdf = settings.out_dir / f"{job.name}.pdf"
    if settings.renderer == "quarto":
        from pmaf_lib.render.quarto import render_with_quarto

        start = time.perf_counter()
        render_with_quarto(
            executed,
            html if "html" in settings.formats else None,
            pdf if "pdf" in settings.formats else None,
            page,
            settings.work_dir / job.name,
        )
        result.timings["render"] = time.perf_counter() - start
    else:
        from pmaf_lib.render.html import render_html

        start = time.perf_counter()
        render_html(executed, html_source(job.name, settings), page)
        result.timings["html"] = time.perf_counter() - start
        if "pdf" in settings.formats and not defer_pdf:
            _print(job.name, settings, result)
    for kind, path in (("html", html), ("pdf", pdf)):
        if kind in settings.formats and path.exists():
            result.files[kind] = path.name


def _print(name: str, settings: RenderSettings, result: JobResult) -> None:
    from pmaf_lib.render.pdf import render_pdf

    pdf = settings.out_dir / f"{name}.pdf"
    start = time.perf_counter()
    render_pdf(html_source(name, settings), pdf, settings.pdf_engine)
    result.timings["pdf"] = time.perf_counter() - start
    result.files["pdf"] = pdf.name


def print_task(task: Task, result: JobResult) -> JobResult:
    """Print the PDF of a report whose HTML ``result`` is done (a printer process's work).

    Runs beside the kernels, so a report's printing overlaps the next reports' execution;
    a printing problem fails this report only, a machine refusal stops the run.
    """
    with task_environment(task):
        try:
            _print(task.job.name, task.settings, result)
        except Exception as exc:
            if machine_refusal(exc) is not None:
                raise
            result.status = "failed"
            result.error = f"rendering failed: {type(exc).__name__}: {exc}"
    return result


def start_printer(task: Task) -> None:
    """A printer process's first job: launch its browser (into the run's scratch folder) while
    the kernel workers start on the first reports."""
    from pmaf_lib.render.pdf import start_chromium

    with task_environment(task):
        start_chromium(task.settings.pdf_engine)


def machine_refusal(exc: BaseException) -> OSError | None:
    """The disk-full, read-only or permission error behind ``exc`` (a truncated notebook read
    back fails as ``NotJSONError``, with the ``ENOSPC`` as its context), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if is_refusal(seen):
            return seen  # type: ignore[return-value]
        seen = seen.__cause__ or seen.__context__
    return None


@contextmanager
def task_environment(task: Task) -> Iterator[None]:
    """The task's environment for this process while it runs, restored afterwards.

    A worker runs one report at a time, and its kernel and browser inherit this environment.
    It is restored afterwards (a Dask worker lives on after the run), and Python's cached
    temporary folder is dropped both times, so the kernel's connection file goes where the run's
    ``TMPDIR`` says (a forked worker inherits the parent's cached ``/tmp``).
    """
    saved = {name: os.environ.get(name) for name in task.kernel_env}
    os.environ.update(task.kernel_env)
    tempfile.tempdir = None
    try:
        yield
    except Exception as exc:  # the machine, not the report: the whole run stops (exit 3)
        if (refusal := machine_refusal(exc)) is None:
            raise
        raise refused(f"writing {task.job.name} in {task.settings.out_dir}", refusal) from None
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        tempfile.tempdir = None


def run_task(task: Task) -> JobResult:
    """Execute and render one report; never raises for a report's own failure."""
    with task_environment(task):
        return run_job(task.job, task.page, task.settings, task.defer_pdf)


def run_job(
    job: ReportJob, page: ReportPage, settings: RenderSettings, defer_pdf: bool = False
) -> JobResult:
    """Execute and render one report with the environment as it is (``defer_pdf``: stop at
    the HTML)."""
    result = JobResult(name=job.name, status="ok")
    executed = settings.out_dir / f"{job.name}.ipynb"
    start = time.perf_counter()
    error = _execute(job, executed, settings.timeout, settings.reuse_kernels)
    result.timings["execute"] = time.perf_counter() - start
    if executed.exists():
        result.files["notebook"] = executed.name
    if error is None:
        try:
            _render(job, executed, page, settings, result, defer_pdf)
        except Exception as exc:  # a rendering problem fails this report only
            if (refusal := machine_refusal(exc)) is not None:
                raise refused(f"writing {job.name} in {settings.out_dir}", refusal) from None
            error = f"rendering failed: {type(exc).__name__}: {exc}"
    if error is not None:
        result.status = "failed"
        result.error = error
    return result
