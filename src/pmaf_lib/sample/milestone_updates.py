"""Monthly milestone updates: one row a milestone a month, from its deliverable's start
until the milestone completes (or the latest month)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from pmaf_lib.periods import Period
from pmaf_lib.sample.catalogue import stable_int
from pmaf_lib.sample.commentary import milestone_note
from pmaf_lib.sample.plan_builder import Deliverable, Milestone, Priority
from pmaf_lib.sample.timeline import AS_AT

NOTE_CHANCE = 0.15


@dataclass(frozen=True)
class MilestoneUpdate:
    milestone_id: str
    period: str
    status: str
    percent_complete: int
    revised_due: dt.date | None
    completed_on: dt.date | None
    commentary: str
    updated_by: str


def _month(day: dt.date) -> Period:
    return Period.month_of(day.year, day.month)


def _clamp(period: Period, low: Period, high: Period) -> Period:
    return max(low, min(period, high))


def _status_in(milestone: Milestone, month: Period, due: Period, end: Period) -> str:
    """Reported status in ``month`` for a milestone heading for ``milestone.outcome``."""
    outcome = milestone.outcome
    if month < milestone.start or outcome == "not started":
        return "not started"
    if outcome == "complete":
        if month == end:
            return "complete"
        return "at risk" if month == end.previous() and end > due else "on track"
    if outcome == "deferred":
        return (
            "deferred" if month >= end else ("at risk" if month == end.previous() else "on track")
        )
    months_left = end.ordinal - month.ordinal
    if outcome == "overdue":
        if month > due:
            return "off track" if (month.ordinal - due.ordinal) % 3 == 2 else "at risk"
        return "at risk" if due.ordinal - month.ordinal < 2 else "on track"
    if outcome == "off track":
        return "off track" if months_left < 2 else ("at risk" if months_left < 4 else "on track")
    if outcome == "at risk":
        return "at risk" if months_left < 2 else "on track"
    return "on track"


def _updates_for(
    deliverable: Deliverable, milestone: Milestone, officer_name: str, rng: np.random.Generator
) -> list[MilestoneUpdate]:
    due = _month(milestone.due)
    if milestone.outcome == "complete":
        if due < AS_AT:
            planned = due.shift(int(rng.integers(-1, 3)))
        else:  # finished early
            planned = AS_AT.shift(-int(rng.integers(0, 3)))
        end = _clamp(planned, milestone.start, AS_AT)
    elif milestone.outcome == "deferred":
        end = _clamp(due.shift(-int(rng.integers(0, 2))), milestone.start, AS_AT)
    else:
        end = AS_AT
    revised = AS_AT.shift(int(rng.integers(2, 10))).end
    rows: list[MilestoneUpdate] = []
    month = deliverable.start
    previous = ""
    last = end if milestone.outcome == "complete" else AS_AT
    span = max(due.ordinal - milestone.start.ordinal + 1, 1)
    while month <= last:
        status = _status_in(milestone, month, due, end)
        done = min(max(month.ordinal - milestone.start.ordinal + 1, 0) / span, 0.95)
        percent = {"complete": 100, "not started": 0}.get(status, round(100 * done))
        if milestone.outcome == "deferred" and month >= end:
            percent = round(100 * min((end.ordinal - milestone.start.ordinal) / span, 0.95))
        changed = status != previous
        note = milestone_note(status, rng) if changed or rng.random() < NOTE_CHANCE else ""
        completed = dt.date(month.year, month.month, int(rng.integers(1, 29)))
        rows.append(
            MilestoneUpdate(
                milestone.id,
                str(month),
                status,
                percent,
                revised if status == "deferred" else None,
                completed if status == "complete" else None,
                note,
                officer_name,
            )
        )
        previous = status
        month = month.shift(1)
    return rows


def build_milestone_updates(
    priorities: list[Priority], officer_names: dict[str, str], seed: int
) -> list[MilestoneUpdate]:
    """Every milestone's monthly update history, sorted by milestone and month."""
    rows: list[MilestoneUpdate] = []
    for priority in priorities:
        for outcome in priority.outcomes:
            for deliverable in outcome.deliverables:
                name = officer_names[deliverable.lead_officer]
                for milestone in deliverable.milestones:
                    rng = np.random.default_rng([seed, stable_int("milestone", milestone.id)])
                    rows.extend(_updates_for(deliverable, milestone, name, rng))
    return rows
