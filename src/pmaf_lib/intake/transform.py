"""Records -> pmaf's own rows: crosswalks, organisations, periods, numbers, scaling, flags and
polarity words, then the council's rows as returns, every organisation's as benchmarks, and
targets. Every problem names the source file, sheet, row and column."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pmaf_lib.intake.folder import DataFolder
from pmaf_lib.intake.mapping import Mapping
from pmaf_lib.intake.sources import header_period
from pmaf_lib.plan.optional_inputs import closest_organisation
from pmaf_lib.plan.problems import ProblemLog, Severity, show
from pmaf_lib.plan.submissions import RECOVERY_COLUMNS, RETURNS
from pmaf_lib.plan.tables import NUMBER_EXAMPLE, to_numbers

# what publishers write for a withheld or unavailable figure: blank, not an error
SUPPRESSED = re.compile(r"^(\*+|x|\[x\]|c|\[c\]|z|\[z\]|\.\.|:|-|–|n/?a|na|s|\[low\]|#)$", re.I)
POLARITY_WORDS = {
    "higher": (
        "high value is good",
        "higher is better",
        "aim to maximise",
        "aim to maximize",
        "maximise",
        "maximize",
        "descending",
        "desc",
        "higher",
        "up",
        "bigger is better",
        "high",
        "increase",
    ),
    "lower": (
        "low value is good",
        "lower is better",
        "aim to minimise",
        "aim to minimize",
        "minimise",
        "minimize",
        "ascending",
        "asc",
        "lower",
        "down",
        "smaller is better",
        "low",
        "decrease",
    ),
    "none": (
        "none",
        "n/a",
        "na",
        "not applicable",
        "no polarity",
        "neutral",
        "context",
        "aim to be on target",
        "goldilocks",
    ),
}
POLARITY = {w: p for p, words in POLARITY_WORDS.items() for w in words}
# the returns file's columns (plan.submissions.RETURNS) an import fills: all but submitted_on
# and the recovery columns a service writes about its own figure
RETURN_COLUMNS = tuple(c for c in RETURNS.columns if c not in ("submitted_on", *RECOVERY_COLUMNS))
BENCHMARK_COLUMNS = (
    "metric_id",
    "period",
    "group",
    "organisation",
    "organisation_code",
    "reference",
    "value",
)
TARGET_COLUMNS = ("metric_id", "financial_year", "period", "target")
MAX_CELL_PROBLEMS = 20


@dataclass
class Converted:
    returns: pd.DataFrame
    benchmarks: pd.DataFrame
    targets: pd.DataFrame
    counts: Counter = field(default_factory=Counter)


def polarity_of(word: object) -> str | None:
    """``Aim to Maximise`` -> ``higher``; None when the word is not known."""
    if word is None:
        return None
    return POLARITY.get(re.sub(r"\s+", " ", str(word).strip().casefold()))


def _text(series: pd.Series | None, index: pd.Index) -> pd.Series:
    if series is None:
        return pd.Series([None] * len(index), index=index, dtype=object)
    values = [
        None
        if v is None or (isinstance(v, float) and np.isnan(v)) or not str(v).strip()
        else str(v).strip()
        for v in series
    ]
    return pd.Series(values, index=series.index, dtype=object)


def _report_cells(
    records: pd.DataFrame,
    mask: pd.Series,
    column: str | pd.Series,
    raw: pd.Series,
    message: str,
    expected: str,
    log: ProblemLog,
) -> None:
    """One problem per bad cell, up to a limit, then one line saying how many more."""
    bad = records[mask.to_numpy()]
    columns = column if isinstance(column, pd.Series) else pd.Series(column, index=records.index)
    for i, (idx, rec) in enumerate(bad.iterrows()):
        if i == MAX_CELL_PROBLEMS:
            log.add(
                rec["_label"],
                None,
                None,
                None,
                f"... and {len(bad) - MAX_CELL_PROBLEMS} more cells like these",
                expected,
            )
            break
        log.add(
            rec["_label"],
            int(rec["_row"]),
            columns[idx],
            raw[idx],
            message.format(value=show(raw[idx])),
            expected,
        )


def _numbers(
    records: pd.DataFrame, name: str, column: pd.Series, log: ProblemLog, counts: Counter
) -> pd.Series:
    raw = _text(records.get(name), records.index)
    suppressed = raw.map(lambda v: isinstance(v, str) and bool(SUPPRESSED.match(v))).astype(bool)
    counts[f"{name}_suppressed"] += int(suppressed.sum())
    numbers, bad = to_numbers(raw.where(~suppressed, None))
    _report_cells(records, bad, column, raw, "{value} is not a number", NUMBER_EXAMPLE, log)
    return numbers


def convert(
    records: pd.DataFrame, mapping: Mapping, folder: DataFolder, log: ProblemLog
) -> Converted:
    counts: Counter = Counter(rows_read=len(records))
    index = records.index
    value_column = records["_column"]

    metric = _text(records.get("metric"), index)
    metric_column = records.get("_column_metric", pd.Series("metric", index=index)).fillna("metric")
    if "metric" in mapping.crosswalk:
        walk = mapping.crosswalk["metric"]
        unmatched = metric.notna() & ~metric.isin(list(walk))
        counts["not_in_crosswalk"] = int(unmatched.sum())
        _summarise(
            records,
            unmatched,
            metric,
            metric_column,
            "not in crosswalk: metric; skipped",
            log,
        )
        metric = metric.map(walk)
    unknown = metric.notna() & ~metric.map(lambda m: isinstance(m, str) and folder.knows(m)).astype(
        bool
    )
    counts["not_in_register"] = int(unknown.sum())
    _summarise(
        records,
        unknown,
        metric,
        metric_column,
        "not in the metric register (metrics.csv); skipped",
        log,
    )
    metric = metric.where(~unknown)

    name = _text(records.get("organisation"), index)
    code = _text(records.get("organisation_code"), index)
    walk = mapping.crosswalk.get("organisation", {})
    if walk:
        name = name.where(name.notna(), code).map(lambda v: walk.get(v, v) if v else v)
    name = name.where(name.notna(), code)
    has_org = "organisation" in records or "organisation_code" in records
    council = (mapping.council or "").casefold()
    if has_org and council:
        is_self = _one_of(name, {council}) | _one_of(code, {council})
        if not is_self.any():
            names = set(name.dropna()) | set(code.dropna())
            log.add(
                mapping.file,
                None,
                "council",
                mapping.council,
                f"council {mapping.council!r} matches no organisation in the source"
                + (
                    f"; did you mean {hint!r}?"
                    if (hint := closest_organisation(mapping.council, sorted(names)))
                    else ""
                ),
                "the council's name or code exactly as the source writes it",
            )
    else:
        is_self = pd.Series(not has_org, index=index)
    listed = {o.casefold() for o in mapping.reference_organisations}
    is_reference = _one_of(name, listed) | _one_of(code, listed)
    is_self &= ~is_reference

    fmt = mapping.period_format
    period_raw = records.get("period")
    periods = (period_raw if period_raw is not None else pd.Series(None, index=index)).map(
        lambda v: (
            None if v is None or (isinstance(v, float) and np.isnan(v)) else header_period(v, fmt)
        )
    )
    bad_period = (periods.isna() & _text(period_raw, index).notna() & metric.notna()).astype(bool)
    period_column = records.get("_column_period", pd.Series("period", index=index))
    _summarise(
        records,
        bad_period,
        _text(period_raw, index),
        period_column,
        "not a period (multi-year spans are not single periods); skipped",
        log,
    )
    counts["bad_period"] = int(bad_period.sum())
    in_range = pd.Series(True, index=index)
    for bound, keep in (
        (mapping.period_from, lambda p, b: p.last_month >= b),
        (mapping.period_to, lambda p, b: p.last_month <= b),
    ):
        if bound:
            limit = header_period(bound).last_month
            in_range &= periods.map(
                lambda p, lim=limit, k=keep: p is not None and k(p, lim)
            ).astype(bool)
    counts["outside_periods"] = int((periods.notna() & ~in_range).sum())

    numbers = {
        n: _numbers(
            records,
            n,
            value_column
            if n == "value"
            else records.get(f"_column_{n}", pd.Series(n, index=index)),
            log,
            counts,
        )
        for n in ("value", "numerator", "denominator", "target")
    }
    refs = {
        c: _numbers(records, c, pd.Series(c.split("|")[2], index=index), log, counts)
        for c in records.columns
        if c.startswith("ref|")
    }
    factor = _scale(metric, mapping, folder)
    for n in ("value", "target"):
        numbers[n] = numbers[n] * factor
    refs = {c: v * factor for c, v in refs.items()}

    flags = _text(records.get("flags"), index)
    if "flags" in mapping.crosswalk:
        flags = flags.map(lambda v: mapping.crosswalk["flags"].get(v, v) if v else v)
    _check_polarity(records, metric, mapping, folder, log)

    usable = (metric.notna() & periods.notna() & in_range).astype(bool)
    counts["rows_used"] = int(usable.sum())
    frame = pd.DataFrame(
        {
            "metric_id": metric,
            "period": periods.map(lambda p: str(p) if p else None),
            "period_obj": periods,
            "organisation": name,
            "organisation_code": code,
            "is_self": is_self,
            "is_reference": is_reference,
            "flags": flags,
            **numbers,
            **{n: _text(records.get(n), index) for n in ("commentary", "action", "submitted_by")},
            "_label": records["_label"],
            "_row": records["_row"],
            "_column": value_column,
        }
    ).loc[usable]
    frame = _ratio_values(frame, folder, log)
    return Converted(
        returns=_returns(frame, records, folder, log, counts),
        benchmarks=_benchmarks(frame, records.loc[frame.index], mapping, refs, folder.council),
        targets=_targets(frame),
        counts=counts,
    )


def _ratio_values(frame: pd.DataFrame, folder: DataFolder, log: ProblemLog) -> pd.DataFrame:
    """For the council's own ratio metrics the value is numerator / denominator (x 100 for a
    percentage, x rate_per for a rate), as pmaf computes it; a source value that does not agree
    at the metric's decimals is reported and replaced. Benchmarks keep the published values."""
    if folder.register.empty or frame.empty:
        return frame.assign(published=frame["value"])
    attrs = folder.register.reindex(frame["metric_id"])
    attrs.index = frame.index
    ratio = attrs["is_ratio"].fillna(False).astype(bool) & frame["is_self"].astype(bool)
    num, den = frame["numerator"], frame["denominator"]
    pair = ratio & num.notna() & den.notna() & (den > 0) & (num >= 0)
    computed = (num / den.where(pair) * attrs["scale"].astype(float)).where(pair)
    tolerance = 0.5 * 10.0 ** (-attrs["decimals"].fillna(0).astype(float))
    differs = pair & frame["value"].notna() & ((frame["value"] - computed).abs() > tolerance)
    for metric_id, rows in frame[differs].groupby("metric_id"):
        first = rows.iloc[0]
        log.warn(
            first["_label"],
            int(first["_row"]),
            first["_column"],
            first["value"],
            f"{metric_id} {first['period']}: the source's value {first['value']:g} is not "
            f"numerator/denominator ({computed[rows.index[0]]:.6g}); pmaf uses the latter "
            f"({len(rows):,} rows like this)",
        )
    return frame.assign(value=frame["value"].where(~pair, computed), published=frame["value"])


