"""What changed since last month, for a report's scope, from the two months' evaluations.

Metrics: status (RAG), SPC signal and assurance changes, new exceptions and exceptions that
cleared. Milestones: slipped (a later due date, or newly at risk or overdue) and completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pmaf_lib.indicators.labels import ExceptionTier
from pmaf_lib.report.formatting import format_date, period_label
from pmaf_lib.report.html import ASSURANCE_BADGES, VARIATION_BADGES, Html, element, join
from pmaf_lib.report.sections import metric_facts as facts
from pmaf_lib.report.sections.mdc_matrix import metric_anchor, signals_of
from pmaf_lib.report.signals import is_blank, member, milestone_key, rag_key, text_of

KINDS = (
    "New exceptions",
    "Exceptions that cleared",
    "Status changes",
    "SPC signal changes",
    "Assurance changes",
    "Milestones slipped",
    "Milestones completed",
)


@dataclass(frozen=True, slots=True)
class Change:
    """One change: its ``kind`` (one of :data:`KINDS`), the item, and what happened."""

    kind: str
    item: str
    detail: str
    anchor: str | None = None


def _by_id(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    if frame.empty or key not in frame:
        return {}
    return {text_of(r[key]): r for r in frame.to_dict("records")}


def _why_new(row: dict[str, Any]) -> str:
    """``act now: Red against target, ...`` - the tier first, then the engine's reasons."""
    tier = member(row.get("exception_tier"), ExceptionTier)
    why = ", ".join(facts.reasons(row)) or "an exception"
    return f"{tier}: {why}" if tier else f"now {why}"


def metric_changes(before: pd.DataFrame, now: pd.DataFrame) -> list[Change]:
    """Changes between two scorecards (rows already in the report's scope)."""
    previous = _by_id(before, "metric_id")
    out: list[Change] = []
    for metric_id, row in _by_id(now, "metric_id").items():
        old = previous.get(metric_id)
        if old is None:
            continue
        name, anchor = facts.metric_name(row), metric_anchor(metric_id)
        was_exception, is_exception = bool(old.get("is_exception")), bool(row.get("is_exception"))
        if is_exception and not was_exception:
            out.append(Change("New exceptions", name, _why_new(row), anchor))
        elif was_exception and not is_exception:
            out.append(Change("Exceptions that cleared", name, "no longer an exception", anchor))
        rag_old, rag_new = rag_key(old.get("rag")), rag_key(row.get("rag"))
        if rag_old != rag_new:
            out.append(Change("Status changes", name, f"{rag_old} to {rag_new}", anchor))
        (var_old, ass_old), (var_new, ass_new) = signals_of(old), signals_of(row)
        if var_old != var_new:
            detail = f"{VARIATION_BADGES[var_old].word} to {VARIATION_BADGES[var_new].word}"
            out.append(Change("SPC signal changes", name, detail.capitalize(), anchor))
        if ass_old != ass_new:
            detail = f"{ASSURANCE_BADGES[ass_old].word} to {ASSURANCE_BADGES[ass_new].word}"
            out.append(Change("Assurance changes", name, detail.capitalize(), anchor))
    return out


def _due(row: dict[str, Any]) -> pd.Timestamp | None:
    value = row.get("effective_due")
    return None if is_blank(value) else pd.Timestamp(value)


def milestone_changes(before: pd.DataFrame, now: pd.DataFrame) -> list[Change]:
    """Milestones that slipped or completed between two months (rows already in scope)."""
    previous = _by_id(before, "milestone_id")
    out: list[Change] = []
    for milestone_id, row in _by_id(now, "milestone_id").items():
        old = previous.get(milestone_id)
        if old is None:
            continue
        name = f"{milestone_id} {text_of(row.get('title'))}".strip()
        status_old, status_new = milestone_key(old.get("status")), milestone_key(row.get("status"))
        due_old, due_new = _due(old), _due(row)
        if status_new == "complete" and status_old != "complete":
            out.append(Change("Milestones completed", name, "completed"))
        elif due_old is not None and due_new is not None and due_new > due_old:
            detail = f"due date moved from {format_date(due_old)} to {format_date(due_new)}"
            out.append(Change("Milestones slipped", name, detail))
        elif status_new in ("at risk", "overdue") and status_old != status_new:
            out.append(Change("Milestones slipped", name, f"{status_old} to {status_new}"))
    return out


def changes_since(
    previous: tuple[pd.DataFrame, pd.DataFrame] | None,
    current: tuple[pd.DataFrame, pd.DataFrame],
) -> list[Change] | None:
    """Every change between two months' ``(scorecard, milestones)`` rows (already in the
    report's scope); ``None`` when there is no previous month to compare with."""
    if previous is None:
        return None
    return metric_changes(previous[0], current[0]) + milestone_changes(previous[1], current[1])


def _item(change: Change) -> Html:
    item = element("a", change.item, href=f"#{change.anchor}") if change.anchor else change.item
    return element("li", join([item, ": ", change.detail]))


def what_changed_block(changes: list[Change] | None, previous_period: Any) -> Html:
    """``<h3>`` and one short list per kind of change (kinds with no change are left out)."""
    since = period_label(previous_period) if previous_period else "last month"
    title = element("h3", f"What changed since {since}")
    if changes is None:
        return join([title, element("p", "There is no previous month to compare with.")])
    if not changes:
        return join([title, element("p", f"Nothing changed since {since}.", class_="pmaf-text")])
    groups = []
    for kind in KINDS:
        items = [c for c in changes if c.kind == kind]
        if items:
            groups.append(
                join(
                    [
                        element("h4", f"{kind} ({len(items)})"),
                        element("ul", join(_item(c) for c in items), class_="pmaf-list"),
                    ]
                )
            )
    return join([title, element("div", join(groups), class_="pmaf-changes")])
