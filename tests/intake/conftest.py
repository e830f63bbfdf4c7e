"""Fixtures: a writable copy of the import test council and the cut real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
COUNCIL = HERE / "fixtures" / "council"
REAL = HERE.parent / "data" / "intake_real"


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the test council's data folder (plan years 2021/22 to 2025/26)."""
    target = tmp_path / "council"
    shutil.copytree(COUNCIL, target)
    return target


def write_mapping(folder: Path, name: str, text: str, *sources: str) -> Path:
    """A mapping file beside copies of the named real files."""
    for source in sources:
        shutil.copy(REAL / source, folder / source)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
