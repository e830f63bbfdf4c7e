"""What a DMT reads on the sample council's October 2026 pack: consistent, workable judgements."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators import evaluate
from pmaf_lib.indicators.labels import ExceptionTier, SpcMode, YtdKind


def test_every_month_of_the_sample_evaluates(sample_council) -> None:
    months = sorted({p for p in sample_council.values["period"] if len(p) == 7 and p[4] == "-"})
    assert months[0] == "2022-04" and months[-1] == "2026-10"
    for month in months:
        card = evaluate(sample_council, month).scorecard
        assert not (card["is_exception"] & card["is_success"]).any(), month


def test_no_metric_is_both_an_exception_and_a_success(sample_evaluation) -> None:
    card = sample_evaluation.scorecard
    assert card["is_exception"].any() and card["is_success"].any()
    assert not (card["is_exception"] & card["is_success"]).any()


def test_every_exception_has_a_tier_and_reasons_in_words(sample_evaluation) -> None:
    card = sample_evaluation.scorecard
    exceptions = card[card["is_exception"]]
    assert set(exceptions["exception_tier"]) == {ExceptionTier.ACT_NOW, ExceptionTier.WATCH}
    assert card.loc[~card["is_exception"], "exception_tier"].isna().all()
    assert exceptions["exception_text"].str.len().gt(0).all()
    act_now = exceptions[exceptions["exception_tier"] == ExceptionTier.ACT_NOW]
    for reasons in act_now["exception_reasons"]:
        assert "red" in reasons and {"special cause concern", "assurance fail"} & set(reasons)


def test_no_exception_rests_on_a_forecast_whose_range_contains_the_target(
    sample_evaluation,
) -> None:
    card = sample_evaluation.scorecard
    forecast_only = card[card["exception_reasons"].map(lambda r: r == ("forecast miss",))]
    for row in forecast_only.itertuples():
        low, high, target = row.forecast_low, row.forecast_high, row.forecast_target
        assert not low <= target <= high, row.metric_id
    pln05 = card.set_index("metric_id").loc["PLN05"]
    assert "forecast miss" not in pln05["exception_reasons"]


def test_spc_exceptions_and_assurance_only_on_full_limits(sample_evaluation) -> None:
    card = sample_evaluation.scorecard
    partial = card[card["spc_mode"] != SpcMode.XMR]
    assert partial["spc_assurance"].isna().all()
    for reasons in partial["exception_reasons"]:
        assert not {"special cause concern", "improving, still off target"} & set(reasons)


def test_annual_metrics_are_run_charts_judged_against_the_drawn_target(
    sample_evaluation,
) -> None:
    card = sample_evaluation.scorecard.set_index("metric_id")
    history = sample_evaluation.history.set_index(["metric_id", "period"])
    for metric_id in ("PH05", "PH03", "CHS12", "LEI02", "ENV11", "PLN05"):
        row = card.loc[metric_id]
        assert row["spc_mode"] == SpcMode.RUN_CHART
        assert pd.isna(row["spc_assurance"]) and pd.isna(row["spc_variation"])
        # the target assurance would use is the one drawn for the period shown
        drawn = history.loc[(metric_id, row["current_period"]), "spc_target"]
        assert row["spc_target"] == drawn
    assert card.loc["PH05", "current_period"] == "2025/26"


def test_hsg04_is_analysed_and_judged_in_month(sample_evaluation) -> None:
    card = sample_evaluation.scorecard.set_index("metric_id")
    history = sample_evaluation.history
    hsg04 = history[(history["metric_id"] == "HSG04") & (history["period"] >= "2026-04")]
    assert list(hsg04["period"]) == [f"2026-{m:02d}" for m in range(4, 11)]
    # the analysed series is the in-month values, not the running total
    assert hsg04["spc_value"].sum() == card.loc["HSG04", "ytd_value"]
    assert (hsg04["upl"] < hsg04["value"].max()).all()
    # its target is the profile's in-month share, which sums to the cumulative target
    assert np.isclose(hsg04["spc_target"].sum(), hsg04["target"].iloc[-1])
    assert card.loc["HSG04", "ytd_kind"] == YtdKind.TOTAL


def test_limits_and_forecasts_stay_within_the_unit(sample_evaluation) -> None:
    card = sample_evaluation.scorecard
    history = sample_evaluation.history
    percent = card.loc[card["unit"] == "percent", "metric_id"]
    shown = history[history["metric_id"].isin(percent)]
    assert shown["lpl_shown"].dropna().ge(0).all() and shown["upl_shown"].dropna().le(100).all()
    assert card.loc[card["unit"] == "percent", "forecast_high"].dropna().le(100).all()
    counts = card.loc[card["unit"] == "number", "metric_id"]
    assert history.loc[history["metric_id"].isin(counts), "lpl_shown"].dropna().ge(0).all()
    # the computed limits are kept beside the shown ones
    clipped = history[history["lpl"] < history["lpl_shown"]]
    assert len(clipped) > 0


def test_ytd_is_labelled_by_kind(sample_evaluation) -> None:
    card = sample_evaluation.scorecard.set_index("metric_id")
    assert set(card["ytd_kind"]) <= set(YtdKind)
    assert card.loc["BEN01", "ytd_kind"] == YtdKind.RATE
    assert card.loc["BEN01", "unit"] == "days"
