"""``pmaf validate``'s SPC warnings: sustained shifts whose limits have not been recalculated.

For every metric where :mod:`~pmaf_lib.indicators.variation` suggests a rebase at the latest
month of data, one warning on ``spc.csv`` says what was seen and gives the exact line to add
(the note is left for the analyst: why the process changed). Nothing is rebased here.
"""

from __future__ import annotations

import pandas as pd

from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.periods import parse_period
from pmaf_lib.plan.council import Council
from pmaf_lib.plan.problems import Problem, Severity

SPC_FILE = "spc.csv"


def latest_month(council: Council) -> str:
    """The month the latest reported period ends in (every series' last point is analysed)."""
    periods = council.values.loc[council.values["value"].notna(), "period"].unique()
    return str(max(parse_period(p) for p in periods).last_month)


def _what_was_seen(history: pd.DataFrame, since: str) -> str:
    """``the 8 points from Oct 2025 are all above the mean`` or a special-cause share."""
    start = parse_period(since).start
    after = history[pd.to_datetime(history["period_start"]) >= pd.Timestamp(start)]
    after = after[after["spc_value"].notna()]
    sides = (after["spc_value"] - after["mean"]).apply(lambda d: (d > 0) - (d < 0))
    label = parse_period(since).label
    if len(after) and (sides == sides.iloc[0]).all() and sides.iloc[0] != 0:
        side = "above" if sides.iloc[0] > 0 else "below"
        return f"the {len(after)} points from {label} are all {side} the mean"
    special = (history["special_cause_type"].fillna("Common Cause") != "Common Cause").mean()
    return (
        f"{special:.0%} of the points since the limits were set are special cause; "
        f"new limits would start at {label}"
    )


def rebase_advice(council: Council) -> list[Problem]:
    """One warning per metric whose SPC limits may need recalculating."""
    if council.values["value"].notna().sum() == 0:
        return []
    evaluation = evaluate(council, latest_month(council))
    card = evaluation.scorecard
    suggested = card[card["spc_rebase_suggested"].notna()]
    problems = []
    for row in suggested.itertuples():
        history = evaluation.history[evaluation.history["metric_id"] == row.metric_id]
        seen = _what_was_seen(history, row.spc_rebase_suggested)
        line = f"{row.metric_id},{row.spc_rebase_suggested},,,<why the process changed>"
        problems.append(
            Problem(
                SPC_FILE,
                None,
                "rebase",
                row.metric_id,
                f"{row.metric_id} ({row.title}): {seen}, but its SPC limits have not been "
                f"recalculated; if the change has a known cause, add the line: {line}",
                None,
                Severity.WARNING,
            )
        )
    return problems
