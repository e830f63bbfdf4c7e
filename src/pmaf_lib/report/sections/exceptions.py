"""Exceptions first (each with its SPC chart, figures, commentary and action), then
what went well."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.report.charts.spc_chart import spc_chart
from pmaf_lib.report.formatting import format_count, period_label
from pmaf_lib.report.html import (
    Html,
    assurance_badge,
    bullet_list,
    definition_list,
    join,
    paragraph,
    section,
    slug,
    user_text,
    variation_badge,
)
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.scope import (
    COUNCIL,
    EvaluationLike,
    Names,
    Scope,
    history_by_metric,
    scope_metrics,
)
from pmaf_lib.report.signals import as_tuple, assurance_key, rag_key, text_of, variation_of


def _derived_reasons(row: dict) -> tuple[str, ...]:
    reasons = []
    if rag_key(row.get("rag")) == "Red":
        reasons.append("red")
    if variation_of(row.get("spc_variation"), row.get("polarity")).kind == "concern":
        reasons.append("special cause concern")
    if assurance_key(row.get("spc_assurance")) == "fail":
        reasons.append("assurance fail")
    if rag_key(row.get("forecast_rag")) == "Red":
        reasons.append("forecast miss")
    return tuple(reasons)


def exception_rows(scorecard: pd.DataFrame) -> pd.DataFrame:
    """Exceptions, most serious first: Red, then by number of reasons, then title.

    Uses the engine's ``is_exception``/``exception_reasons`` where present, else derives the
    reasons (Red, special cause concern, assurance fail, forecast miss).
    """
    if scorecard.empty:
        return scorecard
    rows = scorecard.copy()
    if "exception_reasons" not in rows:
        rows["exception_reasons"] = [_derived_reasons(r) for r in rows.to_dict("records")]
    flagged = (
        rows["is_exception"].fillna(False).astype(bool)
        if "is_exception" in rows
        else rows["exception_reasons"].map(lambda r: bool(as_tuple(r)))
    )
    rows = rows[flagged]
    rows = rows.assign(
        _red=rows["rag"].map(lambda v: rag_key(v) != "Red") if "rag" in rows else True,
        _n=rows["exception_reasons"].map(lambda r: -len(as_tuple(r))),
        _title=rows["title"].map(text_of) if "title" in rows else "",
    )
    return rows.sort_values(["_red", "_n", "_title"], kind="stable").drop(
        columns=["_red", "_n", "_title"]
    )


def _exception(row: dict, history: pd.DataFrame | None, names: Names) -> Html:
    heading_id = slug("exception", row.get("metric_id"))
    why = facts.reasons(row) or ["flagged by the indicator engine"]
    parts = [paragraph("Why this is an exception: " + "; ".join(why) + ".", "pmaf-reasons")]
    if history is not None and not history.empty:
        parts.append(spc_chart(history, row))
    details = [
        ("Latest", facts.latest(row)),
        ("Year to date", facts.year_to_date(row)),
        ("Forecast year-end", facts.forecast(row)),
        ("Direction of travel", facts.travel(row)),
        (
            "Statistical process control",
            join(
                [
                    variation_badge(row.get("spc_variation"), row.get("polarity")),
                    " ",
                    assurance_badge(row.get("spc_assurance")),
                ]
            ),
        ),
        (
            "Benchmark",
            facts.benchmark(row, names.of("benchmark_group", row.get("benchmark_group"))),
        ),
        ("Data quality", facts.data_quality(row)),
        ("Lead Officer", names.of("officer", row.get("lead_officer"))),
        ("Commentary", user_text(row.get("commentary"), "No commentary provided.")),
        ("Improvement action", user_text(row.get("action"), "No improvement action recorded.")),
    ]
    parts.append(definition_list(details))
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
            "attention: "
            "Red against target, special-cause concern, failing assurance or forecast to miss "
            "the year-end target."
        )
        items = [_exception(r, histories.get(text_of(r.get("metric_id"))), names) for r in records]
        body = join([intro, *items])
    return section(title, body, "exceptions")


def success_rows(scorecard: pd.DataFrame) -> pd.DataFrame:
    """Metrics to celebrate: ``is_success`` where present, else special-cause improvement."""
    if scorecard.empty:
        return scorecard
    if "is_success" in scorecard:
        return scorecard[scorecard["is_success"].fillna(False).astype(bool)]
    polarity = scorecard["polarity"] if "polarity" in scorecard else [None] * len(scorecard)
    improving = [
        variation_of(v, p).kind == "improvement"
        for v, p in zip(
            scorecard.get("spc_variation", [None] * len(scorecard)), polarity, strict=True
        )
    ]
    return scorecard[improving]


def _success_item(row: dict, history: pd.DataFrame | None) -> Html:
    when = period_label(row.get("current_period"))
    text = f"{facts.metric_name(row)}: {facts.value_against_target(row, 'value', 'target', when)}"
    signals = [
        variation_badge(row.get("spc_variation"), row.get("polarity")),
        assurance_badge(row.get("spc_assurance")),
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
