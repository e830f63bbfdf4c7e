"""The full scorecard, one table per outcome (or per lens, or any scope kind)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pmaf_lib.report.formatting import format_count, short_period_label
from pmaf_lib.report.html import (
    Column,
    Html,
    data_table,
    join,
    paragraph,
    rag_badge,
    section,
    slug,
    travel_badge,
)
from pmaf_lib.report.sections import data_quality
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.scope import (
    COUNCIL,
    METRIC_COLUMN,
    EvaluationLike,
    Names,
    Scope,
    explode_ids,
    history_by_metric,
    scope_metrics,
)
from pmaf_lib.report.signals import text_of

WIDE = "pmaf-table--wide"


# status as symbol + word: RAG, direction of travel, SPC variation and assurance
STATUS_COLUMNS = (
    Column("rag", "Status", lambda r: rag_badge(r.get("rag"))),
    Column("dot_previous", "Direction of travel", lambda r: travel_badge(r.get("dot_previous"))),
    Column("spc_variation", "SPC variation", facts.variation_cell),
    Column("spc_assurance", "SPC assurance", facts.assurance_cell),
)


def scorecard_columns(histories: Mapping[str, pd.DataFrame]) -> list[Column]:
    """Columns of a scorecard table (the metric itself is the row header)."""
    return [
        Column("current_period", "Period", lambda r: short_period_label(r.get("current_period"))),
        Column("value", "Value", lambda r: facts.fmt(r, r.get("value")), numeric=True),
        Column(
            "target",
            "Target",
            lambda r: facts.fmt(r, r.get("target")) if text_of(r.get("target")) else "No target",
            numeric=True,
        ),
        *STATUS_COLUMNS,
        Column(
            "trend",
            "Trend",
            lambda r: facts.metric_sparkline(r, histories.get(text_of(r.get("metric_id")))),
        ),
        Column("benchmark_quartile", "Benchmark", facts.quartile_short),
        Column("dq_flags", "Data quality", data_quality.cell),
    ]


def scorecard_section(
    evaluation: EvaluationLike,
    scope: Scope = COUNCIL,
    group_by: str = "outcome",
    names: Names | None = None,
    title: str = "Scorecard",
) -> Html:
    """``<h2>`` scorecard with one captioned table per group (``outcome`` by default; ``lens``,
    ``priority``, ``directorate``, ``portfolio``, ``equality_objective`` or ``direction``).

    A metric measuring several outcomes appears under each. Status is symbol + word.
    """
    names = names or Names()
    metrics = scope_metrics(evaluation.scorecard, scope)
    histories = history_by_metric(evaluation.history)
    columns = scorecard_columns(histories)
    row_header = Column("metric_id", "Metric", facts.metric_name)
    grouped = explode_ids(metrics, METRIC_COLUMN[group_by])
    kind_word = names.word(group_by)
    tables = []
    for group_id, rows in grouped.groupby("_group", sort=True):
        caption = (
            f"{kind_word} {names.labelled(group_by, group_id)}: {format_count(len(rows), 'metric')}"
        )
        tables.append(data_table(rows, caption, columns, row_header, class_=WIDE))
    ungrouped = metrics[~metrics.index.isin(grouped.index)]
    if not ungrouped.empty:
        caption = f"Metrics with no {kind_word.lower()}: {format_count(len(ungrouped), 'metric')}"
        tables.append(data_table(ungrouped, caption, columns, row_header, class_=WIDE))
    if not tables:
        tables.append(paragraph("There are no metrics in this report."))
    intro = paragraph(
        f"Every metric, grouped by {kind_word.lower()}. Status and trends are shown as a symbol "
        "and a word; SPC is statistical process control (Making Data Count). " + data_quality.KEY
    )
    return section(title, join([intro, *tables]), slug("scorecard", group_by))
