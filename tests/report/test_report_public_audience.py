"""Public reports do not publish small counts (1 to 4): they read "fewer than 5"."""

from __future__ import annotations

import dataclasses
import re

from pmaf_lib.report.context import suppress_small_numbers
from pmaf_lib.report.formatting import format_value
from pmaf_lib.report.sections import metric_facts


def test_format_value_hides_counts_below_the_threshold():
    assert format_value(3, "number", 0, suppress_below=5) == "fewer than 5"
    assert format_value(0, "number", 0, suppress_below=5) == "0"
    assert format_value(5, "number", 0, suppress_below=5) == "5"
    assert format_value(3, "number", 0) == "3"


def test_public_view_suppresses_a_small_count_in_words_charts_and_history(sample_month):
    evaluation = sample_month
    card = evaluation.scorecard
    count = card[(card["unit"] == "number") & ~card["is_ratio"].astype(bool)].iloc[0]
    ratio = card[card["is_ratio"].astype(bool)].iloc[0]
    history = evaluation.history.copy()
    mine = history["metric_id"] == count["metric_id"]
    history.loc[mine & (history["period"] == "2026-10"), "value"] = 3.0
    card = card.copy()
    card.loc[card["metric_id"] == count["metric_id"], "value"] = 3.0
    small = dataclasses.replace(evaluation, scorecard=card, history=history)

    public = suppress_small_numbers(small)

    row = public.scorecard.set_index("metric_id").loc[count["metric_id"]].to_dict()
    row["metric_id"] = count["metric_id"]
    # (the figure's kind, e.g. "(total to date)", may sit between the number and its period)
    assert re.match(r"fewer than 5( \([a-z ]+\))? in Oct 2026", str(metric_facts.latest(row)))
    published = public.history[public.history["metric_id"] == count["metric_id"]]
    assert published.loc[published["period"] == "2026-10", "value"].isna().all()
    assert published["value"].notna().sum() > 10, "larger counts are still charted"
    ratio_row = public.scorecard.set_index("metric_id").loc[ratio["metric_id"]]
    assert ratio_row["value"] == ratio["value"] and ratio_row.isna()["suppress_below"]
