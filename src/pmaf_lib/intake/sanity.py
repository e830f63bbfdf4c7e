"""Warnings for what scrutiny committees complain about, raised before the data lands: a target
of 0, a value or target orders of magnitude away from the metric's history, commentary over the
word budget, a metric that has gone quiet. (A numerator and denominator that do not give the
value are reported where the value is recomputed, in :mod:`pmaf_lib.intake.transform`.)"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pmaf_lib.intake.folder import DataFolder
from pmaf_lib.intake.mapping import Mapping
from pmaf_lib.periods import parse_period
from pmaf_lib.plan.problems import ProblemLog

ROUNDING = 0.3  # a factor of 50 or more counts as two orders of magnitude


def check(
    returns: pd.DataFrame,
    targets: pd.DataFrame,
    mapping: Mapping,
    folder: DataFolder,
    log: ProblemLog,
) -> None:
    _zero_targets(returns, targets, log, mapping)
    _magnitude(returns, targets, mapping, folder, log)
    _words(returns, mapping, log)
    _quiet(returns, mapping, log)


def _warn(
    log: ProblemLog, rec: dict | pd.Series, column: str | None, value: object, text: str
) -> None:
    log.warn(rec["_label"], int(rec["_row"]), column, value, text)


def _zero_targets(
    returns: pd.DataFrame, targets: pd.DataFrame, log: ProblemLog, mapping: Mapping
) -> None:
    column = mapping.columns.get("target", "target")
    for metric_id, rows in targets[targets["target"] == 0].groupby("metric_id"):
        rec = rows.iloc[0]
        _warn(
            log,
            rec,
            column,
            0,
            f"{metric_id} has a target of 0 for {rec['period'] or rec['financial_year']}"
            + (f" and {len(rows) - 1} more periods" if len(rows) > 1 else "")
            + "; is that a real target or a blank cell read as 0?",
        )


def _history_median(metric_id: str, returns: pd.DataFrame, folder: DataFolder) -> float | None:
    own_file = f"returns/{returns.attrs.get('output', '')}"
    past = folder.values[
        (folder.values["metric_id"] == metric_id) & (folder.values["file"] != own_file)
    ]
    values = past["value"].abs()
    values = values[values > 0]
    return float(values.median()) if len(values) else None


def _magnitude(
    returns: pd.DataFrame,
    targets: pd.DataFrame,
    mapping: Mapping,
    folder: DataFolder,
    log: ProblemLog,
) -> None:
    for metric_id, rows in returns.groupby("metric_id"):
        median = _history_median(str(metric_id), returns, folder)
        values = rows["value"].abs()
        if median is None:
            positive = values[values > 0]
            median = float(positive.median()) if len(positive) else None
        if not median:
            continue
        ratio = np.log10(values.where(values > 0) / median)
        off = rows[ratio.abs() >= mapping.magnitude - ROUNDING]
        if len(off):
            first = off.iloc[0]
            times = 10 ** abs(round(float(ratio[off.index[0]])))
            _warn(
                log,
                first,
                first["_column"],
                first["value"],
                f"{metric_id} {first['period']}: {first['value']:g} is about {times:,.0f} times "
                f"{'more' if ratio[off.index[0]] > 0 else 'less'} than its history (median "
                f"{median:g}); {len(off):,} values like this. Is the scale right (a percentage "
                "stored as a fraction)?",
            )
        own_targets = targets[(targets["metric_id"] == metric_id) & (targets["target"] > 0)]
        for rec in own_targets.to_dict("records"):
            if abs(math.log10(rec["target"] / median)) >= mapping.magnitude:
                log.warn(
                    mapping.file,
                    None,
                    "target",
                    rec["target"],
                    f"{metric_id} target {rec['target']:g} for "
                    f"{rec['period'] or rec['financial_year']} is orders of magnitude from its "
                    f"values (median {median:g})",
                )


def _words(returns: pd.DataFrame, mapping: Mapping, log: ProblemLog) -> None:
    for rec in returns[returns["commentary"].notna()].to_dict("records"):
        words = len(str(rec["commentary"]).split())
        if words > mapping.commentary_words:
            _warn(
                log,
                rec,
                "commentary",
                rec["commentary"],
                f"commentary for {rec['metric_id']} {rec['period']} has {words} words, over the "
                f"budget of {mapping.commentary_words} (checks: commentary_words)",
            )


def _quiet(returns: pd.DataFrame, mapping: Mapping, log: ProblemLog) -> None:
    if returns.empty:
        return
    periods = returns["period"].map(parse_period)
    frame = returns.assign(_p=periods, _freq=periods.map(lambda p: p.frequency.value))
    for _freq, rows in frame.groupby("_freq"):
        latest = max(rows["_p"])
        for metric_id, own in rows.groupby("metric_id"):
            last = max(own["_p"])
            gap = (latest.ordinal - last.ordinal) // last.frequency.months
            if gap >= mapping.quiet_periods:
                rec = own[own["_p"] == last].iloc[0]
                _warn(
                    log,
                    rec,
                    rec["_column"],
                    rec["period"],
                    f"no data for {metric_id} after {last} although the source runs to {latest} "
                    f"({gap} periods)",
                )
