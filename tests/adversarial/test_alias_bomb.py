"""A YAML alias bomb under a 4 GB memory limit: a clean exit 2 naming the line, no traceback."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .corpus import SAMPLE, billion_laughs

FOUR_GB = 4 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (FOUR_GB, FOUR_GB))


@pytest.mark.skipif(not (SAMPLE / "plan.yaml").is_file(), reason="no data/sample")
def test_billion_laughs_in_plan_yaml_is_refused_within_4_gb(tmp_path: Path) -> None:
    data = tmp_path / "bomb"
    shutil.copytree(SAMPLE, data)
    (data / "plan.yaml").write_text(billion_laughs() + (SAMPLE / "plan.yaml").read_text("utf-8"))
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pmaf_lib.cli", "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        timeout=300,  # a hang guard only: the refusal comes at the first anchor
    )
    output = result.stdout + result.stderr
    assert time.monotonic() - start < 60, "issue 8: exit 2 in under a minute"
    assert result.returncode == 2, output[-2000:]
    assert "Traceback" not in output and "MemoryError" not in output
    assert "plan.yaml line 1: is not valid YAML: anchors and aliases (&a0, *a0)" in output
