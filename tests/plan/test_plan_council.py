"""The Council that load_council builds: the frames other parts of pmaf code against."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.plan import Council, load_council

from .conftest import MINI


@pytest.fixture(scope="module")
def council() -> Council:
    return load_council(MINI)


def test_plan_and_reference(council: Council) -> None:
    assert council.plan.council == "Borough of Testford"
    assert council.plan.financial_years == ["2024/25", "2025/26"]
    assert council.plan.priorities[1].well_run
    assert council.reference.lookup("directions", "D2").issued.isoformat() == "2023-09-12"


def test_metrics_frame(council: Council) -> None:
    m = council.metrics.set_index("metric_id")
    assert list(m.index) == ["CT01", "HB01", "FT01", "RS01", "SAT01"]
    assert m.loc["CT01", "is_ratio"] and not m.loc["HB01", "is_ratio"]
    assert m.loc["CT01", "scale"] == 100 and m.loc["HB01", "scale"] == 1
    assert m.loc["CT01", "directions"] == ("D1", "D2")
    assert m.loc["SAT01", "outcomes"] == ("1.1", "2.1")
    assert m.loc["SAT01", "priorities"] == ("1", "2")
    assert m.loc["CT01", "denominator_basis"] == "stock"
    assert m.loc["HB01", "denominator_basis"] == "flow"  # the default
    assert m.loc["HB01", "benchmark_group"] is None
    assert m.loc["CT01", "decimals"] == 1


def test_targets_frame(council: Council) -> None:
    t = council.targets
    ct = t[(t["metric_id"] == "CT01") & (t["financial_year"] == "2024/25")].iloc[0]
    assert ct["fy"] == 2024 and ct["period"] is None
    assert ct["profile"][0] == pytest.approx(0.10) and ct["profile"][-1] == 1.0
    assert len(ct["profile"]) == 12
    even = t[(t["metric_id"] == "CT01") & (t["financial_year"] == "2025/26")].iloc[0]
    assert even["profile"] is None
    hb = t[(t["metric_id"] == "HB01") & t["period"].notna()].iloc[0]
    assert hb["period"] == "2025-12" and hb["target"] == 22
    sat = t[(t["metric_id"] == "SAT01") & (t["fy"] == 2025)].iloc[0]
    assert sat["target"] == 62 and sat["tolerance_type"] == "relative"  # '62%' and the default


def test_values_frame(council: Council) -> None:
    v = council.values.set_index(["metric_id", "period"])
    ct = v.loc[("CT01", "2024-04")]
    assert ct["value"] == pytest.approx(4_940_000 / 52_000_000 * 100)  # computed from num/den
    assert ct["period_start"] == pd.Timestamp("2024-04-01")
    assert (ct["source_file"], ct["source_row"]) == ("returns/2024-25.csv", 2)
    assert v.loc[("FT01", "2024-04"), "value"] == 120  # written "120" with a thousands format
    assert v.loc[("RS01", "2024/25 Q3"), "value"] == 13
    sat = v.loc[("SAT01", "2024/25")]
    assert sat["provisional"] and sat["revised"] and not sat["estimated"]
    assert sat["submitted_on"] == pd.Timestamp("2025-04-20")
    assert "<script>" in v.loc[("FT01", "2024-09"), "commentary"]
    assert v.loc[("HB01", "2024-07"), "estimated"]
    order = council.values[["metric_id", "period_start"]]
    assert order.equals(order.sort_values(["metric_id", "period_start"]))


def test_plan_frames(council: Council) -> None:
    assert list(council.outcomes["outcome_id"]) == ["1.1", "1.2", "2.1"]
    d = council.deliverables.set_index("deliverable_id")
    assert d.loc["2.1.1", "priority_id"] == "2"
    assert d.loc["2.1.1", "equality_objectives"] == ("EO2",)
    ms = council.milestones.set_index("milestone_id")
    assert ms.loc["1.2.1.1", "due"] == pd.Timestamp("2024-11-30")  # written 30/11/2024
    assert ms.loc["1.2.1.1", "directorate"] == "ENV"
    assert ms.loc["1.1.1.2", "outcome_id"] == "1.1"


def test_updates_benchmarks_assurance(council: Council) -> None:
    u = council.milestone_updates.set_index(["milestone_id", "period"])
    deferred = u.loc[("1.1.1.2", "2025-06")]
    assert deferred["status"] == "deferred"
    assert deferred["revised_due"] == pd.Timestamp("2025-09-30")
    assert deferred["percent_complete"] == 70
    assert u.loc[("1.1.1.2", "2025-05"), "commentary"] == 'Contractor delays; "phase 2" slipping'
    b = council.benchmarks
    assert b.loc[b["is_self"], "organisation"].tolist() == ["Borough of Testford"]
    assert b["period"].unique().tolist() == ["2024/25"]
    a = council.assurance_overrides.iloc[0]
    assert (a["direction_id"], a["period"], a["judgement"]) == ("D1", "2025-06", "limited")


def test_sources_and_summary(council: Council) -> None:
    paths = {s.path for s in council.sources}
    assert {"plan.yaml", "metrics.csv", "returns/2024-25.csv", "assurance.csv"} <= paths
    assert all(len(s.sha256) == 64 for s in council.sources)
    summary = council.summary()
    assert summary["metrics_by_frequency"] == {"monthly": 3, "quarterly": 1, "annual": 1}
    assert summary["months_of_history"] == 15
    assert (summary["first_month"], summary["latest_month"]) == ("2024-04", "2025-06")
    assert summary["deliverables"] == 3 and summary["milestones"] == 4
    assert summary["values"] == len(council.values)


def test_optional_files_may_be_absent(mini: Path) -> None:
    (mini / "benchmarks.csv").unlink()
    (mini / "assurance.csv").unlink()
    council = load_council(mini)
    assert council.benchmarks.empty and list(council.benchmarks.columns)[:2] == [
        "metric_id",
        "period",
    ]
    assert council.assurance_overrides.empty
