"""The metric register and the targets table: cell-level parsing into typed frames.

Checks that need other files (references, periods against frequencies, missing targets)
live in :mod:`pmaf_lib.plan.checks`.
"""

from __future__ import annotations

import difflib
import itertools
import re

import numpy as np
import pandas as pd

from pmaf_lib.periods import Frequency
from pmaf_lib.plan.model import (
    Aggregation,
    DenominatorBasis,
    Polarity,
    TargetBasis,
    TargetDirection,
    ToleranceType,
    Unit,
)
from pmaf_lib.plan.problems import ProblemLog
from pmaf_lib.plan.tables import (
    NUMBER_EXAMPLE,
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
    ),
    optional=(
        "owner",
        "directorate",
        "portfolio",
        "lead_officer",
        "lens",
        "outcomes",
        "rate_per",
        "numerator_label",
        "denominator_label",
        "denominator_basis",
        "equality_objectives",
        "directions",
        "benchmark_group",
        "running_total_from",
    ),
)

TARGETS = TableSpec(
    sheet="targets",
    required=("metric_id", "financial_year"),
    optional=(
        "target",
        "period",
        "tolerance",
        "tolerance_type",
        "profile",
        "target_low",
        "target_high",
    ),
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
    "lens",
    "benchmark_group",
)
METRIC_CHOICES = {
    "polarity": (Polarity, "polarity"),
    "frequency": (Frequency, "frequency"),
    "target_basis": (TargetBasis, "target basis"),
    "denominator_basis": (DenominatorBasis, "denominator basis"),
}
RANGE_SPLIT = re.compile(r"\s*(?:-|–|to)\s*(?=(?:FY\s*)?\d{4}\s*[/-])", re.IGNORECASE)
UNIT_LABEL_LENGTH = 12  # a custom unit is a label shown beside every value (tCO2e, weeks)
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
    out["unit"] = _units(raw, log)
    out["aggregation"] = _aggregations(raw, log)
    out["running_total_from"] = _running_total_from(raw, out["aggregation"], log)
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
    for column in ("equality_objectives", "directions", "outcomes", "portfolio", "lead_officer"):
        out[column] = read_id_lists(raw, column, log)
    out["is_ratio"] = has_num
    scale = np.where(out["unit"] == Unit.PERCENT.value, 100.0, 1.0)
    out["scale"] = np.where(is_rate, out["rate_per"].fillna(1.0), scale).astype(float)
    return out


def _units(raw: pd.DataFrame, log: ProblemLog) -> pd.Series:
    """One of the five units, or any other short text as a custom unit label (``tCO2e``);
    text close to a standard unit (``percnt``) is reported as a likely misspelling."""
    units, custom = to_choice(raw["unit"], Unit)
    standard = [u.value for u in Unit]
    labels = as_text(raw["unit"])

    def misspelt(label: str) -> bool:
        return bool(difflib.get_close_matches(label.lower(), standard, n=1, cutoff=0.75))

    typo = custom & each(labels, misspelt).eq(True)
    choice_problems(raw, "unit", typo, Unit, "unit", log)
    too_long = custom & ~typo & each(labels, lambda v: len(v) > UNIT_LABEL_LENGTH).eq(True)
    log.rows(
        raw,
        too_long,
        "unit",
        f"{{value}} is longer than {UNIT_LABEL_LENGTH} characters for a unit label",
        f"one of {', '.join(standard)}, or a short custom unit label such as tCO2e",
    )
    return units.where(~custom, labels.where(~typo & ~too_long))


def _aggregations(raw: pd.DataFrame, log: ProblemLog) -> pd.Series:
    """``aggregation``; anything else is an error naming the closest value. ``cumulative`` is
    ambiguous (within the year, or since a start?) so it names both candidates."""
    out, bad = to_choice(raw["aggregation"], Aggregation)
    cumulative = bad & each(raw["aggregation"], lambda v: "cumul" in str(v).lower()).eq(True)
    choice_problems(raw, "aggregation", bad & ~cumulative, Aggregation, "aggregation", log)
    log.rows(
        raw,
        cumulative,
        "aggregation",
        "{value} is not a valid aggregation; did you mean 'ytd' or 'running_total'?",
        "ytd (cumulative within each financial year, from April) or running_total "
        "(cumulative since the period in running_total_from)",
    )
    return out


