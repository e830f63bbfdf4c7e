import math

import pytest

from pmaf_lib.report.alt_text import format_value
from pmaf_lib.report.formatting import (
    format_date,
    period_label,
    short_period_label,
    tick_decimals,
    unit_label,
)


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "rate_per", "expected"),
    [
        (95.24, "percent", 1, None, "95.2%"),
        (1_234_567, "gbp", 0, None, "£1.2m"),
        (12_345, "gbp", 0, None, "£12,345"),
        (2_500_000_000, "gbp", 0, None, "£2.5bn"),
        (-12_345, "gbp", 0, None, "-£12,345"),
        (21.44, "days", 1, None, "21.4 days"),
        (1, "days", 0, None, "1 day"),
        (3.14, "rate", 1, 1000, "3.1 per 1,000"),
        (3.14, "rate", 1, 100000, "3.1 per 100,000"),
        (1234, "number", 0, None, "1,234"),
        (1234.5, "number", None, None, "1,235"),  # half up, as the RAG judges
        (None, "percent", 1, None, "no data"),
        (math.nan, "days", 1, None, "no data"),
    ],
)
def test_format_value(value, unit, decimals, rate_per, expected):
    assert format_value(value, unit, decimals, rate_per) == expected


def test_period_labels_use_periods_module():
    assert period_label("2025-09") == "Sep 2025"
    assert period_label("2025/26 Q2") == "Jul-Sep 2025 (2025/26 Q2)"
    assert period_label("2025/26") == "2025/26"
    assert short_period_label("2025/26 Q2") == "Q2 2025/26"
    assert period_label("not a period") == "not a period"


def test_units_and_dates_in_words():
    assert unit_label("rate", 1000) == "Rate per 1,000"
    assert unit_label("gbp") == "Pounds (£)"
    assert format_date("2025-09-30") == "30 Sep 2025"
    assert format_date(None) == "no date"


@pytest.mark.parametrize(("step", "places"), [(2, 0), (0.5, 1), (2.5, 1), (0.25, 2), (200000, 0)])
def test_tick_decimals_show_each_tick_exactly(step, places):
    assert tick_decimals(step) == places
