"""``xmr`` against a slow, literal reading of spc_spec.md sections 2.2-2.8 (plus pmaf's section 5).

The oracle below loops point by point and window by window exactly as the spec words it, with
exact rational means; the vectorised engine must give the same limits (to 1e-12) and the same
label and point type for every point, on real series and on random ones.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmaf_lib.indicators import xmr

SERIES_DIR = Path(__file__).resolve().parents[1] / "data/nhs_ae/spc_series"
SIDE_WORDS = {1: "Above", -1: "Below"}


def _exact_mean(xs: list[float]) -> float:
    return float(sum(map(Fraction, xs)) / len(xs)) if xs else math.nan


def oracle_group(
    ys: list[float], fix: int | None, screen: bool
) -> tuple[float, float, float, list[str]]:
    """Mean, LPL, UPL and labels of one rebase group, straight from the spec's words."""
    n = len(ys)
    base = [y if fix is None or j < fix else math.nan for j, y in enumerate(ys)]
    mean = _exact_mean([y for y in base if not math.isnan(y)])
    mrs = [
        abs(base[j] - base[j - 1])
        for j in range(1, n)
        if not (math.isnan(base[j]) or math.isnan(base[j - 1]))
    ]
    amr = _exact_mean(mrs)
    if screen and mrs:
        kept = [m for m in mrs if m < 3.267 * amr]
        amr = _exact_mean(kept) if kept else 0.0  # pmaf: a constant baseline has limits = mean
    lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
    nlpl, nupl = mean - (2 * (2.66 / 3)) * amr, mean + (2 * (2.66 / 3)) * amr
    missing = [math.isnan(y) for y in ys]
    outside = [not m and (y > upl or y < lpl) for y, m in zip(ys, missing, strict=True)]
    side = [0 if m else (y > mean) - (y < mean) for y, m in zip(ys, missing, strict=True)]
    close = [
        not m and not o and (y < nlpl or y > nupl)
        for y, m, o in zip(ys, missing, outside, strict=True)
    ]
    trend, shift, two3 = [False] * n, [False] * n, [False] * n
    for j in range(n - 6):
        window = range(j, j + 7)
        steps = [ys[i + 1] - ys[i] for i in range(j, j + 6)]
        if all(s > 0 for s in steps) or all(s < 0 for s in steps):
            for i in window:
                trend[i] = True
        if side[j] != 0 and all(side[i] == side[j] for i in window):
            for i in window:
                shift[i] = True
    for j in range(n - 2):
        window = range(j, j + 3)
        if sum(close[i] for i in window) >= 2 and abs(sum(side[i] for i in window)) == 3:
            for i in window:
                two3[i] = two3[i] or close[i]
    labels = []
    for i in range(n):
        if outside[i]:
            labels.append("Above UCL" if side[i] == 1 else "Below LCL")
        elif trend[i]:
            nxt = i + 1 < n and trend[i + 1]
            step = ys[i + 1] - ys[i] if nxt else ys[i] - ys[i - 1]
            labels.append(f"7 Point Trend ({'Increasing' if step > 0 else 'Decreasing'})")
        elif two3[i]:
            labels.append(f"2 in 3 {SIDE_WORDS[side[i]]} CL")
        elif shift[i]:
            labels.append(f"7 Points {SIDE_WORDS[side[i]]} CL")
        else:
            labels.append("Common Cause")
    return mean, lpl, upl, labels


def oracle_point_type(label: str, direction: str) -> str:
    s = 1 if ("Above" in label or "Increasing" in label) else -1 if label != "Common Cause" else 0
    if s == 0:
        return "common_cause"
    if direction == "neutral":
        return "special_cause_neutral_high" if s > 0 else "special_cause_neutral_low"
    good = s * (1 if direction == "increase" else -1) > 0
    return "special_cause_improvement" if good else "special_cause_concern"


def assert_matches_oracle(
    points: pd.DataFrame, fix: int | None, screen: bool, directions: dict[str, str]
) -> None:
    for (series_id, _), group in points.groupby(["series_id", "rebase_group"], sort=False):
        mean, lpl, upl, labels = oracle_group(group["value"].tolist(), fix, screen)
        for column, expected in (("mean", mean), ("lpl", lpl), ("upl", upl)):
            np.testing.assert_allclose(group[column], expected, rtol=1e-12, atol=0, equal_nan=True)
        assert group["special_cause_type"].tolist() == labels, series_id
        direction = directions.get(series_id, "increase")
        assert group["point_type"].tolist() == [oracle_point_type(x, direction) for x in labels]


def series_parameters(name: str) -> dict:
    """Parameters implied by a spc_series file name."""
    params: dict = {"screen_outliers": "noscreen" not in name}
    if "_breaches" in name:
        params["improvement_direction"] = "decrease"
    if "neutral" in name:
        params["improvement_direction"] = "neutral"
    for part in name.split("_"):
        if part.startswith("fix") and part[3:].isdigit():
            params["fix_after_n_points"] = int(part[3:])
        if part.startswith("t") and part[1:].isdigit():
            digits = part[1:]
            params["target"] = float(f"0.{digits[1:]}") if digits.startswith("0") else float(digits)
    if name.endswith("target05"):
        params["target"] = 0.5
    if "rebase1" in name:
        params["rebase"] = ["2017-04-01"]
    if "rebase2" in name:
        params["rebase"] = ["2017-04-01", "2018-04-01"]
    if "rebase_absent_date" in name:
        params["rebase"] = ["2019-06-30"]
    return params


SERIES_FILES = sorted(SERIES_DIR.glob("*.csv"))


@pytest.mark.parametrize("path", SERIES_FILES, ids=[p.stem for p in SERIES_FILES])
def test_real_and_synthetic_series_match_the_oracle(path: Path) -> None:
    data = pd.read_csv(path, parse_dates=["date"])
    params = series_parameters(path.stem)
    result = xmr(data, **params)
    assert len(result.points) == len(data)
    direction = params.get("improvement_direction", "increase")
    assert_matches_oracle(
        result.points,
        params.get("fix_after_n_points"),
        params["screen_outliers"],
        {path.stem: direction},
    )


def test_series_files_are_all_present() -> None:
    assert len(SERIES_FILES) >= 70


# Rounded floats: the oracle's exact sums and R's long-double ones only part ways when values
# cancel beyond 64-bit precision (e.g. 1, -1, 1e-98), which no performance series does.
values_strategy = st.lists(
    st.one_of(
        st.integers(-4, 4).map(float),
        st.just(math.nan),
        st.floats(-10, 10).map(lambda v: round(v, 3)),
    ),
    min_size=1,
    max_size=45,
)


@settings(max_examples=300, deadline=None)
@given(
    series=st.lists(values_strategy, min_size=1, max_size=4),
    rebase_rows=st.lists(st.integers(0, 44), max_size=3),
    fix=st.sampled_from([None, 12, 14]),
    screen=st.booleans(),
    direction=st.sampled_from(["increase", "decrease", "neutral"]),
)
def test_random_series_match_the_oracle(series, rebase_rows, fix, screen, direction) -> None:
    dates = pd.date_range("2020-04-01", periods=45, freq="MS")
    frames = [
        pd.DataFrame({"series_id": f"s{i}", "date": dates[: len(v)], "value": v})
        for i, v in enumerate(series)
    ]
    data = pd.concat(frames, ignore_index=True)
    result = xmr(
        data,
        improvement_direction=direction,
        rebase=list(dates[rebase_rows]) or None,
        fix_after_n_points=fix,
        screen_outliers=screen,
    )
    assert_matches_oracle(result.points, fix, screen, {f"s{i}": direction for i in range(4)})
