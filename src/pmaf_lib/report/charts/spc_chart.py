"""Making Data Count XmR chart of one metric, as an accessible ``<figure>``.

Points joined by a line, the mean (solid) and process limits (dashed) per rebase group with
gaps and a dotted marker where limits were recalculated, the labelled target line (dash-dot),
any recovery trajectory (long dashes, ◇), special-cause points coloured and shaped
(▲ improvement, ▼ concern, ■ neither, ● common cause), months on the x axis, the metric's
unit on the y axis, and the variation and assurance icons at the top right.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from pmaf_lib.indicators.labels import SpcMode
from pmaf_lib.report.alt_text import spc_alt_text
from pmaf_lib.report.chart_cache import cached_chart
from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.chart_data import chart_data
from pmaf_lib.report.charts.icons import draw_assurance_icon, draw_variation_icon
from pmaf_lib.report.charts.png import new_figure, png_data_uri
from pmaf_lib.report.formatting import (
    format_axis_value,
    format_value,
    short_period_label,
    tick_decimals,
    unit_label,
)
from pmaf_lib.report.html import Html, figure, join
from pmaf_lib.report.signals import assurance_key, text_of, variation_of
from pmaf_lib.report.spc_series import (
    SpcReading,
    SpcSeries,
    analysed_values,
    spc_reading,
    spc_series,
)

MAX_TICKS = 6
NICE_STEPS = (1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120, 10**6)
_AXES_RECT = (0.105, 0.14, 0.78, 0.57)
_ICON_SIZE_IN = 0.56
_POLARITY_WORDS = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "band": "Best inside the target band",
}


def _title(fig: Figure, metric: Mapping[str, Any], series: SpcSeries) -> None:
    title = text_of(metric.get("title")) or text_of(metric.get("metric_id")) or "Metric"
    lines = textwrap.wrap(title, 46, max_lines=2, placeholder="…")
    fig.text(
        0.012,
        0.975,
        "\n".join(lines),
        parse_math=False,  # a title is data: "$5m ... $6m" is money, not maths to typeset
        fontsize=style.TITLE_SIZE,
        fontweight="bold",
        va="top",
        ha="left",
        color=style.TEXT,
        linespacing=1.15,
    )
    polarity = _POLARITY_WORDS.get(text_of(metric.get("polarity")).lower(), "No polarity")
    observed = np.flatnonzero(series.observed)
    span = "no data"
    if len(observed):
        first, last = (short_period_label(series.periods[k]) for k in (observed[0], observed[-1]))
        span = f"{first} to {last}"
    y = 0.975 - 0.075 * len(lines) - 0.01
    reading = spc_reading(metric)
    fig.text(
        0.012,
        y,
        f"{reading.chart_name} of {analysed_values(metric)}, {span} · {polarity}",
        fontsize=style.NOTE_SIZE + 0.5,
        va="top",
        ha="left",
        color=style.MUTED_TEXT,
    )
    if reading.notes:
        fig.text(
            0.012,
            y - 0.065,
            " · ".join(reading.notes),
            fontsize=style.NOTE_SIZE + 0.5,
            fontweight="bold",
            va="top",
            ha="left",
            color=style.TEXT,
        )


def _icons(fig: Figure, metric: Mapping[str, Any]) -> None:
    width_in, height_in = fig.get_size_inches()
    y = height_in - _ICON_SIZE_IN - 0.06
    x = width_in - _ICON_SIZE_IN - 0.25
    assurance = assurance_key(metric.get("spc_assurance"))
    provisional = spc_reading(metric).provisional
    if draw_assurance_icon(fig, x, y, _ICON_SIZE_IN, assurance, provisional):
        x -= _ICON_SIZE_IN + 0.4
    draw_variation_icon(fig, x, y, _ICON_SIZE_IN, variation_of(metric.get("spc_variation")))


def _limits(ax: Axes, series: SpcSeries) -> None:
    spans = series.group_spans()
    for first, last in spans:
        xs = series.x[first : last + 1]
        centre, gid = (
            (series.median, "median")
            if not np.isnan(series.median).all()
            else (series.mean, "mean")
        )
        ax.plot(xs, centre[first : last + 1], color=style.MEAN, linewidth=1.3, zorder=2, gid=gid)
        for limit in (series.lpl_shown, series.upl_shown):
            ax.plot(
                xs,
                limit[first : last + 1],
                color=style.LIMIT,
                linewidth=1.1,
                linestyle=(0, (4, 2.5)),
                zorder=2,
            )
    for (_, prev_last), (next_first, _) in itertools.pairwise(spans):
        boundary = (series.x[prev_last] + series.x[next_first]) / 2
        _marker(ax, boundary, ":", "Limits recalculated", style.MUTED_TEXT)


def _marker(ax: Axes, x: float, linestyle: str, label: str, colour: str) -> None:
    """A vertical line between two periods, labelled above the plot."""
    ax.axvline(x, color=style.REBASE, linewidth=1.0, linestyle=linestyle, zorder=1)
    ax.text(
        x,
        1.01,
        label,
        transform=ax.get_xaxis_transform(),
        fontsize=style.NOTE_SIZE - 0.5,
        va="bottom",
        ha="center",
        color=colour,
    )


def _shift(ax: Axes, series: SpcSeries, reading: SpcReading) -> None:
    """A dashed line where a sustained shift began whose limits were not recalculated."""
    if reading.rebase_from not in series.periods:
        return
    at = series.periods.index(reading.rebase_from)
    before = series.x[at - 1] if at else series.x[at] - 1
    _marker(ax, (before + series.x[at]) / 2, "--", "Shift began", style.TEXT)


def _target(ax: Axes, series: SpcSeries, metric: Mapping[str, Any]) -> None:
    has_target = ~np.isnan(series.target)
    if not has_target.any():
        return
    ax.plot(
        series.x,
        series.target,
        **style.TARGET_LINE,
        drawstyle="steps-mid",
        zorder=2,
    )
    last = np.flatnonzero(has_target)[-1]
    label = format_value(
        series.target[last], metric.get("unit"), metric.get("decimals"), metric.get("rate_per")
    ).split(" per ")[0]  # a rate's unit is on the y axis; "per 100,000" would not fit here
    ax.text(
        1.01,
        series.target[last],
        f"Target\n{label}",
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="center",
        fontsize=style.NOTE_SIZE,
        color=style.TARGET,
        fontweight="bold",
        linespacing=1.1,
    )


def _trajectory(ax: Axes, series: SpcSeries) -> None:
    """The planned recovery (``trajectories.csv``), where the metric has one."""
    if not np.isnan(series.trajectory).all():
        ax.plot(series.x, series.trajectory, **style.TRAJECTORY_LINE, zorder=2, gid="trajectory")


def _points(ax: Axes, series: SpcSeries) -> None:
    ax.plot(series.x, series.value, color=style.LINE, linewidth=1.2, zorder=3, gid="points")
    categories = np.array(series.category)
    for name, point in style.POINT_STYLES.items():
        mask = (categories == name) & series.observed
        if mask.any():
            ax.plot(
                series.x[mask],
                series.value[mask],
                linestyle="none",
                marker=point.marker,
                markersize=point.size,
                color=point.colour,
                markeredgecolor="white",
                markeredgewidth=0.6,
                zorder=4,
            )


def _axes(ax: Axes, series: SpcSeries, metric: Mapping[str, Any]) -> None:
    unit = metric.get("unit")
    ax.set_ylabel(
        unit_label(unit, metric.get("rate_per")), fontsize=style.LABEL_SIZE, color=style.TEXT
    )
    n = len(series)
    # a calendar-friendly step (every 3, 6, 12 ... periods) anchored on the latest period,
    # so a monthly chart labels the same month each year
    step = next(s for s in NICE_STEPS if s >= math.ceil(n / MAX_TICKS))
    ticks = list(range(n - 1, -1, -step))[::-1]
    ax.set_xticks(series.x[ticks], [short_period_label(series.periods[i]) for i in ticks])
    ax.tick_params(labelsize=style.TICK_SIZE, colors=style.TEXT, length=3)
    ax.grid(axis="y", color=style.GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    stacked = np.concatenate(
        [
            series.value,
            series.lpl_shown,
            series.upl_shown,
            series.target,
            series.median,
            series.trajectory,
        ]
    )
    finite = stacked[~np.isnan(stacked)]
    if finite.size:
        low, high = float(finite.min()), float(finite.max())
        pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
        ax.set_ylim(low - pad, high + pad * 1.6)
    if n:
        ax.set_xlim(series.x[0] - 0.6 * step, series.x[-1] + 0.6 * step)
    y_ticks = ax.get_yticks()
    places = tick_decimals(float(np.min(np.diff(y_ticks)))) if len(y_ticks) > 1 else 0
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_axis_value(v, unit, places)))


def spc_chart_png(history: pd.DataFrame, metric: Mapping[str, Any]) -> tuple[str, int, int]:
    """The chart as ``(PNG data URI, width_px, height_px)``."""
    series = spc_series(history)
    return _render(series, metric)


def _render(series: SpcSeries, metric: Mapping[str, Any]) -> tuple[str, int, int]:
    return png_data_uri(spc_figure(series, metric))


def spc_figure(series: SpcSeries, metric: Mapping[str, Any]) -> Figure:
    """The chart as a matplotlib figure (its points are the line with gid ``points``)."""
    fig = new_figure(style.SPC_FIGSIZE, style.SPC_DPI)
    ax = fig.add_axes(_AXES_RECT)
    _title(fig, metric, series)
    _icons(fig, metric)
    if len(series):
        _limits(ax, series)
        _shift(ax, series, spc_reading(metric))
        _target(ax, series, metric)
        _trajectory(ax, series)
        _points(ax, series)
    _axes(ax, series, metric)
    return fig


def chart_key(series: SpcSeries, reading: SpcReading) -> str:
    """A plain-text key to the chart's marks (used in the figure caption)."""
    present = set(series.category)
    key = [f"{p.symbol} {p.label}" for name, p in style.POINT_STYLES.items() if name in present]
    key.append("solid line: median" if (~np.isnan(series.median)).any() else "solid line: mean")
    if (~np.isnan(series.upl_shown)).any():
        trial = " (trial limits)" if reading.mode is SpcMode.TRIAL else ""
        key.append(f"dashed lines: process limits{trial}")
    if (~np.isnan(series.target)).any():
        key.append("dash-dot line: target")
    if (~np.isnan(series.trajectory)).any():
        key.append("long-dashed line with ◇: recovery trajectory (planned values)")
    if len(series.group_spans()) > 1:
        key.append("dotted vertical line: limits recalculated")
    if reading.rebase_from in series.periods:
        key.append("dashed vertical line: a sustained shift began (limits not yet recalculated)")
    return "; ".join(key)


