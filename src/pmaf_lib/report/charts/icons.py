"""Making Data Count variation and assurance icons, as SVG shapes inside a chart.

Variation: a ring in the signal's colour holding a small run of dots (flat for common cause,
rising or falling for special cause) and, for special cause, the letter ``H`` or ``L`` with an
arrow. Assurance: a ring holding ``P`` (consistently passes), ``F`` (consistently fails) or
``?`` (hit and miss) above a dashed target line. A short caption under each names it in words.

``x, y`` is an icon's top-left corner, ``size`` its diameter and ``caption_size`` the font
size of its caption, in the chart's ``viewBox``
units; inside, shapes are placed on a unit square whose ``v`` axis points up.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmaf_lib.report.charts import style
from pmaf_lib.report.charts.svg import circle, markers, number, path, text
from pmaf_lib.report.html import Html
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
# font sizes and strokes for an icon 56 units across (they scale with the icon)
_BASE = 56.0


@dataclass(frozen=True, slots=True)
class _Square:
    x: float
    y: float
    size: float
    caption_size: float

    def at(self, u: float, v: float) -> str:
        return f"{number(self.x + u * self.size)} {number(self.y + (1 - v) * self.size)}"

    def scaled(self, value: float) -> float:
        return value * self.size / _BASE

    def ring(self, colour: str) -> Html:
        middle = self.size / 2
        d = circle(self.x + middle, self.y + middle, 0.45 * self.size)
        return path(d, colour, self.scaled(3.0), fill="white")

    def dots(self, us: list[float], vs: list[float], colour: str) -> Html:
        xs = [self.x + u * self.size for u in us]
        ys = [self.y + (1 - v) * self.size for v in vs]
        return path(markers("o", xs, ys, self.scaled(1.8)), fill=colour)

    def letter(self, u: float, v: float, letter: str, size: float, colour: str) -> Html:
        # v is the letter's middle: the baseline sits about a third of its size lower
        cx, cy = self.x + u * self.size, self.y + (1 - v) * self.size
        return text(
            cx,
            cy + self.scaled(size) * 0.36,
            letter,
            self.scaled(size),
            colour,
            anchor="middle",
            bold=True,
        )

    def caption(self, words: str) -> Html:
        size = self.caption_size
        cx = self.x + self.size / 2
        lines = words.split("\n")
        return Html("").join(
            text(
                cx,
                self.y + self.size + size * (1.0 + 1.05 * i),
                line,
                size,
                style.TEXT,
                anchor="middle",
            )
            for i, line in enumerate(lines)
        )


def variation_icon(
    x: float, y: float, size: float, caption_size: float, variation: VariationKey
) -> Html:
    """The variation icon; empty when there is no SPC variation."""
    if variation.kind == "none":
        return Html("")
    box = _Square(x, y, size, caption_size)
    colour = style.SIGNAL_COLOURS[variation.kind]
    special = variation.kind != "common" and variation.side in {"high", "low"}
    us = [0.2, 0.3, 0.4, 0.5, 0.6] if special else [0.25, 0.375, 0.5, 0.625, 0.75]
    if special:
        step = 0.07 if variation.side == "high" else -0.07
        vs = [0.45 - 2 * step + i * step for i in range(5)]
    else:
        vs = [0.5, 0.58, 0.44, 0.56, 0.48]
    run = "".join(
        f"{'L' if i else 'M'}{box.at(u, v)}" for i, (u, v) in enumerate(zip(us, vs, strict=True))
    )
    dot_colour = style.COMMON_CAUSE if variation.kind == "common" else colour
    parts = [
        box.ring(colour),
        path(run, style.LINE, box.scaled(1.4)),
        box.dots(us[:3], vs[:3], style.COMMON_CAUSE),
        box.dots(us[3:], vs[3:], dot_colour),
    ]
    caption = _VARIATION_CAPTION[variation.kind]
    if special:
        high = variation.side == "high"
        parts.append(box.letter(0.4, 0.76 if high else 0.24, "H" if high else "L", 12.5, colour))
        tip, tail = (0.6, 0.4) if high else (0.4, 0.6)
        head = 0.08 if high else -0.08
        arrow = (
            f"M{box.at(0.72, tail)}L{box.at(0.72, tip - head)}L{box.at(0.675, tip - head)}"
            f"L{box.at(0.74, tip)}L{box.at(0.805, tip - head)}L{box.at(0.76, tip - head)}"
            f"L{box.at(0.76, tail)}Z"
        )
        parts.append(path(arrow, fill=colour))
        caption = f"{caption}\n({variation.side})"
    parts.append(box.caption(caption))
    return Html("").join(parts)


def assurance_icon(
    x: float, y: float, size: float, caption_size: float, assurance: str, provisional: bool
) -> Html:
    """The assurance icon for ``pass``/``fail``/``inconsistent`` (captioned ``provisional``
    when judged on limits not yet recalculated); empty for ``none``."""
    if assurance not in _ASSURANCE:
        return Html("")
    box = _Square(x, y, size, caption_size)
    letter, colour, caption = _ASSURANCE[assurance]
    return Html("").join(
        [
            box.ring(colour),
            box.letter(0.5, 0.58, letter, 15.3, colour),
            path(
                f"M{box.at(0.22, 0.3)}L{box.at(0.78, 0.3)}",
                style.TARGET,
                box.scaled(1.7),
                dash=f"{number(box.scaled(2.8))} {number(box.scaled(2.1))}",
            ),
            box.caption(f"{caption}\n(provisional)" if provisional else caption),
        ]
    )
