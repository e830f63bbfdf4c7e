"""Headline values and RAG as the data-format contract defines them.

The generator uses these to place targets so that the designed statuses occur; they follow
``docs/data-format.md`` (snapshot / ytd / rolling12, flow and stock denominators, relative or
absolute tolerance) and are not the indicator engine.
"""

from __future__ import annotations

import numpy as np

from pmaf_lib.sample.catalogue import MetricSpec
from pmaf_lib.sample.series import Series


def _window(spec: MetricSpec, series: Series, i: int) -> list[int]:
    periods = series.periods
    if spec.aggregation == "ytd":
        fy = periods[i].fy_start_year
        return [j for j in range(i + 1) if periods[j].fy_start_year == fy]
    if spec.aggregation == "rolling12":
        first = periods[i].last_month.ordinal - 11
        return [j for j in range(i + 1) if periods[j].ordinal >= first]
    return [i]


def headline_at(spec: MetricSpec, series: Series, i: int) -> float:
    """The headline (aggregated) value of period ``i``; NaN when nothing was submitted."""
    window = _window(spec, series, i)
    if spec.is_ratio and len(window) > 1:
        num = series.numerator[window]  # type: ignore[index]
        den = series.denominator[window]  # type: ignore[index]
        present = ~np.isnan(num) & ~np.isnan(den)
        if not present.any():
            return float("nan")
        base = den[present].sum() if spec.denominator_basis == "flow" else den[present][-1]
        return float(num[present].sum() / base * spec.scale)
    values = series.value[window]
    if np.isnan(values).all():
        return float("nan")
    return float(np.nansum(values)) if len(window) > 1 else float(values[0])


def headlines(spec: MetricSpec, series: Series) -> np.ndarray:
    return np.array([headline_at(spec, series, i) for i in range(len(series.periods))])


def fy_outturn(spec: MetricSpec, series: Series, fy: int) -> float:
    """The financial year's outturn: year-end headline, or the year's mean for snapshots."""
    idx = [i for i, p in enumerate(series.periods) if p.fy_start_year == fy]
    if not idx:
        return float("nan")
    if spec.aggregation != "snapshot" or spec.frequency == "annual":
        return headline_at(spec, series, idx[-1])
    if spec.is_ratio and spec.denominator_basis == "flow":
        num, den = series.numerator[idx], series.denominator[idx]  # type: ignore[index]
        present = ~np.isnan(num)
        return float(num[present].sum() / den[present].sum() * spec.scale)
    return float(np.nanmean(series.value[idx]))


def amber_limit(target: float, tolerance: float, tolerance_type: str, polarity: str) -> float:
    """The edge of the amber band beyond the target."""
    width = tolerance if tolerance_type == "absolute" else abs(target) * tolerance / 100
    return target - width if polarity == "higher" else target + width


def rag(value: float, target: float, tolerance: float, tolerance_type: str, polarity: str) -> str:
    """``Green``, ``Amber`` or ``Red`` for a value against its target."""
    limit = amber_limit(target, tolerance, tolerance_type, polarity)
    sign = 1 if polarity == "higher" else -1
    if sign * (value - target) >= 0:
        return "Green"
    if sign * (value - limit) >= 0:
        return "Amber"
    return "Red"
