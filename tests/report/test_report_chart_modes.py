"""Charts, tables and scorecards say how far a metric's SPC may be read."""

from __future__ import annotations

import re

import numpy as np

from pmaf_lib.report.charts import spc_chart
from pmaf_lib.report.charts.spc_chart import spc_plot
from pmaf_lib.report.sections import metric_facts
from pmaf_lib.report.spc_series import spc_series
from tests.report import fakes
from tests.report.html_probe import probe


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


def _drawn(plot, gid: str) -> list[np.ndarray]:
    return [np.asarray(line.y, dtype=float) for line in plot.lines_of(gid)]


def test_trial_limits_are_named_and_give_no_assurance():
    row = fakes.scorecard_row(spc_mode="trial limits", spc_assurance=None)
    parsed = probe(spc_chart(fakes.history(n=9, rebase_at=None), row))
    caption = parsed.find("figcaption")[0].text
    assert "Trial limits: fewer than 12 points since the limits were set." in caption
    assert "dashed lines: process limits (trial limits)" in caption
    assert "Trial limits" in parsed.find("svg")[0].attrs["aria-label"]
    assert _text(metric_facts.variation_cell(row)).endswith("on trial limits")
    assert _text(metric_facts.assurance_cell(row)) == "– Not assessed"


def test_a_run_chart_draws_points_and_median_only():
    history = fakes.history(n=4, rebase_at=None, concern_run=0).assign(
        lpl=np.nan, upl=np.nan, lpl_shown=np.nan, upl_shown=np.nan, point_type=None
    )
    history["median"] = history["spc_value"].median()
    row = fakes.scorecard_row(
        spc_mode="run chart", spc_variation=None, spc_assurance=None, frequency="annual"
    )
    plot = spc_plot(spc_series(history), row)
    (median,) = _drawn(plot, "median")
    assert np.allclose(median, history["spc_value"].median()) and not _drawn(plot, "mean")
    html = spc_chart(history, row)
    assert "Run chart: too few points for process limits" in _text(html)
    caption = probe(html).find("figcaption")[0].text
    assert "solid line: median" in caption and "lines: process limits" not in caption
    headers = [e.text for e in probe(html).find("th") if e.attrs.get("scope") == "col"]
    assert headers == ["Period", "Value", "Median", "Target"]
    assert _text(metric_facts.variation_cell(row)) == "– Run chart"


def test_not_meaningful_has_no_special_cause():
    history = fakes.history(concern_run=0).assign(
        special_cause_type=None, point_type=None, lpl_shown=np.nan, upl_shown=np.nan
    )
    row = fakes.scorecard_row(spc_mode="not meaningful", spc_variation=None, spc_assurance=None)
    html = spc_chart(history, row)
    assert "SPC not meaningful for this series (too few distinct values)" in _text(html)
    assert "special cause" not in _text(html).replace("no SPC signal", "")
    assert _text(metric_facts.variation_cell(row)) == "– SPC not meaningful"


def test_limits_to_recalculate_on_chart_and_scorecard():
    row = fakes.scorecard_row(
        spc_rebase_suggested="2025-03",
        spc_assurance="consistent_fail",
        spc_assurance_provisional=True,
    )
    html = spc_chart(fakes.history(), row)
    assert "Limits may need recalculating from Mar 2025" in _text(html)
    assert "dashed vertical line: a sustained shift began" in _text(html)
    label = probe(html).find("svg")[0].attrs["aria-label"]
    assert "target consistently missed (provisional)" in label
    assert _text(metric_facts.assurance_cell(row)) == (
        "F Fail provisional; limits may need recalculating from Mar 2025"
    )


def test_limits_are_drawn_within_the_unit_and_tabled_as_computed():
    history = fakes.history(rebase_at=None)
    history["lpl"] = -3.25
    history["lpl_shown"] = 0.0
    plot = spc_plot(spc_series(history), fakes.scorecard_row())
    limits = [y for y in _drawn(plot, "limit") if len(y) == len(history)]
    assert min(float(y[0]) for y in limits) == 0.0
    assert "-3.25 days" in _text(spc_chart(history, fakes.scorecard_row()))
