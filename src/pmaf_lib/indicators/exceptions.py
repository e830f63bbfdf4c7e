"""Exceptions (what a board must look at), their tier, and successes (what went well).

Reasons, in this order (:class:`~pmaf_lib.indicators.labels.ExceptionReason`):

1. ``red`` - RAG Red.
2. ``special cause concern`` - the latest SPC point is special cause concern, on full XmR
   limits (never on trial limits, a run chart or a series where SPC is not meaningful).
3. ``assurance fail`` - SPC assurance ``consistent_fail`` (full limits only; a provisional
   judgement made on recalculated limits counts).
4. ``forecast miss`` - the **whole likely range** of the year-end forecast misses: its best
   end is Red against the year-end target. A forecast whose range contains the target, or has
   no range, is not a reason.
5. ``improving, still off target`` - the latest point is special cause improvement on full
   limits, but the metric is Amber or Red.

A metric is an exception when it has any reason. Its tier is ``act now`` when it is Red with a
special cause concern or a failing assurance, ``watch`` otherwise.

A **success** is a metric that is not an exception and whose latest point is special cause
improvement on full limits, or whose assurance is ``consistent_pass`` while it is Green. So no
metric is ever both.
"""

from __future__ import annotations

import numpy as np

from pmaf_lib.indicators.labels import (
    EXCEPTION_REASON_WORDS,
    Assurance,
    ExceptionReason,
    ExceptionTier,
    PointType,
    Rag,
    SpcMode,
)

REASONS = tuple(ExceptionReason)


def _is(values: np.ndarray, word: str) -> np.ndarray:
    return np.asarray(values, dtype=object) == word


def reason_matrix(
    rag: np.ndarray,
    point_type: np.ndarray,
    assurance: np.ndarray,
    spc_mode: np.ndarray,
    forecast_best_rag: np.ndarray,
) -> np.ndarray:
    """Metrics x :data:`REASONS` booleans (see the module rules)."""
    full = _is(spc_mode, SpcMode.XMR)
    off_target = _is(rag, Rag.RED) | _is(rag, Rag.AMBER)
    return np.column_stack(
        [
            _is(rag, Rag.RED),
            full & _is(point_type, PointType.CONCERN),
            _is(assurance, Assurance.CONSISTENT_FAIL),
            _is(forecast_best_rag, Rag.RED),
            full & _is(point_type, PointType.IMPROVEMENT) & off_target,
        ]
    )


def reasons_of(matrix: np.ndarray) -> list[tuple[str, ...]]:
    """The tuple of reason words per metric."""
    names = np.array([str(reason) for reason in REASONS], dtype=object)
    return [tuple(names[row]) for row in matrix]


def reason_text(matrix: np.ndarray) -> list[str | None]:
    """The reasons in plain English, e.g. ``Red against target; special cause concern ...``."""
    phrases = np.array([EXCEPTION_REASON_WORDS[reason] for reason in REASONS], dtype=object)
    texts = ["; ".join(phrases[row]) for row in matrix]
    return [text[:1].upper() + text[1:] if text else None for text in texts]


def tier(matrix: np.ndarray) -> np.ndarray:
    """``act now`` (Red with concern or failing assurance), ``watch`` (any other exception)."""
    red, concern, fail = matrix[:, 0], matrix[:, 1], matrix[:, 2]
    out = np.full(len(matrix), None, dtype=object)
    out[matrix.any(axis=1)] = str(ExceptionTier.WATCH)
    out[red & (concern | fail)] = str(ExceptionTier.ACT_NOW)
    return out


def is_success(
    rag: np.ndarray,
    point_type: np.ndarray,
    assurance: np.ndarray,
    spc_mode: np.ndarray,
    matrix: np.ndarray,
) -> np.ndarray:
    """Improvement on full limits, or a consistent pass while Green; never an exception."""
    improvement = _is(spc_mode, SpcMode.XMR) & _is(point_type, PointType.IMPROVEMENT)
    passing = _is(assurance, Assurance.CONSISTENT_PASS) & _is(rag, Rag.GREEN)
    return (improvement | passing) & ~matrix.any(axis=1)
