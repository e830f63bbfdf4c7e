"""Every situation of spc_spec.md section 3, with what pmaf does (section 5 where it differs)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.indicators import xmr

SERIES_DIR = Path(__file__).resolve().parents[1] / "data/nhs_ae/spc_series"
CC = "Common Cause"


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(SERIES_DIR / f"{name}.csv", parse_dates=["date"])


def frame(values: list[float], series_id: str = "s", start: str = "2022-01-01") -> pd.DataFrame:
    dates = pd.date_range(start, periods=len(values), freq="MS")
    return pd.DataFrame({"series_id": series_id, "date": dates, "value": values})


def test_short_series_gets_limits_but_no_trend_or_shift() -> None:
    points = xmr(load("EDGE_short6")).points
    assert points["lpl"].notna().all() and points["upl"].notna().all()
    assert points["short_group_warning"].all()
    strictly_rising = xmr(frame([1, 2, 3, 4, 5, 6])).points
    assert (strictly_rising["special_cause_type"] == CC).all()


def test_seven_to_twelve_points_can_signal_and_are_warned() -> None:
    points = xmr(load("RQQ_perf")).points
    assert len(points) == 12 and points["short_group_warning"].all()
    # mean 6, moving ranges 19 and six of 1 (mean 25/7): limits 6 -/+ 9.5
    eight = xmr(frame([20, 1, 2, 3, 4, 5, 6, 7]), screen_outliers=False).points
    assert (
        eight["special_cause_type"].tolist() == ["Above UCL"] + ["7 Point Trend (Increasing)"] * 7
    )


def test_constant_series_with_screening_has_limits_at_the_mean_not_nan() -> None:
    # reference: NaN limits; pmaf (section 5): limits equal the mean, no signals
    points = xmr(load("EDGE_constant_screen")).points
    assert (points["lpl"] == 5).all() and (points["upl"] == 5).all() and (points["mean"] == 5).all()
    assert (points["special_cause_type"] == CC).all()
    assert (points["relative_to_mean"] == 0).all()


def test_constant_series_with_a_target_is_judged_against_limits_at_the_mean() -> None:
    data = load("EDGE_constant_screen_target")
    assert xmr(data, target=5.0).summary["assurance"].tolist() == ["inconsistent"]
    assert xmr(data, target=6.0).summary["assurance"].tolist() == ["consistent_fail"]
    assert xmr(data, target=4.0).summary["assurance"].tolist() == ["consistent_pass"]


def test_constant_series_without_screening_matches_the_reference() -> None:
    points = xmr(load("EDGE_constant_noscreen"), screen_outliers=False).points
    assert (points["lpl"] == 5).all() and (points["upl"] == 5).all()
    assert (points["special_cause_type"] == CC).all()


def test_constant_baseline_then_a_change_signals() -> None:
    points = xmr(frame([5.0] * 12 + [6.0]), fix_after_n_points=12).points
    assert points["special_cause_type"].tolist() == [CC] * 12 + ["Above UCL"]


def test_missing_value_is_dropped_from_mean_and_moving_ranges() -> None:
    data = load("EDGE_missing_value")
    points = xmr(data).points
    present = data["value"].dropna().to_numpy()
    assert points["mean"].iloc[0] == pytest.approx(present.mean(), rel=1e-15)
    # both moving ranges next to the gap are missing: 0,1,0,...,0 | gap | 0,1,... -> all MRs 1
    assert points["upl"].iloc[0] == pytest.approx(present.mean() + 2.66, rel=1e-15)
    gap = points[points["value"].isna()].iloc[0]
    assert gap["special_cause_type"] == CC and gap["point_type"] == "common_cause"
    assert not gap["outside_limits"] and not gap["close_to_limits"]
    assert math.isnan(gap["relative_to_mean"])


def test_missing_value_breaks_a_shift() -> None:
    base = [10.0, 0.0] * 6  # mean 5 when fixed
    run = [6.0] * 3 + [np.nan] + [6.0] * 4
    points = xmr(frame(base + run), fix_after_n_points=12).points
    assert (points["special_cause_type"].iloc[12:] == CC).all()
    filled = xmr(frame(base + [6.0] * 8), fix_after_n_points=12).points
    assert (filled["special_cause_type"].iloc[12:] == "7 Points Above CL").all()


def test_missing_value_breaks_a_two_of_three_window() -> None:
    base = [10.0, 0.0] * 6  # near line 22.73, UPL 31.6 when fixed
    points = xmr(frame([*base, 25.0, np.nan, 25.0]), fix_after_n_points=12).points
    assert (points["special_cause_type"].iloc[12:] == CC).all()


def test_missing_value_inside_a_trend_breaks_it_instead_of_raising() -> None:
    # reference: stops with "missing value where TRUE/FALSE needed"
    points = xmr(load("EDGE_missing_value_in_trend")).points
    assert points["special_cause_type"].iloc[3] == CC
    wide = [0.0, 40.0] * 6  # wide limits so only trends can fire
    broken = xmr(frame([*wide, 1, 2, 3, np.nan, 5, 6, 7, 8, 9, 10]), fix_after_n_points=12).points
    assert (broken["special_cause_type"].iloc[12:] == CC).all()
    whole = xmr(frame([*wide, 1, 2, 3, np.nan, 5, 6, 7, 8, 9, 10, 11]), fix_after_n_points=12)
    labels = whole.points["special_cause_type"].tolist()[12:]
    assert labels == [CC] * 4 + ["7 Point Trend (Increasing)"] * 7


def test_point_on_the_mean_is_relative_zero_and_breaks_a_shift() -> None:
    points = xmr(load("EDGE_point_on_mean")).points
    on_mean = points[points["value"] == points["mean"]]
    assert len(on_mean) >= 1 and (on_mean["relative_to_mean"] == 0).all()
    assert not on_mean["special_cause_type"].str.startswith("7 Points").any()


def test_tie_breaks_a_trend() -> None:
    points = xmr(load("EDGE_trend_with_tie")).points
    assert not points["special_cause_type"].str.contains("Trend").any()


def test_tie_joining_two_trends_labels_the_earlier_top_decreasing() -> None:
    points = xmr(load("EDGE_trend_tie_between_trends")).points
    labels = points["special_cause_type"].tolist()
    first_seven = points.index[points["value"] == 7][0]
    assert labels[first_seven - 6 : first_seven] == ["7 Point Trend (Increasing)"] * 6
    assert labels[first_seven:] == ["7 Point Trend (Decreasing)"] * 8


def test_peak_within_limits_is_decreasing() -> None:
    points = xmr(load("EDGE_trend_peak_within_limits")).points
    peak = points.index[points["value"] == 11][0]
    assert points["special_cause_type"].iloc[peak] == "7 Point Trend (Decreasing)"
    assert points["special_cause_type"].iloc[peak - 1] == "7 Point Trend (Increasing)"


def test_target_exactly_on_a_limit_is_inconsistent() -> None:
    data = load("EDGE_target_equals_upl")
    upl = xmr(data).points["upl"].iloc[-1]
    lpl = xmr(data).points["lpl"].iloc[-1]
    for direction in ("increase", "decrease"):
        for target in (upl, lpl):
            summary = xmr(data, target=target, improvement_direction=direction).summary
            assert summary["assurance"].tolist() == ["inconsistent"]


def test_neutral_direction_gives_neutral_types_and_no_assurance() -> None:
    result = xmr(load("EDGE_shift_neutral"), improvement_direction="neutral", target=0.0)
    flagged = result.points[result.points["special_cause_flag"]]
    assert len(flagged) > 0
    assert set(flagged["point_type"]) <= {"special_cause_neutral_high", "special_cause_neutral_low"}
    assert result.summary["assurance"].isna().all()


def test_gaps_in_dates_are_ignored_by_the_rules_but_reported() -> None:
    data = load("RWH_perf")  # 2017-09 absent
    result = xmr(data)
    consecutive = xmr(data.assign(date=pd.date_range("2016-04-01", periods=len(data), freq="MS")))
    pd.testing.assert_series_equal(
        result.points["special_cause_type"], consecutive.points["special_cause_type"]
    )
    assert result.summary["date_gaps"].tolist() == [1]
    assert consecutive.summary["date_gaps"].tolist() == [0]


def test_rebase_date_not_in_the_data_is_ignored() -> None:
    data = load("FIX_rnorm20_rebase_absent_date")
    plain = xmr(data).points
    rebased = xmr(data, rebase=["2019-06-30"]).points
    pd.testing.assert_frame_equal(plain, rebased)
    assert xmr(data, rebase={"no such series": ["2020-01-05"]}).points.equals(plain)


def test_duplicate_dates_are_an_error_naming_series_and_date() -> None:
    data = pd.concat([frame([1, 2, 3], "a"), frame([1, 2], "b"), frame([9], "b")])
    with pytest.raises(ValueError, match=r"'b'.*2022-01-01"):
        xmr(data)


@pytest.mark.parametrize("n", [11, 0, -1, 11.9, True, "12"])
def test_fix_after_n_points_below_twelve_is_an_error(n) -> None:
    with pytest.raises(ValueError, match="fix_after_n_points"):
        xmr(frame([1, 2, 3]), fix_after_n_points=n)


def test_fix_after_twelve_is_accepted() -> None:
    assert len(xmr(frame([1, 2, 3]), fix_after_n_points=12).points) == 3


def test_moving_range_equal_to_the_threshold_is_screened_out() -> None:
    # moving ranges 3267, 433, 433, 433, 434 (mean exactly 1000; 3.267 * 1000 == 3267.0)
    points = xmr(frame([0, 3267, 2834, 3267, 2834, 3268])).points
    assert points["upl"].iloc[0] == points["mean"].iloc[0] + 2.66 * 433.25
