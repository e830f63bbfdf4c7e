"""Assurance judgement per improvement Direction, and officer overrides.

Evidence for a Direction is every metric and milestone tagged with it. With

* ``red share`` = Red metrics / metrics with a Green, Amber or Red status,
* ``overdue share`` = overdue milestones / milestones that are complete or overdue (those
  whose delivery has fallen due or been done),
* ``risk share`` = (overdue + at risk) milestones / all its milestones,
* ``concerns`` = metrics whose latest SPC point is special cause concern or whose SPC
  assurance is ``consistent_fail``,

the rule gives, first match:

1. ``no assurance`` - no evidence at all, or overdue share >= 50%, or red share >= 50%;
2. ``limited`` - overdue share >= 25%, or red share >= 25%, or risk share >= 50%;
3. ``substantial`` - nothing overdue, nothing Red, no concerns and risk share <= 10%;
4. ``reasonable`` - otherwise.

The rule is monotone: making any piece of evidence worse never improves the judgement. An
officer override in ``assurance_overrides`` for the report month replaces the judgement and
records the reason and the officer (``overridden`` is True and ``rule_judgement`` is kept).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmaf_lib.indicators.labels import Assurance, Judgement, PointType, Rag
from pmaf_lib.periods import parse_period

NO_ASSURANCE_SHARE = 0.5
LIMITED_SHARE = 0.25
LIMITED_RISK_SHARE = 0.5
SUBSTANTIAL_RISK_SHARE = 0.1


def _tagged(frame: pd.DataFrame, field: str) -> pd.DataFrame:
    """One row per (Direction, item) with ``field``."""
    scoped = frame[["directions", field]].explode("directions").dropna(subset=["directions"])
    return scoped.rename(columns={"directions": "direction_id"})


def _count(scoped: pd.DataFrame, mask: pd.Series, index: pd.Index) -> np.ndarray:
    counted = mask.groupby(scoped["direction_id"].to_numpy()).sum()
    return counted.reindex(index, fill_value=0).to_numpy(dtype=np.int64)


def evidence(scorecard: pd.DataFrame, milestones: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Evidence counts per Direction."""
    index = pd.Index(ids, name="direction_id")
    card = scorecard.assign(concern=_concern(scorecard))
    metrics = _tagged(card, "rag")
    concern = _tagged(card, "concern")
    status = _tagged(milestones, "status")
    rag = metrics["rag"]
    out = pd.DataFrame(index=index)
    out["metrics"] = _count(metrics, rag.notna(), index)
    out["metrics_judged"] = _count(metrics, rag.isin([Rag.GREEN, Rag.AMBER, Rag.RED]), index)
    for colour in (Rag.RED, Rag.AMBER, Rag.GREEN):
        out[f"metrics_{colour.lower()}"] = _count(metrics, rag == colour, index)
    out["metrics_concern"] = _count(concern, concern["concern"].astype(bool), index)
    out["milestones"] = _count(status, status["status"].notna(), index)
    for name in ("complete", "overdue", "at risk"):
        out[f"milestones_{name.replace(' ', '_')}"] = _count(
            status, status["status"] == name, index
        )
    return out


def _concern(scorecard: pd.DataFrame) -> np.ndarray:
    return (scorecard["spc_point_type"].to_numpy(dtype=object) == PointType.CONCERN) | (
        scorecard["spc_assurance"].to_numpy(dtype=object) == Assurance.CONSISTENT_FAIL
    )


def judge(counts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The rule's judgement and a one-line reason for each row of :func:`evidence`."""
    c = {name: counts[name].to_numpy(dtype=float) for name in counts.columns}
    with np.errstate(divide="ignore", invalid="ignore"):
        red = np.nan_to_num(c["metrics_red"] / c["metrics_judged"])
        fallen_due = c["milestones_complete"] + c["milestones_overdue"]
        overdue = np.nan_to_num(c["milestones_overdue"] / fallen_due)
        risk = np.nan_to_num((c["milestones_overdue"] + c["milestones_at_risk"]) / c["milestones"])
    none = (counts["metrics"] + counts["milestones"]).to_numpy() == 0
    judgement = np.select(
        [
            none | (overdue >= NO_ASSURANCE_SHARE) | (red >= NO_ASSURANCE_SHARE),
            (overdue >= LIMITED_SHARE) | (red >= LIMITED_SHARE) | (risk >= LIMITED_RISK_SHARE),
            (c["milestones_overdue"] == 0)
            & (c["metrics_red"] == 0)
            & (c["metrics_concern"] == 0)
            & (risk <= SUBSTANTIAL_RISK_SHARE),
        ],
        [Judgement.NO_ASSURANCE, Judgement.LIMITED, Judgement.SUBSTANTIAL],
        Judgement.REASONABLE,
    ).astype(object)
    reason = [
        "no metrics or milestones evidence this Direction"
        if empty
        else (
            f"{row.metrics_red} of {row.metrics_judged} metrics Red; "
            f"{row.metrics_concern} with SPC concern or assurance fail; "
            f"{row.milestones_overdue} of {row.milestones_complete + row.milestones_overdue} "
            f"due milestones overdue; {row.milestones_at_risk} of {row.milestones} at risk"
        )
        for empty, row in zip(none, counts.itertuples(), strict=True)
    ]
    return judgement, np.array(reason, dtype=object)


def directions_assurance(
    scorecard: pd.DataFrame,
    milestones: pd.DataFrame,
    directions: pd.DataFrame,
    overrides: pd.DataFrame | None,
    period: str,
) -> pd.DataFrame:
    """Per Direction (``directions``: ``direction_id, title``): evidence, rule and judgement."""
    counts = evidence(scorecard, milestones, list(directions["direction_id"]))
    rule, reason = judge(counts)
    out = directions.set_index("direction_id").join(counts)
    out["rule_judgement"] = rule
    out["rule_reason"] = reason
    out["judgement"] = rule
    out["overridden"] = False
    out["override_reason"] = None
    out["override_officer"] = None
    if overrides is not None and not overrides.empty:
        month = str(parse_period(period))
        wanted = overrides[[str(parse_period(p)) == month for p in overrides["period"]]]
        wanted = wanted.drop_duplicates("direction_id", keep="last").set_index("direction_id")
        hit = out.index.isin(wanted.index)
        ids = out.index[hit]
        out.loc[hit, "judgement"] = wanted.loc[ids, "judgement"].to_numpy()
        out.loc[hit, "override_reason"] = wanted.loc[ids, "reason"].to_numpy()
        out.loc[hit, "override_officer"] = wanted.loc[ids, "officer"].to_numpy()
        out.loc[hit, "overridden"] = True
    return out.reset_index()
