"""The machine half of the corpus: the outputs folder breaks under a run of the sample council.

Each :class:`MachineCase` breaks the machine one way after a run has been published, runs
``pmaf run`` again, and says what it must answer: the exit code (3: the machine refused) and
the fragments one line of its output must hold. Whatever happens, the published run stays
byte for byte and no build folder is left behind.

Where the test may mount file systems (root on Linux), the full disk is a real 256 KB tmpfs
filled to the last byte and the read-only folder a tmpfs remounted read-only; elsewhere the
same errors (``ENOSPC``, ``EROFS``) are raised where the kernel would raise them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pmaf_lib.errors import refused
from tests.run.fake_council import write_reports

PERIOD = "2026-10"  # the sample council's latest month


@dataclass(frozen=True)
class MachineCase:
    """``breaks(out, monkeypatch)`` breaks the machine under ``out`` (a published outputs
    folder) and returns a context that holds the fault while the second run happens."""

    name: str
    breaks: Callable[[Path, pytest.MonkeyPatch], contextlib.AbstractContextManager[None]]
    expect: tuple[str, ...]
    code: int = 3
    mounts: bool = False  # needs a file system of its own (``out`` is a mount point)


def can_mount(folder: Path) -> bool:
    """Whether this process may mount a tmpfs (root on Linux, outside most CI sandboxes)."""
    folder.mkdir(parents=True, exist_ok=True)
    if _mount(folder, "size=64k") != 0:
        return False
    subprocess.run(["umount", str(folder)], check=False)
    return True


def _mount(folder: Path, options: str) -> int:
    command = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]
    return subprocess.run(command, capture_output=True, check=False).returncode


def _raise(code: int) -> Callable[..., None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(args[0]) if args else "")

    return refuse


@contextlib.contextmanager
def full_disk(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if _is_mount(out):
        for i in range(100_000):  # fill to the last byte
            try:
                (out / f".filler-{i}").write_bytes(b"x" * 4096)
            except OSError:
                break
        (out / ".filler-small").write_bytes(b"")
        with contextlib.suppress(OSError), (out / ".filler-small").open("ab") as handle:
            while True:
                handle.write(b"x")
                handle.flush()
    else:
        monkeypatch.setattr("pmaf_lib.run.output_tree.start_build", _raise(errno.ENOSPC))
    yield


@contextlib.contextmanager
def read_only(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if _is_mount(out):
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        try:
            yield
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(out)], check=True)
        return
    monkeypatch.setattr("pmaf_lib.run.output_tree.start_build", _raise(errno.EROFS))
    yield


@contextlib.contextmanager
def refused_rename(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rename that publishes is refused (an ACL, a file share's lock)."""
    monkeypatch.setattr("os.replace", _raise(errno.EACCES))
    yield


@contextlib.contextmanager
def empty_report(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A report written as zero bytes (a full disk that the writer did not notice)."""

    def write_empty(tasks, workers, progress, scheduler=None):
        results = write_reports(tasks, workers, progress, scheduler)
        (tasks[0].settings.out_dir / f"{tasks[0].job.name}.html").write_bytes(b"")
        return results

    monkeypatch.setattr("pmaf_lib.run.monthly.execute_tasks", write_empty)
    yield


@contextlib.contextmanager
def disk_fills_in_a_report(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The disk fills while a worker writes a report: the worker pool raises what
    :func:`pmaf_lib.run.worker.run_task` raises then (its test: tests/run/test_output_tree.py)."""

    def fill(tasks, workers, progress, scheduler=None):
        write_reports(tasks, workers, progress, scheduler)
        full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise refused(f"writing {tasks[0].job.name} in {tasks[0].settings.out_dir}", full)

    monkeypatch.setattr("pmaf_lib.run.monthly.execute_tasks", fill)
    yield


@contextlib.contextmanager
def quota_exhausted(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("pmaf_lib.run.monthly.write_manifest", _raise(errno.EDQUOT))
    yield


@contextlib.contextmanager
def another_run(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another ``pmaf run`` of the month holds its lock."""
    with (out / f".{PERIOD}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _is_mount(folder: Path) -> bool:
    return os.path.ismount(folder)


MACHINE_CASES = [
    MachineCase("disk_full", full_disk, ("the disk is full", "nothing was published"), mounts=True),
    MachineCase(
        "output_folder_read_only",
        read_only,
        ("the file system is read-only", "nothing was published"),
        mounts=True,
    ),
    MachineCase("publish_rename_refused", refused_rename, ("permission denied", "unchanged")),
    MachineCase("disk_quota_exhausted", quota_exhausted, ("disk quota is exhausted",)),
    MachineCase(
        "disk_fills_while_a_report_is_written",
        disk_fills_in_a_report,
        ("writing directorate-ASC in", "the disk is full", "nothing was published"),
    ),
    MachineCase("zero_byte_report", empty_report, ("directorate-ASC.html is missing or empty",)),
    MachineCase("month_locked_by_another_run", another_run, (f"another run for {PERIOD}",)),
]
