"""The output tree on a broken machine: atomic publishing, whole files only, clean refusals.

The full-disk and read-only cases patch the failing call to raise the errno the kernel would
(ENOSPC, EROFS, EACCES): the tests run as root in CI, where ``chmod`` stops nothing, and a
read-only or tiny tmpfs mount needs privileges a CI runner may not have. One test does use a
real 1 MB tmpfs when mounting is allowed.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from pmaf_lib.errors import IncompletePack
from pmaf_lib.run import monthly, output_tree, scratch
from pmaf_lib.run.monthly import EXIT_ENVIRONMENT, EXIT_OK, RunRequest, run_month
from pmaf_lib.run.worker import JobResult

from .fake_council import FIXTURES, fake_upstream, write_reports

PERIOD = "2025-09"


def _pack(folder: Path, started: str, body: str = "report", failed: int = 0) -> Path:
    """A finished build: one report, an index and a manifest whose hashes match."""
    folder.mkdir(parents=True)
    (folder / "directorate-ASC.html").write_text(body)
    (folder / "index.html").write_text(f"<title>{started}</title>")
    digest = output_tree.sha256_file
    manifest = {
        "run": {"started": started},
        "outcome": {"reports": 1, "failed": failed, "complete_plan": True},
        "index": {"path": "index.html", "sha256": digest(folder / "index.html")},
        "reports": [{"files": {"html": {"path": "directorate-ASC.html",
                                        "sha256": digest(folder / "directorate-ASC.html")}}}],
    }  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_publishing_points_the_period_at_a_run_in_history(tmp_path: Path) -> None:
    first = output_tree.publish(_pack(tmp_path / ".b1", "2025-10-01T07:00"), tmp_path, PERIOD)
    second = output_tree.publish(_pack(tmp_path / ".b2", "2025-10-02T07:00"), tmp_path, PERIOD)
    link = tmp_path / PERIOD
    assert first.published and second.published and link.is_symlink()
    assert (link / "index.html").read_text() == "<title>2025-10-02T07:00</title>"
    assert second.previous_moved_to == (tmp_path / "history" / PERIOD / "2025-10-01T0700")
    assert (second.previous_moved_to / "index.html").read_text().endswith("07:00</title>")


def test_a_reader_polling_the_index_never_finds_it_missing(tmp_path: Path) -> None:
    output_tree.publish(_pack(tmp_path / ".b0", "2025-10-01T00:00"), tmp_path, PERIOD)
    misses, done = [], threading.Event()

    def poll() -> None:
        while not done.is_set():
            try:
                (tmp_path / PERIOD / "index.html").read_bytes()
            except OSError as exc:
                misses.append(exc)

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for i in range(1, 40):
            build = _pack(tmp_path / f".b{i}", f"2025-10-01T00:{i:02d}")
            output_tree.publish(build, tmp_path, PERIOD)
    finally:
        done.set()
        reader.join()
    assert misses == []


def test_a_folder_left_by_an_older_pmaf_is_kept_in_history(tmp_path: Path) -> None:
    _pack(tmp_path / PERIOD, "2025-10-01T07:00", body="old")
    output_tree.publish(_pack(tmp_path / ".b", "2025-10-02T07:00"), tmp_path, PERIOD)
    kept = tmp_path / "history" / PERIOD / "2025-10-01T0700" / "directorate-ASC.html"
    assert kept.read_text() == "old"


@pytest.mark.parametrize("spoil", ["empty", "truncated", "no manifest"])
def test_a_pack_with_broken_files_is_never_published(tmp_path: Path, spoil: str) -> None:
    output_tree.publish(
        _pack(tmp_path / ".good", "2025-10-01T07:00", body="good"), tmp_path, PERIOD
    )
    build = _pack(tmp_path / ".bad", "2025-10-02T07:00", body="a whole report")
    report = build / "directorate-ASC.html"
    if spoil == "empty":
        report.write_bytes(b"")
    elif spoil == "truncated":
        report.write_text("a whole")
    else:
        (build / "manifest.json").unlink()
    with pytest.raises(IncompletePack) as caught:
        output_tree.publish(build, tmp_path, PERIOD)
    assert caught.value.exit_code == EXIT_ENVIRONMENT
    assert (tmp_path / PERIOD / "directorate-ASC.html").read_text() == "good"


# -- the whole run on a broken machine ---------------------------------------------------------
@pytest.fixture
def quick_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(monthly, "execute_tasks", write_reports)
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"formats": ["html"], "renderer": "nbconvert"}))
    out = tmp_path / "outputs"

    def go() -> int:
        request = RunRequest(period=PERIOD, params_path=params, data_dir=FIXTURES,
                             out_root=out, notebooks_dir=FIXTURES, jobs=1)  # fmt: skip
        return run_month(request, fake_upstream())

    assert go() == EXIT_OK
    return out, go


def _published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (out / PERIOD).iterdir()}


@pytest.mark.parametrize(
    ("target", "code", "words"),
    [
        ("pmaf_lib.run.monthly.write_index", errno.ENOSPC, "the disk is full"),
        ("pmaf_lib.run.monthly.write_manifest", errno.EROFS, "the file system is read-only"),
        ("os.replace", errno.EACCES, "permission denied"),  # the rename that publishes
    ],
)
def test_a_refusal_is_named_exits_3_and_keeps_the_published_run(
    quick_run, monkeypatch: pytest.MonkeyPatch, capsys, target: str, code: int, words: str
) -> None:
    out, go = quick_run
    before = _published(out)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(out))

    monkeypatch.setattr(target, refuse)
    assert go() == EXIT_ENVIRONMENT
    err = capsys.readouterr().err
    assert words in err and "previous run is unchanged" in err and "Traceback" not in err
    assert _published(out) == before
    assert not list(out.glob(f".{PERIOD}.tmp-*"))


def test_a_read_only_output_folder_is_named(tmp_path: Path, monkeypatch, capsys) -> None:
    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    params = tmp_path / "params.yaml"
    params.write_text("formats: [html]\n")
    request = RunRequest(period=PERIOD, params_path=params, data_dir=FIXTURES,
                         out_root=tmp_path / "outputs", notebooks_dir=FIXTURES)  # fmt: skip
    assert run_month(request, fake_upstream()) == EXIT_ENVIRONMENT
    assert "the file system is read-only" in capsys.readouterr().err


@pytest.fixture
def tiny_disk(tmp_path: Path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                             capture_output=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs privileges")
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


def test_a_really_full_disk_keeps_the_published_run(quick_run, tiny_disk, monkeypatch, capsys):
    out, go = quick_run
    moved = tiny_disk / "outputs"
    shutil.copytree(out, moved, symlinks=True)
    before = _published(moved)
    _fill(tiny_disk)
    monkeypatch.setattr(
        monthly, "_execute_and_publish", _with_out(monthly._execute_and_publish, moved)
    )
    assert go() == EXIT_ENVIRONMENT
    assert "the disk is full" in capsys.readouterr().err
    assert _published(moved) == before


def _fill(disk: Path) -> None:
    """Fill ``disk`` to the last byte."""
    for i in range(10_000):
        try:
            (disk / f"filler-{i}").write_bytes(b"x" * 4096)
        except OSError:
            return


def _with_out(execute, out: Path):
    def run(request, *args):
        import dataclasses

        return execute(dataclasses.replace(request, out_root=out), *args)

    return run


def test_scratch_folders_of_dead_runs_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"{scratch.PREFIX}{dead.pid}-abc"
    live = tmp_path / f"{scratch.PREFIX}{os.getpid()}-def"
    for folder in (stale, live):
        (folder / "runtime").mkdir(parents=True)
        (folder / "runtime" / "kernel-1.json").write_text("{}")
    assert scratch.remove_stale(tmp_path) == [stale]
    assert live.exists() and not stale.exists()


def test_the_run_points_kernels_and_browsers_into_its_scratch_folder(quick_run, monkeypatch):
    _out, go = quick_run
    seen = {}

    def capture(tasks, workers, progress, scheduler=None):
        for task in tasks:
            seen.update(task.kernel_env)
            assert Path(task.kernel_env["JUPYTER_RUNTIME_DIR"]).is_dir()
        return write_reports(tasks, workers, progress, scheduler)

    monkeypatch.setattr(monthly, "execute_tasks", capture)
    assert go() == EXIT_OK
    folder = Path(seen["TMPDIR"]).parent
    assert folder.name.startswith(f"{scratch.PREFIX}{os.getpid()}-") and not folder.exists()


def test_a_worker_writes_temporary_files_into_the_runs_scratch_folder(tmp_path, monkeypatch):
    """A forked worker inherits Python's cached temporary folder (``/tmp``); the kernel's
    connection file (``tempfile.mkstemp``) must still land in the run's scratch folder."""
    from pmaf_lib.run import worker

    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")
    seen = {}

    def record(job, page, settings, defer_pdf):
        handle, seen["connection_file"] = tempfile.mkstemp(".json")
        os.close(handle)
        return JobResult(job, "ok")

    monkeypatch.setattr(worker, "run_job", record)
    env = scratch.leftovers_in(tmp_path / "scratch")
    worker.run_task(worker.Task("job", None, None, env))  # type: ignore[arg-type]
    assert Path(seen["connection_file"]).parent == Path(env["TMPDIR"])
    assert "TMPDIR" not in os.environ, "a Dask worker outlives the run: its environment is restored"


