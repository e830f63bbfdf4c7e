"""The typed plan model: what it accepts, how it normalises, what it rejects."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from pmaf_lib.plan import Plan, Reference

PLAN = {
    "id": "cp",
    "name": "Corporate Plan",
    "council": "Borough of Testford",
    "financial_years": ["2025-26", "FY2024/25"],
    "priorities": [
        {
            "id": 1,
            "title": "Fairer borough",
            "well_run": "true",
            "outcomes": [
                {
                    "id": "1.1",
                    "title": "Homes",
                    "deliverables": [
                        {
                            "id": "1.1.1",
                            "title": "Hub",
                            "equality_objectives": "EO1; EO3",
                            "milestones": [{"id": "1.1.1.1", "title": "Open", "due": "30/06/2025"}],
                        }
                    ],
                }
            ],
        }
    ],
}


def test_plan_normalises_years_ids_lists_and_dates() -> None:
    plan = Plan.model_validate(PLAN)
    assert plan.financial_years == ["2024/25", "2025/26"]
    assert plan.fy_start_years == [2024, 2025]
    assert plan.priorities[0].id == "1"
    assert plan.priorities[0].well_run is True
    deliverable = plan.deliverables()[0]
    assert deliverable.equality_objectives == ["EO1", "EO3"]
    assert plan.milestones()[0].due.end == dt.date(2025, 6, 30)
    assert [o.id for o in plan.outcomes()] == ["1.1"]


@pytest.mark.parametrize(
    ("years", "message"),
    [
        (["2025/26 Q1"], "is not a financial year"),
        (["2025/27"], "does not run over consecutive years"),
        (["2025/26", "2025-26"], "listed twice"),
    ],
)
def test_plan_rejects_bad_financial_years(years: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Plan.model_validate({**PLAN, "financial_years": years})


def test_unknown_keys_and_missing_fields_are_errors() -> None:
    with pytest.raises(ValidationError) as info:
        Plan.model_validate({**PLAN, "counsil": "x", "council": None})
    kinds = {e["type"] for e in info.value.errors()}
    assert kinds == {"extra_forbidden", "missing"}


def test_reference_lookup() -> None:
    reference = Reference.model_validate(
        {
            "officers": [{"id": "OFF-1", "name": "Dr Siân Evans"}],
            "directions": [{"id": "D1", "title": "Finance", "issued": "12/09/2023"}],
        }
    )
    assert reference.lookup("officers", "OFF-1").name == "Dr Siân Evans"
    assert reference.lookup("directions", "D1").issued == dt.date(2023, 9, 12)
    assert reference.ids("officers") == ["OFF-1"]
    with pytest.raises(KeyError, match="OFF-9"):
        reference.lookup("officers", "OFF-9")
