"""Building blocks for charts written directly as inline SVG (no matplotlib).

A chart is drawn in its own ``viewBox`` units (CSS pixels at its natural width) and scales
with the page. Every text from data goes through :func:`text`, which escapes it; shapes hold
only numbers and pmaf's colour constants. Text is real text in the page's font, so it stays
sharp at any size, can be selected and prints as text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pmaf_lib.report.charts import style
from pmaf_lib.report.formatting import format_axis_value, tick_decimals
from pmaf_lib.report.html import Html, attributes, escape

# width of an average glyph, in ems, of the page's sans-serif fonts (Arial is narrower than
# DejaVu Sans, so estimates from this are on the safe side)
EM_WIDTH = 0.6
BOLD_EM_WIDTH = 0.66
NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def number(value: float) -> str:
    """A coordinate with at most one decimal place (``12``, ``12.5``)."""
    return f"{value:.1f}".removesuffix(".0")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` at font size ``size`` (same units)."""
    return len(text) * size * (BOLD_EM_WIDTH if bold else EM_WIDTH)


def flow(
    words: str,
    room: Callable[[float], float],
    top: float,
    line_height: float,
    size: float,
    bold: bool = False,
    lines: int = 2,
) -> list[str]:
    """``words`` broken into at most ``lines`` lines (``…`` ends a cut one), the line starting
    at ``top`` (then each ``line_height`` lower) holding what fits in ``room(its top)``."""
    per_char = size * (BOLD_EM_WIDTH if bold else EM_WIDTH)
    out: list[str] = []
    remaining = words.split()
    while remaining and len(out) < lines:
        chars = max(8, int(room(top + len(out) * line_height) / per_char))
        line = remaining.pop(0)
        while remaining and len(line) + 1 + len(remaining[0]) <= chars:
            line += " " + remaining.pop(0)
        if len(line) > chars:  # one word longer than the line
            remaining.insert(0, line[chars - 1 :])
            line = line[: chars - 1] + "-"
        out.append(line)
    if remaining and out:
        chars = max(8, int(room(top + (len(out) - 1) * line_height) / per_char))
        out[-1] = out[-1][: chars - 1].rstrip() + "…"
    return out


def text(
    x: float,
    y: float,
    content: str,
    size: float,
    colour: str,
    anchor: str = "start",
    bold: bool = False,
    rotate: bool = False,
) -> Html:
    """``<text>`` with ``content`` escaped; ``y`` is the baseline; ``rotate`` turns it to read
    upwards about ``(x, y)`` (a y-axis label)."""
    attrs = attributes(
        x=number(x),
        y=number(y),
        font_size=number(size),
        fill=colour,
        text_anchor=None if anchor == "start" else anchor,
        font_weight="bold" if bold else None,
        transform=f"rotate(-90 {number(x)} {number(y)})" if rotate else None,
    )
    return Html(f"<text{attrs}>{escape(content)}</text>")


def path(
    d: str, stroke: str = "none", width: float = 1.0, fill: str = "none", dash: str = ""
) -> Html:
    """``<path>`` (``d`` holds only numbers and commands)."""
    attrs = attributes(
        d=d,
        fill=fill,
        stroke=stroke,
        stroke_width=number(width) if stroke != "none" else None,
        stroke_dasharray=dash or None,
    )
    return Html(f"<path{attrs}/>")


def _floats(values: Iterable[float]) -> list[float]:
    """Coordinates as Python floats (formatted several times faster than numpy's)."""
    return np.asarray(values, dtype=float).tolist()


def line_path(xs: Iterable[float], ys: Iterable[float]) -> str:
    """Path data through the points, broken where a coordinate is NaN."""
    parts: list[str] = []
    pen_down = False
    for x, y in zip(_floats(xs), _floats(ys), strict=True):
        if math.isnan(x) or math.isnan(y):
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{number(x)} {number(y)}")
        pen_down = True
    return "".join(parts)


