"""The sample council's month shows every status, direction, SPC icon and assurance outcome,
and a few metrics can be traced by hand from the data files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.indicators import evaluate
from pmaf_lib.plan import load_council

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def council():
    return load_council(SAMPLE)


@pytest.fixture(scope="module")
def scorecard(council) -> pd.DataFrame:
    return evaluate(council, "2026-10").scorecard.set_index("metric_id")


def test_every_outcome_occurs_somewhere(scorecard: pd.DataFrame):
    assert set(scorecard["rag"]) == {"Green", "Amber", "Red", "no target", "no data"}
    assert {"improving", "worsening", "no change"} <= set(scorecard["dot_previous"])
    assert set(scorecard["spc_variation"].dropna()) == {
        "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
        "neutral_high", "neutral_low",
    }  # fmt: skip
    assert {"consistent_pass", "consistent_fail", "inconsistent"} <= set(
        scorecard["spc_assurance"].dropna()
    )
    assert scorecard["is_exception"].any() and scorecard["is_success"].any()


def _row(council, metric_id: str, period: str) -> pd.Series:
    values = council.values
    return values[(values["metric_id"] == metric_id) & (values["period"] == period)].iloc[0]


def test_a_monthly_snapshot_is_traceable_by_hand(council, scorecard: pd.DataFrame):
    """The headline is the month's own figure, judged against that year's target."""
    metric = scorecard[
        (scorecard["frequency"] == "monthly")
        & (scorecard["aggregation"] == "snapshot")
        & ~scorecard["is_ratio"]
        & scorecard["target"].notna()
    ].iloc[0]
    assert metric["current_period"] == "2026-10"
    assert metric["value"] == pytest.approx(_row(council, metric.name, "2026-10")["value"])
    target = council.targets[
        (council.targets["metric_id"] == metric.name)
        & (council.targets["financial_year"] == "2026/27")
    ]
    assert metric["target"] == pytest.approx(target["target"].iloc[-1])


def test_a_ytd_ratio_is_re_aggregated_from_numerators_and_denominators(council, scorecard):
    ratios = scorecard[
        (scorecard["aggregation"] == "ytd")
        & scorecard["is_ratio"]
        & (scorecard["denominator_basis"] == "flow")
        & (scorecard["frequency"] == "monthly")
    ]
    if ratios.empty:
        pytest.skip("the sample has no flow-basis year-to-date ratio")
    metric = ratios.iloc[0]
    months = [f"2026-{m:02d}" for m in range(4, 11)]
    rows = pd.DataFrame([_row(council, metric.name, m) for m in months])
    expected = rows["numerator"].sum() / rows["denominator"].sum() * metric["scale"]
    assert metric["ytd_value"] == pytest.approx(expected, rel=1e-9)
