"""Reports on a Dask cluster: ``pmaf run --scheduler local-dask | tcp://HOST:PORT | tls://HOST:PORT``.

Workers need not share the client's file system. The client scatters each distinct evaluation
and notebook once; a worker writes them into its own scratch folder (prepared by
:class:`PmafWorkerPlugin`), executes and renders the report there and sends the files back as
bytes. Only the client writes into the build folder, which the run then publishes atomically.

Each worker must run one thread (papermill and the kernel environment are process-wide): the
local cluster is started that way and an external cluster with more threads is refused. The
client compares its software versions with the workers' before submitting anything, and
cancels every future on Ctrl-C or SIGTERM. ``local-dask`` starts no dashboard, comes up in the
background while the client checks and evaluates the councils, and goes down while it
publishes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pmaf_lib.errors import EnvironmentFailure
from pmaf_lib.report.chart_cache import CACHE_ENV
from pmaf_lib.run import kernels
from pmaf_lib.run.manifest import PACKAGES
from pmaf_lib.run.progress import LOG, Progress
from pmaf_lib.run.scratch import PREFIX as SCRATCH_PREFIX
from pmaf_lib.run.scratch import leftovers_in
from pmaf_lib.run.worker import JobResult, Task, prepare_process, run_task

LOCAL = "local-dask"
_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+:\d{1,5}$")
CONNECT_TIMEOUT = "20s"
END_OF_RUN_TIMEOUT_S = 60
# local-dask's own cluster, quieter than Dask's defaults, which are tuned for the dashboard
# (local-dask starts none): on 2 cores the defaults took about 12 % of a core from the
# reports' kernels (benchmarks/README.md, "Dask's per-report overhead").
QUIET_LOCAL_CLUSTER = {
    "distributed.worker.profile.enabled": False,  # samples the task's stack every 10 ms
    "distributed.admin.tick.interval": "1s",  # event-loop health check, every 20 ms
    "distributed.admin.system-monitor.interval": "5s",  # CPU/network/disk, every 0.5 s
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",  # the memory watchdog, every 0.1 s
}


class SchedulerError(EnvironmentFailure):
    """The Dask scheduler asked for cannot be used (unreachable, no workers, workers with more
    than one thread or other software); nothing was submitted. Exit code 3."""


def check_scheduler(text: str) -> str:
    """``local-dask``, ``tcp://HOST:PORT`` or ``tls://HOST:PORT``; else :class:`SchedulerError`."""
    if text == LOCAL or _ADDRESS.match(text):
        return text
    raise SchedulerError(
        f"--scheduler {text!r}: expected local-dask, tcp://HOST:PORT or tls://HOST:PORT"
    )


class _Scratch:
    """This worker process's scratch folder (set by the plugin; created on demand otherwise)."""

    folder: Path | None = None

    @classmethod
    def get(cls) -> Path:
        if cls.folder is None or not cls.folder.is_dir():
            # named like a run's scratch, so a later run removes it once this worker is gone
            prefix = f"{SCRATCH_PREFIX}{os.getpid()}-worker-"
            cls.folder = Path(tempfile.mkdtemp(prefix=prefix))
        return cls.folder


try:
    from distributed import WorkerPlugin
except ImportError:  # the dask extra is not installed: the plugin is never needed
    WorkerPlugin = object  # type: ignore[assignment,misc]


class PmafWorkerPlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Prepares each worker for reports and tidies up when it stops.

    Setup: fast nbformat imports, kernel stderr hidden, a scratch folder. No signal handlers
    are installed: tasks run in a worker thread, and the worker process owns its signals.
    Teardown: stop the worker's kept kernel, close its Chromium, delete the scratch folder.
    """

    name = "pmaf"

    def setup(self, worker: Any) -> None:
        prepare_process()
        _Scratch.get()

    def teardown(self, worker: Any) -> None:
        from pmaf_lib.render.pdf import close_chromium

        kernels.kill_kernels()
        close_chromium()
        if _Scratch.folder is not None:
            shutil.rmtree(_Scratch.folder, ignore_errors=True)
            _Scratch.folder = None


def _stored(data: bytes, suffix: str) -> Path:
    """``data`` as a file in the scratch folder, named by its hash (written once per worker)."""
    path = _Scratch.get() / "inputs" / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
        partial.write_bytes(data)
        partial.replace(path)
    return path


def _run_scratch(client_scratch: str) -> Path:
    """This worker's scratch folder for the run whose client-side scratch is ``client_scratch``."""
    return _Scratch.get() / f"run-{hashlib.sha256(client_scratch.encode()).hexdigest()[:16]}"


