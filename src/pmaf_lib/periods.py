"""Reporting periods on the UK local-government financial year (April to March).

Canonical notation (what pmaf writes):

* month: ``2025-09``
* quarter of a financial year: ``2025/26 Q2`` (Q1 = Apr-Jun ... Q4 = Jan-Mar)
* financial year: ``2025/26`` (1 April 2025 to 31 March 2026)

:func:`parse_period` also accepts what analysts type: ``Sep 2025``, ``September 2025``,
``Sep-25``, ``2025-09-30`` or a date/datetime (the month containing it), ``Q2 2025/26``,
``2025-26 Q2``, ``2025/2026 Q2``, ``FY2025/26``, ``2025-26`` and ``2025/2026``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering

import pandas as pd

from pmaf_lib.errors import PeriodError

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_LOOKUP = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTH_LOOKUP.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTH_NAMES)})
_MONTH_LOOKUP["sept"] = 9


class Frequency(StrEnum):
    """How often a metric is reported."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def months(self) -> int:
        """Number of months one period of this frequency spans."""
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A month, financial-year quarter or financial year.

    ``start`` is the first calendar month (as ``(year, month)``) and ``frequency`` the length.
    """

    year: int
    month: int
    frequency: Frequency

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def month_of(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"month {month} is not between 1 and 12")
        return cls(year, month, Frequency.MONTHLY)

    @classmethod
    def quarter_of(cls, fy_start_year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"quarter {quarter} is not between 1 and 4")
        month = 4 + 3 * (quarter - 1)
        year = fy_start_year + (month > 12)
        return cls(year, (month - 1) % 12 + 1, Frequency.QUARTERLY)

    @classmethod
    def financial_year(cls, fy_start_year: int) -> Period:
        return cls(fy_start_year, 4, Frequency.ANNUAL)

    # -- properties ---------------------------------------------------------------------------
    @property
    def fy_start_year(self) -> int:
        """Calendar year in which this period's financial year starts."""
        return self.year if self.month >= 4 else self.year - 1

    @property
    def fy_label(self) -> str:
        y = self.fy_start_year
        return f"{y}/{(y + 1) % 100:02d}"

    @property
    def quarter(self) -> int:
        """Financial-year quarter (1-4) containing the period's first month."""
        return (self.month - 4) % 12 // 3 + 1

    @property
    def fy_month_index(self) -> int:
        """Position of the period's first month in the financial year (April = 1 ... March = 12)."""
        return (self.month - 4) % 12 + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        """Last calendar day of the period."""
        last = self.last_month
        nxt = last.shift(1)
        return dt.date(nxt.year, nxt.month, 1) - dt.timedelta(days=1)

    @property
    def last_month(self) -> Period:
        """The final month of the period."""
        return Period.month_of(self.year, self.month).shift(self.frequency.months - 1)

    @property
    def ordinal(self) -> int:
        """Months since year 0 of the period's first month (handy for vectorised maths)."""
        return self.year * 12 + self.month - 1

    # -- arithmetic ---------------------------------------------------------------------------
    def shift(self, n: int) -> Period:
        """The period ``n`` steps later (earlier if negative) at the same frequency."""
        total = self.ordinal + n * self.frequency.months
        return Period(total // 12, total % 12 + 1, self.frequency)

    def previous(self) -> Period:
        return self.shift(-1)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.month, self.frequency)

    def containing(self, frequency: Frequency | str) -> Period:
        """The period of ``frequency`` that contains this period's first month."""
        frequency = Frequency(frequency)
        if frequency is Frequency.MONTHLY:
            return Period.month_of(self.year, self.month)
        if frequency is Frequency.QUARTERLY:
            return Period.quarter_of(self.fy_start_year, self.quarter)
        return Period.financial_year(self.fy_start_year)

    def months(self) -> list[Period]:
        """Every month in the period, in order."""
        first = Period.month_of(self.year, self.month)
        return [first.shift(i) for i in range(self.frequency.months)]

    def contains(self, other: Period) -> bool:
        return self.ordinal <= other.ordinal and other.last_month.ordinal <= self.last_month.ordinal

    # -- text ---------------------------------------------------------------------------------
    def __str__(self) -> str:
        if self.frequency is Frequency.MONTHLY:
            return f"{self.year:04d}-{self.month:02d}"
        if self.frequency is Frequency.QUARTERLY:
            return f"{self.fy_label} Q{self.quarter}"
        return self.fy_label

    @property
    def label(self) -> str:
        """Label for reports: ``Sep 2025``, ``Jul-Sep 2025 (2025/26 Q2)``, ``2025/26``."""
        if self.frequency is Frequency.MONTHLY:
            return f"{MONTH_NAMES[self.month - 1][:3]} {self.year}"
        if self.frequency is Frequency.QUARTERLY:
            last = self.last_month
            return (
                f"{MONTH_NAMES[self.month - 1][:3]}-{MONTH_NAMES[last.month - 1][:3]} "
                f"{last.year} ({self})"
            )
        return f"{self.fy_label}"

    @property
    def long_label(self) -> str:
        """``September 2025``, ``2025/26 Q2`` or ``2025/26``."""
        if self.frequency is Frequency.MONTHLY:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return str(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.ordinal, self.frequency.months) < (other.ordinal, other.frequency.months)


