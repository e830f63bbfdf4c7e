"""PDFs are printed by printer processes beside the kernels: each report still gets its PDF,
a PDF that will not print fails its report alone, and a full disk while printing stops the run
without touching what was published."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from pmaf_lib.render import pdf as pdf_module
from pmaf_lib.run.monthly import EXIT_ENVIRONMENT, EXIT_FAILED, EXIT_OK, RunRequest, run_month
from tests.run.fake_council import FIXTURES, fake_upstream

pytestmark = pytest.mark.slow

PERIOD = "2025-09"
REPORTS = {"priority-1", "directorate-ASC", "portfolio-PF-ADULTS", "corporate_summary",
           "directions_appendix"}  # fmt: skip


def _run(out: Path, formats=("html", "pdf"), **settings: object) -> int:
    params = out.parent / f"{out.name}-params.yaml"
    params.write_text(yaml.safe_dump({"timeout": 120, "formats": list(formats), **settings}))
    request = RunRequest(period=PERIOD, params_path=params, data_dir=FIXTURES, out_root=out,
                         notebooks_dir=FIXTURES, jobs=2)  # fmt: skip
    return run_month(request, fake_upstream())


def _refuse_to_print(report: str, error: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    """``render_pdf`` fails for ``report`` only (the printers are forked, so they inherit it)."""
    real = pdf_module.render_pdf

    def render_pdf(html: Path, pdf: Path, engine: str = "auto") -> Path:
        if pdf.stem == report:
            raise error
        return real(html, pdf, engine)

    monkeypatch.setattr(pdf_module, "render_pdf", render_pdf)


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_every_report_gets_a_pdf_printed_from_its_own_html(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    assert _run(out) == EXIT_OK
    for report in _manifest(out / PERIOD)["reports"]:
        assert report["status"] == "ok" and report["files"].keys() >= {"html", "pdf"}
        assert {"execute", "html", "pdf"} <= report["timings_s"].keys()
        text = subprocess.run(["pdftotext", str(out / PERIOD / f"{report['name']}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        title = report["title"]
        assert " ".join(title.split()[:3]) in " ".join(text.split()), (report["name"], title)


def test_pdf_reports_limits_the_pdfs_and_the_index_links_only_those(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    assert _run(out, pdf_reports=["corporate_summary", "portfolios"]) == EXIT_OK
    published = out / PERIOD
    printed = {"corporate_summary", "portfolio-PF-ADULTS"}
    assert {p.stem for p in published.glob("*.pdf")} == printed
    assert {p.stem for p in published.glob("*.html")} >= REPORTS
    manifest = _manifest(published)
    assert manifest["rendering"]["pdf_reports"] == ["corporate_summary", "portfolios"]
    for report in manifest["reports"]:
        assert ("pdf" in report["files"]) == (report["name"] in printed), report["name"]
    index = (published / "index.html").read_text()
    assert sorted(set(re.findall(r'href="([^"]+\.pdf)"', index))) == sorted(
        f"{name}.pdf" for name in printed
    )
    assert index.count('<td data-label="PDF">HTML only</td>') == len(REPORTS) - len(printed)


def test_a_pdf_that_will_not_print_fails_its_report_alone(tmp_path, monkeypatch, capsys) -> None:
    _refuse_to_print("directorate-ASC", RuntimeError("printer jammed"), monkeypatch)
    out = tmp_path / "outputs"
    assert _run(out) == EXIT_FAILED
    assert "printer jammed" in capsys.readouterr().out
    failed_run = out / PERIOD  # nothing better was published before
    status = {r["name"]: r for r in _manifest(failed_run)["reports"]}
    assert status["directorate-ASC"]["status"] == "failed"
    assert "rendering failed: RuntimeError: printer jammed" in status["directorate-ASC"]["error"]
    assert (failed_run / "directorate-ASC.html").exists(), "its HTML is kept"
    for name in REPORTS - {"directorate-ASC"}:
        assert status[name]["status"] == "ok" and (failed_run / f"{name}.pdf").exists()


def test_a_disk_that_fills_while_printing_stops_the_run_and_keeps_the_published_one(
    tmp_path, monkeypatch, capsys
) -> None:
    out = tmp_path / "outputs"
    assert _run(out, formats=("html",)) == EXIT_OK
    published = (out / PERIOD).resolve()
    before = sorted(p.name for p in published.iterdir())
    full = OSError(errno.ENOSPC, "No space left on device")
    _refuse_to_print("corporate_summary", full, monkeypatch)
    assert _run(out) == EXIT_ENVIRONMENT
    assert "the disk is full" in capsys.readouterr().err
    assert (out / PERIOD).resolve() == published
    assert sorted(p.name for p in published.iterdir()) == before


def test_a_printer_launches_its_browser_into_the_runs_scratch_folder(tmp_path, monkeypatch):
    """The printer starts Chromium before the first report is ready, with the run's ``TMPDIR``
    (where Playwright puts the browser profile), and leaves the environment as it found it."""
    from types import SimpleNamespace

    from pmaf_lib.run import scratch, worker

    seen = {}

    def start_chromium(engine: str) -> None:
        seen.update(tmp=os.environ["TMPDIR"], engine=engine)

    monkeypatch.setattr(pdf_module, "start_chromium", start_chromium)
    monkeypatch.delenv("TMPDIR", raising=False)
    env = scratch.leftovers_in(tmp_path / "scratch")
    settings = SimpleNamespace(pdf_engine="chromium", out_dir=tmp_path)
    worker.start_printer(worker.Task(SimpleNamespace(name="r"), None, settings, env))  # type: ignore[arg-type]
    assert seen == {"tmp": env["TMPDIR"], "engine": "chromium"}
    assert "TMPDIR" not in os.environ


def _fake_report(task):
    from pmaf_lib.run.worker import JobResult

    return JobResult(task.job.name, "ok", files={"html": f"{task.job.name}.html"},
                     timings={"deferred_pdf": float(task.defer_pdf)})  # fmt: skip


def _fake_print(task, result):
    result.files["pdf"] = f"{task.job.name}.pdf"
    return result


def _fake_start(task):
    return None


def test_only_the_reports_that_want_a_pdf_are_printed(tmp_path, monkeypatch) -> None:
    """A batch can mix councils with and without PDFs: each report follows its own settings."""
    from types import SimpleNamespace

    from pmaf_lib.run import executor
    from pmaf_lib.run.progress import Progress
    from pmaf_lib.run.worker import RenderSettings, Task

    monkeypatch.setattr(executor, "run_task", _fake_report)
    monkeypatch.setattr(executor, "print_task", _fake_print)
    monkeypatch.setattr(executor, "start_printer", _fake_start)

    def task(name: str, formats: tuple[str, ...]) -> Task:
        settings = RenderSettings(
            tmp_path, tmp_path / ".work", formats, "nbconvert", "chromium", 60
        )
        return Task(SimpleNamespace(name=name), None, settings, {})  # type: ignore[arg-type]

    tasks = [task("with-pdf", ("html", "pdf")), task("html-only", ("html",))]
    results = executor.execute_tasks(tasks, 2, Progress(2, interactive=False))
    assert results[0].files == {"html": "with-pdf.html", "pdf": "with-pdf.pdf"}
    assert results[1].files == {"html": "html-only.html"}
    assert [r.timings["deferred_pdf"] for r in results] == [1.0, 0.0]
