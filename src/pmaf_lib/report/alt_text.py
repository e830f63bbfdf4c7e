"""Alt text that states a chart's signal in words, with units and periods on every number.

e.g. ``Days to process new claims: 21.4 days in Sep 2025, target 20 days; special cause
concern (high) — 7 points above the mean; target not reliably met (process limits 17.1 to
25.3 days). 30 points, Apr 2023 to Sep 2025.``
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from pmaf_lib.report.formatting import format_metric_value, format_value, period_label
from pmaf_lib.report.signals import assurance_key, text_of, variation_of
from pmaf_lib.report.spc_series import SpcSeries, analysed_values, spc_reading

__all__ = ["format_value", "signal_detail", "sparkline_alt_text", "spc_alt_text"]

SHIFT_RUN = 7
TREND_RUN = 6

_ASSURANCE_WORDS = {
    "pass": "target consistently met",
    "fail": "target consistently missed",
    "inconsistent": "target not reliably met",
}


def _trailing_run(flags: list[bool]) -> int:
    run = 0
    for flag in reversed(flags):
        if not flag:
            break
        run += 1
    return run


def signal_detail(series: SpcSeries) -> str:
    """Why the latest points are special: a run about the mean or a trend, and a point beyond
    a process limit. Empty when the latest rebase group shows no such pattern."""
    first, last = series.group_spans()[-1] if len(series) else (0, -1)
    idx = [i for i in range(first, last + 1) if not np.isnan(series.value[i])]
    if not idx:
        return ""
    values, mean = series.value[idx], series.mean[idx]
    parts = []
    above = _trailing_run([bool(v > m) for v, m in zip(values, mean, strict=True)])
    below = _trailing_run([bool(v < m) for v, m in zip(values, mean, strict=True)])
    diffs = np.diff(values)
    rising = _trailing_run([bool(d > 0) for d in diffs]) + 1
    falling = _trailing_run([bool(d < 0) for d in diffs]) + 1
    if max(above, below) >= SHIFT_RUN:
        side = "above" if above >= below else "below"
        parts.append(f"{max(above, below)} points in a row {side} the mean")
    elif max(rising, falling) >= TREND_RUN:
        way = "rising" if rising >= falling else "falling"
        parts.append(f"{max(rising, falling)} points in a row {way}")
    latest = idx[-1]
    when = period_label(series.periods[latest])
    if series.value[latest] > series.upl[latest]:
        parts.append(f"the latest point ({when}) is above the upper process limit")
    elif series.value[latest] < series.lpl[latest]:
        parts.append(f"the latest point ({when}) is below the lower process limit")
    return ", and ".join(parts)


def spc_alt_text(series: SpcSeries, metric: Mapping[str, Any]) -> str:
    """Alt text for a metric's SPC chart (``metric`` is its scorecard row)."""
    title = text_of(metric.get("title")) or text_of(metric.get("metric_id")) or "Metric"
    observed = np.flatnonzero(series.observed)
    if not len(observed):
        return f"{title}: no data to chart."
    latest = observed[-1]
    when = period_label(series.periods[latest])
    basis = analysed_values(metric)
    named = title if basis == "values" else f"{title} ({basis})"
    parts = [f"{named}: {format_metric_value(metric, series.value[latest])} in {when}"]
    target = series.target[latest]
    if np.isnan(target) and metric.get("target") is not None:
        target = float(metric["target"]) if text_of(metric.get("target")) else np.nan
    parts[0] += (
        f", target {format_metric_value(metric, target)}" if not np.isnan(target) else ", no target"
    )
    planned = series.trajectory[latest]
    if not np.isnan(planned):
        parts[0] += f", recovery trajectory {format_metric_value(metric, planned)}"

    parts += spc_reading(metric).notes
    variation = variation_of(metric.get("spc_variation"))
    signal = variation.words
    detail = (
        signal_detail(series) if variation.kind in {"improvement", "concern", "neutral"} else ""
    )
    parts.append(f"{signal} — {detail}" if detail else signal)

    lpl, upl = series.lpl[latest], series.upl[latest]
    limits = (
        f"process limits {format_metric_value(metric, lpl)} to {format_metric_value(metric, upl)}"
        if not (np.isnan(lpl) or np.isnan(upl))
        else ""
    )
    assurance = _ASSURANCE_WORDS.get(assurance_key(metric.get("spc_assurance")), "")
    if assurance and spc_reading(metric).provisional:
        assurance += " (provisional)"
    if assurance and limits:
        parts.append(f"{assurance} ({limits})")
    elif assurance or limits:
        parts.append(assurance or limits)

    first = period_label(series.periods[observed[0]])
    span = f"{len(observed)} points, {first} to {when}"
    specials = sum(1 for c in series.category if c != "common")
    if specials:
        span += f", {specials} marked as special cause"
    return "; ".join(parts) + f". {span}."


def sparkline_alt_text(
    title: str,
    periods: Sequence[Any],
    values: Sequence[float],
    unit: Any,
    decimals: Any = 0,
    rate_per: Any = None,
    target: Any = None,
) -> str:
    """Sparkline label: ``Trend for X, Oct 2024 to Sep 2025: latest 21.4 days (Sep 2025),
    lowest ..., highest ...; target ...``."""
    metric = {"unit": unit, "decimals": decimals, "rate_per": rate_per}
    pairs = [(p, float(v)) for p, v in zip(periods, values, strict=True) if not np.isnan(float(v))]
    if not pairs:
        return f"Trend for {title}: no data."
    low = min(pairs, key=lambda pv: pv[1])
    high = max(pairs, key=lambda pv: pv[1])
    last = pairs[-1]
    text = (
        f"Trend for {title}, {period_label(pairs[0][0])} to {period_label(last[0])}: "
        f"latest {format_metric_value(metric, last[1])} ({period_label(last[0])}), "
        f"lowest {format_metric_value(metric, low[1])} ({period_label(low[0])}), "
        f"highest {format_metric_value(metric, high[1])} ({period_label(high[0])})"
    )
    if text_of(target):
        text += f"; target {format_metric_value(metric, target)}"
    return text + "."
