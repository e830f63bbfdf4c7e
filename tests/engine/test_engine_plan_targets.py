"""Targets as plans set them: directional, multi-year ranges, bands and running totals."""

from __future__ import annotations

import numpy as np

from pmaf_lib.indicators import evaluate
from pmaf_lib.indicators.rag import band_rag, directional_rag

from .builders import council, metric, series, target


def row(evaluation, metric_id: str = "M1") -> dict:
    return evaluation.scorecard.set_index("metric_id").loc[metric_id].to_dict()


def test_directional_rule_against_the_same_period_a_year_earlier() -> None:
    now = np.array([71.0, 70.3, 69.0, 70.0, 69.0, np.nan])
    earlier = np.array([70.0, 70.0, 70.0, 70.0, 70.0, 70.0])
    way = np.array(["increase", "increase", "increase", "maintain", "maintain", "increase"])
    status = directional_rag(now, earlier, way, "higher", "percent", 1)
    # 0.5 percentage points is the no-material-change threshold for percentages
    assert list(status) == ["Green", "Amber", "Red", "Green", "Red", "no data"]
    assert list(
        directional_rag(np.array([95.0]), np.array([100.0]), ["decrease"], "lower", "number", 0)
    ) == ["Green"]
    assert list(
        directional_rag(np.array([5.0]), np.array([np.nan]), ["increase"], "higher", "number", 0)
    ) == ["no target"]


def test_band_rule_by_distance_outside_the_band() -> None:
    value = np.array([100.0, 95.0, 93.0, 110.0, 200.0])
    low, high = np.full(5, 95.0), np.full(5, 105.0)
    status = band_rag(value, low, high, np.full(5, 5.0), np.full(5, "absolute"), 0)
    assert list(status) == ["Green", "Green", "Amber", "Amber", "Red"]


def test_directional_target_in_the_scorecard() -> None:
    c = council(
        [metric(frequency="quarterly", unit="percent", decimals=1, target_basis="annual")],
        series("M1", "2023/24 Q1", [70, 70, 70, 70, 71, 70.2]),
        [target("M1", "2024/25", 0, direction="increase")],
    )
    q1 = row(evaluate(c, "2024-06"))
    assert (q1["rag"], q1["target"], q1["target_direction"]) == ("Green", 70.0, "increase")
    assert row(evaluate(c, "2024-09"))["rag"] == "Amber"  # +0.2 points: no material change


def test_a_range_target_and_a_running_total() -> None:
    homes = metric(
        "H1",
        frequency="annual",
        aggregation="running_total",
        running_total_from="2020/21",
        target_basis="annual",
    )
    level = metric("S1", frequency="annual", target_basis="annual")
    c = council(
        [homes, level],
        [*series("H1", "2019/20", [400, 900, 1000]), *series("S1", "2020/21", [60, 64])],
        [
            target("H1", "2020/21", 2000, last_year="2021/22"),
            target("S1", "2020/21", 65, last_year="2021/22"),
        ],
    )
    first = evaluate(c, "2021-03")
    h1 = row(first, "H1")
    assert h1["value"] == 900  # the running total counts from 2020/21, not 2019/20
    assert h1["target"] == 1000  # half way (12 of 24 months) to 2,000 by March 2022
    assert row(first, "S1")["rag"] == "no target"  # a snapshot's range target: its last year
    second = evaluate(c, "2022-03")
    assert (row(second, "H1")["value"], row(second, "H1")["target"]) == (1900, 2000)
    assert row(second, "S1")["rag"] == "Red"


def test_a_band_metric_and_its_benchmark_rank_by_distance_from_the_band() -> None:
    spend = metric(
        polarity="band", frequency="annual", target_basis="annual", benchmark_group="LGBF"
    )
    benchmarks = [
        {
            "metric_id": "M1",
            "period": "2024/25",
            "group": "LGBF",
            "organisation": org,
            "value": v,
            "is_self": org == "Us",
        }
        for org, v in (("Us", 103.0), ("A", 100.0), ("B", 120.0), ("C", 80.0))
    ]
    c = council(
        [spend],
        series("M1", "2024/25", [103]),
        [target("M1", "2024/25", 0, band=(95, 105), tolerance=5, tolerance_type="absolute")],
        benchmarks=benchmarks,
    )
    m1 = row(evaluate(c, "2025-03"))
    assert (m1["rag"], m1["target_low"], m1["target_high"]) == ("Green", 95.0, 105.0)
    assert m1["benchmark_rank"] == 2  # 3 from the middle (100); A is 0 away, B and C 20