def end_of_run(client_scratch: str | None) -> None:
    """On a worker once the run is over: shut its kept kernel down, remove the run's scratch."""
    kernels.discard_kernel()
    if client_scratch:
        shutil.rmtree(_run_scratch(client_scratch), ignore_errors=True)


def run_remote(
    task: Task, evaluation: bytes, notebook: bytes, shared_charts: bool = False
) -> tuple[JobResult, dict[str, bytes]]:
    """On a worker: the report's result and its files' bytes, from the shipped inputs.

    ``shared_charts``: the worker is on the client's machine (``local-dask``) and draws into
    the run's own chart cache, as the process pool does; else into one of its own.
    """
    scratch = _Scratch.get()
    run_dir = scratch / f"report-{uuid.uuid4().hex}"
    run_dir.mkdir()
    job = dataclasses.replace(
        task.job,
        notebook=_stored(notebook, ".ipynb"),
        parameters={**task.job.parameters, "evaluation_cache": str(_stored(evaluation, ".pkl"))},
    )
    settings = dataclasses.replace(task.settings, out_dir=run_dir, work_dir=run_dir / ".work")
    env = dict(task.kernel_env)
    if "TMPDIR" in env:  # the client's scratch folder is on the client's machine: one per run
        env.update(leftovers_in(_run_scratch(env["TMPDIR"])))  # here (so the kernel is kept)
    if CACHE_ENV in env and not shared_charts:  # one chart cache per council run per worker
        key = hashlib.sha256(env[CACHE_ENV].encode()).hexdigest()[:16]
        env[CACHE_ENV] = str(scratch / f"charts-{key}")
    try:
        result = run_task(Task(job, task.page, settings, env))
        files = {name: (run_dir / name).read_bytes() for name in result.files.values()}
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return result, files


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'pmaf[dask]'") from None
    return distributed


def _start_local(workers: int) -> tuple[Any, Any]:
    """A local cluster of one-thread worker processes (no dashboard), and its client."""
    import dask

    distributed = _distributed()
    with dask.config.set(QUIET_LOCAL_CLUSTER):  # read as the scheduler and workers start
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    try:
        return cluster, distributed.Client(cluster)
    except BaseException:
        cluster.close()
        raise


class _LocalCluster:
    """``local-dask``'s cluster, started and closed in a thread of its own: it comes up while
    the client checks and evaluates the councils, and goes down while the client publishes.
    """

    def __init__(self, workers: int) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="pmaf-local-dask")
        self._started = self._thread.submit(_start_local, workers)
        self._closed: Future | None = None

    def client(self) -> Any:
        """The client, once the cluster is up (raises what stopped it starting)."""
        return self._started.result()[1]

    def close_soon(self) -> Future:
        if self._closed is None:
            self._closed = self._thread.submit(self._close)
        return self._closed

    def wait_closed(self) -> None:
        self.close_soon().result()
        self._thread.shutdown()

    def _close(self) -> None:
        if self._started.exception() is not None:  # never started: nothing to close
            return
        cluster, client = self._started.result()
        try:
            client.close()
            cluster.close()
        except Exception as exc:  # the reports are in; a worker that would not stop is no reason
            LOG.warning("the local Dask cluster did not close cleanly: %r", exc)


_EARLY: dict[int, _LocalCluster] = {}  # clusters started by local_cluster_early, by size


@contextlib.contextmanager
def local_cluster_early(scheduler: str | None, workers: int) -> Iterator[None]:
    """With ``local-dask``, start the run's cluster now, in the background, for the reports
    of this block (:func:`dask_results` takes it, and starts closing it once the reports are
    back); the block ends when the cluster is closed. Other schedulers: nothing to do."""
    if scheduler != LOCAL:
        yield
        return
    _distributed()  # a missing extra is reported before anything else happens
    cluster = _EARLY[workers] = _LocalCluster(workers)
    try:
        yield
    finally:
        if _EARLY.get(workers) is cluster:
            del _EARLY[workers]
        cluster.wait_closed()


