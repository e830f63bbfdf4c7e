"""The whole month on the fixture notebooks: outputs, manifest, index, failures, reruns."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from pmaf_lib.run.manifest import sha256_file
from pmaf_lib.run.monthly import EXIT_FAILED, EXIT_OK, RunRequest, run_month
from tests.run.fake_council import FIXTURES, fake_upstream

pytestmark = pytest.mark.slow

REPORTS = ["priority-1", "directorate-ASC", "portfolio-PF-ADULTS", "corporate_summary",
           "directions_appendix"]  # fmt: skip
PERIOD = "2025-09"


def run(out: Path, params: dict, directorates=("ASC",)) -> int:
    params_path = out.parent / f"{out.name}-params.yaml"
    params_path.write_text(yaml.safe_dump(params))
    request = RunRequest(
        period=PERIOD,
        params_path=params_path,
        data_dir=FIXTURES,
        out_root=out,
        notebooks_dir=FIXTURES,
        jobs=2,
    )
    return run_month(request, fake_upstream(directorates))


@pytest.fixture(scope="module")
def good_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("good") / "outputs"
    assert run(out, {"timeout": 120}) == EXIT_OK
    return out


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


class _IndexParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs["href"])
        if tag == "html":
            self.lang = attrs.get("lang")


def test_every_expected_file_exists(good_run):
    period = good_run / PERIOD
    expected = {f"{r}.{ext}" for r in REPORTS for ext in ("ipynb", "html", "pdf")}
    assert expected | {"index.html", "manifest.json"} == {p.name for p in period.iterdir()}
    assert not list(good_run.glob(f".{PERIOD}.tmp-*"))


def test_manifest_hashes_match_the_files(good_run):
    period = good_run / PERIOD
    manifest = manifest_of(period)
    assert manifest["outcome"] == {"reports": 5, "failed": 0, "complete_plan": True}
    assert [r["name"] for r in manifest["reports"]] == REPORTS
    for report in manifest["reports"]:
        assert report["status"] == "ok"
        assert set(report["timings_s"]) == {"execute", "html", "pdf"}
        for entry in report["files"].values():
            assert sha256_file(period / entry["path"]) == entry["sha256"]
    assert sha256_file(period / "index.html") == manifest["index"]["sha256"]
    assert manifest["inputs"][0]["sha256"] == "ab" * 32
    assert manifest["software"]["papermill"] and manifest["software"]["pandas"]
    assert manifest["parameters"]["classification"] == "OFFICIAL"


def test_index_lists_every_report_with_links(good_run):
    parser = _IndexParser()
    text = (good_run / PERIOD / "index.html").read_text()
    parser.feed(text)
    assert parser.lang == "en-GB"
    assert {"title", "h1", "table", "caption", "main"} <= set(parser.tags)
    for report in REPORTS:
        assert {f"{report}.html", f"{report}.pdf", f"{report}.ipynb"} <= set(parser.links)
    assert text.count("Complete") == len(REPORTS)


def test_report_html_shows_results_only_with_marking_and_landmarks(good_run):
    html = (good_run / PERIOD / "directorate-ASC.html").read_text()
    assert '<html lang="en-GB">' in html
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert "Borough of Testshire" in title and "September 2025" in title
    assert "<script" not in html.lower()
    assert html.count('class="pmaf-classification">OFFICIAL<') == 2  # banner and contentinfo
    assert 'role="banner"' in html and 'role="contentinfo"' in html
    assert '<main id="main">' in html and 'href="#main"' in html
    # no code, prompts or parameters: only outputs and markdown
    assert "plt.subplots" not in html and "import pickle" not in html
    assert "evaluation_cache" not in html and "jp-InputPrompt" not in html.split("</style>")[-1]
    assert "Directorate ASC: Borough of Testshire, 2025-09" in html
    assert "data:image/png;base64," in html  # the fixture's matplotlib chart is embedded
    assert "@page" in html and "counter(pages)" in html


def test_report_pdf_is_tagged_titled_and_paged(good_run):
    pdf = good_run / PERIOD / "directorate-ASC.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert "Borough of Testshire" in fields["Title"] and "September 2025" in fields["Title"]
    assert int(fields["Pages"]) >= 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Page 1 of" in text
    assert text.count("OFFICIAL") >= 2


def test_rerun_is_identical_and_keeps_the_previous_run(good_run, tmp_path):
    out = tmp_path / "outputs"
    shutil.copytree(good_run, out)
    before = manifest_of(out / PERIOD)
    assert run(out, {"timeout": 120, "pdf_engine": "weasyprint"}) == EXIT_OK
    after = manifest_of(out / PERIOD)
    # the previous run stays in history; outputs/<period> now points at the new one
    history = [manifest_of(p) for p in (out / "history" / PERIOD).iterdir()]
    assert before in history and after in history and (out / PERIOD).is_symlink()
    for old, new in zip(before["reports"], after["reports"], strict=True):
        assert old["files"]["html"]["sha256"] == new["files"]["html"]["sha256"]
    assert after["rendering"]["pdf_engine"] == "weasyprint"
    info = subprocess.run(["pdfinfo", str(out / PERIOD / "priority-1.pdf")],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert re.search(r"Tagged:\s+yes", info)


def test_failed_and_hung_reports_do_not_stop_the_others(good_run, tmp_path, capsys):
    out = tmp_path / "outputs"
    shutil.copytree(good_run, out)
    code = run(out, {"timeout": 10, "formats": ["html"]}, directorates=("ASC", "FAIL1", "HANG1"))
    assert code == EXIT_FAILED
    summary = capsys.readouterr().out
    assert re.search(r"directorate-FAIL1\s+failed.*RuntimeError: fixture failure", summary)
    assert re.search(r"directorate-HANG1\s+failed.*timeout", summary)
    # the published, fully good run is kept; this one is filed in history
    assert manifest_of(out / PERIOD)["outcome"]["failed"] == 0
    (failed_run,) = (out / "history" / PERIOD).glob("*-failed")
    manifest = manifest_of(failed_run)
    status = {r["name"]: r["status"] for r in manifest["reports"]}
    assert status == {**dict.fromkeys(REPORTS, "ok"), "directorate-FAIL1": "failed",
                      "directorate-HANG1": "failed"}  # fmt: skip
    assert (failed_run / "directorate-ASC.html").exists()
    assert not (failed_run / "directorate-FAIL1.html").exists()
    executed = (failed_run / "directorate-FAIL1.ipynb").read_text()
    assert "fixture failure for scope FAIL1" in executed
    assert "timeout" in (failed_run / "directorate-HANG1.ipynb").read_text()
    index = (failed_run / "index.html").read_text()
    assert "Failed" in index and "fixture failure for scope FAIL1" in index


def test_a_relative_output_folder_works_from_any_directory(tmp_path, monkeypatch):
    """README's `make run` passes `--out outputs`: notebooks run in their own folder, so every
    path handed to them must be absolute."""
    monkeypatch.chdir(tmp_path)
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"timeout": 120, "formats": ["html"]}))
    request = RunRequest(
        period=PERIOD,
        params_path=params,
        data_dir=FIXTURES,
        out_root=Path("outputs"),
        notebooks_dir=FIXTURES,
        only=("corporate_summary",),
        jobs=1,
    )
    assert run_month(request, fake_upstream()) == EXIT_OK
    assert (tmp_path / "outputs" / PERIOD / "corporate_summary.html").exists()
