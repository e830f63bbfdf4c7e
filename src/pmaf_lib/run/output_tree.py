"""The ``outputs/<period>`` tree: every run kept, the published one switched atomically.

1. A run builds in ``outputs/.<period>.tmp-XXXX`` beside its target. Once the index and
   manifest are written, the files are checked against the manifest (none empty, every hash
   matching) and fsynced, then the build is renamed to ``outputs/history/<period>/<run time>``.
2. ``outputs/<period>`` is a symbolic link to the published run in ``history/``. Publishing
   points a new link at the run and ``os.replace``-s it onto ``outputs/<period>`` in one atomic
   step, so a reader polling ``outputs/<period>/index.html`` sees the old run or the new one,
   never neither. The folders are fsynced after each rename. (A real folder left by an older
   pmaf is moved into ``history/`` once, the only moment the path is briefly absent.)
3. Publication rule (what a performance team expects): a run replaces the published one unless
   it is worse. Ranks: every report of the full plan ok (2) > full plan with failures (1) > an
   ``--only`` subset (0). A worse run is kept in history, tagged ``-failed`` or ``-partial``,
   and the link is not touched.
4. An interrupted run leaves at most its build folder, which the next run of that period
   removes (or, if it was complete and only publishing was missed, publishes). A lock file
   serialises runs of one period.
5. If the machine refuses (disk full, read-only, permission), the build is discarded and the
   published run is left as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmaf_lib.errors import IncompletePack, RunInProgress
from pmaf_lib.run.manifest import sha256_file

MANIFEST = "manifest.json"
HISTORY = "history"


@contextlib.contextmanager
def period_lock(out_root: Path, period: str) -> Iterator[None]:
    """Hold ``outputs/.<period>.lock`` for the run (POSIX advisory lock)."""
    out_root.mkdir(parents=True, exist_ok=True)
    lock = out_root / f".{period}.lock"
    with lock.open("a") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; runs must not overlap
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = f"another run for {period} is in progress (it holds {lock})"
            raise RunInProgress(message) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _builds(out_root: Path, period: str) -> list[Path]:
    return sorted(p for p in out_root.glob(f".{period}.tmp-*") if p.is_dir())


def recover_stale_builds(out_root: Path, period: str) -> list[str]:
    """Tidy what an interrupted run left (call with the lock held); what was done, as text."""
    target = out_root / period
    notes = []
    for build in _builds(out_root, period):
        if not _exists(target) and verify_pack(build) is None:
            publish(build, out_root, period)
            notes.append(f"published {target} left complete by an interrupted run")
        else:
            shutil.rmtree(build, ignore_errors=True)
            notes.append(f"removed {build.name} left by an interrupted run")
    return notes


def _exists(path: Path) -> bool:
    return path.is_symlink() or path.exists()


def start_build(out_root: Path, period: str) -> Path:
    """A fresh temporary folder beside the target, with normal (umask) permissions."""
    build = Path(tempfile.mkdtemp(prefix=f".{period}.tmp-", dir=out_root))
    umask = os.umask(0)
    os.umask(umask)
    build.chmod(0o777 & ~umask)
    return build


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def rank(manifest: dict[str, Any] | None) -> int:
    """2: full plan all ok; 1: full plan with failures; 0: subset or unreadable."""
    if not manifest or not manifest.get("outcome", {}).get("complete_plan"):
        return 0
    return 2 if manifest["outcome"].get("failed", 1) == 0 else 1


def _free(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _history_slot(out_root: Path, period: str, manifest: dict[str, Any] | None, tag: str) -> Path:
    stamp = (manifest or {}).get("run", {}).get("started", "unknown").replace(":", "")
    slot = _free(out_root / HISTORY / period / (stamp + tag))
    slot.parent.mkdir(parents=True, exist_ok=True)
    return slot


@dataclass(frozen=True, slots=True)
class Publication:
    """Where the run ended up and what happened to the previous one."""

    location: Path
    published: bool
    previous_moved_to: Path | None = None


def verify_pack(build: Path) -> str | None:
    """What is wrong with a finished build (an empty or truncated file, a hash that does not
    match the manifest), or None when every file is whole."""
    manifest = read_manifest(build)
    if manifest is None:
        return f"{MANIFEST} is missing or unreadable"
    listed = [manifest.get("index", {})] + [
        entry for report in manifest.get("reports", []) for entry in report["files"].values()
    ]
    for entry in listed:
        path = build / str(entry.get("path", ""))
        if not path.is_file() or path.stat().st_size == 0:
            return f"{path.name} is missing or empty"
        if sha256_file(path) != entry.get("sha256"):
            return f"{path.name} does not match its hash in {MANIFEST} (truncated?)"
    return None


def publish(build: Path, out_root: Path, period: str) -> Publication:
    """File ``build`` in history and point ``outputs/<period>`` at it, unless it is worse than
    what is published (rule 3) or its files are not whole (raises :class:`IncompletePack`)."""
    problem = verify_pack(build)
    if problem is not None:
        raise IncompletePack(str(build), problem)
    target = out_root / period
    new = read_manifest(build)
    old = read_manifest(target) if _exists(target) else None
    if old is not None and rank(new) < rank(old):
        tag = "-partial" if not new or not new["outcome"]["complete_plan"] else "-failed"
        slot = _history_slot(out_root, period, new, tag)
        _rename(build, slot)
        return Publication(slot, published=False)
    slot = _history_slot(out_root, period, new, "")
    _rename(build, slot)
    previous = _adopt_folder(target, out_root, period, old)
    _point(target, slot)
    return Publication(target, published=True, previous_moved_to=previous)


def _adopt_folder(
    target: Path, out_root: Path, period: str, manifest: dict[str, Any] | None
) -> Path | None:
    """The published run's place in history; a real folder (older pmaf) is moved there first."""
    if target.is_symlink():
        return target.resolve()
    if not target.exists():
        return None
    slot = _history_slot(out_root, period, manifest, "")
    _rename(target, slot)
    return slot


def _point(link: Path, run: Path) -> None:
    """Make ``link`` point at ``run`` in one atomic step (a new link renamed over the old)."""
    fresh = link.with_name(f".{link.name}.link-{os.getpid()}")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(os.path.relpath(run, link.parent))
    os.replace(fresh, link)
    _fsync_dir(link.parent)


def _rename(source: Path, destination: Path) -> None:
    source.rename(destination)
    _fsync_dir(source.parent)
    _fsync_dir(destination.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def discard_build(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


def fsync_tree(folder: Path) -> None:
    """Flush the build's files and folders to disk before they can be published."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        elif path.is_dir():
            _fsync_dir(path)
    _fsync_dir(folder)
