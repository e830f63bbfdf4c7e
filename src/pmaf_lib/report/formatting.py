"""Numbers and periods as people read them: ``95.2%``, ``£1.2m``, ``21.4 days``, ``Sep 2025``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pmaf_lib.indicators.labels import round_half_up
from pmaf_lib.periods import PeriodError, parse_period
from pmaf_lib.report.signals import is_blank, text_of

NO_DATA = "no data"


def _decimals(decimals: Any, default: int = 0) -> int:
    if is_blank(decimals):
        return default
    return max(0, min(6, int(decimals)))


def rounded(value: float, decimals: int) -> float:
    """``round_half_up(value, decimals)`` for one number, bit for bit, without numpy's
    per-call cost (a large report formats tens of thousands of figures)."""
    value, factor = float(value), 10.0**decimals
    nines = abs(value) * factor * 1e9
    if not math.isfinite(nines):
        return float(round_half_up(value, decimals))
    scaled = round(nines) / 1e9  # np.round(x, 9): scale, round half to even, unscale
    sign = 1.0 if value > 0 else -1.0 if value < 0 else 0.0
    return sign * math.floor(scaled + 0.5) / factor


def _number(value: float, decimals: int) -> str:
    """Rounded half up, as the engine judges (``round_half_up``), then grouped by thousands."""
    return f"{rounded(value, decimals):,.{decimals}f}"


def _money(value: float, decimals: int) -> str:
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 1e9:
        return f"{sign}£{size / 1e9:,.1f}bn"
    if size >= 1e6:
        return f"{sign}£{size / 1e6:,.1f}m"
    return f"{sign}£{_number(size, decimals)}"


def format_value(
    value: Any, unit: Any, decimals: Any = 0, rate_per: Any = None, suppress_below: Any = None
) -> str:
    """A value in its metric's unit: ``95.2%``, ``£1.2m``, ``£12,345``, ``21.4 days``,
    ``3.1 per 1,000``, ``1,234``; ``no data`` for a blank.

    ``unit`` is one of ``percent``, ``number``, ``days``, ``gbp``, ``rate``, or a council's own
    unit label (``tCO2e``, ``weeks``), written after the number (``1,234 tCO2e``); money of a
    million or more is shortened to ``£1.2m`` / ``£1.2bn``. With ``suppress_below`` (public
    reports), a value above 0 and below it is shown as ``fewer than 5`` rather than as the number.
    """
    if is_blank(value):
        return NO_DATA
    number = float(value)
    if not is_blank(suppress_below) and 0 < number < float(suppress_below):
        return f"fewer than {float(suppress_below):g}"
    places = _decimals(decimals)
    kind = text_of(unit).lower()
    if kind == "percent":
        return f"{_number(number, places)}%"
    if kind == "gbp":
        return _money(number, places)
    if kind == "days":
        text = _number(number, places)
        return f"{text} day" if text == "1" else f"{text} days"
    if kind == "rate":
        per = 1000 if is_blank(rate_per) else int(float(rate_per))
        return f"{_number(number, places)} per {per:,}"
    if kind not in ("", "number"):
        return f"{_number(number, places)} {text_of(unit)}"
    return _number(number, places)


def format_metric_value(metric: Mapping[str, Any], value: Any, extra_places: int = 0) -> str:
    """:func:`format_value` with a metric's (scorecard row's) unit, decimals, rate base and
    small-number suppression; ``extra_places`` more decimals (for means and limits)."""
    return format_value(
        value,
        metric.get("unit"),
        _decimals(metric.get("decimals")) + extra_places,
        metric.get("rate_per"),
        metric.get("suppress_below"),
    )


def tick_decimals(step: float) -> int:
    """Fewest decimal places that show every multiple of ``step`` exactly (at most 3)."""
    for places in range(4):
        scaled = step * 10**places
        if abs(scaled - round(scaled)) < 1e-6 * max(1.0, abs(scaled)):
            return places
    return 3


def format_axis_value(value: float, unit: Any, places: int = 0) -> str:
    """Short tick label: ``95%``, ``£1.2m``, ``21``; no unit words (the axis label has them)."""
    kind = text_of(unit).lower()
    if kind == "percent":
        return f"{_number(value, places)}%"
    if kind == "gbp":
        return _money(value, places)
    return _number(value, places)


def unit_label(unit: Any, rate_per: Any = None) -> str:
    """Axis label: ``Percent``, ``Pounds (£)``, ``Days``, ``Rate per 1,000``, ``Number``."""
    kind = text_of(unit).lower()
    if kind == "rate":
        per = 1000 if is_blank(rate_per) else int(float(rate_per))
        return f"Rate per {per:,}"
    known = {"percent": "Percent", "gbp": "Pounds (£)", "days": "Days", "number": "Number"}
    return known.get(kind, text_of(unit) or "Number")


def period_label(period: Any) -> str:
    """Plain-English label of a period id (``2025-09`` -> ``Sep 2025``); text as given otherwise."""
    if is_blank(period):
        return "no period"
    try:
        return parse_period(period).label
    except PeriodError:
        return text_of(period)


def short_period_label(period: Any) -> str:
    """Compact axis label: ``Sep 2025``, ``Q2 2025/26``, ``2025/26``."""
    try:
        parsed = parse_period(period)
    except PeriodError:
        return text_of(period)
    if parsed.frequency.value == "quarterly":
        return f"Q{parsed.quarter} {parsed.fy_label}"
    return parsed.label


def format_date(value: Any) -> str:
    """A date as ``30 Sep 2025``; ``no date`` for a blank."""
    if is_blank(value):
        return "no date"
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return text_of(value)
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def format_count(count: int, singular: str, plural: str | None = None) -> str:
    """``1 metric`` / ``3 metrics``."""
    word = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {word}"
