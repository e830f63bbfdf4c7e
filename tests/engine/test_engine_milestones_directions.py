"""Milestone status as at the report month, roll-ups, and the Directions assurance judgement."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmaf_lib.indicators.changes import what_changed
from pmaf_lib.indicators.directions import judge
from pmaf_lib.indicators.evaluate import evaluate
from pmaf_lib.indicators.rollup import rollup
from tests.engine.builders import council, metric, milestone, series, target, update

MILESTONES = [
    milestone("A", "2025-08-31", directions=("D1",)),
    milestone("B", "2025-10-31", directions=("D1",)),
    milestone("C", "2025-09-30"),
    milestone("D", "2025-10-31"),
    milestone("E", "2025-12-31"),
    milestone("F", "2025-12-31"),
    milestone("G", "2025-12-31"),
    milestone("H", "2025-06-30"),
    milestone("I", "2025-12-31", deliverable_id="1.1.2"),
]
UPDATES = [
    update("A", "2025-07", "on track"),
    update("B", "2025-09", "complete", completed_on="2025-09-12", percent_complete=100),
    update("C", "2025-09", "on track"),
    update("D", "2025-08", "deferred", revised_due="2026-01-31"),
    update("D", "2025-09", "on track"),
    update("E", "2025-09", "at risk"),
    update("F", "2025-09", "off track"),
    update("H", "2025-05", "deferred", revised_due="2025-08-31"),
    update("I", "2025-08", "on track"),
    update("I", "2025-10", "complete", completed_on="2025-10-03"),
]


def statuses(period="2025-09"):
    c = council([metric("M")], milestones=MILESTONES, updates=UPDATES)
    return evaluate(c, period).milestones.set_index("milestone_id")


def test_milestone_statuses_as_at_the_end_of_the_report_month():
    table = statuses()
    assert table["status"].to_dict() == {
        "A": "overdue",
        "B": "complete",
        "C": "on track",  # due on the last day of the month: not yet overdue
        "D": "deferred",  # revised date carried forward from August
        "E": "at risk",
        "F": "at risk",
        "G": "not started",  # no update yet
        "H": "overdue",  # past its revised date too
        "I": "on track",  # October's completion is after the report month
    }
    assert table.loc["A", "days_overdue"] == 30
    assert table.loc["H", "days_overdue"] == 30
    assert pd.isna(table.loc["C", "days_overdue"])
    assert table.loc["D", "effective_due"] == pd.Timestamp("2026-01-31")
    assert table.loc["H", "reported_status"] == "deferred"


def test_rollup_counts_per_scope():
    c = council(
        [metric("M", directions=("D1",)), metric("N", directorate="DIR2")],
        series("M", "2025-09", [5]) + series("N", "2025-09", [5]),
        [target("M", "2025/26", 10)],
        MILESTONES,
        UPDATES,
    )
    evaluation = evaluate(c, "2025-09")
    by_direction = rollup(evaluation, "direction")
    assert by_direction.loc[
        "D1", ["metrics", "rag_Red", "milestones", "milestones_overdue", "milestones_complete"]
    ].tolist() == [1, 1, 2, 1, 1]
    by_directorate = rollup(evaluation, "directorate")
    assert by_directorate.loc["DIR2", ["metrics", "rag_no target", "milestones"]].tolist() == [
        1,
        1,
        0,
    ]
    by_deliverable = rollup(evaluation, "deliverable")
    assert by_deliverable.loc["1.1.2", "milestones_on track"] == 1
    with pytest.raises(ValueError, match="unknown scope"):
        rollup(evaluation, "galaxy")


def counts(red=0, judged=0, concern=0, milestones=0, complete=0, overdue=0, at_risk=0):
    return pd.DataFrame(
        {
            "metrics": [judged],
            "metrics_judged": [judged],
            "metrics_red": [red],
            "metrics_amber": [0],
            "metrics_green": [judged - red],
            "metrics_concern": [concern],
            "milestones": [milestones],
            "milestones_complete": [complete],
            "milestones_overdue": [overdue],
            "milestones_at_risk": [at_risk],
        }
    )


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ({}, "no assurance"),  # nothing evidences the Direction
        ({"judged": 4, "red": 2}, "no assurance"),  # half the metrics Red
        ({"milestones": 10, "complete": 2, "overdue": 2}, "no assurance"),  # 2 of 4 due overdue
        ({"judged": 4, "red": 1}, "limited"),  # a quarter Red
        ({"milestones": 10, "complete": 3, "overdue": 1}, "limited"),  # 1 of 4 due overdue
        ({"milestones": 4, "at_risk": 2}, "limited"),  # half at risk
        ({"judged": 5, "red": 1}, "reasonable"),  # 20% Red
        ({"judged": 4, "concern": 1}, "reasonable"),
        ({"judged": 4, "milestones": 10, "complete": 4, "at_risk": 1}, "substantial"),
    ],
)
def test_direction_judgement_rule(evidence, expected):
    judgement, reason = judge(counts(**evidence))
    assert judgement[0] == expected
    assert reason[0]


ORDER = ["substantial", "reasonable", "limited", "no assurance"]


@given(
    judged=st.integers(1, 8),
    red=st.integers(0, 8),
    concern=st.integers(0, 3),
    milestones=st.integers(1, 10),
    complete=st.integers(0, 10),
    overdue=st.integers(0, 10),
    at_risk=st.integers(0, 10),
)
def test_worse_evidence_never_improves_the_judgement(
    judged, red, concern, milestones, complete, overdue, at_risk
):
    red = min(red, judged)
    complete = min(complete, milestones)
    overdue = min(overdue, milestones - complete)
    at_risk = min(at_risk, milestones - complete - overdue)
    base = dict(
        judged=judged,
        red=red,
        concern=concern,
        milestones=milestones,
        complete=complete,
        overdue=overdue,
        at_risk=at_risk,
    )
    worse = []
    if red < judged:
        worse.append({**base, "red": red + 1})
    if complete:
        worse.append({**base, "complete": complete - 1, "overdue": overdue + 1})
    if milestones - complete - overdue - at_risk:
        worse.append({**base, "at_risk": at_risk + 1})
    worse.append({**base, "concern": concern + 1})
    now = ORDER.index(judge(counts(**base))[0][0])
    for case in worse:
        assert ORDER.index(judge(counts(**case))[0][0]) >= now


def test_override_replaces_the_judgement_and_what_changed_since_last_month():
    c = council(
        [metric("M", directions=("D1",))],
        series("M", "2025-08", [12, 5]),
        [target("M", "2025/26", 10)],
        MILESTONES,
        UPDATES,
        overrides=[
            {
                "direction_id": "D1",
                "period": "2025-09",
                "judgement": "reasonable",
                "reason": "Recovery plan agreed",
                "officer": "OFF-1",
            }
        ],
        directions=[("D1", "Financial sustainability"), ("D2", "Governance")],
    )
    september = evaluate(c, "2025-09")
    d = september.directions.set_index("direction_id")
    assert d.loc["D1", "rule_judgement"] == "no assurance"  # 1 of 1 metric Red, 1 of 2 overdue
    assert d.loc[
        "D1", ["judgement", "overridden", "override_reason", "override_officer"]
    ].tolist() == ["reasonable", True, "Recovery plan agreed", "OFF-1"]
    assert d.loc["D2", ["judgement", "overridden"]].tolist() == ["no assurance", False]
    assert d.loc["D1", "title"] == "Financial sustainability"

    changes = what_changed(evaluate(c, "2025-08"), september)
    metric_change = changes[changes["kind"] == "metric"].iloc[0]
    assert (metric_change["id"], metric_change["before"], metric_change["after"]) == (
        "M",
        "Green",
        "Red",
    )
    newly = changes[changes["kind"] == "milestone"].set_index("id")["change"].to_dict()
    assert newly == {"B": "newly complete", "A": "newly overdue", "H": "newly overdue"}
