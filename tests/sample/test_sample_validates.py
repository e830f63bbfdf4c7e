"""The committed sample passes the loader's validation (``pmaf validate --data data/sample``)."""

from __future__ import annotations

from pathlib import Path

from pmaf_lib.plan import load_council, validate_data

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_committed_sample_has_no_validation_problems() -> None:
    report = validate_data(COMMITTED)
    assert [str(p) for p in report.problems] == []


def test_committed_sample_loads_every_row() -> None:
    council = load_council(COMMITTED)
    assert len(council.metrics) == 127
    assert council.values["period"].nunique() >= 55
    assert len(council.milestone_updates) > 1000
    assert council.benchmarks["is_self"].any()
    assert len(council.assurance_overrides) == 1
