"""Every chart carries its data: a captioned table in a ``<details>`` under it."""

from __future__ import annotations

import numpy as np
import pytest
from bs4 import BeautifulSoup

from pmaf_lib.report.charts import spc_chart
from pmaf_lib.report.charts.ytd_chart import ytd_chart
from pmaf_lib.report.formatting import period_label
from tests.report import fakes

COLUMNS = [
    "Period",
    "Value",
    "Mean",
    "Lower process limit",
    "Upper process limit",
    "Target",
    "Signal",
]


def _tables(html: str) -> dict[str, list[dict[str, str]]]:
    """Each ``<details>`` table under a chart: caption -> rows as {header: cell text}."""
    soup = BeautifulSoup(html, "html.parser")
    tables = {}
    for details in soup.find_all("details"):
        assert details.find("summary").get_text(strip=True).startswith("Chart data:")
        table = details.find("table")
        headers = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
        rows = [
            dict(
                zip(
                    headers,
                    [c.get_text(strip=True) for c in tr.find_all(["th", "td"])],
                    strict=True,
                )
            )
            for tr in table.find("tbody").find_all("tr")
        ]
        tables[table.find("caption").get_text(strip=True)] = rows
    return tables


@pytest.fixture(scope="module")
def hsg04(sample_month) -> tuple[dict, list[dict[str, str]]]:
    history = sample_month.history[sample_month.history["metric_id"] == "HSG04"]
    row = sample_month.scorecard.set_index("metric_id", drop=False).loc["HSG04"].to_dict()
    return row, _tables(spc_chart(history, row) + ytd_chart(history, row))


def test_hsg04s_table_holds_its_in_month_values(hsg04, sample_council):
    _, tables = hsg04
    caption = "HSG04 Homelessness preventions: in-month values, mean, process limits and target"
    rows = tables[caption]
    assert list(rows[0]) == COLUMNS
    returns = sample_council.values[sample_council.values["metric_id"] == "HSG04"]
    this_year = returns[returns["period"].between("2026-04", "2026-10")].sort_values("period")
    assert len(this_year) == 7
    shown = {r["Period"]: r["Value"] for r in rows}
    for period, value in zip(this_year["period"], this_year["value"], strict=True):
        assert shown[period_label(period)] == f"{value:,.0f}"
    # the in-month target is the even profile's share of the 1,400 annual target
    assert {r["Target"] for r in rows if r["Period"].endswith("2026")} >= {"117"}


def test_a_cumulative_metric_also_tables_its_year_to_date(hsg04):
    row, tables = hsg04
    caption = "HSG04 Homelessness preventions: year to date against the profiled target, 2026/27"
    rows = tables[caption]
    assert [r["Period"] for r in rows] == [period_label(f"2026-{m:02d}") for m in range(4, 11)]
    assert rows[-1]["Year to date"] == f"{row['value']:,.0f}"
    assert rows[-1]["Profiled target"] == f"{row['target']:,.0f}"


def test_table_names_signals_and_keeps_limits_the_chart_cannot_draw():
    history = fakes.history()
    history.loc[history.index[-1], "lpl"] = -3.25
    html = spc_chart(history, fakes.scorecard_row())
    ((caption, rows),) = _tables(html).items()
    assert caption.startswith("CLM01 Days to process new claims: values")
    assert len(rows) == len(history)
    assert rows[-1]["Lower process limit"] == "-3.25 days"
    assert rows[-1]["Signal"] == (
        "Special cause concern: part of a run of 7 or more points above the mean"
    )
    assert rows[0]["Signal"] == "Common cause"
    assert np.isclose(float(rows[0]["Mean"].split()[0]), history["mean"].iloc[0], atol=0.01)
