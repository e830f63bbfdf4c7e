"""Red / Amber / Green status against target.

Rules, applied to whole arrays:

1. ``not due`` when the metric's current period is not in the current financial year; then
   ``no data`` when there is no headline value; then ``no target`` when there is no target or
   the metric has no polarity (a context measure cannot pass or fail).
2. The value and the target are first **rounded to the metric's decimals** (half away from
   zero), so what the reader sees decides the colour.
3. The amber band has width ``w = tolerance`` (``absolute``, metric units) or
   ``w = tolerance / 100 * |target|`` (``relative``, percent of the target). The amber limit is
   ``target - w`` for higher-is-better and ``target + w`` for lower-is-better.
4. Higher is better: ``value >= target`` is Green (exactly on target is Green);
   ``amber_limit <= value < target`` is Amber (exactly on the tolerance edge is Amber); below
   the edge is Red. Lower is better mirrors it. With zero tolerance anything off target is Red.
5. A ``band`` metric and a directional target (``increase``, ``decrease``, ``maintain``) are
   judged by :func:`band_rag` and :func:`directional_rag`; :func:`judge` picks the rule for
   each row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.direction import threshold
from pmaf_lib.indicators.labels import Rag, round_half_up

_EPS = 1e-9


def tolerance_width(
    reference: np.ndarray, tolerance: np.ndarray, tolerance_type: np.ndarray
) -> np.ndarray:
    """Width of the amber band: ``tolerance`` metric units (``absolute``) or percent of
    ``reference`` (``relative``)."""
    tolerance = np.nan_to_num(np.asarray(tolerance, dtype=float))
    relative = np.asarray(tolerance_type, dtype=object) != "absolute"
    return np.where(relative, tolerance / 100.0 * np.abs(reference), tolerance)


def amber_limit(
    target: np.ndarray, tolerance: np.ndarray, tolerance_type: np.ndarray, polarity: np.ndarray
) -> np.ndarray:
    """Edge of the amber band (equal to the target when the tolerance is zero)."""
    target = np.asarray(target, dtype=float)
    width = tolerance_width(target, tolerance, tolerance_type)
    sign = np.where(np.asarray(polarity, dtype=object) == "lower", 1.0, -1.0)
    return target + sign * width


def rag(
    value: np.ndarray,
    target: np.ndarray,
    tolerance: np.ndarray,
    tolerance_type: np.ndarray,
    polarity: np.ndarray,
    decimals: np.ndarray | int,
    due: np.ndarray | bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """RAG status and amber limit per element (see the module rules)."""
    value = round_half_up(value, decimals)
    target = round_half_up(target, decimals)
    polarity = np.broadcast_to(np.asarray(polarity, dtype=object), value.shape)
    limit = amber_limit(target, tolerance, tolerance_type, polarity)
    higher = polarity == "higher"
    scale = _EPS * np.maximum(1.0, np.abs(np.nan_to_num(target)))
    on_target = np.where(higher, value >= target - scale, value <= target + scale)
    in_band = np.where(higher, value >= limit - scale, value <= limit + scale)
    judged = np.where(on_target, Rag.GREEN, np.where(in_band, Rag.AMBER, Rag.RED))
    status = np.select(
        [
            ~np.broadcast_to(np.asarray(due, dtype=bool), value.shape),
            np.isnan(value),
            np.isnan(target) | ~np.isin(polarity, ["higher", "lower"]),
        ],
        [Rag.NOT_DUE, Rag.NO_DATA, Rag.NO_TARGET],
        judged,
    ).astype(object)
    judgeable = ~np.isnan(target) & np.isin(polarity, ["higher", "lower"])
    return status, np.where(judgeable, limit, np.nan)


def band_rag(
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    tolerance: np.ndarray,
    tolerance_type: np.ndarray,
    decimals: np.ndarray | int,
) -> np.ndarray:
    """A ``band`` metric: Green inside ``low``-``high`` (edges included); outside, Amber when
    the distance to the nearer edge is within the tolerance (``absolute``: metric units;
    ``relative``: percent of that edge), else Red. ``no target`` without a band."""
    value = round_half_up(value, decimals)
    low = round_half_up(low, decimals)
    high = round_half_up(high, decimals)
    below = value < low
    edge = np.where(below, low, high)
    distance = np.where(below, low - value, value - high)
    width = tolerance_width(edge, tolerance, tolerance_type)
    scale = _EPS * np.maximum(1.0, np.abs(np.nan_to_num(edge)))
    judged = np.where(
        distance <= scale, Rag.GREEN, np.where(distance <= width + scale, Rag.AMBER, Rag.RED)
    )
    return np.select(
        [np.isnan(value), np.isnan(low) | np.isnan(high)], [Rag.NO_DATA, Rag.NO_TARGET], judged
    ).astype(object)


def directional_rag(
    value: np.ndarray,
    year_earlier: np.ndarray,
    direction: np.ndarray,
    polarity: np.ndarray,
    unit: np.ndarray,
    decimals: np.ndarray | int,
) -> np.ndarray:
    """A directional target (``increase``, ``decrease``, ``maintain``) against the same period
    a year earlier, with the direction-of-travel "no material change" threshold.

    ``increase``: Green when it rose by at least the threshold, Amber when it did not change
    materially, Red when it fell by at least the threshold; ``decrease`` mirrors it;
    ``maintain``: Red when it moved materially the worse way (by polarity), else Green.
    ``no target`` when there is no value a year earlier to judge against.
    """
    value = round_half_up(value, decimals)
    earlier = round_half_up(year_earlier, decimals)
    change = value - earlier
    limit = threshold(earlier, unit, decimals)
    material = np.abs(change) >= limit - _EPS * np.maximum(1.0, limit)
    direction = np.asarray(direction, dtype=object)
    up = material & (change > 0)
    down = material & (change < 0)
    worse = np.where(np.asarray(polarity, dtype=object) == "lower", up, down)
    judged = np.select(
        [
            direction == "increase",
            direction == "decrease",
        ],
        [
            np.where(up, Rag.GREEN, np.where(down, Rag.RED, Rag.AMBER)),
            np.where(down, Rag.GREEN, np.where(up, Rag.RED, Rag.AMBER)),
        ],
        np.where(worse, Rag.RED, Rag.GREEN),
    )
    return np.select(
        [np.isnan(value), np.isnan(earlier)], [Rag.NO_DATA, Rag.NO_TARGET], judged
    ).astype(object)


def judge(
    value: np.ndarray,
    targets: pd.DataFrame,
    polarity: np.ndarray,
    unit: np.ndarray,
    decimals: np.ndarray | int,
    due: np.ndarray | bool = True,
    year_earlier: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status, amber limit and the target to show, whatever kind of target each row has.

    ``targets`` holds the :func:`~pmaf_lib.indicators.targets.resolve` columns. A numeric
    target is judged by :func:`rag`, a band by :func:`band_rag` and a directional target by
    :func:`directional_rag` against ``year_earlier`` (shown as the target); without
    ``year_earlier`` a directional target has nothing to be judged against (``no target``).
    """
    value = np.asarray(value, dtype=float)
    polarity = np.broadcast_to(np.asarray(polarity, dtype=object), value.shape)
    target = targets["target"].to_numpy(dtype=float)
    status, limit = rag(
        value,
        target,
        targets["tolerance"].to_numpy(dtype=float),
        targets["tolerance_type"].to_numpy(dtype=object),
        polarity,
        decimals,
        due,
    )
    columns = targets.columns
    direction = (
        targets["direction"].to_numpy(dtype=object)
        if "direction" in columns
        else np.full(len(value), None, dtype=object)
    )
    directional = pd.notna(direction) & np.isin(polarity, ["higher", "lower"])
    earlier = np.full(len(value), np.nan) if year_earlier is None else year_earlier
    if directional.any():
        judged = directional_rag(value, earlier, direction, polarity, unit, decimals)
        status = np.where(directional, judged, status)
        target = np.where(directional, earlier, target)
        limit = np.where(directional, np.nan, limit)
    band = polarity == "band"
    if band.any() and "target_low" in columns:
        judged = band_rag(
            value,
            targets["target_low"].to_numpy(dtype=float),
            targets["target_high"].to_numpy(dtype=float),
            targets["tolerance"].to_numpy(dtype=float),
            targets["tolerance_type"].to_numpy(dtype=object),
            decimals,
        )
        status = np.where(band, judged, status)
        limit = np.where(band, np.nan, limit)
    not_due = ~np.broadcast_to(np.asarray(due, dtype=bool), value.shape)
    status = np.where(not_due, Rag.NOT_DUE, status).astype(object)
    return status, limit, target
