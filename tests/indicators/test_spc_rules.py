"""Hand-computed examples for every XmR rule and boundary (spc_spec.md sections 2.4-2.11).

Most examples fix the limits with a 12-row baseline ``BASE`` (10, 0, 10, 0, ...): mean 5, every
moving range 10, so LPL = 5 - 26.6, UPL = 5 + 26.6 and the 2-sigma lines are 5 -/+ 17.733.
The points after it are then judged against limits that they do not move.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.indicators import xmr

BASE = [10.0, 0.0] * 6
MEAN, MR = 5.0, 10.0
UPL, LPL = MEAN + 2.66 * MR, MEAN - 2.66 * MR
NEAR_UP, NEAR_LOW = MEAN + 2 * (2.66 / 3) * MR, MEAN - 2 * (2.66 / 3) * MR
CC = "Common Cause"
UP, DOWN = "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"
ABOVE2, BELOW2 = "2 in 3 Above CL", "2 in 3 Below CL"
SHIFT_UP, SHIFT_DOWN = "7 Points Above CL", "7 Points Below CL"


def run(values: list[float], **kwargs) -> pd.DataFrame:
    dates = pd.date_range("2022-01-01", periods=len(values), freq="MS")
    data = pd.DataFrame({"series_id": "s", "date": dates, "value": values})
    return xmr(data, **kwargs).points


def tail_labels(values: list[float], **kwargs) -> list[str]:
    """Labels of the points after the fixed baseline."""
    points = run(BASE + values, fix_after_n_points=12, **kwargs)
    return points["special_cause_type"].tolist()[len(BASE) :]


def test_limits_by_hand() -> None:
    points = run([1, 3, 2, 4, 3, 5])
    # mean 18/6 = 3; moving ranges 2, 1, 2, 1, 2 -> mean 1.6, none >= 3.267 * 1.6
    assert points["mean"].unique().tolist() == [3.0]
    assert points["lpl"].unique().tolist() == [3.0 - 2.66 * 1.6]
    assert points["upl"].unique().tolist() == [3.0 + 2.66 * 1.6]
    assert points["short_group_warning"].all()


def test_fixed_baseline_gives_the_documented_limits() -> None:
    points = run([*BASE, 18.0])
    assert points["mean"].iloc[0] == 6.0  # unfixed: all 13 points count, (60 + 18) / 13
    points = run([*BASE, 18.0], fix_after_n_points=12)
    assert (points["mean"] == MEAN).all() and (points["upl"] == UPL).all()
    assert (points["lpl"] == LPL).all()
    assert points["fix_y"].tolist()[:12] == BASE and np.isnan(points["fix_y"].iloc[12])


def test_screening_is_one_pass() -> None:
    # moving ranges: eight of 1, then 5, then 40. Mean 53/10 = 5.3; 40 >= 3.267 * 5.3 is
    # screened; the new mean 13/9 would screen 5 on a second pass (5 >= 3.267 * 13/9) but it stays.
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 5, -35]
    points = run(values)
    mean = -26 / 11
    assert points["upl"].iloc[0] == pytest.approx(mean + 2.66 * 13 / 9, rel=1e-15)
    unscreened = run(values, screen_outliers=False)
    assert unscreened["upl"].iloc[0] == pytest.approx(mean + 2.66 * 5.3, rel=1e-15)


def test_moving_range_exactly_at_the_screening_threshold_is_screened_out() -> None:
    # moving ranges 3267, 433, 433, 433, 434: mean exactly 1000 and 3.267 * 1000 == 3267.0
    assert 3.267 * 1000.0 == 3267.0
    values = [0, 3267, 2834, 3267, 2834, 3268]
    mean = sum(values) / 6
    points = run(values)
    assert points["upl"].iloc[0] == mean + 2.66 * (1733 / 4)
    assert run(values, screen_outliers=False)["upl"].iloc[0] == mean + 2.66 * 1000.0


def test_point_exactly_on_a_limit_is_inside() -> None:
    assert tail_labels([UPL, LPL]) == [CC, CC]
    above, below = np.nextafter(UPL, np.inf), np.nextafter(LPL, -np.inf)
    assert tail_labels([above, below]) == ["Above UCL", "Below LCL"]


def test_point_exactly_on_the_near_line_is_not_close() -> None:
    assert tail_labels([NEAR_UP, NEAR_UP, 6.0]) == [CC, CC, CC]
    just_beyond = np.nextafter(NEAR_UP, np.inf)
    assert tail_labels([just_beyond, just_beyond, 6.0]) == [ABOVE2, ABOVE2, CC]
    points = run([*BASE, just_beyond], fix_after_n_points=12)
    assert points["close_to_limits"].iloc[-1] and not points["outside_limits"].iloc[-1]


def test_point_exactly_on_the_mean_breaks_a_shift() -> None:
    # BASE ends below the mean, so the run starts with the first appended point.
    assert tail_labels([6.0] * 7) == [SHIFT_UP] * 7
    assert tail_labels([6.0] * 6 + [4.0]) == [CC] * 7
    assert tail_labels([6.0] * 3 + [MEAN] + [6.0] * 3) == [CC] * 7
    assert tail_labels([4.0] * 8) == [SHIFT_DOWN] * 8  # with BASE's last 0: 9 below
    assert run([*BASE, MEAN], fix_after_n_points=12)["relative_to_mean"].iloc[-1] == 0


def test_shift_flags_every_point_of_a_longer_run() -> None:
    assert tail_labels([6.0] * 9 + [4.0]) == [SHIFT_UP] * 9 + [CC]


def test_trend_needs_seven_points_with_six_strict_steps() -> None:
    # 8 after BASE's last 0 is a rise, then 8 -> 1 falls, then 1..7 rises six times.
    assert tail_labels([8, 1, 2, 3, 4, 5, 6, 7]) == [CC, *[UP] * 7]
    assert tail_labels([8, 1, 2, 3, 4, 5, 6]) == [CC] * 7
    assert tail_labels([8, 1, 2, 3, 4, 5, 6, 7, 8, 9]) == [CC, *[UP] * 9]


def test_tie_breaks_a_trend() -> None:
    assert tail_labels([8, 1, 2, 3, 3, 4, 5, 6, 7]) == [CC] * 9


def test_trends_ignore_the_mean_and_colour_by_slope() -> None:
    # A falling trend entirely above the mean (5) is a concern when higher is better.
    values = [30, 29, 28, 27, 26, 25, 24]  # 0 -> 30 rises, then six falls; 25, 24 are close
    points = run([*BASE, *values], fix_after_n_points=12, improvement_direction="increase")
    assert points["special_cause_type"].tolist()[12:] == [DOWN] * 7
    assert set(points["point_type"].iloc[12:]) == {"special_cause_concern"}


def test_peak_of_a_rise_then_fall_is_decreasing() -> None:
    values = [8, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    assert tail_labels(values) == [CC, *[UP] * 6, *[DOWN] * 7]


def test_valley_of_a_fall_then_rise_is_increasing() -> None:
    values = [1, 9, 8, 7, 6, 5, 4, 3, 4, 5, 6, 7, 8, 9, 1]
    assert tail_labels(values) == [CC, *[DOWN] * 6, *[UP] * 7, CC]


def test_tie_joining_two_trends_labels_the_earlier_top_decreasing() -> None:
    values = [8, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]
    assert tail_labels(values) == [CC, *[UP] * 6, DOWN, *[DOWN] * 7]


def test_last_point_of_a_trend_takes_the_step_from_the_previous_point() -> None:
    assert tail_labels([8, 1, 2, 3, 4, 5, 6, 7, 3]) == [CC, *[UP] * 7, CC]
    # a rise straight into a new rise after a drop: the top's step to the next is a fall
    values = [8, 1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9]
    assert tail_labels(values) == [CC, *[UP] * 6, DOWN, *[UP] * 7]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # a point beyond 3 sigma does not count toward the 2
        ([35, 25, 6], ["Above UCL", CC, CC]),
        # two zone points split by a point on the other side of the mean
        ([25, 2, 25, 6], [CC, CC, CC, CC]),
        # the last two points, preceded by a point below the mean (BASE ends with 0)
        ([25, 25], [CC, CC]),
        # the same pair followed by a point on the same side fires; the third is not flagged
        ([25, 25, 6], [ABOVE2, ABOVE2, CC]),
        # the two zone points need not be adjacent
        ([25, 6, 25, 6], [ABOVE2, CC, ABOVE2, CC]),
        # two zone points on opposite sides never fire
        ([25, -15, 6], [CC, CC, CC]),
        # below the mean (BASE's last 0 is below too)
        ([-15, -15, 2], [BELOW2, BELOW2, CC]),
        # a zone point only once in the window
        ([25, 6, 6], [CC, CC, CC]),
    ],
)
def test_two_of_three_beyond_two_sigma(values: list[float], expected: list[str]) -> None:
    assert tail_labels(values) == expected


def test_rule_priority_outside_over_trend() -> None:
    assert tail_labels([8, 1, 2, 3, 4, 5, 6, 40]) == [CC, *[UP] * 6, "Above UCL"]


def test_rule_priority_trend_over_two_of_three() -> None:
    # 23 and 24 are close with 6 after them (a firing window) but belong to a rising trend
    assert tail_labels([8, 1, 2, 3, 4, 5, 23, 24, 6]) == [CC, *[UP] * 7, CC]


def test_rule_priority_two_of_three_over_shift() -> None:
    values = [6, 6, 6, 6, 6, 25, 25, 6]
    assert tail_labels(values) == [SHIFT_UP] * 5 + [ABOVE2] * 2 + [SHIFT_UP]


def test_rule_priority_outside_over_shift() -> None:
    assert tail_labels([6, 6, 6, 40, 6, 6, 6]) == [SHIFT_UP] * 3 + ["Above UCL"] + [SHIFT_UP] * 3


@pytest.mark.parametrize(
    ("direction", "high", "low"),
    [
        ("increase", "special_cause_improvement", "special_cause_concern"),
        ("decrease", "special_cause_concern", "special_cause_improvement"),
        ("neutral", "special_cause_neutral_high", "special_cause_neutral_low"),
    ],
)
def test_point_types_follow_the_improvement_direction(direction: str, high: str, low: str) -> None:
    points = run([*BASE, 40, 5, -30], fix_after_n_points=12, improvement_direction=direction)
    assert points["point_type"].tolist()[12:] == [high, "common_cause", low]
    assert points["special_cause_flag"].tolist()[12:] == [True, False, True]


def test_rebase_groups_are_independent() -> None:
    values = [1, 2, 1, 2, 1, 2, 11, 12, 13, 14, 15, 16]
    dates = pd.date_range("2022-01-01", periods=12, freq="MS")
    data = pd.DataFrame({"series_id": "s", "date": dates, "value": values})
    points = xmr(data, rebase=[dates[6]]).points
    assert points["rebase_group"].tolist() == [0] * 6 + [1] * 6
    assert points["mean"].tolist() == [1.5] * 6 + [13.5] * 6
    # 2 -> 11 -> ... -> 16 would be a 7-point rise, but trends never cross a rebase
    assert (points["special_cause_type"] == CC).all()
    assert points["short_group_warning"].all()
    unrebased = xmr(data).points
    assert unrebased["special_cause_type"].iloc[5:].tolist() != [CC] * 7


def test_rebase_on_the_first_date_numbers_the_first_group_one() -> None:
    dates = pd.date_range("2022-01-01", periods=4, freq="MS")
    data = pd.DataFrame({"series_id": "s", "date": dates, "value": [1, 2, 3, 4]})
    assert xmr(data, rebase=[dates[0], dates[2]]).points["rebase_group"].tolist() == [1, 1, 2, 2]


def test_fix_after_n_points_counts_missing_rows_and_restarts_at_a_rebase() -> None:
    first = [10.0, np.nan] + [10.0, 0.0] * 5 + [100.0]  # 13 rows, baseline rows 1-12
    second = [0.0, 2.0] * 6 + [50.0, 60.0]  # 14 rows, baseline rows 1-12
    dates = pd.date_range("2020-01-01", periods=27, freq="MS")
    data = pd.DataFrame({"series_id": "s", "date": dates, "value": first + second})
    points = xmr(data, rebase=[dates[13]], fix_after_n_points=12).points
    g0, g1 = points[points["rebase_group"] == 0], points[points["rebase_group"] == 1]
    # group 0 baseline: 11 values (one missing) -> mean 60/11; the two MRs touching the gap
    # are missing, leaving 9 MRs of 10
    assert g0["mean"].iloc[0] == pytest.approx(60 / 11, rel=1e-15)
    assert g0["upl"].iloc[0] == pytest.approx(60 / 11 + 26.6, rel=1e-15)
    assert g0["special_cause_type"].iloc[-1] == "Above UCL"
    assert g1["mean"].iloc[0] == 1.0 and g1["upl"].iloc[0] == pytest.approx(1 + 5.32)
    assert g1["special_cause_type"].iloc[-2:].tolist() == ["Above UCL", "Above UCL"]
    assert g1["fix_y"].notna().sum() == 12


@pytest.mark.parametrize(("size", "warned"), [(12, True), (13, False)])
def test_short_group_warning_below_thirteen_rows(size: int, warned: bool) -> None:
    points = run([float(i % 3) for i in range(size)])
    assert points["short_group_warning"].tolist() == [warned] * size
