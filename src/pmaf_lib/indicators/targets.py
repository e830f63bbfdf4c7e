"""Targets resolved per metric x period.

* ``target_basis = none``: no target, whatever rows exist.
* A row for a month or quarter (``period``) applies to the metric periods it contains and
  overrides the financial year's row; the most specific row wins (month before quarter).
* Otherwise the financial year's row (blank ``period``) applies. For a ``ytd`` metric with
  ``target_basis = annual`` whose headline adds up over the year (not a ratio, or a ratio with a
  ``stock`` denominator) the annual target is **profiled**: at the period ending in month ``m``
  of the year the target is ``annual * profile[m]`` where ``profile`` is the row's 12 cumulative
  fractions, or ``m / 12`` when blank (``even``). An ``absolute`` tolerance is profiled by the
  same share; a ``relative`` one is a percentage and needs no profiling. A ratio with a ``flow``
  denominator is already on the annual scale, so its annual target applies unprofiled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import fy_month_index, fy_of
from pmaf_lib.periods import parse_period

TARGET_COLUMNS = ("target", "tolerance", "tolerance_type")


def _annual_rows(targets: pd.DataFrame) -> pd.DataFrame:
    annual = targets[targets["period"].isna()]
    shares = np.full((len(annual), 12), np.nan)
    for row, profile in enumerate(annual["profile"]):
        if isinstance(profile, tuple | list) and len(profile) == 12:
            shares[row] = profile
    table = pd.DataFrame(
        {
            "metric_id": annual["metric_id"].to_numpy(),
            "fy": annual["fy"].astype(np.int64).to_numpy(),
            "target": annual["target"].astype(float).to_numpy(),
            "tolerance": annual["tolerance"].astype(float).fillna(0.0).to_numpy(),
            "tolerance_type": annual["tolerance_type"].fillna("relative").to_numpy(),
        }
    )
    for m in range(12):
        table[f"share{m + 1}"] = shares[:, m]
    return table.drop_duplicates(["metric_id", "fy"], keep="last")


def _period_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """Each period row expanded to the months it covers, with its length as specificity."""
    rows = targets[targets["period"].notna()]
    parsed = [parse_period(p) for p in rows["period"]]
    start = np.array([p.ordinal for p in parsed], dtype=np.int64)
    length = np.array([p.frequency.months for p in parsed], dtype=np.int64)
    repeat = np.repeat(np.arange(len(rows)), length)
    offset = np.arange(len(repeat)) - np.repeat(np.cumsum(length) - length, length)
    return pd.DataFrame(
        {
            "metric_id": rows["metric_id"].to_numpy()[repeat],
            "month": start[repeat] + offset,
            "specificity": length[repeat],
            "target": rows["target"].astype(float).to_numpy()[repeat],
            "tolerance": rows["tolerance"].astype(float).fillna(0.0).to_numpy()[repeat],
            "tolerance_type": rows["tolerance_type"].fillna("relative").to_numpy()[repeat],
        }
    )


def profile_share(annual: pd.DataFrame, month_index: np.ndarray) -> np.ndarray:
    """Cumulative share of the annual target due by month ``month_index`` (1-12)."""
    shares = annual[[f"share{m}" for m in range(1, 13)]].to_numpy()
    rows = np.arange(len(annual))
    picked = shares[rows, np.clip(month_index, 1, 12) - 1] if len(annual) else np.array([])
    return np.where(np.isnan(picked), month_index / 12.0, picked)


def resolve(keys: pd.DataFrame, metrics: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Target, tolerance and tolerance type for each ``keys`` row (``metric_id, ordinal, k``).

    ``ordinal`` is the first month of the metric's period and ``k`` its length in months.
    Returns a frame aligned with ``keys`` (same index) plus ``share``, the profiled fraction
    applied (1 where nothing was profiled).
    """
    ordinal = keys["ordinal"].to_numpy(dtype=np.int64)
    last = ordinal + keys["k"].to_numpy(dtype=np.int64) - 1
    lookup = pd.DataFrame(
        {"metric_id": keys["metric_id"].to_numpy(), "fy": fy_of(ordinal), "month": last}
    )
    lookup["row"] = np.arange(len(lookup))

    annual = lookup.merge(_annual_rows(targets), on=["metric_id", "fy"], how="left")
    annual = annual.sort_values("row")
    attrs = metrics.set_index("metric_id")
    basis = lookup["metric_id"].map(attrs["target_basis"]).to_numpy()
    ytd = lookup["metric_id"].map(attrs["aggregation"]).to_numpy() == "ytd"
    ratio = lookup["metric_id"].map(attrs["is_ratio"]).fillna(False).to_numpy(dtype=bool)
    stock = lookup["metric_id"].map(attrs.get("denominator_basis")).to_numpy() == "stock"
    profiled = (basis == "annual") & ytd & (~ratio | stock)
    share = np.where(profiled, profile_share(annual, fy_month_index(last)), 1.0)
    absolute = annual["tolerance_type"].to_numpy() == "absolute"

    out = pd.DataFrame(index=keys.index)
    out["target"] = annual["target"].to_numpy() * share
    out["tolerance"] = annual["tolerance"].to_numpy() * np.where(absolute, share, 1.0)
    out["tolerance_type"] = annual["tolerance_type"].to_numpy()
    out["share"] = share

    specific = lookup.merge(_period_rows(targets), on=["metric_id", "month"], how="inner")
    specific = specific[specific["specificity"] >= keys["k"].to_numpy()[specific["row"]]]
    specific = specific.sort_values(["row", "specificity"]).drop_duplicates("row")
    rows = specific["row"].to_numpy()
    for column in TARGET_COLUMNS:
        values = out[column].to_numpy().copy()
        values[rows] = specific[column].to_numpy()
        out[column] = values
    share_values = out["share"].to_numpy().copy()
    share_values[rows] = 1.0
    out["share"] = share_values

    none = basis == "none"
    out.loc[none, ["target", "tolerance"]] = np.nan
    out.loc[none, "tolerance_type"] = None
    return out


def annual_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The financial-year rows with their profile shares (``share1`` .. ``share12``)."""
    return _annual_rows(targets)
