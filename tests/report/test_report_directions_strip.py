"""The Directions appendix's month-by-month strip of judgements and overdue milestones."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.report.sections import judgement_strip_section
from tests.report.html_probe import probe


def _month(judgements: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "direction_id": ["D1", "D2"],
            "title": ["Best value duty", "Governance"],
            "judgement": [j for j, _ in judgements],
            "rule_judgement": [r for _, r in judgements],
        }
    )


def test_strip_shows_each_months_judgement_and_marks_only_real_overrides(evaluation):
    milestones = evaluation.milestones  # 1.1.1.1 is overdue and evidences D1
    months = [
        ("2025-07", _month([("limited", "limited"), ("reasonable", "reasonable")]), milestones),
        ("2025-08", _month([("limited", "reasonable"), ("reasonable", "reasonable")]), milestones),
        ("2025-09", _month([("no assurance", "no assurance"), ("substantial", "substantial")]),
         milestones.iloc[0:0].assign(directions=[])),
    ]  # fmt: skip
    page = probe(judgement_strip_section(months))
    captions = [c.text for c in page.find("caption")]
    assert captions == [
        "Assurance judgement for each Direction, Jul 2025 to Sep 2025",
        "Overdue milestones evidencing each Direction, Jul 2025 to Sep 2025: number of milestones",
    ]
    rows = [r.text for r in page.find("tr")]
    d1 = next(r for r in rows if r.startswith("D1 Best value duty") and "Limited" in r)
    assert "Limited (overridden)" in d1 and d1.count("(overridden)") == 1
    assert "No assurance" in d1
    overdue = next(r for r in rows if r.startswith("D1 Best value duty") and "Limited" not in r)
    assert overdue.replace("D1 Best value duty", "") == "110"
