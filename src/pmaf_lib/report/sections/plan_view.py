"""The plan as the council wrote it: each outcome (under its theme) with its description, its
deliverables with their text, Lead Member and Lead Officer, milestone status, and the metrics
that measure it, in the council's own words for each level.

Outcomes without metrics and deliverables without milestones are shown too: the plan is what
the council committed to, not only what it measures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from pmaf_lib.report.formatting import format_count
from pmaf_lib.report.html import (
    Html,
    bullet_list,
    definition_list,
    element,
    heading,
    join,
    milestone_badge,
    paragraph,
    section,
    slug,
    user_text,
)
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.milestones import due_text, sorted_milestones
from pmaf_lib.report.sections.scope import (
    COUNCIL,
    EvaluationLike,
    Names,
    Scope,
    joined,
    scope_metrics,
)
from pmaf_lib.report.signals import MILESTONE_KEYS, as_tuple, milestone_key, text_of

# which column of the deliverables frame places a deliverable in a report of each scope kind
DELIVERABLE_SCOPE = {"directorate": "directorate", "portfolio": "portfolio"}


def lead_members(names: Names, portfolios: Any) -> str:
    """``Cllr Sade Bright (Employment, Skills and Aspiration) and Cllr Dominic Twomey (...)``."""
    out = []
    for pid in as_tuple(portfolios):
        member = names.by_kind.get("lead_member", {}).get(pid)
        title = names.of("portfolio", pid)
        out.append(f"{member} ({title})" if member else title)
    return joined(out)


def milestone_summary(milestones: list[dict[str, Any]], word: str) -> str:
    """``3 milestones: 1 overdue, 2 on track``, or ``no milestones set``."""
    if not milestones:
        return f"no {word.lower()}s set"
    counts = Counter(milestone_key(row.get("status")) for row in milestones)
    parts = [f"{counts[k]} {k}" for k in MILESTONE_KEYS if k in counts]
    return f"{format_count(len(milestones), word.lower())}: {', '.join(parts)}"


def _milestone_item(row: dict[str, Any]) -> Html:
    """``[Overdue] 4.4.1 New ERP system live (due Oct 2024, revised to Apr 2025)``."""
    name = " ".join(p for p in (text_of(row.get("milestone_id")), text_of(row.get("title"))) if p)
    stated = due_text(row, "due")
    due = stated if stated == "no date set" else f"due {stated}"
    revised = due_text(row, "revised_due")
    if revised:
        due += f", revised to {revised}"
    return join([milestone_badge(row.get("status")), " ", name, f" ({due})"])


def milestones_by_deliverable(milestones: pd.DataFrame) -> dict[Any, list[dict[str, Any]]]:
    """Each deliverable's milestone rows in :func:`sorted_milestones` order (sorted once:
    a stable sort, so each deliverable's rows come out as if sorted on their own)."""
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in sorted_milestones(milestones).to_dict("records"):
        grouped.setdefault(row["deliverable_id"], []).append(row)
    return grouped


def _deliverable(
    row: dict[str, Any], milestones: list[dict[str, Any]], names: Names, levels: Any, level: int
) -> Html:
    title = " ".join(p for p in (text_of(row.get("deliverable_id")), text_of(row.get("title"))))
    word = levels.milestone
    facts_list = [
        ("Lead Member", lead_members(names, row.get("portfolio")) or "not set"),
        ("Lead Officer", names.of("officer", row.get("lead_officer")) or "not set"),
        (levels.plural("milestone"), milestone_summary(milestones, word)),
    ]
    directorate = names.of("directorate", row.get("directorate"))
    if directorate:
        facts_list.insert(2, ("Directorate", directorate))
    parts = [
        heading(level, f"{levels.deliverable} {title}", slug("plan", row.get("deliverable_id"))),
        user_text(row.get("description"), "No description in the plan."),
        definition_list(facts_list, "pmaf-plan__facts"),
    ]
    if milestones:
        items = [_milestone_item(milestone) for milestone in milestones]
        parts.append(bullet_list(items, "pmaf-plan__milestones"))
    return element("div", join(parts), class_="pmaf-plan__deliverable")


def _metric_list(metrics: pd.DataFrame, outcome_word: str) -> Html:
    if metrics.empty:
        return paragraph(f"No metric measures this {outcome_word.lower()}.", "pmaf-muted")
    items = [
        join([facts.metric_name(row), ": ", facts.latest(row)])
        for row in metrics.to_dict("records")
    ]
    return join([paragraph("Metrics:"), bullet_list(items, "pmaf-plan__metrics")])


