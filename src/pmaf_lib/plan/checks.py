"""Checks across files: references, duplicates, periods against frequencies and plan years,
ratios, targets. Each check is vectorised over a whole table and reports every hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from pmaf_lib.periods import Frequency, Period
from pmaf_lib.plan.model import Aggregation, Plan, Polarity, Reference, TargetBasis, Unit
from pmaf_lib.plan.problems import ProblemLog, Severity, one_of
from pmaf_lib.plan.references import id_hint
from pmaf_lib.plan.tables import each

FREQUENCY_EXAMPLE = {
    "monthly": "a month such as 2025-09",
    "quarterly": "a quarter such as 2025/26 Q2",
    "annual": "a financial year such as 2025/26",
}
KIND_NAME = {"monthly": "a month", "quarterly": "a quarter", "annual": "a financial year"}


@dataclass
class Context:
    """What cross-file checks compare against; any part may be missing when its file failed."""

    plan: Plan | None
    reference: Reference | None
    metrics: pd.DataFrame | None
    log: ProblemLog

    @property
    def years(self) -> set[int] | None:
        return set(self.plan.fy_start_years) if self.plan else None

    def level(self, level: str) -> str:
        """``an outcome``, or in the council's words ``a sub-theme (outcome)``."""
        word = getattr(self.plan.levels, level).lower() if self.plan else level
        named = word if word == level else f"{word} ({level})"
        return f"{'an' if named[0] in 'aeiou' else 'a'} {named}"

    def years_text(self) -> str:
        years = self.plan.financial_years if self.plan else []
        return f"{years[0]} to {years[-1]}" if years else "none"


def check_known(
    frame: pd.DataFrame,
    column: str,
    valid: Iterable[str],
    what: str,
    log: ProblemLog,
    lists: bool = False,
    hint: Callable[[str], str] | None = None,
) -> pd.Series:
    """Report ids in ``frame[column]`` that are not in ``valid``; returns the mask of bad rows.

    ``hint`` says what to write instead of a bad value (default: the valid ids, closest first).
    """
    valid = set(valid)
    cells = frame[column].explode() if lists else frame[column]
    cells = cells.dropna()
    bad = ~cells.isin(valid)
    hints: dict[str, str] = {}
    for index, value in cells[bad].items():
        if log.full(file := frame.at[index, "source_file"]):
            log.count_unlisted(file, Severity.ERROR)
            continue
        if value not in hints:
            hints[value] = hint(value) if hint else one_of(valid, value)
        log.add(
            file,
            int(frame.at[index, "source_row"]),
            column,
            value,
            f"{value!r} is not {what}",
            hints[value],
            kind=f"is not {what}",
        )
    return pd.Series(frame.index.isin(cells[bad].index), index=frame.index)


def check_duplicates(
    frame: pd.DataFrame, keys: list[str], column: str, what: str, log: ProblemLog
) -> None:
    """Report every row repeating an earlier row's ``keys``, naming both rows."""
    keyed = frame.dropna(subset=keys)
    repeated = keyed.duplicated(keys, keep="first")
    if not repeated.any():
        return
    first = keyed.drop_duplicates(keys).set_index(keys)[["source_file", "source_row"]]
    for record in keyed.loc[repeated].to_dict("records"):
        key = tuple(record[k] for k in keys)
        original = first.loc[key if len(keys) > 1 else key[0]]
        described = ", ".join(str(k) for k in key if k != "")
        log.add(
            record["source_file"],
            int(record["source_row"]),
            column,
            record[column],
            f"duplicate {what} ({described}): also in {original['source_file']} "
            f"row {int(original['source_row'])}",
            f"one row per {what}",
        )


def check_period_range(frame: pd.DataFrame, ctx: Context, column: str = "period") -> None:
    """Warn about periods after the plan's last financial year (possibly a typo; they are
    still shown). Periods before the plan are history: charted and trended, never a problem."""
    years = ctx.years
    if not years:
        return
    fy = each(frame[column], lambda p: p.fy_start_year)
    after = fy.notna() & (fy > max(years))
    ctx.log.rows(
        frame.assign(fy_label=each(frame[column], lambda p: p.fy_label)),
        after,
        column,
        "{value} falls in {fy_label}, after the plan's financial years; it is shown "
        "without a plan target",
        f"a period up to {ctx.years_text().split(' to ')[-1]}",
        value_column=f"{column}_text",
        severity=Severity.WARNING,
    )


def with_text(frame: pd.DataFrame, column: str = "period") -> pd.DataFrame:
    """Adds ``<column>_text``: the canonical period id, for messages."""
    return frame.assign(**{f"{column}_text": each(frame[column], str)})


# -- the register ---------------------------------------------------------------------------


