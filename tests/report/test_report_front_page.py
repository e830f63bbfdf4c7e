"""The Making Data Count front page: matrix, what changed, key messages, one row per metric."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from pmaf_lib.report.sections.key_messages import (
    KeyMessages,
    generated_messages,
    officer_messages,
)
from pmaf_lib.report.sections.mdc_matrix import mdc_matrix, mdc_sentence, mdc_summary_table
from pmaf_lib.report.sections.summary import front_page_section
from pmaf_lib.report.sections.what_changed import changes_since, what_changed_block
from tests.report import fakes
from tests.report.html_probe import probe


def _cell_text(html: str, variation: str, assurance: str) -> str:
    """Text of the matrix cell in the row headed ``variation`` under ``assurance``."""
    page = probe(html)
    headers = [e.text.strip() for e in page.find("th") if e.attrs.get("scope") == "col"]
    column = headers.index(f"Assurance: {assurance}") - 1
    for row in page.find("tr"):
        if variation in row.text.split("\n")[0][:40]:
            cells = re.split(r"(?=\d+ metrics?)", row.text)
            return cells[column + 1]
    raise AssertionError(f"no row {variation}")


def test_matrix_counts_and_links_each_metric_in_its_variation_and_assurance_cell(evaluation):
    html = mdc_matrix(evaluation.scorecard)
    page = probe(html)
    caption = page.find("caption")[0].text
    assert "variation" in caption and "assurance" in caption and "3 metrics" in caption
    links = {e.attrs["href"]: e.text for e in page.find("a")}
    assert links == {
        "#mdc-clm01": "CLM01 Days to process new claims",
        "#mdc-col01": "COL01 Council tax collected",
        "#mdc-pop01": "POP01 Households in temporary accommodation",
    }
    assert "CLM01" in _cell_text(html, "Concern", "Inconsistent")
    assert "COL01" in _cell_text(html, "Improvement", "Pass")
    assert "POP01" in _cell_text(html, "Common cause", "Not assessed")
    # the worst cell (concern x fail) is the first data cell, and it is empty here
    first_row = [e for e in page.find("td")][:4]
    assert first_row[0].text.strip() == "0 metrics"


def _cell_of(count: int, variation: str = "common_cause") -> pd.DataFrame:
    """``count`` metrics, all of one SPC variation and failing their target."""
    return pd.DataFrame(
        [
            fakes.scorecard_row(
                f"M{i:02d}", spc_variation=variation, spc_assurance="consistent_fail"
            )
            for i in range(1, count + 1)
        ]
    )


def test_a_cell_of_up_to_twelve_metrics_names_them_all():
    page = probe(mdc_matrix(_cell_of(12)))
    assert not page.find("details")
    assert len(page.find("a")) == 12


def test_a_concern_cell_names_every_metric_however_many():
    page = probe(mdc_matrix(_cell_of(40, "concern_high")))
    assert not page.find("details")
    assert len(page.find("a")) == 40


def test_a_cell_of_more_metrics_folds_their_names_and_keeps_every_link():
    html = mdc_matrix(_cell_of(13))
    page = probe(html)
    common_fail = page.find("td")[8]  # third row (common cause), first column (fail)
    assert common_fail.text.strip().startswith("13 metrics")
    fold = page.find("details")
    assert len(fold) == 1 and fold[0].attrs["class"] == "pmaf-mdc__more"
    assert page.find("summary")[0].text.startswith("Names of the 13 metrics")
    folded = probe(html[html.index("<details") : html.index("</details>")])
    assert [a.attrs["href"] for a in folded.find("a")] == [f"#mdc-m{i:02d}" for i in range(1, 14)]


def test_every_matrix_link_has_a_target_in_the_per_metric_table(evaluation):
    matrix = probe(mdc_matrix(evaluation.scorecard))
    table = probe(mdc_summary_table(evaluation.scorecard, evaluation.history))
    ids = {e.attrs.get("id") for e in table.elements if e.attrs.get("id")}
    assert {a.attrs["href"][1:] for a in matrix.find("a")} <= ids


def test_per_metric_row_has_sparkline_with_limits_and_target_and_a_plain_sentence(evaluation):
    html = mdc_summary_table(evaluation.scorecard, evaluation.history)
    page = probe(html)
    svgs = page.find("svg")
    assert len(svgs) == 3
    assert all("process limits" in s.attrs["aria-label"] for s in svgs)
    assert len(page.find("rect")) == 3  # the limit band
    assert "23.4 days in Sep 2025 against a target of 20.0 days" in page.text
    row = fakes.scorecard_row(spc_assurance="consistent_fail")
    assert mdc_sentence(row) == (
        "It is getting worse beyond its normal variation and will consistently miss its "
        "target unless the process changes."
    )
    no_target = fakes.scorecard_row(spc_variation="common_cause", spc_assurance=None, target=None)
    assert mdc_sentence(no_target) == "It is varying within its normal range; it has no target."


def _month_before(evaluation: fakes.FakeEvaluation) -> fakes.FakeEvaluation:
    card = evaluation.scorecard.copy()
    clm = card["metric_id"] == "CLM01"
    card.loc[clm, ["rag", "spc_variation", "is_exception"]] = ["Amber", "common_cause", False]
    col = card["metric_id"] == "COL01"
    card.loc[col, ["spc_assurance", "is_exception"]] = ["inconsistent", True]
    ms = evaluation.milestones.copy()
    ms.loc[ms["milestone_id"] == "1.1.1.1", ["status"]] = "on track"
    ms.loc[ms["milestone_id"] == "1.1.1.2", "effective_due"] = pd.Timestamp("2025-10-31")
    ms.loc[ms["milestone_id"] == "2.1.1.1", "status"] = "at risk"
    return dataclasses.replace(evaluation, scorecard=card, milestones=ms)


def _changes_since_the_month_before(evaluation: fakes.FakeEvaluation):
    """The month (CLM01 a new act-now exception) and its changes since :func:`_month_before`."""
    before = _month_before(evaluation)
    card = evaluation.scorecard.copy()
    card.loc[card["metric_id"] == "CLM01", "exception_tier"] = "act now"
    evaluation = dataclasses.replace(evaluation, scorecard=card)
    changes = changes_since(
        (before.scorecard, before.milestones), (evaluation.scorecard, evaluation.milestones)
    )
    return evaluation, changes


def test_what_changed_lists_status_signal_assurance_exception_and_milestone_changes(evaluation):
    evaluation, changes = _changes_since_the_month_before(evaluation)
    found = {(c.kind, c.item.split()[0], c.detail) for c in changes}
    assert found == {
        (
            "New exceptions",
            "CLM01",
            "act now: Red against target, special cause concern on the latest point",
        ),
        ("Status changes", "CLM01", "Amber to Red"),
        ("SPC signal changes", "CLM01", "Common cause to concern"),
        ("Exceptions that cleared", "COL01", "no longer an exception"),
        ("Assurance changes", "COL01", "Inconsistent to pass"),
        ("Milestones slipped", "1.1.1.1", "on track to overdue"),
        ("Milestones slipped", "1.1.1.2", "due date moved from 31 Oct 2025 to 31 Dec 2025"),
        ("Milestones completed", "2.1.1.1", "completed"),
    }
    html = what_changed_block(changes, "2025-08")
    page = probe(html)
    assert page.find("h3")[0].text == "What changed since Aug 2025"
    assert "New exceptions (1)" in [h.text for h in page.find("h4")]
    assert {a.attrs["href"] for a in page.find("a")} == {"#mdc-clm01", "#mdc-col01"}


def test_no_previous_month_says_so():
    assert "no previous month" in what_changed_block(None, None)


def test_generated_key_messages_agree_with_the_figures(evaluation):
    evaluation, changes = _changes_since_the_month_before(evaluation)
    messages = generated_messages(evaluation.scorecard, evaluation.milestones, changes)
    assert 3 <= len(messages) <= 5
    assert messages[0] == (
        "Of 3 metrics, 1 is Red against target and 1 need the board's attention as exceptions."
    )
    assert "Since last month: 1 new exception; 1 exception cleared." in messages
    assert "Improving beyond normal variation: COL01 Council tax collected." in messages
    assert messages[-1] == "Of 3 milestones, 1 is overdue and 0 at risk."


def test_an_improving_exception_is_never_praised_alone(evaluation):
    """Improving beyond normal variation but still an exception (ASC03 in the sample: improving
    and Red): the key message names it apart from the clear improvements."""
    card = evaluation.scorecard.copy()
    card.loc[card["metric_id"] == "CLM01", "spc_variation"] = "improvement_low"
    messages = generated_messages(card, evaluation.milestones, None)
    improving = [m for m in messages if "mprov" in m]
    assert improving == [
        "Improving beyond normal variation: COL01 Council tax collected; "
        "improving, but still exceptions: CLM01 Days to process new claims."
    ]


def test_officer_key_messages_replace_the_generated_ones(evaluation):
    overrides = pd.DataFrame(
        {
            "period": ["2025-09", "2025-09"],
            "report": ["all", "directorate:RES"],
            "message": ["Council-wide message.", "Resources is recovering <b>well</b>."],
        }
    )
    assert officer_messages(overrides, "2025-09", "directorate:RES") == [
        "Resources is recovering <b>well</b>."
    ]
    assert officer_messages(overrides, "2025-09", "corporate_summary") == ["Council-wide message."]
    assert officer_messages(overrides, "2025-10", "corporate_summary") == []
    page = front_page_section(
        evaluation.scorecard,
        evaluation.milestones,
        evaluation.history,
        None,
        None,
        KeyMessages(("Resources is recovering <b>well</b>.",), True),
    )
    assert "Resources is recovering &lt;b&gt;well&lt;/b&gt;." in page
    assert "Written by the responsible officer." in page


def test_no_change_reads_as_words_not_zeros(evaluation):
    messages = generated_messages(evaluation.scorecard, evaluation.milestones, [])
    assert "Since last month: no new exceptions; none cleared." in messages
    assert not any("0 new" in m for m in messages)


def test_front_page_headings_in_order(evaluation):
    html = front_page_section(
        evaluation.scorecard,
        evaluation.milestones,
        evaluation.history,
        [],
        "2025-08",
        KeyMessages(("One.", "Two.", "Three."), False),
    )
    page = probe(html)
    assert [h.text for h in page.find("h3")] == [
        "Key messages",
        "Making Data Count summary",
        "What changed since Aug 2025",
        "Each metric at a glance",
    ]
    assert page.heading_levels() == [2, 3, 3, 3, 3]
