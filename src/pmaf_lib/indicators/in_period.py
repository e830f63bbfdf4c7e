"""The in-period target: what an SPC chart draws beside the values it analyses.

SPC analyses a ``ytd`` metric's in-period values (see :mod:`~pmaf_lib.indicators.variation`),
so its target must be in-period too. For a ``ytd`` metric whose headline adds up over the year
(not a ratio, or a ratio with a ``stock`` denominator) the cumulative target of a period minus
the cumulative target of the previous period of the same financial year is its in-period share
of the annual target (``annual * (profile[m] - profile[m - k])``; the first period of the year
keeps its whole cumulative target). Every other metric's target already is in-period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import fy_of
from pmaf_lib.indicators.targets import resolve


def in_period_targets(
    keys: pd.DataFrame, cumulative: np.ndarray, metrics: pd.DataFrame, targets: pd.DataFrame
) -> np.ndarray:
    """In-period target per ``keys`` row (``metric_id, ordinal, k``).

    ``cumulative`` is :func:`~pmaf_lib.indicators.targets.resolve`'s ``target`` for the same
    rows (the target the headline is judged against).
    """
    attrs = metrics.set_index("metric_id")
    ids = keys["metric_id"]
    ratio = ids.map(attrs["is_ratio"]).fillna(False).to_numpy(dtype=bool)
    stock = ids.map(attrs.get("denominator_basis")).to_numpy() == "stock"
    adds_up = (ids.map(attrs["aggregation"]).to_numpy() == "ytd") & (~ratio | stock)
    if not adds_up.any():
        return np.asarray(cumulative, dtype=float)
    ordinal = keys["ordinal"].to_numpy(dtype=np.int64)
    before = ordinal - keys["k"].to_numpy(dtype=np.int64)
    earlier = resolve(keys.assign(ordinal=before), metrics, targets)["target"].to_numpy()
    same_year = fy_of(before) == fy_of(ordinal)
    earlier = np.where(same_year, earlier, 0.0)
    return np.where(adds_up, np.asarray(cumulative, dtype=float) - earlier, cumulative)
