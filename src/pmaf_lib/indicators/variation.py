"""Making Data Count SPC for every metric at once (one call to :func:`spc.xmr`).

The series charted is the headline for ``snapshot`` and ``rolling12`` metrics. A ``ytd``
headline saw-tooths back to zero every April, which SPC would read as special cause, so for
``ytd`` and ``running_total`` metrics the in-period value is charted instead. The improvement
direction comes from polarity (higher -> increase, lower -> decrease, band and none -> neutral);
the assurance target is the
current financial year's target for the charted series: the metric's target for the current
period (its year-end target when it is not yet due), and for a ``ytd`` metric that adds up the
annual target's even in-period share (``annual * k / 12``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.spc import xmr

DIRECTION = {"higher": "increase", "lower": "decrease", "band": "neutral", "none": "neutral"}
POINT_COLUMNS = ("mean", "lpl", "upl", "rebase_group", "special_cause_type", "point_type")


def charted_value(series: pd.DataFrame) -> np.ndarray:
    """The value SPC charts for each row: in-period for ``ytd``, the headline otherwise."""
    cumulative = series["aggregation"].isin(["ytd", "running_total"]).to_numpy()
    return np.where(cumulative, series["value"], series["headline"])


def spc(
    series: pd.DataFrame, polarity: pd.Series, target: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SPC columns per series row (aligned with ``series``) and per metric.

    ``polarity`` and ``target`` (the charted series' target) are indexed by ``metric_id``.
    Returns ``(points, summary)``: ``points`` has :data:`POINT_COLUMNS`; ``summary`` is indexed
    by ``metric_id`` with ``spc_variation, spc_assurance, spc_special_cause``.
    """
    data = pd.DataFrame(
        {
            "series_id": series["metric_id"].to_numpy(),
            "date": pd.to_datetime(series["period_start"]).to_numpy(),
            "value": charted_value(series),
            "row": np.arange(len(series)),
        }
    )
    data = data[~np.isnan(data["value"].to_numpy(dtype=float))]
    result = xmr(
        data,
        improvement_direction=polarity.map(DIRECTION).to_dict(),
        target=target.dropna().to_dict(),
    )
    points = result.points.merge(
        data[["series_id", "date", "row"]], on=["series_id", "date"], how="left"
    )
    aligned = pd.DataFrame(index=pd.RangeIndex(len(series)), columns=list(POINT_COLUMNS))
    for column in POINT_COLUMNS:
        values = points[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        column_values = np.full(len(series), np.nan, dtype=object)
        column_values[points["row"].to_numpy()] = values.to_numpy(dtype=object)
        aligned[column] = column_values
    for column in ("mean", "lpl", "upl"):
        aligned[column] = aligned[column].astype(float)
    aligned["rebase_group"] = aligned["rebase_group"].astype("Int64")
    aligned.index = series.index

    summary = result.summary.set_index("series_id").reindex(polarity.index)
    per_metric = pd.DataFrame(index=polarity.index)
    names = {
        "spc_variation": "variation_icon",
        "spc_assurance": "assurance",
        "spc_special_cause": "special_cause_type",
        "spc_point_type": "point_type",
    }
    for column, source in names.items():
        per_metric[column] = summary[source].astype(object).where(summary[source].notna(), None)
    return aligned, per_metric
