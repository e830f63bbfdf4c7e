"""Making Data Count XmR chart of one metric, as an accessible ``<figure>`` of inline SVG.

Points joined by a line, the mean (solid) and process limits (dashed) per rebase group with
gaps and a dotted marker where limits were recalculated, the labelled target line (dash-dot),
any recovery trajectory (long dashes, ◇), special-cause points coloured and shaped
(▲ improvement, ▼ concern, ■ neither, ● common cause), months on the x axis, the metric's
unit on the y axis, and the variation and assurance icons at the top right.

The chart is written directly as SVG (about 1 ms; matplotlib took about 70 ms) in two
layouts: a wide one for screens and paper, and a narrow one with larger text, fewer ticks and
a wrapped title that the stylesheet shows instead on phones. :func:`spc_plot` holds what is
drawn, in data units; :func:`_svg` places it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmaf_lib.indicators.labels import SpcMode
from pmaf_lib.report.alt_text import spc_alt_text
from pmaf_lib.report.chart_cache import cached_chart, metric_chart_key
from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.chart_data import chart_data
from pmaf_lib.report.charts.icons import assurance_icon, variation_icon
from pmaf_lib.report.charts.svg import (
    LAYOUTS,
    MARGIN,
    Axes,
    Layout,
    flow,
    left_of_axes,
    line_path,
    markers,
    number,
    path,
    steps_mid,
    svg,
    text,
    text_width,
    value_ticks,
)
from pmaf_lib.report.formatting import (
    format_value,
    short_period_label,
    unit_label,
)
from pmaf_lib.report.html import Html, chart_figure, join
from pmaf_lib.report.signals import VariationKey, assurance_key, text_of, variation_of
from pmaf_lib.report.spc_series import (
    SpcReading,
    SpcSeries,
    analysed_values,
    spc_reading,
    spc_series,
)

NICE_STEPS = (1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120, 10**6)
_POLARITY_WORDS = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "band": "Best inside the target band",
}


@dataclass(frozen=True, slots=True)
class Line:
    """A line drawn in data units; ``gid`` names what it is (``points``, ``mean``,
    ``median``, ``limit``, ``target``, ``trajectory``); ``vertices`` an open marker shape
    (see ``_SHAPES``) drawn at each point."""

    gid: str
    x: np.ndarray
    y: np.ndarray
    colour: str
    width: float
    dash: str = ""
    steps: bool = False
    vertices: str = ""


@dataclass(frozen=True, slots=True)
class Marker:
    """A vertical line between two periods, labelled above the plot."""

    x: float
    dash: str
    label: str
    colour: str


@dataclass(frozen=True, slots=True)
class SpcPlot:
    """Everything the chart shows, in data units (laid out by :func:`_svg`)."""

    title: str
    subtitle: str
    notes: str
    lines: list[Line]
    points: list[tuple[style.PointStyle, np.ndarray, np.ndarray]]
    markers: list[Marker]
    target_label: tuple[float, str] | None
    y_range: tuple[float, float]
    y_label: str
    unit: Any
    x: np.ndarray
    periods: list[str]
    variation: VariationKey
    assurance: str
    provisional: bool

    def lines_of(self, gid: str) -> list[Line]:
        """The lines named ``gid``."""
        return [line for line in self.lines if line.gid == gid]


def _limit_lines(series: SpcSeries) -> tuple[list[Line], list[Marker]]:
    lines: list[Line] = []
    run_chart = not np.isnan(series.median).all()
    centre, gid = (series.median, "median") if run_chart else (series.mean, "mean")
    spans = series.group_spans()
    for first, last in spans:
        xs = series.x[first : last + 1]
        lines.append(Line(gid, xs, centre[first : last + 1], style.MEAN, 1.8))
        for limit in (series.lpl_shown, series.upl_shown):
            lines.append(Line("limit", xs, limit[first : last + 1], style.LIMIT, 1.5, "6.1 3.8"))
    markers = [
        Marker(
            (series.x[prev_last] + series.x[next_first]) / 2,
            "1.4 2.3",
            "Limits recalculated",
            style.MUTED_TEXT,
        )
        for (_, prev_last), (next_first, _) in itertools.pairwise(spans)
    ]
    return lines, markers


def _shift(series: SpcSeries, reading: SpcReading) -> list[Marker]:
    """A dashed line where a sustained shift began whose limits were not recalculated."""
    if reading.rebase_from not in series.periods:
        return []
    at = series.periods.index(reading.rebase_from)
    before = series.x[at - 1] if at else series.x[at] - 1
    return [Marker((before + series.x[at]) / 2, "5.1 2.2", "Shift began", style.TEXT)]


def _target(series: SpcSeries, metric: Mapping[str, Any]) -> tuple[list[Line], Any]:
    has_target = ~np.isnan(series.target)
    if not has_target.any():
        return [], None
    line = Line(
        "target",
        series.x,
        series.target,
        style.TARGET,
        style.TARGET_WIDTH,
        style.TARGET_DASH,
        steps=True,
    )
    last = np.flatnonzero(has_target)[-1]
    label = format_value(
        series.target[last], metric.get("unit"), metric.get("decimals"), metric.get("rate_per")
    ).split(" per ")[0]  # a rate's unit is on the y axis; "per 100,000" would not fit here
    return [line], (float(series.target[last]), label)


def _trajectory(series: SpcSeries) -> list[Line]:
    """The planned recovery (``trajectories.csv``), where the metric has one."""
    if np.isnan(series.trajectory).all():
        return []
    return [
        Line("trajectory", series.x, series.trajectory, style.TRAJECTORY,
             style.TRAJECTORY_WIDTH, style.TRAJECTORY_DASH, vertices="D")
    ]  # fmt: skip


def _y_range(series: SpcSeries) -> tuple[float, float]:
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
    if not finite.size:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad * 1.6


def _subtitle(series: SpcSeries, metric: Mapping[str, Any], reading: SpcReading) -> str:
    polarity = _POLARITY_WORDS.get(text_of(metric.get("polarity")).lower(), "No polarity")
    observed = np.flatnonzero(series.observed)
    span = "no data"
    if len(observed):
        first, last = (short_period_label(series.periods[k]) for k in (observed[0], observed[-1]))
        span = f"{first} to {last}"
    return f"{reading.chart_name} of {analysed_values(metric)}, {span} · {polarity}"


def spc_plot(series: SpcSeries, metric: Mapping[str, Any]) -> SpcPlot:
    """What the chart draws for ``series`` (its points are the line with gid ``points``)."""
    reading = spc_reading(metric)
    lines: list[Line] = []
    markers: list[Marker] = []
    points: list[tuple[style.PointStyle, np.ndarray, np.ndarray]] = []
    target_label = None
    if len(series):
        lines, markers = _limit_lines(series)
        markers += _shift(series, reading)
        target_lines, target_label = _target(series, metric)
        lines += target_lines + _trajectory(series)
        lines.append(Line("points", series.x, series.value, style.LINE, 1.7))
        categories = np.array(series.category)
        for name, point in style.POINT_STYLES.items():
            mask = (categories == name) & series.observed
            if mask.any():
                points.append((point, series.x[mask], series.value[mask]))
    title = text_of(metric.get("title")) or text_of(metric.get("metric_id")) or "Metric"
    return SpcPlot(
        title=title,
        subtitle=_subtitle(series, metric, reading),
        notes=" · ".join(reading.notes),
        lines=lines,
        points=points,
        markers=markers,
        target_label=target_label,
        y_range=_y_range(series),
        y_label=unit_label(metric.get("unit"), metric.get("rate_per")),
        unit=metric.get("unit"),
        x=series.x,
        periods=series.periods,
        variation=variation_of(metric.get("spc_variation")),
        assurance=assurance_key(metric.get("spc_assurance")),
        provisional=reading.provisional,
    )


# -- layout -------------------------------------------------------------------------------


def _x_ticks(plot: SpcPlot, most: int) -> tuple[list[tuple[float, str]], tuple[float, float]]:
    """Ticks at a calendar-friendly step (every 3, 6, 12 ... periods) anchored on the latest
    period, so a monthly chart labels the same month each year; and the x range."""
    n = len(plot.periods)
    if not n:
        return [], (0.0, 1.0)
    step = next(s for s in NICE_STEPS if s >= math.ceil(n / most))
    ticks = list(range(n - 1, -1, -step))[::-1]
    labels = [(float(plot.x[i]), short_period_label(plot.periods[i])) for i in ticks]
    return labels, (float(plot.x[0] - 0.6 * step), float(plot.x[-1] + 0.6 * step))


def _header(plot: SpcPlot, layout: Layout) -> tuple[list[Html], float]:
    """Title, subtitle, notes and icons; and the bottom of the header."""
    parts: list[Html] = []
    size, gap = layout.icon_size, layout.icon_gap
    x = layout.width - size - 2.5 * MARGIN
    right_edge = layout.width
    assurance = assurance_icon(x, 6, size, layout.note_size - 1, plot.assurance, plot.provisional)
    icons_bottom = 0.0
    if assurance:
        parts.append(assurance)
        right_edge, x = x - 10, x - size - gap
        icons_bottom = 6 + size + layout.note_size * (3.3 if plot.provisional else 2.2)
    variation = variation_icon(x, 6, size, layout.note_size - 1, plot.variation)
    if variation:
        parts.append(variation)
        right_edge = x - 10
        icons_bottom = max(icons_bottom, 6 + size + layout.note_size * 2.2)
    y = 4.0
    blocks = [
        (plot.title, layout.title_size, True, style.TEXT, layout.title_lines, 1.15),
        (plot.subtitle, layout.subtitle_size, False, style.MUTED_TEXT, 3, 1.25),
        (plot.notes, layout.subtitle_size, True, style.TEXT, 3, 1.3),
    ]
    for words, size, bold, colour, most, spacing in blocks:
        # a line beside the icons is narrower than one below them
        def room(top: float, size: float = size) -> float:
            return (right_edge if top < icons_bottom else layout.width - 10) - MARGIN

        for line in flow(words, room, y, size * spacing, size, bold, most):
            y += size * spacing
            parts.append(text(MARGIN, y, line, size, colour, bold=bold))
        y += 3 if words and size == layout.title_size else 0
    return parts, max(y + layout.subtitle_size * 0.4, icons_bottom)


def _marks(plot: SpcPlot, axes: Axes, layout: Layout) -> list[Html]:
    parts: list[Html] = []
    for marker in plot.markers:
        x = float(axes.x(marker.x))
        d = f"M{number(x)} {number(axes.top)}V{number(axes.bottom)}"
        parts.append(path(d, style.REBASE, 1.4, dash=marker.dash))
        parts.append(
            text(x, axes.top - 4, marker.label, layout.note_size, marker.colour, anchor="middle")
        )
    for line in plot.lines:
        xs, ys = steps_mid(line.x, line.y) if line.steps else (line.x, line.y)
        d = line_path(axes.x(np.asarray(xs)), axes.y(np.asarray(ys)))
        if d:
            parts.append(path(d, line.colour, line.width, dash=line.dash))
        if line.vertices:
            r = 3.4 * layout.marker_scale
            marks = markers(line.vertices, axes.x(line.x), axes.y(line.y), r)
            parts.append(path(marks, line.colour, 1.3, fill="white"))
    for point, xs, ys in plot.points:
        r = point.size * 1.39 * layout.marker_scale / 2  # points to viewBox units, halved
        d = markers(point.marker, axes.x(xs), axes.y(ys), r)
        parts.append(path(d, "white", 0.8, fill=point.colour))
    if plot.target_label is not None:
        value, label = plot.target_label
        x, y = axes.right + 8, float(axes.y(value))
        for i, words in enumerate(("Target", label)):
            parts.append(
                text(
                    x,
                    y + layout.note_size * (1.15 * i - 0.2),
                    words,
                    layout.note_size,
                    style.TARGET,
                    bold=True,
                )
            )
    return parts


def _svg(plot: SpcPlot, layout: Layout, label: str) -> Html:
    parts, header_bottom = _header(plot, layout)
    y_ticks = value_ticks(*plot.y_range, layout.max_y_ticks, plot.unit)
    left = left_of_axes(y_ticks, layout.tick_size, layout.label_size)
    right = layout.width - layout.right
    if plot.target_label is not None:
        target_width = text_width(plot.target_label[1], layout.note_size, bold=True)
        right = min(right, layout.width - target_width - 12)
    # as many period labels as fit side by side, at most the layout's number
    longest = max((len(short_period_label(p)) for p in plot.periods[-1:]), default=8)
    fit = int((right - left) / (longest * layout.tick_size * 0.6 + 18))
    x_ticks, x_range = _x_ticks(plot, max(2, min(layout.max_x_ticks, fit)))
    top = header_bottom + (layout.note_size + 8 if plot.markers else 10)
    axes = Axes(left, top, right, top + layout.plot_height, x_range, plot.y_range)
    grid, frame = axes.frame(x_ticks, y_ticks, plot.y_label, layout.tick_size, layout.label_size)
    height = axes.bottom + layout.tick_size + 14
    content = [grid, *_marks(plot, axes, layout), frame, *parts]
    return svg(layout, height, label, content)


def spc_svg(series: SpcSeries, metric: Mapping[str, Any]) -> Html:
    """The chart as inline SVG in both layouts (the stylesheet shows one of them); the
    narrow one draws the latest periods only (its subtitle names them; the label, caption
    and data table cover the whole series)."""
    label = spc_alt_text(series, metric)
    charts = []
    for layout in LAYOUTS:
        shown = series
        if layout.max_periods and len(series) > layout.max_periods:  # a phone: the latest
            shown = series.take(list(range(len(series) - layout.max_periods, len(series))))
        charts.append(_svg(spc_plot(shown, metric), layout, label))
    return join(charts)


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
    """``<figure>`` with the XmR chart as inline SVG (its label states the signal) and a
    caption key, then its data table in a ``<details>``.

    ``history``: one metric's ``Evaluation.history`` rows (``period, period_start, value,
    target, mean, lpl, upl, rebase_group, special_cause_type, point_type``); ``metric``: its
    scorecard row (``title, unit, decimals, rate_per, polarity, spc_variation,
    spc_assurance, target``).
    """
    return cached_chart(
        "spc", lambda: metric_chart_key(history, metric), lambda: _figure(history, metric)
    )


def _figure(history: pd.DataFrame, metric: Mapping[str, Any]) -> Html:
    series = spc_series(history)
    title = text_of(metric.get("title")) or text_of(metric.get("metric_id"))
    reading = spc_reading(metric)
    notes = "".join(f" {note}." for note in reading.notes)
    caption = (
        f"Statistical process control chart: {title}.{notes} Key: {chart_key(series, reading)}."
    )
    return join([chart_figure(spc_svg(series, metric), caption), chart_data(series, metric)])