def test_a_dask_workers_scratch_is_named_so_a_later_run_can_tidy_it(tmp_path, monkeypatch):
    from pmaf_lib.run.dask_engine import _Scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(_Scratch, "folder", None)
    folder = _Scratch.get()
    assert folder.name.startswith(f"{scratch.PREFIX}{os.getpid()}-worker-")
    assert scratch.remove_stale(tmp_path) == [], "its worker is alive"


def test_a_full_disk_in_a_worker_stops_the_run_instead_of_failing_one_report(monkeypatch):
    """papermill's truncated notebook read back raised NotJSONError (ENOSPC as its context): the
    report 'failed' and the run, with that failure, replaced the published one."""
    from nbformat.reader import NotJSONError

    from pmaf_lib.errors import MachineRefused
    from pmaf_lib.run import worker

    def truncated(job, page, settings, defer_pdf):
        try:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError:
            raise NotJSONError("Notebook does not appear to be JSON: '{\\n \"cells\"'") from None

    monkeypatch.setattr(worker, "run_job", truncated)
    job, settings = SimpleNamespace(name="directorate-ASC"), SimpleNamespace(out_dir="b")
    task = worker.Task(job, None, settings, {})  # type: ignore[arg-type]
    with pytest.raises(MachineRefused, match="writing directorate-ASC in b: the disk is full"):
        worker.run_task(task)
