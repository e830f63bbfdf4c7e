"""What an exception's reader needs beyond the figures: the judged figure against its recovery
trajectory, in the metric's unit and on the same basis."""

from __future__ import annotations

from typing import Any

from pmaf_lib.indicators.labels import TrajectoryStanding
from pmaf_lib.report.formatting import format_value, short_period_label
from pmaf_lib.report.sections.metric_facts import Row, fmt, headline_kind
from pmaf_lib.report.signals import is_blank, member, text_of

_STANDING_WORDS = {
    TrajectoryStanding.AHEAD: "ahead of the recovery plan",
    TrajectoryStanding.BEHIND: "behind the recovery plan",
    TrajectoryStanding.ABOVE: "above the recovery plan",
    TrajectoryStanding.BELOW: "below the recovery plan",
}


def difference(row: Row, gap: Any) -> str:
    """The size of a difference in the metric's unit: ``2.6 percentage points``, ``3 days``."""
    size = abs(float(gap))
    if text_of(row.get("unit")).lower() == "percent":
        text = format_value(size, "number", row.get("decimals"))
        return f"{text} percentage point{'' if text == '1' else 's'}"
    return format_value(size, row.get("unit"), row.get("decimals"), row.get("rate_per"))


def trajectory(row: Row) -> str:
    """``Planned 76.0% in Oct 2026, actual 73.4%: 2.6 percentage points behind the recovery
    plan; the plan reaches 81.0% by Mar 2027.`` (empty when the metric has no trajectory)."""
    end_period = text_of(row.get("trajectory_end_period"))
    if not end_period:
        return ""
    when = short_period_label(row.get("current_period"))
    kind = headline_kind(row)
    planned = row.get("trajectory_planned")
    if is_blank(planned):
        text = f"No planned value for {when}"
    else:
        actual = fmt(row, row.get("value")) + (f" ({kind})" if kind else "")
        text = f"Planned {fmt(row, planned)} in {when}, actual {actual}"
        standing = member(row.get("trajectory_standing"), TrajectoryStanding)
        if standing is TrajectoryStanding.ON_PLAN:
            text += ": on the recovery plan"
        elif standing is not None:
            gap = difference(row, row.get("trajectory_gap"))
            text += f": {gap} {_STANDING_WORDS[standing]}"
    if end_period != text_of(row.get("current_period")):
        text += (
            f"; the plan reaches {fmt(row, row.get('trajectory_end'))} "
            f"by {short_period_label(end_period)}"
        )
    return text + "."