def circle(x: float, y: float, r: float) -> str:
    """Path data of a circle of radius ``r`` centred on ``(x, y)``."""
    r_ = number(r)
    arc = f"a{r_} {r_} 0 1 0"
    return f"M{number(x - r)} {number(y)}{arc} {number(2 * r)} 0{arc} {number(-2 * r)} 0Z"


def _triangle(direction: int) -> Callable[[float, float, float], str]:
    def shape(x: float, y: float, r: float) -> str:
        tip, base = y - direction * r, y + direction * r * 0.8
        return (
            f"M{number(x)} {number(tip)}L{number(x + r)} {number(base)}"
            f"L{number(x - r)} {number(base)}Z"
        )

    return shape


def _square(x: float, y: float, r: float) -> str:
    r *= 0.8
    return f"M{number(x - r)} {number(y - r)}h{number(2 * r)}v{number(2 * r)}h{number(-2 * r)}Z"


def diamond(x: float, y: float, r: float) -> str:
    """Path data of a diamond reaching ``r`` from ``(x, y)`` each way."""
    r_ = number(r)
    return f"M{number(x)} {number(y)}m0 -{r_}l{r_} {r_}l-{r_} {r_}l-{r_} -{r_}Z"


# marker shapes by matplotlib's names: circle, triangles up and down, square, diamond
SHAPES: dict[str, Callable[[float, float, float], str]] = {
    "o": circle, "^": _triangle(1), "v": _triangle(-1), "s": _square, "D": diamond,
}  # fmt: skip


def markers(shape: str, xs: Iterable[float], ys: Iterable[float], r: float) -> str:
    """Path data of one marker ``shape`` (a key of :data:`SHAPES`) of size ``r`` at each point
    with both coordinates."""
    draw = SHAPES[shape]
    return "".join(
        draw(x, y, r)
        for x, y in zip(_floats(xs), _floats(ys), strict=True)
        if not (math.isnan(x) or math.isnan(y))
    )


def steps_mid(xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
    """Vertices of a step line changing level halfway between points (matplotlib's
    ``steps-mid``)."""
    if not len(xs):
        return [], []
    out_x, out_y = [float(xs[0])], [float(ys[0])]
    for i in range(1, len(xs)):
        middle = (xs[i - 1] + xs[i]) / 2
        out_x += [middle, middle, float(xs[i])]
        out_y += [float(ys[i - 1]), float(ys[i]), float(ys[i])]
    return out_x, out_y


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) inside
    ``[low, high]``, at most ``most`` of them."""
    span = high - low
    if not span > 0:
        return [low]
    magnitude = 10 ** math.floor(math.log10(span / most))
    for step in (s * magnitude for s in (*NICE_STEPS, 20.0)):
        first = math.ceil(low / step - 1e-9)
        last = math.floor(high / step + 1e-9)
        if last - first + 1 <= most:
            return [round(k * step, 10) for k in range(first, last + 1)]
    return [low, high]


def value_ticks(low: float, high: float, most: int, unit: Any) -> list[tuple[float, str]]:
    """``(value, label)`` of round ticks on a value axis: ``95%``, ``£1.2m``, ``21``, with the
    fewest decimal places that tell them apart."""
    values = nice_ticks(low, high, most)
    places = tick_decimals(float(np.min(np.diff(values)))) if len(values) > 1 else 0
    return [(v, format_axis_value(v, unit, places)) for v in values]


def left_of_axes(ticks: Sequence[tuple[float, str]], tick_size: float, label_size: float) -> float:
    """Where a plot area starts: room for the rotated axis label and the widest tick label."""
    widest = max((text_width(name, tick_size) for _, name in ticks), default=0.0)
    return MARGIN + label_size * 1.3 + widest + 12


@dataclass(frozen=True, slots=True)
class Scale:
    """Linear map from data values to ``viewBox`` units."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, values: np.ndarray | float) -> np.ndarray:
        span = (self.high - self.low) or 1.0
        return self.start + (np.asarray(values, dtype=float) - self.low) * (
            (self.end - self.start) / span
        )


