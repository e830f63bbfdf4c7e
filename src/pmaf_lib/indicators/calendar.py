"""Vectorised financial-year arithmetic on month ordinals (``year * 12 + month - 1``).

The scalar rules live in :mod:`pmaf_lib.periods`; these helpers apply the same rules to whole
arrays so the engine never loops over metrics. A period is held as the ordinal of its first
month plus its length in months ``k`` (1 monthly, 3 quarterly, 12 annual).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.periods import Frequency, Period

APRIL = 3  # ordinal offset of April within a calendar year


def ordinal_of(dates: pd.Series) -> np.ndarray:
    """Month ordinal of each date (the month containing it)."""
    stamps = pd.to_datetime(dates)
    return (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy(dtype=np.int64)


def fy_of(ordinal: np.ndarray) -> np.ndarray:
    """Start year of the financial year containing each month ordinal."""
    return (np.asarray(ordinal) - APRIL) // 12


def fy_month_index(ordinal: np.ndarray) -> np.ndarray:
    """Position of each month in its financial year: April = 1 ... March = 12."""
    return (np.asarray(ordinal) - APRIL) % 12 + 1


def fy_start_ordinal(fy: np.ndarray) -> np.ndarray:
    """Ordinal of April of financial year ``fy``."""
    return np.asarray(fy) * 12 + APRIL


def latest_ended(report_ordinal: int, months: np.ndarray) -> np.ndarray:
    """First-month ordinal of the latest period of length ``months`` ended by the report month."""
    months = np.asarray(months)
    return APRIL + months * ((report_ordinal - months + 1 - APRIL) // months)


def year_end_period(fy: np.ndarray, months: np.ndarray) -> np.ndarray:
    """First-month ordinal of the final period (March, Q4 or the year) of financial year ``fy``."""
    return fy_start_ordinal(fy) + 12 - np.asarray(months)


def months_of(frequency: pd.Series) -> np.ndarray:
    """Period length in months for each frequency name."""
    lengths = {f.value: f.months for f in Frequency}
    return frequency.map(lengths).to_numpy(dtype=np.int64)


def period_ids(ordinal: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Canonical period ids (``2025-09``, ``2025/26 Q2``, ``2025/26``) for ordinal/length pairs."""
    ordinal = np.asarray(ordinal, dtype=np.int64)
    months = np.asarray(months, dtype=np.int64)
    if ordinal.size == 0:
        return np.array([], dtype=object)
    pairs, inverse = np.unique(np.stack([ordinal, months], axis=1), axis=0, return_inverse=True)
    names = {1: Frequency.MONTHLY, 3: Frequency.QUARTERLY, 12: Frequency.ANNUAL}
    labels = np.array(
        [str(Period(int(o) // 12, int(o) % 12 + 1, names[int(k)])) for o, k in pairs],
        dtype=object,
    )
    return labels[inverse.ravel()]


def month_end(ordinal: np.ndarray) -> pd.DatetimeIndex:
    """Last calendar day of each month ordinal."""
    ordinal = np.asarray(ordinal, dtype=np.int64)
    first = pd.to_datetime({"year": ordinal // 12, "month": ordinal % 12 + 1, "day": 1})
    return pd.DatetimeIndex(first + pd.offsets.MonthEnd(0))
