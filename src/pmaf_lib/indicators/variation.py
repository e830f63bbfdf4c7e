"""Making Data Count SPC for every metric at once, and how far each chart may be read.

The series analysed is the headline for ``snapshot`` and ``rolling12`` metrics. A ``ytd``
headline saw-tooths back to zero every April, which SPC would read as special cause, so for
``ytd`` and ``running_total`` metrics the in-period value is analysed instead. The improvement
direction comes from polarity (higher -> increase, lower -> decrease, band and none -> neutral).
:func:`spc.xmr` does the arithmetic, unchanged; this module decides what may be said with it:

1. **Analyst settings** (``spc.csv``): rebase dates, ``fix_after_n_points`` and a baseline
   start (earlier points are left out of the analysis) per metric.
2. **Mode** of each metric (:class:`~pmaf_lib.indicators.labels.SpcMode`), from the current
   (latest) rebase group:

   * ``not meaningful`` - the limits have collapsed onto the mean, or (with at least
     :data:`MIN_POINTS` points) the most common value is at least half the points
     (:data:`MODAL_SHARE`) or there are fewer than :data:`MIN_DISTINCT` distinct values: no
     limits, special-cause labels, icons or assurance (the mean is kept);
   * ``run chart`` - an annual metric with fewer than :data:`MIN_POINTS` points: points, their
     mean and median, no limits or signals;
   * ``trial limits`` - fewer than :data:`MIN_POINTS` points: limits and labels, a variation
     icon, but no assurance;
   * ``xmr`` - otherwise.
3. **Sustained shift not recalculated** (modes ``xmr`` and ``trial limits``): the latest
   point ends a run of at least :data:`SHIFT_POINTS` points on one side of the mean that did
   not start the group, or the group spans :data:`STALE_YEARS` years or more with at least
   :data:`STALE_SPECIAL_SHARE` of its points special cause (then the last :data:`MIN_POINTS`
   points are suggested as the new group). ``spc_rebase_suggested`` is the period the new
   limits would start from.
4. **Assurance** compares the target drawn for the latest point (the in-period target) with
   the limits. Where a rebase is suggested, the assurance is judged on the limits the rebase
   would give (none if they would be trial limits) and marked provisional. With
   ``auto_rebase`` the suggested rebases are applied: every output comes from the new limits.

Making Data Count guidance ("Making Data Count: strengthening your decisions", NHS England /
Improvement; NHSRplotthedots' rebasing vignette) is to recalculate limits only when a sustained
change has a known cause - a deliberate change to the process - never just because a signal
appeared, or improvement that has not been explained gets absorbed into "common cause". So
``auto_rebase`` is off by default: pmaf says where the limits may need recalculating and the
analyst records the decision, with its reason, in ``spc.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmaf_lib.indicators.labels import SpcMode, SpecialCause
from pmaf_lib.indicators.spc import xmr

DIRECTION = {"higher": "increase", "lower": "decrease", "band": "neutral", "none": "neutral"}
POINT_COLUMNS = ("mean", "lpl", "upl", "rebase_group", "special_cause_type", "point_type")
MIN_POINTS = 12
MIN_DISTINCT = 3
MODAL_SHARE = 0.5
SHIFT_POINTS = 7
STALE_YEARS = 2
STALE_SPECIAL_SHARE = 0.75
SUMMARY_COLUMNS = (
    "spc_variation",
    "spc_assurance",
    "spc_special_cause",
    "spc_point_type",
    "spc_mode",
    "spc_points",
    "spc_rebase_suggested",
    "spc_assurance_provisional",
)


@dataclass(frozen=True)
class SpcSettings:
    """Per-metric analyst settings (``spc.csv``): rebase dates, fixed baseline, first point."""

    rebase: Mapping[str, tuple[pd.Timestamp, ...]]
    fix_after_n_points: Mapping[str, int]
    baseline_start: Mapping[str, pd.Timestamp]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame | None) -> SpcSettings:
        """Settings from the loaded ``spc.csv`` (``Council.spc``)."""
        if frame is None or frame.empty:
            return cls({}, {}, {})
        dated = frame[frame["rebase"].notna()]
        rebase = {str(m): tuple(pd.to_datetime(g["rebase"])) for m, g in dated.groupby("metric_id")}
        fixed = frame.dropna(subset=["fix_after_n_points"]).drop_duplicates("metric_id")
        start = frame.dropna(subset=["baseline_start"]).drop_duplicates("metric_id")
        return cls(
            rebase,
            {
                str(m): int(n)
                for m, n in zip(fixed["metric_id"], fixed["fix_after_n_points"], strict=True)
            },
            {
                str(m): pd.Timestamp(d)
                for m, d in zip(start["metric_id"], start["baseline_start"], strict=True)
            },
        )


def charted_value(series: pd.DataFrame) -> np.ndarray:
    """The value SPC analyses for each row: in-period for ``ytd`` and ``running_total``, the
    headline otherwise."""
    cumulative = series["aggregation"].isin(["ytd", "running_total"]).to_numpy()
    return np.where(cumulative, series["value"], series["headline"])


def _analysed(series: pd.DataFrame, settings: SpcSettings) -> pd.DataFrame:
    """The rows xmr runs on: a value, and on or after the metric's baseline start."""
    data = pd.DataFrame(
        {
            "series_id": series["metric_id"].to_numpy(),
            "date": pd.to_datetime(series["period_start"]).to_numpy(),
            "value": charted_value(series),
            "row": np.arange(len(series)),
        }
    )
    start = pd.to_datetime(data["series_id"].map(settings.baseline_start))
    keep = ~np.isnan(data["value"].to_numpy(dtype=float)) & ~(data["date"] < start).to_numpy()
    return data[keep]