def _running_total_from(raw: pd.DataFrame, aggregation: pd.Series, log: ProblemLog) -> pd.Series:
    """The period a ``running_total`` metric starts counting from (canonical id)."""
    periods, errors = to_periods(raw["running_total_from"])
    log.rows(
        raw.assign(error=errors),
        errors.notna(),
        "running_total_from",
        "{error}",
        "a month (2020-04), a quarter (2020/21 Q1) or a financial year (2020/21)",
    )
    running = aggregation == Aggregation.RUNNING_TOTAL.value
    log.rows(
        raw,
        running & raw["running_total_from"].isna(),
        "running_total_from",
        "a running_total metric needs the period its total starts from",
        "a period such as 2020/21 (the total counts from its first month)",
    )
    log.rows(
        raw,
        ~running & aggregation.notna() & periods.notna(),
        "running_total_from",
        "running_total_from is only used by metrics with aggregation running_total",
        "a blank cell, or aggregation running_total",
    )
    return each(periods, str)


def parse_targets(table: Table, log: ProblemLog) -> pd.DataFrame:
    """Targets as a typed frame; ``period`` holds a Period or None at this stage.

    ``financial_year`` may be a range (``2020/21-2021/22``: ``fy`` is its first year and
    ``fy_last`` its last); ``target`` a number or a direction (``increase``, ``decrease``,
    ``maintain``, held in ``direction`` with ``target`` blank); ``target_low``/``target_high``
    bound the band of a ``band`` metric.
    """
    raw = table.frame
    check_required(table, TARGETS.required, log)
    out = raw[["source_file", "source_row"]].copy()
    out["metric_id"] = as_text(raw["metric_id"])
    first, last = _year_ranges(raw, log)
    out["financial_year"] = [
        None if a is None else (str(a) if a == b else f"{a}-{b}")
        for a, b in zip(first, last, strict=True)
    ]
    out["fy"] = each(first, lambda p: p.fy_start_year).astype("Int64")
    out["fy_last"] = each(last, lambda p: p.fy_start_year).astype("Int64")
    periods, errors = to_periods(raw["period"])
    log.rows(
        raw.assign(error=errors),
        errors.notna(),
        "period",
        "{error}",
        "blank, a month (2025-09) or a quarter (2025/26 Q2)",
    )
    out["period"] = periods
    out["direction"], directional = to_choice(raw["target"], TargetDirection)
    directional = raw["target"].notna() & ~directional
    numbers = raw[["target", "tolerance", "target_low", "target_high"]].assign(
        target=raw["target"].where(~directional)
    )
    for column in ("target", "tolerance", "target_low", "target_high"):
        values, bad = to_numbers(numbers[column])
        expected = NUMBER_EXAMPLE
        if column == "target":
            expected = f"{NUMBER_EXAMPLE}, or increase, decrease or maintain"
        number_problems(raw, column, bad, log, expected)
        out[column] = values
    crossed = out["target_low"] > out["target_high"]
    log.rows(
        raw.assign(low=out["target_low"], high=out["target_high"]),
        crossed,
        "target_low",
        "target_low {low:g} is above target_high {high:g}",
        "target_low no higher than target_high",
    )
    none_given = raw["target"].isna() & raw["target_low"].isna() & raw["target_high"].isna()
    log.rows(
        raw,
        none_given,
        "target",
        "target is blank",
        "a number, increase, decrease or maintain (or target_low and target_high for a band)",
    )
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


def _year_ranges(raw: pd.DataFrame, log: ProblemLog) -> tuple[pd.Series, pd.Series]:
    """First and last financial year of each row (``2025/26`` or ``2020/21-2021/22``)."""
    text = as_text(raw["financial_year"])
    parts = each(text, lambda v: RANGE_SPLIT.split(v, maxsplit=1))
    first, errors = to_periods(each(parts, lambda p: p[0]))
    last, last_errors = to_periods(each(parts, lambda p: p[-1]))
    errors = errors.where(errors.notna(), last_errors)
    expected = "a financial year such as 2025/26, or a range such as 2020/21-2021/22"
    log.rows(raw.assign(error=errors), errors.notna(), "financial_year", "{error}", expected)
    not_fy = each(first, lambda p: p.frequency is not Frequency.ANNUAL).eq(True)
    not_fy |= each(last, lambda p: p.frequency is not Frequency.ANNUAL).eq(True)
    log.rows(raw, not_fy, "financial_year", "{value} is not a financial year", expected)
    backwards = ~not_fy & first.notna() & last.notna()
    backwards &= each(first, lambda p: p.ordinal).gt(each(last, lambda p: p.ordinal)).eq(True)
    log.rows(raw, backwards, "financial_year", "{value} ends before it starts", expected)
    bad = not_fy | backwards
    return first.where(~bad, None), last.where(~bad, None)


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
