"""RAG boundaries, both polarities, relative and absolute tolerance, and the explicit statuses."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmaf_lib.indicators.labels import round_half_up
from pmaf_lib.indicators.rag import rag


def one(value, target, tolerance=0.0, kind="relative", polarity="higher", decimals=1, due=True):
    status, limit = rag(
        np.array([value], dtype=float),
        np.array([target], dtype=float),
        np.array([tolerance], dtype=float),
        np.array([kind], dtype=object),
        np.array([polarity], dtype=object),
        decimals,
        np.array([due]),
    )
    return status[0], limit[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(90.0, "Green"), (90.1, "Green"), (89.9, "Amber"), (85.5, "Amber"), (85.4, "Red")],
)
def test_higher_is_better_relative_band(value, expected):
    # target 90, 5% relative tolerance -> amber edge 85.5
    assert one(value, 90, 5) == (expected, 85.5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(20.0, "Green"), (19.0, "Green"), (20.1, "Amber"), (22.0, "Amber"), (22.1, "Red")],
)
def test_lower_is_better_absolute_band(value, expected):
    # target 20 days, 2 days absolute -> amber edge 22
    assert one(value, 20, 2, "absolute", "lower") == (expected, 22.0)


def test_values_are_rounded_to_the_metric_decimals_before_judging():
    # 89.96 shows as 90.0 -> on target; 85.44 shows as 85.4 -> beyond the 85.5 edge
    assert one(89.96, 90, 5)[0] == "Green"
    assert one(85.46, 90, 5)[0] == "Amber"
    assert one(85.44, 90, 5)[0] == "Red"


def test_zero_tolerance_has_no_amber_band():
    assert one(89.9, 90)[0] == "Red"
    assert one(90.0, 90)[0] == "Green"


def test_explicit_statuses():
    assert one(np.nan, 90)[0] == "no data"
    assert one(50, np.nan)[0] == "no target"
    assert one(50, 90, polarity="none")[0] == "no target"
    assert one(50, 90, due=False)[0] == "not due"
    assert one(np.nan, np.nan, due=False)[0] == "not due"


def test_round_half_up_rounds_halves_away_from_zero():
    assert list(round_half_up(np.array([2.675, 0.125, -0.125, 1.005]), 2)) == [
        2.68,
        0.13,
        -0.13,
        1.01,
    ]


@given(
    value=st.integers(-1000, 1000),
    target=st.integers(-1000, 1000),
)
def test_swapping_polarity_swaps_green_and_red_with_zero_tolerance(value, target):
    higher = one(value, target, 0, polarity="higher", decimals=0)[0]
    lower = one(value, target, 0, polarity="lower", decimals=0)[0]
    if value == target:
        assert higher == lower == "Green"
    else:
        assert {higher, lower} == {"Green", "Red"}
