"""A kernel that never comes up is tried once more; a notebook's own error is not retried
(whether the worker keeps its kernel between reports or not)."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from pmaf_lib.run import worker
from pmaf_lib.run.jobs import ReportJob

JOB = ReportJob("directorate-ASC", "Adults", Path("scope_report.ipynb"), {}, "directorate", "ASC")


@pytest.fixture
def calls() -> list[int]:
    return []


@pytest.fixture(params=[True, False], ids=["kept kernel", "fresh kernel"])
def reuse(request) -> bool:
    return request.param


def _fake(calls: list[int], failures: list[BaseException]):
    def execute_notebook(*args, **kwargs):
        calls.append(1)
        if failures:
            raise failures.pop(0)

    return execute_notebook


def test_a_kernel_that_never_started_is_retried_once(monkeypatch, calls, tmp_path, reuse):
    no_start = RuntimeError("Kernel didn't respond in 60 seconds")
    monkeypatch.setattr(papermill, "execute_notebook", _fake(calls, [no_start]))
    assert worker._execute(JOB, tmp_path / "out.ipynb", timeout=30, reuse_kernel=reuse) is None
    assert len(calls) == 2


def test_a_kernel_that_never_starts_twice_fails_the_report(monkeypatch, calls, tmp_path, reuse):
    failures = [RuntimeError("Kernel didn't respond in 60 seconds") for _ in range(2)]
    monkeypatch.setattr(papermill, "execute_notebook", _fake(calls, failures))
    error = worker._execute(JOB, tmp_path / "out.ipynb", timeout=30, reuse_kernel=reuse)
    assert error == "RuntimeError: Kernel didn't respond in 60 seconds"
    assert len(calls) == 2


def test_a_failing_cell_is_not_retried(monkeypatch, calls, tmp_path, reuse):
    cell_error = PapermillExecutionError(3, 4, "boom", "ValueError", "unknown directorate", [])
    monkeypatch.setattr(papermill, "execute_notebook", _fake(calls, [cell_error]))
    error = worker._execute(JOB, tmp_path / "out.ipynb", timeout=30, reuse_kernel=reuse)
    assert error == "ValueError: unknown directorate (cell [4])"
    assert len(calls) == 1
