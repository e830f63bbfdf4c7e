"""Headline values: the in-period figures of a return aggregated as each metric's register says.

Rules (all group-wise over the whole long frame, never per metric):

* ``snapshot`` - the headline is the period's own value.
* ``ytd`` - cumulative financial-year-to-date: the sum of the in-period values from April to the
  period. Missing earlier months are left out (and flagged by data quality); the period's own
  value must be present.
* ``rolling12`` - the sum over the twelve months ending with the period (12 months, 4 quarters
  or 1 year); every period in the window must be present.
* ``running_total`` - the sum of the in-period values from the metric's ``running_total_from``
  to the period (blank before it); missing periods are left out, as for ``ytd``.
* Ratio metrics (those with a numerator) are re-aggregated from their numerators and
  denominators - never by averaging percentages: ``sum(numerator) / sum(denominator) * scale``
  for a ``flow`` denominator, ``sum(numerator) / denominator of the latest period * scale`` for
  a ``stock`` denominator (a base such as the year's collectable debit or the FTE count).
* The financial-year-to-date figure shown beside every headline (``fytd``) is the ytd headline
  for ``ytd`` and ``rolling12`` metrics (what the year so far adds up to) and, for snapshots, the
  year-so-far level: ``sum(numerator) / sum(denominator) * scale`` for ratios (with a ``stock``
  denominator too: each period's base counts once, so the level is a weighted mean of the
  period rates, never the year's numerators over one period's base), the mean of the period
  values otherwise.

:func:`quarterly` turns monthly returns into quarterly ones first: a point-in-time snapshot's
quarter is its last month; flows (``ytd`` and ``rolling12`` values, and the numerators and
denominators of a snapshot ratio with a ``flow`` denominator) are summed over the three months,
which must all be present; a ``stock`` denominator is the quarter's last.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import APRIL, fy_of, months_of, ordinal_of
from pmaf_lib.periods import parse_period
from pmaf_lib.plan.loader import RECOVERY_FIELDS

PASSTHROUGH = (
    "period_start",
    "estimated",
    "provisional",
    "revised",
    "commentary",
    "action",
    "submitted_on",
    *RECOVERY_FIELDS,
)


def metric_attributes(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-metric attributes the engine needs, indexed by ``metric_id``."""
    attrs = pd.DataFrame(index=pd.Index(metrics["metric_id"], name="metric_id"))
    attrs["k"] = months_of(metrics["frequency"])
    attrs["aggregation"] = metrics["aggregation"].to_numpy()
    attrs["is_ratio"] = metrics["is_ratio"].fillna(False).astype(bool).to_numpy()
    attrs["scale"] = metrics["scale"].astype(float).to_numpy()
    basis = metrics.get("denominator_basis", pd.Series("flow", index=metrics.index))
    attrs["stock"] = (basis.fillna("flow") == "stock").to_numpy() & attrs["is_ratio"].to_numpy()
    start = metrics.get("running_total_from", pd.Series(None, index=metrics.index))
    attrs["running_from"] = [
        parse_period(p).ordinal if isinstance(p, str) else np.nan for p in start
    ]
    return attrs


