"""Every PDF of the sample month passes PDF/UA-1 (``page-validation``, no JVM) and says the
HTML is the primary accessible version; ``outloud``'s semantic checks are reported as warnings.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from tests.accessibility.axe import require_browser

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# outloud takes 1-3 s a PDF: a scope report and the corporate summary (the appendix is built
# from the same tables) are enough to surface its findings.
SEMANTIC_SAMPLE = ("corporate_summary.pdf", "directorate-ASC.pdf")


def test_every_pdf_passes_pdf_ua_1(month: Path):
    require_browser()
    import page

    pdfs = sorted(month.glob("*.pdf"))
    assert pdfs
    failed = {}
    for pdf in pdfs:
        report = page.validate_pdf(pdf, profile="ua1")
        if not report.is_compliant:
            failed[pdf.name] = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert failed == {}


def test_every_pdf_says_the_html_is_the_primary_accessible_version(month: Path):
    require_browser()
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (Debian poppler-utils)")
    for pdf in sorted(month.glob("*.pdf")):
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        first_page = " ".join(text.split())
        assert "HTML version of this report is the primary accessible version" in first_page, pdf


def test_outloud_semantic_findings_are_warnings(month: Path):
    require_browser()
    from outloud import check

    for name in SEMANTIC_SAMPLE:
        result = check(str(month / name), layers=["semantic"])
        assert result.error is None, f"{name}: outloud could not read it: {result.error}"
        for finding in result.sorted_findings():
            warnings.warn(
                f"outloud {finding.rule} {name} page {finding.page}: {finding.message}",
                stacklevel=1,
            )
