"""Invariances of ``xmr`` (hypothesis): shift, scale, row order and improvement direction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pmaf_lib.indicators import xmr

values = st.lists(
    st.floats(-1000, 1000, allow_nan=False).map(lambda v: round(v, 2)), min_size=2, max_size=40
)
many_series = st.lists(values, min_size=1, max_size=4)
SWAPPED_TYPES = {
    "special_cause_improvement": "special_cause_concern",
    "special_cause_concern": "special_cause_improvement",
    "common_cause": "common_cause",
}
SWAPPED_ICONS = {
    "common_cause": "common_cause",
    "improvement_high": "concern_high",
    "improvement_low": "concern_low",
    "concern_high": "improvement_high",
    "concern_low": "improvement_low",
}
SWAPPED_ASSURANCE = {
    "consistent_pass": "consistent_fail",
    "consistent_fail": "consistent_pass",
    "inconsistent": "inconsistent",
}


def long_frame(series: list[list[float]]) -> pd.DataFrame:
    dates = pd.date_range("2021-04-01", periods=40, freq="MS")
    return pd.concat(
        [
            pd.DataFrame({"series_id": f"s{i}", "date": dates[: len(v)], "value": v})
            for i, v in enumerate(series)
        ],
        ignore_index=True,
    )


def near_a_line(points: pd.DataFrame) -> bool:
    """Whether any point sits (within rounding) on its mean, a limit or a 2-sigma line."""
    mean, upl = points["mean"].to_numpy(), points["upl"].to_numpy()
    half = upl - mean
    y = points["value"].to_numpy()[:, None]
    lines = np.column_stack(
        [mean, mean + half, mean - half, mean + half * 2 / 3, mean - half * 2 / 3]
    )
    return bool((np.abs(y - lines) <= 1e-9 * (1 + np.abs(lines))).any())


@settings(max_examples=150, deadline=None)
@given(series=many_series, shift=st.floats(-1e4, 1e4, allow_nan=False))
def test_limits_move_with_a_constant_shift(series, shift) -> None:
    data = long_frame(series)
    before = xmr(data).points
    after = xmr(data.assign(value=data["value"] + shift)).points
    assume(not near_a_line(before) and not near_a_line(after))
    for column in ("mean", "lpl", "upl"):
        np.testing.assert_allclose(after[column], before[column] + shift, rtol=1e-9, atol=1e-6)
    assert after["special_cause_type"].tolist() == before["special_cause_type"].tolist()


@settings(max_examples=150, deadline=None)
@given(series=many_series, power=st.integers(-6, 6))
def test_limits_scale_exactly_with_a_power_of_two(series, power) -> None:
    data = long_frame(series)
    factor = 2.0**power
    before = xmr(data).points
    after = xmr(data.assign(value=data["value"] * factor)).points
    for column in ("mean", "lpl", "upl"):
        np.testing.assert_array_equal(after[column], before[column] * factor)
    assert after["special_cause_type"].tolist() == before["special_cause_type"].tolist()


@settings(max_examples=150, deadline=None)
@given(series=many_series, factor=st.floats(0.01, 100))
def test_limits_scale_with_a_positive_factor(series, factor) -> None:
    data = long_frame(series)
    before = xmr(data).points
    after = xmr(data.assign(value=data["value"] * factor)).points
    assume(not near_a_line(before) and not near_a_line(after))
    for column in ("mean", "lpl", "upl"):
        np.testing.assert_allclose(after[column], before[column] * factor, rtol=1e-9, atol=1e-9)
    assert after["special_cause_type"].tolist() == before["special_cause_type"].tolist()


@settings(max_examples=100, deadline=None)
@given(series=many_series, seed=st.integers(0, 2**32 - 1))
def test_reordering_input_rows_changes_nothing(series, seed) -> None:
    data = long_frame(series)
    shuffled = data.sample(frac=1, random_state=seed)
    first, second = xmr(data, target=0.0), xmr(shuffled, target=0.0)
    pd.testing.assert_frame_equal(first.points, second.points)
    pd.testing.assert_frame_equal(first.summary, second.summary)


@settings(max_examples=100, deadline=None)
@given(series=many_series, target=st.floats(-1000, 1000))
def test_swapping_increase_and_decrease_swaps_improvement_and_concern(series, target) -> None:
    data = long_frame(series)
    up = xmr(data, improvement_direction="increase", target=target)
    down = xmr(data, improvement_direction="decrease", target=target)
    assert down.points["special_cause_type"].tolist() == up.points["special_cause_type"].tolist()
    assert down.points["point_type"].tolist() == [SWAPPED_TYPES[t] for t in up.points["point_type"]]
    assert down.summary["variation_icon"].tolist() == [
        SWAPPED_ICONS[i] for i in up.summary["variation_icon"]
    ]
    assert down.summary["assurance"].tolist() == [
        SWAPPED_ASSURANCE[a] for a in up.summary["assurance"]
    ]
