"""Fixtures shared across test areas."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Speed is measured in benchmarks/, never asserted in tests: no per-example time limit (on a
# loaded machine Hypothesis's 200 ms default failed property tests that were correct).
settings.register_profile("pmaf", deadline=None)
settings.load_profile("pmaf")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"


def run_sample_month(out: Path, *options: str) -> subprocess.CompletedProcess:
    """``pmaf run --period latest`` on the sample council into ``out`` (as a scheduler would)."""
    return subprocess.run(
        [sys.executable, "-m", "pmaf_lib.cli", "run", "--period", "latest",
         "--data", str(SAMPLE), "--params", str(REPO / "params" / "monthly.yaml"),
         "--out", str(out), "--renderer", "nbconvert", *options],
        cwd=REPO, capture_output=True, text=True, timeout=1200,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip


@pytest.fixture(scope="session")
def sample_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample council's whole month on the default process pool, HTML and PDF where
    Chromium exists: run once per session, read by the accessibility and Dask tests."""
    from tests.accessibility.axe import chromium_path

    out = tmp_path_factory.mktemp("outputs")
    result = run_sample_month(out, "--formats", "html,pdf" if chromium_path() else "html")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    periods = [p for p in out.iterdir() if p.is_dir() and p.name != "history"]
    assert len(periods) == 1
    return periods[0]
