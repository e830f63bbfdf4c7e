"""The plan hierarchy (priorities > outcomes > deliverables > milestones) and milestone updates.

The scale-1 plan comes from ``plan_outline.yaml``; scaling adds locality outcomes and
deliverables. Every milestone gets a month-by-month update history from its deliverable's
start until it completes (or October 2026), so that as at October 2026 milestones are
complete, on track, at risk, off track, overdue, deferred and not started.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import yaml

from pmaf_lib.periods import Period
from pmaf_lib.sample.catalogue import stable_int
from pmaf_lib.sample.reference import ReferenceData
from pmaf_lib.sample.timeline import AS_AT, FIRST_MONTH, PLAN_FYS

PLAN_END = Period.financial_year(PLAN_FYS[-1]).last_month
MILESTONES_PER_DELIVERABLE = 3
STAGES = (
    (
        "Business case approved by Cabinet",
        "Scope, governance and resourcing agreed",
        "Consultation with residents and partners complete",
        "Baseline and success measures agreed",
    ),
    (
        "Procurement complete and contract awarded",
        "Pilot launched in the first locality",
        "Staff recruited and trained",
        "Policy adopted by Cabinet",
        "Phase 1 delivered",
        "New system live",
    ),
    (
        "Roll-out complete across the borough",
        "Post-implementation review reported to scrutiny",
        "Benefits realisation report to the Improvement Board",
        "Evaluation published",
    ),
)
FINAL_STATUSES = (
    "complete",
    "on track",
    "at risk",
    "off track",
    "overdue",
    "deferred",
    "not started",
)
PAST_DUE_WEIGHTS = {"complete": 0.78, "overdue": 0.1, "deferred": 0.12}
CURRENT_WEIGHTS = {
    "on track": 0.55,
    "at risk": 0.15,
    "off track": 0.08,
    "complete": 0.12,
    "not started": 0.1,
}


@dataclass
class Milestone:
    id: str
    title: str
    start: Period  # month work begins
    due: dt.date
    outcome: str = ""  # final status as at AS_AT (``overdue`` = past due, not complete)


@dataclass
class Deliverable:
    id: str
    title: str
    description: str
    directorate: str
    portfolio: str
    lead_officer: str
    lens: str
    equality_objectives: list[str]
    directions: list[str]
    start: Period
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class Outcome:
    id: str
    title: str
    deliverables: list[Deliverable] = field(default_factory=list)


@dataclass
class Priority:
    id: str
    title: str
    description: str
    portfolio: str
    lead_officer: str
    well_run: bool
    outcomes: list[Outcome] = field(default_factory=list)


def lead_officer(reference: ReferenceData, directorate: str, key: str) -> str:
    """A head of service (not the director) of ``directorate``, picked stably by ``key``."""
    officers = reference.directorate(directorate).officers
    heads = officers[1:] or officers
    return heads[stable_int(key) % len(heads)]


def _outline() -> dict:
    text = resources.files(__package__).joinpath("plan_outline.yaml").read_text("utf-8")
    return yaml.safe_load(text)


_PRIORITY_LEADS = {"1": "ASC", "2": "HSG", "3": "PLA", "4": "CEX"}


def build_priorities(reference: ReferenceData, scale: float, seed: int) -> list[Priority]:
    """The plan's priorities with outcomes, deliverables and scheduled milestones."""
    priorities: list[Priority] = []
    for p in _outline()["priorities"]:
        director = reference.directorate(_PRIORITY_LEADS[p["id"]]).officers[0]
        priority = Priority(
            p["id"],
            p["title"],
            p["description"],
            p["portfolio"],
            director,
            p.get("well_run", False),
        )
        for o in p["outcomes"]:
            outcome = Outcome(o["id"], o["title"])
            for row in o["deliverables"]:
                title, directorate, portfolio, lens, eos, dirs, description = row
                outcome.deliverables.append(
                    _deliverable(
                        reference,
                        outcome,
                        title,
                        description,
                        directorate,
                        portfolio,
                        lens,
                        eos,
                        dirs,
                    )
                )
            priority.outcomes.append(outcome)
        priorities.append(priority)
    _scale_up(priorities, reference, scale)
    for priority in priorities:
        for outcome in priority.outcomes:
            for deliverable in outcome.deliverables:
                _schedule(deliverable, np.random.default_rng([seed, stable_int(deliverable.id)]))
    _ensure_every_status(priorities)
    return priorities


def _deliverable(
    reference: ReferenceData,
    outcome: Outcome,
    title: str,
    description: str,
    directorate: str,
    portfolio: str,
    lens: str,
    eos: str,
    dirs: str,
) -> Deliverable:
    did = f"{outcome.id}.{len(outcome.deliverables) + 1}"
    return Deliverable(
        did,
        title,
        description,
        directorate,
        portfolio,
        lead_officer(reference, directorate, did),
        lens,
        [] if eos == "-" else eos.split(),
        [] if dirs == "-" else dirs.split(),
        FIRST_MONTH,
    )


