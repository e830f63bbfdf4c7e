"""plan/problems.py: a file's problems are capped, text groups repeats, JSON keeps each."""

from __future__ import annotations

import json

import pandas as pd

from pmaf_lib.plan import problems
from pmaf_lib.plan.problems import ProblemLog, ValidationReport


def _unknown_ids(count: int, file: str = "returns/x.csv") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_file": [file] * count,
            "source_row": range(2, count + 2),
            "metric_id": [f"NOPE{i}" for i in range(count)],
        }
    )


def test_repeats_are_grouped_in_text_but_json_lists_each() -> None:
    log = ProblemLog()
    frame = _unknown_ids(50)
    log.rows(frame, frame["metric_id"].notna(), "metric_id", "{value} is not a metric")
    log.add("returns/x.csv", 7, "value", "n/a", "'n/a' is not a number")
    report = ValidationReport("data", log.report())
    text = report.to_text().splitlines()
    assert text[3:8] == [
        "  returns/x.csv row 2, column metric_id: 'NOPE0' is not a metric",
        "  returns/x.csv row 3, column metric_id: 'NOPE1' is not a metric",
        "  returns/x.csv row 4, column metric_id: 'NOPE2' is not a metric",
        "  ... and 47 more like this (rows 5, 6, 7, 8, 9, ...); --format json lists each",
        "  returns/x.csv row 7, column value: 'n/a' is not a number",
    ]
    assert len(json.loads(report.to_json())["problems"]) == 51


def test_a_file_stops_listing_at_the_cap_and_says_how_many_more(monkeypatch) -> None:
    monkeypatch.setattr(problems, "FILE_CAP", 10)
    log = ProblemLog()
    frame = pd.concat([_unknown_ids(25), _unknown_ids(3, "returns/y.csv")], ignore_index=True)
    log.rows(frame, frame["metric_id"].notna(), "metric_id", "{value} is not a metric")
    log.add("returns/x.csv", 99, "value", "n/a", "'n/a' is not a number")
    report = ValidationReport("data", log.report())
    listed = [p for p in report.problems if p.file == "returns/x.csv"]
    assert len(listed) == 11 and listed[-1].row is None
    assert "has 16 more problems that are not listed" in listed[-1].message
    assert len([p for p in report.problems if p.file == "returns/y.csv"]) == 3
    assert not report.ok and report.to_text().splitlines()[-1].startswith("  returns/y.csv")
    assert report.to_text().startswith("data: INVALID - 29 error(s), 0 warning(s)"), "all counted"
    assert json.loads(report.to_json())["errors"] == 29
