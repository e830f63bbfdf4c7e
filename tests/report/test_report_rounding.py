"""Every figure shown beside a status, read as the reader sees it, gives that status.

The engine judges RAG on values rounded half up to the metric's decimals; the report must show
them rounded the same way, or "92.2 %" appears beside a Green badge for a 92.3 % target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

from pmaf_lib.indicators.labels import round_half_up
from pmaf_lib.report.formatting import format_value, rounded
from pmaf_lib.report.html import rag_badge
from pmaf_lib.report.sections import metric_facts
from pmaf_lib.report.sections.scorecard import scorecard_columns

_NUMBER = re.compile(r"(-?)£?([\d,]+(?:\.\d+)?)(bn|m)?")
_SCALE = {"": 1.0, "m": 1e6, "bn": 1e9}
JUDGED = {"Green", "Amber", "Red"}


def shown_number(text: str) -> float:
    """The number a reader reads in ``92.3%``, ``£1.2m``, ``21.4 days``, ``3.1 per 1,000``."""
    sign, digits, scale = _NUMBER.search(text).groups()
    return float(sign + digits.replace(",", "")) * _SCALE[scale or ""]


def _word(badge: str) -> str:
    return re.sub(r"<[^>]+>|[^\w ]", "", str(badge)).strip()


def _meets(value: float, target: float, polarity: str) -> bool:
    return value >= target if polarity == "higher" else value <= target


def _check(row: Mapping[str, Any], value: str, target: str, status: str, where: str) -> None:
    met = _meets(shown_number(value), shown_number(target), row["polarity"])
    assert met == (status == "Green"), (
        f"{row['metric_id']} {where}: {value} against {target} shown as {status}"
    )


def test_half_up_rounding_matches_the_status():
    assert format_value(92.25, "percent", 1) == "92.3%"
    assert format_value(-2.5, "number", 0) == "-3"
    assert format_value(2.675, "number", 2) == "2.68"  # 2.67499999... in binary


@pytest.mark.parametrize("figure", ["latest", "year to date"])
def test_every_scorecard_figure_gives_the_status_beside_it(sample_month, figure):
    columns = {c.label: c for c in scorecard_columns({})}
    checked = 0
    for row in sample_month.scorecard.to_dict("records"):
        if figure == "latest":
            status = _word(rag_badge(row["rag"]))
            if status not in JUDGED:
                continue
            value, target = columns["Value"].cell(row), columns["Target"].cell(row)
        else:
            status = _word(rag_badge(row["ytd_rag"]))
            if status not in JUDGED:
                continue
            text = str(metric_facts.year_to_date(row))
            value, target = re.sub(r"<[^>]+>", "", text).split(" against a target of ")
        _check(row, value, target, status, figure)
        checked += 1
    assert checked > 60


def test_formatting_rounds_each_number_exactly_as_the_engine():
    """``formatting.rounded`` (one number, pure Python) gives ``round_half_up``'s result bit
    for bit, so a figure never reads differently from the value the engine judged."""
    rng = np.random.default_rng(13)
    values = np.concatenate(
        [
            rng.normal(0, 1, 20_000),
            rng.normal(0, 1e6, 20_000),
            rng.uniform(-1000, 1000, 20_000).round(3),
            np.arange(-20_000, 20_000) / 100,
            np.arange(-20_000, 20_000) / 1000 + 0.0005,
            [0.0, -0.0, -1e-12, 0.5, -0.5, 2.5, 92.25, 1.005, 2.675, 1e15, 1e300, 5e-324],
            [math.inf, -math.inf],
        ]
    )
    for decimals in range(8):
        with np.errstate(over="ignore"):  # 1e300 scaled by 1e9
            expected = round_half_up(values, decimals)
            got = np.array([rounded(v, decimals) for v in values])
        assert np.array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(expected))  # -0 stays -0
    assert math.isnan(rounded(math.nan, 1))