def _one_of(series: pd.Series, wanted: set[str]) -> pd.Series:
    """Cells equal (case-insensitively) to one of ``wanted``."""
    return series.map(lambda v: isinstance(v, str) and v.casefold() in wanted).astype(bool)


def _summarise(
    records: pd.DataFrame,
    mask: pd.Series,
    values: pd.Series,
    column: str | pd.Series,
    message: str,
    log: ProblemLog,
) -> None:
    """One warning for all the rows ``mask`` marks: where the first is, the distinct values
    (up to ten) and how many rows."""
    if not mask.any():
        return
    columns = column if isinstance(column, pd.Series) else pd.Series(column, index=records.index)
    hit = records[mask.to_numpy()]
    first = hit.iloc[0]
    distinct = list(dict.fromkeys(values[mask].dropna()))
    shown = ", ".join(show(v) for v in distinct[:10]) + (
        f" and {len(distinct) - 10} more" if len(distinct) > 10 else ""
    )
    log.warn(
        first["_label"],
        int(first["_row"]),
        columns[hit.index[0]],
        distinct[0] if distinct else None,
        f"{shown} {message} ({len(hit):,} rows)",
    )


def _scale(metric: pd.Series, mapping: Mapping, folder: DataFolder) -> pd.Series:
    scale = mapping.scale
    if not scale:
        return pd.Series(1.0, index=metric.index)
    units = metric.map(
        lambda m: folder.register["unit"].get(m) if m and not folder.register.empty else None
    )
    return pd.Series(
        [
            scale.get(m, scale.get(u, scale.get("*", 1.0)))
            for m, u in zip(metric, units, strict=True)
        ],
        index=metric.index,
    )


