"""Shared fixtures: the bundled sample council and its October 2026 evaluation (loaded once),
and a writable copy of the plan tests' mini council."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmaf_lib.indicators import Evaluation, evaluate
from pmaf_lib.plan import Council, load_council

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SAMPLE_MONTH = "2026-10"
MINI = Path(__file__).resolve().parents[1] / "plan" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini council's data folder."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture(scope="session")
def sample_council() -> Council:
    return load_council(SAMPLE)


@pytest.fixture(scope="session")
def sample_evaluation(sample_council: Council) -> Evaluation:
    return evaluate(sample_council, SAMPLE_MONTH)
