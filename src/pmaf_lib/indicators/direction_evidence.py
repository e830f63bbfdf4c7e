"""A month's Directions judgement without evaluating the whole council.

A Direction's judgement (:mod:`.directions`) reads only the metrics and milestones tagged with
it: their RAG, SPC point type and assurance, and milestone status. Each metric and milestone is
evaluated on its own rows alone, so evaluating the council cut down to the tagged ones gives
the same judgements, evidence counts and milestone statuses as evaluating all of it. It goes
through the one :func:`~.evaluate.evaluate` (``judgements_only``: no year to date, forecast,
benchmarks or history), so the rule is defined once.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.indicators.evaluation import Evaluation

# Council frames keyed by metric or milestone that evaluate reads.
METRIC_FRAMES = ("metrics", "targets", "values", "benchmarks", "spc", "trajectories")
MILESTONE_FRAMES = ("milestones", "milestone_updates")


def _tagged(frame: pd.DataFrame, key: str) -> pd.Series:
    """The ``key`` of each row naming a Direction, read as :func:`.directions.evidence` reads
    the ``directions`` column (exploded, blanks dropped)."""
    named = frame["directions"].reset_index(drop=True).explode().dropna()
    return frame[key].iloc[named.index.unique()]


def _keep(frame: Any, column: str, ids: pd.Series) -> Any:
    if not isinstance(frame, pd.DataFrame) or column not in frame:
        return frame
    return frame[frame[column].isin(ids)]


def direction_evidence_council(council: Any) -> Any:
    """``council`` with only the metrics and milestones tagged with a Direction (and their
    returns, targets, benchmarks, SPC settings, trajectories and milestone updates)."""
    metric_ids = _tagged(council.metrics, "metric_id")
    milestone_ids = _tagged(council.milestones, "milestone_id")
    cut = {name: _keep(getattr(council, name), "metric_id", metric_ids) for name in METRIC_FRAMES}
    cut |= {
        name: _keep(getattr(council, name), "milestone_id", milestone_ids)
        for name in MILESTONE_FRAMES
    }
    return dataclasses.replace(council, **cut)


def evaluate_directions(council: Any, period: object, auto_rebase: bool = False) -> Evaluation:
    """``evaluate(..., judgements_only=True)`` of the metrics and milestones that evidence a
    Direction for ``period``: ``directions`` is the whole council's; ``scorecard`` and
    ``milestones`` hold the tagged metrics and milestones only, ``history`` is empty
    (``auto_rebase``: see :func:`~.evaluate.evaluate`)."""
    cut = direction_evidence_council(council)
    return evaluate(cut, period, auto_rebase, judgements_only=True)
