"""Monthly data returns: one row a metric a period, with the data-quality texture of real
returns (missing, late, estimated, provisional and revised figures) and commentary."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import numpy as np

from pmaf_lib.periods import Period
from pmaf_lib.sample.catalogue import MetricSpec, stable_int
from pmaf_lib.sample.commentary import (
    HOSTILE,
    LONG_PARAGRAPH,
    action_text,
    cause_text,
    impact_text,
    metric_commentary,
)
from pmaf_lib.sample.headline import headlines, rag
from pmaf_lib.sample.series import Series
from pmaf_lib.sample.targets import TargetRow, profile_fraction
from pmaf_lib.sample.timeline import AS_AT, working_day

DEADLINE_WORKING_DAY = 10
GAP_CHANCE = 0.01
LATE_CHANCE = 0.05
COMMENT_CHANCE = {"Red": 0.7, "Amber": 0.4, "Green": 0.15, "": 0.12}


@dataclass(frozen=True)
class Recovery:
    """What the board needs about an off-track figure (blank where the service gave none)."""

    impact: str = ""
    cause: str = ""
    action_owner: str = ""
    action_due: str = ""
    back_on_track_by: str = ""

    def cells(self) -> list[str]:
        """In the order of ``plan.submissions.RECOVERY_COLUMNS``."""
        return [self.impact, self.cause, self.action_owner, self.action_due, self.back_on_track_by]


# how often a service fills each recovery column: most off-track returns say so what and why;
# most actions have a due date, fewer a date the figure is back on track
RECOVERY_CHANCE = {"impact": 0.85, "cause": 0.85, "action_due": 0.95, "back_on_track_by": 0.7}


def recovery(
    status: str, action: str, period: Period, owner: str, rng: np.random.Generator
) -> Recovery:
    """The recovery columns of a return whose headline is ``status`` (Red: usually filled;
    Amber: now and then; otherwise blank)."""
    share = {"Red": 1.0, "Amber": 0.4}.get(status, 0.0)
    draws = {name: rng.random() < chance * share for name, chance in RECOVERY_CHANCE.items()}
    due = period.last_month.shift(int(rng.integers(1, 4)))
    back = period.last_month.shift(int(rng.integers(3, 10)))
    return Recovery(
        impact_text(rng) if draws["impact"] else "",
        cause_text(rng) if draws["cause"] else "",
        owner if action else "",
        due.label if action and draws["action_due"] else "",
        back.label if action and draws["back_on_track_by"] else "",
    )


@dataclass(frozen=True)
class ReturnRow:
    metric_id: str
    period: Period
    value: float
    numerator: float | None
    denominator: float | None
    flags: str
    commentary: str
    action: str
    submitted_by: str
    submitted_on: dt.date
    recovery: Recovery = field(default_factory=lambda: Recovery())

    @property
    def file_month(self) -> Period:
        """The monthly return the figure belongs to: the month its period ends."""
        return self.period.last_month


def target_for(spec: MetricSpec, targets: list[TargetRow], period: Period) -> float | None:
    """The target of ``period``'s headline value (period row, else the year's row, profiled)."""
    exact = [t.target for t in targets if t.period == str(period)]
    if exact:
        return exact[0]
    year = [t.target for t in targets if t.financial_year == period.fy_label and not t.period]
    return year[0] * profile_fraction(spec, period) if year else None


def _flags(is_latest: bool, rng: np.random.Generator) -> str:
    flags = []
    if rng.random() < 0.03:
        flags.append("estimated")
    if rng.random() < (0.15 if is_latest else 0.01):
        flags.append("provisional")
    if not is_latest and rng.random() < 0.02:
        flags.append("revised")
    return ";".join(flags)


def _submitted_on(period: Period, rng: np.random.Generator) -> dt.date:
    """A date in the month after the period: by the 10th working day, or late."""
    late = rng.random() < LATE_CHANCE
    day = int(rng.integers(11, 19)) if late else int(rng.integers(2, DEADLINE_WORKING_DAY + 1))
    return working_day(period.last_month.shift(1), day)


def build_returns(
    spec: MetricSpec,
    series: Series,
    targets: list[TargetRow],
    submitter: tuple[str, str],
    seed: int,
) -> list[ReturnRow]:
    """The metric's return rows; ``submitter`` is the owner's (id, name)."""
    rng = np.random.default_rng([seed, stable_int("returns", spec.id)])
    # a stream of its own, so the recovery columns leave every other column as it was
    recovery_rng = np.random.default_rng([seed, stable_int("recovery", spec.id)])
    heads = headlines(spec, series)
    rows: list[ReturnRow] = []
    last = len(series.periods) - 1
    rolling = spec.aggregation == "rolling12"
    for i, period in enumerate(series.periods):
        is_latest = i == last
        if rng.random() < GAP_CHANCE and not (is_latest or spec.design or rolling):
            continue  # never submitted (rolling 12-month sums need every month, so no gaps)
        value = float(series.value[i])
        target = target_for(spec, targets, period)
        status = ""
        if target is not None and not math.isnan(heads[i]):
            status = rag(heads[i], target, spec.tolerance, spec.tolerance_type, spec.polarity)
        chance = COMMENT_CHANCE[status] * (1.5 if is_latest else 1.0)
        commentary = ""
        action = ""
        if math.isnan(value):
            commentary = "Figure not available: the system upgrade delayed this month's extract."
        elif rng.random() < chance:
            tone = {"Green": "good", "": "context"}.get(status, "bad")
            commentary = metric_commentary(tone, rng)
        if status == "Red" and rng.random() < 0.8:
            action = action_text(rng)
        submitted_on = _submitted_on(period, rng)
        rows.append(
            ReturnRow(
                spec.id,
                period,
                value,
                None if series.numerator is None else float(series.numerator[i]),
                None if series.denominator is None else float(series.denominator[i]),
                _flags(is_latest, rng),
                commentary,
                action,
                submitter[1] if rng.random() < 0.8 else submitter[0],
                submitted_on,
                recovery(status, action, period, submitter[0], recovery_rng),
            )
        )
    return rows


def add_awkward_commentary(rows: list[ReturnRow], seed: int) -> list[ReturnRow]:
    """Put every hostile text on the latest month's return (red rows first) and a few earlier."""
    rng = np.random.default_rng([seed, stable_int("awkward")])
    out = list(rows)
    latest = sorted(
        (i for i, r in enumerate(out) if r.period == AS_AT),
        key=lambda i: (not out[i].action, out[i].metric_id),
    )
    texts = (*HOSTILE, LONG_PARAGRAPH)
    for text, i in zip(texts, latest, strict=False):
        out[i] = replace(out[i], commentary=text)
    earlier = [i for i, r in enumerate(out) if r.period.last_month < AS_AT]
    for i in rng.choice(earlier, size=min(len(earlier), 3 * len(texts)), replace=False):
        out[int(i)] = replace(out[int(i)], commentary=texts[int(rng.integers(0, len(texts)))])
    return out
