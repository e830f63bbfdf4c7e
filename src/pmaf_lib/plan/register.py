"""The metric register and the targets table: cell-level parsing into typed frames.

Checks that need other files (references, periods against frequencies, missing targets)
live in :mod:`pmaf_lib.plan.checks`.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from pmaf_lib.periods import Frequency
from pmaf_lib.plan.model import (
    Aggregation,
    DenominatorBasis,
    Polarity,
    TargetBasis,
    ToleranceType,
    Unit,
)
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.tables import (
    Table,
    TableSpec,
    as_text,
    check_required,
    choice_problems,
    each,
    number_problems,
    read_id_lists,
    to_choice,
    to_numbers,
    to_periods,
)

METRICS = TableSpec(
    sheet="metrics",
    required=(
        "metric_id",
        "title",
        "definition",
        "unit",
        "decimals",
        "polarity",
        "frequency",
        "aggregation",
        "target_basis",
        "source",
        "owner",
        "directorate",
        "portfolio",
        "lead_officer",
        "lens",
        "outcomes",
    ),
    optional=(
        "rate_per",
        "numerator_label",
        "denominator_label",
        "denominator_basis",
        "equality_objectives",
        "directions",
        "benchmark_group",
    ),
)

TARGETS = TableSpec(
    sheet="targets",
    required=("metric_id", "financial_year", "target"),
    optional=("period", "tolerance", "tolerance_type", "profile"),
)

METRIC_TEXT = (
    "metric_id",
    "title",
    "definition",
    "numerator_label",
    "denominator_label",
    "source",
    "owner",
    "directorate",
    "portfolio",
    "lead_officer",
    "lens",
    "benchmark_group",
)
METRIC_CHOICES = {
    "unit": (Unit, "unit"),
    "polarity": (Polarity, "polarity"),
    "frequency": (Frequency, "frequency"),
    "aggregation": (Aggregation, "aggregation"),
    "target_basis": (TargetBasis, "target basis"),
    "denominator_basis": (DenominatorBasis, "denominator basis"),
}
# the register frame: every register column, then what pmaf derives from them
METRIC_COLUMNS = (*METRICS.columns, "is_ratio", "scale")


def parse_metrics(table: Table, log: ProblemLog) -> pd.DataFrame:
    """The register as a typed frame (``METRIC_COLUMNS`` plus source columns)."""
    raw = table.frame
    check_required(table, METRICS.required, log)
    out = raw[["source_file", "source_row"]].copy()
    for column in METRIC_TEXT:
        out[column] = as_text(raw[column])
    for column, (choices, what) in METRIC_CHOICES.items():
        out[column], bad = to_choice(raw[column], choices)
        choice_problems(raw, column, bad, choices, what, log)
    out["denominator_basis"] = out["denominator_basis"].where(
        out["denominator_basis"].notna(), DenominatorBasis.FLOW.value
    )
    decimals, bad = to_numbers(raw["decimals"])
    bad |= decimals.notna() & ~(decimals.isin([0, 1, 2, 3]))
    log.rows(
        raw, bad, "decimals", "{value} is not a number of decimal places", "a whole number 0-3"
    )
    out["decimals"] = decimals.where(~bad).fillna(0).astype(int)
    rate_per, bad = to_numbers(raw["rate_per"])
    bad |= rate_per.notna() & (rate_per <= 0)
    log.rows(raw, bad, "rate_per", "{value} is not a positive number", "a base such as 1000")
    out["rate_per"] = rate_per.where(~bad)
    is_rate = out["unit"] == Unit.RATE.value
    if table.present("rate_per"):
        log.rows(
            raw,
            is_rate & raw["rate_per"].isna(),
            "rate_per",
            "rate_per is blank for a rate metric",
            "the base of the rate, e.g. 1000 for a rate per 1,000",
        )
    else:
        log.rows(
            raw, is_rate, "rate_per", "a rate metric needs a rate_per column", "a rate_per column"
        )
    has_num = out["numerator_label"].notna()
    has_den = out["denominator_label"].notna()
    log.rows(
        raw,
        has_num & ~has_den,
        "denominator_label",
        "a ratio metric (it has a numerator_label) has no denominator_label",
        "what the denominator counts",
    )
    log.rows(
        raw,
        has_den & ~has_num,
        "numerator_label",
        "a denominator_label is given without a numerator_label",
        "what the numerator counts (or no denominator_label)",
    )
    for column in ("equality_objectives", "directions", "outcomes"):
        out[column] = read_id_lists(raw, column, log)
    out["is_ratio"] = has_num
    scale = np.where(out["unit"] == Unit.PERCENT.value, 100.0, 1.0)
    out["scale"] = np.where(is_rate, out["rate_per"].fillna(1.0), scale).astype(float)
    return out


def parse_targets(table: Table, log: ProblemLog) -> pd.DataFrame:
    """Targets as a typed frame; ``period`` holds a Period or None at this stage."""
    raw = table.frame
    check_required(table, TARGETS.required, log)
    out = raw[["source_file", "source_row"]].copy()
    out["metric_id"] = as_text(raw["metric_id"])
    years, errors = to_periods(raw["financial_year"])
    not_fy = each(years, lambda p: p.frequency is not Frequency.ANNUAL).eq(True)
    log.rows(
        raw.assign(error=errors),
        errors.notna(),
        "financial_year",
        "{error}",
        "a financial year such as 2025/26",
    )
    log.rows(
        raw, not_fy, "financial_year", "{value} is not a financial year", "a year such as 2025/26"
    )
    years = years.where(~not_fy, None)
    out["financial_year"] = each(years, str)
    out["fy"] = each(years, lambda p: p.fy_start_year).astype("Int64")
    periods, errors = to_periods(raw["period"])
    log.rows(
        raw.assign(error=errors),
        errors.notna(),
        "period",
        "{error}",
        "blank, a month (2025-09) or a quarter (2025/26 Q2)",
    )
    out["period"] = periods
    for column in ("target", "tolerance"):
        numbers, bad = to_numbers(raw[column])
        number_problems(raw, column, bad, log)
        out[column] = numbers
    negative = out["tolerance"] < 0
    log.rows(raw, negative, "tolerance", "{value} is negative", "a tolerance of 0 or more")
    out["tolerance"] = out["tolerance"].where(~negative).fillna(0.0)
    out["tolerance_type"], bad = to_choice(raw["tolerance_type"], ToleranceType)
    choice_problems(raw, "tolerance_type", bad, ToleranceType, "tolerance type", log)
    out["tolerance_type"] = out["tolerance_type"].where(
        out["tolerance_type"].notna(), ToleranceType.RELATIVE.value
    )
    out["profile"] = _profiles(table, log)
    return out


def _profiles(table: Table, log: ProblemLog) -> pd.Series:
    """12 cumulative fractions per row (None for blank or ``even``)."""
    out = pd.Series([None] * len(table.frame), index=table.frame.index, dtype=object)
    expected = "blank, 'even', or 12 ';'-separated cumulative percentages rising to 100"
    for index, record in table.frame[["source_file", "source_row", "profile"]].dropna().iterrows():
        text = str(record["profile"]).strip()
        if text.lower() == "even":
            continue
        parts = [p for p in text.replace(",", ";").split(";") if p.strip()]
        numbers, bad = to_numbers(pd.Series(parts, dtype=object))
        values = numbers.tolist()
        problem = None
        if bad.any() or len(values) != 12:
            problem = f"profile has {len(values)} entries, not 12 numbers"
        elif any(b < a for a, b in itertools.pairwise(values)):
            problem = "profile goes down; cumulative percentages must not decrease"
        elif min(values) < 0 or abs(values[-1] - 100) > 1e-6:
            problem = f"profile ends at {values[-1]:g}, not 100"
        if problem:
            log.add(
                record["source_file"],
                int(record["source_row"]),
                "profile",
                text,
                problem,
                expected,
            )
        else:
            out[index] = tuple(v / 100 for v in values)
    return out
