"""errors.py: one root, an exit code per kind, and every error survives pickling."""

from __future__ import annotations

import errno
import inspect
import pickle

import pytest

from pmaf_lib import errors
from pmaf_lib.cli import main
from pmaf_lib.errors import (
    ExitCode,
    IncompletePack,
    MachineRefused,
    PmafError,
    ValidationFailed,
)
from pmaf_lib.plan.problems import Problem, ValidationReport

REPORT = ValidationReport(
    "data/x", (Problem("returns/2025-26.csv", 7, "value", "n/a", "is not a number", "a number"),)
)
EXAMPLES = {
    ValidationFailed: ValidationFailed(REPORT),
    MachineRefused: MachineRefused("publishing outputs/2025-09", "/srv/outputs", errno.ENOSPC),
    IncompletePack: IncompletePack("outputs/.2025-09.tmp-x", "index.html is missing or empty"),
}


def _every_error() -> list[type[PmafError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, PmafError) and cls.__module__ == errors.__name__
    ]


def _example(cls: type[PmafError]) -> PmafError:
    return EXAMPLES.get(cls) or cls("month 2025-13 does not exist")


def test_the_nine_historic_errors_share_the_root() -> None:
    names = {cls.__name__ for cls in _every_error()}
    historic = {
        "PeriodError", "NoCompletePeriod", "ValidationFailed", "ParamsError", "PlanError",
        "InvalidRun", "RunInProgress", "PdfEngineUnavailable", "QuartoFailed",
    }  # fmt: skip
    assert historic <= names


@pytest.mark.parametrize("cls", _every_error(), ids=lambda c: c.__name__)
def test_every_error_survives_pickling(cls: type[PmafError]) -> None:
    error = _example(cls)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert copy.exit_code == error.exit_code


def test_validation_failed_keeps_its_report_and_names_the_cell() -> None:
    copy = pickle.loads(pickle.dumps(ValidationFailed(REPORT)))
    assert copy.report == REPORT
    assert "returns/2025-26.csv row 7, column value: is not a number" in str(copy)


def test_machine_refusals_are_named() -> None:
    full = MachineRefused("writing outputs", "/srv/out", errno.ENOSPC)
    assert str(full) == "writing outputs: the disk is full (/srv/out)"
    assert "read-only" in str(MachineRefused("writing", "/o", errno.EROFS))
    assert "permission denied" in str(MachineRefused("writing", "/o", errno.EACCES))
    assert full.exit_code == ExitCode.ENVIRONMENT == 3


def test_exit_codes_are_distinct() -> None:
    assert len({int(code) for code in ExitCode}) == len(ExitCode)


def test_main_prints_a_pmaf_error_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(data_dir: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system", "/srv/out")

    monkeypatch.setattr("pmaf_lib.plan.cli.read_data", refuse)
    assert main(["validate", "--data", "x"]) == ExitCode.ENVIRONMENT
    err = capsys.readouterr().err
    assert err.strip() == (
        "pmaf validate: reading or writing files: the file system is read-only (/srv/out)"
    )