def _scale_up(priorities: list[Priority], reference: ReferenceData, scale: float) -> None:
    """Add locality outcomes and deliverables so the plan grows with ``scale``."""
    if scale <= 1 or not reference.localities:
        return
    base = [(p, o, d) for p in priorities for o in p.outcomes for d in o.deliverables]
    n_outcomes = sum(len(p.outcomes) for p in priorities)
    extra_outcomes = round(n_outcomes * math.sqrt(scale)) - n_outcomes
    localities = reference.localities
    for i in range(extra_outcomes):
        priority = priorities[i % len(priorities)]
        template = priority.outcomes[i // len(priorities) % len(priority.outcomes)]
        locality = localities[i % len(localities)]
        priority.outcomes.append(
            Outcome(f"{priority.id}.{len(priority.outcomes) + 1}", f"{template.title}: {locality}")
        )
    outcomes = [o for p in priorities for o in p.outcomes]
    extra_deliverables = round(len(base) * scale) - len(base)
    for i in range(extra_deliverables):
        _, _, template = base[i % len(base)]
        outcome = outcomes[i % len(outcomes)]
        locality = localities[i % len(localities)]
        homes = reference.family_members(template.directorate)
        home = homes[i % len(homes)]
        outcome.deliverables.append(
            _deliverable(
                reference,
                outcome,
                f"{template.title} ({locality}, phase {i // len(base) + 2})",
                template.description,
                home.id,
                template.portfolio,
                template.lens,
                " ".join(template.equality_objectives) or "-",
                " ".join(template.directions) or "-",
            )
        )


def _schedule(deliverable: Deliverable, rng: np.random.Generator) -> None:
    """Start month, milestone titles and due dates, and each milestone's final status."""
    deliverable.start = FIRST_MONTH.shift(int(rng.triangular(0, 40, 50)))
    durations = rng.integers(4, 14, MILESTONES_PER_DELIVERABLE)
    available = PLAN_END.ordinal - deliverable.start.ordinal - MILESTONES_PER_DELIVERABLE
    if durations.sum() > available:
        durations = np.maximum(durations * available // durations.sum(), 1)
    work_start = deliverable.start
    for k, stage in enumerate(STAGES[:MILESTONES_PER_DELIVERABLE]):
        due_month = work_start.shift(int(durations[k]))
        title = stage[int(rng.integers(0, len(stage)))]
        milestone = Milestone(f"{deliverable.id}.{k + 1}", title, work_start, due_month.end)
        if due_month < AS_AT:
            names, weights = zip(*PAST_DUE_WEIGHTS.items(), strict=True)
        else:
            names, weights = zip(*CURRENT_WEIGHTS.items(), strict=True)
        milestone.outcome = str(rng.choice(names, p=weights))
        if work_start > AS_AT:
            milestone.outcome = "not started"
        deliverable.milestones.append(milestone)
        work_start = due_month.shift(1)


def _ensure_every_status(priorities: list[Priority]) -> None:
    """Re-label a few milestones if the draw left a final status unrepresented."""
    milestones = [
        m for p in priorities for o in p.outcomes for d in o.deliverables for m in d.milestones
    ]
    for status in FINAL_STATUSES:
        if sum(m.outcome == status for m in milestones) >= 2:
            continue
        past = status in ("overdue", "deferred")
        pool = [
            m
            for m in milestones
            if (Period.month_of(m.due.year, m.due.month) < AS_AT) == past
            and m.start <= AS_AT
            and m.outcome in ("complete", "on track")
        ]
        for milestone in pool[:2]:
            milestone.outcome = status


def plan_yaml(priorities: list[Priority], council: str) -> dict[str, object]:
    """``plan.yaml`` content in the documented layout."""
    first, last = PLAN_FYS[0], PLAN_FYS[-1]
    return {
        "plan": {
            "id": f"corporate-plan-{first}-{(last + 1) % 100:02d}",
            "name": f"Corporate Plan {first}–{last + 1}",
            "council": council,
            "financial_years": [Period.financial_year(fy).fy_label for fy in PLAN_FYS],
        },
        "priorities": [_priority_dict(p) for p in priorities],
    }


def _priority_dict(priority: Priority) -> dict[str, object]:
    out: dict[str, object] = {
        "id": priority.id,
        "title": priority.title,
        "description": priority.description,
        "portfolio": priority.portfolio,
        "lead_officer": priority.lead_officer,
    }
    if priority.well_run:
        out["well_run"] = True
    out["outcomes"] = [
        {
            "id": o.id,
            "title": o.title,
            "deliverables": [_deliverable_dict(d) for d in o.deliverables],
        }
        for o in priority.outcomes
    ]
    return out


def _deliverable_dict(d: Deliverable) -> dict[str, object]:
    return {
        "id": d.id,
        "title": d.title,
        "description": d.description,
        "directorate": d.directorate,
        "portfolio": d.portfolio,
        "lead_officer": d.lead_officer,
        "lens": d.lens,
        "equality_objectives": d.equality_objectives,
        "directions": d.directions,
        "milestones": [{"id": m.id, "title": m.title, "due": m.due} for m in d.milestones],
    }
