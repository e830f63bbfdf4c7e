"""Optional tables: comparator-group benchmarks and officer overrides of Direction assurance."""

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
