import itertools

import pandas as pd
import pytest

from pmaf_lib.report import sections
from pmaf_lib.report.sections import Scope
from pmaf_lib.report.sections.scope import history_by_metric
from tests.report import fakes
from tests.report.html_probe import probe


def _full_report(evaluation, names, directions) -> str:
    scope = Scope("directorate", "RES")
    return "".join(
        [
            sections.cover_block(
                "Borough of Ashdown",
                "Resources performance report",
                "Directorate: Resources",
                "2025-09",
                "2025-10-10",
                "OFFICIAL",
                "Cllr Priya Shah",
                "Dr Siân Evans",
            ),
            sections.summary_section(evaluation, scope),
            sections.exceptions_section(evaluation, scope, names),
            sections.what_went_well_section(evaluation, scope),
            sections.scorecard_section(evaluation, scope, names=names),
            sections.scorecard_section(evaluation, scope, group_by="lens", names=names),
            sections.milestones_section(evaluation, scope, names),
            sections.definitions_section(evaluation, scope),
            sections.status_matrix_section(evaluation, names),
            sections.top_exceptions_section(evaluation, names),
            sections.milestone_health_section(evaluation, names),
            sections.lens_section(evaluation, names),
            sections.equality_section(evaluation, names),
            sections.directions_appendix(directions, evaluation, names=names),
        ]
    )


def test_hostile_data_never_becomes_markup(hostile_evaluation, names, directions):
    directions = directions.assign(
        title=fakes.HOSTILE,
        override_reason=fakes.HOSTILE,
        commentary=fakes.HOSTILE,
        changes=[(fakes.HOSTILE,), fakes.HOSTILE],
    )
    parsed = probe(_full_report(hostile_evaluation, names, directions))
    assert not parsed.find("script")
    assert not parsed.find("b")
    handlers = [k for e in parsed.elements for k in e.attrs if k.lower().startswith("on")]
    assert handlers == []
    assert parsed.text.count('=HYPERLINK("http://evil.example","click")') >= 5
    assert parsed.text.count('<script>alert("x")</script>') >= 5


def test_one_h1_and_headings_in_order(evaluation, names, directions):
    levels = probe(_full_report(evaluation, names, directions)).heading_levels()
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_ids_are_unique(evaluation, names, directions):
    report = probe(_full_report(evaluation, names, directions))
    ids = [e.attrs["id"] for e in report.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))


def test_every_table_has_caption_and_scoped_headers(evaluation, names, directions):
    report = probe(_full_report(evaluation, names, directions))
    assert len(report.find("table")) == len(report.find("caption")) > 10
    assert all(th.attrs.get("scope") in {"col", "row"} for th in report.find("th"))
    assert all(th.text.strip() for th in report.find("th"))
    assert all(td.text.strip() for td in report.find("td"))


def test_summary_in_words(evaluation):
    text = probe(sections.summary_section(evaluation)).text
    assert "Of 3 metrics, 1 Red, 1 Green and 1 no target." in text
    assert "1 improved, 1 worsened" in text
    assert "special-cause concern in 1 metric and special-cause improvement in 1" in text
    assert (
        "1 will consistently meet their target, 0 will consistently miss it and 1 are inconsistent"
        in text
    )
    assert "Of 3 milestones, 1 overdue, 1 on track and 1 complete." in text


def test_exceptions_first_with_chart_figures_commentary_and_action(evaluation, names):
    parsed = probe(sections.exceptions_section(evaluation, names=names))
    assert [h.text for h in parsed.find("h3")] == ["CLM01 Days to process new claims"]
    chart = parsed.find("svg")[0]
    assert chart.attrs["aria-label"].startswith("Days to process new claims")
    text = parsed.text
    for expected in (
        "23.4 days in Sep 2025 against a target of 20.0 days",
        "22.1 days against a target of 20.0 days",
        "22.5 days against a target of 20.0 days (likely range 21.0 days to 24.0 days)",
        "Worsening: 23.4 days in Sep 2025 against 22.9 days in Aug 2025",
        "4th quartile (1st = best): ranked 12 of 15 in NN15, 2024/25; median 18.2 days",
        "Backlog after system migration.",
        "Dr Siân Evans",
    ):
        assert expected in text


