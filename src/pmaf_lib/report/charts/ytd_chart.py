"""A cumulative metric's year so far against its profiled target: what finance and housing
leads read beside the SPC chart of the in-period values.

One small chart for the latest financial year: the running total (or year-to-date rate) as a
line with points, the profiled year-to-date target (dash-dot), and at the year end the
year-end target and the forecast with its likely range (drawn no lower than 0; the data table
keeps the computed figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from pmaf_lib.periods import PeriodError, parse_period
from pmaf_lib.report.chart_cache import cached_chart
from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.png import new_figure, png_data_uri
from pmaf_lib.report.formatting import (
    format_axis_value,
    period_label,
    short_period_label,
    tick_decimals,
    unit_label,
)
from pmaf_lib.report.formatting import (
    format_metric_value as _fmt,
)
from pmaf_lib.report.html import Column, Html, data_table, element, figure, join
from pmaf_lib.report.signals import is_blank, text_of
from pmaf_lib.report.spc_series import SpcSeries, spc_series

YTD_FIGSIZE = (7.0, 2.4)
_AXES_RECT = (0.125, 0.13, 0.84, 0.66)


def _number(value: Any) -> float:
    return np.nan if is_blank(value) else float(value)


def _fy(period: str) -> int | None:
    try:
        return parse_period(period).fy_start_year
    except PeriodError:
        return None


def latest_year(series: SpcSeries) -> tuple[str, SpcSeries]:
    """The financial year of the latest reported point (``2026/27``) and the indices in it."""
    observed = np.flatnonzero(~np.isnan(series.headline))
    if not len(observed):
        return "", series
    year = _fy(series.periods[observed[-1]])
    keep = [i for i, p in enumerate(series.periods) if _fy(p) == year]
    label = parse_period(series.periods[observed[-1]]).fy_label
    return label, _take(series, keep)


def _take(series: SpcSeries, keep: list[int]) -> SpcSeries:
    def pick(values: Any) -> Any:
        return values[keep] if isinstance(values, np.ndarray) else [values[i] for i in keep]

    return SpcSeries(**{name: pick(getattr(series, name)) for name in SpcSeries.__slots__})


MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


def _year_ticks(year: SpcSeries, metric: Mapping[str, Any]) -> tuple[list[float], list[str]]:
    """x of every period of the financial year (months since year 0) and its short name:
    ``Apr`` .. ``Mar`` for a monthly metric, ``Q1`` .. ``Q4`` for a quarterly one."""
    fy = _fy(year.periods[0])
    if fy is None:
        return list(year.x), [short_period_label(p) for p in year.periods]
    april = fy * 12 + 3
    if text_of(metric.get("frequency")).lower() == "quarterly":
        return [april + 3.0 * q for q in range(4)], [f"Q{q + 1}" for q in range(4)]
    return [april + float(m) for m in range(12)], list(MONTHS)


def _floor(metric: Mapping[str, Any]) -> float:
    """What the unit allows: no figure below 0 (every pmaf unit is non-negative but money)."""
    return -np.inf if text_of(metric.get("unit")).lower() == "gbp" else 0.0


def ytd_figure(series: SpcSeries, metric: Mapping[str, Any]) -> Figure:
    """The year-to-date chart as a matplotlib figure."""
    label, year = latest_year(series)
    fig = new_figure(YTD_FIGSIZE, style.SPC_DPI)
    ax = fig.add_axes(_AXES_RECT)
    fig.text(
        0.012,
        0.96,
        f"Year to date against the profiled target, {label}",
        fontsize=style.TITLE_SIZE - 1.5,
        fontweight="bold",
        va="top",
        color=style.TEXT,
    )
    ticks, names = _year_ticks(year, metric) if len(year) else ([0.0], [""])
    end = ticks[-1]
    ax.plot(
        year.x,
        year.headline_target,
        **style.TARGET_LINE,
        zorder=2,
        gid="target",
    )
    ax.plot(
        year.x,
        year.headline,
        color=style.MEAN,
        linewidth=1.6,
        marker="o",
        markersize=4,
        zorder=3,
        gid="ytd",
    )
    year_end_target = _number(metric.get("forecast_target"))
    if not np.isnan(year_end_target):
        ax.plot([end], [year_end_target], marker="D", color=style.TARGET, linestyle="none")
        ax.annotate(
            f"Year-end target\n{_fmt(metric, year_end_target)}",
            (end, year_end_target),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.NOTE_SIZE,
            color=style.TARGET,
            fontweight="bold",
        )
    outturn = _number(metric.get("forecast"))
    if not np.isnan(outturn):
        floor = _floor(metric)
        low = max(floor, _number(metric.get("forecast_low")))
        high = _number(metric.get("forecast_high"))
        if not (np.isnan(low) or np.isnan(high)):
            ax.plot([end, end], [low, high], color=style.IMPROVEMENT, linewidth=2.5, alpha=0.5)
        ax.plot(
            [end],
            [max(floor, outturn)],
            marker="o",
            color=style.IMPROVEMENT,
            markersize=6,
            linestyle="none",
            gid="forecast",
        )
        ax.annotate(
            f"Forecast\n{_fmt(metric, outturn)}",
            (end, max(floor, outturn)),
            xytext=(-8, 0),
            textcoords="offset points",
            va="center",
            ha="right",
            fontsize=style.NOTE_SIZE,
            color=style.IMPROVEMENT,
        )
    _axes(ax, metric, ticks, names)
    return fig


def _axes(ax: Any, metric: Mapping[str, Any], ticks: list[float], names: list[str]) -> None:
    unit = metric.get("unit")
    ax.set_ylabel(unit_label(unit, metric.get("rate_per")), fontsize=style.LABEL_SIZE - 1)
    ax.set_xticks(ticks, names)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    ax.set_xlim(ticks[0] - step / 2, ticks[-1] + step * 2.5)
    ax.set_ylim(bottom=0 if _floor(metric) == 0 else None)
    ax.tick_params(labelsize=style.TICK_SIZE - 1, colors=style.TEXT, length=3)
    ax.grid(axis="y", color=style.GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    y_ticks = ax.get_yticks()
    places = tick_decimals(float(np.min(np.diff(y_ticks)))) if len(y_ticks) > 1 else 0
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_axis_value(v, unit, places)))


def ytd_alt_text(series: SpcSeries, metric: Mapping[str, Any]) -> str:
    """``Homelessness preventions, year to date in 2026/27: 644 by Oct 2026 against a
    profiled target of 817; year-end target 1,400; forecast 1,104 (likely range ...).``"""
    label, year = latest_year(series)
    title = text_of(metric.get("title")) or text_of(metric.get("metric_id")) or "Metric"
    observed = np.flatnonzero(~np.isnan(year.headline))
    if not len(observed):
        return f"{title}: no year-to-date figures to chart."
    last = observed[-1]
    text = (
        f"{title}, year to date in {label}: {_fmt(metric, year.headline[last])} by "
        f"{period_label(year.periods[last])}"
    )
    if not np.isnan(year.headline_target[last]):
        text += f" against a profiled target of {_fmt(metric, year.headline_target[last])}"
    if not is_blank(metric.get("forecast_target")):
        text += f"; year-end target {_fmt(metric, _number(metric.get('forecast_target')))}"
    if not is_blank(metric.get("forecast")):
        text += f"; forecast {_fmt(metric, _number(metric.get('forecast')))}"
        low, high = metric.get("forecast_low"), metric.get("forecast_high")
        if not (is_blank(low) or is_blank(high)):
            text += f" (likely range {_fmt(metric, low)} to {_fmt(metric, high)})"
    return text + "."


def ytd_data(series: SpcSeries, metric: Mapping[str, Any]) -> Html:
    """``<details>`` table: Period, Year to date, Profiled target."""
    label, year = latest_year(series)
    name = " ".join(p for p in (text_of(metric.get("metric_id")), text_of(metric.get("title"))))
    rows = pd.DataFrame(
        {
            "period": [period_label(p) for p in year.periods],
            "ytd": [_fmt(metric, v) for v in year.headline],
            "target": [_fmt(metric, v) if not np.isnan(v) else "" for v in year.headline_target],
        }
    )
    table = data_table(
        rows,
        f"{name}: year to date against the profiled target, {label}",
        [
            Column("ytd", "Year to date", numeric=True),
            Column("target", "Profiled target", numeric=True),
        ],
        Column("period", "Period"),
    )
    summary = element("summary", f"Chart data: {name} year to date (table)")
    return element("details", join([summary, table]), class_="pmaf-chart-data")


def ytd_chart(history: pd.DataFrame, metric: Mapping[str, Any]) -> Html:
    """For a cumulative (``ytd``) metric, ``<figure>`` of the year so far against the profiled
    target, with its data table; ``""`` for any other metric.

    ``history`` and ``metric`` as for :func:`~pmaf_lib.report.charts.spc_chart.spc_chart`.
    """
    if text_of(metric.get("aggregation")).lower() != "ytd":
        return Html("")
    key = history.to_csv(index=False) + repr(sorted((k, repr(v)) for k, v in metric.items()))
    return cached_chart("ytd", key, lambda: _ytd_figure(spc_series(history), metric))


def _ytd_figure(series: SpcSeries, metric: Mapping[str, Any]) -> Html:
    src, width, height = png_data_uri(ytd_figure(series, metric))
    caption = (
        "Year to date against the profiled target. Key: solid line with points: year to date; "
        "dash-dot line: profiled target; diamond: year-end target; circle and bar: forecast "
        "and its likely range."
    )
    return join(
        [
            figure(src, ytd_alt_text(series, metric), caption, width, height),
            ytd_data(series, metric),
        ]
    )
