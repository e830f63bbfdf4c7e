"""One compact chart for a scope summary: metrics by RAG and milestones by status.

Two panels of horizontal bars, each bar labelled with its status word on the axis and its
count at the bar's end, so colour is never needed to read it.
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes

from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.png import new_figure, png_data_uri
from pmaf_lib.report.html import Html, figure
from pmaf_lib.report.signals import MILESTONE_KEYS, RAG_KEYS


def _panel(ax: Axes, title: str, counts: list[tuple[str, int]]) -> None:
    labels = [label for label, _ in counts]
    values = [value for _, value in counts]
    positions = list(range(len(counts)))[::-1]
    colours = [style.STATUS_BAR_COLOURS.get(label, style.COMMON_CAUSE) for label in labels]
    ax.barh(positions, values, color=colours, height=0.68)
    top = max(values, default=0) or 1
    for y, value in zip(positions, values, strict=True):
        ax.text(
            value + top * 0.02,
            y,
            f"{value:,}",
            va="center",
            ha="left",
            fontsize=style.TICK_SIZE,
            color=style.TEXT,
            fontweight="bold",
        )
    ax.set_yticks(positions, [label[0].upper() + label[1:] for label in labels])
    ax.set_xlim(0, top * 1.18)
    ax.set_xticks([])
    ax.tick_params(axis="y", labelsize=style.TICK_SIZE, colors=style.TEXT, length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, loc="left", fontsize=style.LABEL_SIZE, fontweight="bold", color=style.TEXT)


def _words(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{label} {value:,}" for label, value in counts)


def summary_chart(rag_counts: Mapping[str, int], milestone_counts: Mapping[str, int]) -> Html:
    """``<figure>`` of two bar panels; alt text lists every count in words.

    ``rag_counts`` maps RAG words (``Green``, ``Amber``, ``Red``, ``no target``, ``no data``,
    ``not due``) to counts; ``milestone_counts`` maps milestone statuses to counts. Categories
    with a zero count are still shown, so the chart's shape is the same in every report.
    """
    rag = [(key, int(rag_counts.get(key, 0))) for key in RAG_KEYS]
    milestones = [(key, int(milestone_counts.get(key, 0))) for key in MILESTONE_KEYS]
    fig = new_figure(style.SUMMARY_FIGSIZE, style.SUMMARY_DPI)
    left = fig.add_axes((0.12, 0.05, 0.34, 0.78))
    right = fig.add_axes((0.62, 0.05, 0.34, 0.78))
    _panel(left, f"Metrics by status ({sum(v for _, v in rag):,})", rag)
    _panel(right, f"Milestones by status ({sum(v for _, v in milestones):,})", milestones)
    src, width, height = png_data_uri(fig)
    alt = f"Metrics by status: {_words(rag)}. Milestones by status: {_words(milestones)}."
    caption = "Number of metrics in each RAG status and of milestones in each delivery status."
    return figure(src, alt, caption, width, height)
