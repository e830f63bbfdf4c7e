"""A run's scratch folder for what kernels and browsers leave behind.

1. Kernel connection files (``tempfile.mkstemp``, so ``TMPDIR``) and Chromium profiles
   (Playwright puts them under ``TMPDIR``) of a run go into ``<temp>/pmaf-run-<pid>-XXXX/``,
   which the run removes when it ends, however it ends short of ``kill -9``.
2. After ``kill -9`` (or a power cut) the next run removes every ``pmaf-run-<pid>-*`` folder
   whose process is gone: those are identifiably a dead run's own. Folders of live runs stay.
   A Dask worker's scratch (``pmaf-run-<worker pid>-worker-*``) is tidied the same way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "pmaf-run-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders of runs that are no longer running; the folders removed."""
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).split("-")[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def leftovers_in(folder: Path) -> dict[str, str]:
    """Environment variables that put kernels' and browsers' leftovers under ``folder``."""
    paths = {"TMPDIR": folder / "tmp", "JUPYTER_RUNTIME_DIR": folder / "runtime"}
    for path in paths.values():
        path.mkdir(parents=True, exist_ok=True)
    return {name: str(path) for name, path in paths.items()}


@contextmanager
def scratch_environment() -> Iterator[dict[str, str]]:
    """Environment variables pointing kernels' and browsers' leftovers into this run's folder."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        yield leftovers_in(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
