"""What the run tells its operator: a progress bar on a terminal, timestamped lines otherwise."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TextIO

from pmaf_lib.run.jobs import ReportJob
from pmaf_lib.run.worker import JobResult

LOG = logging.getLogger("pmaf.run")
QUIET, NORMAL, VERBOSE = 0, 1, 2


class _TqdmHandler(logging.Handler):
    """Log lines printed above the progress bar instead of through it."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        tqdm.write(self.format(record), file=sys.stderr)


def configure_logging(verbosity: int, stream: TextIO | None = None) -> bool:
    """Set up ``pmaf.run`` logging (to ``sys.stderr`` as it is now, not at import); True when
    a progress bar should be shown."""
    stream = stream or sys.stderr
    interactive = stream.isatty() and verbosity >= NORMAL
    handler: logging.Handler
    if interactive:
        handler = _TqdmHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
        )
    LOG.handlers[:] = [handler]
    LOG.propagate = False
    LOG.setLevel({QUIET: logging.WARNING, NORMAL: logging.INFO}.get(verbosity, logging.DEBUG))
    return interactive


class Progress:
    """Counts finished reports: a tqdm bar when interactive, one log line each otherwise."""

    def __init__(self, total: int, interactive: bool) -> None:
        self._bar = None
        if interactive:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)
        self._total = total
        self._done = 0

    def job_done(self, job: ReportJob, result: JobResult) -> None:
        self._done += 1
        seconds = sum(result.timings.values())
        if result.status == "ok":
            LOG.info("[%d/%d] %s done in %.1f s", self._done, self._total, job.name, seconds)
        else:
            LOG.warning("[%d/%d] %s FAILED: %s", self._done, self._total, job.name, result.error)
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def summary_table(jobs: Sequence[ReportJob], results: Sequence[JobResult]) -> str:
    """Plain-text table: report, status, seconds per step, error."""
    header = ("report", "status", "execute", "html", "pdf", "error")
    rows = [header]
    for job, res in zip(jobs, results, strict=True):
        cells = [f"{res.timings[k]:.1f}" if k in res.timings else "-" for k in header[2:5]]
        rows.append((job.name, res.status, *cells, (res.error or "")[:80]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  -----")
    return "\n".join(line.rstrip() for line in lines)
