"""One metric's ``Evaluation.history`` rows as arrays ready to chart and describe.

The points are the series SPC was computed on (``spc_value``) against its own target
(``spc_target``): for a cumulative (``ytd``) metric the in-period values against the
in-period share of the target, never the year-to-date sawtooth. The headline (``value``, for a
``ytd`` metric the running total) and its target are kept alongside for the year-to-date chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmaf_lib.indicators.labels import SPC_MODE_WORDS, SpcMode
from pmaf_lib.periods import PeriodError, parse_period
from pmaf_lib.report.formatting import period_label
from pmaf_lib.report.signals import is_blank, member, point_category, text_of


@dataclass(frozen=True, slots=True)
class SpcSeries:
    """Points in period order; arrays share one index. ``x`` is months since year 0.

    ``value`` and ``target`` are what SPC analysed; ``headline`` and ``headline_target`` the
    reported figure (equal to them except for ``ytd`` metrics, where they are year to date).
    ``special`` is the engine's special-cause rule for each point (blank for common cause).
    ``lpl``/``upl`` are the limits as computed (the data table gives them), ``lpl_shown``/
    ``upl_shown`` as drawn (kept within what the unit allows: a count's limit at 0; the
    computed limits where the history has no drawn ones);
    ``median`` is a run chart's centre line; ``trajectory`` the planned recovery in the
    same terms as ``value`` (``trajectories.csv``; NaN where none).
    """

    periods: list[str]
    x: np.ndarray
    value: np.ndarray
    mean: np.ndarray
    lpl: np.ndarray
    upl: np.ndarray
    lpl_shown: np.ndarray
    upl_shown: np.ndarray
    median: np.ndarray
    target: np.ndarray
    group: list[str]
    category: list[str]
    special: list[str]
    headline: np.ndarray
    headline_target: np.ndarray
    trajectory: np.ndarray

    def __len__(self) -> int:
        return len(self.periods)

    @property
    def observed(self) -> np.ndarray:
        """Boolean mask of points with a value."""
        return ~np.isnan(self.value)

    def take(self, keep: list[int]) -> SpcSeries:
        """The points at the indices ``keep``, in that order."""

        def pick(values: Any) -> Any:
            return values[keep] if isinstance(values, np.ndarray) else [values[i] for i in keep]

        return SpcSeries(**{name: pick(getattr(self, name)) for name in SpcSeries.__slots__})

    def group_spans(self) -> list[tuple[int, int]]:
        """``(first, last)`` index of each run of one rebase group, in order."""
        spans: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(self.group) + 1):
            if i == len(self.group) or self.group[i] != self.group[start]:
                spans.append((start, i - 1))
                start = i
        return spans


@dataclass(frozen=True, slots=True)
class SpcReading:
    """How far a metric's SPC may be read: the engine's mode, and where its limits may need
    recalculating after a sustained shift (its assurance then is provisional)."""

    mode: SpcMode
    rebase_from: str
    provisional: bool

    @property
    def chart_name(self) -> str:
        """``XmR chart``, ``XmR chart with trial limits``, ``Run chart`` or ``Chart``."""
        return {
            SpcMode.XMR: "XmR chart",
            SpcMode.TRIAL: "XmR chart with trial limits",
            SpcMode.RUN_CHART: "Run chart",
            SpcMode.NOT_MEANINGFUL: "Chart",
        }[self.mode]

    @property
    def notes(self) -> list[str]:
        """What a reader must know before reading the chart's signals, in words."""
        notes = {
            SpcMode.XMR: [],
            SpcMode.TRIAL: ["Trial limits: fewer than 12 points since the limits were set"],
            SpcMode.RUN_CHART: ["Run chart: too few points for process limits"],
            SpcMode.NOT_MEANINGFUL: [SPC_MODE_WORDS[SpcMode.NOT_MEANINGFUL]],
        }[self.mode]
        if self.rebase_from:
            notes.append(f"Limits may need recalculating from {period_label(self.rebase_from)}")
        return notes


def spc_reading(metric: Mapping[str, Any]) -> SpcReading:
    """The :class:`SpcReading` of a scorecard row (``spc_mode``, ``spc_rebase_suggested``,
    ``spc_assurance_provisional``); full XmR when the row names no mode."""
    provisional = metric.get("spc_assurance_provisional")
    return SpcReading(
        mode=member(metric.get("spc_mode"), SpcMode) or SpcMode.XMR,
        rebase_from=text_of(metric.get("spc_rebase_suggested")),
        provisional=not is_blank(provisional) and bool(provisional),
    )


def analysed_values(metric: Mapping[str, Any]) -> str:
    """What SPC analysed, in words: ``in-month values`` / ``in-quarter values`` for a
    cumulative (``ytd``) metric, ``values`` otherwise."""
    if text_of(metric.get("aggregation")).lower() != "ytd":
        return "values"
    frequency = text_of(metric.get("frequency")).lower()
    return {"monthly": "in-month values", "quarterly": "in-quarter values"}.get(frequency, "values")


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _ordinal(period: Any, start: Any) -> int:
    if not pd.isna(start):
        stamp = pd.Timestamp(start)
        return stamp.year * 12 + stamp.month - 1
    try:
        return parse_period(period).ordinal
    except PeriodError:
        return -1


def spc_series(history: pd.DataFrame) -> SpcSeries:
    """Sort one metric's history rows and classify each point (see :func:`point_category`)."""
    frame = history.copy()
    starts = frame["period_start"] if "period_start" in frame else pd.Series(pd.NaT, frame.index)
    frame["_x"] = [_ordinal(p, s) for p, s in zip(frame["period"], starts, strict=True)]
    frame = frame.sort_values("_x", kind="stable")
    value = pd.to_numeric(frame["spc_value"]).to_numpy(dtype=float, na_value=np.nan)
    special = frame["special_cause_type"] if "special_cause_type" in frame else [None] * len(frame)
    kinds = frame["point_type"] if "point_type" in frame else [None] * len(frame)
    category = [point_category(k) for k in kinds]
    # rows without a value have no group: they belong to their neighbours' group, so a gap
    # (or history before the first value) is not drawn as a recalculation of the limits
    groups = (
        frame["rebase_group"].ffill().bfill() if "rebase_group" in frame else ["1"] * len(frame)
    )
    return SpcSeries(
        periods=[text_of(p) for p in frame["period"]],
        x=frame["_x"].to_numpy(dtype=float),
        value=value,
        mean=_floats(frame, "mean"),
        lpl=_floats(frame, "lpl"),
        upl=_floats(frame, "upl"),
        lpl_shown=_floats(frame, "lpl_shown" if "lpl_shown" in frame else "lpl"),
        upl_shown=_floats(frame, "upl_shown" if "upl_shown" in frame else "upl"),
        median=_floats(frame, "median"),
        target=_floats(frame, "spc_target"),
        group=[text_of(g) for g in groups],
        category=category,
        special=[
            text_of(s) if c != "common" else "" for s, c in zip(special, category, strict=True)
        ],
        headline=_floats(frame, "value"),
        headline_target=_floats(frame, "target"),
        trajectory=_floats(frame, "spc_trajectory"),
    )
