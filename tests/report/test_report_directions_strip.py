"""The Directions appendix's month-by-month strip of judgements and overdue milestones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pmaf_lib.indicators import Evaluation, evaluate
from pmaf_lib.plan import Council, load_council
from pmaf_lib.report import documents as doc
from pmaf_lib.report.context import load_context, prepare_inputs, write_inputs
from pmaf_lib.report.sections import judgement_strip_section
from tests.report.conftest import SAMPLE
from tests.report.html_probe import probe

FIXTURES = Path(__file__).parents[1] / "plan" / "fixtures"


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


@pytest.mark.parametrize(
    ("data_dir", "auto_rebase", "earlier_months"),
    [
        (SAMPLE, False, 4),
        (SAMPLE, True, 4),  # in Aug 2026 one more SPC concern than without the rebases
        (FIXTURES / "mini", False, 4),
        (FIXTURES / "thurrock", False, 4),
    ],
    ids=["sample", "sample, auto_rebase", "mini (officer overrides)", "thurrock (no Directions)"],
)
def test_strip_from_the_directions_evidence_is_the_whole_councils(
    data_dir: Path,
    auto_rebase: bool,
    earlier_months: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Earlier months are evaluated on the metrics and milestones tagged with a Direction
    only, as the run evaluated its month (``auto_rebase``): the strip, every Direction's
    evidence counts, judgement and reason, and the overdue milestones are those of evaluating
    the whole council month by month."""
    inputs = tmp_path / "inputs.pickle"
    write_inputs(prepare_inputs(load_council(data_dir), "latest", auto_rebase), inputs)
    ctx = load_context(data_dir, evaluation_cache=inputs)
    fast: dict[str, Evaluation] = {}
    whole: dict[str, Evaluation] = {}

    def record(into: dict[str, Evaluation], evaluator: Callable[..., Evaluation]) -> Callable:
        def evaluated(council: Council, period: str, rebase: bool = False) -> Evaluation:
            into[period] = evaluator(council, period, rebase)
            return into[period]

        return evaluated

    monkeypatch.setattr(doc, "evaluate_directions", record(fast, doc.evaluate_directions))
    strip = str(doc.directions_over_time(ctx))

    def whole_council(council: Council, period: str, _: bool) -> Evaluation:
        return evaluate(council, period, auto_rebase)  # as the run did, whatever is passed on

    monkeypatch.setattr(doc, "evaluate_directions", record(whole, whole_council))
    assert str(doc.directions_over_time(ctx)) == strip
    assert len(whole) == earlier_months and fast.keys() == whole.keys()
    for period, evaluation in whole.items():
        pd.testing.assert_frame_equal(fast[period].directions, evaluation.directions)
        tagged = evaluation.milestones.set_index("milestone_id").loc[
            fast[period].milestones["milestone_id"], "status"
        ]
        assert list(tagged) == list(fast[period].milestones["status"])
        judged = ["metric_id", "current_period", "rag", "spc_point_type", "spc_assurance"]
        card = fast[period].scorecard[judged].astype(object)
        assert len(card) == evaluation.scorecard["directions"].map(bool).sum()
        everything = evaluation.scorecard.set_index("metric_id", drop=False)[judged]
        assert (
            card.values.tolist() == everything.loc[card["metric_id"]].astype(object).values.tolist()
        )
    if len(ctx.evaluation.directions):
        assert "Assurance judgement for each Direction" in strip
