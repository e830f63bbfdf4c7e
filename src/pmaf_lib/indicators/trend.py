"""Trend significance: Mann-Kendall test and Theil-Sen slope over the last N periods.

The window is the last 24 months, 8 quarters or 5 years ending with the metric's current
period; missing periods are left out. With ``n`` points, ``S = sum(sign(x_j - x_i))`` over the
pairs ``i < j``, ``Var(S) = (n(n-1)(2n+5) - sum over ties t(t-1)(2t+5)) / 18``,
``z = (S - sign(S)) / sqrt(Var(S))`` (continuity correction) and the two-sided p-value is
``2 * (1 - Phi(|z|))`` - the classical Mann-Kendall test, computed for every metric at once
(scipy's normal distribution, ``scipy.special.ndtr``; ``scipy.stats.theilslopes`` gives the
same slope, which is the median of the pairwise slopes, in units per period of the metric's
frequency).

Verdict: with fewer than 5 points, "too few points for a trend test"; with ``p < 0.05``,
"statistically significant improvement over 24 months" (or "deterioration", according to
polarity; "increase"/"decrease" for metrics without polarity); otherwise "no significant trend
over 24 months".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WINDOW = {1: 24, 3: 8, 12: 5}
WINDOW_WORDS = {1: "24 months", 3: "8 quarters", 12: "5 years"}
MIN_POINTS = 5
ALPHA = 0.05


def _matrix(series: pd.DataFrame, current: pd.DataFrame, column: str) -> np.ndarray:
    """Metrics x 24 matrix of the window's ``column`` values, oldest first, NaN where missing."""
    width = max(WINDOW.values())
    matrix = np.full((len(current), width), np.nan)
    row_of = pd.Series(np.arange(len(current)), index=current.index)
    rows = row_of.reindex(series["metric_id"]).to_numpy()
    known = ~np.isnan(rows)
    cur = current["ordinal"].reindex(series["metric_id"]).to_numpy()
    k = series["k"].to_numpy()
    steps_back = (cur - series["ordinal"].to_numpy()) / k
    size = np.select([k == 1, k == 3], [WINDOW[1], WINDOW[3]], WINDOW[12])
    inside = known & (steps_back >= 0) & (steps_back < size)
    position = (size - 1 - steps_back)[inside].astype(np.int64)
    matrix[rows[inside].astype(np.int64), position] = series[column].to_numpy(dtype=float)[inside]
    return matrix


def mann_kendall(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise S, p-value, Theil-Sen slope and point count of a NaN-padded matrix."""
    i, j = np.triu_indices(matrix.shape[1], 1)
    diff = matrix[:, j] - matrix[:, i]
    s = np.nansum(np.sign(diff), axis=1)
    present = ~np.isnan(matrix)
    n = present.sum(axis=1).astype(float)
    equal = (matrix[:, :, None] == matrix[:, None, :]).sum(axis=2).astype(float)
    ties = np.where(present, (equal - 1) * (2 * equal + 5), 0.0).sum(axis=1)
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (s - np.sign(s)) / np.sqrt(variance), 0.0)
        slopes = diff / (j - i)
    # scipy.special's normal CDF is what scipy.stats.norm.sf computes (bit for bit) and
    # imports in a sixth of the time; imported here: report kernels only unpickle results
    from scipy.special import ndtr

    p = 2 * ndtr(-np.abs(z))
    has_pair = ~np.all(np.isnan(slopes), axis=1)
    slope = np.full(len(matrix), np.nan)
    if has_pair.any():
        slope[has_pair] = np.nanmedian(slopes[has_pair], axis=1)
    return s, p, slope, n


def trend(series: pd.DataFrame, current: pd.DataFrame, column: str = "headline") -> pd.DataFrame:
    """Trend columns per metric; ``current`` is indexed by metric with ``ordinal, k, polarity``.

    ``column`` names the series tested (the engine passes the SPC-charted value, so a ``ytd``
    metric is tested on its in-period values rather than its saw-tooth cumulative headline).
    """
    s, p, slope, n = mann_kendall(_matrix(series, current, column))
    enough = n >= MIN_POINTS
    polarity = current["polarity"].to_numpy()
    up = s > 0
    better = np.where(polarity == "lower", ~up, up)
    word = np.where(
        polarity == "none",
        np.where(up, "increase", "decrease"),
        np.where(better, "improvement", "deterioration"),
    )
    span = current["k"].map(WINDOW_WORDS).to_numpy()
    verdict = np.where(
        ~enough,
        "too few points for a trend test",
        np.where(
            p < ALPHA,
            "statistically significant " + word.astype(str) + " over " + span.astype(str),
            "no significant trend over " + span.astype(str),
        ),
    )
    return pd.DataFrame(
        {
            "trend_slope": np.where(enough, slope, np.nan),
            "trend_p": np.where(enough, p, np.nan),
            "trend_n": n.astype(np.int64),
            "trend_verdict": verdict.astype(object),
        },
        index=current.index,
    )
