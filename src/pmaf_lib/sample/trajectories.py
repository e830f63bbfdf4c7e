"""Recovery trajectories (``trajectories.csv``) for a few of the sample's off-track metrics.

A service that is Red in the latest month with a recovery action plans its way back: from the
figure three months earlier, in equal steps, to the target by the month it says it will be
back on track (six months on where it gave no date). One metric per directorate, monthly
snapshot metrics only, so the plan is on the basis the SPC chart plots.
"""

from __future__ import annotations

import math

from pmaf_lib.periods import Period, parse_period
from pmaf_lib.sample.catalogue import MetricSpec
from pmaf_lib.sample.returns import ReturnRow, target_for
from pmaf_lib.sample.targets import TargetRow
from pmaf_lib.sample.timeline import AS_AT

COLUMNS = ["metric_id", "period", "planned", "note"]
LEAD_IN = 3  # months before the latest the plan starts
DEFAULT_MONTHS = 6


def _end(row: ReturnRow) -> Period:
    """The month the service says it is back on track (a month label), else six months on."""
    given = row.recovery.back_on_track_by
    return parse_period(given) if given else AS_AT.shift(DEFAULT_MONTHS)


def trajectory_rows(
    specs: list[MetricSpec], returns: list[ReturnRow], targets: dict[str, list[TargetRow]]
) -> list[list[str]]:
    """The rows of ``trajectories.csv``."""
    by_key = {(r.metric_id, r.period): r for r in returns}
    chosen: dict[str, MetricSpec] = {}
    for spec in specs:
        latest = by_key.get((spec.id, AS_AT))
        start = by_key.get((spec.id, AS_AT.shift(-LEAD_IN)))
        usable = (
            spec.frequency == "monthly"
            and spec.aggregation == "snapshot"
            and spec.polarity in ("higher", "lower")
            and latest is not None
            and latest.action
            and start is not None
            and not math.isnan(start.value)
        )
        if usable and spec.directorate not in chosen:
            chosen[spec.directorate] = spec
    rows = []
    for spec in sorted(chosen.values(), key=lambda s: s.id):
        latest = by_key[(spec.id, AS_AT)]
        target = target_for(spec, targets[spec.id], AS_AT)
        if target is None:
            continue
        first, end = AS_AT.shift(-LEAD_IN), _end(latest)
        steps = end.ordinal - first.ordinal
        begin = by_key[(spec.id, first)].value
        for n in range(steps + 1):
            planned = begin + (target - begin) * n / steps
            note = "recovery plan agreed at DMT" if n == 0 else ""
            rows.append([spec.id, str(first.shift(n)), f"{planned:.{spec.decimals}f}", note])
    return rows
