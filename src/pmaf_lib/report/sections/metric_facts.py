"""Sentences and badges about one scorecard row, shared by exceptions and scorecards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from pmaf_lib.indicators.labels import EXCEPTION_REASON_WORDS, ExceptionReason, SpcMode
from pmaf_lib.report.charts.sparkline import sparkline
from pmaf_lib.report.formatting import format_metric_value, period_label, short_period_label
from pmaf_lib.report.html import (
    BadgeStyle,
    Html,
    assurance_badge,
    badge,
    join,
    rag_badge,
    travel_badge,
    variation_badge,
)
from pmaf_lib.report.signals import (
    as_tuple,
    assurance_key,
    is_blank,
    member,
    text_of,
    travel_key,
)
from pmaf_lib.report.spc_series import analysed_values, spc_reading

Row = Mapping[str, Any]
SPARK_POINTS = 13

POLARITY_WORDS = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "band": "Best inside the target band",
    "none": "No polarity (context measure)",
}


def fmt(row: Row, value: Any) -> str:
    """A value in the row's unit."""
    return format_metric_value(row, value)


def metric_name(row: Row) -> str:
    """``CLM01 Days to process new claims``."""
    return " ".join(p for p in (text_of(row.get("metric_id")), text_of(row.get("title"))) if p)


def value_against_target(
    row: Row, value_key: str, target_key: str, period: str = "", kind: str | None = None
) -> str:
    """``21.4 days in Sep 2025 against a target of 20 days``; ``kind`` says what the figure
    is (``644 (total to date) in Oct 2026 ...``), by default the headline's own kind for the
    ``value`` column; parts omitted when blank."""
    if kind is None:
        kind = headline_kind(row) if value_key == "value" else ""
    text = fmt(row, row.get(value_key))
    if kind:
        text += f" ({kind})"
    if period:
        text += f" in {period}"
    return text + target_words(row, target_key)


def target_words(row: Row, target_key: str = "target") -> str:
    """`` against a target of 20 days``, `` against a target band of 95-105``, `` against a
    target to increase on 70.2% (the same period last year)``, or ``, no target``."""
    target = row.get(target_key)
    low, high = row.get("target_low"), row.get("target_high")
    if target_key == "target" and not (is_blank(low) or is_blank(high)):
        return f" against a target band of {fmt(row, low)} to {fmt(row, high)}"
    way = text_of(row.get("target_direction"))
    if target_key == "target" and way:
        if is_blank(target):
            return f", target: {way} (no value a year earlier to compare)"
        return f" against a target to {way} on {fmt(row, target)} (the same period last year)"
    return f" against a target of {fmt(row, target)}" if not is_blank(target) else ", no target"


def headline_kind(row: Row) -> str:
    """What the headline figure is when it is not the period's own value: the year-to-date
    kind of a ``ytd`` metric (``total to date``), ``12 months to date`` for ``rolling12``."""
    aggregation = text_of(row.get("aggregation")).lower()
    if aggregation == "ytd":
        return text_of(row.get("ytd_kind")) or "year to date"
    return "12 months to date" if aggregation == "rolling12" else ""


def latest(row: Row) -> Html:
    """Latest value vs target with its RAG badge."""
    period = period_label(row.get("current_period"))
    text = value_against_target(row, "value", "target", period)
    return join([text, " ", rag_badge(row.get("rag"))])


def year_to_date(row: Row) -> Html:
    """Year-to-date value (and what kind of figure it is) vs target with its RAG badge."""
    if is_blank(row.get("ytd_value")):
        return Html("No year-to-date figure.")
    kind = text_of(row.get("ytd_kind"))
    text = value_against_target(row, "ytd_value", "ytd_target", kind=kind)
    return join([text, " ", rag_badge(row.get("ytd_rag"))])


def forecast(row: Row) -> Html:
    """Year-end forecast (with its range and method) vs target, with its RAG badge."""
    if is_blank(row.get("forecast")):
        return Html("No year-end forecast.")
    text = value_against_target(row, "forecast", "forecast_target")
    low, high = row.get("forecast_low"), row.get("forecast_high")
    if not (is_blank(low) or is_blank(high)):
        text += f" (likely range {fmt(row, low)} to {fmt(row, high)})"
    if text_of(row.get("forecast_method")):
        text += f"; method: {text_of(row.get('forecast_method'))}"
    return join([text, " ", rag_badge(row.get("forecast_rag"))])


