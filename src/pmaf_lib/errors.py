"""Every error pmaf raises on purpose, under one root, and the exit code each one means.

1. :class:`PmafError` is the root. ``pmaf`` (:func:`pmaf_lib.cli.main`) catches it once, prints
   its message without a traceback and exits with its ``exit_code``.
2. Exit codes (:class:`ExitCode`, documented in README.md):
   0 every report succeeded (or the data is valid); 1 some reports failed, the others were
   published; 2 invalid data, parameters or period, nothing ran; 3 the machine refused (disk
   full, permission denied, read-only file system, another run of the month holds the lock),
   nothing already published is lost; 4 an internal error (a bug: the traceback is printed);
   130 interrupted.
3. Every error pickles and unpickles to an equal error (papermill's rule: each field is passed
   to ``Exception.__init__``, so ``args`` rebuilds it), so errors cross process pools intact.
4. The data classes keep their historic built-in base (``ValueError``, ``RuntimeError``) as a
   second base, so older ``except ValueError`` code still works.
"""

from __future__ import annotations

import errno
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pmaf_lib.plan.problems import ValidationReport


class ExitCode(IntEnum):
    """What ``pmaf`` exits with."""

    OK = 0
    REPORTS_FAILED = 1
    INVALID = 2
    ENVIRONMENT = 3
    INTERNAL = 4
    INTERRUPTED = 130


class PmafError(Exception):
    """The root of every error pmaf raises on purpose; ``str()`` is the message for people."""

    exit_code: ClassVar[ExitCode] = ExitCode.INVALID


# -- invalid input: exit 2 -------------------------------------------------------------------
class InvalidInput(PmafError):
    """Data, parameters or a period that cannot be used: nothing runs."""


class PeriodError(InvalidInput, ValueError):
    """A period identifier that cannot be understood."""


class NoCompletePeriod(InvalidInput, ValueError):
    """No month reaches the completeness threshold."""


class ParamsError(InvalidInput, ValueError):
    """The run definition is invalid; the message lists every problem."""


class PlanError(InvalidInput, ValueError):
    """The requested reports do not match the council's data or the notebooks."""


class InvalidRun(InvalidInput, ValueError):
    """Inputs or parameters of ``pmaf run`` are wrong: nothing is executed."""


class PdfEngineUnavailable(InvalidInput, RuntimeError):
    """The requested PDF engine cannot run on this machine."""


class ValidationFailed(InvalidInput):
    """Raised by :func:`pmaf_lib.plan.load_council` when the data has errors."""

    SHOWN = 20

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report)
        self.report = report

    def __str__(self) -> str:
        report = self.report
        shown = "\n".join(f"  {p}" for p in report.errors[: self.SHOWN])
        more = len(report.errors) - self.SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        return (
            f"{report.data_dir} has {len(report.errors)} error(s); "
            f"run `pmaf validate --data {report.data_dir}`:\n{shown}{tail}"
        )


# -- a report failed: exit 1 -----------------------------------------------------------------
class QuartoFailed(PmafError, RuntimeError):
    """``quarto render`` exited with an error (that report fails; the others go on)."""

    exit_code = ExitCode.REPORTS_FAILED


# -- the machine refused: exit 3 -------------------------------------------------------------
class EnvironmentFailure(PmafError):
    """The machine, not the data, stopped the run; what was published is untouched."""

    exit_code = ExitCode.ENVIRONMENT


class RunInProgress(EnvironmentFailure, RuntimeError):
    """Another run of the same period holds the lock."""


class IncompletePack(EnvironmentFailure):
    """A finished run's files are not whole (empty, truncated): it is not published."""

    def __init__(self, build: str, problem: str) -> None:
        super().__init__(build, problem)
        self.build, self.problem = build, problem

    def __str__(self) -> str:
        return (
            f"the run's files are not whole ({self.problem}), so nothing was published and "
            f"the previous run is unchanged; removed {self.build}"
        )


# errno -> the plain-English name of what the machine refused
REFUSALS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


class MachineRefused(EnvironmentFailure):
    """Writing outputs failed: disk full, permission denied or a read-only file system.

    ``MachineRefused("publishing outputs/2025-09", "/srv/outputs", errno.ENOSPC)`` reads
    "publishing outputs/2025-09: the disk is full (/srv/outputs)".
    """

    def __init__(self, action: str, path: str, code: int | None) -> None:
        super().__init__(action, path, code)
        self.action, self.path, self.code = action, path, code

    @property
    def reason(self) -> str:
        return REFUSALS.get(self.code or 0, f"the operating system refused ({self.code})")

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.action}: {self.reason}{where}"


def is_refusal(exc: BaseException) -> bool:
    """True for an ``OSError`` that means the machine refused (see :data:`REFUSALS`)."""
    return isinstance(exc, OSError) and exc.errno in REFUSALS


def refused(action: str, exc: OSError) -> MachineRefused:
    """The named error for an ``OSError`` the machine raised while doing ``action``."""
    return MachineRefused(action, str(exc.filename or ""), exc.errno)
