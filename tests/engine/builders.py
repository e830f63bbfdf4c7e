"""Small in-memory councils for engine tests: the frames of ``docs/architecture.md``."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from pmaf_lib.periods import parse_period

METRIC_DEFAULTS: dict[str, Any] = {
    "title": "A metric",
    "definition": "What it counts",
    "unit": "number",
    "rate_per": None,
    "decimals": 0,
    "polarity": "higher",
    "frequency": "monthly",
    "aggregation": "snapshot",
    "numerator_label": None,
    "denominator_label": None,
    "denominator_basis": "flow",
    "target_basis": "period",
    "source": "system",
    "owner": "OFF-1",
    "directorate": "DIR1",
    "portfolio": "PF1",
    "lead_officer": "OFF-1",
    "lens": "customer",
    "equality_objectives": (),
    "directions": (),
    "outcomes": ("1.1",),
    "benchmark_group": None,
}


def metric(metric_id: str = "M1", **fields: Any) -> dict[str, Any]:
    """One register row; ``is_ratio``, ``scale`` and ``priorities`` derived as the loader does."""
    row = {"metric_id": metric_id, **METRIC_DEFAULTS, **fields}
    row["is_ratio"] = row["numerator_label"] is not None
    row["scale"] = {"percent": 100.0, "rate": float(row["rate_per"] or 1)}.get(row["unit"], 1.0)
    row["priorities"] = tuple(sorted({o.split(".")[0] for o in row["outcomes"]}))
    return row


def value(metric_id: str, period: str, v: float | None = None, **fields: Any) -> dict[str, Any]:
    """One return row; a ratio's value is computed from numerator and denominator when blank."""
    row = {
        "metric_id": metric_id,
        "period": str(parse_period(period)),
        "value": np.nan if v is None else float(v),
        "numerator": np.nan,
        "denominator": np.nan,
        "estimated": False,
        "provisional": False,
        "revised": False,
        "commentary": None,
        "action": None,
        "submitted_by": None,
        "submitted_on": pd.NaT,
        "source_file": "returns.csv",
        "source_row": 2,
        **fields,
    }
    row["period_start"] = pd.Timestamp(parse_period(period).start)
    return row


def series(metric_id: str, first: str, values: list[float | None], **fields: Any) -> list[dict]:
    """Consecutive returns from period ``first`` at the period's own frequency."""
    start = parse_period(first)
    return [value(metric_id, str(start.shift(i)), v, **fields) for i, v in enumerate(values)]


def target(
    metric_id: str,
    financial_year: str,
    t: float,
    period: str | None = None,
    tolerance: float | None = None,
    tolerance_type: str = "relative",
    profile: tuple[float, ...] | None = None,
    last_year: str | None = None,
    direction: str | None = None,
    band: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """A target row; ``last_year`` makes it a range, ``direction`` (``t`` ignored) directional,
    ``band`` a ``(low, high)`` band."""
    fy = parse_period(financial_year).fy_start_year
    return {
        "metric_id": metric_id,
        "financial_year": financial_year,
        "fy": fy,
        "fy_last": parse_period(last_year).fy_start_year if last_year else fy,
        "period": None if period is None else str(parse_period(period)),
        "target": np.nan if direction or band else float(t),
        "direction": direction,
        "target_low": band[0] if band else np.nan,
        "target_high": band[1] if band else np.nan,
        "tolerance": np.nan if tolerance is None else float(tolerance),
        "tolerance_type": tolerance_type,
        "profile": profile,
    }


def milestone(milestone_id: str, due: str, **fields: Any) -> dict[str, Any]:
    return {
        "milestone_id": milestone_id,
        "title": f"Milestone {milestone_id}",
        "due": pd.Timestamp(due),
        "deliverable_id": "1.1.1",
        "outcome_id": "1.1",
        "priority_id": "1",
        "directorate": "DIR1",
        "portfolio": "PF1",
        "lead_officer": "OFF-1",
        "lens": "process",
        "equality_objectives": (),
        "directions": (),
        **fields,
    }


def update(milestone_id: str, period: str, status: str, **fields: Any) -> dict[str, Any]:
    row = {
        "milestone_id": milestone_id,
        "period": str(parse_period(period)),
        "period_start": pd.Timestamp(parse_period(period).start),
        "status": status,
        "percent_complete": np.nan,
        "revised_due": pd.NaT,
        "completed_on": pd.NaT,
        "commentary": None,
        "updated_by": None,
        **fields,
    }
    for column in ("revised_due", "completed_on"):
        row[column] = pd.Timestamp(row[column]) if row[column] is not pd.NaT else pd.NaT
    return row


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def council(
    metrics: list[dict],
    values: list[dict] = (),
    targets: list[dict] = (),
    milestones: list[dict] = (),
    updates: list[dict] = (),
    benchmarks: list[dict] = (),
    overrides: list[dict] = (),
    directions: list[tuple[str, str]] = (),
) -> SimpleNamespace:
    """A stand-in ``Council`` with the attributes the engine reads."""
    value_columns = list(value("X", "2025-04").keys())
    frames = {
        "metrics": pd.DataFrame(metrics),
        "values": _frame(list(values), value_columns),
        "targets": _frame(list(targets), list(target("X", "2025/26", 1).keys())),
        "milestones": _frame(list(milestones), list(milestone("X", "2025-01-01").keys())),
        "milestone_updates": _frame(list(updates), list(update("X", "2025-04", "on track"))),
        "benchmarks": _frame(
            list(benchmarks), ["metric_id", "period", "group", "organisation", "value", "is_self"]
        ),
        "assurance_overrides": _frame(
            list(overrides), ["direction_id", "period", "judgement", "reason", "officer"]
        ),
    }
    for column in ("value", "numerator", "denominator"):
        frames["values"][column] = frames["values"][column].astype(float)
    reference = SimpleNamespace(directions=[SimpleNamespace(id=i, title=t) for i, t in directions])
    return SimpleNamespace(reference=reference, **frames)
