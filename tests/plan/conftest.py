"""Fixtures: a copy of the tiny valid council in ``fixtures/mini`` to spoil in each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini council's data folder."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target
