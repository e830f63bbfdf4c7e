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
"""

from __future__ import annotations

import numpy as np

from pmaf_lib.indicators.labels import Rag, round_half_up

_EPS = 1e-9


def amber_limit(
    target: np.ndarray, tolerance: np.ndarray, tolerance_type: np.ndarray, polarity: np.ndarray
) -> np.ndarray:
    """Edge of the amber band (equal to the target when the tolerance is zero)."""
    target = np.asarray(target, dtype=float)
    tolerance = np.nan_to_num(np.asarray(tolerance, dtype=float))
    relative = np.asarray(tolerance_type, dtype=object) != "absolute"
    width = np.where(relative, tolerance / 100.0 * np.abs(target), tolerance)
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
