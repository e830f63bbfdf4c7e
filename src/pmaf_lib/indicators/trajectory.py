"""A metric's recovery trajectory (``trajectories.csv``) against what it reported.

The planned values are in the headline's terms (a cumulative metric's total to date). The
history gets ``trajectory`` (planned headline) and ``spc_trajectory`` (the plan on the series
SPC charts: the same for most metrics, blank for a cumulative one, whose chart plots in-period
values). The scorecard gets the judged period's plan and standing, and where the plan ends.
Figures are compared as shown (rounded half up to the metric's decimals).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.labels import TrajectoryStanding, round_half_up

CUMULATIVE = ("ytd", "running_total")


def history_trajectory(
    history: pd.DataFrame, trajectories: pd.DataFrame | None, aggregation: pd.Series
) -> pd.DataFrame:
    """``trajectory`` and ``spc_trajectory`` for each ``history`` row (NaN where none)."""
    planned = _planned(trajectories)
    keys = pd.MultiIndex.from_arrays([history["metric_id"], history["period"]])
    value = planned.reindex(keys).to_numpy(dtype=float)
    cumulative = history["metric_id"].map(aggregation).isin(CUMULATIVE).to_numpy()
    return pd.DataFrame(
        {"trajectory": value, "spc_trajectory": np.where(cumulative, np.nan, value)},
        index=history.index,
    )


def scorecard_trajectory(
    card: pd.DataFrame, trajectories: pd.DataFrame | None
) -> dict[str, np.ndarray]:
    """Per metric: ``trajectory_planned`` (for ``current_period``), ``trajectory_gap`` (value
    minus plan, as shown), ``trajectory_standing`` and the plan's last period and value
    (``trajectory_end_period``, ``trajectory_end``)."""
    planned = _planned(trajectories)
    keys = pd.MultiIndex.from_arrays([card["metric_id"], card["current_period"]])
    now = planned.reindex(keys).to_numpy(dtype=float)
    decimals = pd.to_numeric(card["decimals"], errors="coerce").fillna(0).to_numpy(dtype=int)
    value = pd.to_numeric(card["value"], errors="coerce").to_numpy(dtype=float)
    gap = round_half_up(value, decimals) - round_half_up(now, decimals)
    gap = round_half_up(gap, decimals)
    polarity = card["polarity"].to_numpy(dtype=object)
    standing = [_standing(g, p) for g, p in zip(gap, polarity, strict=True)]
    end_period = np.full(len(card), None, dtype=object)
    end_value = np.full(len(card), np.nan)
    if trajectories is not None and len(trajectories):
        last = trajectories.sort_values("period_start").groupby("metric_id").tail(1)
        last = last.set_index("metric_id")
        end_period = card["metric_id"].map(last["period"]).to_numpy(dtype=object)
        end_value = card["metric_id"].map(last["planned"]).to_numpy(dtype=float)
    return {
        "trajectory_planned": now,
        "trajectory_gap": gap,
        "trajectory_standing": np.array(standing, dtype=object),
        "trajectory_end_period": np.where(pd.isna(end_period), None, end_period),
        "trajectory_end": end_value,
    }


def _standing(gap: float, polarity: object) -> TrajectoryStanding | None:
    if np.isnan(gap):
        return None
    if gap == 0:
        return TrajectoryStanding.ON_PLAN
    if polarity in ("higher", "lower"):
        better = gap < 0 if polarity == "lower" else gap > 0
        return TrajectoryStanding.AHEAD if better else TrajectoryStanding.BEHIND
    return TrajectoryStanding.ABOVE if gap > 0 else TrajectoryStanding.BELOW


def _planned(trajectories: pd.DataFrame | None) -> pd.Series:
    """Planned values indexed by ``(metric_id, period)``."""
    if trajectories is None or trajectories.empty:
        return pd.Series([], index=pd.MultiIndex.from_arrays([[], []]), dtype=float, name="planned")
    frame = trajectories.drop_duplicates(["metric_id", "period"])
    return frame.set_index(["metric_id", "period"])["planned"].astype(float)