def test_exceptions_are_the_engines_act_now_first(evaluation):
    scorecard = evaluation.scorecard.assign(is_exception=True, exception_reasons=[("red",)] * 3)
    scorecard["exception_tier"] = ["watch", "act now", "watch"]
    rows = sections.exception_rows(scorecard)
    assert list(rows["exception_tier"]) == ["act now", "watch", "watch"]
    # the report does not judge exceptions itself: without the engine's flags there are none
    assert sections.exception_rows(scorecard.drop(columns="is_exception")).empty


def test_exceptions_open_with_a_one_screen_table_linking_to_each(evaluation, names):
    scorecard = evaluation.scorecard.assign(
        exception_tier=["act now", None, None],
        exception_text=[
            "Red against target; special cause concern on the latest point",
            None,
            None,
        ],
    )
    evaluation = fakes.FakeEvaluation(scorecard, evaluation.history, evaluation.milestones)
    parsed = probe(sections.exceptions_section(evaluation, names=names))
    caption = parsed.find("caption")[0].text
    assert caption == "Exceptions at a glance: 1 metric act now"
    link = parsed.find("a")[0]
    assert (
        link.attrs["href"] == "#exception-clm01" and link.text == "CLM01 Days to process new claims"
    )
    assert [e.attrs.get("id") for e in parsed.find("h3")] == ["exception-clm01"]
    text = parsed.text
    assert "Act now Why this is an exception: Red against target; special cause concern" in text
    # the table comes before the detail
    assert text.index("Exceptions at a glance") < text.index("Why this is an exception")


def test_scope_filters_metrics_and_milestones(evaluation):
    housing = Scope("directorate", "HOU")
    assert list(sections.scope_metrics(evaluation.scorecard, housing)["metric_id"]) == ["POP01"]
    assert list(
        sections.scope_milestones(evaluation.milestones, Scope("priority", "1"))["milestone_id"]
    ) == ["1.1.1.1", "1.1.1.2"]
    text = probe(sections.exceptions_section(evaluation, housing)).text
    assert "No metric is Red" in text


def test_what_went_well_lists_improvements_with_sparkline(evaluation):
    parsed = probe(sections.what_went_well_section(evaluation))
    assert "COL01 Council tax collected: 96.2% in Sep 2025 against a target of 95.0%" in parsed.text
    assert parsed.find("svg")[0].attrs["role"] == "img"


def test_scorecard_groups_by_outcome_with_names(evaluation, names):
    parsed = probe(sections.scorecard_section(evaluation, names=names))
    captions = [c.text for c in parsed.find("caption")]
    assert captions == [
        "Outcome 1.1 Fix the foundations: 1 metric",
        "Outcome 1.2: 1 metric",
        "Outcome 2.1: 1 metric",
    ]
    assert "✖ Red" in parsed.text and "Not assessed" in parsed.text


def test_milestones_overdue_and_at_risk_first(evaluation, names):
    parsed = probe(sections.milestones_section(evaluation, names=names))
    captions = [c.text for c in parsed.find("caption")]
    assert captions == [
        "Milestones overdue or at risk: 1 milestone",
        "Other milestones: 2 milestones",
    ]
    rows = [th.text for th in parsed.find("th") if th.attrs["scope"] == "row"]
    assert rows[0] == "1.1.1.1 New claims system live"
    assert "61 days" in parsed.text and "80%" in parsed.text


def test_status_matrix_has_a_number_in_every_cell(evaluation, names):
    parsed = probe(sections.status_matrix(evaluation, "directorate", names))
    cells = [td.text for td in parsed.find("td")]
    assert cells and all(c.strip().isdigit() for c in cells)
    assert [th.text for th in parsed.find("th") if th.attrs["scope"] == "row"] == [
        "HOU Housing",
        "RES Resources",
    ]


def test_sections_tolerate_missing_optional_columns(evaluation):
    required = [
        "metric_id",
        "title",
        "unit",
        "decimals",
        "polarity",
        "value",
        "target",
        "rag",
        "current_period",
        "directorate",
        "outcomes",
        "priorities",
        "lens",
    ]
    minimal = fakes.FakeEvaluation(
        evaluation.scorecard[required],
        evaluation.history[["metric_id", "period", "value", "spc_value", "spc_target"]],
        evaluation.milestones[["milestone_id", "title", "due", "status", "priority_id"]],
    )
    for section in (
        sections.summary_section(minimal),
        sections.exceptions_section(minimal),
        sections.what_went_well_section(minimal),
        sections.scorecard_section(minimal),
        sections.milestones_section(minimal),
        sections.definitions_section(minimal),
        sections.status_matrix_section(minimal),
        sections.top_exceptions_section(minimal),
    ):
        assert probe(section).find("h2")