def _outcome(
    outcome: Any,
    deliverables: pd.DataFrame,
    milestones: dict[Any, list[dict[str, Any]]],
    metrics: pd.DataFrame,
    names: Names,
    levels: Any,
    level: int,
) -> Html:
    parts = [
        heading(level, f"{levels.outcome} {outcome.id}: {outcome.title}", slug("plan", outcome.id)),
    ]
    if text_of(outcome.description):
        parts.append(user_text(outcome.description))
    mine = deliverables[deliverables["outcome_id"] == outcome.id]
    if mine.empty:
        parts.append(paragraph(f"No {levels.plural('deliverable').lower()} listed.", "pmaf-muted"))
    for row in mine.to_dict("records"):
        own = milestones.get(row["deliverable_id"], [])
        parts.append(_deliverable(row, own, names, levels, level + 1))
    measured = metrics[metrics["outcomes"].map(lambda ids: outcome.id in as_tuple(ids))]
    parts.append(_metric_list(measured, levels.outcome))
    return element("div", join(parts), class_="pmaf-plan__outcome")


def _in_scope(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    column = DELIVERABLE_SCOPE.get(scope.kind)
    if column is None or scope.id is None:
        return frame
    return frame[frame[column].map(lambda c: scope.id in as_tuple(c) or text_of(c) == scope.id)]


def plan_section(
    council: Any,
    evaluation: EvaluationLike,
    scope: Scope = COUNCIL,
    names: Names | None = None,
    title: str | None = None,
) -> Html:
    """``<h2>`` the plan for ``scope``: a priority's whole plan, or (portfolio, directorate)
    the outcomes holding the scope's deliverables or metrics."""
    names = names or Names()
    plan = council.plan
    levels = plan.levels
    deliverables = council.deliverables
    if scope.kind == "priority":
        priorities = [p for p in plan.priorities if str(p.id) == scope.id]
    else:
        priorities = list(plan.priorities)
        deliverables = _in_scope(deliverables, scope)
    metrics = scope_metrics(evaluation.scorecard, scope)
    milestones = milestones_by_deliverable(evaluation.milestones)
    wanted = set(deliverables["outcome_id"]) | {
        o for ids in metrics["outcomes"] for o in as_tuple(ids)
    }
    blocks: list[Html] = []
    for priority in priorities:
        groups = list(
            _themes(priority, deliverables, milestones, metrics, names, levels, scope, wanted)
        )
        if scope.kind == "priority":
            if text_of(priority.description):
                blocks.append(user_text(priority.description))
        elif groups:
            label = f"{levels.priority} {priority.id}: {priority.title}"
            blocks.append(element("p", label, class_="pmaf-plan__priority"))
        blocks.extend(groups)
    heading_text = title or (
        f"The plan: {levels.plural('outcome').lower()} and {levels.plural('deliverable').lower()}"
    )
    if not blocks:
        body = paragraph(
            f"No {levels.plural('deliverable').lower()} or metrics in this report.", "pmaf-empty"
        )
        return section(heading_text, body, "plan-view")
    intro = paragraph(
        f"Each {levels.outcome.lower()} as the plan states it, with its "
        f"{levels.plural('deliverable').lower()}, their leads and "
        f"{levels.plural('milestone').lower()}, and the metrics that measure it."
    )
    return section(heading_text, join([intro, *blocks]), "plan-view", class_="pmaf-plan")


def _themes(
    priority: Any,
    deliverables: pd.DataFrame,
    milestones: dict[Any, list[dict[str, Any]]],
    metrics: pd.DataFrame,
    names: Names,
    levels: Any,
    scope: Scope,
    wanted: set[str],
) -> Iterable[Html]:
    """The priority's outcomes, grouped under their themes where the plan has themes."""
    whole = scope.kind == "priority"
    groups = [(None, priority.outcomes)] + [(t, t.outcomes) for t in priority.themes]
    for theme, outcomes in groups:
        shown = [o for o in outcomes if whole or o.id in wanted]
        if not shown:
            continue
        level = 3
        parts: list[Html] = []
        if theme is not None:
            parts.append(
                heading(3, f"{levels.theme} {theme.id}: {theme.title}", slug("plan", theme.id))
            )
            if text_of(theme.description):
                parts.append(user_text(theme.description))
            level = 4
        parts.extend(
            _outcome(o, deliverables, milestones, metrics, names, levels, level) for o in shown
        )
        yield element("div", join(parts), class_="pmaf-plan__group")
