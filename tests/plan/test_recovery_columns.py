"""The returns' optional recovery columns (impact, cause, action_owner, action_due,
back_on_track_by): read and typed, every bad value named by file, row and column, and the
gaps a board paper would hide warned about."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pmaf_lib.indicators import evaluate
from pmaf_lib.plan import load_council, validate_data
from tests.plan.editing import lines, read_rows, write_rows

COLUMNS = ["impact", "cause", "action_owner", "action_due", "back_on_track_by"]


def _with_recovery(mini: Path, cells: dict[tuple[str, str], dict[str, str]]) -> Path:
    """Add the recovery columns to the 2025/26 returns, filling the rows named by
    (metric_id, period)."""
    path = mini / "returns" / "2025-26.csv"
    rows = read_rows(path)
    header = rows[0] + COLUMNS
    out = [header]
    for row in rows[1:]:
        given = cells.get((row[0], row[1]), {})
        out.append(row + [given.get(c, "") for c in COLUMNS])
    for (metric_id, period), given in cells.items():
        if not any(r[0] == metric_id and r[1] == period for r in rows[1:]):
            raise AssertionError(f"no return for {metric_id} {period}")
        if "action" in given:
            at = header.index("action")
            for r in out[1:]:
                if r[0] == metric_id and r[1] == period:
                    r[at] = given["action"]
    write_rows(path, out)
    return path


def _row_of(path: Path, metric_id: str, period: str) -> int:
    return next(i for i, r in enumerate(read_rows(path), 1) if r[:2] == [metric_id, period])


def test_bad_dates_are_errors_and_gaps_are_warnings_naming_file_row_and_column(
    mini: Path,
) -> None:
    path = _with_recovery(
        mini,
        {
            ("HB01", "2025-06"): {"action": "Overtime agreed", "action_due": "soonish"},
            ("HB01", "2025-05"): {"action_owner": "OFF-01"},
            ("FT01", "2025-06"): {
                "action": "Crews doubled",
                "action_owner": "OFF-03",
                "back_on_track_by": "next year",
            },
            ("FT01", "2025-05"): {
                "action": "Crews doubled",
                "action_owner": "OFF-03",
                "back_on_track_by": "Jan 2025",
            },
        },
    )
    report = validate_data(mini)
    hb06, hb05 = _row_of(path, "HB01", "2025-06"), _row_of(path, "HB01", "2025-05")
    ft06, ft05 = _row_of(path, "FT01", "2025-06"), _row_of(path, "FT01", "2025-05")
    file = "returns/2025-26.csv"
    expected = "(expected a date (2024-10-31), a month (2024-10 or Oct 2024), a quarter"
    assert [str(p).split(" (expected")[0] for p in report.errors] == [
        f"{file} row {hb06}, column action_due: 'soonish' is not a due date",
        f"{file} row {ft06}, column back_on_track_by: 'next year' is not a due date",
    ]
    assert all(expected in str(p) for p in report.errors)
    warnings = [str(p) for p in report.warnings]
    assert any(
        f"{file} row {hb06}, column action_owner: the action for HB01 2025-06 has no owner" in w
        for w in warnings
    )
    assert any(
        f"{file} row {hb05}, column action_owner: 'OFF-01' is given but there is no action "
        "for HB01 2025-05" in w
        for w in warnings
    )
    assert any(
        f"{file} row {ft05}, column back_on_track_by: 'Jan 2025' is before the end of "
        "2025-05, the period it is reported with" in w
        for w in warnings
    ), lines(report)


def test_recovery_columns_reach_the_scorecard_for_the_judged_period(mini: Path) -> None:
    _with_recovery(
        mini,
        {
            ("HB01", "2025-06"): {
                "impact": "Claimants wait a week longer",
                "cause": "Two vacancies",
                "action": "Overtime agreed",
                "action_owner": "OFF-01",
                "action_due": "31/07/2025",
                "back_on_track_by": "2025/26 Q3",
            },
            ("HB01", "2025-05"): {"impact": "last month's impact"},
        },
    )
    row = evaluate(load_council(mini), "2025-06").scorecard.set_index("metric_id").loc["HB01"]
    assert row["impact"] == "Claimants wait a week longer"
    assert row["cause"] == "Two vacancies"
    assert row["action_owner"] == "OFF-01"
    assert row["action_due"] == pd.Timestamp("2025-07-31")
    assert row["back_on_track_by"] == pd.Timestamp("2025-12-31")
    assert row["back_on_track_by_label"] == "Oct-Dec 2025 (2025/26 Q3)"


def test_returns_without_the_columns_load_as_before(mini: Path) -> None:
    row = evaluate(load_council(mini), "2025-06").scorecard.set_index("metric_id").loc["HB01"]
    assert pd.isna(row["impact"]) and pd.isna(row["back_on_track_by"])