def _basis(row: Row, in_period: bool) -> str:
    """What a direction-of-travel comparison compares: ``in-month``, ``year to date`` ..."""
    aggregation = text_of(row.get("aggregation")).lower()
    if in_period:
        return analysed_values(row).removesuffix(" values")
    return {"ytd": "year to date", "rolling12": "12 months to date"}.get(aggregation, "")


def _comparison(
    row: Row, word: Any, now: Any, earlier: Any, earlier_period: Any, in_period: bool
) -> str:
    """``: 92 in Oct 2026 against 107 in Sep 2026 (in-month)`` -- both figures, one basis."""
    if is_blank(now) or is_blank(earlier):
        return ""
    shown_now, shown_earlier = fmt(row, now), fmt(row, earlier)
    text = (
        f": {shown_now} in {short_period_label(row.get('current_period'))} against "
        f"{shown_earlier} in {short_period_label(earlier_period)}"
    )
    basis = _basis(row, in_period)
    text = f"{text} ({basis})" if basis else text
    if travel_key(word) == "no change" and shown_now != shown_earlier:
        text += ", a change too small to count"
    return text


def travel(row: Row) -> Html:
    """Direction of travel against the previous period and the same period last year, each
    naming both figures on the same basis (a cumulative metric month on month in-period)."""
    parts = []
    in_period = bool(row.get("travel_in_period")) and not is_blank(row.get("travel_value"))
    now = row.get("travel_value") if in_period else row.get("value")
    if "dot_previous" in row:
        compared = _comparison(
            row,
            row.get("dot_previous"),
            now,
            row.get("previous_value"),
            row.get("previous_period"),
            in_period,
        )
        parts.append(
            join([travel_badge(row.get("dot_previous")), compared or " vs previous period"])
        )
    if "dot_last_year" in row and row.get("last_year_period") != row.get("previous_period"):
        # (an annual metric's previous period is the same period last year)
        compared = _comparison(
            row,
            row.get("dot_last_year"),
            row.get("value"),
            row.get("last_year_value"),
            row.get("last_year_period"),
            False,
        )
        parts.append(
            join([travel_badge(row.get("dot_last_year")), compared or " vs same period last year"])
        )
    return join(parts, "; ") if parts else Html("No comparison.")


_MODE_BADGES = {
    SpcMode.RUN_CHART: BadgeStyle("–", "Run chart", "grey"),
    SpcMode.NOT_MEANINGFUL: BadgeStyle("–", "SPC not meaningful", "grey"),
}


def variation_cell(row: Row) -> Html:
    """The SPC variation badge, or why there is none (run chart, SPC not meaningful); trial
    limits said beside it."""
    reading = spc_reading(row)
    if reading.mode in _MODE_BADGES:
        return badge(_MODE_BADGES[reading.mode])
    trial = " on trial limits" if reading.mode is SpcMode.TRIAL else ""
    return join([variation_badge(row.get("spc_variation")), trial])


def assurance_cell(row: Row) -> Html:
    """The SPC assurance badge, ``provisional`` and where the limits may need recalculating."""
    reading = spc_reading(row)
    parts: list[Any] = [assurance_badge(row.get("spc_assurance"))]
    if reading.provisional and assurance_key(row.get("spc_assurance")) != "none":
        parts.append(" provisional")
    if reading.rebase_from:
        parts.append(f"; limits may need recalculating from {period_label(reading.rebase_from)}")
    return join(parts)


