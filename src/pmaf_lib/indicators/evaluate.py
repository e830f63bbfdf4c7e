"""The engine's entry point: ``evaluate(council, period) -> Evaluation``.

Every metric is judged on its **current period**: the latest period of its own frequency that
ended on or before the report month. When that period lies in an earlier financial year (a
quarterly metric in April or May) the status is ``not due`` and the period's value is shown
for context. An annual metric is judged on the year just ended, or on the year before while
that is not yet published. Everything is computed group-wise over the whole long
frame of returns; returns for periods ending after the report month are ignored, so a past
month can be re-run exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pmaf_lib.indicators import quality
from pmaf_lib.indicators.benchmark import benchmark
from pmaf_lib.indicators.bounds import clip_to, unit_bounds
from pmaf_lib.indicators.calendar import (
    fy_month_index,
    fy_of,
    latest_ended,
    ordinal_of,
    period_ids,
    year_end_period,
)
from pmaf_lib.indicators.direction import direction
from pmaf_lib.indicators.directions import directions_assurance
from pmaf_lib.indicators.evaluation import Evaluation
from pmaf_lib.indicators.exceptions import (
    is_success,
    reason_matrix,
    reason_text,
    reasons_of,
    tier,
)
from pmaf_lib.indicators.forecast import forecast
from pmaf_lib.indicators.headline import (
    add_headlines,
    in_period_frame,
    lookup,
    metric_attributes,
    row_positions,
)
from pmaf_lib.indicators.in_period import in_period_targets
from pmaf_lib.indicators.labels import SpcMode, YtdKind
from pmaf_lib.indicators.milestones import milestone_status
from pmaf_lib.indicators.rag import judge
from pmaf_lib.indicators.targets import annual_targets, profile_share, resolve
from pmaf_lib.indicators.trajectory import history_trajectory, scorecard_trajectory
from pmaf_lib.indicators.trend import trend
from pmaf_lib.indicators.variation import SpcSettings, charted_value, spc
from pmaf_lib.periods import Frequency, Period, parse_period
from pmaf_lib.plan.loader import RECOVERY_FIELDS

HISTORY_COLUMNS = (
    "metric_id",
    "period",
    "period_start",
    "value",
    "target",
    "rag",
    "mean",
    "lpl",
    "upl",
    "rebase_group",
    "special_cause_type",
    "point_type",
    "spc_value",
    "spc_target",
    "lpl_shown",
    "upl_shown",
    "median",
    "trajectory",
    "spc_trajectory",
)


def _keys(ids: np.ndarray, ordinal: np.ndarray, k: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"metric_id": ids, "ordinal": ordinal, "k": k})


def _ytd_targets(
    series: pd.DataFrame,
    history_targets: pd.DataFrame,
    metrics: pd.DataFrame,
    targets: pd.DataFrame,
    current: pd.DataFrame,
    current_targets: pd.DataFrame,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Target and tolerance for the financial-year-to-date figure.

    ``ytd``: the current target. ``rolling12``: the annual target resolved as if the metric
    were ``ytd`` (profiled where it adds up). ``snapshot``: the mean of the period targets over
    the year's reported periods, with the current tolerance.
    """
    ids = current.index.to_numpy()
    cur = current["ordinal"].to_numpy()
    as_ytd = metrics.assign(
        aggregation="ytd",
        target_basis=np.where(metrics["target_basis"] == "none", "none", "annual"),
    )
    rolling = resolve(_keys(ids, cur, current["k"].to_numpy()), as_ytd, targets)
    in_year = (
        (series["fy"].to_numpy() == series["metric_id"].map(pd.Series(fy_of(cur), ids)).to_numpy())
        & (series["ordinal"].to_numpy() <= series["metric_id"].map(current["ordinal"]).to_numpy())
        & series["headline"].notna().to_numpy()
    )
    mean_target = (
        (history_targets["target"][in_year].groupby(series["metric_id"][in_year]).mean())
        .reindex(ids)
        .to_numpy()
    )
    aggregation = current["aggregation"].to_numpy()
    target = np.select(
        [aggregation == "ytd", aggregation == "rolling12"],
        [current_targets["target"].to_numpy(), rolling["target"].to_numpy()],
        mean_target,
    )
    tolerance = np.where(
        aggregation == "rolling12", rolling["tolerance"], current_targets["tolerance"]
    )
    tolerance_type = np.where(
        aggregation == "rolling12", rolling["tolerance_type"], current_targets["tolerance_type"]
    )
    return target, tolerance, tolerance_type


