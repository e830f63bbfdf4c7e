"""Headline aggregation and target resolution, checked through the scorecard a report shows."""

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.indicators.headline import quarterly
from tests.engine.builders import council, metric, series, target, value

PROFILE = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0)


def card(c, period):
    return evaluate(c, period).scorecard.set_index("metric_id")


def test_ytd_is_cumulative_from_april_with_a_profiled_annual_target():
    m = metric("Y", aggregation="ytd", target_basis="annual")
    c = council(
        [m],
        series("Y", "2025-04", [100, 150, 200]),
        [target("Y", "2025/26", 1200, tolerance=10, tolerance_type="absolute", profile=PROFILE)],
    )
    row = card(c, "2025-06").loc["Y"]
    assert row["value"] == 450
    assert row["target"] == pytest.approx(360)  # 1200 x 30%
    assert row["amber_limit"] == pytest.approx(357)  # 10 absolute, profiled: 10 x 30%
    assert row["rag"] == "Green"
    assert row["ytd_value"] == 450
    assert row["ytd_rag"] == "Green"


def test_ytd_even_profile_and_reset_in_april():
    m = metric("Y", aggregation="ytd", target_basis="annual")
    c = council(
        [m],
        series("Y", "2025-01", [500, 500, 500, 100, 100]),
        [target("Y", "2025/26", 1200)],
    )
    row = card(c, "2025-05").loc["Y"]
    assert row["value"] == 200  # April and May only
    assert row["target"] == pytest.approx(200)  # 1200 x 2/12
    assert row["rag"] == "Green"


def test_rolling_12_sums_the_last_twelve_months_and_needs_all_of_them():
    c = council([metric("R", aggregation="rolling12")], series("R", "2024-04", range(1, 14)))
    history = evaluate(c, "2025-04").history.set_index("period")["value"]
    assert history["2025-04"] == sum(range(2, 14))  # May 2024 .. April 2025 = 90
    assert history["2025-03"] == sum(range(1, 13))  # 78
    assert np.isnan(history["2025-02"])  # only 11 months so far


def test_ratio_ytd_is_reaggregated_not_an_average_of_percentages():
    m = metric("P", unit="percent", decimals=1, aggregation="ytd", numerator_label="paid")
    rows = [
        value("P", "2025-04", 90.0, numerator=90, denominator=100),
        value("P", "2025-05", 20.0, numerator=10, denominator=50),
    ]
    row = card(council([m], rows), "2025-05").loc["P"]
    assert row["value"] == pytest.approx(100 / 150 * 100)  # 66.7%, not (90 + 20) / 2 = 55%
    assert row["value"] != pytest.approx(55.0)


def test_stock_denominator_uses_the_latest_base():
    m = metric(
        "CT",
        unit="percent",
        decimals=1,
        aggregation="ytd",
        numerator_label="collected",
        denominator_basis="stock",
        target_basis="annual",
    )
    rows = [
        value("CT", "2025-04", 5.0, numerator=10, denominator=200),
        value("CT", "2025-05", 6.0, numerator=12, denominator=200),
    ]
    c = council([m], rows, [target("CT", "2025/26", 96)])
    row = card(c, "2025-05").loc["CT"]
    assert row["value"] == pytest.approx(11.0)  # 22 collected of the 200 collectable debit
    assert row["target"] == pytest.approx(16.0)  # stock ratio adds up: profiled 96 x 2/12


def test_snapshot_rate_on_a_stock_base_has_a_year_so_far_level_not_a_sum():
    """Children looked after per 10,000 (a month-end count over the child population): the
    year so far is the level across its months, on the same basis as each month's figure."""
    m = metric(
        "LAC",
        unit="rate",
        decimals=1,
        aggregation="snapshot",
        numerator_label="children looked after",
        denominator_basis="stock",
        rate_per=10000,
        polarity="lower",
    )
    rows = [
        value("LAC", "2025-04", 70.0, numerator=350, denominator=50000),
        value("LAC", "2025-05", 74.0, numerator=370, denominator=50000),
        value("LAC", "2025-06", 78.0, numerator=390, denominator=50000),
    ]
    c = council([m], rows, [target("LAC", "2025/26", 75)])
    row = card(c, "2025-06").loc["LAC"]
    assert row["value"] == pytest.approx(78.0)
    assert row["ytd_value"] == pytest.approx(74.0)  # 1,110 / (3 x 50,000) x 10,000
    assert row["ytd_value"] != pytest.approx(222.0)  # not the year's children over one base
    assert row["ytd_target"] == pytest.approx(75.0)
    assert row["ytd_rag"] == "Green"


def test_flow_ratio_annual_target_is_not_profiled():
    m = metric("P", unit="percent", aggregation="ytd", numerator_label="n", target_basis="annual")
    rows = [value("P", "2025-04", 95.0, numerator=95, denominator=100)]
    row = card(council([m], rows, [target("P", "2025/26", 95)]), "2025-04").loc["P"]
    assert row["target"] == 95
    assert row["rag"] == "Green"


def test_period_target_overrides_the_annual_one_month_before_quarter():
    m = metric("S")
    c = council(
        [m],
        series("S", "2025-04", [10, 10, 10, 10]),
        [
            target("S", "2025/26", 8),
            target("S", "2025/26", 12, period="2025/26 Q1"),
            target("S", "2025/26", 9, period="2025-05"),
        ],
    )
    targets = evaluate(c, "2025-07").history.set_index("period")["target"]
    assert targets.to_dict() == {"2025-04": 12, "2025-05": 9, "2025-06": 12, "2025-07": 8}


def test_target_basis_none_means_no_target():
    m = metric("S", target_basis="none")
    c = council([m], series("S", "2025-04", [10]), [target("S", "2025/26", 8)])
    assert card(c, "2025-04").loc["S", "rag"] == "no target"


def test_quarters_from_months():
    metrics = pd.DataFrame(
        [
            metric("P", unit="percent", numerator_label="n"),
            metric("S"),
            metric("F", aggregation="ytd"),
        ]
    )
    values = pd.DataFrame(
        [
            value("P", "2025-04", 90.0, numerator=9, denominator=10),
            value("P", "2025-05", 50.0, numerator=45, denominator=90),
            value("P", "2025-06", 100.0, numerator=100, denominator=100),
            *series("S", "2025-04", [5, 6, 7]),
            *series("F", "2025-04", [1, 2, 3, 4]),
        ]
    )
    quarters = quarterly(values, metrics).set_index(["metric_id", "period_start"])["value"]
    q1, q2 = pd.Timestamp("2025-04-01"), pd.Timestamp("2025-07-01")
    assert quarters["P", q1] == pytest.approx(154 / 200 * 100)  # 77%, not the mean 80%
    assert quarters["S", q1] == 7  # a point-in-time snapshot's quarter is its last month
    assert quarters["F", q1] == 6  # flows add up
    assert np.isnan(quarters["F", q2])  # July alone is not a full quarter
