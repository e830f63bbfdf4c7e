"""Sentences about one metric name both figures they compare, on one basis."""

from __future__ import annotations

import re

import pytest

from pmaf_lib.report.sections import metric_facts


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize(("metric_id", "previous"), [("HSG04", "2026-09"), ("FIN03", "2026-09")])
def test_a_cumulative_metrics_travel_compares_in_month_figures(
    sample_month, sample_council, metric_id, previous
):
    row = sample_month.scorecard.set_index("metric_id", drop=False).loc[metric_id].to_dict()
    returns = sample_council.values.set_index(["metric_id", "period"])["value"]
    now, before = returns[(metric_id, "2026-10")], returns[(metric_id, previous)]
    text = _text(metric_facts.travel(row))
    expected = (
        f"{metric_facts.fmt(row, now)} in Oct 2026 against "
        f"{metric_facts.fmt(row, before)} in Sep 2026 (in-month)"
    )
    assert expected in text
    # the year-to-date figure is compared with last year's year to date, and says so
    assert f"{metric_facts.fmt(row, row['value'])} in Oct 2026 against" in text
    assert text.endswith("(year to date)")


def test_no_change_says_why_when_the_figures_differ():
    row = {
        "value": 8.1, "unit": "percent", "decimals": 1, "current_period": "2026-10",
        "previous_period": "2026-09", "previous_value": 7.7, "dot_previous": "no change",
    }  # fmt: skip
    assert _text(metric_facts.travel(row)) == (
        "→ No change: 8.1% in Oct 2026 against 7.7% in Sep 2026, a change too small to count"
    )
