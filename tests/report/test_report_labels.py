"""Labels a reader can trust: rows without an id say so in words (never `()`), and an
officer's judgement is called an override only where it differs from the rule's."""

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


def test_an_override_that_agrees_with_the_rule_is_not_called_overridden(evaluation, directions):
    from pmaf_lib.report.sections import directions_summary_section

    agreeing = directions.assign(judgement=["reasonable", None])
    text = probe(directions_summary_section(agreeing, evaluation)).text
    assert "Overridden" not in text
    assert "The rule's judgement was confirmed by Jo Bloggs: Audit findings" in text
    assert (
        "Overridden by Jo Bloggs" in probe(directions_summary_section(directions, evaluation)).text
    )
