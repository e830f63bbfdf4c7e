"""What a board needs about an exception beyond its figures, from the return's recovery
columns: so what (impact), why (cause), what next (action, owner, date), back on track by,
and the judged figure against its recovery trajectory (same basis, unit and period).

A Red or ``act now`` exception with no action says so with a badge, never silently."""

from __future__ import annotations

from typing import Any

from pmaf_lib.indicators.labels import ExceptionTier, TrajectoryStanding
from pmaf_lib.report.formatting import format_value, short_period_label
from pmaf_lib.report.html import BadgeStyle, Html, badge, element, join, user_text
from pmaf_lib.report.sections.metric_facts import Row, fmt, headline_kind
from pmaf_lib.report.sections.scope import Names
from pmaf_lib.report.signals import is_blank, member, rag_key, text_of

NO_ACTION = "No recovery action recorded"
NO_ACTION_BADGE = BadgeStyle("!", NO_ACTION, "red")

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


def needs_action(row: Row) -> bool:
    """Red, or ``act now``: a board expects a recovery action."""
    tier = member(row.get("exception_tier"), ExceptionTier)
    return rag_key(row.get("rag")) == "Red" or tier is ExceptionTier.ACT_NOW


def what_next(row: Row, names: Names) -> Html:
    """The action, who owns it and by when; a visible badge where a Red or ``act now``
    exception has none."""
    if not text_of(row.get("action")):
        if needs_action(row):
            return element("p", badge(NO_ACTION_BADGE), class_="pmaf-text pmaf-no-action")
        return user_text(None, f"{NO_ACTION}.")
    owner = names.of("officer", row.get("action_owner")) or "no owner named"
    due = text_of(row.get("action_due_label")) or "no date given"
    return join(
        [
            user_text(row.get("action")),
            element("p", f"Owner: {owner}. Due: {due}.", class_="pmaf-text"),
        ]
    )


def back_on_track(row: Row) -> str:
    """``Mar 2027`` as the service gave it, or that no date was given."""
    return text_of(row.get("back_on_track_by_label")) or "No recovery date given."


def board_items(row: Row, names: Names) -> list[tuple[str, Any]]:
    """(term, description) pairs for an exception's facts: so what, why, what next, back on
    track by and, where there is one, the recovery trajectory."""
    items: list[tuple[str, Any]] = [
        ("So what (impact)", user_text(row.get("impact"), "No impact stated.")),
        ("Why (cause)", user_text(row.get("cause"), "No cause stated.")),
        ("What next (action, owner, date)", what_next(row, names)),
        ("Back on track by", back_on_track(row)),
    ]
    if planned := trajectory(row):
        items.append(("Recovery trajectory", planned))
    return items


def recovery_summary(row: Row, names: Names, with_action: bool = False) -> Html:
    """One table cell: ``Owner: …; action due Nov 2026; back on track by Jan 2027`` (after the
    action itself when ``with_action``), or that no action is recorded (a badge where one is
    needed)."""
    if not text_of(row.get("action")):
        if needs_action(row):
            return element("span", badge(NO_ACTION_BADGE), class_="pmaf-no-action")
        return Html(f"{NO_ACTION}.")
    parts = [f"Owner: {names.of('officer', row.get('action_owner')) or 'none named'}"]
    if text_of(row.get("action_due_label")):
        parts.append(f"action due {text_of(row.get('action_due_label'))}")
    if text_of(row.get("back_on_track_by_label")):
        parts.append(f"back on track by {text_of(row.get('back_on_track_by_label'))}")
    summary = "; ".join(parts)
    return element("span", f"{text_of(row.get('action'))} ({summary})" if with_action else summary)
