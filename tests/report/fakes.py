"""Small fake Evaluation frames (columns as in docs/architecture.md) for report tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmaf_lib.periods import Period

HOSTILE = (
    '<script>alert("x")</script><b onmouseover="steal()">bold</b> **markdown** '
    '=HYPERLINK("http://evil.example","click") 🎉 ' + "x" * 300
)

LAST_MONTH = Period.month_of(2025, 9)


def history(
    metric_id: str = "CLM01",
    n: int = 30,
    last: Period = LAST_MONTH,
    rebase_at: int | None = 20,
    concern_run: int = 7,
    target: float | None = 20.0,
    seed: int = 1,
) -> pd.DataFrame:
    """Monthly history ending at ``last``; the final ``concern_run`` points sit above the mean."""
    rng = np.random.default_rng(seed)
    periods = [last.shift(i - n + 1) for i in range(n)]
    values = 19.5 + rng.normal(0, 0.6, n)
    values[n - concern_run :] += 3.0
    groups = ["1" if rebase_at is None or i < rebase_at else "2" for i in range(n)]
    rows = []
    for group in dict.fromkeys(groups):
        idx = [i for i, g in enumerate(groups) if g == group]
        base = values[idx[: max(3, len(idx) - concern_run)]]
        mean = float(base.mean())
        mr = float(np.abs(np.diff(base)).mean()) if len(base) > 1 else 1.0
        for i in idx:
            special = "concern" if i >= n - concern_run else None
            rows.append(
                {
                    "metric_id": metric_id,
                    "period": str(periods[i]),
                    "period_start": pd.Timestamp(periods[i].start),
                    "value": round(float(values[i]), 1),
                    "target": target,
                    "spc_value": round(float(values[i]), 1),
                    "spc_target": target,
                    "rag": "Red",
                    "mean": mean,
                    "lpl": mean - 2.66 * mr,
                    "upl": mean + 2.66 * mr,
                    "lpl_shown": mean - 2.66 * mr,
                    "upl_shown": mean + 2.66 * mr,
                    "median": np.nan,
                    "rebase_group": group,
                    "special_cause_type": "7 Points Above CL" if special else "Common Cause",
                    "point_type": f"special_cause_{special}" if special else "common_cause",
                }
            )
    return pd.DataFrame(rows)


def scorecard_row(metric_id: str = "CLM01", **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "metric_id": metric_id,
        "title": "Days to process new claims",
        "definition": "Average calendar days from claim to decision.",
        "unit": "days",
        "rate_per": None,
        "decimals": 1,
        "polarity": "lower",
        "frequency": "monthly",
        "aggregation": "snapshot",
        "target_basis": "period",
        "source": "Benefits system",
        "directorate": "RES",
        "portfolio": "PF-FIN",
        "lead_officer": "OFF-07",
        "lens": "customer",
        "outcomes": ("1.1",),
        "priorities": ("1",),
        "equality_objectives": ("EO1",),
        "directions": ("D1",),
        "current_period": "2025-09",
        "value": 23.4,
        "target": 20.0,
        "rag": "Red",
        "previous_period": "2025-08",
        "previous_value": 22.9,
        "dot_previous": "worsening",
        "last_year_period": "2024-09",
        "last_year_value": 19.0,
        "dot_last_year": "worsening",
        "ytd_value": 22.1,
        "ytd_target": 20.0,
        "ytd_rag": "Red",
        "forecast": 22.5,
        "forecast_low": 21.0,
        "forecast_high": 24.0,
        "forecast_target": 20.0,
        "forecast_rag": "Red",
        "spc_variation": "concern_high",
        "spc_assurance": "inconsistent",
        "spc_special_cause": "7 Points Above CL",
        "benchmark_group": "NN15",
        "benchmark_period": "2024/25",
        "benchmark_rank": 12,
        "benchmark_n": 15,
        "benchmark_quartile": 4,
        "benchmark_median": 18.2,
        "benchmark_gap": 4.8,
        "dq_flags": ("provisional",),
        "commentary": "Backlog after system migration.",
        "action": "Overtime agreed until December.",
        "exception_reasons": ("red", "special cause concern"),
        "is_exception": True,
        "is_success": False,
    }
    row.update(overrides)
    return row


@dataclass
class FakeEvaluation:
    scorecard: pd.DataFrame
    history: pd.DataFrame
    milestones: pd.DataFrame


def evaluation(commentary: str = "Backlog after system migration.") -> FakeEvaluation:
    """Three metrics (one Red exception, one improving Green, one no target) and milestones."""
    rows = [
        scorecard_row("CLM01", commentary=commentary, action=commentary),
        scorecard_row(
            "COL01",
            title="Council tax collected",
            unit="percent",
            decimals=1,
            polarity="higher",
            value=96.2,
            target=95.0,
            rag="Green",
            dot_previous="improving",
            spc_variation="improvement_high",
            spc_assurance="consistent_pass",
            exception_reasons=(),
            is_exception=False,
            is_success=True,
            directorate="RES",
            outcomes=("1.2",),
            lens="finance",
            commentary=None,
            action=None,
            dq_flags=(),
            directions=(),
            forecast=96.0,
            forecast_target=95.0,
            forecast_rag="Green",
        ),
        scorecard_row(
            "POP01",
            title="Households in temporary accommodation",
            unit="rate",
            rate_per=1000,
            decimals=1,
            polarity="none",
            value=3.1,
            target=None,
            rag="no target",
            dot_previous="higher",
            spc_variation="common_cause",
            spc_assurance=None,
            exception_reasons=(),
            is_exception=False,
            is_success=False,
            directorate="HOU",
            portfolio="PF-HOU",
            priorities=("2",),
            outcomes=("2.1",),
            lens="customer",
            benchmark_quartile=None,
            dq_flags=(),
            directions=("D1",),
            forecast=None,
            forecast_rag="no target",
            ytd_value=None,
        ),
    ]
    hist = pd.concat(
        [
            history("CLM01"),
            history("COL01", concern_run=0, target=95.0, seed=2).assign(
                value=lambda f: f.value + 75, spc_value=lambda f: f.value
            ),
            history("POP01", concern_run=0, target=None, seed=3, rebase_at=None).assign(
                value=lambda f: f.value / 6, spc_value=lambda f: f.value
            ),
        ],
        ignore_index=True,
    )
    milestones = pd.DataFrame(
        [
            {
                "milestone_id": "1.1.1.1",
                "title": "New claims system live",
                "due": pd.Timestamp("2025-07-31"),
                "deliverable_id": "1.1.1",
                "outcome_id": "1.1",
                "priority_id": "1",
                "directorate": "RES",
                "portfolio": "PF-FIN",
                "lead_officer": "OFF-07",
                "lens": "process",
                "equality_objectives": (),
                "directions": ("D1",),
                "status": "overdue",
                "reported_status": "off track",
                "percent_complete": 80.0,
                "effective_due": pd.Timestamp("2025-07-31"),
                "revised_due": pd.NaT,
                "days_overdue": 61,
                "commentary": commentary,
            },
            {
                "milestone_id": "1.1.1.2",
                "title": "Backlog cleared",
                "due": pd.Timestamp("2025-12-31"),
                "deliverable_id": "1.1.1",
                "outcome_id": "1.1",
                "priority_id": "1",
                "directorate": "RES",
                "portfolio": "PF-FIN",
                "lead_officer": "OFF-07",
                "lens": "process",
                "equality_objectives": (),
                "directions": (),
                "status": "on track",
                "reported_status": "on track",
                "percent_complete": 40.0,
                "effective_due": pd.Timestamp("2025-12-31"),
                "revised_due": pd.NaT,
                "days_overdue": 0,
                "commentary": None,
            },
            {
                "milestone_id": "2.1.1.1",
                "title": "Housing strategy adopted",
                "due": pd.Timestamp("2025-06-30"),
                "deliverable_id": "2.1.1",
                "outcome_id": "2.1",
                "priority_id": "2",
                "directorate": "HOU",
                "portfolio": "PF-HOU",
                "lead_officer": "OFF-09",
                "lens": "customer",
                "equality_objectives": ("EO1",),
                "directions": ("D1",),
                "status": "complete",
                "reported_status": "complete",
                "percent_complete": 100.0,
                "effective_due": pd.Timestamp("2025-06-30"),
                "revised_due": pd.NaT,
                "days_overdue": 0,
                "commentary": "Adopted by Cabinet.",
            },
        ]
    )
    return FakeEvaluation(pd.DataFrame(rows), hist, milestones)
