"""The month on Dask, loopback only: a local cluster and an external ``dask scheduler`` with two
``dask worker`` processes give HTML byte-identical to the default process pool."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from pmaf_lib.run.dask_engine import SchedulerError, check_scheduler
from tests.conftest import run_sample_month

DASK = Path(sys.executable).parent / "dask"


def test_scheduler_addresses_are_checked_before_anything_runs():
    assert check_scheduler("local-dask") == "local-dask"
    assert check_scheduler("tls://scheduler.council.internal:8786")
    for bad in ("dask", "tcp://host", "http://127.0.0.1:8786", "tcp://127.0.0.1:8786/x"):
        with pytest.raises(SchedulerError, match="expected local-dask"):
            check_scheduler(bad)


def _htmls(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.html") if p.name != "index.html"}


@pytest.mark.slow
def test_the_whole_sample_month_on_local_dask_matches_the_process_pool(sample_month, tmp_path):
    result = run_sample_month(tmp_path, "--formats", "html", "--scheduler", "local-dask")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    on_dask = tmp_path / sample_month.name
    assert _htmls(on_dask) == _htmls(sample_month)
    assert len(_htmls(on_dask)) == len(
        json.loads((on_dask / "manifest.json").read_text())["reports"]
    )


@pytest.fixture(scope="module")
def external_cluster(tmp_path_factory) -> Iterator[tuple[str, list[int]]]:
    """``dask scheduler`` and two one-thread ``dask worker`` processes on 127.0.0.1, each in its
    own folder (nothing shared with the client but the network): the scheduler's address and
    the workers' process ids."""
    from distributed import Client

    root = tmp_path_factory.mktemp("cluster")
    scheduler_file = root / "scheduler.json"
    common = ["--no-dashboard", "--host", "127.0.0.1"]
    processes = [
        subprocess.Popen(
            [DASK, "scheduler", "--port", "0", "--scheduler-file", scheduler_file, *common],
            cwd=root,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            assert time.monotonic() < deadline, "dask scheduler did not start"
            time.sleep(0.2)
        for n in (1, 2):
            (root / f"worker{n}").mkdir()
            processes.append(
                subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        "--scheduler-file",
                        scheduler_file,
                        "--nthreads",
                        "1",
                        "--name",
                        f"worker{n}",
                        *common,
                    ],
                    cwd=root / f"worker{n}",
                    stderr=subprocess.DEVNULL,
                )
            )
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address, [process.pid for process in processes[1:]]
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.mark.slow
def test_an_external_scheduler_with_two_workers_matches_the_process_pool(
    external_cluster, sample_month, tmp_path
):
    address, worker_pids = external_cluster
    assert address.startswith("tcp://127.0.0.1:")
    result = run_sample_month(
        tmp_path,
        "--formats",
        "html",
        "--scheduler",
        address,
        "--only",
        "corporate_summary",
        "directorate:ASC",
        "directions_appendix",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    on_dask = _htmls(tmp_path / sample_month.name)
    expected = {"corporate_summary.html", "directorate-ASC.html", "directions_appendix.html"}
    assert set(on_dask) == expected
    assert on_dask == {
        name: data for name, data in _htmls(sample_month).items() if name in expected
    }
    assert not _kernels_under(worker_pids), "each worker stops its kept kernel when the run ends"


def _kernels_under(pids: list[int]) -> list[psutil.Process]:
    """Jupyter kernels running under the given processes (the workers and their children)."""
    found = []
    for pid in pids:
        for child in psutil.Process(pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    found.append(child)
    return found
