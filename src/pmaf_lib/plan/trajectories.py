"""``trajectories.csv``: a metric's planned recovery, one planned value per period (optional).

Columns ``metric_id, period, planned`` (and an optional ``note``). ``planned`` is in the
metric's own terms: the figure the metric reports for that period (for a cumulative ``ytd``
metric, the total to date), in its unit.
"""

from __future__ import annotations

import pandas as pd

from pmaf_lib.plan.optional_inputs import FREQUENCY_EXAMPLE, frequency_of
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.submissions import parse_number_column, parse_period_column
from pmaf_lib.plan.tables import Table, TableSpec, as_text, check_required, each

TRAJECTORIES = TableSpec(
    sheet="trajectories", required=("metric_id", "period", "planned"), optional=("note",)
)
TRAJECTORY_COLUMNS = ("metric_id", "period", "period_start", "planned", "note")


def parse_trajectories(table: Table, log: ProblemLog) -> pd.DataFrame:
    """Trajectory rows as a typed frame; ``period`` holds Period objects at this stage."""
    raw = table.frame
    check_required(table, TRAJECTORIES.required, log)
    out = raw[["source_file", "source_row"]].copy()
    out["metric_id"] = as_text(raw["metric_id"])
    out["note"] = as_text(raw["note"])
    out["period"] = parse_period_column(table, log)
    out["planned"] = parse_number_column(table, "planned", log)
    return out


def check_trajectories(
    trajectories: pd.DataFrame, metrics: pd.DataFrame | None, log: ProblemLog
) -> pd.DataFrame:
    """Metric ids in the register, periods of the metric's own frequency, one row per period."""
    frame = trajectories.assign(shown=each(trajectories["period"], str))
    if metrics is not None:
        known = set(metrics["metric_id"].dropna())
        unknown = frame["metric_id"].notna() & ~frame["metric_id"].isin(known)
        log.rows(frame, unknown, "metric_id", "{value} is not a metric in the register")
        frequency = frequency_of(frame["metric_id"], metrics)
        wrong = (
            frame["period"].notna()
            & frequency.notna()
            & (each(frame["period"], lambda p: p.frequency.value) != frequency)
        )
        log.rows(
            frame.assign(expected_period=frequency.map(FREQUENCY_EXAMPLE), freq=frequency),
            wrong,
            "period",
            "{shown} is not a period of {metric_id}, which is {freq}",
            "{expected_period}",
            value_column="shown",
        )
    repeated = frame["period"].notna() & frame.duplicated(["metric_id", "shown"])
    log.rows(
        frame,
        repeated,
        "period",
        "{metric_id} has a planned value for {shown} on an earlier row too",
        "one planned value per metric and period",
        value_column="shown",
    )
    return trajectories


def trajectory_frame(trajectories: pd.DataFrame | None) -> pd.DataFrame:
    """The council's trajectories: canonical period ids, their first day, floats."""
    if trajectories is None:
        return empty_trajectories()
    rows = trajectories.dropna(subset=["metric_id", "period", "planned"])
    return pd.DataFrame(
        {
            "metric_id": rows["metric_id"].to_numpy(dtype=object),
            "period": each(rows["period"], str).to_numpy(dtype=object),
            "period_start": pd.to_datetime(each(rows["period"], lambda p: p.start)).to_numpy(),
            "planned": rows["planned"].to_numpy(dtype=float),
            "note": rows["note"].to_numpy(dtype=object),
        }
    )


def empty_trajectories() -> pd.DataFrame:
    """No trajectories (the file is optional)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TRAJECTORY_COLUMNS})
