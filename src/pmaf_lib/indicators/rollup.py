"""Counts per scope (priority, outcome, directorate, portfolio, lens, equality objective,
Direction, deliverable) for summary pages.

One row per scope id; columns ``metrics`` and ``milestones`` (totals) and, always present even
when zero, ``rag_<status>``, ``dot_<direction vs previous period>``, ``variation_<icon>``,
``assurance_<type>`` (``assurance_none`` when SPC gives none) and ``milestones_<status>``.
A metric or milestone tagged with several ids of the scope (e.g. two Directions) counts in each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pmaf_lib.indicators.labels import (
    Assurance,
    MilestoneState,
    Rag,
    Travel,
    Variation,
    words,
)

if TYPE_CHECKING:
    from pmaf_lib.indicators.evaluation import Evaluation

METRIC_SCOPE = {
    "priority": "priorities",
    "outcome": "outcomes",
    "directorate": "directorate",
    "portfolio": "portfolio",
    "lens": "lens",
    "equality_objective": "equality_objectives",
    "direction": "directions",
}
MILESTONE_SCOPE = {
    "priority": "priority_id",
    "outcome": "outcome_id",
    "deliverable": "deliverable_id",
    "directorate": "directorate",
    "portfolio": "portfolio",
    "lens": "lens",
    "equality_objective": "equality_objectives",
    "direction": "directions",
}
RAG_VALUES = words(Rag)
STATUSES = words(MilestoneState)


def _counts(
    frame: pd.DataFrame, column: str | None, by: str, field: str, values: tuple, prefix: str
) -> pd.DataFrame:
    """Crosstab of ``field`` per scope id, one column per allowed value."""
    if column is None or column not in frame.columns:
        return pd.DataFrame(columns=[f"{prefix}_{v}" for v in values])
    scoped = frame[[column, field]].explode(column).dropna(subset=[column])
    scoped = scoped.rename(columns={column: by})
    table = pd.crosstab(scoped[by], scoped[field].fillna("none").astype(str))
    table = table.reindex(columns=list(values), fill_value=0)
    table.columns = [f"{prefix}_{v}" for v in values]
    return table


def rollup(evaluation: Evaluation, by: str) -> pd.DataFrame:
    """Counts by RAG, direction of travel, variation, assurance and milestone status per scope."""
    if by not in METRIC_SCOPE and by not in MILESTONE_SCOPE:
        raise ValueError(f"unknown scope {by!r}; expected one of {sorted(MILESTONE_SCOPE)}")
    card = evaluation.scorecard
    column = METRIC_SCOPE.get(by)
    parts = [
        _counts(card, column, by, "rag", RAG_VALUES, "rag"),
        _counts(card, column, by, "dot_previous", words(Travel), "dot"),
        _counts(card, column, by, "spc_variation", words(Variation), "variation"),
        _counts(card, column, by, "spc_assurance", (*words(Assurance), "none"), "assurance"),
        _counts(
            evaluation.milestones, MILESTONE_SCOPE.get(by), by, "status", STATUSES, "milestones"
        ),
    ]
    table = pd.concat(parts, axis=1).fillna(0).astype(int)
    rag_columns = [f"rag_{v}" for v in RAG_VALUES]
    milestone_columns = [f"milestones_{v}" for v in STATUSES]
    table.insert(0, "metrics", table[rag_columns].sum(axis=1))
    table.insert(1, "milestones", table[milestone_columns].sum(axis=1))
    table.index.name = by
    return table.sort_index()
