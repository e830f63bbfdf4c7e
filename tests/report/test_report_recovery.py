"""Exceptions say what a board needs: so what, why, what next (owner, date), back on track by;
a Red or act-now exception with no action says so visibly; the trajectory sentence agrees
with the figures beside it."""

from __future__ import annotations

from pmaf_lib.report import sections
from tests.report import fakes
from tests.report.html_probe import probe


def _evaluation(**overrides: object) -> fakes.FakeEvaluation:
    base = fakes.evaluation()
    rows = base.scorecard.to_dict("records")
    rows[0].update(overrides)
    scorecard = base.scorecard.__class__(rows)
    return fakes.FakeEvaluation(scorecard, base.history, base.milestones)


def test_each_exception_says_so_what_why_what_next_and_back_on_track_by(names):
    evaluation = _evaluation(
        impact="Claimants wait a week longer for their first payment.",
        cause="Two vacancies and a system migration.",
        action="Overtime agreed until December.",
        action_owner="OFF-07",
        action_due_label="Dec 2025",
        back_on_track_by_label="Jan 2026",
    )
    parsed = probe(sections.exceptions_section(evaluation, names=names))
    terms = [e.text for e in parsed.find("dt")]
    assert terms[1:5] == [
        "So what (impact)",
        "Why (cause)",
        "What next (action, owner, date)",
        "Back on track by",
    ]
    text = parsed.text
    for expected in (
        "Claimants wait a week longer for their first payment.",
        "Two vacancies and a system migration.",
        "Overtime agreed until December.Owner: Dr Siân Evans. Due: Dec 2025.",
        "Owner: Dr Siân Evans; action due Dec 2025; back on track by Jan 2026",  # the table
    ):
        assert expected in text, expected
    assert "No recovery action recorded" not in text


def test_a_red_exception_without_an_action_says_so_visibly(names):
    evaluation = _evaluation(action=None, exception_tier="act now")
    parsed = probe(sections.exceptions_section(evaluation, names=names))
    badges = [e for e in parsed.find("span") if "pmaf-badge--red" in (e.attrs.get("class") or "")]
    assert [b.text.strip() for b in badges].count("! No recovery action recorded") == 2
    assert "No impact stated." in parsed.text and "No recovery date given." in parsed.text


def test_a_watch_exception_without_an_action_is_told_plainly(names):
    evaluation = _evaluation(action=None, rag="Amber", exception_tier="watch")
    text = probe(sections.exceptions_section(evaluation, names=names)).text
    assert "No recovery action recorded." in text
    assert "! No recovery action recorded" not in text


def test_the_trajectory_sentence_names_both_figures_the_gap_and_the_plans_end(names):
    evaluation = _evaluation(
        trajectory_planned=21.0,
        trajectory_gap=2.4,
        trajectory_standing="behind plan",
        trajectory_end_period="2026-03",
        trajectory_end=18.0,
    )
    text = probe(sections.exceptions_section(evaluation, names=names)).text
    # 23.4 days against a plan of 21.0 days: 2.4 days behind (lower is better)
    assert (
        "Planned 21.0 days in Sep 2025, actual 23.4 days: 2.4 days behind the recovery plan; "
        "the plan reaches 18.0 days by Mar 2026." in text
    )


def test_the_corporate_top_exceptions_carry_the_action_and_its_owner(names):
    evaluation = _evaluation(
        action="Overtime agreed until December.", action_owner="OFF-07", action_due_label="Dec 2025"
    )
    text = probe(sections.top_exceptions_section(evaluation, names)).text
    assert "Overtime agreed until December. (Owner: Dr Siân Evans; action due Dec 2025)" in text