def check_metrics(metrics: pd.DataFrame, ctx: Context) -> None:
    log = ctx.log
    check_duplicates(metrics, ["metric_id"], "metric_id", "metric id", log)
    if ctx.reference is not None:
        ref = ctx.reference
        columns = {
            "owner": ("officers", "an officer in reference.yaml", False),
            "lead_officer": ("officers", "an officer in reference.yaml", True),
            "directorate": ("directorates", "a directorate in reference.yaml", False),
            "portfolio": ("portfolios", "a portfolio in reference.yaml", True),
            "lens": ("lenses", "a lens in reference.yaml", False),
            "benchmark_group": ("benchmark_groups", "a benchmark group in reference.yaml", False),
            "equality_objectives": (
                "equality_objectives",
                "an equality objective in reference.yaml",
                True,
            ),
            "directions": ("directions", "a Direction in reference.yaml", True),
        }
        for column, (kind, what, lists) in columns.items():
            check_known(
                metrics,
                column,
                ref.ids(kind),
                what,
                log,
                lists,
                lambda value, kind=kind: id_hint(ref, kind, value),
            )
    if ctx.plan is not None:
        outcome_ids = [o.id for o in ctx.plan.outcomes()]
        what = f"{ctx.level('outcome')} in plan.yaml"
        check_known(metrics, "outcomes", outcome_ids, what, log, lists=True)


# -- returns --------------------------------------------------------------------------------


