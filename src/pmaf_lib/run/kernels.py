"""A worker's Jupyter kernels: watched for the timeout, and kept from one report to the next.

Starting a kernel and importing pmaf's report code in it cost about 0.9 CPU-seconds, a third
of a sample report (benchmarks/README.md). So a worker (of the process pool or Dask) keeps its
kernel and gives each later report a fresh session in it: ``InteractiveShell.reset(
new_session=True)`` empties the namespace and the history and sets the execution count back
to 1, the working folder is put back and warnings already shown will show again. Imported
modules stay: that is the saving. The executed notebooks and their HTML are byte-identical to
fresh kernels' (tests/run/test_kernel_reuse.py).

The reset also brings the kernel's environment up to date with the worker's (the council's
chart cache, build date, temporary folder), so one kernel serves every council of a batch;
only a change in the ``PYTHON*`` variables Python reads at start needs a new kernel. A kernel
whose report failed or timed out is shut down, and so is the last one when the worker ends.
``pmaf run --fresh-kernels`` starts a kernel for every report, as papermill does on its own.
"""

from __future__ import annotations

import atexit
import multiprocessing.util
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.client import KernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

RESET_TIMEOUT_S = 30
RESET = """\
import os as _pmaf_os, tempfile as _pmaf_tempfile, warnings as _pmaf_warnings
_pmaf_os.chdir({folder!r})
_pmaf_os.environ.update({environment!r})
_pmaf_tempfile.tempdir = None  # TMPDIR is read again
_pmaf_warnings.simplefilter("default", append=True)  # forget which warnings were shown
get_ipython().reset(new_session=True)
"""


@dataclass(slots=True)
class _KernelWatch:
    """The kernels started in this process (for the watchdog) and whether to hide their stderr."""

    started: list[AsyncKernelManager] = field(default_factory=list)
    quiet: bool = True


WATCH = _KernelWatch()


class WatchedKernelManager(AsyncKernelManager):
    """Kernel manager that registers its kernel (and silences its stderr unless verbose), and
    remembers its clients so a kept kernel's connections can be closed after each report."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.clients: list[KernelClient] = []

    async def start_kernel(self, **kw: Any) -> None:
        if WATCH.quiet:
            kw.setdefault("stderr", subprocess.DEVNULL)
        await super().start_kernel(**kw)
        WATCH.started.append(self)

    def client(self, **kw: Any) -> KernelClient:
        kc = super().client(**kw)
        self.clients.append(kc)
        return kc

    def close_clients(self) -> None:
        for kc in self.clients:
            kc.stop_channels()
        self.clients.clear()


def kill_kernels() -> None:
    """Kill this process's running kernels at once (the watchdog, on a report's timeout)."""
    managers = [*WATCH.started, *([_KEPT.manager] if _KEPT.manager else [])]
    for km in managers:
        process = getattr(km.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()


@dataclass(slots=True)
class _Kept:
    manager: WatchedKernelManager | None = None
    key: tuple[str, tuple[tuple[str, str], ...]] | None = None
    exit_hooked: bool = False


_KEPT = _Kept()


def kept_kernel(folder: Path, env: Mapping[str, str]) -> WatchedKernelManager:
    """The kernel manager for the next report run in ``folder`` with environment ``env``.

    Papermill starts its kernel on first use; after that the same kernel comes back reset to
    a new session with ``env`` as its environment, so one kernel serves every council of a
    batch. Only the variables Python reads at start (``PYTHON*``: the hash seed) cannot be
    changed in a running kernel: a kernel started with others, dead, or refusing the reset is
    shut down and a new manager is returned.
    """
    key = (str(folder), tuple(sorted((k, v) for k, v in env.items() if k.startswith("PYTHON"))))
    kept = _KEPT
    if kept.manager is not None and kept.key != key:
        discard_kernel()
    if (
        kept.manager is not None
        and kept.manager.has_kernel
        and not _reset(kept.manager, folder, env)
    ):
        discard_kernel()
    if kept.manager is None:
        kept.manager = WatchedKernelManager(kernel_name="python3")
        kept.key = key
        if not kept.exit_hooked:
            # a pool worker ends through multiprocessing (no atexit); other processes via atexit
            multiprocessing.util.Finalize(None, discard_kernel, exitpriority=10)
            atexit.register(discard_kernel)
            kept.exit_hooked = True
    return kept.manager


def _reset(km: WatchedKernelManager, folder: Path, env: Mapping[str, str]) -> bool:
    """Give the kept kernel a new session in ``folder`` with ``env``; False when it is dead or
    does not answer."""
    if not run_sync(km.is_alive)():
        return False
    kc = km.client()
    try:
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=RESET_TIMEOUT_S)
        reply = run_sync(kc.execute_interactive)(
            RESET.format(folder=str(folder), environment=dict(env)),
            silent=True,
            store_history=False,
            timeout=RESET_TIMEOUT_S,
            output_hook=lambda _message: None,
        )
    except Exception:  # whatever went wrong, the next report is safer in a new kernel
        return False
    finally:
        km.close_clients()
    return reply["content"]["status"] == "ok"


def report_done(succeeded: bool) -> None:
    """After a report: close its connections to the kept kernel, or shut the kernel down when
    the report failed (its state is unknown)."""
    if _KEPT.manager is None:
        return
    if succeeded:
        _KEPT.manager.close_clients()
    else:
        discard_kernel()


def discard_kernel() -> None:
    """Shut the kept kernel down (if any) and forget it."""
    km, _KEPT.manager, _KEPT.key = _KEPT.manager, None, None
    if km is None:
        return
    km.close_clients()
    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)  # cleans its files up too
    except (RuntimeError, OSError):  # already gone (killed by the watchdog)
        run_sync(km.cleanup_resources)()
