"""Rows with no id in a grouping column are labelled in words, never shown as ``()``."""

from __future__ import annotations

import dataclasses

from pmaf_lib.report.sections import milestone_health, status_matrix
from tests.report.html_probe import probe


def test_equality_view_labels_rows_without_an_objective(evaluation, names):
    card = evaluation.scorecard.copy()
    card.loc[card["metric_id"] == "COL01", "equality_objectives"] = [()]
    evaluation = dataclasses.replace(evaluation, scorecard=card)
    for table in (
        status_matrix(evaluation, "equality_objective", names),
        milestone_health(evaluation, "equality_objective", names),
    ):
        page = probe(table)
        rows = [e.text for e in page.find("th") if e.attrs.get("scope") == "row"]
        assert "()" not in rows
        assert "No equality objective" in rows
        assert "EO1" in rows