def check_values(values: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Check returns against the register and plan; returns ``values`` with ``value`` filled
    from numerator/denominator where blank."""
    log = ctx.log
    values = with_text(values)
    check_period_range(values, ctx)
    if ctx.metrics is None:
        return values
    metrics = ctx.metrics.drop_duplicates("metric_id").set_index("metric_id")
    unknown = check_known(
        values, "metric_id", metrics.index, "a metric in the register (metrics file)", log
    )
    known = values["metric_id"].notna() & ~unknown
    attrs = metrics.reindex(values["metric_id"])[
        ["frequency", "unit", "scale", "decimals", "is_ratio"]
    ]
    attrs.index = values.index
    checked = values.join(attrs)
    _check_frequency(checked, known, log)
    _check_signs(checked, known, log)
    return _check_ratios(checked, known, log)[values.columns]


def _check_frequency(values: pd.DataFrame, known: pd.Series, log: ProblemLog) -> None:
    kind = each(values["period"], lambda p: p.frequency.value)
    bad = known & kind.notna() & values["frequency"].notna() & (kind != values["frequency"])
    frame = values.assign(
        kind_name=each(kind, KIND_NAME.get),
        example=each(values["frequency"], FREQUENCY_EXAMPLE.get),
    )
    log.rows(
        frame,
        bad,
        "period",
        "{value} is {kind_name} but {metric_id} is reported {frequency}",
        "{example}",
        value_column="period_text",
    )


# units whose values cannot be below 0 (an error); a "number" is usually a count (a warning)
NEVER_NEGATIVE = (Unit.PERCENT.value, Unit.RATE.value, Unit.DAYS.value)


def _check_signs(values: pd.DataFrame, known: pd.Series, log: ProblemLog) -> None:
    """A negative value where the unit cannot be negative: an error for percentages, rates and
    days, a warning for numbers (usually counts); money may be negative."""
    negative = known & (values["value"] < 0)
    for units, severity in (
        (NEVER_NEGATIVE, Severity.ERROR),
        ((Unit.NUMBER.value,), Severity.WARNING),
    ):
        log.rows(
            values,
            negative & values["unit"].isin(units),
            "value",
            "{value} is negative, but {metric_id} is measured in {unit}, which cannot be below 0",
            "a value of 0 or more",
            severity,
        )


def _check_ratios(values: pd.DataFrame, known: pd.Series, log: ProblemLog) -> pd.DataFrame:
    num, den, value = values["numerator"], values["denominator"], values["value"]
    is_ratio = values["is_ratio"].fillna(False).astype(bool)
    one_only = known & (num.isna() != den.isna())
    log.rows(
        values,
        one_only & num.isna(),
        "numerator",
        "a denominator is given without a numerator",
        "both numerator and denominator, or neither",
    )
    log.rows(
        values,
        one_only & den.isna(),
        "denominator",
        "a numerator is given without a denominator",
        "both numerator and denominator, or neither",
    )
    for column in ("numerator", "denominator"):
        log.rows(
            values,
            values[column] < 0,
            column,
            "{value} is negative",
            "a count of 0 or more",
        )
    log.rows(
        values,
        known & ~is_ratio & (num.notna() | den.notna()),
        "numerator",
        "{metric_id} is not a ratio metric (no numerator_label); numerator and denominator "
        "are ignored",
        severity=Severity.WARNING,
    )
    pair = known & is_ratio & num.notna() & den.notna() & (num >= 0) & (den >= 0)
    over = pair & (values["unit"] == Unit.PERCENT.value) & (num > den)
    log.rows(
        values,
        over,
        "numerator",
        "numerator {numerator:g} is greater than denominator {denominator:g} for a percentage",
        "a numerator no larger than the denominator",
    )
    zero = pair & (den == 0)
    log.rows(
        values,
        zero & (num > 0),
        "denominator",
        "denominator is 0 but the numerator is not",
        "a denominator above 0",
    )
    computed = (num / den.where(den > 0)) * values["scale"]
    computed = computed.where(pair & ~over)
    tolerance = 0.5 * 10.0 ** (-values["decimals"].fillna(0).astype(float)) + 1e-9 * computed.abs()
    mismatch = value.notna() & computed.notna() & ((value - computed).abs() > tolerance)
    log.rows(
        values.assign(computed=computed),
        mismatch,
        "value",
        "{value} does not match numerator/denominator ({numerator:g}/{denominator:g} gives "
        "{computed:.6g})",
        "the value computed from numerator and denominator, or a blank value",
    )
    values = values.copy()
    values["value"] = value.where(value.notna(), computed)
    return values


# -- targets --------------------------------------------------------------------------------


def check_targets(targets: pd.DataFrame, values: pd.DataFrame | None, ctx: Context) -> None:
    log = ctx.log
    targets = with_text(targets).assign(
        period_key=lambda f: f["period_text"].fillna(""),
    )
    check_duplicates(
        targets, ["metric_id", "financial_year", "period_key"], "metric_id", "target", log
    )
    if ctx.years:
        after = targets["fy_last"].notna() & (targets["fy_last"] > max(ctx.years))
        log.rows(
            targets,
            after,
            "financial_year",
            "{financial_year} is after the plan's financial years, so it is not used",
            f"a year up to {ctx.years_text().split(' to ')[-1]}",
            severity=Severity.WARNING,
        )
    period_fy = pd.to_numeric(each(targets["period"], lambda p: p.fy_start_year))
    wrong_year = targets["period"].notna() & targets["fy"].notna()
    wrong_year &= (period_fy < targets["fy"]) | (period_fy > targets["fy_last"])
    log.rows(
        targets,
        wrong_year,
        "period",
        "{value} is not in financial year {financial_year}",
        "a month or quarter inside the row's financial year",
        value_column="period_text",
    )
    if ctx.metrics is None:
        return
    metrics = ctx.metrics.drop_duplicates("metric_id").set_index("metric_id")
    unknown = check_known(
        targets, "metric_id", metrics.index, "a metric in the register (metrics file)", log
    )
    known = targets["metric_id"].notna() & ~unknown
    attrs = metrics.reindex(targets["metric_id"])[
        ["polarity", "target_basis", "aggregation", "frequency"]
    ]
    attrs.index = targets.index
    t = targets.join(attrs)
    no_target = known & (
        (t["polarity"] == Polarity.NONE.value) | (t["target_basis"] == TargetBasis.NONE.value)
    )
    log.rows(
        t,
        no_target,
        "target",
        "{metric_id} has polarity {polarity} and target basis {target_basis}, so it takes no "
        "target",
        "no target row for a metric with polarity none or target_basis none",
    )
    _check_target_kinds(t, known & ~no_target, log)
    months = {"monthly": 1, "quarterly": 3, "annual": 12}
    span = each(t["period"], lambda p: p.frequency.months).astype(float)
    too_fine = known & t["period"].notna() & (span < t["frequency"].map(months))
    too_fine |= known & (span == 12)
    log.rows(
        t,
        too_fine,
        "period",
        "{value} is finer than {metric_id}'s {frequency} reporting, or a whole year",
        "blank for the whole year, or a period no shorter than the metric's frequency",
        value_column="period_text",
    )
    profiled = t["profile"].notna()
    misplaced = (
        known
        & profiled
        & (
            ~t["aggregation"].isin([Aggregation.YTD.value, Aggregation.RUNNING_TOTAL.value])
            | (t["target_basis"] != TargetBasis.ANNUAL.value)
            | t["period"].notna()
        )
    )
    log.rows(
        t,
        misplaced,
        "profile",
        "a profile is only used on the annual row of a ytd or running_total metric with "
        "target_basis annual",
        "a blank profile",
    )
    if values is not None:
        _check_missing_targets(t, values, metrics, ctx)


def _check_target_kinds(t: pd.DataFrame, judged: pd.Series, log: ProblemLog) -> None:
    """A band metric takes target_low and target_high; the others a number or a direction."""
    band = judged & (t["polarity"] == Polarity.BAND.value)
    log.rows(
        t,
        band & (t["target_low"].isna() | t["target_high"].isna()),
        "target_low",
        "{metric_id} has polarity band, so its target is a band: target_low and target_high",
        "both target_low and target_high (a blank target)",
    )
    log.rows(
        t,
        band & t["direction"].notna(),
        "target",
        "{metric_id} has polarity band, so it cannot take a directional target",
        "target_low and target_high",
    )
    other = judged & (t["polarity"] != Polarity.BAND.value)
    log.rows(
        t,
        other & (t["target_low"].notna() | t["target_high"].notna()),
        "target_low",
        "target_low and target_high are only used by metrics with polarity band",
        "blank target_low and target_high (or polarity band in the register)",
    )
    log.rows(
        t,
        other & t["target"].isna() & t["direction"].isna(),
        "target",
        "{metric_id} has no target on this row",
        "a number, increase, decrease or maintain",
    )


def _check_missing_targets(
    targets: pd.DataFrame, values: pd.DataFrame, metrics: pd.DataFrame, ctx: Context
) -> None:
    """Every metric that takes a target needs one for each plan year in which it has data
    (years before the plan are history and need none)."""
    needs = metrics.index[
        metrics["target_basis"].isin([TargetBasis.PERIOD.value, TargetBasis.ANNUAL.value])
        & (metrics["polarity"] != Polarity.NONE.value)
    ]
    data = values.loc[values["metric_id"].isin(needs) & values["value"].notna()]
    data = data.assign(fy=each(data["period"], lambda p: p.fy_start_year))
    data = data.dropna(subset=["fy"])
    if ctx.years is not None:
        data = data.loc[data["fy"].isin(ctx.years)]
    have = {
        (metric_id, year)
        for metric_id, first, last in zip(
            targets["metric_id"], targets["fy"], targets["fy_last"], strict=True
        )
        if not (pd.isna(first) or pd.isna(last))
        for year in range(int(first), int(last) + 1)
    }
    first = data.drop_duplicates(["metric_id", "fy"])
    target_file = targets["source_file"].iloc[0] if len(targets) else "targets.csv"
    for record in first.to_dict("records"):
        if (record["metric_id"], record["fy"]) in have:
            continue
        fy = Period.financial_year(int(record["fy"]))
        ctx.log.add(
            target_file,
            None,
            "financial_year",
            str(fy),
            f"{record['metric_id']} has data for {fy} ({record['source_file']} row "
            f"{int(record['source_row'])}) but no target for that financial year",
            "a target row for each of the plan's financial years with data (or target_basis none)",
        )


# -- milestone updates, benchmarks, assurance -----------------------------------------------


def check_updates(updates: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    updates = with_text(updates)
    log = ctx.log
    if ctx.plan is not None:
        ids = [m.id for m in ctx.plan.milestones()]
        check_known(updates, "milestone_id", ids, f"{ctx.level('milestone')} in plan.yaml", log)
    not_month = each(updates["period"], lambda p: p.frequency != Frequency.MONTHLY).eq(True)
    log.rows(
        updates,
        not_month,
        "period",
        "{value} is not a month",
        FREQUENCY_EXAMPLE["monthly"],
        value_column="period_text",
    )
    check_period_range(updates, ctx)
    check_duplicates(
        updates, ["milestone_id", "period_text"], "milestone_id", "milestone update", log
    )
    return updates


def check_benchmarks(benchmarks: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    benchmarks = with_text(benchmarks)
    log = ctx.log
    if ctx.metrics is not None:
        check_known(
            benchmarks,
            "metric_id",
            ctx.metrics["metric_id"].dropna(),
            "a metric in the register",
            log,
        )
    if ctx.reference is not None:
        check_known(
            benchmarks,
            "group",
            ctx.reference.ids("benchmark_groups"),
            "a benchmark group in reference.yaml",
            log,
        )
    check_duplicates(
        benchmarks,
        ["metric_id", "period_text", "group", "organisation"],
        "organisation",
        "benchmark value",
        log,
    )
    return benchmarks


def check_assurance(assurance: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    assurance = with_text(assurance)
    log = ctx.log
    if ctx.reference is not None:
        check_known(
            assurance,
            "direction_id",
            ctx.reference.ids("directions"),
            "a Direction in reference.yaml",
            log,
        )
    not_month = each(assurance["period"], lambda p: p.frequency != Frequency.MONTHLY).eq(True)
    log.rows(
        assurance,
        not_month,
        "period",
        "{value} is not a month",
        FREQUENCY_EXAMPLE["monthly"],
        value_column="period_text",
    )
    check_period_range(assurance, ctx)
    check_duplicates(assurance, ["direction_id", "period_text"], "direction_id", "override", log)
    return assurance
