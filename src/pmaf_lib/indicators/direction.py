"""Direction of travel: the current headline against an earlier one.

Both values are rounded to the metric's decimals first. The change is **material** when
``|current - earlier| >= threshold`` (a change exactly on the threshold counts), where

* ``threshold = 0.5`` percentage points for ``percent`` metrics, and
* ``threshold = 1%`` of ``|earlier|`` for every other unit,

and never less than one unit of the last displayed decimal (``10 ** -decimals``), so a change
the reader cannot see is never reported. A material change is ``improving`` or ``worsening``
according to polarity; for ``polarity = none`` it is ``higher`` or ``lower``. Anything else is
``no change``; a missing value on either side is ``no comparison``. The comparison period is
the metric's own previous period (month, quarter or year) or the same period a year earlier.
"""

from __future__ import annotations

import numpy as np

from pmaf_lib.indicators.labels import Travel, round_half_up

PERCENT_POINTS = 0.5
RELATIVE_SHARE = 0.01
_EPS = 1e-9


def threshold(earlier: np.ndarray, unit: np.ndarray, decimals: np.ndarray | int) -> np.ndarray:
    """The "no material change" threshold for each comparison."""
    earlier = np.asarray(earlier, dtype=float)
    rule = np.where(
        np.asarray(unit, dtype=object) == "percent",
        PERCENT_POINTS,
        RELATIVE_SHARE * np.abs(earlier),
    )
    return np.maximum(rule, 10.0 ** -np.asarray(decimals, dtype=float))


def direction(
    current: np.ndarray,
    earlier: np.ndarray,
    polarity: np.ndarray,
    unit: np.ndarray,
    decimals: np.ndarray | int,
) -> np.ndarray:
    """Direction of travel per element (see the module rules)."""
    current = round_half_up(current, decimals)
    earlier = round_half_up(earlier, decimals)
    change = current - earlier
    limit = threshold(earlier, unit, decimals)
    material = np.abs(change) >= limit - _EPS * np.maximum(1.0, limit)
    polarity = np.broadcast_to(np.asarray(polarity, dtype=object), current.shape)
    up = change > 0
    better = np.where(polarity == "lower", ~up, up)
    judged = np.where(
        polarity == "none",
        np.where(up, Travel.HIGHER, Travel.LOWER),
        np.where(better, Travel.IMPROVING, Travel.WORSENING),
    )
    return np.select(
        [np.isnan(change), ~material], [Travel.NO_COMPARISON, Travel.NO_CHANGE], judged
    ).astype(object)
