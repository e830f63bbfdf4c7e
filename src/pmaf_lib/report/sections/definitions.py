"""Definitions appendix: what each metric measures and how it is judged."""

from __future__ import annotations

from pmaf_lib.report.formatting import unit_label
from pmaf_lib.report.html import Column, Html, data_table, section
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.scope import COUNCIL, EvaluationLike, Scope, scope_metrics
from pmaf_lib.report.signals import text_of

TARGET_BASIS_WORDS = {
    "period": "A target for each period",
    "annual": "One annual target (profiled through the year for year-to-date measures)",
    "none": "No target: monitoring only",
}


def definitions_section(
    evaluation: EvaluationLike, scope: Scope = COUNCIL, title: str = "Definitions"
) -> Html:
    """``<h2>`` table of each metric's definition, unit, polarity, frequency, target basis
    and source."""
    metrics = scope_metrics(evaluation.scorecard, scope)
    if "metric_id" in metrics:
        metrics = metrics.sort_values("metric_id")
    columns = [
        Column("definition", "Definition", lambda r: text_of(r.get("definition")), free_text=True),
        Column("unit", "Unit", lambda r: unit_label(r.get("unit"), r.get("rate_per"))),
        Column("polarity", "Polarity", facts.polarity_words),
        Column("frequency", "Frequency", lambda r: text_of(r.get("frequency")).capitalize()),
        Column("aggregation", "Aggregation", lambda r: text_of(r.get("aggregation"))),
        Column(
            "target_basis",
            "Target basis",
            lambda r: TARGET_BASIS_WORDS.get(
                text_of(r.get("target_basis")).lower(), text_of(r.get("target_basis"))
            ),
        ),
        Column("source", "Source", lambda r: text_of(r.get("source"))),
    ]
    table = data_table(
        metrics,
        "Metric definitions",
        columns,
        Column("metric_id", "Metric", facts.metric_name),
        empty_message="There are no metrics in this report.",
    )
    return section(title, table, "definitions")
