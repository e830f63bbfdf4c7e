"""Exceptions first (each with its SPC chart, figures, commentary and action), then
what went well."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from pmaf_lib.indicators.labels import ExceptionTier
from pmaf_lib.report.charts.spc_chart import spc_chart
from pmaf_lib.report.charts.ytd_chart import ytd_chart
from pmaf_lib.report.formatting import format_count, period_label, short_period_label
from pmaf_lib.report.html import (
    BadgeStyle,
    Column,
    Html,
    badge,
    bullet_list,
    data_table,
    definition_list,
    element,
    join,
    paragraph,
    rag_badge,
    section,
    slug,
    user_text,
)
from pmaf_lib.report.sections import data_quality, recovery
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.scope import (
    COUNCIL,
    EvaluationLike,
    Names,
    Scope,
    history_by_metric,
    scope_metrics,
)
from pmaf_lib.report.signals import as_tuple, member, rag_key, text_of

TIER_BADGES = {
    ExceptionTier.ACT_NOW: BadgeStyle("!", "Act now", "red"),
    ExceptionTier.WATCH: BadgeStyle("◇", "Watch", "yellow"),
}
TIER_ORDER = {ExceptionTier.ACT_NOW: 0, ExceptionTier.WATCH: 1, None: 2}


def tier_of(row: Mapping[str, Any]) -> ExceptionTier | None:
    """The engine's exception tier (``act now`` or ``watch``), None when it gives none."""
    return member(row.get("exception_tier"), ExceptionTier)


def tier_badge(row: Mapping[str, Any]) -> Html:
    """``! Act now`` or ``◇ Watch`` (nothing when the engine gives no tier)."""
    tier = tier_of(row)
    return badge(TIER_BADGES[tier]) if tier else Html("")


def why(row: Mapping[str, Any]) -> str:
    """The reasons in plain English (the engine's ``exception_text``)."""
    return text_of(row.get("exception_text")) or "; ".join(facts.reasons(row))


