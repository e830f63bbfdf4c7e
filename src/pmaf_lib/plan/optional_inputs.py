"""Optional tables: comparator-group benchmarks, officer overrides of Direction assurance and
the analyst's SPC settings (``spc.csv``)."""

from __future__ import annotations

import re

import pandas as pd

from pmaf_lib.plan.model import AssuranceJudgement
from pmaf_lib.plan.problems import ProblemLog, closest
from pmaf_lib.plan.submissions import parse_number_column, parse_period_column
from pmaf_lib.plan.tables import (
    Table,
    TableSpec,
    as_text,
    check_required,
    choice_problems,
    each,
    to_choice,
    to_periods,
)

BENCHMARKS = TableSpec(
    sheet="benchmarks",
    required=("metric_id", "period", "group", "organisation", "value"),
    optional=("organisation_code", "reference"),
)
TRUE_WORDS = {"true", "yes", "y", "1", "reference"}
ASSURANCE = TableSpec(
    sheet="assurance", required=("direction_id", "period", "judgement", "reason", "officer")
)


def parse_benchmarks(table: Table, council: str | None, log: ProblemLog) -> pd.DataFrame:
    """Benchmarks as a typed frame; ``is_self`` marks the rows of the council itself (by name
    or code), ``is_reference`` the rows shown but never ranked (``reference`` true: England,
    Scotland, family-group averages). A blank value (suppressed, not published) is allowed."""
    raw = table.frame
    check_required(table, ("metric_id", "period", "group", "organisation"), log)
    out = raw[["source_file", "source_row"]].copy()
    for column in ("metric_id", "group", "organisation", "organisation_code"):
        out[column] = as_text(raw[column])
    out["period"] = parse_period_column(table, log)
    out["value"] = parse_number_column(table, "value", log)
    out["is_reference"] = each(as_text(raw["reference"]), lambda v: v.lower() in TRUE_WORDS).eq(
        True
    )
    own = (council or "").strip().casefold()
    named = each(out["organisation"], lambda v: v.casefold() == own).eq(True)
    coded = each(out["organisation_code"], lambda v: v.casefold() == own).eq(True)
    out["is_self"] = (named | coded) & ~out["is_reference"]
    if council and len(out) and not out["is_self"].any():
        names = sorted(set(out.loc[~out["is_reference"], "organisation"].dropna()))
        hint = closest_organisation(council, names)
        log.warn(
            table.file,
            None,
            "organisation",
            council,
            f"the council ({council!r}, plan.yaml) never appears in it, so no benchmark "
            "position can be shown" + (f"; the closest organisation is {hint!r}" if hint else ""),
        )
    return out


ORGANISATION_WORDS = {"council", "borough", "city", "of", "the", "district", "county", "and",
                      "metropolitan", "royal", "london", "bc", "cc", "dc", "mbc"}  # fmt: skip


def closest_organisation(name: str, names: list[str]) -> str | None:
    """The organisation most like ``name``: the same distinctive words in any order
    (``Borough of Testford`` ~ ``Testford Borough Council``), else the closest spelling."""

    def key(text: str) -> str:
        words = re.findall(r"[a-z0-9]+", text.replace("&", " and ").casefold())
        return " ".join(sorted(w for w in words if w not in ORGANISATION_WORDS))

    keys = {key(n): n for n in names}
    wanted = key(name)
    if wanted in keys:
        return keys[wanted]
    match = closest(wanted, [k for k in keys if k])
    return keys[match] if match else closest(name, names)


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


# -- spc.csv: the analyst's SPC decisions ---------------------------------------------------

SPC = TableSpec(
    sheet="spc",
    required=("metric_id",),
    optional=("rebase", "fix_after_n_points", "baseline_start", "note"),
)
MIN_FIX_AFTER_N_POINTS = 12  # Making Data Count's minimum baseline (NHSRplotthedots enforces it)
FREQUENCY_EXAMPLE = {
    "monthly": "a month such as 2025-04",
    "quarterly": "a quarter such as 2025/26 Q1",
    "annual": "a financial year such as 2025/26",
}


def parse_spc(table: Table, log: ProblemLog) -> pd.DataFrame:
    """SPC settings as a typed frame; ``rebase``/``baseline_start`` hold Period objects here."""
    raw = table.frame
    check_required(table, SPC.required, log)
    out = raw[["source_file", "source_row"]].copy()
    out["metric_id"] = as_text(raw["metric_id"])
    out["note"] = as_text(raw["note"])
    for column in ("rebase", "baseline_start"):
        periods, errors = to_periods(raw[column])
        log.rows(
            raw.assign(error=errors),
            errors.notna(),
            column,
            "{error}",
            "a period of the metric's frequency, e.g. 2025-04",
        )
        out[column] = periods
    fix = parse_number_column(table, "fix_after_n_points", log)
    bad = fix.notna() & ~((fix >= MIN_FIX_AFTER_N_POINTS) & (fix % 1 == 0))
    log.rows(
        raw,
        bad,
        "fix_after_n_points",
        "{value} is not a whole number of points of at least 12",
        "blank (use every point) or a whole number >= 12, e.g. 20",
    )
    out["fix_after_n_points"] = fix.where(~bad)
    return out


def frequency_of(metric_ids: pd.Series, metrics: pd.DataFrame) -> pd.Series:
    """Each id's frequency in the register (an id given twice, an error of its own, takes its
    first row's)."""
    return metric_ids.map(metrics.drop_duplicates("metric_id").set_index("metric_id")["frequency"])


def check_spc(spc: pd.DataFrame, metrics: pd.DataFrame | None, log: ProblemLog) -> pd.DataFrame:
    """Metric ids in the register, periods of the metric's own frequency, one setting each."""
    if metrics is None:
        return spc
    known = metrics["metric_id"].dropna()
    unknown = ~spc["metric_id"].isin(set(known)) & spc["metric_id"].notna()
    log.rows(spc, unknown, "metric_id", "{value} is not a metric in the register")
    frequency = frequency_of(spc["metric_id"], metrics)
    for column in ("rebase", "baseline_start"):
        period_frequency = each(spc[column], lambda p: p.frequency.value)
        wrong = spc[column].notna() & frequency.notna() & (period_frequency != frequency)
        log.rows(
            spc.assign(
                shown=each(spc[column], str),
                expected_period=frequency.map(FREQUENCY_EXAMPLE),
                metric_frequency=frequency,
            ),
            wrong,
            column,
            "{shown} is not a period of {metric_id}, which is {metric_frequency}",
            "{expected_period}",
            value_column="shown",
        )
    for column in ("fix_after_n_points", "baseline_start"):
        given = spc.dropna(subset=[column])
        values = given.assign(shown=each(given[column], str))
        clash = values.duplicated("metric_id") & values.duplicated(["metric_id", "shown"]).eq(False)
        log.rows(
            values,
            clash,
            column,
            "{metric_id} has a different " + column + " on an earlier row",
            "one " + column + " per metric",
            value_column="shown",
        )
    rebased = spc.dropna(subset=["rebase"]).assign(shown=lambda f: each(f["rebase"], str))
    repeated = rebased.duplicated(["metric_id", "shown"])
    for record in rebased[repeated].to_dict("records"):
        log.warn(
            record["source_file"],
            int(record["source_row"]),
            "rebase",
            record["shown"],
            f"{record['metric_id']} is rebased at {record['shown']} on an earlier row too",
        )
    return spc
