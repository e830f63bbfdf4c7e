"""spc.csv: read and validated like every input, and applied to each metric's XmR chart;
the modes and shift detection of indicators/variation.py on small synthetic series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pmaf_lib.indicators import evaluate
from pmaf_lib.indicators.labels import SpcMode
from pmaf_lib.indicators.rebase_advice import rebase_advice
from pmaf_lib.plan import load_council, validate_data
from tests.engine.builders import council, metric, series, target

STEADY = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11]


def test_bad_spc_rows_are_reported_with_file_row_column_and_value(mini: Path) -> None:
    (mini / "spc.csv").write_text(
        "metric_id,rebase,fix_after_n_points,baseline_start,note\n"
        "FT01,2024/25,,,wrong frequency\n"
        "NOPE,2024-12,,,\n"
        "FT01,,11,,\n"
        "FT01,Smarch 2025,,,\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_data(mini).errors]
    assert any(
        "spc.csv row 2, column rebase: 2024/25 is not a period of FT01, which is monthly" in p
        for p in problems
    )
    assert any("spc.csv row 3, column metric_id: 'NOPE' is not a metric" in p for p in problems)
    assert any("spc.csv row 4, column fix_after_n_points: '11'" in p for p in problems)
    assert any(p.startswith("spc.csv row 5, column rebase:") for p in problems)
    assert len(problems) == 4


def test_the_advised_line_added_to_spc_csv_rebases_the_chart(mini: Path) -> None:
    advice = rebase_advice(load_council(mini))
    assert [p.value for p in advice] == ["FT01"]
    line = advice[0].message.split("add the line: ")[1]
    assert line == "FT01,2024-12,,,<why the process changed>"
    (mini / "spc.csv").write_text(
        "metric_id,rebase,fix_after_n_points,baseline_start,note\n"
        + line.replace("<why the process changed>", "new contractor from December 2024")
        + "\n",
        encoding="utf-8",
    )
    rebased = load_council(mini)
    assert rebase_advice(rebased) == []
    history = evaluate(rebased, "2025-06").history
    groups = history.loc[history["metric_id"] == "FT01"].set_index("period")["rebase_group"]
    assert groups["2024-11"] == 0 and groups["2024-12"] == 1


def _one(values: list[float], **fields) -> pd.Series:
    c = council([metric("M", **fields)], series("M", "2024-04", values), [])
    return evaluate(c, str(pd.Period("2024-04", "M") + len(values) - 1)).scorecard.iloc[0]


def test_fewer_than_12_points_give_trial_limits_and_no_assurance() -> None:
    row = _one(STEADY[:11])
    assert (row["spc_mode"], row["spc_points"]) == (SpcMode.TRIAL, 11)
    assert pd.isna(row["spc_assurance"])
    assert _one(STEADY[:12])["spc_mode"] == SpcMode.XMR


def test_a_mostly_constant_series_is_not_meaningful() -> None:
    row = _one([0, 0, 0, 3, 0, 0, 0, 0, 5, 0, 0, 0, 0, 2, 0, 0])
    assert row["spc_mode"] == SpcMode.NOT_MEANINGFUL
    assert pd.isna(row["spc_variation"])


def test_a_shift_to_the_latest_point_is_detected_and_can_be_applied() -> None:
    values = [*STEADY, 20, 21, 19, 22, 20, 21, 19]  # 7 points well above the old mean
    metrics = [metric("M")]
    c = council(metrics, series("M", "2024-04", values), [target("M", "2025/26", 15)])
    month = "2026-02"
    row = evaluate(c, month).scorecard.iloc[0]
    assert row["spc_rebase_suggested"] == "2025-08"
    assert row["spc_assurance_provisional"] and pd.isna(row["spc_assurance"])  # 7 new points
    applied = evaluate(c, month, auto_rebase=True)
    assert not applied.scorecard.iloc[0]["spc_assurance_provisional"]
    assert applied.history["rebase_group"].iloc[-1] == 1
    assert applied.scorecard.iloc[0]["spc_mode"] == SpcMode.TRIAL
