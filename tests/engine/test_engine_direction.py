"""Direction of travel: material-change threshold edges and polarity."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmaf_lib.indicators.direction import direction


def one(now, before, polarity="higher", unit="number", decimals=1):
    return direction(
        np.array([now], dtype=float),
        np.array([before], dtype=float),
        np.array([polarity], dtype=object),
        np.array([unit], dtype=object),
        decimals,
    )[0]


@pytest.mark.parametrize(
    ("now", "expected"),
    [(80.5, "improving"), (80.4, "no change"), (79.5, "worsening"), (79.6, "no change")],
)
def test_percent_threshold_is_half_a_point_inclusive(now, expected):
    assert one(now, 80.0, unit="percent") == expected


def test_other_units_use_one_percent_of_the_previous_value():
    # 1% of 250.0 = 2.5: a change of exactly 2.5 counts, 2.4 does not
    assert one(252.5, 250.0) == "improving"
    assert one(252.4, 250.0) == "no change"
    assert one(247.5, 250.0, polarity="lower") == "improving"


def test_threshold_is_never_below_the_display_rounding():
    # 1% of 10 is 0.1 but whole numbers are shown: 10 -> 10.4 displays as 10, no change
    assert one(10.4, 10, decimals=0) == "no change"
    assert one(11, 10, decimals=0) == "improving"


def test_no_polarity_and_missing_values():
    assert one(120, 100, polarity="none") == "higher"
    assert one(80, 100, polarity="none") == "lower"
    assert one(np.nan, 100) == "no comparison"
    assert one(100, np.nan) == "no comparison"


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_swapping_polarity_swaps_improving_and_worsening(now, before):
    higher = one(now, before, "higher", decimals=0)
    lower = one(now, before, "lower", decimals=0)
    swap = {"improving": "worsening", "worsening": "improving", "no change": "no change"}
    assert lower == swap[higher]
