"""Charts, tables and scorecards say how far a metric's SPC may be read."""

from __future__ import annotations

import re

import numpy as np

from pmaf_lib.report.charts import spc_chart
from pmaf_lib.report.charts.spc_chart import spc_figure
from pmaf_lib.report.sections import metric_facts
from pmaf_lib.report.spc_series import spc_series
from tests.report import fakes
from tests.report.html_probe import probe


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


def _drawn(figure, gid: str | None = None) -> list[np.ndarray]:
    lines = [line for ax in figure.axes for line in ax.get_lines()]
    return [np.asarray(line.get_ydata(), dtype=float) for line in lines if line.get_gid() == gid]


def test_trial_limits_are_named_and_give_no_assurance():
    row = fakes.scorecard_row(spc_mode="trial limits", spc_assurance=None)
    parsed = probe(spc_chart(fakes.history(n=9, rebase_at=None), row))
    caption = parsed.find("figcaption")[0].text
    assert "Trial limits: fewer than 12 points since the limits were set." in caption
    assert "dashed lines: process limits (trial limits)" in caption
    assert "Trial limits" in parsed.find("img")[0].attrs["alt"]
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
    figure = spc_figure(spc_series(history), row)
    (median,) = _drawn(figure, "median")
    assert np.allclose(median, history["spc_value"].median()) and not _drawn(figure, "mean")
    html = spc_chart(history, row)
    assert "Run chart: too few points for process limits" in _text(html)
    assert "solid line: median" in _text(html) and "process limits;" not in _text(html)
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
    assert "target consistently missed (provisional)" in probe(html).find("img")[0].attrs["alt"]
    assert _text(metric_facts.assurance_cell(row)) == (
        "F Fail provisional; limits may need recalculating from Mar 2025"
    )


def test_limits_are_drawn_within_the_unit_and_tabled_as_computed():
    history = fakes.history(rebase_at=None)
    history["lpl"] = -3.25
    history["lpl_shown"] = 0.0
    figure = spc_figure(spc_series(history), fakes.scorecard_row())
    limits = [y for y in _drawn(figure) if np.allclose(y, y[0]) and len(y) == len(history)]
    assert min(float(y[0]) for y in limits) == 0.0
    assert "-3.25 days" in _text(spc_chart(history, fakes.scorecard_row()))