def in_period_frame(values: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """The returns as a sorted long frame with ordinals and the metric attributes attached.

    The return's flags, commentary, action, recovery columns and submission date are carried
    along when present.
    """
    attrs = metric_attributes(metrics)
    frame = pd.DataFrame(
        {
            "metric_id": values["metric_id"].to_numpy(),
            "ordinal": ordinal_of(values["period_start"]),
            "value": values["value"].astype(float).to_numpy(),
            "numerator": values["numerator"].astype(float).to_numpy(),
            "denominator": values["denominator"].astype(float).to_numpy(),
        }
    )
    for column in PASSTHROUGH:
        if column in values.columns:
            frame[column] = values[column].to_numpy()
    frame = frame[frame["metric_id"].isin(attrs.index)]
    frame = frame.join(attrs, on="metric_id")
    return frame.sort_values(["metric_id", "ordinal"], kind="stable").reset_index(drop=True)


def _window_sums(
    metric_id: pd.Series, ordinal: np.ndarray, lower: np.ndarray, columns: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Per row, sums and counts over the same metric's rows with ``lower < ordinal <= own``.

    Rows must be sorted by metric and ordinal. Uses per-metric cumulative sums, so no value of
    one metric ever mixes with another's.
    """
    codes = pd.factorize(metric_id)[0].astype(np.int64)
    key = codes * (1 << 22) + ordinal
    start = np.searchsorted(key, codes * (1 << 22) + lower, side="right")
    group_start = np.searchsorted(key, codes * (1 << 22), side="left")
    out: dict[str, np.ndarray] = {}
    for name, array in columns.items():
        present = ~np.isnan(array)
        total = pd.Series(np.where(present, array, 0.0)).groupby(codes).cumsum().to_numpy()
        count = pd.Series(present.astype(np.int64)).groupby(codes).cumsum().to_numpy()
        before = np.where(start > group_start, total[np.maximum(start - 1, 0)], 0.0)
        count_before = np.where(start > group_start, count[np.maximum(start - 1, 0)], 0)
        out[name] = total - before
        out[f"n_{name}"] = count - count_before
    return out


def _fytd_sums(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Exact cumulative sums and counts within each metric's financial year."""
    keys = [frame["metric_id"], fy_of(frame["ordinal"].to_numpy())]
    out: dict[str, np.ndarray] = {}
    for name in ("value", "numerator", "denominator"):
        array = frame[name].to_numpy()
        present = ~np.isnan(array)
        filled = pd.Series(np.where(present, array, 0.0), index=frame.index)
        out[name] = filled.groupby(keys).cumsum().to_numpy()
        out[f"n_{name}"] = pd.Series(present.astype(np.int64)).groupby(keys).cumsum().to_numpy()
    return out


def _ratio(
    sums: dict[str, np.ndarray], frame: pd.DataFrame, complete: np.ndarray | None = None
) -> np.ndarray:
    """Re-aggregated ratio: flow uses the summed denominator, stock the latest period's."""
    denominator = np.where(frame["stock"], frame["denominator"], sums["denominator"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = sums["numerator"] / denominator * frame["scale"].to_numpy()
    ok = (sums["n_numerator"] > 0) & ~np.isnan(frame["numerator"].to_numpy())
    ok &= np.where(frame["stock"], True, sums["n_denominator"] > 0)
    if complete is not None:
        ok &= complete
    return np.where(ok & (denominator != 0), ratio, np.nan)


def _running_totals(frame: pd.DataFrame) -> np.ndarray:
    """Per row, the sum of the metric's in-period values since ``running_from`` (NaN before)."""
    since = frame["ordinal"].to_numpy() >= frame["running_from"].to_numpy(dtype=float)
    counted = np.where(since, np.nan_to_num(frame["value"].to_numpy(dtype=float)), 0.0)
    totals = pd.Series(counted).groupby(frame["metric_id"].to_numpy()).cumsum().to_numpy()
    return np.where(since, totals, np.nan)


def add_headlines(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``headline`` and ``fytd`` columns to an :func:`in_period_frame`."""
    ordinal = frame["ordinal"].to_numpy()
    k = frame["k"].to_numpy()
    value = frame["value"].to_numpy()
    has_value = ~np.isnan(value)
    is_ratio = frame["is_ratio"].to_numpy()
    aggregation = frame["aggregation"].to_numpy()

    fytd = _fytd_sums(frame)
    ytd_level = np.where(is_ratio, _ratio(fytd, frame), np.where(has_value, fytd["value"], np.nan))

    columns = {n: frame[n].to_numpy() for n in ("value", "numerator", "denominator")}
    rolling = _window_sums(frame["metric_id"], ordinal, ordinal - 12, columns)
    window = 12 // k
    full_values = rolling["n_value"] == window
    full_ratio = (rolling["n_numerator"] == window) & (
        frame["stock"].to_numpy() | (rolling["n_denominator"] == window)
    )
    rolling_level = np.where(
        is_ratio,
        _ratio(rolling, frame, full_ratio),
        np.where(has_value & full_values, rolling["value"], np.nan),
    )

    with np.errstate(divide="ignore", invalid="ignore"):
        snapshot_fytd = np.where(
            is_ratio,
            _ratio(fytd, frame.assign(stock=False)),
            np.where(has_value, fytd["value"] / fytd["n_value"], np.nan),
        )

    headline = np.select(
        [aggregation == "ytd", aggregation == "rolling12", aggregation == "running_total"],
        [ytd_level, rolling_level, _running_totals(frame)],
        value,
    )
    headline = np.where(has_value, headline, np.nan)
    out = frame.copy()
    out["fy"] = fy_of(ordinal)
    out["headline"] = headline
    out["fytd"] = np.where(aggregation == "snapshot", snapshot_fytd, ytd_level)
    return out


def quarterly(values: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Monthly returns turned into quarterly returns (``values`` columns, quarterly periods).

    Only monthly metrics are converted; ratio values are recomputed from the quarter's numerator
    and denominator. The result can be fed to :func:`headlines` with the metrics' frequency set
    to ``quarterly``.
    """
    frame = in_period_frame(values, metrics)
    frame = frame[frame["k"] == 1]
    ordinal = frame["ordinal"].to_numpy()
    quarter = ordinal - (ordinal - APRIL) % 3
    frame = frame.assign(quarter=quarter, last=(ordinal - quarter) == 2)
    keys = ["metric_id", "quarter"]
    grouped = frame.groupby(keys, sort=True)
    sums = grouped[["value", "numerator", "denominator"]].sum(min_count=3)
    last = frame[frame["last"]].set_index(keys)[["value", "numerator", "denominator"]]
    attrs = grouped[["aggregation", "stock", "is_ratio", "scale"]].first()
    flow_ratio = attrs["is_ratio"].to_numpy() & ~attrs["stock"].to_numpy()
    snapshot = (attrs["aggregation"] == "snapshot").to_numpy() & ~flow_ratio
    out = sums.copy()
    last = last.reindex(sums.index)
    for name in ("value", "numerator", "denominator"):
        out[name] = np.where(snapshot, last[name], sums[name])
    out["denominator"] = np.where(
        attrs["stock"].to_numpy() & ~snapshot, last["denominator"], out["denominator"]
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["numerator"] / out["denominator"] * attrs["scale"]
    out["value"] = np.where(attrs["is_ratio"], ratio, out["value"])
    out = out.reset_index()
    first = out["quarter"].to_numpy()
    out["period_start"] = pd.to_datetime({"year": first // 12, "month": first % 12 + 1, "day": 1})
    return out.drop(columns="quarter")


def headlines(values: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Headline and year-to-date figures per metric x period (see the module rules)."""
    return add_headlines(in_period_frame(values, metrics))


def row_positions(frame: pd.DataFrame, metric_id: np.ndarray, ordinal: np.ndarray) -> np.ndarray:
    """Row position in ``frame`` of each (metric, first-month ordinal) pair; -1 where absent."""
    index = pd.MultiIndex.from_arrays([frame["metric_id"], frame["ordinal"]])
    wanted = pd.MultiIndex.from_arrays([np.asarray(metric_id), np.asarray(ordinal)])
    return index.get_indexer(wanted)


def lookup(
    frame: pd.DataFrame, metric_id: np.ndarray, ordinal: np.ndarray, column: str
) -> np.ndarray:
    """Float ``column`` of ``frame`` at each (metric, first-month ordinal) pair; NaN if absent."""
    position = row_positions(frame, metric_id, ordinal)
    values = frame[column].to_numpy(dtype=float)
    return (
        np.where(position >= 0, values[np.maximum(position, 0)], np.nan)
        if len(values)
        else (np.full(len(position), np.nan))
    )
