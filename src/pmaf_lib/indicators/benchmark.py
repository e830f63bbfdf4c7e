"""Benchmark position of the council within its comparator group.

For each metric with a ``benchmark_group``, the latest benchmark period (starting on or before
the report month) that has a row for the council itself (``is_self``) is used. Within that
metric, period and group:

* ``benchmark_rank``: 1 = best - the highest value for higher-is-better, the lowest for
  lower-is-better (and the highest for metrics without polarity); ties share the best rank.
* ``benchmark_n``: organisations in the group, the council included.
* ``benchmark_quartile``: ``ceil(4 * rank / n)``, so 1 = top (best) quartile, 4 = bottom.
* ``benchmark_median``: median of every organisation's value, the council included.
* ``benchmark_gap``: the council's value minus that median (metric units, unsigned by polarity).
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
)


def benchmark(benchmarks: pd.DataFrame, metrics: pd.DataFrame, report_ordinal: int) -> pd.DataFrame:
    """Benchmark columns per metric, indexed by ``metric_id``."""
    index = pd.Index(metrics["metric_id"], name="metric_id")
    out = pd.DataFrame(index=index, columns=list(COLUMNS), dtype=object)
    out["benchmark_group"] = metrics["benchmark_group"].to_numpy()
    if benchmarks is None or benchmarks.empty:
        return out
    group_of = metrics.set_index("metric_id")["benchmark_group"]
    rows = benchmarks[benchmarks["group"].to_numpy() == benchmarks["metric_id"].map(group_of)]
    periods = {p: parse_period(p) for p in rows["period"].unique()}
    start = rows["period"].map({p: v.ordinal for p, v in periods.items()})
    rows = rows.assign(start=start.to_numpy())[start.to_numpy() <= report_ordinal]
    selves = rows[rows["is_self"].astype(bool)]
    latest = selves.sort_values("start").drop_duplicates("metric_id", keep="last")
    rows = rows.merge(latest[["metric_id", "period"]], on=["metric_id", "period"])
    if rows.empty:
        return out
    polarity = rows["metric_id"].map(metrics.set_index("metric_id")["polarity"])
    score = np.where(polarity.to_numpy() == "lower", 1.0, -1.0) * rows["value"].astype(float)
    rows = rows.assign(score=score.to_numpy())
    grouped = rows.groupby("metric_id")
    rows["rank"] = grouped["score"].rank(method="min")
    rows["n"] = grouped["value"].transform("count")
    rows["median"] = grouped["value"].transform("median")
    me = rows[rows["is_self"].astype(bool)].drop_duplicates("metric_id").set_index("metric_id")
    me = me.reindex(index)
    out["benchmark_period"] = me["period"].to_numpy()
    out["benchmark_rank"] = me["rank"].astype("Int64").to_numpy()
    out["benchmark_n"] = me["n"].astype("Int64").to_numpy()
    out["benchmark_quartile"] = np.ceil(4 * me["rank"] / me["n"]).astype("Int64").to_numpy()
    out["benchmark_median"] = me["median"].to_numpy(dtype=float)
    out["benchmark_gap"] = (me["value"].astype(float) - me["median"]).to_numpy()
    return out
