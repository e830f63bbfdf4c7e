"""Targets that change each year, placed so the latest period shows a designed RAG status.

Past years' targets sit a little either side of the year's outturn (so some were met and some
missed); the current year's target is placed against the latest headline value so that Green,
Amber and Red all occur, and for the ``pass``/``fail`` designs well outside the process limits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from pmaf_lib.periods import Period
from pmaf_lib.sample.catalogue import MetricSpec
from pmaf_lib.sample.headline import fy_outturn, headline_at, rag
from pmaf_lib.sample.series import Series
from pmaf_lib.sample.timeline import AS_AT, CURRENT_FY, PLAN_FYS, fy_label

RAG_WEIGHTS = {"Green": 0.5, "Amber": 0.2, "Red": 0.3}
CAPABILITY_SIGMAS = 4.0


@dataclass(frozen=True)
class TargetRow:
    metric_id: str
    financial_year: str
    period: str
    target: float
    tolerance: float
    tolerance_type: str
    profile: str


def _sign(spec: MetricSpec) -> int:
    return 1 if spec.polarity == "higher" else -1


def _round_sig(x: float, significant: int, decimals: int) -> float:
    """``x`` to ``significant`` figures, but never finer than ``decimals`` places."""
    if x == 0 or not math.isfinite(x):
        return x
    magnitude = math.floor(math.log10(abs(x)))
    return round(x, min(significant - 1 - magnitude, decimals))


def _nice_candidates(x: float, decimals: int) -> list[float]:
    """``x`` rounded coarsely first, then more finely (ending at full precision)."""
    out: list[float] = []
    for rounded in (
        _round_sig(x, 2, decimals),
        _round_sig(x, 3, decimals),
        round(x, decimals),
        round(x, decimals + 2),
    ):
        if rounded not in out:
            out.append(rounded)
    return out


def _in_range(spec: MetricSpec, target: float) -> bool:
    if spec.unit == "percent" and target > 100:
        return False
    return target >= 0 or (spec.unit == "gbp" and spec.aggregation == "snapshot")


def _placed(spec: MetricSpec, value: float, status: str, rng: np.random.Generator) -> float:
    """A raw target that gives ``value`` the RAG ``status``."""
    sign, tol = _sign(spec), spec.tolerance
    if spec.tolerance_type == "absolute":
        offset = {
            "Green": -rng.uniform(0.2, 1.0) * tol,
            "Amber": 0.5 * tol,
            "Red": 1.8 * tol + rng.uniform(0, 1) * tol,
        }[status]
        return value + sign * offset
    factor = {
        "Green": 1 + sign * rng.uniform(0.01, 0.05),
        "Amber": 1 - sign * tol / 200,
        "Red": 1 - sign * tol * rng.uniform(1.6, 2.4) / 100,
    }[status]
    return value / factor


def _designed_target(
    spec: MetricSpec, value: float, status: str, scale_to_headline: float, rng: np.random.Generator
) -> float:
    """Round the placed target nicely while keeping the designed status (falls back to Green)."""
    for wanted in (status, "Amber", "Green"):
        raw = _placed(spec, value, wanted, rng) / scale_to_headline
        for candidate in _nice_candidates(raw, spec.decimals):
            if not _in_range(spec, candidate):
                continue
            got = rag(
                value,
                candidate * scale_to_headline,
                spec.tolerance,
                spec.tolerance_type,
                spec.polarity,
            )
            if got == wanted:
                return candidate
    return round(value / scale_to_headline, spec.decimals + 2)


def _capability_target(spec: MetricSpec) -> float:
    """For ``pass``/``fail``: a target about four sigma from the stationary process mean."""
    sigma = spec.level * spec.noise
    sign = _sign(spec) * (1 if spec.design == "pass" else -1)
    raw = spec.level - sign * CAPABILITY_SIGMAS * sigma
    for candidate in _nice_candidates(raw, spec.decimals):
        if abs(candidate - spec.level) >= 3.5 * sigma and _in_range(spec, candidate):
            return candidate
    return round(raw, spec.decimals + 2)


def profile_fraction(spec: MetricSpec, period: Period) -> float:
    """Cumulative share of an annual target due by the end of ``period`` (annual basis only)."""
    if spec.target_basis != "annual" or spec.aggregation != "ytd":
        return 1.0
    index = period.last_month.fy_month_index
    return spec.profile[index - 1] / 100 if spec.profile else index / 12


def _past_target(spec: MetricSpec, outturn: float, rng: np.random.Generator) -> float:
    spread = abs(outturn) * min(0.05, 1.5 * spec.noise)
    if spec.unit == "percent":
        spread = min(spread, max(0.5, (100 - outturn) / 3))
    raw = outturn + _sign(spec) * rng.uniform(-1.0, 1.5) * spread
    if spec.unit == "percent":
        raw = min(raw, outturn + (100 - outturn) / 2)
    return _round_sig(raw, 3, spec.decimals)


def designed_status(spec: MetricSpec, rng: np.random.Generator) -> str:
    """The RAG the current period is designed to show."""
    if spec.design == "pass":
        return "Green"
    if spec.design == "fail":
        return "Red"
    concern = (spec.design == "up") == (spec.polarity == "lower")
    if spec.design in ("up", "down"):
        return "Red" if concern else "Green"
    names = list(RAG_WEIGHTS)
    return str(rng.choice(names, p=list(RAG_WEIGHTS.values())))


def build_targets(spec: MetricSpec, series: Series, rng: np.random.Generator) -> list[TargetRow]:
    """Target rows for every plan year (and per period for ``period_targets`` metrics)."""
    if not spec.has_target:
        return []
    profile = ";".join(f"{p:g}" for p in spec.profile)
    rows: list[TargetRow] = []

    def add(fy: int, period: str, target: float) -> None:
        rows.append(
            TargetRow(
                spec.id, fy_label(fy), period, target, spec.tolerance, spec.tolerance_type, profile
            )
        )

    status = designed_status(spec, rng)
    last = len(series.periods) - 1
    current = series.periods[last]
    latest = headline_at(spec, series, last)
    if math.isnan(latest):
        latest = headline_at(spec, series, last - 1)
    outturns = {fy: fy_outturn(spec, series, fy) for fy in PLAN_FYS}
    for fy in PLAN_FYS:
        if spec.design in ("pass", "fail"):
            target = _capability_target(spec)
        elif fy == CURRENT_FY and current.fy_start_year == CURRENT_FY:
            target = _designed_target(spec, latest, status, profile_fraction(spec, current), rng)
        elif fy == CURRENT_FY:  # annual metric, not due yet: a stretch on last year's outturn
            target = _past_target(spec, outturns[fy - 1] * (1 + 0.05 * _sign(spec)), rng)
        else:
            target = _past_target(spec, outturns[fy], rng)
        add(fy, "", target)
    if spec.period_targets:
        rows.extend(_period_rows(spec, series, latest, status, rng))
    return rows


def _period_rows(
    spec: MetricSpec, series: Series, latest: float, status: str, rng: np.random.Generator
) -> list[TargetRow]:
    """Month-by-month targets following last year's seasonal pattern (current month designed)."""
    by_period = {p: v for p, v in zip(series.periods, series.value, strict=True)}
    rows = []
    for fy in PLAN_FYS:
        for month in Period.financial_year(fy).months():
            if month == AS_AT:
                target = _designed_target(spec, latest, status, 1.0, rng)
            else:
                base = by_period.get(month.same_period_last_year(), by_period.get(month))
                if base is None or math.isnan(base):
                    continue
                target = _past_target(spec, base * (1 + 0.03 * _sign(spec)), rng)
            rows.append(
                TargetRow(
                    spec.id,
                    fy_label(fy),
                    str(month),
                    target,
                    spec.tolerance,
                    spec.tolerance_type,
                    "",
                )
            )
    return rows
