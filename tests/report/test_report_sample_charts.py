"""Every SPC chart a run draws on the sample month plots the series SPC analysed.

A cumulative (``ytd``) metric's SPC runs on its in-period values; drawing the year-to-date
sawtooth under limits computed from in-month values (HSG04: limits 62-122 under a line reaching
1,250) is the bug this guards against.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.periods import parse_period
from pmaf_lib.report.charts.spc_chart import spc_plot
from pmaf_lib.report.spc_series import spc_series

CUMULATIVE = ("HSG04", "FIN03", "CHS14")


def _charted(sample_month) -> list[str]:
    """The metrics whose SPC chart a run draws: every exception, plus the cumulative three."""
    card = sample_month.scorecard
    return sorted(set(card.loc[card["is_exception"], "metric_id"]) | set(CUMULATIVE))


def test_every_chart_plots_the_analysed_series(sample_month):
    card = sample_month.scorecard.set_index("metric_id", drop=False)
    histories = dict(tuple(sample_month.history.groupby("metric_id")))
    charted = _charted(sample_month)
    assert len(charted) > 20
    for metric_id in charted:
        row = card.loc[metric_id].to_dict()
        history = histories[metric_id]
        series = spc_series(history)
        plot = spc_plot(series, row)
        (points,) = plot.lines_of("points")
        plotted = np.asarray(points.y, dtype=float)
        analysed = history.sort_values("period_start")["spc_value"].to_numpy(dtype=float)
        np.testing.assert_allclose(plotted, analysed, err_msg=metric_id)
        # the centre line drawn for each group is the mean of the points drawn in it (of its
        # first n points where spc.csv fixes the baseline), or a run chart's median
        centres = plot.lines_of("mean") + plot.lines_of("median")
        assert len(centres) == len(series.group_spans()), metric_id
        for (first, last), centre in zip(series.group_spans(), centres, strict=True):
            group = plotted[first : last + 1]
            group = group[~np.isnan(group)]
            drawn = float(np.nanmax(np.asarray(centre.y, dtype=float)))
            if centre.gid == "median":
                assert drawn == pytest.approx(np.median(group)), metric_id
            else:
                prefix_means = np.cumsum(group) / np.arange(1, len(group) + 1)
                assert np.isclose(prefix_means, drawn, rtol=1e-6).any(), metric_id


@pytest.mark.parametrize("metric_id", CUMULATIVE)
def test_a_cumulative_metric_plots_in_period_values_that_add_up_to_its_year_to_date(
    sample_month, metric_id
):
    history = sample_month.history[sample_month.history["metric_id"] == metric_id]
    history = history.sort_values("period_start")
    series = spc_series(history)
    fy = pd.Series([parse_period(p).fy_start_year for p in series.periods])
    running = pd.Series(series.value).groupby(fy).cumsum().to_numpy()
    observed = ~np.isnan(series.headline)
    np.testing.assert_allclose(running[observed], series.headline[observed], rtol=1e-6)
    # the in-period targets add up to the profiled year-to-date target too
    running_target = pd.Series(series.target).groupby(fy).cumsum().to_numpy()
    np.testing.assert_allclose(running_target, series.headline_target, rtol=1e-6)
    # and nothing on the chart is on the year-to-date scale
    assert np.nanmax(series.value) <= np.nanmax(series.upl) * 2