def _check_polarity(
    records: pd.DataFrame, metric: pd.Series, mapping: Mapping, folder: DataFolder, log: ProblemLog
) -> None:
    words = _text(records.get("polarity"), records.index)
    if words.isna().all():
        return
    if "polarity" in mapping.crosswalk:
        words = words.map(lambda v: mapping.crosswalk["polarity"].get(v, v) if v else v)
    seen: set[tuple[str, str]] = set()
    column = mapping.columns.get("polarity")
    for idx, word in words.dropna().items():
        key = (metric[idx], word)
        if key in seen or metric[idx] is None:
            continue
        seen.add(key)
        rec = records.loc[idx]
        polarity = polarity_of(word)
        if polarity is None:
            log.add(
                rec["_label"],
                int(rec["_row"]),
                column,
                word,
                f"{show(word)} is not a polarity word pmaf knows; add it under crosswalk: polarity",
                "words such as 'High value is good', 'Ascending', 'Aim to Minimise'",
                Severity.WARNING,
            )
            continue
        registered = None if folder.register.empty else folder.register["polarity"].get(metric[idx])
        if registered and registered != polarity:
            log.add(
                rec["_label"],
                int(rec["_row"]),
                column,
                word,
                f"the source says {metric[idx]} is {show(word)} ({polarity} is better) but "
                f"metrics.csv says polarity {registered}",
                None,
                Severity.WARNING,
            )


