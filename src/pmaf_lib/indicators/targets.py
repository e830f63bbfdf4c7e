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
* A row for a range of years (``2020/21-2021/22``) is one target for the range: a ``ytd``
  metric's total is shared equally between its years (then profiled within each); a
  ``running_total`` metric's total applies in every year of the range; a ``snapshot`` or
  ``rolling12`` metric's value is the one to reach by the range's end, so it applies in the
  range's last year; a directional target applies in every year of its range. A row for a
  single year takes precedence over a range covering it.
* A ``running_total`` metric with ``target_basis = annual`` is profiled on a straight line from
  ``running_total_from`` (the total is 0 before it) to the end of the row's last year.
* Directional rows (``increase``, ``decrease``, ``maintain``) carry ``direction`` and no number;
  ``band`` rows carry ``target_low`` and ``target_high`` (see :mod:`pmaf_lib.indicators.rag`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import fy_month_index, fy_of
from pmaf_lib.periods import parse_period

TARGET_COLUMNS = ("target", "tolerance", "tolerance_type", "direction", "target_low", "target_high")
NUMBERS = ("target", "tolerance", "target_low", "target_high")


def _column(frame: pd.DataFrame, name: str, fill: object = None) -> np.ndarray:
    if name in frame:
        return frame[name].to_numpy()
    return np.full(len(frame), fill, dtype=object)


def _numbers(frame: pd.DataFrame, name: str) -> np.ndarray:
    return pd.to_numeric(pd.Series(_column(frame, name, np.nan)), errors="coerce").to_numpy(float)


def _annual_rows(targets: pd.DataFrame, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per metric x financial year, ranges expanded (see the module rules)."""
    annual = targets[targets["period"].isna()].reset_index(drop=True)
    first = annual["fy"].astype(np.int64).to_numpy()
    last = pd.to_numeric(pd.Series(_column(annual, "fy_last", np.nan))).to_numpy(float)
    last = np.where(np.isnan(last), first, last).astype(np.int64)
    years = last - first + 1
    aggregation = (
        annual["metric_id"].map(metrics.set_index("metric_id")["aggregation"]).to_numpy()
        if metrics is not None and len(metrics)
        else np.full(len(annual), None, dtype=object)
    )
    shares = np.full((len(annual), 12), np.nan)
    for row, profile in enumerate(annual["profile"]):
        if isinstance(profile, tuple | list) and len(profile) == 12:
            shares[row] = profile
    split = np.where(aggregation == "ytd", years, 1).astype(float)
    table = pd.DataFrame(
        {
            "metric_id": annual["metric_id"].to_numpy(),
            "fy": first,
            "last_fy": last,
            "years": years,
            "target": _numbers(annual, "target") / split,
            "tolerance": np.nan_to_num(_numbers(annual, "tolerance")),
            "tolerance_type": pd.Series(_column(annual, "tolerance_type")).fillna("relative"),
            "direction": _column(annual, "direction"),
            "target_low": _numbers(annual, "target_low"),
            "target_high": _numbers(annual, "target_high"),
        }
    )
    absolute = table["tolerance_type"].to_numpy() == "absolute"
    table["tolerance"] = np.where(absolute, table["tolerance"] / split, table["tolerance"])
    for m in range(12):
        table[f"share{m + 1}"] = shares[:, m]
    # a snapshot's range target is the value to reach by the end: only its last year
    every_year = np.isin(aggregation, ["ytd", "running_total"]) | pd.notna(table["direction"])
    start = np.where(every_year, first, last)
    repeat = np.repeat(np.arange(len(table)), last - start + 1)
    counts = last - start + 1
    offset = np.arange(len(repeat)) - np.repeat(np.cumsum(counts) - counts, counts)
    expanded = table.iloc[repeat].reset_index(drop=True)
    expanded["fy"] = start[repeat] + offset
    # a single-year row wins over a range covering the same year
    expanded = expanded.sort_values(["years"], ascending=False, kind="stable")
    return expanded.drop_duplicates(["metric_id", "fy"], keep="last").reset_index(drop=True)


def _period_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """Each period row expanded to the months it covers, with its length as specificity."""
    rows = targets[targets["period"].notna()]
    parsed = [parse_period(p) for p in rows["period"]]
    start = np.array([p.ordinal for p in parsed], dtype=np.int64)
    length = np.array([p.frequency.months for p in parsed], dtype=np.int64)
    repeat = np.repeat(np.arange(len(rows)), length)
    offset = np.arange(len(repeat)) - np.repeat(np.cumsum(length) - length, length)
    out = pd.DataFrame(
        {
            "metric_id": rows["metric_id"].to_numpy()[repeat],
            "month": start[repeat] + offset,
            "specificity": length[repeat],
        }
    )
    for column in NUMBERS:
        values = _numbers(rows, column)[repeat]
        out[column] = np.nan_to_num(values) if column == "tolerance" else values
    out["tolerance_type"] = (
        pd.Series(_column(rows, "tolerance_type")).fillna("relative").to_numpy()[repeat]
    )
    out["direction"] = _column(rows, "direction")[repeat]
    return out


def profile_share(annual: pd.DataFrame, month_index: np.ndarray) -> np.ndarray:
    """Cumulative share of the annual target due by month ``month_index`` (1-12)."""
    shares = annual[[f"share{m}" for m in range(1, 13)]].to_numpy()
    rows = np.arange(len(annual))
    picked = shares[rows, np.clip(month_index, 1, 12) - 1] if len(annual) else np.array([])
    return np.where(np.isnan(picked), month_index / 12.0, picked)


def _running_share(
    metric_ids: pd.Series, metrics: pd.DataFrame, last: np.ndarray, last_fy: np.ndarray
) -> np.ndarray:
    """Share of a running total due by month ``last``: a straight line from the metric's
    ``running_total_from`` to the end of the target's last financial year."""
    start_text = metric_ids.map(metrics.set_index("metric_id").get("running_total_from"))
    start = np.array(
        [parse_period(p).ordinal if isinstance(p, str) else np.nan for p in start_text], float
    )
    end = last_fy.astype(float) * 12 + 3 + 11  # March of the year after the last year's start
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (last - start + 1) / (end - start + 1)
    return np.clip(np.nan_to_num(share, nan=1.0), 0.0, 1.0)


def resolve(keys: pd.DataFrame, metrics: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Targets for each ``keys`` row (``metric_id, ordinal, k``): :data:`TARGET_COLUMNS`.

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

    rows = _annual_rows(targets, metrics)
    annual = lookup.merge(rows, on=["metric_id", "fy"], how="left").sort_values("row")
    attrs = metrics.set_index("metric_id")
    basis = lookup["metric_id"].map(attrs["target_basis"]).to_numpy()
    aggregation = lookup["metric_id"].map(attrs["aggregation"]).to_numpy()
    ratio = lookup["metric_id"].map(attrs["is_ratio"]).fillna(False).to_numpy(dtype=bool)
    stock = lookup["metric_id"].map(attrs.get("denominator_basis")).to_numpy() == "stock"
    profiled = (basis == "annual") & (aggregation == "ytd") & (~ratio | stock)
    running = (basis == "annual") & (aggregation == "running_total")
    share = np.where(profiled, profile_share(annual, fy_month_index(last)), 1.0)
    last_fy = annual["last_fy"].fillna(0).to_numpy(dtype=float)
    if running.any():
        running_share = _running_share(lookup["metric_id"], metrics, last, last_fy)
        share = np.where(running, running_share, share)
    absolute = annual["tolerance_type"].to_numpy() == "absolute"

    out = pd.DataFrame(index=keys.index)
    out["target"] = annual["target"].to_numpy() * share
    out["tolerance"] = annual["tolerance"].to_numpy() * np.where(absolute, share, 1.0)
    out["tolerance_type"] = annual["tolerance_type"].to_numpy()
    out["direction"] = annual["direction"].to_numpy()
    out["target_low"] = annual["target_low"].to_numpy()
    out["target_high"] = annual["target_high"].to_numpy()
    out["share"] = share

    specific = lookup.merge(_period_rows(targets), on=["metric_id", "month"], how="inner")
    specific = specific[specific["specificity"] >= keys["k"].to_numpy()[specific["row"]]]
    specific = specific.sort_values(["row", "specificity"]).drop_duplicates("row")
    picked = specific["row"].to_numpy()
    for column in (*TARGET_COLUMNS, "share"):
        values = out[column].to_numpy().copy()
        values[picked] = 1.0 if column == "share" else specific[column].to_numpy()
        out[column] = values

    none = basis == "none"
    out.loc[none, ["target", "tolerance", "target_low", "target_high"]] = np.nan
    out.loc[none, ["tolerance_type", "direction"]] = None
    return out


def annual_targets(targets: pd.DataFrame, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """The financial-year rows (ranges expanded) with their profile shares
    (``share1`` .. ``share12``)."""
    return _annual_rows(targets, metrics)
