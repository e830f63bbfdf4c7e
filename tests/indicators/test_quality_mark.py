"""The four-part data-quality mark: each part from the flags it rests on (and the register for
process), shown as a shape with an accessible name plus text, rolled up per Direction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmaf_lib.indicators import evaluate
from pmaf_lib.indicators.quality import mark
from pmaf_lib.plan import load_council
from pmaf_lib.report.sections import data_quality
from tests.plan.editing import set_cell


def _flags(**on: list[bool]) -> dict[str, np.ndarray]:
    names = ("missing", "late", "estimated", "provisional", "revised", "gap", "outlier")
    return {n: np.array(on.get(n, [False, False, False])) for n in names}


def test_each_part_rests_on_its_own_flags_and_process_on_the_register() -> None:
    metrics = pd.DataFrame({"definition": ["Days from claim", "", "Tonnes"],
                            "owner": ["OFF-01", "OFF-02", None]})  # fmt: skip
    result = mark(
        _flags(late=[True, False, False], gap=[False, True, False], revised=[False, True, False]),
        metrics,
    )
    assert list(result["dq_timeliness"]) == [False, True, True]
    assert list(result["dq_completeness"]) == [True, False, True]
    assert list(result["dq_validity"]) == [True, False, True]
    assert list(result["dq_process"]) == [True, False, False]  # blank definition; no owner
    assert list(result["dq_sufficient"]) == [3, 1, 3]
    missing = mark(_flags(missing=[True, False, False]), metrics.iloc[:1].reindex([0, 0, 0]))
    assert (missing["dq_timeliness"][0], missing["dq_completeness"][0]) == (False, False)


def test_the_scorecard_carries_the_mark_a_metric_with_no_owner_fails_process(mini: Path) -> None:
    set_cell(mini / "metrics.csv", 3, "owner", "")  # HB01 (a definition is required)
    card = evaluate(load_council(mini), "2025-06").scorecard.set_index("metric_id")
    assert not card.loc["HB01", "dq_process"] and card.loc["FT01", "dq_process"]
    assert card.loc["HB01", "dq_sufficient"] == sum(
        bool(card.loc["HB01", f"dq_{p}"]) for p in ("timeliness", "completeness", "validity")
    )


def _row(**parts: bool) -> dict[str, object]:
    row: dict[str, object] = {f"dq_{p}": True for p in data_quality.PARTS}
    row.update({f"dq_{p}": v for p, v in parts.items()})
    row["dq_flags"] = ("provisional",) if not parts.get("validity", True) else ()
    return row


def test_the_mark_is_a_named_shape_with_text_never_colour_alone() -> None:
    row = _row(validity=False)
    shape = str(data_quality.shape(row))
    assert 'role="img"' in shape
    assert 'aria-label="Data quality: 3 of 4 sufficient; not: validity (provisional)"' in shape
    assert shape.count("<path") == 4 and shape.count('fill="#FFFFFF"') == 1  # one open quarter
    assert str(data_quality.cell(row)).endswith("3 of 4: not validity")
    detail = str(data_quality.detail(row))
    assert "3 of 4 sufficient. Timeliness: sufficient; Completeness: sufficient; " in detail
    assert "Validity: not sufficient (provisional); Process: sufficient." in detail


def test_a_directions_evidence_is_rolled_up() -> None:
    metrics = pd.DataFrame([_row(), _row(validity=False), _row(timeliness=False, validity=False)])
    assert data_quality.rollup(metrics) == (
        "1 of 3 metrics sufficient on all four parts (not sufficient: timeliness 1, validity 2)"
    )
    assert data_quality.rollup(pd.DataFrame([_row()])) == (
        "1 of 1 metric sufficient on all four parts"
    )


@pytest.mark.parametrize("council", ["barking_dagenham", "kensington_chelsea", "thurrock"])
def test_real_plans_without_the_optional_columns_are_judged(council: str) -> None:
    """The seeds' plans have no recovery columns, trajectories or data owners: they load,
    nothing is planned, and the process part says the register names no owner."""
    loaded = load_council(Path(__file__).resolve().parents[1] / "plan" / "fixtures" / council)
    month = {"barking_dagenham": "2021-09", "kensington_chelsea": "2024-09", "thurrock": "2025-09"}
    card = evaluate(loaded, month[council]).scorecard
    assert loaded.trajectories.empty and loaded.key_messages.empty
    assert card["trajectory_standing"].isna().all() and card["impact"].isna().all()
    assert not card["dq_process"].any()  # the plans record no data owner
    assert (card["dq_sufficient"] <= 3).all()
