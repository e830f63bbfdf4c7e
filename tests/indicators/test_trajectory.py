"""trajectories.csv: validated like every input, compared with the judged figure, drawn on the
SPC chart (a distinct line, named in the key) and listed in the chart's data table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.indicators import evaluate
from pmaf_lib.indicators.labels import TrajectoryStanding
from pmaf_lib.plan import load_council, validate_data
from pmaf_lib.report.charts.spc_chart import chart_key, spc_chart, spc_plot
from pmaf_lib.report.sections.recovery import difference, trajectory
from pmaf_lib.report.spc_series import spc_reading, spc_series

HEADER = "metric_id,period,planned,note\n"


def test_bad_trajectory_rows_are_reported_with_file_row_column_and_value(mini: Path) -> None:
    (mini / "trajectories.csv").write_text(
        HEADER
        + "HB01,2025/26 Q1,19,wrong frequency\n"
        + "NOPE,2025-05,19,\n"
        + "HB01,2025-05,soon,\n"
        + "HB01,2025-06,,\n"
        + "HB01,2025-07,19,\n"
        + "HB01,2025-07,18,\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_data(mini).errors]
    expected = [
        "trajectories.csv row 2, column period: 2025/26 Q1 is not a period of HB01, "
        "which is monthly",
        "trajectories.csv row 3, column metric_id: 'NOPE' is not a metric",
        "trajectories.csv row 4, column planned: 'soon' is not a number",
        "trajectories.csv row 5, column planned: planned is blank",
        "trajectories.csv row 7, column period: HB01 has a planned value for 2025-07 on an "
        "earlier row too",
    ]
    for text in expected:
        assert any(text in p for p in problems), (text, problems)
    assert len(problems) == len(expected)


def _with_plan(mini: Path, rows: str) -> object:
    (mini / "trajectories.csv").write_text(HEADER + rows, encoding="utf-8")
    return evaluate(load_council(mini), "2025-06")


def test_the_judged_figure_is_compared_with_its_plan_as_shown(mini: Path) -> None:
    evaluation = _with_plan(
        mini,
        "HB01,2025-05,22,recovery plan agreed at DMT\nHB01,2025-06,20.0,\nHB01,2026-03,15,\n",
    )
    card = evaluation.scorecard.set_index("metric_id")
    row = card.loc["HB01"]
    assert (row["current_period"], row["value"]) == ("2025-06", 23.2)
    # days to process: lower is better, so a figure above its plan is behind it
    assert row["trajectory_planned"] == 20.0
    assert row["trajectory_gap"] == pytest.approx(3.2)
    assert row["trajectory_standing"] == TrajectoryStanding.BEHIND
    assert (row["trajectory_end_period"], row["trajectory_end"]) == ("2026-03", 15.0)
    assert pd.isna(card.loc["FT01", "trajectory_standing"])
    assert np.isnan(card.loc["FT01", "trajectory_planned"])


def test_the_plan_is_drawn_on_the_chart_and_listed_in_its_data(mini: Path) -> None:
    evaluation = _with_plan(mini, "HB01,2025-04,23,\nHB01,2025-05,22,\nHB01,2025-06,21,\n")
    history = evaluation.history[evaluation.history["metric_id"] == "HB01"]
    row = evaluation.scorecard.set_index("metric_id").loc["HB01"].to_dict()
    row["metric_id"] = "HB01"
    series = spc_series(history)
    assert list(series.trajectory[-3:]) == [23.0, 22.0, 21.0]
    assert np.isnan(series.trajectory[:-3]).all()
    (planned,) = spc_plot(series, row).lines_of("trajectory")
    assert list(planned.y[-3:]) == [23.0, 22.0, 21.0]
    assert "recovery trajectory" in chart_key(series, spc_reading(row))
    html = str(spc_chart(history, row))
    assert '<th scope="col" class="pmaf-num">Recovery trajectory</th>' in html
    assert ">21.0 days</td>" in html
    assert "recovery trajectory 21.0 days" in html  # alt text


def test_a_cumulative_metric_plan_is_compared_but_not_drawn_on_in_period_values(
    mini: Path,
) -> None:
    evaluation = _with_plan(mini, "CT01,2025-06,25.0,\n")
    history = evaluation.history[evaluation.history["metric_id"] == "CT01"]
    assert history.set_index("period").loc["2025-06", "trajectory"] == 25.0
    assert history["spc_trajectory"].isna().all()
    row = evaluation.scorecard.set_index("metric_id").loc["CT01"]
    assert row["trajectory_planned"] == 25.0


def test_without_the_file_nothing_changes(mini: Path) -> None:
    evaluation = evaluate(load_council(mini), "2025-06")
    assert evaluation.history["trajectory"].isna().all()
    assert evaluation.scorecard["trajectory_standing"].isna().all()


def test_the_exception_says_where_the_figure_stands_against_its_plan(mini: Path) -> None:
    evaluation = _with_plan(mini, "HB01,2025-06,20.0,\nHB01,2026-03,15,\n")
    row = evaluation.scorecard.set_index("metric_id").loc["HB01"].to_dict()
    row["metric_id"] = "HB01"
    assert trajectory(row) == (
        "Planned 20.0 days in Jun 2025, actual 23.2 days: 3.2 days behind the recovery plan; "
        "the plan reaches 15.0 days by Mar 2026."
    )
    percent = {**row, "unit": "percent", "trajectory_gap": -1.0, "decimals": 0}
    assert difference(percent, percent["trajectory_gap"]) == "1 percentage point"
    assert trajectory({**row, "trajectory_end_period": None}) == ""
