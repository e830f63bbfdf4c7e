"""Data-quality flags for the value each metric is judged on.

* ``missing`` - the current period is due and has no value.
* ``late`` - submitted more than 14 calendar days (about 10 working days) after the period's
  last day.
* ``estimated``, ``provisional``, ``revised`` - as flagged in the return (``revised``: changed
  since the last report).
* ``gap`` - a period with no value between the series' first period and the current one,
  within the trend window (24 months, 8 quarters or 5 years).
* ``outlier`` - the charted SPC value lies beyond a process limit by more than half the
  distance between the limits, or the in-period value is an order of magnitude (10x or more)
  away from the previous period's (both non-zero).

From the flags, a **data-quality mark** in four parts (after the Lincolnshire Partnership
kite-mark), each sufficient or not (:func:`mark`):

* ``timeliness`` - the judged figure was submitted on time (not ``late``, not ``missing``);
* ``completeness`` - no ``missing`` current figure and no ``gap`` in the trend window;
* ``validity`` - not ``estimated``, ``provisional``, ``revised`` or an ``outlier``;
* ``process`` - the metric has a documented definition and owner in the register.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import month_end
from pmaf_lib.indicators.trend import WINDOW

FLAGS = ("missing", "late", "estimated", "provisional", "revised", "gap", "outlier")
# the flags that make each part of the mark insufficient (``process`` is the register's)
PARTS: dict[str, tuple[str, ...]] = {
    "timeliness": ("late", "missing"),
    "completeness": ("missing", "gap"),
    "validity": ("estimated", "provisional", "revised", "outlier"),
    "process": (),
}
LATE_DAYS = 14
OUTLIER_LIMIT_SHARE = 0.5
JUMP_FACTOR = 10.0


def late(submitted_on: pd.Series, ordinal: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Submitted more than :data:`LATE_DAYS` after the period's last day."""
    deadline = month_end(np.asarray(ordinal) + np.asarray(k) - 1) + pd.Timedelta(days=LATE_DAYS)
    submitted = pd.to_datetime(pd.Series(submitted_on).reset_index(drop=True))
    return (submitted > pd.Series(deadline)).fillna(False).to_numpy(dtype=bool)


def outlier(
    charted: np.ndarray,
    lpl: np.ndarray,
    upl: np.ndarray,
    value: np.ndarray,
    previous: np.ndarray,
) -> np.ndarray:
    """Far beyond the SPC limits, or a tenfold jump from the previous in-period value."""
    margin = OUTLIER_LIMIT_SHARE * (upl - lpl)
    beyond = (charted > upl + margin) | (charted < lpl - margin)
    small = np.fmin(np.abs(value), np.abs(previous))
    large = np.fmax(np.abs(value), np.abs(previous))
    jump = (small > 0) & (large >= JUMP_FACTOR * small)
    return np.nan_to_num(beyond, nan=False).astype(bool) | jump


def gaps(series: pd.DataFrame, current: pd.DataFrame) -> np.ndarray:
    """Whether each metric's trend window has a period without a value before the current one."""
    cur = current["ordinal"].reindex(series["metric_id"]).to_numpy()
    k = series["k"].to_numpy()
    size = np.select([k == 1, k == 3], [WINDOW[1], WINDOW[3]], WINDOW[12])
    steps_back = (cur - series["ordinal"].to_numpy()) / k
    present = ~np.isnan(series["value"].to_numpy())
    window = (steps_back > 0) & (steps_back < size) & present
    first = series.loc[present].groupby("metric_id")["ordinal"].min().reindex(current.index)
    counted = pd.Series(window).groupby(series["metric_id"].to_numpy()).sum()
    counted = counted.reindex(current.index, fill_value=0).to_numpy()
    k_now = current["k"].to_numpy()
    span = (current["ordinal"].to_numpy() - first.to_numpy()) / k_now
    expected = np.fmin(
        np.nan_to_num(span, nan=0.0),
        np.select([k_now == 1, k_now == 3], [WINDOW[1], WINDOW[3]], WINDOW[12]) - 1,
    )
    return counted < np.maximum(expected, 0)


def flag_tuples(flags: dict[str, np.ndarray]) -> list[tuple[str, ...]]:
    """One tuple of flag names per metric, in the order of :data:`FLAGS`."""
    matrix = np.column_stack([np.asarray(flags[name], dtype=bool) for name in FLAGS])
    names = np.array(FLAGS, dtype=object)
    return [tuple(names[row]) for row in matrix]


def mark(flags: dict[str, np.ndarray], metrics: pd.DataFrame) -> dict[str, np.ndarray]:
    """``dq_<part>`` (True: sufficient) for each part of :data:`PARTS`, and ``dq_sufficient``
    (how many of the four are)."""
    documented = np.ones(len(metrics), dtype=bool)
    for column in ("definition", "owner"):
        cells = metrics[column] if column in metrics else pd.Series(None, index=metrics.index)
        documented &= cells.map(lambda v: bool(str(v).strip()) if pd.notna(v) else False).to_numpy(
            dtype=bool
        )
    out: dict[str, np.ndarray] = {}
    for part, spoilers in PARTS.items():
        bad = np.zeros(len(metrics), dtype=bool)
        for flag in spoilers:
            bad |= np.asarray(flags[flag], dtype=bool)
        out[f"dq_{part}"] = documented if part == "process" else ~bad
    out["dq_sufficient"] = sum(out[f"dq_{p}"].astype(int) for p in PARTS)
    return out
