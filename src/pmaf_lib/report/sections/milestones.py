"""Deliverables and milestones: overdue and at risk first."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.report.formatting import format_count, format_date
from pmaf_lib.report.html import (
    Column,
    Html,
    data_table,
    join,
    milestone_badge,
    paragraph,
    section,
)
from pmaf_lib.report.sections.scope import COUNCIL, EvaluationLike, Names, Scope, scope_milestones
from pmaf_lib.report.signals import MILESTONE_KEYS, is_blank, milestone_key, text_of

ATTENTION = ("overdue", "at risk")


def sorted_milestones(milestones: pd.DataFrame) -> pd.DataFrame:
    """Overdue, at risk, on track, not started, deferred, complete; then by due date."""
    if milestones.empty:
        return milestones
    rank = {key: i for i, key in enumerate(MILESTONE_KEYS)}
    due = "effective_due" if "effective_due" in milestones else "due"
    keyed = milestones.assign(
        _rank=milestones["status"].map(lambda s: rank[milestone_key(s)]),
        _due=pd.to_datetime(milestones[due], errors="coerce") if due in milestones else pd.NaT,
    )
    return keyed.sort_values(["_rank", "_due"], kind="stable").drop(columns=["_rank", "_due"])


def _percent(row: dict) -> str:
    value = row.get("percent_complete")
    return "" if is_blank(value) else f"{float(value):.0f}%"


def _overdue(row: dict) -> str:
    days = row.get("days_overdue")
    if is_blank(days) or float(days) <= 0:
        return ""
    return format_count(int(float(days)), "day")


def due_text(row: dict, column: str) -> str:
    """A due date as the plan states it (``Oct 2024``, ``2024/25 Q3``, ``no date set``)."""
    label = text_of(row.get(f"{column}_label"))
    if label:
        return label
    if is_blank(row.get(column)):
        return "no date set" if column == "due" else ""
    return format_date(row.get(column))


def milestone_columns(names: Names) -> list[Column]:
    """Columns of a milestone table (the milestone is the row header)."""
    return [
        Column("status", "Status", lambda r: milestone_badge(r.get("status"))),
        Column("due", "Due", lambda r: due_text(r, "due")),
        Column("revised_due", "Revised due", lambda r: due_text(r, "revised_due")),
        Column("days_overdue", "Overdue by", _overdue, numeric=True),
        Column("percent_complete", "Complete", _percent, numeric=True),
        Column(
            "deliverable_id",
            names.word("deliverable"),
            lambda r: names.labelled("deliverable", r.get("deliverable_id")),
        ),
        Column(
            "lead_officer", "Lead Officer", lambda r: names.of("officer", r.get("lead_officer"))
        ),
        Column("commentary", "Commentary", lambda r: text_of(r.get("commentary")), free_text=True),
    ]


def milestone_name(row: dict) -> str:
    return " ".join(p for p in (text_of(row.get("milestone_id")), text_of(row.get("title"))) if p)


def milestones_section(
    evaluation: EvaluationLike,
    scope: Scope = COUNCIL,
    names: Names | None = None,
    title: str = "Deliverables and milestones",
) -> Html:
    """``<h2>`` with two tables: milestones overdue or at risk, then all the others."""
    names = names or Names()
    rows = sorted_milestones(scope_milestones(evaluation.milestones, scope))
    columns = milestone_columns(names)
    header = Column("milestone_id", "Milestone", milestone_name)
    if rows.empty:
        return section(title, paragraph("There are no milestones in this report."), "milestones")
    attention = rows["status"].map(lambda s: milestone_key(s) in ATTENTION)
    body = join(
        [
            data_table(
                rows[attention],
                f"Milestones overdue or at risk: {format_count(int(attention.sum()), 'milestone')}",
                columns,
                header,
                empty_message="No milestone is overdue or at risk.",
            ),
            data_table(
                rows[~attention],
                f"Other milestones: {format_count(int((~attention).sum()), 'milestone')}",
                columns,
                header,
                empty_message="No other milestones.",
            ),
        ]
    )
    return section(title, body, "milestones")
