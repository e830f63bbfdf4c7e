"""Chart text from data is drawn as written: matplotlib must not read it as maths."""

from __future__ import annotations

import pytest

from pmaf_lib.report.charts import spc_chart_png
from tests.report import fakes


@pytest.mark.parametrize(
    "title",
    ["Bad $\\frac{$ maths", "$\\unicode{x}$ and $$x$$", "Spend $5m on \\left( items$"],
)
def test_a_metric_title_with_dollars_draws(title: str):
    """Matplotlib typesets text between two ``$``: these raised ``ValueError`` and the report
    failed (and "Spend $5m against $6m" lost its dollar signs)."""
    src, width, height = spc_chart_png(fakes.history(), {**fakes.scorecard_row(), "title": title})
    assert src.startswith("data:image/png;base64,") and width > 0 and height > 0
