"""Financial-year periods: notation, what analysts type, arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from pmaf_lib.periods import Frequency, Period, PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2025-09", "2025-09"),
        ("Sep 2025", "2025-09"),
        ("September 2025", "2025-09"),
        ("sept 2025", "2025-09"),
        ("Sep-25", "2025-09"),
        ("2025-09-30", "2025-09"),
        ("30/09/2025", "2025-09"),
        ("2025/26 Q2", "2025/26 Q2"),
        ("Q2 2025/26", "2025/26 Q2"),
        ("2025-26 Q2", "2025/26 Q2"),
        ("2025/2026 Q4", "2025/26 Q4"),
        ("2025/26", "2025/26"),
        ("2025-26", "2025/26"),
        ("FY2025/26", "2025/26"),
        ("2025/2026", "2025/26"),
    ],
)
def test_parses_what_analysts_type(text: str, canonical: str):
    assert str(parse_period(text)) == canonical


def test_dates_become_their_month():
    assert str(parse_period(dt.date(2026, 3, 31))) == "2026-03"
    assert str(parse_period(dt.datetime(2024, 2, 1, 0, 0))) == "2024-02"


@pytest.mark.parametrize(
    "bad", ["2025-13", "Smarch 2025", "2025/27", "Q5 2025/26", "", "31/02/2025"]
)
def test_rejects_nonsense_with_the_accepted_forms(bad: str):
    with pytest.raises(PeriodError) as err:
        parse_period(bad)
    assert repr(bad) in str(err.value)


def test_quarters_follow_the_financial_year():
    q1 = parse_period("2025/26 Q1")
    assert (q1.start, q1.end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    q4 = parse_period("2025/26 Q4")
    assert (q4.start, q4.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert parse_period("2026-02").containing(Frequency.QUARTERLY) == q4
    assert parse_period("2026-02").fy_label == "2025/26"


def test_arithmetic_and_labels():
    sep = parse_period("2025-09")
    assert str(sep.previous()) == "2025-08"
    assert str(sep.same_period_last_year()) == "2024-09"
    assert str(parse_period("2025/26 Q1").previous()) == "2024/25 Q4"
    assert sep.fy_month_index == 6
    assert sep.label == "Sep 2025"
    assert parse_period("2025/26 Q2").label == "Jul-Sep 2025 (2025/26 Q2)"
    year = Period.financial_year(2025)
    assert [str(m) for m in year.months()][::11] == ["2025-04", "2026-03"]
    assert year.contains(sep) and not year.contains(parse_period("2026-04"))
    assert sorted([parse_period("2025/26"), sep, parse_period("2025-04")])[0] == parse_period(
        "2025-04"
    )
