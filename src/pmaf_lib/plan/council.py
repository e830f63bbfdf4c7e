"""The :class:`Council`: everything a council's data folder holds, validated and typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pmaf_lib.periods import parse_period
from pmaf_lib.plan.key_messages import empty_key_messages
from pmaf_lib.plan.model import Plan, Reference
from pmaf_lib.plan.trajectories import empty_trajectories

OUTCOME_COLUMNS = ("outcome_id", "title", "description", "theme_id", "priority_id")
TAG_COLUMNS = (
    "directorate",
    "portfolio",
    "lead_officer",
    "lens",
    "equality_objectives",
    "directions",
)
DELIVERABLE_COLUMNS = (
    "deliverable_id",
    "title",
    "description",
    "outcome_id",
    "priority_id",
    *TAG_COLUMNS,
)
SPC_COLUMNS = ("metric_id", "rebase", "fix_after_n_points", "baseline_start", "note")
MILESTONE_COLUMNS = (
    "milestone_id",
    "title",
    "due",
    "due_label",
    "deliverable_id",
    "outcome_id",
    "priority_id",
    *TAG_COLUMNS,
)


def inherited(*leads: tuple[str, ...] | None) -> tuple[str, ...]:
    """The first non-empty list of lead ids (the item's own, then its parents')."""
    return next((tuple(ids) for ids in leads if ids), ())


@dataclass(frozen=True)
class SourceFile:
    """A file that was read: path relative to the data folder, its SHA-256 and row count."""

    path: str
    sha256: str
    rows: int


@dataclass
class Council:
    """A council's plan, reference lists and data, as described in docs/architecture.md."""

    plan: Plan
    reference: Reference
    metrics: pd.DataFrame
    targets: pd.DataFrame
    values: pd.DataFrame
    outcomes: pd.DataFrame
    deliverables: pd.DataFrame
    milestones: pd.DataFrame
    milestone_updates: pd.DataFrame
    benchmarks: pd.DataFrame
    assurance_overrides: pd.DataFrame
    sources: list[SourceFile]
    spc: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(SPC_COLUMNS)))
    trajectories: pd.DataFrame = field(default_factory=empty_trajectories)
    key_messages: pd.DataFrame = field(default_factory=empty_key_messages)

    def summary(self) -> dict[str, Any]:
        """What the data holds, in numbers (for ``pmaf validate`` and logs)."""
        reported = [
            parse_period(p)
            for p in self.values.loc[self.values["value"].notna(), "period"].unique()
        ]
        months: list[str] = []
        history = 0
        if reported:  # from the first month of the earliest period to the last of the latest
            first = min(p.months()[0] for p in reported)
            last = max(p.last_month for p in reported)
            months = [str(first), str(last)]
            history = last.ordinal - first.ordinal + 1
        by_frequency = self.metrics["frequency"].value_counts()
        return {
            "council": self.plan.council,
            "plan": self.plan.name,
            "financial_years": list(self.plan.financial_years),
            "priorities": len(self.plan.priorities),
            "outcomes": len(self.outcomes),
            "deliverables": len(self.deliverables),
            "milestones": len(self.milestones),
            "metrics": len(self.metrics),
            "metrics_by_frequency": {
                f: int(by_frequency.get(f, 0)) for f in ("monthly", "quarterly", "annual")
            },
            "metrics_without_target": int((self.metrics["target_basis"] == "none").sum()),
            "directorates": len(self.reference.directorates),
            "portfolios": len(self.reference.portfolios),
            "directions": len(self.reference.directions),
            "months_of_history": history,
            "first_month": months[0] if months else None,
            "latest_month": months[-1] if months else None,
            "values": int(self.values["value"].notna().sum()),
            "milestone_updates": len(self.milestone_updates),
            "benchmark_rows": len(self.benchmarks),
            "files": len(self.sources),
        }


def plan_frames(plan: Plan) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The plan flattened: outcomes, deliverables and milestones with their ancestry and tags.

    ``portfolio`` and ``lead_officer`` are tuples of ids (joint leads); a deliverable naming
    none takes its outcome's, else its theme's. A milestone's ``due`` is the last day of the
    period the plan states (NaT for TBC) and ``due_label`` how the plan states it.
    """
    outcomes, deliverables, milestones = [], [], []
    for priority in plan.priorities:
        for theme, outcome in priority.all_outcomes():
            theme_id = theme.id if theme else None
            outcomes.append((outcome.id, outcome.title, outcome.description, theme_id, priority.id))
            for d in outcome.deliverables:
                tags = (
                    d.directorate,
                    inherited(d.portfolio, outcome.portfolio, theme and theme.portfolio),
                    inherited(d.lead_officer, outcome.lead_officer, theme and theme.lead_officer),
                    d.lens,
                    tuple(d.equality_objectives),
                    tuple(d.directions),
                )
                deliverables.append((d.id, d.title, d.description, outcome.id, priority.id, *tags))
                for m in d.milestones:
                    due = pd.Timestamp(m.due.end) if m.due.end else pd.NaT
                    milestones.append(
                        (m.id, m.title, due, m.due.label, d.id, outcome.id, priority.id, *tags)
                    )

    def frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
        out = pd.DataFrame(rows, columns=list(columns), dtype=object)
        if "due" in out:
            out["due"] = pd.to_datetime(out["due"])
        return out

    return (
        frame(outcomes, OUTCOME_COLUMNS),
        frame(deliverables, DELIVERABLE_COLUMNS),
        frame(milestones, MILESTONE_COLUMNS),
    )