@contextlib.contextmanager
def _client(scheduler: str, workers: int) -> Iterator[Any]:
    if scheduler == LOCAL:
        early = _EARLY.pop(workers, None)
        cluster = early or _LocalCluster(workers)
        try:
            yield cluster.client()
        finally:
            if early:  # its block waits for the close, after publishing
                cluster.close_soon()
            else:
                cluster.wait_closed()
        return
    distributed = _distributed()
    try:
        client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


def _check_cluster(client: Any, scheduler: str) -> None:
    """Workers present, one thread each, the same software as this client."""
    workers = client.scheduler_info()["workers"]
    if not workers:
        raise SchedulerError(f"the Dask scheduler at {scheduler} has no workers")
    threaded = sorted(w.get("name", a) for a, w in workers.items() if w["nthreads"] != 1)
    if threaded:
        raise SchedulerError(
            f"Dask workers {', '.join(map(str, threaded))} run more than one thread; "
            "start them with: dask worker --nthreads 1 ..."
        )
    try:
        client.get_versions(check=True, packages=[p for p in PACKAGES if p != "python"])
    except ValueError as exc:
        message = f"the Dask workers' software differs from this machine's:\n{exc}"
        raise SchedulerError(message) from None


def _save(task: Task, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (task.settings.out_dir / name).write_bytes(data)


def dask_results(
    tasks: Sequence[Task], workers: int, progress: Progress, scheduler: str
) -> list[JobResult]:
    """Every task's result, in order, computed on the Dask cluster at ``scheduler``.

    Tasks are handed to the scheduler in the order given (the run's longest first) and only
    two per worker thread at a time, the next as each one finishes, as the process pool does:
    given all at once, Dask assigns every report to a worker up front (each depends on its
    scattered evaluation) and relies on work stealing to even the queues, which left one
    worker idle for up to 10 s at the end of a batch. Each result's files are written, and the
    result released on the cluster, as soon as it arrives.
    """
    from distributed import as_completed

    with _client(check_scheduler(scheduler), workers) as client:
        _check_cluster(client, scheduler)
        client.register_plugin(PmafWorkerPlugin())
        threads = len(client.scheduler_info()["workers"])  # one thread each (checked)
        LOG.info("Dask: %d workers at %s", threads, scheduler)
        shipped: dict[Path, Any] = {}

        def ship(path: Path) -> Any:
            if path not in shipped:
                shipped[path] = client.scatter(path.read_bytes(), hash=True, broadcast=True)
            return shipped[path]

        pending: dict[Any, int] = {}
        finished = as_completed()
        queue = iter(range(len(tasks)))

        def submit_next() -> None:
            i = next(queue, None)
            if i is None:
                return
            task = tasks[i]
            evaluation = ship(Path(task.job.parameters["evaluation_cache"]))
            future = client.submit(
                run_remote, task, evaluation, ship(task.job.notebook), scheduler == LOCAL,
                key=f"pmaf-{task.job.name}-{uuid.uuid4().hex[:8]}", pure=False, retries=0,
                priority=len(tasks) - i,
            )  # fmt: skip
            pending[future] = i
            finished.add(future)

        results: dict[int, JobResult] = {}
        try:
            for _ in range(2 * threads):
                submit_next()
            for future in finished:
                i = pending.pop(future)
                submit_next()
                try:
                    result, files = future.result()
                    _save(tasks[i], files)
                except Exception as exc:  # the worker died or the task could not run
                    result = JobResult(tasks[i].job.name, "failed", f"Dask task failed: {exc!r}")
                future.release()
                results[i] = result
                progress.job_done(tasks[i].job, result)
        except BaseException:
            client.cancel(list(pending), force=True)
            raise
        _end_run_on_workers(client, tasks[0].kernel_env.get("TMPDIR"))
    return [results[i] for i in range(len(tasks))]


def _end_run_on_workers(client: Any, client_scratch: str | None) -> None:
    """Each worker's kept kernel stopped and its scratch for the run removed, in the worker's
    own thread (where its kernel runs)."""
    from distributed import wait

    ends = [
        client.submit(end_of_run, client_scratch, workers=[address], allow_other_workers=False,
                      pure=False, key=f"pmaf-end-of-run-{uuid.uuid4().hex[:8]}")
        for address in client.scheduler_info()["workers"]
    ]  # fmt: skip
    with contextlib.suppress(TimeoutError):  # a worker that died takes its kernel with it
        wait(ends, timeout=END_OF_RUN_TIMEOUT_S)
