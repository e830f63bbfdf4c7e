"""One colour-blind-safe palette and one typography for every pmaf chart and badge.

Colours adapt the NHS "Making Data Count" scheme (improvement blue, concern orange,
neither purple, common cause grey) to darker shades so that markers keep at least 3:1
contrast against white (WCAG 1.4.11) and text at least 4.5:1 (WCAG 1.4.3). Special-cause
points are always shaped as well as coloured, so colour is never the only cue. Chart text is
SVG text in the page's font, sized by each layout (``charts.svg.LAYOUTS``).
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "#0B0C0C"
MUTED_TEXT = "#505A5F"

IMPROVEMENT = "#1D70B8"
CONCERN = "#B65200"
NEUTRAL = "#6F4A9E"
COMMON_CAUSE = "#6F777B"

LINE = "#8A9296"
MEAN = "#3D4448"
LIMIT = "#505A5F"
TARGET = "#A4123F"
# how every chart draws its target line (dash-dot, so it is told apart without colour)
TARGET_WIDTH = 1.9
TARGET_DASH = "11.7 3.9 2.9 3.9"
# a recovery trajectory: long dashes with open diamonds (neither the limits' short dashes nor
# the target's dash-dot), dark teal
TRAJECTORY = "#00625E"
TRAJECTORY_WIDTH = 1.9
TRAJECTORY_DASH = "11.1 4.2"
# a forecast's likely range: the improvement blue at half strength on white
FORECAST_RANGE = "#8EB8DC"
REBASE = "#3D4448"
GRID = "#E6E8E9"

# bars of the summary chart (each bar is also labelled with its status word and count)
STATUS_BAR_COLOURS = {
    "Green": "#00703C",
    "Amber": "#C79A00",
    "Red": "#942514",
    "complete": "#00703C",
    "on track": IMPROVEMENT,
    "at risk": "#C79A00",
    "overdue": "#942514",
}


@dataclass(frozen=True, slots=True)
class PointStyle:
    """How one category of SPC point is drawn and named."""

    colour: str
    marker: str  # o circle, ^ and v triangles, s square
    size: float  # across, in points (1/72 inch) on the wide layout
    symbol: str
    label: str


POINT_STYLES: dict[str, PointStyle] = {
    "common": PointStyle(COMMON_CAUSE, "o", 4.5, "●", "common cause"),
    "improvement": PointStyle(IMPROVEMENT, "^", 7.5, "▲", "special cause improvement"),
    "concern": PointStyle(CONCERN, "v", 7.5, "▼", "special cause concern"),
    "neutral": PointStyle(NEUTRAL, "s", 6.0, "■", "special cause, neither improvement nor concern"),
}

SIGNAL_COLOURS = {
    "improvement": IMPROVEMENT,
    "concern": CONCERN,
    "neutral": NEUTRAL,
    "common": COMMON_CAUSE,
    "none": COMMON_CAUSE,
}


@dataclass(frozen=True, slots=True)
class Tone:
    """Foreground and background of a status badge (GOV.UK tag colours)."""

    foreground: str
    background: str


TONES: dict[str, Tone] = {
    "green": Tone("#005A30", "#CCE2D8"),
    "yellow": Tone("#594D00", "#FFF7BF"),
    "red": Tone("#942514", "#F4D7D2"),
    "blue": Tone("#0C2D4A", "#BBD4EA"),
    "orange": Tone("#6E3619", "#FCD6C3"),
    "purple": Tone("#491644", "#EFDFED"),
    "grey": Tone("#282D30", "#EEEFEF"),
}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    text = colour.lstrip("#")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
