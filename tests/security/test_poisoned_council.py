"""Issue 8 end to end: a council whose every free-text field and parameter is hostile validates,
runs, and renders to HTML and PDF with nothing live and nothing read from the machine.

The directorate's name is exactly the issue's exploit and its id is markup and a path; every
other text field holds every payload of ``payloads.py`` (see ``poison.py``). One ``pmaf run``
of three reports, HTML and PDF.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmaf_lib.run.jobs import file_stem
from tests.accessibility.axe import require_browser
from tests.report.html_probe import probe
from tests.security.inert_html import inert_page_problems, page_margin_texts, style_blocks
from tests.security.payloads import HIDDEN_CHARACTERS, PAYLOADS, PWNED
from tests.security.poison import HOSTILE_ID, hostile, poisoned_council
from tests.security.test_pdf_isolation import leaked

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
EXPLOIT = PAYLOADS["issue 8 directorate name"]
DIRECTORATE = "reference.yaml directorates[0].name"
DIRECTORATE_REPORT = file_stem("directorate", HOSTILE_ID)
REPORTS = (DIRECTORATE_REPORT, "corporate_summary", "directions_appendix")


def issue_text(label: str) -> str:
    """The issue's exact directorate name there, every payload everywhere else."""
    return EXPLOIT if label == DIRECTORATE else hostile(label)


def pmaf(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmaf_lib.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    PWNED.unlink(missing_ok=True)
    return poisoned_council(tmp_path_factory.mktemp("poisoned"), issue_text)


@pytest.fixture(scope="module")
def month(poisoned: tuple[Path, Path]) -> Path:
    require_browser()
    data, params = poisoned
    out = data.parent / "outputs"
    only = [f"directorate:{HOSTILE_ID}", "corporate_summary", "directions_appendix"]
    result = pmaf("run", "--period", "latest", "--data", str(data), "--params", str(params),
                  "--out", str(out), "--only", *only, "--formats", "html,pdf", "--jobs", "2",
                  "--renderer", "nbconvert", "--pdf-engine", "chromium")  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [period] = [p for p in out.iterdir() if p.is_dir() and p.name != "history"]
    return period


def test_the_poisoned_council_validates_and_its_messages_hide_nothing(poisoned):
    data, _ = poisoned
    result = pmaf("validate", "--data", str(data))
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Traceback" not in result.stderr
    shown = result.stdout + result.stderr
    assert not set(shown) & set(HIDDEN_CHARACTERS), "terminal control characters"
    assert "[U+202E]" in shown  # the council's name, shown with its bidi override visible


def test_every_page_is_inert_and_carries_the_policy(month: Path):
    pages = sorted(month.glob("*.html"))
    assert {p.stem for p in pages} == {*REPORTS, "index"}
    for page in pages:
        assert inert_page_problems(page.read_text(encoding="utf-8")) == [], page.name


def test_hostile_names_are_shown_as_text(month: Path):
    """Escaped, not dropped: the reader sees exactly what the data says."""
    html = (month / f"{DIRECTORATE_REPORT}.html").read_text(encoding="utf-8")
    text = probe(html).text
    assert EXPLOIT in text
    assert "[reference.yaml officers[0].name] Adults </style><script>alert(1)" in text
    assert "Total [U+202E]gnp.exe[U+202C] cost" in text
    assert "before[U+0000]after" in text
    margins = page_margin_texts("".join(style_blocks(html)))
    assert margins[0].startswith(EXPLOIT)  # the running header, as the PDF prints it


def test_pdfs_hold_no_local_file_and_show_the_name(month: Path):
    for report in REPORTS:
        pdf = month / f"{report}.pdf"
        assert leaked(pdf) == [], pdf.name
    text = subprocess.run(
        ["pdftotext", str(month / f"{DIRECTORATE_REPORT}.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "</style><script>alert(1)</script>" in text


def test_no_parameter_became_code(month: Path):
    assert not PWNED.exists()