def _returns(
    frame: pd.DataFrame, records: pd.DataFrame, folder: DataFolder, log: ProblemLog, counts: Counter
) -> pd.DataFrame:
    own = frame[frame["is_self"].astype(bool)]
    if folder.years is not None:
        outside = ~own["period_obj"].map(lambda p: p.fy_start_year in folder.years).astype(bool)
        counts["outside_plan_years"] = int(outside.sum())
        own = own.loc[~outside]
    if not folder.register.empty:
        expected = own["metric_id"].map(folder.register["frequency"])
        kind = own["period_obj"].map(lambda p: p.frequency.value)
        wrong = expected.notna() & kind.ne(expected)
        for (metric_id, period_kind, freq), rows in (
            own[wrong].assign(k=kind, f=expected).groupby(["metric_id", "k", "f"])
        ):
            first = rows.iloc[0]
            log.add(
                first["_label"],
                int(first["_row"]),
                first["_column"],
                first["period"],
                f"{metric_id} is reported {freq} in metrics.csv but the source gives {period_kind} "
                f"periods ({len(rows):,} rows)",
                f"{freq} periods for {metric_id}",
            )
        own = own[~wrong]
    duplicated = own.duplicated(["metric_id", "period"], keep=False)
    for (metric_id, period), rows in own[duplicated].groupby(["metric_id", "period"]):
        where = ", ".join(f"{r['_label']} row {r['_row']}" for _, r in rows.head(4).iterrows())
        log.add(
            rows.iloc[0]["_label"],
            int(rows.iloc[0]["_row"]),
            rows.iloc[0]["_column"],
            period,
            f"{metric_id} {period} appears {len(rows)} times ({where})",
            "one row per metric and period; add a filter (e.g. an age group)",
        )
    out = own.drop_duplicates(["metric_id", "period"]).copy()
    out["_start"] = out["period_obj"].map(lambda p: p.ordinal)
    out = out.sort_values(["metric_id", "_start"])
    return out[[*RETURN_COLUMNS, "_label", "_row", "_column"]].reset_index(drop=True)


