"""Everything the run needs from the other parts of pmaf, in one place.

The run only touches a ``Council`` and an ``Evaluation`` through these functions, so a test
(or a change of contract) swaps or adjusts them here. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

SCOPE_TYPES = ("priority", "directorate", "portfolio")


@dataclass(frozen=True, slots=True)
class Scope:
    """One priority, directorate or portfolio that gets its own report."""

    type: str
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Upstream:
    """The pre-steps of a run: read and check the data folder, evaluate one period.

    ``read_data`` returns the council (None when the data has errors) and the validation
    report, from one reading of the files; ``evaluate`` returns what every notebook reads from
    ``evaluation_cache`` (pickled once).
    """

    read_data: Callable[[Path], tuple[Any | None, Any]]
    evaluate: Callable[[Any, str], Any]


def pmaf_upstream() -> Upstream:
    """The real pre-steps: ``pmaf_lib.plan`` and the report inputs (``indicators.evaluate``
    for the month and the month before)."""
    from pmaf_lib.plan.loader import read_data
    from pmaf_lib.report.context import prepare_inputs

    return Upstream(read_data=read_data, evaluate=prepare_inputs)


def council_name(council: Any) -> str:
    return str(council.plan.council)


def council_scopes(council: Any) -> dict[str, list[Scope]]:
    """Every scope that can have a report, by scope type, in the plan's order."""
    ref = council.reference
    return {
        "priority": [Scope("priority", str(p.id), str(p.title)) for p in council.plan.priorities],
        "directorate": [Scope("directorate", str(d.id), str(d.name)) for d in ref.directorates],
        "portfolio": [Scope("portfolio", str(p.id), str(p.title)) for p in ref.portfolios],
    }


def whole_plan_reports(council: Any) -> tuple[str, ...]:
    """The whole-plan reports the council has content for: the Directions appendix only when
    the council has been issued Directions."""
    reports = ["corporate_summary"]
    if council.reference.directions:
        reports.append("directions_appendix")
    return tuple(reports)


def input_files(council: Any) -> list[dict[str, Any]]:
    """Every file the council was read from, with its SHA-256, sorted by path."""
    rows = [{"path": str(s.path), "sha256": s.sha256, "rows": s.rows} for s in council.sources]
    return sorted(rows, key=lambda r: r["path"])


def monthly_metric_ids(council: Any) -> set[str]:
    metrics = council.metrics
    return set(metrics.loc[metrics["frequency"] == "monthly", "metric_id"].astype(str))


def reported_values(council: Any) -> pd.DataFrame:
    """``metric_id, period, value`` of every return row."""
    return council.values[["metric_id", "period", "value"]]
