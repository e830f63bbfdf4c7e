"""Reading the engine's status labels into a small, fixed vocabulary for reports.

The engine writes words (``Red``, ``improving``, ``special cause concern (high)``,
``consistently fail`` ...). These helpers accept those words case-insensitively, tolerate
blanks and close variants, and return the canonical keys that badges, charts and alt text use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

RAG_KEYS = ("Red", "Amber", "Green", "no target", "no data", "not due")
MILESTONE_KEYS = ("overdue", "at risk", "on track", "not started", "deferred", "complete")
JUDGEMENT_KEYS = ("substantial", "reasonable", "limited", "no assurance")


def is_blank(value: Any) -> bool:
    """True for None, NaN/NaT/NA and empty or whitespace-only strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
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


def rag_key(value: Any) -> str:
    """Canonical RAG word: one of :data:`RAG_KEYS` (blank means ``no data``)."""
    text = text_of(value).lower()
    for key in RAG_KEYS:
        if text == key.lower():
            return key
    if text in {"g", "a", "r"}:
        return {"g": "Green", "a": "Amber", "r": "Red"}[text]
    if "target" in text:
        return "no target"
    if "due" in text:
        return "not due"
    return "no data"


def travel_key(value: Any) -> str:
    """Direction of travel: improving, worsening, no change, higher, lower or no comparison."""
    text = text_of(value).lower()
    for key in ("improving", "worsening", "higher", "lower"):
        if text.startswith(key[:5]):
            return key
    if text in {"no change", "same", "unchanged", "stable"}:
        return "no change"
    return "no comparison"


@dataclass(frozen=True, slots=True)
class Variation:
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
            "none": "not enough data for SPC",
        }
        side = f" ({self.side})" if self.side and self.kind not in {"common", "none"} else ""
        return names[self.kind] + side


def _side_from_polarity(kind: str, polarity: str) -> str | None:
    if kind == "improvement":
        return {"higher": "high", "lower": "low"}.get(polarity)
    if kind == "concern":
        return {"higher": "low", "lower": "high"}.get(polarity)
    return None


def category_of(text: str) -> str | None:
    """``improvement``, ``concern``, ``neutral`` or ``common`` named in ``text``, else None."""
    low = text.lower()
    if "improv" in low:
        return "improvement"
    if "concern" in low:
        return "concern"
    if "neither" in low or "neutral" in low:
        return "neutral"
    if "common" in low:
        return "common"
    return None


def variation_of(value: Any, polarity: Any = None) -> Variation:
    """Parse the engine's ``spc_variation`` label (side taken from polarity when unnamed)."""
    text = text_of(value).lower()
    kind = category_of(text) or "none"
    side = "high" if "high" in text else "low" if "low" in text else None
    if side is None:
        side = _side_from_polarity(kind, text_of(polarity).lower())
    return Variation(kind, side if kind in {"improvement", "concern", "neutral"} else None)


def assurance_key(value: Any) -> str:
    """``pass``, ``fail``, ``inconsistent`` or ``none`` (no target or too little data)."""
    text = text_of(value).lower()
    if "pass" in text or text == "p":
        return "pass"
    if "fail" in text or text == "f":
        return "fail"
    if any(word in text for word in ("inconsistent", "hit", "miss", "random", "variable")):
        return "inconsistent"
    if text == "?":
        return "inconsistent"
    return "none"


def point_category(
    special_cause_type: Any, point_type: Any, above_mean: bool | None, polarity: Any
) -> str:
    """Category of one charted point: ``common``, ``improvement``, ``concern`` or ``neutral``.

    Named categories in either column win; an unnamed special cause (e.g. a rule name such as
    ``shift``) is classed from the polarity and the side of the mean it lies on.
    """
    joined = f"{text_of(special_cause_type)} {text_of(point_type)}"
    named = category_of(joined)
    if named is not None:
        return named
    rule = text_of(special_cause_type).lower()
    if not rule or rule in {"none", "no", "false", "normal"}:
        return "common"
    direction = text_of(polarity).lower()
    if above_mean is None or direction not in {"higher", "lower"}:
        return "neutral"
    return "improvement" if above_mean == (direction == "higher") else "concern"


def milestone_key(value: Any) -> str:
    """Canonical milestone status (``off track`` reads as ``at risk``)."""
    text = text_of(value).lower()
    if text == "off track":
        return "at risk"
    return text if text in MILESTONE_KEYS else "not started"


def judgement_key(value: Any) -> str | None:
    """Canonical Direction assurance judgement, or None when blank/unknown."""
    text = text_of(value).lower()
    if text.startswith("no"):
        return "no assurance"
    for key in JUDGEMENT_KEYS:
        if text.startswith(key):
            return key
    return None
