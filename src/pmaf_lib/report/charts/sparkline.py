"""Sparklines as hand-written inline SVG: a polyline, the latest point and an optional target.

Sub-millisecond per chart (matplotlib would take about 140 ms). The ``<svg>`` has
``role="img"``, an ``aria-label`` and a ``<title>`` stating the trend in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pmaf_lib.report.alt_text import sparkline_alt_text
from pmaf_lib.report.charts import style
from pmaf_lib.report.formatting import format_value
from pmaf_lib.report.html import Html, attributes
from pmaf_lib.report.signals import is_blank

WIDTH = 120
HEIGHT = 28
PAD = 3.0


def _scale(low: float, high: float, size: float) -> tuple[float, float]:
    span = high - low
    return (low, (size - 2 * PAD) / span) if span else (low - 1, (size - 2 * PAD) / 2)


def sparkline(
    title: str,
    periods: Sequence[Any],
    values: Sequence[Any],
    unit: Any,
    decimals: Any = 0,
    rate_per: Any = None,
    target: Any = None,
    limits: tuple[float, float] | None = None,
) -> Html:
    """An inline ``<svg role="img">`` trend line; gaps where a value is missing.

    ``title`` names the metric; ``periods`` and ``values`` are in time order; ``target`` (a
    number, optional) is drawn as a dashed line; ``limits`` (lower, upper SPC process limits,
    optional) as a shaded band, named in the label.
    """
    numbers = [math.nan if is_blank(v) else float(v) for v in values]
    label = sparkline_alt_text(title, periods, numbers, unit, decimals, rate_per, target)
    if limits is not None:
        low, high = (format_value(v, unit, decimals, rate_per) for v in limits)
        label = f"{label.rstrip('.')}; process limits {low} to {high}."
    target_value = None if is_blank(target) else float(target)
    finite = [v for v in numbers if not math.isnan(v)]
    shapes: list[str] = []
    if finite:
        bounds = [*finite, target_value] if target_value is not None else list(finite)
        bounds += list(limits or ())
        y_low, y_scale = _scale(min(bounds), max(bounds), HEIGHT)
        step = (WIDTH - 2 * PAD) / max(1, len(numbers) - 1)

        def y(v: float) -> float:
            return HEIGHT - PAD - (v - y_low) * y_scale

        if limits is not None:
            top, bottom = y(max(limits)), y(min(limits))
            shapes.append(
                f'<rect x="{PAD}" y="{top:.1f}" width="{WIDTH - 2 * PAD}" '
                f'height="{max(bottom - top, 0.5):.1f}" fill="{style.GRID}"/>'
            )
        if target_value is not None:
            ty = y(target_value)
            shapes.append(
                f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{ty:.1f}" y2="{ty:.1f}" '
                f'stroke="{style.TARGET}" stroke-width="1" stroke-dasharray="3 2"/>'
            )
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        last_x = last_y = 0.0
        for i, v in enumerate(numbers):
            if math.isnan(v):
                segment = []
                segments.append(segment)
                continue
            last_x, last_y = PAD + i * step, y(v)
            segment.append(f"{last_x:.1f},{last_y:.1f}")
        shapes += [
            f'<polyline points="{" ".join(s)}" fill="none" stroke="{style.MEAN}" '
            f'stroke-width="1.5" stroke-linejoin="round"/>'
            for s in segments
            if len(s) > 1
        ]
        shapes.append(f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="{style.TEXT}"/>')
    attrs = attributes(
        class_="pmaf-sparkline",
        role="img",
        aria_label=label,
        width=WIDTH,
        height=HEIGHT,
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        xmlns="http://www.w3.org/2000/svg",
    )
    # shapes hold only numbers and pmaf's colour constants
    return Html("<svg{}><title>{}</title>{}</svg>").format(attrs, label, Html("".join(shapes)))
