"""Time the report charts: sparklines, SPC charts and the summary chart (prints figures).

Run: ``.venv/bin/python benchmarks/charts.py``. Targets: sparkline <= 30 ms, SPC chart (inline
SVG in both layouts, caption and data table) <= 20 ms.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from pmaf_lib.periods import Period
from pmaf_lib.report.charts import sparkline, spc_chart, summary_chart
from pmaf_lib.report.charts.ytd_chart import ytd_chart


def _history(n: int = 36, seed: int = 0) -> pd.DataFrame:
    """A monthly XmR history ending Sep 2025 with a rebase and a final run of concern."""
    rng = np.random.default_rng(seed)
    periods = [Period.month_of(2025, 9).shift(i - n + 1) for i in range(n)]
    values = 20 + rng.normal(0, 0.8, n)
    values[-7:] += 3
    group = np.where(np.arange(n) < n - 12, "1", "2")
    frame = pd.DataFrame(
        {
            "metric_id": "BENCH",
            "period": [str(p) for p in periods],
            "period_start": [pd.Timestamp(p.start) for p in periods],
            "value": values,
            "spc_value": values,  # what SPC analysed (the in-period value for a ytd metric)
            "target": 20.0,
            "spc_target": 20.0,
            "rebase_group": group,
            "special_cause_type": ["Common Cause"] * (n - 7) + ["7 Points Above CL"] * 7,
            "point_type": ["common_cause"] * (n - 7) + ["special_cause_concern"] * 7,
        }
    )
    stats = frame.groupby("rebase_group")["value"].agg(["mean", lambda v: v.diff().abs().mean()])
    stats.columns = ["mean", "mr"]
    frame = frame.join(stats, on="rebase_group")
    return frame.assign(
        lpl=frame["mean"] - 2.66 * frame["mr"], upl=frame["mean"] + 2.66 * frame["mr"]
    )


METRIC = {
    "metric_id": "BENCH",
    "title": "Days to process new claims",
    "unit": "days",
    "decimals": 1,
    "polarity": "lower",
    "target": 20.0,
    "spc_variation": "concern_high",
    "spc_assurance": "inconsistent",
}

YTD_METRIC = {
    **METRIC,
    "aggregation": "ytd",
    "frequency": "monthly",
    "forecast_target": 240.0,
    "forecast": 250.0,
    "forecast_low": 235.0,
    "forecast_high": 266.0,
}


def _time(label: str, make: Callable[[], object], repeats: int) -> None:
    """Wall and CPU time per call (CPU time is what other work on a shared machine cannot
    inflate; quote the load average with the wall time)."""
    make()  # warm up (imports, caches)
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        make()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    print(
        f"{label:<20} median {statistics.median(walls):8.2f} ms   "
        f"min {min(walls):8.2f} ms   max {max(walls):8.2f} ms   "
        f"CPU median {statistics.median(cpus):8.2f} ms   ({repeats} runs)"
    )


def main() -> None:
    history = _history()
    recent = history.tail(13)
    periods, values = list(recent["period"]), list(recent["value"])
    _time(
        "sparkline",
        lambda: sparkline("Days to process new claims", periods, values, "days", 1, target=20),
        500,
    )
    _time("SPC chart", lambda: spc_chart(history, METRIC), 100)
    ytd_history = history.assign(value=history.groupby(history["period"].str[:4])["value"].cumsum())
    _time("year-to-date chart", lambda: ytd_chart(ytd_history, YTD_METRIC), 100)
    _time(
        "summary chart",
        lambda: summary_chart(
            {"Green": 12, "Amber": 3, "Red": 5, "no target": 2},
            {"complete": 10, "on track": 15, "at risk": 3, "overdue": 2},
        ),
        100,
    )


if __name__ == "__main__":
    main()