@dataclass(frozen=True, slots=True)
class Layout:
    """Sizes of one layout of a chart, in ``viewBox`` units (CSS pixels at natural size)."""

    name: str
    width: float
    plot_height: float
    title_size: float
    subtitle_size: float
    tick_size: float
    label_size: float
    note_size: float
    icon_size: float
    icon_gap: float
    right: float
    max_x_ticks: int
    max_y_ticks: int
    title_lines: int
    marker_scale: float
    max_periods: int  # a time series shows only its latest periods (0: all of them)


WIDE = Layout("wide", 720, 190, 17.4, 12.5, 13.9, 13.9, 11.8, 56, 40, 74, 6, 6, 2, 1.0, 0)
NARROW = Layout("narrow", 360, 190, 16, 12.5, 12.5, 12.5, 11.5, 42, 30, 54, 3, 5, 3, 0.9, 24)
# every SVG chart is written in both layouts; the stylesheet shows one (narrow on phones)
LAYOUTS = (WIDE, NARROW)
MARGIN = 8.6


def svg(layout: Layout, height: float, label: str, content: Iterable[Html]) -> Html:
    """An accessible ``<svg role="img">`` in ``layout``: ``label`` is its ``aria-label`` and
    ``<title>``. The narrow layout stays hidden where pmaf's stylesheet is absent (JupyterLab).
    """
    root = attributes(
        class_=f"pmaf-chart pmaf-chart--{layout.name}",
        role="img",
        aria_label=label,
        viewBox=f"0 0 {number(layout.width)} {number(height)}",
        width=number(layout.width),
        height=number(height),
        xmlns="http://www.w3.org/2000/svg",
        display="none" if layout is NARROW else None,
    )
    return Html(f"<svg{root}><title>{escape(label)}</title>{''.join(content)}</svg>")


@dataclass(frozen=True, slots=True)
class Axes:
    """A plot area (``left``..``right``, ``top``..``bottom`` in ``viewBox`` units) with its
    data ranges; :meth:`x` and :meth:`y` map data values into it."""

    left: float
    top: float
    right: float
    bottom: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    @property
    def x(self) -> Scale:
        return Scale(*self.x_range, self.left, self.right)

    @property
    def y(self) -> Scale:
        return Scale(*self.y_range, self.bottom, self.top)

    def frame(
        self,
        x_ticks: Sequence[tuple[float, str]],
        y_ticks: Sequence[tuple[float, str]],
        y_label: str,
        tick_size: float,
        label_size: float,
    ) -> tuple[Html, Html]:
        """``(grid, axes)``: the horizontal grid lines (drawn under the data), then the left
        and bottom axis lines with ticks, tick labels and the rotated y-axis label."""
        ys = [float(self.y(value)) for value, _ in y_ticks]
        grid = path(
            "".join(f"M{number(self.left)} {number(y)}H{number(self.right)}" for y in ys),
            style.GRID,
            1.1,
        )
        xs = [float(self.x(value)) for value, _ in x_ticks]
        ticks = "".join(f"M{number(self.left)} {number(y)}h-4" for y in ys) + "".join(
            f"M{number(x)} {number(self.bottom)}v4" for x in xs
        )
        spines = (
            f"M{number(self.left)} {number(self.top)}V{number(self.bottom)}H{number(self.right)}"
        )
        parts = [path(spines, style.TEXT, 1.1), path(ticks, style.TEXT, 1.1)]
        parts += [
            text(self.left - 7, y + tick_size * 0.35, name, tick_size, style.TEXT, anchor="end")
            for y, (_, name) in zip(ys, y_ticks, strict=True)
        ]
        parts += [
            text(x, self.bottom + 6 + tick_size, name, tick_size, style.TEXT, anchor="middle")
            for x, (_, name) in zip(xs, x_ticks, strict=True)
        ]
        widest = max((text_width(name, tick_size) for _, name in y_ticks), default=0.0)
        label_x = self.left - 12 - widest - label_size * 0.3
        middle = (self.top + self.bottom) / 2
        parts.append(
            text(label_x, middle, y_label, label_size, style.TEXT, anchor="middle", rotate=True)
        )
        return grid, Html("").join(parts)
