"""Corporate summary pieces: the vision, status matrices (text in every cell), top exceptions
across the council, milestone health, the balanced-scorecard lens view and the
equality-objectives view. A view whose list the council does not have is left out."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmaf_lib.report.formatting import format_count, period_label
from pmaf_lib.report.html import (
    Column,
    Html,
    bullet_list,
    data_table,
    join,
    paragraph,
    rag_badge,
    section,
    user_text,
    variation_badge,
)
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections import recovery
from pmaf_lib.report.sections.exceptions import exception_rows
from pmaf_lib.report.sections.scope import (
    METRIC_COLUMN,
    MILESTONE_COLUMN,
    EvaluationLike,
    Names,
    explode_ids,
)
from pmaf_lib.report.signals import (
    MILESTONE_KEYS,
    RAG_KEYS,
    assurance_key,
    milestone_key,
    rag_key,
    text_of,
    travel_key,
    variation_of,
)

MATRIX_COUNTS: tuple[tuple[str, str], ...] = (
    *((f"rag:{k}", k[0].upper() + k[1:]) for k in RAG_KEYS),
    ("travel:improving", "Improving"),
    ("travel:worsening", "Worsening"),
    ("variation:concern", "SPC concern"),
    ("variation:improvement", "SPC improvement"),
    ("assurance:fail", "Assurance fail"),
)


def _metric_flags(scorecard: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per metric count of :data:`MATRIX_COUNTS`."""
    records = scorecard.to_dict("records")
    flags: dict[str, list[bool]] = {}
    for key in RAG_KEYS:
        flags[f"rag:{key}"] = [rag_key(r.get("rag")) == key for r in records]
    for key in ("improving", "worsening"):
        flags[f"travel:{key}"] = [travel_key(r.get("dot_previous")) == key for r in records]
    for key in ("concern", "improvement"):
        flags[f"variation:{key}"] = [
            variation_of(r.get("spc_variation")).kind == key for r in records
        ]
    flags["assurance:fail"] = [assurance_key(r.get("spc_assurance")) == "fail" for r in records]
    return pd.DataFrame(flags, index=scorecard.index)


def status_matrix(
    evaluation: EvaluationLike, by: str, names: Names | None = None, caption: str | None = None
) -> Html:
    """Table: one row per ``by`` (``priority``, ``directorate``, ``portfolio``, ``lens``,
    ``equality_objective``, ``outcome``, ``direction``), one column per status count.

    Every cell holds a number (zero included) under a header naming what it counts; milestones
    are counted by :func:`milestone_health`.
    """
    names = names or Names()
    word = names.word(by)
    metrics = explode_ids(evaluation.scorecard, METRIC_COLUMN[by], f"No {word.lower()}")
    counts = _metric_flags(metrics).assign(_group=metrics["_group"]).groupby("_group").sum()
    counts["metrics"] = metrics.groupby("_group").size()
    table = counts.reindex(columns=["metrics", *(k for k, _ in MATRIX_COUNTS)]).fillna(0)
    table = table.astype(int).reset_index(names="group_id")
    columns = [Column("metrics", "Metrics", numeric=True)] + [
        Column(key, label, numeric=True) for key, label in MATRIX_COUNTS
    ]
    return data_table(
        table,
        caption or f"Metric status by {word.lower()}: number of metrics",
        columns,
        Column("group_id", word, lambda r: names.labelled(by, r.get("group_id"))),
        empty_message=f"No metrics are tagged with a {word.lower()}.",
        class_="pmaf-table--wide",
    )


def status_matrix_section(
    evaluation: EvaluationLike,
    names: Names | None = None,
    groupings: tuple[str, ...] = ("priority", "directorate", "portfolio"),
    title: str = "Status across the council",
) -> Html:
    """``<h2>`` with one status matrix per grouping the council has (no directorate table for a
    council without directorates)."""
    names = names or Names()
    intro = paragraph("Each row counts the metrics in each status, trend and SPC signal.")
    present = [by for by in groupings if _group_count(evaluation, names, by)]
    tables = [status_matrix(evaluation, by, names) for by in present]
    return section(title, join([intro, *tables]), "status-matrix")


