"""Year-end forecasts (profile and trend) and the Mann-Kendall / Theil-Sen trend test."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.indicators.trend import mann_kendall
from tests.engine.builders import council, metric, series, target

PROFILE = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0)


def row(c, period, metric_id):
    return evaluate(c, period).scorecard.set_index("metric_id").loc[metric_id]


def test_ytd_forecast_is_profile_based_with_interval_from_last_year():
    m = metric("Y", aggregation="ytd", target_basis="annual")
    targets = [target("Y", "2025/26", 1200, profile=PROFILE)]
    this_year = series("Y", "2025-04", [100, 150, 200])
    alone = row(council([m], this_year, targets), "2025-06", "Y")
    assert alone["forecast"] == pytest.approx(450 / 0.3)  # 1500
    assert np.isnan(alone["forecast_low"])  # no earlier year to learn the spread from
    assert alone["forecast_method"] == "profile"
    assert alone["forecast_target"] == 1200
    assert alone["forecast_rag"] == "Green"

    last_year = series("Y", "2024-04", [100] * 12)  # June ytd 300 of a 1200 year
    both = row(council([m], last_year + this_year, targets), "2025-06", "Y")
    assert both["forecast"] == pytest.approx(1500)
    assert both["forecast_low"] == pytest.approx(1500)
    assert both["forecast_high"] == pytest.approx(450 * 1200 / 300)  # 1800


def test_snapshot_forecast_projects_the_linear_trend_to_march():
    m = metric("S", polarity="lower")
    values = series("S", "2024-04", [10 + 2 * t for t in range(18)])  # Apr 2024 .. Sep 2025
    c = council([m], values, [target("S", "2025/26", 50, tolerance=10)])
    r = row(c, "2025-09", "S")
    assert r["value"] == 44
    assert r["forecast"] == pytest.approx(56)  # six more months at +2
    assert r["forecast_low"] == pytest.approx(56)  # a perfect line has no spread
    assert r["forecast_method"] == "trend"
    assert r["forecast_rag"] == "Red"  # 56 is beyond the 55 amber edge
    assert "forecast miss" in r["exception_reasons"]


def test_forecast_interval_widens_with_noise():
    m = metric("S", decimals=2)
    noise = [0.5, -0.3, 0.2, -0.6, 0.4, 0.1, -0.2, 0.3, -0.4, 0.6, -0.1, 0.0]
    values = series("S", "2024-10", [20 + v for v in noise])
    r = row(council([m], values), "2025-09", "S")
    assert r["forecast_low"] < r["forecast"] < r["forecast_high"]


def test_march_forecast_is_the_actual_outturn():
    m = metric("S")
    r = row(council([m], series("S", "2025-04", range(12))), "2026-03", "S")
    assert (r["forecast"], r["forecast_method"]) == (11, "actual")


def test_mann_kendall_detects_a_monotone_series_and_ignores_noise():
    up = series("U", "2023-10", [float(t) for t in range(24)])
    rng = np.random.default_rng(7)
    noise = series("N", "2023-10", list(rng.normal(50, 5, 24)))
    c = council([metric("U"), metric("L", polarity="lower"), metric("N")], up + noise)
    down = c.values[c.values["metric_id"] == "U"].assign(metric_id="L")
    c.values = pd.concat([c.values, down], ignore_index=True)
    card = evaluate(c, "2025-09").scorecard.set_index("metric_id")
    assert card.loc["U", "trend_verdict"] == "statistically significant improvement over 24 months"
    assert (
        card.loc["L", "trend_verdict"] == "statistically significant deterioration over 24 months"
    )
    assert card.loc["N", "trend_verdict"] == "no significant trend over 24 months"
    assert card.loc["U", "trend_slope"] == pytest.approx(1.0)
    assert card.loc["U", "trend_n"] == 24


def test_mann_kendall_matches_the_textbook_formula_and_scipy_slope():
    x = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0])
    s, p, slope, n = mann_kendall(x[None, :])
    pairs = [(i, j) for i in range(10) for j in range(i + 1, 10)]
    s_hand = sum(np.sign(x[j] - x[i]) for i, j in pairs)
    # ties: 1 (x2), 3 (x2), 5 (x2) -> three groups of 2
    var = (10 * 9 * 25 - 3 * (2 * 1 * 9)) / 18
    z = (s_hand - np.sign(s_hand)) / np.sqrt(var)
    assert s[0] == s_hand
    assert p[0] == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert slope[0] == pytest.approx(stats.theilslopes(x, np.arange(10)).slope)
    assert n[0] == 10


def test_too_few_points_for_a_trend_test():
    r = row(council([metric("S")], series("S", "2025-06", [1, 2, 3, 4])), "2025-09", "S")
    assert r["trend_verdict"] == "too few points for a trend test"
    assert np.isnan(r["trend_p"])
