"""Making Data Count variation and assurance icons, drawn with matplotlib patches.

Variation: a ring in the signal's colour holding a small run of dots (flat for common cause,
rising or falling for special cause) and, for special cause, the letter ``H`` or ``L`` with an
arrow. Assurance: a ring holding ``P`` (consistently passes), ``F`` (consistently fails) or
``?`` (hit and miss) above a dashed target line. A short caption under each names it in words.

Icons are drawn straight onto the figure in inches (no extra axes, which are slow to make):
``x_in, y_in`` is the icon's lower-left corner and ``size_in`` its diameter.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrow
from matplotlib.transforms import Affine2D, Transform

from pmaf_lib.report.charts import style
from pmaf_lib.report.signals import VariationKey

_ASSURANCE = {
    "pass": ("P", style.IMPROVEMENT, "Target\nmet"),
    "fail": ("F", style.CONCERN, "Target\nmissed"),
    "inconsistent": ("?", style.COMMON_CAUSE, "Target hit\nand miss"),
}
_VARIATION_CAPTION = {
    "common": "Common\ncause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neutral": "Neither",
}


def _unit_transform(fig: Figure, x_in: float, y_in: float, size_in: float) -> Transform:
    """Maps the icon's 0-1 square onto the figure, in inches."""
    return Affine2D().scale(size_in).translate(x_in, y_in) + fig.dpi_scale_trans


def _ring(fig: Figure, transform: Transform, colour: str) -> None:
    fig.add_artist(
        Circle(
            (0.5, 0.5),
            0.45,
            facecolor="white",
            edgecolor=colour,
            linewidth=2.2,
            transform=transform,
        )
    )


def _text(
    fig: Figure, transform: Transform, x: float, y: float, text: str, **kwargs: object
) -> None:
    fig.text(x, y, text, transform=transform, ha="center", **kwargs)


def _caption(fig: Figure, transform: Transform, text: str) -> None:
    _text(
        fig,
        transform,
        0.5,
        -0.04,
        text,
        va="top",
        fontsize=style.NOTE_SIZE - 0.5,
        color=style.TEXT,
        linespacing=1.0,
    )


def draw_variation_icon(
    fig: Figure, x_in: float, y_in: float, size_in: float, variation: VariationKey
) -> bool:
    """Draw the variation icon; False (nothing drawn) when there is no SPC variation."""
    if variation.kind == "none":
        return False
    t = _unit_transform(fig, x_in, y_in, size_in)
    colour = style.SIGNAL_COLOURS[variation.kind]
    _ring(fig, t, colour)
    special = variation.kind != "common" and variation.side in {"high", "low"}
    xs = [0.2, 0.3, 0.4, 0.5, 0.6] if special else [0.25, 0.375, 0.5, 0.625, 0.75]
    if special:
        step = 0.07 if variation.side == "high" else -0.07
        ys = [0.45 - 2 * step + i * step for i in range(5)]
    else:
        ys = [0.5, 0.58, 0.44, 0.56, 0.48]
    fig.add_artist(Line2D(xs, ys, color=style.LINE, linewidth=1.0, transform=t))
    dot_colour = style.COMMON_CAUSE if variation.kind == "common" else colour
    fig.add_artist(
        Line2D(
            xs[:3],
            ys[:3],
            linestyle="none",
            marker="o",
            markersize=2.6,
            color=style.COMMON_CAUSE,
            transform=t,
        )
    )
    fig.add_artist(
        Line2D(
            xs[3:],
            ys[3:],
            linestyle="none",
            marker="o",
            markersize=2.6,
            color=dot_colour,
            transform=t,
        )
    )
    caption = _VARIATION_CAPTION[variation.kind]
    if special:
        high = variation.side == "high"
        _text(
            fig,
            t,
            0.4,
            0.76 if high else 0.24,
            "H" if high else "L",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=colour,
        )
        dy = 0.2 if high else -0.2
        fig.add_artist(
            FancyArrow(
                0.74,
                0.5 - dy / 2,
                0,
                dy,
                width=0.04,
                head_width=0.13,
                head_length=0.08,
                length_includes_head=True,
                color=colour,
                transform=t,
            )
        )
        caption = f"{caption}\n({variation.side})"
    _caption(fig, t, caption)
    return True


def draw_assurance_icon(
    fig: Figure, x_in: float, y_in: float, size_in: float, assurance: str, provisional: bool
) -> bool:
    """Draw the assurance icon for ``pass``/``fail``/``inconsistent`` (captioned
    ``provisional`` when judged on limits not yet recalculated); False for ``none``."""
    if assurance not in _ASSURANCE:
        return False
    t = _unit_transform(fig, x_in, y_in, size_in)
    letter, colour, caption = _ASSURANCE[assurance]
    _ring(fig, t, colour)
    _text(fig, t, 0.5, 0.58, letter, va="center", fontsize=11, fontweight="bold", color=colour)
    fig.add_artist(
        Line2D(
            [0.22, 0.78],
            [0.3, 0.3],
            color=style.TARGET,
            linewidth=1.2,
            linestyle=(0, (2, 1.5)),
            transform=t,
        )
    )
    _caption(fig, t, f"{caption}\n(provisional)" if provisional else caption)
    return True
