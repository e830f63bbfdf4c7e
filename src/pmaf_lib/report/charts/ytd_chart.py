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

from pmaf_lib.periods import PeriodError, parse_period
from pmaf_lib.report.chart_cache import cached_chart, metric_chart_key
from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.svg import (
    LAYOUTS,
    MARGIN,
    Axes,
    Layout,
    circle,
    diamond,
    flow,
    left_of_axes,
    line_path,
    markers,
    number,
    path,
    svg,
    text,
    text_width,
    value_ticks,
)
from pmaf_lib.report.formatting import (
    format_metric_value as _fmt,
)
from pmaf_lib.report.formatting import (
    period_label,
    short_period_label,
    unit_label,
)
from pmaf_lib.report.html import Column, Html, chart_figure, data_table, element, join
from pmaf_lib.report.signals import is_blank, text_of
from pmaf_lib.report.spc_series import SpcSeries, spc_series


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
    return label, series.take(keep)


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


def _ytd_range(year: SpcSeries, metric: Mapping[str, Any], floor: float) -> tuple[float, float]:
    values = np.concatenate(
        [
            year.headline,
            year.headline_target,
            [_number(metric.get(k)) for k in ("forecast_target", "forecast", "forecast_high")],
            [max(floor, _number(metric.get("forecast_low")))],
        ]
    )
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    pad = (high - low) * 0.05 or abs(high) * 0.05 or 1.0
    return (0.0 if floor == 0 else low - pad), high + pad


def _label(x: float, y: float, lines: tuple[str, str], layout: Layout, **how: Any) -> list[Html]:
    size = layout.note_size
    return [
        text(x, y + size * (1.15 * i - 0.2), words, size, **how) for i, words in enumerate(lines)
    ]


def _end_marks(metric: Mapping[str, Any], axes: Axes, end: float, layout: Layout) -> list[Html]:
    """At the year end: the year-end target (diamond, labelled right) and the forecast with
    its likely range (circle and bar, labelled left)."""
    parts: list[Html] = []
    x = float(axes.x(end))
    year_end_target = _number(metric.get("forecast_target"))
    if not np.isnan(year_end_target):
        y = float(axes.y(year_end_target))
        parts.append(path(diamond(x, y, 4.5 * layout.marker_scale), fill=style.TARGET))
        words = ("Year-end target", _fmt(metric, year_end_target))
        parts += _label(x + 11, y, words, layout, colour=style.TARGET, bold=True)
    outturn = _number(metric.get("forecast"))
    if not np.isnan(outturn):
        floor = _floor(metric)
        low = max(floor, _number(metric.get("forecast_low")))
        high = _number(metric.get("forecast_high"))
        if not (np.isnan(low) or np.isnan(high)):
            bar = f"M{number(x)} {number(float(axes.y(low)))}V{number(float(axes.y(high)))}"
            parts.append(path(bar, style.FORECAST_RANGE, 3.5))
        y = float(axes.y(max(floor, outturn)))
        parts.append(path(circle(x, y, 4.2 * layout.marker_scale), fill=style.IMPROVEMENT))
        words = ("Forecast", _fmt(metric, outturn))
        parts += _label(x - 11, y, words, layout, colour=style.IMPROVEMENT, anchor="end")
    return parts


def _ytd_svg(series: SpcSeries, metric: Mapping[str, Any], layout: Layout, label: str) -> Html:
    fy_label, year = latest_year(series)
    ticks, names = _year_ticks(year, metric) if len(year) else ([0.0], [""])
    title_size = layout.title_size - 2
    title = f"Year to date against the profiled target, {fy_label}"
    parts: list[Html] = []
    y = 4.0
    for line in flow(title, lambda _: layout.width - 2 * MARGIN, y, 0, title_size, bold=True):
        y += title_size * 1.15
        parts.append(text(MARGIN, y, line, title_size, style.TEXT, bold=True))
    y_range = _ytd_range(year, metric, _floor(metric))
    unit = metric.get("unit")
    tick_size = layout.tick_size - 1
    y_ticks = value_ticks(*y_range, layout.max_y_ticks - 1, unit)
    left = left_of_axes(y_ticks, tick_size, layout.label_size - 1)
    right = layout.width - MARGIN
    # the year end's labels sit right of its last period: room for the wider of them
    end_words = ("Year-end target", _fmt(metric, _number(metric.get("forecast_target"))))
    room = max(text_width(words, layout.note_size, bold=True) for words in end_words) + 16
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    span = ticks[-1] - ticks[0] + step / 2
    pad = max(2.5 * step, room * span / max(right - left - room, 1.0))
    top = y + 14
    x_range = (ticks[0] - step / 2, ticks[-1] + pad)
    axes = Axes(left, top, right, top + layout.plot_height * 0.8, x_range, y_range)
    # as many period names as fit side by side (every 2nd or 3rd month on a phone)
    per_step = float(axes.x(step) - axes.x(0))
    every = next((k for k in (1, 2, 3, 6) if per_step * k >= tick_size * 2.6), 12)
    shown = [(t, n) for i, (t, n) in enumerate(zip(ticks, names, strict=True)) if i % every == 0]
    y_label = unit_label(unit, metric.get("rate_per"))
    grid, frame = axes.frame(shown, y_ticks, y_label, tick_size, layout.label_size - 1)
    xs, target, ytd = axes.x(year.x), axes.y(year.headline_target), axes.y(year.headline)
    content = [
        grid,
        path(line_path(xs, target), style.TARGET, style.TARGET_WIDTH, dash=style.TARGET_DASH),
        path(line_path(xs, ytd), style.MEAN, 2.2),
        path(markers("o", xs, ytd, 2.8 * layout.marker_scale), fill=style.MEAN),
        *_end_marks(metric, axes, ticks[-1], layout),
        frame,
        *parts,
    ]
    return svg(layout, axes.bottom + tick_size + 14, label, content)


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
    rows = [
        {
            "period": period_label(period),
            "ytd": _fmt(metric, value),
            "target": _fmt(metric, target) if not np.isnan(target) else "",
        }
        for period, value, target in zip(
            year.periods, year.headline, year.headline_target, strict=True
        )
    ]
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
    return cached_chart(
        "ytd",
        lambda: metric_chart_key(history, metric),
        lambda: _ytd_figure(spc_series(history), metric),
    )


def _ytd_figure(series: SpcSeries, metric: Mapping[str, Any]) -> Html:
    label = ytd_alt_text(series, metric)
    charts = join(_ytd_svg(series, metric, layout, label) for layout in LAYOUTS)
    caption = (
        "Year to date against the profiled target. Key: solid line with points: year to date; "
        "dash-dot line: profiled target; diamond: year-end target; circle and bar: forecast "
        "and its likely range."
    )
    return join(
        [
            chart_figure(charts, caption),
            ytd_data(series, metric),
        ]
    )
