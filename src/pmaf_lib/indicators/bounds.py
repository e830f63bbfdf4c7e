"""What a metric's unit allows: forecasts and drawn limits are kept inside it.

A metric **cannot be negative** when every value ever reported for it is zero or more (counts,
money received, days, rates); a ``percent`` metric **cannot exceed 100** when every value
reported is 100 or less. A forecast of 100.12 % or a lower process limit of -3 complaints is
then shown at the bound; the computed limit stays in ``Evaluation.history`` beside the shown
one, so the data table can give both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PERCENT_CEILING = 100.0


def unit_bounds(series: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """``floor`` and ``ceiling`` per metric (indexed by ``metric_id``; -inf/inf when unbounded)."""
    values = pd.concat(
        [
            pd.DataFrame({"metric_id": series["metric_id"], "v": series["value"]}),
            pd.DataFrame({"metric_id": series["metric_id"], "v": series["headline"]}),
        ]
    ).dropna()
    by = values.groupby("metric_id")["v"]
    ids = metrics["metric_id"]
    lowest = by.min().reindex(ids)
    highest = by.max().reindex(ids)
    percent = (metrics["unit"] == "percent").to_numpy()
    return pd.DataFrame(
        {
            "floor": np.where(lowest.to_numpy() >= 0, 0.0, -np.inf),
            "ceiling": np.where(
                percent & (highest.to_numpy() <= PERCENT_CEILING), PERCENT_CEILING, np.inf
            ),
        },
        index=pd.Index(ids, name="metric_id"),
    )


def clip_to(
    values: np.ndarray, metric_ids: pd.Series | np.ndarray, bounds: pd.DataFrame
) -> np.ndarray:
    """``values`` kept within each row's metric bounds (NaN stays NaN)."""
    ids = pd.Series(np.asarray(metric_ids))
    floor = ids.map(bounds["floor"]).fillna(-np.inf).to_numpy(dtype=float)
    ceiling = ids.map(bounds["ceiling"]).fillna(np.inf).to_numpy(dtype=float)
    return np.clip(np.asarray(values, dtype=float), floor, ceiling)
