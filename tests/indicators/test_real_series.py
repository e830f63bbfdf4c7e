"""The engine on real public series (tests/data/real_series, see SOURCE.md there).

A long drifting monthly series (Glasgow's delayed discharges), sparse counts (small islands'
delay codes, mostly zero), short annual benchmarking indicators (LGBF) and a publication lag
(LGBF ends in 2022-23 or 2023-24 while the report month is later).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.indicators import evaluate
from pmaf_lib.indicators.labels import SpcMode
from tests.engine.builders import council, metric, target, value

DATA = Path(__file__).resolve().parents[1] / "data" / "real_series"
YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2010, 2026)]
SPARSE = {
    "ORK9N": ("Orkney Islands", "Code 9 Non-AWI"),
    "ORKPF": ("Orkney Islands", "Patient and Family Related Reasons"),
    "SHE9A": ("Shetland Islands", "Code 9 AWI"),
}


def _discharges(metric_id: str, area: str, reason: str) -> list[dict]:
    frame = pd.read_csv(DATA / "delayed_discharges.csv")
    rows = frame[(frame["ltla_name"] == area) & (frame["delay_reason"] == reason)]
    return [
        value(metric_id, d, v)
        for d, v in zip(rows["date"], rows["num_delayed_bed_days"], strict=True)
    ]


def _lgbf(metric_id: str, code: str, scale: float = 1.0) -> list[dict]:
    frame = pd.read_csv(DATA / "lgbf_glasgow.csv")
    rows = frame[frame["Code"] == code]
    years = rows["Year"].str.replace("-", "/")
    return [
        value(metric_id, y, v * scale) for y, v in zip(years, rows["LA_IndicatorReal"], strict=True)
    ]


@pytest.fixture(scope="module")
def real_council():
    metrics = [
        metric("DD", title="Delayed discharge bed days", polarity="lower"),
        *(metric(m, title=f"{a}: {r}", polarity="lower") for m, (a, r) in SPARSE.items()),
        metric("SW08", title="Delayed discharge days per 1,000 aged 75+", polarity="lower",
               frequency="annual", decimals=1, target_basis="annual"),
        metric("CORP07", title="Council tax collected in year", unit="percent", decimals=1,
               frequency="annual", target_basis="annual"),
    ]  # fmt: skip
    values = [
        *_discharges("DD", "Glasgow City", "All Delay Reasons"),
        *(row for m, (a, r) in SPARSE.items() for row in _discharges(m, a, r)),
        *_lgbf("SW08", "SW08"),
        *_lgbf("CORP07", "CORP07", 100.0),
    ]
    targets = [
        *(target("DD", fy, 6000) for fy in YEARS),
        *(target("SW08", fy, 500) for fy in YEARS),
        *(target("CORP07", fy, 95) for fy in YEARS),
    ]
    return council(metrics, values, targets)


@pytest.fixture(scope="module")
def august_2025(real_council):
    return evaluate(real_council, "2025-08")


def test_a_red_metric_on_nine_years_of_drift_is_never_target_met(august_2025) -> None:
    row = august_2025.scorecard.set_index("metric_id").loc["DD"]
    assert (row["value"], row["rag"]) == (7593, "Red")
    # limits from nine years of drift would say "consistently passing": the shift is found
    # and the assurance is judged on the limits the rebase would give
    assert not pd.isna(row["spc_rebase_suggested"])
    assert row["spc_assurance_provisional"]
    assert row["spc_assurance"] != "consistent_pass"
    assert row["is_exception"] and not row["is_success"]
    assert row["exception_tier"] == "act now"


@pytest.mark.parametrize("metric_id", sorted(SPARSE))
def test_mostly_zero_counts_are_not_read_as_special_cause(august_2025, metric_id: str) -> None:
    row = august_2025.scorecard.set_index("metric_id").loc[metric_id]
    assert row["spc_mode"] == SpcMode.NOT_MEANINGFUL
    assert pd.isna(row["spc_variation"]) and pd.isna(row["spc_assurance"])
    assert "outlier" not in row["dq_flags"]
    history = august_2025.history[august_2025.history["metric_id"] == metric_id]
    assert history["special_cause_type"].isna().all()
    assert history[["lpl", "upl"]].isna().all().all()


def test_short_annual_series_get_a_run_chart_and_no_spc_judgement(august_2025) -> None:
    row = august_2025.scorecard.set_index("metric_id").loc["SW08"]
    assert row["spc_mode"] == SpcMode.RUN_CHART and row["spc_points"] == 8
    assert pd.isna(row["spc_variation"]) and pd.isna(row["spc_assurance"])
    assert not {"special cause concern", "assurance fail"} & set(row["exception_reasons"])
    history = august_2025.history.set_index(["metric_id", "period"])
    assert history.loc[("SW08", "2023/24"), "median"] == pytest.approx(
        (547.56 + 624.42) / 2, abs=0.01
    )


def test_annual_figures_published_late_are_judged_on_the_latest_published_year(
    real_council, august_2025
) -> None:
    card = august_2025.scorecard.set_index("metric_id")
    # Aug 2025: 2024/25 has ended but is not published; SW08's 2023/24 is the latest
    assert card.loc["SW08", ["current_period", "rag"]].tolist() == ["2023/24", "Red"]
    assert "missing" not in card.loc["SW08", "dq_flags"]
    # CORP07 stops at 2022/23: in 2023/24 it is judged on 2022/23 (94.5 % against 95 %)
    earlier = evaluate(real_council, "2024-01").scorecard.set_index("metric_id")
    assert earlier.loc["CORP07", ["current_period", "rag"]].tolist() == ["2022/23", "Red"]
    # two years without a publication: the year just ended is due and missing
    assert card.loc["CORP07", ["current_period", "rag"]].tolist() == ["2024/25", "no data"]


def test_every_month_of_the_real_council_evaluates(real_council) -> None:
    months = pd.period_range("2016-07", "2025-08", freq="M")
    for month in months[::7].append(months[-1:]):
        evaluation = evaluate(real_council, str(month))
        card = evaluation.scorecard
        assert not (card["is_exception"] & card["is_success"]).any(), month
