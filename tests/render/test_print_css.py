"""What the print stylesheet leaves on paper: a chart's data table folded in a closed
``<details>`` prints as its summary line only (the print leaves the folded table out of its
layout, to save Chromium's time), and one the reader opened prints in full; so does a Making
Data Count cell whose many names are folded."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from pmaf_lib.report.charts import spc_chart
from pmaf_lib.report.html import components_css
from pmaf_lib.report.sections.mdc_matrix import mdc_matrix
from tests.accessibility.axe import require_browser
from tests.report import fakes

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def printed_text(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Printed text of the chart with its table folded and opened, and of a matrix whose cell
    of 20 metrics is folded."""
    require_browser()
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (Debian poppler-utils)")
    chart = str(spc_chart(fakes.history(), fakes.scorecard_row()))
    assert '<details class="pmaf-chart-data">' in chart
    opened = chart.replace("<details ", "<details open ", 1)
    many = [
        fakes.scorecard_row(f"M{i:02d}", title=f"Metric {i}", spc_variation="common_cause")
        for i in range(1, 21)
    ]
    matrix = str(mdc_matrix(pd.DataFrame(many)))
    assert '<details class="pmaf-mdc__more">' in matrix
    folder = tmp_path_factory.mktemp("print_css")
    pages = []
    figures = {"folded": chart, "opened": opened, "matrix": matrix}
    for name, figure in figures.items():
        html = folder / f"{name}.html"
        html.write_text(
            f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{name}'
            f"</title><style>{components_css()}</style></head><body><main>{figure}</main>"
            "</body></html>",
            encoding="utf-8",
        )
        pages.append((html, html.with_suffix(".pdf")))
    # Printed in their own process, as a run's worker does (one Playwright session a process).
    script = "import sys; from pathlib import Path; from pmaf_lib.render.pdf import render_pdf\n"
    script += "for h, p in zip(sys.argv[1::2], sys.argv[2::2]):\n"
    script += "    render_pdf(Path(h), Path(p), engine='chromium')"
    args = [str(path) for pair in pages for path in pair]
    subprocess.run([sys.executable, "-c", script, *args], check=True, timeout=300)
    return {
        name: " ".join(
            subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout.split()
        )
        for name, (_, pdf) in zip(figures, pages, strict=True)
    }


def test_a_folded_chart_table_prints_as_its_summary_line(printed_text: dict[str, str]):
    folded = printed_text["folded"]
    assert "Chart data: CLM01" in folded
    assert "Lower process limit" not in folded


def test_a_chart_table_the_reader_opened_prints_in_full(printed_text: dict[str, str]):
    opened = printed_text["opened"]
    assert "Chart data: CLM01" in opened
    assert "Lower process limit" in opened
    assert "Upper process limit" in opened


def test_a_folded_matrix_cell_prints_its_count_and_where_the_names_are(
    printed_text: dict[str, str],
):
    matrix = printed_text["matrix"]
    assert "Names of the 20 metrics (each has its row in the table below)" in matrix
    assert "Metric 7" not in matrix
