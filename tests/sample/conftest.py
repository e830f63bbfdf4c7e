"""Shared fixtures: one generated sample per test session (scale 1, default seed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmaf_lib.sample import generate


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "data"
    generate(out)
    return out


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
