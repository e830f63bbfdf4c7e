"""Every machine case: exit 3 naming what was refused, no traceback, the published run intact."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmaf_lib.cli import main
from pmaf_lib.run import upstream
from pmaf_lib.run.upstream import Upstream
from tests.run.fake_council import write_reports

from .corpus import PARAMS, SAMPLE
from .machine import MACHINE_CASES, PERIOD, MachineCase, can_mount

pytestmark = pytest.mark.skipif(not (SAMPLE / "plan.yaml").is_file(), reason="no data/sample")


def pmaf_run(out: Path, params: Path) -> list[str]:
    return ["run", "--data", str(SAMPLE), "--out", str(out), "--params", str(params),
            "--period", "latest", "--formats", "html", "--only", "directorate:ASC"]  # fmt: skip


def snapshot(out: Path) -> dict[str, bytes]:
    """The published run as a reader sees it: ``outputs/<period>/*``."""
    return {p.name: p.read_bytes() for p in sorted((out / PERIOD).iterdir())}


def remembered(real: Upstream) -> Upstream:
    """The sample council read and evaluated once for every case: the faults are in writing."""
    memo: dict[tuple[str, ...], Any] = {}

    def once(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def run(first: Any, *args: Any, **kwargs: Any) -> Any:
            key = (name, str(first), *map(str, args), *map(str, kwargs.items()))
            return memo[key] if key in memo else memo.setdefault(key, call(first, *args, **kwargs))

        return run

    return Upstream(once("read", real.read_data), once("evaluate", real.evaluate))


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Upstream]:
    """An outputs folder holding one published run of the sample council, the params, and the
    council's pre-steps remembered for the cases."""
    root = tmp_path_factory.mktemp("machine")
    params = root / "monthly.yaml"
    params.write_text(PARAMS, encoding="utf-8")
    up = remembered(upstream.pmaf_upstream())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pmaf_lib.run.monthly.execute_tasks", write_reports)
        patch.setattr("pmaf_lib.run.upstream.pmaf_upstream", lambda: up)
        assert main(pmaf_run(root / "outputs", params)) == 0
    return root / "outputs", params, up


@pytest.fixture(scope="session")
def mountable(tmp_path_factory: pytest.TempPathFactory) -> bool:
    return can_mount(tmp_path_factory.mktemp("probe") / "mnt")


@pytest.mark.parametrize("case", MACHINE_CASES, ids=lambda c: c.name)
def test_machine_case(
    case: MachineCase,
    published: tuple[Path, Path, Upstream],
    mountable: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, params, up = published
    out = tmp_path / "outputs"
    mounted = case.mounts and mountable
    if mounted:
        out.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(out)], check=True)
    try:
        shutil.copytree(source, out, symlinks=True, dirs_exist_ok=True)
        before = snapshot(out)
        capsys.readouterr()
        monkeypatch.setattr("pmaf_lib.run.monthly.execute_tasks", write_reports)
        monkeypatch.setattr("pmaf_lib.run.upstream.pmaf_upstream", lambda: up)
        with case.breaks(out, monkeypatch):
            code = main(pmaf_run(out, params))
        monkeypatch.undo()
        output = "".join(capsys.readouterr())
        assert "Traceback" not in output
        assert code == case.code, output[-3000:]
        named = (*case.expect, str(out))  # what was refused, and where
        assert any(all(f in line for f in named) for line in output.splitlines()), output
        assert snapshot(out) == before, "the published run changed"
        assert not list(out.glob(f".{PERIOD}.tmp-*")), "a build folder was left behind"
    finally:
        if mounted:
            subprocess.run(["umount", str(out)], check=False)