def exception_rows(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The engine's exceptions, most urgent first: act now before watch, Red first, then by
    number of reasons, then title."""
    if scorecard.empty or "is_exception" not in scorecard:
        return scorecard.iloc[:0]
    rows = scorecard[scorecard["is_exception"].fillna(False).astype(bool)]
    rows = rows.assign(
        _tier=[TIER_ORDER[tier_of(r)] for r in rows.to_dict("records")],
        _red=rows["rag"].map(lambda v: rag_key(v) != "Red") if "rag" in rows else True,
        _n=rows["exception_reasons"].map(lambda r: -len(as_tuple(r)))
        if "exception_reasons" in rows
        else 0,
        _title=rows["title"].map(text_of) if "title" in rows else "",
    )
    order = ["_tier", "_red", "_n", "_title"]
    return rows.sort_values(order, kind="stable").drop(columns=order)


def _overview(rows: pd.DataFrame, names: Names) -> Html:
    """One screen: every exception, its tier, latest figure and status, and why, in words."""
    tiers = [tier_of(r) for r in rows.to_dict("records")]
    counts = ", ".join(
        format_count(tiers.count(t), "metric") + f" {TIER_BADGES[t].word.lower()}"
        for t in TIER_BADGES
        if t in tiers
    ) or format_count(len(rows), "metric")
    tier_column = [Column("exception_tier", "Tier", tier_badge)] if any(tiers) else []
    columns = [
        *tier_column,
        Column(
            "value",
            "Latest against target",
            lambda r: facts.value_against_target(
                r,
                "value",
                "target",
                short_period_label(r.get("current_period")),
                facts.headline_kind(r),
            ),
        ),
        Column("rag", "Status", lambda r: rag_badge(r.get("rag"))),
        Column("exception_text", "Why", why),
        Column("action", "Recovery", lambda r: recovery.recovery_summary(r, names)),
    ]
    link = Column(
        "metric_id",
        "Metric",
        lambda r: element(
            "a", facts.metric_name(r), href="#" + slug("exception", r.get("metric_id"))
        ),
    )
    return data_table(rows, f"Exceptions at a glance: {counts}", columns, link)


def _exception(row: dict, history: pd.DataFrame | None, names: Names) -> Html:
    heading_id = slug("exception", row.get("metric_id"))
    parts = [
        paragraph(
            join(
                [
                    tier_badge(row),
                    " " if tier_of(row) else "",
                    "Why this is an exception: ",
                    why(row),
                    ".",
                ]
            ),
            "pmaf-reasons",
        )
    ]
    if history is not None and not history.empty:
        parts.append(spc_chart(history, row))
    details = [
        ("Latest", facts.latest(row)),
        *recovery.board_items(row, names),
        ("Year to date", facts.year_to_date(row)),
        ("Forecast year-end", facts.forecast(row)),
        ("Direction of travel", facts.travel(row)),
        (
            "Statistical process control",
            join([facts.variation_cell(row), " ", facts.assurance_cell(row)]),
        ),
        (
            "Benchmark",
            facts.benchmark(row, names.of("benchmark_group", row.get("benchmark_group"))),
        ),
        ("Data quality", data_quality.detail(row)),
        ("Lead Officer", names.of("officer", row.get("lead_officer"))),
        ("Commentary", user_text(row.get("commentary"), "No commentary provided.")),
    ]
    parts.append(definition_list(details))
    if history is not None and not history.empty:
        parts.append(ytd_chart(history, row))
    kind = "red" if rag_key(row.get("rag")) == "Red" else "concern"
    return section(
        facts.metric_name(row),
        join(parts),
        heading_id,
        level=3,
        class_=f"pmaf-exception pmaf-exception--{kind}",
    )


def exceptions_section(
    evaluation: EvaluationLike,
    scope: Scope = COUNCIL,
    names: Names | None = None,
    title: str = "Exceptions",
    limit: int | None = None,
) -> Html:
    """``<h2>`` exceptions, each an ``<h3>`` with SPC chart, latest value vs target, YTD and
    forecast with RAG, direction of travel, benchmark, commentary and improvement action."""
    names = names or Names()
    rows = exception_rows(scope_metrics(evaluation.scorecard, scope))
    if limit is not None:
        rows = rows.head(limit)
    histories = history_by_metric(evaluation.history)
    records = rows.to_dict("records")
    if not records:
        body = paragraph(
            "No metric is Red, shows special-cause concern, fails assurance or is "
            "forecast to miss its year-end target."
        )
    else:
        intro = paragraph(
            f"{format_count(len(records), 'metric')} {'needs' if len(records) == 1 else 'need'} "
            "attention. Act now: Red with a special-cause concern or a process that will "
            "consistently miss its target. Watch: any other reason (Red, a concern, failing "
            "assurance, a forecast whose whole likely range misses the year-end target, or "
            "improving but still off target). Each is detailed below the table."
        )
        items = [_exception(r, histories.get(text_of(r.get("metric_id"))), names) for r in records]
        body = join([intro, _overview(rows, names), *items])
    return section(title, body, "exceptions")


def success_rows(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The engine's successes (``is_success``): what went well, never also an exception."""
    if scorecard.empty or "is_success" not in scorecard:
        return scorecard.iloc[:0]
    return scorecard[scorecard["is_success"].fillna(False).astype(bool)]


def _success_item(row: dict, history: pd.DataFrame | None) -> Html:
    when = period_label(row.get("current_period"))
    text = f"{facts.metric_name(row)}: {facts.value_against_target(row, 'value', 'target', when)}"
    signals = [
        facts.variation_cell(row),
        facts.assurance_cell(row),
    ]
    return join([text, " ", *signals, " ", facts.metric_sparkline(row, history)])


def what_went_well_section(
    evaluation: EvaluationLike, scope: Scope = COUNCIL, title: str = "What went well"
) -> Html:
    """``<h2>`` brief list of improvement signals and consistent passes."""
    rows = success_rows(scope_metrics(evaluation.scorecard, scope))
    histories = history_by_metric(evaluation.history)
    records = rows.to_dict("records")
    if not records:
        return section(title, paragraph("No improvement signals this period."), "what-went-well")
    items = [_success_item(r, histories.get(text_of(r.get("metric_id")))) for r in records]
    return section(title, bullet_list(items, "pmaf-successes"), "what-went-well")