def spc_chart(history: pd.DataFrame, metric: Mapping[str, Any]) -> Html:
    """``<figure>`` with the XmR chart as a PNG (alt text states the signal) and a caption key,
    then its data table in a ``<details>``.

    ``history``: one metric's ``Evaluation.history`` rows (``period, period_start, value,
    target, mean, lpl, upl, rebase_group, special_cause_type, point_type``); ``metric``: its
    scorecard row (``title, unit, decimals, rate_per, polarity, spc_variation,
    spc_assurance, target``).
    """
    key = history.to_csv(index=False) + repr(sorted((k, repr(v)) for k, v in metric.items()))
    return cached_chart("spc", key, lambda: _figure(history, metric))


def _figure(history: pd.DataFrame, metric: Mapping[str, Any]) -> Html:
    series = spc_series(history)
    src, width, height = _render(series, metric)
    title = text_of(metric.get("title")) or text_of(metric.get("metric_id"))
    reading = spc_reading(metric)
    notes = "".join(f" {note}." for note in reading.notes)
    caption = (
        f"Statistical process control chart: {title}.{notes} Key: {chart_key(series, reading)}."
    )
    return join(
        [
            figure(src, spc_alt_text(series, metric), caption, width, height),
            chart_data(series, metric),
        ]
    )
