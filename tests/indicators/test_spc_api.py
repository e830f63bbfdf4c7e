"""The public face of ``xmr``: columns, vocabularies, per-series parameters, icons, assurance."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.indicators import XmrResult, xmr

SERIES_DIR = Path(__file__).resolve().parents[1] / "data/nhs_ae/spc_series"
BASE = [10.0, 0.0] * 6  # fixed baseline: mean 5, LPL -21.6, UPL 31.6
POINT_COLUMNS = [
    "series_id", "date", "value", "rebase_group", "mean", "lpl", "upl",
    "special_cause_type", "point_type", "short_group_warning",
]  # fmt: skip


def frame(values: list[float], series_id: str = "s") -> pd.DataFrame:
    dates = pd.date_range("2022-01-01", periods=len(values), freq="MS")
    return pd.DataFrame({"series_id": series_id, "date": dates, "value": values})


def test_result_has_the_contract_columns_and_one_row_per_input_row() -> None:
    data = pd.concat([frame([3, 1, 2], "b"), frame([1, 2], "a")])
    result = xmr(data)
    assert isinstance(result, XmrResult)
    assert set(POINT_COLUMNS) <= set(result.points.columns)
    assert {"series_id", "variation_icon", "assurance", "date_gaps"} <= set(result.summary.columns)
    assert result.points["series_id"].tolist() == ["a", "a", "b", "b", "b"]
    assert result.summary["series_id"].tolist() == ["a", "b"]
    assert result.summary["n_points"].tolist() == [2, 3]


def test_caller_column_names_map_to_canonical_output_names() -> None:
    data = frame([1, 2, 3]).rename(columns={"series_id": "kpi", "date": "month", "value": "y"})
    data["month"] = data["month"].dt.strftime("%Y-%m-%d")  # strings are parsed
    points = xmr(data, series="kpi", date="month", value="y").points
    assert points["series_id"].tolist() == ["s"] * 3
    assert points["date"].tolist() == list(pd.date_range("2022-01-01", periods=3, freq="MS"))
    assert points["value"].tolist() == [1.0, 2.0, 3.0]


def test_vocabularies_are_exactly_the_references() -> None:
    points = xmr(frame([1, 2, 3])).points
    assert list(points["special_cause_type"].cat.categories) == [
        "Common Cause", "Above UCL", "Below LCL", "7 Point Trend (Increasing)",
        "7 Point Trend (Decreasing)", "2 in 3 Above CL", "2 in 3 Below CL",
        "7 Points Above CL", "7 Points Below CL",
    ]  # fmt: skip
    assert list(points["point_type"].cat.categories) == [
        "common_cause", "special_cause_improvement", "special_cause_concern",
        "special_cause_neutral_high", "special_cause_neutral_low",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("last", "direction", "icon"),
    [
        (5.0, "increase", "common_cause"),
        (40.0, "increase", "improvement_high"),
        (-30.0, "decrease", "improvement_low"),
        (40.0, "decrease", "concern_high"),
        (-30.0, "increase", "concern_low"),
        (40.0, "neutral", "neutral_high"),
        (-30.0, "neutral", "neutral_low"),
    ],
)
def test_variation_icon_comes_from_the_last_point(last: float, direction: str, icon: str) -> None:
    summary = xmr(frame([*BASE, last]), improvement_direction=direction, fix_after_n_points=12)
    assert summary.summary["variation_icon"].tolist() == [icon]


def test_special_causes_before_a_common_last_point_give_the_common_icon() -> None:
    summary = xmr(frame([*BASE, 40.0, 5.0]), fix_after_n_points=12).summary
    assert summary["variation_icon"].tolist() == ["common_cause"]


@pytest.mark.parametrize(
    ("target", "direction", "assurance"),
    [
        (32.0, "increase", "consistent_fail"),
        (-22.0, "increase", "consistent_pass"),
        (32.0, "decrease", "consistent_pass"),
        (-22.0, "decrease", "consistent_fail"),
        (5.0, "increase", "inconsistent"),
        (5.0 + 2.66 * 10, "increase", "inconsistent"),  # exactly on UPL
        (5.0 - 2.66 * 10, "decrease", "inconsistent"),  # exactly on LPL
    ],
)
def test_assurance_compares_the_target_with_the_last_limits(target, direction, assurance) -> None:
    result = xmr(frame(BASE), target=target, improvement_direction=direction, fix_after_n_points=12)
    assert result.summary["assurance"].tolist() == [assurance]
    assert (result.points["target"] == target).all()


def test_assurance_uses_the_latest_rebase_group() -> None:
    data = frame(BASE + [100.0, 110.0] * 6)
    rebased = xmr(data, rebase=[data["date"].iloc[12]], target=50.0)
    assert rebased.summary["assurance"].tolist() == ["consistent_pass"]  # group 2: 105 -/+ 26.6


def test_no_target_or_neutral_means_no_assurance() -> None:
    assert xmr(frame(BASE)).summary["assurance"].isna().all()
    neutral = xmr(frame(BASE), target=100.0, improvement_direction="neutral")
    assert neutral.summary["assurance"].isna().all()


def test_per_series_parameters() -> None:
    data = pd.concat([frame([*BASE, 40.0], "up"), frame([*BASE, 40.0], "down"), frame(BASE, "n")])
    result = xmr(
        data,
        improvement_direction={"down": "decrease", "n": "neutral", "not in data": "increase"},
        target={"up": 100.0, "down": 100.0},
        rebase={"n": ["2022-07-01"]},
        fix_after_n_points=12,
    )
    summary = result.summary.set_index("series_id")
    assert summary.loc["up", "variation_icon"] == "improvement_high"  # unnamed: increase
    assert summary.loc["down", "variation_icon"] == "concern_high"
    assert summary.loc["up", "assurance"] == "consistent_fail"
    assert summary.loc["down", "assurance"] == "consistent_pass"
    assert pd.isna(summary.loc["n", "assurance"])  # neutral and no target
    groups = result.points.groupby("series_id")["rebase_group"].max()
    assert groups.to_dict() == {"down": 0, "n": 1, "up": 0}


def test_series_missing_from_a_target_mapping_has_no_assurance() -> None:
    data = pd.concat([frame(BASE, "a"), frame(BASE, "b")])
    summary = xmr(data, target={"a": 100.0}).summary
    assert summary["assurance"].tolist()[0] == "consistent_fail"
    assert pd.isna(summary["assurance"].tolist()[1])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"improvement_direction": "up"},
        {"improvement_direction": {"s": "higher"}},
        {"target": "high"},
        {"screen_outliers": "yes"},
        {"series": "nope"},
    ],
)
def test_bad_parameters_are_errors(kwargs) -> None:
    with pytest.raises(ValueError):
        xmr(frame([1, 2, 3]), **kwargs)


def test_missing_series_ids_or_dates_are_errors() -> None:
    data = frame([1, 2, 3])
    with pytest.raises(ValueError, match="series"):
        xmr(data.assign(series_id=["s", None, "s"]))
    with pytest.raises(ValueError, match="dates"):
        xmr(data.assign(date=[data["date"].iloc[0], pd.NaT, data["date"].iloc[2]]))


def test_empty_input_gives_empty_frames() -> None:
    empty = frame([]).astype({"value": float})
    result = xmr(empty)
    assert result.points.empty and result.summary.empty


def test_integer_series_ids_and_values() -> None:
    data = pd.DataFrame(
        {"series_id": [7, 7, 7], "date": frame([1, 2, 3])["date"], "value": [1, 2, 3]}
    )
    points = xmr(data, target={7: 1.0}).points
    assert points["series_id"].tolist() == [7, 7, 7] and (points["target"] == 1.0).all()


def test_ras_breaches_limits_by_plain_python() -> None:
    """Cross-check one real series with arithmetic anyone can follow."""
    data = pd.read_csv(SERIES_DIR / "RAS_breaches.csv", parse_dates=["date"])
    ys = [float(v) for v in data.sort_values("date")["value"]]
    mean = sum(ys) / len(ys)
    mrs = [abs(b - a) for a, b in itertools.pairwise(ys)]
    mean_mr = sum(mrs) / len(mrs)
    kept = [m for m in mrs if m < 3.267 * mean_mr]
    screened = sum(kept) / len(kept)
    points = xmr(data, improvement_direction="decrease").points
    np.testing.assert_allclose(points["mean"], mean, rtol=1e-12)
    np.testing.assert_allclose(points["lpl"], mean - 2.66 * screened, rtol=1e-12)
    np.testing.assert_allclose(points["upl"], mean + 2.66 * screened, rtol=1e-12)
    labels = points["special_cause_type"]
    assert ((labels == "Above UCL") == (points["value"] > points["upl"])).all()
    assert ((labels == "Below LCL") == (points["value"] < points["lpl"])).all()


def test_rjz_perf_rebase_groups_of_twelve_are_warned() -> None:
    data = pd.read_csv(SERIES_DIR / "RJZ_perf_rebase2.csv", parse_dates=["date"])
    points = xmr(data, rebase=["2017-04-01", "2018-04-01"]).points
    assert points.groupby("rebase_group").size().tolist() == [12, 12, 12]
    assert points["short_group_warning"].all()
    for _, group in points.groupby("rebase_group"):
        ys = group["value"].tolist()
        assert group["mean"].iloc[0] == pytest.approx(sum(ys) / 12, rel=1e-12)
