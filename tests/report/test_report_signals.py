from pmaf_lib.report import signals


def test_rag_words_are_canonical():
    assert signals.rag_key("green") == "Green"
    assert signals.rag_key(" RED ") == "Red"
    assert signals.rag_key("No target") == "no target"
    assert signals.rag_key(None) == "no data"
    assert signals.rag_key("not due") == "not due"


def test_variation_reads_engine_labels_and_infers_side_from_polarity():
    assert signals.variation_of("special cause concern (high)").side == "high"
    concern = signals.variation_of("special cause concern", "higher")
    assert (concern.kind, concern.side) == ("concern", "low")
    assert signals.variation_of("Special Cause Improvement", "lower").side == "low"
    assert signals.variation_of("common cause").kind == "common"
    assert signals.variation_of(None).kind == "none"


def test_assurance_and_milestones():
    assert signals.assurance_key("consistently pass") == "pass"
    assert signals.assurance_key("consistently fail") == "fail"
    assert signals.assurance_key("hit and miss") == "inconsistent"
    assert signals.assurance_key(None) == "none"
    assert signals.milestone_key("off track") == "at risk"
    assert signals.judgement_key("No assurance") == "no assurance"


def test_point_category_named_or_from_rule_and_side():
    assert signals.point_category(None, "special cause concern", True, "lower") == "concern"
    assert signals.point_category("shift", None, True, "higher") == "improvement"
    assert signals.point_category("shift", None, True, "lower") == "concern"
    assert signals.point_category("shift", None, True, "none") == "neutral"
    assert signals.point_category(None, "common cause", False, "higher") == "common"


def test_list_cells_read_as_tuples():
    assert signals.as_tuple("EO1; EO3") == ("EO1", "EO3")
    assert signals.as_tuple(("D1", None)) == ("D1",)
    assert signals.as_tuple(None) == ()
