"""The Quarto renderer (only where ``quarto`` is installed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmaf_lib.run.monthly import EXIT_OK
from tests.run.test_run_month import PERIOD, run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.quarto,
    pytest.mark.skipif(shutil.which("quarto") is None, reason="quarto is not on PATH"),
]


def test_quarto_renders_every_report_to_html_and_pdf(tmp_path: Path):
    out = tmp_path / "outputs"
    assert run(out, {"timeout": 120, "renderer": "quarto"}) == EXIT_OK
    period = out / PERIOD
    html = (period / "corporate_summary.html").read_text()
    assert 'lang="en-GB"' in html
    assert "Borough of Testshire" in html
    assert html.count("OFFICIAL") >= 2
    assert "evaluation_cache" not in html
    assert (period / "corporate_summary.pdf").stat().st_size > 0
