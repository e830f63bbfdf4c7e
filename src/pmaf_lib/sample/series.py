"""Signal shapes: a metric's in-period values (and numerator/denominator) over time.

A value is ``level x trend x season x step x noise`` with occasional outliers; metrics with a
*design* (see :mod:`pmaf_lib.sample.catalogue`) are generated as a stationary process and then
shifted, blanked or repeated at the end so the latest month shows the designed signal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pmaf_lib.periods import Period
from pmaf_lib.sample.catalogue import MetricSpec
from pmaf_lib.sample.timeline import FIRST_FY, months_from_start, reported_periods

SHIFT_POINTS = 8  # points shifted at the end by the up/down designs
SHIFT_SIGMAS = 4.0
DESIGNED_NOISE_CLIP = 2.5  # sigma; keeps a shifted run clear of the mean
OUTLIER_CHANCE = 0.02


@dataclass(frozen=True)
class Series:
    """In-period figures of one metric, one entry a period (NaN = not submitted)."""

    periods: tuple[Period, ...]
    value: np.ndarray
    numerator: np.ndarray | None = None
    denominator: np.ndarray | None = None


def period_share(spec: MetricSpec, period: Period) -> float:
    """Share of the annual ``level`` that falls in ``period`` for accumulating metrics."""
    if not spec.accumulates:
        return 1.0
    cumulative = np.array(spec.profile or [100.0 * (i + 1) / 12 for i in range(12)]) / 100.0
    last = period.last_month.fy_month_index
    first = period.fy_month_index
    before = cumulative[first - 2] if first > 1 else 0.0
    return float(cumulative[last - 1] - before)


def _seasonal(spec: MetricSpec, period: Period) -> float:
    if not spec.season or period.frequency.months == 12:
        return 1.0
    months = period.months()
    angle = [2 * math.pi * (p.month - spec.peak) / 12 for p in months]
    return 1.0 + spec.season * float(np.mean(np.cos(angle)))


def _expected(spec: MetricSpec, periods: tuple[Period, ...], stationary: bool) -> np.ndarray:
    """The noise-free path of in-period values."""
    out = np.empty(len(periods))
    step_month, step_change = spec.step
    for i, period in enumerate(periods):
        base = spec.level * period_share(spec, period)
        if not stationary:
            years = months_from_start(period) / 12
            base *= (1 + spec.trend) ** years * _seasonal(spec, period)
            if step_change and months_from_start(period) >= step_month:
                base *= 1 + step_change
        out[i] = base
    return out


def _noise(spec: MetricSpec, n: int, rng: np.random.Generator, stationary: bool) -> np.ndarray:
    clip = DESIGNED_NOISE_CLIP if stationary else 3.0
    z = np.clip(rng.standard_normal(n), -clip, clip)
    if not stationary:
        outliers = rng.random(n) < OUTLIER_CHANCE
        z[outliers] = np.sign(z[outliers] + 1e-9) * rng.uniform(3.5, 5.0, outliers.sum())
    return 1 + spec.noise * z


def _apply_design(spec: MetricSpec, values: np.ndarray) -> np.ndarray:
    if spec.design in ("up", "down") and len(values) > SHIFT_POINTS:
        sign = 1 if spec.design == "up" else -1
        values[-SHIFT_POINTS:] *= 1 + sign * SHIFT_SIGMAS * spec.noise
    return values


def _clip_to_unit(spec: MetricSpec, values: np.ndarray) -> np.ndarray:
    if spec.unit == "percent":
        return np.clip(values, 0.0, 100.0)
    if spec.unit == "gbp" and spec.aggregation == "snapshot":
        return values  # a forecast over/underspend may be negative
    return np.maximum(values, 0.0)


def _denominators(
    spec: MetricSpec, periods: tuple[Period, ...], rng: np.random.Generator
) -> np.ndarray:
    """Denominators: a base fixed for the year (stock) or a noisy seasonal count (flow)."""
    den = np.empty(len(periods))
    for i, period in enumerate(periods):
        years = period.fy_start_year - FIRST_FY
        if spec.denominator_basis == "stock":
            den[i] = spec.den_level * 1.025**years
        else:
            wobble = 1 + 0.06 * rng.standard_normal()
            den[i] = spec.den_level * 1.02**years * _seasonal(spec, period) * wobble
    return np.maximum(np.round(den), 1.0)


def _ratio_series(
    spec: MetricSpec, periods: tuple[Period, ...], values: np.ndarray, rng: np.random.Generator
) -> Series:
    den = _denominators(spec, periods, rng)
    num = np.round(values / spec.scale * den)
    if spec.unit == "percent":
        num = np.minimum(num, den)
    num = np.maximum(num, 0.0)
    value = num / den * spec.scale
    return Series(periods, value, num, den)


def generate_series(spec: MetricSpec, rng: np.random.Generator) -> Series:
    """The metric's in-period figures for every period it has reported since April 2022."""
    periods = tuple(reported_periods(spec.frequency))
    stationary = bool(spec.design)
    values = _expected(spec, periods, stationary) * _noise(spec, len(periods), rng, stationary)
    values = _clip_to_unit(spec, _apply_design(spec, values))
    if spec.is_ratio:
        series = _ratio_series(spec, periods, values, rng)
    else:
        series = Series(periods, np.round(values, spec.decimals))
    if spec.design == "same":
        _repeat_last(series)
    if spec.design == "missing":
        series.value[-1] = np.nan
        for array in (series.numerator, series.denominator):
            if array is not None:
                array[-1] = np.nan
    return series


def _repeat_last(series: Series) -> None:
    series.value[-1] = series.value[-2]
    if series.numerator is not None and series.denominator is not None:
        series.numerator[-1] = series.numerator[-2]
        series.denominator[-1] = series.denominator[-2]
