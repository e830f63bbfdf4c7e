"""A worker keeps its kernel from one report to the next, and each report still starts clean:
nothing left from the report before, execution counts from 1, warnings shown again, a new
kernel after a failure, none left running after the run; the sample's reports are the same
as from fresh kernels."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from pmaf_lib.run.batch import councils_from_folders, run_batch
from pmaf_lib.run.monthly import EXIT_FAILED, EXIT_OK, RunRequest, run_month
from tests.run.fake_council import FIXTURES, fake_upstream

pytestmark = pytest.mark.slow

PERIOD = "2025-09"
REPO = Path(__file__).resolve().parents[2]
# What a report would see if the report before it had left anything behind
PROBE = """\
import os, warnings
assert "left_behind" not in globals(), f"left behind by {left_behind}"
left_behind = scope_id
warnings.warn(f"shown in every report ({scope_id})")
print(f"kernel {os.getpid()} in {os.getcwd()}")
print(f"charts in {os.environ.get('PMAF_CHART_CACHE')}")
"""


def _notebooks(folder: Path) -> Path:
    """The run's fixture notebooks, the scope report with the probe cell added."""
    shutil.copytree(FIXTURES, folder)
    path = folder / "scope_report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(PROBE))
    nbformat.write(nb, path)
    return folder


def _run(tmp: Path, name: str, directorates: tuple[str, ...], **options) -> tuple[int, Path]:
    params = tmp / "params.yaml"
    params.write_text(yaml.safe_dump({"timeout": 120, "formats": ["html"]}))
    notebooks = _notebooks(tmp / "notebooks")
    request = RunRequest(period=PERIOD, params_path=params, data_dir=FIXTURES, out_root=tmp / name,
                         notebooks_dir=notebooks, jobs=1, **options)  # fmt: skip
    return run_month(request, fake_upstream(directorates)), tmp / name / PERIOD


def _probe(folder: Path, report: str) -> tuple[int, str, list[int | None]]:
    """The kernel's process id, the probe's stderr and every code cell's execution count."""
    pid, stderr, counts, _ = _probe_all(folder, report)
    return pid, stderr, counts


def _probe_all(folder: Path, report: str) -> tuple[int, str, list[int | None], str]:
    """:func:`_probe` and the chart cache the report's kernel was given."""
    nb = json.loads((folder / f"{report}.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    probe = next(c for c in code if "left_behind" in "".join(c["source"]))
    streams = {
        o["name"]: "".join(o["text"]) for o in probe["outputs"] if o["output_type"] == "stream"
    }
    pid = int(re.search(r"kernel (\d+)", streams["stdout"]).group(1))
    charts = re.search(r"charts in (.*)", streams["stdout"]).group(1)
    return pid, streams.get("stderr", ""), [c["execution_count"] for c in code], charts


def _gone(pid: int) -> bool:
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_one_kernel_serves_a_workers_reports_each_in_a_clean_session(tmp_path: Path) -> None:
    code, folder = _run(tmp_path, "kept", ("ASC", "CHS", "HSG"))
    assert code == EXIT_OK
    scopes = ["directorate-ASC", "directorate-CHS", "directorate-HSG", "portfolio-PF-ADULTS",
              "priority-1"]  # fmt: skip
    probes = {name: _probe(folder, name) for name in scopes}
    assert len({pid for pid, _, _ in probes.values()}) == 1, "one kernel for the one worker"
    for name, (_, stderr, counts) in probes.items():
        assert "shown in every report" in stderr, name
        assert counts == list(range(1, len(counts) + 1)), (name, counts)
    assert _gone(next(iter(probes.values()))[0]), "the kernel is shut down with its worker"


def test_a_failed_report_hands_the_next_report_a_new_kernel(tmp_path: Path) -> None:
    code, folder = _run(tmp_path, "failing", ("ASC", "FAIL1", "HSG"))
    assert code == EXIT_FAILED
    manifest = json.loads((folder / "manifest.json").read_text())
    order = [r["name"] for r in manifest["reports"] if r["name"].startswith("directorate")]
    status = {r["name"]: r["status"] for r in manifest["reports"]}
    assert status == {**dict.fromkeys(status, "ok"), "directorate-FAIL1": "failed"}
    pids = {name: _probe(folder, name)[0] for name in order if name != "directorate-FAIL1"}
    before, after = order.index("directorate-FAIL1") - 1, order.index("directorate-FAIL1") + 1
    assert pids[order[before]] != pids[order[after]], "the failed report's kernel was not kept"


def test_one_kernel_serves_every_council_of_a_batch(tmp_path: Path) -> None:
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"timeout": 120, "formats": ["html"]}))
    folders = [tmp_path / "councils" / name for name in ("north", "south")]
    for folder in folders:
        folder.mkdir(parents=True)
    request = RunRequest(period=PERIOD, params_path=params, data_dir=FIXTURES,
                         out_root=tmp_path / "out", notebooks_dir=_notebooks(tmp_path / "nb"),
                         jobs=1)  # fmt: skip
    assert run_batch(request, councils_from_folders(folders, params), fake_upstream()) == EXIT_OK
    pids = set()
    for council in ("north", "south"):
        for report in ("directorate-ASC", "portfolio-PF-ADULTS", "priority-1"):
            pid, _, counts, charts = _probe_all(tmp_path / "out" / council / PERIOD, report)
            pids.add(pid)
            assert counts == list(range(1, len(counts) + 1)), (council, report, counts)
            assert f"/{council}/" in charts, f"{council}'s {report} drew into {charts}"
    assert len(pids) == 1


def test_fresh_kernels_on_request(tmp_path: Path) -> None:
    code, folder = _run(tmp_path, "fresh", ("ASC", "CHS"), fresh_kernels=True)
    assert code == EXIT_OK
    pids = {_probe(folder, name)[0] for name in ("directorate-ASC", "directorate-CHS")}
    assert len(pids) == 2


def _comparable(notebook: Path) -> dict:
    """An executed notebook without what differs between any two runs: cell ids (papermill's
    injected cell gets a random one), execution times and the run's scratch path."""
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        cell.pop("id", None)
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
        cell["source"] = [re.sub(r"evaluation_cache = .*", "", line) for line in cell["source"]]
    nb["metadata"].pop("papermill", None)
    return nb


@pytest.mark.parametrize("only", [("priority:1", "directorate:ASC", "corporate_summary")])
def test_the_samples_reports_from_a_kept_kernel_match_fresh_kernels(tmp_path, only) -> None:
    folders = []
    for fresh in (False, True):
        out = tmp_path / f"fresh-{fresh}"
        request = RunRequest(period="latest", params_path=REPO / "params/monthly.yaml",
                             data_dir=REPO / "data/sample", out_root=out,
                             notebooks_dir=REPO / "notebooks", jobs=1, only=only,
                             formats=("html",), fresh_kernels=fresh)  # fmt: skip
        assert run_month(request) == EXIT_OK
        (folder,) = [p for p in out.iterdir() if re.fullmatch(r"\d{4}-\d{2}", p.name)]
        folders.append(folder)
    kept, fresh = folders
    reports = sorted(p.stem for p in kept.glob("*.html") if p.stem != "index")
    assert len(reports) == 3
    for name in reports:
        assert (kept / f"{name}.html").read_bytes() == (fresh / f"{name}.html").read_bytes(), name
        assert _comparable(kept / f"{name}.ipynb") == _comparable(fresh / f"{name}.ipynb"), name
