"""What services submit each month: data returns and milestone updates (cell-level parsing)."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.periods import DUE_EXAMPLE, DueDate, PeriodError, parse_due
from pmaf_lib.plan.model import DataFlag, MilestoneStatus
from pmaf_lib.plan.problems import ProblemLog, Severity
from pmaf_lib.plan.tables import (
    DATE_EXAMPLE,
    Table,
    TableSpec,
    as_text,
    check_required,
    choice_problems,
    each,
    number_problems,
    to_choice,
    to_dates,
    to_id_lists,
    to_numbers,
    to_periods,
)

# what a board needs for an off-track figure, beside ``commentary`` and ``action``: so what
# (impact), why (cause), who owns the action and by when, and when it is back on track
RECOVERY_COLUMNS = ("impact", "cause", "action_owner", "action_due", "back_on_track_by")
RETURNS = TableSpec(
    sheet="returns",
    required=("metric_id", "period", "value"),
    optional=(
        "numerator",
        "denominator",
        "flags",
        "commentary",
        "action",
        "submitted_by",
        "submitted_on",
        *RECOVERY_COLUMNS,
    ),
)

UPDATES = TableSpec(
    sheet="milestones",
    required=("milestone_id", "period", "status"),
    optional=("percent_complete", "revised_due", "completed_on", "commentary", "updated_by"),
)

PERIOD_EXAMPLE = "a month (2025-09), a quarter (2025/26 Q2) or a financial year (2025/26)"


def parse_period_column(table: Table, log: ProblemLog, expected: str = PERIOD_EXAMPLE) -> pd.Series:
    """The ``period`` column as Period objects (None where blank or bad, which is reported)."""
    periods, errors = to_periods(table.frame["period"])
    log.rows(table.frame.assign(error=errors), errors.notna(), "period", "{error}", expected)
    return periods


def parse_number_column(table: Table, column: str, log: ProblemLog) -> pd.Series:
    """A numeric column as floats; text in it is reported."""
    numbers, bad = to_numbers(table.frame[column])
    number_problems(table.frame, column, bad, log)
    return numbers


def parse_date_column(table: Table, column: str, log: ProblemLog) -> pd.Series:
    dates, bad = to_dates(table.frame[column])
    log.rows(table.frame, bad, column, "{value} is not a valid date", DATE_EXAMPLE)
    return dates


def parse_due_column(table: Table, column: str, log: ProblemLog) -> tuple[pd.Series, pd.Series]:
    """Due dates as plans write them (``Oct 2024``, ``2024/25 Q3``, ``2023``, ``TBC``): the last
    day of the stated period (NaT for TBC) and the label reports show."""
    dates, bad = to_dates(table.frame[column])
    due: dict[object, DueDate | None] = {}
    for value in table.frame.loc[bad, column].unique():
        try:
            due[value] = parse_due(value)
        except PeriodError:
            due[value] = None
    fuzzy = bad & table.frame[column].map(lambda v: due.get(v) is not None)
    log.rows(table.frame, bad & ~fuzzy, column, "{value} is not a due date", DUE_EXAMPLE)
    cells = table.frame[column]
    ends = cells.map(lambda v: due[v].end if due.get(v) else None)
    dates = dates.where(~fuzzy, pd.to_datetime(ends.where(fuzzy), errors="coerce"))
    labels = each(dates, lambda d: parse_due(d).label).where(
        ~fuzzy, cells.map(lambda v: str(due.get(v)))
    )
    return dates, labels.where(cells.notna(), None)


def parse_returns(tables: list[Table], log: ProblemLog) -> pd.DataFrame:
    """All returns files as one typed frame; ``period`` holds Period objects at this stage."""
    for table in tables:
        check_required(table, ("metric_id", "period"), log)
    columns = ["source_file", "source_row", *RETURNS.columns]
    table = Table("returns/", pd.concat([t.frame[columns] for t in tables], ignore_index=True))
    raw = table.frame
    out = raw[["source_file", "source_row"]].copy()
    out["metric_id"] = as_text(raw["metric_id"])
    out["period"] = parse_period_column(table, log)
    for column in ("value", "numerator", "denominator"):
        out[column] = parse_number_column(table, column, log)
    flags = to_id_lists(raw["flags"])
    listed = flags.explode().dropna()
    canonical, bad = to_choice(listed.astype(object), DataFlag)
    if bad.any():
        bad_rows = raw.loc[listed.index[bad.to_numpy()]].assign(flags=listed[bad].to_numpy())
        bad_rows.index = range(len(bad_rows))
        choice_problems(
            bad_rows, "flags", pd.Series(True, index=bad_rows.index), DataFlag, "flag", log
        )
    for flag in DataFlag:
        hit = canonical[canonical == flag.value].index.unique()
        out[flag.value] = out.index.isin(hit)
    for column in ("commentary", "action", "submitted_by", "impact", "cause", "action_owner"):
        out[column] = as_text(raw[column])
    out["submitted_on"] = parse_date_column(table, "submitted_on", log)
    for column in ("action_due", "back_on_track_by"):
        out[column], out[f"{column}_label"] = parse_due_column(table, column, log)
    return out


def parse_updates(table: Table, log: ProblemLog) -> pd.DataFrame:
    """Milestone updates as a typed frame; ``period`` holds Period objects at this stage."""
    raw = table.frame
    check_required(table, UPDATES.required, log)
    out = raw[["source_file", "source_row"]].copy()
    out["milestone_id"] = as_text(raw["milestone_id"])
    out["period"] = parse_period_column(table, log, "a month such as 2025-09 or Sep 2025")
    out["status"], bad = to_choice(raw["status"], MilestoneStatus)
    choice_problems(raw, "status", bad, MilestoneStatus, "milestone status", log)
    pct = parse_number_column(table, "percent_complete", log)
    outside = pct.notna() & ~pct.between(0, 100)
    log.rows(raw, outside, "percent_complete", "{value} is outside 0-100", "a percentage 0-100")
    out["percent_complete"] = pct.where(~outside)
    out["revised_due"], out["revised_due_label"] = parse_due_column(table, "revised_due", log)
    out["completed_on"] = parse_date_column(table, "completed_on", log)
    for column in ("commentary", "updated_by"):
        out[column] = as_text(raw[column])
    needs = (
        ("deferred", "revised_due", "a deferred milestone needs a revised_due date"),
        ("complete", "completed_on", "a complete milestone needs a completed_on date"),
    )
    for status, column, message in needs:
        missing = (out["status"] == status) & raw[column].isna()
        log.rows(raw, missing, column, message, DATE_EXAMPLE)
    return out


def check_recovery(returns: pd.DataFrame, log: ProblemLog) -> None:
    """Warnings a board paper would otherwise hide: an action nobody owns, an owner or date
    with no action, a recovery date before the end of the period it is reported with.
    ``returns`` is the checked frame (it has ``period_text``)."""
    action = returns["action"].notna()
    warn = Severity.WARNING
    log.rows(
        returns,
        action & returns["action_owner"].isna(),
        "action_owner",
        "the action for {metric_id} {period_text} has no owner",
        "the officer who owns the action (id or name)",
        warn,
    )
    for column in ("action_owner", "action_due"):
        log.rows(
            returns.assign(shown=returns.get(f"{column}_label", returns[column])),
            ~action & returns[column].notna(),
            column,
            "{value} is given but there is no action for {metric_id} {period_text}",
            "the action in the action column",
            warn,
            value_column="shown",
        )
    ends = pd.to_datetime(each(returns["period"], lambda p: p.end), errors="coerce")
    log.rows(
        returns.assign(shown=returns["back_on_track_by_label"]),
        returns["back_on_track_by"] < ends,
        "back_on_track_by",
        "{value} is before the end of {period_text}, the period it is reported with",
        "the date the figure is expected back on track",
        warn,
        value_column="shown",
    )
