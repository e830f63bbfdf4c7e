"""``--period latest``: the latest month for which the data is complete enough to report.

A month is complete when at least 90 % of the monthly metrics have a value for it; a month
where services are still submitting (or where only a few early returns have arrived) is
skipped, so a run scheduled on the first working day reports the last full month. A council
that reports nothing monthly (only quarterly or annual metrics) reports the last month of the
latest period with a value.
"""

from __future__ import annotations

import pandas as pd

from pmaf_lib.errors import NoCompletePeriod
from pmaf_lib.periods import Frequency, parse_period

COMPLETE_SHARE = 0.9


def latest_complete_month(
    monthly_metrics: set[str], values: pd.DataFrame, share: float = COMPLETE_SHARE
) -> str:
    """Canonical id (``2025-09``) of the latest month where ``share`` of monthly metrics report.

    ``values`` has ``metric_id, period, value``; rows without a value do not count.
    """
    if not monthly_metrics:
        periods = values.loc[values["value"].notna(), "period"].unique()
        if not len(periods):
            raise NoCompletePeriod("there are no returns; give the month with --period")
        return str(max(parse_period(p).last_month for p in periods))
    reported = values[values["value"].notna() & values["metric_id"].isin(monthly_metrics)]
    counts = reported.groupby("period")["metric_id"].nunique()
    months = [
        period
        for period, count in counts.items()
        if parse_period(period).frequency is Frequency.MONTHLY
        and count >= share * len(monthly_metrics)
    ]
    if not months:
        raise NoCompletePeriod(
            f"no month has values for {share:.0%} of the {len(monthly_metrics)} monthly metrics"
        )
    return str(max(parse_period(m) for m in months))
