"""Run a plan's reports in parallel worker processes (papermill + rendering in each)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from pmaf_lib.render.page import ReportPage
from pmaf_lib.run.jobs import ReportJob, RunPlan
from pmaf_lib.run.progress import Progress
from pmaf_lib.run.worker import JobResult, RenderSettings, init_worker, run_job


def _page(plan: RunPlan, job: ReportJob) -> ReportPage:
    return ReportPage(job.title, plan.council, plan.period_label, plan.classification)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers (used on interrupt and at the end)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)


def execute_jobs(
    plan: RunPlan,
    settings: RenderSettings,
    workers: int,
    progress: Progress,
    kernel_env: dict[str, str],
) -> list[JobResult]:
    """Every job's result, in plan order; a failing or crashing report never stops the rest."""
    context = (
        multiprocessing.get_context("fork")
        if "fork" in multiprocessing.get_all_start_methods()
        else None
    )
    pool = ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(plan.jobs))),
        mp_context=context,
        initializer=init_worker,
        initargs=(kernel_env, settings.kernel_stderr),
    )
    results: dict[str, JobResult] = {}
    try:
        futures = {pool.submit(run_job, job, _page(plan, job), settings): job for job in plan.jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # the worker itself died (e.g. out of memory)
                result = JobResult(job.name, "failed", f"worker process failed: {exc!r}")
            results[job.name] = result
            progress.job_done(job, result)
        pool.shutdown(wait=True)
    finally:
        _stop_workers(pool)
    return [results[job.name] for job in plan.jobs]
