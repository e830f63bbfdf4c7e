"""One vocabulary: the engine writes only words of ``labels``, and rounds as the report shows."""

from __future__ import annotations

import numpy as np
import pytest

from pmaf_lib.indicators.labels import (
    Assurance,
    Judgement,
    PointType,
    Rag,
    SpecialCause,
    Travel,
    Variation,
    round_half_up,
    words,
)
from pmaf_lib.indicators.rag import rag
from pmaf_lib.plan.model import AssuranceJudgement
from pmaf_lib.report.formatting import format_value


def test_members_are_their_words() -> None:
    assert Rag.GREEN == "Green" and f"{Travel.NO_CHANGE}" == "no change"
    assert words(Assurance) == ("consistent_pass", "consistent_fail", "inconsistent")


def test_direction_judgements_match_what_officers_may_type() -> None:
    assert set(words(Judgement)) == set(words(AssuranceJudgement))


def test_engine_writes_only_vocabulary_words(sample_evaluation) -> None:
    card = sample_evaluation.scorecard
    assert set(card["rag"]) <= set(words(Rag))
    assert set(card["dot_previous"]) <= set(words(Travel))
    assert set(card["spc_variation"].dropna()) <= set(words(Variation))
    assert set(card["spc_assurance"].dropna()) <= set(words(Assurance))
    assert set(card["spc_point_type"].dropna()) <= set(words(PointType))
    assert set(sample_evaluation.history["special_cause_type"].dropna()) <= set(words(SpecialCause))
    assert set(sample_evaluation.directions["judgement"]) <= set(words(Judgement))


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [(92.25, 1, "92.3%"), (0.125, 2, "0.13%"), (-2.5, 0, "-3%"), (92.35, 1, "92.4%")],
)
def test_display_rounds_half_up_like_the_judgement(value: float, decimals: int, shown: str) -> None:
    assert format_value(value, "percent", decimals) == shown
    assert float(round_half_up(value, decimals)) == float(shown.rstrip("%"))


def test_a_figure_shown_on_target_is_green() -> None:
    """92.25 against a 92.3 target prints 92.3% and is Green: the figure agrees with the badge."""
    values = np.array([92.25, 92.24, 92.2])
    status, _ = rag(values, np.full(3, 92.3), np.zeros(3), "relative", "higher", 1)
    shown = [format_value(v, "percent", 1) for v in values]
    assert list(status) == ["Green", "Red", "Red"]
    assert shown == ["92.3%", "92.2%", "92.2%"]
    for text, colour in zip(shown, status, strict=True):
        assert (float(text.rstrip("%")) >= 92.3) == (colour == "Green")
