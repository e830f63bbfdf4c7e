"""Year-end outturn forecast for the current financial year.

Method per metric (``forecast_method``):

* ``actual`` - the current period is the year's final period (March, Q4 or the year itself):
  the forecast is the reported headline.
* ``profile`` - ``ytd`` metrics during the year. A headline that adds up over the year is
  forecast as ``ytd / share`` where ``share`` is the profile's cumulative fraction for the
  month reached (``m / 12`` when the target is not profiled); a ratio with a ``flow``
  denominator is forecast at its current year-to-date level. The interval spans the outturns
  implied by how the same point of each of the last three financial years turned out
  (``ytd * yearend / ytd_then`` or ``ytd + yearend - ytd_then`` for flow ratios), together with
  the central forecast; it is empty when no earlier year is complete.
* ``trend`` - ``snapshot`` and ``rolling12`` metrics (and metrics not yet due this year): an
  ordinary least-squares line through the last 12 reported periods (at least 4 points) is
  projected to the year's final period, with an 80% prediction interval
  ``yhat +/- t(0.9, n - 2) * s * sqrt(1 + 1/n + (x0 - xbar)^2 / Sxx)``.

No method applies (forecast missing) when there are too few points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import fy_of, year_end_period
from pmaf_lib.indicators.headline import lookup

TREND_POINTS = 12
MIN_TREND_POINTS = 4
INTERVAL = 0.80
PAST_YEARS = 3


def _trend(series: pd.DataFrame, current: pd.DataFrame, year_end: np.ndarray) -> pd.DataFrame:
    """Linear-trend projection to ``year_end`` (first-month ordinal) for every metric."""
    cur = current["ordinal"].reindex(series["metric_id"]).to_numpy()
    k = series["k"].to_numpy()
    window = (
        (series["ordinal"].to_numpy() <= cur)
        & (series["ordinal"].to_numpy() > cur - TREND_POINTS * k)
        & ~np.isnan(series["headline"].to_numpy())
    )
    points = series.loc[window, ["metric_id", "ordinal", "k", "headline"]]
    x = (points["ordinal"] / points["k"]).to_numpy()
    y = points["headline"].to_numpy()
    sums = (
        pd.DataFrame({"metric_id": points["metric_id"].to_numpy(), "x": x, "y": y})
        .assign(n=1.0, xx=x * x, xy=x * y, yy=y * y)
        .groupby("metric_id")[["n", "x", "y", "xx", "xy", "yy"]]
        .sum()
        .reindex(current.index)
    )
    n = sums["n"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        xbar, ybar = sums["x"].to_numpy() / n, sums["y"].to_numpy() / n
        sxx = sums["xx"].to_numpy() - n * xbar**2
        sxy = sums["xy"].to_numpy() - n * xbar * ybar
        syy = sums["yy"].to_numpy() - n * ybar**2
        slope = sxy / sxx
        x0 = year_end / current["k"].to_numpy()
        fit = ybar + slope * (x0 - xbar)
        resid = np.maximum(syy - slope * sxy, 0.0) / (n - 2)
        spread = np.sqrt(resid * (1 + 1 / n + (x0 - xbar) ** 2 / sxx))
        # Student's t quantile: scipy.special.stdtrit is what scipy.stats.t.ppf computes (bit
        # for bit) and imports in a sixth of the time; imported here: report kernels only
        # unpickle results
        from scipy.special import stdtrit

        half = stdtrit(np.maximum(n - 2, 1), 0.5 + INTERVAL / 2) * spread
    ok = n >= MIN_TREND_POINTS
    return pd.DataFrame(
        {
            "forecast": np.where(ok, fit, np.nan),
            "forecast_low": np.where(ok, fit - half, np.nan),
            "forecast_high": np.where(ok, fit + half, np.nan),
        },
        index=current.index,
    )


def _profile(series: pd.DataFrame, current: pd.DataFrame, year_end: np.ndarray) -> pd.DataFrame:
    """Profile-based outturn for ytd metrics with the interval from earlier years."""
    ids = current.index.to_numpy()
    cur = current["ordinal"].to_numpy()
    value = current["value"].to_numpy()
    additive = current["additive"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        central = np.where(additive, value / current["share"].to_numpy(), value)
        implied = []
        for years in range(1, PAST_YEARS + 1):
            then = lookup(series, ids, cur - 12 * years, "headline")
            end = lookup(series, ids, year_end - 12 * years, "headline")
            implied.append(np.where(additive, value * end / then, value + end - then))
    implied = np.column_stack(implied)
    implied[~np.isfinite(implied)] = np.nan
    has_past = ~np.all(np.isnan(implied), axis=1)
    both = np.column_stack([implied, central])
    low = np.where(has_past, np.fmin.reduce(both, axis=1), np.nan)
    high = np.where(has_past, np.fmax.reduce(both, axis=1), np.nan)
    return pd.DataFrame(
        {"forecast": central, "forecast_low": low, "forecast_high": high}, index=current.index
    )


def forecast(series: pd.DataFrame, current: pd.DataFrame, report_fy: int) -> pd.DataFrame:
    """Forecast columns per metric.

    ``series`` is the headline frame; ``current`` is indexed by ``metric_id`` with ``ordinal``
    (current period's first month), ``k``, ``aggregation``, ``value`` (its headline),
    ``additive`` (headline adds up over the year) and ``share`` (profile share reached).
    """
    k = current["k"].to_numpy()
    year_end = year_end_period(np.full(len(current), report_fy), k)
    in_year = fy_of(current["ordinal"].to_numpy()) == report_fy
    at_end = in_year & (current["ordinal"].to_numpy() == year_end)
    profile = in_year & ~at_end & (current["aggregation"].to_numpy() == "ytd")

    out = _trend(series, current, year_end)
    out["forecast_method"] = np.where(out["forecast"].notna(), "trend", None)
    prof = _profile(series, current, year_end)
    out.loc[profile, prof.columns] = prof.loc[profile]
    out.loc[profile, "forecast_method"] = "profile"
    value = current["value"].to_numpy()
    for column in ("forecast", "forecast_low", "forecast_high"):
        out.loc[at_end, column] = value[at_end]
    out.loc[at_end, "forecast_method"] = "actual"
    out.loc[~np.isfinite(out["forecast"].to_numpy(dtype=float)), "forecast_method"] = None
    return out
