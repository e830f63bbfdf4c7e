"""A run stopped halfway (SIGTERM from a scheduler, or SIGKILL) never harms the published month."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pmaf_lib.run import output_tree
from pmaf_lib.run.monthly import EXIT_INTERRUPTED

pytestmark = pytest.mark.slow

REPO = Path(__file__).parents[2]
PERIOD = "2025-09"


def _previous_run(out: Path) -> dict[str, bytes]:
    """A published month, as a previous good run left it."""
    period = out / PERIOD
    period.mkdir(parents=True)
    manifest = {"run": {"started": "2025-10-03T07:00:00"},
                "outcome": {"reports": 5, "failed": 0, "complete_plan": True}}  # fmt: skip
    (period / "manifest.json").write_text(json.dumps(manifest))
    (period / "index.html").write_text("<!DOCTYPE html><title>previous</title>")
    return {p.name: p.read_bytes() for p in period.iterdir()}


def _start_run(out: Path, tmp_path: Path) -> subprocess.Popen:
    params = tmp_path / "params.yaml"
    params.write_text("timeout: 60\nformats: [html]\n")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.run.fake_council", str(out), str(params), "HANG1", "ASC"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _wait_until_executing(out: Path, proc: subprocess.Popen) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        builds = list(out.glob(f".{PERIOD}.tmp-*"))
        if builds and (builds[0] / ".work" / "evaluation.pkl").exists():
            time.sleep(3)  # notebooks are now running
            return builds[0]
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.2)
    raise AssertionError("the run never started executing")


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (out / PERIOD).iterdir()}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_killed_run_leaves_the_previous_month_intact(tmp_path, sig):
    out = tmp_path / "outputs"
    previous = _previous_run(out)
    proc = _start_run(out, tmp_path)
    try:
        build = _wait_until_executing(out, proc)
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
    finally:
        # End the run's own process group (its pool workers), whatever happened.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert _files(out) == previous
    assert not (out / "history").exists()
    if sig == signal.SIGTERM:
        assert code == EXIT_INTERRUPTED
        assert not build.exists()
    else:
        assert build.exists()  # nothing could run; the next run tidies it away
        assert output_tree.recover_stale_builds(out, PERIOD)
        assert not build.exists()
        assert _files(out) == previous
