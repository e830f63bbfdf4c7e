"""What an analyst gets in JupyterLab: the frames behind the report, and self-styled outputs."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from pmaf_lib.report import documents as doc
from pmaf_lib.report.context import ReportContext, ReportInputs
from pmaf_lib.report.sections import Names
from tests.report import fakes


def _context(evaluation: fakes.FakeEvaluation, self_styled: bool) -> ReportContext:
    council = SimpleNamespace(
        values=pd.DataFrame({"period": ["2025-09"], "submitted_on": [pd.Timestamp("2025-10-08")]})
    )
    month = SimpleNamespace(**vars(evaluation), period="2025-09", directions=pd.DataFrame())
    return ReportContext(
        inputs=ReportInputs(council=council, evaluation=month, previous=None),
        names=Names(),
        council_name="Borough of Ashdown",
        classification="OFFICIAL",
        audience="internal",
        self_styled=self_styled,
    )


def test_the_frames_behind_the_report_are_on_the_context(evaluation):
    ctx = _context(evaluation, self_styled=True)
    assert ctx.scorecard is evaluation.scorecard
    assert ctx.history is evaluation.history
    assert ctx.milestones is evaluation.milestones
    assert ctx.previous is None


def test_by_hand_the_cover_carries_the_stylesheet_and_in_a_run_it_does_not(evaluation):
    by_hand = doc.corporate_cover(_context(evaluation, self_styled=True))
    assert by_hand.startswith("<style>") and ".pmaf-badge--red" in by_hand
    assert "<h1>Corporate performance summary</h1>" in by_hand
    in_run = doc.corporate_cover(_context(evaluation, self_styled=False))
    assert "<style>" not in in_run and "<h1>Corporate performance summary</h1>" in in_run