_RE_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_RE_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_RE_DATE_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_RE_MONTH_NAME = re.compile(r"^([A-Za-z]+)[\s\-/]*'?(\d{2}|\d{4})$")
_FY = r"(?:FY\s*)?(\d{4})\s*[/\-]\s*(\d{2}|\d{4})"
_RE_FY = re.compile(rf"^{_FY}$", re.IGNORECASE)
_RE_QUARTER_AFTER = re.compile(rf"^{_FY}[\s\-]*Q([1-4])$", re.IGNORECASE)
_RE_QUARTER_BEFORE = re.compile(rf"^Q([1-4])[\s\-]*{_FY}$", re.IGNORECASE)


def _fy_start(first: str, second: str) -> int:
    start = int(first)
    end = int(second)
    expected = start + 1
    if (len(second) == 2 and end != expected % 100) or (len(second) == 4 and end != expected):
        raise PeriodError(f"financial year {first}/{second} does not run over consecutive years")
    return start


def parse_period(value: object) -> Period:
    """Parse anything an analyst might type, or a date, into a :class:`Period`.

    Raises :class:`PeriodError` with a message naming the accepted forms.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return Period.month_of(value.year, value.month)
    text = str(value).strip()
    try:
        if (m := _RE_MONTH_ISO.match(text)) and int(m[2]) <= 12:
            return Period.month_of(int(m[1]), int(m[2]))
        if m := _RE_DATE_ISO.match(text):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Period.month_of(day.year, day.month)
        if m := _RE_DATE_UK.match(text):
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
            return Period.month_of(day.year, day.month)
        if m := _RE_QUARTER_AFTER.match(text):
            return Period.quarter_of(_fy_start(m[1], m[2]), int(m[3]))
        if m := _RE_QUARTER_BEFORE.match(text):
            return Period.quarter_of(_fy_start(m[2], m[3]), int(m[1]))
        if m := _RE_FY.match(text):
            return Period.financial_year(_fy_start(m[1], m[2]))
        if (m := _RE_MONTH_NAME.match(text)) and m[1].lower() in _MONTH_LOOKUP:
            year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
            return Period.month_of(year, _MONTH_LOOKUP[m[1].lower()])
    except ValueError as exc:  # invalid calendar date, bad month, inconsistent FY
        raise PeriodError(f"{text!r} is not a valid period: {exc}") from exc
    raise PeriodError(
        f"{text!r} is not a period; expected a month (2025-09 or Sep 2025), "
        "a quarter (2025/26 Q2) or a financial year (2025/26)"
    )


def financial_year_months(fy_start_year: int) -> list[Period]:
    """The twelve months April..March of a financial year."""
    return Period.financial_year(fy_start_year).months()


# -- due dates as plans write them ------------------------------------------------------------
_RE_YEAR = re.compile(r"^(\d{4})$")
_NO_DATE = {"tbc", "tba", "tbd", "to be confirmed", "no date", "no date set"}
DUE_EXAMPLE = (
    "a date (2024-10-31), a month (2024-10 or Oct 2024), a quarter (2024/25 Q3), "
    "a financial year (2024/25), a calendar year (2023) or TBC"
)


@dataclass(frozen=True, slots=True)
class DueDate:
    """A milestone's due date at the precision the plan states it.

    ``precision`` is ``day``, ``month``, ``quarter``, ``financial year``, ``year`` or ``tbc``;
    ``end`` is the last day of the stated period (None for TBC), the day after which the
    milestone is overdue; ``label`` is how reports show it (``Oct 2024``, ``2024/25 Q3``,
    ``no date set``).
    """

    precision: str
    end: dt.date | None
    label: str

    @property
    def is_set(self) -> bool:
        return self.end is not None

    def __str__(self) -> str:
        return self.label


TBC = DueDate("tbc", None, "no date set")


def parse_due(value: object) -> DueDate:
    """A due date as a plan writes it (see :data:`DUE_EXAMPLE`); raises :class:`PeriodError`."""
    if isinstance(value, DueDate):
        return value
    if isinstance(value, pd.Timestamp | dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DueDate("day", value, f"{value.day} {MONTH_NAMES[value.month - 1][:3]} {value.year}")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = str(value).strip()
    if text.lower().rstrip(".") in _NO_DATE:
        return TBC
    if m := _RE_YEAR.match(text):
        return DueDate("year", dt.date(int(m[1]), 12, 31), m[1])
    day = _due_day(text)
    if day is not None:
        return parse_due(day)
    try:
        period = parse_period(text)
    except PeriodError:
        raise PeriodError(f"{text!r} is not a due date; expected {DUE_EXAMPLE}") from None
    precision = {"monthly": "month", "quarterly": "quarter", "annual": "financial year"}
    return DueDate(precision[period.frequency.value], period.end, period.label)


def _due_day(text: str) -> dt.date | None:
    """A full date (ISO, UK or written out); None when ``text`` names no single day."""
    try:
        if m := _RE_DATE_ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _RE_DATE_UK.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError as exc:
        raise PeriodError(f"{text!r} is not a valid date: {exc}") from exc
    for fmt in ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d %b %y", "%d %B, %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