def _run_xmr(
    data: pd.DataFrame,
    directions: dict[str, str],
    targets: dict[str, float],
    rebase: Mapping[str, tuple[pd.Timestamp, ...]],
    fixed: Mapping[str, int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """xmr per group of metrics sharing a ``fix_after_n_points`` (one call per distinct value)."""
    fix = data["series_id"].map(fixed).astype(float)
    points, summaries = [], []
    for value in pd.unique(fix):
        part = data[fix.isna().to_numpy()] if pd.isna(value) else data[(fix == value).to_numpy()]
        ids = set(part["series_id"].unique().tolist())  # (iterating the column is slow)
        result = xmr(
            part,
            improvement_direction={k: v for k, v in directions.items() if k in ids},
            target={k: v for k, v in targets.items() if k in ids},
            rebase={k: v for k, v in rebase.items() if k in ids},
            fix_after_n_points=None if pd.isna(value) else float(value),
        )
        points.append(result.points)
        summaries.append(result.summary)
    if not points:
        empty = xmr(pd.DataFrame({"series_id": [], "date": pd.to_datetime([]), "value": []}))
        return empty.points.assign(row=np.array([], dtype=np.int64)), empty.summary
    merged = pd.concat(points, ignore_index=True).merge(
        data[["series_id", "date", "row"]], on=["series_id", "date"]
    )
    return (
        merged.sort_values(["series_id", "date"], ignore_index=True),
        pd.concat(summaries, ignore_index=True).set_index("series_id"),
    )


def _current_group(points: pd.DataFrame) -> pd.Series:
    """True on the rows of each series' latest rebase group."""
    latest = points.groupby("series_id")["rebase_group"].transform("max")
    return points["rebase_group"] == latest


def _modes(points: pd.DataFrame, annual: pd.Series) -> pd.DataFrame:
    """Mode and point count per series, from its current group."""
    current = points[_current_group(points)]
    by = current.groupby("series_id")
    value = current["value"]
    width = (current["upl"] - current["lpl"]).groupby(current["series_id"]).last()
    centre = current["mean"].abs().groupby(current["series_id"]).last()
    n = by["value"].count()
    # share of the most common value among the points (NaN is no point)
    modal = current.groupby(["series_id", "value"]).size().groupby(level="series_id").max() / n
    distinct = value.groupby(current["series_id"]).nunique()
    collapsed = ~(width > 1e-9 * np.maximum(1.0, centre))
    short = n < MIN_POINTS
    flat = collapsed | (~short & ((modal >= MODAL_SHARE) | (distinct < MIN_DISTINCT)))
    is_annual = annual.reindex(n.index).fillna(False).to_numpy(dtype=bool)
    mode = np.select(
        [flat.to_numpy(), short.to_numpy() & is_annual, short.to_numpy()],
        [SpcMode.NOT_MEANINGFUL, SpcMode.RUN_CHART, SpcMode.TRIAL],
        SpcMode.XMR,
    )
    return pd.DataFrame({"spc_mode": mode.astype(object), "spc_points": n}, index=n.index)


def _suggested_rebase(points: pd.DataFrame, k: pd.Series) -> pd.Series:
    """Per series, the date new limits should start from (see the module rules), or NaT."""
    current = points[_current_group(points)].reset_index(drop=True)
    ids = current["series_id"].to_numpy()
    side = np.sign(current["value"] - current["mean"]).fillna(0.0).to_numpy()
    change = np.ones(len(current), dtype=bool)
    change[1:] = (side[1:] != side[:-1]) | (ids[1:] != ids[:-1])
    run_start = pd.Series(np.where(change, np.arange(len(current)), 0)).cummax().to_numpy()
    by = current.groupby("series_id", sort=True)
    at = by.tail(1).index.to_numpy()  # rows are sorted by series, so in the groups' order
    last = pd.Index(ids[at])
    start = run_start[at]
    first_row = by["row"].first()
    shifted = (
        (at - start + 1 >= SHIFT_POINTS)
        & (side[at] != 0)
        & (current["row"].to_numpy()[start] != first_row.to_numpy())
    )
    span_years = (by["date"].max() - by["date"].min()).dt.days / 365.25 + last.map(
        k
    ).to_numpy() / 12
    special = (
        (current["special_cause_type"].astype(object) != SpecialCause.COMMON_CAUSE)
        .groupby(ids)
        .mean()
    )
    n = by.size()
    stale = (span_years >= STALE_YEARS) & (special >= STALE_SPECIAL_SHARE) & (n > MIN_POINTS)
    recent = by["date"].agg(lambda d: d.iloc[-MIN_POINTS] if len(d) >= MIN_POINTS else pd.NaT)
    out = pd.Series(pd.NaT, index=last, dtype="datetime64[ns]")
    out[stale.to_numpy()] = pd.to_datetime(recent[stale.to_numpy()]).to_numpy()
    out[shifted] = current["date"].to_numpy()[start][shifted]
    return out


def _aligned(points: pd.DataFrame, n_rows: int, index: pd.Index) -> pd.DataFrame:
    """The point columns in the row order of the engine's series frame (NaN where not analysed)."""
    aligned = pd.DataFrame(index=pd.RangeIndex(n_rows))
    rows = points["row"].to_numpy()
    for column in POINT_COLUMNS:
        values = points[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        column_values = np.full(n_rows, np.nan, dtype=object)
        column_values[rows] = values.to_numpy(dtype=object)
        aligned[column] = column_values
    for column in ("mean", "lpl", "upl"):
        aligned[column] = aligned[column].astype(float)
    aligned["rebase_group"] = aligned["rebase_group"].astype("Int64")
    aligned.index = index
    return aligned


def _summary_column(summary: pd.DataFrame, source: str, ids: pd.Index) -> pd.Series:
    column = summary[source].reindex(ids).astype(object)
    return column.where(column.notna(), None)


def spc(
    series: pd.DataFrame,
    polarity: pd.Series,
    target: pd.Series,
    k: pd.Series,
    settings: SpcSettings | None = None,
    auto_rebase: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SPC columns per series row (aligned with ``series``) and per metric.

    ``polarity``, ``k`` (period length in months) and ``target`` (the in-period target at each
    metric's latest analysed point) are indexed by ``metric_id``. Returns ``(points, summary)``:
    ``points`` has :data:`POINT_COLUMNS` plus ``median`` (run charts); ``summary`` is indexed by
    ``metric_id`` with :data:`SUMMARY_COLUMNS` (``spc_rebase_suggested`` a period start or NaT).
    """
    settings = settings or SpcSettings({}, {}, {})
    data = _analysed(series, settings)
    directions = polarity.map(DIRECTION).to_dict()
    targets = target.dropna().to_dict()
    points, summary = _run_xmr(
        data, directions, targets, settings.rebase, settings.fix_after_n_points
    )
    annual = k == 12
    modes = _modes(points, annual)
    suggested = _suggested_rebase(points, k)
    suggested = suggested[
        modes["spc_mode"].reindex(suggested.index).isin([SpcMode.XMR, SpcMode.TRIAL]).to_numpy()
    ].dropna()

    provisional = pd.Series(False, index=polarity.index)
    if not suggested.empty:
        rebase = {m: tuple(settings.rebase.get(m, ())) for m in suggested.index}
        for metric, date in suggested.items():
            rebase[metric] = (*rebase[metric], pd.Timestamp(date))
        redone = data[data["series_id"].isin(suggested.index)]
        new_points, new_summary = _run_xmr(
            redone, directions, targets, rebase, settings.fix_after_n_points
        )
        new_modes = _modes(new_points, annual)
        if auto_rebase:
            points = pd.concat(
                [points[~points["series_id"].isin(suggested.index)], new_points]
            ).sort_values(["series_id", "date"], ignore_index=True)
            summary = pd.concat([summary.drop(index=suggested.index), new_summary])
            modes = pd.concat([modes.drop(index=suggested.index), new_modes])
        else:
            usable = new_modes["spc_mode"] == SpcMode.XMR
            summary = summary.copy()
            summary["assurance"] = summary["assurance"].astype(object)
            assurance = new_summary["assurance"].astype(object).where(usable, None)
            summary.loc[assurance.index, "assurance"] = assurance
            provisional[suggested.index] = True

    aligned = _aligned(points, len(series), series.index)
    mode_of_row = series["metric_id"].map(modes["spc_mode"]).to_numpy(dtype=object)
    quiet = np.isin(mode_of_row, [SpcMode.NOT_MEANINGFUL, SpcMode.RUN_CHART])
    aligned.loc[quiet, ["special_cause_type", "point_type"]] = None
    aligned.loc[quiet, ["lpl", "upl"]] = np.nan
    analysed = np.zeros(len(series), dtype=bool)
    analysed[points["row"].to_numpy()] = True
    run_chart = (mode_of_row == SpcMode.RUN_CHART) & analysed
    median = (
        pd.Series(charted_value(series), index=series.index)[run_chart]
        .groupby(series["metric_id"][run_chart])
        .median()
    )
    aligned["median"] = np.where(run_chart, series["metric_id"].map(median), np.nan)

    ids = polarity.index
    per_metric = pd.DataFrame(index=ids)
    names = {
        "spc_variation": "variation_icon",
        "spc_assurance": "assurance",
        "spc_special_cause": "special_cause_type",
        "spc_point_type": "point_type",
    }
    for column, source in names.items():
        per_metric[column] = _summary_column(summary, source, ids)
    per_metric["spc_mode"] = modes["spc_mode"].reindex(ids).astype(object)
    per_metric["spc_mode"] = per_metric["spc_mode"].where(per_metric["spc_mode"].notna(), None)
    per_metric["spc_points"] = modes["spc_points"].reindex(ids).fillna(0).astype(int)
    mode = per_metric["spc_mode"].to_numpy(dtype=object)
    silent = np.isin(mode, [SpcMode.NOT_MEANINGFUL, SpcMode.RUN_CHART])
    per_metric.loc[silent, list(names)] = None
    per_metric.loc[mode == SpcMode.TRIAL, "spc_assurance"] = None
    for column in list(names):
        words = per_metric[column].astype(object)
        per_metric[column] = words.where(words.notna(), None)
    per_metric["spc_rebase_suggested"] = suggested.reindex(ids)
    per_metric["spc_assurance_provisional"] = (
        provisional.reindex(ids).fillna(False).to_numpy(dtype=bool) & ~auto_rebase
    )
    return aligned, per_metric
