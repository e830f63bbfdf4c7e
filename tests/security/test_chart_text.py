"""Chart text from data is drawn as written: never read as maths or markup."""

from __future__ import annotations

import pytest

from pmaf_lib.report.charts import spc_chart
from tests.report import fakes
from tests.report.html_probe import probe


@pytest.mark.parametrize(
    "title",
    ["Bad $\\frac{$ maths", "$\\unicode{x}$ and $$x$$", "Spend $5m on <b>items</b> & more"],
)
def test_a_metric_title_is_drawn_as_written(title: str):
    """matplotlib typeset text between two ``$`` (these raised ``ValueError`` and the report
    failed); the SVG chart writes the title as escaped text."""
    html = spc_chart(fakes.history(), {**fakes.scorecard_row(), "title": title})
    parsed = probe(html)
    assert title in [e.text for e in parsed.find("text")]
    assert not parsed.find("b")
