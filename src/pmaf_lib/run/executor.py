"""Run reports in parallel: the embedded process pool (default) or a Dask cluster."""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace

from pmaf_lib.errors import MachineRefused
from pmaf_lib.render.page import ReportPage
from pmaf_lib.run.jobs import ReportJob, RunPlan
from pmaf_lib.run.progress import Progress
from pmaf_lib.run.worker import (
    JobResult,
    RenderSettings,
    Task,
    init_worker,
    print_task,
    prints_separately,
    run_task,
    start_printer,
)


def page_of(plan: RunPlan, job: ReportJob) -> ReportPage:
    return ReportPage(job.title, plan.council, plan.period_label, plan.classification)


def plan_tasks(plan: RunPlan, settings: RenderSettings, kernel_env: dict[str, str]) -> list[Task]:
    return [Task(job, page_of(plan, job), settings.for_job(job), kernel_env) for job in plan.jobs]


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers (used on interrupt and at the end)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)


def _new_pool(workers: int, tasks: Sequence[Task]) -> ProcessPoolExecutor:
    context = (
        multiprocessing.get_context("fork")
        if "fork" in multiprocessing.get_all_start_methods()
        else None
    )
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(any(t.settings.kernel_stderr for t in tasks),),
    )


def _pool_results(tasks: Sequence[Task], workers: int, progress: Progress) -> list[JobResult]:
    """Kernel workers execute each report to HTML; as each HTML is done, a printer process
    (its own Chromium) prints the PDF while the kernels go on with the next reports.

    As many printers as kernel workers: a kernel worker spends part of each report waiting for
    its kernel, and the printers' CPU fills those gaps; a long pack's PDF can cost more than
    its execution (benchmarks/README.md), so fewer printers would queue them.
    """
    printed_apart = [prints_separately(t.settings) for t in tasks]
    workers = max(1, min(workers, len(tasks)))
    pool = _new_pool(workers, tasks)
    printers = _new_pool(workers, tasks) if any(printed_apart) else None
    results: dict[int, JobResult] = {}
    try:
        if printers:
            first = tasks[printed_apart.index(True)]
            for _ in range(workers):
                printers.submit(start_printer, first)
        stage: dict[Future, tuple[str, int]] = {
            pool.submit(run_task, replace(t, defer_pdf=printed_apart[i])): ("report", i)
            for i, t in enumerate(tasks)
        }
        pending = set(stage)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                step, i = stage.pop(future)
                result = _outcome(future, tasks[i])
                if step == "report" and printers and printed_apart[i] and result.status == "ok":
                    printed = printers.submit(print_task, tasks[i], result)
                    stage[printed] = ("pdf", i)
                    pending.add(printed)
                    continue
                results[i] = result
                progress.job_done(tasks[i].job, result)
        pool.shutdown(wait=True)
        if printers:
            printers.shutdown(wait=True)
    finally:
        _stop_workers(pool)
        if printers:
            _stop_workers(printers)
    return [results[i] for i in range(len(tasks))]


def _outcome(future: Future, task: Task) -> JobResult:
    """A finished step's result; a machine refusal (disk full, read-only) stops the run."""
    try:
        return future.result()
    except MachineRefused:  # nothing of this run is published
        raise
    except Exception as exc:  # the worker process died (e.g. out of memory)
        return JobResult(task.job.name, "failed", f"worker process failed: {exc!r}")


@contextlib.contextmanager
def workers_started_early(scheduler: str | None, workers: int) -> Iterator[None]:
    """With ``local-dask``, start the cluster now, in the background, while the client checks
    and evaluates the councils; the run's reports use it. (The process pool's workers start in
    a moment, when the reports are ready.)"""
    if not scheduler:
        yield
        return
    from pmaf_lib.run.dask_engine import local_cluster_early

    with local_cluster_early(scheduler, workers):
        yield


def execute_tasks(
    tasks: Sequence[Task], workers: int, progress: Progress, scheduler: str | None = None
) -> list[JobResult]:
    """Every task's result, in order; a failing or crashing report never stops the rest.

    ``scheduler``: None for the process pool, else ``local-dask`` or a Dask scheduler address.
    """
    if not tasks:
        return []
    if scheduler:
        from pmaf_lib.run.dask_engine import dask_results

        return dask_results(tasks, workers, progress, scheduler)
    return _pool_results(tasks, workers, progress)
