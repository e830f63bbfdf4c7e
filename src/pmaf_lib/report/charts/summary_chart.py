"""One compact chart for a scope summary: metrics by RAG and milestones by status.

Two panels of horizontal bars (side by side; one above the other on a phone), each bar
labelled with its status word and its count at the bar's end, so colour is never needed to
read it. Written directly as inline SVG, like the SPC chart.
"""

from __future__ import annotations

from collections.abc import Mapping

from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.svg import LAYOUTS, MARGIN, WIDE, Layout, number, path, svg, text
from pmaf_lib.report.charts.svg import text_width as width_of
from pmaf_lib.report.html import Html, chart_figure, join
from pmaf_lib.report.signals import MILESTONE_KEYS, RAG_KEYS

ROW = 30.0
BAR = 20.0


def _panel(x: float, y: float, width: float, title: str, counts: list, size: float) -> Html:
    """A titled panel of bars whose top-left corner is ``(x, y)``."""
    labels = [label[0].upper() + label[1:] for label, _ in counts]
    axis = x + max(width_of(label, size) for label in labels) + 10
    top = max((value for _, value in counts), default=0) or 1
    scale = (x + width - axis - width_of(f"{top:,}", size, bold=True) - 12) / top
    parts = [text(axis, y + size, title, size, style.TEXT, bold=True)]
    first = y + size + 10
    for i, ((key, value), label) in enumerate(zip(counts, labels, strict=True)):
        row = first + i * ROW
        middle = row + ROW / 2 + size * 0.35
        parts.append(text(axis - 7, middle, label, size, style.TEXT, anchor="end"))
        if value:
            colour = style.STATUS_BAR_COLOURS.get(key, style.COMMON_CAUSE)
            bar = f"M{number(axis)} {number(row + (ROW - BAR) / 2)}h{number(value * scale)}"
            parts.append(path(f"{bar}v{number(BAR)}H{number(axis)}Z", fill=colour))
        end = axis + value * scale + 6
        parts.append(text(end, middle, f"{value:,}", size, style.TEXT, bold=True))
    axis_line = f"M{number(axis)} {number(first)}v{number(len(counts) * ROW)}"
    parts.append(path(axis_line, style.TEXT, 1.1))
    return Html("").join(parts)


def _summary_svg(rag: list, milestones: list, layout: Layout, label: str) -> Html:
    size = layout.tick_size
    panels = (
        (f"Metrics by status ({sum(v for _, v in rag):,})", rag),
        (f"Milestones by status ({sum(v for _, v in milestones):,})", milestones),
    )
    height_of = size + 10 + ROW * max(len(rag), len(milestones)) + 6
    if layout is WIDE:  # side by side
        half = (layout.width - 3 * MARGIN) / 2
        places = [(MARGIN, 4.0), (2 * MARGIN + half, 4.0)]
        width, height = half, 4 + height_of
    else:  # one above the other
        places = [(MARGIN, 4.0), (MARGIN, 4 + height_of + 8)]
        width, height = layout.width - 2 * MARGIN, 2 * height_of + 16
    content = [
        _panel(x, y, width, title, counts, size)
        for (x, y), (title, counts) in zip(places, panels, strict=True)
    ]
    return svg(layout, height, label, content)


def _words(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{label} {value:,}" for label, value in counts)


def summary_chart(rag_counts: Mapping[str, int], milestone_counts: Mapping[str, int]) -> Html:
    """``<figure>`` of two bar panels; its label lists every count in words.

    ``rag_counts`` maps RAG words (``Green``, ``Amber``, ``Red``, ``no target``, ``no data``,
    ``not due``) to counts; ``milestone_counts`` maps milestone statuses to counts. Categories
    with a zero count are still shown, so the chart's shape is the same in every report.
    """
    rag = [(key, int(rag_counts.get(key, 0))) for key in RAG_KEYS]
    milestones = [(key, int(milestone_counts.get(key, 0))) for key in MILESTONE_KEYS]
    label = f"Metrics by status: {_words(rag)}. Milestones by status: {_words(milestones)}."
    caption = "Number of metrics in each RAG status and of milestones in each delivery status."
    charts = join(_summary_svg(rag, milestones, layout, label) for layout in LAYOUTS)
    return chart_figure(charts, caption)
