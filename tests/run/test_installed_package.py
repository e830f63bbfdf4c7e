"""pmaf as a user gets it: build the wheel, install it into a fresh venv, then ``pmaf init`` and
``pmaf run`` in an empty folder outside the repository with no other options.

Costs ~30 s on a quiet machine (wheel 5 s, install from uv's cache 5 s, two reports as HTML).
The venv is not byte-compiled at install (uv would compile all ~6,000 modules, ~15 s); instead
this test lets Python write the bytecode of what it imports on first use, overriding
``PYTHONDONTWRITEBYTECODE`` so the kernels reuse it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).parents[2]
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


def _sh(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with pmaf installed from its wheel, and the environment to run it in."""
    assert UV, "uv is needed to build and install the wheel (make setup installs it)"
    root = tmp_path_factory.mktemp("installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMAF_", "VIRTUAL_ENV"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _sh([UV, "build", "--wheel", "--quiet", "--out-dir", str(root / "dist"), str(REPO)], REPO, env)
    (wheel,) = (root / "dist").glob("pmaf-*.whl")
    venv = root / "venv"
    _sh([UV, "venv", "--quiet", "--python", sys.executable, str(venv)], root, env)
    _sh([UV, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
        root, env)  # fmt: skip
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv, env


def test_the_wheel_ships_the_repositorys_notebooks_and_params(installed):
    venv, env = installed
    where = _sh(["python", "-c", "from pmaf_lib import project; print(project.bundled_root())"],
                venv, env).strip()  # fmt: skip
    bundled = Path(where)
    assert bundled.is_relative_to(venv)
    shipped = sorted(p.name for p in (bundled / "notebooks").glob("*.ipynb"))
    assert shipped == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    for name in shipped:
        assert (bundled / "notebooks" / name).read_bytes() == (
            REPO / "notebooks" / name
        ).read_bytes()
    assert (bundled / "params" / "monthly.yaml").read_bytes() == (
        REPO / "params" / "monthly.yaml"
    ).read_bytes()


def test_init_then_run_in_an_empty_folder(installed, tmp_path):
    _venv, env = installed
    _sh(["pmaf", "init", "council"], tmp_path, env)
    project = tmp_path / "council"
    out = _sh(["pmaf", "run", "--period", "latest", "--formats", "html",
               "--only", "corporate_summary", "directorate:ASC"], project, env)  # fmt: skip
    index = project / "outputs" / "2026-10" / "index.html"
    assert f"index: {index}" in out
    manifest = json.loads((index.parent / "manifest.json").read_text())
    assert [r["status"] for r in manifest["reports"]] == ["ok", "ok"]
    assert {"directorate-ASC.html", "corporate_summary.html"} <= {
        p.name for p in index.parent.iterdir()
    }
    assert "Borough of Ashdown" in (index.parent / "corporate_summary.html").read_text()
