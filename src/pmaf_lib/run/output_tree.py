"""The atomic ``outputs/<period>/`` tree.

A run builds in ``outputs/.<period>.tmp-XXXX`` beside its target and, only once the index and
manifest are written, swaps it in with two renames: the published folder moves to
``outputs/history/<period>/<its run time>/``, then the build takes its place. An interrupted run
leaves at most a temporary folder, which the next run of that period removes (or, if it was
complete and only the final rename was missed, publishes). A lock file serialises runs of one
period.

Publication rule (what a performance team expects): a run replaces the published one unless
it is worse. Ranks: every report of the full plan ok (2) > full plan with failures (1) > an
``--only`` subset (0). A worse run is kept in history, tagged ``-failed`` or ``-partial``, and
the published pack stays as it was.
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

from pmaf_lib.errors import RunInProgress

MANIFEST = "manifest.json"
HISTORY = "history"


@contextlib.contextmanager
def period_lock(out_root: Path, period: str) -> Iterator[None]:
    """Hold ``outputs/.<period>.lock`` for the run (POSIX advisory lock)."""
    out_root.mkdir(parents=True, exist_ok=True)
    with (out_root / f".{period}.lock").open("a") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory lock; runs must not overlap
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress(f"another run for {period} is in progress") from None
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
        if not target.exists() and (build / MANIFEST).exists():
            build.rename(target)
            notes.append(f"published {target} left complete by an interrupted run")
        else:
            shutil.rmtree(build, ignore_errors=True)
            notes.append(f"removed {build.name} left by an interrupted run")
    return notes


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


def publish(build: Path, out_root: Path, period: str) -> Publication:
    """Swap ``build`` in as ``outputs/<period>/`` unless it is worse than what is published."""
    target = out_root / period
    new = read_manifest(build)
    if target.exists():
        old = read_manifest(target)
        if rank(new) < rank(old):
            tag = "-partial" if not new or not new["outcome"]["complete_plan"] else "-failed"
            slot = _history_slot(out_root, period, new, tag)
            build.rename(slot)
            return Publication(slot, published=False)
        moved = _history_slot(out_root, period, old, "")
        target.rename(moved)
        build.rename(target)
        return Publication(target, published=True, previous_moved_to=moved)
    build.rename(target)
    return Publication(target, published=True)


def discard_build(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


def fsync_tree(folder: Path) -> None:
    """Flush the build's files to disk before the rename makes them the published run."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
