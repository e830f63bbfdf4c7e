"""The engine's status words (:mod:`pmaf_lib.indicators.labels`) as the keys reports use.

Every status the engine writes is a member of one of its enumerations; these helpers look a
cell up in that enumeration exactly (never by matching part of a word) and return the key
badges, charts and alt text are drawn from. A blank or unknown cell reads as "no status".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

import pandas as pd

from pmaf_lib.indicators.labels import (
    Assurance,
    Judgement,
    MilestoneState,
    PointType,
    Rag,
    Travel,
    Variation,
)

RAG_KEYS = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NO_TARGET, Rag.NO_DATA, Rag.NOT_DUE)
MILESTONE_KEYS = (
    MilestoneState.OVERDUE,
    MilestoneState.AT_RISK,
    MilestoneState.ON_TRACK,
    MilestoneState.NOT_STARTED,
    MilestoneState.DEFERRED,
    MilestoneState.COMPLETE,
)
Word = TypeVar("Word", bound=StrEnum)


def is_blank(value: Any) -> bool:
    """True for None, NaN/NaT/NA and empty or whitespace-only strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):  # the commonest cell, without pandas' general check
        return value != value
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))


def text_of(value: Any) -> str:
    """``str(value)`` stripped, or ``""`` for a blank."""
    return "" if is_blank(value) else str(value).strip()


def as_tuple(value: Any) -> tuple[str, ...]:
    """A list-like cell (tuple, list, ``;``-separated text) as a tuple of non-blank strings."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(str(v).strip() for v in value if not is_blank(v))
    if hasattr(value, "tolist") and not isinstance(value, float | int):
        return as_tuple(list(value.tolist()))
    return ()


def member(value: Any, words: type[Word]) -> Word | None:
    """The member of ``words`` whose word ``value`` is, or None (blank or not one of them)."""
    try:
        return words(text_of(value))
    except ValueError:
        return None


def rag_key(value: Any) -> Rag:
    """The RAG status (blank or unknown means ``no data``)."""
    return member(value, Rag) or Rag.NO_DATA


def travel_key(value: Any) -> Travel:
    """Direction of travel (blank or unknown means ``no comparison``)."""
    return member(value, Travel) or Travel.NO_COMPARISON


@dataclass(frozen=True, slots=True)
class VariationKey:
    """A Making Data Count variation icon: ``kind`` and, for special cause, ``side``."""

    kind: str  # "common", "improvement", "concern", "neutral" or "none"
    side: str | None  # "high", "low" or None

    @property
    def words(self) -> str:
        """Plain-English name, e.g. ``special cause concern (high)``."""
        names = {
            "common": "common cause variation",
            "improvement": "special cause improvement",
            "concern": "special cause concern",
            "neutral": "special cause, neither improvement nor concern",
            "none": "no SPC signal",
        }
        side = f" ({self.side})" if self.side else ""
        return names[self.kind] + side


_VARIATIONS = {
    Variation.COMMON_CAUSE: VariationKey("common", None),
    Variation.IMPROVEMENT_HIGH: VariationKey("improvement", "high"),
    Variation.IMPROVEMENT_LOW: VariationKey("improvement", "low"),
    Variation.CONCERN_HIGH: VariationKey("concern", "high"),
    Variation.CONCERN_LOW: VariationKey("concern", "low"),
    Variation.NEUTRAL_HIGH: VariationKey("neutral", "high"),
    Variation.NEUTRAL_LOW: VariationKey("neutral", "low"),
}
NO_VARIATION = VariationKey("none", None)


def variation_of(value: Any) -> VariationKey:
    """The engine's ``spc_variation`` icon; ``none`` where SPC gives no icon."""
    found = member(value, Variation)
    return _VARIATIONS[found] if found else NO_VARIATION


_ASSURANCE = {
    Assurance.CONSISTENT_PASS: "pass",
    Assurance.CONSISTENT_FAIL: "fail",
    Assurance.INCONSISTENT: "inconsistent",
}


def assurance_key(value: Any) -> str:
    """``pass``, ``fail``, ``inconsistent`` or ``none`` (no target or no assurance given)."""
    found = member(value, Assurance)
    return _ASSURANCE[found] if found else "none"


_POINTS = {
    PointType.COMMON_CAUSE: "common",
    PointType.IMPROVEMENT: "improvement",
    PointType.CONCERN: "concern",
    PointType.NEUTRAL_HIGH: "neutral",
    PointType.NEUTRAL_LOW: "neutral",
}


def point_category(point_type: Any) -> str:
    """Category of one charted point: ``common``, ``improvement``, ``concern`` or ``neutral``
    (a point with no label, as where SPC is not meaningful, is common cause)."""
    found = member(point_type, PointType)
    return _POINTS[found] if found else "common"


def milestone_key(value: Any) -> MilestoneState:
    """Milestone status as the engine judged it (blank or unknown reads ``not started``)."""
    return member(value, MilestoneState) or MilestoneState.NOT_STARTED


def judgement_key(value: Any) -> Judgement | None:
    """Direction assurance judgement, or None when blank or not judged."""
    return member(value, Judgement)
