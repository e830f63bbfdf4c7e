"""Exceptions (what a board must look at) and successes (what went well).

Exception reasons, in this order: ``red`` (RAG Red), ``special cause concern`` (the latest SPC
point is special cause concern), ``assurance fail`` (SPC assurance ``consistent_fail``: the
process will not meet its target without change), ``forecast miss`` (the year-end forecast is
Red against the year-end target). A metric is an exception when it has any reason.

A success is a metric whose latest SPC point is special cause improvement, or whose assurance
is ``consistent_pass`` while its RAG is Green.
"""

from __future__ import annotations

import numpy as np

from pmaf_lib.indicators.labels import Assurance, ExceptionReason, PointType, Rag

REASONS = (
    ExceptionReason.RED,
    ExceptionReason.SPECIAL_CAUSE_CONCERN,
    ExceptionReason.ASSURANCE_FAIL,
    ExceptionReason.FORECAST_MISS,
)


def exception_reasons(
    rag: np.ndarray, point_type: np.ndarray, assurance: np.ndarray, forecast_rag: np.ndarray
) -> list[tuple[str, ...]]:
    """The tuple of exception reasons for each metric."""
    matrix = np.column_stack(
        [
            np.asarray(rag, dtype=object) == Rag.RED,
            np.asarray(point_type, dtype=object) == PointType.CONCERN,
            np.asarray(assurance, dtype=object) == Assurance.CONSISTENT_FAIL,
            np.asarray(forecast_rag, dtype=object) == Rag.RED,
        ]
    )
    names = np.array([str(reason) for reason in REASONS], dtype=object)
    return [tuple(names[row]) for row in matrix]


def is_success(rag: np.ndarray, point_type: np.ndarray, assurance: np.ndarray) -> np.ndarray:
    """Improvement signal on the latest point, or a consistent pass while Green."""
    improvement = np.asarray(point_type, dtype=object) == PointType.IMPROVEMENT
    passing = (np.asarray(assurance, dtype=object) == Assurance.CONSISTENT_PASS) & (
        np.asarray(rag, dtype=object) == Rag.GREEN
    )
    return improvement | passing
