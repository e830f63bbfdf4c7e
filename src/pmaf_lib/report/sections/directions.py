"""The Directions appendix for commissioners: a summary across Directions, then each
Direction's judgement, what changed, its evidence (metrics, milestones, deliverables) and
commentary.

``directions`` is a plain DataFrame, one row per Direction:

=====================  ========  ===========================================================
column                 required  content
=====================  ========  ===========================================================
``direction_id``       yes       e.g. ``D1``
``title``              yes       short title
``text``               no        the Direction's wording
``judgement``          no        the judgement reported (after any override): ``substantial``,
                                 ``reasonable``, ``limited``, ``no assurance``
``rule_judgement``     no        what the documented rule gave from the evidence
``rule_reason``        no        why the rule gave it, in words
``override_reason``    no        why an officer overrode the rule (blank = no override)
``override_officer``   no        who overrode it
``changes``            no        what changed since last month: text, or a list/tuple of texts
``commentary``         no        narrative for commissioners
=====================  ========  ===========================================================

Evidence counts are computed here from the evaluation (metrics and milestones whose
``directions`` include the Direction) and, when given, the plan's ``deliverables`` frame.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pmaf_lib.report.formatting import format_count, period_label
from pmaf_lib.report.html import (
    JUDGEMENT_BADGES,
    Column,
    Html,
    badge,
    bullet_list,
    data_table,
    join,
    judgement_badge,
    paragraph,
    section,
    slug,
    user_text,
)
from pmaf_lib.report.sections import data_quality
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.milestones import milestone_columns, milestone_name, sorted_milestones
from pmaf_lib.report.sections.scope import (
    EvaluationLike,
    Names,
    Scope,
    history_by_metric,
    scope_metrics,
    scope_milestones,
)
from pmaf_lib.report.sections.scorecard import STATUS_COLUMNS
from pmaf_lib.report.signals import (
    as_tuple,
    is_blank,
    judgement_key,
    milestone_key,
    rag_key,
    text_of,
    variation_of,
)


def direction_name(row: Mapping[str, Any]) -> str:
    """``D1 Financial sustainability``."""
    return " ".join(p for p in (text_of(row.get("direction_id")), text_of(row.get("title"))) if p)


def _evidence(
    direction_id: str, evaluation: EvaluationLike, deliverables: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    scope = Scope("direction", direction_id)
    metrics = scope_metrics(evaluation.scorecard, scope)
    milestones = scope_milestones(evaluation.milestones, scope)
    if deliverables is not None and "directions" in deliverables:
        linked = deliverables[deliverables["directions"].map(lambda c: direction_id in as_tuple(c))]
    else:
        ids = (
            milestones["deliverable_id"].dropna().unique() if "deliverable_id" in milestones else []
        )
        linked = pd.DataFrame({"deliverable_id": list(ids)})
    return metrics, milestones, linked


def _metric_summary(metrics: pd.DataFrame) -> str:
    records = metrics.to_dict("records")
    red = sum(rag_key(r.get("rag")) == "Red" for r in records)
    concern = sum(variation_of(r.get("spc_variation")).kind == "concern" for r in records)
    return f"{len(records):,} ({red:,} Red, {concern:,} special cause concern)"


def _milestone_summary(milestones: pd.DataFrame) -> str:
    status = [milestone_key(s) for s in milestones.get("status", [])]
    counts = ", ".join(f"{status.count(k):,} {k}" for k in ("overdue", "at risk", "complete"))
    return f"{len(status):,} ({counts})"


def _override(row: Mapping[str, Any]) -> str:
    """``Overridden by …`` only where the officer's judgement differs from the rule's."""
    reason = text_of(row.get("override_reason"))
    if not reason:
        return "No override"
    officer = text_of(row.get("override_officer")) or "an officer"
    if judgement_key(row.get("judgement")) == judgement_key(row.get("rule_judgement")):
        return f"The rule's judgement was confirmed by {officer}: {reason}"
    return f"Overridden by {officer}: {reason}"


def _judgement(row: Mapping[str, Any]) -> Any:
    value = row.get("judgement")
    return row.get("rule_judgement") if is_blank(value) else value


def directions_summary_section(
    directions: pd.DataFrame,
    evaluation: EvaluationLike,
    deliverables: pd.DataFrame | None = None,
    title: str = "Assurance across the Directions",
) -> Html:
    """``<h2>`` table, one row per Direction: judgement, the rule's judgement, any override,
    and counts of the metrics, milestones and deliverables that evidence it."""
    rows = []
    for row in directions.to_dict("records"):
        metrics, milestones, linked = _evidence(
            text_of(row.get("direction_id")), evaluation, deliverables
        )
        rows.append(
            {
                **row,
                "_metrics": f"{_metric_summary(metrics)}. Data quality: "
                + data_quality.rollup(metrics),
                "_milestones": _milestone_summary(milestones),
                "_deliverables": f"{len(linked):,}",
            }
        )
    columns = [
        Column("judgement", "Assurance judgement", lambda r: judgement_badge(_judgement(r))),
        Column(
            "rule_judgement", "Rule's judgement", lambda r: judgement_badge(r.get("rule_judgement"))
        ),
        Column("override_reason", "Override", _override, free_text=True),
        Column("_metrics", "Metrics and their data quality"),
        Column("_milestones", "Milestones"),
        Column("_deliverables", "Deliverables", numeric=True),
    ]
    table = data_table(
        pd.DataFrame(rows),
        f"Assurance judgement for each Direction: {format_count(len(rows), 'Direction')}",
        columns,
        Column("direction_id", "Direction", direction_name),
        empty_message="There are no Directions.",
    )
    intro = paragraph(
        "Judgements are substantial, reasonable, limited or no assurance. Each is derived by the "
        "documented rule from the evidence below; where an officer has overridden the rule, the "
        "reason is recorded. The data quality of the metrics is assurance on the evidence "
        "itself: how many are sufficient on all four parts of the data-quality mark "
        "(timeliness, completeness, validity, process)."
    )
    return section(title, join([intro, table]), "directions-summary")


def judgement_strip_section(
    months: list[tuple[str, pd.DataFrame, pd.DataFrame]],
    title: str = "Assurance over the last months",
) -> Html:
    """``<h2>`` with two tables over ``months`` (oldest first; each ``(period, directions,
    milestones)`` from that month's evaluation): each Direction's judgement, marked where an
    officer's override changed the rule's, and its overdue milestones, month by month."""
    if not months:
        return Html("")
    labels = [period_label(period) for period, _, _ in months]
    by_month = [frame.set_index("direction_id") for _, frame, _ in months]
    ids = list(by_month[-1].index)

    def judged(frame: pd.DataFrame, direction_id: str) -> Html | str:
        if direction_id not in frame.index:
            return "–"
        row = frame.loc[direction_id]
        changed = judgement_key(row.get("judgement")) != judgement_key(row.get("rule_judgement"))
        style = JUDGEMENT_BADGES[judgement_key(row.get("judgement"))]
        word = style.word if style.word == "No assurance" else style.word.removesuffix(" assurance")
        short = dataclasses.replace(style, word=word)
        return badge(short, "(overridden)" if changed else "")

    def overdue(milestones: pd.DataFrame, direction_id: str) -> str:
        linked = milestones["directions"].map(lambda c: direction_id in as_tuple(c))
        tagged = milestones[linked.astype(bool)]
        return f"{int((tagged['status'].map(milestone_key) == 'overdue').sum()):,}"

    names = {i: direction_name({"direction_id": i, "title": by_month[-1].loc[i, "title"]})
             for i in ids}  # fmt: skip
    judgements = pd.DataFrame({"direction_id": ids})
    slippage = pd.DataFrame({"direction_id": ids})
    for label, frame, (_, _, milestones) in zip(labels, by_month, months, strict=True):
        judgements[label] = [judged(frame, i) for i in ids]
        slippage[label] = [overdue(milestones, i) for i in ids]
    header = Column("direction_id", "Direction", lambda r: names[r["direction_id"]])
    span = f"{labels[0]} to {labels[-1]}"
    body = join(
        [
            paragraph(
                "Each month's assurance judgement as reported that month (substantial, "
                "reasonable, limited or no assurance); '(overridden)' marks a month where an "
                "officer's judgement differed from the rule's."
            ),
            data_table(
                judgements,
                f"Assurance judgement for each Direction, {span}",
                [Column(label, label) for label in labels],
                header,
                class_="pmaf-table--wide",
            ),
            data_table(
                slippage,
                f"Overdue milestones evidencing each Direction, {span}: number of milestones",
                [Column(label, label, numeric=True) for label in labels],
                header,
            ),
        ]
    )
    return section(title, body, "directions-over-time")


def _metric_table(metrics: pd.DataFrame, caption: str, history: pd.DataFrame) -> Html:
    histories = history_by_metric(history.loc[history["metric_id"].isin(metrics["metric_id"])])
    columns = [
        Column(
            "value",
            "Latest against target",
            lambda r: facts.value_against_target(
                r, "value", "target", period_label(r.get("current_period"))
            ),
        ),
        *STATUS_COLUMNS,
        Column(
            "trend",
            "Trend, process limits and target",
            lambda r: facts.metric_sparkline(
                r, histories.get(text_of(r.get("metric_id"))), with_limits=True
            ),
        ),
    ]
    return data_table(
        metrics,
        caption,
        columns,
        Column("metric_id", "Metric", facts.metric_name),
        empty_message="No metrics evidence this Direction.",
    )


def _deliverable_table(linked: pd.DataFrame, caption: str, names: Names) -> Html:
    columns = [
        Column(
            "directorate", "Directorate", lambda r: names.of("directorate", r.get("directorate"))
        ),
        Column(
            "lead_officer", "Lead Officer", lambda r: names.of("officer", r.get("lead_officer"))
        ),
    ]

    def title(r: Mapping[str, Any]) -> str:
        own = text_of(r.get("title"))
        return (
            f"{text_of(r.get('deliverable_id'))} {own}"
            if own
            else names.labelled("deliverable", r.get("deliverable_id"))
        )

    return data_table(
        linked,
        caption,
        columns,
        Column("deliverable_id", "Deliverable", title),
        empty_message="No deliverables evidence this Direction.",
    )


def _changes(value: Any) -> Html:
    items = [text_of(v) for v in value] if isinstance(value, list | tuple) else [text_of(value)]
    items = [i for i in items if i]
    return bullet_list(items) if items else paragraph("No change recorded since last month.")


def direction_section(
    direction: Mapping[str, Any],
    evaluation: EvaluationLike,
    deliverables: pd.DataFrame | None = None,
    names: Names | None = None,
) -> Html:
    """``<h2>`` for one Direction (a row of ``directions``), with ``<h3>`` parts: assurance
    judgement, what changed, metrics, milestones, deliverables, commentary."""
    names = names or Names()
    direction_id = text_of(direction.get("direction_id"))
    metrics, milestones, linked = _evidence(direction_id, evaluation, deliverables)
    base = slug("direction", direction_id)

    judgement = [judgement_badge(_judgement(direction))]
    rule = judgement_key(direction.get("rule_judgement"))
    if rule:
        because = text_of(direction.get("rule_reason"))
        judgement.append(
            f" The rule gives {rule} assurance" + (f": {because}." if because else ".")
        )
    judgement.append(f" {_override(direction)}.")
    parts = []
    if text_of(direction.get("text")):
        parts.append(user_text(direction.get("text")))
    parts += [
        section("Assurance judgement", paragraph(join(judgement)), f"{base}-judgement", level=3),
        section(
            "What changed since last month",
            _changes(direction.get("changes")),
            f"{base}-changes",
            level=3,
        ),
        section(
            "Metrics",
            join(
                [
                    paragraph(f"Data quality of the evidence: {data_quality.rollup(metrics)}."),
                    _metric_table(
                        metrics,
                        f"Metrics evidencing {direction_id}: "
                        + format_count(len(metrics), "metric"),
                        evaluation.history,
                    ),
                ]
            ),
            f"{base}-metrics",
            level=3,
        ),
        section(
            "Milestones",
            data_table(
                sorted_milestones(milestones),
                f"Milestones evidencing {direction_id}: "
                f"{format_count(len(milestones), 'milestone')}",
                milestone_columns(names),
                Column("milestone_id", "Milestone", milestone_name),
                empty_message="No milestones evidence this Direction.",
            ),
            f"{base}-milestones",
            level=3,
        ),
        section(
            "Deliverables",
            _deliverable_table(
                linked,
                f"Deliverables evidencing {direction_id}: "
                f"{format_count(len(linked), 'deliverable')}",
                names,
            ),
            f"{base}-deliverables",
            level=3,
        ),
        section(
            "Commentary",
            user_text(direction.get("commentary"), "No commentary provided."),
            f"{base}-commentary",
            level=3,
        ),
    ]
    return section(f"Direction {direction_name(direction)}", join(parts), base)


def directions_appendix(
    directions: pd.DataFrame,
    evaluation: EvaluationLike,
    deliverables: pd.DataFrame | None = None,
    names: Names | None = None,
) -> Html:
    """The summary table, then one section per Direction, in ``directions`` order."""
    details = [
        direction_section(row, evaluation, deliverables, names)
        for row in directions.to_dict("records")
    ]
    return join([directions_summary_section(directions, evaluation, deliverables), *details])