def _quartile(value: Any) -> int | None:
    """The quartile as 1-4 from ``2``, ``2.0`` or ``Q2``; None when blank or unreadable."""
    digits = "".join(ch for ch in text_of(value).split(".")[0] if ch.isdigit())
    return int(digits) if digits else None


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def benchmark(row: Row, group_name: str = "") -> str:
    """``4th quartile (1st = best): ranked 12 of 15 in NN15, 2024/25; median 18.2 days``."""
    quartile = _quartile(row.get("benchmark_quartile"))
    listed = row.get("benchmark_groups")
    groups = [g for g in listed if isinstance(g, dict)] if isinstance(listed, list | tuple) else []
    if quartile is None and not groups:
        return "No benchmark."
    own = text_of(row.get("benchmark_group"))
    parts = []
    if quartile is not None:
        text = f"{_ordinal(quartile)} quartile (1st = best)"
        rank, n = row.get("benchmark_rank"), row.get("benchmark_n")
        if not (is_blank(rank) or is_blank(n)):
            text += f": ranked {int(float(rank))} of {int(float(n))}"
        group = group_name or own
        if group:
            text += f" in {group}"
        if text_of(row.get("benchmark_period")):
            text += f", {period_label(row.get('benchmark_period'))}"
        if not is_blank(row.get("benchmark_median")):
            text += f"; median {fmt(row, row.get('benchmark_median'))}"
        parts.append(text)
    return "; ".join(parts + _other_groups(row, groups, own))


def _other_groups(row: Row, groups: list[dict], own: str) -> list[str]:
    """Every other comparator group's position, the reference values (shown, never ranked)
    and how many comparators published no value."""
    parts = [
        f"{g['group']}: ranked {g['rank']} of {g['n']} ({_ordinal(int(g['quartile']))} "
        f"quartile), {period_label(g['period'])}"
        for g in groups
        if g.get("group") != own and not is_blank(g.get("rank")) and g.get("n")
    ]
    references = {name: value for g in groups for name, value in g.get("references", ())}
    parts += [f"{name} {fmt(row, value)}" for name, value in references.items()]
    blank = sum(int(g.get("blank") or 0) for g in groups)
    if blank:
        parts.append(f"{blank} comparator value{'s' if blank > 1 else ''} not published")
    return parts


def quartile_short(row: Row) -> str:
    """``Q4 (12 of 15)`` for table cells, ``–`` when not benchmarked."""
    quartile = _quartile(row.get("benchmark_quartile"))
    if quartile is None:
        return ""
    text = f"{_ordinal(quartile)} quartile"
    rank, n = row.get("benchmark_rank"), row.get("benchmark_n")
    if not (is_blank(rank) or is_blank(n)):
        text += f" ({int(float(rank))} of {int(float(n))})"
    return text


def data_quality(row: Row) -> str:
    """Data-quality flags in words, e.g. ``provisional, estimated``."""
    flags = as_tuple(row.get("dq_flags"))
    return ", ".join(flags) if flags else "No issues flagged"


def reasons(row: Row) -> list[str]:
    """Why a metric is an exception, in the engine's words for each reason."""
    found = (member(r, ExceptionReason) for r in as_tuple(row.get("exception_reasons")))
    return [EXCEPTION_REASON_WORDS[r] for r in found if r]


def polarity_words(row: Row) -> str:
    return POLARITY_WORDS.get(text_of(row.get("polarity")).lower(), "Not stated")


def metric_sparkline(
    row: Row, history: pd.DataFrame | None, with_limits: bool = False
) -> Html | str:
    """Sparkline of the series SPC analysed (a cumulative metric's in-period values) over its
    last :data:`SPARK_POINTS` periods, with the latest period's target for that series;
    ``""`` without history. ``with_limits`` adds the latest SPC process limits as a band."""
    if history is None or history.empty:
        return ""
    order = "period_start" if "period_start" in history else "period"
    # positions of the latest points in time order (blank periods sort last, as in sort_values)
    recent = history[order].argsort(kind="stable").to_numpy()[-SPARK_POINTS:]

    def column(name: str) -> list[Any]:
        return history[name].to_numpy()[recent].tolist()

    title = text_of(row.get("title")) or text_of(row.get("metric_id"))
    basis = analysed_values(row)
    target = column("spc_target")[-1] if "spc_target" in history else None
    limits = None
    if with_limits and {"lpl", "upl"} <= set(history.columns):
        low, high = column("lpl")[-1], column("upl")[-1]
        if not (is_blank(low) or is_blank(high)):
            limits = (float(low), float(high))
    return sparkline(
        title if basis == "values" else f"{title} ({basis})",
        column("period"),
        column("spc_value"),
        row.get("unit"),
        row.get("decimals"),
        row.get("rate_per"),
        target,
        limits,
    )
