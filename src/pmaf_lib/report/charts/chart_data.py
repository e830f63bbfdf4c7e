"""The numbers behind a chart, as an accessible table in a ``<details>`` under it.

Screen-reader users get the values a chart shows, and anyone can check it: one row per point,
columns Period, Value, Mean, Lower process limit, Upper process limit, Target, Signal (and
Recovery trajectory where the metric has one). Limits
are the computed values even where the chart draws them at a bound (a count's limit below 0).
The mean and limits carry one more decimal place than the metric, so a target just outside a
limit reads as outside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from pmaf_lib.indicators.labels import SpecialCause
from pmaf_lib.report.formatting import format_metric_value, period_label
from pmaf_lib.report.html import Column, Html, data_table, element, join
from pmaf_lib.report.signals import member, text_of
from pmaf_lib.report.spc_series import SpcSeries, analysed_values, spc_reading

RULE_WORDS = {
    SpecialCause.ABOVE_UCL: "above the upper process limit",
    SpecialCause.BELOW_LCL: "below the lower process limit",
    SpecialCause.TREND_UP: "part of 7 or more points rising",
    SpecialCause.TREND_DOWN: "part of 7 or more points falling",
    SpecialCause.TWO_IN_THREE_ABOVE: "2 of 3 points close to the upper process limit",
    SpecialCause.TWO_IN_THREE_BELOW: "2 of 3 points close to the lower process limit",
    SpecialCause.SHIFT_ABOVE: "part of a run of 7 or more points above the mean",
    SpecialCause.SHIFT_BELOW: "part of a run of 7 or more points below the mean",
}
CATEGORY_WORDS = {
    "common": "Common cause",
    "improvement": "Special cause improvement",
    "concern": "Special cause concern",
    "neutral": "Special cause, neither improvement nor concern",
}


def signal_words(category: str, rule: str) -> str:
    """``Special cause concern: below the lower process limit``, ``Common cause``."""
    words = CATEGORY_WORDS.get(category, "Common cause")
    detail = RULE_WORDS.get(member(rule, SpecialCause))
    return f"{words}: {detail}" if category != "common" and detail else words


def metric_formatter(metric: Mapping[str, Any], extra_places: int = 0) -> Callable[[float], str]:
    """``format_metric_value`` for many points of one metric, ``""`` for NaN; each distinct
    value is formatted once (the mean, limits and target repeat along a series)."""
    shown: dict[float, str] = {}

    def fmt(value: float) -> str:
        if value != value:  # NaN
            return ""
        if value not in shown:  # (-0.0 and 0.0 share a key and are shown alike)
            shown[value] = format_metric_value(metric, value, extra_places)
        return shown[value]

    return fmt


def chart_rows(series: SpcSeries, metric: Mapping[str, Any]) -> list[dict[str, str]]:
    """One row of display text per point of ``series`` (what the table shows)."""
    fmt, fmt_centre = metric_formatter(metric), metric_formatter(metric, 1)
    columns = zip(
        series.periods,
        series.value.tolist(),
        series.mean.tolist(),
        series.median.tolist(),
        series.lpl.tolist(),
        series.upl.tolist(),
        series.target.tolist(),
        series.trajectory.tolist(),
        series.category,
        series.special,
        strict=True,
    )
    return [
        {
            "period": period_label(period),
            "value": fmt(value) if value == value else "no value",
            "mean": fmt_centre(mean),
            "median": fmt_centre(median),
            "lpl": fmt_centre(lpl),
            "upl": fmt_centre(upl),
            "target": fmt(target),
            "trajectory": fmt(trajectory),
            "signal": signal_words(category, special) if value == value else "",
        }
        for period, value, mean, median, lpl, upl, target, trajectory, category, special in columns
    ]


COLUMNS = (
    Column("value", "Value", numeric=True),
    Column("mean", "Mean", numeric=True),
    Column("lpl", "Lower process limit", numeric=True),
    Column("upl", "Upper process limit", numeric=True),
    Column("target", "Target", numeric=True),
    Column("signal", "Signal"),
)
TRAJECTORY_COLUMN = Column("trajectory", "Recovery trajectory", numeric=True)
RUN_CHART_COLUMNS = (
    Column("value", "Value", numeric=True),
    Column("median", "Median", numeric=True),
    Column("target", "Target", numeric=True),
)


def chart_data(series: SpcSeries, metric: Mapping[str, Any]) -> Html:
    """``<details>`` holding the chart's data table, its ``<caption>`` naming the metric."""
    name = " ".join(p for p in (text_of(metric.get("metric_id")), text_of(metric.get("title"))))
    run_chart = bool((~np.isnan(series.median)).any())
    centre = "median" if run_chart else "mean, process limits"
    notes = "".join(f" ({note})" for note in spc_reading(metric).notes)
    columns = RUN_CHART_COLUMNS if run_chart else COLUMNS
    planned = bool((~np.isnan(series.trajectory)).any())
    if planned:  # beside the target it is read against
        at = [c.key for c in columns].index("target") + 1
        columns = (*columns[:at], TRAJECTORY_COLUMN, *columns[at:])
    lines = f"{centre}, target and recovery trajectory" if planned else f"{centre} and target"
    caption = f"{name.strip()}: {analysed_values(metric)}, {lines}{notes}"
    table = data_table(
        chart_rows(series, metric),
        caption,
        columns,
        Column("period", "Period"),
        empty_message=f"{name}: no data to chart.",
    )
    summary = element("summary", f"Chart data: {name.strip()} (table)")
    return element("details", join([summary, table]), class_="pmaf-chart-data")
