"""The run's index page: hostile report titles, council name and errors stay text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmaf_lib.run.index_page import write_index
from pmaf_lib.run.jobs import ReportJob, RunPlan
from pmaf_lib.run.worker import JobResult
from tests.report.html_probe import probe
from tests.security.inert_html import inert_page_problems
from tests.security.payloads import PAYLOADS


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_index_page_is_inert_whatever_the_names(name: str, tmp_path: Path):
    payload = PAYLOADS[name]
    jobs = (
        ReportJob("directorate-ASC", f"{payload} directorate", Path("scope_report.ipynb"), {}),
        ReportJob("priority-1", f"Priority 1: {payload}", Path("scope_report.ipynb"), {}),
    )
    plan = RunPlan("2025-09", "September 2025", payload, "OFFICIAL", jobs, complete=False)
    results = [
        JobResult("directorate-ASC", "ok", files={"html": "directorate-ASC.html"}),
        JobResult("priority-1", "failed", error=f"KeyError: {payload}"),
    ]
    html = write_index(tmp_path, plan, results).read_text(encoding="utf-8")
    assert inert_page_problems(html) == []
    parsed = probe(html)
    [heading] = parsed.find("h1")
    assert heading.text.startswith("Monthly performance reports: ")
    assert [a.attrs["href"] for a in parsed.find("a")] == [
        "#main",
        "directorate-ASC.html",
        "manifest.json",
    ]
