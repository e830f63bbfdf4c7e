"""The one vocabulary of status words and rules, shared by the engine and the reports.

Every word the engine writes into an :class:`~pmaf_lib.indicators.evaluation.Evaluation` is a
member of one of these enumerations; reports key their badges, icons and sentences on the
same members instead of re-reading the words. Each is a ``StrEnum``, so a member equals (and
prints as) its word: ``Rag.GREEN == "Green"``.

The one rounding rule, :func:`round_half_up`, is here too: what the reader sees decides the
status, so the report rounds exactly as the engine judges.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np


class Rag(StrEnum):
    """Status against target (``indicators.rag``)."""

    GREEN = "Green"
    AMBER = "Amber"
    RED = "Red"
    NO_TARGET = "no target"
    NO_DATA = "no data"
    NOT_DUE = "not due"


JUDGED_RAG = (Rag.GREEN, Rag.AMBER, Rag.RED)


class Travel(StrEnum):
    """Direction of travel (``indicators.direction``); higher/lower for polarity ``none``."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no change"
    NO_COMPARISON = "no comparison"
    HIGHER = "higher"
    LOWER = "lower"


class SpecialCause(StrEnum):
    """The label of one SPC point, in NHSRplotthedots 0.2.2's words (first rule that applies)."""

    COMMON_CAUSE = "Common Cause"
    ABOVE_UCL = "Above UCL"
    BELOW_LCL = "Below LCL"
    TREND_UP = "7 Point Trend (Increasing)"
    TREND_DOWN = "7 Point Trend (Decreasing)"
    TWO_IN_THREE_ABOVE = "2 in 3 Above CL"
    TWO_IN_THREE_BELOW = "2 in 3 Below CL"
    SHIFT_ABOVE = "7 Points Above CL"
    SHIFT_BELOW = "7 Points Below CL"


class PointType(StrEnum):
    """Colour category of one SPC point, from its label and the improvement direction."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEUTRAL_HIGH = "special_cause_neutral_high"
    NEUTRAL_LOW = "special_cause_neutral_low"


class Variation(StrEnum):
    """The Making Data Count variation icon of a series (its last point's type)."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"


class Assurance(StrEnum):
    """The Making Data Count assurance icon: the target against the process limits."""

    CONSISTENT_PASS = "consistent_pass"
    CONSISTENT_FAIL = "consistent_fail"
    INCONSISTENT = "inconsistent"


class SpcMode(StrEnum):
    """How a metric's SPC may be read (``indicators.variation``).

    ``xmr``: full XmR limits, icons and assurance. ``trial limits``: fewer than 12 points in the
    current group; limits are drawn but give no assurance and no exception. ``run chart``: an
    annual metric with too few points for limits; points and the median only.
    ``not meaningful``: too few distinct values (mostly constant or zero, or collapsed limits);
    no special-cause labels, no outlier flag.
    """

    XMR = "xmr"
    TRIAL = "trial limits"
    RUN_CHART = "run chart"
    NOT_MEANINGFUL = "not meaningful"


SPC_MODE_WORDS = {
    SpcMode.XMR: "XmR chart (Making Data Count)",
    SpcMode.TRIAL: "trial limits (fewer than 12 points since the limits were set)",
    SpcMode.RUN_CHART: "run chart (too few points for process limits)",
    SpcMode.NOT_MEANINGFUL: "SPC not meaningful for this series (too few distinct values)",
}


class Judgement(StrEnum):
    """Assurance judgement of an improvement Direction (``indicators.directions``)."""

    SUBSTANTIAL = "substantial"
    REASONABLE = "reasonable"
    LIMITED = "limited"
    NO_ASSURANCE = "no assurance"


class ExceptionReason(StrEnum):
    """Why a metric is in the exceptions (``indicators.exceptions``)."""

    RED = "red"
    SPECIAL_CAUSE_CONCERN = "special cause concern"
    ASSURANCE_FAIL = "assurance fail"
    FORECAST_MISS = "forecast miss"
    IMPROVING_OFF_TARGET = "improving, still off target"


EXCEPTION_REASON_WORDS = {
    ExceptionReason.RED: "Red against target",
    ExceptionReason.SPECIAL_CAUSE_CONCERN: "special cause concern on the latest point",
    ExceptionReason.ASSURANCE_FAIL: "will consistently miss target unless the process changes",
    ExceptionReason.FORECAST_MISS: "forecast to miss the year-end target (whole likely range)",
    ExceptionReason.IMPROVING_OFF_TARGET: "improving, still off target",
}


class ExceptionTier(StrEnum):
    """How urgently an exception needs the board: ``act now`` before ``watch``."""

    ACT_NOW = "act now"
    WATCH = "watch"


class TrajectoryStanding(StrEnum):
    """Where the judged figure stands against its recovery trajectory (``trajectory``)."""

    AHEAD = "ahead of plan"
    ON_PLAN = "on plan"
    BEHIND = "behind plan"
    ABOVE = "above plan"
    BELOW = "below plan"


class YtdKind(StrEnum):
    """What the financial-year-to-date figure beside a headline is."""

    AVERAGE_OF_MONTHS = "average of months to date"
    AVERAGE_OF_QUARTERS = "average of quarters to date"
    TOTAL = "total to date"
    RATE = "rate for the year to date"
    YEAR = "the year's value"


class MilestoneState(StrEnum):
    """Milestone status as at the report month (``indicators.milestones``)."""

    COMPLETE = "complete"
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OVERDUE = "overdue"
    DEFERRED = "deferred"
    NOT_STARTED = "not started"


def round_half_up(values: np.ndarray | float, decimals: np.ndarray | int) -> np.ndarray:
    """Round half away from zero to ``decimals`` places (as people and spreadsheets do).

    ``round_half_up(92.25, 1) -> 92.3`` (Python's ``round`` and ``format`` give 92.2).
    """
    values = np.asarray(values, dtype=float)
    factor = 10.0 ** np.asarray(decimals, dtype=float)
    scaled = np.round(np.abs(values) * factor, 9)
    return np.sign(values) * np.floor(scaled + 0.5) / factor


def words(members: type[StrEnum]) -> tuple[str, ...]:
    """The plain ``str`` words of an enumeration, in declaration order."""
    return tuple(str(member) for member in members)
