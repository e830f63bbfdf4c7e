"""Summary in words and numbers first: counts by status, then one compact chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pmaf_lib.report.charts.summary_chart import summary_chart
from pmaf_lib.report.formatting import format_count
from pmaf_lib.report.html import Html, element, join, paragraph, section
from pmaf_lib.report.sections.key_messages import KeyMessages, key_messages_block
from pmaf_lib.report.sections.mdc_matrix import mdc_matrix, mdc_summary_table
from pmaf_lib.report.sections.scope import (
    COUNCIL,
    EvaluationLike,
    Scope,
    scope_metrics,
    scope_milestones,
)
from pmaf_lib.report.sections.what_changed import Change, what_changed_block
from pmaf_lib.report.signals import (
    MILESTONE_KEYS,
    RAG_KEYS,
    assurance_key,
    milestone_key,
    rag_key,
    travel_key,
    variation_of,
)


@dataclass(frozen=True, slots=True)
class SummaryCounts:
    """Counts for a scope: metrics by RAG, travel, variation and assurance; milestones."""

    metrics: int
    rag: Counter[str]
    travel: Counter[str]
    variation: Counter[str]
    assurance: Counter[str]
    milestones: Counter[str]


def summary_counts(scorecard: pd.DataFrame, milestones: pd.DataFrame) -> SummaryCounts:
    """Count the scorecard and milestone rows given (already filtered to a scope)."""

    def count(frame: pd.DataFrame, column: str, key) -> Counter[str]:
        if column not in frame:
            return Counter()
        return Counter(key(v) for v in frame[column])

    variation = count(scorecard, "spc_variation", lambda v: variation_of(v).kind)
    return SummaryCounts(
        metrics=len(scorecard),
        rag=count(scorecard, "rag", rag_key),
        travel=count(scorecard, "dot_previous", travel_key),
        variation=variation,
        assurance=count(scorecard, "spc_assurance", assurance_key),
        milestones=count(milestones, "status", milestone_key),
    )


def _series(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def summary_sentences(counts: SummaryCounts) -> list[str]:
    """The summary as sentences, every number with what it counts."""
    if not counts.metrics:
        lead = "There are no metrics in this report."
    else:
        rag = [f"{counts.rag[k]:,} {k}" for k in RAG_KEYS if counts.rag[k]]
        lead = f"Of {format_count(counts.metrics, 'metric')}, {_series(rag)}."
    sentences = [lead]
    if counts.metrics:
        sentences.append(
            f"Compared with the previous period, {counts.travel['improving']:,} improved, "
            f"{counts.travel['worsening']:,} worsened and "
            f"{counts.travel['no change']:,} did not change."
        )
        sentences.append(
            "Statistical process control shows special-cause concern in "
            f"{format_count(counts.variation['concern'], 'metric')} and special-cause improvement "
            f"in {counts.variation['improvement']:,}; "
            f"{counts.variation['common']:,} show only common-cause variation."
        )
        sentences.append(
            f"On assurance, {counts.assurance['pass']:,} will consistently meet their target, "
            f"{counts.assurance['fail']:,} will consistently miss it and "
            f"{counts.assurance['inconsistent']:,} are inconsistent (hit and miss)."
        )
    total = sum(counts.milestones.values())
    if total:
        parts = [f"{counts.milestones[k]:,} {k}" for k in MILESTONE_KEYS if counts.milestones[k]]
        sentences.append(f"Of {format_count(total, 'milestone')}, {_series(parts)}.")
    else:
        sentences.append("There are no milestones in this report.")
    return sentences


def summary_section(
    evaluation: EvaluationLike, scope: Scope = COUNCIL, title: str = "Summary"
) -> Html:
    """``<h2>`` summary: a short paragraph in words and numbers, then the compact chart."""
    metrics = scope_metrics(evaluation.scorecard, scope)
    milestones = scope_milestones(evaluation.milestones, scope)
    counts = summary_counts(metrics, milestones)
    body = join(
        [
            paragraph(" ".join(summary_sentences(counts))),
            summary_chart(counts.rag, counts.milestones),
        ]
    )
    return section(title, body, "summary")


def front_page_section(
    metrics: pd.DataFrame,
    milestones: pd.DataFrame,
    history: pd.DataFrame,
    changes: list[Change] | None,
    previous_period: Any,
    messages: KeyMessages,
    title: str = "At a glance",
) -> Html:
    """``<h2>`` front page: key messages, the Making Data Count matrix, what changed since
    last month, then one Making Data Count row per metric (the matrix links to them)."""
    body = join(
        [
            key_messages_block(messages),
            element("h3", "Making Data Count summary"),
            paragraph(
                "Each metric's SPC variation (is it changing beyond its normal range?) against "
                "its assurance (will it reliably meet its target?). Special cause concern and "
                "a consistently missed target come first."
            ),
            mdc_matrix(metrics),
            what_changed_block(changes, previous_period),
            element("h3", "Each metric at a glance"),
            mdc_summary_table(metrics, history),
        ]
    )
    return section(title, body, "at-a-glance")