def test_directions_summary_and_detail(evaluation, names, directions):
    parsed = probe(sections.directions_appendix(directions, evaluation, names=names))
    assert [h.text for h in parsed.find("h2")] == [
        "Assurance across the Directions",
        "Direction D1 Financial sustainability",
        "Direction D2 Governance",
    ]
    text = parsed.text
    assert "Limited assurance" in text and "Reasonable assurance" in text
    assert "Overridden by Jo Bloggs: Audit findings not yet reflected in the metrics" in text
    assert "2 (1 Red, 1 special cause concern)" in text
    assert "Milestone 2.1.1.1 completed" in text
    # D2 has no judgement: the rule's judgement is reported and no override
    d2 = text[text.index("Direction D2 Governance") :]
    assert "Substantial assurance" in d2 and "No override" in d2


def test_cover_block_has_the_only_h1_and_facts():
    parsed = probe(
        sections.cover_block(
            "Borough", "Report", "Council", "2025-09", pd.Timestamp("2025-10-10"), "OFFICIAL"
        )
    )
    assert [h.text for h in parsed.find("h1")] == ["Report"]
    assert [d.text for d in parsed.find("dt")] == [
        "Scope",
        "Period",
        "Data as at",
        "Classification",
    ]
    assert "Sep 2025" in parsed.text and "10 Oct 2025" in parsed.text


@pytest.mark.parametrize("group_by", ["lens", "priority", "equality_objective", "direction"])
def test_scorecard_other_groupings(evaluation, group_by):
    assert probe(sections.scorecard_section(evaluation, group_by=group_by)).find("table")


def test_names_from_council_reads_plan_and_reference():
    from types import SimpleNamespace as NS

    council = NS(
        plan=NS(priorities=[NS(id="1", title="A fairer borough")]),
        reference=NS(
            directorates=[NS(id="ASC", name="Adults' Social Care")],
            portfolios=[NS(id="PF-A", title="Adults", cabinet_member="Cllr Priya Shah")],
            officers=[NS(id="OFF-02", name="Dr Siân Evans")],
            lenses=[NS(id="customer", name="Customer")],
            equality_objectives=[NS(id="EO1", title="Close the gap")],
            directions=[NS(id="D1", title="Finance")],
            benchmark_groups=[NS(id="NN15", name="CIPFA nearest neighbours")],
        ),
        outcomes=pd.DataFrame({"outcome_id": ["1.1"], "title": ["Fix the foundations"]}),
    )
    names = sections.names_from_council(council)
    assert names.of("officer", "OFF-02") == "Dr Siân Evans"
    assert names.labelled("outcome", "1.1") == "1.1 Fix the foundations"
    assert names.of("lead_member", "PF-A") == "Cllr Priya Shah"
    assert names.of("benchmark_group", "NN15") == "CIPFA nearest neighbours"
    assert names.of("officer", "OFF-99") == "OFF-99"


def test_benchmark_quartile_accepts_labels(evaluation):
    scorecard = evaluation.scorecard.assign(benchmark_quartile=["Q2", None, "3"])
    text = probe(
        sections.exceptions_section(
            fakes.FakeEvaluation(scorecard, evaluation.history, evaluation.milestones)
        )
    ).text
    assert "2nd quartile (1st = best)" in text


def test_sections_display_in_notebooks_and_skip_mathjax(evaluation):
    section = sections.definitions_section(evaluation)
    assert section._repr_html_() == str(section)
    assert "tex2jax_ignore" in probe(section).find("section")[0].attrs["class"]


def test_history_by_metric_gives_each_metrics_rows_as_they_were(sample_month):
    history = sample_month.history
    split = history_by_metric(history)
    expected = {str(key): rows for key, rows in history.groupby("metric_id", sort=False)}
    assert sorted(split) == sorted(expected) and len(split) == len(expected)
    for metric_id, rows in expected.items():
        pd.testing.assert_frame_equal(split[metric_id], rows)
    assert split.get("NOT-A-METRIC") is None
    assert not history_by_metric(history.iloc[0:0])
