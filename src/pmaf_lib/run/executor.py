"""Run reports in parallel: the embedded process pool (default) or a Dask cluster."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from pmaf_lib.errors import MachineRefused
from pmaf_lib.render.page import ReportPage
from pmaf_lib.run.jobs import ReportJob, RunPlan
from pmaf_lib.run.progress import Progress
from pmaf_lib.run.worker import JobResult, RenderSettings, Task, init_worker, run_task


def page_of(plan: RunPlan, job: ReportJob) -> ReportPage:
    return ReportPage(job.title, plan.council, plan.period_label, plan.classification)


def plan_tasks(plan: RunPlan, settings: RenderSettings, kernel_env: dict[str, str]) -> list[Task]:
    return [Task(job, page_of(plan, job), settings, kernel_env) for job in plan.jobs]


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers (used on interrupt and at the end)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)


def _pool_results(tasks: Sequence[Task], workers: int, progress: Progress) -> list[JobResult]:
    context = (
        multiprocessing.get_context("fork")
        if "fork" in multiprocessing.get_all_start_methods()
        else None
    )
    pool = ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(tasks))),
        mp_context=context,
        initializer=init_worker,
        initargs=(any(t.settings.kernel_stderr for t in tasks),),
    )
    results: dict[int, JobResult] = {}
    try:
        futures = {pool.submit(run_task, task): i for i, task in enumerate(tasks)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                result = future.result()
            except MachineRefused:  # disk full, read-only: nothing of this run is published
                raise
            except Exception as exc:  # the worker process died (e.g. out of memory)
                result = JobResult(tasks[i].job.name, "failed", f"worker process failed: {exc!r}")
            results[i] = result
            progress.job_done(tasks[i].job, result)
        pool.shutdown(wait=True)
    finally:
        _stop_workers(pool)
    return [results[i] for i in range(len(tasks))]


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
