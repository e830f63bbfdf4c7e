"""The sample's calendar: plan years 2022/23-2026/27, data from April 2022 to October 2026."""

from __future__ import annotations

import datetime as dt

from pmaf_lib.periods import Frequency, Period

FIRST_FY = 2022
PLAN_FYS = tuple(range(FIRST_FY, FIRST_FY + 5))  # 2022/23 .. 2026/27
FIRST_MONTH = Period.month_of(FIRST_FY, 4)
AS_AT = Period.month_of(2026, 10)  # the latest month with data
CURRENT_FY = AS_AT.fy_start_year


def fy_label(fy: int) -> str:
    return Period.financial_year(fy).fy_label


def reported_periods(frequency: str) -> list[Period]:
    """Every period of ``frequency`` that has ended by :data:`AS_AT` since April 2022."""
    freq = Frequency(frequency)
    period = FIRST_MONTH.containing(freq)
    out: list[Period] = []
    while period.last_month <= AS_AT:
        out.append(period)
        period = period.shift(1)
    return out


def months_from_start(period: Period) -> int:
    """Months between April 2022 and the period's last month."""
    return period.last_month.ordinal - FIRST_MONTH.ordinal


def working_day(month: Period, n: int) -> dt.date:
    """The ``n``-th working day (Monday-Friday) of ``month``; past the month it runs on."""
    day = month.start
    count = 0
    while True:
        if day.weekday() < 5:
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)
