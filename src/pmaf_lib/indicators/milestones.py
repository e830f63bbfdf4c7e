"""Milestone status as at the end of the report month.

The latest update dated on or before the report month is used (a revised due date carries
forward from earlier updates until replaced). ``effective_due`` is the revised due date when
there is one, else the plan's due date. A due date stated as a month, quarter, financial year
or calendar year (``Oct 2024``, ``2024/25 Q3``, ``2023``) is the last day of that period, so a
milestone is overdue only once the whole stated period has passed; ``TBC`` has no date
(``due`` is NaT, ``due_label`` reads "no date set") and is never overdue. Status, first rule
that applies:

1. ``complete`` - reported complete.
2. ``overdue`` - the effective due date is before the last day of the report month;
   ``days_overdue`` counts the days from it to that last day.
3. ``at risk`` - reported ``at risk`` or ``off track`` (not yet past due).
4. ``deferred`` - reported ``deferred``, or a revised due date later than the original one
   (not yet due).
5. ``not started`` - reported ``not started``, or no update yet.
6. ``on track`` - otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.calendar import month_end

STATUSES = ("complete", "on track", "at risk", "overdue", "deferred", "not started")
UPDATE_COLUMNS = ("status", "percent_complete", "completed_on", "commentary")


def milestone_status(
    milestones: pd.DataFrame, updates: pd.DataFrame, report_ordinal: int
) -> pd.DataFrame:
    """One row per milestone: plan columns plus the status columns of ``Evaluation.milestones``."""
    as_at = month_end(np.array([report_ordinal]))[0]
    report_start = as_at.replace(day=1)
    upto = updates[pd.to_datetime(updates["period_start"]) <= report_start]
    upto = upto.sort_values(["milestone_id", "period_start"], kind="stable")
    revised = upto.groupby("milestone_id")["revised_due"].last()
    revised_label = (
        upto.dropna(subset=["revised_due"]).groupby("milestone_id")["revised_due_label"].last()
        if "revised_due_label" in upto
        else pd.Series(dtype=object)
    )
    latest = upto.drop_duplicates("milestone_id", keep="last").set_index("milestone_id")

    out = milestones.copy()
    ids = out["milestone_id"]
    reported = ids.map(latest["status"]).to_numpy(dtype=object)
    out["reported_status"] = reported
    out["percent_complete"] = ids.map(latest["percent_complete"]).astype(float).to_numpy()
    out["revised_due"] = pd.to_datetime(revised.reindex(ids).to_numpy())
    out["revised_due_label"] = revised_label.reindex(ids).to_numpy(dtype=object)
    out["completed_on"] = pd.to_datetime(latest["completed_on"].reindex(ids).to_numpy())
    out["commentary"] = ids.map(latest["commentary"]).to_numpy(dtype=object)
    due = pd.to_datetime(out["due"])
    effective = out["revised_due"].fillna(due)
    out["effective_due"] = effective

    past_due = (effective < as_at).to_numpy()
    later = (out["revised_due"] > due).fillna(False).to_numpy(dtype=bool)
    status = np.select(
        [
            reported == "complete",
            past_due,
            np.isin(reported, ["at risk", "off track"]),
            (reported == "deferred") | later,
            (reported == "not started") | pd.isna(reported),
        ],
        ["complete", "overdue", "at risk", "deferred", "not started"],
        "on track",
    )
    out["status"] = status.astype(object)
    days = (as_at - effective).dt.days
    out["days_overdue"] = days.where(status == "overdue").astype("Int64")
    return out