def _flag(values: np.ndarray) -> np.ndarray:
    """A return's boolean flag, with blanks (None or NaN) read as not set."""
    return pd.Series(values, dtype=object).fillna(False).astype(bool).to_numpy()


def _directions_table(
    council: Any, scorecard: pd.DataFrame, milestones: pd.DataFrame
) -> pd.DataFrame:
    reference = getattr(getattr(council, "reference", None), "directions", None)
    if reference:
        return pd.DataFrame(
            {
                "direction_id": [d.id for d in reference],
                "title": [getattr(d, "title", None) for d in reference],
            }
        )
    tagged = pd.concat([scorecard["directions"], milestones["directions"]]).explode().dropna()
    ids = sorted(set(tagged))
    return pd.DataFrame({"direction_id": ids, "title": [None] * len(ids)})


def _current_periods(
    series: pd.DataFrame, ids: np.ndarray, report_ordinal: int, k: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each metric's current period (first-month ordinal) and whether it is due.

    The latest period of the metric's frequency ended by the report month, due when it lies in
    the report month's financial year. An annual metric is always due: it is judged on the
    year just ended or, while that year is not yet published, on the year before.
    """
    cur = latest_ended(report_ordinal, k)
    annual = k == 12
    unpublished = np.isnan(lookup(series, ids, cur, "headline"))
    earlier = ~np.isnan(lookup(series, ids, cur - 12, "headline"))
    cur = np.where(annual & unpublished & earlier, cur - 12, cur)
    report_fy = fy_of(np.array([report_ordinal]))[0]
    return cur, annual | (fy_of(cur) == report_fy)


def ytd_kind(current: pd.DataFrame) -> np.ndarray:
    """What each metric's year-to-date figure is (:class:`~.labels.YtdKind`)."""
    k = current["k"].to_numpy()
    snapshot = current["aggregation"].to_numpy() == "snapshot"
    ratio = current["is_ratio"].to_numpy(dtype=bool)
    kind = np.select(
        [k == 12, ratio, snapshot & (k == 3), snapshot],
        [YtdKind.YEAR, YtdKind.RATE, YtdKind.AVERAGE_OF_QUARTERS, YtdKind.AVERAGE_OF_MONTHS],
        YtdKind.TOTAL,
    )
    return kind.astype(object)


def _period_of(starts: pd.Series, k: np.ndarray) -> np.ndarray:
    """Period id of each first-month date (None for NaT)."""
    known = starts.notna().to_numpy()
    out = np.full(len(starts), None, dtype=object)
    if known.any():
        ordinal = ordinal_of(starts[known])
        out[known] = period_ids(ordinal, k[known])
    return out


def evaluate(
    council: Any, period: object, auto_rebase: bool = False, *, judgements_only: bool = False
) -> Evaluation:
    """Evaluate every metric, milestone and Direction of ``council`` for report month ``period``.

    ``auto_rebase`` applies the SPC rebases pmaf suggests (see :mod:`.variation`; off by
    default, as Making Data Count advises). ``judgements_only`` stops once what the Directions'
    judgement reads is known: the scorecard then holds the register columns with
    ``current_period, value, target, rag`` and the ``spc_*`` columns, the history is empty, and
    milestones and Directions are complete.
    """
    report = parse_period(period)
    if report.frequency is not Frequency.MONTHLY:
        raise ValueError(f"the report period must be a month, not {report}")
    report_ordinal, report_fy = report.ordinal, report.fy_start_year
    metrics = council.metrics.reset_index(drop=True)
    current = metric_attributes(metrics)
    for column in ("polarity", "unit", "decimals"):
        current[column] = metrics[column].to_numpy()
    ids = current.index.to_numpy()
    k = current["k"].to_numpy()
    polarity = current["polarity"].to_numpy(dtype=object)
    unit = current["unit"].to_numpy(dtype=object)
    decimals = current["decimals"].to_numpy(dtype=float)

    series = in_period_frame(council.values, metrics)
    series = series[series["ordinal"] + series["k"] - 1 <= report_ordinal]
    series = add_headlines(series.reset_index(drop=True))
    series["charted"] = charted_value(series)

    cur, due = _current_periods(series, ids, report_ordinal, k)
    current["ordinal"] = cur
    value = lookup(series, ids, cur, "headline")
    current["value"] = value
    current["additive"] = ~current["is_ratio"].to_numpy() | current["stock"].to_numpy()

    # targets and the current period's RAG
    history_targets = resolve(series[["metric_id", "ordinal", "k"]], metrics, council.targets)
    current_targets = resolve(_keys(ids, cur, k), metrics, council.targets)
    last_year_value = lookup(series, ids, cur - 12, "headline")
    current_rag, amber, shown_target = judge(
        value, current_targets, polarity, unit, decimals, due, last_year_value
    )

    # SPC on the analysed series, against the in-period target drawn for its latest point (a
    # running total's in-period values have no target of their own)
    keys = series[["metric_id", "ordinal", "k"]]
    running = series["aggregation"].to_numpy() == "running_total"
    series["spc_target"] = np.where(
        running,
        np.nan,
        in_period_targets(keys, history_targets["target"].to_numpy(), metrics, council.targets),
    )
    analysed = series[~np.isnan(series["charted"].to_numpy(dtype=float))]
    latest = analysed.groupby("metric_id").tail(1).set_index("metric_id")["spc_target"]
    points, spc_metric = spc(
        series,
        current["polarity"],
        latest.reindex(current.index),
        current["k"],
        SpcSettings.from_frame(getattr(council, "spc", None)),
        auto_rebase,
    )
    series["lpl"] = points["lpl"].to_numpy()
    series["upl"] = points["upl"].to_numpy()

    if judgements_only:
        card = metrics.copy()
        card["current_period"] = period_ids(cur, k)
        card["value"] = value
        card["target"] = shown_target
        card["rag"] = current_rag
        for column in spc_metric.columns:
            card[column] = spc_metric[column].to_numpy()
        return _with_milestones_and_directions(
            council, report, card, pd.DataFrame(columns=list(HISTORY_COLUMNS))
        )

    # year-end targets and each history period's RAG
    year_end = year_end_period(np.full(len(ids), report_fy), k)
    end_targets = resolve(_keys(ids, year_end, k), metrics, council.targets)
    history_polarity = series["metric_id"].map(current["polarity"]).to_numpy(dtype=object)
    history_decimals = series["metric_id"].map(current["decimals"]).to_numpy(dtype=float)
    history_rag, _, history_target = judge(
        series["headline"].to_numpy(),
        history_targets,
        history_polarity,
        series["metric_id"].map(current["unit"]).to_numpy(dtype=object),
        history_decimals,
        year_earlier=lookup(
            series, series["metric_id"].to_numpy(), series["ordinal"].to_numpy() - 12, "headline"
        ),
    )

    # year to date
    ytd_value = lookup(series, ids, cur, "fytd")
    ytd_target, ytd_tolerance, ytd_tolerance_type = _ytd_targets(
        series, history_targets, metrics, council.targets, current, current_targets
    )
    ytd_targets = current_targets.assign(
        target=ytd_target, tolerance=ytd_tolerance, tolerance_type=ytd_tolerance_type
    )
    ytd_rag, _, ytd_target = judge(
        ytd_value,
        ytd_targets,
        polarity,
        unit,
        decimals,
        due,
        lookup(series, ids, cur - 12, "fytd"),
    )

    # forecast
    annual = annual_targets(council.targets, metrics)
    annual = annual[annual["fy"] == report_fy].set_index("metric_id").reindex(ids)
    current["share"] = profile_share(annual, fy_month_index(cur + k - 1))
    outturn = forecast(series, current, report_fy)
    bounds = unit_bounds(series, metrics)
    for column in ("forecast", "forecast_low", "forecast_high"):
        outturn[column] = clip_to(outturn[column].to_numpy(dtype=float), ids, bounds)

    def against_year_end(values: np.ndarray) -> np.ndarray:
        return judge(values, end_targets, polarity, unit, decimals)[0]

    forecast_rag = against_year_end(outturn["forecast"].to_numpy(dtype=float))
    best_end = np.where(polarity == "lower", outturn["forecast_low"], outturn["forecast_high"])
    forecast_best_rag = against_year_end(best_end.astype(float))

    # direction of travel: an additive ytd headline always grows within the year, so against
    # the previous period it is the in-period values that are compared
    in_period = current["additive"].to_numpy() & np.isin(
        current["aggregation"].to_numpy(), ["ytd", "running_total"]
    )
    period_value = lookup(series, ids, cur, "value")
    previous_value = lookup(series, ids, cur - k, "headline")
    previous_value = np.where(in_period, lookup(series, ids, cur - k, "value"), previous_value)
    compared_now = np.where(in_period, period_value, value)

    # data quality on the current period's return
    position = row_positions(series, ids, cur)
    found = position >= 0
    take = np.maximum(position, 0)

    def at_current(column: str, fill: object) -> np.ndarray:
        if column not in series.columns or series.empty:
            return np.full(len(ids), fill, dtype=object)
        # take the current rows first: converting a whole date column to objects is slow
        return np.where(found, series[column].iloc[take].to_numpy(dtype=object), fill)

    charted = lookup(series, ids, cur, "charted")
    flags = {
        "missing": due & np.isnan(value),
        "late": found & quality.late(pd.Series(at_current("submitted_on", pd.NaT)), cur, k),
        "estimated": _flag(at_current("estimated", False)),
        "provisional": _flag(at_current("provisional", False)),
        "revised": _flag(at_current("revised", False)),
        "gap": quality.gaps(series, current),
        "outlier": (spc_metric["spc_mode"].to_numpy(dtype=object) != SpcMode.NOT_MEANINGFUL)
        & quality.outlier(
            charted,
            lookup(series, ids, cur, "lpl"),
            lookup(series, ids, cur, "upl"),
            period_value,
            lookup(series, ids, cur - k, "value"),
        ),
    }

    card = metrics.copy()
    card["current_period"] = period_ids(cur, k)
    card["value"] = value
    card["period_value"] = period_value
    card["target"] = shown_target
    for column in ("target_direction", "target_low", "target_high"):
        card[column] = current_targets[column.replace("target_direction", "direction")].to_numpy()
    card["amber_limit"] = amber
    card["rag"] = current_rag
    card["previous_period"] = period_ids(cur - k, k)
    card["previous_value"] = previous_value
    travel_polarity = np.where(polarity == "band", "none", polarity)
    card["dot_previous"] = direction(compared_now, previous_value, travel_polarity, unit, decimals)
    card["travel_value"] = compared_now
    card["travel_in_period"] = in_period
    card["last_year_period"] = period_ids(cur - 12, k)
    card["last_year_value"] = last_year_value
    card["dot_last_year"] = direction(value, last_year_value, travel_polarity, unit, decimals)
    card["ytd_value"] = ytd_value
    card["ytd_target"] = ytd_target
    card["ytd_rag"] = ytd_rag
    card["ytd_kind"] = ytd_kind(current)
    for column in ("forecast", "forecast_low", "forecast_high"):
        card[column] = outturn[column].to_numpy(dtype=float)
    card["forecast_target"] = end_targets["target"].to_numpy()
    card["forecast_rag"] = forecast_rag
    card["forecast_method"] = outturn["forecast_method"].to_numpy(dtype=object)
    for column in spc_metric.columns:
        card[column] = spc_metric[column].to_numpy()
    card["spc_target"] = latest.reindex(current.index).to_numpy(dtype=float)
    card["spc_rebase_suggested"] = _period_of(spc_metric["spc_rebase_suggested"], k)
    trends = trend(series, current, "charted")
    for column in trends.columns:
        card[column] = trends[column].to_numpy()
    judged_end = pd.Series(cur + k - 1, index=ids)  # benchmarks never from after the judged period
    band_middle = (current_targets["target_low"] + current_targets["target_high"]) / 2
    benchmarks = benchmark(
        getattr(council, "benchmarks", None),
        metrics,
        judged_end,
        pd.Series(band_middle.to_numpy(), index=ids),
    )
    for column in benchmarks.columns:
        card[column] = benchmarks[column].to_numpy()
    card["dq_flags"] = quality.flag_tuples(flags)
    for column, values in quality.mark(flags, metrics).items():
        card[column] = values
    card["commentary"] = at_current("commentary", None)
    card["action"] = at_current("action", None)
    for column in RECOVERY_FIELDS:
        card[column] = at_current(column, None)
    card["forecast_best_rag"] = forecast_best_rag
    trajectories = getattr(council, "trajectories", None)
    for column, values in scorecard_trajectory(card, trajectories).items():
        card[column] = values
    reasons = reason_matrix(
        current_rag,
        card["spc_point_type"],
        card["spc_assurance"],
        card["spc_mode"],
        forecast_best_rag,
    )
    card["exception_reasons"] = reasons_of(reasons)
    card["exception_tier"] = tier(reasons)
    card["exception_text"] = reason_text(reasons)
    card["is_exception"] = reasons.any(axis=1)
    card["is_success"] = is_success(
        current_rag, card["spc_point_type"], card["spc_assurance"], card["spc_mode"], reasons
    )

    history = pd.DataFrame(
        {
            "metric_id": series["metric_id"].to_numpy(),
            "period": period_ids(series["ordinal"].to_numpy(), series["k"].to_numpy()),
            "period_start": pd.to_datetime(series["period_start"]).to_numpy(),
            "value": series["headline"].to_numpy(),
            "target": history_target,
            "rag": history_rag,
        }
    )
    for column in ("mean", "lpl", "upl", "rebase_group", "special_cause_type", "point_type"):
        history[column] = points[column].to_numpy()
    history["spc_value"] = series["charted"].to_numpy()
    history["spc_target"] = series["spc_target"].to_numpy()
    history["median"] = points["median"].to_numpy()
    for column in ("lpl", "upl"):
        history[f"{column}_shown"] = clip_to(points[column].to_numpy(), series["metric_id"], bounds)
    planned = history_trajectory(history, trajectories, current["aggregation"])
    history[["trajectory", "spc_trajectory"]] = planned

    return _with_milestones_and_directions(council, report, card, history[list(HISTORY_COLUMNS)])


def _with_milestones_and_directions(
    council: Any, report: Period, card: pd.DataFrame, history: pd.DataFrame
) -> Evaluation:
    """The evaluation: ``card`` and ``history`` with every milestone's status and every
    Direction's judgement as at the report month."""
    milestones = milestone_status(council.milestones, council.milestone_updates, report.ordinal)
    directions = directions_assurance(
        card,
        milestones,
        _directions_table(council, card, milestones),
        getattr(council, "assurance_overrides", None),
        str(report),
    )
    return Evaluation(
        period=str(report),
        financial_year=report.fy_label,
        scorecard=card,
        history=history,
        milestones=milestones,
        directions=directions,
    )