def top_exceptions_section(
    evaluation: EvaluationLike,
    names: Names | None = None,
    limit: int = 10,
    title: str = "Top exceptions across the council",
) -> Html:
    """``<h2>`` table of the most serious exceptions council-wide (see ``exception_rows``)."""
    names = names or Names()
    rows = exception_rows(evaluation.scorecard).head(limit)
    columns = [
        Column(
            "directorate", "Directorate", lambda r: names.of("directorate", r.get("directorate"))
        ),
        Column(
            "value",
            "Latest against target",
            lambda r: facts.value_against_target(
                r, "value", "target", period_label(r.get("current_period"))
            ),
        ),
        Column("rag", "Status", lambda r: rag_badge(r.get("rag"))),
        Column(
            "spc_variation",
            "SPC variation",
            lambda r: variation_badge(r.get("spc_variation")),
        ),
        Column("exception_reasons", "Why", lambda r: "; ".join(facts.reasons(r))),
        Column(
            "action",
            "Recovery action",
            lambda r: recovery.recovery_summary(r, names, with_action=True),
            free_text=True,
        ),
    ]
    table = data_table(
        rows,
        f"Top exceptions: {format_count(len(rows), 'metric')}",
        columns,
        Column("metric_id", "Metric", facts.metric_name),
        empty_message="No exceptions across the council this period.",
    )
    return section(title, table, "top-exceptions")


def milestone_health(
    evaluation: EvaluationLike, by: str = "priority", names: Names | None = None
) -> Html:
    """Table of milestone counts by status for each ``by`` group (every cell a number)."""
    names = names or Names()
    word = names.word(by)
    milestones = explode_ids(evaluation.milestones, MILESTONE_COLUMN[by], f"No {word.lower()}")
    if milestones.empty:
        return paragraph(f"No milestones by {word.lower()}.", "pmaf-empty")
    status = milestones["status"].map(milestone_key)
    table = pd.crosstab(milestones["_group"], status).reindex(
        columns=list(MILESTONE_KEYS), fill_value=0
    )
    table["total"] = table.sum(axis=1)
    table = table.reset_index(names="group_id")
    columns = [Column(key, key[0].upper() + key[1:], numeric=True) for key in MILESTONE_KEYS]
    columns.append(Column("total", "Total", numeric=True))
    return data_table(
        table,
        f"Milestones by status for each {word.lower()}",
        columns,
        Column("group_id", word, lambda r: names.labelled(by, r.get("group_id"))),
    )


def milestone_health_section(
    evaluation: EvaluationLike,
    names: Names | None = None,
    groupings: tuple[str, ...] = ("priority", "directorate"),
    title: str = "Milestone health",
) -> Html:
    """``<h2>`` with a milestone-status table per grouping the council has."""
    names = names or Names()
    present = [by for by in groupings if _group_count(evaluation, names, by)]
    tables = [milestone_health(evaluation, by, names) for by in present]
    return section(title, join(tables), "milestone-health")


def vision_section(plan: Any, title: str = "Our vision") -> Html:
    """``<h2>`` the plan's vision and principles, as the council wrote them (empty when the
    plan states neither)."""
    vision = text_of(getattr(plan, "vision", None))
    principles = [text_of(p) for p in getattr(plan, "principles", ()) or () if text_of(p)]
    if not vision and not principles:
        return Html("")
    parts = [user_text(vision)] if vision else []
    if principles:
        parts += [paragraph("Our principles:"), bullet_list(principles)]
    return section(title, join(parts), "vision")


def _group_count(evaluation: EvaluationLike, names: Names, by: str) -> int:
    """How many ``by`` groups the council has: its reference list, else the ids tagged."""
    listed = names.by_kind.get(by, {})
    if listed:
        return len(listed)
    tagged = explode_ids(evaluation.scorecard, METRIC_COLUMN[by])["_group"]
    tagged = pd.concat([tagged, explode_ids(evaluation.milestones, MILESTONE_COLUMN[by])["_group"]])
    return tagged.nunique()


def lens_section(
    evaluation: EvaluationLike, names: Names | None = None, title: str = "Balanced scorecard"
) -> Html:
    """``<h2>`` metric status and milestone health by balanced-scorecard lens (empty when the
    council has no lenses)."""
    names = names or Names()
    count = _group_count(evaluation, names, "lens")
    if not count:
        return Html("")
    lenses = format_count(count, "balanced-scorecard lens", "balanced-scorecard lenses")
    intro = paragraph(f"Metrics and milestones by the council's {lenses}.")
    tables = [status_matrix(evaluation, "lens", names), milestone_health(evaluation, "lens", names)]
    return section(title, join([intro, *tables]), "lens-view")


def equality_section(
    evaluation: EvaluationLike, names: Names | None = None, title: str = "Equality objectives"
) -> Html:
    """``<h2>`` status matrix by equality objective (empty when the council lists none)."""
    names = names or Names()
    if not _group_count(evaluation, names, "equality_objective"):
        return Html("")
    intro = paragraph("Metrics and milestones that evidence each equality objective.")
    tables = [
        status_matrix(evaluation, "equality_objective", names),
        milestone_health(evaluation, "equality_objective", names),
    ]
    return section(title, join([intro, *tables]), "equality-view")
