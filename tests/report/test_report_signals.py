import pytest

from pmaf_lib.indicators.labels import (
    Assurance,
    Judgement,
    MilestoneState,
    PointType,
    Rag,
    Travel,
    Variation,
)
from pmaf_lib.report import signals


def test_rag_words_are_the_engines():
    assert signals.rag_key("Green") is Rag.GREEN
    assert signals.rag_key(" Red ") is Rag.RED
    assert signals.rag_key("not due") is Rag.NOT_DUE
    assert signals.rag_key(None) is Rag.NO_DATA
    # a word the engine never writes is not guessed at
    assert signals.rag_key("green") is Rag.NO_DATA
    assert signals.travel_key("improving") is Travel.IMPROVING
    assert signals.travel_key("improved a lot") is Travel.NO_COMPARISON


@pytest.mark.parametrize(
    ("icon", "kind", "side"),
    [
        ("concern_high", "concern", "high"),
        ("concern_low", "concern", "low"),
        ("improvement_low", "improvement", "low"),
        ("neutral_high", "neutral", "high"),
        ("common_cause", "common", None),
        (None, "none", None),
        # the old substring reading took any text naming a category; no more
        ("special cause concern (high)", "none", None),
    ],
)
def test_variation_is_the_engines_icon(icon, kind, side):
    variation = signals.variation_of(icon)
    assert (variation.kind, variation.side) == (kind, side)


def test_every_engine_word_has_a_report_key():
    assert {signals.variation_of(v).kind for v in Variation} == {
        "common",
        "improvement",
        "concern",
        "neutral",
    }
    assert {signals.assurance_key(a) for a in Assurance} == {"pass", "fail", "inconsistent"}
    assert {signals.point_category(p) for p in PointType} == {
        "common",
        "improvement",
        "concern",
        "neutral",
    }
    assert {signals.milestone_key(m) for m in MilestoneState} == set(MilestoneState)
    assert signals.assurance_key("consistently pass") == "none"
    assert signals.judgement_key("no assurance") is Judgement.NO_ASSURANCE
    assert signals.judgement_key(None) is None


def test_list_cells_read_as_tuples():
    assert signals.as_tuple("EO1; EO3") == ("EO1", "EO3")
    assert signals.as_tuple(("D1", None)) == ("D1",)
    assert signals.as_tuple(None) == ()
