"""Benchmark position of the council within each comparator group, as clubs publish them.

A benchmark period is used only when it has **ended by the end of the period judged** (a
2026/27 comparator never judges 2025/26, even when a past month is re-run). For each metric
and each group in the benchmarks file, the latest such period that has a row for the council
itself (``is_self``) is used. Within that metric, period and group:

* reference rows (``is_reference``: England, Scotland, family-group averages) are shown, never
  ranked; blank (suppressed or unpublished) values are counted, never ranked;
* ``rank``: 1 = best - the highest value for higher-is-better, the lowest for lower-is-better,
  the nearest to the middle of the target band for ``band`` metrics (as LGBF ranks its
  midpoint indicators), and the highest for metrics without polarity; ties share the best rank;
* ``n``: organisations ranked, the council included;
* ``quartile``: ``ceil(4 * rank / n)``, so 1 = top (best) quartile, 4 = bottom;
* ``median``: median of the ranked organisations' values, the council included;
* ``gap``: the council's value minus that median (metric units, unsigned by polarity).

The scorecard's ``benchmark_*`` columns give the metric's own ``benchmark_group`` (from the
register); ``benchmark_groups`` lists every group as a tuple of dicts (``group, period, rank,
n, quartile, median, value, blank, references``), the metric's own group first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.periods import parse_period

COLUMNS = (
    "benchmark_group",
    "benchmark_period",
    "benchmark_rank",
    "benchmark_n",
    "benchmark_quartile",
    "benchmark_median",
    "benchmark_gap",
    "benchmark_groups",
)


def _positions(
    rows: pd.DataFrame, polarity: pd.Series, band_middle: pd.Series | None = None
) -> pd.DataFrame:
    """One row per metric x group: the council's position among the ranked organisations."""
    if rows.empty:
        return pd.DataFrame()
    reference = rows["is_reference"].astype(bool)
    ranked = rows[~reference & rows["value"].notna()].copy()
    sign = np.where(ranked["metric_id"].map(polarity).to_numpy() == "lower", 1.0, -1.0)
    ranked["score"] = sign * ranked["value"].astype(float)
    if band_middle is not None:
        middle = ranked["metric_id"].map(band_middle).to_numpy(dtype=float)
        distance = np.abs(ranked["value"].astype(float).to_numpy() - middle)
        band = ranked["metric_id"].map(polarity).to_numpy() == "band"
        ranked["score"] = np.where(band, distance, ranked["score"].to_numpy())
    keys = ["metric_id", "group"]
    grouped = ranked.groupby(keys)
    ranked["rank"] = grouped["score"].rank(method="min")
    ranked["n"] = grouped["value"].transform("count")
    ranked["median"] = grouped["value"].transform("median")
    me = ranked[ranked["is_self"].astype(bool)].drop_duplicates(keys).set_index(keys)
    blank = rows[~reference & rows["value"].isna()].groupby(keys).size()
    refs = {
        key: tuple(zip(part["organisation"], part["value"].astype(float), strict=True))
        for key, part in rows[reference].groupby(keys)
    }
    out = pd.DataFrame(index=me.index)
    out["period"] = me["period"]
    out["rank"] = me["rank"].astype("Int64")
    out["n"] = me["n"].astype("Int64")
    out["quartile"] = np.ceil(4 * me["rank"] / me["n"]).astype("Int64")
    out["median"] = me["median"].astype(float)
    out["value"] = me["value"].astype(float)
    out["blank"] = [int(blank.get(k, 0)) for k in out.index]
    out["references"] = [refs.get(k, ()) for k in out.index]
    return out


def benchmark(
    benchmarks: pd.DataFrame,
    metrics: pd.DataFrame,
    judged_end: int | np.ndarray | pd.Series,
    band_middle: pd.Series | None = None,
) -> pd.DataFrame:
    """Benchmark columns per metric, indexed by ``metric_id``.

    ``judged_end``: ordinal of the last month of each metric's judged period (a Series by
    ``metric_id``, an array in ``metrics`` order, or one month for all); benchmark periods
    ending later are ignored. ``band_middle``: the middle of each ``band`` metric's target
    band, by ``metric_id``.
    """
    index = pd.Index(metrics["metric_id"], name="metric_id")
    out = pd.DataFrame(index=index, columns=list(COLUMNS), dtype=object)
    out["benchmark_group"] = metrics["benchmark_group"].to_numpy()
    out["benchmark_groups"] = [() for _ in range(len(out))]
    if benchmarks is None or benchmarks.empty:
        return out
    rows = benchmarks[benchmarks["metric_id"].isin(index)].copy()
    for column in ("is_reference", "is_self"):
        if column not in rows:
            rows[column] = False
    ends = {p: parse_period(p).last_month.ordinal for p in rows["period"].unique()}
    if isinstance(judged_end, pd.Series):
        limit = judged_end.reindex(index)
    else:
        limit = pd.Series(np.broadcast_to(judged_end, len(index)), index=index)
    rows["end"] = rows["period"].map(ends)
    rows = rows[rows["end"].to_numpy() <= rows["metric_id"].map(limit).to_numpy()]
    selves = rows[rows["is_self"].astype(bool)]
    latest = selves.sort_values("end").drop_duplicates(["metric_id", "group"], keep="last")
    rows = rows.merge(latest[["metric_id", "group", "period"]], on=["metric_id", "group", "period"])
    polarity = metrics.set_index("metric_id")["polarity"]
    positions = _positions(rows, polarity, band_middle)
    if positions.empty:
        return out
    own_group = metrics.set_index("metric_id")["benchmark_group"]
    listed: dict[str, list[dict]] = {}
    for (metric_id, group), pos in positions.iterrows():
        entry = {"group": group, **{k: _plain(v) for k, v in pos.items()}}
        first = group == own_group.get(metric_id)
        listed.setdefault(metric_id, []).insert(
            0 if first else len(listed.get(metric_id, [])), entry
        )
        if first:
            out.loc[metric_id, "benchmark_period"] = pos["period"]
            out.loc[metric_id, "benchmark_rank"] = pos["rank"]
            out.loc[metric_id, "benchmark_n"] = pos["n"]
            out.loc[metric_id, "benchmark_quartile"] = pos["quartile"]
            out.loc[metric_id, "benchmark_median"] = pos["median"]
            out.loc[metric_id, "benchmark_gap"] = pos["value"] - pos["median"]
    out["benchmark_groups"] = [tuple(listed.get(m, ())) for m in index]
    for column in ("benchmark_rank", "benchmark_n", "benchmark_quartile"):
        out[column] = out[column].astype("Int64")
    for column in ("benchmark_median", "benchmark_gap"):
        out[column] = out[column].astype(float)
    return out


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA:
        return None
    return value
