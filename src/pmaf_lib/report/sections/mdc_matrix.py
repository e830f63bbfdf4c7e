"""Making Data Count front page: the variation x assurance matrix and one row per metric.

The matrix is the board view NHS integrated performance reports are built around: SPC
variation (rows) against assurance on the target (columns), each cell the number of metrics and
their names, linked to the metric's row in the per-metric table below it. Special cause concern
and a failing target come first, so the worst cell is the first one read. Outside the concern
row, a cell of more than :data:`NAMED_IN_CELL` metrics folds its names away: at a thousand
metrics the cells of "common cause" names ran to twenty printed pages before the table that
lists every metric anyway.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmaf_lib.report.formatting import format_count, period_label
from pmaf_lib.report.html import (
    ASSURANCE_BADGES,
    VARIATION_BADGES,
    Column,
    Html,
    assurance_badge,
    badge,
    data_table,
    element,
    join,
    slug,
    variation_badge,
)
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.scope import history_by_metric
from pmaf_lib.report.signals import assurance_key, text_of, variation_of

VARIATION_ORDER = ("concern", "neutral", "common", "improvement", "none")
ASSURANCE_ORDER = ("fail", "inconsistent", "pass", "none")
VARIATION_MEANING = {
    "concern": "is getting worse beyond its normal variation",
    "neutral": "has changed beyond its normal variation (neither better nor worse)",
    "common": "is varying within its normal range",
    "improvement": "is improving beyond its normal variation",
    "none": "has too few points to tell normal from unusual variation",
}
NAMED_IN_CELL = 12
ASSURANCE_MEANING = {
    "fail": "will consistently miss its target unless the process changes",
    "inconsistent": "will sometimes meet and sometimes miss its target",
    "pass": "will consistently meet its target",
    "none": "",
}


def metric_anchor(metric_id: Any) -> str:
    """The ``id`` of a metric's row in the per-metric MDC table."""
    return slug("mdc", metric_id)


def signals_of(row: dict[str, Any]) -> tuple[str, str]:
    """The row's variation kind and assurance key."""
    return variation_of(row.get("spc_variation")).kind, assurance_key(row.get("spc_assurance"))


def mdc_sentence(row: dict[str, Any]) -> str:
    """One plain-English sentence, e.g. ``Getting worse beyond its normal variation and will
    consistently miss its target unless the process changes.``"""
    variation, assurance = signals_of(row)
    text = f"It {VARIATION_MEANING[variation]}"
    if ASSURANCE_MEANING[assurance]:
        text += f" and {ASSURANCE_MEANING[assurance]}"
    elif text_of(row.get("target")) == "":
        text += "; it has no target"
    return text + "."


def _metric_link(row: dict[str, Any]) -> Html:
    return element("a", facts.metric_name(row), href=f"#{metric_anchor(row.get('metric_id'))}")


def _cell(rows: list[dict[str, Any]], variation: str) -> Html:
    """The cell's count, then its metrics' names: listed, or folded when there are many and
    none is a concern (on paper the fold prints as its summary line; each metric keeps its row
    in the table)."""
    count = element("span", format_count(len(rows), "metric"), class_="pmaf-mdc__count")
    if not rows:
        return count
    links = join(element("li", _metric_link(r)) for r in rows)
    names = element("ul", links, class_="pmaf-mdc__names")
    if len(rows) <= NAMED_IN_CELL or variation == "concern":
        return join([count, names])
    summary = element(
        "summary",
        join(
            [
                f"Names of the {len(rows):,} metrics",
                element("span", " (each has its row in the table below)", class_="pmaf-print-only"),
            ]
        ),
    )
    return join([count, element("details", join([summary, names]), class_="pmaf-mdc__more")])


def mdc_matrix(metrics: pd.DataFrame) -> Html:
    """Table: variation (row headers) x assurance (column headers); each cell names its metrics.

    Every row and column is present (zero counts included) so that the grid reads the same in
    every report.
    """
    records = metrics.to_dict("records")
    buckets: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in records:
        buckets.setdefault(signals_of(row), []).append(row)
    frame = pd.DataFrame({"variation": VARIATION_ORDER})
    columns = [
        Column(
            key,
            f"Assurance: {ASSURANCE_BADGES[key].word}",
            lambda r, key=key: _cell(buckets.get((r["variation"], key), []), r["variation"]),
        )
        for key in ASSURANCE_ORDER
    ]
    header = Column("variation", "Variation", lambda r: badge(VARIATION_BADGES[r["variation"]]))
    caption = (
        "Making Data Count summary: "
        f"{format_count(len(records), 'metric')} by SPC variation (rows) and assurance of "
        "meeting the target (columns)"
    )
    return data_table(frame, caption, columns, header, class_="pmaf-mdc")


def mdc_summary_table(metrics: pd.DataFrame, history: pd.DataFrame) -> Html:
    """One row per metric: sparkline with process limits and target, variation and assurance
    icons, latest value against target, and one plain-English sentence."""
    histories = history_by_metric(history)
    frame = metrics.assign(_anchor=metrics["metric_id"].map(metric_anchor))
    columns = [
        Column(
            "trend",
            "Trend, process limits and target",
            lambda r: facts.metric_sparkline(
                r, histories.get(text_of(r.get("metric_id"))), with_limits=True
            ),
        ),
        Column(
            "spc_variation",
            "Variation",
            lambda r: variation_badge(r.get("spc_variation")),
        ),
        Column("spc_assurance", "Assurance", lambda r: assurance_badge(r.get("spc_assurance"))),
        Column(
            "value",
            "Latest against target",
            lambda r: facts.value_against_target(
                r, "value", "target", period_label(r.get("current_period"))
            ),
        ),
        Column("meaning", "What it means", mdc_sentence, free_text=True),
    ]
    header = Column(
        "metric_id",
        "Metric",
        lambda r: element("span", facts.metric_name(r), id=r["_anchor"]),
    )
    return data_table(
        frame,
        f"Each metric in Making Data Count terms: {format_count(len(frame), 'metric')}",
        columns,
        header,
        empty_message="There are no metrics in this report.",
        class_="pmaf-table--wide pmaf-mdc-rows",
    )