def _benchmarks(
    frame: pd.DataFrame,
    records: pd.DataFrame,
    mapping: Mapping,
    refs: dict[str, pd.Series],
    council: str | None,
) -> pd.DataFrame:
    """Every organisation's values per group, plus the reference rows; the council's own rows
    carry the plan's council name, so that reports find them."""
    parts = []
    frame = frame.assign(value=frame["published"])
    if council:
        frame = frame.assign(organisation=frame["organisation"].where(~frame["is_self"], council))
    for group in mapping.benchmarks:
        rows = frame.copy()
        if group.same_as_council:
            family = records[f"family|{group.group}"]
            own = family[frame["is_self"].astype(bool)]
            own_family = dict(
                zip(
                    zip(
                        rows.loc[own.index, "metric_id"], rows.loc[own.index, "period"], strict=True
                    ),
                    own,
                    strict=True,
                )
            )
            keys = zip(rows["metric_id"], rows["period"], strict=True)
            rows = rows[
                [
                    own_family.get(k) is not None and own_family.get(k) == f
                    for k, f in zip(keys, family, strict=True)
                ]
            ]
        rows = rows[rows["organisation"].notna()]
        parts.append(rows.assign(group=group.group, reference=rows["is_reference"].astype(bool)))
        for column, values in refs.items():
            _, group_id, label = column.split("|", 2)
            if group_id != group.group:
                continue
            chosen = (
                frame["is_self"].astype(bool) if mapping.council else frame.index == frame.index
            )
            ref = frame[chosen].assign(
                group=group.group,
                reference=True,
                organisation=label,
                organisation_code=None,
                value=values[frame.index][chosen],
            )
            parts.append(ref.drop_duplicates(["metric_id", "period"]))
    if not parts:
        return pd.DataFrame(columns=list(BENCHMARK_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    out = out.drop_duplicates(["metric_id", "period", "group", "organisation"])
    out["_start"] = out["period_obj"].map(lambda p: p.ordinal)
    out = out.sort_values(["metric_id", "group", "_start", "reference", "organisation"])
    return out[list(BENCHMARK_COLUMNS)].reset_index(drop=True)


def _targets(frame: pd.DataFrame) -> pd.DataFrame:
    own = frame[frame["is_self"].astype(bool) & frame["target"].notna()]
    if own.empty:
        return pd.DataFrame(columns=list(TARGET_COLUMNS))
    annual = own["period_obj"].map(lambda p: p.frequency.value == "annual")
    out = pd.DataFrame(
        {
            "metric_id": own["metric_id"],
            "financial_year": own["period_obj"].map(lambda p: p.fy_label),
            "period": own["period"].where(~annual, None),
            "target": own["target"],
            "_label": own["_label"],
            "_row": own["_row"],
        }
    )
    return out.drop_duplicates(["metric_id", "financial_year", "period"]).reset_index(drop=True)
