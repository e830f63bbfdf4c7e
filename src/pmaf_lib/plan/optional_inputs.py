"""Optional tables: comparator-group benchmarks and officer overrides of Direction assurance."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.plan.model import AssuranceJudgement
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.submissions import parse_number_column, parse_period_column
from pmaf_lib.plan.tables import (
    Table,
    TableSpec,
    as_text,
    check_required,
    choice_problems,
    each,
    to_choice,
)

BENCHMARKS = TableSpec(
    sheet="benchmarks", required=("metric_id", "period", "group", "organisation", "value")
)
ASSURANCE = TableSpec(
    sheet="assurance", required=("direction_id", "period", "judgement", "reason", "officer")
)


def parse_benchmarks(table: Table, council: str | None, log: ProblemLog) -> pd.DataFrame:
    """Benchmarks as a typed frame; ``is_self`` marks the row of the council itself."""
    raw = table.frame
    check_required(table, BENCHMARKS.required, log)
    out = raw[["source_file", "source_row"]].copy()
    for column in ("metric_id", "group", "organisation"):
        out[column] = as_text(raw[column])
    out["period"] = parse_period_column(table, log)
    out["value"] = parse_number_column(table, "value", log)
    own = (council or "").strip().casefold()
    out["is_self"] = each(out["organisation"], lambda v: v.casefold() == own).eq(True)
    return out


def parse_assurance(table: Table, log: ProblemLog) -> pd.DataFrame:
    """Assurance overrides as a typed frame."""
    raw = table.frame
    check_required(table, ASSURANCE.required, log)
    out = raw[["source_file", "source_row"]].copy()
    for column in ("direction_id", "reason", "officer"):
        out[column] = as_text(raw[column])
    out["period"] = parse_period_column(table, log, "a month such as 2025-09")
    out["judgement"], bad = to_choice(raw["judgement"], AssuranceJudgement)
    choice_problems(raw, "judgement", bad, AssuranceJudgement, "assurance judgement", log)
    return out
