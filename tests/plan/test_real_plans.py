"""Real councils' plans, encoded as they are written (fixtures/<council>/README.md names the
seed each comes from; metrics and returns there are synthetic), validate and show in reports:
descriptions, action texts, both joint leads, dates as plans write them, the council's words."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from pmaf_lib.plan import validate_data
from pmaf_lib.report import documents as doc
from pmaf_lib.report.context import ReportContext, load_context
from pmaf_lib.run.upstream import whole_plan_reports

FIXTURES = Path(__file__).parent / "fixtures"
COUNCILS = ("barking_dagenham", "kensington_chelsea", "thurrock")


def text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def contexts() -> dict[str, ReportContext]:
    return {name: load_context(FIXTURES / name) for name in COUNCILS}


def plan_view(ctx: ReportContext, kind: str, scope_id: str) -> str:
    return text(doc.scope_plan(ctx, doc.scope_details(ctx, kind, scope_id)))


@pytest.mark.parametrize("council", COUNCILS)
def test_the_plans_validate_without_a_problem(council: str) -> None:
    report = validate_data(FIXTURES / council)
    assert report.ok, report.to_text()
    assert report.problems == ()


def test_kensington_and_chelsea_actions_with_joint_lead_officers(
    contexts: dict[str, ReportContext],
) -> None:
    ctx = contexts["kensington_chelsea"]
    priority = plan_view(ctx, "priority", "4")
    assert "Getting the basics right and acting on the things" in priority  # priority text
    assert "Area 4B: Involving residents in decision making" in priority  # the council's words
    assert "Activity 4.4 Deployment of a new Enterprise Resource Planing system." in priority
    assert "The planned implementation date is October 2024." in priority  # "how we will get there"
    assert "4.4.1 New system implemented (due Oct 2024)" in priority
    assert "4.1.1 Delivery plan in place (no date set)" in priority  # TBC
    assert "4.3.1 New action plan in place (due 2023)" not in priority
    assert "4.3.1 New action plan in place (due 2024)" in priority  # a year, unquoted
    assert "Milestones no milestones set" in priority  # 4.5 has none and is still shown
    capital = plan_view(ctx, "portfolio", "LM-FCS")
    assert "Activity 4.10 Capital programme." in capital
    assert (
        "Lead Officer Executive Director for Resources and Executive Director for Housing and "
        "Social Investment" in capital
    )
    assert "Activity 4.4" not in capital  # another Lead Member's action


def test_barking_and_dagenham_themes_and_joint_portfolios(
    contexts: dict[str, ReportContext],
) -> None:
    ctx = contexts["barking_dagenham"]
    growth = plan_view(ctx, "priority", "IG")
    assert "By Inclusive Growth we mean: Harnessing the growth opportunity" in growth
    assert "Priority area IG1: Homes: For local people and other working Londoners" in growth
    assert "Sub-theme IG1.3: Tackling homelessness No actions listed." in growth
    assert "No metric measures this sub-theme." in growth
    assert "IG1.1.1.1 At least 2,000 new affordable homes completed (due 2023)" in growth
    social_value = "Action WRO.1.2 Approve an ambitious new Social Value policy for the Council"
    for portfolio in ("PF-FINANCE", "PF-ESA"):  # Cllr Twomey's and Cllr Bright's reports
        view = plan_view(ctx, "portfolio", portfolio)
        assert social_value in view
        assert (
            "Lead Member Cllr Dominic Twomey (Finance, Performance & Core Services) and Cllr "
            "Sade Bright (Employment, Skills and Aspiration)" in view
        )
    assert social_value not in plan_view(ctx, "portfolio", "PF-REGEN")
    carbon = plan_view(ctx, "portfolio", "PF-PUBLIC-REALM")
    assert re.search(r"SYN-BD02 Council carbon emissions \(synthetic\): [\d,]+ tCO2e", carbon)


def test_corporate_summary_opens_with_the_vision_and_leaves_out_empty_views(
    contexts: dict[str, ReportContext],
) -> None:
    ctx = contexts["barking_dagenham"]
    vision = text(doc.corporate_vision(ctx))
    assert "Our vision A place that people want to live, work, study and stay." in vision
    assert "Empower through participation" in vision
    assert doc.corporate_lenses(ctx) == "" and doc.corporate_equality(ctx) == ""
    assert whole_plan_reports(ctx.council) == ("corporate_summary",)  # no Directions appendix
    matrix = text(doc.corporate_status_matrix(ctx))
    assert "Metric status by portfolio" in matrix
    assert "directorate" not in matrix.lower() and "()" not in matrix  # it has no directorates
    thurrock = contexts["thurrock"]
    assert "by the council's 5 balanced-scorecard lenses" in text(doc.corporate_lenses(thurrock))
    assert doc.corporate_vision(thurrock) == ""


def test_thurrock_priorities_are_outcomes_in_its_own_words(
    contexts: dict[str, ReportContext],
) -> None:
    ctx = contexts["thurrock"]
    details = doc.scope_details(ctx, "priority", "1")
    assert details.label == "Theme 1: Improving and Enabling"
    view = plan_view(ctx, "priority", "1")
    assert "Priority 1.2: Modernise and digitise services" in view
    assert "Deliverable 1.2.4 Prepare for new a Strategic Authority" in view
    assert view.count("no milestones set") == 11


def test_targets_as_the_plans_set_them(contexts: dict[str, ReportContext]) -> None:
    card = contexts["barking_dagenham"].evaluation.scorecard.set_index("metric_id")
    homes = card.loc["SYN-BD03"]  # ~3,000 homes over the two years, counted from April 2020
    assert (homes["current_period"], homes["value"]) == ("2021/22 Q2", 2320)
    assert homes["target"] == pytest.approx(3000 * 18 / 24)  # on the line to 3,000 by Mar 2022
    assert homes["rag"] == "Green"
    carbon = card.loc["SYN-BD02"]  # "decrease" over 2020/21-2021/22, against a year earlier
    assert (carbon["target_direction"], carbon["target"], carbon["value"]) == (
        "decrease",
        3620,
        3380,
    )
    assert carbon["rag"] == "Green"
    thurrock = contexts["thurrock"]
    spend = text(doc.scope_plan(thurrock, doc.scope_details(thurrock, "priority", "1")))
    assert (
        "SYN-TH03 Spend against budget (synthetic): 101.5% in Jul-Sep 2025 (2025/26 Q2) "
        "against a target band of 98.0% to 102.0%" in spend
    )
    history = thurrock.evaluation.history
    assert history.loc[history["metric_id"] == "SYN-TH01", "period"].min() == "2022-04"


def test_a_plan_without_metrics_or_updates_validates_and_reports(tmp_path: Path) -> None:
    for name in ("plan.yaml", "reference.yaml"):  # no metrics, targets, returns or updates yet
        shutil.copy(FIXTURES / "kensington_chelsea" / name, tmp_path / name)
    assert validate_data(tmp_path).problems == ()
    ctx = load_context(tmp_path, "2024-03")
    view = plan_view(ctx, "portfolio", "LM-FCS")
    assert "Activity 4.10 Capital programme." in view
    assert "No metric measures this area." in view
    milestones = text(doc.scope_milestones(ctx, doc.scope_details(ctx, "priority", "4")))
    assert "Activities and milestones" in milestones
    # overdue only once the stated month, quarter or year has ended: as at 31 March 2024,
    # May 2023, 2023-09, 2023/24 Q3 and 2023 have; 2023/24, 2024, October 2024 and TBC have not
    assert "Milestones overdue or at risk: 4 milestones" in milestones
    assert "4.11.1 Strategy reviewed by the Leadership Team ✖ Overdue 2023 – 91 days" in milestones


def test_problems_use_the_councils_words_and_name_the_id_for_a_name(tmp_path: Path) -> None:
    data = tmp_path / "bd"
    shutil.copytree(FIXTURES / "barking_dagenham", data)
    metrics = data / "metrics.csv"
    metrics.write_text(metrics.read_text().replace(",IG2.2,", ",IG2.9,"))
    plan = data / "plan.yaml"
    plan.write_text(
        plan.read_text().replace("portfolio: PF-ESA\n", "portfolio: Cllr Sade Bright\n")
    )
    problems = validate_data(data).to_text()
    assert "'IG2.9' is not a sub-theme (outcome) in plan.yaml" in problems
    assert "did you mean 'IG2.2'?" in problems
    assert (
        "deliverables[0].portfolio: 'Cllr Sade Bright' is not in the portfolios list of "
        "reference.yaml (expected the id PF-ESA: 'Cllr Sade Bright' is the Lead Member of "
        "portfolio PF-ESA)" in problems
    )
